"""The error hierarchy: which class an error answer becomes, what it shows, the old SDK names.

The ``(status, code)`` table follows api-facts.md §2; a second test reads the error table straight
out of the official ``cloud.spec.json`` so that a code Hetzner adds is noticed.
"""

from __future__ import annotations

import pickle
from types import SimpleNamespace
from typing import Any

import pytest

import asynchetzner
from asynchetzner import exceptions
from asynchetzner.exceptions import (
    ActionFailed,
    APIError,
    AuthenticationError,
    BadGatewayError,
    ConfigurationError,
    ConflictError,
    DeprecatedEndpoint,
    ForbiddenError,
    GatewayTimeoutError,
    HetznerError,
    InvalidArgumentError,
    InvalidInputError,
    InvalidResponse,
    LockedError,
    MaintenanceError,
    MethodNotAllowedError,
    MissingCredentials,
    NotFoundError,
    PreconditionFailedError,
    ProtectedError,
    RateLimitExceeded,
    ResourceLimitExceeded,
    ServerError,
    ServiceError,
    ServiceUnavailableError,
    TransportError,
    UniquenessError,
    UnsupportedError,
    WaitTimeout,
    error_class,
)

from .spec import error_rows, load_spec

# Every row of the error table in api-facts.md §2 (= the spec's "Error Codes" table).
DOCUMENTED_ERRORS: list[tuple[int, str, type[APIError]]] = [
    (400, "json_error", InvalidInputError),
    (401, "unauthorized", AuthenticationError),
    (401, "token_readonly", AuthenticationError),
    (403, "forbidden", ForbiddenError),
    (403, "maintenance", MaintenanceError),
    (403, "resource_limit_exceeded", ResourceLimitExceeded),
    (404, "not_found", NotFoundError),
    (405, "method_not_allowed", MethodNotAllowedError),
    (409, "uniqueness_error", UniquenessError),
    (409, "conflict", ConflictError),
    (410, "deprecated_api_endpoint", DeprecatedEndpoint),
    (412, "resource_unavailable", PreconditionFailedError),
    (422, "invalid_input", InvalidInputError),
    (422, "service_error", ServiceError),
    (422, "unsupported_error", UnsupportedError),
    (423, "locked", LockedError),
    (423, "protected", ProtectedError),
    (429, "rate_limit_exceeded", RateLimitExceeded),
    (500, "server_error", ServerError),
    (502, "bad_gateway", BadGatewayError),
    (503, "unavailable", ServiceUnavailableError),
    (504, "timeout", GatewayTimeoutError),
]

# Codes the table does not know: the HTTP status decides; Robot's UPPERCASE codes; legacy names.
FALLBACK_ERRORS: list[tuple[int, str | None, type[APIError]]] = [
    (422, "server_not_stopped", InvalidInputError),
    (422, "placement_error", InvalidInputError),
    (412, "primary_ip_version_mismatch", PreconditionFailedError),
    (404, "firewall_resource_not_found", NotFoundError),
    (400, None, InvalidInputError),
    (401, None, AuthenticationError),
    (403, None, ForbiddenError),
    (409, None, ConflictError),
    (423, None, LockedError),
    (429, None, RateLimitExceeded),
    (418, "i_am_a_teapot", APIError),
    (418, None, APIError),
    (408, None, APIError),
    (500, None, ServerError),
    (501, "not_implemented", ServerError),
    (502, None, BadGatewayError),
    (503, None, ServiceUnavailableError),
    (504, None, GatewayTimeoutError),
    (599, None, ServerError),
    (599, "whatever", ServerError),
    # Robot webservice
    (403, "RATE_LIMIT_EXCEEDED", RateLimitExceeded),
    (404, "SERVER_NOT_FOUND", NotFoundError),
    (404, "IP_NOT_FOUND", NotFoundError),
    (404, "NOT_FOUND", NotFoundError),
    (400, "INVALID_INPUT", InvalidInputError),
    (409, "FAILOVER_ALREADY_ROUTED", ConflictError),
    (500, "INTERNAL_ERROR", ServerError),
    (503, "ROBOT_UNAVAILABLE", ServiceUnavailableError),
    # hcloud-go's extra and legacy names
    (429, "limit_reached", RateLimitExceeded),
    (503, "robot_unavailable", ServiceUnavailableError),
]

