"""One client per kind of resource, declared in a few lines on shared bases.

A collection declares its ``model``, its ``path`` and how an item is addressed under it
(``item``, ``"{id}"`` by default); placeholders in ``path`` name a parent, so a sub-collection is a
declaration too::

    class RRSetsClient(Collection[RRSet]):
        model = RRSet
        path = "/zones/{zone}/rrsets"       # RRSetsClient(client, zone="example.com")
        item = "{name}/{type}"

``Collection`` reads (``list``, ``get_all``, ``get_by_name``); ``ResourceClient`` is a collection
whose items are addressed by id, and adds ``get``; ``Unpaged`` reads a list answered whole,
without pages (a Storage Box's subaccounts); ``Enveloped`` reads lists the Robot webservice's way
(``[{"server": {...}}]``, unpaginated); the mixins add what a
kind can do: ``Creatable``, ``Updatable`` (name and labels), ``Deletable``, ``ActionReads`` (the
kind's action lists). On the objects, ``Bound`` gives ``refresh`` and runs actions,
``Actionable`` lists them, ``Protectable`` and ``ReverseDNS`` add ``change_protection`` and
``change_dns_ptr``.
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ..exceptions import InvalidResponse, NotFoundError
from ..protocol import quote_segment
from .actions import Action
from .answers import described, member, member_list
from .arguments import check_id, check_name, invalid_argument, present
from .models import Model

if TYPE_CHECKING:
    from ..client import Client

M = TypeVar("M", bound=Model)
B = TypeVar("B", bound="Bound")


def fill(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with each ``{name}`` replaced by ``values[name]``, quoted as a path segment."""
    try:
        return template.format_map({key: quote_segment(values[key]) for key in _names(template)})
    except KeyError as missing:
        raise invalid_argument(str(missing.args[0]), f"is needed for {template}") from None


def _names(template: str) -> list[str]:
    return [part.split("}", 1)[0] for part in template.split("{")[1:]]


@dataclass(frozen=True)
class FamilyCalls:
    """Requests to one API family through one client: what collections and objects send."""

    client: Client
    family: str

    async def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        """One request to the family."""
        return await self.client.call(method, path, body, params=params, family=self.family)

    def paginate(self, path: str, **filters: Any) -> AsyncIterator[Any]:
        """Every item of one of the family's lists."""
        return self.client.paginate(path, _family=self.family, **filters)

    def action(self, answer: Any, where: str) -> Action:
        """The action in the answer to ``where``, as the family's ``Action``."""
        return Action.of_family(self.family).from_answer(self.client, answer, "action", where)

    async def actions(self, path: str, **filters: Any) -> list[Action]:
        """Every action of the list at ``path`` matching the filters, all pages."""
        model = Action.of_family(self.family)
        return [model(self.client, data) async for data in self.paginate(path, **filters)]

    async def one_action(self, path: str) -> Action:
        """The action at ``path``."""
        return self.action(await self.call("GET", path), f"GET {path}")


