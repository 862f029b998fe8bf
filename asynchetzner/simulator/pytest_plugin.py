"""pytest fixtures for code that talks to Hetzner, registered when asynchetzner is installed.

- ``hetzner_simulator``: a running :class:`~asynchetzner.simulator.Simulator` with instant
  actions, fresh for each test;
- ``hetzner_client``: an :class:`asynchetzner.Client` connected to it (its Robot webservice
  included: ``hetzner_client.robot…``), closed after the test.

They are async fixtures and need pytest-asyncio (``asyncio_mode = "auto"``, or mark tests with
``@pytest.mark.asyncio``). Code under test that builds its own client can be pointed at the
simulator with ``monkeypatch.setenv("HCLOUD_ENDPOINT", hetzner_simulator.url)``,
``HETZNER_ENDPOINT`` (``hetzner_simulator.url_for("hetzner-api")``, for Storage Boxes) and
``HCLOUD_TOKEN``, as Hetzner's own tools are.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, NoReturn

import pytest

from ..client import Client
from .runner import Simulator


def _async_fixture(function: Callable[..., Any]) -> Any:
    """Register an async fixture through pytest-asyncio, or one that says it is missing."""
    try:
        import pytest_asyncio
    except ImportError:  # pragma: no cover - depends on the user's environment

        @pytest.fixture(name=function.__name__)
        def unavailable() -> NoReturn:
            raise pytest.UsageError(f"the {function.__name__} fixture needs pytest-asyncio")

        return unavailable
    return pytest_asyncio.fixture(function)


@_async_fixture
async def hetzner_simulator() -> AsyncIterator[Simulator]:
    """A running simulator with instant actions."""
    async with Simulator(action_seconds=0.0) as simulator:
        yield simulator


@_async_fixture
async def hetzner_client(hetzner_simulator: Simulator) -> AsyncIterator[Client]:
    """A client of ``hetzner_simulator``."""
    async with hetzner_simulator.client() as client:
        yield client
