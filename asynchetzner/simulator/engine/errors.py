"""Error answers of the simulator, in Hetzner's envelope ``{"error": {code, message, details}}``."""

from __future__ import annotations

from typing import Any


class SimulatorError(Exception):
    """Raised by a handler to answer with a Hetzner error; the app turns it into the envelope."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        """The JSON body of the answer."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


_REFUSAL_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    500: "server_error",
    504: "timeout",
}


def refusal(status: int, message: str) -> SimulatorError:
    """An answer aiohttp gives by itself (no such route, a body too large, a request it cannot
    parse), with Hetzner's code for its ``status``: ``invalid_input`` for any other."""
    return SimulatorError(status, _REFUSAL_CODES.get(status, "invalid_input"), message)


def invalid_input(fields: dict[str, list[str]], message: str = "invalid input") -> SimulatorError:
    """422 ``invalid_input`` naming each field and what is wrong with it."""
    details = {"fields": [{"name": name, "messages": msgs} for name, msgs in fields.items()]}
    return SimulatorError(422, "invalid_input", message, details)


def not_found(kind: str, key: object) -> SimulatorError:
    """404 ``not_found`` for one entity, worded like the API."""
    return SimulatorError(404, "not_found", f"{kind} with ID '{key}' not found")


def uniqueness_error(field: str, message: str | None = None) -> SimulatorError:
    """409 ``uniqueness_error`` for a field that must be unique."""
    details = {"fields": [{"name": field}]}
    return SimulatorError(409, "uniqueness_error", message or f"{field} is already used", details)


def locked(kind: str, key: object) -> SimulatorError:
    """423 ``locked``: another action is running on the entity."""
    return SimulatorError(423, "locked", f"{kind} {key} is locked by a running action")


def protected(kind: str, key: object, what: str) -> SimulatorError:
    """423 ``protected``: the entity's protection forbids the operation."""
    return SimulatorError(423, "protected", f"{kind} {key} is protected against {what}")