class Collection(Generic[M]):
    """The read side of one collection of ``model`` objects at ``path``."""

    model: ClassVar[type[Model]]
    path: ClassVar[str]
    item: ClassVar[str] = "{id}"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        model = vars(cls).get("model")
        if model is not None and issubclass(model, Bound):
            model.collection = cls

    def __init__(self, client: Client, **parent: Any) -> None:
        self._client = client
        self._calls = FamilyCalls(client, self.family)
        self._path = fill(self.path, parent)

    @property
    def family(self) -> str:
        """The API family the collection belongs to (``hetzner-cloud``…)."""
        return self.model.family

    def _wrap(self, data: Any) -> M:
        return self.model(self._client, data)  # type: ignore[return-value]

    def _item_path(self, key: Mapping[str, Any]) -> str:
        return f"{self._path}/{fill(self.item, key)}"

    async def list(self, **filters: Any) -> AsyncIterator[M]:
        """Every item matching the filters (``name=``, ``label_selector=``, ``sort=``…)."""
        async for data in self._calls.paginate(self._path, **filters):
            yield self._wrap(data)

    async def get_all(self, **filters: Any) -> builtins.list[M]:
        """Every item matching the filters, all pages."""
        return [item async for item in self.list(**filters)]

    async def get_by_name(self, name: str, **filters: Any) -> M | None:
        """The item with this name (and the other filters), or ``None``."""
        items = await self.get_all(name=check_name(name), **filters)
        return items[0] if items else None

    async def _get(self, **key: Any) -> M:
        """The item addressed by ``key`` (the fields ``item`` names)."""
        path = self._item_path(key)
        return self._wrap(
            member(await self._calls.call("GET", path), self.model.kind, f"GET {path}")
        )

    async def _put(self, key: Mapping[str, Any], body: dict[str, Any]) -> M:
        """``PUT`` the changed fields of the item ``key`` addresses; the item the answer shows."""
        path = self._item_path(key)
        answer = await self._calls.call("PUT", path, body)
        return self._wrap(member(answer, self.model.kind, f"PUT {path}"))

    async def _delete(self, key: Mapping[str, Any], missing_ok: bool) -> tuple[Any, str] | None:
        """``DELETE`` the item ``key`` addresses: the answer, and the request for error messages;
        an absent item is ``NotFoundError`` unless ``missing_ok`` (then ``None``)."""
        path = self._item_path(key)
        try:
            return await self._calls.call("DELETE", path), f"DELETE {path}"
        except NotFoundError:
            if not missing_ok:
                raise
            return None


class ResourceClient(Collection[M]):
    """A collection whose items are addressed by id (``{id}``); a kind whose paths take names
    too says so in ``_key`` (zones)."""

    def _key(self, resource: object) -> int | str:
        """What addresses ``resource`` in a path: its id."""
        return _id(resource)

    async def get(self, resource: int | M) -> M:
        """One item by id; ``NotFoundError`` when absent."""
        return await self._get(id=self._key(resource))

    async def _update(self, resource: object, body: dict[str, Any]) -> M:
        """``PUT`` the item's changed fields; the item as the answer shows it."""
        return await self._put({"id": self._key(resource)}, body)


def _id(resource: object) -> int:
    return check_id(resource.id if isinstance(resource, Model) else resource)


class Unpaged(ResourceClient[M]):
    """A collection whose list is answered whole, without pages: ``{<last segment>: [...]}``."""

    async def list(self, **filters: Any) -> AsyncIterator[M]:
        """Every item matching the filters."""
        plural = self._path.rsplit("/", 1)[1]
        answer = await self._calls.call("GET", self._path, **filters)
        for data in member_list(answer, plural, f"GET {self._path}"):
            yield self._wrap(data)


class Enveloped(ResourceClient[M]):
    """A collection answered the Robot webservice's way: a list is one unpaginated array of
    ``{kind: {...}}`` wrappers, and an empty one is a 404."""

    async def list(self, **filters: Any) -> AsyncIterator[M]:
        """Every item matching the filters."""
        where = f"GET {self._path}"
        try:
            answer = await self._calls.call("GET", self._path, **filters)
        except NotFoundError:
            return
        if not isinstance(answer, builtins.list):
            raise InvalidResponse(f"{where} answered {described(answer)}, not a list")
        for wrapper in answer:
            yield self._wrap(member(wrapper, self.model.kind, where))


class Creatable(ResourceClient[M]):
    """A collection the API creates items in (``POST path``)."""

    async def _create(self, **body: Any) -> tuple[Any, str]:
        """Create an item: the answer, and the request for error messages."""
        return await self._calls.call("POST", self._path, body), f"POST {self._path}"

    async def _create_one(self, **body: Any) -> M:
        """Create an item and wrap what the answer says it is."""
        answer, where = await self._create(**body)
        return self._wrap(member(answer, self.model.kind, where))


