"""When awaited actions will finish, estimated from the ``progress`` they report to the poller.

The poller notes each running action's progress once a round, at a time of its own monotonic
clock. Once progress has moved between two rounds, the rate from the first note to the last gives
a **firm** estimate. With a single note, the action's ``started`` against the wall clock gives a
**hint** only: ``started`` has whole seconds and the server's clock may differ from ours, so a
hint may bring a round closer but never put one off. Progress that did not move since the last
note (stalled, or an API that reports only 0 and 100) gives no estimate at all.

Progress is a whole percentage, rounded down, so the notes allow a range of finishes: a round at
the latest finds the action done unless its pace slowed, and the range narrows as the notes
grow further apart.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Estimate:
    """When an action should be done (poller clock): at the latest, at the earliest, and
    whether that may put a round off."""

    latest: float
    earliest: float
    firm: bool


@dataclass
class _Notes:
    """What the poller saw of one action: its first and last progress, and when."""

    first_at: float
    first: int
    last_at: float
    last: int
    moved: bool = False  # progress grew between the last two notes
    started_hint: float | None = None  # a finish from ``started``, from the first note only


def _hint(at: float, progress: int, started: datetime | None, wall_now: float) -> float | None:
    """A finish from how long the action has run so far, if that can be told."""
    if started is None or progress <= 0:
        return None
    elapsed = wall_now - started.timestamp()
    if elapsed <= 0:  # a clock behind the server's: nothing to go by
        return None
    return at + elapsed * (100 - progress) / progress


class FinishTimes:
    """The progress notes of the actions being waited for, and the estimates they give."""

    def __init__(self) -> None:
        self._notes: dict[Hashable, _Notes] = {}

    def note(
        self,
        key: Hashable,
        at: float,
        progress: int,
        started: datetime | None,
        wall_now: float,
    ) -> None:
        """Record an action's ``progress`` seen at ``at`` (poller clock; ``wall_now`` UNIX)."""
        notes = self._notes.get(key)
        if notes is None or progress < notes.last:  # new, or a restart: start over
            hint = _hint(at, progress, started, wall_now)
            self._notes[key] = _Notes(at, progress, at, progress, started_hint=hint)
            return
        notes.moved = progress > notes.last
        notes.last_at, notes.last = at, progress

    def estimate(self, key: Hashable) -> Estimate | None:
        """When the action should be done, or ``None`` when its notes cannot tell."""
        notes = self._notes.get(key)
        if notes is None:
            return None
        if notes.last_at == notes.first_at:
            hint = notes.started_hint
            return None if hint is None else Estimate(hint, hint, firm=False)
        # Each percentage may have been nearly a point more: the slowest pace has the first one
        # a point more and the last as seen, the fastest the other way round.
        gained = notes.last - notes.first
        if not notes.moved or gained <= 1:
            return None
        seconds = notes.last_at - notes.first_at
        latest = notes.last_at + (100 - notes.last) * seconds / (gained - 1)
        earliest = notes.last_at + (99 - notes.last) * seconds / (gained + 1)
        return Estimate(latest, earliest, firm=True)

    def keep(self, keys: Iterable[Hashable]) -> None:
        """Forget every action but ``keys`` (those still awaited)."""
        wanted = set(keys)
        self._notes = {key: notes for key, notes in self._notes.items() if key in wanted}
