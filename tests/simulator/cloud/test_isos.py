"""ISOs: the architecture filter and its wildcard."""

from __future__ import annotations

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import field_names


async def test_isos_are_filtered_by_architecture_and_name(client: asynchetzner.Client) -> None:
    arm = (await client.get("/isos", architecture="arm"))["isos"]
    assert {iso["id"] for iso in arm} == {4003, 4005}
    named = (await client.get("/isos", name="virtio-win-0.1.266.iso"))["isos"]
    assert [iso["id"] for iso in named] == [4001]


async def test_isos_with_wildcard_architecture_only_when_asked() -> None:
    # Unchecked simulator: the spec's ISO schema is nullable but its enum lacks null, so it
    # rejects the wildcard ISOs (architecture null) its own description promises.
    async with Simulator(action_seconds=0.0) as simulator, simulator.client() as client:
        simulator.store.table("iso")[4100] = {
            "id": 4100,
            "name": "any-arch.iso",
            "description": "Fits every architecture",
            "type": "public",
            "deprecation": None,
            "architecture": None,
        }
        plain = (await client.get("/isos", architecture="x86"))["isos"]
        assert 4100 not in {iso["id"] for iso in plain}
        wild = await client.get("/isos", architecture="x86", include_architecture_wildcard=True)
        assert {iso["id"] for iso in wild["isos"]} == {4001, 4002, 4004, 4100}
        everything = (await client.get("/isos"))["isos"]
        assert 4100 in {iso["id"] for iso in everything}


async def test_iso_wildcard_needs_an_architecture(client: asynchetzner.Client) -> None:
    listed = await client.get("/isos", include_architecture_wildcard=True)
    assert {iso["id"] for iso in listed["isos"]} == {4001, 4002, 4003, 4004, 4005}


async def test_iso_flags_must_be_booleans(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/isos", architecture="x86", include_architecture_wildcard="yes")
    assert field_names(caught.value) == ["include_architecture_wildcard"]


async def test_one_iso(client: asynchetzner.Client) -> None:
    iso = (await client.get("/isos/4003"))["iso"]
    assert iso["architecture"] == "arm"
