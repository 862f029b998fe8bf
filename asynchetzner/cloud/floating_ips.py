"""Floating IPs: public addresses (an IPv4 address or an IPv6 /64) moved between servers.

A floating IP lives in a home location and is assigned to at most one server at a time, of the
same network zone; it must be unassigned before it is deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from ..typed.actions import Action
from ..typed.answers import member
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import Model, field, id_of, id_or_name, nested, time_field
from ..typed.resources import ActionReads, Creatable, Deletable, Protectable, ReverseDNS, Updatable
from .locations import Location


class FloatingIP(Protectable, ReverseDNS):
    """A floating IP: its address, home location, the server it is assigned to and its reverse
    DNS entries."""

    kind = "floating_ip"
    shown = ("name", "ip")
    name: str = field()
    description: str | None = field()
    ip: str = field()
    type: str = field()
    server: int | None = field()
    dns_ptr: list[dict[str, str]] = field()
    home_location: Location = nested(Location)
    blocked: bool = field()
    protection: dict[str, bool] = field()
    labels: dict[str, str] = field()
    created: datetime | None = time_field()

    async def assign(self, server: int | Model) -> Action:
        """Route the address to ``server`` (taking it from the server it was assigned to)."""
        return await self._action("assign", server=id_of(server, "server"))

    async def unassign(self) -> Action:
        """Route the address to no server."""
        return await self._action("unassign")


class CreateFloatingIPResult(NamedTuple):
    """What ``POST /floating_ips`` answers: the floating IP, and the action assigning it when
    it was created for a server (else ``None``)."""

    floating_ip: FloatingIP
    action: Action | None


class FloatingIPsClient(
    Creatable[FloatingIP], Updatable[FloatingIP], Deletable[FloatingIP], ActionReads[FloatingIP]
):
    """``client.floating_ips``."""

    model = FloatingIP
    path = "/floating_ips"

    async def create(
        self,
        type: str,
        *,
        home_location: int | str | Location | None = None,
        server: int | Model | None = None,
        name: str | None = None,
        description: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> CreateFloatingIPResult:
        """Create an ``ipv4`` or ``ipv6`` floating IP in ``home_location``, or assigned to
        ``server`` (in its location unless ``home_location`` says otherwise)."""
        if home_location is None and server is None:
            raise invalid_argument("home_location or server", "must be given")
        body: dict[str, Any] = present(
            home_location=(
                None if home_location is None else id_or_name(home_location, "home_location")
            ),
            server=None if server is None else id_of(server, "server"),
            name=None if name is None else check_name(name),
            description=description,
            labels=labels,
        )
        answer, where = await self._create(type=check_name(type, "type"), **body)
        action = answer.get("action") if isinstance(answer, dict) else None
        return CreateFloatingIPResult(
            self._wrap(member(answer, self.model.kind, where)),
            None if action is None else self._calls.action(answer, where),
        )

    async def update(
        self,
        resource: int | FloatingIP,
        *,
        name: str | None = None,
        description: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> FloatingIP:
        """Rename, describe, or replace the labels of a floating IP."""
        return await self._update(
            resource,
            present(
                name=None if name is None else check_name(name),
                description=description,
                labels=labels,
            ),
        )
