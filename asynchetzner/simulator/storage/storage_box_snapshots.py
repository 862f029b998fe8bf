"""Storage Box snapshots: the box's data at one time, named after it, made by hand or by the
box's snapshot plan (``is_automatic``).

A box keeps at most its type's ``snapshot_limit`` of manual snapshots; making and deleting one
locks the box (one action at a time per box).
"""

from __future__ import annotations

from datetime import datetime, timezone

from multidict import MultiMapping

from ..engine.entities import Entity, created_now
from ..engine.errors import SimulatorError
from ..engine.kinds import Body, Change, Created, Kind
from ..engine.listing import flag
from ..engine.project import Project
from .rules import BOX, children, free_box

SNAPSHOT = "storage_box_snapshot"


def create(project: Project, body: Body, box: Entity | None) -> Created:
    """A snapshot of the box's data now, within its type's limit."""
    assert box is not None  # a sub-collection's entities always have their box
    free_box(project, box["id"])
    limit = box["storage_box_type"]["snapshot_limit"]
    manual = [s for s in children(project, "snapshot", box) if not s["is_automatic"]]
    if limit is not None and len(manual) >= limit:
        raise SimulatorError(
            403, "resource_limit_exceeded", f"Storage Box {box['id']} has {limit} snapshots"
        )
    snapshot_id = project.store.next_id(SNAPSHOT)
    taken = datetime.fromtimestamp(int(project.now()), tz=timezone.utc)
    snapshot: Entity = {
        "id": snapshot_id,
        "storage_box": box["id"],
        "name": f"{taken:%Y-%m-%dT%H-%M-%S}-{snapshot_id}",
        "description": body.get("description", ""),
        "labels": dict(body.get("labels", {})),
        "stats": {"size": 0, "size_filesystem": box["stats"]["size_data"]},
        "is_automatic": False,
        "created": created_now(project),
    }
    resources = [(BOX, box["id"]), (SNAPSHOT, snapshot_id)]
    return Created(snapshot, project.store.start_action("create_snapshot", resources))


def update(project: Project, snapshot: Entity, body: Body) -> None:
    """A new description (labels are the engine's)."""
    if "description" in body:
        snapshot["description"] = body["description"]


def delete(project: Project, snapshot: Entity) -> Change:
    """Deleting a snapshot locks its box meanwhile."""
    free_box(project, snapshot["storage_box"])
    return Change(also=((BOX, snapshot["storage_box"]),))


def select(query: MultiMapping[str], snapshots: list[Entity]) -> list[Entity]:
    """``is_automatic=true`` lists only the snapshot plan's snapshots, ``false`` only the others."""
    if "is_automatic" not in query:
        return snapshots
    automatic = flag(query, "is_automatic")
    return [s for s in snapshots if s["is_automatic"] == automatic]


KIND = Kind(
    "storage_box_snapshots",
    label="Storage Box Snapshot",
    action_type=SNAPSHOT,
    create=create,
    update=update,
    delete=delete,
    select=select,
    unique_names=False,
)
