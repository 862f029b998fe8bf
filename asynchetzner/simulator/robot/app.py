"""The Robot simulator's aiohttp application: Basic auth, blocking, hourly limits, envelopes.

Every failure is Robot's ``{"error": {"status", "code", "message"}}`` (``INVALID_INPUT`` adds
``missing`` and ``invalid``; ``RATE_LIMIT_EXCEEDED`` adds ``max_request`` and ``interval``).
Three failed logins from one address block it for ``BLOCK_SECONDS`` (Robot documents the block
but not its answer: here, the documented ``401`` of a failed login, saying so). Each endpoint
group has its own hourly limit per user (``LIMITS``, Hetzner's documented numbers). Bodies are
form-encoded, PHP style: ``key[]=`` lists and ``key[sub][0][x]=`` nesting.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import logging
import re
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from .state import RobotState

logger = logging.getLogger("asynchetzner.simulator")

STATE = web.AppKey("robot_state", RobotState)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
BLOCK_SECONDS = 600.0
FAILED_LOGINS_BLOCKING = 3
HOUR = 3600

LIMITS: tuple[tuple[str, str, int], ...] = (
    ("GET", r"/server/\d+/cancellation", 200),
    ("*", r"/server/\d+/cancellation", 200),
    ("GET", r"/server", 200),
    ("POST", r"/server", 200),
    ("GET", r"/reset", 500),
    ("POST", r"/reset", 50),
    ("GET", r"/wol", 500),
    ("POST", r"/wol", 10),
    ("*", r"/boot", 500),
    ("*", r"/ip", 5000),
    ("*", r"/subnet", 5000),
    ("GET", r"/failover", 100),
    ("*", r"/failover", 50),
    ("*", r"/rdns", 500),
    ("GET", r"/key", 500),
    ("*", r"/key", 200),
    ("*", r"/firewall", 500),
    ("GET", r"/vswitch", 500),
    ("*", r"/vswitch", 100),
)
"""Robot's hourly request limits: ``(method or *, path prefix, requests per hour)``, the first
matching line counting."""


class RobotError(Exception):
    """Raised by a handler to answer with Robot's error envelope."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body of the answer."""
        return {
            "error": {
                "status": self.status,
                "code": self.code,
                "message": self.message,
                **self.extra,
            }
        }


def invalid_input(missing: Iterable[str] = (), invalid: Iterable[str] = ()) -> RobotError:
    """400 ``INVALID_INPUT`` naming the missing and the invalid fields (``None`` when none)."""
    lacking, wrong = list(missing), list(invalid)
    return RobotError(
        400, "INVALID_INPUT", "invalid input", missing=lacking or None, invalid=wrong or None
    )


def answer(body: Any, status: int = 200) -> web.Response:
    """A JSON answer."""
    return web.Response(
        body=json.dumps(body, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json",
    )


def limit_group(method: str, path: str) -> tuple[str, int] | None:
    """The endpoint group a request counts against, and its hourly limit."""
    for verb, prefix, limit in LIMITS:
        if verb in ("*", method) and re.match(prefix + r"(/|$)", path):
            return f"{verb} {prefix}", limit
    return None


def parse_form(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A PHP-style form as nested values: ``a[]`` lists, ``a[x][0][y]`` mappings and lists."""
    root: dict[str, Any] = {}
    for name, value in pairs:
        head, bracket, rest = name.partition("[")
        keys = [head, *re.findall(r"\[([^\]]*)\]", "[" + rest)] if bracket else [head]
        node: Any = root
        for key, following in itertools.pairwise(keys):
            fresh: Any = [] if following == "" else {}
            if isinstance(node, list):
                node.append(fresh)
                node = fresh
                continue
            if not isinstance(node.get(key), type(fresh)):
                node[key] = fresh
            node = node[key]
        if isinstance(node, list):
            node.append(value)
        else:
            node[keys[-1]] = value
    parsed: dict[str, Any] = _lists(root)
    return parsed


def _lists(value: Any) -> Any:
    """Mappings keyed ``0``, ``1``… as lists, all the way down."""
    if isinstance(value, dict):
        converted = {key: _lists(item) for key, item in value.items()}
        if converted and all(key.isdigit() for key in converted):
            return [converted[key] for key in sorted(converted, key=int)]
        return converted
    if isinstance(value, list):
        return [_lists(item) for item in value]
    return value


async def form(request: web.Request) -> dict[str, Any]:
    """The request's form body, parsed."""
    raw = await request.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RobotError(400, "INVALID_INPUT", "the body is not UTF-8") from None
    return parse_form(parse_qsl(text, keep_blank_values=True))


def _user(request: web.Request, state: RobotState) -> str:
    """The web-service user the request authenticates as; failed logins count and block."""
    address = request.remote or "?"
    if state.blocked_until.get(address, 0.0) > state.clock():
        raise RobotError(401, "UNAUTHORIZED", f"{address} is blocked after 3 failed logins")
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    try:
        user, _, password = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        user = password = ""
    if scheme.lower() == "basic" and (user, password) == (state.user, state.password):
        state.failed_logins.pop(address, None)
        return user
    failures = state.failed_logins.get(address, 0) + 1
    state.failed_logins[address] = failures
    if failures >= FAILED_LOGINS_BLOCKING:
        state.blocked_until[address] = state.clock() + BLOCK_SECONDS
        state.failed_logins.pop(address, None)
    raise RobotError(401, "UNAUTHORIZED", "Unauthorized")


def _count(state: RobotState, user: str, method: str, path: str) -> None:
    """Count the request against its group's hourly limit, or refuse it."""
    group = limit_group(method, path)
    if group is None:
        return
    name, default = group
    limit = state.limits.get(name, default)
    now = state.clock()
    seen = state.requests.setdefault((user, name), deque())
    while seen and seen[0] <= now - HOUR:
        seen.popleft()
    if len(seen) >= limit:
        raise RobotError(
            403, "RATE_LIMIT_EXCEEDED", "rate limit exceeded", max_request=limit, interval=HOUR
        )
    seen.append(now)


@web.middleware
async def robot_envelope(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Authenticate, count, run the handler, and answer failures in Robot's envelope."""
    state = request.app[STATE]
    try:
        user = _user(request, state)
        _count(state, user, request.method, request.path)
        state.served[f"{request.method} {request.path}"] += 1
        return await handler(request)
    except RobotError as error:
        return answer(error.body(), error.status)
    except web.HTTPNotFound:
        return answer(RobotError(404, "NOT_FOUND", f"{request.path} not found").body(), 404)
    except web.HTTPMethodNotAllowed:
        return answer(RobotError(405, "METHOD_NOT_ALLOWED", "method not allowed").body(), 405)
    except Exception:
        logger.exception("Robot simulator handler failed for %s %s", request.method, request.path)
        return answer(RobotError(500, "INTERNAL_ERROR", "internal error").body(), 500)


def robot_app(state: RobotState, routes: Iterable[web.RouteDef]) -> web.Application:
    """The application answering like ``https://robot-ws.your-server.de`` for ``state``."""
    app = web.Application(middlewares=[robot_envelope])
    app[STATE] = state
    app.add_routes(list(routes))
    return app
