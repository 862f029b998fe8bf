"""The demo and its progress display."""

from __future__ import annotations

import io
import re

from asynchetzner import Action
from asynchetzner.cli.demo import run_demo
from asynchetzner.cli.progress import ActionProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def action(action_id: int, status: str = "running", progress: int = 0) -> Action:
    data = {"id": action_id, "command": "start_server", "status": status, "progress": progress}
    return Action(None, data)


async def test_demo_creates_lists_cycles_and_deletes() -> None:
    out = io.StringIO()
    assert await run_demo(out, count=4, action_seconds=0.0) == 0
    text = out.getvalue()
    assert re.search(r"simulated Hetzner Cloud at http://127\.0\.0\.1:\d+/v1", text)
    assert "creating 4 servers: 8/8 actions done" in text
    table_rows = re.findall(r"^\s*\d+\s+demo-0\d\s+running\s", text, re.MULTILINE)
    assert len(table_rows) == 4
    assert "powering off 2 web servers: 2/2 actions done" in text
    assert "deleting 4 servers: 4/4 actions done" in text
    summary = re.search(r"4 servers, (\d+) actions, (\d+) requests sent, 0 servers left", text)
    assert summary is not None
    assert int(summary.group(1)) == 8 + 2 + 2 + 4
    assert re.search(r"rate-limit budget: \d+ of 3600/h used", text)


async def test_demo_draws_a_bar_on_a_terminal() -> None:
    out = Terminal()
    await run_demo(out, count=2, action_seconds=0.0)
    assert "\r  creating 2 servers" in out.getvalue()
    assert "100%  4/4 done" in out.getvalue()


def test_bar_shows_mean_progress_and_finished_count() -> None:
    out = Terminal()
    progress = ActionProgress(2, out, "working")
    progress.update(action(1, progress=50))
    assert " 25%  0/2 done" in out.getvalue()
    progress.update(action(2, status="success", progress=100))
    assert " 75%  1/2 done" in out.getvalue()
    progress.close()
    assert out.getvalue().endswith("\n")


def test_plain_lines_only_when_something_finished_and_time_moved_on() -> None:
    out = io.StringIO()
    progress = ActionProgress(3, out, "working")
    progress.update(action(1, progress=10))
    progress.update(action(1, status="success"))  # same moment: no new line yet
    progress.update(action(2, status="success"))
    progress.update(action(3, status="error"))  # the last one always gets its line
    progress.close()
    assert out.getvalue().splitlines() == [
        "  working: 0/3 actions done (0.0s)",
        "  working: 3/3 actions done (0.0s)",
    ]
