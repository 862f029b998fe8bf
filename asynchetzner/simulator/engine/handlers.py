"""The generic handlers: each verb of the operation index, served from a kind's declaration.

Every handler finds the path's entity first (404), then reads the body (400, 422), then checks
the kind's rules; answers carry the keys and the status the index gives the operation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web

from .app import answer
from .entities import check_labels, ensure_unique_name
from .errors import SimulatorError, invalid_input, locked, not_found, protected
from .index import Operation
from .kinds import Body, Call, Change, Entity, Handler, Kind, Rule, entity_id, parameters
from .listing import ListSpec, list_answer
from .project import Project
from .store import Action


def _listed(
    call: Call,
    items: Iterable[Entity],
    spec: ListSpec,
    render: Callable[[Entity], Any] | None,
    in_id_order: bool = False,
) -> web.Response:
    """The list answer for ``items`` as the request filters, sorts and pages them, with ``Link``."""
    paged = "meta" in call.operation.answer
    body, headers = list_answer(
        items, call.query, spec, call.request.url, render, paged=paged, in_id_order=in_id_order
    )
    response = answer(body, call.operation.status)
    response.headers.update(headers)
    return response


def _render(call: Call) -> Callable[[Entity], Entity]:
    return lambda entity: call.bound.kind.render(call.project, entity)


def _check_name_and_labels(
    call: Call, body: Body, parent: Entity | None, own: Entity | None = None
) -> None:
    """Check a new ``name`` (never empty, the kind's rule, unique among its siblings) and
    ``labels``."""
    kind = call.bound.kind
    if "name" in body:
        if not body["name"]:
            raise invalid_input({"name": ["must not be empty"]}, "name is empty")
        if kind.check_name is not None:
            kind.check_name(body["name"])
        if kind.unique_names:
            table = call.bound.table(call.project)
            ensure_unique_name(table, parent, body["name"], own["id"] if own else None)
    if "labels" in body:
        check_labels(body["labels"])


def _guard(call: Call, entity: Entity, what: str) -> None:
    if call.bound.kind.guard is not None:
        call.bound.kind.guard(entity, what)


def _refuse_if_busy(call: Call, entity: Entity, code: str) -> None:
    """``locked`` (423) or ``conflict`` (409) while an action runs on the entity."""
    if call.project.store.running_on(call.bound.action_type, entity["id"]):
        if code == "conflict":
            raise SimulatorError(409, "conflict", f"{call.bound.label} {entity['id']} is busy")
        raise locked(call.bound.label, entity["id"])


def _start(call: Call, entity: Entity, change: Change) -> Action:
    """Start the operation's action on ``entity`` as ``change`` describes it."""

    def succeeded() -> None:
        if change.effect is not None:
            change.effect()
        if change.final is not None:
            entity["status"] = change.final

    store = call.project.store
    for resource, key in change.also:  # the other resources it locks must be free
        if store.running_on(resource, key):
            raise locked(resource.replace("_", " ").capitalize(), key)
    operation = call.operation
    command = operation.command or operation.action or operation.operation_id
    resources = [call.bound.owner(entity), *change.also]
    action = store.start_action(command, resources, succeeded)
    if change.during is not None and action.failure is None:
        entity["status"] = change.during
    return action


def protect(project: Project, entity: Entity, body: Body) -> Change:
    """``change_protection``: the protections the body names take its values once it succeeds."""
    wanted = {**entity["protection"], **{k: body[k] for k in entity["protection"] if k in body}}

    def changed() -> None:
        entity["protection"] = wanted

    return Change(changed)


async def list_entities(call: Call) -> web.StreamResponse:
    """The collection (the parent's, in a sub-collection), filtered, sorted and paged."""
    kind = call.bound.kind
    items = call.bound.members(call.project, call.parent())
    if kind.select is not None:
        items = kind.select(call.query, list(items))
    spec = call.bound.list_spec(call.operation, own_query=kind.own_query)
    # the members come in the table's order, which is by id while ids were inserted rising
    in_id_order = kind.select is None and call.bound.table(call.project).in_id_order
    return _listed(call, items, spec, _render(call), in_id_order)


async def get_entity(call: Call) -> web.StreamResponse:
    """One entity."""
    entity = call.entity()
    return answer({call.bound.resource: _render(call)(entity)}, call.operation.status)


async def create_entity(call: Call) -> web.StreamResponse:
    """A new entity, as the kind builds it, and the actions creating it."""
    bound, project = call.bound, call.project
    assert bound.kind.create is not None
    parent = call.parent()
    body = await call.body()
    _check_name_and_labels(call, body, parent)
    created = bound.kind.create(project, body, parent)
    entity = created.entity
    if parent is not None:
        entity["_parent"] = parent["id"]
    bound.table(project)[entity["id"]] = entity
    now = project.now()
    values = {
        bound.resource: _render(call)(entity),
        "action": created.action.to_json(now) if created.action else None,
        "next_actions": [action.to_json(now) for action in created.next_actions],
        **created.extra,
    }
    keys = call.operation.answer
    return answer({key: values[key] for key in keys if key in values}, call.operation.status)


async def update_entity(call: Call) -> web.StreamResponse:
    """A new name, labels, and what else the kind lets an update change."""
    kind = call.bound.kind
    entity = call.entity()
    _guard(call, entity, "update")
    if kind.busy == "conflict":  # such kinds refuse updates too while an action runs
        _refuse_if_busy(call, entity, kind.busy)
    body = await call.body()
    _check_name_and_labels(call, body, call.parent(), entity)
    if kind.update is not None:
        kind.update(call.project, entity, body)
    if "name" in body:
        call.bound.table(call.project).rename(entity, body["name"])
    if "labels" in body:
        entity["labels"] = body["labels"]
    return answer({call.bound.resource: _render(call)(entity)}, call.operation.status)


async def delete_entity(call: Call) -> web.StreamResponse:
    """Remove an entity unless busy or protected, now or when its action succeeds."""
    bound, kind = call.bound, call.bound.kind
    entity = call.entity()
    _guard(call, entity, "delete")
    if not kind.deletable_while_busy:
        _refuse_if_busy(call, entity, "locked")
    if entity.get("protection", {}).get("delete"):
        raise protected(bound.label, entity["id"], "deletion")
    change = kind.delete(call.project, entity) if kind.delete else Change()
    table = bound.table(call.project)

    def remove() -> None:
        if change.effect is not None:
            change.effect()
        table.pop(entity["id"], None)

    if "action" not in call.operation.answer:
        remove()
        return web.Response(status=call.operation.status)
    action = _start(call, entity, Change(remove, change.during, None, change.also))
    return answer({"action": action.to_json(call.project.now())}, call.operation.status)


async def run_action(call: Call) -> web.StreamResponse:
    """Start an action whose rule checks the request and says what it changes."""
    kind, operation = call.bound.kind, call.operation
    assert operation.action is not None
    entity = call.entity()
    _guard(call, entity, operation.action)
    body = await call.body()
    _refuse_if_busy(call, entity, kind.busy)
    rule: Rule = kind.actions.get(operation.action, protect)
    change = rule(call.project, entity, body)
    action = _start(call, entity, change)
    return answer({**change.extra, "action": action.to_json(call.project.now())}, operation.status)


def _on_item(call: Call) -> bool:
    """Whether the operation's path goes through one entity (``/servers/{id}/actions``)."""
    item = call.bound.shape.item
    return item is not None and call.operation.path.startswith(item + "/")


def _resource_id(call: Call) -> int:
    """The id of the entity the path names; a plain id is taken even if the entity is gone."""
    keys = call.bound.keys
    if call.bound.parent is None and keys == ["id"]:
        return entity_id(call.request.match_info, "id")
    return int(call.entity()["id"])


def _touches(action: Action, resource: str, resource_id: int | None) -> bool:
    return any(
        r["type"] == resource and (resource_id is None or r["id"] == resource_id)
        for r in action.resources
    )


async def list_actions(call: Call) -> web.StreamResponse:
    """The actions on the kind's entities, or on the path's entity."""
    resource = call.bound.action_type
    resource_id = call.entity()["id"] if _on_item(call) else None
    now = call.project.now()
    actions = call.project.store.actions_on(resource, resource_id)
    items = [action.to_json(now) for action in actions]
    spec = call.bound.list_spec(call.operation, "actions")
    return _listed(call, items, spec, None, in_id_order=True)


async def get_action(call: Call) -> web.StreamResponse:
    """One action, if it is on the kind's entities (or on the path's entity)."""
    resource_id = _resource_id(call) if _on_item(call) else None
    action_id = entity_id(call.request.match_info, parameters(call.operation.path)[-1])
    action = call.project.store.actions.get(action_id)
    if action is None or not _touches(action, call.bound.action_type, resource_id):
        raise not_found("Action", action_id)
    return answer({"action": action.to_json(call.project.now())}, call.operation.status)


GENERIC: dict[str, Handler] = {
    "list": list_entities,
    "get": get_entity,
    "create": create_entity,
    "update": update_entity,
    "delete": delete_entity,
    "action": run_action,
    "action_list": list_actions,
    "action_get": get_action,
}


def generic(kind: Kind, operation: Operation) -> Handler | None:
    """The generic handler of ``operation``, if ``kind`` declares what it needs."""
    if operation.verb == "create" and kind.create is None:
        return None
    if operation.verb == "action" and operation.action not in kind.actions:
        return GENERIC["action"] if operation.action == "change_protection" else None
    return GENERIC.get(operation.verb)
