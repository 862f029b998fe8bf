"""Requests aiohttp refuses before the application runs are answered in Hetzner's envelope too.

Sent over a raw socket, since no HTTP client sends such bytes: aiohttp's own answer to them is a
``text/plain`` page, which a client of the API cannot decode.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from multidict import CIMultiDict

from asynchetzner.simulator import Simulator

REQUEST_END = b" HTTP/1.1\r\nHost: api.hetzner.cloud\r\nConnection: close\r\n\r\n"
MANY_HEADERS = b"".join(b"X-%d: 1\r\n" % i for i in range(200))  # aiohttp takes 128


async def exchange(simulator: Simulator, data: bytes) -> tuple[int, CIMultiDict[str], bytes]:
    """Send ``data`` on a new connection; the status, headers and body of the answer."""
    reader, writer = await asyncio.open_connection(simulator.host, simulator.port)
    try:
        writer.write(data)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 10)  # the simulator closes after it
    finally:
        writer.close()
        await writer.wait_closed()
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = CIMultiDict(tuple(line.split(": ", 1)) for line in lines)
    return int(status_line.split()[1]), headers, body


@pytest.mark.parametrize(
    "data",
    [
        b"GET /v1/servers?name=" + b"a" * 10_000 + REQUEST_END,
        b"GET /v1/servers HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 10_000 + b"\r\n\r\n",
        b"GET /v1/servers HTTP/1.1\r\n" + MANY_HEADERS + b"\r\n",
        b"GARBAGE\r\n\r\n",
        b"GE(T /v1/servers" + REQUEST_END,
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 100 + b"\r\n\r\n",
    ],
    ids=["long-line", "long-header", "many-headers", "garbage", "method", "tls"],
)
async def test_a_request_aiohttp_cannot_parse_gets_a_json_error(
    simulator: Simulator, data: bytes
) -> None:
    status, headers, body = await exchange(simulator, data)
    assert status == 400
    assert headers["Content-Type"] == "application/json"
    assert len(headers["X-Correlation-Id"]) == 16
    error = json.loads(body)["error"]
    assert (error["code"], error["details"]) == ("invalid_input", None)
    assert error["message"].startswith("the request could not be read: Bad Request")
    assert "aaaa" not in error["message"]  # nothing of the request is quoted back


async def test_an_unknown_method_gets_a_json_error(simulator: Simulator) -> None:
    # aiohttp's C parser refuses methods it does not know (400); its Python parser passes them
    # to the application, whose router refuses them (405)
    authorization = f"\r\nAuthorization: Bearer {simulator.token}".encode()
    data = b"BREW /v1/servers" + REQUEST_END.replace(b"\r\n", authorization, 1)
    status, headers, body = await exchange(simulator, data)
    assert headers["Content-Type"] == "application/json"
    code = json.loads(body)["error"]["code"]
    assert (status, code) in {(400, "invalid_input"), (405, "method_not_allowed")}
