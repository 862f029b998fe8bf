"""The client's lifecycle and its generic calls: credentials, one pooled aiohttp session.

Three layers, as in python-ovh: ``get/post/put/delete`` → ``call`` (decipher, map errors, retry)
→ ``raw_call`` (build, sign, send once). ``raw_call`` is the escape hatch and returns the aiohttp
response with its body read and its connection released.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import math
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from functools import partial
from types import TracebackType
from typing import Any, TypeVar

import aiohttp
from yarl import URL

from . import __version__
from .config import FAMILIES, Configuration, redact_url, resolve_configuration
from .exceptions import (
    ClientStateError,
    ConfigurationError,
    HetznerError,
    InvalidArgumentError,
)
from .logs import FIELDS
from .pagination import paginate
from .polling import PollPolicy
from .protocol import Request, build_request, decipher_data, split_keywords
from .ratelimit import RateLimit, RateLimitGate
from .retry import RetryPolicy, Wait
from .transport import read_body, transport_error, undecodable, undecodable_error

logger = logging.getLogger("asynchetzner")

DEFAULT_RETRY = RetryPolicy()
DEFAULT_MAX_BODY_SIZE = 32 * 1024 * 1024
"""Largest answer body read (after decompression): Hetzner's largest answers are far smaller."""
# aiohttp would label a body-less POST, PUT or PATCH application/octet-stream; Hetzner's clients
# send no Content-Type there.
_NO_CONTENT_TYPE = frozenset({"Content-Type"})
_LABELLED_WHEN_EMPTY = frozenset({"POST", "PUT", "PATCH"})


class _State(enum.Enum):
    UNOPENED = "unopened"
    OPENED = "opened"
    CLOSED = "closed"


G = TypeVar("G", bound="GenericClient")


