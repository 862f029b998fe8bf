"""Volumes: block storage in one location, attached to at most one server there."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from ..typed.actions import Action
from ..typed.answers import member, member_list
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import Model, field, id_of, nested, time_field
from ..typed.resources import ActionReads, Creatable, Deletable, Protectable, Updatable
from .locations import Location


def _check_size(size: object) -> int | float:
    """A size in GB: a positive number."""
    if isinstance(size, bool) or not isinstance(size, (int, float)) or not size > 0:
        raise invalid_argument("size", f"must be a positive number of GB, not {size!r}")
    return size


def _location_name(location: str | Location) -> str:
    """The location's name, which ``POST /volumes`` takes."""
    if isinstance(location, Location):
        return check_name(location.data.get("name"), "location")
    return check_name(location, "location")


class Volume(Protectable):
    """A volume; ``server`` is the id of the server it is attached to, or ``None``."""

    kind = "volume"
    name: str = field()
    status: str = field()
    created: datetime | None = time_field()
    server: int | None = field()
    location: Location = nested(Location)
    size: float = field()
    linux_device: str = field()
    protection: dict[str, bool] = field()
    labels: dict[str, str] = field()
    format: str | None = field()

    async def attach(self, server: int | Model, automount: bool | None = None) -> Action:
        """Attach to a server in the volume's location (``automount``: mount it there)."""
        return await self._action(
            "attach", server=id_of(server, "server"), **present(automount=automount)
        )

    async def detach(self) -> Action:
        """Detach from the server it is attached to."""
        return await self._action("detach")

    async def resize(self, size: float) -> Action:
        """Grow to ``size`` GB (a volume never shrinks)."""
        return await self._action("resize", size=_check_size(size))


class CreateVolumeResult(NamedTuple):
    """What ``POST /volumes`` answers: the volume, its ``create_volume`` action, and the
    ``attach_volume`` action next when a server was given."""

    volume: Volume
    action: Action
    next_actions: list[Action]


class VolumesClient(Creatable[Volume], Updatable[Volume], Deletable[Volume], ActionReads[Volume]):
    """``client.volumes``."""

    model = Volume
    path = "/volumes"

    async def create(
        self,
        name: str,
        size: int,
        *,
        location: str | Location | None = None,
        server: int | Model | None = None,
        automount: bool | None = None,
        format: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> CreateVolumeResult:
        """Create a volume of ``size`` GB in a location, or attached to ``server`` (then in its
        location); ``format`` is ``ext4`` or ``xfs``."""
        if isinstance(size, bool) or not isinstance(size, int):
            raise invalid_argument("size", f"must be a whole number of GB, not {size!r}")
        optional: dict[str, Any] = {
            "location": None if location is None else _location_name(location),
            "server": None if server is None else id_of(server, "server"),
            "automount": automount,
            "format": None if format is None else check_name(format, "format"),
            "labels": labels,
        }
        answer, where = await self._create(
            name=check_name(name), size=_check_size(size), **present(**optional)
        )
        next_actions = member_list(answer, "next_actions", where, optional=True)
        return CreateVolumeResult(
            self._wrap(member(answer, "volume", where)),
            self._calls.action(answer, where),
            [Action(self._client, data) for data in next_actions],
        )
