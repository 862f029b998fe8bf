"""asynchetzner through its public API, with its defaults (32 requests in flight)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from asynchetzner import Client, Server

from .common import (
    IMAGE,
    SERVER_TYPE,
    Job,
    check,
    emit,
    read_job,
    server_names,
    targets,
)
from .memory import current_rss_kib


async def get_servers(client: Client, job: Job) -> list[Any]:
    """Scenario a: ``client.get("/servers/{id}")``, all at once; the client bounds concurrency."""
    wanted = targets(job)
    answers = await asyncio.gather(*(client.get(f"/servers/{i}") for i in wanted))
    check([a["server"]["id"] for a in answers] == wanted, "wrong servers")
    return answers


async def list_servers(client: Client, job: Job) -> list[Server]:
    """Scenarios b and e: ``client.servers.get_all()`` (page 1, then the rest concurrently)."""
    servers = await client.servers.get_all()
    check(len({s.id for s in servers}) == job["expected"], f"listed {len(servers)} servers")
    return servers


async def create_server(client: Client, name: str) -> list[Any]:
    """Create one server and wait for its action and next actions (one poller serves all)."""
    result = await client.servers.create(name=name, server_type=SERVER_TYPE, image=IMAGE)
    return await client.actions.wait([result.action, *result.next_actions])


async def create_servers(client: Client, job: Job) -> list[Any]:
    """Scenarios c and f: every server created and waited for in its own task; the actions."""
    waited = await asyncio.gather(*(create_server(client, name) for name in server_names(job)))
    return [action for actions in waited for action in actions]


SCENARIOS = {
    "a": get_servers,
    "b": list_servers,
    "c": create_servers,
    "e": list_servers,
    "f": create_servers,
}


async def run(job: Job) -> None:
    """Open the client, run the scenario, print the results."""
    async with Client(job["endpoint"], job["token"]) as client:
        check(client.max_concurrency == job["concurrency"], "default concurrency changed")
        after_imports = current_rss_kib()
        started, cpu_started = time.perf_counter(), time.process_time()
        held = await SCENARIOS[job["scenario"]](client, job)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        requests = client.requests_sent
    emit(seconds, cpu_seconds, requests, held, after_imports)


def main() -> None:
    """Entry point of the client process."""
    asyncio.run(run(read_job()))


if __name__ == "__main__":
    main()
