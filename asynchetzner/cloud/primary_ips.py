"""Primary IPs: a server's public IPv4 address and IPv6 network, kept apart from the server.

A primary IP lives in a location and is assigned to at most one server there (a server holds
one of each type); the server must be off to take or give one up. ``auto_delete`` ones go with
their server; an assigned one must be unassigned before it can be deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from ..typed.actions import Action
from ..typed.answers import member
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import field, id_of, id_or_name, nested, time_field
from ..typed.resources import ActionReads, Creatable, Deletable, Protectable, ReverseDNS
from .locations import Location
from .servers import Server


class PrimaryIP(Protectable, ReverseDNS):
    """A primary IP: an IPv4 address or an IPv6 /64, and the server it is assigned to."""

    kind = "primary_ip"
    shown = ("name", "type", "ip")
    name: str = field()
    labels: dict[str, str] = field()
    created: datetime | None = time_field()
    blocked: bool = field()
    location: Location = nested(Location)
    ip: str = field()
    dns_ptr: list[dict[str, str]] = field()
    protection: dict[str, bool] = field()
    type: str = field()
    auto_delete: bool = field()
    assignee_type: str = field()
    assignee_id: int | None = field()

    async def assign(self, assignee_id: int | Server, assignee_type: str = "server") -> Action:
        """Assign to a server (which must be off and hold no primary IP of this type)."""
        return await self._action(
            "assign",
            assignee_id=id_of(assignee_id, "assignee_id"),
            assignee_type=check_name(assignee_type, "assignee_type"),
        )

    async def unassign(self) -> Action:
        """Take the IP from its server (which must be off)."""
        return await self._action("unassign")


class CreatePrimaryIPResult(NamedTuple):
    """What ``POST /primary_ips`` answers: the IP, and the action assigning it (``None`` for an
    unassigned one)."""

    primary_ip: PrimaryIP
    action: Action | None


class PrimaryIPsClient(Creatable[PrimaryIP], Deletable[PrimaryIP], ActionReads[PrimaryIP]):
    """``client.primary_ips``."""

    model = PrimaryIP
    path = "/primary_ips"

    async def create(
        self,
        type: str,
        name: str,
        *,
        location: int | str | Location | None = None,
        assignee_id: int | Server | None = None,
        assignee_type: str | None = None,
        auto_delete: bool | None = None,
        labels: dict[str, str] | None = None,
    ) -> CreatePrimaryIPResult:
        """Create an ``ipv4`` or ``ipv6`` primary IP, either in a ``location`` or for a server
        (``assignee_id``; it must be off), whose location it takes."""
        if (location is None) == (assignee_id is None):
            raise invalid_argument("location or assignee_id", "must be given, not both")
        answer, where = await self._create(
            type=check_name(type, "type"),
            name=check_name(name),
            **present(
                location=None if location is None else id_or_name(location, "location"),
                assignee_id=None if assignee_id is None else id_of(assignee_id, "assignee_id"),
                assignee_type=(
                    None if assignee_type is None else check_name(assignee_type, "assignee_type")
                ),
                auto_delete=auto_delete,
                labels=labels,
            ),
        )
        action = answer.get("action") if isinstance(answer, dict) else None
        return CreatePrimaryIPResult(
            self._wrap(member(answer, self.model.kind, where)),
            None if action is None else self._calls.action(answer, where),
        )

    async def update(
        self,
        resource: int | PrimaryIP,
        *,
        name: str | None = None,
        labels: dict[str, str] | None = None,
        auto_delete: bool | None = None,
    ) -> PrimaryIP:
        """Rename, replace the labels, or change whether the IP goes with its server."""
        return await self._update(
            resource,
            present(
                name=None if name is None else check_name(name),
                labels=labels,
                auto_delete=auto_delete,
            ),
        )
