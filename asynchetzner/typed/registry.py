"""Kinds of resources, each declared once as an attribute of the client::

    class CloudKinds:
        servers = Kind(ServersClient)

That one line makes ``client.servers`` (created on first use, one per client), and
``kinds()`` lists every declared kind for the package's exports, the reference docs and the
test tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    from .resources import ResourceClient

C = TypeVar("C", bound="ResourceClient[Any]")


class Kind(Generic[C]):
    """The attribute serving one kind: ``client.<name>`` is a ``collection`` for that client."""

    def __init__(self, collection: type[C]) -> None:
        self.collection = collection
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, client: None, owner: type) -> Kind[C]: ...

    @overload
    def __get__(self, client: object, owner: type) -> C: ...

    def __get__(self, client: object | None, owner: type) -> Kind[C] | C:
        if client is None:
            return self
        collection = self.collection(client)  # type: ignore[arg-type]
        vars(client)[self.name] = collection  # later reads find it on the client
        return collection


@dataclass(frozen=True)
class Declared:
    """A declared kind: the client attribute and the collection class behind it."""

    attribute: str
    collection: type[ResourceClient[Any]]


def kinds(owner: type) -> Iterator[Declared]:
    """Every kind declared on ``owner`` (a client class) or its bases, in declaration order."""
    seen: set[str] = set()
    for klass in reversed(owner.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Kind) and name not in seen:
                seen.add(name)
                yield Declared(name, value.collection)
