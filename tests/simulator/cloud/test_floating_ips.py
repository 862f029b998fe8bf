"""Floating IPs in the simulator: addresses, home locations, assignment and the servers' view of
it, reverse DNS, protection, and deletion (``must_be_unassigned``)."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

import asynchetzner
from asynchetzner import Client
from asynchetzner.simulator.cloud import floating_ips

from ..conftest import Clock, field_names, finish, refused


async def server(client: Client, name: str = "web-1", location: str = "fsn1") -> dict[str, Any]:
    answer = await client.post(
        "/servers", name=name, server_type="cx23", image="ubuntu-24.04", location=location
    )
    for action in [answer["action"], *answer["next_actions"]]:
        await finish(client, action)
    created: dict[str, Any] = answer["server"]
    return created


async def create(client: Client, type: str = "ipv4", **body: Any) -> dict[str, Any]:
    body.setdefault("home_location", None if "server" in body else "fsn1")
    answer: dict[str, Any] = await client.post("/floating_ips", type=type, **body)
    return answer


async def fetch(client: Client, floating_ip: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get(f"/floating_ips/{floating_ip['id']}"))["floating_ip"]
    return found


async def act(
    client: Client, floating_ip: dict[str, Any], command: str, **body: Any
) -> dict[str, Any]:
    """Run an action on the floating IP and wait for it."""
    path = f"/floating_ips/{floating_ip['id']}/actions/{command}"
    return await finish(client, (await client.post(path, **body))["action"])


async def floating_ips_of(client: Client, server: dict[str, Any]) -> list[int]:
    found = (await client.get(f"/servers/{server['id']}"))["server"]
    ids: list[int] = found["public_net"]["floating_ips"]
    return ids


# Create


async def test_addresses_come_from_reserved_ranges_and_are_given_out_again(
    client: Client,
) -> None:
    first = (await create(client))["floating_ip"]
    second = (await create(client))["floating_ip"]
    network = (await create(client, "ipv6"))["floating_ip"]
    assert (first["ip"], second["ip"]) == ("203.0.113.1", "203.0.113.2")
    assert network["ip"] == "2001:db8:ffff::/64"
    assert (first["name"], network["name"]) == (first["ip"], network["ip"])
    assert network["dns_ptr"] == []
    await client.delete(f"/floating_ips/{first['id']}")
    again = (await create(client, name="again"))["floating_ip"]
    assert (again["ip"], again["name"]) == ("203.0.113.1", "again")
    assert again["id"] > network["id"]  # ids are not given out again


def test_only_a_server_id_past_0xffff0000_would_reach_the_floating_ipv6_range() -> None:
    def server_network(server_id: int) -> ipaddress.IPv6Network:  # as servers.py gives them
        return ipaddress.IPv6Network(((0x20010DB8 << 96) + (server_id << 64), 64))

    assert not server_network(0xFFFEFFFF).overlaps(floating_ips.IPV6_POOL)
    assert server_network(0xFFFF0000).subnet_of(floating_ips.IPV6_POOL)
    assert not floating_ips.IPV4_POOL.overlaps(ipaddress.IPv4Network("198.18.0.0/15"))


async def test_a_full_pool_is_a_resource_limit(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(floating_ips, "IPV4_POOL", ipaddress.IPv4Network("203.0.113.0/30"))
    await create(client)
    await create(client)
    error = await refused(create(client), "resource_limit_exceeded", 403)
    assert error.details == {"limits": [{"name": "floating_ip_limit"}]}
    await create(client, "ipv6")  # the other pool is not full


async def test_home_location_or_server_is_required(client: Client) -> None:
    error = await refused(create(client, home_location=None), "invalid_input", 422)
    assert field_names(error) == ["home_location"]
    error = await refused(create(client, home_location="atlantis"), "invalid_input", 422)
    assert field_names(error) == ["home_location"]
    error = await refused(create(client, server=999), "invalid_input", 422)
    assert field_names(error) == ["server"]
    assert (await client.get("/floating_ips"))["floating_ips"] == []


async def test_created_for_a_server_in_its_location_or_another_of_its_zone(
    client: Client,
) -> None:
    web = await server(client, location="nbg1")
    answer = await create(client, server=web["id"], description="front")
    floating_ip = answer["floating_ip"]
    assert (floating_ip["server"], floating_ip["home_location"]["name"]) == (web["id"], "nbg1")
    assert floating_ip["description"] == "front"
    assert answer["action"]["command"] == "assign_floating_ip"
    await finish(client, answer["action"])
    elsewhere = (await create(client, server=web["id"], home_location="hel1"))["floating_ip"]
    assert elsewhere["home_location"]["name"] == "hel1"
    assert await floating_ips_of(client, web) == [floating_ip["id"], elsewhere["id"]]
    error = await refused(
        create(client, server=web["id"], home_location="ash"), "invalid_input", 422
    )
    assert field_names(error) == ["server"]


async def test_update_changes_name_description_and_labels(client: Client) -> None:
    floating_ip = (await create(client, description="old"))["floating_ip"]
    path = f"/floating_ips/{floating_ip['id']}"
    updated = (await client.put(path, name="web", labels={"env": "prod"}))["floating_ip"]
    assert (updated["name"], updated["description"], updated["labels"]) == (
        "web",
        "old",
        {"env": "prod"},
    )
    assert (await client.put(path, description=None))["floating_ip"]["description"] is None
    other = (await create(client))["floating_ip"]
    await refused(client.put(f"/floating_ips/{other['id']}", name="web"), "uniqueness_error", 409)


# Assigning


async def test_assignment_follows_on_the_servers(client: Client) -> None:
    first, second = await server(client, "web-1"), await server(client, "web-2", "hel1")
    floating_ip = (await create(client))["floating_ip"]
    action = await act(client, floating_ip, "assign", server=first["id"])
    assert sorted(action["resources"], key=lambda r: r["type"]) == [
        {"id": floating_ip["id"], "type": "floating_ip"},
        {"id": first["id"], "type": "server"},
    ]
    assert (await fetch(client, floating_ip))["server"] == first["id"]
    assert await floating_ips_of(client, first) == [floating_ip["id"]]

    await act(client, floating_ip, "assign", server=second["id"])
    assert (await floating_ips_of(client, first), await floating_ips_of(client, second)) == (
        [],
        [floating_ip["id"]],
    )
    action = await act(client, floating_ip, "unassign")
    assert action["command"] == "unassign_floating_ip"
    assert {"id": second["id"], "type": "server"} in action["resources"]
    assert (await fetch(client, floating_ip))["server"] is None
    assert await floating_ips_of(client, second) == []

    again = await act(client, floating_ip, "unassign")  # assigned to none: nothing changes
    assert again["resources"] == [{"id": floating_ip["id"], "type": "floating_ip"}]


async def test_assign_refuses_what_the_api_refuses(client: Client) -> None:
    web = await server(client)
    floating_ip = (await create(client, server=web["id"]))["floating_ip"]
    path = f"/floating_ips/{floating_ip['id']}/actions/assign"
    await refused(client.post(path, server=web["id"]), "floating_ip_assigned", 422)
    for wrong in (None, 999):
        error = await refused(client.post(path, server=wrong), "invalid_input", 422)
        assert field_names(error) == ["server"]
    far = (await create(client, home_location="ash"))["floating_ip"]
    error = await refused(
        client.post(f"/floating_ips/{far['id']}/actions/assign", server=web["id"]),
        "invalid_input",
        422,
    )
    assert "network zone" in error.details["fields"][0]["messages"][0]


async def test_deleting_a_server_unassigns_its_floating_ips(client: Client) -> None:
    web = await server(client)
    floating_ip = (await create(client, server=web["id"]))["floating_ip"]
    other = (await create(client))["floating_ip"]
    await finish(client, (await client.delete(f"/servers/{web['id']}"))["action"])
    assert (await fetch(client, floating_ip))["server"] is None
    assert (await fetch(client, other))["server"] is None
    await client.delete(f"/floating_ips/{floating_ip['id']}")
    with pytest.raises(asynchetzner.NotFoundError):
        await fetch(client, floating_ip)


async def test_an_assignment_to_a_server_deleted_meanwhile_does_nothing(
    clocked: Clock,
) -> None:
    simulator, client = clocked.simulator, clocked.client
    web = (await client.post("/servers", name="web-1", server_type="cx23", image="ubuntu-24.04"))[
        "server"
    ]
    clocked.tick(100)
    floating_ip = (await create(client))["floating_ip"]
    path = f"/floating_ips/{floating_ip['id']}/actions"
    await client.post(f"{path}/assign", server=web["id"])
    assert (await client.get(f"/servers/{web['id']}"))["server"]["locked"] is True
    await refused(client.post(f"{path}/unassign"), "locked", 423)
    simulator.project.store.table("server").pop(web["id"])
    clocked.tick(100)
    assert (await fetch(client, floating_ip))["server"] is None
    assert floating_ip["id"] in simulator.project.store.table("floating_ip")


# Reverse DNS


async def test_reverse_dns_of_an_ipv4_address(client: Client) -> None:
    floating_ip = (await create(client))["floating_ip"]
    ip = floating_ip["ip"]
    await act(client, floating_ip, "change_dns_ptr", ip=ip, dns_ptr="web.example.com")
    assert (await fetch(client, floating_ip))["dns_ptr"] == [
        {"ip": ip, "dns_ptr": "web.example.com"}
    ]
    await act(client, floating_ip, "change_dns_ptr", ip=ip, dns_ptr=None)
    default = f"static.{ip}.clients.your-server.de"
    assert (await fetch(client, floating_ip))["dns_ptr"] == [{"ip": ip, "dns_ptr": default}]


async def test_reverse_dns_of_addresses_of_an_ipv6_network(client: Client) -> None:
    floating_ip = (await create(client, "ipv6"))["floating_ip"]
    await act(client, floating_ip, "change_dns_ptr", ip="2001:DB8:FFFF::1", dns_ptr="a.example")
    await act(client, floating_ip, "change_dns_ptr", ip="2001:db8:ffff::2", dns_ptr="b.example")
    await act(client, floating_ip, "change_dns_ptr", ip="2001:db8:ffff::1", dns_ptr="c.example")
    assert (await fetch(client, floating_ip))["dns_ptr"] == [
        {"ip": "2001:db8:ffff::2", "dns_ptr": "b.example"},
        {"ip": "2001:db8:ffff::1", "dns_ptr": "c.example"},
    ]
    await act(client, floating_ip, "change_dns_ptr", ip="2001:db8:ffff::2", dns_ptr=None)
    assert (await fetch(client, floating_ip))["dns_ptr"] == [
        {"ip": "2001:db8:ffff::1", "dns_ptr": "c.example"}
    ]


@pytest.mark.parametrize("ip", ["not-an-ip", "203.0.113.200", "2001:db8:fffe::1"])
async def test_reverse_dns_only_for_the_floating_ips_addresses(client: Client, ip: str) -> None:
    floating_ip = (await create(client))["floating_ip"]
    path = f"/floating_ips/{floating_ip['id']}/actions/change_dns_ptr"
    error = await refused(client.post(path, ip=ip, dns_ptr="x.example"), "invalid_input", 422)
    assert field_names(error) == ["ip"]


# Protection and deletion


async def test_delete_refuses_assigned_and_protected_floating_ips(client: Client) -> None:
    web = await server(client)
    floating_ip = (await create(client, server=web["id"]))["floating_ip"]
    path = f"/floating_ips/{floating_ip['id']}"
    error = await refused(client.delete(path), "must_be_unassigned", 422)
    assert str(web["id"]) in error.message
    await act(client, floating_ip, "unassign")
    await act(client, floating_ip, "change_protection", delete=True)
    assert (await fetch(client, floating_ip))["protection"] == {"delete": True}
    await refused(client.delete(path), "protected", 423)
    await act(client, floating_ip, "change_protection", delete=False)
    assert await client.delete(path) is None
    await refused(client.delete(path), "not_found", 404)
