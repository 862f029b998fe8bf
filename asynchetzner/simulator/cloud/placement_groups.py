"""Placement groups: only ``spread`` groups, each holding at most ten servers.

Membership is each server's own ``_placement_group``; a group's ``servers`` are derived from it
when answering, among the servers that ever joined it (``join`` notes them where they join), and
the servers' rules check room with ``check_capacity``. A group that still holds servers cannot be
deleted (422 ``resource_in_use``). Creating a group takes no action: the answer's ``action`` is
null.
"""

from __future__ import annotations

from ..engine.entities import Entity, created_now, linked, note_link
from ..engine.errors import SimulatorError
from ..engine.kinds import Body, Change, Created, Kind, public
from ..engine.project import Project

SPREAD_LIMIT = 10


def join(project: Project, group_id: int, server_id: int) -> None:
    """Note that a server joins the group (setting its ``_placement_group`` is the caller's)."""
    note_link(project.store.table("placement_group")[group_id], "_joined", server_id)


def members(project: Project, group_id: int) -> list[int]:
    """The ids of the servers in the group: of those that joined it, the ones still there."""
    group = project.store.table("placement_group")[group_id]
    return linked(group, "_joined", project.store.table("server"), "_placement_group")


def placement_group_json(project: Project, group: Entity) -> Entity:
    """The group as the API shows it, with its member servers."""
    servers = members(project, group["id"])
    return {**public(project, group), "servers": servers, "labels": dict(group["labels"])}


def check_capacity(project: Project, group_id: int) -> None:
    """422 ``placement_error`` when the group has no room for another server."""
    if len(members(project, group_id)) >= SPREAD_LIMIT:
        raise SimulatorError(
            422,
            "placement_error",
            f"placement group {group_id} already holds {SPREAD_LIMIT} servers",
        )


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """An empty placement group."""
    group = {
        "id": project.store.next_id("placement_group"),
        "name": body["name"],
        "labels": dict(body.get("labels", {})),
        "type": body["type"],
        "created": created_now(project),
    }
    return Created(group)


def delete(project: Project, group: Entity) -> Change:
    """Only an empty group can be deleted."""
    if servers := members(project, group["id"]):
        raise SimulatorError(
            422, "resource_in_use", f"placement group {group['id']} still holds servers {servers}"
        )
    return Change()


KIND = Kind("placement_groups", render=placement_group_json, create=create, delete=delete)
