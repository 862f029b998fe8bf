"""The Client against loopback servers that misbehave: redirects, connections dropped after the
request was written, hostile bodies, names that do not resolve, and use from another loop."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import tracemalloc
import zlib
from typing import Any

import pytest
from aiohttp import web

from asynchetzner import (
    Client,
    ClientStateError,
    ConfigurationError,
    ConflictError,
    HetznerError,
    InvalidArgumentError,
    InvalidResponse,
    RateLimitExceeded,
    RetryPolicy,
    ServerError,
    TransportError,
)

from .conftest import NO_RETRY, ScriptedServer, answer, drop_connection

TOKEN = "s3cr3t-token-value"
NO_WAIT = RetryPolicy(backoff_base=0.0, backoff_cap=0.0)


def raw_answer(status: int, body: bytes, **headers: str) -> Any:
    """An answer with exactly these bytes and headers (aiohttp adds nothing it would encode)."""

    async def respond(request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, body=body, headers=headers)

    return respond


# Redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("body", [b"", b'{"server": {"id": 1}}'])
async def test_a_redirect_is_never_success_and_never_followed(
    server: ScriptedServer, status: int, body: bytes
) -> None:
    elsewhere = "http://127.0.0.2:1/v1/servers"
    server.default = raw_answer(status, body, Location=elsewhere, **{"X-Correlation-Id": "c-1"})
    async with Client(server.url, TOKEN, retry=NO_WAIT) as client:
        with pytest.raises(InvalidResponse) as caught:
            await client.post("/servers", name="web-1")
    assert caught.value.status == status
    assert caught.value.correlation_id == "c-1"
    assert elsewhere in str(caught.value)
    assert len(server.received) == 1  # not retried, not followed


# One request on the wire per attempt


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_a_kept_alive_connection_dropped_is_not_resent_behind_the_policy(
    server: ScriptedServer, method: str
) -> None:
    """aiohttp resends idempotent requests once on its own when a reused connection drops."""
    server.then(answer(200, {}), drop_connection)
    async with Client(server.url, TOKEN, retry=NO_RETRY) as client:
        await client.call(method, "/servers/1")  # opens the connection that is kept alive
        with pytest.raises(TransportError):
            await client.call(method, "/servers/1")
        assert client.requests_sent == len(server.received) == 2


async def test_raw_call_sends_once_on_a_dropped_connection(server: ScriptedServer) -> None:
    server.then(answer(200, {}), drop_connection)
    async with Client(server.url, TOKEN, retry=NO_RETRY) as client:
        await client.raw_call("DELETE", "/servers/1")
        with pytest.raises(TransportError):
            await client.raw_call("DELETE", "/servers/1")
        assert client.requests_sent == len(server.received) == 2


async def test_retries_are_counted_as_the_server_sees_them(server: ScriptedServer) -> None:
    server.then(answer(200, {}), drop_connection, drop_connection)
    async with Client(server.url, TOKEN, retry=RetryPolicy(max_retries=2, backoff_base=0)) as c:
        await c.get("/servers")
        assert await c.get("/servers") == {"ok": True}
        assert c.requests_sent == len(server.received) == 4


# Hostile bodies


def gzip_of_zeros(size: int) -> bytes:
    """A gzip member that expands to ``size`` zero bytes, built without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


async def test_a_decompression_bomb_stops_at_max_body_size(server: ScriptedServer) -> None:
    bomb = gzip_of_zeros(256 << 20)
    server.default = raw_answer(
        200, bomb, **{"Content-Encoding": "gzip", "Content-Type": "application/json"}
    )
    tracemalloc.start()
    try:
        async with Client(server.url, TOKEN, retry=NO_WAIT, max_body_size=1 << 20) as client:
            with pytest.raises(InvalidResponse, match="larger than max_body_size") as caught:
                await client.get("/servers")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.status == 200
    assert len(server.received) == 1
    assert peak < 32 << 20, f"peak {peak >> 20} MiB while refusing a 256 MiB body"


