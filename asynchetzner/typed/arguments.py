"""Checking what a typed call is given, before anything is sent: ids, names, optional fields."""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidArgumentError


def present(**fields: Any) -> dict[str, Any]:
    """The fields given, without those left ``None`` (the API's optional body fields)."""
    return {name: value for name, value in fields.items() if value is not None}


def invalid_argument(name: str, message: str) -> InvalidArgumentError:
    """The error for an argument refused before anything was sent."""
    return InvalidArgumentError(f"{name} {message} (refused before sending)")


def check_id(value: object, name: str = "id") -> int:
    """A positive integer id, or ``InvalidArgumentError``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise invalid_argument(name, f"must be a positive integer, not {value!r}")
    return value


def check_name(value: object, name: str = "name") -> str:
    """A non-empty name, or ``InvalidArgumentError``."""
    if not isinstance(value, str) or not value.strip():
        raise invalid_argument(name, f"must be a non-empty string, not {value!r}")
    return value
