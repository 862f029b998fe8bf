"""Placement groups: list, create, get, update and delete ``/placement_groups``.

Only ``spread`` groups exist; one holds at most ten servers. The servers module keeps the member
lists up to date through ``add_server``/``remove_server`` and checks room with ``check_capacity``.
A group that still holds servers cannot be deleted (422 ``resource_in_use``).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..app import Simulation, answer, read_body
from ..errors import SimulatorError
from ..listing import ListSpec, list_answer
from .common import (
    check_labels,
    created_now,
    ensure_unique_name,
    get_entity,
    path_id,
    public,
    simulation,
)

routes = web.RouteTableDef()

PLACEMENT_GROUPS = ListSpec(
    "placement_groups",
    filters={"name": "name", "type": "type"},
    sort_fields=frozenset({"id", "name", "created"}),
)
SPREAD_LIMIT = 10


def placement_group_json(sim: Simulation, group_id: int) -> dict[str, Any]:
    """The group as embedded in a server's ``placement_group``."""
    group = sim.store.table("placement_group")[group_id]
    return {**public(group), "servers": list(group["servers"]), "labels": dict(group["labels"])}


def add_server(sim: Simulation, group_id: int, server_id: int) -> None:
    """Record ``server_id`` as a member of the group (no checks)."""
    servers = sim.store.table("placement_group")[group_id]["servers"]
    if server_id not in servers:
        servers.append(server_id)


def remove_server(sim: Simulation, group_id: int, server_id: int) -> None:
    """Forget ``server_id`` as a member of the group, if it is one."""
    group = sim.store.table("placement_group").get(group_id)
    if group is not None and server_id in group["servers"]:
        group["servers"].remove(server_id)


def check_capacity(sim: Simulation, group_id: int) -> None:
    """422 ``placement_error`` when the group has no room for another server."""
    group = sim.store.table("placement_group")[group_id]
    if len(group["servers"]) >= SPREAD_LIMIT:
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
    groups = map(public, simulation(request).store.table("placement_group").values())
    body, headers = list_answer(groups, request.query, PLACEMENT_GROUPS, request.url)
    response = answer(body)
    response.headers.update(headers)
    return response


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
        "servers": [],
    }
    sim.store.table("placement_group")[group["id"]] = group
    return answer({"placement_group": public(group)}, 201)


@routes.get("/placement_groups/{id}")
async def get_placement_group(request: web.Request) -> web.StreamResponse:
    """Get one placement group."""
    return answer({"placement_group": public(_group(request))})


@routes.put("/placement_groups/{id}")
async def update_placement_group(request: web.Request) -> web.StreamResponse:
    """Rename a placement group or replace its labels."""
    sim = simulation(request)
    group = _group(request)
    body = await read_body(request)
    if "name" in body:
        ensure_unique_name(sim, "placement_group", body["name"], group["id"])
    if "labels" in body:
        check_labels(body["labels"])
        group["labels"] = dict(body["labels"])
    group["name"] = body.get("name", group["name"])
    return answer({"placement_group": public(group)})


@routes.delete("/placement_groups/{id}")
async def delete_placement_group(request: web.Request) -> web.StreamResponse:
    """Delete an empty placement group."""
    group = _group(request)
    if group["servers"]:
        raise SimulatorError(
            422,
            "resource_in_use",
            f"placement group {group['id']} still holds servers {group['servers']}",
        )
    del simulation(request).store.table("placement_group")[group["id"]]
    return web.Response(status=204)
