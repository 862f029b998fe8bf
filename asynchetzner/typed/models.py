"""Typed views of API objects: attributes for the fields, the raw answer kept as ``.data``.

Reading an attribute never sends a request; unknown fields are ignored and absent optional ones
read as ``None``. Methods that act on the object (``server.power_on()``) use the client it came
from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..exceptions import InvalidArgumentError, InvalidResponse

if TYPE_CHECKING:
    from ..client import Client


_FRACTION = re.compile(r"\.(\d+)")
M = TypeVar("M", bound="Model")


class Secret(str):
    """A password the API handed back: the text itself, masked in every ``repr`` (and so in
    the reprs of tuples and results that hold it); ``str()``, printing and JSON show it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'********'"


def secret(value: Any) -> Secret | None:
    """``value`` as a ``Secret``, or ``None`` when the answer has none."""
    return Secret(value) if isinstance(value, str) else None


def _described(answer: Any) -> str:
    """What an answer is, in a few words, for an ``InvalidResponse`` (never its values)."""
    if answer is None:
        return "an empty body"
    if isinstance(answer, dict):
        return f"an object with keys {sorted(answer)[:12]}" if answer else "an empty object"
    return f"a JSON {type(answer).__name__}"


def member(answer: Any, key: str, where: str) -> dict[str, Any]:
    """The object under ``key`` of a decoded answer, or ``InvalidResponse`` saying what came."""
    value = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(value, dict):
        raise InvalidResponse(
            f"{where} answered {_described(answer)}, without the {key!r} object it promises"
        )
    return value


def member_list(
    answer: Any, key: str, where: str, *, optional: bool = False
) -> list[dict[str, Any]]:
    """The list of objects under ``key`` (``optional``: absent or null is empty), or
    ``InvalidResponse`` saying what came."""
    value = answer.get(key) if isinstance(answer, dict) else None
    if value is None and optional and isinstance(answer, dict):
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InvalidResponse(
            f"{where} answered {_described(answer)}, without the {key!r} list of objects it "
            "promises"
        )
    return value


def member_text(answer: Any, key: str, where: str) -> str:
    """The string under ``key`` of a decoded answer, or ``InvalidResponse``."""
    value = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(value, str):
        raise InvalidResponse(f"{where} answered {_described(answer)}, without the {key!r} text")
    return value


def parse_time(value: str | None) -> datetime | None:
    """An RFC 3339 time of the API as an aware datetime (any number of fraction digits)."""
    if not value:
        return None
    text = _FRACTION.sub(lambda m: "." + m.group(1).ljust(6, "0")[:6], value)
    return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))


def _nested_builder(model: type[Model]) -> Callable[[Model, Any], Model | None]:
    """Build a nested ``model`` bound to the same client, or ``None`` for a missing object."""

    def build(parent: Model, value: Any) -> Model | None:
        return model(parent._client, value) if isinstance(value, Mapping) else None

    return build


def present(**fields: Any) -> dict[str, Any]:
    """The fields given, without those left ``None`` (the API's optional body fields)."""
    return {name: value for name, value in fields.items() if value is not None}


def invalid_argument(name: str, message: str) -> InvalidArgumentError:
    """The error for an argument refused before anything was sent."""
    return InvalidArgumentError(f"{name} {message} (refused before sending)")


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


class _Field:
    """An attribute read from the model's ``data`` at each access."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, model: Model | None, owner: type[Model]) -> Any:
        if model is None:
            return self
        return model.data.get(self.name)


class _Derived(_Field):
    """An attribute built from ``data`` on first access (a time, a nested model), then kept."""

    def __init__(self, name: str, build: Callable[[Model, Any], Any]) -> None:
        super().__init__(name)
        self.build = build

    def __get__(self, model: Model | None, owner: type[Model]) -> Any:
        if model is None:
            return self
        value = self.build(model, model.data.get(self.name))
        vars(model)[self.name] = value  # later reads find it on the instance
        return value


class Model:
    """Base of the typed objects, declared in a few lines.

    ``fields`` read as they are, ``times`` as aware datetimes, ``nested`` objects wrapped in
    their own model; each absent field reads as ``None``. Nothing is converted before it is
    read, so a listing of thousands of servers costs little more than its JSON.
    """

    fields: ClassVar[tuple[str, ...]] = ()
    times: ClassVar[tuple[str, ...]] = ()
    nested: ClassVar[Mapping[str, type[Model]]] = {}
    id: int

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls.fields:
            setattr(cls, name, _Field(name))
        for name in cls.times:
            setattr(cls, name, _Derived(name, lambda _, value: parse_time(value)))
        for name, model in cls.nested.items():
            setattr(cls, name, _Derived(name, _nested_builder(model)))

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
        if not isinstance(data, Mapping) or "id" not in data:
            raise InvalidResponse(
                f"the answer has a {type(self).__name__} that is {_described(data)}, without an id"
            )
        self.id = data["id"]
        self.data = data if isinstance(data, dict) else dict(data)
        for name in (*self.times, *self.nested):
            vars(self).pop(name, None)

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
