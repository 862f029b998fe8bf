"""SSH keys, firewalls and their templates, vSwitches and cancellations, typed, against the
Robot simulator."""

from __future__ import annotations

import pytest

from asynchetzner import InvalidArgumentError
from asynchetzner.robot import FirewallTemplate, RobotFirewall, RobotSSHKey, VSwitch

from ..conftest import _ed25519_key
from ..simulator.conftest import refused
from .conftest import Robot

SSH = {"name": "ssh", "ip_version": "ipv4", "dst_port": "22", "protocol": "tcp", "action": "accept"}


async def test_ssh_keys_stored_renamed_and_deleted(robot: Robot) -> None:
    public_key = _ed25519_key()
    created = await robot.api.keys.create("laptop", public_key)
    assert isinstance(created, RobotSSHKey)
    assert created.id == created.fingerprint
    assert (created.name, created.public_key, created.type, created.size) == (
        "laptop",
        public_key,
        "ED25519",
        256,
    )
    assert len(created.fingerprint.split(":")) == 16
    await refused(robot.api.keys.create("again", public_key), "KEY_ALREADY_EXISTS", 409)
    assert (await robot.api.keys.rename(created, "desk")).name == "desk"
    assert (await robot.api.keys.get(created.fingerprint)).name == "desk"
    await robot.api.keys.delete(created)
    await refused(robot.api.keys.get(created), "NOT_FOUND", 404)
    error = await refused(robot.api.keys.create("bad", "ssh-ed25519 !!!"), "INVALID_INPUT", 400)
    assert error.details == {"missing": None, "invalid": ["data"]}
    error = await refused(robot.api.keys.create("bad", "garbage"), "INVALID_INPUT", 400)
    assert error.details == {"missing": None, "invalid": ["data"]}
    robot.state.keys.clear()
    assert await robot.api.keys.list() == []


async def test_a_firewall_reads_in_process_until_applied(slow_robot: Robot) -> None:
    api = slow_robot.api
    firewall = await api.firewall.get(321)
    assert isinstance(firewall, RobotFirewall)
    assert (firewall.status, firewall.rules, firewall.port) == (
        "disabled",
        {"input": [], "output": []},
        "main",
    )
    changed = await api.firewall.set(321, rules={"input": [SSH]}, filter_ipv6=True)
    assert changed.status == "in process"
    assert changed.filter_ipv6 is True
    await refused(api.firewall.set(321, status="disabled"), "FIREWALL_IN_PROCESS", 409)
    await refused(api.firewall.clear(321), "FIREWALL_IN_PROCESS", 409)
    slow_robot.tick(31)
    applied = await api.firewall.get(321)
    assert applied.status == "active"
    assert applied.rules["input"][0]["dst_port"] == "22"
    assert applied.rules["input"][0]["action"] == "accept"
    assert (await api.firewall.clear(321)).status == "in process"
    slow_robot.tick(31)
    cleared = await api.firewall.get(321)
    assert (cleared.status, cleared.rules) == ("disabled", {"input": [], "output": []})


async def test_firewall_rules_are_checked_on_both_sides(robot: Robot) -> None:
    with pytest.raises(InvalidArgumentError, match="unknown keys"):
        await robot.api.firewall.set(321, rules={"input": [{"port": "22"}]})
    with pytest.raises(InvalidArgumentError, match="input, output"):
        await robot.api.firewall.set(321, rules={"inbound": [SSH]})
    with pytest.raises(InvalidArgumentError, match="status"):
        await robot.api.firewall.set(321, status="on")
    with pytest.raises(InvalidArgumentError, match="rules"):
        await robot.api.firewall.set(321, rules=[SSH])  # type: ignore[arg-type]
    error = await refused(
        robot.api.firewall.set(321, rules={"input": [{"action": "allow"}]}), "INVALID_INPUT"
    )
    assert error.details == {"missing": None, "invalid": ["rules[input][0][action]"]}
    error = await refused(
        robot.client.post("/firewall/321", _family="hetzner-robot"), "INVALID_INPUT"
    )
    assert error.details == {"missing": ["status"], "invalid": None}
    await refused(robot.api.firewall.get(999), "SERVER_NOT_FOUND", 404)


