"""The rules between kinds, through the typed client: a server created with volumes, firewalls,
a named primary IP and a network, seen from each side; its deletion, seen from each side; label
selector firewalls following servers; locks shared by a server and its volume; location rules;
``must_be_unassigned``, ``resource_in_use`` and delete protection on each kind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import asynchetzner
from asynchetzner import Client
from asynchetzner.cloud.servers import Server
from asynchetzner.simulator import Simulator

from ...cloud.conftest import FAST_POLL
from ...conftest import NO_RETRY
from ..conftest import Clock

SSH = [{"direction": "in", "protocol": "tcp", "port": "22", "source_ips": ["0.0.0.0/0"]}]


@pytest.fixture
async def client(simulator: Simulator) -> AsyncIterator[Client]:
    """A client of the instant simulator that neither retries nor waits for real."""
    async with simulator.client(retry=NO_RETRY) as connected:
        connected.actions.poll = FAST_POLL
        yield connected


async def done(client: Client, *actions: Any) -> None:
    """Wait for every action given (``None``s and lists flattened away)."""
    flat: list[Any] = []
    for action in actions:
        flat += action if isinstance(action, list) else [] if action is None else [action]
    await client.actions.wait(flat)


async def new_server(client: Client, name: str, **options: Any) -> Server:
    """A server in fsn1 (unless told otherwise), running once its actions are done."""
    options.setdefault("location", "fsn1")
    result = await client.servers.create(name, "cx23", "ubuntu-24.04", **options)
    await done(client, result.action, result.next_actions)
    return await result.server.refresh()


async def stopped(client: Client, server: Server) -> Server:
    """``server`` powered off."""
    await done(client, await server.power_off())
    return await server.refresh()


def firewall_ids(server: Server) -> dict[int, str]:
    """The firewalls the server's ``public_net`` lists, with their status."""
    return {entry["id"]: entry["status"] for entry in server.public_net.get("firewalls", [])}


def selector_servers(firewall: Any, selector: str) -> list[int]:
    """The servers a firewall reaches through one of its label selectors."""
    for entry in firewall.applied_to:
        if entry.get("label_selector", {}).get("selector") == selector:
            return [r["server"]["id"] for r in entry.get("applied_to_resources") or []]
    raise AssertionError(f"{selector!r} is not in {firewall.applied_to}")


async def test_a_server_created_with_every_kind_is_seen_from_each_side(client: Client) -> None:
    network = await client.networks.create(
        "net", "10.0.0.0/16", subnets=[{"type": "cloud", "network_zone": "eu-central"}]
    )
    volume = await client.volumes.create("data", 10, location="fsn1")
    await done(client, volume.action, volume.next_actions)
    direct = await client.firewalls.create("direct", rules=SSH)
    by_label = await client.firewalls.create("by-label", apply_to=["role=web"])
    ipv4 = (await client.primary_ips.create("ipv4", "web-v4", location="fsn1")).primary_ip

    server = await new_server(
        client,
        "web-1",
        location=None,  # the primary IP's location
        volumes=[volume.volume],
        firewalls=[direct.firewall],
        networks=[network],
        public_net={"ipv4": ipv4.id, "enable_ipv6": True},
        labels={"role": "web"},
    )

    assert server.location.name == "fsn1"
    assert server.status == "running"
    assert server.volumes == [volume.volume.id]
    assert server.public_net["ipv4"]["id"] == ipv4.id
    assert server.ipv4 == ipv4.ip
    assert firewall_ids(server) == {direct.firewall.id: "applied", by_label.firewall.id: "applied"}
    assert [entry["network"] for entry in server.private_net] == [network.id]
    assert (await volume.volume.refresh()).server == server.id
    assert (await ipv4.refresh()).assignee_id == server.id
    assert ipv4.assignee_type == "server"
    ipv6_id = server.public_net["ipv6"]["id"]
    ipv6 = await client.primary_ips.get(ipv6_id)
    assert (ipv6.assignee_id, ipv6.auto_delete, ipv6.location.name) == (server.id, True, "fsn1")
    assert (await direct.firewall.refresh()).server_ids == [server.id]
    assert (await by_label.firewall.refresh()).server_ids == [server.id]
    assert selector_servers(by_label.firewall, "role=web") == [server.id]
    assert (await network.refresh()).servers == [server.id]

    floating = await client.floating_ips.create("ipv4", server=server)
    await done(client, floating.action)
    assert floating.floating_ip.home_location.name == "fsn1"
    assert (await server.refresh()).public_net["floating_ips"] == [floating.floating_ip.id]

    await done(client, await server.delete())

    with pytest.raises(asynchetzner.NotFoundError):
        await server.refresh()
    detached = await volume.volume.refresh()
    assert (detached.server, detached.status) == (None, "available")
    assert (await floating.floating_ip.refresh()).server is None
    assert (await ipv4.refresh()).assignee_id is None
    with pytest.raises(asynchetzner.NotFoundError):
        await client.primary_ips.get(ipv6_id)
    assert (await direct.firewall.refresh()).applied_to == []
    assert (await by_label.firewall.refresh()).server_ids == []
    assert selector_servers(by_label.firewall, "role=web") == []
    assert (await network.refresh()).servers == []

    # nothing holds on to the server any more: each can go
    await client.firewalls.delete(direct.firewall)
    await client.floating_ips.delete(floating.floating_ip)
    await client.primary_ips.delete(ipv4)
    await client.volumes.delete(volume.volume)


