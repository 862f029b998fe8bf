"""Finding what a command names: targets by id or name, resources named in options, and every
call on several targets at once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable, Sequence
from typing import Any, TypeVar

from ..exceptions import NotFoundError
from ..typed.models import Model
from ..typed.resources import ResourceClient
from . import CommandError
from .parameters import Reference, id_or_name

T = TypeVar("T")
M = TypeVar("M", bound=Model)


async def gather_all(awaitables: Iterable[Awaitable[T]]) -> list[T]:
    """Await all concurrently; once every one has settled, raise the first failure."""
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    settled: list[T] = []
    for result in results:
        if isinstance(result, BaseException):
            raise result
        settled.append(result)
    return settled


def not_found(collection: ResourceClient[Any], name: str) -> CommandError:
    """The error for a name no item of ``collection`` has."""
    return CommandError(f"no {collection.model.kind.replace('_', ' ')} named {name!r} (not_found)")


async def resolve(collection: ResourceClient[M], target: str) -> M:
    """Find an item by id, or by name (an all-digit name too, when no item has that id)."""
    reference = id_or_name(target)
    if isinstance(reference, int):
        try:
            return await collection.get(reference)
        except NotFoundError:
            by_name = await collection.get_by_name(target)
            if by_name is None:
                raise
            return by_name
    item = await collection.get_by_name(target)
    if item is None:
        raise not_found(collection, target)
    return item


async def resolve_all(collection: ResourceClient[M], targets: Sequence[str]) -> list[M]:
    """Find every target concurrently, each item once, in the order given."""
    items = await gather_all(resolve(collection, target) for target in targets)
    return list({item.id: item for item in items}.values())


async def resolve_references(client: Any, keywords: dict[str, Any]) -> dict[str, Any]:
    """The keywords with each ``Reference`` (alone or in a list) replaced by the item's id."""

    async def found(value: Any) -> Any:
        if isinstance(value, list):
            return await gather_all(found(item) for item in value)
        if not isinstance(value, Reference):
            return value
        collection = getattr(client, value.collection)
        item = await collection.get_by_name(value.name)
        if item is None:
            raise not_found(collection, value.name)
        return item.id

    values = await gather_all(found(value) for value in keywords.values())
    return dict(zip(keywords, values, strict=True))
