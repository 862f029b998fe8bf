"""Progress of many actions at once: a redrawn bar on a terminal, a few plain lines elsewhere."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from ..typed.actions import Action

if TYPE_CHECKING:
    from ..client import Client

BAR_WIDTH = 30
PLAIN_LINE_EVERY = 1.0  # seconds between plain lines when not on a terminal


class ActionProgress:
    """Pass ``update`` as ``on_progress`` to ``client.actions.wait``; ``close`` when done."""

    def __init__(self, total: int, out: TextIO, label: str) -> None:
        self.total = total
        self.out = out
        self.label = label
        self.tty = out.isatty()
        self._progress: dict[int, int] = {}
        self._progress_sum = 0  # of _progress's values, kept as they change
        self._finished: set[int] = set()
        self._started = time.monotonic()
        self._last_line: tuple[int, float] | None = None
        self._draw()

    def update(self, action: Action) -> None:
        """Take the latest state of one action."""
        progress = 100 if not action.running else action.progress
        self._progress_sum += progress - self._progress.get(action.id, 0)
        self._progress[action.id] = progress
        if not action.running:
            self._finished.add(action.id)
        self._draw()

    def _draw(self) -> None:
        done = len(self._finished)
        percent = self._progress_sum // max(self.total, 1)
        elapsed = time.monotonic() - self._started
        if self.tty:
            filled = BAR_WIDTH * percent // 100
            bar = "█" * filled + "░" * (BAR_WIDTH - filled)
            self.out.write(
                f"\r  {self.label:<28} [{bar}] {percent:3d}%  {done}/{self.total} done  "
                f"{elapsed:4.1f}s"
            )
            self.out.flush()
            return
        if self._last_line is not None:
            last_done, last_time = self._last_line
            if done == last_done or (done < self.total and elapsed - last_time < PLAIN_LINE_EVERY):
                return
        self._last_line = (done, elapsed)
        self.out.write(f"  {self.label}: {done}/{self.total} actions done ({elapsed:.1f}s)\n")

    def close(self) -> None:
        """End the bar's line."""
        if self.tty:
            self.out.write("\n")
            self.out.flush()


async def wait_with_progress(
    client: Client, actions: Sequence[Action | int], out: TextIO | None, label: str
) -> list[Action]:
    """Wait for the actions together, drawing their progress on ``out`` (``None``: nowhere)."""
    if out is None:
        return await client.actions.wait(actions)
    progress = ActionProgress(len(actions), out, label)
    try:
        return await client.actions.wait(actions, on_progress=progress.update)
    finally:
        progress.close()
