"""Servers: create, rename, delete (an action), metrics; their actions are in ``server_actions``.

A new server gets its public addresses as primary IPs (``primary_ips``), a root password unless
it has SSH keys, a ``create_server`` action and a ``start_server`` next action unless told not to
start. Deleting a server takes its backups with it, whatever runs on it.
"""

from __future__ import annotations

import re

from aiohttp import web

from ..engine.entities import Entity, created_now, resolve
from ..engine.errors import invalid_input
from ..engine.kinds import Body, Call, Change, Created, Kind, public
from ..engine.project import Project
from . import (
    firewalls,
    floating_ips,
    images,
    load_balancers,
    networks,
    placement_groups,
    primary_ips,
    server_actions,
    volumes,
)
from .metrics import metrics_answer
from .server_types import location_for

_HOSTNAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
_INCLUDED_TRAFFIC = 20 * 1024**4
_METRIC_SERIES = {
    "cpu": {"cpu": 100.0},
    "disk": {
        "disk.0.iops.read": 1000.0,
        "disk.0.iops.write": 1000.0,
        "disk.0.bandwidth.read": 1e6,
        "disk.0.bandwidth.write": 1e6,
    },
    "network": {
        "network.0.pps.in": 1000.0,
        "network.0.pps.out": 1000.0,
        "network.0.bandwidth.in": 1e6,
        "network.0.bandwidth.out": 1e6,
    },
}


def server_json(project: Project, server: Entity) -> Entity:
    """The server as the API shows it now."""
    data = public(project, server)
    data["locked"] = project.store.running_on("server", server["id"])
    data["public_net"] = {
        **primary_ips.public_addresses(project, server),
        "floating_ips": floating_ips.assigned_to(project, server),
        "firewalls": firewalls.of_server(project, server["id"]),
    }
    data["volumes"] = volumes.attached_to(project, server)
    data["load_balancers"] = load_balancers.targeting(project, server)
    group_id = server["_placement_group"]
    groups = project.store.table("placement_group")
    data["placement_group"] = (
        placement_groups.placement_group_json(project, groups[group_id])
        if group_id is not None
        else None
    )
    return data


def check_name(name: str) -> None:
    """A server's name is a hostname."""
    if not _HOSTNAME.fullmatch(name):
        raise invalid_input(
            {"name": ["must be a valid hostname (letters, digits, periods and dashes)"]},
            f"invalid server name {name!r}",
        )


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A server: ``create_server`` now, ``start_server`` next unless told not to."""
    apply_firewalls = firewalls.prepare_for_new_server(project, body)
    server_type = resolve(project, "server_type", body["server_type"], "server_type")
    public_net = body.get("public_net") or {}
    named = body.get("location") or primary_ips.named_location(project, public_net)
    location = location_for(project, named, server_type)
    image = images.image_for(project, body["image"], server_type["architecture"])
    ssh_keys = [
        resolve(project, "ssh_key", key, "ssh_keys")["id"] for key in body.get("ssh_keys", [])
    ]
    server_actions.check_user_data(body)
    group_id = body.get("placement_group")
    if group_id is not None:
        group_id = resolve(project, "placement_group", group_id, "placement_group")["id"]
        placement_groups.check_capacity(project, group_id)

    give_public_net = primary_ips.prepare_public_net(project, public_net, location)
    attach_volumes = volumes.prepare_attach_at_create(
        project, location, body.get("volumes", []), body.get("automount", False)
    )
    server_id = project.store.next_id("server")
    if group_id is not None:
        placement_groups.join(project, group_id, server_id)  # counts once the server is stored
    server: Entity = {
        "id": server_id,
        "name": body["name"],
        "status": "initializing",
        "created": created_now(project),
        "private_net": [],
        "server_type": dict(server_type),
        "location": dict(location),
        "image": dict(image),
        "iso": None,
        "rescue_enabled": False,
        "backup_window": None,
        "outgoing_traffic": 0,
        "ingoing_traffic": 0,
        "included_traffic": _INCLUDED_TRAFFIC,
        "protection": {"delete": False, "rebuild": False},
        "labels": body.get("labels") or {},
        "load_balancers": [],
        "primary_disk_size": server_type["disk"],
        "_placement_group": group_id,
        "_ssh_keys": ssh_keys,
    }
    attach_effects = [
        networks.prepare_attach(project, server, network_id, None, [], None)
        for network_id in body.get("networks", [])
    ]
    for attach in attach_effects:
        attach()
    give_public_net(server)
    attach_volumes(server)

    def created() -> None:  # a start that is going to fail leaves the server off
        starting = any(action.failure is None for action in next_actions)
        server["status"] = "starting" if starting else "off"

    def started() -> None:
        server["status"] = "running"

    store, resources = project.store, [("server", server_id)]
    create = store.start_action("create_server", resources, created)
    next_actions = []
    if body.get("start_after_create", True):
        next_actions.append(store.start_action("start_server", resources, started, after=create))
    password = None if ssh_keys else server_actions.password()
    applying = apply_firewalls(server, create)
    return Created(server, create, [*next_actions, *applying], {"root_password": password})


def delete(project: Project, server: Entity) -> Change:
    """The server is ``deleting`` until the action succeeds; its backups go with it, its
    volumes are detached, and its primary IPs with ``auto_delete`` are deleted (the others
    stay, unassigned)."""

    def deleted() -> None:
        images.delete_backups(project, server["id"])
        volumes.detach_all(project, server["id"])
        primary_ips.release(project, server)

    return Change(deleted, during="deleting")


async def metrics(call: Call) -> web.StreamResponse:
    """Plausible, repeatable metrics for the asked period (at most 500 samples per series)."""
    return metrics_answer(call, call.entity()["id"], _METRIC_SERIES)


KIND = Kind(
    "servers",
    label="Server",
    render=server_json,
    create=create,
    check_name=check_name,
    delete=delete,
    deletable_while_busy=True,
    actions=server_actions.ACTIONS,
    handlers={"GET /servers/{id}/metrics": metrics},
)
