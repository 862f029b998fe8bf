"""When to try a failed request again, and how long to wait first.

The official libraries' policy: retry the codes Hetzner answers with "please retry"
(``conflict``, ``rate_limit_exceeded``, ``bad_gateway``, ``timeout``), non-JSON 502/503/504 pages
from proxies, and failed connections; back off exponentially from 1 s, doubling, capped at
60 s, with full jitter, at most 5 times. A connection that cannot be made at all (refused,
nothing listening) is retried only ``max_connect_retries`` times (2: about 3 s), and a host name
that does not resolve not at all, so a mistyped endpoint fails fast.

The Robot webservice's codes mean other things: its ``CONFLICT`` is a real conflict, and its
rate limit (``403 RATE_LIMIT_EXCEEDED``) names a window that is waited out only when it fits
``backoff_cap``; otherwise the error is raised with the wait in it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .exceptions import (
    APIError,
    ConfigurationError,
    HetznerError,
    InvalidResponse,
    RateLimitExceeded,
    TransportError,
)

RETRYABLE_CODES = frozenset(
    {"rate_limit_exceeded", "limit_reached", "conflict", "bad_gateway", "timeout"}
)
RETRYABLE_INVALID_STATUSES = frozenset({502, 503, 504})
# Methods that may not be repeated when the request might have reached the API.
NOT_IDEMPOTENT = frozenset({"POST", "PATCH"})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry; ``RetryPolicy(max_retries=0)`` never retries.

    ``backoff_cap`` also bounds each wait for the rate-limit budget to refill.
    ``max_connect_retries`` bounds the retries of connections that could not be made.
    """

    max_retries: int = 5
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    jitter: bool = True
    max_connect_retries: int = 2

    def __post_init__(self) -> None:
        numbers = (self.backoff_base, self.backoff_cap)
        if (
            self.max_retries < 0
            or self.max_connect_retries < 0
            or not all(math.isfinite(number) for number in numbers)
            or not 0 <= self.backoff_base <= self.backoff_cap
        ):
            raise ConfigurationError(
                "RetryPolicy needs max_retries >= 0, max_connect_retries >= 0 and "
                f"0 <= backoff_base <= backoff_cap (finite), got max_retries={self.max_retries}, "
                f"max_connect_retries={self.max_connect_retries}, "
                f"backoff_base={self.backoff_base}, backoff_cap={self.backoff_cap}"
            )

    def backoff(self, retry: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds before retry number ``retry`` (0 for the first): truncated exponential."""
        delay = min(self.backoff_cap, self.backoff_base * 2.0 ** min(retry, 64))
        if self.jitter:
            delay = self.backoff_base + (delay - self.backoff_base) * rand()
        return delay

    def retries_for(self, error: HetznerError) -> int:
        """The most retries ``error`` gets: a connection that could not be made at all
        ``max_connect_retries`` (nothing answers: say so soon), anything else ``max_retries``."""
        if isinstance(error, TransportError) and not error.request_sent:
            return min(self.max_connect_retries, self.max_retries)
        return self.max_retries

    def is_retryable(self, error: HetznerError, method: str, *, robot: bool = False) -> bool:
        """Whether ``error`` is worth another try of a ``method`` request (to Robot: ``robot``)."""
        if isinstance(error, TransportError):
            if not error.retryable:
                return False
            return not (error.request_sent and method.upper() in NOT_IDEMPOTENT)
        if isinstance(error, InvalidResponse):
            return error.status in RETRYABLE_INVALID_STATUSES and not error.hostile
        if isinstance(error, RateLimitExceeded):
            return True
        if isinstance(error, APIError) and not robot:
            if error.code is None:  # a proxy's JSON page rather than the API's envelope
                return error.status in RETRYABLE_INVALID_STATUSES
            return error.code.lower() in RETRYABLE_CODES
        return False

    def delay(
        self, error: HetznerError, method: str, retry: int, now: float, *, robot: bool = False
    ) -> float | None:
        """Seconds to wait before retry number ``retry``, or ``None`` to give up.

        A rate-limited answer waits for its ``Retry-After`` or ``RateLimit-Reset`` when that comes
        sooner than ``backoff_cap``; everything else backs off.
        """
        if retry >= self.retries_for(error) or not self.is_retryable(error, method, robot=robot):
            return None
        if isinstance(error, RateLimitExceeded):
            hint = error.retry_after
            if hint is None and error.reset is not None:
                hint = max(0.0, error.reset - now)
            if hint is not None and hint <= self.backoff_cap:
                return hint
            if robot:  # Robot's window is an hour or so: no backoff mends that
                return None
        return self.backoff(retry)


@dataclass(frozen=True)
class Wait:
    """A pause before a request is sent, as the client's ``on_wait`` hook hears of it.

    ``reason`` is ``"retry"``: ``error`` failed the request, which is sent again after ``seconds``
    as retry ``attempt`` of at most ``attempts``; or ``"rate_limit"``: the budget of ``limit``
    requests an hour is used up, and the request waits ``seconds`` for it to refill.
    ``str()`` says so in one line.
    """

    reason: Literal["retry", "rate_limit"]
    seconds: float
    method: str
    path: str
    base_url: str
    error: HetznerError | None = None
    attempt: int = 0
    attempts: int = 0
    limit: int = 0

    def __str__(self) -> str:
        request = f"{self.method} {self.path}"
        if self.reason == "rate_limit":
            return (
                f"rate limit of {self.limit} requests an hour used up; "
                f"waiting {self.seconds:.1f} s before {request}"
            )
        # An API error's message does not name the request; the others' do.
        failed = f"{request}: {self.error}" if isinstance(self.error, APIError) else self.error
        return f"{failed}; retry {self.attempt} of {self.attempts} in {self.seconds:.1f} s"
