"""Volumes: block storage of 10 to 10240 GB in one location, attached to at most one server there.

A volume is created in a location, or for a server (then in the server's location, and attached
by an ``attach_volume`` next action); it is ``creating`` until its ``create_volume`` action
succeeds. Attaching and detaching run on the volume and the server together, so both are locked
meanwhile; the server must be in the volume's location and free of other actions. A volume only
grows, and is deleted only once detached. A server's ``volumes`` are read from the volumes it
noted as they attached (``attached_to``); deleting a server detaches its volumes, which stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..engine.entities import Entity, created_now, linked, note_link, resolve
from ..engine.errors import SimulatorError, invalid_input, locked
from ..engine.kinds import Body, Change, Created, Kind, Rule
from ..engine.project import Project

MIN_SIZE = 10
MAX_SIZE = 10240
FORMATS = ("ext4", "xfs")
_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?")


def attached_to(project: Project, server: Entity) -> list[int]:
    """The ids of the volumes attached to the server (noted on it where they attach)."""
    return linked(server, "_volumes", project.store.table("volume"), "server")


def check_name(name: str) -> None:
    """Letters, digits, ``-``, ``_`` and ``.``, starting and ending alphanumeric, at most 64."""
    if not _NAME.fullmatch(name):
        raise invalid_input(
            {"name": ["must be 1 to 64 letters, digits, '-', '_' or '.', alphanumeric at ends"]},
            f"invalid volume name {name!r}",
        )


def _size(value: float, field: str = "size") -> int:
    """A size in whole GB from 10 to 10240."""
    if value != int(value) or not MIN_SIZE <= value <= MAX_SIZE:
        raise invalid_input(
            {field: [f"must be a whole number of GB from {MIN_SIZE} to {MAX_SIZE}"]},
            f"invalid volume size {value!r}",
        )
    return int(value)


def _free_server(project: Project, key: object, field: str) -> Entity:
    """The server a body names, refused with ``locked`` while an action runs on it."""
    server = resolve(project, "server", key, field)
    if project.store.running_on("server", server["id"]):
        raise locked("Server", server["id"])
    return server


def _same_location(volume_location: Entity, server_location: Entity, field: str) -> None:
    """``invalid_input`` on ``field`` unless the server is in the volume's location."""
    if server_location["id"] != volume_location["id"]:
        raise invalid_input(
            {
                field: [
                    f"the server is in {server_location['name']}, "
                    f"not in the volume's location {volume_location['name']}"
                ]
            },
            "volume and server are in different locations",
        )


def _unattached(volume: Entity) -> None:
    """422 ``volume_already_attached`` while the volume is attached to a server."""
    if volume["server"] is not None:
        raise SimulatorError(
            422,
            "volume_already_attached",
            f"volume {volume['id']} is already attached to server {volume['server']}",
        )


