"""The request budget: ``RateLimit-*`` headers, and a gate that waits instead of overspending.

The Cloud API allows a budget of requests per hour that refills gradually (one request per second
at the default 3600/h). ``RateLimit-Reset`` is the UNIX time when the budget is *full* again, so the
time until one more request is allowed is ``(reset - now) / (limit - remaining)``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

logger = logging.getLogger("asynchetzner")


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The budget as of one answer: requests per hour, requests left, UNIX time of full budget."""

    limit: int
    remaining: int
    reset: int

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit | None:
        """Read ``RateLimit-Limit/Remaining/Reset``; ``None`` when absent or malformed."""
        try:
            return cls(
                limit=int(headers["RateLimit-Limit"]),
                remaining=int(headers["RateLimit-Remaining"]),
                reset=int(headers["RateLimit-Reset"]),
            )
        except (KeyError, ValueError):
            return None

    @property
    def reset_at(self) -> datetime:
        """``reset`` as an aware datetime."""
        return datetime.fromtimestamp(self.reset, tz=timezone.utc)

    def refill_interval(self, now: float) -> float:
        """Seconds until the budget has grown by one request, estimated from the reset time."""
        until_full = max(0.0, self.reset - now)
        missing = self.limit - self.remaining
        return until_full / missing if missing > 0 else until_full


class RateLimitGate:
    """Let requests pass while budget is left; once it is spent, pass one per refill interval.

    Every answer's ``RateLimit`` is ``observe``d; between answers each request passing the gate
    spends one request of the last known budget, so concurrent requests do not all rush a budget
    of zero and get refused. No single wait exceeds ``max_wait`` seconds.
    """

    def __init__(
        self,
        *,
        max_wait: float = 60.0,
        clock: Callable[[], float] | None = None,
        log_extra: Mapping[str, Any] = {},
    ) -> None:
        self._max_wait = max_wait
        self._clock = clock or time.time
        self._log_extra = log_extra
        self._rate_limit: RateLimit | None = None
        self._remaining: int | None = None
        self._lock = asyncio.Lock()

    def observe(self, rate_limit: RateLimit) -> None:
        """Take the budget an answer reported."""
        self._rate_limit = rate_limit
        self._remaining = rate_limit.remaining

    def spend(self) -> bool:
        """Spend one request of the budget without waiting: whether there was one to spend
        (always, until an answer has told the budget); when not, ``wait``."""
        remaining = self._remaining
        if remaining is None:
            return True
        if remaining > 0:
            self._remaining = remaining - 1
            return True
        return False

    async def wait(self, on_wait: Callable[[float, int], None] | None = None) -> None:
        """Return when a request may be sent, spending one request of the budget; before
        waiting, call ``on_wait`` with the seconds to wait and the budget's requests an hour."""
        if self.spend():
            return
        async with self._lock:
            if self.spend():  # another request waited while this one queued
                return
            assert self._rate_limit is not None
            # Capped, so a server clock far ahead of ours cannot stall the client.
            delay = min(self._rate_limit.refill_interval(self._clock()), self._max_wait)
            if delay > 0:
                logger.warning(
                    "rate limit budget used up (%d/h); waiting %.2f s before the next request",
                    self._rate_limit.limit,
                    delay,
                    extra=self._log_extra,
                )
                if on_wait is not None:
                    on_wait(delay, self._rate_limit.limit)
                await asyncio.sleep(delay)
