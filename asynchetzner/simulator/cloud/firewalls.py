"""Firewalls: rules (``firewall_rules``), and the servers and label selectors they apply to.

A firewall keeps the resources it was applied to, in order, each with the action applying it;
``applied_to`` is derived from them whenever it is shown: a deleted server is gone from it, a
label selector lists the servers with a public interface its labels match now (but those the
firewall is applied to directly), and a resource whose applying action failed was never
applied. A server's ``public_net.firewalls`` is derived the same way (``of_server``), ``pending``
while the applying action runs. Changing rules or resources answers ``actions``: one per
resource, on the firewall and the servers it reaches (firewall first, as Hetzner answers), each
locking its servers while it runs. A server takes at most 5 firewalls, label selectors included;
a project at most 50 firewalls; a firewall still applied to anything cannot be deleted (422
``resource_in_use``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from aiohttp import web

from ..engine.app import answer
from ..engine.entities import Entity, created_now, resolve
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Call, Change, Created, Kind
from ..engine.listing import LabelSelector
from ..engine.project import Project
from ..engine.store import Action
from . import primary_ips
from .firewall_rules import checked_rules

MAX_PER_SERVER = 5
MAX_PER_PROJECT = 50

Applied = dict[str, Any]
"""``{"type": "server", "id": 42, "action": 7}`` or ``{"type": "label_selector", "selector":
"env=prod", "action": 8}``: one resource a firewall was applied to, and the applying action."""


@functools.lru_cache(maxsize=256)
def _selector(text: str) -> LabelSelector:
    return LabelSelector.parse(text)


def _failed(project: Project, applied: Applied) -> bool:
    action = project.store.actions.get(applied["action"])
    return action is not None and action.status == "error"


def _live(project: Project, firewall: Entity) -> list[Applied]:
    """The resources the firewall is applied to now (or being applied to)."""
    servers = project.store.table("server")
    return [
        applied
        for applied in firewall["_applied"]
        if not _failed(project, applied)
        and (applied["type"] != "server" or applied["id"] in servers)
    ]


def _public(project: Project, server: Entity) -> bool:
    """Whether the server has a public interface: a primary IP of either type."""
    return bool(primary_ips.held_by(project, server))


def _matched(project: Project, firewall: Entity, selector: str) -> list[int]:
    """The servers a label selector of the firewall reaches (not those applied directly)."""
    live = _live(project, firewall)
    direct = {applied["id"] for applied in live if applied["type"] == "server"}
    matches = _selector(selector).matches
    return [
        server["id"]
        for server in project.store.table("server").values()
        if server["id"] not in direct and _public(project, server) and matches(server["labels"])
    ]


def _servers_of(project: Project, firewall: Entity) -> Iterator[tuple[int, Applied]]:
    """Each server the firewall applies to, with the resource that reaches it."""
    for applied in _live(project, firewall):
        if applied["type"] == "server":
            yield applied["id"], applied
        else:
            for server_id in _matched(project, firewall, applied["selector"]):
                yield server_id, applied


def _server_ref(server_id: int) -> dict[str, Any]:
    return {"type": "server", "server": {"id": server_id}}


def firewall_json(project: Project, firewall: Entity) -> Entity:
    """The firewall as the API shows it, applied to what its resources reach now."""
    applied_to = []
    for applied in _live(project, firewall):
        if applied["type"] == "server":
            applied_to.append(_server_ref(applied["id"]))
            continue
        reached = _matched(project, firewall, applied["selector"])
        applied_to.append(
            {
                "type": "label_selector",
                "label_selector": {"selector": applied["selector"]},
                "applied_to_resources": [_server_ref(server_id) for server_id in reached],
            }
        )
    shown = ("id", "name", "labels", "created", "rules")
    return {**{key: firewall[key] for key in shown}, "applied_to": applied_to}


def _reaching(project: Project, firewall: Entity, server: Entity) -> Applied | None:
    """The first of the firewall's resources that reaches the server, as ``_servers_of`` goes,
    told from the server alone (not from every server the firewall reaches)."""
    live = _live(project, firewall)
    direct = {applied["id"] for applied in live if applied["type"] == "server"}
    for applied in live:
        if applied["type"] == "server":
            if applied["id"] == server["id"]:
                return applied
        elif (
            server["id"] not in direct
            and _public(project, server)
            and _selector(applied["selector"]).matches(server["labels"])
        ):
            return applied
    return None


def of_server(project: Project, server_id: int) -> list[dict[str, Any]]:
    """A server's ``public_net.firewalls``: each firewall applied to it, and its status."""
    server = project.store.table("server").get(server_id)
    if server is None:  # not stored yet: nothing reaches it
        return []
    found = []
    for firewall in project.store.table("firewall").values():
        applied = _reaching(project, firewall, server)
        if applied is not None:
            action = project.store.actions.get(applied["action"])
            pending = action is not None and action.status == "running"
            found.append({"id": firewall["id"], "status": "pending" if pending else "applied"})
    return found


# --------------------------------------------------------------------------------------------
# Applying and removing
# --------------------------------------------------------------------------------------------


