"""The typed Robot calls against a scripted server answering like Robot's documentation:
envelopes, form bodies, Basic auth, error codes and hourly limits."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import pytest

from asynchetzner import (
    Client,
    ConflictError,
    InvalidInputError,
    InvalidResponse,
    NotFoundError,
    RateLimitExceeded,
    ServiceUnavailableError,
)
from asynchetzner.typed.answers import Secret

from ..conftest import NO_RETRY, ScriptedServer, answer

USER, PASSWORD = "#ws+Ab12", "web-service-pw"
SERVER = {
    "server_ip": "123.123.123.123",
    "server_ipv6_net": "2a01:4f8:111:4221::",
    "server_number": 321,
    "server_name": "server1",
    "product": "DS 3000",
    "dc": "NBG1-DC1",
    "traffic": "5 TB",
    "status": "ready",
    "cancelled": False,
    "paid_until": "2010-09-02",
    "ip": ["123.123.123.123"],
    "subnet": [{"ip": "2a01:4f8:111:4221::", "mask": "64"}],
}
RESCUE = {
    "server_ip": "123.123.123.123",
    "server_ipv6_net": "2a01:4f8:111:4221::",
    "server_number": 321,
    "os": "linux",
    "arch": 64,
    "active": True,
    "password": "jEt0dtUvomJ",
    "authorized_key": [],
    "host_key": [],
}


def robot_error(status: int, code: str, message: str = "failed", **extra: Any) -> Any:
    return answer(status, {"error": {"status": status, "code": code, "message": message, **extra}})


@pytest.fixture
async def robot(server: ScriptedServer) -> AsyncIterator[Client]:
    base = server.url.removesuffix("/v1")
    client = Client(
        "hetzner-robot",
        robot_user=USER,
        robot_password=PASSWORD,
        base_urls={"hetzner-robot": base},
        retry=NO_RETRY,
    )
    async with client:
        yield client


def form_of(server: ScriptedServer, index: int = -1) -> list[tuple[str, str]]:
    seen = server.received[index]
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    return parse_qsl(seen.body.decode(), keep_blank_values=True)


async def test_a_list_is_an_array_of_envelopes_sent_with_basic_auth(
    server: ScriptedServer, robot: Client
) -> None:
    server.then(answer(200, [{"server": SERVER}, {"server": {**SERVER, "server_number": 322}}]))
    servers = await robot.robot.servers.list()
    assert [s.server_number for s in servers] == [321, 322]
    assert (servers[0].paid_until, servers[0].subnet) == ("2010-09-02", SERVER["subnet"])
    seen = server.received[0]
    assert (seen.method, seen.path_qs) == ("GET", "/server")
    expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert seen.headers["Authorization"] == f"Basic {expected}"


async def test_an_empty_list_is_a_404_read_as_none(server: ScriptedServer, robot: Client) -> None:
    server.then(robot_error(404, "SERVER_NOT_FOUND", "Server not found"))
    assert await robot.robot.servers.list() == []


async def test_answers_not_as_documented_are_invalid_responses(
    server: ScriptedServer, robot: Client
) -> None:
    server.then(
        answer(200, {"server": SERVER}), answer(200, [{"ip": SERVER}]), answer(200, {"x": 1})
    )
    with pytest.raises(InvalidResponse, match="not a list"):
        await robot.robot.servers.list()
    with pytest.raises(InvalidResponse, match="'server'"):
        await robot.robot.servers.list()
    with pytest.raises(InvalidResponse, match="'boot'"):
        await robot.robot.boot.get(321)


async def test_bodies_are_forms(server: ScriptedServer, robot: Client) -> None:
    server.then(answer(200, {"server": SERVER}))
    await robot.robot.servers.rename(321, "web 1")
    assert form_of(server) == [("server_name", "web 1")]
    assert server.received[-1].path_qs == "/server/321"


async def test_a_rescue_activation_sends_key_lists_and_keeps_its_password_secret(
    server: ScriptedServer, robot: Client
) -> None:
    server.then(answer(200, {"rescue": RESCUE}))
    rescue = await robot.robot.boot.activate_rescue(321, authorized_keys=["aa:bb", "cc:dd"])
    assert form_of(server) == [
        ("os", "linux"),
        ("authorized_key[]", "aa:bb"),
        ("authorized_key[]", "cc:dd"),
    ]
    assert isinstance(rescue.password, Secret)
    assert str(rescue.password) == "jEt0dtUvomJ"
    assert "jEt0dtUvomJ" not in repr(rescue) + repr(rescue.data) + repr(rescue.password)


async def test_firewall_rules_go_nested_and_vswitch_servers_as_a_list(
    server: ScriptedServer, robot: Client
) -> None:
    firewall = {"server_number": 321, "status": "in process", "rules": {"input": []}}
    server.then(answer(200, {"firewall": firewall}), answer(201))
    rule = {"name": "ssh", "dst_port": "22", "action": "accept"}
    await robot.robot.firewall.set(321, rules={"input": [rule]}, whitelist_hos=False)
    assert form_of(server) == [
        ("whitelist_hos", "false"),
        ("rules[input][0][name]", "ssh"),
        ("rules[input][0][dst_port]", "22"),
        ("rules[input][0][action]", "accept"),
        ("status", "active"),
    ]
    await robot.robot.vswitches.add_servers(4321, [321, 322])
    assert form_of(server) == [("server[]", "321"), ("server[]", "322")]
    assert (server.received[-1].method, server.received[-1].path_qs) == (
        "POST",
        "/vswitch/4321/server",
    )


async def test_vswitch_answers_are_unwrapped(server: ScriptedServer, robot: Client) -> None:
    vswitch = {"id": 4321, "name": "vswitch 1", "vlan": 4000, "cancelled": False}
    server.then(answer(200, [vswitch]), answer(200, {**vswitch, "server": []}), answer(200, []))
    (listed,) = await robot.robot.vswitches.list()
    assert (listed.id, listed.vlan) == (4321, 4000)
    assert (await robot.robot.vswitches.get(4321)).server_numbers == []
    with pytest.raises(InvalidResponse, match="not a vSwitch"):
        await robot.robot.vswitches.get(4321)
    server.then(answer(200, {"vswitch": vswitch}))
    with pytest.raises(InvalidResponse, match="not a list"):
        await robot.robot.vswitches.list()


async def test_robot_error_codes_have_their_own_meanings(
    server: ScriptedServer, robot: Client
) -> None:
    server.then(
        robot_error(404, "SERVER_NOT_FOUND", "Server not found"),
        robot_error(400, "INVALID_INPUT", "Invalid input", missing=None, invalid=["type"]),
        robot_error(409, "FAILOVER_ALREADY_ROUTED", "Failover already routed"),
        robot_error(409, "CONFLICT", "Conflict"),
        robot_error(503, "MAINTENANCE", "Maintenance"),
    )
    with pytest.raises(NotFoundError) as absent:
        await robot.robot.servers.get(999)
    assert (absent.value.code, absent.value.status) == ("SERVER_NOT_FOUND", 404)
    with pytest.raises(InvalidInputError) as invalid:
        await robot.robot.reset.execute(321, "hw")
    assert invalid.value.details == {"missing": None, "invalid": ["type"]}
    with pytest.raises(ConflictError):
        await robot.robot.failover.switch("78.46.1.93", "123.123.123.124")
    with pytest.raises(ConflictError):
        await robot.robot.cancellation.withdraw(321)
    with pytest.raises(ServiceUnavailableError):
        await robot.robot.servers.list()


async def test_an_hourly_limit_is_not_retried_for_an_hour(server: ScriptedServer) -> None:
    server.then(
        robot_error(403, "RATE_LIMIT_EXCEEDED", "Rate limit", max_request=50, interval=3600)
    )
    base = server.url.removesuffix("/v1")
    robot = Client(
        "hetzner-robot", robot_user=USER, robot_password=PASSWORD, base_urls={"hetzner-robot": base}
    )
    async with robot:
        with pytest.raises(RateLimitExceeded) as limited:
            await robot.robot.reset.execute(321, "hw")
    assert (limited.value.retry_after, limited.value.details) == (
        3600.0,
        {"max_request": 50, "interval": 3600},
    )
    assert len(server.received) == 1


async def test_a_short_limit_window_is_waited_out(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.then(
        robot_error(403, "RATE_LIMIT_EXCEEDED", "Rate limit", max_request=10, interval=2),
        answer(200, {"wol": {"server_number": 321, "server_ip": "123.123.123.123"}}),
    )
    base = server.url.removesuffix("/v1")
    robot = Client(
        "hetzner-robot", robot_user=USER, robot_password=PASSWORD, base_urls={"hetzner-robot": base}
    )
    async with robot:
        assert (await robot.robot.wol.send(321)).server_number == 321
    assert sleeps == [2.0]
    assert len(server.received) == 2