def _attach_effect(
    project: Project, volume: Entity, server_id: int, automount: bool
) -> Callable[[], None]:
    """Attach the volume when the action succeeds (if both are still there)."""

    def attach() -> None:
        server = project.store.table("server").get(server_id)
        if server is not None and project.store.table("volume").get(volume["id"]) is volume:
            volume["server"] = server_id
            volume["_automount"] = automount
            note_link(server, "_volumes", volume["id"])

    return attach


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A volume, ``creating`` until ``create_volume`` succeeds, and attached next if asked."""
    size = _size(body["size"])
    if body.get("format", FORMATS[0]) not in FORMATS:
        raise invalid_input({"format": [f"must be one of: {', '.join(FORMATS)}"]}, "bad format")
    server = _free_server(project, body["server"], "server") if "server" in body else None
    if server is None and body.get("automount"):
        raise invalid_input({"automount": ["needs a server"]}, "automount needs a server")
    if "location" in body:
        location = resolve(project, "location", body["location"], "location")
        if server is not None:
            _same_location(location, server["location"], "server")
    elif server is not None:
        location = server["location"]
    else:
        raise invalid_input({"location": ["location or server is required"]}, "no location")

    volume_id = project.store.next_id("volume")
    volume: Entity = {
        "id": volume_id,
        "created": created_now(project),
        "name": body["name"],
        "server": None,
        "location": dict(location),
        "size": size,
        "linux_device": f"/dev/disk/by-id/scsi-0HC_Volume_{volume_id}",
        "protection": {"delete": False},
        "labels": dict(body.get("labels", {})),
        "status": "creating",
        "format": body.get("format"),
        "_automount": False,
    }

    def created() -> None:
        volume["status"] = "available"

    store = project.store
    both = [("volume", volume_id), *([("server", server["id"])] if server else [])]
    action = store.start_action("create_volume", both, created)
    next_actions = []
    if server is not None:
        attach = _attach_effect(project, volume, server["id"], body.get("automount", False))
        next_actions.append(store.start_action("attach_volume", both, attach, after=action))
    return Created(volume, action, next_actions)


def delete(project: Project, volume: Entity) -> Change:
    """Only a detached volume can be deleted (the API's answer: 422 ``service_error``)."""
    if volume["server"] is not None:
        raise SimulatorError(
            422,
            "service_error",
            f"volume with ID '{volume['id']}' is still attached to a server",
        )
    return Change()


def attach(project: Project, volume: Entity, body: Body) -> Change:
    """Attach to a free server in the volume's location; both are locked until it is done."""
    _unattached(volume)
    server = _free_server(project, body["server"], "server")
    _same_location(volume["location"], server["location"], "server")
    effect = _attach_effect(project, volume, server["id"], body.get("automount", False))
    return Change(effect, also=(("server", server["id"]),))


def detach(project: Project, volume: Entity, body: Body) -> Change:
    """Detach from the server; both are locked until it is done."""
    server_id = volume["server"]
    if server_id is None:
        raise invalid_input(
            {"server": [f"volume {volume['id']} is not attached to a server"]}, "not attached"
        )
    if project.store.running_on("server", server_id):
        raise locked("Server", server_id)

    def detached() -> None:
        volume["server"] = None

    return Change(detached, also=(("server", server_id),))


def resize(project: Project, volume: Entity, body: Body) -> Change:
    """Grow the volume (the API refuses to shrink it, or to keep its size)."""
    if body["size"] <= volume["size"]:
        raise invalid_input(
            {"size": [f"must be greater than the current size of {volume['size']} GB"]},
            "size downgrade is not allowed",
        )
    size = _size(body["size"])

    def resized() -> None:
        volume["size"] = size

    return Change(resized)


def prepare_attach_at_create(
    project: Project, location: Entity, volume_ids: Sequence[int], automount: bool
) -> Callable[[Entity], None]:
    """Check the volumes ``POST /servers`` names for a new server in ``location`` (each must
    exist, be there, detached and free of actions); return what attaches them to it."""
    volumes = [resolve(project, "volume", volume_id, "volumes") for volume_id in volume_ids]
    for volume in volumes:
        _same_location(volume["location"], location, "volumes")
        _unattached(volume)
        if project.store.running_on("volume", volume["id"]):
            raise locked("Volume", volume["id"])

    def attach(server: Entity) -> None:
        for volume in volumes:
            volume["server"] = server["id"]
            volume["_automount"] = automount
            note_link(server, "_volumes", volume["id"])

    return attach


def detach_all(project: Project, server_id: int) -> None:
    """Detach every volume of a deleted server."""
    for volume in project.store.table("volume").values():
        if volume["server"] == server_id:
            volume["server"] = None


ACTIONS: dict[str, Rule] = {"attach": attach, "detach": detach, "resize": resize}

KIND = Kind(
    "volumes",
    label="Volume",
    create=create,
    check_name=check_name,
    delete=delete,
    actions=ACTIONS,
)
