"""One simulated Hetzner project: its tokens, its state, its request budget, and what the
simulator injects into (faults) and records of (requests, observers) the answers it serves."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

from .budget import Budget
from .faults import FaultInjector
from .store import Store

Observer = Callable[[web.Request, web.Response], None]


@dataclass
class Project:
    """Everything one running simulator holds: tokens, state, budget, faults, counters."""

    token: str
    read_only_tokens: frozenset[str] = frozenset()
    store: Store = field(default_factory=Store)
    budget: Budget = field(default_factory=lambda: Budget(3600, 1.0, time.time))
    faults: FaultInjector = field(default_factory=FaultInjector)
    requests: Counter[str] = field(default_factory=Counter)
    observers: list[Observer] = field(default_factory=list)

    def now(self) -> float:
        return self.store.now()
