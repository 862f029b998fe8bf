"""Storage Boxes: storage of a type in a location, with access settings, snapshots, a snapshot
plan and subaccounts.

A box is ``initializing`` until its ``create`` action succeeds (then it has its ``server`` and
``system``), takes one action at a time (``locked`` otherwise, and its subaccounts' and
snapshots' actions lock it too), can be protected against deletion, and takes away its
subaccounts and snapshots when deleted. Passwords follow Hetzner's policy and are never shown.
Rolling back to a snapshot removes the newer ones; ``folders`` lists the directories the
subaccounts' home directories make.
"""

from __future__ import annotations

import re

from aiohttp import web

from ..engine.app import answer
from ..engine.entities import Entity, created_now, resolve
from ..engine.errors import invalid_input, not_found
from ..engine.kinds import Body, Call, Change, Created, Kind
from ..engine.project import Project
from .rules import BOX, check_password, children, merged_settings

ACCESS_SETTINGS = ("reachable_externally", "samba_enabled", "ssh_enabled", "webdav_enabled")
_SSH_KEY = re.compile(r"(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-\S+) [A-Za-z0-9+/=]+( .*)?")


def _storage_box_type(project: Project, key: object) -> Entity:
    return resolve(project, "storage_box_type", key, "storage_box_type")


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A box, ``initializing`` until its ``create`` action succeeds."""
    box_type = _storage_box_type(project, body["storage_box_type"])
    location = resolve(project, "location", body["location"], "location")
    if location["name"] not in {price["location"] for price in box_type["prices"]}:
        raise invalid_input(
            {"location": [f"{box_type['name']} is not sold in {location['name']}"]},
            "unsupported location for the Storage Box type",
        )
    check_password(body["password"])
    bad_keys = [key for key in body.get("ssh_keys", []) if not _SSH_KEY.fullmatch(key)]
    if bad_keys:
        raise invalid_input({"ssh_keys": ["must be SSH public keys in OpenSSH format"]})
    box_id = project.store.next_id(BOX)
    username = f"u{400000 + box_id}"
    defaults = dict.fromkeys((*ACCESS_SETTINGS, "zfs_enabled"), False)
    box: Entity = {
        "id": box_id,
        "name": body["name"],
        "username": username,
        "status": "initializing",
        "storage_box_type": dict(box_type),
        "location": dict(location),
        "access_settings": merged_settings(defaults, body.get("access_settings", {})),
        "server": None,
        "system": None,
        "stats": {"size": 0, "size_data": 0, "size_snapshots": 0},
        "labels": dict(body.get("labels", {})),
        "protection": {"delete": False},
        "snapshot_plan": None,
        "created": created_now(project),
        "_password": body["password"],
        "_ssh_keys": list(body.get("ssh_keys", [])),
        "_subaccounts_made": 0,
    }

    def ready() -> None:
        box.update(
            status="active",
            server=f"{username}.your-storagebox.de",
            system=f"{location['name'].upper()}-BX{box_id}",
        )

    return Created(box, project.store.start_action("create", [(BOX, box_id)], ready))


def delete(project: Project, box: Entity) -> Change:
    """Deleting a box deletes its subaccounts and snapshots with it."""

    def take_children() -> None:
        for table in ("subaccount", "snapshot"):
            for child in children(project, table, box):
                project.store.table(table).pop(child["id"], None)

    return Change(take_children)


def change_type(project: Project, box: Entity, body: Body) -> Change:
    """Another type, large enough for what the box holds."""
    box_type = _storage_box_type(project, body["storage_box_type"])
    if box_type["id"] == box["storage_box_type"]["id"]:
        raise invalid_input({"storage_box_type": ["is the box's type already"]}, "same type")
    if box_type["size"] < box["stats"]["size"]:
        raise invalid_input(
            {"storage_box_type": [f"{box_type['name']} is too small for the box's data"]},
            "Storage Box type too small",
        )

    def changed() -> None:
        box["storage_box_type"] = dict(box_type)

    return Change(changed, during="locked", final="active")


def reset_password(project: Project, box: Entity, body: Body) -> Change:
    """A new password, following the policy."""
    check_password(body["password"])

    def reset() -> None:
        box["_password"] = body["password"]

    return Change(reset)


def update_access_settings(project: Project, box: Entity, body: Body) -> Change:
    """The access settings the body gives."""
    settings = merged_settings(box["access_settings"], body)

    def updated() -> None:
        box["access_settings"] = settings

    return Change(updated)


def rollback_snapshot(project: Project, box: Entity, body: Body) -> Change:
    """Back to one of the box's snapshots (by id or name); the newer ones go."""
    key = body["snapshot"]
    named = (s for s in children(project, "snapshot", box) if key in (s["id"], s["name"]))
    snapshot = next(named, None)
    if snapshot is None:
        raise invalid_input({"snapshot": [f"snapshot {key!r} not found"]}, "unknown snapshot")

    def rolled_back() -> None:
        for newer in children(project, "snapshot", box):
            if newer["id"] > snapshot["id"]:
                project.store.table("snapshot").pop(newer["id"], None)
        box["stats"]["size_data"] = snapshot["stats"]["size_filesystem"]

    return Change(rolled_back)


def enable_snapshot_plan(project: Project, box: Entity, body: Body) -> Change:
    """Automatic snapshots at the given time, keeping at most the type's limit."""
    limit = box["storage_box_type"]["automatic_snapshot_limit"]
    if limit is not None and body["max_snapshots"] > limit:
        raise invalid_input(
            {"max_snapshots": [f"must be at most {limit} for {box['storage_box_type']['name']}"]},
            "too many automatic snapshots",
        )
    keys = ("max_snapshots", "minute", "hour", "day_of_week", "day_of_month")
    plan = {key: body.get(key) for key in keys}

    def enabled() -> None:
        box["snapshot_plan"] = plan

    return Change(enabled)


def disable_snapshot_plan(project: Project, box: Entity, body: Body) -> Change:
    """No more automatic snapshots."""

    def disabled() -> None:
        box["snapshot_plan"] = None

    return Change(disabled)


def folders_of(project: Project, box: Entity) -> set[str]:
    """Every directory of the box: its subaccounts' home directories and their parents."""
    found: set[str] = set()
    for subaccount in children(project, "subaccount", box):
        parts = [p for p in subaccount["home_directory"].split("/") if p not in ("", ".")]
        found.update("/".join(parts[: n + 1]) for n in range(len(parts)))
    return found


async def folders(call: Call) -> web.StreamResponse:
    """The folders directly in ``path`` (the box's top directory by default)."""
    box = call.entity()
    path = "/".join(p for p in call.query.get("path", "").split("/") if p not in ("", "."))
    every = folders_of(call.project, box)
    if path and path not in every:
        raise not_found("Folder", path)
    base = f"{path}/" if path else ""
    names = sorted(
        folder.removeprefix(base)
        for folder in every
        if folder.startswith(base) and "/" not in folder.removeprefix(base)
    )
    return answer({"folders": names}, call.operation.status)


KIND = Kind(
    "storage_boxes",
    label="Storage Box",
    create=create,
    delete=delete,
    actions={
        "change_type": change_type,
        "reset_password": reset_password,
        "update_access_settings": update_access_settings,
        "rollback_snapshot": rollback_snapshot,
        "enable_snapshot_plan": enable_snapshot_plan,
        "disable_snapshot_plan": disable_snapshot_plan,
    },
    handlers={"GET /storage_boxes/{id}/folders": folders},
)
