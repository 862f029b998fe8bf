"""The official ``hcloud`` library drives Load Balancers end to end against the simulator:
create with services and targets, targets and services, network, algorithm, type, deletion
answered by an action (hcloud 2.27 reads it)."""

from __future__ import annotations

from typing import Any

from .conftest import create_ready, hcloud, run

lb = hcloud.load_balancers.domain
Location = hcloud.locations.Location
LoadBalancerType = hcloud.load_balancer_types.LoadBalancerType
Network = hcloud.networks.Network
NetworkSubnet = hcloud.networks.NetworkSubnet


def tcp_check(port: int) -> Any:
    return lb.LoadBalancerHealthCheck(protocol="tcp", port=port, interval=15, timeout=10, retries=3)


def http_service(listen_port: int) -> Any:
    return lb.LoadBalancerService(
        protocol="http",
        listen_port=listen_port,
        destination_port=8080,
        proxyprotocol=False,
        health_check=tcp_check(8080),
        http=lb.LoadBalancerServiceHttp(
            cookie_name="HCLBSTICKY", cookie_lifetime=300, timeout_idle=50, sticky_sessions=True
        ),
    )


async def test_load_balancer_lifecycle(hc: Any) -> None:
    fsn1 = Location(name="fsn1")
    blue = (await run(create_ready, hc, "blue-1", location=fsn1, labels={"color": "blue"})).server
    other = (await run(create_ready, hc, "other", location=fsn1)).server
    response = await run(
        hc.load_balancers.create,
        name="web",
        load_balancer_type=LoadBalancerType(name="lb11"),
        location=fsn1,
        services=[http_service(80)],
        targets=[
            lb.LoadBalancerTarget(
                type="label_selector",
                label_selector=lb.LoadBalancerTargetLabelSelector(selector="color=blue"),
            )
        ],
        labels={"env": "test"},
    )
    assert response.action.command == "create_load_balancer"
    await run(response.action.wait_until_finished)
    balancer = await run(hc.load_balancers.get_by_id, response.load_balancer.id)
    assert balancer.public_net.enabled is True
    assert balancer.public_net.ipv4.ip == "192.0.2.1"
    assert balancer.algorithm.type == "round_robin"
    [service] = balancer.services
    assert (service.protocol, service.listen_port, service.http.sticky_sessions) == (
        "http",
        80,
        True,
    )
    [selector] = balancer.targets
    assert [t.server.id for t in selector.targets] == [blue.id]
    assert selector.targets[0].health_status[0].status == "healthy"

    target = lb.LoadBalancerTarget(type="server", server=other)
    await run((await run(balancer.add_target, target)).wait_until_finished)
    await run((await run(balancer.add_service, http_service(81))).wait_until_finished)
    changed = lb.LoadBalancerService(
        listen_port=81, destination_port=9090, health_check=tcp_check(9090)
    )
    await run((await run(balancer.update_service, changed)).wait_until_finished)
    balancer = await run(hc.load_balancers.get_by_id, balancer.id)
    assert [s.destination_port for s in balancer.services] == [8080, 9090]
    assert [t.type for t in balancer.targets] == ["label_selector", "server"]

    await run((await run(balancer.remove_target, target)).wait_until_finished)
    await run((await run(balancer.delete_service, changed)).wait_until_finished)

    network = await run(
        hc.networks.create,
        name="net",
        ip_range="10.0.0.0/16",
        subnets=[NetworkSubnet(type="cloud", network_zone="eu-central", ip_range="10.0.1.0/24")],
    )
    await run((await run(balancer.attach_to_network, network, ip="10.0.1.5")).wait_until_finished)
    algorithm = lb.LoadBalancerAlgorithm(type="least_connections")
    await run((await run(balancer.change_algorithm, algorithm)).wait_until_finished)
    lb21 = LoadBalancerType(name="lb21")
    await run((await run(balancer.change_type, lb21)).wait_until_finished)
    balancer = await run(hc.load_balancers.get_by_id, balancer.id)
    assert [t.type for t in balancer.targets] == ["label_selector"]
    assert [s.listen_port for s in balancer.services] == [80]
    assert (balancer.private_net[0].network.id, balancer.private_net[0].ip) == (
        network.id,
        "10.0.1.5",
    )
    assert balancer.algorithm.type == "least_connections"
    assert balancer.load_balancer_type.name == "lb21"

    deleted = await run(balancer.delete)
    assert deleted.action.command == "delete_load_balancer"
    await run(deleted.action.wait_until_finished)
    assert await run(hc.load_balancers.get_by_name, "web") is None
