"""The official ``hcloud`` library drives primary IPs against the simulator: create, assign,
unassign, reverse DNS, protection, deletion, and a server created with a primary IP."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from asynchetzner.simulator import Simulator

from .conftest import create_ready, hcloud, run

Location = hcloud.locations.Location
PrimaryIP = hcloud.primary_ips.PrimaryIP
ServerCreatePublicNetwork = hcloud.servers.ServerCreatePublicNetwork


async def test_create_update_and_delete(hc: Any, sim: Simulator) -> None:
    response = await run(
        hc.primary_ips.create,
        type="ipv4",
        name="my-ip",
        location=Location(name="nbg1"),
        labels={"env": "prod"},
    )
    assert response.action is None
    ip = response.primary_ip
    assert (ip.name, ip.type, ip.location.name, ip.labels) == (
        "my-ip",
        "ipv4",
        "nbg1",
        {"env": "prod"},
    )
    assert (ip.assignee_id, ip.auto_delete, ip.blocked) == (None, False, False)
    assert ip.dns_ptr == [{"ip": ip.ip, "dns_ptr": f"static.{ip.ip}.clients.your-server.de"}]
    assert sim.project.requests["POST /primary_ips"] == 1

    updated = await run(ip.update, name="renamed", auto_delete=True, labels={})
    assert (updated.name, updated.auto_delete, updated.labels) == ("renamed", True, {})
    assert (await run(hc.primary_ips.get_by_name, "renamed")).id == ip.id
    page = await run(hc.primary_ips.get_list, ip=ip.ip)
    assert [found.id for found in page.primary_ips] == [ip.id]
    assert await run(ip.delete) is True
    assert await run(hc.primary_ips.get_all) == []


async def test_assign_reverse_dns_protection_and_unassign(hc: Any) -> None:
    server = await create_off(hc, "web-1", ServerCreatePublicNetwork(enable_ipv6=False))
    ip = await run(hc.primary_ips.create, type="ipv6", name="v6", location=Location(name="fsn1"))
    ip = ip.primary_ip
    await run((await run(ip.assign, server.id, "server")).wait_until_finished)
    fetched = await run(hc.servers.get_by_id, server.id)
    assert fetched.public_net.ipv6.ip == ip.ip
    assert fetched.public_net.primary_ipv6.id == ip.id

    address = str(ipaddress.ip_network(ip.ip)[1])
    await run((await run(ip.change_dns_ptr, address, "host.example.com")).wait_until_finished)
    await run((await run(ip.change_protection, delete=True)).wait_until_finished)
    reloaded = await run(hc.primary_ips.get_by_id, ip.id)
    assert reloaded.dns_ptr == [{"ip": address, "dns_ptr": "host.example.com"}]
    assert reloaded.protection == {"delete": True}

    with pytest.raises(hcloud.APIException) as caught:
        await run(reloaded.delete)
    assert caught.value.code == "must_be_unassigned"
    await run((await run(reloaded.unassign)).wait_until_finished)
    with pytest.raises(hcloud.APIException) as caught:
        await run(reloaded.delete)
    assert caught.value.code == "protected"
    commands = [a.command for a in await run(reloaded.get_actions)]
    assert commands == [
        "assign_primary_ip",
        "change_dns_ptr",
        "change_protection",
        "unassign_primary_ip",
    ]


async def test_create_for_a_server_and_with_a_server(hc: Any) -> None:
    server = await create_off(hc, "web-1", ServerCreatePublicNetwork(enable_ipv4=False))
    response = await run(
        hc.primary_ips.create,
        type="ipv4",
        name="v4",
        assignee_id=server.id,
        assignee_type="server",
        auto_delete=False,
    )
    await run(response.action.wait_until_finished)
    assert response.primary_ip.assignee_id == server.id
    with pytest.raises(hcloud.APIException) as caught:
        await run(
            hc.primary_ips.create,
            type="ipv4",
            name="v4b",
            assignee_id=server.id,
            assignee_type="server",
        )
    assert caught.value.code == "server_has_ipv4"

    await run((await run(hc.servers.delete, server)).wait_until_finished)
    kept = await run(hc.primary_ips.get_by_id, response.primary_ip.id)
    assert kept.assignee_id is None

    public_net = ServerCreatePublicNetwork(ipv4=PrimaryIP(id=kept.id), enable_ipv6=False)
    created = await run(create_ready, hc, "web-2", public_net=public_net)
    assert created.server.public_net.ipv4.ip == kept.ip
    assert created.server.public_net.ipv6 is None
    with pytest.raises(hcloud.APIException) as caught:
        await run(create_ready, hc, "web-3", public_net=public_net)
    assert caught.value.code == "primary_ip_assigned"


async def create_off(hc: Any, name: str, public_net: Any) -> Any:
    """A new server, off."""
    response = await run(create_ready, hc, name, start_after_create=False, public_net=public_net)
    return response.server
