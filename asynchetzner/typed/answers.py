"""Reading the decoded answer of a typed call: each piece it promises, or ``InvalidResponse``
saying what came instead (never a ``KeyError`` or ``TypeError``), and passwords as ``Secret``."""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidResponse


class Secret(str):
    """A password the API handed back: the text itself, masked in every ``repr`` (and so in
    the reprs of tuples and results that hold it); ``str()``, printing and JSON show it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'********'"


def secret(value: Any) -> Secret | None:
    """``value`` as a ``Secret``, or ``None`` when the answer has none."""
    return Secret(value) if isinstance(value, str) else None


def described(answer: Any) -> str:
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
            f"{where} answered {described(answer)}, without the {key!r} object it promises"
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
            f"{where} answered {described(answer)}, without the {key!r} list of objects it promises"
        )
    return value


def member_text(answer: Any, key: str, where: str) -> str:
    """The string under ``key`` of a decoded answer, or ``InvalidResponse``."""
    value = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(value, str):
        raise InvalidResponse(f"{where} answered {described(answer)}, without the {key!r} text")
    return value
