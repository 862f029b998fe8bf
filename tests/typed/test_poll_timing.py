"""When the poller's rounds come: at the estimated finish of what is awaited, else by back-off.

The poller's clock and the simulator's are one fake clock here, and the poller's wait between
rounds is stood in for: the clock moves on by exactly the delay asked, so each round happens at
the time the poller chose, without waiting for real.
"""

from __future__ import annotations

import asyncio
import itertools
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

import pytest
from aiohttp import web

from asynchetzner import Client, PollPolicy
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.engine.app import operation
from asynchetzner.typed.finish_times import Estimate, FinishTimes

from ..conftest import NO_RETRY, ScriptedServer, answer

START = 1_750_000_000.0
POLICY = PollPolicy(interval=1.0, factor=1.5, max_interval=5.0)
BACKOFF = [1.0, 1.5, 2.25, 3.375, 5.0, 5.0]
REAL_SLEEP = asyncio.sleep


class Timeline:
    """One fake clock; the poller's waits move it by what they ask. Records each poll's time."""

    def __init__(self) -> None:
        self.clock = [START]
        self.polls: list[float] = []  # when each GET /actions was answered (seconds from START)
        self.on_wait: Callable[[int], None] | None = None
        self.waits = 0

    def now(self) -> float:
        return self.clock[0]

    def observe(self, request: web.Request, response: web.Response) -> None:
        if operation(request) == "GET /actions":
            self.polls.append(self.clock[0] - START)

    async def stand_in(self, awaitable: Awaitable[Any], timeout: float | None) -> Any:
        """The poller's ``wait_for(wake.wait(), delay)``: woken at once, or ``delay`` passes."""
        self.waits += 1
        if self.on_wait is not None:
            self.on_wait(self.waits)
        woken = asyncio.ensure_future(awaitable)
        try:
            for _ in range(5):
                await REAL_SLEEP(0)
                if woken.done():
                    return woken.result()
        finally:
            woken.cancel()
        self.clock[0] += timeout or 0.0
        raise asyncio.TimeoutError


@pytest.fixture
def timeline(monkeypatch: pytest.MonkeyPatch) -> Timeline:
    line = Timeline()
    real_wait_for = asyncio.wait_for

    async def wait_for(awaitable: Awaitable[Any], timeout: float | None, **options: Any) -> Any:
        if getattr(awaitable, "__qualname__", None) == "Event.wait":
            return await line.stand_in(awaitable, timeout)
        return await real_wait_for(awaitable, timeout, **options)

    monkeypatch.setattr(asyncio, "wait_for", wait_for)
    return line


@pytest.fixture
async def sim(timeline: Timeline) -> AsyncIterator[Simulator]:
    simulator = Simulator(action_seconds=10.0, clock=timeline.now)
    simulator.project.observers.append(timeline.observe)
    async with simulator:
        yield simulator


def timed(client: Client, timeline: Timeline) -> Client:
    """The client, its poller on the fake clock and ``POLICY``."""
    client.actions.poll = POLICY
    client.actions._clock = timeline.now
    client.actions._wall_clock = timeline.now
    return client


@pytest.fixture
async def client(sim: Simulator, timeline: Timeline) -> AsyncIterator[Client]:
    async with sim.client(retry=NO_RETRY) as connected:
        yield timed(connected, timeline)


def start(sim: Simulator, seconds: float) -> int:
    return sim.store.start_action("start_server", [("server", 1)], duration=seconds).id


def gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in itertools.pairwise([0.0, *times])]


# The poller's rounds


async def test_with_linear_progress_a_round_lands_at_the_estimated_finish(
    sim: Simulator, client: Client, timeline: Timeline
) -> None:
    action_id = start(sim, 10)
    [done] = await client.actions.wait([action_id], timeout=60)
    assert done.status == "success"
    # 1 s: 10 %, then 2.5 s: 25 % (back-off: one note gives no firm estimate); the estimate
    # (at 10.5 s) is more than the 5 s cap away; at 7.5 s: 75 %, so the last round is at 10 s.
    assert timeline.polls[:3] == pytest.approx([1.0, 2.5, 7.5])
    assert len(timeline.polls) == 4
    assert 10.0 <= timeline.polls[3] < 10.1  # back-off alone: 13.125 s, a fifth round