class Updatable(ResourceClient[M]):
    """A collection whose items can be renamed and relabelled (``PUT path/{id}``)."""

    async def update(
        self, resource: int | M, *, name: str | None = None, labels: dict[str, str] | None = None
    ) -> M:
        """Rename the item or replace its labels (``PUT`` replaces the whole label set)."""
        return await self._update(
            resource, present(name=None if name is None else check_name(name), labels=labels)
        )


class Deletable(ResourceClient[M]):
    """A collection whose items can be deleted; where the API runs an action for it
    (``deleted_by_action``), ``delete`` returns that action."""

    deleted_by_action: ClassVar[bool] = False

    async def delete(self, resource: int | M, *, missing_ok: bool = False) -> Action | None:
        """Delete the item: its deleting action, or ``None`` for kinds deleted at once; an
        absent item is ``NotFoundError`` unless ``missing_ok`` (then ``None``)."""
        return await self._delete_resource(resource, missing_ok)

    async def _delete_resource(self, resource: object, missing_ok: bool) -> Action | None:
        """``delete`` of any resource ``_key`` takes."""
        deleted = await self._delete({"id": self._key(resource)}, missing_ok)
        if deleted is None or not self.deleted_by_action:
            return None
        return self._calls.action(*deleted)


class ActionReads(ResourceClient[M]):
    """A kind with actions of its own: ``GET path/actions`` and ``GET path/actions/{id}``."""

    async def get_actions(self, **filters: Any) -> builtins.list[Action]:
        """Every action of this kind matching the filters (``status=``, ``sort=``), all pages."""
        return await self._calls.actions(f"{self._path}/actions", **filters)

    async def get_action(self, action_id: int) -> Action:
        """One action of this kind by id."""
        return await self._calls.one_action(f"{self._path}/actions/{check_id(action_id)}")


class Bound(Model):
    """An object that knows where it lives: refreshed, deleted and acted on through the client
    it came from, at its collection's path."""

    collection: ClassVar[type[Collection[Any]]]

    def _path(self) -> str:
        collection = self.collection
        return f"{fill(collection.path, self.data)}/{fill(collection.item, self.data)}"

    @property
    def _calls(self) -> FamilyCalls:
        return FamilyCalls(self._bound_client(), self.family)

    async def refresh(self: B) -> B:
        """Load the object's current state into it."""
        path = self._path()
        self._set_data(member(await self._calls.call("GET", path), self.kind, f"GET {path}"))
        return self

    async def _act(self, command: str, **body: Any) -> tuple[Any, str]:
        """Run the action ``command``: its answer, and the request for error messages."""
        path = f"{self._path()}/actions/{quote_segment(command)}"
        return await self._calls.call("POST", path, body or None), f"POST {path}"

    async def _action(self, command: str, **body: Any) -> Action:
        answer, where = await self._act(command, **body)
        return self._calls.action(answer, where)


class Actionable(Bound):
    """An object the API runs actions on, which it lists."""

    async def get_actions(self, **filters: Any) -> list[Action]:
        """Every action run on this object matching the filters (``status=``), all pages."""
        return await self._calls.actions(f"{self._path()}/actions", **filters)

    async def get_action(self, action_id: int) -> Action:
        """One action run on this object, by id."""
        return await self._calls.one_action(f"{self._path()}/actions/{check_id(action_id)}")


class Protectable(Actionable):
    """An object that can be protected against deletion (and, for some kinds, rebuild)."""

    async def change_protection(self, delete: bool | None = None) -> Action:
        """Protect against deletion (``delete=True``) or lift the protection."""
        return await self._protect(delete=delete)

    async def _protect(self, **flags: bool | None) -> Action:
        body = present(**flags)
        if not body:
            raise invalid_argument(" or ".join(flags), "must be given")
        return await self._action("change_protection", **body)


class ReverseDNS(Actionable):
    """An object with public IPs whose reverse DNS can be set."""

    async def change_dns_ptr(self, ip: str, dns_ptr: str | None) -> Action:
        """Set the reverse DNS of one of the object's IPs (``None`` resets it)."""
        return await self._action("change_dns_ptr", ip=check_name(ip, "ip"), dns_ptr=dns_ptr)
