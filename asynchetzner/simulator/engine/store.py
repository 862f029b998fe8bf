"""The simulator's memory: entities by kind, ids that are never reused, and actions that progress.

Time comes from an injectable clock, and actions finish lazily: ``advance()`` (called before every
request) finishes each action whose time is up and applies its effect, so no background task runs
and a test can move a fake clock to finish actions at once.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .table import Table

Effect = Callable[[], None]

# Seconds an action takes on Hetzner, roughly, for ``realistic`` speed.
REALISTIC_SECONDS = {
    "create_server": 12.0,
    "start_server": 6.0,
    "stop_server": 4.0,
    "shutdown_server": 6.0,
    "reboot_server": 8.0,
    "reset_server": 4.0,
    "rebuild_server": 20.0,
    "change_server_type": 30.0,
    "create_image": 25.0,
    "delete_server": 4.0,
}
DEFAULT_REALISTIC_SECONDS = 3.0


def rfc3339(timestamp: float) -> str:
    """Format a UNIX time as the API does."""
    return datetime.fromtimestamp(int(timestamp), tz=timezone.utc).isoformat()


@dataclass
class Action:
    """One action: command, resources, timing, and what happens when it succeeds."""

    id: int
    command: str
    resources: list[dict[str, Any]]
    started: float
    due: float
    on_success: Effect | None = None
    failure: dict[str, str] | None = None
    finished: float | None = None

    @property
    def status(self) -> str:
        if self.finished is None:
            return "running"
        return "error" if self.failure else "success"

    def to_json(self, now: float) -> dict[str, Any]:
        """The action as the API shows it at time ``now``."""
        if self.finished is not None:
            progress = 100
        elif self.due <= self.started:
            progress = 0
        else:
            progress = max(0, min(99, int((now - self.started) / (self.due - self.started) * 100)))
        return {
            "id": self.id,
            "command": self.command,
            "status": self.status,
            "progress": progress,
            "started": rfc3339(self.started),
            "finished": rfc3339(self.finished) if self.finished is not None else None,
            "resources": [dict(resource) for resource in self.resources],
            "error": dict(self.failure) if self.failure else None,
        }


@dataclass
class Store:
    """All state of one simulated project."""

    clock: Callable[[], float] = time.time
    action_seconds: float | None = 0.1
    entities: dict[str, Table] = field(default_factory=lambda: defaultdict(Table))
    actions: dict[int, Action] = field(default_factory=dict)
    _ids: dict[str, itertools.count[int]] = field(
        default_factory=lambda: defaultdict(lambda: itertools.count(1))
    )
    _due: list[tuple[float, int]] = field(default_factory=list)
    _failures: dict[str, deque[dict[str, str]]] = field(default_factory=lambda: defaultdict(deque))
    _busy: Counter[tuple[str, int]] = field(default_factory=Counter)
    # the ids of the actions on each resource, (type, id), and on each type, (type, None)
    _on: dict[tuple[str, int | None], dict[int, None]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    def now(self) -> float:
        return self.clock()

    def next_id(self, kind: str) -> int:
        """A fresh id for ``kind``; ids are never reused, even after deletion."""
        return next(self._ids[kind])

    def skip_ids(self, kind: str, past: int) -> None:
        """Make the next ids of ``kind`` greater than ``past`` (past the seeded ids)."""
        following = next(self._ids[kind])
        self._ids[kind] = itertools.count(max(following, past + 1))

    def table(self, kind: str) -> Table:
        """The entities of one kind by id."""
        return self.entities[kind]

    def fail_next(
        self, command: str, code: str = "action_failed", message: str = "Action failed"
    ) -> None:
        """Make the next action with ``command`` finish with status ``error``."""
        self._failures[command].append({"code": code, "message": message})

    def start_action(
        self,
        command: str,
        resources: Iterable[tuple[str, int]],
        on_success: Effect | None = None,
        *,
        duration: float | None = None,
        after: Action | None = None,
    ) -> Action:
        """Start an action; ``on_success`` runs when it finishes without error.

        An action started ``after`` another (a ``next_action``) finishes only after that one.
        """
        if duration is None:
            duration = self.action_seconds
        if duration is None:
            duration = REALISTIC_SECONDS.get(command, DEFAULT_REALISTIC_SECONDS)
        failures = self._failures.get(command)
        started = self.now()
        action = Action(
            id=self.next_id("action"),
            command=command,
            resources=[{"id": rid, "type": rtype} for rtype, rid in resources],
            started=started,
            due=max(started, after.due if after else started) + duration,
            on_success=on_success,
            failure=failures.popleft() if failures else None,
        )
        self.actions[action.id] = action
        for resource in action.resources:
            self._on[resource["type"], resource["id"]][action.id] = None
            self._on[resource["type"], None][action.id] = None
        heapq.heappush(self._due, (action.due, action.id))
        self._busy.update((r["type"], r["id"]) for r in action.resources)
        return action

    def advance(self) -> None:
        """Finish every action whose time has come, in order, applying its effect."""
        now = self.now()
        while self._due and self._due[0][0] <= now:
            due, action_id = heapq.heappop(self._due)
            action = self.actions[action_id]
            action.finished = due
            self._busy.subtract((r["type"], r["id"]) for r in action.resources)
            if action.failure is None and action.on_success is not None:
                action.on_success()

    def actions_on(self, resource_type: str, resource_id: int | None = None) -> list[Action]:
        """The actions on one resource (on any of its type when ``resource_id`` is ``None``),
        oldest first."""
        found = self._on.get((resource_type, resource_id), {})
        return [self.actions[action_id] for action_id in found]

    def running_on(self, resource_type: str, resource_id: int) -> bool:
        """Whether an action is still running on the resource (the API then answers ``locked``)."""
        return self._busy[resource_type, resource_id] > 0
