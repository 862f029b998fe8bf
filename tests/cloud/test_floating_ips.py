"""``client.floating_ips`` and ``FloatingIP`` against the simulator: every method, a lifecycle."""

from __future__ import annotations

import ipaddress
from datetime import datetime

import pytest

from asynchetzner import (
    Action,
    APIError,
    Client,
    CreateFloatingIPResult,
    FloatingIP,
    Location,
    NotFoundError,
    ProtectedError,
    Server,
)


async def finished(action: Action | None) -> Action:
    """The action once finished, which must be a success."""
    assert isinstance(action, Action)
    done = await action.wait(timeout=5)
    assert (done.status, done.error) == ("success", None)
    return done


async def a_server(client: Client, name: str = "web-1", location: str = "fsn1") -> Server:
    result = await client.servers.create(name, "cx23", "ubuntu-24.04", location=location)
    await client.actions.wait([result.action, *result.next_actions], timeout=5)
    return await result.server.refresh()


async def test_create_in_a_home_location_answers_a_typed_result(client: Client) -> None:
    result = await client.floating_ips.create(
        "ipv4", home_location="nbg1", name="web", description="front", labels={"env": "prod"}
    )
    assert isinstance(result, CreateFloatingIPResult)
    floating_ip, action = result
    assert action is None
    assert isinstance(floating_ip, FloatingIP)
    assert (floating_ip.name, floating_ip.description, floating_ip.type) == ("web", "front", "ipv4")
    assert ipaddress.ip_address(floating_ip.ip) in ipaddress.ip_network("203.0.113.0/24")
    assert floating_ip.server is None
    assert isinstance(floating_ip.home_location, Location)
    assert floating_ip.home_location.name == "nbg1"
    assert floating_ip.dns_ptr == [
        {"ip": floating_ip.ip, "dns_ptr": f"static.{floating_ip.ip}.clients.your-server.de"}
    ]
    assert (floating_ip.blocked, floating_ip.protection) == (False, {"delete": False})
    assert floating_ip.labels == {"env": "prod"}
    assert isinstance(floating_ip.created, datetime)
    assert floating_ip.created.tzinfo is not None
    assert repr(floating_ip) == f"<FloatingIP id={floating_ip.id} name='web' ip='{floating_ip.ip}'>"
    assert await client.floating_ips.get(floating_ip.id) == floating_ip


async def test_create_for_a_server_assigns_it_there(client: Client) -> None:
    server = await a_server(client, location="hel1")
    floating_ip, action = await client.floating_ips.create("ipv6", server=server)
    assert isinstance(action, Action)
    assert action.command == "assign_floating_ip"
    assert sorted(action.resources, key=lambda r: r["type"]) == [
        {"id": floating_ip.id, "type": "floating_ip"},
        {"id": server.id, "type": "server"},
    ]
    await finished(action)
    assert floating_ip.server == server.id
    assert floating_ip.home_location.name == "hel1"
    assert floating_ip.ip.endswith("/64")
    assert floating_ip.dns_ptr == []
    assert floating_ip.name == floating_ip.ip  # named after its address unless told
    assert (await server.refresh()).public_net["floating_ips"] == [floating_ip.id]


async def test_reads_update_and_filters(client: Client) -> None:
    web = (await client.floating_ips.create("ipv4", home_location=1, name="web")).floating_ip
    db = (
        await client.floating_ips.create("ipv6", home_location="fsn1", labels={"tier": "db"})
    ).floating_ip
    assert await client.floating_ips.get_by_name("web") == web
    assert await client.floating_ips.get_by_name("nothing") is None
    assert await client.floating_ips.get_all(label_selector="tier=db") == [db]
    assert [f.id async for f in client.floating_ips.list(sort="id:desc")] == [db.id, web.id]

    updated = await client.floating_ips.update(
        web, name="front", description="the shop", labels={"env": "prod"}
    )
    assert (updated.name, updated.description, updated.labels) == (
        "front",
        "the shop",
        {"env": "prod"},
    )
    assert (await web.refresh()).name == "front"
    assert (await client.floating_ips.update(web.id)).name == "front"


async def test_assign_move_and_unassign(client: Client) -> None:
    first, second = await a_server(client, "web-1"), await a_server(client, "web-2", "nbg1")
    floating_ip = (await client.floating_ips.create("ipv4", home_location="fsn1")).floating_ip

    assign = await finished(await floating_ip.assign(first))
    assert assign.command == "assign_floating_ip"
    assert {"id": first.id, "type": "server"} in assign.resources
    assert (await floating_ip.refresh()).server == first.id

    await finished(await floating_ip.assign(second.id))  # moves it
    assert (await floating_ip.refresh()).server == second.id
    assert (await first.refresh()).public_net["floating_ips"] == []
    assert (await second.refresh()).public_net["floating_ips"] == [floating_ip.id]

    unassign = await finished(await floating_ip.unassign())
    assert unassign.command == "unassign_floating_ip"
    assert {"id": second.id, "type": "server"} in unassign.resources
    assert (await floating_ip.refresh()).server is None
    assert (await second.refresh()).public_net["floating_ips"] == []

    commands = [a.command for a in await floating_ip.get_actions(sort="id")]
    assert commands == ["assign_floating_ip", "assign_floating_ip", "unassign_floating_ip"]
    assert (await floating_ip.get_action(unassign.id)).id == unassign.id
    assert [a.id for a in await client.floating_ips.get_actions(status="success", sort="id")] == [
        a.id for a in await floating_ip.get_actions(sort="id")
    ]
    assert (await client.floating_ips.get_action(assign.id)).command == "assign_floating_ip"


async def test_reverse_dns_of_an_ipv6_network(client: Client) -> None:
    floating_ip = (await client.floating_ips.create("ipv6", home_location="fsn1")).floating_ip
    address = str(ipaddress.ip_network(floating_ip.ip)[1])
    await finished(await floating_ip.change_dns_ptr(address, "web.example.com"))
    assert (await floating_ip.refresh()).dns_ptr == [{"ip": address, "dns_ptr": "web.example.com"}]
    await finished(await floating_ip.change_dns_ptr(address, None))
    assert (await floating_ip.refresh()).dns_ptr == []


async def test_delete_needs_unassigned_and_unprotected(client: Client) -> None:
    server = await a_server(client)
    floating_ip, action = await client.floating_ips.create("ipv4", server=server.id)
    await finished(action)
    with pytest.raises(APIError) as assigned:
        await client.floating_ips.delete(floating_ip)
    assert (assigned.value.status, assigned.value.code) == (422, "must_be_unassigned")

    await finished(await floating_ip.unassign())
    await finished(await floating_ip.change_protection(delete=True))
    assert (await floating_ip.refresh()).protection == {"delete": True}
    with pytest.raises(ProtectedError):
        await client.floating_ips.delete(floating_ip.id)

    await finished(await floating_ip.change_protection(delete=False))
    assert await client.floating_ips.delete(floating_ip) is None
    with pytest.raises(NotFoundError):
        await client.floating_ips.get(floating_ip.id)
    assert await client.floating_ips.delete(floating_ip, missing_ok=True) is None
