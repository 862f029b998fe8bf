"""Shared fixtures (an isolated configuration environment, a scripted loopback API server) and
helpers (``NO_RETRY``, ``PUBLIC_KEY``, ``asyncio_errors``)."""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import os
import socket
import sys
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from asynchetzner import RetryPolicy

from .spec import require_spec

pytest_plugins = ["asynchetzner.simulator.pytest_plugin"]

Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]


NO_RETRY = RetryPolicy(max_retries=0)


SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The design material beside a working copy: the tools read it, the tests never (a plain clone
has none); they use what the tools generated into the repository."""


def _never_read_shared(event: str, args: tuple[Any, ...]) -> None:
    """An audit hook refusing to open anything under ``SHARED``."""
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path.startswith(f"{SHARED}{os.sep}"):
            raise RuntimeError(f"tests must not read ../shared ({path}); use tests/data")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop before collecting anything when the spec data is missing; refuse ../shared."""
    require_spec()
    sys.addaudithook(_never_read_shared)


def _ed25519_key() -> str:
    blob = b"\x00\x00\x00\x0bssh-ed25519" + b"\x00\x00\x00\x20" + bytes(range(32))
    return "ssh-ed25519 " + base64.b64encode(blob).decode() + " me@example"


PUBLIC_KEY = _ed25519_key()
"""A well-formed Ed25519 public key (the simulator checks keys)."""


def asyncio_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What asyncio logged as errors (never-retrieved exceptions, destroyed pending tasks)."""
    gc.collect()
    return [r.getMessage() for r in caplog.records if r.name == "asyncio" and r.levelno >= 40]


_real_getaddrinfo = socket.getaddrinfo


def _loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
    """``socket.getaddrinfo`` for loopback names only: no test may reach another host."""
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and name not in ("localhost", "::1") and not str(name).startswith("127."):
        raise socket.gaierror(socket.EAI_NONAME, f"tests reach loopback only, not {name!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolve only loopback names, so a test that would reach a real host fails instead."""
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keep the developer's own HOME (and so the hcloud CLI's cli.toml), cwd and the variables
    the configuration reads out of every test."""
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    for name in (
        "ASYNCHETZNER_ENDPOINT",
        "HCLOUD_ENDPOINT",
        "HETZNER_ENDPOINT",
        "HETZNER_TOKEN",
        "HCLOUD_TOKEN",
        "HCLOUD_CONFIG",
        "HCLOUD_CONTEXT",
        "HETZNER_ROBOT_USER",
        "HETZNER_ROBOT_PASSWORD",
    ):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path_qs: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def answer(
    status: int = 200,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    text: str | None = None,
    content_type: str = "application/json",
) -> Answer:
    """An answer with a JSON body (or raw ``text``), status and headers."""

    async def respond(request: web.Request) -> web.StreamResponse:
        payload = text if text is not None else (json.dumps(body) if body is not None else None)
        return web.Response(
            status=status,
            text=payload,
            headers=headers,
            content_type=content_type if payload is not None else None,
        )

    return respond


def error_answer(status: int, code: str, message: str = "it failed", **headers: str) -> Answer:
    """A Hetzner error envelope."""
    body = {"error": {"code": code, "message": message, "details": None}}
    return answer(status, body, headers={"X-Correlation-Id": "corr-1", **headers})


async def drop_connection(request: web.Request) -> web.StreamResponse:
    """Close the connection without answering."""
    assert request.transport is not None
    request.transport.close()
    return web.Response()


def hang(release: asyncio.Event) -> Answer:
    """An answer that does not come until ``release`` is set."""

    async def respond(request: web.Request) -> web.StreamResponse:
        await release.wait()
        return web.json_response({})

    return respond


class ScriptedServer:
    """A real aiohttp server on 127.0.0.1 answering from a script, recording what it receives."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.script: deque[Answer] = deque()
        self.default: Answer = answer(200, {"ok": True})
        self.arrived = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False)
        self.url = ""

    def then(self, *answers: Answer) -> ScriptedServer:
        """Answer the next requests with these, in order; then with ``default``."""
        self.script.extend(answers)
        return self

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.received.append(Received(request.method, request.path_qs, dict(request.headers), body))
        self.arrived.set()
        respond = self.script.popleft() if self.script else self.default
        return await respond(request)

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/v1"

    async def stop(self) -> None:
        await self._runner.cleanup()


@pytest.fixture
async def server() -> AsyncIterator[ScriptedServer]:
    scripted = ScriptedServer()
    await scripted.start()
    yield scripted
    await scripted.stop()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record every ``asyncio.sleep`` delay and sleep zero seconds instead."""
    recorded: list[float] = []
    real_sleep = asyncio.sleep

    async def fake_sleep(delay: float, result: Any = None) -> Any:
        recorded.append(delay)
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    return recorded
