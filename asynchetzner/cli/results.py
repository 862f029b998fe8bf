"""What typed calls hand back, taken apart for the command line: the actions to wait for, the
other values to print beside them, and the same result with its actions finished.

A result is an ``Action``, a list of them, ``None``, an object, or a (named) tuple of those and
other values (``PasswordResult(root_password, action)``, ``(image, action)``).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Mapping
from typing import Any

from ..typed.actions import Action
from ..typed.models import Model


def holds_action(hint: Any) -> bool:
    """Whether a return type hint promises actions: ``Action``, ``list[Action]``, ``Action |
    None``, a tuple or named tuple with one among its members."""
    if inspect.isclass(hint) and issubclass(hint, Action):
        return True
    if inspect.isclass(hint) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        return any(holds_action(member) for member in typing.get_type_hints(hint).values())
    return any(holds_action(argument) for argument in typing.get_args(hint))


def returns_action(function: Any) -> bool:
    """Whether ``function``'s return type hint promises actions."""
    return holds_action(typing.get_type_hints(function).get("return"))


def actions_of(result: Any) -> list[Action]:
    """Every action in a result, in order."""
    if isinstance(result, Action):
        return [result]
    if isinstance(result, (list, tuple)):
        return [action for member in result for action in actions_of(member)]
    return []


def parts_of(result: Any) -> dict[str, Any]:
    """The values of a result beside its actions: a named tuple's fields by name, a plain
    tuple's objects by kind."""
    if isinstance(result, tuple) and hasattr(result, "_asdict"):
        fields: dict[str, Any] = result._asdict()
    elif isinstance(result, tuple):
        fields = {member.kind: member for member in result if isinstance(member, Model)}
    else:
        return {}
    return {key: value for key, value in fields.items() if not _actions_or_none(value)}


def _actions_or_none(value: Any) -> bool:
    return (
        value is None
        or isinstance(value, Action)
        or (isinstance(value, list) and all(isinstance(one, Action) for one in value))
    )


def finished(result: Any, actions: Mapping[int, Action]) -> Any:
    """``result`` with each action replaced by its finished state from ``actions`` (by id)."""
    if isinstance(result, Action):
        return actions.get(result.id, result)
    if isinstance(result, list):
        return [finished(member, actions) for member in result]
    if isinstance(result, tuple):
        members = [finished(member, actions) for member in result]
        return type(result)(*members) if hasattr(result, "_fields") else tuple(members)
    return result


def only_actions(results: list[Any]) -> bool:
    """Whether every result is an action, a list of actions or ``None`` (nothing beside them)."""
    return all(_actions_or_none(result) for result in results)
