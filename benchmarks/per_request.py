"""``python -m benchmarks.per_request``: where asynchetzner's CPU per request goes, in microseconds.

Building, deciphering (decoding included), rate-limit reading, logging and typed wrapping are
timed one by one on a real answer of the simulator (``GET /servers/{id}``), and decoding a page
of a listing (``GET /servers``, 50 servers) per server. Sending and receiving are aiohttp's:
scenario a shows them as client CPU per request, beside raw aiohttp's.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
import timeit
from collections.abc import Callable
from typing import Any

import orjson
from multidict import CIMultiDict, CIMultiDictProxy
from tabulate import tabulate

from asynchetzner import Client, Credentials, Server
from asynchetzner.decoding import decode_json
from asynchetzner.protocol import build_request, decipher_data, decipher_response, split_keywords
from asynchetzner.ratelimit import RateLimit
from asynchetzner.simulator import Simulator

NUMBER = 2000
REPEAT = 7
PAGE = 50


async def server_answers() -> tuple[bytes, CIMultiDictProxy[str], bytes]:
    """The body and headers the simulator sends for ``GET /servers/{id}``, and the body of a
    page of ``PAGE`` servers."""
    async with Simulator(action_seconds=0) as simulator, simulator.client() as client:
        for number in range(PAGE):
            await client.servers.create(f"bench-{number}", "cx23", "ubuntu-24.04")
        response = await client.raw_call("GET", "/servers/1")
        body, headers = await response.read(), CIMultiDictProxy(CIMultiDict(response.headers))
        page = await client.raw_call("GET", "/servers", params={"per_page": PAGE})
        return body, headers, await page.read()


def microseconds(step: Callable[[], Any], number: int = NUMBER) -> float:
    """The best mean time of ``step`` over ``REPEAT`` rounds of ``number`` calls."""
    return min(timeit.repeat(step, number=number, repeat=REPEAT)) / number * 1e6


def per_server(decode: Callable[[bytes], Any], page: bytes) -> float:
    """Microseconds per server of decoding a page of ``PAGE`` servers with ``decode``."""
    return microseconds(lambda: decode(page), NUMBER // PAGE) / PAGE


CREDENTIALS = Credentials("bench", "http://127.0.0.1:9/v1", "bearer", token="x" * 64)


def log_step(client: Client) -> Callable[[], None]:
    """One request's log line through the client's logging path."""
    request = build_request(CREDENTIALS, "GET", "/servers/1", user_agent="bench")
    return lambda: client._log_request(request, time.perf_counter(), 200, "abc")


def debug_to_buffer() -> None:
    """Turn the package's DEBUG log on, formatted into a buffer."""
    logger = logging.getLogger("asynchetzner")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(logging.StreamHandler(io.StringIO()))
    logger.propagate = False


def main() -> None:
    """Time each step and print the table."""
    body, headers, page = asyncio.run(server_answers())
    client = Client(CREDENTIALS.base_url, CREDENTIALS.token)
    data = decode_json(body)["server"]
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("split keywords (_from, _timeout...)", lambda: split_keywords({})),
        (
            "build the request",
            lambda: build_request(CREDENTIALS, "GET", "/servers/42", user_agent="bench"),
        ),
        (
            "decipher the answer (what a call does)",
            lambda: decipher_data(200, headers, body, now=0),
        ),
        (
            "decipher_response (rate limit, pages too)",
            lambda: decipher_response(200, headers, body, now=0),
        ),
        ("decode_json (part of deciphering)", lambda: decode_json(body)),
        ("for comparison: orjson.loads", lambda: orjson.loads(body)),
        ("for comparison: json.loads", lambda: json.loads(body)),
        ("read RateLimit-* headers", lambda: RateLimit.from_headers(headers)),
        ("wrap as a Server", lambda: Server(None, data)),
        ("log it, DEBUG off (the default)", log_step(client)),
    ]
    rows = [(name, f"{microseconds(step):.2f}") for name, step in steps]
    for name, decode in [
        ("decode_json", decode_json),
        ("orjson.loads", orjson.loads),
        ("json.loads", json.loads),
    ]:
        rows.append(
            (f"{name}, a {PAGE}-server page, per server", f"{per_server(decode, page):.2f}")
        )
    debug_to_buffer()
    rows.append(("log it, DEBUG on, formatted", f"{microseconds(log_step(client)):.2f}"))
    print(f"{len(body)}-byte answer of GET /servers/{{id}}; best of {REPEAT} x {NUMBER} calls")
    print(tabulate(rows, headers=["step", "us per request"], disable_numparse=True))


if __name__ == "__main__":
    main()
