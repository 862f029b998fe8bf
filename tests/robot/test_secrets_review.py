"""Robot passwords (the web-service user's, boot systems') stay out of reprs, DEBUG logs, error
texts and the CLI's output, through typed and generic calls, on success and on error paths."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from asynchetzner import (
    APIError,
    AuthenticationError,
    Client,
    ConfigurationError,
    InvalidResponse,
)
from asynchetzner.cli.main import main

from ..cli import ThreadedSimulator, serving_robot
from ..conftest import NO_RETRY, ScriptedServer, answer
from .conftest import Robot

ROBOT = "hetzner-robot"
BOOT_PASSWORD = "jEt0dtUvomlyOwRr"


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{record.getMessage()} {vars(record)!r}" for record in caplog.records)


async def test_generic_calls_log_no_password_at_debug(
    robot: Robot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    web_service = robot.simulator.robot.password
    activated = await robot.client.post("/boot/321/rescue", os="linux", _family=ROBOT)
    read = await robot.client.get("/boot/321/rescue", _family=ROBOT)
    password = activated["rescue"]["password"]
    assert read["rescue"]["password"] == password  # a generic call hands the raw answer back
    await robot.client.post("/reset/321", type="hw", _family=ROBOT)
    last = await robot.client.get("/boot/321/rescue/last", _family=ROBOT)
    assert last["rescue"]["password"] == password
    with pytest.raises(APIError) as refused:
        await robot.client.post("/boot/321/linux", dist="Nope", _family=ROBOT)
    logged = everything_logged(caplog)
    assert "/boot/321/rescue" in logged
    assert password not in logged
    assert web_service not in logged
    assert password not in str(refused.value) + repr(refused.value)
    assert web_service not in repr(robot.client) + repr(robot.client.robot)


async def test_a_refused_generic_login_shows_no_password(
    robot: Robot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = Client(
        ROBOT,
        robot_user=robot.simulator.robot.user,
        robot_password="not-the-password-42",
        base_urls={ROBOT: robot.simulator.robot.url},
        retry=NO_RETRY,
    )
    async with wrong:
        with pytest.raises(AuthenticationError) as refused:
            await wrong.get("/boot/321/rescue")
        with pytest.raises(AuthenticationError) as again:
            await wrong.robot.boot.rescue(321)
    text = str(refused.value) + repr(refused.value) + str(again.value) + repr(wrong)
    assert "not-the-password-42" not in text + everything_logged(caplog)


async def test_a_non_json_robot_answer_is_not_quoted_in_the_error(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    yaml = f"rescue:\n  os: linux\n  active: true\n  password: {BOOT_PASSWORD}\n"
    server.then(answer(200, text=yaml, content_type="application/x-yaml"))
    server.then(answer(200, text=yaml, content_type="application/x-yaml"))
    client = Client(
        ROBOT,
        robot_user="#ws+Ab12",
        robot_password="web-service-pw-7",
        base_urls={ROBOT: server.url.removesuffix("/v1")},
        retry=NO_RETRY,
    )
    async with client:
        with pytest.raises(InvalidResponse) as generic:
            await client.get("/boot/321/rescue.yaml")
        with pytest.raises(InvalidResponse) as typed:
            await client.robot.boot.activate_rescue(321)
    for error in (generic.value, typed.value):
        assert "not JSON" in str(error)
        assert BOOT_PASSWORD not in str(error) + repr(error)
    assert BOOT_PASSWORD not in everything_logged(caplog)
    assert "web-service-pw-7" not in everything_logged(caplog)


async def test_credentials_in_a_url_are_refused_without_showing_them() -> None:
    client = Client(
        ROBOT,
        robot_user="u",
        robot_password="p",
        base_urls={ROBOT: "http://u:hidden-pw-9@127.0.0.1:1"},
    )
    with pytest.raises(ConfigurationError) as refused:
        async with client:
            await client.robot.servers.list()
    assert "hidden-pw-9" not in str(refused.value) + repr(refused.value)


@pytest.fixture
def cli_robot(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving_robot(monkeypatch) as running:
        yield running


def test_the_cli_shows_no_password_unless_asked(
    cli_robot: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    service = cli_robot.simulator.robot
    state = service.state
    assert main(["--output", "json", "robot", "rescue", "activate", "321", "--debug"]) == 0
    shown = capsys.readouterr()
    password = str(state.last_rescue[321]["password"])
    assert '"password": "********"' in shown.out
    assert password not in shown.out + shown.err
    assert service.password not in shown.out + shown.err
    assert main(["--debug", "robot", "rescue", "activate", "321", "--reset", "hw"]) == 1
    failed = capsys.readouterr()
    assert "BOOT_ALREADY_ENABLED" in failed.err
    assert password not in failed.out + failed.err
    assert service.password not in failed.out + failed.err
    assert main(["robot", "rescue", "activate", "421", "--show-password"]) == 0
    assert str(state.last_rescue[421]["password"]) in capsys.readouterr().out


def test_the_cli_with_wrong_credentials_shows_none(
    cli_robot: ThreadedSimulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HETZNER_ROBOT_PASSWORD", "cli-wrong-pw-3")
    assert main(["--debug", "robot", "servers", "list"]) == 1
    shown = capsys.readouterr()
    assert "UNAUTHORIZED" in shown.err
    assert "cli-wrong-pw-3" not in shown.out + shown.err
