"""Private networks: subnets, routes, and the servers attached to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..typed.actions import Action
from ..typed.arguments import check_name, present
from ..typed.models import field, time_field
from ..typed.resources import ActionReads, Creatable, Deletable, Protectable, Updatable


class Network(Protectable):
    """A private network with its subnets, routes and attached servers."""

    kind = "network"
    name: str = field()
    ip_range: str = field()
    subnets: list[dict[str, Any]] = field()
    routes: list[dict[str, Any]] = field()
    servers: list[int] = field()
    load_balancers: list[int] | None = field()
    protection: dict[str, bool] = field()
    labels: dict[str, str] = field()
    expose_routes_to_vswitch: bool = field()
    created: datetime | None = time_field()

    async def add_subnet(
        self,
        type: str,
        network_zone: str,
        ip_range: str | None = None,
        vswitch_id: int | None = None,
    ) -> Action:
        """Add a subnet (``cloud``, ``server`` or ``vswitch``) in a network zone; without
        ``ip_range`` the API picks a free /24."""
        return await self._action(
            "add_subnet",
            type=check_name(type, "type"),
            network_zone=check_name(network_zone, "network_zone"),
            **present(ip_range=ip_range, vswitch_id=vswitch_id),
        )

    async def delete_subnet(self, ip_range: str) -> Action:
        """Delete the subnet with this range (no server may use it)."""
        return await self._action("delete_subnet", ip_range=check_name(ip_range, "ip_range"))

    async def add_route(self, destination: str, gateway: str) -> Action:
        """Route ``destination`` (a range) through ``gateway`` (an address in a subnet)."""
        return await self._action(
            "add_route",
            destination=check_name(destination, "destination"),
            gateway=check_name(gateway, "gateway"),
        )

    async def delete_route(self, destination: str, gateway: str) -> Action:
        """Delete a route."""
        return await self._action(
            "delete_route",
            destination=check_name(destination, "destination"),
            gateway=check_name(gateway, "gateway"),
        )

    async def change_ip_range(self, ip_range: str) -> Action:
        """Grow the network's range (it may only grow, keeping every subnet inside)."""
        return await self._action("change_ip_range", ip_range=check_name(ip_range, "ip_range"))


class NetworksClient(
    Creatable[Network], Updatable[Network], Deletable[Network], ActionReads[Network]
):
    """``client.networks``."""

    model = Network
    path = "/networks"

    async def create(
        self,
        name: str,
        ip_range: str,
        *,
        subnets: list[dict[str, Any]] | None = None,
        routes: list[dict[str, Any]] | None = None,
        labels: dict[str, str] | None = None,
        expose_routes_to_vswitch: bool | None = None,
    ) -> Network:
        """Create a network, e.g. ``ip_range="10.0.0.0/16"`` with a ``cloud`` subnet."""
        return await self._create_one(
            name=check_name(name),
            ip_range=check_name(ip_range, "ip_range"),
            **present(
                subnets=subnets,
                routes=routes,
                labels=labels,
                expose_routes_to_vswitch=expose_routes_to_vswitch,
            ),
        )

    async def update(
        self,
        resource: int | Network,
        *,
        name: str | None = None,
        labels: dict[str, str] | None = None,
        expose_routes_to_vswitch: bool | None = None,
    ) -> Network:
        """Rename, replace labels, or expose the routes to a connected vSwitch."""
        return await self._update(
            resource,
            present(
                name=None if name is None else check_name(name),
                labels=labels,
                expose_routes_to_vswitch=expose_routes_to_vswitch,
            ),
        )