async def test_a_body_within_max_body_size_is_read_and_raw_call_can_read_it(
    server: ScriptedServer,
) -> None:
    payload = {"servers": [{"id": i, "name": "x" * 100} for i in range(100)]}
    body = gzip.compress(json.dumps(payload).encode())
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    server.default = raw_answer(200, body, **headers)
    async with Client(server.url, TOKEN, retry=NO_WAIT, max_body_size=64 << 10) as client:
        assert await client.get("/servers") == payload
        response = await client.raw_call("GET", "/servers")
        assert await response.json() == payload
        assert json.loads(await response.read()) == payload


async def test_max_body_size_counts_plain_bodies_too(server: ScriptedServer) -> None:
    server.default = raw_answer(200, b'{"x": "' + b"a" * 2000 + b'"}')
    async with Client(server.url, TOKEN, retry=NO_WAIT, max_body_size=1000) as client:
        with pytest.raises(InvalidResponse, match="1000 bytes"):
            await client.get("/servers")


async def test_an_answer_streamed_in_many_chunks_is_read_whole(server: ScriptedServer) -> None:
    """Larger than aiohttp buffers ahead (128 KiB), so it is read as it arrives."""
    payload = {
        "servers": [{"id": i, "name": f"server-{i}", "note": "n" * 200} for i in range(4000)]
    }
    body = json.dumps(payload).encode()

    async def in_chunks(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(body), 1 << 14):
            await response.write(body[start : start + (1 << 14)])
        await response.write_eof()
        return response

    server.default = in_chunks
    async with Client(server.url, TOKEN, retry=NO_WAIT, max_body_size=len(body)) as client:
        assert await client.get("/servers") == payload
        client.max_body_size = len(body) - 1
        with pytest.raises(InvalidResponse, match="larger than max_body_size"):
            await client.get("/servers")


@pytest.mark.parametrize("size", [0, -1, 1.5, True, "1"])
def test_max_body_size_must_be_a_positive_number_of_bytes(size: object) -> None:
    with pytest.raises(ConfigurationError, match="max_body_size"):
        Client("http://127.0.0.1:1/v1", TOKEN, max_body_size=size)  # type: ignore[arg-type]


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
async def test_an_undecodable_content_encoding_is_an_invalid_response_not_retried(
    server: ScriptedServer, encoding: str
) -> None:
    server.default = raw_answer(
        200, b"this is not compressed at all", **{"Content-Encoding": encoding}
    )
    async with Client(server.url, TOKEN, retry=RetryPolicy(backoff_base=0)) as client:
        with pytest.raises(InvalidResponse, match="Content-Encoding") as caught:
            await client.get("/servers")
    assert not isinstance(caught.value, TransportError)
    # Without Brotli installed, "br" fails with the headers, before the status is read.
    assert caught.value.status in ((200, None) if encoding == "br" else (200,))
    assert len(server.received) == 1


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"x" * 2000, {}),  # larger than max_body_size
        (b"not compressed at all", {"Content-Encoding": "gzip"}),
        (b"[" * 200 + b"]" * 200, {}),  # nested too deep
    ],
    ids=["too large", "undecodable", "too deep"],
)
async def test_a_hostile_body_is_not_fetched_again_even_from_a_gateway(
    server: ScriptedServer, body: bytes, headers: dict[str, str]
) -> None:
    """A 502 page is retried, but not one that is too large, undecodable or too deep."""
    server.default = raw_answer(502, body, **headers)
    retry = RetryPolicy(backoff_base=0)
    async with Client(server.url, TOKEN, retry=retry, max_body_size=1000) as client:
        with pytest.raises(InvalidResponse) as caught:
            await client.get("/servers")
    assert caught.value.hostile
    assert len(server.received) == 1


@pytest.mark.parametrize("depth", [101, 1000, 1023, 5000])
async def test_deeply_nested_json_is_an_invalid_response(
    server: ScriptedServer, depth: int
) -> None:
    server.default = raw_answer(200, b"[" * depth + b"]" * depth)
    async with Client(server.url, TOKEN, retry=NO_WAIT) as client:
        with pytest.raises(InvalidResponse, match=r"nested deeper|depth"):
            await client.get("/servers")


