"""One kind's entities by id, indexed by name, knowing whether they are in id order.

Entities are plain dicts that rules change in place, so an index over their fields could go
stale. Names are the exception the engine controls: every entity enters and leaves through the
table (whose inserts and removals keep the index), and a rename goes through ``rename`` (the
engine's update does it; nothing else renames). Each lookup still checks the entity found
bears the name, so a missed rename could only hide a duplicate, never invent one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Entity = dict[str, Any]
_ABSENT: Any = object()


class Table(dict[int, Entity]):
    """A kind's entities by id; ``named`` finds them by name without a scan."""

    def __init__(self) -> None:
        super().__init__()
        self._names: dict[Any, dict[int, None]] = {}  # name -> ids, in insertion order
        self.in_id_order = True
        """Whether iterating the table yields ascending ids (each insert was past the last)."""
        self._last_id = 0

    def _name(self, entity_id: int, entity: Entity) -> None:
        name = entity.get("name")
        if isinstance(name, str):
            self._names.setdefault(name, {})[entity_id] = None

    def _unname(self, entity_id: int, entity: Entity) -> None:
        ids = self._names.get(entity.get("name"))
        if ids is not None:
            ids.pop(entity_id, None)
            if not ids:
                self._names.pop(entity.get("name"))

    def __setitem__(self, entity_id: int, entity: Entity) -> None:
        if entity_id in self:
            self._unname(entity_id, self[entity_id])  # a replaced entity keeps its place
        elif not isinstance(entity_id, int) or entity_id <= self._last_id:
            self.in_id_order = False
        else:
            self._last_id = entity_id
        super().__setitem__(entity_id, entity)
        self._name(entity_id, entity)

    def __delitem__(self, entity_id: int) -> None:
        self._unname(entity_id, self[entity_id])
        super().__delitem__(entity_id)

    def pop(self, entity_id: int, default: Any = _ABSENT) -> Any:
        """Remove and return the entity (``default`` if absent and given)."""
        if entity_id in self:
            self._unname(entity_id, self[entity_id])
            return super().pop(entity_id)
        if default is _ABSENT:
            raise KeyError(entity_id)
        return default

    def popitem(self) -> tuple[int, Entity]:
        entity_id, entity = super().popitem()
        self._unname(entity_id, entity)
        return entity_id, entity

    def clear(self) -> None:
        super().clear()
        self._names.clear()
        self.in_id_order, self._last_id = True, 0

    def setdefault(self, entity_id: int, default: Entity) -> Entity:
        if entity_id not in self:
            self[entity_id] = default
        return self[entity_id]

    def update(self, *others: Any, **more: Entity) -> None:
        """Insert each ``(id, entity)`` pair (from a mapping or an iterable of pairs)."""
        for other in others:
            pairs = other.items() if hasattr(other, "items") else other
            for entity_id, entity in pairs:
                self[entity_id] = entity
        if more:
            raise TypeError("entity ids are integers")

    def __ior__(self, other: Any) -> Table:  # type: ignore[override,misc]
        self.update(other)
        return self

    def rename(self, entity: Entity, name: str) -> None:
        """Give a stored entity a new ``name``, keeping the index."""
        self._unname(entity["id"], entity)
        entity["name"] = name
        self._name(entity["id"], entity)

    def named(self, name: Any) -> Iterator[Entity]:
        """The entities called ``name``, in the table's order."""
        for entity_id in list(self._names.get(name, ())):
            entity = self.get(entity_id)
            if entity is not None and entity.get("name") == name:
                yield entity
