"""Locations, and what every read-only kind shares: 404 for unknown ids, 422 for others."""

from __future__ import annotations

import aiohttp
import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import field_names


async def test_locations_are_listed_by_id_and_filtered_by_name(
    client: asynchetzner.Client,
) -> None:
    everything = await client.get("/locations")
    assert [loc["id"] for loc in everything["locations"]] == [1, 2, 3, 4, 5, 6]
    assert everything["meta"]["pagination"]["total_entries"] == 6
    only = await client.get("/locations", name="hel1")
    assert [loc["name"] for loc in only["locations"]] == ["hel1"]


async def test_locations_sort_by_name_and_paginate(client: asynchetzner.Client) -> None:
    page = await client.get("/locations", sort="name:desc", per_page=2, page=2)
    assert [loc["name"] for loc in page["locations"]] == ["hil", "hel1"]
    assert page["meta"]["pagination"]["last_page"] == 3


async def test_locations_answer_the_link_header(simulator: Simulator) -> None:
    headers = {"Authorization": f"Bearer {simulator.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{simulator.url}/locations?per_page=4", headers=headers) as response,
    ):
        assert 'per_page=4&page=2>; rel="next"' in response.headers["Link"]


async def test_locations_cannot_sort_by_created(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/locations", sort="created")
    assert field_names(caught.value) == ["sort"]


async def test_one_location(client: asynchetzner.Client) -> None:
    location = (await client.get("/locations/4"))["location"]
    assert location["name"] == "ash"
    assert location["network_zone"] == "us-east"


@pytest.mark.parametrize("path", ["/locations/77", "/server_types/1", "/isos/1", "/images/1"])
async def test_unknown_catalog_ids_are_not_found(client: asynchetzner.Client, path: str) -> None:
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(path)


async def test_a_path_id_must_be_a_number(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/locations/fsn1")
    assert field_names(caught.value) == ["id"]
