"""Placement groups: list, create, get, update and delete ``/placement_groups``.

Only ``spread`` groups exist; one holds at most ten servers. Membership is each server's own
``_placement_group``; a group's ``servers`` are derived from it when answering, and the servers
module checks room with ``check_capacity``. A group that still holds servers cannot be deleted
(422 ``resource_in_use``).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..engine.app import answer, read_body
from ..engine.errors import SimulatorError
from ..engine.listing import ListSpec
from ..engine.project import Project
from .common import (
    check_labels,
    created_now,
    ensure_unique_name,
    get_entity,
    listed,
    path_id,
    public,
    simulation,
    update_name_and_labels,
)

routes = web.RouteTableDef()

PLACEMENT_GROUPS = ListSpec(
    "placement_groups",
    filters={"name": "name", "type": "type"},
    sort_fields=frozenset({"id", "name", "created"}),
)
SPREAD_LIMIT = 10


def members(sim: Project, group_id: int) -> list[int]:
    """The ids of the servers in the group."""
    servers = sim.store.table("server").values()
    return [server["id"] for server in servers if server["_placement_group"] == group_id]


def placement_group_json(sim: Project, group: dict[str, Any]) -> dict[str, Any]:
    """The group as the API shows it, with its member servers."""
    return {**public(group), "servers": members(sim, group["id"]), "labels": dict(group["labels"])}


def check_capacity(sim: Project, group_id: int) -> None:
    """422 ``placement_error`` when the group has no room for another server."""
    if len(members(sim, group_id)) >= SPREAD_LIMIT:
        raise SimulatorError(
            422,
            "placement_error",
            f"placement group {group_id} already holds {SPREAD_LIMIT} servers",
        )


def _group(request: web.Request) -> dict[str, Any]:
    """The placement group named by the path's id."""
    return get_entity(simulation(request), "placement_group", path_id(request), "placement group")


@routes.get("/placement_groups")
async def list_placement_groups(request: web.Request) -> web.StreamResponse:
    """List placement groups."""
    sim = simulation(request)
    groups = sim.store.table("placement_group").values()
    return listed(request, groups, PLACEMENT_GROUPS, lambda group: placement_group_json(sim, group))


@routes.post("/placement_groups")
async def create_placement_group(request: web.Request) -> web.StreamResponse:
    """Create an empty placement group."""
    sim = simulation(request)
    body = await read_body(request)
    labels = body.get("labels", {})
    check_labels(labels)
    ensure_unique_name(sim, "placement_group", body["name"])
    group = {
        "id": sim.store.next_id("placement_group"),
        "name": body["name"],
        "labels": dict(labels),
        "type": body["type"],
        "created": created_now(sim),
    }
    sim.store.table("placement_group")[group["id"]] = group
    return answer({"placement_group": placement_group_json(sim, group)}, 201)


@routes.get("/placement_groups/{id}")
async def get_placement_group(request: web.Request) -> web.StreamResponse:
    """Get one placement group."""
    return answer({"placement_group": placement_group_json(simulation(request), _group(request))})


@routes.put("/placement_groups/{id}")
async def update_placement_group(request: web.Request) -> web.StreamResponse:
    """Rename a placement group or replace its labels."""
    sim = simulation(request)
    group = _group(request)
    body = await read_body(request)
    update_name_and_labels(sim, "placement_group", group, body)
    return answer({"placement_group": placement_group_json(sim, group)})


@routes.delete("/placement_groups/{id}")
async def delete_placement_group(request: web.Request) -> web.StreamResponse:
    """Delete an empty placement group."""
    sim = simulation(request)
    group = _group(request)
    if servers := members(sim, group["id"]):
        raise SimulatorError(
            422, "resource_in_use", f"placement group {group['id']} still holds servers {servers}"
        )
    del sim.store.table("placement_group")[group["id"]]
    return web.Response(status=204)