async def test_a_deleted_servers_ipv4_primary_ip_with_auto_delete_goes_too(client: Client) -> None:
    ipv4 = (await client.primary_ips.create("ipv4", "kept", location="fsn1")).primary_ip
    server = await new_server(client, "web-1", public_net={"ipv4": ipv4.id})
    await client.primary_ips.update(ipv4, auto_delete=True)

    await done(client, await server.delete())

    with pytest.raises(asynchetzner.NotFoundError):
        await ipv4.refresh()


async def test_label_selector_firewalls_follow_new_and_relabelled_servers(client: Client) -> None:
    firewall = (await client.firewalls.create("web", apply_to=["role=web"])).firewall
    web = await new_server(client, "web-1", labels={"role": "web"})
    other = await new_server(client, "db-1", labels={"role": "db"})

    assert selector_servers(await firewall.refresh(), "role=web") == [web.id]
    assert firewall.id in firewall_ids(web)
    assert firewall_ids(other) == {}

    await other.update(labels={"role": "web"})
    await web.update(labels={"role": "db"})

    assert selector_servers(await firewall.refresh(), "role=web") == [other.id]
    assert firewall.id in firewall_ids(await other.refresh())
    assert firewall_ids(await web.refresh()) == {}
    with pytest.raises(asynchetzner.APIError) as managed:
        await firewall.remove_from_resources([other])
    assert managed.value.code == "firewall_managed_by_label_selector"


async def test_a_firewall_in_use_cannot_be_deleted(client: Client) -> None:
    server = await new_server(client, "web-1")
    direct = (await client.firewalls.create("direct", apply_to=[server])).firewall
    by_label = (await client.firewalls.create("by-label", apply_to=["role=none"])).firewall

    for firewall in (direct, by_label):
        with pytest.raises(asynchetzner.APIError) as in_use:
            await client.firewalls.delete(firewall)
        assert (in_use.value.status, in_use.value.code) == (422, "resource_in_use")

    await done(client, await direct.remove_from_resources([server]))
    await done(client, await by_label.remove_from_resources(["role=none"]))
    assert firewall_ids(await server.refresh()) == {}
    await client.firewalls.delete(direct)
    await client.firewalls.delete(by_label)


async def test_assigned_ips_must_be_unassigned_before_deletion(client: Client) -> None:
    server = await new_server(client, "web-1", public_net={"enable_ipv4": False})
    floating = (await client.floating_ips.create("ipv6", server=server)).floating_ip
    primary = (await client.primary_ips.create("ipv4", "v4", location="fsn1")).primary_ip
    await stopped(client, server)
    await done(client, await primary.assign(server))

    assigned_ips: list[tuple[Any, Any]] = [
        (client.floating_ips, floating),
        (client.primary_ips, primary),
    ]
    for collection, ip in assigned_ips:
        with pytest.raises(asynchetzner.APIError) as assigned:
            await collection.delete(ip)
        assert (assigned.value.status, assigned.value.code) == (422, "must_be_unassigned")

    await done(client, await floating.unassign(), await primary.unassign())
    assert (await server.refresh()).public_net["ipv4"] is None
    assert server.public_net["floating_ips"] == []
    await client.floating_ips.delete(floating)
    await client.primary_ips.delete(primary)


async def test_primary_ips_change_hands_only_while_the_server_is_off(client: Client) -> None:
    server = await new_server(client, "web-1", public_net={"enable_ipv4": False})
    primary = (await client.primary_ips.create("ipv4", "v4", location="fsn1")).primary_ip

    with pytest.raises(asynchetzner.APIError) as running:
        await primary.assign(server)
    assert running.value.code == "server_not_stopped"

    await stopped(client, server)
    await done(client, await primary.assign(server))
    await done(client, await server.power_on())
    with pytest.raises(asynchetzner.APIError) as still_running:
        await primary.unassign()
    assert still_running.value.code == "server_not_stopped"


