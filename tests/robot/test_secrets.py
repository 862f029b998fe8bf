"""No password reaches a repr, a log record or an error: neither the web-service user's nor a
boot system's."""

from __future__ import annotations

import asyncio
import logging

import pytest

from asynchetzner import AuthenticationError, Client

from ..conftest import NO_RETRY
from ..simulator.conftest import refused
from .conftest import Robot


def leaked(text: str, *secrets: str) -> list[str]:
    return [secret for secret in secrets if secret in text]


def record_texts(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{record.getMessage()} {vars(record)!r}" for record in caplog.records)


async def test_no_password_in_reprs_logs_or_errors(
    robot: Robot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    web_service = robot.simulator.robot.password
    api = robot.api
    rescue = await api.boot.activate_rescue(321)
    vnc = await api.boot.activate_vnc(421, "Ubuntu 24.04")
    await api.reset.execute(321, "hw")
    last = await api.boot.last_rescue(321)
    boot = await api.boot.get(421)
    error = await refused(api.boot.activate_rescue(421), "BOOT_BLOCKED", 409)
    passwords = (str(rescue.password), str(vnc.password))
    assert all(len(password) >= 12 for password in passwords)
    assert last.password == rescue.password
    shown = " ".join(
        repr(item)
        for item in (
            rescue, rescue.data, rescue.password, vnc, vnc.data, last, last.data, boot,
            boot.vnc and boot.vnc.data, robot.client, api, robot.simulator.robot, error,
        )
    )  # fmt: skip
    shown += str(error) + repr(error.details) + error.message
    assert leaked(shown, web_service, *passwords) == []
    assert "********" in repr(rescue.data)
    assert caplog.records, "the client logs each request at DEBUG"
    assert leaked(record_texts(caplog), web_service, *passwords) == []


async def test_wrong_credentials_are_refused_without_showing_them(
    robot: Robot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = Client(
        "hetzner-robot",
        robot_user="#ws+intruder",
        robot_password="guessed-password-1",
        base_urls={"hetzner-robot": robot.simulator.robot.url},
        retry=NO_RETRY,
    )
    async with wrong:
        with pytest.raises(AuthenticationError) as refused_login:
            await wrong.robot.servers.list()
        text = str(refused_login.value) + repr(refused_login.value) + repr(wrong)
    assert refused_login.value.code == "UNAUTHORIZED"
    assert leaked(text + record_texts(caplog), "guessed-password-1") == []


async def test_a_wrong_password_costs_one_failed_login_however_many_calls(robot: Robot) -> None:
    state = robot.state
    async with stranger(robot) as wrong:
        calls = [wrong.robot.servers.get(n) for n in (321, 421, 521)]
        calls += [wrong.robot.reset.execute(321, "hw"), wrong.robot.keys.list()]
        results = await asyncio.gather(*calls, return_exceptions=True)
    assert all(isinstance(result, AuthenticationError) for result in results)
    first, *others = sorted(results, key=lambda error: "not sent" in str(error))
    assert "not sent" not in str(first)
    assert all("not sent: Robot refused these credentials" in str(error) for error in others)
    assert sum(state.served.values()) == 0
    assert list(state.failed_logins.values()) == [1]
    assert len(await robot.api.servers.list()) == 4  # the address is not blocked


async def test_good_credentials_are_checked_once_then_calls_run_together(robot: Robot) -> None:
    listed = await asyncio.gather(*(robot.api.failover.list() for _ in range(3)))
    assert [len(found) for found in listed] == [1, 1, 1]
    assert robot.api.servers._calls._login.accepted is True


async def test_an_error_answer_still_shows_the_credentials_good(robot: Robot) -> None:
    robot.state.servers.clear()  # a 404: it came past the login
    assert await robot.api.servers.list() == []
    assert robot.api.keys._calls._login.accepted is True


def stranger(robot: Robot) -> Client:
    return Client(
        "hetzner-robot",
        robot_user=robot.simulator.robot.user,
        robot_password="wrong-password",
        base_urls={"hetzner-robot": robot.simulator.robot.url},
        retry=NO_RETRY,
    )
