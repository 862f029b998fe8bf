"""``client.pricing`` against the simulator: one typed answer, not a collection."""

from __future__ import annotations

import pytest

from asynchetzner import Client, ClientStateError, Pricing
from asynchetzner.simulator import Simulator

from ..conftest import ScriptedServer


async def test_pricing_is_typed(client: Client) -> None:
    pricing = await client.pricing.get()
    assert isinstance(pricing, Pricing)
    assert (pricing.currency, pricing.vat_rate) == ("EUR", "19.00")
    assert repr(pricing) == "<Pricing currency='EUR' vat_rate='19.00'>"
    assert pricing.server_backup == {"percentage": "20.00"}
    assert set(pricing.volume) == set(pricing.image) == {"price_per_gb_month"}
    assert [entry["type"] for entry in pricing.primary_ips] == ["ipv4", "ipv6"]
    assert [entry["type"] for entry in pricing.floating_ips] == ["ipv4", "ipv6"]
    assert pricing.floating_ip is not None
    server_types = {entry["name"]: entry for entry in pricing.server_types}
    cx23 = await client.server_types.get_by_name("cx23")
    assert cx23 is not None
    assert server_types["cx23"]["prices"] == cx23.prices
    lb11 = await client.load_balancer_types.get_by_name("lb11")
    assert lb11 is not None
    assert {entry["name"]: entry for entry in pricing.load_balancer_types}["lb11"]["prices"] == (
        lb11.prices
    )
    assert pricing.data["currency"] == "EUR"


async def test_refresh_reads_the_prices_again(sim: Simulator, client: Client) -> None:
    pricing = await client.pricing.get()
    table = sim.project.store.table("server_type")
    cheapest = min(table.values(), key=lambda entry: entry["id"])
    cheapest["prices"] = cheapest["prices"][:1]
    assert await pricing.refresh() is pricing
    assert pricing.server_types[0]["prices"] == cheapest["prices"]


async def test_reading_sends_nothing(server: ScriptedServer) -> None:
    data = {"currency": "EUR", "vat_rate": "19.00", "server_types": []}
    async with Client(server.url, "token") as client:
        pricing = Pricing(client, data)
        assert (pricing.currency, pricing.server_types, pricing.volume) == ("EUR", [], None)
    assert server.received == []


async def test_an_unbound_pricing_cannot_refresh() -> None:
    with pytest.raises(ClientStateError, match="not bound"):
        await Pricing(None, {"currency": "EUR"}).refresh()
