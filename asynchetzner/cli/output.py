"""Render answers for a terminal: JSON, or plain tables (``tabulate``, ``simple`` format)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from tabulate import tabulate

from ..cloud.servers import Server
from ..typed.actions import Action

TABLE_FORMAT = "simple"
SERVER_COLUMNS = ("id", "name", "status", "type", "location", "ipv4", "labels")
ACTION_COLUMNS = ("server", "name", "action", "command", "status")


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
        ("labels", format_labels(server.labels)),
        ("protection", ", ".join(protected) or "none"),
        ("rescue", "enabled" if server.rescue_enabled else "disabled"),
        ("locked", "yes" if server.locked else "no"),
        ("backup window", server.backup_window or "no backups"),
        *extra,
    ]
    return table(rows)


def actions_table(started: Iterable[tuple[Server, Action]]) -> str:
    """One row per action with the server it acts on."""
    rows = [
        (server.id, server.name, action.id, action.command, action.status)
        for server, action in started
    ]
    return table(rows, ACTION_COLUMNS)
