"""Simulator fixtures: every answer the simulator sends in these tests is checked against the spec.

The ``simulator`` fixture attaches an observer that validates each JSON answer against the response
schema of its operation in the official ``cloud.spec.json`` (``hetzner.spec.json`` for the Hetzner
API's, Storage Boxes), by status, else ``4xx``/``5xx``, and fails the test at teardown listing
every answer that did not match.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from multidict import CIMultiDict

import asynchetzner
from asynchetzner.simulator.engine.app import PREFIX, mount, operation
from asynchetzner.simulator.engine.errors import SimulatorError
from asynchetzner.simulator.runner import Simulator
from asynchetzner.simulator.storage import HETZNER_PREFIX

from ..conftest import NO_RETRY
from ..spec import HETZNER_SPEC_PATH, SPEC_PATH, load_spec

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def import_tool(name: str) -> ModuleType:
    """Import ``tools/<name>.py`` (tools import each other by name)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(TOOLS))
        return importlib.import_module(name)


@pytest.fixture(scope="session")
def operation_index() -> ModuleType:
    """``tools/operation_index.py``."""
    return import_tool("operation_index")


@functools.cache
def spec(prefix: str = PREFIX) -> dict[str, Any]:
    """The spec of the API served under ``prefix``: the Cloud API's, or the Hetzner API's."""
    return load_spec(HETZNER_SPEC_PATH if prefix == HETZNER_PREFIX else SPEC_PATH)


def response_schema(
    method: str, template: str, status: int, prefix: str = PREFIX
) -> dict[str, Any] | None:
    """The spec's schema for an answer, or None when the spec has no such operation."""
    operation_spec = spec(prefix)["paths"].get(template, {}).get(method.lower())
    if operation_spec is None:
        return None
    responses = operation_spec["responses"]
    chosen = responses.get(str(status)) or responses.get(f"{str(status)[0]}xx")
    if chosen is None:
        return {"not": {}}  # a status the spec does not list for the operation
    content = chosen.get("content", {}).get("application/json")
    return content["schema"] if content else None


class AnswerChecker:
    """Collect the answers that do not match the spec."""

    def __init__(self) -> None:
        import jsonschema

        self._validator = jsonschema.Draft202012Validator
        self.checked = 0
        self.problems: list[str] = []

    def __call__(self, request: web.Request, response: web.Response) -> None:
        method, template = operation(request).split(" ", 1)
        prefix = mount(request)[0]
        is_operation = method.lower() in spec(prefix)["paths"].get(template, {})
        if request.match_info.http_exception is None and is_operation:  # 501s too: 5xx listed
            schema = response_schema(method, template, response.status, prefix)
        else:  # a 404 or 405 for no operation: Hetzner's error envelope all the same
            schema = response_schema("GET", "/servers", 404)
        body = response.body
        if schema is None:
            if body:
                self.problems.append(f"{method} {template} {response.status}: unexpected body")
            return
        assert isinstance(body, bytes)
        data = json.loads(body) if body else None
        errors = sorted(self._validator(schema).iter_errors(data), key=lambda e: list(e.path))
        self.checked += 1
        for error in errors[:3]:
            where = "/".join(str(p) for p in error.absolute_path) or "(body)"
            self.problems.append(
                f"{method} {template} {response.status} at {where}: {error.message[:300]}"
            )


@pytest.fixture
def answer_checker() -> Iterator[AnswerChecker]:
    """Collects every answer's problems; the test fails at teardown if there are any."""
    checker = AnswerChecker()
    yield checker
    assert not checker.problems, "answers not matching the spec:\n" + "\n".join(checker.problems)


@pytest.fixture
def make_simulator(
    answer_checker: AnswerChecker,
) -> Callable[..., Simulator]:
    """Build simulators whose answers are all checked against the spec."""

    def build(**options: Any) -> Simulator:
        simulator = Simulator(**options)
        simulator.project.observers.append(answer_checker)
        return simulator

    return build


@pytest.fixture
async def simulator(make_simulator: Callable[..., Simulator]) -> AsyncIterator[Simulator]:
    """A running simulator with instant actions and a checked answer stream."""
    async with make_simulator(action_seconds=0.0) as running:
        yield running


async def raw(
    simulator: Simulator,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: bytes = b"",
    scheme: str = "Bearer",
) -> tuple[int, CIMultiDict[str], bytes]:
    """Send one request as it is, past any client; its status, headers and body."""
    headers = {"Authorization": f"{scheme} {token or simulator.token}"}
    if body:
        headers["Content-Type"] = "application/json"
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, simulator.url + path, headers=headers, data=body) as response,
    ):
        return response.status, CIMultiDict(response.headers), await response.read()


async def refused(
    call: Awaitable[Any], code: str, status: int | None = None
) -> asynchetzner.APIError:
    """Await ``call``, expecting an ``APIError`` with ``code`` (and ``status``, when given)."""
    with pytest.raises(asynchetzner.APIError) as caught:
        await call
    error = caught.value
    assert (error.code, error.status if status else None) == (code, status), error.message
    return error


def field_names(error: asynchetzner.APIError | SimulatorError) -> list[str]:
    """The names of the fields an ``invalid_input`` (or ``uniqueness_error``) names."""
    return [field["name"] for field in error.details["fields"]]


def path_of(url: str) -> str:
    """The API path of a simulator URL (without ``/v1``)."""
    return re.sub(r"^https?://[^/]+", "", url).removeprefix(PREFIX)


CLOCK_START = 1_800_000_000.0
ACTION_SECONDS = 10.0  # how long each action takes in the ``clocked`` simulator


@dataclass
class Clock:
    """A simulator whose actions take ``ACTION_SECONDS`` of a clock the test moves, and a client
    of it that does not retry."""

    simulator: Simulator
    client: asynchetzner.Client
    now: list[float]

    def tick(self, seconds: float = ACTION_SECONDS) -> None:
        self.now[0] += seconds


@pytest.fixture
async def clocked(make_simulator: Callable[..., Simulator]) -> AsyncIterator[Clock]:
    now = [CLOCK_START]
    async with (
        make_simulator(action_seconds=ACTION_SECONDS, clock=lambda: now[0]) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        yield Clock(simulator, client, now)


async def finish(client: asynchetzner.Client, action: dict[str, Any]) -> dict[str, Any]:
    """The action once it is no longer running (actions are instant in these tests)."""
    for _ in range(5):
        action = (await client.get(f"/actions/{action['id']}"))["action"]
        if action["status"] != "running":
            return action
    raise AssertionError(f"action {action['id']} still running")


@pytest.fixture
async def client(simulator: Simulator) -> AsyncIterator[asynchetzner.Client]:
    """A client of ``simulator`` (retrying as by default)."""
    async with simulator.client() as connected:
        yield connected
