"""RetryPolicy: the official libraries' policy (api-facts.md §2) plus the contract's POST rule.

Retry the codes Hetzner answers with "please retry", proxies' non-JSON 502/503/504 pages and failed
connections; back off from 1 s, doubling, capped at 60 s, full jitter, at most 5 times.
"""

from __future__ import annotations

import dataclasses

import pytest

from asynchetzner.exceptions import (
    ActionFailed,
    APIError,
    ConfigurationError,
    HetznerError,
    InvalidResponse,
    RateLimitExceeded,
    TransportError,
    WaitTimeout,
    error_class,
)
from asynchetzner.retry import RetryPolicy

NOW = 1_700_000_000.0
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]

# retry number -> seconds, without jitter, for the default policy (base 1 s, cap 60 s).
DEFAULT_BACKOFF = [(0, 1.0), (1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 32.0), (6, 60.0)]
SMALL_BACKOFF = [(0, 0.5), (1, 1.0), (2, 2.0), (3, 3.0), (9, 3.0)]  # base 0.5, cap 3

# (status, code, retryable), for any method.
API_ERRORS: list[tuple[int, str | None, bool]] = [
    (409, "conflict", True),
    (429, "rate_limit_exceeded", True),
    (429, "limit_reached", True),
    (502, "bad_gateway", True),
    (504, "timeout", True),
    (403, "RATE_LIMIT_EXCEEDED", True),  # Robot
    (429, None, True),  # a 429 is a rate limit even without a code
    (400, "json_error", False),
    (401, "unauthorized", False),
    (403, "forbidden", False),
    (403, "maintenance", False),
    (404, "not_found", False),
    (409, "uniqueness_error", False),
    (412, "resource_unavailable", False),
    (422, "invalid_input", False),
    (422, "service_error", False),
    (423, "locked", False),
    (423, "protected", False),
    (500, "server_error", False),
    (503, "unavailable", False),
    (418, None, False),
]

INVALID_RESPONSES = [
    (502, True),
    (503, True),
    (504, True),
    (500, False),
    (200, False),
    (404, False),
]

# (request_sent, retryable, method, expected)
TRANSPORT_ERRORS: list[tuple[bool, bool, str, bool]] = [
    (False, True, "GET", True),
    (False, True, "POST", True),
    (False, True, "PATCH", True),
    (True, True, "GET", True),
    (True, True, "PUT", True),
    (True, True, "DELETE", True),
    (True, True, "get", True),
    (True, True, "POST", False),
    (True, True, "post", False),
    (True, True, "PATCH", False),
    (False, False, "GET", False),
    (True, False, "GET", False),
    (False, False, "POST", False),
]

INVALID_POLICIES = [
    {"max_retries": -1},
    {"backoff_base": -1.0},
    {"backoff_base": 10.0, "backoff_cap": 5.0},
    {"backoff_cap": 0.5},
]


def api_error(status: int, code: str | None) -> APIError:
    return error_class(status, code)(status, code, "it failed")


def rate_limited(retry_after: float | None = None, reset: int | None = None) -> RateLimitExceeded:
    return RateLimitExceeded(
        429, "rate_limit_exceeded", "slow down", retry_after=retry_after, reset=reset
    )


NO_JITTER = RetryPolicy(jitter=False)


# The policy itself


def test_defaults() -> None:
    policy = RetryPolicy()
    assert (policy.max_retries, policy.backoff_base, policy.backoff_cap, policy.jitter) == (
        5,
        1.0,
        60.0,
        True,
    )


@pytest.mark.parametrize("kwargs", INVALID_POLICIES)
def test_invalid_policy(kwargs: dict) -> None:
    with pytest.raises(ConfigurationError):
        RetryPolicy(**kwargs)


@pytest.mark.parametrize(
    "kwargs", [{"max_retries": 0}, {"backoff_base": 0.0}, {"backoff_base": 2.0, "backoff_cap": 2.0}]
)
def test_edge_policies_are_valid(kwargs: dict) -> None:
    RetryPolicy(**kwargs)


def test_policy_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RetryPolicy().max_retries = 9  # type: ignore[misc]


# backoff


@pytest.mark.parametrize(("retry", "seconds"), DEFAULT_BACKOFF)
def test_backoff_without_jitter(retry: int, seconds: float) -> None:
    assert NO_JITTER.backoff(retry) == seconds


@pytest.mark.parametrize(("retry", "seconds"), SMALL_BACKOFF)
def test_backoff_base_and_cap(retry: int, seconds: float) -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=3.0, jitter=False)
    assert policy.backoff(retry) == seconds


def test_backoff_ignores_rand_without_jitter() -> None:
    assert NO_JITTER.backoff(3, rand=lambda: 0.0) == 8.0


@pytest.mark.parametrize("retry", [100, 1100, 10_000])
def test_backoff_is_capped_for_any_retry_number(retry: int) -> None:
    # A patient policy (max_retries=10_000) must not crash with OverflowError at retry 1024.
    assert NO_JITTER.backoff(retry) == 60.0
    assert RetryPolicy(max_retries=20_000).backoff(retry, rand=lambda: 1.0) == 60.0


