"""Network actions: subnets and routes added and deleted, the range grown, protection, and the
``conflict`` while another action runs on the network."""

from __future__ import annotations

from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import Clock, field_names
from .test_networks import CLOUD, add_server, attach, create

Network = dict[str, Any]


async def act(client: asynchetzner.Client, network: Network, name: str, **body: Any) -> Network:
    """Run the action ``name`` on the network; answer the network as it is afterwards."""
    answer = await client.post(f"/networks/{network['id']}/actions/{name}", **body)
    assert answer["action"]["command"] == name
    assert answer["action"]["resources"] == [{"id": network["id"], "type": "network"}]
    changed: Network = (await client.get(f"/networks/{network['id']}"))["network"]
    return changed


async def refused(
    client: asynchetzner.Client, network: Network, name: str, **body: Any
) -> asynchetzner.APIError:
    """Run the action ``name``, expecting it to be refused; the network must be unchanged."""
    with pytest.raises(asynchetzner.APIError) as caught:
        await client.post(f"/networks/{network['id']}/actions/{name}", **body)
    assert (await client.get(f"/networks/{network['id']}"))["network"] == network
    return caught.value


# add_subnet


async def test_add_subnet_with_its_range(client: asynchetzner.Client) -> None:
    network = await create(client)
    changed = await act(client, network, "add_subnet", **CLOUD, ip_range="10.0.5.0/24")
    assert changed["subnets"] == [
        {
            "type": "cloud",
            "ip_range": "10.0.5.0/24",
            "network_zone": "eu-central",
            "gateway": "10.0.0.1",
            "vswitch_id": None,
        }
    ]


async def test_add_subnet_without_a_range_takes_the_first_free_24(
    client: asynchetzner.Client,
) -> None:
    network = await create(client, subnets=[{**CLOUD, "ip_range": "10.0.0.0/24"}])
    changed = await act(client, network, "add_subnet", type="server", network_zone="eu-central")
    assert [(s["ip_range"], s["gateway"]) for s in changed["subnets"]] == [
        ("10.0.0.0/24", "10.0.0.1"),
        ("10.0.1.0/24", "10.0.1.1"),
    ]


@pytest.mark.parametrize(
    ("subnet", "field"),
    [
        ({**CLOUD, "ip_range": "10.1.0.0/24"}, "ip_range"),  # outside the network
        ({**CLOUD, "ip_range": "10.0.0.128/25"}, "ip_range"),  # overlaps a subnet
        ({**CLOUD, "ip_range": "10.0.9.0/24"}, "ip_range"),  # overlaps a route
        ({**CLOUD, "ip_range": "10.0.7.0/31"}, "ip_range"),  # smaller than /30
        ({**CLOUD, "network_zone": "moon"}, "network_zone"),
        ({"type": "vswitch", "network_zone": "eu-central"}, "vswitch_id"),
    ],
)
async def test_add_subnet_refuses_what_does_not_fit(
    client: asynchetzner.Client, subnet: dict[str, Any], field: str
) -> None:
    network = await create(
        client,
        subnets=[{**CLOUD, "ip_range": "10.0.0.0/24"}],
        routes=[{"destination": "10.0.9.0/24", "gateway": "10.0.0.2"}],
    )
    error = await refused(client, network, "add_subnet", **subnet)
    assert (error.code, field_names(error)) == ("invalid_input", [field])


async def test_add_subnet_fails_when_no_24_is_left(client: asynchetzner.Client) -> None:
    network = await create(client, ip_range="10.0.0.0/24", subnets=[CLOUD])
    error = await refused(client, network, "add_subnet", **CLOUD)
    assert field_names(error) == ["ip_range"]


# delete_subnet


async def test_delete_subnet(client: asynchetzner.Client) -> None:
    network = await create(client, subnets=[CLOUD, {**CLOUD, "ip_range": "10.0.8.0/24"}])
    changed = await act(client, network, "delete_subnet", ip_range="10.0.0.0/24")
    assert [s["ip_range"] for s in changed["subnets"]] == ["10.0.8.0/24"]


async def test_delete_subnet_needs_one_of_the_network(client: asynchetzner.Client) -> None:
    network = await create(client, subnets=[CLOUD])
    error = await refused(client, network, "delete_subnet", ip_range="10.0.1.0/24")
    assert field_names(error) == ["ip_range"]


