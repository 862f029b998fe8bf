"""Render answers for a terminal: JSON, or plain tables (``tabulate``, ``simple`` format).

Lists of any kind show the columns ``columns`` picks from the model's declared fields; ``details``
shows every field of one object; values that are not one word are written compactly.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TextIO

from tabulate import tabulate

from ..cloud.servers import Server
from ..typed.actions import Action
from ..typed.models import Model, declared_fields
from .parameters import union_members

TABLE_FORMAT = "simple"
SERVER_COLUMNS = ("id", "name", "status", "type", "location", "ipv4", "labels")
ACTION_COLUMNS = ("name", "action", "command", "status")
MOST_COLUMNS = 8  # id, the shown fields and other one-word fields, then labels
WIDEST_CELL = 48  # characters of a list's cell; ``show`` writes values whole
ONE_WORD = (str, int, float, bool, datetime)


def print_json(value: Any, out: TextIO) -> None:
    """Write ``value`` as indented JSON; write nothing for ``None``."""
    if value is not None:
        out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def table(rows: Iterable[Sequence[Any]], headers: Sequence[str] = ()) -> str:
    """Lay rows out as a plain table, every cell as text."""
    return tabulate(rows, headers=headers, tablefmt=TABLE_FORMAT, disable_numparse=True)


def format_labels(labels: Mapping[str, str] | None) -> str:
    """Write labels as ``--label`` takes them, comma-separated: ``env=prod,tier=web``."""
    return ",".join(f"{key}={value}" for key, value in (labels or {}).items())


def servers_table(servers: Iterable[Server]) -> str:
    """One row per server: id, name, status, type, location, ipv4, labels."""
    rows = [
        (
            server.id,
            server.name,
            server.status,
            server.server_type.name,
            server.location.name,
            server.ipv4,
            format_labels(server.labels),
        )
        for server in servers
    ]
    return table(rows, SERVER_COLUMNS)


def server_details(server: Server, extra: Iterable[tuple[str, Any]] = ()) -> str:
    """The main fields of one server, one per line, then the ``extra`` rows."""
    kind = server.server_type
    location = server.location
    protected = [what for what, on in (server.protection or {}).items() if on]
    rows: list[tuple[str, Any]] = [
        ("id", server.id),
        ("name", server.name),
        ("status", server.status),
        ("created", server.created.isoformat() if server.created else None),
        ("type", f"{kind.name} ({kind.cores} cores, {kind.memory:g} GB RAM, {kind.disk} GB disk)"),
        ("location", f"{location.name} ({location.city}, {location.country})"),
        ("image", (server.image.name or server.image.description) if server.image else None),
        ("ipv4", server.ipv4),
        ("ipv6", server.ipv6),
        ("private ips", ", ".join(net.get("ip", "") for net in server.private_net or [])),
        ("floating ips", cell((server.public_net or {}).get("floating_ips"))),
        ("firewalls", cell([f["id"] for f in (server.public_net or {}).get("firewalls") or []])),
        ("volumes", cell(server.volumes)),
        ("labels", format_labels(server.labels)),
        ("protection", ", ".join(protected) or "none"),
        ("rescue", "enabled" if server.rescue_enabled else "disabled"),
        ("locked", "yes" if server.locked else "no"),
        ("backup window", server.backup_window or "no backups"),
        *extra,
    ]
    return table(rows)


def columns(model: type[Model]) -> list[str]:
    """The columns of a list of ``model``: id, the fields its repr shows, its other fields of
    one word (or naming one object) in declaration order, and labels last; at most
    ``MOST_COLUMNS``."""
    hints = typing.get_type_hints(model)
    fields = declared_fields(model)
    one_word = [
        name
        for name in fields
        if all(
            member in ONE_WORD or (isinstance(member, type) and issubclass(member, Model))
            for member in union_members(hints.get(name, dict))
        )
    ]
    chosen = ["id", *(name for name in model.shown if name in fields)]
    chosen += [name for name in one_word if name not in chosen]
    labels = ["labels"] if "labels" in fields else []
    return chosen[: MOST_COLUMNS - len(labels)] + labels


def cell(value: Any) -> str:
    """One value as a table cell: an object by its name (or id), labels as ``k=v,…``, a list of
    words comma-separated, other structures as compact JSON."""
    if value is None or (isinstance(value, (Mapping, list)) and not value):
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Model):
        return str(value.data.get("name") or value.id)
    if isinstance(value, Mapping):
        if all(isinstance(v, str) for v in value.values()):
            return format_labels(value)
        if all(isinstance(v, bool) for v in value.values()):
            return ", ".join(key for key, on in value.items() if on) or "none"
        if "name" in value and isinstance(value["name"], str):
            return value["name"]
    elif isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, (Mapping, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def short(text: str) -> str:
    """A cell on one line (a PEM's lines joined), cut to ``WIDEST_CELL`` characters."""
    text = " ".join(text.splitlines())
    return text if len(text) <= WIDEST_CELL else text[: WIDEST_CELL - 1] + "…"


def models_table(model: type[Model], items: Iterable[Model]) -> str:
    """One row per object, in the ``columns`` of ``model``."""
    chosen = columns(model)
    rows = [[short(cell(getattr(item, name, None))) for name in chosen] for item in items]
    return table(rows, chosen)


def details(item: Model, extra: Iterable[tuple[str, Any]] = ()) -> str:
    """Every field of one object, one per line, then the ``extra`` rows."""
    return fields_table(item.data, extra)


def fields_table(data: Mapping[str, Any], extra: Iterable[tuple[str, Any]] = ()) -> str:
    """Every field of an object's data, one per line, then the ``extra`` rows."""
    return table([(key, cell(value)) for key, value in (*data.items(), *extra)])


Started = tuple[Model, Sequence[Action], Mapping[str, Any]]
"""An object acted on, the actions started on it, and what the call handed back beside them."""


def actions_table(kind: str, started: Iterable[Started]) -> str:
    """One row per action with the object it acts on (``kind``), and what the call handed back
    beside the actions; an object done at once has a row without an action."""
    started = list(started)
    extra = list(dict.fromkeys(key for _, _, more in started for key in more))
    rows = []
    for item, actions, more in started:
        for index, action in enumerate(actions or [None]):
            rows.append(
                [
                    item.id,
                    item.data.get("name"),
                    "" if action is None else action.id,
                    "" if action is None else action.command,
                    "done" if action is None else action.status,
                    *(cell(more.get(key)) if index == 0 else "" for key in extra),
                ]
            )
    return table(rows, [kind, *ACTION_COLUMNS, *extra])


def plain(value: Any) -> Any:
    """A result as JSON: objects as their data, named tuples as objects, a tuple of objects
    keyed by their kinds."""
    if isinstance(value, Model):
        return value.data
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {key: plain(item) for key, item in value._asdict().items()}
    if isinstance(value, tuple) and all(isinstance(item, Model) for item in value):
        keys = [item.kind for item in value]
        if len(set(keys)) == len(keys):
            return {key: item.data for key, item in zip(keys, value, strict=True)}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value
