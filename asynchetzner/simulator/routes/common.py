"""What every route module needs: ids from the path, lookups by id or name, labels, protection."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web

from ..engine.app import PROJECT, answer
from ..engine.errors import invalid_input, not_found, uniqueness_error
from ..engine.listing import ListSpec, list_answer, valid_label_key, valid_label_value
from ..engine.numbers import positive_int
from ..engine.project import Project
from ..engine.store import rfc3339


def simulation(request: web.Request) -> Project:
    """The simulation serving ``request``."""
    return request.app[PROJECT]


def path_id(request: web.Request, name: str = "id") -> int:
    """An integer id from the path; anything else is ``invalid_input``."""
    text = request.match_info[name]
    number = positive_int(text)
    if number is None:
        raise invalid_input({name: ["must be a positive integer"]}, f"invalid {name} {text!r}")
    return number


def get_entity(sim: Project, kind: str, entity_id: int, label: str) -> dict[str, Any]:
    """The entity of ``kind`` with ``entity_id``, or 404 ``not_found`` worded with ``label``."""
    entity = sim.store.table(kind).get(entity_id)
    if entity is None:
        raise not_found(label, entity_id)
    return entity


def resolve(sim: Project, kind: str, key: Any, field: str) -> dict[str, Any]:
    """An entity named in a request body by id or by name; unknown is ``invalid_input``."""
    table = sim.store.table(kind)
    entity_id = positive_int(key) if isinstance(key, str) else key
    if isinstance(entity_id, int):
        entity = table.get(entity_id)
    else:
        entity = next((e for e in table.values() if e.get("name") == key), None)
    if entity is None:
        raise invalid_input({field: [f"{kind} {key!r} not found"]}, f"{field} {key!r} not found")
    return entity


def ensure_unique_name(sim: Project, kind: str, name: str, own_id: int | None = None) -> None:
    """409 ``uniqueness_error`` when another entity of ``kind`` has ``name``."""
    for entity in sim.store.table(kind).values():
        if entity.get("name") == name and entity["id"] != own_id:
            raise uniqueness_error("name", f"name {name!r} is already used")


def check_labels(labels: dict[str, str]) -> None:
    """``invalid_input`` on ``labels`` when a key or value breaks Hetzner's label rules."""
    problems = [
        f"invalid label key {key!r}"
        for key in labels
        if not valid_label_key(key) or key.startswith("hetzner.cloud/")
    ] + [
        f"invalid label value {value!r}"
        for value in labels.values()
        if not valid_label_value(value)
    ]
    if problems:
        raise invalid_input({"labels": problems}, "invalid labels")


def update_name_and_labels(
    sim: Project, kind: str, entity: dict[str, Any], body: dict[str, Any]
) -> None:
    """Check, then apply, an update's ``name`` (unique among ``kind``) and ``labels``."""
    if "name" in body:
        ensure_unique_name(sim, kind, body["name"], entity["id"])
    if "labels" in body:
        check_labels(body["labels"])
    entity.update({key: body[key] for key in ("name", "labels") if key in body})


def created_now(sim: Project) -> str:
    """The current time as the API formats ``created``."""
    return rfc3339(sim.now())


def public(entity: dict[str, Any]) -> dict[str, Any]:
    """The entity without the simulator's private ``_fields``."""
    return {key: value for key, value in entity.items() if not key.startswith("_")}


def listed(
    request: web.Request,
    items: Iterable[dict[str, Any]],
    spec: ListSpec,
    render: Callable[[dict[str, Any]], Any] | None = public,
) -> web.Response:
    """The list answer for ``items`` as ``request`` filters, sorts and pages them, with ``Link``.

    Only the page's items are rendered (``None``: answered as they are).
    """
    body, headers = list_answer(items, request.query, spec, request.url, render)
    response = answer(body)
    response.headers.update(headers)
    return response
