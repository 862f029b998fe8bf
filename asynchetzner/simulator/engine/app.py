"""The simulator's aiohttp application: Hetzner's envelope, auth, rate limit and faults.

Every answer carries ``X-Correlation-Id`` and the ``RateLimit-*`` headers; every failure is
``{"error": {"code", "message", "details"}}`` with the status the API uses. Handlers raise
``SimulatorError``; they read the project from ``request.app[PROJECT]``. One application can serve
several APIs, each under its own prefix (the Cloud API under ``/v1``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from aiohttp import web

from .errors import SimulatorError, refusal
from .project import Project
from .validation import validate_body

logger = logging.getLogger("asynchetzner.simulator")

PREFIX = "/v1"
"""Where the Cloud API is served, as at ``https://api.hetzner.cloud/v1``."""
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
BAD_GATEWAY_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center></body></html>"
)


PROJECT = web.AppKey("project", Project)
MOUNTS = web.AppKey("mounts", tuple[tuple[str, str], ...])
"""The ``(prefix, title)`` of each API the application serves, the longest prefix first."""


def mount(request: web.Request) -> tuple[str, str]:
    """The prefix and title of the API a request is for (the first API's, for no API's path)."""
    mounts = request.app[MOUNTS]
    return next((m for m in mounts if request.path.startswith(m[0] + "/")), mounts[-1])


def api_path(request: web.Request, path: str | None = None) -> str:
    """``path`` (the request's by default) without the prefix of its API."""
    return (request.path if path is None else path).removeprefix(mount(request)[0])


def operation(request: web.Request) -> str:
    """``"METHOD /path/{template}"`` of the matched route, as the spec names operations."""
    resource = request.match_info.route.resource
    template = resource.canonical if resource is not None else request.path
    return f"{request.method} {api_path(request, template)}"


def correlation_id() -> str:
    """A new ``X-Correlation-Id``, as the API gives every answer."""
    return uuid.uuid4().hex[:16]


def answer(body: Any, status: int = 200) -> web.Response:
    """A JSON answer."""
    return web.Response(
        body=json.dumps(body, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json",
    )


async def read_body(request: web.Request, schema: Mapping[str, Any] | None) -> dict[str, Any]:
    """The request's JSON body as the API reads it, validated against its operation's schema."""
    raw = await request.read()
    body: Any = {}
    if raw.strip():
        try:
            body = json.loads(raw)
        except ValueError:
            raise SimulatorError(400, "json_error", "request body is not valid JSON") from None
        except RecursionError:
            raise SimulatorError(400, "json_error", "request body is nested too deeply") from None
    body = validate_body(schema, body)
    if not isinstance(body, dict):
        raise SimulatorError(400, "json_error", "request body must be a JSON object")
    return body


def _authenticate(request: web.Request, project: Project) -> None:
    # RFC 7235: the scheme is case-insensitive, and one or more spaces follow it.
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.lstrip(" ")
    if scheme.lower() != "bearer" or token not in (project.token, *project.read_only_tokens):
        raise SimulatorError(401, "unauthorized", "unable to authenticate")
    if token in project.read_only_tokens and request.method not in ("GET", "HEAD"):
        raise SimulatorError(401, "token_readonly", "the token is read-only")


@web.middleware
async def hetzner_envelope(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Apply faults, the budget and auth, run the handler, and dress the answer like Hetzner."""
    project = request.app[PROJECT]
    route = f"{request.method} {api_path(request)}"
    delay = project.faults.delay(route)
    if delay > 0:
        await asyncio.sleep(delay)
    fault = project.faults.pick(route)
    if fault == "drop":
        assert request.transport is not None
        request.transport.close()
        return web.Response()
    if fault == "html_502":
        return web.Response(status=502, text=BAD_GATEWAY_PAGE, content_type="text/html")
    try:
        if fault is not None:
            raise {
                "unavailable": SimulatorError(503, "unavailable", "service unavailable"),
                "timeout": SimulatorError(504, "timeout", "request timed out, please retry"),
                "conflict": SimulatorError(409, "conflict", "resource changed, please retry"),
            }[fault]
        if not project.budget.take():
            raise SimulatorError(429, "rate_limit_exceeded", "limit of requests per hour reached")
        _authenticate(request, project)
        project.store.advance()
        project.requests[operation(request)] += 1
        response = await handler(request)
    except SimulatorError as error:
        response = answer(error.body(), error.status)
    except web.HTTPException as error:  # aiohttp refusing the request: no route, a body too large
        response = _refused(request, error)
    except Exception:
        logger.exception("simulator handler failed for %s", route)
        response = answer(SimulatorError(500, "server_error", "internal error").body(), 500)
    response.headers["X-Correlation-Id"] = correlation_id()
    response.headers.update(project.budget.headers())
    if isinstance(response, web.Response):
        for observe in project.observers:
            observe(request, response)
    return response


def _refused(request: web.Request, error: web.HTTPException) -> web.Response:
    """aiohttp's refusal of ``request`` in Hetzner's envelope: a path in no operation of the API
    (404), a body too large (413)."""
    message = {
        404: f"{request.method} {api_path(request)} is not an operation of {mount(request)[1]}",
    }.get(error.status, error.reason)
    return answer(refusal(error.status, message).body(), error.status)


def method_not_allowed(request: web.Request, allowed: Iterable[str]) -> web.Response:
    """405 ``method_not_allowed`` with ``Allow``: the path's operations take other methods."""
    path = api_path(request)
    message = f"{path} does not take {request.method}, only {', '.join(allowed)}"
    response = answer(refusal(405, message).body(), 405)
    response.headers["Allow"] = ",".join(allowed)
    return response


Served = tuple[str, str, Iterable[web.RouteDef]]
"""An API as the application serves it: its prefix (``/v1``), its title and its routes."""


def application(project: Project, apis: Iterable[Served]) -> web.Application:
    """The application serving ``project``: each API's routes under its prefix."""
    app = web.Application(middlewares=[hetzner_envelope])
    app[PROJECT] = project
    mounts: list[tuple[str, str]] = []
    for prefix, title, routes in apis:
        mounts.append((prefix, title))
        for route in routes:
            app.router.add_route(route.method, prefix + route.path, route.handler)
    app[MOUNTS] = tuple(sorted(mounts, key=lambda m: -len(m[0])))
    return app
