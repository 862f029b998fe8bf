"""The aiohttp side of one exchange: reading an answer's body, and naming what failed.

``generic.GenericClient`` sends; this reads the body (bounded by ``max_body_size``, counted
after decompression) and turns aiohttp's failures into ``TransportError`` or ``InvalidResponse``.
"""

from __future__ import annotations

import asyncio
import os
import ssl

import aiohttp
from aiohttp.http_exceptions import ContentEncodingError

from .exceptions import InvalidResponse, TransportError
from .protocol import Request


async def read_body(
    response: aiohttp.ClientResponse, request: Request, max_body_size: int
) -> bytes:
    """The whole body, decompressed, at most ``max_body_size`` bytes; the connection is
    released at its end, and closed when the body is refused or fails."""
    content = response.content
    try:
        if content.is_eof():  # the whole answer came with its headers (most answers do)
            body = content.read_nowait()
            _check_size(len(body), response, request, max_body_size)
        else:
            chunks: list[bytes] = []
            size = 0
            async for chunk in content.iter_any():
                size += len(chunk)
                _check_size(size, response, request, max_body_size)
                chunks.append(chunk)
            body = b"".join(chunks)
    except BaseException as exc:
        response.close()
        if undecodable(exc):
            raise undecodable_error(request, response.status) from exc
        raise
    # What response.read() answers from now on, for callers of raw_call (aiohttp's own
    # read() keeps the body there too); reading to EOF has released the connection.
    response._body = body
    return body


def _check_size(
    size: int, response: aiohttp.ClientResponse, request: Request, max_body_size: int
) -> None:
    """Refuse an answer whose body has grown past ``max_body_size``."""
    if size > max_body_size:
        raise InvalidResponse(
            f"HTTP {response.status} answer to {request.method} {request.path} is "
            f"larger than max_body_size ({max_body_size} bytes); not read further",
            hostile=True,
            status=response.status,
            correlation_id=response.headers.get("X-Correlation-Id"),
        )


def undecodable(exc: BaseException) -> bool:
    """Whether aiohttp failed because the body's ``Content-Encoding`` could not be decoded."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ContentEncodingError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def undecodable_error(request: Request, status: int | None) -> InvalidResponse:
    """The answer's body cannot be decoded as its ``Content-Encoding`` says."""
    return InvalidResponse(
        f"the answer to {request.method} {request.path} cannot be decoded as its "
        "Content-Encoding says (corrupt, or an encoding this installation cannot decode)",
        status=status,
        hostile=True,
    )


def transport_error(exc: BaseException, request: Request, timeout: float) -> TransportError:
    """Wrap an aiohttp failure in a ``TransportError`` that says what happened."""
    target = f"{request.method} {request.path}"
    if isinstance(exc, (aiohttp.ClientSSLError, ssl.SSLError)):
        return TransportError(
            f"TLS failed for {target}: {exc}", request_sent=False, retryable=False
        )
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return TransportError(
            f"could not resolve the host name for {target}: {exc}; check the endpoint URL",
            request_sent=False,
            retryable=False,
        )
    if isinstance(exc, aiohttp.ClientConnectorError):
        number = exc.os_error.errno
        reason = os.strerror(number).lower() if number else str(exc)  # "connection refused"
        return TransportError(
            f"cannot connect to {request.base_url} for {target}: {reason}", request_sent=False
        )
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return TransportError(
            f"connecting timed out for {target} after {timeout:g} s", request_sent=False
        )
    if isinstance(exc, asyncio.TimeoutError):
        return TransportError(f"no answer to {target} within {timeout:g} s")
    if isinstance(exc, aiohttp.InvalidURL):
        return TransportError(f"invalid URL for {target}: {exc}", retryable=False)
    detail = str(exc) or type(exc).__name__
    return TransportError(f"connection failed during {target}: {detail}")