async def test_volumes_stay_in_their_location(client: Client) -> None:
    server = await new_server(client, "web-1")
    elsewhere = (await client.volumes.create("far", 10, location="nbg1")).volume

    with pytest.raises(asynchetzner.APIError) as attach:
        await elsewhere.attach(server)
    assert attach.value.status == 422
    with pytest.raises(asynchetzner.APIError) as create:
        await client.servers.create("web-2", "cx23", "ubuntu-24.04", "fsn1", volumes=[elsewhere])
    assert create.value.status == 422
    assert (await elsewhere.refresh()).server is None
    assert await client.servers.get_by_name("web-2") is None

    created = await client.volumes.create("near", 10, server=server)
    assert created.volume.location.name == "fsn1"
    assert [a.command for a in created.next_actions] == ["attach_volume"]


async def test_floating_ips_reach_servers_of_their_network_zone_only(client: Client) -> None:
    server = await new_server(client, "web-1")  # fsn1, eu-central
    same_zone = (await client.floating_ips.create("ipv4", home_location="hel1")).floating_ip
    other_zone = (await client.floating_ips.create("ipv4", home_location="ash")).floating_ip

    await done(client, await same_zone.assign(server))
    with pytest.raises(asynchetzner.APIError) as far:
        await other_zone.assign(server)
    assert far.value.status == 422

    assert (await server.refresh()).public_net["floating_ips"] == [same_zone.id]
    assert (await other_zone.refresh()).server is None


async def test_primary_ips_stay_in_their_location(client: Client) -> None:
    server = await new_server(client, "web-1", public_net={"enable_ipv4": False})
    await stopped(client, server)
    elsewhere = (await client.primary_ips.create("ipv4", "far", location="nbg1")).primary_ip

    with pytest.raises(asynchetzner.APIError) as assign:
        await elsewhere.assign(server)
    assert assign.value.status == 422
    with pytest.raises(asynchetzner.APIError) as create:
        await client.servers.create(
            "web-2", "cx23", "ubuntu-24.04", "fsn1", public_net={"ipv4": elsewhere.id}
        )
    assert (create.value.status, create.value.code) == (422, "primary_ip_datacenter_mismatch")
    assert (await elsewhere.refresh()).assignee_id is None
    assert await client.servers.get_by_name("web-2") is None

    with pytest.raises(asynchetzner.APIError) as version:
        await client.servers.create(
            "web-3", "cx23", "ubuntu-24.04", public_net={"ipv6": elsewhere.id}
        )
    assert (version.value.status, version.value.code) == (412, "primary_ip_version_mismatch")


async def test_ips_taken_by_one_server_are_refused_to_the_next(client: Client) -> None:
    server = await new_server(client, "web-1")
    taken = server.public_net["ipv4"]["id"]
    with pytest.raises(asynchetzner.APIError) as create:
        await client.servers.create("web-2", "cx23", "ubuntu-24.04", public_net={"ipv4": taken})
    assert (create.value.status, create.value.code) == (422, "primary_ip_assigned")


async def test_protection_stops_the_deletion_of_each_kind(client: Client) -> None:
    server = await new_server(client, "web-1")
    volume = (await client.volumes.create("data", 10, server=server)).volume
    floating = (await client.floating_ips.create("ipv4", home_location="fsn1")).floating_ip
    primary = (await client.primary_ips.create("ipv4", "v4", location="fsn1")).primary_ip
    protected: list[tuple[Any, Any, Any]] = [
        (client.servers, server, await server.change_protection(delete=True, rebuild=True)),
        (client.volumes, volume, await volume.change_protection(delete=True)),
        (client.floating_ips, floating, await floating.change_protection(delete=True)),
        (client.primary_ips, primary, await primary.change_protection(delete=True)),
    ]
    await done(client, [action for _, _, action in protected])

    for collection, resource, _ in protected:
        with pytest.raises(asynchetzner.ProtectedError):
            await collection.delete(resource)
        assert (await resource.refresh()).protection["delete"] is True

    with pytest.raises(asynchetzner.InvalidInputError):  # protected and auto_delete: never both
        await client.primary_ips.update(primary, auto_delete=True)
    assert (await primary.refresh()).auto_delete is False
    auto = await client.primary_ips.get(server.public_net["ipv4"]["id"])
    assert auto.auto_delete is True
    with pytest.raises(asynchetzner.APIError) as auto_delete:
        await auto.change_protection(delete=True)
    assert auto_delete.value.status == 422

    await done(client, await server.change_protection(delete=False, rebuild=False))
    await done(client, await server.delete())  # a protected volume is detached all the same
    assert (await volume.refresh()).server is None
    with pytest.raises(asynchetzner.ProtectedError):
        await client.volumes.delete(volume)


