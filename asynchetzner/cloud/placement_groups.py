"""Placement groups: spread servers over different hosts."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from ..typed.actions import Action
from ..typed.answers import member
from ..typed.arguments import check_name, present
from ..typed.models import field, time_field
from ..typed.resources import Bound, Creatable, Deletable, Updatable


class PlacementGroup(Bound):
    """A placement group and the ids of its servers."""

    kind = "placement_group"
    name: str = field()
    labels: dict[str, str] = field()
    type: str = field()
    servers: list[int] = field()
    created: datetime | None = time_field()


class CreatePlacementGroupResult(NamedTuple):
    """What ``POST /placement_groups`` answers: the group, and its action where one runs."""

    placement_group: PlacementGroup
    action: Action | None


class PlacementGroupsClient(
    Creatable[PlacementGroup], Updatable[PlacementGroup], Deletable[PlacementGroup]
):
    """``client.placement_groups``."""

    model = PlacementGroup
    path = "/placement_groups"

    async def create(
        self, name: str, type: str = "spread", labels: dict[str, str] | None = None
    ) -> CreatePlacementGroupResult:
        """Create a placement group (``spread`` is the only type)."""
        answer, where = await self._create(
            name=check_name(name), type=type, **present(labels=labels)
        )
        action = answer.get("action") if isinstance(answer, dict) else None
        return CreatePlacementGroupResult(
            self._wrap(member(answer, self.model.kind, where)),
            None if action is None else self._calls.action(answer, where),
        )
