"""``client.paginate``: page 1, then the rest concurrently and bounded, yielded in order.

Against the simulator for what the API does (filters, ``per_page``, ids in order), against a
scripted server for what it is hard to make the simulator do (in-flight requests, held pages,
``last_page`` null, malformed answers), and with a fake ``get`` for the pagination function
itself.
"""

from __future__ import annotations

import asyncio
import copy
import gc
import math
from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from itertools import pairwise
from typing import Any

import pytest
from aiohttp import web

from asynchetzner import APIError, Client, InvalidResponse, Server
from asynchetzner.pagination import paginate
from asynchetzner.simulator import Latency, Simulator
from asynchetzner.simulator.engine.app import operation

from .conftest import NO_RETRY, ScriptedServer, asyncio_errors, error_answer


def page_fetches() -> list[asyncio.Task[Any]]:
    """Page requests of ``paginate`` still running in this loop."""
    return [
        task
        for task in asyncio.all_tasks()
        if not task.done() and task.get_coro().__qualname__ == "Client.get"
    ]


# Against the simulator


class Queries:
    """Record the query of every ``GET /servers`` the simulator serves."""

    def __init__(self) -> None:
        self.seen: list[dict[str, str]] = []

    def __call__(self, request: web.Request, response: web.Response) -> None:
        if operation(request) == "GET /servers":
            self.seen.append(dict(request.query))

    @property
    def pages(self) -> list[int]:
        return sorted(int(q.get("page", "1")) for q in self.seen)


async def add_servers(sim: Simulator, client: Client, count: int) -> list[int]:
    """``count`` servers: one created through the API, the rest copied into the store."""
    answer = await client.post(
        "/servers", name="web-1", server_type="cx23", image="ubuntu-24.04", start_after_create=False
    )
    table = sim.store.table("server")
    template = table[answer["server"]["id"]]
    ids = [template["id"]]
    for _ in range(count - 1):
        server_id = sim.store.next_id("server")
        server = copy.deepcopy(template)
        server.update(id=server_id, name=f"web-{server_id}")
        server["labels"] = {"env": "prod" if server_id % 3 == 0 else "dev"}
        table[server_id] = server
        ids.append(server_id)
    return ids


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(action_seconds=0.0) as simulator:
        yield simulator


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[Client]:
    async with sim.client(retry=NO_RETRY) as connected:
        yield connected


@pytest.fixture
def queries(sim: Simulator) -> Queries:
    recorder = Queries()
    sim.project.observers.append(recorder)
    return recorder


async def test_every_item_once_in_order_50_a_page(
    sim: Simulator, client: Client, queries: Queries
) -> None:
    ids = await add_servers(sim, client, 123)
    items = [item async for item in client.paginate("/servers")]
    assert [item["id"] for item in items] == sorted(ids)
    assert len({item["id"] for item in items}) == 123
    assert queries.pages == [1, 2, 3]
    assert {q["per_page"] for q in queries.seen} == {"50"}
    assert queries.seen[0]["page"] == "1"  # page 1 first, alone
    assert sim.project.requests["GET /servers"] == 3


async def test_explicit_per_page_and_filters_on_every_page(
    sim: Simulator, client: Client, queries: Queries
) -> None:
    ids = await add_servers(sim, client, 61)
    items = [item async for item in client.paginate("/servers", per_page=10)]
    assert [item["id"] for item in items] == sorted(ids)
    assert queries.pages == list(range(1, 8))
    assert {q["per_page"] for q in queries.seen} == {"10"}

    queries.seen.clear()
    prod = [i for i in ids if i % 3 == 0]
    items = [
        item async for item in client.paginate("/servers", label_selector="env=prod", per_page=4)
    ]
    assert [item["id"] for item in items] == prod
    assert queries.pages == list(range(1, math.ceil(len(prod) / 4) + 1))
    assert all(q["label_selector"] == "env=prod" for q in queries.seen)
    assert all(q["per_page"] == "4" for q in queries.seen)


