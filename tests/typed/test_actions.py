"""The action poller: one per client, every waiter served by the same rounds, 25 ids a request.

Most tests drive the poller round by round without waiting for real: the ``rounds`` fixture
stands in for the poller's wait between rounds (an ``asyncio.wait_for`` on its wake-up event),
records the delay it asked for, moves the simulator's clock on by ``rounds.step`` seconds and lets
the round start at once. Every ``GET /actions`` request is recorded with its round and its ids.
"""

from __future__ import annotations

import asyncio
import math
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from itertools import pairwise
from typing import Any

import pytest
from aiohttp import web

from asynchetzner import (
    Action,
    ActionFailed,
    Client,
    HetznerError,
    InvalidArgumentError,
    InvalidResponse,
    PollPolicy,
    ServiceUnavailableError,
    WaitTimeout,
)
from asynchetzner.simulator import Fault, FaultInjector, Latency, Simulator
from asynchetzner.simulator.engine.app import operation
from asynchetzner.typed import actions

from ..conftest import NO_RETRY, ScriptedServer, answer, asyncio_errors
from ..simulator.conftest import AnswerChecker

START = 1_750_000_000.0
STEADY = PollPolicy(interval=1.0, factor=1.0, max_interval=1.0)
# Real-time polling for the tests that need a real timeout: small, never zero.
QUICK = PollPolicy(interval=0.002, factor=1.0, max_interval=0.002)


class Rounds:
    """Replace the poller's wait between rounds; record delays and each ``GET /actions``."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock
        self.step = 0.0
        self.delays: list[float] = []
        self.on_wait: Callable[[int], None] | None = None
        self.requests: list[tuple[int, list[int]]] = []  # (round, ids asked)

    @property
    def count(self) -> int:
        """Waits between rounds so far (the poller may wait once more before it stops)."""
        return len(self.delays)

    @property
    def polled(self) -> int:
        """Rounds that sent requests."""
        return len({number for number, _ in self.requests})

    def observe(self, request: web.Request, response: web.Response) -> None:
        if operation(request) == "GET /actions":
            self.requests.append((self.count, [int(i) for i in request.query.getall("id")]))

    def by_round(self) -> dict[int, list[list[int]]]:
        grouped: dict[int, list[list[int]]] = {}
        for number, ids in self.requests:
            grouped.setdefault(number, []).append(ids)
        return grouped

    def asked_since(self, mark: int) -> list[list[int]]:
        return [ids for _, ids in self.requests[mark:]]

    async def stand_in(self, awaitable: Awaitable[Any], timeout: float | None) -> Any:
        """What the poller's ``wait_for(wake.wait(), delay)`` does: time passes at once."""
        self.delays.append(float(timeout or 0.0))
        if self.on_wait is not None:
            self.on_wait(self.count)
        self.clock[0] += self.step
        woken = asyncio.ensure_future(awaitable)
        try:
            for _ in range(5):  # let waiters that arrive meanwhile wake the poller
                await REAL_SLEEP(0)
                if woken.done():
                    return woken.result()
        finally:
            woken.cancel()
        raise asyncio.TimeoutError


REAL_SLEEP = asyncio.sleep


@pytest.fixture
def clock() -> list[float]:
    return [START]


@pytest.fixture
def checker() -> AnswerChecker:
    return AnswerChecker()


@pytest.fixture
async def sim(clock: list[float], checker: AnswerChecker) -> AsyncIterator[Simulator]:
    """Actions take 10 s of a clock that moves only when a test moves it."""
    simulator = Simulator(action_seconds=10.0, clock=lambda: clock[0])
    simulator.project.observers.append(checker)
    async with simulator:
        yield simulator
    assert not checker.problems, "answers not matching the spec:\n" + "\n".join(checker.problems)