class GenericClient:
    """The lifecycle and generic calls of a client for Hetzner's APIs (``asynchetzner.Client``
    is this with every typed kind).

    ``endpoint`` is a name from ``asynchetzner.ENDPOINTS`` or a base URL: where the generic calls
    go. Typed calls go to their API family's base URL (``call(..., family=...)``), which
    ``base_urls`` sets by family name. What is left ``None`` is resolved by ``await client.init()``
    from the environment and config files (see ``asynchetzner.config``). Use it as
    ``async with Client() as client:`` or call ``close()`` when done; a ``session`` passed in is
    used as is and never closed by the client.

    ``poll`` sets how often awaited actions are polled (``client.actions.poll`` later on).
    ``max_body_size`` caps an answer's body, counted after decompression; a larger one is an
    ``InvalidResponse``. ``allow_plain_http`` lets credentials go over plain ``http://`` to a host
    that is not loopback. ``rate_limit`` holds the last ``RateLimit-*`` headers seen,
    ``requests_sent`` counts every request put on the wire (retries included; the sessions the
    client creates never resend on their own), and ``cid`` identifies the client in log records.
    ``on_wait`` hears of every retry and rate-limit wait before it starts (a ``Wait``).

    A client belongs to the event loop it first sends from; another loop (or thread) gets a
    ``ClientStateError``. ``asynchetzner.sync.Client`` serves synchronous code in any thread.
    """

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        *,
        robot_user: str | None = None,
        robot_password: str | None = None,
        base_urls: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_concurrency: int = 32,
        application_name: str | None = None,
        session: aiohttp.ClientSession | None = None,
        poll: PollPolicy | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        allow_plain_http: bool = False,
        on_wait: Callable[[Wait], None] | None = None,
    ) -> None:
        self.timeout = checked_timeout(timeout, "timeout", ConfigurationError)
        if max_concurrency < 1:
            raise ConfigurationError(f"max_concurrency must be at least 1, got {max_concurrency!r}")
        if type(max_body_size) is not int or max_body_size < 1:
            raise ConfigurationError(
                f"max_body_size must be a positive number of bytes, not {max_body_size!r}"
            )
        self._arguments: dict[str, Any] = {
            "endpoint": endpoint,
            "token": token,
            "robot_user": robot_user,
            "robot_password": robot_password,
            "base_urls": dict(base_urls or {}),
            "allow_plain_http": allow_plain_http,
        }
        self.max_body_size = max_body_size
        self.retry = retry
        self.on_wait = on_wait
        self.max_concurrency = max_concurrency
        self.application_name = application_name
        self.cid = uuid.uuid4().hex
        self.rate_limit: RateLimit | None = None
        self.requests_sent = 0
        self.user_agent = f"asynchetzner/{__version__}"
        if application_name:
            self.user_agent = f"{application_name} {self.user_agent}"
        self._configuration: Configuration | None = None
        self._session = session
        self._owns_session = session is None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._state = _State.UNOPENED
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._timeout_made: aiohttp.ClientTimeout | None = None
        self._log_extra: dict[str, Any] = {**dict.fromkeys(FIELDS), "cid": self.cid}
        self._gates: dict[str, RateLimitGate] = {}  # one budget per API host
        self.poll = poll or PollPolicy()

    def __repr__(self) -> str:
        name, state = type(self).__name__, self._state.value
        return f"<asynchetzner.{name} endpoint={self.endpoint!r} cid={self.cid} {state}>"

    @property
    def endpoint(self) -> str | None:
        """The endpoint name or URL, once known (user info in a URL shown as ``***``)."""
        if self._configuration is not None:
            return self._configuration.generic.endpoint
        endpoint: str | None = self._arguments["endpoint"]
        return None if endpoint is None else redact_url(endpoint)

    @property
    def base_url(self) -> str | None:
        """The base URL generic calls go to, once ``init`` has resolved it."""
        return self._configuration.generic.base_url if self._configuration else None

    def base_url_for(self, family: str) -> str | None:
        """The base URL of an API family's calls, once ``init`` has resolved it."""
        _check_family(family)
        return self._configuration.base_urls[family] if self._configuration else None

    @property
    def closed(self) -> bool:
        """Whether ``close`` was called."""
        return self._state is _State.CLOSED

    # Lifecycle

    async def init(self, config_file: str | None = None) -> None:
        """Resolve endpoint and credentials: arguments, environment, config files.

        With ``config_file`` only that file is read, and no environment. Calling it again without
        a file does nothing; the first request calls it when nobody did.
        """
        self._check_open()
        if self._configuration is not None and config_file is None:
            return
        self._configuration = resolve_configuration(**self._arguments, config_file=config_file)
        self._log_extra["baseurl"] = self._configuration.generic.base_url
        self._state = _State.OPENED

    async def close(self) -> None:
        """Close the session the client created; safe to call twice. Call it from the event loop
        the client sent from: another loop cannot close that loop's connections."""
        if self._state is _State.CLOSED:
            return
        self._check_open()
        self._state = _State.CLOSED
        await self._before_close()
        session, self._session = self._session, None
        if session is not None and self._owns_session:
            await session.close()

    async def _before_close(self) -> None:
        """What a subclass stops before the session closes (the typed client's poller)."""

    async def __aenter__(self: G) -> G:
        if self._state is _State.CLOSED:
            raise ClientStateError("this Client is closed and cannot be reopened; create a new one")
        await self.init()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def _check_open(self) -> None:
        """Refuse use after ``close`` and use from an event loop other than the first."""
        if self._state is _State.CLOSED:
            raise ClientStateError("this Client is closed; create a new one to send requests")
        if self._loop is not None and self._loop is not asyncio.get_running_loop():
            raise ClientStateError(
                "this Client is bound to the event loop it first sent from, and this is another "
                "loop (or thread); create one Client per event loop, or use asynchetzner.sync"
                ".Client, which runs one client in a loop of its own for any thread"
            )

    def _get_session(self) -> aiohttp.ClientSession:
        self._check_open()
        self._loop = asyncio.get_running_loop()
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self.max_concurrency)
            session = aiohttp.ClientSession(connector=connector)
            # aiohttp would resend a GET, PUT or DELETE once, silently, when a kept-alive
            # connection drops after the request was written: every request on the wire must be
            # one the retry policy chose to send (aiohttp's own test client switches it off so).
            session._retry_connection = False
            self._session = session
        return self._session

    # Generic calls

    async def get(self, path: str, /, **params: Any) -> Any:
        """``GET path`` with the keywords as query string (``_from`` → ``from``)."""
        params, options = split_keywords(params)
        return await self.call("GET", path, params=params, **options)

    async def delete(self, path: str, /, **params: Any) -> Any:
        """``DELETE path`` with the keywords as query string."""
        params, options = split_keywords(params)
        return await self.call("DELETE", path, params=params, **options)

    async def post(self, path: str, /, **data: Any) -> Any:
        """``POST path`` with the keywords as body; no keywords, no body."""
        data, options = split_keywords(data)
        return await self.call("POST", path, data or None, **options)

    async def put(self, path: str, /, **data: Any) -> Any:
        """``PUT path`` with the keywords as body; no keywords, no body."""
        data, options = split_keywords(data)
        return await self.call("PUT", path, data or None, **options)

    def paginate(self, path: str, /, **params: Any) -> AsyncIterator[Any]:
        """Every item of a list endpoint: page 1, then the rest concurrently, in order.

        ``per_page`` is 50 unless given; ``params`` are the list's filters.
        """
        return paginate(self.get, path, params, self.max_concurrency)

    async def call(
        self,
        method: str,
        path: str,
        data: Any = None,
        need_auth: bool = True,
        *,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        family: str | None = None,
    ) -> Any:
        """Send a request and return its decoded JSON (``None`` for an empty body), or raise.

        ``family`` (a name from ``asynchetzner.config.FAMILIES``) sends it to that API family's
        base URL with its authentication; ``None`` to the endpoint. Retries what ``self.retry``
        deems retryable, waiting as it says.
        """
        if self._configuration is None:
            await self._first_init(family)
        request = self._build(method, path, data, need_auth, params, family)
        client_timeout = self._client_timeout(timeout)
        retry = 0
        while True:
            try:
                response, body = await self._send(request, client_timeout)
                return decipher_data(
                    response.status, response.headers, body, now=time.time(), robot=request.robot
                )
            except HetznerError as error:
                delay = self.retry.delay(
                    error, request.method, retry, time.time(), robot=request.robot
                )
                if delay is None:
                    raise
                retry += 1
                where = (request.method, request.path, request.base_url)
                wait = Wait("retry", delay, *where, error, retry, self.retry.retries_for(error))
                status = getattr(error, "status", None)
                extra = self._log_fields(request, status, getattr(error, "correlation_id", None))
                logger.info("%s", wait, extra=extra)
                if self.on_wait is not None:
                    self.on_wait(wait)
                await asyncio.sleep(delay)

    async def raw_call(
        self,
        method: str,
        path: str,
        data: Any = None,
        need_auth: bool = True,
        *,
        params: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        family: str | None = None,
    ) -> aiohttp.ClientResponse:
        """Send one request, no retry, and return the response, body read, connection released.

        ``family`` is as for ``call``. Failing to get an answer raises ``TransportError``; an
        error status does not raise.
        """
        if self._configuration is None:
            await self._first_init(family)
        request = self._build(method, path, data, need_auth, params, family)
        response, _ = await self._send(request, self._client_timeout(timeout))
        return response

    def _client_timeout(self, timeout: float | None) -> aiohttp.ClientTimeout:
        """The timeout of one call: its own ``_timeout``, checked, or the client's (the last
        one made is reused)."""
        seconds = (
            self.timeout
            if timeout is None
            else checked_timeout(timeout, "_timeout", InvalidArgumentError)
        )
        made = self._timeout_made
        if made is None or made.total != seconds:
            made = self._timeout_made = aiohttp.ClientTimeout(total=seconds)
        return made

    async def _first_init(self, family: str | None) -> None:
        """Before the first request: check the family asked for, resolve the configuration."""
        if family is not None:
            _check_family(family)
        await self.init()

    def _build(
        self,
        method: str,
        path: str,
        data: Any,
        need_auth: bool,
        params: Mapping[str, Any] | None,
        family: str | None,
    ) -> Request:
        configuration = self._configuration
        assert configuration is not None
        if family is None:
            credentials = configuration.generic
        else:
            _check_family(family)
            credentials = configuration.family(family)
        return build_request(
            credentials,
            method,
            path,
            params=params,
            data=data,
            need_auth=need_auth,
            user_agent=self.user_agent,
        )

    async def _send(
        self, request: Request, timeout: aiohttp.ClientTimeout
    ) -> tuple[aiohttp.ClientResponse, bytes]:
        """Send once: wait for budget and a slot, read the body, release the connection."""
        gate = self._gates.get(request.base_url)
        if gate is None:
            gate = RateLimitGate(max_wait=self.retry.backoff_cap, log_extra=self._log_extra)
            self._gates[request.base_url] = gate
        if not gate.spend():
            await gate.wait(None if self.on_wait is None else partial(self._rate_limited, request))
        async with self._semaphore:
            session = self._session
            if (
                session is None
                or self._state is not _State.OPENED
                or self._loop is not asyncio.get_running_loop()
            ):
                session = self._get_session()
            self.requests_sent += 1
            started = time.perf_counter()
            try:
                response = await session.request(
                    request.method,
                    URL(request.url, encoded=True),
                    headers=request.headers,
                    data=request.body,
                    skip_auto_headers=(
                        _NO_CONTENT_TYPE
                        if request.body is None and request.method in _LABELLED_WHEN_EMPTY
                        else None
                    ),
                    timeout=timeout,
                    allow_redirects=False,
                )
                body = await read_body(response, request, self.max_body_size)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                self._log_request(request, started, None, None)
                if undecodable(exc):  # an encoding aiohttp cannot decode at all (br, zstd)
                    raise undecodable_error(request, None) from exc
                error = transport_error(exc, request, timeout.total or 0.0)
                if not error.request_sent:
                    self.requests_sent -= 1  # no connection, so nothing reached the wire
                raise error from exc
        headers = response.headers
        rate_limit = RateLimit.from_headers(headers)
        if rate_limit is not None:
            self.rate_limit = rate_limit
            gate.observe(rate_limit)
        if logger.isEnabledFor(logging.DEBUG):
            self._log_request(request, started, response.status, headers.get("X-Correlation-Id"))
        return response, body

    def _rate_limited(self, request: Request, delay: float, limit: int) -> None:
        """Tell ``on_wait`` that ``request`` waits ``delay`` s for a budget of ``limit``/h."""
        assert self.on_wait is not None
        where = (request.method, request.path, request.base_url)
        self.on_wait(Wait("rate_limit", delay, *where, limit=limit))

    def _log_request(
        self, request: Request, started: float, status: int | None, correlation_id: str | None
    ) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        logger.debug(
            "%s %s -> %s in %.1f ms",
            request.method,
            request.path,
            status if status is not None else "no answer",
            elapsed_ms,
            extra={**self._log_fields(request, status, correlation_id), "elapsed_ms": elapsed_ms},
        )

    def _log_fields(
        self, request: Request, status: int | None, correlation_id: str | None
    ) -> dict[str, Any]:
        """The log record fields (``logs.FIELDS``) of a request."""
        where = {"baseurl": request.base_url, "method": request.method, "url": request.url}
        fields = {"endpoint": request.path, "status": status, "correlation_id": correlation_id}
        return {**self._log_extra, **where, **fields}


def _check_family(family: str) -> None:
    """Refuse a name that is not an API family's."""
    if family not in FAMILIES:
        raise InvalidArgumentError(
            f"unknown API family {family!r}: use {', '.join(FAMILIES)}, or None for the endpoint"
        )


def checked_timeout(value: object, name: str, error: type[ConfigurationError]) -> float:
    """A timeout: a finite positive number of seconds, else ``error`` saying so."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and value > 0)
    ):
        raise error(f"{name} must be a finite positive number of seconds, not {value!r}")
    return float(value)
