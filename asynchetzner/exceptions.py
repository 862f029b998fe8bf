"""Everything asynchetzner raises.

``HetznerError`` is the base of all of it. API error answers become ``APIError`` subclasses chosen
by Hetzner's error ``code`` first and the HTTP status second (see ``error_class``), so that::

    try:
        await client.servers.get(42)
    except NotFoundError:
        ...
    except APIError as error:
        print(error.status, error.code, error.correlation_id)

Names from the older hetznercloud SDK stay importable as aliases at the bottom of this module.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = [
    "APIError",
    "ActionFailed",
    "AuthenticationError",
    "BadGatewayError",
    "ClientStateError",
    "ConfigurationError",
    "ConflictError",
    "DeprecatedEndpoint",
    "ForbiddenError",
    "GatewayTimeoutError",
    "HetznerActionException",
    "HetznerAuthenticationException",
    "HetznerError",
    "HetznerInternalServerErrorException",
    "HetznerInvalidArgumentException",
    "HetznerServerNotFoundException",
    "HetznerWaitAttemptsExceededException",
    "InvalidArgumentError",
    "InvalidInputError",
    "InvalidResponse",
    "LockedError",
    "MaintenanceError",
    "MethodNotAllowedError",
    "MissingCredentials",
    "NotFoundError",
    "PreconditionFailedError",
    "ProtectedError",
    "RateLimitExceeded",
    "ResourceLimitExceeded",
    "ServerError",
    "ServiceError",
    "ServiceUnavailableError",
    "TransportError",
    "UniquenessError",
    "UnsupportedError",
    "WaitTimeout",
    "error_class",
]


class HetznerError(Exception):
    """Base of every error raised by asynchetzner."""


class ConfigurationError(HetznerError):
    """The client or a call is set up wrongly: endpoint, credentials or an option."""


class MissingCredentials(ConfigurationError):
    """No credentials were found for an endpoint or API family: ``keys`` are the settings
    missing (``token``, or ``robot_user`` and ``robot_password``), ``section`` the config file
    section that holds them, and ``config_file`` the only file read, when one was given."""

    def __init__(
        self,
        message: str,
        keys: tuple[str, ...] = (),
        section: str = "",
        config_file: str | None = None,
    ) -> None:
        super().__init__(message)
        self.keys = keys
        self.section = section
        self.config_file = config_file

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.keys, self.section, self.config_file))


class InvalidArgumentError(ConfigurationError, ValueError):
    """An argument was refused before anything was sent (a bad id, a value JSON cannot carry)."""


class ClientStateError(HetznerError, RuntimeError):
    """The client cannot send from here: it is closed, or bound to another event loop."""


class TransportError(HetznerError):
    """The request did not get an HTTP answer: connection refused or reset, DNS, TLS, timeout.

    ``request_sent`` is ``False`` only when the request provably never left (connecting failed);
    ``retryable`` is ``False`` for failures a retry cannot mend, such as a bad TLS certificate.
    The aiohttp exception is kept as ``__cause__``.
    """

    def __init__(self, message: str, *, request_sent: bool = True, retryable: bool = True) -> None:
        super().__init__(message)
        self.request_sent = request_sent
        self.retryable = retryable


class InvalidResponse(HetznerError):
    """The answer is not what the API promises: a body that is not JSON (an HTML 502 page), too
    large, of the wrong shape (an object missing), or a redirect (3xx), which is never success.

    The HTTP ``status`` is kept, so a proxy's 502 page is still recognisably a 502; it is ``None``
    where only the decoded answer was seen (the typed layer checking its shape). ``hostile`` marks
    a body no retry should fetch again: too large, nested too deep, or not decodable.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        correlation_id: str | None = None,
        hostile: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.correlation_id = correlation_id
        self.hostile = hostile

    def __reduce__(self) -> tuple[Any, ...]:
        rebuild = functools.partial(
            type(self),
            status=self.status,
            correlation_id=self.correlation_id,
            hostile=self.hostile,
        )
        return (rebuild, (str(self),))


class APIError(HetznerError):
    """An error answer of the API: ``{"error": {"code", "message", "details"}}``."""

    def __init__(
        self,
        status: int,
        code: str | None,
        message: str,
        details: Any = None,
        correlation_id: str | None = None,
    ) -> None:
        super().__init__(status, code, message, details, correlation_id)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.correlation_id = correlation_id

    def __str__(self) -> str:
        text = f"{self.message} ({self.code or 'HTTP'}, {self.status})"
        if self.correlation_id:
            text += f" [correlation id {self.correlation_id}]"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, correlation_id={self.correlation_id!r})"
        )


class InvalidInputError(APIError):
    """The request was rejected as invalid (400/422 ``invalid_input``, ``json_error``, …)."""


class AuthenticationError(APIError):
    """The token is unknown (401 ``unauthorized``) or read-only (401 ``token_readonly``)."""


class ForbiddenError(APIError):
    """The token lacks the permission for this request (403)."""


class MaintenanceError(ForbiddenError):
    """The operation is blocked by maintenance (403 ``maintenance``); try again later."""


class ResourceLimitExceeded(ForbiddenError):
    """A project or account quota was hit (403 ``resource_limit_exceeded``)."""


class NotFoundError(APIError):
    """The entity does not exist (404 ``not_found``)."""


class MethodNotAllowedError(APIError):
    """The path does not support this HTTP method (405 ``method_not_allowed``)."""


class ConflictError(APIError):
    """The resource changed during the request (409 ``conflict``) or a value must be unique."""


