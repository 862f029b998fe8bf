"""Scenarios through the typed client of the Load Balancer rules issue 13 names, written from the
issue, the spec and Hetzner's documentation (an independent review of the kind)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import asynchetzner
from asynchetzner.cloud.load_balancers import (
    label_selector_target,
    server_target,
    tcp_health_check,
)
from asynchetzner.polling import PollPolicy
from asynchetzner.simulator.runner import Simulator

from ..conftest import Clock, field_names, refused

Client = asynchetzner.Client
QUICK = PollPolicy(interval=0.001, factor=1.0, max_interval=0.001)  # actions are instant here


@pytest.fixture
async def client(simulator: Simulator) -> AsyncIterator[Client]:
    """A client of ``simulator`` that polls its (instant) actions without waiting."""
    async with simulator.client(poll=QUICK) as connected:
        yield connected


def tcp(listen: int, destination: int = 8080) -> dict[str, Any]:
    return {
        "protocol": "tcp",
        "listen_port": listen,
        "destination_port": destination,
        "proxyprotocol": False,
        "health_check": tcp_health_check(destination),
    }


async def server(client: Client, name: str, location: str = "fsn1", **options: Any) -> Any:
    made = await client.servers.create(name, "cpx11", "ubuntu-24.04", location=location, **options)
    for action in [made.action, *made.next_actions]:
        await action.wait()
    return await made.server.refresh()


async def network(client: Client) -> Any:
    subnet = {"type": "cloud", "network_zone": "eu-central", "ip_range": "10.0.1.0/24"}
    return await client.networks.create("net", "10.0.0.0/16", subnets=[subnet])


def health_of(lb: Any) -> dict[int, dict[int, str]]:
    health: dict[int, dict[int, str]] = lb.health()
    return health


async def balancer(client: Client, name: str = "lb", **options: Any) -> Any:
    options.setdefault("location", "fsn1")
    made = await client.load_balancers.create(name, "lb11", **options)
    await made.action.wait()
    return await made.load_balancer.refresh()


# -- create, health, label selectors ----------------------------------------------------------


async def test_create_with_services_targets_and_network(client: Client) -> None:
    net = await network(client)
    web = await server(client, "web", networks=[net])
    lb = await balancer(
        client,
        services=[tcp(80), tcp(443, 8443)],
        targets=[server_target(web, use_private_ip=True)],
        network=net,
        algorithm="least_connections",
    )
    assert [s["listen_port"] for s in lb.services] == [80, 443]
    assert lb.algorithm == {"type": "least_connections"}
    [attached] = lb.private_net
    assert attached["network"] == net.id
    assert attached["ip"].startswith("10.0.1.")
    [target] = lb.targets
    assert (target["server"]["id"], target["use_private_ip"]) == (web.id, True)
    assert health_of(lb) == {web.id: {80: "healthy", 443: "healthy"}}
    assert (await web.refresh()).data["load_balancers"] == [lb.id]
    shown = await net.refresh()
    assert shown.data["load_balancers"] == [lb.id]


async def test_health_follows_the_servers_power(client: Client) -> None:
    web = await server(client, "web")
    lb = await balancer(client, services=[tcp(80)], targets=[server_target(web)])
    assert health_of(lb) == {web.id: {80: "healthy"}}
    await (await web.power_off()).wait()
    assert health_of(await lb.refresh()) == {web.id: {80: "unhealthy"}}
    await (await web.power_on()).wait()
    assert health_of(await lb.refresh()) == {web.id: {80: "healthy"}}


async def test_a_starting_server_is_of_unknown_health(clocked: Clock) -> None:
    client = clocked.client
    made = await client.servers.create("web", "cpx11", "ubuntu-24.04", location="fsn1")
    lb_made = await client.load_balancers.create(
        "lb", "lb11", location="fsn1", services=[tcp(80)], targets=[server_target(made.server)]
    )
    lb = await lb_made.load_balancer.refresh()
    assert health_of(lb) == {made.server.id: {80: "unknown"}}
    clocked.tick(600)
    assert health_of(await lb.refresh()) == {made.server.id: {80: "healthy"}}


async def test_label_selector_targets_follow_the_servers(client: Client) -> None:
    blue = await server(client, "blue", labels={"color": "blue"})
    await server(client, "green", labels={"color": "green"})
    lb = await balancer(client, services=[tcp(80)], targets=[label_selector_target("color=blue")])
    [selector] = lb.targets
    assert [t["server"]["id"] for t in selector["targets"]] == [blue.id]
    late = await server(client, "blue-2", labels={"color": "blue"})
    await client.servers.update(blue, labels={"color": "green"})
    [selector] = (await lb.refresh()).targets
    assert [t["server"]["id"] for t in selector["targets"]] == [late.id]
    assert (await late.refresh()).data["load_balancers"] == [lb.id]
    assert (await blue.refresh()).data["load_balancers"] == []
    elsewhere = await server(client, "blue-us", "ash", labels={"color": "blue"})
    [selector] = (await lb.refresh()).targets
    assert elsewhere.id not in [t["server"]["id"] for t in selector["targets"]]


async def test_deleting_a_server_removes_its_targets(client: Client) -> None:
    web = await server(client, "web")
    lb = await balancer(client, services=[tcp(80)], targets=[server_target(web)])
    await (await web.delete()).wait()
    assert (await lb.refresh()).targets == []
    await (await lb.add_target(label_selector="role=web")).wait()
    assert [t["type"] for t in (await lb.refresh()).targets] == ["label_selector"]


# -- services ---------------------------------------------------------------------------------


async def test_a_listen_port_is_taken_once(client: Client) -> None:
    lb = await balancer(client, services=[tcp(80)])
    await refused(lb.add_service("tcp", 80, 9000), "source_port_already_used", 412)
    with pytest.raises(asynchetzner.APIError) as caught:
        await balancer(client, "twice", services=[tcp(81), tcp(81, 9000)])
    assert caught.value.code == "source_port_already_used"
    await (await lb.add_service("tcp", 81, 9000)).wait()
    await (await lb.update_service(81, destination_port=9001)).wait()
    assert [s["destination_port"] for s in (await lb.refresh()).services] == [8080, 9001]


async def test_ports_run_from_1_to_65535(client: Client) -> None:
    lb = await balancer(client)
    error = await refused(lb.add_service("tcp", 0, 80), "invalid_input", 422)
    assert field_names(error) == ["listen_port"]
    error = await refused(lb.add_service("tcp", 80, 65536), "invalid_input", 422)
    assert field_names(error) == ["destination_port"]


async def test_https_needs_an_existing_certificate_and_shows_in_used_by(client: Client) -> None:
    lb = await balancer(client)
    await refused(lb.add_service("https", 443, 80, http={"certificates": []}), "invalid_input")
    await refused(lb.add_service("https", 443, 80, http={"certificates": [999]}), "invalid_input")
    made = await client.certificates.create_managed("cert", ["a.example"])
    await made.action.wait()
    certificate = made.certificate
    await refused(
        lb.add_service("http", 8080, 80, http={"certificates": [certificate.id]}), "invalid_input"
    )
    https = {"certificates": [certificate.id], "redirect_http": True}
    await (await lb.add_service("https", 443, 80, http=https)).wait()
    assert (await certificate.refresh()).data["used_by"] == [{"id": lb.id, "type": "load_balancer"}]
    await refused(lb.add_service("tcp", 80, 80), "source_port_already_used", 412)
    await (await lb.delete_service(443)).wait()
    assert (await certificate.refresh()).data["used_by"] == []


async def test_http_options_only_for_http_services(client: Client) -> None:
    lb = await balancer(client)
    await refused(lb.add_service("tcp", 80, 80, http={"sticky_sessions": True}), "invalid_input")
    check = {**tcp_health_check(80), "http": {"path": "/"}}
    await refused(lb.add_service("http", 80, 80, health_check=check), "invalid_input")


# -- targets ----------------------------------------------------------------------------------


async def test_a_target_in_another_network_zone_is_refused(client: Client) -> None:
    faraway = await server(client, "faraway", "ash")
    lb = await balancer(client)
    with pytest.raises(asynchetzner.APIError) as caught:
        await lb.add_target(server=faraway)
    assert caught.value.status == 422  # the code is not documented (invalid_input here)
    assert (await lb.refresh()).targets == []


async def test_a_target_is_defined_once(client: Client) -> None:
    web = await server(client, "web")
    lb = await balancer(client, targets=[server_target(web)])
    await refused(lb.add_target(server=web), "target_already_defined", 422)
    await refused(
        client.load_balancers.create(
            "twice", "lb11", location="fsn1", targets=[server_target(web), server_target(web)]
        ),
        "target_already_defined",
        422,
    )


async def test_use_private_ip_rules(client: Client) -> None:
    net = await network(client)
    web = await server(client, "web")
    lb = await balancer(client)
    await refused(
        lb.add_target(server=web, use_private_ip=True), "load_balancer_not_attached_to_network"
    )
    await (await lb.attach_to_network(net)).wait()
    await refused(
        lb.add_target(server=web, use_private_ip=True), "resolve_cloud_private_targets_error"
    )
    await (await web.attach_to_network(net)).wait()
    await (await lb.add_target(server=web, use_private_ip=True)).wait()
    await (await lb.disable_public_interface()).wait()
    lb = await lb.refresh()
    assert lb.public_net["enabled"] is False
    assert lb.ipv4 is None
    other = await server(client, "other")
    await refused(lb.add_target(server=other), "load_balancer_public_interface_disabled")
    await (await lb.enable_public_interface()).wait()
    await (await lb.add_target(server=other)).wait()
    await refused(lb.disable_public_interface(), "targets_without_use_private_ip")


async def test_a_public_target_needs_a_public_ipv4(client: Client) -> None:
    net = await network(client)
    hidden = await server(
        client,
        "hidden",
        networks=[net],
        public_net={"enable_ipv4": False, "enable_ipv6": True},
    )
    lb = await balancer(client, network=net)
    await refused(lb.add_target(server=hidden), "resolve_cloud_public_targets_error")
    await (await lb.add_target(server=hidden, use_private_ip=True)).wait()


async def test_disabling_the_public_interface_needs_a_network(client: Client) -> None:
    lb = await balancer(client)
    await refused(lb.disable_public_interface(), "load_balancer_not_attached_to_network")


# -- type, delete -----------------------------------------------------------------------------


async def test_change_type_keeps_within_the_types_limits(client: Client) -> None:
    types = {t.name: t for t in await client.load_balancer_types.get_all()}
    lb11 = types["lb11"].data
    made = await client.load_balancers.create(
        "big",
        "lb21",
        location="fsn1",
        services=[tcp(port) for port in range(1, lb11["max_services"] + 2)],
    )
    await made.action.wait()
    lb = made.load_balancer
    await refused(lb.change_type("lb11"), "invalid_load_balancer_type", 422)
    await (await lb.delete_service(1)).wait()
    await (await lb.change_type("lb11")).wait()
    assert (await lb.refresh()).load_balancer_type.name == "lb11"


async def test_delete_answers_an_action(client: Client, simulator: Simulator) -> None:
    lb = await balancer(client)
    await (await lb.change_protection(delete=True)).wait()
    await refused(client.load_balancers.delete(lb), "protected", 423)
    await (await lb.change_protection(delete=False)).wait()
    action = await client.load_balancers.delete(lb)
    assert action is not None
    assert action.command == "delete_load_balancer"
    assert action.data["resources"] == [{"id": lb.id, "type": "load_balancer"}]
    await action.wait()
    await refused(client.load_balancers.get(lb.id), "not_found", 404)
    assert await client.load_balancers.delete(lb.id, missing_ok=True) is None


async def test_dns_ptr_and_metrics(client: Client) -> None:
    lb = await balancer(client, services=[tcp(80)])
    await (await lb.change_dns_ptr(lb.ipv4, "lb.example.com")).wait()
    assert (await lb.refresh()).public_net["ipv4"]["dns_ptr"] == "lb.example.com"
    await (await lb.change_dns_ptr(lb.ipv4, None)).wait()
    assert (await lb.refresh()).public_net["ipv4"]["dns_ptr"] != "lb.example.com"
    metrics = await lb.metrics(
        ["open_connections", "bandwidth"], "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"
    )
    assert {"open_connections", "bandwidth.in", "bandwidth.out"} <= set(metrics.time_series)


# -- zones ------------------------------------------------------------------------------------

SECONDARY = [{"address": "203.0.113.53", "port": 53}]


async def zone(client: Client, name: str = "example.com", **options: Any) -> Any:
    made = await client.zones.create(name, **options)
    await made.action.wait()
    return await made.zone.refresh()


async def test_a_primary_zone_has_soa_and_three_ns(client: Client) -> None:
    example = await zone(client, ttl=600)
    assert (example.mode, example.ttl) == ("primary", 600)
    soa = await example.rrsets.get("@", "SOA")
    ns = await example.rrsets.get("@", "NS")
    assert len(soa.values) == 1
    mname, rname, serial, *timers = soa.values[0].split()
    assert [mname[-1], rname[-1], len(timers)] == [".", ".", 4]
    assert int(serial) > 0
    assigned = example.authoritative_nameservers["assigned"]
    assert len(assigned) == 3
    assert sorted(ns.values) == sorted(f"{name.rstrip('.')}." for name in assigned)
    assert example.record_count == 4


async def test_zone_modes_keep_to_their_operations(client: Client) -> None:
    await refused(client.zones.create("a.example", "secondary"), "invalid_input", 422)
    ignored = await zone(client, "b.example", primary_nameservers=SECONDARY)  # as documented
    assert ignored.primary_nameservers == []
    secondary = await zone(client, "c.example", mode="secondary", primary_nameservers=SECONDARY)
    assert secondary.primary_nameservers[0]["address"] == "203.0.113.53"
    rrsets = secondary.rrsets
    for call in (
        rrsets.create("www", "A", ["198.51.100.1"]),
        rrsets.get("@", "SOA"),
        rrsets.add_records("www", "A", ["198.51.100.1"]),
        secondary.change_ttl(300),
        secondary.import_zonefile("$ORIGIN c.example.\n"),
        secondary.export_zonefile(),
    ):
        await refused(call, "incorrect_zone_mode", 422)
    primary = await zone(client, "d.example")
    await refused(primary.change_primary_nameservers(SECONDARY), "incorrect_zone_mode", 422)
    changed = [{"address": "198.51.100.53", "port": 5353}]
    await (await secondary.change_primary_nameservers(changed)).wait()
    assert (await secondary.refresh()).primary_nameservers[0]["port"] == 5353


async def test_zone_names(client: Client) -> None:
    await (await client.zones.create("example.co.uk")).action.wait()
    assert (await client.zones.get("Example.CO.uk")).name == "example.co.uk"
    error = await refused(client.zones.create("exa mple.com"), "invalid_input", 422)
    assert field_names(error) == ["name"]


async def test_idn_zones_go_in_punycode(client: Client) -> None:
    munich = await zone(client, "münchen.de")
    assert munich.name == "xn--mnchen-3ya.de"
    assert (await client.zones.get("münchen.de")).id == munich.id
    assert (await client.zones.get_by_name("MÜNCHEN.de")) is not None
    await refused(client.zones.create("xn--mnchen-3ya.de"), "uniqueness_error", 409)
    made = await munich.rrsets.create("bücher", "A", ["198.51.100.7"])
    assert made.rrset.name == "xn--bcher-kva"
    assert (await munich.rrsets.get("bücher", "a")).values == ["198.51.100.7"]


async def test_rrsets_by_name_and_type_with_apex_and_wildcard(client: Client) -> None:
    example = await zone(client)
    rrsets = example.rrsets
    await (await rrsets.create("*", "A", ["198.51.100.1"], ttl=60)).action.wait()
    await (await rrsets.create("@", "TXT", ['"v=spf1 -all"'])).action.wait()
    await (await rrsets.create("*.dev", "AAAA", ["2001:db8::1"])).action.wait()
    assert (await rrsets.get("*", "A")).ttl == 60
    assert (await rrsets.get("@", "TXT")).values == ['"v=spf1 -all"']
    assert (await rrsets.get("*.dev", "AAAA")).values == ["2001:db8::1"]
    await refused(rrsets.get("*", "AAAA"), "not_found", 404)
    listed = [(r.name, r.type) for r in await rrsets.get_all(type=["A", "AAAA"])]
    assert sorted(listed) == [("*", "A"), ("*.dev", "AAAA")]
    await refused(rrsets.create("*", "A", ["198.51.100.2"]), "uniqueness_error", 409)


async def test_record_actions(client: Client) -> None:
    rrsets = (await zone(client)).rrsets
    await (await rrsets.add_records("www", "A", ["198.51.100.1"])).wait()  # created
    www = await rrsets.get("www", "A")
    await (await www.add_records(["198.51.100.2", "198.51.100.3"])).wait()
    await (await www.remove_records(["198.51.100.1"])).wait()
    www = await www.refresh()
    assert sorted(www.values) == ["198.51.100.2", "198.51.100.3"]
    await (await www.update_records([{"value": "198.51.100.2", "comment": "blue"}])).wait()
    comments = {r["value"]: r.get("comment", "") for r in (await www.refresh()).records}
    assert comments == {"198.51.100.2": "blue", "198.51.100.3": ""}
    await (await www.set_records(["198.51.100.9"])).wait()
    assert (await www.refresh()).values == ["198.51.100.9"]
    await (await www.remove_records(["198.51.100.9"])).wait()  # the last one: RRSet deleted
    await refused(rrsets.get("www", "A"), "not_found", 404)


async def test_ttls_and_protection(client: Client) -> None:
    example = await zone(client, ttl=3600)
    made = await example.rrsets.create("www", "A", ["198.51.100.1"])
    await made.action.wait()
    www = made.rrset
    assert www.ttl is None
    await (await www.change_ttl(120)).wait()
    assert (await www.refresh()).ttl == 120
    await (await example.change_ttl(900)).wait()
    assert (await example.refresh()).ttl == 900
    assert (await www.refresh()).ttl == 120
    await (await www.change_protection(True)).wait()
    await refused(www.set_records(["198.51.100.2"]), "protected", 423)
    await refused(www.delete(), "protected", 423)
    await (await www.change_protection(False)).wait()
    await (await www.delete()).wait()
    await (await example.change_protection(delete=True)).wait()
    await refused(client.zones.delete(example), "protected", 423)
    await (await example.change_protection(delete=False)).wait()
    action = await client.zones.delete(example)
    assert action is not None
    assert action.command == "delete_zone"


async def test_zonefile_round_trip_with_dnspython(client: Client) -> None:
    dns_zone = pytest.importorskip("dns.zone")
    example = await zone(client)
    await (await example.rrsets.create("www", "A", ["198.51.100.1"], ttl=300)).action.wait()
    await (await example.rrsets.create("@", "MX", ["10 mail.example.com."])).action.wait()
    text = await example.export_zonefile()
    parsed = dns_zone.from_text(text, origin="example.com.", relativize=False)
    assert {str(n) for n in parsed.nodes} >= {"example.com.", "www.example.com."}
    www = parsed.find_rdataset("www.example.com.", "A")
    assert (www.ttl, [r.to_text() for r in www]) == (300, ["198.51.100.1"])
    changed = text + "api 600 IN CNAME www.example.com.\n"
    before = dns_zone.from_text(text, origin="example.com.", relativize=False)
    after = dns_zone.from_text(changed, origin="example.com.", relativize=False)
    diff = [str(n) for n in after.nodes if n not in before.nodes or after[n] != before[n]]
    assert diff == ["api.example.com."]
    await (await example.import_zonefile(changed)).wait()
    assert (await example.rrsets.get("api", "CNAME")).values == ["www.example.com."]
    again = dns_zone.from_text(
        await example.export_zonefile(), origin="example.com.", relativize=False
    )
    for name in ("www.example.com.", "api.example.com."):
        assert again.get_node(name) == after.get_node(name)
    assert (await example.refresh()).record_count == 7  # SOA, 3 NS, A, MX, CNAME


async def test_importing_the_export_keeps_the_records(client: Client) -> None:
    """A zone synced from its own export is unchanged: names in record values stay absolute
    (as the API shows them, ``10 smtp.example.com.``), a file's relative ones made absolute."""
    example = await zone(client)
    await (await example.rrsets.create("api", "CNAME", ["www.example.com."])).action.wait()
    await (await example.rrsets.create("@", "MX", ["10 mail.example.com."])).action.wait()
    before = {(r.name, r.type): r.values for r in await example.rrsets.get_all()}
    await (await example.import_zonefile(await example.export_zonefile())).wait()
    after = {(r.name, r.type): r.values for r in await example.rrsets.get_all()}
    del before["@", "SOA"], after["@", "SOA"]  # its serial grows
    assert after == before
    await (await example.import_zonefile(await example.export_zonefile() + "w IN CNAME x\n")).wait()
    assert (await example.rrsets.get("w", "CNAME")).values == ["x.example.com."]


async def test_only_the_ipv4_has_a_default_reverse_dns(client: Client) -> None:
    """As for primary and floating IPs: Hetzner names IPv4 addresses ``static.<ip>.clients.
    your-server.de``; an IPv6 has no reverse DNS until one is set."""
    lb = await balancer(client)
    assert lb.public_net["ipv4"]["dns_ptr"] == f"static.{lb.ipv4}.clients.your-server.de"
    assert lb.public_net["ipv6"]["dns_ptr"] is None
    await (await lb.change_dns_ptr(lb.ipv6, "lb.example.com")).wait()
    assert (await lb.refresh()).public_net["ipv6"]["dns_ptr"] == "lb.example.com"
    await (await lb.change_dns_ptr(lb.ipv6, None)).wait()
    assert (await lb.refresh()).public_net["ipv6"]["dns_ptr"] is None
