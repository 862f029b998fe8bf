"""Fault injection: latency per route, and a share of answers replaced by failures.

Kinds of failure, each as a proxy or the API produces it:

- ``html_502``: a non-JSON ``502 Bad Gateway`` page, as from a load balancer;
- ``unavailable``: ``503 unavailable`` in Hetzner's JSON envelope;
- ``timeout``: ``504 timeout`` (the API's "please retry");
- ``conflict``: ``409 conflict`` (the API's "resource changed, please retry");
- ``drop``: the connection is closed without an answer.

Routes are ``fnmatch`` patterns on ``"METHOD /path"`` without ``/v1``, e.g. ``"POST /servers*"``.
With a ``seed`` the same requests meet the same faults in every run.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

FAULT_KINDS = ("html_502", "unavailable", "timeout", "conflict", "drop")


@dataclass(frozen=True)
class Fault:
    """Replace ``share`` (0 to 1) of the answers on ``route`` by a failure of ``kind``."""

    kind: str
    share: float
    route: str = "*"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; known: {', '.join(FAULT_KINDS)}")
        if not 0.0 <= self.share <= 1.0:
            raise ValueError(f"fault share must be between 0 and 1, got {self.share}")


@dataclass(frozen=True)
class Latency:
    """Delay every answer on ``route`` by ``seconds``."""

    seconds: float
    route: str = "*"


class FaultInjector:
    """Decide, per request, the delay and the failure (if any) to inject."""

    def __init__(
        self, faults: Sequence[Fault] = (), latency: Sequence[Latency] = (), seed: int | None = None
    ) -> None:
        self.faults = tuple(faults)
        self.latency = tuple(latency)
        self._random = random.Random(seed)

    @classmethod
    def parse(cls, text: str, seed: int | None = None) -> FaultInjector:
        """Read ``"html_502=0.1,drop=0.05,latency=0.02"`` (the CLI's ``--faults``)."""
        faults: list[Fault] = []
        latency: list[Latency] = []
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, _, value = item.partition("=")
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"fault {item!r} needs a number, as in {name}=0.1") from None
            if name == "latency":
                latency.append(Latency(number))
            else:
                faults.append(Fault(name, number))
        return cls(faults, latency, seed)

    def delay(self, route: str) -> float:
        """Seconds to hold the answer for ``route``."""
        return sum(rule.seconds for rule in self.latency if fnmatchcase(route, rule.route))

    def pick(self, route: str) -> str | None:
        """The failure to answer ``route`` with, or ``None`` for a normal answer."""
        for fault in self.faults:
            if fnmatchcase(route, fault.route) and self._random.random() < fault.share:
                return fault.kind
        return None
