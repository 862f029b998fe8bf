"""Load Balancer types: listed and fetched from the seeded offer."""

from __future__ import annotations

import pytest

import asynchetzner
from asynchetzner.simulator.cloud import seed_data


async def test_load_balancer_types_are_listed_and_filtered_by_name(
    client: asynchetzner.Client,
) -> None:
    listed = (await client.get("/load_balancer_types"))["load_balancer_types"]
    assert [(t["id"], t["name"]) for t in listed] == [(1, "lb11"), (2, "lb21"), (3, "lb31")]
    assert [t["max_targets"] for t in listed] == sorted(t["max_targets"] for t in listed)
    only = (await client.get("/load_balancer_types", name="lb21"))["load_balancer_types"]
    assert [t["id"] for t in only] == [2]


async def test_one_load_balancer_type_is_sold_everywhere(client: asynchetzner.Client) -> None:
    lb11 = (await client.get("/load_balancer_types/1"))["load_balancer_type"]
    locations = {location["name"] for location in seed_data.locations()}
    assert {price["location"] for price in lb11["prices"]} == locations
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get("/load_balancer_types/99")
