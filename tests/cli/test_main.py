"""The ``asynchetzner`` entry point: global options, credentials, exit statuses, the subcommands
that wrap the demo and the simulator."""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pytest

from asynchetzner import Client, __version__
from asynchetzner.cli import main as cli_main
from asynchetzner.cli.main import main
from asynchetzner.simulator import Simulator
from asynchetzner.simulator import __main__ as simulator_cli
from asynchetzner.typed.resources import ResourceClient

from . import TOKEN, ThreadedSimulator, error_line, serving


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


@pytest.fixture
def quiet_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    """A simulator the command line is not pointed at: no HCLOUD_ENDPOINT, no token."""
    with serving(monkeypatch) as running:
        monkeypatch.delenv("HCLOUD_ENDPOINT")
        monkeypatch.delenv("HETZNER_TOKEN")
        yield running


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"asynchetzner {__version__}\n"


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "asynchetzner", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"asynchetzner {__version__}\n", "")


@pytest.mark.parametrize(
    "argv",
    [[], ["servers"], ["get"], ["servers", "show"], ["servers", "reboot"], ["--output", "xml"]],
)
def test_incomplete_command_lines_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "usage: asynchetzner" in capsys.readouterr().err


def test_endpoint_and_token_options(
    quiet_api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    quiet_api.create_servers("web-1")
    assert main(["--endpoint", quiet_api.url, "--token", TOKEN, "get", "/servers"]) == 0
    assert [s["name"] for s in json.loads(capsys.readouterr().out)["servers"]] == ["web-1"]


def test_global_options_also_follow_the_command(
    quiet_api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    quiet_api.create_servers("web-1")
    where = ["--endpoint", quiet_api.url, "--token", TOKEN]
    assert main(["servers", "list", *where, "--output", "json"]) == 0
    assert [s["name"] for s in json.loads(capsys.readouterr().out)] == ["web-1"]
    assert main(["--output", "json", "servers", "list", *where, "--output", "table"]) == 0
    assert capsys.readouterr().out.startswith("id    name")


def test_options_beat_the_environment(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HETZNER_TOKEN", "wrong")
    assert main(["--token", TOKEN, "get", "/servers"]) == 0
    assert json.loads(capsys.readouterr().out)["servers"] == []


def test_config_file_is_read_without_the_environment(
    api: ThreadedSimulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("HETZNER_TOKEN", "wrong")
    config = tmp_path / "cli.conf"
    config.write_text(f"[default]\nendpoint={api.url}\n\n[{api.url}]\ntoken={TOKEN}\n")
    config.chmod(0o600)
    assert main(["--config", str(config), "servers", "list", "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_readable_config_file_is_one_warning_line(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "cli.conf"
    config.write_text(f"[default]\nendpoint={api.url}\n\n[{api.url}]\ntoken={TOKEN}\n")
    config.chmod(0o644)
    assert main(["--config", str(config), "get", "/servers"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["servers"] == []
    assert err == (
        f"warning: Config file {config} holds secrets but can be read by group or others; "
        f"run: chmod 600 {config}\n"
    )


def test_missing_config_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.conf"
    assert main(["--config", str(missing), "get", "/servers"]) == 2
    assert capsys.readouterr().err == f"error: Config file {missing} not found.\n"


def test_refused_token_exits_1_and_is_never_shown(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "s3cret-t0ken-value"
    assert main(["--debug", "--token", secret, "servers", "list"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "(unauthorized, 401)" in err.splitlines()[-1]
    assert "GET /servers -> 401" in err  # the request was logged at DEBUG
    assert secret not in err


def test_debug_shows_the_traceback_and_logs_requests(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("asynchetzner")
    handlers, level = list(logger.handlers), logger.level
    assert main(["--debug", "servers", "show", "999"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "asynchetzner.exceptions.NotFoundError" in err
    assert " DEBUG asynchetzner: GET /servers/999 -> 404 in " in err
    assert err.splitlines()[-1].startswith("error: Server with ID '999' not found (not_found")
    assert (logger.handlers, logger.level) == (handlers, level)


def test_without_debug_nothing_is_logged(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["servers", "show", "999"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


@pytest.fixture
def closed_clients(monkeypatch: pytest.MonkeyPatch) -> list[Client]:
    """Record every client the command line closes."""
    closed: list[Client] = []
    close = Client.close

    async def recording_close(self: Client) -> None:
        closed.append(self)
        await close(self)

    monkeypatch.setattr(Client, "close", recording_close)
    return closed


def test_ctrl_c_exits_130_and_closes_the_client(
    api: ThreadedSimulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    closed_clients: list[Client],
) -> None:
    async def interrupted(self: ResourceClient[Any], **filters: Any) -> list[Any]:
        raise KeyboardInterrupt

    monkeypatch.setattr(ResourceClient, "get_all", interrupted)
    assert main(["servers", "list"]) == 130
    assert capsys.readouterr() == ("", "error: interrupted\n")
    assert len(closed_clients) == 1


def test_the_client_is_closed_after_an_error(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], closed_clients: list[Client]
) -> None:
    assert main(["servers", "reboot", "nope"]) == 1
    assert len(closed_clients) == 1


# demo


def test_demo_passes_its_options_and_writes_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[int, float]] = []

    async def fake_demo(out: TextIO, *, count: int = 20, action_seconds: float = 1.0) -> int:
        calls.append((count, action_seconds))
        out.write("demo ran\n")
        return 3

    monkeypatch.setattr(cli_main, "run_demo", fake_demo)
    assert main(["demo"]) == 3
    assert main(["demo", "--count", "2", "--action-seconds", "0"]) == 3
    assert calls == [(20, 1.0), (2, 0.0)]
    assert capsys.readouterr().out == "demo ran\n" * 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["demo", "--count", "0"], "must be at least 1, not 0"),
        (["demo", "--action-seconds", "-1"], "must be 0 or more seconds, not -1"),
    ],
)
def test_demo_refuses_bad_options(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


# simulator


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Simulator]:
    """Make the simulator subcommand record the simulator it would serve instead of serving."""
    simulators: list[Simulator] = []

    async def fake_serve(simulator: Simulator) -> None:
        simulators.append(simulator)

    monkeypatch.setattr(simulator_cli, "serve", fake_serve)
    return simulators


def test_simulator_takes_the_options_of_the_simulators_command_line(
    served: list[Simulator],
) -> None:
    argv = [
        "simulator",
        "--host",
        "127.0.0.2",
        "--port",
        "0",
        "--token",
        "T",
        "--read-only-token",
        "R1",
        "--read-only-token",
        "R2",
        "--action-seconds",
        "0.5",
        "--rate-limit",
        "10",
        "--faults",
        "drop=0.5,latency=0.01",
        "--seed",
        "7",
    ]
    assert main(argv) == 0
    [simulator] = served
    assert (simulator.host, simulator.port, simulator.token) == ("127.0.0.2", 0, "T")
    project = simulator.project
    assert project.read_only_tokens == frozenset({"R1", "R2"})
    assert simulator.store.action_seconds == 0.5
    assert project.budget.limit == 10
    assert [(f.kind, f.share) for f in project.faults.faults] == [("drop", 0.5)]
    assert [rule.seconds for rule in project.faults.latency] == [0.01]


def test_simulator_defaults(served: list[Simulator]) -> None:
    assert main(["simulator", "--action-seconds", "-1"]) == 0
    [simulator] = served
    assert (simulator.host, simulator.port) == ("127.0.0.1", 8080)
    assert simulator.store.action_seconds is None  # Hetzner-like durations
    assert simulator.project.budget.limit == 3600


def test_simulator_refuses_bad_faults_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulator", "--port", "0", "--faults", "bogus=1"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "bogus" in error_line(err)


def test_simulator_reports_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["simulator", "--port", str(port)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"error: cannot serve on 127.0.0.1:{port}: ")
    assert err.count("\n") == 1


def test_simulator_stops_quietly_on_ctrl_c(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def interrupted(simulator: Simulator) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(simulator_cli, "serve", interrupted)
    assert main(["simulator", "--port", "0"]) == 0
    assert capsys.readouterr() == ("", "")
