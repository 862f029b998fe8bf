"""``asynchetzner.sync``: the same client from plain threads, a pool of 32 as hcloud's users do.

Every call from every thread runs in the sync client's one private event loop, so requests share
one connection pool and every wait shares one batched poller.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asynchetzner import Server
from asynchetzner.sync import Client

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


def get_servers(client: Client, pool: ThreadPoolExecutor, job: Job) -> list[Any]:
    """Scenario a: ``client.get("/servers/{id}")`` in the threads."""
    wanted = targets(job)
    answers = list(pool.map(lambda i: client.get(f"/servers/{i}"), wanted))
    check([a["server"]["id"] for a in answers] == wanted, "wrong servers")
    return answers


def list_servers(client: Client, pool: ThreadPoolExecutor, job: Job) -> list[Server]:
    """Scenarios b and e: ``client.servers.get_all()`` (page 1, then the others concurrently)."""
    servers: list[Server] = client.servers.get_all()
    check(len({s.id for s in servers}) == job["expected"], f"listed {len(servers)} servers")
    return servers


def create_server(client: Client, name: str) -> list[Any]:
    """Create one server; its action and next actions."""
    result = client.servers.create(name=name, server_type=SERVER_TYPE, image=IMAGE)
    return [result.action, *result.next_actions]


def create_servers(client: Client, pool: ThreadPoolExecutor, job: Job) -> list[Any]:
    """Scenarios c and f: the servers created in the threads, then one wait for every action
    (one poller, 25 ids a request; a wait per thread would hold a thread per server for the
    4 s its actions take)."""
    created = pool.map(lambda name: create_server(client, name), server_names(job))
    waited: list[Any] = client.actions.wait([a for actions in created for a in actions])
    return waited


SCENARIOS = {
    "a": get_servers,
    "b": list_servers,
    "c": create_servers,
    "e": list_servers,
    "f": create_servers,
}


def main() -> None:
    """Entry point of the client process."""
    job = read_job()
    with (
        Client(job["endpoint"], job["token"]) as client,
        ThreadPoolExecutor(job["concurrency"]) as pool,
    ):
        check(client.max_concurrency == job["concurrency"], "default concurrency changed")
        after_imports = current_rss_kib()
        started, cpu_started = time.perf_counter(), time.process_time()
        held = SCENARIOS[job["scenario"]](client, pool, job)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        requests = client.requests_sent
    emit(seconds, cpu_seconds, requests, held, after_imports)


if __name__ == "__main__":
    main()
