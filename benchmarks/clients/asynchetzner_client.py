"""asynchetzner through its public API, with its defaults (32 requests in flight)."""

from __future__ import annotations

import asyncio
import time

from asynchetzner import Client

from .common import IMAGE, SERVER_TYPE, Job, check, emit, read_job, server_names, targets


async def get_servers(client: Client, job: Job) -> int:
    """Scenario a: ``client.get("/servers/{id}")``, all at once; the client bounds concurrency."""
    wanted = targets(job)
    answers = await asyncio.gather(*(client.get(f"/servers/{i}") for i in wanted))
    check([a["server"]["id"] for a in answers] == wanted, "wrong servers")
    return len(answers)


async def list_servers(client: Client, job: Job) -> int:
    """Scenario b: ``client.servers.get_all()`` (page 1, then the rest concurrently)."""
    servers = await client.servers.get_all()
    check(len({s.id for s in servers}) == job["expected"], f"listed {len(servers)} servers")
    return len(servers)


async def create_server(client: Client, name: str) -> int:
    """Create one server and wait for its action and next actions (one poller serves all)."""
    result = await client.servers.create(name=name, server_type=SERVER_TYPE, image=IMAGE)
    actions = await client.actions.wait([result.action, *result.next_actions])
    return len(actions)


async def create_servers(client: Client, job: Job) -> int:
    """Scenario c: every server created and waited for in its own task."""
    waited = await asyncio.gather(*(create_server(client, name) for name in server_names(job)))
    return sum(waited)


SCENARIOS = {"a": get_servers, "b": list_servers, "c": create_servers}


async def run(job: Job) -> None:
    """Open the client, run the scenario, print the results."""
    async with Client(job["endpoint"], job["token"]) as client:
        check(client.max_concurrency == job["concurrency"], "default concurrency changed")
        started, cpu_started = time.perf_counter(), time.process_time()
        items = await SCENARIOS[job["scenario"]](client, job)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        requests = client.requests_sent
    emit(seconds, cpu_seconds, requests, items)


def main() -> None:
    """Entry point of the client process."""
    asyncio.run(run(read_job()))


if __name__ == "__main__":
    main()
