"""How often awaited actions are polled: a policy the client is given, the poller applies."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PollPolicy:
    """How often the poller asks: ``interval`` first, times ``factor`` a round, up to a maximum.

    Where the actions' progress tells when they will be done, the poller asks then instead,
    still ``interval`` at least and ``max_interval`` at most after the last round.
    """

    interval: float = 0.5
    factor: float = 1.5
    max_interval: float = 5.0
