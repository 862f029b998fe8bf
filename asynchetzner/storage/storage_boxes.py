"""Storage Boxes: storage of a type in a location, reached over SSH, Samba or WebDAV, with
snapshots, a snapshot plan and subaccounts; served by the Hetzner API (``api.hetzner.com``)."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any, NamedTuple

from ..cloud.locations import Location
from ..exceptions import InvalidResponse
from ..typed.actions import Action
from ..typed.answers import described, member
from ..typed.arguments import check_id, check_name, invalid_argument, present
from ..typed.models import field, id_of, id_or_name, nested, time_field
from ..typed.resources import ActionReads, Creatable, Deletable, Protectable, Updatable
from .storage_box_snapshots import StorageBoxSnapshot, StorageBoxSnapshotsClient
from .storage_box_subaccounts import StorageBoxSubaccountsClient, access_settings, password_of
from .storage_box_types import FAMILY, StorageBoxType


def _hour_and_minute(hour: int, minute: int) -> dict[str, int]:
    for name, value, top in (("hour", hour, 23), ("minute", minute, 59)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            raise invalid_argument(name, f"must be a whole number from 0 to {top}, not {value!r}")
    return {"hour": hour, "minute": minute}


class StorageBox(Protectable):
    """A Storage Box; ``server`` is the host name to connect to, ``None`` until it is ready."""

    kind = "storage_box"
    family = FAMILY
    shown = ("name", "status")
    name: str = field()
    username: str = field()
    status: str = field()
    storage_box_type: StorageBoxType = nested(StorageBoxType)
    location: Location = nested(Location)
    access_settings: dict[str, bool] = field()
    server: str | None = field()
    system: str | None = field()
    stats: dict[str, int] = field()
    labels: dict[str, str] = field()
    protection: dict[str, bool] = field()
    snapshot_plan: dict[str, Any] | None = field()
    created: datetime | None = time_field()

    @property
    def subaccounts(self) -> StorageBoxSubaccountsClient:
        """The box's subaccounts."""
        return StorageBoxSubaccountsClient(self._bound_client(), storage_box=self.id)

    @property
    def snapshots(self) -> StorageBoxSnapshotsClient:
        """The box's snapshots."""
        return StorageBoxSnapshotsClient(self._bound_client(), storage_box=self.id)

    async def folders(self, path: str | None = None) -> list[str]:
        """The names of the folders in ``path`` (the box's top directory by default)."""
        return await self._bound_client().storage_boxes.folders(self, path)

    async def change_type(self, storage_box_type: int | str | StorageBoxType) -> Action:
        """Move the box to another type (larger, or large enough for its data)."""
        return await self._action(
            "change_type", storage_box_type=id_or_name(storage_box_type, "storage_box_type")
        )

    async def reset_password(self, password: str) -> Action:
        """Give the box a new password (Hetzner's password policy applies)."""
        return await self._action("reset_password", password=password_of(password))

    async def update_access_settings(
        self,
        *,
        reachable_externally: bool | None = None,
        samba_enabled: bool | None = None,
        ssh_enabled: bool | None = None,
        webdav_enabled: bool | None = None,
        zfs_enabled: bool | None = None,
    ) -> Action:
        """Change the access settings given; the others stay."""
        return await self._action(
            "update_access_settings",
            **access_settings(
                reachable_externally=reachable_externally,
                samba_enabled=samba_enabled,
                ssh_enabled=ssh_enabled,
                webdav_enabled=webdav_enabled,
                zfs_enabled=zfs_enabled,
            ),
        )

    async def rollback_snapshot(self, snapshot: int | str | StorageBoxSnapshot) -> Action:
        """Go back to one of the box's snapshots; the newer ones and newer data are lost."""
        return await self._action("rollback_snapshot", snapshot=id_or_name(snapshot, "snapshot"))

    async def enable_snapshot_plan(
        self,
        max_snapshots: int,
        hour: int,
        minute: int,
        *,
        day_of_week: int | None = None,
        day_of_month: int | None = None,
    ) -> Action:
        """Snapshot the box automatically at ``hour:minute`` (UTC) every day, or on one day of
        the week (1 is Monday) or of the month, keeping the newest ``max_snapshots``."""
        return await self._action(
            "enable_snapshot_plan",
            max_snapshots=check_id(max_snapshots, "max_snapshots"),
            **_hour_and_minute(hour, minute),
            **present(day_of_week=day_of_week, day_of_month=day_of_month),
        )

    async def disable_snapshot_plan(self) -> Action:
        """Stop the automatic snapshots (those made stay)."""
        return await self._action("disable_snapshot_plan")


class CreateStorageBoxResult(NamedTuple):
    """What ``POST /storage_boxes`` answers: the box, ``initializing``, and its ``create``
    action."""

    storage_box: StorageBox
    action: Action


class StorageBoxesClient(
    Creatable[StorageBox], Updatable[StorageBox], Deletable[StorageBox], ActionReads[StorageBox]
):
    """``client.storage_boxes``."""

    model = StorageBox
    path = "/storage_boxes"
    deleted_by_action = True

    async def create(
        self,
        name: str,
        storage_box_type: int | str | StorageBoxType,
        location: int | str | Location,
        password: str,
        *,
        ssh_keys: list[str] | None = None,
        access_settings: dict[str, bool] | None = None,
        labels: dict[str, str] | None = None,
    ) -> CreateStorageBoxResult:
        """Order a Storage Box of a type in a location, with its password (Hetzner's password
        policy applies) and the SSH public keys (OpenSSH format) that may log in."""
        optional: dict[str, Any] = {
            "ssh_keys": ssh_keys,
            "access_settings": access_settings,
            "labels": labels,
        }
        answer, where = await self._create(
            name=check_name(name),
            storage_box_type=id_or_name(storage_box_type, "storage_box_type"),
            location=id_or_name(location, "location"),
            password=password_of(password),
            **present(**optional),
        )
        return CreateStorageBoxResult(
            self._wrap(member(answer, "storage_box", where)), self._calls.action(answer, where)
        )

    async def folders(self, resource: int | StorageBox, path: str | None = None) -> list[str]:
        """The names of the folders in ``path`` of a box (its top directory by default)."""
        where = f"{self._item_path({'id': id_of(resource, 'storage_box')})}/folders"
        query = present(path=path)  # not FamilyCalls.call's: its own argument is named path
        answer = await self._client.call("GET", where, params=query, family=self.family)
        folders = answer.get("folders") if isinstance(answer, dict) else None
        if not isinstance(folders, builtins.list) or not all(isinstance(f, str) for f in folders):
            raise InvalidResponse(
                f"GET {where} answered {described(answer)}, without the 'folders' list of names"
            )
        return folders

    def subaccounts(self, resource: int | StorageBox) -> StorageBoxSubaccountsClient:
        """The subaccounts of one box."""
        return StorageBoxSubaccountsClient(self._client, storage_box=id_of(resource, "storage_box"))

    def snapshots(self, resource: int | StorageBox) -> StorageBoxSnapshotsClient:
        """The snapshots of one box."""
        return StorageBoxSnapshotsClient(self._client, storage_box=id_of(resource, "storage_box"))
