"""The official ``hcloud`` library drives floating IPs in the simulator, end to end."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import create_ready, hcloud, run

Location = hcloud.locations.Location
Server = hcloud.servers.Server


async def test_floating_ip_lifecycle(hc: Any) -> None:
    server = (await run(create_ready, hc, "web-1", location=Location(name="fsn1"))).server
    created = await run(
        hc.floating_ips.create,
        type="ipv4",
        home_location=Location(name="nbg1"),
        name="front",
        description="the shop",
        labels={"env": "prod"},
    )
    assert created.action is None
    floating_ip = created.floating_ip
    assert (floating_ip.name, floating_ip.type, floating_ip.server) == ("front", "ipv4", None)
    assert floating_ip.home_location.name == "nbg1"
    assert floating_ip.dns_ptr[0]["ip"] == floating_ip.ip

    assert (await run(hc.floating_ips.get_by_name, "front")).id == floating_ip.id
    assert [f.id for f in await run(hc.floating_ips.get_all, label_selector="env=prod")] == [
        floating_ip.id
    ]
    updated = await run(floating_ip.update, description="the new shop", name="shop")
    assert (updated.name, updated.description) == ("shop", "the new shop")

    await run((await run(floating_ip.assign, server)).wait_until_finished)
    fetched = await run(hc.floating_ips.get_by_id, floating_ip.id)
    assert fetched.server.id == server.id
    on_server = await run(hc.servers.get_by_id, server.id)
    assert [f.id for f in on_server.public_net.floating_ips] == [floating_ip.id]

    action = await run(floating_ip.change_dns_ptr, floating_ip.ip, "shop.example.com")
    await run(action.wait_until_finished)
    fetched = await run(hc.floating_ips.get_by_id, floating_ip.id)
    assert fetched.dns_ptr == [{"ip": floating_ip.ip, "dns_ptr": "shop.example.com"}]

    with pytest.raises(hcloud.APIException) as assigned:
        await run(floating_ip.delete)
    assert assigned.value.code == "must_be_unassigned"
    await run((await run(floating_ip.unassign)).wait_until_finished)
    assert (await run(hc.servers.get_by_id, server.id)).public_net.floating_ips == []

    await run((await run(floating_ip.change_protection, delete=True)).wait_until_finished)
    with pytest.raises(hcloud.APIException) as protected:
        await run(floating_ip.delete)
    assert protected.value.code == "protected"
    await run((await run(floating_ip.change_protection, delete=False)).wait_until_finished)

    commands = [a.command for a in await run(floating_ip.get_actions)]
    assert sorted(commands) == sorted(
        [
            "assign_floating_ip",
            "change_dns_ptr",
            "unassign_floating_ip",
            "change_protection",
            "change_protection",
        ]
    )
    assert await run(floating_ip.delete) is True
    with pytest.raises(hcloud.APIException) as gone:
        await run(hc.floating_ips.get_by_id, floating_ip.id)
    assert gone.value.code == "not_found"


async def test_created_for_a_server_and_refused_twice(hc: Any) -> None:
    server = (await run(create_ready, hc, "web-1", location=Location(name="hel1"))).server
    created = await run(hc.floating_ips.create, type="ipv6", server=Server(id=server.id))
    await run(created.action.wait_until_finished)
    assert created.action.status == "success"
    floating_ip = await run(hc.floating_ips.get_by_id, created.floating_ip.id)
    assert (floating_ip.server.id, floating_ip.home_location.name) == (server.id, "hel1")
    assert floating_ip.ip.endswith("/64")
    with pytest.raises(hcloud.APIException) as twice:
        await run(floating_ip.assign, Server(id=server.id))
    assert twice.value.code == "floating_ip_assigned"

    await run((await run(server.delete)).wait_until_finished)
    assert (await run(hc.floating_ips.get_by_id, floating_ip.id)).server is None
