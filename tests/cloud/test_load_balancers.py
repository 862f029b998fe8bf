"""``client.load_balancers`` and ``LoadBalancer`` against the simulator."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from asynchetzner import (
    Action,
    Client,
    CreateLoadBalancerResult,
    InvalidArgumentError,
    LoadBalancer,
    LoadBalancerMetrics,
    LoadBalancerType,
    Location,
    NotFoundError,
)
from asynchetzner.cloud.load_balancers import (
    ip_target,
    label_selector_target,
    server_target,
    tcp_health_check,
)

HTTP = {"cookie_name": "HCLBSTICKY", "cookie_lifetime": 300, "timeout_idle": 50}


def http_service(port: int = 80, **http: Any) -> dict[str, Any]:
    return {
        "protocol": "http",
        "listen_port": port,
        "destination_port": 8080,
        "proxyprotocol": False,
        "health_check": tcp_health_check(8080),
        "http": {**HTTP, "sticky_sessions": False, **http},
    }


async def running_server(client: Client, name: str, **options: Any) -> Any:
    result = await client.servers.create(name, "cx23", "ubuntu-24.04", location="fsn1", **options)
    for action in (result.action, *result.next_actions):
        await action.wait()
    return result.server


async def test_create_reads_every_field(client: Client) -> None:
    web = await running_server(client, "web", labels={"role": "web"})
    network = await client.networks.create(
        "net",
        "10.0.0.0/16",
        subnets=[{"type": "cloud", "network_zone": "eu-central"}],
    )
    result = await client.load_balancers.create(
        "web-lb",
        "lb11",
        location="fsn1",
        algorithm="least_connections",
        services=[http_service(sticky_sessions=True)],
        targets=[label_selector_target("role=web"), ip_target("1.1.1.1")],
        network=network,
        labels={"env": "prod"},
    )
    assert isinstance(result, CreateLoadBalancerResult)
    assert result.action.command == "create_load_balancer"
    await result.action.wait()
    lb = result.load_balancer
    assert isinstance(lb, LoadBalancer)
    assert (lb.name, lb.labels, lb.algorithm) == (
        "web-lb",
        {"env": "prod"},
        {"type": "least_connections"},
    )
    assert isinstance(lb.location, Location)
    assert isinstance(lb.load_balancer_type, LoadBalancerType)
    assert lb.load_balancer_type.max_services == 5
    assert isinstance(lb.created, datetime)
    assert (lb.ipv4, lb.ipv6) == ("192.0.2.1", "2001:db8:fffe::1")
    assert lb.private_net == [{"network": network.id, "ip": "10.0.0.2"}]
    assert lb.services[0]["http"]["sticky_sessions"] is True
    assert lb.health() == {web.id: {80: "healthy"}}
    assert (lb.outgoing_traffic, lb.ingoing_traffic, lb.included_traffic > 0) == (0, 0, True)
    assert lb.protection == {"delete": False}
    assert repr(lb) == f"<LoadBalancer id={lb.id} name='web-lb'>"
    assert await client.load_balancers.get_by_name("web-lb") == lb
    assert (await web.refresh()).load_balancers == [lb.id]


async def test_services_and_targets_change_by_actions(client: Client) -> None:
    server = await running_server(client, "web")
    lb = (await client.load_balancers.create("lb", "lb11", network_zone="eu-central")).load_balancer
    await (await lb.add_service("tcp", 443, 8443, proxyprotocol=True)).wait()
    await (await lb.add_service("http", 80, 8080, http={"sticky_sessions": True})).wait()
    await (await lb.update_service(443, destination_port=9443)).wait()
    await (await lb.add_target(server=server)).wait()
    await lb.refresh()
    assert [(s["listen_port"], s["destination_port"]) for s in lb.services] == [
        (443, 9443),
        (80, 8080),
    ]
    assert lb.services[0]["health_check"] == tcp_health_check(8443)
    assert lb.health() == {server.id: {443: "healthy", 80: "healthy"}}
    await (await lb.delete_service(80)).wait()
    await (await lb.remove_target(server=server.id)).wait()
    await lb.refresh()
    assert [s["listen_port"] for s in lb.services] == [443]
    assert lb.targets == []


async def test_network_interface_type_and_protection(client: Client) -> None:
    network = await client.networks.create(
        "net", "10.0.0.0/16", subnets=[{"type": "cloud", "network_zone": "eu-central"}]
    )
    lb = (await client.load_balancers.create("lb", 1, location="nbg1")).load_balancer
    await (await lb.attach_to_network(network, ip="10.0.0.7")).wait()
    await (await lb.disable_public_interface()).wait()
    await lb.refresh()
    assert (lb.ipv4, lb.private_net) == (None, [{"network": network.id, "ip": "10.0.0.7"}])
    await (await lb.enable_public_interface()).wait()
    await (await lb.detach_from_network(network.id)).wait()
    await (await lb.change_algorithm("least_connections")).wait()
    await (await lb.change_type("lb21")).wait()
    await (await lb.change_dns_ptr("192.0.2.1", "lb.example.com")).wait()
    await (await lb.change_protection(delete=True)).wait()
    await lb.refresh()
    assert lb.private_net == []
    assert lb.algorithm == {"type": "least_connections"}
    assert lb.load_balancer_type.name == "lb21"
    assert lb.public_net["ipv4"]["dns_ptr"] == "lb.example.com"
    assert lb.protection == {"delete": True}
    actions = await lb.get_actions()
    assert "change_load_balancer_type" in {a.command for a in actions}


async def test_delete_returns_the_deleting_action(client: Client) -> None:
    lb = (await client.load_balancers.create("lb", "lb11", location="fsn1")).load_balancer
    action = await client.load_balancers.delete(lb)
    assert isinstance(action, Action)
    assert action.command == "delete_load_balancer"
    await action.wait()
    with pytest.raises(NotFoundError):
        await client.load_balancers.get(lb.id)
    assert await client.load_balancers.delete(lb, missing_ok=True) is None


async def test_metrics(client: Client) -> None:
    lb = (await client.load_balancers.create("lb", "lb11", location="fsn1")).load_balancer
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    metrics = await lb.metrics(
        ["requests_per_second", "bandwidth"], start, "2026-01-01T00:10:00Z", step=60
    )
    assert isinstance(metrics, LoadBalancerMetrics)
    assert set(metrics.time_series) == {"requests_per_second", "bandwidth.in", "bandwidth.out"}
    assert metrics.step == 60
    assert len(metrics.time_series["bandwidth.in"]) == 11
    with pytest.raises(InvalidArgumentError, match="type"):
        await lb.metrics("cpu", start, start)


def test_targets_are_built_in_the_wire_shape() -> None:
    assert server_target(42, use_private_ip=True) == {
        "type": "server",
        "server": {"id": 42},
        "use_private_ip": True,
    }
    assert label_selector_target("a=b") == {
        "type": "label_selector",
        "label_selector": {"selector": "a=b"},
        "use_private_ip": False,
    }
    assert ip_target("1.1.1.1") == {"type": "ip", "ip": {"ip": "1.1.1.1"}}


async def test_bad_arguments_are_refused_before_sending(client: Client) -> None:
    lb = LoadBalancer(client, {"id": 1})
    with pytest.raises(InvalidArgumentError, match="exactly one"):
        await lb.add_target()
    with pytest.raises(InvalidArgumentError, match="exactly one"):
        await lb.remove_target(server=1, ip="1.1.1.1")
    with pytest.raises(InvalidArgumentError, match="services"):
        await client.load_balancers.create("lb", "lb11", services={"protocol": "tcp"})  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="targets"):
        await client.load_balancers.create("lb", "lb11", targets=["role=web"])  # type: ignore[list-item]
