"""``GET /pricing``: the price list agrees with the catalog the simulator answers."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import raw


async def pricing_of(client: asynchetzner.Client) -> dict[str, Any]:
    answer: dict[str, Any] = (await client.get("/pricing"))["pricing"]
    return answer


def price_pairs(value: Any) -> Iterator[dict[str, str]]:
    """Every ``{"net", "gross"}`` pair in ``value``."""
    if isinstance(value, dict):
        if set(value) == {"net", "gross"}:
            yield value
        for item in value.values():
            yield from price_pairs(item)
    elif isinstance(value, list):
        for item in value:
            yield from price_pairs(item)


async def test_server_and_load_balancer_types_are_priced_as_the_catalog_prices_them(
    client: asynchetzner.Client,
) -> None:
    pricing = await pricing_of(client)
    for collection in ("server_types", "load_balancer_types"):
        catalog = (await client.get(f"/{collection}", per_page=50))[collection]
        assert pricing[collection] == [
            {"id": entry["id"], "name": entry["name"], "prices": entry["prices"]}
            for entry in sorted(catalog, key=lambda entry: entry["id"])
        ], collection


async def test_ips_are_priced_in_every_location(client: asynchetzner.Client) -> None:
    pricing = await pricing_of(client)
    locations = [location["name"] for location in (await client.get("/locations"))["locations"]]
    for collection in ("primary_ips", "floating_ips"):
        assert [entry["type"] for entry in pricing[collection]] == ["ipv4", "ipv6"]
        for entry in pricing[collection]:
            assert [price["location"] for price in entry["prices"]] == locations, collection
    first_floating_ipv4 = pricing["floating_ips"][0]["prices"][0]["price_monthly"]
    assert pricing["floating_ip"] == {"price_monthly": first_floating_ipv4}


async def test_every_gross_price_is_its_net_price_with_the_vat_rate(
    client: asynchetzner.Client,
) -> None:
    pricing = await pricing_of(client)
    assert (pricing["currency"], pricing["vat_rate"]) == ("EUR", "19.00")
    rate = 1 + Decimal(pricing["vat_rate"]) / 100
    pairs = list(price_pairs(pricing))
    assert len(pairs) > 100
    for pair in pairs:
        assert Decimal(pair["gross"]) == Decimal(pair["net"]) * rate, pair
    assert Decimal(pricing["volume"]["price_per_gb_month"]["net"]) > 0
    assert Decimal(pricing["image"]["price_per_gb_month"]["net"]) > 0
    assert pricing["server_backup"] == {"percentage": "20.00"}


async def test_pricing_takes_no_id_and_no_other_method(simulator: Simulator) -> None:
    assert (await raw(simulator, "GET", "/pricing/1"))[0] == 404
    status, headers, _ = await raw(simulator, "POST", "/pricing")
    assert (status, headers["Allow"]) == (405, "GET")
