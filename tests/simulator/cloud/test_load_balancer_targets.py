"""Load Balancer targets: servers, label selectors and IPs, their health, and what servers show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import field_names
from .lb_helpers import (
    act,
    create_lb,
    get_lb,
    ip_target,
    new_network,
    new_server,
    refused,
    selector_target,
    server_target,
    service,
)


def health(target: dict[str, Any]) -> list[str]:
    return [entry["status"] for entry in target["health_status"]]


async def server_lbs(client: asynchetzner.Client, server_id: int) -> list[int]:
    found: list[int] = (await client.get(f"/servers/{server_id}"))["server"]["load_balancers"]
    return found


async def test_a_server_target_is_healthy_while_it_runs(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web")
    lb = (
        await create_lb(
            client, services=[service(80), service(443)], targets=[server_target(server_id)]
        )
    )["load_balancer"]
    [target] = (await get_lb(client, lb["id"]))["targets"]
    address = (await client.get(f"/servers/{server_id}"))["server"]["public_net"]["ipv4"]["ip"]
    assert target["server"] == {"id": server_id, "ip": address}
    assert target["health_status"] == [
        {"listen_port": 80, "status": "healthy"},
        {"listen_port": 443, "status": "healthy"},
    ]
    assert await server_lbs(client, server_id) == [lb["id"]]
    await client.post(f"/servers/{server_id}/actions/poweroff")
    [target] = (await get_lb(client, lb["id"]))["targets"]
    assert health(target) == ["unhealthy", "unhealthy"]


async def test_a_starting_server_is_unknown(make_simulator: Callable[..., Simulator]) -> None:
    clock = [1000.0]
    async with (
        make_simulator(action_seconds=10, clock=lambda: clock[0]) as simulator,
        simulator.client() as client,
    ):
        server_id = await new_server(client, "web")
        lb = await create_lb(client, services=[service(80)], targets=[server_target(server_id)])
        [target] = lb["load_balancer"]["targets"]
        assert health(target) == ["unknown"]


async def test_a_deleted_server_is_no_target(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web")
    targets = [server_target(server_id), ip_target("1.1.1.1")]
    lb_id = (await create_lb(client, targets=targets))["load_balancer"]["id"]
    assert await server_lbs(client, server_id) == [lb_id]
    await client.delete(f"/servers/{server_id}")
    assert [t["type"] for t in (await get_lb(client, lb_id))["targets"]] == ["ip"]


async def test_label_selectors_follow_servers_as_they_come_and_go(
    client: asynchetzner.Client,
) -> None:
    blue = await new_server(client, "blue", labels={"color": "blue"})
    await new_server(client, "far", labels={"color": "blue"}, location="ash")
    lb_id = (
        await create_lb(client, services=[service(80)], targets=[selector_target("color=blue")])
    )["load_balancer"]["id"]
    [target] = (await get_lb(client, lb_id))["targets"]
    assert target["label_selector"] == {"selector": "color=blue"}
    assert [t["server"]["id"] for t in target["targets"]] == [blue]
    assert target["targets"][0]["type"] == "server"
    assert health(target["targets"][0]) == ["healthy"]
    assert await server_lbs(client, blue) == [lb_id]
    green = await new_server(client, "green", labels={"color": "green"})
    assert await server_lbs(client, green) == []
    await client.put(f"/servers/{green}", labels={"color": "blue"})
    [target] = (await get_lb(client, lb_id))["targets"]
    assert [t["server"]["id"] for t in target["targets"]] == [blue, green]


async def test_private_targets_need_a_common_network(client: asynchetzner.Client) -> None:
    network_id = await new_network(client)
    inside = await new_server(client, "inside", networks=[network_id], labels={"a": "b"})
    outside = await new_server(client, "outside")
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    await refused(
        act(client, lb_id, "add_target", **server_target(inside, use_private_ip=True)),
        "load_balancer_not_attached_to_network",
    )
    await refused(
        act(client, lb_id, "add_target", **selector_target("a=b", use_private_ip=True)),
        "load_balancer_not_attached_to_network",
    )
    await act(client, lb_id, "attach_to_network", network=network_id)
    await refused(
        act(client, lb_id, "add_target", **server_target(outside, use_private_ip=True)),
        "resolve_cloud_private_targets_error",
    )
    await act(client, lb_id, "add_target", **server_target(inside, use_private_ip=True))
    await act(client, lb_id, "add_target", **selector_target("a=b", use_private_ip=True))
    direct, selected = (await get_lb(client, lb_id))["targets"]
    private_ip = (await client.get(f"/servers/{inside}"))["server"]["private_net"][0]["ip"]
    assert direct["server"] == {"id": inside, "ip": private_ip}
    assert selected["targets"][0]["server"] == {"id": inside, "ip": private_ip}
    await act(client, lb_id, "disable_public_interface")
    await act(client, lb_id, "enable_public_interface")


async def test_a_target_detached_from_the_network_is_unhealthy(
    client: asynchetzner.Client,
) -> None:
    network_id = await new_network(client)
    inside = await new_server(client, "inside", networks=[network_id])
    targets = [server_target(inside, use_private_ip=True)]
    lb_id = (await create_lb(client, network=network_id, services=[service(80)], targets=targets))[
        "load_balancer"
    ]["id"]
    await client.post(f"/servers/{inside}/actions/detach_from_network", network=network_id)
    [target] = (await get_lb(client, lb_id))["targets"]
    assert target["server"] == {"id": inside, "ip": ""}
    assert health(target) == ["unhealthy"]


async def test_public_targets_need_public_addresses(client: asynchetzner.Client) -> None:
    network_id = await new_network(client)
    hidden = await new_server(client, "hidden", public_net={"enable_ipv4": False})
    far = await new_server(client, "far", location="ash")
    lb_id = (await create_lb(client, network=network_id))["load_balancer"]["id"]
    await refused(
        act(client, lb_id, "add_target", **server_target(hidden)),
        "resolve_cloud_public_targets_error",
    )
    error = await refused(act(client, lb_id, "add_target", **server_target(far)), "invalid_input")
    assert field_names(error) == ["server.id"]
    await act(client, lb_id, "disable_public_interface")
    shown = await new_server(client, "shown")
    for target in (server_target(shown), selector_target("a=b"), ip_target("1.1.1.1")):
        await refused(
            act(client, lb_id, "add_target", **target), "load_balancer_public_interface_disabled"
        )


async def test_a_target_is_defined_once(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web")
    await refused(
        create_lb(client, targets=[server_target(server_id), server_target(server_id)]),
        "target_already_defined",
    )
    lb_id = (await create_lb(client, targets=[selector_target("a=b"), ip_target("1.1.1.1")]))[
        "load_balancer"
    ]["id"]
    await refused(
        act(client, lb_id, "add_target", **selector_target("a=b")), "target_already_defined"
    )
    await refused(
        act(client, lb_id, "add_target", **ip_target("1.1.1.1")), "target_already_defined"
    )


async def test_a_server_target_may_name_its_address(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web")
    other = await new_server(client, "other")
    public_net = (await client.get(f"/servers/{server_id}"))["server"]["public_net"]
    ipv6 = public_net["ipv6"]["ip"].replace("/64", "1")
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    await act(client, lb_id, "add_target", type="server", server={"id": server_id, "ip": ipv6})
    [target] = (await get_lb(client, lb_id))["targets"]
    assert target["server"] == {"id": server_id, "ip": ipv6}
    for wrong in (public_net["ipv4"]["ip"], "nonsense"):
        await refused(
            act(client, lb_id, "add_target", type="server", server={"id": other, "ip": wrong}),
            "ip_not_assigned_to_server",
        )


async def test_ip_targets_are_public_and_outside_the_cloud(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web")
    address = (await client.get(f"/servers/{server_id}"))["server"]["public_net"]["ipv4"]["ip"]
    lb = (await create_lb(client, services=[service(80)]))["load_balancer"]
    lb_id = lb["id"]
    await act(client, lb_id, "add_target", **ip_target("2606:4700::1111"))
    [target] = (await get_lb(client, lb_id))["targets"]
    assert target == {
        "type": "ip",
        "ip": {"ip": "2606:4700::1111"},
        "health_status": [{"listen_port": 80, "status": "unknown"}],
    }
    for cloud in (address, lb["public_net"]["ipv4"]["ip"]):
        await refused(
            act(client, lb_id, "add_target", **ip_target(cloud)), "cloud_resource_ip_not_allowed"
        )
    for bad in ("127.0.0.1", "not an ip"):
        error = await refused(act(client, lb_id, "add_target", **ip_target(bad)), "invalid_input")
        assert field_names(error) == ["ip.ip"]


async def test_private_ip_targets_lie_in_a_vswitch_subnet(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    await refused(
        act(client, lb_id, "add_target", **ip_target("10.0.1.5")),
        "load_balancer_not_attached_to_network",
    )
    network_id = await new_network(client)
    await act(client, lb_id, "attach_to_network", network=network_id)
    await refused(
        act(client, lb_id, "add_target", **ip_target("10.0.1.5")), "network_has_no_vswitch_subnet"
    )
    await client.post(
        f"/networks/{network_id}/actions/add_subnet",
        type="vswitch",
        network_zone="eu-central",
        ip_range="10.0.1.0/24",
        vswitch_id=1000,
    )
    await refused(
        act(client, lb_id, "add_target", **ip_target("10.0.2.5")), "ip_not_in_vswitch_subnet"
    )
    await act(client, lb_id, "add_target", **ip_target("10.0.1.5"))
    await act(client, lb_id, "disable_public_interface")


async def test_remove_target_finds_it_as_it_was_added(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web")
    targets = [server_target(server_id), selector_target("a=b"), ip_target("2606:4700::1111")]
    lb_id = (await create_lb(client, targets=targets))["load_balancer"]["id"]
    await act(client, lb_id, "remove_target", type="server", server={"id": server_id})
    await act(
        client, lb_id, "remove_target", type="label_selector", label_selector={"selector": "a=b"}
    )
    await act(client, lb_id, "remove_target", **ip_target("2606:4700:0::1111"))
    assert (await get_lb(client, lb_id))["targets"] == []
    for target in (ip_target("1.1.1.1"), ip_target("nonsense")):
        error = await refused(act(client, lb_id, "remove_target", **target), "invalid_input")
        assert field_names(error) == ["ip"]


@pytest.mark.parametrize("action", ["add_target", "remove_target"])
async def test_a_target_needs_its_object(client: asynchetzner.Client, action: str) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    error = await refused(act(client, lb_id, action, type="server"), "invalid_input")
    assert field_names(error) == ["server"]


async def test_a_bad_label_selector_is_invalid_input(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    error = await refused(
        act(client, lb_id, "add_target", **selector_target("a b")), "invalid_input"
    )
    assert field_names(error) == ["label_selector.selector"]


async def test_the_type_caps_the_servers_targeted(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    for name in ("a", "b"):
        await new_server(client, name, labels={"x": "y"})
    simulator.project.store.table("load_balancer_type")[1]["max_targets"] = 1  # lb11
    small = (await create_lb(client, "small"))["load_balancer"]["id"]
    error = await refused(
        act(client, small, "add_target", **selector_target("x=y")), "invalid_input"
    )
    assert field_names(error) == ["targets"]
    big = (await create_lb(client, "big", load_balancer_type="lb21"))["load_balancer"]["id"]
    await act(client, big, "add_target", **selector_target("x=y"))
    await refused(
        act(client, big, "change_type", load_balancer_type="lb11"), "invalid_load_balancer_type"
    )


async def test_a_server_reached_publicly_keeps_its_primary_ipv4(
    client: asynchetzner.Client,
) -> None:
    server_id = await new_server(client, "web", start_after_create=False, labels={"a": "b"})
    public_net = (await client.get(f"/servers/{server_id}"))["server"]["public_net"]
    ipv4, ipv6 = public_net["ipv4"]["id"], public_net["ipv6"]["id"]
    lb_id = (await create_lb(client, targets=[selector_target("a=b")]))["load_balancer"]["id"]
    await refused(
        client.post(f"/primary_ips/{ipv4}/actions/unassign"), "server_is_load_balancer_target"
    )
    await client.post(f"/primary_ips/{ipv6}/actions/unassign")
    await act(
        client, lb_id, "remove_target", type="label_selector", label_selector={"selector": "a=b"}
    )
    await client.post(f"/primary_ips/{ipv4}/actions/unassign")
