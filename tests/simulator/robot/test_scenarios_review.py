"""Robot scripts run offline: the typed client against the Robot simulator, scenario by scenario
(rescue then reset, failover, firewall, vSwitch, hourly limits, blocked logins, cancellation)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from asynchetzner import (
    AuthenticationError,
    Client,
    InvalidArgumentError,
    RateLimitExceeded,
    RetryPolicy,
)

from ...conftest import NO_RETRY
from ...robot.conftest import Robot, start_robot
from ..conftest import refused

ROBOT = "hetzner-robot"


@pytest.fixture
async def slow() -> AsyncIterator[Robot]:
    """Firewall and vSwitch changes take 30 s; a failover IP is locked 60 s after a switch."""
    async for started in start_robot(
        firewall_seconds=30.0, vswitch_seconds=30.0, failover_lock_seconds=60.0
    ):
        yield started


@pytest.fixture
async def limited() -> AsyncIterator[Robot]:
    async for started in start_robot(limits={"POST /reset": 2}):
        yield started


async def test_a_reset_boots_the_activated_rescue_system_and_consumes_it(robot: Robot) -> None:
    api = robot.api
    key = (await api.keys.list())[0].fingerprint
    activated = await api.boot.activate_rescue(321, authorized_keys=[key], keyboard="de")
    assert (activated.active, activated.os, activated.keyboard) == (True, "linux", "de")
    assert (await api.boot.rescue(321)).active is True
    assert robot.state.booted.get(321) is None

    reset = await api.reset.execute(321, "hw")

    assert (reset.server_number, reset.type) == (321, "hw")
    assert robot.state.booted[321] == "rescue"
    after = await api.boot.rescue(321)
    assert (after.active, after.password, after.os) == (False, None, ["linux", "vkvm"])
    last = await api.boot.last_rescue(321)
    assert (last.active, last.os, last.password) == (False, "linux", activated.password)
    await api.reset.execute(321, "sw")
    assert robot.state.booted[321] == "installed"  # the activation served one boot only
    assert robot.state.resets == [(321, "hw"), (321, "sw")]
    shown = repr(robot.state) + repr(robot.simulator.robot)
    assert str(activated.password) not in shown
    assert robot.simulator.robot.password not in shown


async def test_rescue_for_many_servers_concurrently_then_reset(robot: Robot) -> None:
    api = robot.api
    numbers = [321, 421, 521]
    rescues = await asyncio.gather(*(api.boot.activate_rescue(n) for n in numbers))
    assert len({str(rescue.password) for rescue in rescues}) == 3
    await asyncio.gather(*(api.reset.execute(n, "hw") for n in numbers))
    assert [robot.state.booted[n] for n in numbers] == ["rescue"] * 3
    await refused(api.boot.activate_rescue(821), "BOOT_NOT_AVAILABLE", 404)
    await refused(api.reset.execute(821, "hw"), "RESET_NOT_AVAILABLE", 404)


async def test_a_withdrawn_activation_is_not_booted(robot: Robot) -> None:
    await robot.api.boot.activate_rescue(421)
    withdrawn = await robot.api.boot.deactivate_rescue(421)
    assert (withdrawn.active, withdrawn.password) == (False, None)
    await robot.api.reset.execute(421, "power")
    assert robot.state.booted[421] == "installed"


async def test_a_failover_switch_moves_the_routing(slow: Robot) -> None:
    api = slow.api
    (failover,) = await api.failover.list()
    assert failover.active_server_ip == "123.123.123.10"
    moved = await api.failover.switch(failover.ip, 421)  # by number: its main IP is looked up
    assert moved.active_server_ip == "123.123.123.11"
    assert (await api.failover.get(failover.ip)).active_server_ip == "123.123.123.11"
    await refused(api.failover.switch(failover.ip, "123.123.123.11"), "FAILOVER_ALREADY_ROUTED")
    await refused(api.failover.switch(failover.ip, "123.123.123.12"), "FAILOVER_LOCKED", 409)
    slow.tick(60.0)
    await refused(api.failover.switch(failover.ip, "9.9.9.9"), "FAILOVER_NEW_SERVER_NOT_FOUND", 404)
    server = await api.servers.get(521)
    assert (await api.failover.switch(failover, server)).active_server_ip == "123.123.123.12"
    slow.tick(60.0)
    assert (await api.failover.unroute(failover.ip)).active_server_ip is None
    await refused(api.failover.get("1.2.3.4"), "NOT_FOUND", 404)


async def test_a_firewall_change_is_in_process_then_active(slow: Robot) -> None:
    api = slow.api
    rules = {"input": [{"name": "ssh", "ip_version": "ipv4", "dst_port": "22",
                        "action": "accept"}]}  # fmt: skip
    changed = await api.firewall.set(321, rules=rules, filter_ipv6=True)
    assert changed.status == "in process"
    await refused(api.firewall.set(321, status="disabled"), "FIREWALL_IN_PROCESS", 409)
    await refused(api.firewall.clear(321), "FIREWALL_IN_PROCESS", 409)
    slow.tick(29.0)
    assert (await api.firewall.get(321)).status == "in process"
    slow.tick(1.0)
    applied = await api.firewall.get(321)
    assert (applied.status, applied.filter_ipv6) == ("active", True)
    assert applied.rules["input"][0]["dst_port"] == "22"
    assert applied.rules["input"][0]["action"] == "accept"
    template = await api.firewall_templates.create("web", rules=rules, whitelist_hos=False)
    assert (await api.firewall.set(321, template=template)).status == "in process"
    slow.tick(30.0)
    from_template = await api.firewall.get(321)
    assert (from_template.status, from_template.whitelist_hos) == ("active", False)
    refusal = await refused(
        slow.client.post("/firewall/321", status="active", template_id=str(template.id),
                         whitelist_hos="true", _family=ROBOT),
        "INVALID_INPUT",
    )  # fmt: skip
    assert refusal.details == {"missing": None, "invalid": ["template_id"]}
    cleared = await api.firewall.clear(321)
    assert cleared.status == "in process"
    slow.tick(30.0)
    final = await api.firewall.get(321)
    assert (final.status, final.rules) == ("disabled", {"input": [], "output": []})


async def test_servers_join_and_leave_a_vswitch(slow: Robot) -> None:
    api = slow.api
    vswitch = await api.vswitches.create("backend", 4010)
    await api.vswitches.add_servers(vswitch, [321, 421])
    joined = await api.vswitches.get(vswitch)
    assert joined.server_numbers == [321, 421]
    assert {entry["status"] for entry in joined.server or []} == {"in process"}
    await refused(api.vswitches.add_servers(vswitch, [521]), "VSWITCH_IN_PROCESS", 409)
    slow.tick(30.0)
    assert {entry["status"] for entry in (await api.vswitches.get(vswitch)).server or []} == {
        "ready"
    }
    await slow.client.post(f"/vswitch/{vswitch.id}/server", server=["123.123.123.12"],
                           _family=ROBOT)  # fmt: skip  # a main IP names a server too
    slow.tick(30.0)
    await api.vswitches.remove_servers(vswitch, [321])
    assert (await api.vswitches.get(vswitch)).server_numbers == [421, 521]
    await refused(api.vswitches.remove_servers(vswitch, [321]), "SERVER_NOT_FOUND", 404)
    await refused(api.vswitches.add_servers(vswitch, [999]), "SERVER_NOT_FOUND", 404)
    with pytest.raises(InvalidArgumentError):
        await api.vswitches.add_servers(vswitch, [])
    await api.vswitches.cancel(vswitch)
    await refused(api.vswitches.cancel(vswitch), "CONFLICT", 409)


async def test_an_hourly_limit_answers_403_with_its_interval(limited: Robot) -> None:
    api = limited.api
    await api.reset.execute(321, "sw")
    await api.reset.execute(421, "sw")
    error = await refused(api.reset.execute(521, "sw"), "RATE_LIMIT_EXCEEDED", 403)
    assert isinstance(error, RateLimitExceeded)
    assert error.retry_after == 3600.0
    assert error.details == {"max_request": 2, "interval": 3600}
    assert (await api.reset.options(521)).type  # GET /reset counts in its own group
    limited.tick(3600.0)
    assert (await api.reset.execute(521, "sw")).type == "sw"


async def test_the_client_waits_out_a_limit_only_within_backoff_cap(
    limited: Robot, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep_on_the_simulators_clock(delay: float, result: Any = None) -> Any:
        slept.append(delay)
        limited.tick(delay)
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", sleep_on_the_simulators_clock)
    patient = limited.simulator.client(retry=RetryPolicy(backoff_cap=3600.0, jitter=False))
    hasty = limited.simulator.client(retry=RetryPolicy(backoff_cap=60.0, jitter=False))
    async with patient, hasty:
        await patient.robot.reset.execute(321, "sw")
        await patient.robot.reset.execute(421, "sw")
        with pytest.raises(RateLimitExceeded):
            await hasty.robot.reset.execute(521, "sw")
        assert slept == []
        assert (await patient.robot.reset.execute(521, "sw")).type == "sw"
    assert slept == [3600.0]
    assert limited.state.resets == [(321, "sw"), (421, "sw"), (521, "sw")]


async def test_three_failed_logins_block_even_the_right_password(robot: Robot) -> None:
    url = robot.simulator.robot.url
    for attempt in range(3):
        wrong = Client(
            ROBOT,
            robot_user=robot.simulator.robot.user,
            robot_password=f"wrong-{attempt}",
            base_urls={ROBOT: url},
            retry=NO_RETRY,
        )
        async with wrong:
            with pytest.raises(AuthenticationError):
                await wrong.robot.servers.list()
    right = robot.simulator.client(retry=NO_RETRY)
    async with right:
        with pytest.raises(AuthenticationError, match="blocked"):
            await right.robot.servers.list()
    robot.tick(600.0)
    async with robot.simulator.client(retry=NO_RETRY) as later:
        assert len(await later.robot.servers.list()) == 4


async def test_a_cancellation_is_refused_unless_allowed_and_then_follows_the_rules(
    robot: Robot,
) -> None:
    api = robot.api
    options = await api.cancellation.get(421)
    assert isinstance(options.cancellation_reason, list)
    with pytest.raises(InvalidArgumentError, match="allow_cancellation"):
        await api.cancellation.cancel(421, "now", reason=options.cancellation_reason[0])
    assert robot.state.served["POST /server/421/cancellation"] == 0
    assert (await api.servers.get(421)).cancelled is False
    error = await refused(
        api.cancellation.cancel(421, "now", reason="because", allow_cancellation=True),
        "INVALID_INPUT",
    )
    assert error.details == {"missing": None, "invalid": ["cancellation_reason"]}
    assert options.reservation_possible is True  # so Robot needs reserve_location
    error = await refused(
        api.cancellation.cancel(421, "now", allow_cancellation=True), "INVALID_INPUT"
    )
    assert error.details == {"missing": ["reserve_location"], "invalid": None}
    filed = await api.cancellation.cancel(
        421,
        "now",
        reason=options.cancellation_reason[0],
        reserve_location=False,
        allow_cancellation=True,
    )
    assert (filed.cancelled, filed.cancellation_reason) == (True, "Upgrade to a new server")
    assert (await api.servers.get(421)).cancelled is True


async def test_reverse_dns_post_creates_with_201_and_updates_with_200(robot: Robot) -> None:
    api = robot.api
    await api.rdns.delete("123.123.123.11")
    await refused(api.rdns.get("123.123.123.11"), "RDNS_NOT_FOUND", 404)
    statuses = []
    for ptr in ("web-2.example.com", "www.example.com"):
        response = await robot.client.raw_call(
            "POST", "/rdns/123.123.123.11", {"ptr": ptr}, family=ROBOT
        )
        statuses.append(response.status)
        response.release()
    assert statuses == [201, 200]
    assert [entry.ptr for entry in await api.rdns.list("123.123.123.11")] == ["www.example.com"]
    assert (await api.rdns.set("123.123.123.11", "web-2.example.com")).ptr == "web-2.example.com"


async def test_odd_cancellation_and_vswitch_forms(robot: Robot) -> None:
    form = {"cancellation_date": "now", "reserve_location": "maybe"}
    error = await refused(
        robot.client.post("/server/521/cancellation", **form, _family=ROBOT), "INVALID_INPUT"
    )
    assert error.details == {"missing": None, "invalid": ["reserve_location"]}
    vswitch = await robot.api.vswitches.create("one", 4020)
    await robot.client.post(f"/vswitch/{vswitch.id}/server", server="521", _family=ROBOT)
    assert (await robot.api.vswitches.get(vswitch)).server_numbers == [521]
