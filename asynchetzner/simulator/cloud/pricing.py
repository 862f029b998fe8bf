"""Pricing (``GET /pricing``): the project's price list, computed from the simulator's catalog.

Server types and Load Balancer types are priced as their own ``prices`` say (so the list always
agrees with ``/server_types`` and ``/load_balancer_types``); the other prices are Hetzner's net
prices in EUR below, made gross with the VAT ``seed_data.price`` applies, in every location.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aiohttp import web

from ..engine.app import answer
from ..engine.kinds import Call, Kind
from ..engine.project import Project
from . import seed_data

CURRENCY = "EUR"
VOLUME_PER_GB_MONTH = "0.0440"
IMAGE_PER_GB_MONTH = "0.0110"
BACKUP_PERCENTAGE = "20.00"
# type: net price hourly, monthly
PRIMARY_IP_PRICES = {"ipv4": ("0.0008", "0.5000"), "ipv6": ("0.0000", "0.0000")}
# type: net price monthly
FLOATING_IP_PRICES = {"ipv4": "3.0000", "ipv6": "1.0000"}


def vat_rate() -> str:
    """The VAT ``seed_data.price`` adds, as a percentage (``"19.00"``)."""
    hundred = seed_data.price("100")
    return f"{Decimal(hundred['gross']) - Decimal(hundred['net']):.2f}"


def pricing(project: Project) -> dict[str, Any]:
    """The price list of the project's catalog."""
    locations = [location["name"] for location in project.store.table("location").values()]
    return {
        "currency": CURRENCY,
        "vat_rate": vat_rate(),
        "primary_ips": [
            {
                "type": ip_type,
                "prices": [
                    {
                        "location": location,
                        "price_hourly": seed_data.price(hourly),
                        "price_monthly": seed_data.price(monthly),
                    }
                    for location in locations
                ],
            }
            for ip_type, (hourly, monthly) in PRIMARY_IP_PRICES.items()
        ],
        "floating_ips": [
            {
                "type": ip_type,
                "prices": [
                    {"location": location, "price_monthly": seed_data.price(monthly)}
                    for location in locations
                ],
            }
            for ip_type, monthly in FLOATING_IP_PRICES.items()
        ],
        "floating_ip": {"price_monthly": seed_data.price(FLOATING_IP_PRICES["ipv4"])},
        "image": {"price_per_gb_month": seed_data.price(IMAGE_PER_GB_MONTH)},
        "volume": {"price_per_gb_month": seed_data.price(VOLUME_PER_GB_MONTH)},
        "server_backup": {"percentage": BACKUP_PERCENTAGE},
        "server_types": _priced(project, "server_type"),
        "load_balancer_types": _priced(project, "load_balancer_type"),
    }


def _priced(project: Project, resource: str) -> list[dict[str, Any]]:
    """Id, name and prices of each catalog entry of ``resource``, by id."""
    table = project.store.table(resource)
    return [
        {"id": entry["id"], "name": entry["name"], "prices": entry["prices"]}
        for _, entry in sorted(table.items())
    ]


async def get_pricing(call: Call) -> web.StreamResponse:
    """The price list."""
    return answer({"pricing": pricing(call.project)}, call.operation.status)


KIND = Kind("pricing", handlers={"GET /pricing": get_pricing})
