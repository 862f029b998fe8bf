"""Fixtures of the Hetzner API's tests: generic clients of the simulator's Storage Box URL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ...conftest import NO_RETRY
from ..conftest import Clock

PASSWORD = "Secret-Pass-123"


def hetzner_api(simulator: Simulator) -> asynchetzner.Client:
    """A client whose generic calls go to the simulator's Hetzner API (``/hetzner/v1``)."""
    return asynchetzner.Client(simulator.url_for("hetzner-api"), simulator.token, retry=NO_RETRY)


@pytest.fixture
async def api(simulator: Simulator) -> AsyncIterator[asynchetzner.Client]:
    """A client of the simulator's Hetzner API, actions instant."""
    async with hetzner_api(simulator) as client:
        yield client


@pytest.fixture
async def clocked_api(clocked: Clock) -> AsyncIterator[asynchetzner.Client]:
    """A client of the ``clocked`` simulator's Hetzner API (actions take ``ACTION_SECONDS``)."""
    async with hetzner_api(clocked.simulator) as client:
        yield client


async def new_box(api: asynchetzner.Client, name: str = "backups", **body: Any) -> dict[str, Any]:
    """``POST /storage_boxes`` (bx11 in fsn1 unless the body says otherwise): the answer."""
    fields = {"storage_box_type": "bx11", "location": "fsn1", "password": PASSWORD, **body}
    created: dict[str, Any] = await api.post("/storage_boxes", name=name, **fields)
    return created


async def box(api: asynchetzner.Client, box_id: int) -> dict[str, Any]:
    found: dict[str, Any] = (await api.get(f"/storage_boxes/{box_id}"))["storage_box"]
    return found


async def act(api: asynchetzner.Client, box_id: int, action: str, **body: Any) -> dict[str, Any]:
    """Run an action on a box: the action."""
    path = f"/storage_boxes/{box_id}/actions/{action}"
    answer: dict[str, Any] = (await api.post(path, **body))["action"]
    return answer
