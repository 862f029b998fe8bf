"""The ``on_wait`` hook: a client tells of each retry and each rate-limit wait before it starts."""

from __future__ import annotations

import logging
import socket
import time

import pytest

from asynchetzner import (
    Client,
    ConflictError,
    RateLimitExceeded,
    RetryPolicy,
    TransportError,
    Wait,
)

from .conftest import ScriptedServer, answer, error_answer

TOKEN = "wait-test-token"
NO_WAIT = RetryPolicy(backoff_base=0.0, backoff_cap=0.0)


def closed_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_each_retry_of_a_refused_connection_is_told_before_its_wait(
    sleeps: list[float],
) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    waits: list[Wait] = []
    async with Client(url, TOKEN, on_wait=waits.append) as client:
        with pytest.raises(TransportError):
            await client.get("/servers")
    assert [(w.reason, w.method, w.path, w.base_url) for w in waits] == [
        ("retry", "GET", "/servers", url)
    ] * 2
    assert [(w.attempt, w.attempts) for w in waits] == [(1, 2), (2, 2)]
    assert [w.seconds for w in waits] == sleeps
    assert all(isinstance(w.error, TransportError) for w in waits)
    assert str(waits[0]) == (
        f"cannot connect to {url} for GET /servers: connection refused; "
        f"retry 1 of 2 in {sleeps[0]:.1f} s"
    )
    assert TOKEN not in "".join(map(str, waits))


async def test_an_api_error_retried_names_the_request(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.then(error_answer(409, "conflict", "busy"))
    waits: list[Wait] = []
    caplog.set_level(logging.INFO, logger="asynchetzner")
    async with Client(server.url, TOKEN, retry=NO_WAIT, on_wait=waits.append) as client:
        assert await client.get("/servers") == {"ok": True}
    (wait,) = waits
    assert isinstance(wait.error, ConflictError)
    text = "GET /servers: busy (conflict, 409) [correlation id corr-1]; retry 1 of 5 in 0.0 s"
    assert str(wait) == text
    (record,) = [r for r in caplog.records if r.levelno == logging.INFO]
    assert record.getMessage() == text  # the log says the same


async def test_a_rate_limited_answer_retried_is_a_retry(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.then(error_answer(429, "rate_limit_exceeded", **{"Retry-After": "3"}))
    waits: list[Wait] = []
    async with Client(server.url, TOKEN, on_wait=waits.append) as client:
        await client.get("/servers")
    (wait,) = waits
    assert (wait.reason, wait.seconds, wait.attempt) == ("retry", 3.0, 1)
    assert isinstance(wait.error, RateLimitExceeded)


async def test_a_spent_budget_is_told_before_the_gate_waits(
    server: ScriptedServer, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = 1_800_000_000.0
    monkeypatch.setattr(time, "time", lambda: now)
    spent = {"RateLimit-Limit": "3600", "RateLimit-Remaining": "0", "RateLimit-Reset": "1800003600"}
    server.default = answer(200, {}, headers=spent)
    waits: list[Wait] = []
    retry = RetryPolicy(max_retries=0)  # its backoff_cap bounds the wait
    async with Client(server.url, TOKEN, retry=retry, on_wait=waits.append) as client:
        await client.get("/servers")
        assert waits == []
        await client.post("/servers", name="web-1")
    assert waits == [Wait("rate_limit", 1.0, "POST", "/servers", server.url, limit=3600)]
    assert sleeps == [1.0]
    assert str(waits[0]) == (
        "rate limit of 3600 requests an hour used up; waiting 1.0 s before POST /servers"
    )


def test_a_connection_not_made_gets_the_fewer_retries() -> None:
    policy = RetryPolicy(max_retries=4, max_connect_retries=2)
    assert policy.retries_for(TransportError("refused", request_sent=False)) == 2
    assert policy.retries_for(TransportError("reset", request_sent=True)) == 4
    assert policy.retries_for(ConflictError(409, "conflict", "busy")) == 4
    assert RetryPolicy(max_retries=1).retries_for(TransportError("x", request_sent=False)) == 1
