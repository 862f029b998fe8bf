"""The Client against a real aiohttp server on 127.0.0.1: calls, errors, retries, lifecycle."""

from __future__ import annotations

import asyncio
import base64
import logging
import socket
import ssl
import time

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey

import asynchetzner
from asynchetzner import (
    AuthenticationError,
    Client,
    ConflictError,
    InvalidResponse,
    NotFoundError,
    RateLimit,
    RateLimitExceeded,
    RetryPolicy,
    TransportError,
)
from asynchetzner.protocol import Request
from asynchetzner.transport import transport_error

from .conftest import ScriptedServer, answer, drop_connection, error_answer, hang

TOKEN = "s3cr3t-token-value"
NO_WAIT = RetryPolicy(backoff_base=0.0, backoff_cap=0.0)


def make_client(server: ScriptedServer, **options: object) -> Client:
    options.setdefault("retry", NO_WAIT)
    return Client(server.url, TOKEN, **options)  # type: ignore[arg-type]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Generic calls


async def test_get_sends_query_and_auth_and_returns_json(server: ScriptedServer) -> None:
    server.then(answer(200, {"servers": [{"id": 1}]}))
    async with make_client(server, application_name="mybot/2.0") as client:
        data = await client.get(
            "/servers", label_selector="env=prod", status=["running", "off"], sort=None, x=True
        )
    assert data == {"servers": [{"id": 1}]}
    (seen,) = server.received
    assert seen.method == "GET"
    assert seen.path_qs == "/v1/servers?label_selector=env%3Dprod&status=running&status=off&x=true"
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["User-Agent"] == f"mybot/2.0 asynchetzner/{asynchetzner.__version__}"
    assert seen.headers["Accept"] == "application/json"
    assert "Content-Type" not in seen.headers
    assert seen.body == b""


async def test_post_and_put_send_json_body_and_alias_keywords(server: ScriptedServer) -> None:
    async with make_client(server) as client:
        await client.post("/servers", name="web-1", labels={"env": "prod"}, _from="x")
        await client.put("/servers/42", name="web-2")
    post, put = server.received
    assert (post.method, post.path_qs, put.method, put.path_qs) == (
        "POST",
        "/v1/servers",
        "PUT",
        "/v1/servers/42",
    )
    assert post.json() == {"name": "web-1", "labels": {"env": "prod"}, "from": "x"}
    assert post.headers["Content-Type"] == "application/json"
    assert put.json() == {"name": "web-2"}


async def test_post_without_keywords_sends_no_body(server: ScriptedServer) -> None:
    server.then(answer(201, {"action": {"id": 7}}))
    async with make_client(server) as client:
        data = await client.post("/servers/42/actions/poweron")
    assert data == {"action": {"id": 7}}
    (seen,) = server.received
    assert seen.body == b""
    assert "Content-Type" not in seen.headers


async def test_delete_with_204_returns_none(server: ScriptedServer) -> None:
    server.then(answer(204))
    async with make_client(server) as client:
        assert await client.delete("/ssh_keys/3") is None
    assert server.received[0].method == "DELETE"


async def test_need_auth_false_sends_no_authorization(server: ScriptedServer) -> None:
    async with make_client(server) as client:
        await client.get("/locations", _need_auth=False)
        await client.call("GET", "/locations", need_auth=False)
    assert all("Authorization" not in seen.headers for seen in server.received)


async def test_unknown_call_option_is_refused_before_sending(server: ScriptedServer) -> None:
    async with make_client(server) as client:
        with pytest.raises(TypeError, match="_bogus"):
            await client.get("/servers", _bogus=1)
    assert server.received == []


async def test_robot_endpoint_uses_basic_auth_and_form_bodies(server: ScriptedServer) -> None:
    client = Client(server.url, robot_user="#ws+abc", robot_password="pw:1", retry=NO_WAIT)
    async with client:
        await client.post("/key", name="k", data="ssh-ed25519 AAA", tags=["a", "b"])
    (seen,) = server.received
    expected = base64.b64encode(b"#ws+abc:pw:1").decode()
    assert seen.headers["Authorization"] == f"Basic {expected}"
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert seen.body == b"name=k&data=ssh-ed25519+AAA&tags%5B%5D=a&tags%5B%5D=b"


