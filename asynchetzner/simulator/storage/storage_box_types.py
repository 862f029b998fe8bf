"""Storage Box types: read-only, seeded from Hetzner's offer (``bx11`` to ``bx41``)."""

from __future__ import annotations

from typing import Any

from ..cloud import seed_data
from ..engine.kinds import Kind

_TB = 1024**4
LOCATIONS = ("fsn1", "hel1")
# name: size in TB, snapshots (manual and automatic), subaccounts; net prices hourly, monthly
_OFFER = {
    "bx11": (1, 10, 100, "0.0051", "3.2000"),
    "bx21": (5, 20, 100, "0.0174", "10.9000"),
    "bx31": (10, 30, 100, "0.0333", "20.8000"),
    "bx41": (20, 40, 100, "0.0650", "40.6000"),
}


def storage_box_types() -> list[dict[str, Any]]:
    """Every Storage Box type, sold in Falkenstein and Helsinki."""
    return [
        {
            "id": type_id,
            "name": name,
            "description": name.upper(),
            "snapshot_limit": snapshots,
            "automatic_snapshot_limit": snapshots,
            "subaccounts_limit": subaccounts,
            "size": size * _TB,
            "prices": [
                {
                    "location": location,
                    "price_hourly": seed_data.price(hourly),
                    "price_monthly": seed_data.price(monthly),
                    "setup_fee": seed_data.price("0"),
                }
                for location in LOCATIONS
            ],
            "deprecation": None,
        }
        for type_id, (name, (size, snapshots, subaccounts, hourly, monthly)) in enumerate(
            _OFFER.items(), start=1
        )
    ]


KIND = Kind("storage_box_types", seed=storage_box_types)
