"""What every answer of the simulator shares: auth, the envelope, the budget, faults, headers."""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections.abc import Callable

import aiohttp
import pytest
from multidict import CIMultiDict

import asynchetzner
from asynchetzner import RetryPolicy
from asynchetzner.simulator import Fault, FaultInjector, Latency, Simulator
from asynchetzner.simulator.engine.budget import Budget

from ...conftest import NO_RETRY
from ..conftest import raw


class FakeClock:
    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


async def test_every_answer_has_correlation_id_and_rate_limit_headers(
    simulator: Simulator,
) -> None:
    for path in ("/servers", "/servers/999"):
        status, headers, _ = await raw(simulator, "GET", path)
        assert status in (200, 404)
        assert len(headers["X-Correlation-Id"]) == 16
        assert headers["RateLimit-Limit"] == "3600"
        assert int(headers["RateLimit-Remaining"]) < 3600
        assert int(headers["RateLimit-Reset"]) >= int(time.time())


async def test_unknown_token_is_unauthorized(simulator: Simulator) -> None:
    async with asynchetzner.Client(simulator.url, "wrong", retry=NO_RETRY) as client:
        with pytest.raises(asynchetzner.AuthenticationError) as caught:
            await client.get("/servers")
    assert caught.value.code == "unauthorized"


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "bEaReR", "Bearer  "])
async def test_the_bearer_scheme_is_case_insensitive(simulator: Simulator, scheme: str) -> None:
    status, _, body = await raw(simulator, "GET", "/servers", scheme=scheme)  # RFC 7235
    assert (status, json.loads(body)["servers"]) == (200, [])


async def test_another_scheme_is_unauthorized(simulator: Simulator) -> None:
    status, _, body = await raw(simulator, "GET", "/servers", scheme="Basic")
    assert (status, json.loads(body)["error"]["code"]) == (401, "unauthorized")


async def test_read_only_token_reads_but_cannot_write(
    make_simulator: Callable[..., Simulator],
) -> None:
    async with (
        make_simulator(read_only_tokens=["ro"]) as simulator,
        asynchetzner.Client(simulator.url, "ro", retry=NO_RETRY) as client,
    ):
        assert (await client.get("/servers"))["servers"] == []
        with pytest.raises(asynchetzner.AuthenticationError) as caught:
            await client.post("/ssh_keys", name="k", public_key="ssh-ed25519 AAAA")
    assert caught.value.code == "token_readonly"


async def test_malformed_json_is_json_error(simulator: Simulator) -> None:
    status, _, body = await raw(simulator, "POST", "/servers", body=b"{not json")
    assert status == 400
    assert b'"json_error"' in body


async def test_a_body_over_aiohttp_limit_is_too_large_not_missing(simulator: Simulator) -> None:
    body = json.dumps({"name": "k", "public_key": "x" * (2 << 20)}).encode()
    headers = {"Authorization": f"Bearer {simulator.token}", "Content-Type": "application/json"}
    async with (  # a stream: aiohttp warns about sending megabytes of raw bytes at once
        aiohttp.ClientSession() as session,
        session.post(simulator.url + "/ssh_keys", headers=headers, data=io.BytesIO(body)) as sent,
    ):
        status, answer = sent.status, await sent.read()
        answered = CIMultiDict(sent.headers)
    assert status == 413
    assert json.loads(answer)["error"]["code"] == "request_too_large"
    assert len(answered["X-Correlation-Id"]) == 16


