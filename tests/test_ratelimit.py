"""RateLimit headers and the gate that waits for the budget to refill (api-facts.md §4).

``RateLimit-Reset`` is the UNIX time when the budget is full again and it refills gradually, so one
more request is allowed after ``(reset - now) / (limit - remaining)`` seconds. No test sleeps: the
gate gets a fake clock and ``asyncio.sleep`` is replaced by a recorder.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone

import pytest
from multidict import CIMultiDict

from asynchetzner.ratelimit import RateLimit, RateLimitGate

NOW = 1_700_000_000  # 2023-11-14T22:13:20Z
HEADERS = {
    "RateLimit-Limit": "3600",
    "RateLimit-Remaining": "3599",
    "RateLimit-Reset": "1700000001",
}

MALFORMED_HEADERS: list[dict[str, str]] = [
    {},
    {"Content-Type": "application/json"},
    {"RateLimit-Limit": "3600", "RateLimit-Remaining": "3599"},
    {"RateLimit-Limit": "3600", "RateLimit-Reset": "1700000001"},
    {"RateLimit-Remaining": "3599", "RateLimit-Reset": "1700000001"},
    {**HEADERS, "RateLimit-Limit": "lots"},
    {**HEADERS, "RateLimit-Remaining": ""},
    {**HEADERS, "RateLimit-Reset": "Tue, 14 Nov 2023 22:13:21 GMT"},
    {**HEADERS, "RateLimit-Reset": "1700000001.5"},
]

# (limit, remaining, reset - now, seconds until one more request)
REFILL: list[tuple[int, int, float, float]] = [
    (3600, 0, 3600, 1.0),
    (3600, 3599, 1, 1.0),
    (3600, 3000, 600, 1.0),
    (3600, 0, 1800, 0.5),  # refilling faster than the default
    (7200, 0, 3600, 0.5),
    (60, 0, 3600, 60.0),
    (3600, 0, -5, 0.0),  # reset in the past
    (3600, 0, 0, 0.0),
    (3600, 3600, 0, 0.0),  # full budget
]


class FakeClock:
    """A settable ``time.time`` replacement."""

    def __init__(self, now: float = NOW) -> None:
        self.now = float(now)

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def spent_gate(clock: FakeClock, remaining: int = 0, reset_in: float = 3600) -> RateLimitGate:
    gate = RateLimitGate(clock=clock)
    gate.observe(RateLimit(limit=3600, remaining=remaining, reset=int(clock.now + reset_in)))
    return gate


# RateLimit


def test_from_headers() -> None:
    assert RateLimit.from_headers(HEADERS) == RateLimit(
        limit=3600, remaining=3599, reset=1700000001
    )


def test_from_aiohttp_headers_any_case() -> None:
    headers = CIMultiDict({name.lower(): value for name, value in HEADERS.items()})
    assert RateLimit.from_headers(headers) == RateLimit(3600, 3599, 1700000001)


@pytest.mark.parametrize("headers", MALFORMED_HEADERS)
def test_from_headers_absent_or_malformed(headers: dict[str, str]) -> None:
    assert RateLimit.from_headers(headers) is None


def test_reset_at_is_aware_utc() -> None:
    reset_at = RateLimit(3600, 0, NOW).reset_at
    assert reset_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert reset_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(("limit", "remaining", "reset_in", "seconds"), REFILL)
def test_refill_interval(limit: int, remaining: int, reset_in: float, seconds: float) -> None:
    rate_limit = RateLimit(limit, remaining, int(NOW + reset_in))
    assert rate_limit.refill_interval(NOW) == pytest.approx(seconds)


def test_refill_interval_shrinks_as_time_passes() -> None:
    rate_limit = RateLimit(3600, 0, NOW + 3600)
    assert rate_limit.refill_interval(NOW + 1800) == pytest.approx(0.5)


# RateLimitGate


async def test_gate_without_observation_never_waits(clock: FakeClock, sleeps: list[float]) -> None:
    gate = RateLimitGate(clock=clock)
    for _ in range(100):
        await gate.wait()
    assert sleeps == []


def test_spend_passes_while_budget_is_left(clock: FakeClock) -> None:
    gate = RateLimitGate(clock=clock)
    assert all(gate.spend() for _ in range(10))  # no answer has told the budget yet
    gate = spent_gate(clock, remaining=2, reset_in=3598)
    assert [gate.spend() for _ in range(4)] == [True, True, False, False]


async def test_gate_spends_the_budget_then_waits(clock: FakeClock, sleeps: list[float]) -> None:
    gate = spent_gate(clock, remaining=2, reset_in=3598)  # 3598 s for 3598 missing: 1 s each
    await gate.wait()
    await gate.wait()
    assert sleeps == []
    await gate.wait()
    assert sleeps == [pytest.approx(1.0)]
    await gate.wait()
    assert sleeps == [pytest.approx(1.0)] * 2


async def test_gate_waits_the_interval_at_the_clock(clock: FakeClock, sleeps: list[float]) -> None:
    gate = spent_gate(clock, remaining=0, reset_in=3600)
    clock.now += 1800  # half-way to the reset: 1800 s for 3600 requests
    await gate.wait()
    assert sleeps == [pytest.approx(0.5)]


async def test_gate_passes_again_after_a_fresh_budget(
    clock: FakeClock, sleeps: list[float]
) -> None:
    gate = spent_gate(clock, remaining=0)
    await gate.wait()
    assert len(sleeps) == 1
    gate.observe(RateLimit(3600, 3, int(clock.now) + 3597))
    for _ in range(3):
        await gate.wait()
    assert len(sleeps) == 1
    await gate.wait()
    assert sleeps == [pytest.approx(1.0)] * 2


async def test_gate_does_not_wait_when_reset_has_passed(
    clock: FakeClock, sleeps: list[float]
) -> None:
    gate = spent_gate(clock, remaining=0, reset_in=-1)
    await gate.wait()
    await gate.wait()
    assert sleeps == []


async def test_gate_logs_a_warning_when_it_waits(
    clock: FakeClock, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    gate = RateLimitGate(clock=clock, log_extra={"cid": "abc123"})
    gate.observe(RateLimit(3600, 0, NOW + 3600))
    with caplog.at_level(logging.INFO, logger="asynchetzner"):
        await gate.wait()
    (record,) = [r for r in caplog.records if r.name == "asynchetzner"]
    assert record.levelno == logging.WARNING
    assert "3600" in record.getMessage()
    assert record.cid == "abc123"  # type: ignore[attr-defined]


async def test_gate_serialises_concurrent_waiters(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_sleep = asyncio.sleep
    recorded: list[float] = []
    sleeping = 0
    most_sleeping = 0

    async def fake_sleep(delay: float) -> None:
        nonlocal sleeping, most_sleeping
        recorded.append(delay)
        sleeping += 1
        most_sleeping = max(most_sleeping, sleeping)
        for _ in range(5):  # let every other task run while this one "sleeps"
            await real_sleep(0)
        sleeping -= 1

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    gate = spent_gate(clock, remaining=0, reset_in=3600)
    passed: list[int] = []

    async def request(number: int) -> None:
        await gate.wait()
        passed.append(number)

    await asyncio.gather(*(request(n) for n in range(5)))
    assert recorded == [pytest.approx(1.0)] * 5
    assert most_sleeping == 1
    assert passed == [0, 1, 2, 3, 4]


async def test_waiters_pass_once_a_fresh_budget_arrives(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_sleep = asyncio.sleep
    recorded: list[float] = []
    gate = spent_gate(clock, remaining=0, reset_in=3600)

    async def fake_sleep(delay: float) -> None:
        # While the first waiter sleeps, an answer reports a refilled budget.
        recorded.append(delay)
        await real_sleep(0)
        gate.observe(RateLimit(3600, 10, int(clock.now) + 3590))

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    await asyncio.gather(*(gate.wait() for _ in range(4)))
    # Only the first waiter sleeps; the queued ones found the new budget and went.
    assert recorded == [pytest.approx(1.0)]