async def test_raw_call_returns_read_and_released_response(server: ScriptedServer) -> None:
    server.then(error_answer(404, "not_found"))
    async with make_client(server) as client:
        response = await client.raw_call("GET", "/servers/9")
        assert response.status == 404
        assert response.headers["X-Correlation-Id"] == "corr-1"
        assert (await response.json())["error"]["code"] == "not_found"
        assert b'"not_found"' in await response.read()
        assert "not_found" in await response.text()
        assert response.connection is None
        assert response.closed


async def test_rate_limit_headers_update_client(server: ScriptedServer) -> None:
    headers = {"RateLimit-Limit": "3600", "RateLimit-Remaining": "3599", "RateLimit-Reset": "1731"}
    server.then(answer(200, {}, headers=headers))
    async with make_client(server) as client:
        assert client.rate_limit is None
        await client.get("/servers")
        assert client.rate_limit == RateLimit(limit=3600, remaining=3599, reset=1731)


# Errors


async def test_api_error_keeps_code_message_and_correlation_id(server: ScriptedServer) -> None:
    server.then(error_answer(404, "not_found", "server with ID '9' not found"))
    async with make_client(server) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.get("/servers/9")
    error = caught.value
    assert (error.status, error.code, error.correlation_id) == (404, "not_found", "corr-1")
    assert "server with ID '9' not found" in str(error)
    assert "corr-1" in str(error)


async def test_unauthorized_error_does_not_show_the_token(server: ScriptedServer) -> None:
    server.then(error_answer(401, "unauthorized", "unable to authenticate"))
    client = make_client(server)
    async with client:
        with pytest.raises(AuthenticationError) as caught:
            await client.get("/servers")
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)
    assert TOKEN not in repr(client)


async def test_html_502_keeps_status_after_retries(server: ScriptedServer) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    server.default = answer(502, text=page, content_type="text/html")
    async with make_client(server, retry=RetryPolicy(max_retries=2, backoff_base=0.0)) as client:
        with pytest.raises(InvalidResponse) as caught:
            await client.get("/servers")
    assert caught.value.status == 502
    assert "502 Bad Gateway" in str(caught.value)
    assert len(server.received) == 3


async def test_non_json_success_body_is_invalid_response(server: ScriptedServer) -> None:
    server.then(answer(200, text="surprise", content_type="text/plain"))
    async with make_client(server) as client:
        with pytest.raises(InvalidResponse) as caught:
            await client.get("/servers")
    assert caught.value.status == 200
    assert len(server.received) == 1


# Retries


async def test_conflict_is_retried_until_success(server: ScriptedServer) -> None:
    server.then(error_answer(409, "conflict"), error_answer(504, "timeout"))
    server.default = answer(200, {"done": True})
    async with make_client(server) as client:
        assert await client.post("/servers/1/actions/reboot") == {"done": True}
    assert len(server.received) == 3


async def test_retries_give_up_after_max_retries(server: ScriptedServer) -> None:
    server.default = error_answer(409, "conflict")
    async with make_client(server, retry=RetryPolicy(max_retries=3, backoff_base=0.0)) as client:
        with pytest.raises(ConflictError):
            await client.get("/servers")
    assert len(server.received) == 4


async def test_backoff_delays_follow_policy(server: ScriptedServer, sleeps: list[float]) -> None:
    server.then(error_answer(409, "conflict"), error_answer(409, "conflict"))
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=60.0, jitter=False)
    async with make_client(server, retry=policy) as client:
        await client.get("/servers")
    assert [d for d in sleeps if d > 0] == [0.5, 1.0]


async def test_non_retryable_error_is_not_retried(server: ScriptedServer) -> None:
    server.then(error_answer(422, "invalid_input"))
    async with make_client(server) as client:
        with pytest.raises(asynchetzner.InvalidInputError):
            await client.post("/servers", name="")
    assert len(server.received) == 1