# Arguments checked where they are given


@pytest.mark.parametrize("timeout", [-1, 0, float("nan"), float("inf"), True, "5", None])
def test_client_timeout_must_be_finite_and_positive(timeout: object) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        Client("http://127.0.0.1:1/v1", TOKEN, timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.parametrize("timeout", [-1, 0, float("nan"), float("inf"), True, "5"])
async def test_a_per_call_timeout_must_be_finite_and_positive(
    server: ScriptedServer, timeout: object
) -> None:
    async with Client(server.url, TOKEN) as client:
        with pytest.raises(ConfigurationError, match="_timeout") as caught:
            await client.get("/servers", _timeout=timeout)
        with pytest.raises(ValueError, match="_timeout"):
            await client.raw_call("GET", "/servers", timeout=timeout)  # type: ignore[arg-type]
    assert isinstance(caught.value, InvalidArgumentError)
    assert server.received == []


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"id": {1, 2}}, "id: a set"),
        ({"label_selector": {"env": "prod"}}, "label_selector: a dict"),
        ({"name": b"web"}, "name: a bytes"),
        ({"id": [1, b"2"]}, "id: a bytes"),
        ({"step": float("nan")}, "step: a float that is not finite"),
    ],
)
async def test_query_values_the_wire_cannot_carry_are_refused(
    server: ScriptedServer, params: dict[str, Any], where: str
) -> None:
    async with Client(server.url, TOKEN) as client:
        with pytest.raises(InvalidArgumentError, match=where):
            await client.get("/servers", **params)
    assert server.received == []


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"ratio": float("nan")}, "body.ratio: a float that is not finite"),
        ({"labels": {"size": float("inf")}}, r"body.labels.size: a float that is not finite"),
        ({"ids": [1, {2, 3}]}, r"body.ids\[1\]: a set"),
        ({"user_data": b"#cloud-config"}, "body.user_data: a bytes"),
    ],
)
async def test_json_bodies_the_wire_cannot_carry_are_refused(
    server: ScriptedServer, body: dict[str, Any], where: str
) -> None:
    async with Client(server.url, TOKEN) as client:
        with pytest.raises(InvalidArgumentError, match=where) as caught:
            await client.post("/servers", **body)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, HetznerError)
    assert server.received == []


# Failing fast when nothing can answer