# What the public contract promises, class by class (a superclass is enough).
CONTRACT_CLASSES: list[tuple[int, str, type[APIError]]] = [
    (401, "unauthorized", AuthenticationError),
    (401, "token_readonly", AuthenticationError),
    (403, "forbidden", ForbiddenError),
    (404, "not_found", NotFoundError),
    (409, "conflict", ConflictError),
    (409, "uniqueness_error", ConflictError),
    (423, "locked", LockedError),
    (423, "protected", ProtectedError),
    (400, "json_error", InvalidInputError),
    (422, "invalid_input", InvalidInputError),
    (403, "resource_limit_exceeded", ResourceLimitExceeded),
    (429, "rate_limit_exceeded", RateLimitExceeded),
    (500, "server_error", ServerError),
    (502, "bad_gateway", ServerError),
    (503, "unavailable", ServerError),
    (504, "timeout", ServerError),
    (410, "deprecated_api_endpoint", DeprecatedEndpoint),
]

OLD_SDK_ALIASES: list[tuple[str, type[Exception]]] = [
    ("HetznerAuthenticationException", AuthenticationError),
    ("HetznerInternalServerErrorException", ServerError),
    ("HetznerActionException", ActionFailed),
    ("HetznerServerNotFoundException", NotFoundError),
    ("HetznerInvalidArgumentException", InvalidArgumentError),
    ("HetznerWaitAttemptsExceededException", WaitTimeout),
]

NOT_API_ERRORS = [ConfigurationError, TransportError, InvalidResponse, ActionFailed, WaitTimeout]

# A status is not part of a class unknown to the table: 418 maps to nothing.
UNMAPPED_STATUS = 418


SPEC = load_spec()
SPEC_ERRORS = error_rows(SPEC)


def exported_classes() -> list[type[BaseException]]:
    return [
        obj
        for name in exceptions.__all__
        if isinstance(obj := getattr(exceptions, name), type) and issubclass(obj, BaseException)
    ]


# error_class


@pytest.mark.parametrize(("status", "code", "expected"), DOCUMENTED_ERRORS)
def test_documented_code_maps_to_its_class(status: int, code: str, expected: type) -> None:
    assert error_class(status, code) is expected


@pytest.mark.parametrize(("status", "code", "expected"), FALLBACK_ERRORS)
def test_unknown_or_robot_code_falls_back(status: int, code: str | None, expected: type) -> None:
    assert error_class(status, code) is expected


@pytest.mark.parametrize(("status", "code", "expected"), CONTRACT_CLASSES)
def test_contract_classes(status: int, code: str, expected: type) -> None:
    assert issubclass(error_class(status, code), expected)


@pytest.mark.parametrize(("status", "code", "expected"), DOCUMENTED_ERRORS)
def test_code_matching_ignores_case(status: int, code: str, expected: type) -> None:
    assert error_class(status, code.upper()) is expected


def test_spec_error_table_matches_documented_table() -> None:
    # A row added to or removed from the spec shows up here first.
    assert sorted(SPEC_ERRORS) == sorted((s, c) for s, c, _ in DOCUMENTED_ERRORS)


@pytest.mark.parametrize(("status", "code"), SPEC_ERRORS)
def test_every_spec_code_is_known(status: int, code: str) -> None:
    cls = error_class(status, code)
    assert cls is not APIError
    assert issubclass(cls, APIError)
    # The code alone picks the class: with a status nobody maps, it still is not generic.
    assert error_class(UNMAPPED_STATUS, code) is cls
    # ... and the class is in the right family for the status.
    if status >= 500:
        assert issubclass(cls, ServerError)
    else:
        assert not issubclass(cls, ServerError)


# The classes


def test_every_exported_class_is_a_hetzner_error() -> None:
    classes = exported_classes()
    assert len(classes) >= 30
    for cls in classes:
        assert issubclass(cls, HetznerError), cls


@pytest.mark.parametrize("cls", NOT_API_ERRORS)
def test_client_side_errors_are_not_api_errors(cls: type) -> None:
    assert issubclass(cls, HetznerError)
    assert not issubclass(cls, APIError)


@pytest.mark.parametrize(
    ("sub", "base"),
    [
        (UniquenessError, ConflictError),
        (MaintenanceError, ForbiddenError),
        (ResourceLimitExceeded, ForbiddenError),
        (BadGatewayError, ServerError),
        (ServiceUnavailableError, ServerError),
        (GatewayTimeoutError, ServerError),
    ],
)
def test_specific_classes_are_caught_by_their_family(sub: type, base: type) -> None:
    assert issubclass(sub, base)


