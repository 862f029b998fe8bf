"""Fixtures of the kinds' tests: a simulator whose every answer is checked against the spec, and
a client of it that polls without waiting for real."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from asynchetzner import Client, PollPolicy
from asynchetzner.simulator import Simulator

from ..conftest import NO_RETRY
from ..simulator.conftest import AnswerChecker

# Tiny but not zero: nothing waits for real, and the poller still yields between rounds.
FAST_POLL = PollPolicy(interval=0.001, factor=1.0, max_interval=0.001)


@pytest.fixture
def checker() -> AnswerChecker:
    return AnswerChecker()


@pytest.fixture
async def sim(checker: AnswerChecker) -> AsyncIterator[Simulator]:
    simulator = Simulator(action_seconds=0.0)
    simulator.project.observers.append(checker)
    async with simulator:
        yield simulator
    assert not checker.problems, "answers not matching the spec:\n" + "\n".join(checker.problems)


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[Client]:
    async with sim.client(retry=NO_RETRY) as connected:
        connected.actions.poll = FAST_POLL
        yield connected