async def test_429_waits_until_rate_limit_reset(
    server: ScriptedServer, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = 1_800_000_000.0
    monkeypatch.setattr(time, "time", lambda: now)
    limited = {
        "RateLimit-Limit": "3600",
        "RateLimit-Remaining": "1",
        "RateLimit-Reset": "1800000007",
    }
    server.then(error_answer(429, "rate_limit_exceeded", **limited))
    async with make_client(server, retry=RetryPolicy()) as client:
        assert await client.get("/servers") == {"ok": True}
        assert client.rate_limit == RateLimit(3600, 1, 1800000007)  # read off the 429 too
    assert 7.0 in sleeps
    assert len(server.received) == 2


async def test_429_honours_retry_after(server: ScriptedServer, sleeps: list[float]) -> None:
    server.then(error_answer(429, "rate_limit_exceeded", **{"Retry-After": "3"}))
    async with make_client(server, retry=RetryPolicy()) as client:
        await client.get("/servers")
    assert 3.0 in sleeps


async def test_429_gives_up_with_rate_limit_exceeded(server: ScriptedServer) -> None:
    server.default = error_answer(429, "rate_limit_exceeded", **{"Retry-After": "0"})
    async with make_client(server, retry=RetryPolicy(max_retries=1)) as client:
        with pytest.raises(RateLimitExceeded) as caught:
            await client.get("/servers")
    assert caught.value.retry_after == 0
    assert len(server.received) == 2  # the first try and its one retry


async def test_spent_budget_waits_before_sending(
    server: ScriptedServer, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = 1_800_000_000.0
    monkeypatch.setattr(time, "time", lambda: now)
    spent = {"RateLimit-Limit": "3600", "RateLimit-Remaining": "0", "RateLimit-Reset": "1800003600"}
    server.default = answer(200, {}, headers=spent)
    async with make_client(server, retry=RetryPolicy(max_retries=0)) as client:
        await client.get("/servers")
        assert sleeps == []
        await client.get("/servers")
    assert sleeps == [1.0]
    assert len(server.received) == 2


async def test_dropped_connection_get_is_retried(server: ScriptedServer) -> None:
    server.then(drop_connection)
    async with make_client(server) as client:
        assert await client.get("/servers") == {"ok": True}
    assert len(server.received) == 2


async def test_dropped_connection_post_is_not_retried(server: ScriptedServer) -> None:
    server.then(drop_connection)
    async with make_client(server) as client:
        with pytest.raises(TransportError) as caught:
            await client.post("/servers", name="web-1")
    assert caught.value.request_sent
    assert len(server.received) == 1


async def test_refused_connection_is_transport_error_and_post_is_retried(
    sleeps: list[float],
) -> None:
    client = Client(f"http://127.0.0.1:{closed_port()}/v1", TOKEN, retry=RetryPolicy(max_retries=2))
    async with client:
        with pytest.raises(TransportError) as caught:
            await client.post("/servers", name="web-1")
    assert not caught.value.request_sent
    assert isinstance(caught.value.__cause__, aiohttp.ClientConnectorError)
    assert len([d for d in sleeps if d > 0]) == 2
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value.__cause__)


KEY = ConnectionKey("api.example", 443, True, True, None, None, None)


@pytest.mark.parametrize(
    ("failure", "says", "sent", "retryable"),
    [
        (aiohttp.ClientConnectorCertificateError(KEY, ssl.SSLError("bad cert")), "TLS", 0, 0),
        (ssl.SSLError("handshake"), "TLS failed", False, False),
        (
            aiohttp.ClientConnectorError(KEY, ConnectionRefusedError(111, "Connect call failed")),
            "cannot connect to https://api.example/v1 for GET /servers: connection refused",
            False,
            True,
        ),
        (
            aiohttp.ClientConnectorError(KEY, OSError("Multiple exceptions: …")),
            "cannot connect to https://api.example/v1 for GET /servers: Cannot connect to host",
            False,
            True,
        ),
        (aiohttp.ConnectionTimeoutError(), "connecting timed out", False, True),
        (asyncio.TimeoutError(), "no answer to GET /servers within 30 s", True, True),
        (aiohttp.InvalidURL("http://[::1"), "invalid URL", True, False),
        (aiohttp.ServerDisconnectedError(), "connection failed during GET", True, True),
        (aiohttp.ClientPayloadError("cut short"), "cut short", True, True),
    ],
)
def test_every_aiohttp_failure_becomes_a_transport_error_that_says_what(
    failure: BaseException, says: str, sent: bool, retryable: bool
) -> None:
    request = Request(
        "GET", "/servers", "https://api.example/v1/servers", "https://api.example/v1", {}
    )
    error = transport_error(failure, request, 30.0)
    assert isinstance(error, TransportError)
    assert says in str(error)
    assert (error.request_sent, error.retryable) == (bool(sent), bool(retryable))


async def test_a_body_cut_short_is_a_transport_error(server: ScriptedServer) -> None:
    async def cut_short(request: aiohttp.web.Request) -> aiohttp.web.StreamResponse:
        response = aiohttp.web.StreamResponse(headers={"Content-Length": "100"})
        await response.prepare(request)
        await response.write(b'{"servers"')
        assert request.transport is not None
        request.transport.close()
        return response

    server.default = cut_short
    async with make_client(server, retry=RetryPolicy(max_retries=0)) as client:
        with pytest.raises(TransportError, match="GET /servers") as caught:
            await client.get("/servers")
    assert isinstance(caught.value.__cause__, aiohttp.ClientError)


async def test_timeout_is_transport_error(server: ScriptedServer) -> None:
    release = asyncio.Event()
    server.default = hang(release)
    async with make_client(server, timeout=0.05, retry=RetryPolicy(max_retries=0)) as client:
        with pytest.raises(TransportError, match=r"within 0\.05 s"):
            await client.get("/servers")
    release.set()


async def test_per_call_timeout_overrides_client_timeout(server: ScriptedServer) -> None:
    release = asyncio.Event()
    server.default = hang(release)
    async with make_client(server, timeout=30, retry=RetryPolicy(max_retries=0)) as client:
        with pytest.raises(TransportError, match=r"within 0\.05 s"):
            await client.get("/servers", _timeout=0.05)
    release.set()


async def test_the_client_timeout_applies_again_after_a_per_call_one(
    server: ScriptedServer,
) -> None:
    release = asyncio.Event()
    server.then(hang(release), hang(release), answer(200, {"ok": True}))
    async with make_client(server, timeout=0.05, retry=RetryPolicy(max_retries=0)) as client:
        with pytest.raises(TransportError, match=r"within 0\.04 s"):
            await client.get("/servers", _timeout=0.04)
        with pytest.raises(TransportError, match=r"within 0\.05 s"):
            await client.get("/servers")
        assert await client.get("/servers", _timeout=30) == {"ok": True}
    release.set()


# Concurrency and cancellation


async def test_max_concurrency_bounds_requests_in_flight(server: ScriptedServer) -> None:
    in_flight = peak = 0

    async def slow(request: object) -> aiohttp.web.StreamResponse:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return aiohttp.web.json_response({})

    server.default = slow
    async with make_client(server, max_concurrency=3) as client:
        await asyncio.gather(*(client.get(f"/servers/{i}") for i in range(20)))
    assert peak == 3
    assert len(server.received) == 20


async def test_cancelled_call_frees_its_slot_and_connection(server: ScriptedServer) -> None:
    release = asyncio.Event()
    server.then(hang(release))
    client = make_client(server, max_concurrency=1)
    await client.init()
    task = asyncio.create_task(client.get("/servers"))
    await server.arrived.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    release.set()
    # The only slot, and the connection pool of one, are free again for the next call.
    assert await asyncio.wait_for(client.get("/servers"), 1) == {"ok": True}
    await client.close()
    assert client.closed


async def test_cancelled_async_with_closes_the_session(server: ScriptedServer) -> None:
    release = asyncio.Event()
    server.default = hang(release)
    sessions: list[aiohttp.ClientSession] = []

    async def use() -> None:
        async with make_client(server) as client:
            sessions.append(client._get_session())
            await client.get("/servers")

    task = asyncio.create_task(use())
    await server.arrived.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    release.set()
    assert sessions[0].closed


# Lifecycle


async def test_session_is_created_lazily_and_closed(server: ScriptedServer) -> None:
    client = make_client(server)
    await client.init()
    assert client._session is None
    await client.get("/servers")
    session = client._session
    assert session is not None
    assert not session.closed
    await client.close()
    assert session.closed


async def test_close_twice_and_use_after_close(server: ScriptedServer) -> None:
    client = make_client(server)
    async with client:
        await client.get("/servers")
    await client.close()
    with pytest.raises(RuntimeError, match="closed"):
        await client.get("/servers")
    with pytest.raises(RuntimeError, match="reopened"):
        async with client:
            pass


async def test_injected_session_is_not_closed(server: ScriptedServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with Client(server.url, TOKEN, session=session) as client:
            await client.get("/servers")
        assert not session.closed
        assert len(server.received) == 1


async def test_first_call_initialises_without_explicit_init(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCLOUD_ENDPOINT", server.url)
    monkeypatch.setenv("HCLOUD_TOKEN", TOKEN)
    client = Client(retry=NO_WAIT)
    try:
        await client.get("/servers")
    finally:
        await client.close()
    assert client.base_url == server.url
    assert server.received[0].headers["Authorization"] == f"Bearer {TOKEN}"


async def test_init_with_config_file(server: ScriptedServer, tmp_path: object) -> None:
    from pathlib import Path

    config = Path(str(tmp_path)) / "custom.conf"
    config.write_text(f"[default]\nendpoint={server.url}\n[{server.url}]\ntoken={TOKEN}\n")
    config.chmod(0o600)
    client = Client()
    await client.init(config_file=str(config))
    async with client:
        await client.get("/servers")
    assert server.received[0].headers["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("options", "message"),
    [({"timeout": 0}, "timeout"), ({"max_concurrency": 0}, "max_concurrency")],
)
def test_invalid_options_are_configuration_errors(options: dict[str, int], message: str) -> None:
    with pytest.raises(asynchetzner.ConfigurationError, match=message):
        Client("hetzner-cloud", TOKEN, **options)  # type: ignore[arg-type]


# Logging


async def test_each_request_logs_once_with_fields_and_no_secret(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.then(answer(200, {}, headers={"X-Correlation-Id": "abc123"}))
    caplog.set_level(logging.DEBUG, logger="asynchetzner")
    async with make_client(server) as client:
        await client.get("/servers", name="web-1")
    records = [r for r in caplog.records if r.name == "asynchetzner"]
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.DEBUG
    assert record.__dict__["cid"] == client.cid
    assert record.__dict__["baseurl"] == server.url
    assert record.__dict__["method"] == "GET"
    assert record.__dict__["endpoint"] == "/servers"
    assert record.__dict__["url"] == f"{server.url}/servers?name=web-1"
    assert record.__dict__["status"] == 200
    assert record.__dict__["elapsed_ms"] >= 0
    assert record.__dict__["correlation_id"] == "abc123"
    assert TOKEN not in caplog.text


async def test_retries_log_at_info_with_cid(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.then(error_answer(409, "conflict"))
    caplog.set_level(logging.DEBUG, logger="asynchetzner")
    async with make_client(server) as client:
        await client.get("/servers")
    (record,) = [r for r in caplog.records if r.levelno == logging.INFO]
    assert "retry 1 of 5" in record.getMessage()
    assert record.__dict__["cid"] == client.cid
    assert TOKEN not in caplog.text
    assert all(TOKEN not in str(value) for r in caplog.records for value in vars(r).values())