@pytest.fixture
def rounds(clock: list[float], sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> Rounds:
    stepper = Rounds(clock)
    sim.project.observers.append(stepper.observe)
    real_wait_for = asyncio.wait_for

    async def wait_for(awaitable: Awaitable[Any], timeout: float | None, **options: Any) -> Any:
        if getattr(awaitable, "__qualname__", None) == "Event.wait":
            return await stepper.stand_in(awaitable, timeout)
        return await real_wait_for(awaitable, timeout, **options)

    monkeypatch.setattr(asyncio, "wait_for", wait_for)
    return stepper


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[Client]:
    async with sim.client(retry=NO_RETRY) as connected:
        connected.actions.poll = STEADY
        yield connected


def start(sim: Simulator, seconds: float, command: str = "start_server") -> int:
    """Start an action in the simulator that runs ``seconds``; its id."""
    return sim.store.start_action(command, [("server", 1)], duration=seconds).id


async def settle(predicate: Callable[[], bool], seconds: float = 2.0) -> None:
    """Let the loop run until ``predicate`` holds (in real time, at most ``seconds``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not predicate():
        assert loop.time() < deadline, "the condition never came true"
        await REAL_SLEEP(0.001)


# (a) The request count


async def test_hundred_servers_two_hundred_actions_few_requests(
    sim: Simulator, client: Client, rounds: Rounds, checker: AnswerChecker
) -> None:
    # Checking these hundreds of answers against the spec would take a second; others do it.
    sim.project.observers.remove(checker)
    results = await asyncio.gather(
        *(client.servers.create(f"web-{i}", "cx23", "ubuntu-24.04") for i in range(100))
    )
    creates = [r.action for r in results]
    starts = [a for r in results for a in r.next_actions]
    actions = [a for r in results for a in (r.action, *r.next_actions)]
    assert len(actions) == 200
    assert len(starts) == 100

    rounds.step = 5.0  # create_server is done at 10 s, start_server at 20 s: four rounds
    finished = await client.actions.wait(actions, timeout=30)

    assert [a.id for a in finished] == [a.id for a in actions]
    assert {a.status for a in finished} == {"success"}
    requests = sim.project.requests
    assert requests["POST /servers"] == 100
    assert rounds.polled == 4
    per_round = rounds.by_round()
    assert sorted(per_round) == [1, 2, 3, 4]
    everything = {a.id for a in actions}
    wanted = {1: everything, 2: everything, 3: {a.id for a in starts}, 4: {a.id for a in starts}}
    for number, asked in per_round.items():
        flat = [i for ids in asked for i in ids]
        assert len(flat) == len(set(flat)), f"round {number} asked an id twice"
        assert set(flat) == wanted[number], f"round {number} asked other ids"
        assert all(len(ids) <= 25 for ids in asked)
        assert len(asked) == math.ceil(len(flat) / 25) <= math.ceil(200 / 25)
    assert [len(per_round[n]) for n in (1, 2, 3, 4)] == [8, 8, 4, 4]
    assert requests["GET /actions"] == 24 <= 8 * rounds.polled
    assert not {a.id for a in creates} & {i for ids in per_round[3] for i in ids}
    single = [op for op in requests if op.startswith("GET") and "actions/" in op]
    assert single == [], "actions were fetched one by one"
    assert sum(requests.values()) == 100 + 24


async def test_get_many_asks_25_ids_a_request_once_each(sim: Simulator, client: Client) -> None:
    ids = [start(sim, 10) for _ in range(60)]
    got = await client.actions.get_many([*ids, *ids[:10]])
    assert sorted(a.id for a in got) == ids
    assert all(isinstance(a, Action) and a.running for a in got)
    assert sim.project.requests["GET /actions"] == 3


# (b) Many waiters, shared rounds


async def test_a_thousand_waiters_share_the_rounds(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    ids = [start(sim, seconds) for seconds in (10, 20, 30)]
    actions = await client.actions.get_many(ids)
    rounds.requests.clear()
    rounds.step = 10.0  # one action finishes each round

    tasks = [asyncio.create_task(actions[i % 3].wait()) for i in range(1000)]
    results = await asyncio.wait_for(asyncio.gather(*tasks), 10)

    assert [r.id for r in results] == [ids[i % 3] for i in range(1000)]
    assert {r.status for r in results} == {"success"}
    assert rounds.polled == 3
    assert [ids_asked for _, ids_asked in rounds.requests] == [ids, ids[1:], ids[2:]]
    assert len(rounds.requests) <= rounds.polled * 1  # three ids: one chunk a round
    assert sim.project.requests["GET /actions/{id}"] == 0


async def test_waiting_for_finished_actions_sends_nothing(sim: Simulator, client: Client) -> None:
    action_id = start(sim, 0)
    [action] = await client.actions.get_many([action_id])  # finished by the time it is served
    assert not action.running
    before = sim.project.requests["GET /actions"]
    assert await action.wait() is action
    assert await client.actions.wait([action, action]) == [action, action]
    assert sim.project.requests["GET /actions"] == before


async def test_actions_given_as_ids_or_objects_come_back_in_order(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    ids = [start(sim, seconds) for seconds in (30, 10, 20)]
    [middle] = await client.actions.get_many([ids[1]])
    rounds.step = 10.0
    finished = await client.actions.wait([ids[0], middle, ids[2], ids[0]])
    assert [a.id for a in finished] == [ids[0], ids[1], ids[2], ids[0]]
    assert all(isinstance(a, Action) and a.status == "success" for a in finished)
    assert all(a.progress == 100 and a.finished is not None for a in finished)


async def test_wait_takes_any_iterable(sim: Simulator, client: Client, rounds: Rounds) -> None:
    """``actions`` is an Iterable: a generator is read once, and nothing is left out."""
    ids = [start(sim, 10), start(sim, 10)]
    rounds.step = 10.0
    finished = await client.actions.wait(i for i in ids)
    assert [a.id for a in finished] == ids


# (c) Failed actions


async def test_failed_action_raises_action_failed(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    sim.store.fail_next("start_server", "server_error", "no capacity")
    result = await client.servers.create("web-1", "cx23", "ubuntu-24.04")
    rounds.step = 10.0
    [start_action] = result.next_actions
    with pytest.raises(ActionFailed, match="no capacity") as raised:
        await start_action.wait()
    failed = raised.value.action
    assert isinstance(failed, Action)
    assert (failed.id, failed.status, failed.command) == (start_action.id, "error", "start_server")
    assert failed.error == {"code": "server_error", "message": "no capacity"}
    assert failed.error["code"] == "server_error"
    assert await result.action.wait() is not None  # the create itself succeeded


async def test_several_raise_for_the_first_failed_once_all_finished(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    ok = start(sim, 30, "reboot_server")
    sim.store.fail_next("reset_server", "early", "failed first")
    fails_first = start(sim, 10, "reset_server")
    sim.store.fail_next("rebuild_server", "later", "failed second")
    fails_later = start(sim, 20, "rebuild_server")
    rounds.step = 10.0
    seen: list[tuple[int, str]] = []

    with pytest.raises(ActionFailed) as raised:
        await client.actions.wait(
            [ok, fails_later, fails_first], on_progress=lambda a: seen.append((a.id, a.status))
        )

    assert raised.value.action.id == fails_later  # first in the order given, not in time
    assert raised.value.action.error["code"] == "later"
    assert (ok, "success") in seen  # it waited for the one still running
    assert rounds.polled == 3


# (d) Timeouts, and what is polled afterwards


async def test_timeout_names_the_ids_still_running(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    quick = start(sim, 0)
    slow = [start(sim, 3600), start(sim, 3600)]
    with pytest.raises(WaitTimeout) as raised:
        await client.actions.wait([slow[1], quick, slow[0]], timeout=0.02)
    message = str(raised.value)
    assert message.endswith(f"after 0.02 s: {slow[0]}, {slow[1]}")
    assert str(quick) not in message.rsplit(":", 1)[1]
    assert rounds.count >= 1


async def test_ids_of_a_timed_out_waiter_are_no_longer_polled(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    kept = start(sim, 3600)
    dropped = start(sim, 3600)
    keeper = asyncio.create_task(client.actions.wait([kept]))
    with pytest.raises(WaitTimeout):
        await client.actions.wait([dropped, kept], timeout=0.02)
    assert any(dropped in ids for _, ids in rounds.requests)
    mark = len(rounds.requests)
    await settle(lambda: len(rounds.requests) >= mark + 3)
    assert all(ids == [kept] for ids in rounds.asked_since(mark + 1))

    rounds.clock[0] += 3600
    [done] = await asyncio.wait_for(keeper, 2)
    assert done.id == kept


async def test_ids_of_a_cancelled_waiter_are_no_longer_polled(
    sim: Simulator, client: Client, rounds: Rounds, caplog: pytest.LogCaptureFixture
) -> None:
    first, shared, last = start(sim, 3600), start(sim, 3600), start(sim, 3600)
    leaving = asyncio.create_task(client.actions.wait([first, shared]))
    staying = asyncio.create_task(client.actions.wait([shared, last]))
    await settle(lambda: len(rounds.requests) >= 2)
    assert rounds.requests[-1][1] == [first, shared, last]

    leaving.cancel()
    with pytest.raises(asyncio.CancelledError):
        await leaving
    mark = len(rounds.requests)
    await settle(lambda: len(rounds.requests) >= mark + 3)
    assert all(ids == [shared, last] for ids in rounds.asked_since(mark + 1))

    rounds.clock[0] += 3600
    assert [a.id for a in await asyncio.wait_for(staying, 2)] == [shared, last]
    assert asyncio_errors(caplog) == []


async def test_a_waiter_leaving_during_a_poll_hears_nothing_more(
    sim: Simulator, client: Client, rounds: Rounds, caplog: pytest.LogCaptureFixture
) -> None:
    kept, left = start(sim, 3600), start(sim, 10)
    seen: list[int] = []
    keeper = asyncio.create_task(client.actions.wait([kept]))
    leaving = asyncio.create_task(
        client.actions.wait([left], on_progress=lambda a: seen.append(a.progress))
    )
    sim.project.faults = FaultInjector(latency=[Latency(0.02, "GET /actions")])
    loop = asyncio.get_running_loop()

    def cancel_during_round_two(number: int) -> None:
        if number == 2:
            loop.call_later(0.005, leaving.cancel)  # while the 20 ms request is under way

    rounds.on_wait = cancel_during_round_two
    rounds.step = 6.0  # ``left`` is at 60 % in round 1, done in round 2
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(leaving, 2)
    await settle(lambda: rounds.polled >= 3)  # so round 2's answer has been dealt with
    assert [ids for _, ids in rounds.requests[:3]] == [[kept, left], [kept, left], [kept]]
    assert seen == [60]  # round 2's answer came after it left: not passed on

    sim.project.faults = FaultInjector()
    rounds.clock[0] += 3600
    assert [a.id for a in await asyncio.wait_for(keeper, 2)] == [kept]
    assert asyncio_errors(caplog) == []


async def test_no_waiters_left_no_polling(sim: Simulator, client: Client, rounds: Rounds) -> None:
    action_id = start(sim, 3600)
    with pytest.raises(WaitTimeout):
        await client.actions.wait([action_id], timeout=0.01)
    asked = len(rounds.requests)
    await REAL_SLEEP(0.01)  # rounds come every few microseconds here while anyone waits
    assert len(rounds.requests) <= asked + 1  # at most the one under way


# (e) Cancelling some waiters leaves the others working, and nothing unretrieved


async def test_cancelling_half_the_waiters_midway(
    sim: Simulator, client: Client, rounds: Rounds, caplog: pytest.LogCaptureFixture
) -> None:
    ids = [start(sim, seconds) for seconds in (10, 20, 30, 40)]
    rounds.step = 5.0
    tasks = [
        asyncio.create_task(client.actions.wait([ids[i % 4], ids[(i + 1) % 4]])) for i in range(20)
    ]

    def cancel_half(number: int) -> None:
        if number == 3:  # after two rounds, with the first action finished
            for task in tasks[::2]:
                task.cancel()

    rounds.on_wait = cancel_half
    outcomes = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)

    assert all(isinstance(o, asyncio.CancelledError) for o in outcomes[::2])
    for i, outcome in enumerate(outcomes[1::2], start=0):
        number = 2 * i + 1
        assert [a.id for a in outcome] == [ids[number % 4], ids[(number + 1) % 4]]
        assert {a.status for a in outcome} == {"success"}
    assert rounds.polled == 8
    assert asyncio_errors(caplog) == []


async def test_cancelled_waiter_whose_poll_failed_leaves_no_unretrieved_error(
    sim: Simulator, client: Client, rounds: Rounds, caplog: pytest.LogCaptureFixture
) -> None:
    action_id = start(sim, 3600)
    victims = [asyncio.create_task(client.actions.wait([action_id])) for _ in range(3)]
    await settle(lambda: len(rounds.requests) >= 1)
    sim.project.faults = FaultInjector([Fault("unavailable", 1.0, "GET /actions")])

    def cancel_all(number: int) -> None:
        for victim in victims:
            victim.cancel()

    rounds.on_wait = cancel_all
    outcomes = await asyncio.wait_for(asyncio.gather(*victims, return_exceptions=True), 2)
    assert all(isinstance(o, (asyncio.CancelledError, HetznerError)) for o in outcomes)
    assert asyncio_errors(caplog) == []


# (f) Progress


async def test_on_progress_sees_progress_grow(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    action_id = start(sim, 10)

    def four_seconds_after_the_first(number: int) -> None:
        rounds.step = 0.0 if number == 1 else 4.0

    rounds.on_wait = four_seconds_after_the_first
    seen: list[Action] = []
    [finished] = await client.actions.wait([action_id], on_progress=seen.append)
    assert all(isinstance(a, Action) and a.id == action_id for a in seen)
    assert [a.progress for a in seen] == [0, 40, 80, 100]
    assert [a.status for a in seen] == ["running", "running", "running", "success"]
    assert finished.progress == 100


async def test_on_progress_gets_every_action_each_round(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    ids = [start(sim, 10), start(sim, 20)]
    rounds.step = 10.0
    seen: list[tuple[int, int]] = []
    await client.actions.wait(ids, on_progress=lambda a: seen.append((a.id, a.progress)))
    assert seen == [(ids[0], 100), (ids[1], 50), (ids[1], 100)]


async def test_a_failing_progress_callback_does_not_stop_other_waiters(
    sim: Simulator, client: Client, rounds: Rounds, caplog: pytest.LogCaptureFixture
) -> None:
    """The poller is shared: one waiter's broken callback must not strand everyone else."""
    action_id = start(sim, 10)
    rounds.step = 5.0

    def broken(action: Action) -> None:
        raise ValueError("callback bug")

    careless, bystander = await asyncio.wait_for(
        asyncio.gather(
            client.actions.wait([action_id], on_progress=broken),
            client.actions.wait([action_id]),
            return_exceptions=True,
        ),
        1,
    )
    assert asyncio_errors(caplog) == []
    assert isinstance(bystander, list), f"the other waiter got {bystander!r}"
    assert [a.id for a in bystander] == [action_id]
    assert isinstance(careless, ValueError)
    assert str(careless) == "callback bug"


async def test_a_failed_waiter_hears_nothing_more(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    ids = [start(sim, 10), start(sim, 20)]
    rounds.step = 10.0
    calls: list[int] = []

    def broken(action: Action) -> None:
        calls.append(action.id)
        raise ValueError("callback bug")

    with pytest.raises(ValueError, match="callback bug"):
        await client.actions.wait(ids, on_progress=broken)
    assert calls == [ids[0]]


async def test_a_bad_id_is_refused_at_once_and_fails_nobody_else(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    action_id = start(sim, 10)
    rounds.step = 10.0
    waiting = asyncio.create_task(client.actions.wait([action_id]))
    for bad in (0, -3, "5", 1.5, True):
        with pytest.raises(InvalidArgumentError):
            await client.actions.wait([bad])  # type: ignore[list-item]
    [finished] = await asyncio.wait_for(waiting, 2)
    assert finished.status == "success"
    assert all(ids == [action_id] for _, ids in rounds.requests)


# (g) Back-off


async def test_interval_backs_off_and_caps(sim: Simulator, client: Client, rounds: Rounds) -> None:
    client.actions.poll = PollPolicy(interval=1.0, factor=2.0, max_interval=4.0)
    action_id = start(sim, 3600)

    def finish_after_six(number: int) -> None:
        if number == 6:
            rounds.clock[0] += 3600

    rounds.on_wait = finish_after_six
    await client.actions.wait([action_id], timeout=5)
    assert rounds.polled == 6
    assert rounds.delays[:6] == pytest.approx([1.0, 2.0, 4.0, 4.0, 4.0, 4.0], abs=0.05)


async def test_a_new_waiter_brings_the_interval_back(
    sim: Simulator, client: Client, rounds: Rounds
) -> None:
    client.actions.poll = PollPolicy(interval=1.0, factor=2.0, max_interval=4.0)
    first, second = start(sim, 3600), start(sim, 3600)
    late: list[asyncio.Task[list[Action]]] = []

    def script(number: int) -> None:
        if number == 4:
            late.append(asyncio.create_task(client.actions.wait([second])))
        if number == 8:
            rounds.clock[0] += 3600

    rounds.on_wait = script
    await client.actions.wait([first], timeout=5)
    await asyncio.wait_for(late[0], 2)
    assert rounds.delays[:8] == pytest.approx([1.0, 2.0, 4.0, 4.0, 1.0, 2.0, 4.0, 4.0], abs=0.05)


async def test_gaps_between_real_polls_grow_then_cap(clock: list[float]) -> None:
    """The same in real time (some 60 ms): the gaps grow, then stay at the cap."""
    loop = asyncio.get_running_loop()
    times: list[float] = []
    async with Simulator(action_seconds=10.0, clock=lambda: clock[0]) as sim:
        sim.project.observers.append(
            lambda request, response: (
                times.append(loop.time()) if operation(request) == "GET /actions" else None
            )
        )
        async with sim.client(retry=NO_RETRY) as client:
            client.actions.poll = PollPolicy(interval=0.002, factor=4.0, max_interval=0.016)
            action_id = start(sim, 3600)
            waiting = asyncio.create_task(client.actions.wait([action_id]))
            await settle(lambda: len(times) >= 5)
            clock[0] += 3600
            await asyncio.wait_for(waiting, 2)
    gaps = [b - a for a, b in pairwise(times)]
    # 0.008, then 0.016 each time: never shorter (timers are not early), and capped (uncapped
    # would be 0.032, then 0.128). Only the upper bound depends on how busy the machine is.
    assert gaps[0] >= 0.007
    assert min(gaps[1:4]) >= 0.015
    assert max(gaps[1:4]) < 0.032


# (h) A failed poll fails the waiters


async def test_failed_poll_fails_every_waiter(
    sim: Simulator, client: Client, rounds: Rounds, caplog: pytest.LogCaptureFixture
) -> None:
    ids = [start(sim, 3600), start(sim, 3600)]
    sim.project.faults = FaultInjector([Fault("unavailable", 1.0, "GET /actions")])
    outcomes = await asyncio.wait_for(
        asyncio.gather(
            client.actions.wait([ids[0]]),
            client.actions.wait(ids),
            return_exceptions=True,
        ),
        2,
    )
    for outcome in outcomes:
        assert isinstance(outcome, ServiceUnavailableError)
        assert (outcome.status, outcome.code) == (503, "unavailable")
    assert rounds.polled == 1

    sim.project.faults = FaultInjector()  # the poller starts again for new waiters
    rounds.step = 3600.0
    assert [a.status for a in await client.actions.wait(ids, timeout=2)] == ["success"] * 2
    assert asyncio_errors(caplog) == []


async def test_a_poll_answer_without_actions_fails_the_waiters(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.then(answer(200, {"unexpected": True}))
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        client.actions.poll = QUICK
        with pytest.raises(InvalidResponse, match="without the 'actions' list"):
            await asyncio.wait_for(client.actions.wait([1]), 1)
    assert asyncio_errors(caplog) == []


async def test_an_action_missing_from_the_answer_is_invalid(server: ScriptedServer) -> None:
    running = {"id": 1, "command": "x", "status": "running", "progress": 0, "started": None}
    server.then(answer(200, {"actions": [running]}))
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        client.actions.poll = QUICK
        with pytest.raises(InvalidResponse, match="did not return action 2"):
            await asyncio.wait_for(client.actions.wait([1, 2]), 1)


# (i) Closing the client


# A poll an hour away: only close() itself can stop the poller or release the waiter.
DISTANT = PollPolicy(interval=3600.0, factor=1.0, max_interval=3600.0)


async def test_close_stops_the_poller(sim: Simulator) -> None:
    action_id = start(sim, 3600)
    client = sim.client(retry=NO_RETRY, poll=DISTANT)
    before = asyncio.all_tasks()
    waiting = asyncio.create_task(client.actions.wait([action_id]))
    await settle(lambda: len(asyncio.all_tasks() - before) >= 2)  # the waiter, the poller
    await client.close()
    await asyncio.wait_for(asyncio.gather(waiting, return_exceptions=True), 0.5)
    assert asyncio.all_tasks() - before == set()
    assert sim.project.requests["GET /actions"] == 0


async def test_close_releases_the_waiters(sim: Simulator) -> None:
    """A waiter must not hang until the next poll once its client is closed."""
    action_id = start(sim, 3600)
    client = sim.client(retry=NO_RETRY, poll=DISTANT)
    waiting = asyncio.create_task(client.actions.wait([action_id]))
    await settle(lambda: len(client.actions._waiters) == 1)
    await client.close()
    done, _ = await asyncio.wait([waiting], timeout=0.5)
    if not done:
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
    assert done, "the waiter still waits after close()"
    with pytest.raises(HetznerError, match="closed while waiting"):
        waiting.result()


async def test_wait_after_close_raises(
    sim: Simulator, rounds: Rounds, caplog: pytest.LogCaptureFixture
) -> None:
    action_id = start(sim, 3600)
    client = sim.client(retry=NO_RETRY)
    await client.init()
    await client.close()
    with pytest.raises(RuntimeError, match="this Client is closed"):
        await asyncio.wait_for(client.actions.wait([action_id]), 0.5)
    assert rounds.requests == []
    assert asyncio_errors(caplog) == []


# A zero interval is a valid policy, and must not starve the event loop


class Starved(Exception):
    """The event loop did not get control back."""


@pytest.fixture
def watchdog() -> Iterator[list[str]]:
    """After 10 s, and every 0.5 s after, interrupt whatever runs (Unix only); list where.

    A coroutine that never yields keeps the event loop, and every timeout, from running: only
    a signal gets control back, so that the test can fail instead of hanging.
    """
    if not hasattr(signal, "setitimer"):
        pytest.skip("needs signal.setitimer")
    fired: list[str] = []

    def starved(signum: int, frame: object) -> None:
        fired.append(getattr(getattr(frame, "f_code", None), "co_qualname", "?"))
        raise Starved("the event loop was blocked")

    previous = signal.signal(signal.SIGALRM, starved)
    signal.setitimer(signal.ITIMER_REAL, 10.0, 0.5)  # far above the test's own 0.1 s
    try:
        yield fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


async def test_zero_interval_polls_without_blocking_the_loop(
    watchdog: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    """``PollPolicy(interval=0)``: once its waiter is satisfied the poller must still yield."""
    async with Simulator(action_seconds=0.0) as sim, sim.client(retry=NO_RETRY) as client:
        client.actions.poll = PollPolicy(interval=0.0, factor=1.0, max_interval=0.0)
        result = await client.servers.create("web-1", "cx23", "ubuntu-24.04")
        finished = await asyncio.wait_for(
            client.actions.wait([result.action, *result.next_actions]), 8
        )
        assert [a.status for a in finished] == ["success", "success"]
        again = await asyncio.wait_for(result.server.power_off(), 8)
        assert (await asyncio.wait_for(again.wait(), 8)).status == "success"
    assert watchdog == [], "the poller kept the event loop busy"
    assert asyncio_errors(caplog) == []


async def test_a_failed_batch_wait_carries_every_finished_action() -> None:
    fast = PollPolicy(interval=0.001, factor=1.0, max_interval=0.001)
    async with Simulator(action_seconds=0.0) as sim, sim.client(poll=fast) as client:
        assert client.actions.poll is fast
        sim.store.fail_next("start_server")
        result = await client.servers.create(name="a", server_type="cx23", image="ubuntu-24.04")
        with pytest.raises(ActionFailed) as caught:
            await client.actions.wait([result.action, *result.next_actions])
    statuses = [(a.command, a.status) for a in caught.value.actions]
    assert statuses == [("create_server", "success"), ("start_server", "error")]
    assert caught.value.action is caught.value.actions[1]


# Each API family is polled where it keeps its actions


async def test_actions_of_two_families_are_polled_each_where_it_keeps_them(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "_FAMILY_ACTIONS", {})  # the made-up class registers here

    class StorageAction(Action):
        """An action of the Storage Box API, as that family declares one."""

        family = "hetzner-api"

    def finished(action_id: int) -> dict[str, object]:
        return {"id": action_id, "command": "x", "status": "success", "progress": 100}

    server.then(
        answer(200, {"actions": [finished(1)]}),
        answer(200, {"actions": [finished(1)]}),
    )
    client = Client(server.url, "token", base_urls={"hetzner-api": server.url + "/api"})
    async with client:
        client.actions.poll = PollPolicy(interval=0)
        cloud = Action(client, {"id": 1, "status": "running"})
        storage = StorageAction(client, {"id": 1, "status": "running"})
        assert cloud != storage  # the same id in two families
        done = await client.actions.wait([cloud, storage], timeout=5)
    assert [type(action) for action in done] == [Action, StorageAction]
    assert sorted(seen.path_qs for seen in server.received) == [
        "/v1/actions?id=1",
        "/v1/api/storage_boxes/actions?id=1",
    ]
    assert Action.of_family("hetzner-api") is StorageAction


async def test_getting_one_action_asks_where_its_family_keeps_it(server: ScriptedServer) -> None:
    action = {"id": 14, "command": "x", "status": "success", "progress": 100}
    server.default = answer(200, {"action": action})
    base_urls = {"hetzner-cloud": server.url, "hetzner-api": server.url + "/api"}
    async with Client("hetzner-api", "token", base_urls=base_urls) as client:
        await client.actions.get(14)  # the Cloud API's, whatever the generic endpoint is
        await client.actions.get(14, family="hetzner-api")
        with pytest.raises(ValueError, match="hetzner-robot API has no actions"):
            await client.actions.get(14, family="hetzner-robot")
    assert [seen.path_qs for seen in server.received] == [
        "/v1/actions/14",
        "/v1/api/storage_boxes/actions/14",
    ]
