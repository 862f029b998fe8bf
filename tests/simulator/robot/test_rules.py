"""The Robot simulator's own rules: Basic auth and blocking, hourly limits per endpoint group,
form parsing, Robot's error envelope for what no handler serves."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from asynchetzner import AuthenticationError, Client, RateLimitExceeded
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.robot import RobotService, limit_group, parse_form

from ...conftest import NO_RETRY
from ...robot.conftest import Robot, start_robot
from ..conftest import refused

ROBOT = "hetzner-robot"


@pytest.fixture
async def limited() -> AsyncIterator[Robot]:
    async for started in start_robot(limits={"POST /reset": 2}):
        yield started


def stranger(robot: Robot, password: str = "wrong") -> Client:
    return Client(
        ROBOT,
        robot_user=robot.simulator.robot.user,
        robot_password=password,
        base_urls={ROBOT: robot.simulator.robot.url},
        retry=NO_RETRY,
    )


async def raw(
    robot: Robot, method: str, path: str, authorization: str | None = None, **options: Any
) -> tuple[int, Any]:
    """Send a request of one's own (by default with the right credentials)."""
    pair = f"{robot.simulator.robot.user}:{robot.simulator.robot.password}".encode()
    headers = {"Authorization": authorization or "Basic " + base64.b64encode(pair).decode()}
    async with (
        aiohttp.ClientSession() as session,
        session.request(
            method, robot.simulator.robot.url + path, headers=headers, **options
        ) as response,
    ):
        return response.status, await response.json()


async def test_three_failed_logins_block_the_address_for_ten_minutes(robot: Robot) -> None:
    async with stranger(robot) as wrong:
        for _ in range(3):
            with pytest.raises(AuthenticationError) as failed:
                await wrong.get("/server", _family=ROBOT)
            assert (failed.value.status, failed.value.code) == (401, "UNAUTHORIZED")
    error = await refused(robot.client.get("/server", _family=ROBOT), "UNAUTHORIZED", 401)
    assert "blocked after 3 failed logins" in error.message
    robot.tick(599)
    await refused(robot.client.get("/server", _family=ROBOT), "UNAUTHORIZED", 401)
    robot.tick(2)
    assert len(await robot.api.servers.list()) == 4


async def test_a_good_login_forgives_the_failed_ones(robot: Robot) -> None:
    async with stranger(robot) as wrong:
        for _ in range(2):
            with pytest.raises(AuthenticationError):
                await wrong.get("/server", _family=ROBOT)
        await robot.api.servers.list()
        for _ in range(2):
            with pytest.raises(AuthenticationError):
                await wrong.get("/server", _family=ROBOT)
    assert len(await robot.api.servers.list()) == 4
    status, body = await raw(robot, "GET", "/server", authorization="Bearer x")
    assert (status, body["error"]["code"]) == (401, "UNAUTHORIZED")
    status, body = await raw(robot, "GET", "/server", authorization="Basic %%%")
    assert (status, body["error"]["code"]) == (401, "UNAUTHORIZED")


async def test_each_endpoint_group_has_its_hourly_limit(limited: Robot) -> None:
    api = limited.api
    await api.reset.execute(321, "sw")
    await api.reset.execute(421, "sw")
    error = await refused(api.reset.execute(521, "sw"), "RATE_LIMIT_EXCEEDED", 403)
    assert isinstance(error, RateLimitExceeded)
    assert (error.details, error.retry_after) == ({"max_request": 2, "interval": 3600}, 3600.0)
    assert (await api.reset.options(521)).server_number == 521  # GET /reset counts apart
    limited.tick(3599)
    await refused(api.reset.execute(521, "sw"), "RATE_LIMIT_EXCEEDED", 403)
    limited.tick(2)
    assert (await api.reset.execute(521, "sw")).type == "sw"


async def test_the_documented_limits_by_group() -> None:
    assert limit_group("GET", "/server") == ("GET /server", 200)
    assert limit_group("POST", "/server/321") == ("POST /server", 200)
    assert limit_group("GET", "/server/321/cancellation") == (r"GET /server/\d+/cancellation", 200)
    assert limit_group("POST", "/reset/321") == ("POST /reset", 50)
    assert limit_group("POST", "/wol/321") == ("POST /wol", 10)
    assert limit_group("DELETE", "/failover/1.2.3.4") == ("* /failover", 50)
    assert limit_group("GET", "/failover") == ("GET /failover", 100)
    assert limit_group("POST", "/vswitch/1/server") == ("* /vswitch", 100)
    assert limit_group("GET", "/ip/1.2.3.4") == ("* /ip", 5000)
    assert limit_group("GET", "/order/server/product") is None
    assert limit_group("GET", "/servers") is None


def test_forms_are_read_the_php_way() -> None:
    pairs = [
        ("name", "a"),
        ("name", "b"),
        ("server[]", "1"),
        ("server[]", "2"),
        ("rules[input][1][action]", "discard"),
        ("rules[input][0][action]", "accept"),
        ("rules[input][0][dst_port]", "22"),
        ("rules[output][0][action]", "accept"),
        ("odd[][x]", "1"),
    ]
    assert parse_form(pairs) == {
        "name": "b",
        "server": ["1", "2"],
        "rules": {
            "input": [{"action": "accept", "dst_port": "22"}, {"action": "discard"}],
            "output": [{"action": "accept"}],
        },
        "odd": [{"x": "1"}],
    }