@pytest.mark.parametrize(
    ("retry", "rand", "seconds"),
    [
        (0, 0.0, 1.0),
        (0, 1.0, 1.0),
        (3, 0.0, 1.0),  # full jitter starts at the base
        (3, 1.0, 8.0),  # ... and reaches the full delay
        (3, 0.5, 4.5),  # (8 - 1) * 0.5 + 1
        (10, 0.0, 1.0),
        (10, 1.0, 60.0),
        (10, 0.25, 15.75),  # (60 - 1) * 0.25 + 1
    ],
)
def test_backoff_with_jitter(retry: int, rand: float, seconds: float) -> None:
    assert RetryPolicy().backoff(retry, rand=lambda: rand) == seconds


def test_backoff_jitter_uses_random_by_default() -> None:
    delays = {RetryPolicy().backoff(5) for _ in range(50)}
    assert all(1.0 <= delay <= 32.0 for delay in delays)
    assert len(delays) > 1


# is_retryable


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("status", "code", "expected"), API_ERRORS)
def test_api_error_retryable(status: int, code: str | None, expected: bool, method: str) -> None:
    assert RetryPolicy().is_retryable(api_error(status, code), method) is expected


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("status", "expected"), INVALID_RESPONSES)
def test_invalid_response_retryable(status: int, expected: bool, method: str) -> None:
    error = InvalidResponse("<html>", status=status)
    assert RetryPolicy().is_retryable(error, method) is expected


@pytest.mark.parametrize(("request_sent", "retryable", "method", "expected"), TRANSPORT_ERRORS)
def test_transport_error_retryable(
    request_sent: bool, retryable: bool, method: str, expected: bool
) -> None:
    error = TransportError("connection failed", request_sent=request_sent, retryable=retryable)
    assert RetryPolicy().is_retryable(error, method) is expected


@pytest.mark.parametrize(
    "error",
    [ConfigurationError("no token"), WaitTimeout("slow"), ActionFailed(None), HetznerError("?")],
    ids=lambda e: type(e).__name__,
)
def test_client_side_errors_are_not_retried(error: HetznerError) -> None:
    assert RetryPolicy().is_retryable(error, "GET") is False
    assert RetryPolicy().delay(error, "GET", 0, NOW) is None


# delay


@pytest.mark.parametrize("retry", [0, 1, 2, 3, 4])
def test_delay_backs_off_until_max_retries(retry: int) -> None:
    assert NO_JITTER.delay(api_error(409, "conflict"), "POST", retry, NOW) == 2.0**retry


@pytest.mark.parametrize("retry", [5, 6, 100])
def test_delay_gives_up_after_max_retries(retry: int) -> None:
    assert NO_JITTER.delay(api_error(409, "conflict"), "GET", retry, NOW) is None
    assert NO_JITTER.delay(rate_limited(retry_after=1.0), "GET", retry, NOW) is None


def test_delay_of_a_custom_max_retries() -> None:
    policy = RetryPolicy(max_retries=2, jitter=False)
    error = api_error(504, "timeout")
    assert [policy.delay(error, "GET", retry, NOW) for retry in range(4)] == [1.0, 2.0, None, None]


def test_max_retries_zero_never_retries() -> None:
    policy = RetryPolicy(max_retries=0)
    for error in (
        api_error(409, "conflict"),
        rate_limited(retry_after=1.0),
        InvalidResponse("<html>", status=502),
        TransportError("refused", request_sent=False),
    ):
        assert policy.delay(error, "GET", 0, NOW) is None


def test_delay_none_for_non_retryable() -> None:
    assert NO_JITTER.delay(api_error(422, "invalid_input"), "GET", 0, NOW) is None
    sent = TransportError("reset", request_sent=True)
    assert NO_JITTER.delay(sent, "POST", 0, NOW) is None
    assert NO_JITTER.delay(sent, "GET", 0, NOW) == 1.0


def test_rate_limit_waits_retry_after() -> None:
    assert NO_JITTER.delay(rate_limited(retry_after=3.0), "POST", 0, NOW) == 3
    assert NO_JITTER.delay(rate_limited(retry_after=3.0), "GET", 4, NOW) == 3


def test_rate_limit_waits_until_reset() -> None:
    error = rate_limited(reset=int(NOW) + 10)
    assert NO_JITTER.delay(error, "GET", 0, NOW) == 10


def test_rate_limit_retry_after_wins_over_reset() -> None:
    error = rate_limited(retry_after=2.0, reset=int(NOW) + 30)
    assert NO_JITTER.delay(error, "GET", 0, NOW) == 2


def test_rate_limit_reset_in_the_past_retries_now() -> None:
    assert NO_JITTER.delay(rate_limited(reset=int(NOW) - 5), "GET", 0, NOW) == 0


@pytest.mark.parametrize("retry", [0, 2])
def test_rate_limit_reset_beyond_cap_backs_off(retry: int) -> None:
    error = rate_limited(reset=int(NOW) + 3600)
    assert NO_JITTER.delay(error, "GET", retry, NOW) == 2.0**retry
    jittered = RetryPolicy().delay(error, "GET", retry, NOW)
    assert jittered is not None
    assert 1.0 <= jittered <= 60.0


def test_rate_limit_retry_after_beyond_cap_backs_off() -> None:
    assert NO_JITTER.delay(rate_limited(retry_after=600.0), "GET", 1, NOW) == 2.0


def test_rate_limit_without_hints_backs_off() -> None:
    assert NO_JITTER.delay(rate_limited(), "GET", 3, NOW) == 8.0


def test_rate_limit_hint_equal_to_cap_is_used() -> None:
    policy = RetryPolicy(backoff_cap=10.0, jitter=False)
    assert policy.delay(rate_limited(retry_after=10.0), "GET", 0, NOW) == 10.0
