"""The scenarios: what each simulator runs with, what the driver prepares, what clients are given.

- a: ``GET /servers/{id}`` at concurrency 32 over a pool of servers: requests per second;
- b: listing every server of a large project, 20 ms latency per request: wall time, requests;
- c: creating servers and waiting for every action (2 s each): wall time, requests.

Peak RSS (d) is measured in every client process and reported for each scenario.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from asynchetzner import Client

from .clients.common import IMAGE, SERVER_TYPE, Job
from .simulator import Endpoint

CONCURRENCY = 32
PER_PAGE = 50
CREATE_BATCH = 200


@dataclass(frozen=True)
class Scenario:
    """One scenario: simulator settings, sizes (full and ``--quick``), and its headline metric."""

    key: str
    title: str
    action_seconds: float
    faults: str
    full: dict[str, int] = field(default_factory=dict)
    quick: dict[str, int] = field(default_factory=dict)
    throughput: bool = False  # headline: requests per second (else wall time)

    def sizes(self, quick: bool) -> dict[str, int]:
        """The sizes of this run."""
        return dict(self.quick if quick else self.full)


SCENARIOS: dict[str, Scenario] = {
    "a": Scenario(
        "a",
        "GET /servers/{id}, concurrency 32",
        action_seconds=0,
        faults="",
        full={"requests": 3000, "pool": 32},
        quick={"requests": 300, "pool": 8},
        throughput=True,
    ),
    "b": Scenario(
        "b",
        "list all servers, 20 ms latency",
        action_seconds=0,
        faults="latency=0.02",
        full={"servers": 2000},
        quick={"servers": 200},
    ),
    "c": Scenario(
        "c",
        "create servers, wait for actions (2 s)",
        action_seconds=2,
        faults="",
        full={"count": 100},
        quick={"count": 10},
    ),
}


async def create_servers(endpoint: Endpoint, count: int, prefix: str) -> list[int]:
    """Create ``count`` stopped servers through asynchetzner, in batches; their ids."""
    ids: list[int] = []
    async with Client(endpoint.url, endpoint.token) as client:
        for start in range(0, count, CREATE_BATCH):
            results = await asyncio.gather(
                *(
                    client.servers.create(
                        name=f"{prefix}-{i}",
                        server_type=SERVER_TYPE,
                        image=IMAGE,
                        start_after_create=False,
                    )
                    for i in range(start, min(count, start + CREATE_BATCH))
                )
            )
            ids.extend(result.server.id for result in results)
    return ids


async def prepare(scenario: Scenario, endpoint: Endpoint, sizes: dict[str, int]) -> Job:
    """Set the simulator up for the scenario; the part of the job every client gets."""
    job: dict[str, Any] = {
        "scenario": scenario.key,
        "endpoint": endpoint.url,
        "token": endpoint.token,
        "concurrency": CONCURRENCY,
    }
    if scenario.key == "a":
        job["ids"] = await create_servers(endpoint, sizes["pool"], "pool")
        job["requests"] = sizes["requests"]
    elif scenario.key == "b":
        await create_servers(endpoint, sizes["servers"], "listed")
        job["expected"] = sizes["servers"]
        job["per_page"] = PER_PAGE
    else:
        job["count"] = sizes["count"]
    return job
