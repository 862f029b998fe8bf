"""``client.primary_ips`` and ``PrimaryIP`` against the simulator."""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Any

import pytest

from asynchetzner import (
    Client,
    CreatePrimaryIPResult,
    InvalidArgumentError,
    InvalidInputError,
    Location,
    PrimaryIP,
    Server,
)


async def stopped_server(client: Client, **options: Any) -> Server:
    result = await client.servers.create(
        "web-1", "cx23", "ubuntu-24.04", start_after_create=False, **options
    )
    await result.action.wait()
    return result.server


async def test_create_in_a_location_reads_every_field(client: Client) -> None:
    result = await client.primary_ips.create("ipv4", "my-ip", location="fsn1", labels={"a": "b"})
    assert isinstance(result, CreatePrimaryIPResult)
    assert result.action is None
    ip = result.primary_ip
    assert isinstance(ip, PrimaryIP)
    assert (ip.name, ip.type, ip.labels, ip.blocked) == ("my-ip", "ipv4", {"a": "b"}, False)
    assert isinstance(ip.location, Location)
    assert ip.location.name == "fsn1"
    assert isinstance(ip.created, datetime)
    assert ip.dns_ptr == [{"ip": ip.ip, "dns_ptr": f"static.{ip.ip}.clients.your-server.de"}]
    assert (ip.assignee_type, ip.assignee_id, ip.auto_delete) == ("server", None, False)
    assert ip.protection == {"delete": False}
    assert repr(ip) == f"<PrimaryIP id={ip.id} name='my-ip' type='ipv4' ip='{ip.ip}'>"
    assert await client.primary_ips.get(ip.id) == ip
    assert await client.primary_ips.get_by_name("my-ip") == ip


async def test_create_for_a_server_returns_the_assigning_action(client: Client) -> None:
    server = await stopped_server(client, public_net={"enable_ipv6": False})
    result = await client.primary_ips.create("ipv6", "v6", assignee_id=server, auto_delete=True)
    assert result.action is not None
    assert result.action.command == "assign_primary_ip"
    await result.action.wait()
    ip = result.primary_ip
    assert (ip.assignee_id, ip.auto_delete, ip.location.name) == (server.id, True, "fsn1")
    await server.refresh()
    assert server.ipv6 == ip.ip


@pytest.mark.parametrize(
    "options",
    [{}, {"location": "fsn1", "assignee_id": 42}],
    ids=["neither", "both"],
)
async def test_create_needs_a_location_or_an_assignee(
    client: Client, options: dict[str, Any]
) -> None:
    with pytest.raises(InvalidArgumentError, match="location or assignee_id"):
        await client.primary_ips.create("ipv4", "my-ip", **options)


async def test_update_and_delete(client: Client) -> None:
    ip = (await client.primary_ips.create("ipv4", "my-ip", location="nbg1")).primary_ip
    updated = await client.primary_ips.update(ip, name="renamed", auto_delete=True)
    assert (updated.name, updated.auto_delete) == ("renamed", True)
    relabelled = await client.primary_ips.update(ip.id, labels={"env": "prod"})
    assert (relabelled.labels, relabelled.auto_delete) == ({"env": "prod"}, True)
    assert await client.primary_ips.delete(ip) is None
    assert await client.primary_ips.get_all() == []
    assert await client.primary_ips.delete(ip, missing_ok=True) is None


async def test_assign_unassign_and_the_rules_the_api_keeps(client: Client) -> None:
    server = await stopped_server(client, public_net={"enable_ipv4": False})
    ip = (await client.primary_ips.create("ipv4", "my-ip", location="fsn1")).primary_ip
    await (await ip.assign(server)).wait()
    await ip.refresh()
    assert ip.assignee_id == server.id
    with pytest.raises(InvalidInputError) as caught:
        await client.primary_ips.delete(ip)
    assert caught.value.code == "must_be_unassigned"
    await (await server.power_on()).wait()
    with pytest.raises(InvalidInputError) as caught:
        await ip.unassign()
    assert caught.value.code == "server_not_stopped"
    await (await server.power_off()).wait()
    await (await ip.unassign()).wait()
    assert (await ip.refresh()).assignee_id is None


async def test_reverse_dns_and_protection(client: Client) -> None:
    ip = (await client.primary_ips.create("ipv6", "my-ip", location="fsn1")).primary_ip
    address = str(ipaddress.ip_network(ip.ip)[1])
    await (await ip.change_dns_ptr(address, "host.example.com")).wait()
    await (await ip.change_protection(delete=True)).wait()
    await ip.refresh()
    assert ip.dns_ptr == [{"ip": address, "dns_ptr": "host.example.com"}]
    assert ip.protection == {"delete": True}


async def test_actions_are_read_by_kind_and_by_ip(client: Client) -> None:
    ip = (await client.primary_ips.create("ipv4", "my-ip", location="fsn1")).primary_ip
    action = await ip.change_protection(delete=True)
    assert [a.id for a in await client.primary_ips.get_actions()] == [action.id]
    assert (await client.primary_ips.get_action(action.id)).command == "change_protection"
    assert [a.id for a in await ip.get_actions()] == [action.id]
    assert (await ip.get_action(action.id)).id == action.id


async def test_a_server_created_with_primary_ips_keeps_them(client: Client) -> None:
    ipv4 = (await client.primary_ips.create("ipv4", "v4", location="hel1")).primary_ip
    result = await client.servers.create(
        "web-1", "cx23", "ubuntu-24.04", public_net={"ipv4": ipv4.id, "enable_ipv6": False}
    )
    assert (result.server.ipv4, result.server.ipv6) == (ipv4.ip, None)
    assert result.server.location.name == "hel1"
    listed = await client.primary_ips.get_all(ip=ipv4.ip)
    assert [ip.assignee_id for ip in listed] == [result.server.id]
