"""The project's request budget, refilled gradually as Hetzner does (3600/h, one per second)."""

from __future__ import annotations

import math
from collections.abc import Callable


class Budget:
    """A token bucket that answers with Hetzner's ``RateLimit-*`` headers."""

    def __init__(self, limit: int, refill_per_second: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.refill_per_second = refill_per_second
        self._clock = clock
        self._tokens = float(limit)
        self._updated = clock()

    def _refill(self) -> float:
        now = self._clock()
        self._tokens = min(
            float(self.limit), self._tokens + (now - self._updated) * self.refill_per_second
        )
        self._updated = now
        return now

    def take(self) -> bool:
        """Spend one request; ``False`` when the budget is used up."""
        self._refill()
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True

    def headers(self) -> dict[str, str]:
        """``RateLimit-Limit``, ``-Remaining`` and ``-Reset`` (UNIX time of a full budget)."""
        now = self._refill()
        missing = self.limit - self._tokens
        reset = now + missing / self.refill_per_second if self.refill_per_second > 0 else now
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(int(self._tokens)),
            "RateLimit-Reset": str(math.ceil(reset)),
        }