async def test_an_action_without_progress_is_polled_by_back_off(
    sim: Simulator, client: Client, timeline: Timeline
) -> None:
    action_id = start(sim, 3600)  # 1 % takes 36 s: still 0 % after the six rounds below

    def finish_after_six(waits: int) -> None:
        if waits == 7:
            timeline.clock[0] = START + 3600

    timeline.on_wait = finish_after_six
    await client.actions.wait([action_id], timeout=60)
    assert gaps(timeline.polls)[:6] == pytest.approx(BACKOFF)


async def test_waiters_done_close_together_share_one_round(
    sim: Simulator, client: Client, timeline: Timeline
) -> None:
    early, late = start(sim, 10), start(sim, 10.6)  # done within one interval of each other
    await asyncio.gather(client.actions.wait([early]), client.actions.wait([late]))
    assert len(timeline.polls) == 4
    assert 10.6 <= timeline.polls[3] < 10.8


async def test_waiters_done_far_apart_each_get_their_round(
    sim: Simulator, client: Client, timeline: Timeline
) -> None:
    early, late = start(sim, 10), start(sim, 14)
    first, second = await asyncio.gather(client.actions.wait([early]), client.actions.wait([late]))
    assert first[0].status == second[0].status == "success"
    landed = timeline.polls[3:]
    assert 10.0 <= landed[0] < 10.1
    # then 14 s is 13.9 to 14.2 s by the notes: one round an interval before narrows it down
    assert len(landed) == 3
    assert landed[1] == pytest.approx(13.93 - 1.0, abs=0.01)
    assert 14.0 <= landed[2] < 14.1


async def test_a_wide_range_is_narrowed_by_one_round_before_it(
    sim: Simulator, client: Client, timeline: Timeline
) -> None:
    """As in the benchmark: 4 s actions, the policy's defaults."""
    client.actions.poll = PollPolicy()
    await client.actions.wait([start(sim, 4)])
    assert timeline.polls[:2] == pytest.approx([0.5, 1.25])
    # 12 % and 31 %: done between 3.8 s and 4.125 s; 3.3 s: 82 %, so 3.97 s to 4.03 s
    assert len(timeline.polls) == 4
    assert timeline.polls[2] == pytest.approx(1.25 + 68 * 0.75 / 20 - 0.5)
    assert 4.0 <= timeline.polls[3] < 4.05


async def test_a_waiter_waits_for_its_last_action(
    sim: Simulator, client: Client, timeline: Timeline
) -> None:
    """No round for the first of a waiter's actions alone: it is done when all are."""
    await client.actions.wait([start(sim, 4), start(sim, 10)])
    assert timeline.polls[:2] == pytest.approx([1.0, 2.5])
    assert len(timeline.polls) == 4  # at 2.5 s, 4 s is estimated, 10 s too: 7.5 s, then 10 s
    assert 10.0 <= timeline.polls[-1] < 10.1


async def test_a_new_waiter_still_brings_the_next_round_closer(
    sim: Simulator, client: Client, timeline: Timeline
) -> None:
    slow = start(sim, 20)
    late: list[asyncio.Task[Any]] = []

    def script(waits: int) -> None:
        if waits == 4:  # the estimate has put the next round the 5 s cap away
            late.append(asyncio.create_task(client.actions.wait([start(sim, 20)])))

    timeline.on_wait = script
    waiting = asyncio.create_task(client.actions.wait([slow]))
    while not late or not late[0].done():
        await REAL_SLEEP(0)
        if len(timeline.polls) >= 6:
            break
    assert gaps(timeline.polls)[:5] == pytest.approx([1.0, 1.5, 5.0, 1.0, 1.5])
    timeline.clock[0] += 200
    await asyncio.gather(waiting, *late)


async def test_a_stalled_action_goes_back_to_back_off(
    server: ScriptedServer, timeline: Timeline
) -> None:
    def at_progress(progress: int) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        status = "success" if progress == 100 else "running"
        body = {"actions": [{"id": 1, "status": status, "progress": progress}]}
        respond = answer(200, body)

        async def noted(request: web.Request) -> web.StreamResponse:
            timeline.polls.append(timeline.now() - START)
            return await respond(request)

        return noted

    server.then(*(at_progress(p) for p in (10, 25, 30, 30, 30, 100)))
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        timed(client, timeline).actions.poll = PollPolicy(1.0, 1.5, max_interval=60.0)
        await client.actions.wait([1], timeout=120)
    # 10 % at 1 s, 25 % at 2.5 s: done by 9.4 to 10.5 s, a round at 8.4 s to narrow that
    # down; 30 % there: slower, 33 to 36 s, a round at 32 s; no progress since: the back-off
    # of the fifth and sixth rounds
    third = 2.5 + 74 * 1.5 / 16 - 1
    fourth = third + 69 * (third - 1) / 21 - 1
    assert timeline.polls[:4] == pytest.approx([1.0, 2.5, third, fourth])
    assert gaps(timeline.polls)[4:] == pytest.approx([1.5**4, 1.5**5])