async def test_budget_runs_out_with_429_and_refills(
    make_simulator: Callable[..., Simulator], sleeps: list[float]
) -> None:
    clock = FakeClock(time.time())
    async with (
        make_simulator(rate_limit=3, clock=clock) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        for _ in range(3):
            await client.get("/locations")
        assert client.rate_limit is not None
        assert client.rate_limit.remaining == 0
        with pytest.raises(asynchetzner.RateLimitExceeded) as caught:
            await client.get("/locations")  # the client's gate waits first, in vain here
        assert caught.value.status == 429
        assert [s for s in sleeps if s > 0] == [60.0]  # 1200 s per request, capped
        clock.now += 3600 / 3  # one request refilled
        assert "locations" in await client.get("/locations")


def test_budget_headers_follow_hetzner_semantics() -> None:
    clock = FakeClock()
    budget = Budget(3600, 1.0, clock)
    for _ in range(10):
        assert budget.take()
    assert budget.headers() == {
        "RateLimit-Limit": "3600",
        "RateLimit-Remaining": "3590",
        "RateLimit-Reset": str(int(clock.now) + 10),
    }
    clock.now += 4
    assert budget.headers()["RateLimit-Remaining"] == "3594"


@pytest.mark.parametrize(
    ("kind", "error", "status"),
    [
        ("html_502", asynchetzner.InvalidResponse, 502),
        ("unavailable", asynchetzner.ServiceUnavailableError, 503),
        ("timeout", asynchetzner.GatewayTimeoutError, 504),
        ("conflict", asynchetzner.ConflictError, 409),
    ],
)
async def test_each_fault_answers_as_hetzner_or_a_proxy_would(
    make_simulator: Callable[..., Simulator], kind: str, error: type[Exception], status: int
) -> None:
    async with (
        make_simulator(faults=[Fault(kind, 1.0, "GET /servers")]) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        with pytest.raises(error) as caught:
            await client.get("/servers")
        assert getattr(caught.value, "status", None) == status
        assert "locations" in await client.get("/locations")


async def test_dropped_connection_fault(make_simulator: Callable[..., Simulator]) -> None:
    async with (
        make_simulator(faults=[Fault("drop", 1.0)]) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        with pytest.raises(asynchetzner.TransportError):
            await client.get("/servers")


async def test_client_retries_through_a_share_of_faults(
    make_simulator: Callable[..., Simulator],
) -> None:
    faults = [Fault("html_502", 0.3), Fault("timeout", 0.2)]
    retry = RetryPolicy(max_retries=10, backoff_base=0.0)
    async with (
        make_simulator(faults=faults, seed=7) as simulator,
        simulator.client(retry=retry) as client,
    ):
        answers = await asyncio.gather(*(client.get("/locations") for _ in range(30)))
    assert all(len(a["locations"]) == 6 for a in answers)


def test_faults_are_reproducible_with_a_seed() -> None:
    def picks(seed: int) -> list[str | None]:
        injector = FaultInjector([Fault("conflict", 0.5)], seed=seed)
        return [injector.pick("GET /servers") for _ in range(50)]

    assert picks(3) == picks(3)
    assert picks(3) != picks(4)
    assert {None, "conflict"} == set(picks(3))


def test_fault_routes_and_latency_match_patterns() -> None:
    injector = FaultInjector(
        [Fault("drop", 1.0, "POST /servers*")],
        [Latency(0.02), Latency(0.05, "GET /servers/*")],
    )
    assert injector.pick("POST /servers/1/actions/poweron") == "drop"
    assert injector.pick("GET /servers") is None
    assert injector.delay("GET /servers/7") == pytest.approx(0.07)
    assert injector.delay("GET /locations") == pytest.approx(0.02)


@pytest.mark.parametrize(
    ("text", "message"),
    [("explode=0.1", "unknown fault"), ("drop=lots", "needs a number"), ("drop=2", "between")],
)
def test_fault_text_errors_are_clear(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FaultInjector.parse(text)


def test_fault_text_parses_kinds_and_latency() -> None:
    injector = FaultInjector.parse("html_502=0.1, drop=0.05,latency=0.02", seed=1)
    assert [(f.kind, f.share) for f in injector.faults] == [("html_502", 0.1), ("drop", 0.05)]
    assert injector.delay("GET /anything") == pytest.approx(0.02)


async def test_latency_delays_answers(make_simulator: Callable[..., Simulator]) -> None:
    async with (
        make_simulator(latency=[Latency(0.05, "GET /locations")]) as simulator,
        simulator.client() as client,
    ):
        started = time.perf_counter()
        await client.get("/locations")
        assert time.perf_counter() - started >= 0.05


async def test_url_needs_a_running_simulator() -> None:
    simulator = Simulator()
    with pytest.raises(RuntimeError, match="not running"):
        _ = simulator.url
