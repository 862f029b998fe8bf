"""An inventory of the project: servers grouped by type and location, with what they cost.

Prices are the monthly net prices of ``client.server_types`` for each server's location (the
most a server costs in a month; Hetzner bills by the hour up to that cap), without traffic,
backups, volumes or IPs. Run it against Hetzner::

    HCLOUD_TOKEN=... python examples/inventory.py [--selector env=prod]

or against the simulator (``python -m asynchetzner.simulator --token demo`` elsewhere)::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo python examples/inventory.py

Exit status 0 on success; 1 with one ``error:`` line on stderr when the API refuses.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from tabulate import tabulate

import asynchetzner
from asynchetzner import Server, ServerType

CENT = Decimal("0.01")


@dataclass
class Group:
    """The servers of one type in one location."""

    servers: int = 0
    cores: int = 0
    memory: float = 0.0
    monthly: Decimal | None = Decimal(0)  # None when the price is unknown


def monthly_net(server_type: ServerType, location: str) -> Decimal | None:
    """The monthly net price of ``server_type`` in ``location``, if it is sold there."""
    for price in server_type.prices or []:
        if price["location"] == location:
            return Decimal(price["price_monthly"]["net"])
    return None


def group_servers(
    servers: list[Server], types: dict[int, ServerType]
) -> dict[tuple[str, str], Group]:
    """Count, cores, memory and price per (type, location)."""
    groups: dict[tuple[str, str], Group] = defaultdict(Group)
    for server in servers:
        server_type = types.get(server.server_type.id, server.server_type)
        group = groups[server_type.name, server.location.name]
        group.servers += 1
        group.cores += server_type.cores
        group.memory += server_type.memory
        price = monthly_net(server_type, server.location.name)
        group.monthly = None if price is None or group.monthly is None else group.monthly + price
    return dict(sorted(groups.items()))


def money(amount: Decimal | None) -> str:
    return "?" if amount is None else str(amount.quantize(CENT))


def table(groups: dict[tuple[str, str], Group]) -> str:
    """The groups and a total row as a text table."""
    rows: list[tuple[object, ...]] = [
        (type_name, location, g.servers, g.cores, f"{g.memory:g}", money(g.monthly))
        for (type_name, location), g in groups.items()
    ]
    prices = [g.monthly for g in groups.values()]
    total = None if None in prices else sum((p for p in prices if p is not None), Decimal(0))
    rows.append(
        (
            "total",
            "",
            sum(g.servers for g in groups.values()),
            sum(g.cores for g in groups.values()),
            f"{sum(g.memory for g in groups.values()):g}",
            money(total),
        )
    )
    headers = ("type", "location", "servers", "cores", "memory GB", "EUR/month net")
    return tabulate(
        rows, headers=headers, colalign=("left", "left", "right", "right", "right", "right")
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selector", help="only servers matching this label selector")
    args = parser.parse_args()
    try:
        async with asynchetzner.Client(application_name="asynchetzner-inventory") as client:
            servers, server_types = await asyncio.gather(
                client.servers.get_all(label_selector=args.selector),
                client.server_types.get_all(),
            )
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    groups = group_servers(servers, {t.id: t for t in server_types})
    print(table(groups))
    if any(g.monthly is None for g in groups.values()):
        print("?: a server type no longer sold in that location has no price in the catalog")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
