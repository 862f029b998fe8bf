"""``asynchetzner.sync``: the asyncio client, synchronously, against a simulator running in a
thread of its own (the tests themselves are plain functions, like a script)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest

import asynchetzner
from asynchetzner import (
    Action,
    ClientStateError,
    ConfigurationError,
    NotFoundError,
    PollPolicy,
    Server,
    ServersClient,
)
from asynchetzner import Client as AsyncClient
from asynchetzner.simulator import Simulator
from asynchetzner.sync import Client, _result
from asynchetzner.typed.registry import kinds

from .conftest import NO_RETRY

FAST_POLL = PollPolicy(interval=0.001, factor=1.0, max_interval=0.001)


@contextmanager
def serving(**options: Any) -> Iterator[Simulator]:
    """A simulator serving from an event loop in a thread of its own."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    simulator = Simulator(**options)
    asyncio.run_coroutine_threadsafe(simulator.start(), loop).result()
    try:
        yield simulator
    finally:
        asyncio.run_coroutine_threadsafe(simulator.stop(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with serving(action_seconds=0.0) as simulator:
        yield simulator


def connect(sim: Simulator, **options: Any) -> Client:
    """A sync client of ``sim``, its typed calls of every family sent there."""
    return Client(
        "hetzner-cloud",
        sim.token,
        robot_user=sim.robot.user,
        robot_password=sim.robot.password,
        base_urls={**sim.urls, "hetzner-robot": sim.robot.url},
        retry=NO_RETRY,
        poll=FAST_POLL,
        **options,
    )


@pytest.fixture
def client(sim: Simulator) -> Iterator[Client]:
    with connect(sim) as connected:
        yield connected


def create_server(client: Client, name: str) -> Any:
    return client.servers.create(name=name, server_type="cx23", image="ubuntu-24.04")


def sync_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == "asynchetzner.sync"]


# A script


def test_generic_calls_typed_calls_and_model_methods_run_without_await(client: Client) -> None:
    result = create_server(client, "web-1")
    assert isinstance(result.server, Server)  # a proxy passes for the model it stands for
    assert result.server.name == "web-1"
    actions = client.actions.wait([result.action, *result.next_actions])
    assert [a.status for a in actions] == ["success"] * len(actions)
    assert all(isinstance(a, Action) for a in actions)
    assert client.get(f"/servers/{result.server.id}")["server"]["name"] == "web-1"

    server = client.servers.get(result.server.id)
    assert server == result.server
    assert hash(server) == hash(result.server)
    server.power_off().wait()  # an object's method, then its action's
    assert server.refresh().status == "off"
    assert client.servers.get_by_name("web-1").status == "off"
    assert "web-1" in repr(server)
    assert "name" in dir(server)


def test_async_iterators_become_plain_iterators(client: Client) -> None:
    for number in range(3):
        create_server(client, f"it-{number}")
    listed = client.servers.list(sort="name:desc", per_page=2)
    assert not hasattr(listed, "__aiter__")
    assert [s.name for s in listed] == ["it-2", "it-1", "it-0"]
    assert [p["name"] for p in client.paginate("/servers", per_page=1)] == ["it-0", "it-1", "it-2"]
    left = iter(client.servers.list(per_page=1))
    assert next(left).name == "it-0"
    left.close()  # closed in the loop, with no pending generator left behind


def test_attributes_set_through_a_proxy_reach_the_asyncio_client(client: Client) -> None:
    made = vars(client._target)  # made once in the loop, so threads cannot race to make two
    assert {"actions", "robot", "servers", "storage_boxes"} <= made.keys()
    other = PollPolicy(interval=0.002, factor=1.0, max_interval=0.002)
    client.actions.poll = other
    assert client.actions.poll is other
    assert client.requests_sent == 0
    assert client.closed is False


def test_every_kind_is_reachable(client: Client) -> None:
    reached = []
    for declared in kinds(AsyncClient):
        collection = getattr(client, declared.attribute)
        assert isinstance(collection, declared.collection)
        read = getattr(collection, "get_all", None) or collection.get
        answer = read()
        assert not asyncio.iscoroutine(answer)
        reached.append(declared.attribute)
    assert "servers" in reached
    assert "storage_boxes" in reached
    assert "pricing" in reached


def test_robot_areas(client: Client) -> None:
    servers = client.robot.servers.list()
    assert servers
    assert isinstance(servers, list)
    renamed = client.robot.servers.rename(servers[0], "renamed")
    assert renamed.server_name == "renamed"
    assert client.robot.servers.get(servers[0].server_number).server_name == "renamed"


# Errors


def test_exceptions_are_the_asyncio_clients_own(client: Client) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.servers.get(999_999)
    assert type(raised.value) is NotFoundError
    assert raised.value.status == 404
    with pytest.raises(asynchetzner.InvalidArgumentError):
        client.servers.get(-1)


def test_bad_arguments_fail_at_once_and_leave_no_thread() -> None:
    before = len(sync_threads())
    with pytest.raises(ConfigurationError):
        Client(max_concurrency=0)
    assert len(sync_threads()) == before


def test_its_own_loop_thread_cannot_call_in(client: Client) -> None:
    result = create_server(client, "callback")
    seen: list[BaseException] = []

    def on_progress(action: Any) -> None:
        try:
            client.get("/servers")
        except ClientStateError as error:
            seen.append(error)

    client.actions.wait([result.action], on_progress=on_progress)
    assert seen
    assert "own event loop thread" in str(seen[0])


def test_an_interrupt_while_waiting_cancels_the_work(client: Client) -> None:
    started, cancelled = threading.Event(), threading.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            cancelled.set()

    future = asyncio.run_coroutine_threadsafe(forever(), client._loop.loop)
    started.wait()

    def interrupted(timeout: float | None = None) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the calling thread waits

    future.result = interrupted  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        _result(future)
    assert cancelled.wait(5)


# Threads and loops


def test_many_threads_share_one_client_and_one_poller() -> None:
    now = [1_800_000_000.0]
    with serving(action_seconds=1.0, clock=lambda: now[0]) as sim, connect(sim) as client:
        results = [create_server(client, f"pool-{number}") for number in range(8)]
        waiters = client._target.actions._waiters

        def wait(result: Any) -> list[Any]:
            return client.actions.wait([result.action, *result.next_actions])

        with ThreadPoolExecutor(len(results)) as pool:
            waits = [pool.submit(wait, result) for result in results]
            # until every thread waits (the actions still run), unless one failed
            while len(waiters) < len(results) and not any(w.done() for w in waits):
                threading.Event().wait(0.001)
            polls_before = sim.project.requests["GET /actions"]
            now[0] += 2  # every action finishes
            assert all(a.status == "success" for w in waits for a in w.result())
        # one round in flight may still see them running; the next sees all 16 in one request
        assert sim.project.requests["GET /actions"] - polls_before <= 2
        assert sim.project.requests["GET /actions/{id}"] == 0


def test_it_works_where_the_calling_thread_runs_a_loop(client: Client) -> None:
    async def notebook_cell() -> str:  # Jupyter runs cells inside a running loop
        asyncio.get_running_loop()
        return str(create_server(client, "in-a-notebook").server.name)

    assert asyncio.run(notebook_cell()) == "in-a-notebook"


def test_an_async_client_in_a_second_loop_points_to_sync(sim: Simulator) -> None:
    async_client = sim.client(retry=NO_RETRY)
    first = asyncio.new_event_loop()
    try:
        first.run_until_complete(async_client.get("/servers"))
        with pytest.raises(ClientStateError) as raised:
            asyncio.run(async_client.get("/servers"))
        assert "asynchetzner.sync" in str(raised.value)
    finally:
        first.run_until_complete(async_client.close())
        first.close()


# Lifecycle


def test_close_ends_the_thread_and_is_safe_twice(sim: Simulator) -> None:
    before = len(sync_threads())
    client = connect(sim)
    assert len(sync_threads()) == before + 1
    assert client.servers.get_all() == []
    client.close()
    client.close()
    assert len(sync_threads()) == before
    assert client.closed is True
    with pytest.raises(ClientStateError, match="closed"):
        client.servers.get_all()


def test_the_context_manager_initialises_and_closes(sim: Simulator) -> None:
    with connect(sim) as client:
        assert client.base_url == sim.url
        assert repr(client).startswith("<asynchetzner.sync.Client")
        assert isinstance(client.servers, ServersClient)
        leftover = iter(client.servers.list())  # never started: closed with the loop
    assert leftover is not None
    assert client.closed
    with pytest.raises(ClientStateError, match="closed"):
        client.__enter__()
