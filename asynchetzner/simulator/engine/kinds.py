"""How a kind of resource is declared: its domain rules, bound to its place in the operation index.

A :class:`Kind` names its kind as the index does (``"servers"``) and gives only what the spec
does not say: what to build on create, what each action checks and changes, how to render an
entity. The engine serves list, get, create, update, delete, every action, the action reads and
``change_protection`` from the index and these rules; an :class:`Api` registers its kinds.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from multidict import MultiMapping

from .app import PREFIX, PROJECT, read_body
from .errors import invalid_input, not_found
from .index import Index, Operation, Shape, load_index
from .listing import ListSpec
from .numbers import positive_int
from .project import Project
from .store import Action, Effect
from .table import Table
from .validation import load_request_schemas

Entity = dict[str, Any]
Body = dict[str, Any]
_PARAMETER = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class Change:
    """What an action or a deletion does, once its checks passed.

    ``effect`` lands when the action succeeds; the entity's ``status`` is ``during`` while it
    runs and ``final`` after; ``also`` are other resources the action locks; ``extra`` are the
    answer's keys besides ``action`` (``root_password``...).
    """

    effect: Effect | None = None
    during: str | None = None
    final: str | None = None
    also: Sequence[tuple[str, int]] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Created:
    """A new entity, the actions creating it, and the answer's other keys."""

    entity: Entity
    action: Action | None = None
    next_actions: Sequence[Action] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


Create = Callable[[Project, Body, Entity | None], Created]
Rule = Callable[[Project, Entity, Body], Change]
Render = Callable[[Project, Entity], Entity]
Handler = Callable[["Call"], Awaitable[web.StreamResponse]]


def public(project: Project, entity: Entity) -> Entity:
    """The entity without the simulator's private ``_fields``."""
    return {key: value for key, value in entity.items() if not key.startswith("_")}


@dataclass(frozen=True)
class Kind:
    """The domain rules of one kind; everything else comes from the operation index.

    ``label`` names one entity in messages (``"Server"``; by default the index's resource);
    ``seed`` gives the entities a new project starts with; ``render`` shows an entity in
    answers (by default without its private ``_fields``). ``create`` builds an entity from a
    checked body (name and labels are checked already: never empty, ``check_name``, unique
    among its siblings unless ``unique_names`` is false) and its parent in a sub-collection;
    ``update`` applies what an update changes besides name and labels; ``delete`` says what
    deleting does besides removing the entity, which the engine does (when the deletion's
    action succeeds, if the spec answers one; refused while an action runs on the entity
    unless ``deletable_while_busy``). ``actions`` check and describe each action by its name
    in the path; while another runs on the entity, actions are refused with ``busy``
    (``"locked"``, or ``"conflict"``, which refuses updates too). ``guard`` refuses
    operations on some entities (``"update"``, ``"delete"`` or the action's name). ``select``
    narrows a list by the query parameters in ``own_query`` and by flags (boolean parameters).
    ``fields`` maps the path
    parameters naming an entity to its fields (``{"rr_name": "name"}``; ids and
    ``id_or_name`` need none). In a sub-collection, ``within`` refuses the operations under
    some parents (an error of its own); ``owner`` gives the resource the entity's actions run
    on (the entity itself by default); ``max_per_page`` bounds its lists. ``handlers`` serve
    the kind's other operations by name
    (``"GET /servers/{id}/metrics"``); ``removed`` makes every operation answer ``410
    deprecated_api_endpoint`` with that message.
    """

    name: str
    label: str | None = None
    seed: Callable[[], Iterable[Entity]] | None = None
    render: Render = public
    create: Create | None = None
    check_name: Callable[[str], None] | None = None
    unique_names: bool = True
    update: Callable[[Project, Entity, Body], None] | None = None
    delete: Callable[[Project, Entity], Change] | None = None
    deletable_while_busy: bool = False
    busy: str = "locked"
    guard: Callable[[Entity, str], None] | None = None
    actions: Mapping[str, Rule] = field(default_factory=dict)
    select: Callable[[MultiMapping[str], list[Entity]], list[Entity]] | None = None
    own_query: frozenset[str] = frozenset()
    fields: Mapping[str, str] = field(default_factory=dict)
    within: Callable[[Entity], None] | None = None
    owner: Callable[[Entity], tuple[str, int]] | None = None
    max_per_page: int = 50
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    removed: str | None = None
    action_type: str | None = None


@dataclass(frozen=True)
class Api:
    """An API the simulator serves: its title, and the package of its index and request schemas
    (``operations.json``, ``requests.json``) and of its kinds: each module of the package with a
    ``KIND`` is served, found by itself), served under ``prefix``."""

    title: str
    package: str
    prefix: str = PREFIX

    @functools.cached_property
    def kinds(self) -> list[Kind]:
        """The ``KIND`` of every module of the package, in the order of the modules' names."""
        modules = (
            importlib.import_module(f"{self.package}.{info.name}")
            for info in pkgutil.iter_modules(importlib.import_module(self.package).__path__)
        )
        return [
            module.KIND for module in modules if isinstance(getattr(module, "KIND", None), Kind)
        ]

    @functools.cached_property
    def index(self) -> Index:
        return load_index(self.package)

    @functools.cached_property
    def schemas(self) -> Mapping[str, Any]:
        return load_request_schemas(self.package)

    @functools.cached_property
    def bound(self) -> dict[str, Bound]:
        """Each registered kind bound to its shape in the index, by name."""
        bound: dict[str, Bound] = {}
        waiting = list(self.kinds)
        while waiting:  # a sub-collection binds once its parent has
            kind = next(
                (k for k in waiting if self.index.kinds[k.name].parent in (None, *bound)), None
            )
            if kind is None:
                raise LookupError(f"{self.title}: no parent kind for {[k.name for k in waiting]}")
            waiting.remove(kind)
            shape = self.index.kinds[kind.name]
            bound[kind.name] = Bound(kind, shape, bound[shape.parent] if shape.parent else None)
        return bound


