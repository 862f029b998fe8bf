"""One client per kind of resource, declared in a few lines on a shared base.

``ResourceClient`` gives every kind ``list`` (async iterator over all pages), ``get_all``, ``get``
and ``get_by_name``; kinds the API lets you create or delete add ``create``/``update``/``delete``.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..exceptions import NotFoundError
from .models import Model, check_name, id_of, member, present

if TYPE_CHECKING:
    from ..client import Client

M = TypeVar("M", bound=Model)


class ResourceClient(Generic[M]):
    """The read side of one collection: ``path`` answers ``{collection: [...]}`` lists and
    ``{single: {...}}`` items, wrapped in ``model``."""

    path: ClassVar[str]
    single: ClassVar[str]
    model: ClassVar[type[Model]]

    def __init__(self, client: Client) -> None:
        self._client = client

    def _wrap(self, data: dict[str, Any]) -> M:
        return self.model(self._client, data)  # type: ignore[return-value]

    async def list(self, **filters: Any) -> AsyncIterator[M]:
        """Every item matching the filters (``name=``, ``label_selector=``, ``sort=``…)."""
        async for data in self._client.paginate(self.path, **filters):
            yield self._wrap(data)

    async def get_all(self, **filters: Any) -> builtins.list[M]:
        """Every item matching the filters, all pages."""
        return [item async for item in self.list(**filters)]

    async def get(self, resource: int | M) -> M:
        """One item by id; ``NotFoundError`` when absent."""
        path = f"{self.path}/{id_of(resource, 'id')}"
        return self._wrap(member(await self._client.get(path), self.single, f"GET {path}"))

    async def get_by_name(self, name: str, **filters: Any) -> M | None:
        """The item with this name (and the other filters), or ``None``."""
        items = await self.get_all(name=check_name(name), **filters)
        return items[0] if items else None


class MutableResourceClient(ResourceClient[M]):
    """A collection whose items can also be created, updated and deleted."""

    async def _create(self, **body: Any) -> dict[str, Any]:
        answer: dict[str, Any] = await self._client.call("POST", self.path, body)
        return answer

    async def _create_one(self, **body: Any) -> M:
        """Create the item and wrap what the answer says it is."""
        return self._wrap(member(await self._create(**body), self.single, f"POST {self.path}"))

    async def update(
        self, resource: int | M, *, name: str | None = None, labels: dict[str, str] | None = None
    ) -> M:
        """Rename the item or replace its labels (``PUT`` replaces the whole label set)."""
        return await self._update(
            resource, present(name=None if name is None else check_name(name), labels=labels)
        )

    async def _update(self, resource: int | M, body: dict[str, Any]) -> M:
        path = f"{self.path}/{id_of(resource, 'id')}"
        answer = await self._client.call("PUT", path, body)
        return self._wrap(member(answer, self.single, f"PUT {path}"))

    async def delete(self, resource: int | M, *, missing_ok: bool = False) -> None:
        """Delete the item; an absent one is ``NotFoundError`` unless ``missing_ok``."""
        await self._delete(resource, missing_ok)

    async def _delete(self, resource: int | M, missing_ok: bool) -> tuple[Any, str] | None:
        """``DELETE`` the item: its answer and the request, or ``None`` when absent and
        ``missing_ok``."""
        path = f"{self.path}/{id_of(resource, 'id')}"
        try:
            return await self._client.delete(path), f"DELETE {path}"
        except NotFoundError:
            if not missing_ok:
                raise
            return None