async def test_requests_per_round_grow_like_pending_over_25(
    sim: Simulator, client: Client, timeline: Timeline
) -> None:
    """1,000 awaited actions, each by its own waiter and all by one: 40 requests a round."""
    client.actions.poll = PollPolicy(interval=5.0, factor=1.0, max_interval=5.0)
    ids = [start(sim, 5 if i % 2 else 10) for i in range(1000)]
    asked: list[tuple[float, list[int]]] = []
    sim.project.observers.append(
        lambda request, _: (
            asked.append((timeline.now(), [int(i) for i in request.query.getall("id")]))
            if operation(request) == "GET /actions"
            else None
        )
    )
    await asyncio.gather(
        client.actions.wait(ids), *(client.actions.wait([action_id]) for action_id in ids)
    )
    rounds: dict[float, list[list[int]]] = {}
    for at, chunk in asked:
        rounds.setdefault(at, []).append(chunk)
    assert [len(chunks) for chunks in rounds.values()] == [40, 20]
    for chunks, pending in zip(rounds.values(), (1000, 500), strict=True):
        flat = [i for chunk in chunks for i in chunk]
        assert len(flat) == len(set(flat)) == pending
        assert len(chunks) == math.ceil(pending / 25)
        assert all(len(chunk) <= 25 for chunk in chunks)
    assert sim.project.requests["GET /actions/{id}"] == 0


# The estimates themselves


def started(seconds_ago: float, now: float) -> datetime:
    return datetime.fromtimestamp(now - seconds_ago, tz=timezone.utc)


def test_two_notes_give_the_latest_finish_they_allow() -> None:
    times = FinishTimes()
    times.note("a", 1.0, 10, None, 0.0)
    assert times.estimate("a") is None  # one note and no start time: nothing to go by
    times.note("a", 3.0, 31, None, 0.0)
    # 10 % might have been 10.99 %: 20 points in 2 s, 69 to go: 6.9 s more; or 31 % 31.99 %:
    # 22 points in 2 s, 68 to go: 6.18 s more
    assert times.estimate("a") == Estimate(
        pytest.approx(9.9), pytest.approx(3.0 + 68 * 2 / 22), firm=True
    )


def test_one_note_with_a_start_time_gives_a_hint() -> None:
    times = FinishTimes()
    now = 1_000.0
    times.note("a", 5.0, 20, started(2.0, now), now)
    assert times.estimate("a") == Estimate(pytest.approx(13.0), pytest.approx(13.0), firm=False)
    times.note("b", 5.0, 20, started(-3.0, now), now)  # started "later": our clock is behind
    assert times.estimate("b") is None
    times.note("c", 5.0, 0, started(2.0, now), now)
    assert times.estimate("c") is None


def test_no_progress_or_too_little_gives_no_estimate() -> None:
    times = FinishTimes()
    times.note("flat", 1.0, 40, None, 0.0)
    times.note("flat", 2.0, 40, None, 0.0)
    times.note("one", 1.0, 40, None, 0.0)
    times.note("one", 2.0, 41, None, 0.0)  # 40.99 % to 41 %: maybe no progress at all
    times.note("stalled", 1.0, 10, None, 0.0)
    times.note("stalled", 2.0, 30, None, 0.0)
    times.note("stalled", 3.0, 30, None, 0.0)
    assert [times.estimate(key) for key in ("flat", "one", "stalled", "unknown")] == [None] * 4


def test_progress_going_back_starts_the_notes_over() -> None:
    times = FinishTimes()
    times.note("a", 1.0, 50, None, 0.0)
    times.note("a", 2.0, 60, None, 0.0)
    times.note("a", 3.0, 5, None, 0.0)
    assert times.estimate("a") is None
    times.note("a", 4.0, 15, None, 0.0)
    assert times.estimate("a") == Estimate(
        pytest.approx(4.0 + 85 / 9), pytest.approx(4.0 + 84 / 11), firm=True
    )


def test_keep_forgets_the_others() -> None:
    times = FinishTimes()
    for key in ("a", "b"):
        times.note(key, 1.0, 10, None, 0.0)
        times.note(key, 2.0, 30, None, 0.0)
    times.keep(["b"])
    assert times.estimate("a") is None
    assert times.estimate("b") is not None
