"""Storage Box types: size, snapshot and subaccount limits and prices of each offer (``bx11``…)."""

from __future__ import annotations

from typing import Any

from ..typed.actions import Action
from ..typed.models import Model, field
from ..typed.resources import ResourceClient

FAMILY = "hetzner-api"


class StorageBoxAction(Action):
    """An action of the Hetzner API (Storage Boxes), waited for at ``/storage_boxes/actions``."""

    family = FAMILY


class StorageBoxType(Model):
    """A Storage Box type with its limits and its prices per location."""

    kind = "storage_box_type"
    family = FAMILY
    shown = ("name",)
    name: str = field()
    description: str = field()
    size: int = field()
    snapshot_limit: int | None = field()
    automatic_snapshot_limit: int | None = field()
    subaccounts_limit: int = field()
    prices: list[dict[str, Any]] = field()
    deprecation: dict[str, Any] | None = field()


class StorageBoxTypesClient(ResourceClient[StorageBoxType]):
    """``client.storage_box_types``."""

    model = StorageBoxType
    path = "/storage_box_types"