def parameters(template: str | None) -> list[str]:
    """The names of a path template's parameters, in order."""
    return _PARAMETER.findall(template or "")


@dataclass(frozen=True)
class Bound:
    """A kind with its shape in the index: its names, its table, and how a path finds one."""

    kind: Kind
    shape: Shape
    parent: Bound | None = None

    @property
    def resource(self) -> str:
        """The entity's key in answers, its table and its type in actions (``"server"``)."""
        return self.shape.resource or self.kind.name

    @property
    def action_type(self) -> str:
        """The entity's type in the resources of actions, and what they lock."""
        return self.kind.action_type or self.resource

    @property
    def label(self) -> str:
        """How messages name one entity."""
        return self.kind.label or self.resource.replace("_", " ")

    @property
    def keys(self) -> list[str]:
        """The path parameters naming one entity within its parent (``["id"]``)."""
        inherited = parameters(self.parent.shape.item) if self.parent else []
        return [name for name in parameters(self.shape.item) if name not in inherited]

    def table(self, project: Project) -> Table:
        return project.store.table(self.resource)

    def find(self, project: Project, path: Mapping[str, str]) -> Entity:
        """The entity the path's parameters name (its parent's first); 404 if there is none."""
        parent = self.find_parent(project, path)
        keys = self.keys
        if len(keys) == 1 and _names_an_id(keys[0], path[keys[0]]):
            number = entity_id(path, keys[0])
            entity = self.table(project).get(number)
            if entity is None or (parent is not None and entity.get("_parent") != parent["id"]):
                raise not_found(self.label, number)
            return entity
        default = {"id_or_name": "name"}
        wanted = {self.kind.fields.get(k, default.get(k, k)): path[k] for k in keys}
        for entity in self.members(project, parent):
            if all(str(entity.get(field)) == value for field, value in wanted.items()):
                return entity
        raise not_found(self.label, "/".join(wanted.values()))

    def find_parent(self, project: Project, path: Mapping[str, str]) -> Entity | None:
        """In a sub-collection, the parent the path names (404 if none), if ``within`` takes it."""
        if self.parent is None:
            return None
        parent = self.parent.find(project, path)
        if self.kind.within is not None:
            self.kind.within(parent)
        return parent

    def owner(self, entity: Entity) -> tuple[str, int]:
        """The resource the entity's actions run on."""
        if self.kind.owner is not None:
            return self.kind.owner(entity)
        return (self.action_type, entity["id"])

    def members(self, project: Project, parent: Entity | None) -> Collection[Entity]:
        """The entities of the collection (those of ``parent`` in a sub-collection), in the
        table's order; the table's own view of them, not a copy, in a collection."""
        entities = self.table(project).values()
        if parent is None:
            return entities
        return [entity for entity in entities if entity.get("_parent") == parent["id"]]

    def list_spec(
        self,
        operation: Operation,
        plural: str | None = None,
        own_query: frozenset[str] = frozenset(),
    ) -> ListSpec:
        """How the list ``operation`` filters, sorts and pages (of ``plural``, else of entities),
        from the index: every query parameter filters, but flags and those in ``own_query``."""
        filters = {
            name: name
            for name, kind in operation.filters.items()
            if kind != "boolean" and name not in own_query
        }
        return ListSpec(
            plural or self.shape.plural or self.resource,
            filters=filters,
            sort_fields=frozenset(operation.sort or ("id",)),
            max_per_page=self.kind.max_per_page,
            labels=operation.labels,
        )


def _names_an_id(parameter: str, text: str) -> bool:
    """Whether the path parameter names its entity by id (``{id}``, ``{subaccount_id}``, or
    ``{id_or_name}`` given a number)."""
    if parameter == "id_or_name":
        return positive_int(text) is not None
    return parameter == "id" or parameter.endswith("_id")


def entity_id(path: Mapping[str, str], name: str) -> int:
    """An integer id from the path; anything else is ``invalid_input``."""
    text = path[name]
    number = positive_int(text)
    if number is None:
        raise invalid_input({name: ["must be a positive integer"]}, f"invalid {name} {text!r}")
    return number


@dataclass
class Call:
    """One request to an operation of a kind: what the handlers, generic or a kind's own, use."""

    request: web.Request
    api: Api
    bound: Bound
    operation: Operation

    @property
    def project(self) -> Project:
        return self.request.app[PROJECT]

    @property
    def query(self) -> MultiMapping[str]:
        return self.request.query

    def entity(self) -> Entity:
        """The entity the path names (404 if none)."""
        return self.bound.find(self.project, self.request.match_info)

    def parent(self) -> Entity | None:
        """The parent entity the path names, in a sub-collection."""
        return self.bound.find_parent(self.project, self.request.match_info)

    async def body(self) -> Body:
        """The request's JSON body, validated against the operation's schema."""
        schema = self.api.schemas.get(self.operation.request or "")
        return await read_body(self.request, schema)