def test_everything_is_reexported_from_the_package() -> None:
    for name in exceptions.__all__:
        assert getattr(asynchetzner, name) is getattr(exceptions, name), name
        assert name in asynchetzner.__all__


def test_str_shows_message_code_status_and_correlation_id() -> None:
    error = NotFoundError(404, "not_found", "server with ID 42 not found", None, "abc123")
    text = str(error)
    assert "server with ID 42 not found" in text
    assert "not_found" in text
    assert "404" in text
    assert "abc123" in text


def test_str_without_code_or_correlation_id_has_no_none() -> None:
    text = str(ServerError(500, None, "HTTP 500"))
    assert "None" not in text
    assert "500" in text


def test_repr() -> None:
    error = LockedError(423, "locked", "server is locked", {"x": 1}, "c-1")
    assert repr(error) == (
        "LockedError(status=423, code='locked', message='server is locked', correlation_id='c-1')"
    )


def test_api_error_attributes() -> None:
    details = {"fields": [{"name": "broken_field", "messages": ["is too long"]}]}
    error = InvalidInputError(422, "invalid_input", "invalid input", details, "c-2")
    assert (error.status, error.code, error.message, error.details, error.correlation_id) == (
        422,
        "invalid_input",
        "invalid input",
        details,
        "c-2",
    )


def test_rate_limit_exceeded_keeps_its_hints() -> None:
    error = RateLimitExceeded(429, "rate_limit_exceeded", "slow down", retry_after=7.0, reset=99)
    assert (error.retry_after, error.reset) == (7.0, 99)
    assert RateLimitExceeded(429, None, "x").retry_after is None


def test_transport_error_flags() -> None:
    default = TransportError("reset by peer")
    assert (default.request_sent, default.retryable) == (True, True)
    refused = TransportError("refused", request_sent=False, retryable=False)
    assert (refused.request_sent, refused.retryable) == (False, False)
    assert str(refused) == "refused"


def test_invalid_response_keeps_status() -> None:
    error = InvalidResponse("not JSON", status=502, correlation_id="c")
    assert (error.status, error.correlation_id, str(error)) == (502, "c", "not JSON")


PICKLED: list[HetznerError] = [
    NotFoundError(404, "not_found", "gone", None, "c-1"),
    RateLimitExceeded(429, "rate_limit_exceeded", "slow", None, "c-2", retry_after=3.0, reset=9),
    InvalidResponse("HTML page", status=502, correlation_id="c-3"),
    TransportError("refused", request_sent=False, retryable=False),
    ConfigurationError("no token"),
    MissingCredentials("No token", ("token",), "hetzner-cloud", "/etc/hetzner.conf"),
    WaitTimeout("too slow"),
    ActionFailed(SimpleNamespace(id=1, command="poweron", error={"code": "x", "message": "y"})),
]


@pytest.mark.parametrize("error", PICKLED, ids=lambda e: type(e).__name__)
def test_errors_survive_pickling(error: HetznerError) -> None:
    # Errors cross process boundaries (ProcessPoolExecutor, multiprocessing) and copy.copy().
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


# ActionFailed and the old names


def test_action_failed_keeps_action_and_shows_error() -> None:
    action = SimpleNamespace(
        id=13,
        command="start_server",
        status="error",
        error={"code": "action_failed", "message": "Action failed"},
    )
    error = ActionFailed(action)
    assert error.action is action
    text = str(error)
    assert "action_failed" in text
    assert "Action failed" in text
    assert "13" in text
    assert "start_server" in text
    assert isinstance(error, HetznerError)


@pytest.mark.parametrize("action_error", [None, {}, "not a dict"])
def test_action_failed_without_usable_error(action_error: Any) -> None:
    action = SimpleNamespace(id=7, command="create_image", error=action_error)
    error = ActionFailed(action)
    assert error.action is action
    assert "create_image" in str(error)


@pytest.mark.parametrize(("name", "cls"), OLD_SDK_ALIASES)
def test_old_sdk_alias(name: str, cls: type) -> None:
    assert getattr(exceptions, name) is cls
    assert getattr(asynchetzner, name) is cls


def test_old_alias_catches_the_new_error() -> None:
    with pytest.raises(asynchetzner.HetznerServerNotFoundException):
        raise error_class(404, "not_found")(404, "not_found", "gone")
