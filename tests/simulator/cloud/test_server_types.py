"""Server types: listed and fetched from the seeded data."""

from __future__ import annotations

import asynchetzner
from asynchetzner.simulator.cloud import seed_data


async def test_server_types_are_listed_and_filtered_by_name(client: asynchetzner.Client) -> None:
    listed = (await client.get("/server_types", per_page=50))["server_types"]
    assert len(listed) == len(seed_data.server_types())
    only = (await client.get("/server_types", name="cax11"))["server_types"]
    assert [(st["id"], st["architecture"]) for st in only] == [(45, "arm")]


async def test_one_server_type(client: asynchetzner.Client) -> None:
    server_type = (await client.get("/server_types/22"))["server_type"]
    assert server_type["name"] == "cpx11"
    assert server_type["deprecated"] is True
