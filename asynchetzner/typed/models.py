"""Typed views of API objects: attributes for the fields, the raw answer kept as ``.data``.

Each field is declared once, with its type and how it is read::

    class Server(Model):
        kind = "server"
        name: str = field()
        created: datetime | None = time_field()
        server_type: ServerType = nested(ServerType)

Reading an attribute never sends a request; nothing is converted before it is read (times and
nested objects are built on first read, then kept), so a listing of thousands of servers costs
little more than its JSON. Unknown fields are ignored and absent ones read as ``None``. Objects
compare equal, and hash, by kind and id; their repr shows kind, id, name and status, never a
secret. Methods that act on an object (``server.power_on()``) use the client it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..exceptions import ClientStateError, InvalidResponse
from .answers import described, member
from .arguments import check_id, check_name

if TYPE_CHECKING:
    from ..client import Client

M = TypeVar("M", bound="Model")
_FRACTION = re.compile(r"\.(\d+)")


def parse_time(value: object) -> datetime | None:
    """An RFC 3339 time of the API as an aware datetime (any number of fraction digits);
    ``InvalidResponse`` for anything else."""
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        text = _FRACTION.sub(lambda m: "." + m.group(1).ljust(6, "0")[:6], value)
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InvalidResponse(f"the answer has {value!r} where a time belongs") from None


class _Field:
    """An attribute read from the object's ``data`` at each access (``key``: its name there)."""

    def __init__(self, key: str | None) -> None:
        self.key = key
        self.name = ""

    def __set_name__(self, owner: type[Model], name: str) -> None:
        self.name = name
        self.key = self.key or name

    def __get__(self, model: Model | None, owner: type[Model]) -> Any:
        if model is None:
            return self
        return model.data.get(self.key)


class _Derived(_Field):
    """An attribute built from ``data`` on first access (a time, a nested object), then kept."""

    def __init__(self, key: str | None, build: Callable[[Model, Any], Any]) -> None:
        super().__init__(key)
        self.build = build

    def __get__(self, model: Model | None, owner: type[Model]) -> Any:
        if model is None:
            return self
        value = self.build(model, model.data.get(self.key))
        vars(model)[self.name] = value  # later reads find it on the instance
        return value


def field(key: str | None = None) -> Any:
    """A field read as the answer has it."""
    return _Field(key)


def time_field(key: str | None = None) -> Any:
    """A field holding an RFC 3339 time, read as an aware ``datetime`` (or ``None``)."""
    return _Derived(key, lambda _, value: parse_time(value))


def nested(model: type[Model], key: str | None = None) -> Any:
    """A field holding another object, read as ``model`` bound to the same client (or ``None``)."""

    def build(parent: Model, value: Any) -> Model | None:
        return model(parent._client, value) if isinstance(value, Mapping) else None

    return _Derived(key, build)


class Model:
    """Base of the typed objects: ``kind`` names them as the API does (``"server"``)."""

    kind: ClassVar[str] = "object"
    family: ClassVar[str] = "hetzner-cloud"
    shown: ClassVar[tuple[str, ...]] = ("name", "status")
    """The fields a repr shows beside the id, where the answer has them."""
    id_key: ClassVar[str] = "id"
    """The field that identifies the object (Robot's ``server_number``, ``ip``, ``fingerprint``)."""
    _derived: ClassVar[tuple[str, ...]] = ()
    id: int

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._derived = tuple(
            name
            for klass in cls.__mro__
            for name, value in vars(klass).items()
            if isinstance(value, _Derived)
        )

    def __init__(self, client: Client | None, data: Mapping[str, Any]) -> None:
        """Wrap ``data``, an object of an answer; it is kept as it is, not copied."""
        self._client = client
        self._set_data(data)

    @classmethod
    def from_answer(cls: type[M], client: Client | None, answer: Any, key: str, where: str) -> M:
        """The object under ``key`` of the answer to ``where`` (``"GET /servers/1"``)."""
        return cls(client, member(answer, key, where))

    def _set_data(self, data: Mapping[str, Any]) -> None:
        """Show ``data`` from now on, forgetting what was derived from the previous one."""
        identity = data.get(self.id_key) if isinstance(data, Mapping) else None
        if isinstance(identity, bool) or not isinstance(identity, (int, str)):
            raise InvalidResponse(
                f"the answer has a {type(self).__name__} that is {described(data)}, "
                f"without its {self.id_key}"
            )
        self.id = data[self.id_key]
        self.data = data if isinstance(data, dict) else dict(data)
        for name in self._derived:
            vars(self).pop(name, None)

    def _bound_client(self) -> Client:
        if self._client is None:
            raise ClientStateError(f"this {type(self).__name__} is not bound to a client")
        return self._client

    def _identity(self) -> tuple[str, str, Any]:
        return (self.family, self.kind, self.id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        shown = "".join(
            f" {name}={self.data[name]!r}" for name in self.shown if self.data.get(name) is not None
        )
        return f"<{type(self).__name__} id={self.id!r}{shown}>"


def declared_fields(model: type) -> list[str]:
    """The fields ``model`` declares with ``field()``, ``time_field()`` or ``nested()``, bases
    first, in declaration order."""
    names: dict[str, None] = {}
    for klass in reversed(model.__mro__):
        declared = [name for name, value in vars(klass).items() if isinstance(value, _Field)]
        names.update(dict.fromkeys(declared))
    return list(names)


def id_or_name(value: object, name: str) -> int | str:
    """What a request body takes for a resource: its id, or its name; typed objects welcome."""
    if isinstance(value, Model):
        return check_id(value.id, name)
    if isinstance(value, int) and not isinstance(value, bool):
        return check_id(value, name)
    return check_name(value, name)


def id_of(value: object, name: str) -> int:
    """A resource's id, from an id or a typed object."""
    if isinstance(value, Model):
        value = value.id
    return check_id(value, name)
