"""Raw aiohttp, the wire limit: one session, a Bearer header, JSON decoding, a semaphore of 32."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp

from .common import (
    ACTION_IDS_PER_REQUEST,
    IMAGE,
    POLL_INTERVAL,
    SERVER_TYPE,
    Job,
    check,
    emit,
    read_job,
    server_names,
    targets,
)
from .memory import current_rss_kib

Params = list[tuple[str, str]]


class Raw:
    """The least a client can do: send, check the status, decode the JSON; count requests."""

    def __init__(self, session: aiohttp.ClientSession, endpoint: str, concurrency: int) -> None:
        self.session = session
        self.endpoint = endpoint
        self.semaphore = asyncio.Semaphore(concurrency)
        self.requests = 0

    async def call(
        self, method: str, path: str, params: Params | None = None, body: Any = None
    ) -> Any:
        """One request; raise on an error status."""
        async with self.semaphore:
            self.requests += 1
            async with self.session.request(
                method, self.endpoint + path, params=params, json=body
            ) as response:
                response.raise_for_status()
                return await response.json()


async def get_servers(raw: Raw, job: Job) -> list[Any]:
    """Scenario a: ``GET /servers/{id}``, all at once behind the semaphore."""
    wanted = targets(job)
    answers = await asyncio.gather(*(raw.call("GET", f"/servers/{i}") for i in wanted))
    check([a["server"]["id"] for a in answers] == wanted, "wrong servers")
    return answers


async def list_servers(raw: Raw, job: Job) -> list[Any]:
    """Scenarios b and e: page 1, then every other page concurrently."""
    per_page = ("per_page", str(job["per_page"]))
    first = await raw.call("GET", "/servers", [("page", "1"), per_page])
    last_page = first["meta"]["pagination"]["last_page"]
    rest = await asyncio.gather(
        *(
            raw.call("GET", "/servers", [("page", str(page)), per_page])
            for page in range(2, last_page + 1)
        )
    )
    servers = [s for body in (first, *rest) for s in body["servers"]]
    check(len({s["id"] for s in servers}) == job["expected"], f"listed {len(servers)} servers")
    return servers


async def create_server(raw: Raw, name: str) -> list[int]:
    """``POST /servers``: the ids of its action and next actions."""
    body = {"name": name, "server_type": SERVER_TYPE, "image": IMAGE, "start_after_create": True}
    answer = await raw.call("POST", "/servers", body=body)
    return [answer["action"]["id"], *(a["id"] for a in answer["next_actions"])]


async def create_servers(raw: Raw, job: Job) -> list[Any]:
    """Scenarios c and f: create every server, then poll ``GET /actions?id=`` every 0.5 s, 25 ids
    a request; the finished actions."""
    created = await asyncio.gather(*(create_server(raw, name) for name in server_names(job)))
    pending = {i for ids in created for i in ids}
    finished: list[Any] = []
    while pending:
        await asyncio.sleep(POLL_INTERVAL)
        ids = sorted(pending)
        chunks = [
            [("id", str(i)) for i in ids[start : start + ACTION_IDS_PER_REQUEST]]
            for start in range(0, len(ids), ACTION_IDS_PER_REQUEST)
        ]
        answers = await asyncio.gather(*(raw.call("GET", "/actions", c) for c in chunks))
        for action in (a for answer in answers for a in answer["actions"]):
            check(action["status"] != "error", f"action {action['id']} failed")
            if action["status"] != "running":
                pending.discard(action["id"])
                finished.append(action)
    return finished


SCENARIOS = {
    "a": get_servers,
    "b": list_servers,
    "c": create_servers,
    "e": list_servers,
    "f": create_servers,
}


async def run(job: Job) -> None:
    """Open the session, run the scenario, print the results."""
    headers = {"Authorization": f"Bearer {job['token']}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        raw = Raw(session, job["endpoint"], job["concurrency"])
        after_imports = current_rss_kib()
        started, cpu_started = time.perf_counter(), time.process_time()
        held = await SCENARIOS[job["scenario"]](raw, job)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    emit(seconds, cpu_seconds, raw.requests, held, after_imports)


def main() -> None:
    """Entry point of the client process."""
    asyncio.run(run(read_job()))


if __name__ == "__main__":
    main()
