"""What rules about entities share: references by id or name, unique names, labels, timestamps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import invalid_input, uniqueness_error
from .listing import valid_label_key, valid_label_value
from .numbers import positive_int
from .project import Project
from .store import rfc3339

Entity = dict[str, Any]


def resolve(project: Project, resource: str, key: Any, field: str) -> Entity:
    """An entity a request body names by id or by name; unknown is ``invalid_input``."""
    table = project.store.table(resource)
    entity_id = positive_int(key) if isinstance(key, str) else key
    if isinstance(entity_id, int):
        entity = table.get(entity_id)
    else:
        entity = next((e for e in table.values() if e.get("name") == key), None)
    if entity is None:
        raise invalid_input(
            {field: [f"{resource} {key!r} not found"]}, f"{field} {key!r} not found"
        )
    return entity


def ensure_unique_name(entities: Iterable[Entity], name: str, own_id: int | None = None) -> None:
    """409 ``uniqueness_error`` when another of ``entities`` has ``name``."""
    for entity in entities:
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


def created_now(project: Project) -> str:
    """The current time as the API formats ``created``."""
    return rfc3339(project.now())
