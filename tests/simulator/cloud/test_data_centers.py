"""Data centers: Hetzner removed their endpoints on 1 October 2026."""

from __future__ import annotations

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ...conftest import NO_RETRY


@pytest.mark.parametrize("path", ["/datacenters", "/datacenters/1", "/datacenters?name=fsn1-dc14"])
async def test_data_centers_are_gone(simulator: Simulator, path: str) -> None:
    async with simulator.client(retry=NO_RETRY) as client:
        with pytest.raises(asynchetzner.APIError) as caught:
            await client.get(path)
    assert (caught.value.status, caught.value.code) == (410, "deprecated_api_endpoint")
    assert "locations" in caught.value.message