async def test_typed_list_and_get_all_read_every_page(
    sim: Simulator, client: Client, queries: Queries
) -> None:
    ids = await add_servers(sim, client, 75)
    servers = await client.servers.get_all()
    assert all(isinstance(s, Server) for s in servers)
    assert [s.id for s in servers] == sorted(ids)
    assert queries.pages == [1, 2]
    listed = [s.id async for s in client.servers.list(label_selector="env=dev", per_page=20)]
    assert listed == [i for i in ids[1:] if i % 3 != 0]  # the first one has no labels


async def test_no_items_is_one_request(sim: Simulator, client: Client, queries: Queries) -> None:
    assert [item async for item in client.paginate("/servers")] == []
    assert await client.servers.get_all(label_selector="env=none") == []
    assert len(queries.seen) == 2


async def test_pages_overlap_with_simulator_latency() -> None:
    """Ten pages held 20 ms each by the simulator: they finish in waves of at most four."""
    queries = Queries()
    loop = asyncio.get_running_loop()
    finished: list[float] = []
    async with Simulator(action_seconds=0.0, latency=[Latency(0.02, "GET /servers")]) as sim:
        sim.project.observers.append(queries)
        sim.project.observers.append(lambda request, response: finished.append(loop.time()))
        async with sim.client(retry=NO_RETRY, max_concurrency=4) as client:
            ids = await add_servers(sim, client, 50)
            finished.clear()
            items = [item async for item in client.paginate("/servers", per_page=5)]
    assert [item["id"] for item in items] == sorted(ids)
    assert queries.pages == list(range(1, 11))
    waves = [1]  # answers less than 10 ms apart came from requests in flight together
    for before, after in pairwise(finished):
        if after - before < 0.01:
            waves[-1] += 1
        else:
            waves.append(1)
    assert waves[0] == 1  # page 1 alone
    assert 2 <= max(waves) <= 4  # then overlapping, at most four at a time
    assert sum(waves) == 10
    assert finished[-1] - finished[0] < 0.02 * 9  # less than one after another would take


# Against a scripted server


class Pages:
    """Answer ``GET /servers?page=&per_page=`` over ``total`` items; count requests in flight."""

    def __init__(
        self,
        total: int,
        *,
        hold: float = 0.0,
        last_page_known: bool = True,
        gate: Callable[[int], asyncio.Event | None] = lambda page: None,
    ) -> None:
        self.total = total
        self.hold = hold
        self.last_page_known = last_page_known
        self.gate = gate
        self.in_flight = 0
        self.most_in_flight = 0
        self.in_flight_at_start: dict[int, int] = {}
        self.answered: list[int] = []
        self.moved = asyncio.Event()  # set whenever a request arrives or is answered

    async def until(self, condition: Callable[[], bool]) -> None:
        """Return once ``condition`` holds (checked whenever a request arrives or leaves)."""
        while not condition():
            self.moved.clear()
            await self.moved.wait()

    def body(self, page: int, per_page: int) -> dict[str, Any]:
        last = max(1, math.ceil(self.total / per_page))
        first = (page - 1) * per_page + 1
        items = [
            {"id": i, "name": f"s{i}"} for i in range(first, min(first + per_page, self.total + 1))
        ]
        pagination = {
            "page": page,
            "per_page": per_page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page < last else None,
            "last_page": last if self.last_page_known else None,
            "total_entries": self.total if self.last_page_known else None,
        }
        return {"servers": items, "meta": {"pagination": pagination}}

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        page = int(request.query.get("page", "1"))
        per_page = int(request.query.get("per_page", "25"))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        self.in_flight_at_start[page] = self.in_flight
        self.moved.set()
        try:
            gate = self.gate(page)
            if gate is not None:
                await gate.wait()
            if self.hold:
                await asyncio.sleep(self.hold)
        finally:
            self.in_flight -= 1
        self.answered.append(page)
        self.moved.set()
        return web.json_response(self.body(page, per_page))


def requested_pages(server: ScriptedServer) -> list[int]:
    pages = []
    for received in server.received:
        query = dict(part.split("=", 1) for part in received.path_qs.split("?", 1)[1].split("&"))
        pages.append(int(query["page"]))
    return pages


