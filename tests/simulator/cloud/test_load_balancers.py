"""Load Balancers: create, public and private interfaces, services, type, reverse DNS, metrics,
deletion by an action, and what certificates and networks show of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import field_names
from .lb_helpers import (
    CHECK,
    act,
    create_lb,
    get_lb,
    new_network,
    refused,
    service,
)


async def certificate(client: asynchetzner.Client, name: str = "cert") -> int:
    answer = await client.post(
        "/certificates", name=name, type="managed", domain_names=[f"{name}.example.com"]
    )
    return int(answer["certificate"]["id"])


# Create


async def test_create_answers_the_load_balancer_and_its_action(
    client: asynchetzner.Client,
) -> None:
    answer = await create_lb(client, labels={"env": "prod"})
    lb, action = answer["load_balancer"], answer["action"]
    assert action["command"] == "create_load_balancer"
    assert action["resources"] == [{"id": lb["id"], "type": "load_balancer"}]
    assert lb["location"]["name"] == "fsn1"
    assert lb["load_balancer_type"]["name"] == "lb11"
    assert lb["algorithm"] == {"type": "round_robin"}
    assert (lb["services"], lb["targets"], lb["private_net"]) == ([], [], [])
    assert lb["labels"] == {"env": "prod"}
    assert lb["protection"] == {"delete": False}
    assert lb["public_net"] == {
        "enabled": True,
        "ipv4": {"ip": "192.0.2.1", "dns_ptr": "static.192.0.2.1.clients.your-server.de"},
        "ipv6": {"ip": "2001:db8:fffe::1", "dns_ptr": None},
    }


async def test_addresses_are_reused_after_deletion_and_never_another_kinds(
    client: asynchetzner.Client,
) -> None:
    first = (await create_lb(client, "a"))["load_balancer"]
    second = (await create_lb(client, "b"))["load_balancer"]
    assert second["public_net"]["ipv4"]["ip"] == "192.0.2.2"
    await client.delete(f"/load_balancers/{first['id']}")
    third = (await create_lb(client, "c"))["load_balancer"]
    assert third["public_net"]["ipv4"]["ip"] == "192.0.2.1"


async def test_the_pool_of_addresses_is_limited(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    table = simulator.project.store.table("load_balancer")
    for number in range(1, 255):
        table[1000 + number] = {"_addresses": {"ipv4": f"192.0.2.{number}"}}
    await refused(create_lb(client), "resource_limit_exceeded", 403)


async def test_network_zone_picks_a_location_and_must_match_one(
    client: asynchetzner.Client,
) -> None:
    lb = (await create_lb(client, location=None, network_zone="us-east"))["load_balancer"]
    assert lb["location"]["name"] == "ash"
    error = await refused(
        create_lb(client, "b", location=None, network_zone="mars"), "invalid_input"
    )
    assert field_names(error) == ["location", "network_zone"]
    error = await refused(create_lb(client, "c", network_zone="us-east"), "invalid_input")
    assert field_names(error) == ["network_zone"]


async def test_create_with_everything(client: asynchetzner.Client) -> None:
    network_id = await new_network(client)
    cert = await certificate(client)
    lb = (
        await create_lb(
            client,
            algorithm={"type": "least_connections"},
            network=network_id,
            public_interface=False,
            services=[service(443, "https", http={"certificates": [cert]})],
            targets=[
                {
                    "type": "label_selector",
                    "label_selector": {"selector": "a=b"},
                    "use_private_ip": True,
                }
            ],
        )
    )["load_balancer"]
    assert lb["algorithm"] == {"type": "least_connections"}
    assert lb["private_net"] == [{"network": network_id, "ip": "10.0.0.2"}]
    assert lb["public_net"] == {
        "enabled": False,
        "ipv4": {"ip": None, "dns_ptr": None},
        "ipv6": {"ip": None, "dns_ptr": None},
    }
    assert lb["services"][0]["http"]["certificates"] == [cert]
    assert lb["targets"][0]["use_private_ip"] is True
    network = (await client.get(f"/networks/{network_id}"))["network"]
    assert network["load_balancers"] == [lb["id"]]
    used_by = (await client.get(f"/certificates/{cert}"))["certificate"]["used_by"]
    assert used_by == [{"id": lb["id"], "type": "load_balancer"}]


async def test_create_refuses_what_the_api_refuses(client: asynchetzner.Client) -> None:
    await refused(create_lb(client, public_interface=False), "invalid_input")
    await refused(
        create_lb(client, services=[service(80), service(80, destination_port=81)]),
        "source_port_already_used",
        412,
    )
    await refused(
        create_lb(
            client, targets=[{"type": "server", "server": {"id": 1}, "use_private_ip": True}]
        ),
        "invalid_input",  # no such server
    )
    await refused(create_lb(client, load_balancer_type="lb99"), "invalid_input")


# Services


async def test_services_get_their_defaults_and_http_options(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    http_check = {**CHECK, "protocol": "http", "http": {"domain": None, "path": "/health"}}
    await act(client, lb_id, "add_service", **service(80, "http", health_check=http_check))
    await act(client, lb_id, "add_service", **service(22))
    services = (await get_lb(client, lb_id))["services"]
    assert services[0]["http"] == {
        "cookie_name": "HCLBSTICKY",
        "cookie_lifetime": 300,
        "timeout_idle": 50,
        "sticky_sessions": False,
        "certificates": [],
        "redirect_http": False,
    }
    assert services[0]["health_check"]["http"] == {
        "domain": None,
        "path": "/health",
        "response": "",
        "status_codes": ["2??", "3??"],
        "tls": False,
    }
    assert "http" not in services[1]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"listen_port": 0}, "listen_port"),
        ({"destination_port": 70000}, "destination_port"),
        ({"health_check": {**CHECK, "port": 0}}, "health_check.port"),
        ({"health_check": {**CHECK, "http": {"domain": None, "path": "/"}}}, "health_check.http"),
        (
            {
                "health_check": {
                    **CHECK,
                    "protocol": "http",
                    "http": {"domain": None, "path": "/", "status_codes": ["600"]},
                }
            },
            "health_check.http.status_codes",
        ),
        ({"http": {"sticky_sessions": True}}, "http"),
    ],
)
async def test_bad_services_are_refused_naming_the_field(
    client: asynchetzner.Client, changes: dict[str, Any], field: str
) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    error = await refused(
        act(client, lb_id, "add_service", **{**service(80), **changes}), "invalid_input"
    )
    assert field_names(error) == [field]


async def test_certificates_belong_to_https_and_must_exist(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    cert = await certificate(client)
    on_http = service(80, "http", http={"certificates": [cert]})
    error = await refused(act(client, lb_id, "add_service", **on_http), "invalid_input")
    assert field_names(error) == ["http.certificates"]
    error = await refused(
        act(client, lb_id, "add_service", **service(443, "https")), "invalid_input"
    )
    assert field_names(error) == ["http.certificates"]
    missing = service(443, "https", http={"certificates": [cert + 1]})
    error = await refused(act(client, lb_id, "add_service", **missing), "invalid_input")
    assert field_names(error) == ["http.certificates"]


async def test_listen_ports_are_unique_and_redirect_takes_port_80(
    client: asynchetzner.Client,
) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    cert = await certificate(client)
    await act(client, lb_id, "add_service", **service(80))
    await refused(act(client, lb_id, "add_service", **service(80)), "source_port_already_used", 412)
    redirecting = service(443, "https", http={"certificates": [cert], "redirect_http": True})
    await refused(act(client, lb_id, "add_service", **redirecting), "source_port_already_used", 412)
    await act(client, lb_id, "delete_service", listen_port=80)
    await act(client, lb_id, "add_service", **redirecting)
    await refused(act(client, lb_id, "add_service", **service(80)), "source_port_already_used", 412)


async def test_update_service_changes_only_what_it_is_given(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    cert = await certificate(client)
    await act(client, lb_id, "add_service", **service(80, "http"))
    await act(
        client,
        lb_id,
        "update_service",
        listen_port=80,
        destination_port=81,
        http={"sticky_sessions": True},
    )
    [updated] = (await get_lb(client, lb_id))["services"]
    assert updated["destination_port"] == 81
    assert updated["http"]["sticky_sessions"] is True
    assert updated["http"]["cookie_name"] == "HCLBSTICKY"
    await act(
        client,
        lb_id,
        "update_service",
        listen_port=80,
        protocol="https",
        http={"certificates": [cert]},
        health_check={**CHECK, "protocol": "http"},
    )
    [https] = (await get_lb(client, lb_id))["services"]
    assert https["http"]["certificates"] == [cert]
    assert https["http"]["redirect_http"] is False
    assert https["health_check"]["http"]["path"] == "/"
    await act(
        client,
        lb_id,
        "update_service",
        listen_port=80,
        protocol="tcp",
        health_check=CHECK,
    )
    [tcp] = (await get_lb(client, lb_id))["services"]
    assert "http" not in tcp
    assert "http" not in tcp["health_check"]


async def test_update_and_delete_need_the_service(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    for action, body in (("update_service", {"destination_port": 1}), ("delete_service", {})):
        error = await refused(act(client, lb_id, action, listen_port=80, **body), "invalid_input")
        assert field_names(error) == ["listen_port"]


async def test_update_refuses_a_redirect_onto_a_used_port(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    cert = await certificate(client)
    await act(client, lb_id, "add_service", **service(80))
    await act(client, lb_id, "add_service", **service(443, "https", http={"certificates": [cert]}))
    await refused(
        act(client, lb_id, "update_service", listen_port=443, http={"redirect_http": True}),
        "source_port_already_used",
        422,
    )


async def test_the_type_caps_services_and_certificates(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    for port in range(1, 6):
        await act(client, lb_id, "add_service", **service(port))
    error = await refused(act(client, lb_id, "add_service", **service(6)), "invalid_input")
    assert field_names(error) == ["services"]
    certs = [await certificate(client, f"c{n}") for n in range(11)]
    many = service(443, "https", http={"certificates": certs})
    error = await refused(create_lb(client, "b", services=[many]), "invalid_input")
    assert field_names(error) == ["certificates"]


async def test_deleted_certificates_leave_the_services(client: asynchetzner.Client) -> None:
    cert = await certificate(client)
    other = await certificate(client, "other")
    https = service(443, "https", http={"certificates": [cert, other]})
    lb_id = (await create_lb(client, services=[https]))["load_balancer"]["id"]
    await client.delete(f"/certificates/{cert}")
    [shown] = (await get_lb(client, lb_id))["services"]
    assert shown["http"]["certificates"] == [other]


# Networks and the public interface


async def test_attach_and_detach_a_network(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    network_id = await new_network(client)
    other = await new_network(client, "other")
    answer = await act(client, lb_id, "attach_to_network", network=network_id, ip="10.0.0.9")
    assert {"id": network_id, "type": "network"} in answer["action"]["resources"]
    assert (await get_lb(client, lb_id))["private_net"] == [
        {"network": network_id, "ip": "10.0.0.9"}
    ]
    await refused(
        act(client, lb_id, "attach_to_network", network=other), "load_balancer_already_attached"
    )
    await refused(
        act(client, lb_id, "detach_from_network", network=other),
        "load_balancer_not_attached_to_network",
    )
    await act(client, lb_id, "detach_from_network", network=network_id)
    assert (await get_lb(client, lb_id))["private_net"] == []


async def test_attaching_takes_a_free_address_of_the_zone(client: asynchetzner.Client) -> None:
    network_id = await new_network(client)
    first = (await create_lb(client, "a", network=network_id))["load_balancer"]
    second = (await create_lb(client, "b", network=network_id))["load_balancer"]
    assert [first["private_net"][0]["ip"], second["private_net"][0]["ip"]] == [
        "10.0.0.2",
        "10.0.0.3",
    ]
    lb_id = (await create_lb(client, "c"))["load_balancer"]["id"]
    await refused(
        act(client, lb_id, "attach_to_network", network=network_id, ip="10.0.0.2"),
        "ip_not_available",
    )
    far = (await create_lb(client, "d", location="ash"))["load_balancer"]["id"]
    await refused(act(client, far, "attach_to_network", network=network_id), "no_subnet_available")
    server = await client.post(
        "/servers",
        name="s",
        server_type="cx23",
        image="ubuntu-24.04",
        location="fsn1",
        networks=[network_id],
    )
    assert server["server"]["private_net"][0]["ip"] == "10.0.0.4"  # past the Load Balancers'


async def test_deleting_the_network_detaches_the_load_balancer(client: asynchetzner.Client) -> None:
    network_id = await new_network(client)
    lb_id = (await create_lb(client, network=network_id))["load_balancer"]["id"]
    await client.delete(f"/networks/{network_id}")
    assert (await get_lb(client, lb_id))["private_net"] == []


async def test_a_load_balancer_without_public_interface_keeps_its_network(
    client: asynchetzner.Client,
) -> None:
    network_id = await new_network(client)
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    await refused(
        act(client, lb_id, "disable_public_interface"), "load_balancer_not_attached_to_network"
    )
    await act(client, lb_id, "attach_to_network", network=network_id)
    await act(client, lb_id, "disable_public_interface")
    assert (await get_lb(client, lb_id))["public_net"]["enabled"] is False
    error = await refused(
        act(client, lb_id, "detach_from_network", network=network_id), "invalid_input"
    )
    assert field_names(error) == ["network"]
    await act(client, lb_id, "enable_public_interface")
    lb = await get_lb(client, lb_id)
    assert lb["public_net"]["enabled"] is True
    assert lb["public_net"]["ipv4"]["ip"] == "192.0.2.1"


async def test_public_targets_keep_the_public_interface(client: asynchetzner.Client) -> None:
    network_id = await new_network(client)
    lb_id = (
        await create_lb(
            client, network=network_id, targets=[{"type": "ip", "ip": {"ip": "1.1.1.1"}}]
        )
    )["load_balancer"]["id"]
    await refused(act(client, lb_id, "disable_public_interface"), "targets_without_use_private_ip")


# Type, algorithm, reverse DNS, protection, deletion


async def test_change_type_only_to_a_type_that_fits(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client, load_balancer_type="lb21"))["load_balancer"]["id"]
    for port in range(1, 7):
        await act(client, lb_id, "add_service", **service(port))
    await refused(
        act(client, lb_id, "change_type", load_balancer_type="lb11"), "invalid_load_balancer_type"
    )
    answer = await act(client, lb_id, "change_type", load_balancer_type="lb31")
    assert answer["action"]["command"] == "change_load_balancer_type"
    assert (await get_lb(client, lb_id))["load_balancer_type"]["name"] == "lb31"


async def test_change_algorithm(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    await act(client, lb_id, "change_algorithm", type="least_connections")
    assert (await get_lb(client, lb_id))["algorithm"] == {"type": "least_connections"}


async def test_change_dns_ptr_on_its_own_addresses(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    await act(client, lb_id, "change_dns_ptr", ip="2001:0db8:fffe::1", dns_ptr="lb.example.com")
    await act(client, lb_id, "change_dns_ptr", ip="192.0.2.1", dns_ptr="lb4.example.com")
    public_net = (await get_lb(client, lb_id))["public_net"]
    assert public_net["ipv6"]["dns_ptr"] == "lb.example.com"
    assert public_net["ipv4"]["dns_ptr"] == "lb4.example.com"
    await act(client, lb_id, "change_dns_ptr", ip="192.0.2.1", dns_ptr=None)
    default = "static.192.0.2.1.clients.your-server.de"
    assert (await get_lb(client, lb_id))["public_net"]["ipv4"]["dns_ptr"] == default
    for ip in ("192.0.2.2", "not an ip"):
        error = await refused(
            act(client, lb_id, "change_dns_ptr", ip=ip, dns_ptr="x.example.com"), "invalid_input"
        )
        assert field_names(error) == ["ip"]


async def test_delete_answers_an_action_and_respects_protection(
    client: asynchetzner.Client,
) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    await act(client, lb_id, "change_protection", delete=True)
    await refused(client.delete(f"/load_balancers/{lb_id}"), "protected", 423)
    await act(client, lb_id, "change_protection", delete=False)
    answer = await client.delete(f"/load_balancers/{lb_id}")
    assert answer["action"]["command"] == "delete_load_balancer"
    assert answer["action"]["resources"] == [{"id": lb_id, "type": "load_balancer"}]
    await refused(client.get(f"/load_balancers/{lb_id}"), "not_found", 404)


async def test_deletion_lands_when_its_action_succeeds(
    make_simulator: Callable[..., Simulator],
) -> None:
    clock = [1000.0]
    async with (
        make_simulator(action_seconds=10, clock=lambda: clock[0]) as simulator,
        simulator.client() as client,
    ):
        lb_id = (await create_lb(client))["load_balancer"]["id"]
        clock[0] += 10
        await client.delete(f"/load_balancers/{lb_id}")
        assert (await get_lb(client, lb_id))["id"] == lb_id
        clock[0] += 10
        await refused(client.get(f"/load_balancers/{lb_id}"), "not_found", 404)


# Metrics


async def test_metrics_have_the_series_of_each_type(client: asynchetzner.Client) -> None:
    lb_id = (await create_lb(client))["load_balancer"]["id"]
    metrics = (
        await client.get(
            f"/load_balancers/{lb_id}/metrics",
            type="open_connections,bandwidth",
            start="2026-01-01T00:00:00Z",
            end="2026-01-01T01:00:00Z",
        )
    )["metrics"]
    assert set(metrics["time_series"]) == {"open_connections", "bandwidth.in", "bandwidth.out"}
    assert metrics["step"] == 18
    error = await refused(
        client.get(f"/load_balancers/{lb_id}/metrics", type="cpu", start="x", end="y"),
        "invalid_input",
    )
    assert sorted(field_names(error)) == ["end", "start", "type"]


async def test_update_service_merges_the_http_health_check(client: asynchetzner.Client) -> None:
    http_check = {**CHECK, "protocol": "http", "http": {"domain": "example.com", "path": "/a"}}
    lb_id = (await create_lb(client, services=[service(80, health_check=http_check)]))[
        "load_balancer"
    ]["id"]
    changed = {**CHECK, "protocol": "http", "http": {"path": "/b"}}
    await act(client, lb_id, "update_service", listen_port=80, health_check=changed)
    [updated] = (await get_lb(client, lb_id))["services"]
    assert updated["health_check"]["http"]["domain"] == "example.com"
    assert updated["health_check"]["http"]["path"] == "/b"
