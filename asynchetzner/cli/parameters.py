"""Command-line options read from a typed method's signature, and the values the method takes.

Each parameter becomes one option, by the shape of its type hint:

- ``str``, ``int``, ``float``: ``--ip-range 10.0.0.0/16``; a ``Literal`` offers its choices;
- ``bool``: ``--upgrade-disk`` / ``--no-upgrade-disk``;
- ``dict[str, str]`` (labels): repeated ``--label key=value``;
- a resource (a union with a ``Model``): its id or name (``--image ubuntu-24.04``); where the method
  takes ids only, a name is looked up in the resource's collection once connected;
- a list of those: a repeated option named in the singular (``--ssh-key me --ssh-key 7``);
- text or a structure (``str | Record``): text, or a JSON object (``--record '{"value": ...}'``);
- anything else: JSON (``--rules '[{"direction": "in", ...}]'``).

Required parameters are required options (``name`` may be positional); options not given are not
passed, so the method's defaults apply.
"""

from __future__ import annotations

import argparse
import collections.abc
import inspect
import json
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, is_typeddict

from ..typed.models import Model
from . import UsageError

TEXT, INTEGER, NUMBER, FLAG, CHOICE = "text", "integer", "number", "flag", "choice"
LABELS, REFERENCE, JSON = "labels", "reference", "json"
SEQUENCES = (list, tuple, collections.abc.Sequence, collections.abc.Iterable)
_CONVERT: dict[str, Callable[[str], Any]] = {INTEGER: int, NUMBER: float}


@dataclass(frozen=True)
class Reference:
    """A resource named on the command line, to be found by name in ``collection`` (a client
    attribute such as ``networks``) once connected."""

    collection: str
    name: str


@dataclass(frozen=True)
class Option:
    """One parameter of a method as a command-line option."""

    name: str
    shape: str
    required: bool = False
    many: bool = False
    positional: bool = False
    choices: tuple[str, ...] = ()
    none_when_absent: bool = False  # required, but ``None`` is what leaving it out means
    default: str | None = None  # the method's default, where it is not ``None`` or ``False``
    takes_names: bool = False  # a resource the API finds by name itself
    collection: str | None = None  # where a name is looked up, for APIs that take ids only
    json_type: type | None = None  # what JSON must hold; for text, ``dict``: or a JSON object

    @property
    def dest(self) -> str:
        """Where argparse keeps the option's text (apart from the global options)."""
        return f"parameter_{self.name}"

    @property
    def flag(self) -> str:
        """The option's spelling: ``--ip-range``, singular for repeated ones (``--ssh-key``)."""
        name = singular(self.name) if self.many or self.shape == LABELS else self.name
        return "--" + name.replace("_", "-")

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        """Add the option to ``parser``; an option not given leaves nothing in the namespace."""
        if self.positional:
            parser.add_argument(self.dest, metavar=self.name.upper())
            return
        options: dict[str, Any] = {
            "dest": self.dest,
            "required": self.required,
            "default": None if self.none_when_absent else argparse.SUPPRESS,
            "help": self.help(),
        }
        if self.shape == FLAG:
            options["action"] = argparse.BooleanOptionalAction
        else:
            options["metavar"] = self.metavar()
            if self.many or self.shape == LABELS:
                options["action"] = "append"
            if self.shape == CHOICE:
                options["choices"] = self.choices
                options.pop("metavar")
            if self.shape in _CONVERT:
                options["type"] = _CONVERT[self.shape]
        parser.add_argument(self.flag, **options)

    def metavar(self) -> str:
        """How the option's value is shown in the usage line."""
        if self.shape == REFERENCE and self.collection is None:
            return "ID_OR_TEXT" if self.takes_names else "ID"
        if self.shape == REFERENCE:
            return "ID_OR_NAME"
        return {LABELS: "KEY=VALUE", JSON: "JSON", INTEGER: "N", NUMBER: "X"}.get(
            self.shape, (singular(self.name) if self.many else self.name).upper()
        )

    def help(self) -> str | None:
        """A few words on what the option takes, and what leaving it out means."""
        json_type = "an array" if self.json_type is list else "a value"
        json_type = "an object" if self.json_type is dict else json_type
        words = [
            {
                TEXT: "text, or a JSON object" if self.json_type is dict else "",
                LABELS: "a label",
                JSON: f"JSON: {json_type}",
                REFERENCE: {
                    "ID": "an id",
                    "ID_OR_TEXT": "an id, or text as the library reads it",
                }.get(self.metavar(), "an id or a name"),
            }.get(self.shape, "")
        ]
        if self.many or self.shape == LABELS:
            words.append("repeat for more")
        if self.none_when_absent:
            words.append("left out: none")
        if self.default is not None:
            words.append(f"default: {self.default}")
        return "; ".join(word for word in words if word) or None

    def value(self, args: argparse.Namespace) -> Any:
        """What the method takes for the option's text (``Reference`` for names to look up)."""
        raw = getattr(args, self.dest)
        if raw is None:
            return None
        if self.shape == LABELS:
            return parse_labels(raw)
        if self.many:
            return [self._one(item) for item in raw]
        return self._one(raw)

    def _one(self, raw: Any) -> Any:
        if self.shape == JSON or (self.shape == TEXT and self.json_type and raw.startswith("{")):
            return self._json(raw)
        if self.shape != REFERENCE:
            return raw
        if is_id(raw):
            return int(raw)
        if self.takes_names:
            return raw
        if self.collection is None:
            raise UsageError(f"{self.flag} takes an id, not {raw!r}")
        return Reference(self.collection, raw)

    def _json(self, text: str) -> Any:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise UsageError(f"{self.flag} takes JSON: {error.msg} in {text!r}") from None
        if self.json_type is not None and not isinstance(value, self.json_type):
            expected = "an array" if self.json_type is list else "an object"
            raise UsageError(f"{self.flag} takes {expected} in JSON, not {text!r}")
        return value


