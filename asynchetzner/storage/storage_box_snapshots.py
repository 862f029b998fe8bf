"""Storage Box snapshots: a box's data at one time, made by hand or by its snapshot plan.

A sub-collection: ``client.storage_boxes.snapshots(box)`` (or ``box.snapshots``) lists, makes,
updates and deletes the snapshots of one box; ``box.rollback_snapshot(snapshot)`` goes back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from ..typed.actions import Action
from ..typed.answers import member
from ..typed.arguments import present
from ..typed.models import field, time_field
from ..typed.resources import Bound, Creatable, Deletable, Unpaged
from .storage_box_types import FAMILY


class StorageBoxSnapshot(Bound):
    """A snapshot of a Storage Box; ``is_automatic`` for those of the snapshot plan."""

    kind = "snapshot"
    family = FAMILY
    shown = ("name", "is_automatic")
    storage_box: int = field()
    name: str = field()
    description: str = field()
    stats: dict[str, int] = field()
    is_automatic: bool = field()
    labels: dict[str, str] = field()
    created: datetime | None = time_field()


class CreateStorageBoxSnapshotResult(NamedTuple):
    """What making a snapshot answers: the snapshot (its ids, until refreshed) and its
    ``create_snapshot`` action."""

    snapshot: StorageBoxSnapshot
    action: Action


class StorageBoxSnapshotsClient(
    Unpaged[StorageBoxSnapshot], Creatable[StorageBoxSnapshot], Deletable[StorageBoxSnapshot]
):
    """``client.storage_boxes.snapshots(box)``: the snapshots of one Storage Box."""

    model = StorageBoxSnapshot
    path = "/storage_boxes/{storage_box}/snapshots"
    deleted_by_action = True

    async def create(
        self, *, description: str | None = None, labels: dict[str, str] | None = None
    ) -> CreateStorageBoxSnapshotResult:
        """Snapshot the box's data now."""
        optional: dict[str, Any] = {"description": description, "labels": labels}
        answer, where = await self._create(**present(**optional))
        return CreateStorageBoxSnapshotResult(
            self._wrap(member(answer, "snapshot", where)), self._calls.action(answer, where)
        )

    async def update(
        self,
        resource: int | StorageBoxSnapshot,
        *,
        description: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> StorageBoxSnapshot:
        """Change the snapshot's description or replace its labels."""
        return await self._update(resource, present(description=description, labels=labels))
