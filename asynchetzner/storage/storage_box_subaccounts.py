"""Storage Box subaccounts: other users of a box, each confined to a home directory in it.

A sub-collection: ``client.storage_boxes.subaccounts(box)`` (or ``box.subaccounts``) lists,
creates, updates and deletes the subaccounts of one box.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from ..typed.actions import Action
from ..typed.answers import Secret, member
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import field, time_field
from ..typed.resources import Bound, Creatable, Deletable, Unpaged
from .storage_box_types import FAMILY


def password_of(value: object) -> Secret:
    """A password to send, as a ``Secret``; refused, without showing it, when it is empty."""
    if not isinstance(value, str) or not value.strip():
        raise invalid_argument("password", "must be a non-empty string")
    return Secret(value)


def access_settings(**settings: bool | None) -> dict[str, bool]:
    """The access settings given (those left ``None`` stay as they are)."""
    return present(**settings)


class StorageBoxSubaccount(Bound):
    """A subaccount of a Storage Box: its own username, home directory and access settings."""

    kind = "subaccount"
    family = FAMILY
    shown = ("name", "username")
    storage_box: int = field()
    name: str = field()
    username: str = field()
    home_directory: str = field()
    server: str = field()
    access_settings: dict[str, bool] = field()
    description: str = field()
    labels: dict[str, str] = field()
    created: datetime | None = time_field()

    async def change_home_directory(self, home_directory: str) -> Action:
        """Move the subaccount to another directory of the box."""
        return await self._action(
            "change_home_directory", home_directory=check_name(home_directory, "home_directory")
        )

    async def reset_password(self, password: str) -> Action:
        """Give the subaccount a new password (Hetzner's password policy applies)."""
        return await self._action("reset_subaccount_password", password=password_of(password))

    async def update_access_settings(
        self,
        *,
        reachable_externally: bool | None = None,
        readonly: bool | None = None,
        samba_enabled: bool | None = None,
        ssh_enabled: bool | None = None,
        webdav_enabled: bool | None = None,
    ) -> Action:
        """Change the access settings given; the others stay."""
        return await self._action(
            "update_access_settings",
            **access_settings(
                reachable_externally=reachable_externally,
                readonly=readonly,
                samba_enabled=samba_enabled,
                ssh_enabled=ssh_enabled,
                webdav_enabled=webdav_enabled,
            ),
        )


class CreateStorageBoxSubaccountResult(NamedTuple):
    """What creating a subaccount answers: the subaccount (its ids, until refreshed) and its
    ``create_subaccount`` action."""

    subaccount: StorageBoxSubaccount
    action: Action


class StorageBoxSubaccountsClient(
    Unpaged[StorageBoxSubaccount], Creatable[StorageBoxSubaccount], Deletable[StorageBoxSubaccount]
):
    """``client.storage_boxes.subaccounts(box)``: the subaccounts of one Storage Box."""

    model = StorageBoxSubaccount
    path = "/storage_boxes/{storage_box}/subaccounts"
    deleted_by_action = True

    async def create(
        self,
        home_directory: str,
        password: str,
        *,
        name: str | None = None,
        description: str | None = None,
        access_settings: dict[str, bool] | None = None,
        labels: dict[str, str] | None = None,
    ) -> CreateStorageBoxSubaccountResult:
        """Create a subaccount confined to ``home_directory`` (made if missing)."""
        optional: dict[str, Any] = {
            "name": None if name is None else check_name(name),
            "description": description,
            "access_settings": access_settings,
            "labels": labels,
        }
        answer, where = await self._create(
            home_directory=check_name(home_directory, "home_directory"),
            password=password_of(password),
            **present(**optional),
        )
        return CreateStorageBoxSubaccountResult(
            self._wrap(member(answer, "subaccount", where)), self._calls.action(answer, where)
        )

    async def update(
        self,
        resource: int | StorageBoxSubaccount,
        *,
        name: str | None = None,
        description: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> StorageBoxSubaccount:
        """Rename the subaccount, change its description or replace its labels."""
        return await self._update(
            resource,
            present(
                name=None if name is None else check_name(name),
                description=description,
                labels=labels,
            ),
        )
