"""Actions, and one poller per client that serves every waiter.

However many coroutines wait, and however many actions each waits for, the client polls them all
together with ``GET /actions?id=…``, at most 25 ids a request, once a round. Rounds start
``PollPolicy.interval`` apart and back off by ``factor`` up to ``max_interval``; a newly awaited
action brings the interval back to the start. When the actions' progress tells when a waiter's
actions will all be done (``finish_times``), the next round goes there instead, still at least
``interval`` and at most ``max_interval`` after the last. A waiter that leaves (cancelled, timed
out) stops its actions being polled once nobody else waits for them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..config.families import CLOUD, FAMILIES
from ..constants import ACTION_STATUS_ERROR, ACTION_STATUS_RUNNING
from ..exceptions import (
    ActionFailed,
    HetznerError,
    InvalidArgumentError,
    InvalidResponse,
    WaitTimeout,
)
from ..polling import PollPolicy
from .answers import member_list
from .arguments import check_id
from .finish_times import FinishTimes
from .models import Model, field, id_of, time_field

if TYPE_CHECKING:
    from ..client import Client

logger = logging.getLogger("asynchetzner")

MAX_IDS_PER_REQUEST = 25

ProgressCallback = Callable[["Action"], None]


class Action(Model):
    """An action: ``id, command, status, progress, started, finished, resources, error``."""

    kind = "action"
    shown = ("command", "status", "progress")
    command: str = field()
    status: str = field()
    progress: int = field()
    started: datetime | None = time_field()
    finished: datetime | None = time_field()
    resources: list[dict[str, Any]] = field()
    error: dict[str, Any] | None = field()

    @property
    def key(self) -> Key:
        """The action's family and id."""
        return self.family, self.id

    @classmethod
    def of_family(cls, family: str) -> type[Action]:
        """The ``Action`` class of an API family (``Action`` itself for the Cloud API)."""
        return _FAMILY_ACTIONS.get(family, Action)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _FAMILY_ACTIONS[cls.family] = cls

    @property
    def running(self) -> bool:
        """Whether the action has not finished yet."""
        return self.status == ACTION_STATUS_RUNNING

    async def wait(self, timeout: float | None = None) -> Action:
        """The finished action; raise ``ActionFailed`` if it failed, ``WaitTimeout`` if late."""
        (finished,) = await self._bound_client().actions.wait([self], timeout=timeout)
        return finished


_FAMILY_ACTIONS: dict[str, type[Action]] = {}
"""The ``Action`` subclass of each API family other than the Cloud API's (they register)."""


def _actions_path(family: str) -> str:
    """Where an API family keeps its actions; ``InvalidArgumentError`` for one that has none."""
    known = FAMILIES.get(family)
    if known is None or known.actions_path is None:
        raise InvalidArgumentError(f"the {family} API has no actions to get")
    return known.actions_path


Key = tuple[str, int]
"""An action's family and id: ids are unique within one API family only."""


def _key(action: Action | int) -> Key:
    family = action.family if isinstance(action, Action) else CLOUD
    return family, id_of(action, "actions")


class _Waiter:
    """One ``wait`` call: the actions it waits for and where to report."""

    def __init__(self, keys: Sequence[Key], on_progress: ProgressCallback | None) -> None:
        self.pending = dict.fromkeys(keys)  # in the order given, so callbacks come in order
        self.results: dict[Key, Action] = {}
        self.on_progress = on_progress
        self.done = asyncio.get_running_loop().create_future()

    def update(self, action: Action) -> None:
        if self.done.done():  # failed already: no more news for this caller
            return
        if self.on_progress is not None:
            try:
                self.on_progress(action)
            except Exception as error:  # the caller's callback fails its own wait only
                self.fail(error)
                return
        if not action.running:
            self.pending.pop(action.key, None)
            self.results[action.key] = action
        if not self.pending and not self.done.done():
            self.done.set_result(None)

    def fail(self, error: BaseException) -> None:
        if not self.done.done():
            self.done.set_exception(error)


