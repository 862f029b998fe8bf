"""Kinds of resources, each declared once as an attribute of the client::

    class CloudKinds:
        servers = Kind(ServersClient)

That one line makes ``client.servers`` (created on first use, one per client), and
``kinds()`` lists every declared kind for the package's exports, the reference docs and the
test tables. A kind is served by a collection (a ``ResourceClient``), or, for an answer that is
not a collection (``/pricing``), by any class with its ``model``, its ``path`` and a
constructor taking the client.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

if TYPE_CHECKING:
    from ..client import Client


class Served(Protocol):
    """What serves a kind: a class made for one client."""

    def __init__(self, client: Client) -> None: ...


C = TypeVar("C", bound=Served)


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
        collection = self.collection(client)  # type: ignore[arg-type]  # a Client's attribute
        vars(client)[self.name] = collection  # later reads find it on the client
        return collection


@dataclass(frozen=True)
class Declared:
    """A declared kind: the client attribute and the class behind it (a collection, or the
    client of a single answer)."""

    attribute: str
    collection: type[Any]


def kinds(owner: type) -> Iterator[Declared]:
    """Every kind declared on ``owner`` (a client class) or its bases, in declaration order."""
    seen: set[str] = set()
    for klass in reversed(owner.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Kind) and name not in seen:
                seen.add(name)
                yield Declared(name, value.collection)
