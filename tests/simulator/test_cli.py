"""``python -m asynchetzner.simulator``: serve, print where to connect, stop cleanly on Ctrl-C."""

from __future__ import annotations

import asyncio
import io
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from asynchetzner import AuthenticationError, Client
from asynchetzner.simulator import Simulator
from asynchetzner.simulator import __main__ as cli

from ..conftest import NO_RETRY

MODULE = [sys.executable, "-m", "asynchetzner.simulator"]
DEADLINE = 20.0
Process = asyncio.subprocess.Process


@asynccontextmanager
async def served(*arguments: str) -> AsyncIterator[tuple[Process, dict[str, str]]]:
    """Run the simulator's command line; yield it and the ``NAME=value`` lines it printed first.

    The process is killed on the way out unless the test already made it exit.
    """
    process = await asyncio.create_subprocess_exec(
        *MODULE,
        *arguments,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        printed: dict[str, str] = {}
        assert process.stdout is not None
        for _ in range(6):
            line = await asyncio.wait_for(process.stdout.readline(), DEADLINE)
            name, separator, value = line.decode().rstrip("\n").partition("=")
            assert separator, f"unexpected output line {line!r}"
            printed[name] = value
        yield process, printed
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def stop(process: Process, signum: int = signal.SIGINT) -> tuple[int, str]:
    """Signal the process (Ctrl-C by default); its exit code and everything it wrote to stderr."""
    process.send_signal(signum)
    assert process.stderr is not None
    stderr = await asyncio.wait_for(process.stderr.read(), DEADLINE)
    code = await asyncio.wait_for(process.wait(), DEADLINE)
    return code, stderr.decode()


def test_defaults_bind_loopback() -> None:
    args = cli.parser().parse_args([])
    assert args.host == "127.0.0.1"
    assert args.port == 8080
    assert args.token is None
    assert args.read_only_token == []
    assert args.action_seconds == 2.0
    assert args.rate_limit == 3600
    assert args.faults == ""
    assert args.seed is None
    assert (args.robot_port, args.robot_user, args.robot_password) == (None, "#ws+simulator", None)
    assert cli.simulator_from(args).robot.port == 8081
    assert cli.simulator_from(cli.parser().parse_args(["--port", "0"])).robot.port == 0
    chosen = cli.parser().parse_args(["--robot-port", "9999", "--robot-password", "pw"])
    assert (cli.simulator_from(chosen).robot.port, cli.simulator_from(chosen).robot.password) == (
        9999,
        "pw",
    )


async def test_serves_prints_endpoint_and_token_and_exits_cleanly_on_sigint() -> None:
    async with served(
        "--port", "0", "--token", "T", "--read-only-token", "RO", "--action-seconds", "0"
    ) as (process, printed):
        assert list(printed) == [
            "HCLOUD_ENDPOINT",
            "HETZNER_ENDPOINT",
            "HCLOUD_TOKEN",
            "HETZNER_ROBOT_URL",
            "HETZNER_ROBOT_USER",
            "HETZNER_ROBOT_PASSWORD",
        ]
        endpoint = printed["HCLOUD_ENDPOINT"]
        assert endpoint.startswith("http://127.0.0.1:")
        assert endpoint.endswith("/v1")
        assert int(endpoint.removeprefix("http://127.0.0.1:").removesuffix("/v1")) > 0
        assert printed["HETZNER_ENDPOINT"] == endpoint.removesuffix("/v1") + "/hetzner/v1"
        assert printed["HCLOUD_TOKEN"] == "T"

        async with Client(endpoint, "T", retry=NO_RETRY) as client:
            locations = await client.get("/locations")
            assert {"fsn1", "nbg1", "hel1"} <= {loc["name"] for loc in locations["locations"]}
            created = await client.post(
                "/servers", name="web-1", server_type="cx23", image="ubuntu-24.04"
            )
            # --action-seconds 0: the create action is done by the next request.
            action = await client.get(f"/actions/{created['action']['id']}")
            assert action["action"]["status"] == "success"
        async with Client(printed["HETZNER_ENDPOINT"], "T", retry=NO_RETRY) as hetzner_api:
            types = await hetzner_api.get("/storage_box_types")
            assert "bx11" in {t["name"] for t in types["storage_box_types"]}
        async with Client(endpoint, "RO", retry=NO_RETRY) as read_only:
            listed = await read_only.get("/servers")
            assert [s["name"] for s in listed["servers"]] == ["web-1"]
            with pytest.raises(AuthenticationError) as refused:
                await read_only.post("/ssh_keys", name="k", public_key="ssh-ed25519 AAAA")
            assert refused.value.code == "token_readonly"
        async with Client(endpoint, "wrong", retry=NO_RETRY) as stranger:
            with pytest.raises(AuthenticationError):
                await stranger.get("/locations")

        code, stderr = await stop(process)
        assert code == 0, stderr
        assert "Traceback" not in stderr
        assert stderr == ""


async def test_random_token_when_none_is_given() -> None:
    async with served("--port", "0") as (process, printed):
        token = printed["HCLOUD_TOKEN"]
        assert len(token) >= 16
        async with Client(printed["HCLOUD_ENDPOINT"], token, retry=NO_RETRY) as client:
            assert (await client.get("/servers"))["servers"] == []
        code, stderr = await stop(process)
        assert (code, stderr) == (0, "")


async def test_the_printed_variables_are_those_hetzners_tools_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with served("--port", "0") as (process, printed):
        for name, value in printed.items():
            monkeypatch.setenv(name, value)
        async with Client(retry=NO_RETRY) as client:
            assert (await client.get("/servers"))["servers"] == []
            assert len(await client.robot.servers.list()) == 4
        code, stderr = await stop(process)
        assert (code, stderr) == (0, "")


async def test_sigterm_stops_cleanly_like_ctrl_c() -> None:
    async with served("--port", "0") as (process, printed):
        endpoint, token = printed["HCLOUD_ENDPOINT"], printed["HCLOUD_TOKEN"]
        async with Client(endpoint, token, retry=NO_RETRY) as client:
            assert (await client.get("/servers"))["servers"] == []
        code, stderr = await stop(process, signal.SIGTERM)
        assert (code, stderr) == (0, "")


def test_sigint_stops_it_even_when_started_with_sigint_ignored() -> None:
    """A script's background job inherits SIGINT ignored; the simulator still obeys it."""
    process = subprocess.Popen(
        [*MODULE, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("HCLOUD_ENDPOINT=")
        assert process.stdout.readline().startswith("HETZNER_ENDPOINT=")
        assert process.stdout.readline().startswith("HCLOUD_TOKEN=")
        process.send_signal(signal.SIGINT)
        assert process.wait(DEADLINE) == 0
        assert process.stderr is not None
        assert process.stderr.read() == ""
    finally:
        if process.returncode is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def test_bogus_fault_exits_2_with_one_line_on_stderr() -> None:
    done = subprocess.run(
        [*MODULE, "--port", "0", "--faults", "bogus=1"],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    assert "bogus" in lines[0]


@pytest.mark.parametrize(
    ("faults", "mentioned"),
    [("bogus=1", "bogus"), ("drop=lots", "drop=lots"), ("timeout=2", "between 0 and 1")],
)
def test_main_rejects_bad_faults(
    faults: str, mentioned: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--faults", faults]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert mentioned in err


def test_main_reports_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["--port", str(port)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"error: cannot serve on 127.0.0.1:{port}: ")
    assert err.count("\n") == 1


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[Simulator]:
    """Make ``main`` record the simulator it would serve instead of serving it."""
    simulators: list[Simulator] = []

    async def fake_serve(simulator: Simulator) -> None:
        simulators.append(simulator)

    monkeypatch.setattr(cli, "serve", fake_serve)
    return simulators


def test_main_passes_the_options_to_the_simulator(built: list[Simulator]) -> None:
    code = cli.main(
        [
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
            "html_502=0.25, drop=0.5,latency=0.01",
            "--seed",
            "7",
        ]
    )
    assert code == 0
    [simulator] = built
    assert (simulator.host, simulator.port, simulator.token) == ("127.0.0.2", 0, "T")
    project = simulator.project
    assert project.read_only_tokens == frozenset({"R1", "R2"})
    assert simulator.store.action_seconds == 0.5
    assert project.budget.limit == 10
    assert [(f.kind, f.share) for f in project.faults.faults] == [
        ("html_502", 0.25),
        ("drop", 0.5),
    ]
    assert [rule.seconds for rule in project.faults.latency] == [0.01]


def test_main_seed_makes_faults_reproducible(built: list[Simulator]) -> None:
    arguments = ["--faults", "conflict=0.5", "--seed", "42"]
    assert cli.main(arguments) == 0
    assert cli.main(arguments) == 0
    first, second = (sim.project.faults for sim in built)
    picks = [first.pick("GET /servers") for _ in range(40)]
    assert picks == [second.pick("GET /servers") for _ in range(40)]
    assert set(picks) == {None, "conflict"}


@pytest.mark.parametrize(("given", "expected"), [("0", 0.0), ("-1", None), ("3", 3.0)])
def test_main_action_seconds(built: list[Simulator], given: str, expected: Any) -> None:
    assert cli.main(["--action-seconds", given]) == 0
    assert built[0].store.action_seconds == expected


def test_main_returns_0_on_keyboard_interrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    async def interrupted(simulator: Simulator) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "serve", interrupted)
    assert cli.main(["--port", "0"]) == 0


class PrintedLines(io.StringIO):
    """A stdout that sets ``ready`` once ``wanted`` lines have been written."""

    def __init__(self, wanted: int) -> None:
        super().__init__()
        self.wanted = wanted
        self.ready = asyncio.Event()

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.getvalue().count("\n") >= self.wanted:
            self.ready.set()
        return written


async def test_serve_prints_where_to_connect_and_stops_when_cancelled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stdout = PrintedLines(6)
    monkeypatch.setattr(sys, "stdout", stdout)
    simulator = Simulator(token="T", action_seconds=0.0)
    serving = asyncio.create_task(cli.serve(simulator))
    try:
        await asyncio.wait_for(stdout.ready.wait(), DEADLINE)
        assert stdout.getvalue().splitlines() == [
            f"HCLOUD_ENDPOINT={simulator.url}",
            f"HETZNER_ENDPOINT={simulator.url_for('hetzner-api')}",
            "HCLOUD_TOKEN=T",
            f"HETZNER_ROBOT_URL={simulator.robot.url}",
            f"HETZNER_ROBOT_USER={simulator.robot.user}",
            f"HETZNER_ROBOT_PASSWORD={simulator.robot.password}",
        ]
        async with Client(simulator.url, "T", retry=NO_RETRY) as client:
            assert (await client.get("/servers"))["servers"] == []
        assert not serving.done()
    finally:
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving
    with pytest.raises(RuntimeError, match="not running"):
        _ = simulator.url
