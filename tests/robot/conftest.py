"""Fixtures of the Robot tests: the simulator's Robot webservice on a clock the test moves, and
a client of it that does not retry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from asynchetzner import Client
from asynchetzner.robot import RobotClient
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.robot import RobotState

from ..conftest import NO_RETRY

START = 1_800_000_000.0


@dataclass
class Robot:
    """A running Robot simulator, a client of it and its clock."""

    simulator: Simulator
    client: Client
    now: list[float]

    @property
    def api(self) -> RobotClient:
        return self.client.robot

    @property
    def state(self) -> RobotState:
        return self.simulator.robot.state

    def tick(self, seconds: float) -> None:
        self.now[0] += seconds


async def start_robot(**robot_options: Any) -> AsyncIterator[Robot]:
    now = [START]
    simulator = Simulator(action_seconds=0.0, clock=lambda: now[0], robot_options=robot_options)
    async with simulator, simulator.client(retry=NO_RETRY) as client:
        yield Robot(simulator, client, now)


@pytest.fixture
async def robot() -> AsyncIterator[Robot]:
    async for started in start_robot():
        yield started


@pytest.fixture
async def slow_robot() -> AsyncIterator[Robot]:
    """Firewall and vSwitch changes take 30 s; a failover IP is locked 60 s after a switch."""
    async for started in start_robot(
        firewall_seconds=30.0, vswitch_seconds=30.0, failover_lock_seconds=60.0
    ):
        yield started