async def test_a_host_name_that_does_not_resolve_fails_at_once(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    loop = asyncio.get_running_loop()

    async def no_such_host(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(loop, "getaddrinfo", no_such_host)
    async with Client("https://api.hetzner.cloud.example/v1", TOKEN) as client:
        with pytest.raises(TransportError, match="could not resolve") as caught:
            await client.get("/servers")
        assert client.requests_sent == 0  # nothing reached the wire
    assert sleeps == []  # not retried
    assert not caught.value.retryable


async def test_connection_refused_is_retried_only_briefly(sleeps: list[float]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with Client(f"http://127.0.0.1:{port}/v1", TOKEN) as client:
        with pytest.raises(TransportError, match=r"cannot connect to .*: connection refused"):
            await client.get("/servers")
        assert client.requests_sent == 0  # three attempts, none reached the wire
    assert len(sleeps) == 2
    assert sum(sleeps) <= 3.0


# One event loop per client


async def test_a_client_used_from_another_loop_says_so(server: ScriptedServer) -> None:
    async with Client(server.url, TOKEN) as client:
        await client.get("/servers")

        def in_another_thread() -> BaseException | None:
            try:
                asyncio.run(client.get("/servers"))
            except BaseException as error:
                return error
            return None

        error = await asyncio.to_thread(in_another_thread)
        assert isinstance(error, ClientStateError), repr(error)
        assert isinstance(error, RuntimeError)
        assert "event loop" in str(error)
        assert "asynchetzner.sync" in str(error)  # where to go for several loops or threads
        assert await client.get("/servers") == {"ok": True}  # still fine in its own loop
    assert len(server.received) == 2


async def test_closing_from_another_loop_says_so_and_leaves_the_client_usable(
    server: ScriptedServer,
) -> None:
    async with Client(server.url, TOKEN) as client:
        await client.get("/servers")

        def close_in_another_thread() -> BaseException | None:
            try:
                asyncio.run(client.close())
            except BaseException as error:
                return error
            return None

        error = await asyncio.to_thread(close_in_another_thread)
        assert isinstance(error, ClientStateError)
        assert not client.closed
        assert await client.get("/servers") == {"ok": True}
    assert client.closed


async def test_a_closed_client_raises_a_client_state_error(server: ScriptedServer) -> None:
    client = Client(server.url, TOKEN)
    await client.close()
    with pytest.raises(ClientStateError, match="closed"):
        await client.get("/servers")
    with pytest.raises(ClientStateError, match="reopened"):
        await client.__aenter__()


# The Robot webservice's meanings


def robot_client(server: ScriptedServer) -> Client:
    return Client(server.url, robot_user="#ws+abc", robot_password="robot-pw")


def robot_error(status: int, code: str, **extra: Any) -> Any:
    body = {"error": {"status": status, "code": code, "message": "it failed", **extra}}
    return answer(status, body)


async def test_robot_rate_limit_longer_than_the_cap_is_raised_with_the_wait(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.default = robot_error(403, "RATE_LIMIT_EXCEEDED", max_request=200, interval=3600)
    async with robot_client(server) as client:
        with pytest.raises(RateLimitExceeded, match="3600 s") as caught:
            await client.get("/server")
    assert caught.value.retry_after == 3600
    assert (len(server.received), sleeps) == (1, [])


async def test_robot_rate_limit_within_the_cap_is_waited_out(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.then(robot_error(403, "RATE_LIMIT_EXCEEDED", max_request=10, interval=30))
    async with robot_client(server) as client:
        assert await client.get("/server") == {"ok": True}
    assert (len(server.received), sleeps) == (2, [30.0])


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [(409, "CONFLICT", ConflictError), (503, "MAINTENANCE", ServerError)],
)
async def test_robot_conflict_and_maintenance_are_not_retried(
    server: ScriptedServer, sleeps: list[float], status: int, code: str, cls: type[Exception]
) -> None:
    server.default = robot_error(status, code)
    async with robot_client(server) as client:
        with pytest.raises(cls):
            await client.post("/boot/1/rescue", os="linux")
    assert (len(server.received), sleeps) == (1, [])


async def test_cloud_conflict_is_still_retried(server: ScriptedServer) -> None:
    body = {"error": {"code": "conflict", "message": "changed", "details": None}}
    server.then(answer(409, body))
    async with Client(server.url, TOKEN, retry=NO_WAIT) as client:
        assert await client.get("/servers") == {"ok": True}
    assert len(server.received) == 2


async def test_robot_get_lists_go_as_brackets(server: ScriptedServer) -> None:
    async with robot_client(server) as client:
        await client.get("/ip", server_ip=["1.2.3.4", "5.6.7.8"])
    assert server.received[0].path_qs == "/v1/ip?server_ip%5B%5D=1.2.3.4&server_ip%5B%5D=5.6.7.8"


# Endpoints checked at init


async def test_plain_http_to_another_host_needs_allow_plain_http() -> None:
    with pytest.raises(ConfigurationError, match="allow_plain_http"):
        await Client("http://api.example.com/v1", TOKEN).init()
    client = Client("http://api.example.com/v1", TOKEN, allow_plain_http=True)
    await client.init()
    assert client.base_url == "http://api.example.com/v1"
    await client.close()


async def test_user_info_in_the_endpoint_is_refused_and_never_shown() -> None:
    client = Client("https://me:hunter2@api.example.com/v1", TOKEN)
    assert "hunter2" not in repr(client)
    with pytest.raises(ConfigurationError) as caught:
        await client.init()
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(client)
