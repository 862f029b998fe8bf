"""``asynchetzner robot …`` against the simulator's Robot webservice."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from asynchetzner.cli.main import main

from . import ThreadedSimulator, details, error_line, rows, serving_robot


@pytest.fixture
def robot(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving_robot(monkeypatch) as running:
        yield running


def test_servers_list_show_and_rename(
    robot: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["robot", "servers", "list"]) == 0
    listed = rows(capsys.readouterr().out)
    assert listed[0][:4] == ["id", "server_name", "server_ip", "status"]
    assert [row[:2] for row in listed[1:]] == [
        ["321", "web-1"],
        ["421", "web-2"],
        ["521", "db-1"],
        ["821", "legacy"],
    ]
    assert main(["robot", "servers", "rename", "321", "front"]) == 0
    assert details(capsys.readouterr().out)["server_name"] == "front"
    assert main(["robot", "servers", "show", "321", "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["server_name"] == "front"


def test_rescue_and_reset_of_several_servers_at_once(
    robot: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    state = robot.simulator.robot.state
    assert main(["robot", "rescue", "activate", "321", "421", "--reset", "hw"]) == 0
    out = capsys.readouterr().out
    assert rows(out) == [
        ["server", "os", "active", "password"],
        ["321", "linux", "yes", "********"],
        ["421", "linux", "yes", "********"],
    ]
    assert state.booted == {321: "rescue", 421: "rescue"}
    assert all(str(state.last_rescue[n]["password"]) not in out for n in (321, 421))
    assert main(["robot", "rescue", "activate", "521", "--show-password", "--output", "json"]) == 0
    (shown,) = json.loads(capsys.readouterr().out)
    assert shown["password"] == state.last_rescue[521]["password"]
    assert main(["robot", "rescue", "deactivate", "521"]) == 0
    assert rows(capsys.readouterr().out) == [["server", "active"], ["521", "no"]]
    assert main(["robot", "reset", "521", "--type", "power"]) == 0
    assert rows(capsys.readouterr().out) == [["server", "type"], ["521", "power"]]
    assert state.booted[521] == "installed"


def test_failover_wol_and_keys(
    robot: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["robot", "failover", "switch", "78.46.1.93", "421"]) == 0
    assert details(capsys.readouterr().out)["active_server_ip"] == "123.123.123.11"
    assert main(["robot", "failover", "switch", "78.46.1.93", "123.123.123.12"]) == 0
    capsys.readouterr()
    assert main(["robot", "failover", "list"]) == 0
    assert rows(capsys.readouterr().out)[1][:2] == ["78.46.1.93", "123.123.123.12"]
    assert main(["robot", "wol", "321"]) == 0
    assert rows(capsys.readouterr().out) == [["server", "server_ip"], ["321", "123.123.123.10"]]
    assert main(["robot", "keys", "list"]) == 0
    assert rows(capsys.readouterr().out)[1][1:3] == ["seed", "ED25519"]


def test_errors_and_bad_arguments(
    robot: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["robot", "wol", "521"]) == 1
    assert "WOL_NOT_AVAILABLE" in error_line(capsys.readouterr().err)
    assert main(["robot", "rescue", "activate", "321", "--key", " "]) == 2
    assert "fingerprint" in error_line(capsys.readouterr().err)
    with pytest.raises(SystemExit) as exited:
        main(["robot", "reset", "web-1"])
    assert exited.value.code == 2
    assert "not a server number" in capsys.readouterr().err
