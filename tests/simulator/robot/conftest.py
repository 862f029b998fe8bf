"""The Robot simulator, as the typed tests start it (``tests/robot/conftest.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from ...robot.conftest import Robot, start_robot


@pytest.fixture
async def robot() -> AsyncIterator[Robot]:
    async for started in start_robot():
        yield started
