"""Load Balancer types: read-only, seeded from Hetzner's offer (``lb11``, ``lb21``, ``lb31``)."""

from __future__ import annotations

from typing import Any

from ..engine.kinds import Kind
from . import seed_data

_INCLUDED_TRAFFIC = 20 * 1024**4
# name: max connections, services, targets, certificates; net prices hourly and monthly
_OFFER = {
    "lb11": (10_000, 5, 25, 10, "0.0080", "5.0000"),
    "lb21": (20_000, 15, 75, 25, "0.0210", "13.0000"),
    "lb31": (40_000, 30, 150, 50, "0.0420", "26.0000"),
}


def load_balancer_types() -> list[dict[str, Any]]:
    """Every Load Balancer type, sold in every location."""
    return [
        {
            "id": type_id,
            "name": name,
            "description": name.upper(),
            "max_connections": connections,
            "max_services": services,
            "max_targets": targets,
            "max_assigned_certificates": certificates,
            "deprecated": None,
            "deprecation": None,
            "prices": [
                {
                    "location": location["name"],
                    "price_hourly": seed_data.price(hourly),
                    "price_monthly": seed_data.price(monthly),
                    "included_traffic": _INCLUDED_TRAFFIC,
                    "price_per_tb_traffic": seed_data.price(
                        seed_data.TRAFFIC_PRICE[location["name"]]
                    ),
                }
                for location in seed_data.locations()
            ],
        }
        for type_id, (name, (connections, services, targets, certificates, hourly, monthly)) in (
            enumerate(_OFFER.items(), start=1)
        )
    ]


KIND = Kind("load_balancer_types", label="Load Balancer type", seed=load_balancer_types)