def _check_room(project: Project, firewall_id: int | None, server_id: int) -> None:
    """403 ``resource_limit_exceeded`` when the server has its 5 firewalls already."""
    others = [f for f in of_server(project, server_id) if f["id"] != firewall_id]
    if len(others) >= MAX_PER_SERVER:
        raise SimulatorError(
            403,
            "resource_limit_exceeded",
            f"server {server_id} already has {MAX_PER_SERVER} firewalls",
            {"limits": [{"name": "firewalls_per_server"}]},
        )


def _key(resource: dict[str, Any], where: str) -> tuple[str, Any]:
    """``("server", id)`` or ``("label_selector", text)`` of a request's resource."""
    kind = resource["type"]
    value = resource.get(kind)
    if not isinstance(value, dict):
        raise invalid_input({f"{where}.{kind}": [f"is required for type {kind!r}"]})
    if kind == "server":
        return kind, value["id"]
    try:
        _selector(value["selector"])
    except SimulatorError:
        raise invalid_input(
            {f"{where}.label_selector.selector": [f"{value['selector']!r} is not a label selector"]}
        ) from None
    return kind, value["selector"]


def _check_server(project: Project, server_id: Any, not_found_status: int) -> None:
    """Refuse applying to a server that does not exist or has no public interface."""
    server = project.store.table("server").get(server_id)
    if server is None:
        raise SimulatorError(
            not_found_status, "firewall_resource_not_found", f"server {server_id} not found"
        )
    if not _public(project, server):
        raise SimulatorError(
            422, "private_net_only_server", f"server {server_id} has no public interface"
        )


def _prepare_apply(
    project: Project, firewall: Entity, resources: list[dict[str, Any]], create: bool
) -> list[tuple[str, Any]]:
    """Check applying the firewall to ``resources``; their keys, in order."""
    live = {(a["type"], a.get("id", a.get("selector"))) for a in _live(project, firewall)}
    keys: list[tuple[str, Any]] = []
    for index, resource in enumerate(resources):
        kind, value = key = _key(resource, f"apply_to.{index}")
        if key in keys and kind == "server" and create:
            raise SimulatorError(422, "server_already_added", f"server {value} is given twice")
        if key in live or key in keys:
            raise SimulatorError(
                422, "firewall_already_applied", f"firewall is already applied to {kind} {value}"
            )
        if kind == "server":
            _check_server(project, value, 422 if create else 404)
            _check_room(project, firewall["id"], value)
        else:
            for server_id in _matched(project, firewall, value):
                _check_room(project, firewall["id"], server_id)
        keys.append(key)
    return keys


def _apply(project: Project, firewall: Entity, keys: list[tuple[str, Any]]) -> list[Action]:
    """Apply the firewall to each resource: an ``apply_firewall`` action each."""
    firewall["_applied"] = _live(project, firewall)
    actions = []
    for kind, value in keys:
        if kind == "server":
            resources = [("firewall", firewall["id"]), ("server", value)]
            applied: Applied = {"type": kind, "id": value}
        else:
            reached = [("server", s) for s in _matched(project, firewall, value)]
            resources = [("firewall", firewall["id"]), *reached]
            applied = {"type": kind, "selector": value}
        action = project.store.start_action("apply_firewall", resources)
        firewall["_applied"].append({**applied, "action": action.id})
        actions.append(action)
    return actions


def _prepare_removal(
    project: Project, firewall: Entity, resources: list[dict[str, Any]]
) -> list[Applied]:
    """Check removing the firewall from ``resources``: the applied resources to remove."""
    live = _live(project, firewall)
    chosen: list[Applied] = []
    for index, resource in enumerate(resources):
        kind, value = _key(resource, f"remove_from.{index}")
        found = next(
            (a for a in live if a["type"] == kind and a.get("id", a.get("selector")) == value),
            None,
        )
        if found is None and kind == "server":
            if value not in project.store.table("server"):
                raise SimulatorError(
                    404, "firewall_resource_not_found", f"server {value} not found"
                )
            if any(server_id == value for server_id, _ in _servers_of(project, firewall)):
                raise SimulatorError(
                    422,
                    "firewall_managed_by_label_selector",
                    f"the firewall reaches server {value} by a label selector only",
                )
        if found is None:
            raise SimulatorError(
                404, "firewall_resource_not_found", f"the firewall is not applied to {kind} {value}"
            )
        if found not in chosen:
            chosen.append(found)
    return chosen


def _remove(project: Project, firewall: Entity, chosen: list[Applied]) -> list[Action]:
    """A ``remove_firewall`` action per resource; each drops its resource once it succeeds."""
    actions = []
    for applied in chosen:

        def removed(applied: Applied = applied) -> None:
            firewall["_applied"] = [a for a in firewall["_applied"] if a is not applied]

        if applied["type"] == "server":
            resources = [("firewall", firewall["id"]), ("server", applied["id"])]
        else:
            reached = [("server", s) for s in _matched(project, firewall, applied["selector"])]
            resources = [("firewall", firewall["id"]), *reached]
        actions.append(project.store.start_action("remove_firewall", resources, removed))
    return actions


