"""Every item of a paginated list endpoint, fetched concurrently and yielded in order.

Page 1 comes first; once it tells the last page, the remaining pages are fetched with at most
``concurrency`` requests in flight and their items yielded page by page, in order. When the total
is unknown (``last_page`` null) the pages are followed one by one through ``next_page``.
"""

from __future__ import annotations

import asyncio
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


def items_key(body: Mapping[str, Any], path: str) -> str:
    """The key of the list in a list answer (``servers`` in ``{"servers": [...], "meta": …}``)."""
    keys = [key for key, value in body.items() if key != "meta" and isinstance(value, list)]
    if len(keys) != 1:
        raise InvalidResponse(
            f"GET {path}: expected one list in the answer, found keys {sorted(body)}", status=200
        )
    return keys[0]


async def paginate(
    get: GetPage, path: str, params: Mapping[str, Any], concurrency: int
) -> AsyncIterator[Any]:
    """Yield every item of ``GET path`` page by page; ``get(path, **params)`` fetches one page."""
    params = {"per_page": DEFAULT_PER_PAGE, **params}
    first = await get(path, **{**params, "page": params.get("page", 1)})
    key = items_key(first, path)
    for item in first[key]:
        yield item
    pagination = Pagination.from_body(first)
    if pagination is None or pagination.next_page is None:
        return
    if pagination.last_page is None:
        page: int | None = pagination.next_page
        while page is not None:
            body = await get(path, **{**params, "page": page})
            for item in _items(body, key, path):
                yield item
            following = Pagination.from_body(body)
            page = following.next_page if following else None
        return
    pages = iter(range(pagination.next_page, pagination.last_page + 1))
    in_flight: deque[asyncio.Task[Any]] = deque()
    try:
        for page in pages:
            in_flight.append(asyncio.ensure_future(get(path, **{**params, "page": page})))
            if len(in_flight) >= concurrency:
                break
        while in_flight:
            body = await in_flight.popleft()
            next_page = next(pages, None)
            if next_page is not None:
                in_flight.append(asyncio.ensure_future(get(path, **{**params, "page": next_page})))
            for item in _items(body, key, path):
                yield item
    finally:
        for task in in_flight:
            task.cancel()
        if in_flight:
            await asyncio.gather(*in_flight, return_exceptions=True)