async def test_page_one_alone_then_at_most_max_concurrency(server: ScriptedServer) -> None:
    pages = Pages(100, hold=0.005)
    server.default = pages
    async with Client(server.url, "token", retry=NO_RETRY, max_concurrency=4) as client:
        items = [item async for item in client.paginate("/servers", per_page=10)]
    assert [item["id"] for item in items] == list(range(1, 101))
    assert requested_pages(server)[0] == 1
    assert sorted(requested_pages(server)) == list(range(1, 11))
    assert pages.in_flight_at_start[1] == 1
    assert pages.most_in_flight == 3  # pages 2..10: three round trips of three, never four


@pytest.mark.parametrize(
    ("total_pages", "concurrency", "width"), [(40, 32, 20), (33, 32, 32), (401, 32, 31), (3, 8, 2)]
)
async def test_no_more_pages_in_flight_than_the_fewest_round_trips_need(
    server: ScriptedServer, total_pages: int, concurrency: int, width: int
) -> None:
    held = asyncio.Event()
    pages = Pages(total_pages * 2, gate=lambda page: held if page > 1 else None)
    server.default = pages

    async def release_once_width_in_flight() -> None:
        await pages.until(lambda: pages.in_flight == width)
        for _ in range(20):
            await asyncio.sleep(0)  # room for a request too many to arrive
        held.set()

    async def read_all(client: Client) -> list[Any]:
        return [item async for item in client.paginate("/servers", per_page=2)]

    async with Client(server.url, "token", retry=NO_RETRY, max_concurrency=concurrency) as c:
        releasing = asyncio.create_task(release_once_width_in_flight())
        items = await asyncio.wait_for(read_all(c), 5)  # a hang here fails, not blocks
        await releasing
    assert len(items) == total_pages * 2
    assert pages.most_in_flight == width


async def test_order_kept_when_later_pages_answer_first(server: ScriptedServer) -> None:
    gates = {page: asyncio.Event() for page in range(2, 6)}
    pages = Pages(50, gate=gates.get)
    server.default = pages

    async def release_backwards() -> None:
        await pages.until(lambda: pages.in_flight == 4)
        for page in (5, 4, 3, 2):
            gates[page].set()
            await pages.until(lambda: page in pages.answered)  # noqa: B023 (awaited at once)

    async with Client(server.url, "token", retry=NO_RETRY, max_concurrency=8) as client:
        releasing = asyncio.create_task(release_backwards())
        items = [item["id"] async for item in client.paginate("/servers", per_page=10)]
        await releasing
    assert pages.answered == [1, 5, 4, 3, 2]
    assert items == list(range(1, 51))


