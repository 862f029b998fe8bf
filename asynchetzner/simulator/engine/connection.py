"""The simulator's HTTP connections: the requests aiohttp refuses before the application runs.

aiohttp answers a request it cannot parse (a malformed request line, an invalid method, a request
line or headers over its limits) from its connection handler, with a text page, before any
middleware sees it. ``AppRunner`` serves through connections that answer those in Hetzner's
envelope instead, with ``Content-Type: application/json``.

aiohttp has no public hook for this (aio-libs/aiohttp#3287): the connection handler is made by
``web.Server.__call__`` (the protocol factory) and the server by ``AppRunner._make_server``, and
both are overridden here exactly as aiohttp 3 defines them.
"""

from __future__ import annotations

from http import HTTPStatus

from aiohttp import web

from .app import answer, correlation_id
from .errors import refusal


class _Connection(web.RequestHandler):
    """aiohttp's connection handler, giving its own error answers in Hetzner's envelope."""

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        super().handle_error(request, status, exc, message)  # logs; refuses once answering began
        # aiohttp's own message quotes the request's bytes (a header's value, a token with it)
        reason = f" ({type(exc).__name__})" if exc is not None else ""
        text = f"the request could not be read: {HTTPStatus(status).phrase}{reason}"
        response = answer(refusal(status, text).body(), status)
        response.headers["X-Correlation-Id"] = correlation_id()
        response.force_close()
        return response


class _Server(web.Server):
    """aiohttp's protocol factory, making ``_Connection``s (as its own makes its handlers)."""

    def __call__(self) -> web.RequestHandler:
        return _Connection(self, loop=self._loop, **self._kwargs)


class AppRunner(web.AppRunner):
    """``web.AppRunner`` whose connections answer unparseable requests in Hetzner's envelope."""

    async def _make_server(self) -> web.Server:
        app_server = await super()._make_server()  # starts and freezes the application
        return _Server(
            app_server.request_handler, request_factory=app_server.request_factory, **self._kwargs
        )