def _actions_answer(call: Call, actions: list[Action]) -> web.Response:
    now = call.project.now()
    return answer({"actions": [a.to_json(now) for a in actions]}, call.operation.status)


async def apply_to_resources(call: Call) -> web.StreamResponse:
    """``POST /firewalls/{id}/actions/apply_to_resources``."""
    firewall = call.entity()
    body = await call.body()
    keys = _prepare_apply(call.project, firewall, body["apply_to"], create=False)
    return _actions_answer(call, _apply(call.project, firewall, keys))


async def remove_from_resources(call: Call) -> web.StreamResponse:
    """``POST /firewalls/{id}/actions/remove_from_resources``."""
    firewall = call.entity()
    body = await call.body()
    chosen = _prepare_removal(call.project, firewall, body["remove_from"])
    return _actions_answer(call, _remove(call.project, firewall, chosen))


async def set_rules(call: Call) -> web.StreamResponse:
    """``POST /firewalls/{id}/actions/set_rules``: ``set_firewall_rules``, whose success sets
    the rules, and an ``apply_firewall`` action per server the firewall applies to."""
    project, firewall = call.project, call.entity()
    body = await call.body()
    rules = checked_rules(body["rules"])

    def changed() -> None:
        firewall["rules"] = rules

    store = project.store
    actions = [store.start_action("set_firewall_rules", [("firewall", firewall["id"])], changed)]
    for server_id in dict.fromkeys(server_id for server_id, _ in _servers_of(project, firewall)):
        resources = [("firewall", firewall["id"]), ("server", server_id)]
        actions.append(store.start_action("apply_firewall", resources))
    return _actions_answer(call, actions)


# --------------------------------------------------------------------------------------------
# The kind
# --------------------------------------------------------------------------------------------


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A firewall with its rules, applied to its resources (an action each)."""
    if len(project.store.table("firewall")) >= MAX_PER_PROJECT:
        raise SimulatorError(
            403,
            "resource_limit_exceeded",
            f"a project holds at most {MAX_PER_PROJECT} firewalls",
            {"limits": [{"name": "firewall_limit"}]},
        )
    rules = checked_rules(body.get("rules", []))
    firewall: Entity = {"id": None, "_applied": []}
    keys = _prepare_apply(project, firewall, body.get("apply_to", []), create=True)
    firewall.update(
        id=project.store.next_id("firewall"),
        name=body["name"],
        labels=dict(body.get("labels", {})),
        created=created_now(project),
        rules=rules,
    )
    actions = _apply(project, firewall, keys)
    return Created(firewall, extra={"actions": [a.to_json(project.now()) for a in actions]})


def update(project: Project, firewall: Entity, body: Body) -> None:
    """A rename or new labels: ``409 conflict`` while an action runs on the firewall."""
    if project.store.running_on("firewall", firewall["id"]):
        raise SimulatorError(409, "conflict", f"firewall {firewall['id']} is being changed")


def delete(project: Project, firewall: Entity) -> Change:
    """Only a firewall applied to nothing can be deleted."""
    if _live(project, firewall):
        raise SimulatorError(
            422, "resource_in_use", f"firewall {firewall['id']} is still applied to resources"
        )
    return Change()


KIND = Kind(
    "firewalls",
    render=firewall_json,
    create=create,
    update=update,
    delete=delete,
    handlers={
        "POST /firewalls/{id}/actions/apply_to_resources": apply_to_resources,
        "POST /firewalls/{id}/actions/remove_from_resources": remove_from_resources,
        "POST /firewalls/{id}/actions/set_rules": set_rules,
    },
)


# --------------------------------------------------------------------------------------------
# Servers created with firewalls
# --------------------------------------------------------------------------------------------


def prepare_for_new_server(
    project: Project, body: Body
) -> Callable[[Entity, Action], list[Action]]:
    """Check the ``firewalls`` of ``POST /servers``; return what applies them to the new server
    (an ``apply_firewall`` action each, after the server's creation)."""
    firewalls: list[Entity] = []
    for index, entry in enumerate(body.get("firewalls", [])):
        firewall = resolve(project, "firewall", entry["firewall"], f"firewalls.{index}.firewall")
        if firewall in firewalls:
            raise invalid_input({f"firewalls.{index}.firewall": ["is given twice"]})
        firewalls.append(firewall)
    if len(firewalls) > MAX_PER_SERVER:
        raise invalid_input({"firewalls": [f"holds more than {MAX_PER_SERVER} firewalls"]})
    public_net = body.get("public_net") or {}
    private_only = not public_net.get("enable_ipv4", True) and not public_net.get(
        "enable_ipv6", True
    )
    if firewalls and private_only:
        raise SimulatorError(
            422, "private_net_only_server", "a server without public interface takes no firewall"
        )

    def apply(server: Entity, created: Action) -> list[Action]:
        actions = []
        for firewall in firewalls:
            resources = [("firewall", firewall["id"]), ("server", server["id"])]
            action = project.store.start_action("apply_firewall", resources, after=created)
            firewall["_applied"].append({"type": "server", "id": server["id"], "action": action.id})
            actions.append(action)
        return actions

    return apply
