"""What rules about entities share: references by id or name, unique names, labels, timestamps."""

from __future__ import annotations

from typing import Any

from .errors import invalid_input, uniqueness_error
from .listing import valid_label_key, valid_label_value
from .numbers import positive_int
from .project import Project
from .store import rfc3339
from .table import Table

Entity = dict[str, Any]


def resolve(project: Project, resource: str, key: Any, field: str) -> Entity:
    """An entity a request body names by id or by name; unknown is ``invalid_input``."""
    table = project.store.table(resource)
    entity_id = positive_int(key) if isinstance(key, str) else key
    entity = table.get(entity_id) if isinstance(entity_id, int) else next(table.named(key), None)
    if entity is None:
        raise invalid_input(
            {field: [f"{resource} {key!r} not found"]}, f"{field} {key!r} not found"
        )
    return entity


def ensure_unique_name(
    table: Table, parent: Entity | None, name: str, own_id: int | None = None
) -> None:
    """409 ``uniqueness_error`` when another entity of ``table`` (of ``parent``, in a
    sub-collection) has ``name``."""
    for entity in table.named(name):
        same_parent = parent is None or entity.get("_parent") == parent["id"]
        if same_parent and entity["id"] != own_id:
            raise uniqueness_error("name", f"name {name!r} is already used")


def note_link(holder: Entity, field: str, linked_id: int) -> None:
    """Note on ``holder``, in its private ``field``, that an entity now points at it (where
    that entity's pointer is set: the answer need not scan the entity's table)."""
    holder.setdefault(field, {})[linked_id] = None


def linked(holder: Entity, field: str, table: Table, key: str) -> list[int]:
    """The ids noted on ``holder`` (``note_link``) of the entities of ``table`` whose ``key``
    still points at it, ascending; the others are forgotten."""
    noted = holder.get(field, {})
    still = {
        linked_id: None
        for linked_id in noted
        if (entity := table.get(linked_id)) is not None and entity.get(key) == holder["id"]
    }
    if len(still) < len(noted):
        holder[field] = still
    return sorted(still)


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


def created_now(project: Project) -> str:
    """The current time as the API formats ``created``."""
    return rfc3339(project.now())
