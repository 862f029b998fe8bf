"""End to end with the official ``hcloud`` library, across kinds: a server built from a network,
a volume, firewalls, a named primary IP and a floating IP, then taken apart again; a primary IP
handed from one server to the next; a managed certificate issued."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import create_ready, hcloud, run

APIException = hcloud.APIException
Location = hcloud.locations.Location
FirewallRule = hcloud.firewalls.FirewallRule
FirewallResource = hcloud.firewalls.FirewallResource
LabelSelector = hcloud.firewalls.FirewallResourceLabelSelector
NetworkSubnet = hcloud.networks.NetworkSubnet
PublicNet = hcloud.servers.ServerCreatePublicNetwork


def finish(*actions: Any) -> None:
    """Wait for every action (blocking)."""
    for action in actions:
        action.wait_until_finished()


async def refused(code: str, function: Any, *args: Any) -> None:
    """``function(*args)`` is refused with the error ``code``."""
    with pytest.raises(APIException) as error:
        await run(function, *args)
    assert error.value.code == code


async def test_a_server_built_from_every_kind_and_taken_apart(hc: Any) -> None:
    fsn1 = Location(name="fsn1")
    network = await run(
        hc.networks.create,
        name="backend",
        ip_range="10.0.0.0/16",
        subnets=[NetworkSubnet(type="cloud", ip_range="10.0.1.0/24", network_zone="eu-central")],
    )
    volume = await run(hc.volumes.create, size=10, name="data", location=fsn1, format="ext4")
    await run(finish, volume.action)
    ssh = FirewallRule(direction="in", protocol="tcp", port="22", source_ips=["0.0.0.0/0", "::/0"])
    direct = await run(hc.firewalls.create, name="ssh", rules=[ssh])
    selector = FirewallResource(type="label_selector", label_selector=LabelSelector("app=web"))
    by_label = await run(hc.firewalls.create, name="web", resources=[selector])
    ipv4 = (await run(hc.primary_ips.create, type="ipv4", name="web-v4", location=fsn1)).primary_ip

    created = await run(
        create_ready,
        hc,
        "web-1",
        volumes=[volume.volume],
        firewalls=[direct.firewall],
        networks=[network],
        public_net=PublicNet(ipv4=ipv4, enable_ipv6=False),
        labels={"app": "web"},
    )
    server = await run(hc.servers.get_by_id, created.server.id)

    assert server.location.name == "fsn1"
    assert [v.id for v in server.volumes] == [volume.volume.id]
    assert (server.public_net.primary_ipv4.id, server.public_net.ipv6) == (ipv4.id, None)
    assert server.public_net.ipv4.ip == ipv4.ip
    assert {f.firewall.id: f.status for f in server.public_net.firewalls} == {
        direct.firewall.id: "applied",
        by_label.firewall.id: "applied",
    }
    assert [n.network.id for n in server.private_net] == [network.id]
    assert (await run(hc.volumes.get_by_id, volume.volume.id)).server.id == server.id
    assert (await run(hc.primary_ips.get_by_id, ipv4.id)).assignee_id == server.id
    applied = (await run(hc.firewalls.get_by_id, direct.firewall.id)).applied_to
    assert [r.server.id for r in applied] == [server.id]
    labelled = (await run(hc.firewalls.get_by_id, by_label.firewall.id)).applied_to
    assert [r.server.id for r in labelled[0].applied_to_resources] == [server.id]
    assert [s.id for s in (await run(hc.networks.get_by_id, network.id)).servers] == [server.id]

    floating = await run(hc.floating_ips.create, type="ipv4", home_location=Location(name="hel1"))
    await run(finish, await run(hc.floating_ips.assign, floating.floating_ip, server))
    assert (await run(hc.servers.get_by_id, server.id)).public_net.floating_ips[0].id == (
        floating.floating_ip.id
    )

    await refused("must_be_unassigned", hc.floating_ips.delete, floating.floating_ip)
    await refused("must_be_unassigned", hc.primary_ips.delete, ipv4)
    await refused("resource_in_use", hc.firewalls.delete, direct.firewall)
    await refused("volume_already_attached", hc.volumes.attach, volume.volume, server)

    await run(finish, await run(hc.servers.delete, server))

    assert (await run(hc.volumes.get_by_id, volume.volume.id)).server is None
    assert (await run(hc.floating_ips.get_by_id, floating.floating_ip.id)).server is None
    assert (await run(hc.primary_ips.get_by_id, ipv4.id)).assignee_id is None
    assert (await run(hc.firewalls.get_by_id, direct.firewall.id)).applied_to == []
    labelled = (await run(hc.firewalls.get_by_id, by_label.firewall.id)).applied_to
    assert not labelled[0].applied_to_resources  # hcloud reads [] as None
    assert (await run(hc.networks.get_by_id, network.id)).servers == []

    await refused("resource_in_use", hc.firewalls.delete, by_label.firewall)  # still a selector
    removing = await run(hc.firewalls.remove_from_resources, by_label.firewall, [selector])
    await run(finish, *removing)
    for collection, resource in (
        (hc.floating_ips, floating.floating_ip),
        (hc.primary_ips, ipv4),
        (hc.volumes, volume.volume),
        (hc.firewalls, direct.firewall),
        (hc.firewalls, by_label.firewall),
    ):
        assert await run(collection.delete, resource) is True
    assert await run(hc.volumes.get_all) == []
    assert await run(hc.primary_ips.get_all) == []


async def test_a_primary_ip_handed_from_one_server_to_the_next(hc: Any) -> None:
    first = (await run(create_ready, hc, "first", location=Location(name="nbg1"))).server
    first = await run(hc.servers.get_by_id, first.id)
    ipv4 = await run(hc.primary_ips.get_by_id, first.public_net.primary_ipv4.id)
    ipv6_id = first.public_net.primary_ipv6.id
    assert (ipv4.auto_delete, ipv4.assignee_id, ipv4.location.name) == (True, first.id, "nbg1")

    await refused("server_not_stopped", hc.primary_ips.unassign, ipv4)
    await run(finish, await run(hc.servers.power_off, first))
    await run(finish, await run(hc.primary_ips.unassign, ipv4))
    await run(hc.primary_ips.update, ipv4, auto_delete=False)
    await run(finish, await run(hc.primary_ips.change_protection, ipv4, True))

    second = (
        await run(
            create_ready,
            hc,
            "second",
            public_net=PublicNet(ipv4=ipv4, enable_ipv6=False),
            start_after_create=False,
        )
    ).server
    second = await run(hc.servers.get_by_id, second.id)
    assert (second.status, second.location.name) == ("off", "nbg1")  # the IP's location
    assert second.public_net.primary_ipv4.id == ipv4.id

    await run(finish, await run(hc.servers.delete, first))
    assert (await run(hc.primary_ips.get_by_id, ipv4.id)).assignee_id == second.id
    with pytest.raises(APIException) as gone:
        await run(hc.primary_ips.get_by_id, ipv6_id)  # auto_delete: went with its server
    assert gone.value.code == "not_found"

    await run(finish, await run(hc.servers.delete, second))
    kept = await run(hc.primary_ips.get_by_id, ipv4.id)
    assert (kept.assignee_id, kept.protection["delete"]) == (None, True)
    await refused("protected", hc.primary_ips.delete, kept)


async def test_a_managed_certificate_is_issued(hc: Any) -> None:
    response = await run(
        hc.certificates.create_managed, name="site", domain_names=["example.com", "*.example.com"]
    )
    assert response.certificate.status.issuance == "pending"
    await run(finish, response.action)
    certificate = await run(hc.certificates.get_by_id, response.certificate.id)
    assert certificate.status.issuance == "completed"
    assert certificate.domain_names == ["example.com", "*.example.com"]
    assert certificate.certificate.startswith("-----BEGIN CERTIFICATE-----")
    assert certificate.not_valid_after > certificate.not_valid_before
