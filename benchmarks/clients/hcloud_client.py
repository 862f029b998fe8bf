"""The official synchronous ``hcloud`` library, parallelised with a pool of 32 threads."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import hcloud
from hcloud.images import Image
from hcloud.server_types import ServerType

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


class RequestCounter:
    """A ``requests`` response hook counting every answer, from any thread."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.count += 1
        return response


def get_servers(client: hcloud.Client, pool: ThreadPoolExecutor, job: Job) -> list[Any]:
    """Scenario a: ``client.servers.get_by_id`` in the threads."""
    wanted = targets(job)
    servers = list(pool.map(client.servers.get_by_id, wanted))
    check([s.id for s in servers] == wanted, "wrong servers")
    return servers


def list_servers(client: hcloud.Client, pool: ThreadPoolExecutor, job: Job) -> list[Any]:
    """Scenarios b and e: ``client.servers.get_all()`` (the library fetches the pages one by
    one)."""
    servers = client.servers.get_all()
    check(len({s.id for s in servers}) == job["expected"], f"listed {len(servers)} servers")
    return servers


def create_server(client: hcloud.Client, name: str) -> list[Any]:
    """Create one server and wait for its action and next actions, each polled on its own."""
    response = client.servers.create(
        name=name, server_type=ServerType(name=SERVER_TYPE), image=Image(name=IMAGE)
    )
    actions = [response.action, *response.next_actions]
    for action in actions:
        action.wait_until_finished()
    return actions


def create_servers(client: hcloud.Client, pool: ThreadPoolExecutor, job: Job) -> list[Any]:
    """Scenarios c and f: each server created and waited for in a thread; the actions."""
    waited = pool.map(lambda name: create_server(client, name), server_names(job))
    return [action for actions in waited for action in actions]


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
    client = hcloud.Client(token=job["token"], api_endpoint=job["endpoint"])
    session = client._client._session  # the requests.Session of the Cloud API (hcloud 2.27)
    counter = RequestCounter()
    session.hooks["response"].append(counter)
    with ThreadPoolExecutor(job["concurrency"]) as pool:
        after_imports = current_rss_kib()
        started, cpu_started = time.perf_counter(), time.process_time()
        held = SCENARIOS[job["scenario"]](client, pool, job)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    session.close()
    client._client_hetzner._session.close()
    emit(seconds, cpu_seconds, counter.count, held, after_imports)


if __name__ == "__main__":
    main()
