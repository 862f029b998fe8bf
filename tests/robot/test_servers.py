"""Servers, resets, Wake-on-LAN and boot configurations, typed, against the Robot simulator."""

from __future__ import annotations

import pytest

from asynchetzner import ConflictError, InvalidArgumentError, InvalidInputError, NotFoundError
from asynchetzner.robot import Linux, Rescue, RobotServer
from asynchetzner.typed.answers import Secret

from ..simulator.conftest import refused
from .conftest import Robot


async def test_servers_are_listed_got_and_renamed(robot: Robot) -> None:
    servers = await robot.api.servers.list()
    assert [server.server_number for server in servers] == [321, 421, 521, 821]
    assert all(
        isinstance(server, RobotServer) and server.id == server.server_number for server in servers
    )
    assert servers[0].reset is None  # the list shows a summary; a detail what the server supports
    web = await robot.api.servers.get(321)
    assert (web.server_name, web.reset, web.wol, web.server_ip) == (
        "web-1",
        True,
        True,
        "123.123.123.10",
    )
    renamed = await robot.api.servers.rename(web, "web-one")
    assert renamed.server_name == "web-one" == robot.state.servers[321]["server_name"]
    assert web == renamed
    assert repr(renamed).startswith("<RobotServer id=321 server_name='web-one'")


async def test_an_absent_server_and_a_bad_number(robot: Robot) -> None:
    error = await refused(robot.api.servers.get(999), "SERVER_NOT_FOUND", 404)
    assert isinstance(error, NotFoundError)
    with pytest.raises(InvalidArgumentError, match="server"):
        await robot.api.servers.get(0)
    with pytest.raises(InvalidArgumentError, match="name"):
        await robot.api.servers.rename(321, " ")
    assert robot.state.served["GET /server/0"] == 0


async def test_an_account_without_servers_lists_none(robot: Robot) -> None:
    robot.state.servers.clear()
    assert await robot.api.servers.list() == []
    assert await robot.api.reset.list() == []


async def test_reset_options_and_types(robot: Robot) -> None:
    options = await robot.api.reset.options(321)
    assert options.type == ["sw", "hw", "man", "power", "power_long"]
    assert [reset.server_number for reset in await robot.api.reset.list()] == [321, 421, 521]
    await refused(robot.api.reset.options(821), "RESET_NOT_AVAILABLE", 404)
    with pytest.raises(InvalidArgumentError, match="sw, hw, man, power, power_long"):
        await robot.api.reset.execute(321, "reboot")
    sent = await robot.api.reset.execute(321, "power")
    assert (sent.type, robot.state.resets, robot.state.booted) == (
        "power",
        [(321, "power")],
        {321: "installed"},
    )


async def test_a_pending_manual_reset_refuses_another(robot: Robot) -> None:
    await robot.api.reset.execute(421, "man")
    error = await refused(robot.api.reset.execute(421, "hw"), "RESET_MANUAL_ACTIVE", 409)
    assert isinstance(error, ConflictError)


async def test_a_reset_boots_the_activated_rescue_system_and_consumes_it(robot: Robot) -> None:
    (key,) = await robot.api.keys.list()
    inactive = await robot.api.boot.rescue(321)
    assert (inactive.active, inactive.password, inactive.os) == (False, None, ["linux", "vkvm"])
    rescue = await robot.api.boot.activate_rescue(
        321, "linux", authorized_keys=[key.fingerprint], keyboard="de"
    )
    assert isinstance(rescue, Rescue)
    assert rescue.active is True
    assert isinstance(rescue.password, Secret)
    assert len(rescue.password) >= 12
    assert rescue.authorized_key == [
        {"key": {"name": "seed", "fingerprint": key.fingerprint, "type": "ED25519", "size": 256}}
    ]
    assert (rescue.os, rescue.keyboard) == ("linux", "de")
    await robot.api.reset.execute(321, "hw")
    assert robot.state.booted[321] == "rescue"
    assert (await robot.api.boot.rescue(321)).active is False  # the activation was consumed
    last = await robot.api.boot.last_rescue(321)
    assert (last.active, last.password) == (False, rescue.password)
    await robot.api.reset.execute(321, "hw")
    assert robot.state.booted[321] == "installed"


async def test_one_boot_system_at_a_time_and_deactivation(robot: Robot) -> None:
    linux = await robot.api.boot.activate_linux(421, "Debian 12 base")
    assert isinstance(linux, Linux)
    assert (linux.dist, linux.lang) == ("Debian 12 base", "en")
    await refused(robot.api.boot.activate_rescue(421), "BOOT_BLOCKED", 409)
    await refused(robot.api.boot.activate_linux(421, "Debian 12 base"), "BOOT_ALREADY_ENABLED", 409)
    assert (await robot.api.boot.deactivate_linux(421)).active is False
    vnc = await robot.api.boot.activate_vnc(421, "Ubuntu 24.04", "de_DE")
    assert isinstance(vnc.password, Secret)
    await robot.api.boot.deactivate_vnc(421)
    windows = await robot.api.boot.activate_windows(421, "de")
    assert (windows.lang, windows.active) == ("de", True)
    await robot.api.reset.execute(421, "sw")
    assert robot.state.booted[421] == "windows"
    assert (await robot.api.boot.windows(421)).active is False
    await robot.api.boot.activate_rescue(421)
    assert (await robot.api.boot.deactivate_rescue(421)).active is False
    await robot.api.boot.activate_windows(421)
    assert (await robot.api.boot.deactivate_windows(421)).active is False
    assert (await robot.api.boot.linux(421)).dist[0] == "Debian 12 base"
    assert (await robot.api.boot.vnc(421)).lang == ["en_US", "de_DE"]


async def test_boot_options_at_once_and_what_a_server_cannot_boot(robot: Robot) -> None:
    boot = await robot.api.boot.get(521)
    assert boot.windows is None
    assert boot.rescue is not None
    assert boot.rescue.active is False
    await refused(robot.api.boot.windows(521), "BOOT_NOT_AVAILABLE", 404)
    await refused(robot.api.boot.last_rescue(521), "NOT_FOUND", 404)


async def test_bad_activations_name_the_fields(robot: Robot) -> None:
    error = await refused(robot.api.boot.activate_rescue(321, "dos"), "INVALID_INPUT", 400)
    assert isinstance(error, InvalidInputError)
    assert error.details == {
        "missing": None,
        "invalid": ["os"],
    }
    error = await refused(
        robot.api.boot.activate_rescue(321, authorized_keys=["00:11"]), "INVALID_INPUT"
    )
    assert error.details == {"missing": None, "invalid": ["authorized_key"]}
    error = await refused(robot.api.boot.activate_linux(321, "Gentoo", "xx"), "INVALID_INPUT")
    assert error.details == {"missing": None, "invalid": ["dist", "lang"]}
    with pytest.raises(InvalidArgumentError, match="authorized_keys"):
        await robot.api.boot.activate_rescue(321, authorized_keys=[""])
    assert robot.state.boot.get(321, {}) == {}


async def test_a_single_key_string_is_one_key(robot: Robot) -> None:
    (key,) = await robot.api.keys.list()
    rescue = await robot.api.boot.activate_rescue(321, authorized_keys=key.fingerprint)
    assert len(rescue.authorized_key or []) == 1


async def test_wake_on_lan(robot: Robot) -> None:
    assert (await robot.api.wol.options(321)).server_ip == "123.123.123.10"
    assert (await robot.api.wol.send(321)).server_number == 321
    await refused(robot.api.wol.send(521), "WOL_NOT_AVAILABLE", 404)
