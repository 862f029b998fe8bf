"""``asynchetzner robot`` on several servers when some fail: the others' results are printed,
and the failures named, one per server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from asynchetzner.cli.main import main

from . import ThreadedSimulator, rows, serving_robot


@pytest.fixture
def robot(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving_robot(monkeypatch) as running:
        yield running


def test_a_failing_server_hides_neither_the_others_nor_itself(
    robot: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    state = robot.simulator.robot.state
    assert main(["robot", "rescue", "activate", "321", "821", "421", "--reset", "hw"]) == 1
    shown = capsys.readouterr()
    assert rows(shown.out) == [
        ["server", "os", "active", "password"],
        ["321", "linux", "yes", "********"],
        ["421", "linux", "yes", "********"],
    ]
    assert state.booted == {321: "rescue", 421: "rescue"}
    assert shown.err.strip() == (
        "error: server 821: server 821 cannot boot rescue (BOOT_NOT_AVAILABLE, 404)"
    )
    assert main(["--output", "json", "robot", "wol", "999", "321", "821"]) == 1
    shown = capsys.readouterr()
    assert [item["server_number"] for item in json.loads(shown.out)] == [321]
    assert "server 999: " in shown.err
    assert "server 821: " in shown.err
    assert main(["robot", "reset", "999"]) == 1
    shown = capsys.readouterr()
    assert shown.out == ""
    assert shown.err.startswith("error: server 999: ")


def test_a_bug_is_not_passed_off_as_a_server_failure(
    robot: ThreadedSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from asynchetzner.robot import WakeOnLANClient

    async def broken(self: WakeOnLANClient, server: int) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(WakeOnLANClient, "send", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        main(["robot", "wol", "321"])


def test_a_server_named_twice_is_reset_once(
    robot: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["robot", "reset", "321", "421", "321", "--type", "hw"]) == 0
    assert rows(capsys.readouterr().out) == [["server", "type"], ["321", "hw"], ["421", "hw"]]
    assert robot.simulator.robot.state.resets == [(321, "hw"), (421, "hw")]
