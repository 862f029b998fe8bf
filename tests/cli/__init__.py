"""Helpers of the command-line tests: a simulator served from a thread with its own loop.

``main()`` runs its command with ``asyncio.run``, which cannot run inside a running loop, so the
tests are plain functions that call ``main([...])`` while the simulator serves from a thread.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import struct
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TypeVar

import pytest
from aiohttp import web

from asynchetzner import generic
from asynchetzner.simulator import Simulator

T = TypeVar("T")
TOKEN = "cli-test-token"
DEADLINE = 20.0


class ThreadedSimulator:
    """A ``Simulator`` with instant actions, serving from a background thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="simulator")
        self.simulator = Simulator(token=TOKEN, action_seconds=0.0)
        self.requests: list[str] = []
        self.simulator.project.observers.append(self._record)

    def _record(self, request: web.Request, response: web.StreamResponse) -> None:
        self.requests.append(f"{request.method} {request.path_qs}")

    @property
    def url(self) -> str:
        """The base URL of the simulated API."""
        return self.simulator.url

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the simulator's loop and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(DEADLINE)

    def call(self, method: str, path: str, **keywords: Any) -> Any:
        """Send one generic call to the simulator, as test set-up or check."""

        async def send() -> Any:
            async with self.simulator.client() as client:
                return await getattr(client, method)(path, **keywords)

        return self.run(send())

    def create_servers(self, *names: str, **options: Any) -> list[int]:
        """Create servers (cx23, ubuntu-24.04) and return their ids; actions finish at once."""
        body = {"server_type": "cx23", "image": "ubuntu-24.04", **options}
        return [self.call("post", "/servers", name=name, **body)["server"]["id"] for name in names]

    def create_ssh_key(self, name: str) -> int:
        """Create an SSH key (a well-formed ed25519 public key) and return its id."""
        key = hashlib.sha256(name.encode()).digest()
        blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + key
        public_key = f"ssh-ed25519 {base64.b64encode(blob).decode()} {name}@test"
        answer = self.call("post", "/ssh_keys", name=name, public_key=public_key)
        key_id: int = answer["ssh_key"]["id"]
        return key_id

    def server(self, server_id: int) -> dict[str, Any]:
        """The server as the API shows it now."""
        answer: dict[str, Any] = self.call("get", f"/servers/{server_id}")["server"]
        return answer

    def __enter__(self) -> ThreadedSimulator:
        self.thread.start()
        try:
            self.run(self.simulator.start())
        except BaseException:
            self._stop_loop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.run(self.simulator.stop())
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(DEADLINE)
        self.loop.close()


@contextmanager
def serving(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    """Serve a simulator and point the command line at it through the environment."""
    poll_fast(monkeypatch)
    with ThreadedSimulator() as running:
        monkeypatch.setenv("HCLOUD_ENDPOINT", running.url)
        monkeypatch.setenv("HETZNER_ENDPOINT", running.simulator.url_for("hetzner-api"))
        monkeypatch.setenv("HETZNER_TOKEN", TOKEN)
        yield running


@contextmanager
def serving_robot(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    """``serving``, with the command line's Robot credentials pointing at its Robot service."""
    with serving(monkeypatch) as running:
        service = running.simulator.robot
        monkeypatch.setenv("HETZNER_ROBOT_URL", service.url)
        monkeypatch.setenv("HETZNER_ROBOT_USER", service.user)
        monkeypatch.setenv("HETZNER_ROBOT_PASSWORD", service.password)
        yield running


def poll_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every new client poll its actions every millisecond instead of every half second."""
    monkeypatch.setattr(generic, "PollPolicy", functools.partial(generic.PollPolicy, 0.001))


def error_line(err: str) -> str:
    """The ``error:`` line that ends stderr (but for the indented lines detailing it), checking
    that no traceback came before it."""
    assert "Traceback" not in err
    lines = err.splitlines()
    starts = [number for number, line in enumerate(lines) if line.startswith("error: ")]
    assert starts, err
    assert all(line.startswith("  ") for line in lines[starts[-1] + 1 :]), err
    return lines[starts[-1]]


def rows(table: str) -> list[list[str]]:
    """The cells of a ``simple`` table with headers, header row first, rule dropped."""
    header, rule, *body = table.splitlines()
    starts = [i for i, char in enumerate(rule) if char == "-" and (i == 0 or rule[i - 1] == " ")]
    bounds = list(zip(starts, [*starts[1:], None], strict=True))
    return [[line[a:b].strip() for a, b in bounds] for line in (header, *body)]


def details(table: str) -> dict[str, str]:
    """The field/value pairs of a vertical ``simple`` table."""
    rule, *lines, _ = table.splitlines()
    width = rule.index(" ")
    return {line[:width].strip(): line[width:].strip() for line in lines}
