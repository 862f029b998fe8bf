"""The scenarios: what each simulator runs with, what the driver prepares, what clients are given.

- a: ``GET /servers/{id}`` at concurrency 32 over a pool of servers: requests per second;
- b: listing every server of a large project, 20 ms latency per request: wall time, requests;
- c: creating servers and waiting for every action (2 s each): wall time, requests;
- e: b at scale, listing 100 to 20,000 servers (one simulator, grown size by size);
- f: c at scale, creating 100 to 10,000 servers and waiting for all their actions.

Memory (d) is measured in every client process and reported for each scenario.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from asynchetzner import Client

from .clients.common import IMAGE, SERVER_TYPE, Job
from .simulator import Endpoint

CONCURRENCY = 32
PER_PAGE = 50
CREATE_BATCH = 200
POOL = 32  # the servers scenario a gets, in turn


@dataclass(frozen=True)
class Cap:
    """The largest size a client runs at by default, and why."""

    size: int
    reason: str


@dataclass(frozen=True)
class Scenario:
    """One scenario: simulator settings, sizes (full and ``--quick``), runs per size, per-client
    size caps, and its headline metric."""

    key: str
    title: str
    unit: str  # what its size counts
    action_seconds: float
    faults: str
    full: tuple[int, ...]
    quick: tuple[int, ...]
    throughput: bool = False  # headline: requests per second (else wall time)
    repeats: Mapping[int, int] = field(default_factory=dict)  # size → runs (else --repeat)
    caps: Mapping[str, Cap] = field(default_factory=dict)
    fresh: bool = False  # a fresh simulator for each client run (else one, shared)

    @property
    def scale(self) -> bool:
        """Whether it measures growth over several sizes (e, f)."""
        return len(self.full) > 1

    def sizes(self, quick: bool) -> tuple[int, ...]:
        """The sizes of this run."""
        return self.quick if quick else self.full

    def action_time(self, quick: bool) -> float:
        """How long each action runs: at most ``QUICK_ACTION_SECONDS`` in a smoke run."""
        return min(self.action_seconds, QUICK_ACTION_SECONDS) if quick else self.action_seconds

    def runs(self, size: int, repeat: int | None, quick: bool) -> int:
        """How many times each client runs at ``size``: ``--repeat`` when given, once with
        ``--quick``, else the scenario's number for the size, else ``DEFAULT_REPEAT``."""
        if repeat is not None:
            return repeat
        if quick:
            return 1
        return self.repeats.get(size, DEFAULT_REPEAT)

    def skipped(self, client: str, size: int, uncapped: bool) -> str | None:
        """Why ``client`` does not run at ``size`` (``None``: it runs)."""
        cap = self.caps.get(client)
        if cap is None or uncapped or size <= cap.size:
            return None
        return cap.reason


DEFAULT_REPEAT = 7
QUICK_ACTION_SECONDS = 0.5
HCLOUD_FULL = "--hcloud-full"
SCENARIOS: dict[str, Scenario] = {
    "a": Scenario(
        "a",
        "GET /servers/{id}, concurrency 32",
        "requests",
        action_seconds=0,
        faults="",
        full=(10_000,),
        quick=(300,),
        throughput=True,
    ),
    "b": Scenario(
        "b",
        "list all servers, 20 ms latency",
        "servers",
        action_seconds=0,
        faults="latency=0.02",
        full=(2000,),
        quick=(200,),
    ),
    "c": Scenario(
        "c",
        "create servers, wait for actions",
        "servers",
        action_seconds=2,
        faults="",
        full=(100,),
        quick=(10,),
        fresh=True,
    ),
    "e": Scenario(
        "e",
        "list servers at scale, 20 ms latency",
        "servers",
        action_seconds=0,
        faults="latency=0.02",
        full=(100, 1000, 10_000, 20_000),
        quick=(50, 200),
        repeats={100: 3, 1000: 3, 10_000: 3, 20_000: 1},
    ),
    "f": Scenario(
        "f",
        "create servers at scale, wait for actions",
        "servers",
        action_seconds=2,
        faults="",
        full=(100, 1000, 10_000),
        quick=(10, 50),
        repeats={100: 3, 1000: 1, 10_000: 1},
        fresh=True,
        caps={
            "hcloud": Cap(
                1000,
                "hcloud takes about 16 s per 100 servers with 32 threads (27 min at 10,000); "
                f"{HCLOUD_FULL} runs it",
            )
        },
    ),
}


def driver_session(endpoint: Endpoint) -> aiohttp.ClientSession:
    """The driver's session, trusting the run's CA over HTTPS (its environment does not)."""
    context = (
        None
        if endpoint.ca_bundle is None
        else ssl.create_default_context(cafile=str(endpoint.ca_bundle))
    )
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=CONCURRENCY, ssl=context or True)
    )


async def create_servers(endpoint: Endpoint, count: int, prefix: str, first: int = 0) -> list[int]:
    """Create ``count`` stopped servers through asynchetzner, in batches, named ``prefix-i`` from
    ``i = first``; their ids."""
    ids: list[int] = []
    async with (
        driver_session(endpoint) as session,
        Client(endpoint.url, endpoint.token, session=session) as client,
    ):
        for start in range(0, count, CREATE_BATCH):
            results = await asyncio.gather(
                *(
                    client.servers.create(
                        name=f"{prefix}-{i}",
                        server_type=SERVER_TYPE,
                        image=IMAGE,
                        start_after_create=False,
                    )
                    for i in range(first + start, first + min(count, start + CREATE_BATCH))
                )
            )
            ids.extend(result.server.id for result in results)
    return ids


async def prepare(scenario: Scenario, endpoint: Endpoint) -> Job:
    """Set the simulator up for the scenario; the part of the job every client gets at every
    size. (b and e get their servers from ``stock``, size by size.)"""
    job: dict[str, Any] = {
        "scenario": scenario.key,
        "endpoint": endpoint.url,
        "token": endpoint.token,
        "concurrency": CONCURRENCY,
        "per_page": PER_PAGE,
    }
    if scenario.key == "a":
        job["ids"] = await create_servers(endpoint, POOL, "pool")
    return job


async def stock(scenario: Scenario, endpoint: Endpoint, stocked: int, size: int) -> int:
    """b, e: bring the project from ``stocked`` servers to ``size`` before the clients list it;
    the servers it then holds. One simulator serves every size, growing from the smallest,
    each size listed whole (no filter), so each server is created once."""
    if scenario.key not in ("b", "e") or size <= stocked:
        return stocked
    await create_servers(endpoint, size - stocked, "listed", first=stocked)
    return size


def sized_job(job: Job, size: int) -> Job:
    """The job of one size: how many requests (a), servers listed (b, e) or created (c, f)."""
    key = job["scenario"]
    if key == "a":
        return {**job, "requests": size}
    if key in ("b", "e"):
        return {**job, "expected": size}
    return {**job, "count": size}
