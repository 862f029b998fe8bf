"""Fixtures for driving the simulator with the official ``hcloud`` library, as a second and
independent client.

``hcloud`` is synchronous (``requests``): the simulator runs in the test's event loop and every
``hcloud`` call runs in a worker thread (``run``). Actions take 0.02 s, so ``wait_until_finished``
really polls a running action. Every answer is checked against the official spec at teardown.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from asynchetzner.simulator import Simulator

from ..conftest import AnswerChecker

hcloud = pytest.importorskip("hcloud")
ServerType = hcloud.server_types.ServerType
Image = hcloud.images.Image

ACTION_SECONDS = 0.02


@pytest.fixture
async def sim(
    make_simulator: Callable[..., Simulator], answer_checker: AnswerChecker
) -> AsyncIterator[Simulator]:
    """A simulator with short (not instant) actions whose answers must all match the spec."""
    async with make_simulator(action_seconds=ACTION_SECONDS) as running:
        yield running
    assert answer_checker.checked > 0  # problems: the fixture's


def _close(client: Any) -> None:
    """Close the ``requests`` sessions of an hcloud client (it has no public ``close``)."""
    for name in ("_client", "_client_hetzner"):
        session = getattr(getattr(client, name, None), "_session", None)
        if session is not None:
            session.close()


@pytest.fixture
def connect(sim: Simulator) -> Iterator[Callable[..., Any]]:
    """Build hcloud clients of ``sim`` (the right token unless told), closed after the test."""
    clients: list[Any] = []

    def build(token: str | None = None) -> Any:
        client = hcloud.Client(
            token=token or sim.token,
            api_endpoint=sim.url,
            api_endpoint_hetzner=sim.url_for("hetzner-api"),
            poll_interval=0.01,
            poll_max_retries=100,
            timeout=10,
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        _close(client)


@pytest.fixture
def hc(connect: Callable[..., Any]) -> Any:
    """An hcloud client of ``sim``."""
    return connect()


def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a blocking hcloud call in a worker thread."""
    return asyncio.to_thread(function, *args, **kwargs)


def create_ready(hc: Any, name: str, **options: Any) -> Any:
    """Create a server with hcloud and wait for its action and next actions (blocking)."""
    response = hc.servers.create(
        name=name, server_type=ServerType(name="cx23"), image=Image(name="ubuntu-24.04"), **options
    )
    for action in [response.action, *response.next_actions]:
        action.wait_until_finished()
    return response
