"""Storage Box subaccounts: other users of a box, each confined to a home directory in it.

A box has at most its type's ``subaccounts_limit``; each gets the username ``<box>-sub<n>``. A
subaccount's create, delete and actions lock the box too (one action at a time per box); home
directories are relative paths within the box, without ``..``.
"""

from __future__ import annotations

from ..engine.entities import Entity, created_now
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Change, Created, Kind
from ..engine.project import Project
from .rules import BOX, check_password, children, free_box, merged_settings
from .storage_boxes import ACCESS_SETTINGS

SUBACCOUNT = "storage_box_subaccount"


def _home_directory(text: str, field: str = "home_directory") -> str:
    """A directory within the box: no ``..``."""
    if ".." in text.split("/"):
        raise invalid_input({field: ["must stay within the Storage Box (no '..')"]})
    return text


def create(project: Project, body: Body, box: Entity | None) -> Created:
    """A subaccount of the box, within its type's limit."""
    assert box is not None  # a sub-collection's entities always have their box
    free_box(project, box["id"])
    limit = box["storage_box_type"]["subaccounts_limit"]
    if len(children(project, "subaccount", box)) >= limit:
        raise SimulatorError(
            403, "resource_limit_exceeded", f"Storage Box {box['id']} has {limit} subaccounts"
        )
    home = _home_directory(body["home_directory"])
    check_password(body["password"])
    box["_subaccounts_made"] += 1
    username = f"{box['username']}-sub{box['_subaccounts_made']}"
    subaccount_id = project.store.next_id(SUBACCOUNT)
    subaccount: Entity = {
        "id": subaccount_id,
        "storage_box": box["id"],
        "name": body.get("name", username),
        "username": username,
        "home_directory": home,
        "server": f"{username}.your-storagebox.de",
        "access_settings": merged_settings(
            dict.fromkeys((*ACCESS_SETTINGS, "readonly"), False), body.get("access_settings", {})
        ),
        "description": body.get("description", ""),
        "labels": dict(body.get("labels", {})),
        "created": created_now(project),
        "_password": body["password"],
    }
    resources = [(BOX, box["id"]), (SUBACCOUNT, subaccount_id)]
    return Created(subaccount, project.store.start_action("create_subaccount", resources))


def update(project: Project, subaccount: Entity, body: Body) -> None:
    """A new description (name and labels are the engine's)."""
    if "description" in body:
        subaccount["description"] = body["description"]


def _on_box(project: Project, subaccount: Entity, change: Change) -> Change:
    """``change``, refused while the box is busy, and locking it meanwhile."""
    free_box(project, subaccount["storage_box"])
    return Change(change.effect, also=((BOX, subaccount["storage_box"]),))


def delete(project: Project, subaccount: Entity) -> Change:
    """Deleting a subaccount locks its box meanwhile."""
    return _on_box(project, subaccount, Change())


def change_home_directory(project: Project, subaccount: Entity, body: Body) -> Change:
    """Another home directory within the box."""
    home = _home_directory(body["home_directory"])

    def changed() -> None:
        subaccount["home_directory"] = home

    return _on_box(project, subaccount, Change(changed))


def reset_subaccount_password(project: Project, subaccount: Entity, body: Body) -> Change:
    """A new password, following the policy."""
    check_password(body["password"])

    def reset() -> None:
        subaccount["_password"] = body["password"]

    return _on_box(project, subaccount, Change(reset))


def update_access_settings(project: Project, subaccount: Entity, body: Body) -> Change:
    """The access settings the body gives."""
    settings = merged_settings(subaccount["access_settings"], body)

    def updated() -> None:
        subaccount["access_settings"] = settings

    return _on_box(project, subaccount, Change(updated))


KIND = Kind(
    "storage_box_subaccounts",
    label="Storage Box Subaccount",
    action_type=SUBACCOUNT,
    create=create,
    update=update,
    delete=delete,
    actions={
        "change_home_directory": change_home_directory,
        "reset_subaccount_password": reset_subaccount_password,
        "update_access_settings": update_access_settings,
    },
)
