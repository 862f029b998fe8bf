"""Every item of a paginated list endpoint, fetched concurrently and yielded in order.

Page 1 comes first; once it tells the last page, the remaining pages are fetched with at most
``concurrency`` requests in flight and their items yielded page by page, in order. No more are in
flight than the fewest round trips need (39 pages at a concurrency of 32 take two either way, so
20 at a time): each request in flight holds a connection, and a TLS connection costs a handshake
and about 400 KB of memory. When the total is unknown (``last_page`` null) the pages are followed
one by one through ``next_page``.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from .exceptions import InvalidResponse
from .protocol import Pagination

DEFAULT_PER_PAGE = 50

GetPage = Callable[..., Awaitable[Any]]


def _items(body: Any, key: str, path: str) -> list[Any]:
    """The list under ``key`` in one page, or ``InvalidResponse``."""
    items = body.get(key) if isinstance(body, Mapping) else None
    if not isinstance(items, list):
        raise InvalidResponse(f"GET {path}: a page came without its {key!r} list", status=200)
    return items


def items_key(body: Any, path: str) -> str:
    """The key of the list in a list answer (``servers`` in ``{"servers": [...], "meta": …}``)."""
    if not isinstance(body, Mapping):
        raise InvalidResponse(
            f"GET {path}: expected an object with one list, got {type(body).__name__}",
            status=200,
        )
    keys: list[str] = [k for k, value in body.items() if k != "meta" and isinstance(value, list)]
    if len(keys) != 1:
        raise InvalidResponse(
            f"GET {path}: expected one list in the answer, found keys {sorted(body)}", status=200
        )
    return keys[0]


async def paginate(
    get: GetPage, path: str, params: Mapping[str, Any], concurrency: int
) -> AsyncIterator[Any]:
    """Yield every item of ``GET path`` page by page; ``get(path, **params)`` fetches one page.

    A server whose pages do not advance (a ``next_page`` that is not past the page it came with,
    or a page answering as another) ends in ``InvalidResponse`` instead of a loop.
    """
    params = {"per_page": DEFAULT_PER_PAGE, **params}
    page = params.get("page", 1)
    first = await get(path, **{**params, "page": page})
    key = items_key(first, path)
    for item in first[key]:
        yield item
    pagination = _checked(first, page, path)
    if pagination is None or pagination.next_page is None:
        return
    if pagination.last_page is None:
        following: Pagination | None = pagination
        while following is not None and following.next_page is not None:
            page = following.next_page
            body = await get(path, **{**params, "page": page})
            for item in _items(body, key, path):
                yield item
            following = _checked(body, page, path)
        return
    remaining = range(pagination.next_page, pagination.last_page + 1)
    width = math.ceil(len(remaining) / math.ceil(len(remaining) / concurrency))
    pages = iter(remaining)
    in_flight: deque[tuple[int, asyncio.Task[Any]]] = deque()

    def fetch(page: int) -> None:
        in_flight.append((page, asyncio.ensure_future(get(path, **{**params, "page": page}))))

    try:
        for page in pages:
            fetch(page)
            if len(in_flight) >= width:
                break
        while in_flight:
            page, task = in_flight.popleft()
            body = await task
            next_page = next(pages, None)
            if next_page is not None:
                fetch(next_page)
            items = _items(body, key, path)
            _checked(body, page, path)
            for item in items:
                yield item
    finally:
        for _, task in in_flight:
            task.cancel()
        if in_flight:
            await asyncio.gather(*(task for _, task in in_flight), return_exceptions=True)


def _checked(body: Any, page: Any, path: str) -> Pagination | None:
    """The page's pagination, refusing one that answers as another page or does not advance."""
    pagination = Pagination.from_body(body)
    if pagination is None:
        meta = body.get("meta") if isinstance(body, Mapping) else None
        if isinstance(meta, Mapping) and "pagination" in meta:
            raise InvalidResponse(
                f"GET {path}: page {page} has a malformed meta.pagination", status=200
            )
        return None
    if str(pagination.page) != str(page):  # a page asked for as "2" is page 2
        raise InvalidResponse(
            f"GET {path}: asked for page {page}, the answer says it is page {pagination.page}",
            status=200,
        )
    if pagination.next_page is not None and pagination.next_page <= pagination.page:
        raise InvalidResponse(
            f"GET {path}: page {page} names page {pagination.next_page} as the next one; "
            "the pages do not advance, so the listing stops here",
            status=200,
        )
    return pagination
