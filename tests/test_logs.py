"""Every record of the ``asynchetzner`` logger carries the documented fields (docs/logging.rst),
so a format naming them works on requests and retries alike; ``LogFields`` gives them to others."""

from __future__ import annotations

import logging

import pytest

from asynchetzner import Client, LogFields, RetryPolicy
from asynchetzner.logs import FIELDS

from .conftest import ScriptedServer, answer, error_answer

FORMAT = "%(cid)s %(method)s %(endpoint)s %(status)s %(elapsed_ms)s %(correlation_id)s"


async def test_request_and_retry_records_carry_every_field(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.then(error_answer(409, "conflict"))
    server.then(answer(200, {}))
    caplog.set_level(logging.DEBUG, logger="asynchetzner")
    retry = RetryPolicy(backoff_base=0.0, backoff_cap=0.0)
    async with Client(server.url, "token", retry=retry) as client:
        await client.get("/servers")
    records = [r for r in caplog.records if r.name == "asynchetzner"]
    (retried,) = [r for r in records if r.levelno == logging.INFO]
    assert all(set(FIELDS) <= set(vars(r)) for r in records)
    assert (retried.__dict__["method"], retried.__dict__["endpoint"]) == ("GET", "/servers")
    assert retried.__dict__["status"] == 409
    assert retried.__dict__["elapsed_ms"] is None
    assert all(logging.Formatter(FORMAT).format(r).startswith(client.cid) for r in records)
    formatted = logging.Formatter(FORMAT).format(retried)
    assert formatted == f"{client.cid} GET /servers 409 None corr-1"


def test_log_fields_fill_in_what_a_record_lacks_and_keep_the_rest() -> None:
    record = logging.LogRecord("asyncio", logging.DEBUG, __file__, 1, "Using selector", (), None)
    record.method = "GET"
    assert LogFields().filter(record) is True
    assert record.method == "GET"
    assert all(getattr(record, name) is None for name in FIELDS if name != "method")
    assert logging.Formatter(FORMAT).format(record) == "None GET None None None None"
