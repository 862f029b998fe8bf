"""IPs, subnets, failover IPs and reverse DNS, typed, against the Robot simulator."""

from __future__ import annotations

import pytest

from asynchetzner import ConflictError, InvalidArgumentError
from asynchetzner.robot import IP, FailoverIP, Subnet

from ..simulator.conftest import refused
from .conftest import Robot

FAILOVER = "78.46.1.93"


async def test_ips_listed_by_server_and_their_traffic_warnings(robot: Robot) -> None:
    assert [ip.ip for ip in await robot.api.ips.list()] == [
        f"123.123.123.{n}" for n in range(10, 14)
    ]
    (own,) = await robot.api.ips.list("123.123.123.11")
    assert isinstance(own, IP)
    assert own.id == own.ip == "123.123.123.11"
    detail = await robot.api.ips.get(own)
    assert (detail.gateway, detail.mask, detail.traffic_warnings) == ("123.123.123.1", 32, False)
    changed = await robot.api.ips.set_traffic_warnings(
        "123.123.123.11", True, hourly=100, monthly=5
    )
    assert (
        changed.traffic_warnings,
        changed.traffic_hourly,
        changed.traffic_daily,
        changed.traffic_monthly,
    ) == (True, 100, 2000, 5)
    assert robot.state.ips["123.123.123.11"]["traffic_warnings"] is True
    subnet = "/subnet/2a01:4f8:111:1a5::"  # only a limit: the warnings stay as they are
    changed_subnet = await robot.client.post(subnet, traffic_hourly="7", _family="hetzner-robot")
    assert (
        changed_subnet["subnet"]["traffic_hourly"],
        changed_subnet["subnet"]["traffic_warnings"],
    ) == (7, False)
    await refused(robot.api.ips.get("10.0.0.1"), "IP_NOT_FOUND", 404)
    assert await robot.api.ips.list("10.9.9.9") == []
    with pytest.raises(InvalidArgumentError, match="IP address"):
        await robot.api.ips.get("not-an-ip")
    with pytest.raises(InvalidArgumentError, match="traffic_daily"):
        await robot.api.ips.set_traffic_warnings(own, True, daily=0)
    with pytest.raises(InvalidArgumentError, match="enabled"):
        await robot.api.ips.set_traffic_warnings(own, "yes")  # type: ignore[arg-type]


async def test_a_bad_traffic_limit_is_invalid_input_on_the_wire(robot: Robot) -> None:
    error = await refused(
        robot.client.post("/ip/123.123.123.11", traffic_hourly="x", _family="hetzner-robot"),
        "INVALID_INPUT",
        400,
    )
    assert error.details == {"missing": None, "invalid": ["traffic_hourly"]}


async def test_subnets_by_network_address(robot: Robot) -> None:
    subnets = await robot.api.subnets.list(await robot.api.servers.get(321))
    assert [(s.ip, s.mask) for s in subnets] == [("2a01:4f8:111:141::", 64)]
    got = await robot.api.subnets.get("2a01:4f8:111:141::/64")
    assert isinstance(got, Subnet)
    assert got == subnets[0]
    changed = await robot.api.subnets.set_traffic_warnings(got, True, daily=10)
    assert (changed.traffic_warnings, changed.traffic_daily) == (True, 10)
    assert len(await robot.api.subnets.list()) == 4
    await refused(robot.api.subnets.get("2a01:4f8::"), "SUBNET_NOT_FOUND", 404)
    with pytest.raises(InvalidArgumentError, match="network address"):
        await robot.api.subnets.get("2a01::zz")
    assert await robot.api.subnets.list("10.9.9.9") == []


async def test_a_failover_switch_moves_the_routing(robot: Robot) -> None:
    (failover,) = await robot.api.failover.list()
    assert isinstance(failover, FailoverIP)
    assert failover.active_server_ip == "123.123.123.10"
    moved = await robot.api.failover.switch(failover, 421)  # by number: looked up for its IP
    assert (
        moved.active_server_ip
        == "123.123.123.11"
        == robot.state.failover[FAILOVER]["active_server_ip"]
    )
    web_2 = await robot.api.servers.get(521)
    assert (await robot.api.failover.switch(FAILOVER, web_2)).active_server_ip == "123.123.123.12"
    assert (await robot.api.failover.switch(FAILOVER, "123.123.123.10")).server_number == 321
    error = await refused(
        robot.api.failover.switch(FAILOVER, "123.123.123.10"), "FAILOVER_ALREADY_ROUTED", 409
    )
    assert isinstance(error, ConflictError)
    await refused(
        robot.api.failover.switch(FAILOVER, "10.9.9.9"), "FAILOVER_NEW_SERVER_NOT_FOUND", 404
    )
    assert (await robot.api.failover.unroute(FAILOVER)).active_server_ip is None
    assert (await robot.api.failover.get(FAILOVER)).active_server_ip is None
    await refused(robot.api.failover.get("10.0.0.1"), "NOT_FOUND", 404)


async def test_a_switched_failover_ip_is_locked_for_a_while(slow_robot: Robot) -> None:
    api = slow_robot.api
    await api.failover.switch(FAILOVER, "123.123.123.11")
    await refused(api.failover.switch(FAILOVER, "123.123.123.12"), "FAILOVER_LOCKED", 409)
    await refused(api.failover.unroute(FAILOVER), "FAILOVER_LOCKED", 409)
    slow_robot.tick(61)
    assert (
        await api.failover.switch(FAILOVER, "123.123.123.12")
    ).active_server_ip == "123.123.123.12"


async def test_no_failover_ips_list_as_none(robot: Robot) -> None:
    robot.state.failover.clear()
    assert await robot.api.failover.list() == []


async def test_reverse_dns_entries(robot: Robot) -> None:
    assert len(await robot.api.rdns.list()) == 4
    (entry,) = await robot.api.rdns.list(server_ip="123.123.123.10")
    assert entry.ptr == "static.123.123.123.10.clients.example.com"
    assert (await robot.api.rdns.set("123.123.123.10", "web.example.com")).ptr == "web.example.com"
    assert (await robot.api.rdns.get("123.123.123.10")).ptr == "web.example.com"
    await robot.api.rdns.delete("123.123.123.10")
    await refused(robot.api.rdns.get("123.123.123.10"), "RDNS_NOT_FOUND", 404)
    await refused(robot.api.rdns.delete("123.123.123.10"), "RDNS_NOT_FOUND", 404)
    await refused(robot.api.rdns.set("10.0.0.1", "x.example.com"), "IP_NOT_FOUND", 404)
    assert await robot.api.rdns.list(server_ip="123.123.123.10") == []
    assert (await robot.api.rdns.set(FAILOVER, "ha.example.com")).ip == FAILOVER
    with pytest.raises(InvalidArgumentError, match="ptr"):
        await robot.api.rdns.set(FAILOVER, "")


async def test_creating_an_existing_reverse_dns_entry_conflicts(robot: Robot) -> None:
    calls = robot.client
    await refused(
        calls.put("/rdns/123.123.123.10", ptr="a.example.com", _family="hetzner-robot"),
        "RDNS_ALREADY_EXISTS",
        409,
    )
    await robot.api.rdns.delete("123.123.123.10")
    created = await calls.put("/rdns/123.123.123.10", ptr="a.example.com", _family="hetzner-robot")
    assert created == {"rdns": {"ip": "123.123.123.10", "ptr": "a.example.com"}}
    error = await refused(
        calls.post("/rdns/123.123.123.10", _family="hetzner-robot"), "INVALID_INPUT", 400
    )
    assert error.details == {"missing": ["ptr"], "invalid": None}
