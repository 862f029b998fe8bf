"""When to try a failed request again, and how long to wait first.

The official libraries' policy: retry the codes Hetzner answers with "please retry"
(``conflict``, ``rate_limit_exceeded``, ``bad_gateway``, ``timeout``), non-JSON 502/503/504 pages
from proxies, and failed connections; back off exponentially from 1 s, doubling, capped at
60 s, with full jitter, at most 5 times.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

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
    """

    max_retries: int = 5
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    jitter: bool = True

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.backoff_base < 0 or self.backoff_cap < self.backoff_base:
            raise ConfigurationError(
                "RetryPolicy needs max_retries >= 0 and 0 <= backoff_base <= backoff_cap, got "
                f"max_retries={self.max_retries}, backoff_base={self.backoff_base}, "
                f"backoff_cap={self.backoff_cap}"
            )

    def backoff(self, retry: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds before retry number ``retry`` (0 for the first): truncated exponential."""
        delay = min(self.backoff_cap, self.backoff_base * 2.0 ** min(retry, 64))
        if self.jitter:
            delay = self.backoff_base + (delay - self.backoff_base) * rand()
        return delay

    def is_retryable(self, error: HetznerError, method: str) -> bool:
        """Whether ``error`` is worth another try of a ``method`` request."""
        if isinstance(error, TransportError):
            if not error.retryable:
                return False
            return not (error.request_sent and method.upper() in NOT_IDEMPOTENT)
        if isinstance(error, InvalidResponse):
            return error.status in RETRYABLE_INVALID_STATUSES
        if isinstance(error, RateLimitExceeded):
            return True
        if isinstance(error, APIError):
            if error.code is None:  # a proxy's JSON page rather than the API's envelope
                return error.status in RETRYABLE_INVALID_STATUSES
            return error.code.lower() in RETRYABLE_CODES
        return False

    def delay(self, error: HetznerError, method: str, retry: int, now: float) -> float | None:
        """Seconds to wait before retry number ``retry``, or ``None`` to give up.

        A rate-limited answer waits for its ``Retry-After`` or ``RateLimit-Reset`` when that comes
        sooner than ``backoff_cap``; everything else backs off.
        """
        if retry >= self.max_retries or not self.is_retryable(error, method):
            return None
        if isinstance(error, RateLimitExceeded):
            hint = error.retry_after
            if hint is None and error.reset is not None:
                hint = max(0.0, error.reset - now)
            if hint is not None and hint <= self.backoff_cap:
                return hint
        return self.backoff(retry)