async def test_a_subnet_holding_a_server_cannot_be_deleted(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    created = await create(client, subnets=[CLOUD])
    attach(simulator.project, add_server(simulator.project, 1), created["id"])
    network = (await client.get(f"/networks/{created['id']}"))["network"]
    error = await refused(client, network, "delete_subnet", ip_range="10.0.0.0/24")
    assert (error.status, error.code) == (422, "resource_in_use")


# add_route, delete_route


async def test_add_and_delete_routes(client: asynchetzner.Client) -> None:
    network = await create(client, subnets=[CLOUD])
    default = {"destination": "0.0.0.0/0", "gateway": "10.0.0.2"}
    private = {"destination": "10.100.0.0/16", "gateway": "10.0.0.3"}
    await act(client, network, "add_route", **default)
    changed = await act(client, network, "add_route", **private)
    assert changed["routes"] == [default, private]
    changed = await act(client, network, "delete_route", **default)
    assert changed["routes"] == [private]


@pytest.mark.parametrize(
    ("route", "field"),
    [
        ({"destination": "10.0.0.0/28", "gateway": "10.0.0.2"}, "destination"),  # a subnet
        ({"destination": "10.100.1.0/24", "gateway": "10.0.0.2"}, "destination"),  # a route
        ({"destination": "8.8.8.0/24", "gateway": "10.0.0.2"}, "destination"),  # public
        ({"destination": "172.31.0.0/16", "gateway": "10.0.0.2"}, "destination"),
        ({"destination": "10.200.0.0/16", "gateway": "10.0.0.1"}, "gateway"),  # first IP
        ({"destination": "10.200.0.0/16", "gateway": "172.31.1.1"}, "gateway"),
        ({"destination": "10.200.0.0/16", "gateway": "10.1.0.2"}, "gateway"),  # outside
    ],
)
async def test_add_route_refuses_what_does_not_fit(
    client: asynchetzner.Client, route: dict[str, str], field: str
) -> None:
    network = await create(
        client,
        subnets=[CLOUD],
        routes=[{"destination": "10.100.0.0/16", "gateway": "10.0.0.2"}],
    )
    error = await refused(client, network, "add_route", **route)
    assert field_names(error) == [field]


async def test_delete_route_needs_one_of_the_network(client: asynchetzner.Client) -> None:
    route = {"destination": "10.100.0.0/16", "gateway": "10.0.0.2"}
    network = await create(client, subnets=[CLOUD], routes=[route])
    error = await refused(client, network, "delete_route", **{**route, "gateway": "10.0.0.3"})
    assert field_names(error) == ["destination"]


# change_ip_range


async def test_change_ip_range_grows_the_network(client: asynchetzner.Client) -> None:
    network = await create(client, subnets=[CLOUD])
    changed = await act(client, network, "change_ip_range", ip_range="10.0.0.0/14")
    assert changed["ip_range"] == "10.0.0.0/14"
    assert changed["subnets"] == network["subnets"]


@pytest.mark.parametrize("ip_range", ["10.0.0.0/17", "10.1.0.0/16", "10.0.0.0/6", "10.0.0.1/16"])
async def test_change_ip_range_may_only_grow_from_the_same_start(
    client: asynchetzner.Client, ip_range: str
) -> None:
    network = await create(client)
    error = await refused(client, network, "change_ip_range", ip_range=ip_range)
    assert field_names(error) == ["ip_range"]


# change_protection, and actions that take time


async def test_change_protection_guards_against_deletion(client: asynchetzner.Client) -> None:
    network = await create(client)
    assert (await act(client, network, "change_protection", delete=True))["protection"] == {
        "delete": True
    }
    with pytest.raises(asynchetzner.ProtectedError):
        await client.delete(f"/networks/{network['id']}")
    await act(client, network, "change_protection", delete=False)
    assert await client.delete(f"/networks/{network['id']}") is None


async def test_changes_land_when_the_action_succeeds_and_conflict_meanwhile(
    clocked: Clock,
) -> None:
    client = clocked.client
    network = await create(client)
    path = f"/networks/{network['id']}"
    running = await client.post(f"{path}/actions/add_subnet", **CLOUD)
    assert (await client.get(path))["network"]["subnets"] == []
    with pytest.raises(asynchetzner.APIError) as caught:
        await client.post(f"{path}/actions/add_route", destination="0.0.0.0/0", gateway="10.0.0.2")
    assert (caught.value.status, caught.value.code) == (409, "conflict")
    with pytest.raises(asynchetzner.APIError) as renaming:  # "If a change is currently
        await client.put(path, name="renamed")  # being performed": the update too
    assert (renaming.value.status, renaming.value.code) == (409, "conflict")
    clocked.tick()
    assert len((await client.get(path))["network"]["subnets"]) == 1
    listed = (await client.get(f"{path}/actions"))["actions"]
    assert [(a["id"], a["status"]) for a in listed] == [(running["action"]["id"], "success")]
    assert (await client.get("/networks/actions", status="running"))["actions"] == []