async def test_a_volume_being_attached_locks_its_server_and_itself(
    clocked: Clock,
) -> None:
    client = clocked.client
    result = await client.servers.create("web-1", "cx23", "ubuntu-24.04", "fsn1")
    volume = (await client.volumes.create("data", 10, location="fsn1")).volume
    clocked.tick(60)
    server = await result.server.refresh()
    assert (server.status, server.locked) == ("running", False)

    attaching = await volume.attach(server)
    assert (await server.refresh()).locked
    with pytest.raises(asynchetzner.LockedError):
        await server.power_off()
    with pytest.raises(asynchetzner.LockedError):
        await volume.resize(20)
    with pytest.raises(asynchetzner.LockedError):
        await volume.change_protection(delete=True)

    clocked.tick(60)
    assert (await client.actions.get(attaching.id)).status == "success"
    assert not (await server.refresh()).locked
    assert server.volumes == [volume.id]
    await volume.resize(20)
    clocked.tick(60)

    detaching = await volume.detach()
    with pytest.raises(asynchetzner.LockedError):
        await server.reboot()
    clocked.tick(60)
    assert (await client.actions.get(detaching.id)).status == "success"

    rebooting = await server.reboot()  # the server's own action: no volume joins it
    with pytest.raises(asynchetzner.LockedError):
        await volume.attach(server)
    clocked.tick(60)
    assert (await client.actions.get(rebooting.id)).status == "success"
    assert (await volume.refresh()).server is None


async def test_a_new_servers_firewalls_are_pending_until_applied(
    clocked: Clock,
) -> None:
    client = clocked.client
    firewall = (await client.firewalls.create("ssh", rules=SSH)).firewall
    result = await client.servers.create(
        "web-1", "cx23", "ubuntu-24.04", "fsn1", firewalls=[firewall]
    )
    commands = [(a.command, a.resources) for a in result.next_actions]
    applying = (
        {"id": firewall.id, "type": "firewall"},
        {"id": result.server.id, "type": "server"},
    )
    assert ("apply_firewall", list(applying)) in commands
    assert firewall_ids(await result.server.refresh()) == {firewall.id: "pending"}

    clocked.tick(60)
    assert firewall_ids(await result.server.refresh()) == {firewall.id: "applied"}
    assert (await firewall.refresh()).server_ids == [result.server.id]


async def test_ips_wait_for_their_servers_running_action(
    clocked: Clock,
) -> None:
    client = clocked.client
    result = await client.servers.create(
        "web-1", "cx23", "ubuntu-24.04", "fsn1", start_after_create=False
    )
    floating = (await client.floating_ips.create("ipv4", home_location="fsn1")).floating_ip
    clocked.tick(60)
    server = await result.server.refresh()
    held = await client.primary_ips.get(server.public_net["ipv4"]["id"])

    rescuing = (await server.enable_rescue()).action
    with pytest.raises(asynchetzner.LockedError):
        await floating.assign(server)
    with pytest.raises(asynchetzner.LockedError):
        await held.unassign()
    clocked.tick(60)
    assert (await client.actions.get(rescuing.id)).status == "success"

    assigning = await floating.assign(server)  # an IP's action locks its server in turn
    assert [r["type"] for r in assigning.resources] == ["floating_ip", "server"]
    with pytest.raises(asynchetzner.LockedError):
        await server.disable_rescue()
    clocked.tick(60)
    assert (await server.refresh()).public_net["floating_ips"] == [floating.id]
    assert (await held.refresh()).assignee_id == server.id


async def test_updates_conflict_while_a_firewall_or_primary_ip_is_changing(
    clocked: Clock,
) -> None:
    client = clocked.client
    primary = (await client.primary_ips.create("ipv4", "v4", location="fsn1")).primary_ip
    protecting = await primary.change_protection(delete=True)
    with pytest.raises(asynchetzner.ConflictError):  # else protected and auto_delete
        await client.primary_ips.update(primary, auto_delete=True)
    result = await client.servers.create("web-1", "cx23", "ubuntu-24.04", "fsn1")
    firewall = (await client.firewalls.create("ssh", apply_to=[result.server])).firewall
    with pytest.raises(asynchetzner.ConflictError):
        await client.firewalls.update(firewall, name="web")

    clocked.tick(60)
    assert (await client.actions.get(protecting.id)).status == "success"
    assert (await client.firewalls.update(firewall, name="web")).name == "web"
    assert (await client.primary_ips.update(primary, labels={"a": "b"})).labels == {"a": "b"}
    assert (await primary.refresh()).auto_delete is False