async def test_what_no_handler_serves_answers_in_robots_envelope(robot: Robot) -> None:
    assert await raw(robot, "GET", "/order/server/product") == (
        404,
        {
            "error": {
                "status": 404,
                "code": "NOT_FOUND",
                "message": "/order/server/product not found",
            }
        },
    )
    status, body = await raw(robot, "PATCH", "/server/321")
    assert (status, body["error"]["code"]) == (405, "METHOD_NOT_ALLOWED")
    status, body = await raw(robot, "GET", "/boot/321/bsd")
    assert (status, body["error"]["code"]) == (404, "NOT_FOUND")
    status, body = await raw(robot, "GET", "/ip/not-an-ip")
    assert (status, body["error"]["code"]) == (404, "NOT_FOUND")
    status, body = await raw(robot, "GET", "/server/abc")
    assert (status, body["error"]["code"]) == (404, "SERVER_NOT_FOUND")
    status, body = await raw(robot, "POST", "/server/321", data=b"server_name=\xff")
    assert (status, body["error"]["code"]) == (400, "INVALID_INPUT")


async def test_a_failing_handler_is_an_internal_error(robot: Robot) -> None:
    robot.state.servers[999] = {"server_number": 999}
    await refused(robot.api.servers.list(), "INTERNAL_ERROR", 500)


async def test_odd_inputs_get_robots_codes(robot: Robot) -> None:
    call = robot.client.call
    error = await refused(
        call("POST", "/vswitch", {"name": "x", "vlan": "x"}, family=ROBOT), "INVALID_INPUT"
    )
    assert error.details == {"missing": None, "invalid": ["vlan"]}
    vswitch = await robot.api.vswitches.create("a", 4000)
    error = await refused(
        call("POST", f"/vswitch/{vswitch.id}/server", family=ROBOT), "INVALID_INPUT"
    )
    assert error.details == {"missing": ["server"], "invalid": None}
    form = {"server": [{"number": "321"}]}
    error = await refused(
        call("POST", f"/vswitch/{vswitch.id}/server", form, family=ROBOT), "INVALID_INPUT"
    )
    assert error.details == {"missing": None, "invalid": ["server"]}
    form = {"server": ["x"]}  # neither a number nor a main IP of the account
    await refused(
        call("POST", f"/vswitch/{vswitch.id}/server", form, family=ROBOT), "SERVER_NOT_FOUND", 404
    )
    error = await refused(call("DELETE", f"/vswitch/{vswitch.id}", family=ROBOT), "INVALID_INPUT")
    assert error.details == {"missing": ["cancellation_date"], "invalid": None}
    await robot.api.vswitches.update(vswitch, "b", 4000)  # its own VLAN is no conflict
    form = {"status": "active", "template_id": "x"}
    await refused(
        call("POST", "/firewall/321", form, family=ROBOT), "FIREWALL_TEMPLATE_NOT_FOUND", 404
    )
    await refused(
        call("GET", "/firewall/template/x", family=ROBOT), "FIREWALL_TEMPLATE_NOT_FOUND", 404
    )
    form = {"status": "active", "filter_ipv6": "yes"}
    error = await refused(call("POST", "/firewall/321", form, family=ROBOT), "INVALID_INPUT")
    assert error.details == {"missing": None, "invalid": ["filter_ipv6"]}
    form = {"status": "active", "rules": {"input": "x"}}
    error = await refused(call("POST", "/firewall/321", form, family=ROBOT), "INVALID_INPUT")
    assert error.details == {"missing": None, "invalid": ["rules[input][0]"]}
    form = {"status": "active", "rules": {"forward": [{"action": "accept"}]}}
    error = await refused(call("POST", "/firewall/321", form, family=ROBOT), "INVALID_INPUT")
    assert error.details == {"missing": None, "invalid": ["rules"]}
    form = {"traffic_warnings": "maybe"}
    error = await refused(
        call("POST", "/subnet/2a01:4f8:111:141::", form, family=ROBOT), "INVALID_INPUT"
    )
    assert error.details == {"missing": None, "invalid": ["traffic_warnings"]}
    error = await refused(
        call("POST", "/reset/321", {"type": "kick"}, family=ROBOT), "INVALID_INPUT"
    )
    assert error.details == {"missing": None, "invalid": ["type"]}
    await refused(call("GET", "/reset/999", family=ROBOT), "SERVER_NOT_FOUND", 404)
    await refused(
        call("POST", "/reset/821", {"type": "sw"}, family=ROBOT), "RESET_NOT_AVAILABLE", 404
    )


async def test_a_server_without_resets_or_rescue(robot: Robot) -> None:
    for number in (321, 421, 521):
        robot.state.servers[number]["reset"] = False
    await refused(robot.client.get("/reset", _family=ROBOT), "NOT_FOUND", 404)  # as documented
    assert await robot.api.reset.list() == []
    await refused(robot.api.boot.rescue(821), "BOOT_NOT_AVAILABLE", 404)
    assert (await robot.api.boot.get(821)).rescue is None


async def test_its_url_needs_it_running_and_a_taken_port_stops_both() -> None:
    service = RobotService(clock=lambda: 0.0)
    with pytest.raises(RuntimeError, match="not running"):
        _ = service.url
    await service.start()
    try:
        simulator = Simulator(robot_options={"port": service.port})
        with pytest.raises(OSError, match="address"):
            await simulator.start()
        with pytest.raises(RuntimeError, match="not running"):
            _ = simulator.url
        assert "password" not in repr(service)
        assert service.password not in repr(service)
    finally:
        await service.stop()
        await service.stop()
