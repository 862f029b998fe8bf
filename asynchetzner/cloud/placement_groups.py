"""Placement groups: spread servers over different hosts."""

from __future__ import annotations

from datetime import datetime

from ..typed.models import Model, check_name, present
from ..typed.resources import MutableResourceClient


class PlacementGroup(Model):
    """A placement group and the ids of its servers."""

    fields = ("name", "labels", "type", "servers")
    times = ("created",)
    name: str
    labels: dict[str, str]
    type: str
    servers: list[int]
    created: datetime | None


class PlacementGroupsClient(MutableResourceClient[PlacementGroup]):
    """``client.placement_groups``."""

    path = "/placement_groups"
    single = "placement_group"
    model = PlacementGroup

    async def create(
        self, name: str, type: str = "spread", labels: dict[str, str] | None = None
    ) -> PlacementGroup:
        """Create a placement group (``spread`` is the only type)."""
        return await self._create_one(name=check_name(name), type=type, **present(labels=labels))