async def test_early_break_cancels_outstanding_pages(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    held = asyncio.Event()
    pages = Pages(200, gate=lambda page: held if page > 2 else None)
    server.default = pages

    async def read_until_15(client: Client) -> None:
        async with aclosing(client.paginate("/servers", per_page=10)) as items:
            async for item in items:
                if item["id"] == 15:  # on page 2, while pages 3..5 are held
                    break

    async with Client(server.url, "token", retry=NO_RETRY, max_concurrency=4) as client:
        await asyncio.wait_for(read_until_15(client), 1)  # held pages would keep aclose() waiting
        assert page_fetches() == []
        asked = len(server.received)
        assert sorted(requested_pages(server)) == [1, 2, 3, 4, 5]
        held.set()
        for _ in range(10):
            await asyncio.sleep(0)
        assert len(server.received) == asked  # nothing more was fetched
        # The client still works: its connection slots were given back.
        assert len([i async for i in client.paginate("/servers", per_page=100)]) == 200
    assert asyncio_errors(caplog) == []


async def test_plain_break_also_cancels_once_the_iterator_is_dropped(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    held = asyncio.Event()
    server.default = Pages(100, gate=lambda page: held if page > 1 else None)
    async with Client(server.url, "token", retry=NO_RETRY, max_concurrency=4) as client:
        async for _ in client.paginate("/servers", per_page=10):
            break
        gc.collect()  # the event loop closes a dropped async generator: aclose() soon runs
        for _ in range(20):
            if not page_fetches():
                break
            await asyncio.sleep(0.001)
        assert page_fetches() == []
        held.set()
    assert asyncio_errors(caplog) == []


async def test_a_failing_page_raises_after_the_pages_before_it(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    held = asyncio.Event()
    pages = Pages(100, gate=lambda page: held if page > 3 else None)

    async def third_page_fails(request: web.Request) -> web.StreamResponse:
        if request.query.get("page") == "3":
            return await error_answer(500, "server_error", "page three broke")(request)
        return await pages(request)

    server.default = third_page_fails
    seen: list[int] = []

    async def read(client: Client) -> None:
        async for item in client.paginate("/servers", per_page=10):
            seen.append(item["id"])

    async with Client(server.url, "token", retry=NO_RETRY, max_concurrency=4) as client:
        with pytest.raises(APIError, match="page three broke"):
            await read(client)
        assert page_fetches() == []
        held.set()
    assert seen == list(range(1, 21))
    assert asyncio_errors(caplog) == []


async def test_unknown_last_page_follows_next_page_one_by_one(server: ScriptedServer) -> None:
    pages = Pages(35, hold=0.002, last_page_known=False)
    server.default = pages
    async with Client(server.url, "token", retry=NO_RETRY, max_concurrency=8) as client:
        items = [item["id"] async for item in client.paginate("/servers", per_page=10)]
    assert items == list(range(1, 36))
    assert requested_pages(server) == [1, 2, 3, 4]
    assert pages.most_in_flight == 1


async def test_an_answer_without_pagination_is_one_page(server: ScriptedServer) -> None:
    async def no_meta(request: web.Request) -> web.StreamResponse:
        return web.json_response({"servers": [{"id": 1}, {"id": 2}]})

    server.default = no_meta
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        assert [i["id"] async for i in client.paginate("/servers")] == [1, 2]
    assert len(server.received) == 1


async def test_zero_items_from_a_scripted_server(server: ScriptedServer) -> None:
    server.default = Pages(0)
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        assert [i async for i in client.paginate("/servers")] == []
    assert requested_pages(server) == [1]


@pytest.mark.parametrize(
    "body",
    [
        {"meta": {"pagination": {"page": 1, "per_page": 50, "last_page": 1}}},
        {"servers": [], "images": [], "meta": {}},
        {"servers": {"id": 1}},
    ],
    ids=["no list", "two lists", "not a list"],
)
async def test_an_answer_without_one_list_is_invalid(
    server: ScriptedServer, body: dict[str, Any]
) -> None:
    async def respond(request: web.Request) -> web.StreamResponse:
        return web.json_response(body)

    server.default = respond
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        with pytest.raises(InvalidResponse, match="expected one list"):
            [i async for i in client.paginate("/servers")]


@pytest.mark.parametrize("last_page_known", [True, False], ids=["concurrent", "sequential"])
async def test_a_later_page_without_its_list_is_invalid(
    server: ScriptedServer, last_page_known: bool
) -> None:
    pages = Pages(30, last_page_known=last_page_known)

    async def second_page_broken(request: web.Request) -> web.StreamResponse:
        if request.query.get("page") == "2":
            return web.json_response({"meta": pages.body(2, 10)["meta"]})
        return await pages(request)

    server.default = second_page_broken
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        with pytest.raises(InvalidResponse):
            [i async for i in client.paginate("/servers", per_page=10)]


# The pagination function with a fake ``get``


class FakeAPI:
    """``get(path, **params)`` over ``total`` items; later pages answer sooner."""

    def __init__(self, total: int, per_page: int) -> None:
        self.total = total
        self.last = max(1, math.ceil(total / per_page))
        self.calls: list[dict[str, Any]] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        page, per_page = params["page"], params["per_page"]
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            for _ in range(self.last - page + 1):
                await asyncio.sleep(0)
        finally:
            self.in_flight -= 1
        first = (page - 1) * per_page
        return {
            "servers": list(range(first, min(first + per_page, self.total))),
            "meta": {
                "pagination": {
                    "page": page,
                    "per_page": per_page,
                    "previous_page": page - 1 if page > 1 else None,
                    "next_page": page + 1 if page < self.last else None,
                    "last_page": self.last,
                    "total_entries": self.total,
                }
            },
        }


@pytest.mark.parametrize("concurrency", [1, 3, 32])
async def test_paginate_bounds_concurrency_and_keeps_order(concurrency: int) -> None:
    api = FakeAPI(total=95, per_page=10)
    items = [i async for i in paginate(api.get, "/servers", {"per_page": 10}, concurrency)]
    assert items == list(range(95))
    assert [c["page"] for c in api.calls] == list(range(1, 11))
    assert api.most_in_flight == min(concurrency, 9)


async def test_paginate_default_per_page_and_params_kept() -> None:
    api = FakeAPI(total=120, per_page=50)
    items = [i async for i in paginate(api.get, "/servers", {"sort": "id"}, 4)]
    assert items == list(range(120))
    assert all(c["per_page"] == 50 and c["sort"] == "id" for c in api.calls)


async def test_paginate_closed_early_leaves_no_task() -> None:
    api = FakeAPI(total=1000, per_page=10)
    async with aclosing(paginate(api.get, "/servers", {"per_page": 10}, 5)) as items:
        async for item in items:
            if item == 25:
                break
    assert api.in_flight == 0
    assert len(api.calls) <= 1 + 5 + 2  # page 1, five in flight, a few replaced while reading


def looping_page(
    page: int, next_page: int | None, last_page: int | None, claims: int | None = None
) -> dict[str, Any]:
    """A page of two items whose pagination says ``claims`` (default ``page``) and points on."""
    meta = {
        "page": page if claims is None else claims,
        "per_page": 2,
        "previous_page": None,
        "next_page": next_page,
        "last_page": last_page,
        "total_entries": None,
    }
    return {"servers": [2 * page, 2 * page + 1], "meta": {"pagination": meta}}


@pytest.mark.parametrize(
    ("next_of", "seen_pages"),
    [
        pytest.param(lambda page: page, [1], id="next_page is the page itself"),
        pytest.param(lambda page: 2 if page == 1 else 1, [1, 2], id="next_page goes back"),
        pytest.param(lambda page: page + 1 if page < 3 else 2, [1, 2, 3], id="a cycle"),
    ],
)
async def test_pages_that_do_not_advance_end_in_invalid_response(
    next_of: Callable[[int], int], seen_pages: list[int]
) -> None:
    asked: list[int] = []

    async def get(path: str, **params: Any) -> dict[str, Any]:
        asked.append(params["page"])
        return looping_page(params["page"], next_of(params["page"]), None)

    with pytest.raises(InvalidResponse, match="do not advance"):
        [item async for item in paginate(get, "/servers", {}, 4)]
    assert asked == seen_pages


async def test_a_page_that_answers_as_another_ends_in_invalid_response() -> None:
    """Page 1 over and over, though the server says there are 500."""
    asked: list[int] = []

    async def get(path: str, **params: Any) -> dict[str, Any]:
        asked.append(params["page"])
        return looping_page(params["page"], 2, 500, claims=1)

    with pytest.raises(InvalidResponse, match="asked for page 2, the answer says it is page 1"):
        [item async for item in paginate(get, "/servers", {}, 4)]
    assert len(asked) <= 1 + 4 + 1


async def test_a_malformed_pagination_ends_in_invalid_response() -> None:
    async def get(path: str, **params: Any) -> dict[str, Any]:
        return {"servers": [1], "meta": {"pagination": {"page": "one", "next_page": 2}}}

    with pytest.raises(InvalidResponse, match=r"malformed meta\.pagination"):
        [item async for item in paginate(get, "/servers", {}, 4)]


@pytest.mark.parametrize("body", [[], None, "servers", {"servers": {"id": 1}}])
async def test_a_first_page_of_the_wrong_shape_is_an_invalid_response(body: Any) -> None:
    async def get(path: str, **params: Any) -> Any:
        return body

    with pytest.raises(InvalidResponse, match="GET /servers"):
        [item async for item in paginate(get, "/servers", {}, 4)]
