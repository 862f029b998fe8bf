"""Typed views of API objects: attributes for the fields, the raw answer kept as ``.data``.

Reading an attribute never sends a request; unknown fields are ignored and absent optional ones
read as ``None``. Methods that act on the object (``server.power_on()``) use the client it came
from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from .exceptions import InvalidInputError

if TYPE_CHECKING:
    from .client import Client


_FRACTION = re.compile(r"\.(\d+)")


def parse_time(value: str | None) -> datetime | None:
    """An RFC 3339 time of the API as an aware datetime (any number of fraction digits)."""
    if not value:
        return None
    text = _FRACTION.sub(lambda m: "." + m.group(1).ljust(6, "0")[:6], value)
    return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))


def invalid_argument(name: str, message: str) -> InvalidInputError:
    """An ``InvalidInputError`` for an argument refused before anything was sent."""
    return InvalidInputError(
        0,
        "invalid_input",
        f"{name} {message} (refused before sending)",
        {"fields": [{"name": name, "messages": [message]}]},
    )


def check_id(value: object, name: str = "id") -> int:
    """A positive integer id, or ``InvalidInputError``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise invalid_argument(name, f"must be a positive integer, not {value!r}")
    return value


def check_name(value: object, name: str = "name") -> str:
    """A non-empty name, or ``InvalidInputError``."""
    if not isinstance(value, str) or not value.strip():
        raise invalid_argument(name, f"must be a non-empty string, not {value!r}")
    return value


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


class Model:
    """Base of the typed objects, declared in a few lines.

    ``fields`` are copied as they are, ``times`` parsed into aware datetimes, ``nested`` objects
    wrapped in their own model; each absent field reads as ``None``.
    """

    fields: ClassVar[tuple[str, ...]] = ()
    times: ClassVar[tuple[str, ...]] = ()
    nested: ClassVar[Mapping[str, type[Model]]] = {}
    id: int

    def __init__(self, client: Client | None, data: Mapping[str, Any]) -> None:
        self._client = client
        self.data = dict(data)
        self._load(self.data)

    def _load(self, data: dict[str, Any]) -> None:
        self.id = data["id"]
        for name in self.fields:
            setattr(self, name, data.get(name))
        for name in self.times:
            setattr(self, name, parse_time(data.get(name)))
        for name, model in self.nested.items():
            value = data.get(name)
            setattr(self, name, model(self._client, value) if isinstance(value, Mapping) else None)

    def _bound_client(self) -> Client:
        if self._client is None:
            raise RuntimeError(f"this {type(self).__name__} is not bound to a client")
        return self._client

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and type(other) is type(self) and other.data == self.data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        name = self.data.get("name")
        shown = f" name={name!r}" if name is not None else ""
        return f"<{type(self).__name__} id={self.data.get('id')!r}{shown}>"
