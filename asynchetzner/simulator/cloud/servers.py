"""Servers: create, rename, delete (an action), metrics; their actions are in ``server_actions``.

A new server gets its public addresses as primary IPs (``primary_ips``), a root password unless
it has SSH keys, a ``create_server`` action and a ``start_server`` next action unless told not to
start. Deleting a server takes its backups with it, whatever runs on it.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from aiohttp import web

from ..engine.app import answer
from ..engine.entities import Entity, created_now, resolve
from ..engine.errors import invalid_input
from ..engine.kinds import Body, Call, Change, Created, Kind, public
from ..engine.numbers import positive_int
from ..engine.project import Project
from ..engine.store import rfc3339
from . import (
    firewalls,
    floating_ips,
    images,
    networks,
    placement_groups,
    primary_ips,
    server_actions,
    volumes,
)
from .server_types import location_for

_HOSTNAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
_INCLUDED_TRAFFIC = 20 * 1024**4
_METRIC_TYPES = ("cpu", "disk", "network")
_METRIC_SERIES = {
    "cpu": ("cpu",),
    "disk": (
        "disk.0.iops.read",
        "disk.0.iops.write",
        "disk.0.bandwidth.read",
        "disk.0.bandwidth.write",
    ),
    "network": (
        "network.0.pps.in",
        "network.0.pps.out",
        "network.0.bandwidth.in",
        "network.0.bandwidth.out",
    ),
}


def server_json(project: Project, server: Entity) -> Entity:
    """The server as the API shows it now."""
    data = public(project, server)
    data["locked"] = project.store.running_on("server", server["id"])
    data["public_net"] = {
        **primary_ips.public_addresses(project, server),
        "floating_ips": floating_ips.assigned_to(project, server["id"]),
        "firewalls": firewalls.of_server(project, server["id"]),
    }
    data["volumes"] = volumes.attached_to(project, server["id"])
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
    server = call.entity()
    query = call.query
    types = [t for value in query.getall("type", []) for t in value.split(",") if t]
    problems: dict[str, list[str]] = {}
    if not types or any(t not in _METRIC_TYPES for t in types):
        problems["type"] = [f"must be one or more of: {', '.join(_METRIC_TYPES)}"]
    period = {}
    for name in ("start", "end"):
        try:
            period[name] = _timestamp(query.get(name, ""))
        except (ValueError, OverflowError):
            problems[name] = ["must be an RFC 3339 timestamp"]
    if not problems and period["end"] <= period["start"]:
        problems["end"] = ["must be after start"]
    step_text = query.get("step")
    asked_step = positive_int(step_text) if step_text is not None else None
    if step_text is not None and asked_step is None:
        problems["step"] = ["must be a positive number of seconds"]
    if problems:
        raise invalid_input(problems, "invalid metrics query")
    start, end = period["start"], period["end"]
    step = float(asked_step) if asked_step else max(1.0, math.ceil((end - start) / 200))
    step = max(step, math.ceil((end - start) / 500))
    samples = [start + i * step for i in range(int((end - start) // step) + 1)]
    series = {
        name: {"values": [[t, _metric_value(server["id"], name, t)] for t in samples]}
        for kind in dict.fromkeys(types)
        for name in _METRIC_SERIES[kind]
    }
    return answer(
        {
            "metrics": {
                "start": rfc3339(start),
                "end": rfc3339(end),
                "step": step,
                "time_series": series,
            }
        }
    )


def _timestamp(text: str) -> float:
    """Seconds since the epoch of an RFC 3339 time (UTC if it names no offset); ``ValueError`` or
    ``OverflowError`` if it is not one or falls outside the years 1 to 9999 in UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).timestamp()


def _metric_value(server_id: int, series: str, timestamp: float) -> str:
    """A smooth, repeatable value for one sample."""
    wave = (math.sin(timestamp / 900 + server_id + len(series)) + 1) / 2
    scale = 100.0 if series == "cpu" else 1000.0 if "pps" in series or "iops" in series else 1e6
    return f"{wave * scale * 0.6 + scale * 0.05:.3f}"


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