class UniquenessError(ConflictError):
    """A field that must be unique is already taken (409 ``uniqueness_error``)."""


class DeprecatedEndpoint(APIError):
    """The functionality was removed from the API (410 ``deprecated_api_endpoint``)."""


class PreconditionFailedError(APIError):
    """A precondition of the request does not hold (412 ``resource_unavailable``, …)."""


class ServiceError(APIError):
    """A service behind the API failed (422 ``service_error``)."""


class UnsupportedError(APIError):
    """The resource does not support this action (422 ``unsupported_error``)."""


class LockedError(APIError):
    """Another action is running on the resource (423 ``locked``); wait for it and retry."""


class ProtectedError(APIError):
    """The resource is protected against this action (423 ``protected``)."""


class RateLimitExceeded(APIError):
    """The project's request budget is used up (429 ``rate_limit_exceeded``).

    ``retry_after`` is the number of seconds the answer asked to wait (``Retry-After``) and
    ``reset`` the UNIX time when the budget is full again (``RateLimit-Reset``), when sent.
    """

    def __init__(
        self,
        status: int,
        code: str | None,
        message: str,
        details: Any = None,
        correlation_id: str | None = None,
        *,
        retry_after: float | None = None,
        reset: int | None = None,
    ) -> None:
        super().__init__(status, code, message, details, correlation_id)
        self.retry_after = retry_after
        self.reset = reset

    def __str__(self) -> str:
        text = super().__str__()
        if self.retry_after is not None:
            text += f"; the budget refills in {self.retry_after:g} s"
        return text


class ServerError(APIError):
    """The API failed on its side (5xx, ``server_error``)."""


class BadGatewayError(ServerError):
    """502 ``bad_gateway``; safe to retry."""


class ServiceUnavailableError(ServerError):
    """503 ``unavailable`` (or ``robot_unavailable``): the service or product is not available."""


class GatewayTimeoutError(ServerError):
    """504 ``timeout``; safe to retry."""


class ActionFailed(HetznerError):
    """An awaited action finished with status ``error``; ``action.error`` holds code and message.

    Raised by a wait for several actions, ``actions`` holds all of them, finished.
    """

    def __init__(self, action: Any) -> None:
        error = getattr(action, "error", None) or {}
        code = error.get("code") if isinstance(error, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        super().__init__(
            f"action {getattr(action, 'id', '?')} ({getattr(action, 'command', '?')}) failed: "
            f"{message or 'no message'} ({code or 'no code'})"
        )
        self.action = action
        self.actions: list[Any] = [action]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.action,))


class WaitTimeout(HetznerError):
    """Waiting for actions or a status took longer than allowed."""


_CODE_CLASSES: dict[str, type[APIError]] = {
    "json_error": InvalidInputError,
    "invalid_input": InvalidInputError,
    "unauthorized": AuthenticationError,
    "token_readonly": AuthenticationError,
    "forbidden": ForbiddenError,
    "maintenance": MaintenanceError,
    "resource_limit_exceeded": ResourceLimitExceeded,
    "not_found": NotFoundError,
    "method_not_allowed": MethodNotAllowedError,
    "uniqueness_error": UniquenessError,
    "conflict": ConflictError,
    "deprecated_api_endpoint": DeprecatedEndpoint,
    "resource_unavailable": PreconditionFailedError,
    "service_error": ServiceError,
    "unsupported_error": UnsupportedError,
    "locked": LockedError,
    "protected": ProtectedError,
    "rate_limit_exceeded": RateLimitExceeded,
    "limit_reached": RateLimitExceeded,
    "server_error": ServerError,
    "bad_gateway": BadGatewayError,
    "unavailable": ServiceUnavailableError,
    "robot_unavailable": ServiceUnavailableError,
    "timeout": GatewayTimeoutError,
}

_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: InvalidInputError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    410: DeprecatedEndpoint,
    412: PreconditionFailedError,
    422: InvalidInputError,
    423: LockedError,
    429: RateLimitExceeded,
    502: BadGatewayError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


# The Robot webservice's codes that mean something else than the Cloud API's same words: its
# CONFLICT is a real conflict (never "please retry"), MAINTENANCE a 503 on Hetzner's side.
_ROBOT_CODE_CLASSES: dict[str, type[APIError]] = {
    "invalid_input": InvalidInputError,
    "unauthorized": AuthenticationError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "rate_limit_exceeded": RateLimitExceeded,
    "maintenance": ServiceUnavailableError,
    "internal_error": ServerError,
}


def error_class(status: int, code: str | None, *, robot: bool = False) -> type[APIError]:
    """Choose the exception class for an error answer: by code, else by status, else generic.

    Codes are matched case-insensitively. Robot answers (``robot``) use Robot's own few codes
    and otherwise their status (``SERVER_NOT_FOUND`` is a 404, ``RATE_LIMIT_EXCEEDED`` a 403).
    """
    if code is not None:
        by_code = (_ROBOT_CODE_CLASSES if robot else _CODE_CLASSES).get(code.lower())
        if by_code is not None:
            return by_code
    by_status = _STATUS_CLASSES.get(status)
    if by_status is not None:
        return by_status
    return ServerError if status >= 500 else APIError


# Names of the older hetznercloud SDK.
HetznerAuthenticationException = AuthenticationError
HetznerInternalServerErrorException = ServerError
HetznerActionException = ActionFailed
HetznerServerNotFoundException = NotFoundError
HetznerInvalidArgumentException = InvalidArgumentError
HetznerWaitAttemptsExceededException = WaitTimeout