def is_id(text: str) -> bool:
    """Whether a command-line reference is an id (all ASCII digits) rather than a name."""
    return text.isascii() and text.isdecimal()


def id_or_name(text: str) -> int | str:
    """Read a command-line reference to a resource: digits are an id, anything else a name."""
    return int(text) if is_id(text) else text


def singular(name: str) -> str:
    """``ssh_keys`` → ``ssh_key``, ``alias_ips`` → ``alias_ip``, ``labels`` → ``label``."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def parse_labels(items: list[str]) -> dict[str, str]:
    """Read ``--label key=value`` items."""
    labels: dict[str, str] = {}
    for item in items:
        key, separator, value = item.partition("=")
        if not separator or not key:
            raise UsageError(f"malformed label {item!r}: expected key=value")
        labels[key] = value
    return labels


def options_of(
    function: Callable[..., Any],
    collections: Mapping[str, str],
    *,
    skip: int = 0,
    positional: tuple[str, ...] = (),
) -> list[Option]:
    """The options of ``function``'s parameters after ``self`` and the first ``skip`` others;
    ``collections`` maps each kind (``"network"``) to its client attribute (``"networks"``)."""
    hints = typing.get_type_hints(function)
    parameters = [
        parameter
        for parameter in inspect.signature(function).parameters.values()
        if parameter.name != "self"
        and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    ][skip:]
    options = []
    for parameter in parameters:
        hint = hints.get(parameter.name, Any)
        required = parameter.default is parameter.empty
        nullable = is_union(hint) and type(None) in typing.get_args(hint)
        option = option_of(
            parameter.name,
            hint,
            collections,
            required=required and not nullable,
            positional=parameter.name in positional and required,
        )
        default = parameter.default
        shown = (
            None if any(default is no for no in (parameter.empty, None, False)) else str(default)
        )
        shown = "on" if default is True else shown
        options.append(replace(option, none_when_absent=required and nullable, default=shown))
    return options


def option_of(
    name: str,
    hint: Any,
    collections: Mapping[str, str],
    *,
    required: bool = False,
    positional: bool = False,
) -> Option:
    """The option for one parameter ``name`` typed ``hint``."""
    members = union_members(hint)
    for member in members:
        if typing.get_origin(member) in SEQUENCES and len(typing.get_args(member)) >= 1:
            items = union_members(typing.get_args(member)[0])
            item = scalar(name, items, collections)
            if item is not None and item["shape"] != FLAG:
                return Option(
                    name, required=required, many=True, json_type=or_object(items), **item
                )
    item = scalar(name, members, collections)
    if item is not None:
        json_type = or_object(members)
        return Option(name, required=required, positional=positional, json_type=json_type, **item)
    if members == [dict[str, str]]:
        return Option(name, LABELS, required=required)
    origins = {typing.get_origin(member) or member for member in members}
    json_type = list if origins <= set(SEQUENCES) else dict if origins <= {dict, Mapping} else None
    return Option(name, JSON, required=required, json_type=json_type)


def or_object(members: list[Any]) -> type | None:
    """``dict`` where text may also be given as an object (``str | Record``, a ``TypedDict``)."""
    mappings = [m for m in members if typing.get_origin(m) in (dict, Mapping) or is_typeddict(m)]
    return dict if str in members and mappings else None


def is_union(hint: Any) -> bool:
    """Whether a hint is a union (``int | str``, ``Optional[int]``)."""
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def union_members(hint: Any) -> list[Any]:
    """The types a hint allows, ``None`` left out: ``int | str | None`` → ``[int, str]``."""
    if is_union(hint):
        return [member for member in typing.get_args(hint) if member is not type(None)]
    return [hint]


def scalar(name: str, members: list[Any], collections: Mapping[str, str]) -> dict[str, Any] | None:
    """The shape of a value given as one word, or ``None`` for structured values; a resource's
    kind is its model's, or read from the parameter's name (``ssh_keys`` → ``ssh_key``)."""
    models = [m for m in members if inspect.isclass(m) and issubclass(m, Model)]
    if models:
        kinds = [model.kind for model in models if model is not Model] or [singular(name)]
        return {
            "shape": REFERENCE,
            "takes_names": str in members,
            "collection": collections.get(kinds[0]),
        }
    literals = [m for m in members if typing.get_origin(m) is Literal]
    if literals:
        choices = tuple(str(value) for member in literals for value in typing.get_args(member))
        return {"shape": CHOICE, "choices": choices}
    for shape, python_type in ((TEXT, str), (FLAG, bool), (INTEGER, int), (NUMBER, float)):
        if python_type in members:
            return {"shape": shape}
    return None