class ActionsClient:
    """``client.actions``: get actions, and wait for many at once with one poller."""

    def __init__(self, client: Client, poll: PollPolicy) -> None:
        self._client = client
        self.poll = poll
        self._waiters: set[_Waiter] = set()
        self._poller: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._interval = self.poll.interval
        self._next_poll = 0.0
        self._finish_times = FinishTimes()
        self._clock: Callable[[], float] | None = None
        """The poller's monotonic clock; ``None`` for the event loop's (tests set their own)."""
        self._wall_clock: Callable[[], float] = time.time
        """UNIX time, to read the ``started`` of actions against."""

    async def get(self, action_id: int, family: str = CLOUD) -> Action:
        """One action of an API family by id, where that family keeps its actions."""
        path = f"{_actions_path(family)}/{check_id(action_id)}"
        answer = await self._client.get(path, _family=family)
        return Action.of_family(family).from_answer(self._client, answer, "action", f"GET {path}")

    async def get_many(self, ids: Iterable[int], family: str = CLOUD) -> list[Action]:
        """Actions of one API family by id, 25 ids a request, where that family lists them
        (``/actions``; ``/storage_boxes/actions`` for ``hetzner-api``)."""
        path = _actions_path(family)
        wanted = list(dict.fromkeys(check_id(i) for i in ids))
        chunks = [
            wanted[start : start + MAX_IDS_PER_REQUEST]
            for start in range(0, len(wanted), MAX_IDS_PER_REQUEST)
        ]
        answers = await asyncio.gather(
            *(self._client.get(path, id=chunk, _family=family) for chunk in chunks)
        )
        model = Action.of_family(family)
        return [
            model(self._client, data)
            for answer in answers
            for data in member_list(answer, "actions", f"GET {path}")
        ]

    async def wait(
        self,
        actions: Iterable[Action | int],
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> list[Action]:
        """Wait until every action finished; the finished actions, in the order given.

        ``on_progress`` gets each action whenever a poll returns it. When all are finished and
        one failed, ``ActionFailed`` is raised for the first that failed, with every finished
        action in its ``actions``; after ``timeout`` seconds ``WaitTimeout`` names those still
        running.
        """
        self._client._check_open()
        actions = list(actions)
        keys = [_key(action) for action in actions]  # refused here, not in the poller
        waiter = _Waiter(keys, on_progress)
        for action in actions:
            if isinstance(action, Action) and not action.running:
                waiter.update(action)
        if waiter.pending:
            self._waiters.add(waiter)
            self._start_polling()
            try:
                await asyncio.wait_for(asyncio.shield(waiter.done), timeout)
            except asyncio.TimeoutError:
                still = ", ".join(str(i) for _, i in sorted(waiter.pending))
                raise WaitTimeout(f"actions still running after {timeout:g} s: {still}") from None
            finally:
                self._waiters.discard(waiter)
        finished = [waiter.results[key] for key in keys]
        for action in finished:
            if action.status == ACTION_STATUS_ERROR:
                failure = ActionFailed(action)
                failure.actions = finished
                raise failure
        return finished

    def _start_polling(self) -> None:
        """Bring the next round to at most one start interval away, and run the poller."""
        soon = self._now() + self.poll.interval
        self._interval = self.poll.interval
        if self._poller is None or self._poller.done():
            self._next_poll = soon
            self._poller = asyncio.create_task(self._poll_rounds())
        elif soon < self._next_poll:
            self._next_poll = soon
            self._wake.set()

    async def _poll_rounds(self) -> None:
        try:
            await self._poll_until_nobody_waits()
        except Exception as error:  # a poller that dies must not leave anyone waiting forever
            self._fail_all(error)

    def _fail_all(self, error: Exception) -> None:
        for waiter in list(self._waiters):
            waiter.fail(error)

    def _now(self) -> float:
        return (self._clock or asyncio.get_running_loop().time)()

    async def _poll_until_nobody_waits(self) -> None:
        while any(waiter.pending and not waiter.done.done() for waiter in self._waiters):
            self._wake.clear()
            delay = self._next_poll - self._now()
            if delay > 0:
                try:
                    await asyncio.wait_for(self._wake.wait(), delay)
                    continue  # the deadline moved closer
                except asyncio.TimeoutError:
                    pass
            else:
                await asyncio.sleep(0)  # a zero interval must still let others run
            await self._poll_once()
            self._interval = min(self._interval * self.poll.factor, self.poll.max_interval)
            self._next_poll = self._next_round(self._now())

    def _next_round(self, now: float) -> float:
        """When to poll next: where the waiters' actions should be done, else by back-off.

        Each waiter wants the round when all its actions should be done at the latest, or the
        back-off's round when one of them has no estimate (a hint only brings that closer).
        When the estimates leave that more than a quarter interval uncertain and there is room,
        it wants a round one interval before the earliest instead, whose notes narrow the
        range. Of the waiters due within ``interval`` of the first, the round waits for the
        last: one round then serves them all.
        """
        backoff = now + self._interval
        wanted = [
            self._wanted_by(waiter, now, backoff)
            for waiter in self._waiters
            if not waiter.done.done()
        ]
        if not wanted:
            return backoff
        first = min(wanted)
        target = max(when for when in wanted if when <= first + self.poll.interval)
        return min(max(target, now + self.poll.interval), now + self.poll.max_interval)

    def _wanted_by(self, waiter: _Waiter, now: float, backoff: float) -> float:
        """The round a waiter wants (see ``_next_round``)."""
        latest = earliest = float("-inf")
        for key in waiter.pending:
            estimate = self._finish_times.estimate(key)
            if estimate is None:
                return backoff
            if estimate.firm:
                latest = max(latest, estimate.latest)
                earliest = max(earliest, estimate.earliest)
            else:
                latest = max(latest, min(estimate.latest, backoff))
                earliest = max(earliest, min(estimate.earliest, backoff))
        interval = self.poll.interval
        narrowing = earliest - interval
        if latest - earliest > interval / 4 and narrowing >= now + interval:
            return narrowing
        return latest

    async def _poll_once(self) -> None:
        waiters = [waiter for waiter in self._waiters if not waiter.done.done()]
        by_family: dict[str, set[int]] = {}
        for family, action_id in (key for waiter in waiters for key in waiter.pending):
            by_family.setdefault(family, set()).add(action_id)
        if not by_family:
            return
        sent = self._now()
        try:
            polled = await asyncio.gather(
                *(self.get_many(sorted(ids), family) for family, ids in by_family.items())
            )
        except HetznerError as error:
            for waiter in waiters:
                if waiter in self._waiters:
                    waiter.fail(error)
            return
        by_key = {action.key: action for actions in polled for action in actions}
        self._note_progress(by_key.values(), (sent + self._now()) / 2)
        for waiter in waiters:
            if waiter not in self._waiters:
                continue  # left while the poll was under way
            for key in list(waiter.pending):
                if key in by_key:
                    waiter.update(by_key[key])
                else:
                    family, action_id = key
                    waiter.fail(
                        InvalidResponse(
                            f"{family}: polling did not return action {action_id}", status=200
                        )
                    )

    def _note_progress(self, polled: Iterable[Action], at: float) -> None:
        """Note the progress of the actions still running; forget the others."""
        running = [action for action in polled if action.running]
        wall_now = self._wall_clock()
        for action in running:
            self._finish_times.note(action.key, at, action.progress or 0, action.started, wall_now)
        self._finish_times.keep(action.key for action in running)

    async def close(self) -> None:
        """Stop the poller and release the waiters (the client does this when it closes)."""
        self._fail_all(HetznerError("the client was closed while waiting for actions"))
        poller, self._poller = self._poller, None
        if poller is not None:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)
