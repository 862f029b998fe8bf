"""The operation index of an API, as ``tools/operation_index.py`` writes it from the spec.

Each operation names its kind and its verb, so that the engine can serve it from the kind's
declaration; each kind gives its path templates and the keys of its answers.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Shape:
    """Where a kind lives in the API: its path templates and the keys of its answers."""

    name: str
    collection: str
    item: str | None = None
    parent: str | None = None
    resource: str | None = None
    plural: str | None = None


@dataclass(frozen=True)
class Operation:
    """One operation of the API, as the index describes it."""

    method: str
    path: str
    operation_id: str
    kind: str
    verb: str
    status: int
    answer: tuple[str, ...] = ()
    request: str | None = None
    action: str | None = None
    command: str | None = None
    filters: Mapping[str, str] = field(default_factory=dict)
    sort: tuple[str, ...] = ()
    labels: bool = False
    deprecated: bool = False

    @property
    def name(self) -> str:
        """``"GET /servers/{id}"``, as the spec names operations."""
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Index:
    """The kinds and operations of one API."""

    kinds: Mapping[str, Shape]
    operations: Mapping[str, Operation]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Index:
        """Read the index from its JSON form."""
        kinds = {name: Shape(name, **entry) for name, entry in data["kinds"].items()}
        operations = {}
        for name, entry in data["operations"].items():
            method, path = name.split(" ", 1)
            entry = {
                **entry,
                "answer": tuple(entry["answer"]),
                "sort": tuple(entry.get("sort", ())),
            }
            operations[name] = Operation(method, path, **entry)
        return cls(kinds, operations)

    def of_kind(self, kind: str) -> list[Operation]:
        """The operations of ``kind``."""
        return [operation for operation in self.operations.values() if operation.kind == kind]


@functools.cache
def load_index(package: str) -> Index:
    """The index shipped as ``operations.json`` in ``package``."""
    text = resources.files(package).joinpath("operations.json").read_text(encoding="utf-8")
    return Index.from_json(json.loads(text))
