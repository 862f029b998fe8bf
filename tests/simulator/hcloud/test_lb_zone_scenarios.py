"""End-to-end scenarios with the official ``hcloud`` library, written the way its users write
them: Load Balancer services given in part (the API fills in the rest, as Hetzner's CLI and
Terraform provider rely on), and zones with RRSets addressed by name and type."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import create_ready, hcloud, run

lb = hcloud.load_balancers.domain
zones = hcloud.zones.domain
Location = hcloud.locations.Location
LoadBalancerType = hcloud.load_balancer_types.LoadBalancerType
APIException = hcloud.APIException

STICKY = lb.LoadBalancerServiceHttp(sticky_sessions=True)


def _create(hc: Any, name: str, services: list[Any], targets: list[Any] | None = None) -> Any:
    response = hc.load_balancers.create(
        name=name,
        load_balancer_type=LoadBalancerType(name="lb11"),
        location=Location(name="fsn1"),
        services=services,
        targets=targets or [],
    )
    response.action.wait_until_finished()
    return hc.load_balancers.get_by_id(response.load_balancer.id)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"proxyprotocol": False},
        {
            "health_check": lb.LoadBalancerHealthCheck(
                protocol="http",
                port=80,
                interval=10,
                timeout=5,
                retries=2,
                http=lb.LoadBalancerHealthCheckHttp(path="/health"),
            )
        },
    ],
    ids=["plain", "proxyprotocol", "health_check"],
)
async def test_create_with_a_plain_http_service(hc: Any, extra: dict[str, Any]) -> None:
    service = lb.LoadBalancerService(
        protocol="http", listen_port=80, destination_port=80, http=STICKY, **extra
    )
    balancer = await run(_create, hc, "web", [service])
    [shown] = balancer.services
    assert (shown.protocol, shown.listen_port, shown.destination_port) == ("http", 80, 80)
    assert shown.proxyprotocol is False
    assert shown.http.sticky_sessions is True
    assert (shown.http.cookie_name, shown.http.cookie_lifetime) == ("HCLBSTICKY", 300)
    assert shown.http.timeout_idle == 50
    check = shown.health_check
    assert check.port == 80
    if "health_check" in extra:
        assert (check.protocol, check.interval, check.http.path) == ("http", 10, "/health")
        assert check.http.status_codes == ["2??", "3??"]
    else:
        assert (check.protocol, check.interval, check.timeout, check.retries) == (
            "http",
            15,
            10,
            3,
        )
        assert check.http.path == "/"


async def test_add_service_as_the_cli_sends_it(hc: Any) -> None:
    """``hcloud load-balancer add-service --protocol http`` sends neither ports nor a health
    check; the API listens on 80 and forwards to 80."""
    balancer = await run(_create, hc, "web", [])
    action = await run(balancer.add_service, lb.LoadBalancerService(protocol="http", http=STICKY))
    await run(action.wait_until_finished)
    tcp = lb.LoadBalancerService(protocol="tcp", listen_port=5432, destination_port=5433)
    await run((await run(balancer.add_service, tcp)).wait_until_finished)
    balancer = await run(hc.load_balancers.get_by_id, balancer.id)
    http, postgres = balancer.services
    assert (http.listen_port, http.destination_port, http.health_check.port) == (80, 80, 80)
    assert (postgres.health_check.protocol, postgres.health_check.port) == ("tcp", 5433)
    assert postgres.http is None or postgres.protocol == "tcp"


async def test_a_tcp_service_still_needs_its_ports(hc: Any) -> None:
    balancer = await run(_create, hc, "web", [])
    with pytest.raises(APIException) as caught:
        await run(balancer.add_service, lb.LoadBalancerService(protocol="tcp", listen_port=22))
    assert caught.value.code == "invalid_input"
    assert [f["name"] for f in caught.value.details["fields"]] == ["destination_port"]


async def test_https_service_given_its_certificate_only(hc: Any) -> None:
    response = await run(hc.certificates.create_managed, name="cert", domain_names=["a.example"])
    await run(response.action.wait_until_finished)
    certificate = response.certificate
    service = lb.LoadBalancerService(
        protocol="https",
        http=lb.LoadBalancerServiceHttp(certificates=[certificate], redirect_http=True),
    )
    balancer = await run(_create, hc, "tls", [service])
    [shown] = balancer.services
    assert (shown.listen_port, shown.destination_port) == (443, 80)
    assert [c.id for c in shown.http.certificates] == [certificate.id]
    assert shown.http.redirect_http is True
    with pytest.raises(APIException) as caught:
        await run(balancer.add_service, lb.LoadBalancerService(protocol="http", listen_port=80))
    assert caught.value.code == "source_port_already_used"  # redirect_http holds port 80


async def test_blue_green_by_label_and_health(hc: Any) -> None:
    fsn1 = Location(name="fsn1")
    blue = (await run(create_ready, hc, "blue", location=fsn1, labels={"color": "blue"})).server
    green = (await run(create_ready, hc, "green", location=fsn1, labels={"color": "green"})).server
    selector = lb.LoadBalancerTarget(
        type="label_selector",
        label_selector=lb.LoadBalancerTargetLabelSelector(selector="color=blue"),
    )
    service = lb.LoadBalancerService(protocol="http", listen_port=80, destination_port=80)
    balancer = await run(_create, hc, "web", [service], [selector])
    assert [t.server.id for t in balancer.targets[0].targets] == [blue.id]
    await run((await run(blue.power_off)).wait_until_finished)
    balancer = await run(hc.load_balancers.get_by_id, balancer.id)
    assert balancer.targets[0].targets[0].health_status[0].status == "unhealthy"
    await run(hc.servers.update, green, labels={"color": "blue"})
    await run(hc.servers.update, blue, labels={"color": "green"})
    balancer = await run(hc.load_balancers.get_by_id, balancer.id)
    [reached] = balancer.targets[0].targets
    assert reached.server.id == green.id
    assert reached.health_status[0].status == "healthy"
    deleted = await run(hc.load_balancers.delete, balancer)
    assert deleted.action.command == "delete_load_balancer"
    await run(deleted.action.wait_until_finished)


async def test_zone_with_rrsets_by_name_and_type(hc: Any) -> None:
    response = await run(hc.zones.create, name="xn--mnchen-3ya.de", mode="primary", ttl=3600)
    await run(response.action.wait_until_finished)
    zone = response.zone
    made = await run(
        hc.zones.create_rrset,
        zone=zone,
        name="@",
        type="TXT",
        records=[zones.ZoneRecord(value='"v=spf1 -all"')],
    )
    await run(made.action.wait_until_finished)
    wildcard = await run(
        hc.zones.create_rrset,
        zone=zone,
        name="*",
        type="A",
        ttl=60,
        records=[zones.ZoneRecord(value="203.0.113.7")],
    )
    await run(wildcard.action.wait_until_finished)
    found = await run(hc.zones.get_rrset, zone, "*", "A")
    assert (found.name, found.ttl, [r.value for r in found.records]) == ("*", 60, ["203.0.113.7"])
    apex = await run(hc.zones.get_rrset, zone, "@", "TXT")
    assert apex.records[0].value == '"v=spf1 -all"'
    action = await run(
        hc.zones.add_rrset_records, found, records=[zones.ZoneRecord(value="203.0.113.8")]
    )
    await run(action.wait_until_finished)
    action = await run(hc.zones.change_rrset_ttl, found, ttl=None)
    await run(action.wait_until_finished)
    found = await run(hc.zones.get_rrset, zone, "*", "A")
    assert found.ttl is None
    assert sorted(r.value for r in found.records) == ["203.0.113.7", "203.0.113.8"]
    exported = await run(hc.zones.export_zonefile, zone)
    assert "*\t" in exported.zonefile or "* " in exported.zonefile
    types = {r.type for r in await run(hc.zones.get_rrset_all, zone)}
    assert {"SOA", "NS", "TXT", "A"} <= types
    deleted = await run(hc.zones.delete, zone)
    await run(deleted.action.wait_until_finished)
    assert await run(hc.zones.get_list) is not None
    assert [z.name for z in (await run(hc.zones.get_list)).zones] == []


async def test_private_targets_public_interface_dns_and_metrics(hc: Any) -> None:
    network = await run(
        hc.networks.create,
        name="net",
        ip_range="10.0.0.0/16",
        subnets=[
            hcloud.networks.NetworkSubnet(
                type="cloud", network_zone="eu-central", ip_range="10.0.1.0/24"
            )
        ],
    )
    web = (await run(create_ready, hc, "web", location=Location(name="fsn1"))).server
    await run((await run(web.attach_to_network, network)).wait_until_finished)
    balancer = await run(_create, hc, "internal", [])
    private = lb.LoadBalancerTarget(type="server", server=web, use_private_ip=True)
    with pytest.raises(APIException) as caught:
        await run(balancer.add_target, private)
    assert caught.value.code == "load_balancer_not_attached_to_network"
    await run((await run(balancer.attach_to_network, network)).wait_until_finished)
    await run((await run(balancer.add_target, private)).wait_until_finished)
    await run((await run(balancer.disable_public_interface)).wait_until_finished)
    balancer = await run(hc.load_balancers.get_by_id, balancer.id)
    assert balancer.public_net.enabled is False
    assert balancer.targets[0].use_private_ip is True
    await run((await run(balancer.enable_public_interface)).wait_until_finished)
    balancer = await run(hc.load_balancers.get_by_id, balancer.id)
    ipv4 = balancer.public_net.ipv4.ip
    await run((await run(balancer.change_dns_ptr, ipv4, "lb.example.com")).wait_until_finished)
    await run((await run(balancer.change_protection, delete=True)).wait_until_finished)
    balancer = await run(hc.load_balancers.get_by_id, balancer.id)
    assert balancer.public_net.ipv4.dns_ptr == "lb.example.com"
    assert balancer.protection["delete"] is True
    with pytest.raises(APIException) as caught:
        await run(balancer.delete)
    assert caught.value.code == "protected"
    metrics = await run(
        balancer.get_metrics,
        type=["open_connections", "requests_per_second"],
        start="2026-01-01T00:00:00Z",
        end="2026-01-01T00:10:00Z",
    )
    assert {"open_connections", "requests_per_second"} <= set(metrics.metrics.time_series)


async def test_record_actions_protection_and_zonefile_round_trip(hc: Any) -> None:
    response = await run(hc.zones.create, name="example.com", mode="primary")
    await run(response.action.wait_until_finished)
    zone = response.zone
    made = await run(
        hc.zones.create_rrset,
        zone=zone,
        name="www",
        type="A",
        records=[zones.ZoneRecord(value="198.51.100.1"), zones.ZoneRecord(value="198.51.100.2")],
    )
    await run(made.action.wait_until_finished)
    www = made.rrset
    records = [zones.ZoneRecord(value="198.51.100.1", comment="blue")]
    await run((await run(hc.zones.update_rrset_records, www, records)).wait_until_finished)
    await run(
        (
            await run(hc.zones.remove_rrset_records, www, [zones.ZoneRecord(value="198.51.100.2")])
        ).wait_until_finished
    )
    shown = await run(hc.zones.get_rrset, zone, "www", "A")
    assert [(r.value, r.comment) for r in shown.records] == [("198.51.100.1", "blue")]
    await run(hc.zones.update_rrset, www, labels={"color": "blue"})
    listed = (await run(hc.zones.get_rrset_list, zone, label_selector="color=blue")).rrsets
    assert [(r.name, r.type) for r in listed] == [("www", "A")]
    await run((await run(hc.zones.change_rrset_protection, www, change=True)).wait_until_finished)
    with pytest.raises(APIException) as caught:
        await run(hc.zones.set_rrset_records, www, [zones.ZoneRecord(value="198.51.100.3")])
    assert caught.value.code == "protected"
    await run((await run(hc.zones.change_rrset_protection, www, change=False)).wait_until_finished)
    cname = await run(
        hc.zones.create_rrset,
        zone=zone,
        name="api",
        type="CNAME",
        records=[zones.ZoneRecord(value="www.example.com.")],
    )
    await run(cname.action.wait_until_finished)
    exported = (await run(hc.zones.export_zonefile, zone)).zonefile
    await run((await run(hc.zones.import_zonefile, zone, exported)).wait_until_finished)
    api = await run(hc.zones.get_rrset, zone, "api", "CNAME")
    assert [r.value for r in api.records] == ["www.example.com."]
    listed = (await run(hc.zones.get_rrset_list, zone, type=["A", "CNAME"])).rrsets
    assert sorted((r.name, r.type) for r in listed) == [("api", "CNAME"), ("www", "A")]
