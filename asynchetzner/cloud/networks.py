"""Private networks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..typed.models import Model, check_name, present
from ..typed.resources import MutableResourceClient


class Network(Model):
    """A private network with its subnets, routes and attached servers."""

    fields = (
        "name",
        "ip_range",
        "subnets",
        "routes",
        "servers",
        "load_balancers",
        "protection",
        "labels",
        "expose_routes_to_vswitch",
    )
    times = ("created",)
    name: str
    ip_range: str
    subnets: list[dict[str, Any]]
    routes: list[dict[str, Any]]
    servers: list[int]
    load_balancers: list[int] | None
    protection: dict[str, bool]
    labels: dict[str, str]
    expose_routes_to_vswitch: bool
    created: datetime | None


class NetworksClient(MutableResourceClient[Network]):
    """``client.networks``."""

    path = "/networks"
    single = "network"
    model = Network

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