async def test_firewall_templates_and_applying_one(robot: Robot) -> None:
    assert await robot.api.firewall_templates.list() == []
    template = await robot.api.firewall_templates.create(
        "base", rules={"input": [SSH]}, is_default=True
    )
    assert isinstance(template, FirewallTemplate)
    assert (template.name, template.is_default, template.whitelist_hos) == ("base", True, True)
    (listed,) = await robot.api.firewall_templates.list()
    assert listed == template
    assert listed.rules is None
    updated = await robot.api.firewall_templates.update(template, name="web", filter_ipv6=True)
    assert (updated.name, updated.filter_ipv6, len(updated.rules or {})) == ("web", True, 2)
    assert (
        await robot.api.firewall_templates.update(template.id, rules={"input": []})
    ).name == "web"
    applied = await robot.api.firewall.set(321, template=template)
    assert applied.rules == updated.rules
    assert applied.status == "active"
    await robot.api.firewall_templates.delete(template.id)
    await refused(robot.api.firewall_templates.get(template), "FIREWALL_TEMPLATE_NOT_FOUND", 404)
    await refused(
        robot.api.firewall.set(321, template=template), "FIREWALL_TEMPLATE_NOT_FOUND", 404
    )


async def test_vswitches_and_their_servers(slow_robot: Robot) -> None:
    api = slow_robot.api
    assert await api.vswitches.list() == []
    vswitch = await api.vswitches.create("backend", 4010)
    assert isinstance(vswitch, VSwitch)
    assert (vswitch.vlan, vswitch.server_numbers) == (4010, [])
    await refused(api.vswitches.create("other", 4010), "VSWITCH_VLAN_NOT_UNIQUE", 409)
    with pytest.raises(InvalidArgumentError, match="4000 and 4091"):
        await api.vswitches.create("other", 100)
    await api.vswitches.add_servers(vswitch, [321, await api.servers.get(421)])
    got = await api.vswitches.get(vswitch)
    assert [(s["server_number"], s["status"]) for s in got.server or []] == [
        (321, "in process"),
        (421, "in process"),
    ]
    await refused(api.vswitches.add_servers(vswitch, [521]), "VSWITCH_IN_PROCESS", 409)
    slow_robot.tick(31)
    assert {s["status"] for s in (await api.vswitches.get(vswitch.id)).server or []} == {"ready"}
    await api.vswitches.remove_servers(vswitch, [321])
    assert (await api.vswitches.get(vswitch)).server_numbers == [421]
    await refused(api.vswitches.remove_servers(vswitch, [321]), "SERVER_NOT_FOUND", 404)
    await refused(api.vswitches.add_servers(vswitch, [999]), "SERVER_NOT_FOUND", 404)
    with pytest.raises(InvalidArgumentError, match="at least one"):
        await api.vswitches.add_servers(vswitch, [])
    await api.vswitches.update(vswitch, "db", 4011)
    await api.vswitches.cancel(vswitch)
    (listed,) = await api.vswitches.list()
    assert (listed.name, listed.vlan, listed.cancelled) == ("db", 4011, True)
    await refused(api.vswitches.get(999), "NOT_FOUND", 404)


async def test_cancellation_is_refused_unless_allowed(robot: Robot) -> None:
    options = await robot.api.cancellation.get(321)
    assert (options.cancelled, options.earliest_cancellation_date) == (False, "2026-12-31")
    with pytest.raises(InvalidArgumentError, match="allow_cancellation=True"):
        await robot.api.cancellation.cancel(321, "now")
    with pytest.raises(InvalidArgumentError, match="allow_cancellation=True"):
        await robot.api.cancellation.cancel(321, "now", allow_cancellation=1)  # type: ignore[arg-type]
    assert robot.state.served["POST /server/321/cancellation"] == 0
    cancelled = await robot.api.cancellation.cancel(
        321,
        "2026-12-31",
        reason="Upgrade to a new server",
        reserve_location=False,
        allow_cancellation=True,
    )
    assert (cancelled.cancelled, cancelled.cancellation_date, cancelled.cancellation_reason) == (
        True,
        "2026-12-31",
        "Upgrade to a new server",
    )
    assert (await robot.api.servers.get(321)).cancelled is True
    await refused(
        robot.api.cancellation.cancel(321, "now", allow_cancellation=True), "CONFLICT", 409
    )
    await robot.api.cancellation.withdraw(321)
    assert (await robot.api.servers.get(321)).cancelled is False
    await refused(robot.api.cancellation.withdraw(321), "CONFLICT", 409)
    error = await refused(
        robot.api.cancellation.cancel(321, "soon", allow_cancellation=True), "INVALID_INPUT"
    )
    assert error.details == {"missing": None, "invalid": ["cancellation_date"]}
