"""A command line that talks while it waits: retries and rate-limit waits on stderr as they
start, what to do about missing credentials, the fields an API refused, configuration errors in
the command line's words, and ``actions show|watch``."""

from __future__ import annotations

import io
import itertools
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from asynchetzner import Action, ConflictError, RetryPolicy, TransportError, Wait
from asynchetzner.cli import tell_wait
from asynchetzner.cli.errors import detail_lines
from asynchetzner.cli.main import debug_logging, main
from asynchetzner.simulator.engine.budget import Budget

from . import TOKEN, ThreadedSimulator, error_line, rows, serving


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


@pytest.fixture
def nothing_listening() -> str:
    """The base URL of a loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/v1"


# retries and waits


@pytest.mark.parametrize("command", [["get", "/servers"], ["servers", "list"]])
def test_a_refused_connection_says_so_at_each_retry(
    command: list[str],
    nothing_listening: str,
    sleeps: list[float],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--endpoint", nothing_listening, "--token", TOKEN, *command]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    refused = f"cannot connect to {nothing_listening} for GET /servers: connection refused"
    assert err.splitlines() == [
        f"{refused}; retry 1 of 2 in {sleeps[0]:.1f} s",
        f"{refused}; retry 2 of 2 in {sleeps[1]:.1f} s",
        f"error: {refused}",
    ]
    assert len(sleeps) == RetryPolicy().max_connect_retries  # waited, but not for real


def test_a_spent_rate_limit_budget_says_how_long_it_waits(
    api: ThreadedSimulator, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    # A budget of one request whose clock is far ahead: its reset is beyond the longest wait.
    readings = itertools.count(time.time() + 1000, 0.5)
    api.simulator.project.budget = Budget(1, 1.0, lambda: next(readings))
    assert main(["servers", "reboot", "web-1", "--no-wait"]) == 0
    assert capsys.readouterr().err == (
        "rate limit of 1 requests an hour used up; "
        f"waiting 60.0 s before POST /servers/{server_id}/actions/reboot\n"
    )
    assert sleeps == [60.0]


def test_without_debug_the_library_s_warnings_are_not_printed_again() -> None:
    # With no handler on the way up, Python's last-resort handler would print the rate-limit
    # warning beside the command line's own line.
    logger = logging.getLogger("asynchetzner")
    before = list(logger.handlers)
    with debug_logging(False):
        [added] = [handler for handler in logger.handlers if handler not in before]
        assert type(added) is logging.NullHandler
    assert logger.handlers == before


def test_quiet_says_only_the_error(
    nothing_listening: str, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--quiet", "--endpoint", nothing_listening, "--token", TOKEN, "get", "/servers"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert error_line(err).endswith("connection refused")
    assert len(sleeps) == 2  # still retried


def test_a_wait_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wait = Wait("rate_limit", 1.5, "GET", "/servers", "http://127.0.0.1:1/v1", limit=3600)
    tell_wait(wait)
    line = "rate limit of 3600 requests an hour used up; waiting 1.5 s before GET /servers\n"
    assert capsys.readouterr().err == line


def test_on_a_terminal_a_wait_line_replaces_the_progress_bar_being_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stderr", terminal)
    busy = ConflictError(409, "conflict", "busy")
    tell_wait(Wait("retry", 2.0, "POST", "/servers", "http://x/v1", busy, 1, 5))
    assert terminal.getvalue() == (
        "\r\x1b[KPOST /servers: busy (conflict, 409); retry 1 of 5 in 2.0 s\n"
    )


def test_a_transport_error_names_its_request_once() -> None:
    error = TransportError("no answer to GET /servers within 30 s")
    wait = Wait("retry", 1.0, "GET", "/servers", "http://x/v1", error, 2, 5)
    assert str(wait) == "no answer to GET /servers within 30 s; retry 2 of 5 in 1.0 s"


# missing credentials and configuration errors


def test_a_missing_token_says_what_to_do_within_80_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["servers", "list"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("error: no API token for hetzner-cloud. Set HCLOUD_TOKEN, ")
    assert all(line.startswith("  ") for line in lines[1:])
    assert max(len(line) for line in lines) < 80
    text = " ".join(line.strip() for line in lines)
    for hint in ("pass --token", "[hetzner-cloud]", "`asynchetzner simulator`", "--debug"):
        assert hint in text
    assert "Looked at" not in text


def test_a_url_endpoint_without_credentials_asks_for_a_token(
    nothing_listening: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--endpoint", nothing_listening, "get", "/servers"]) == 2
    text = " ".join(line.strip() for line in capsys.readouterr().err.splitlines())
    assert text.startswith(f"error: no API token for {nothing_listening}. Set HCLOUD_TOKEN, ")
    assert f"put token=... under [{nothing_listening}] in ~/.hetzner.conf" in text


def test_debug_shows_every_place_looked_at(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--debug", "servers", "list"]) == 2
    err = capsys.readouterr().err
    assert "MissingCredentials: No token for endpoint 'hetzner-cloud'. Looked at: " in err
    assert err.splitlines()[-1].startswith("  ")  # the short help ends it


def test_missing_robot_credentials_name_their_variables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["robot", "servers", "list"]) == 2
    text = " ".join(line.strip() for line in capsys.readouterr().err.splitlines())
    assert text.startswith("error: no Robot webservice user and password for hetzner-robot. ")
    assert "Set HETZNER_ROBOT_USER and HETZNER_ROBOT_PASSWORD, or put robot_user=..." in text
    assert "--token" not in text


def test_a_config_file_without_a_token_says_to_put_it_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "empty.conf"
    config.write_text("[default]\nendpoint=hetzner-cloud\n")
    assert main(["--config", str(config), "servers", "list"]) == 2
    text = " ".join(line.strip() for line in capsys.readouterr().err.splitlines())
    assert text == f"error: no API token in {config}: put token=... under [hetzner-cloud] in it."


@pytest.mark.parametrize(
    ("argv", "environment", "says"),
    [
        (["--endpoint", "nowhere"], {}, "Unknown endpoint 'nowhere' (from --endpoint): use one "),
        (
            ["--endpoint", "http://example.com/v1"],
            {},
            "would cross the network unencrypted; use https://.",
        ),
        (
            ["--endpoint", "https://me:secret@example.com/v1"],
            {},
            "remove it and pass the credentials with --token.",
        ),
        ([], {"HCLOUD_ENDPOINT": "hetzner-robot"}, "or pass --endpoint hetzner-robot."),
        (["--token", "bad\ttoken"], {}, "token from --token contains characters not allowed"),
    ],
)
def test_configuration_errors_use_the_options_names(
    argv: list[str],
    environment: dict[str, str],
    says: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HCLOUD_TOKEN", TOKEN)
    assert main([*argv, "get", "/servers"]) == 2
    line = error_line(capsys.readouterr().err)
    assert says in line
    for python_name in ("argument", "endpoint=", "token=", "allow_plain_http", "secret"):
        assert python_name not in line


# the fields an API refused


@pytest.mark.parametrize(
    "command",
    [
        ["post", "/servers", "name=bad name!", "server_type=cx23", "image=ubuntu-24.04"],
        ["servers", "create", "bad name!", "--type", "cx23", "--image", "ubuntu-24.04"],
    ],
)
def test_invalid_input_shows_each_fields_messages(
    command: list[str], api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == 1
    out, err = capsys.readouterr()
    assert out == ""
    first, *details = err.splitlines()
    assert first.startswith("error: invalid server name 'bad name!' (invalid_input, 422)")
    assert details == ["  name: must be a valid hostname (letters, digits, periods and dashes)"]


def test_detail_lines_read_every_shape_of_details() -> None:
    fields = {
        "fields": [
            {"name": "name", "messages": ["is too long", "is invalid"]},
            {"name": "public_key"},
            "not a field",
        ]
    }
    assert detail_lines(fields) == ["  name: is too long", "  name: is invalid", "  public_key"]
    robot = {"missing": ["server_ip"], "invalid": ["type", "os"]}
    assert detail_lines(robot) == ["  missing: server_ip", "  invalid: type, os"]
    assert detail_lines(None) == detail_lines(["x"]) == detail_lines({"invalid": []}) == []


# actions show and watch


def started_without_waiting(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> int:
    """Reboot server web-1 with ``--no-wait``; the id of the action it printed."""
    assert main(["servers", "reboot", "web-1", "--no-wait"]) == 0
    return int(capsys.readouterr().out)


def test_watch_draws_progress_until_the_actions_finish(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1")
    store = api.simulator.store
    ticks = itertools.count(store.clock())
    store.action_seconds = 3.0
    store.clock = lambda: float(next(ticks))  # a second passes at each reading
    action_id = started_without_waiting(api, capsys)
    assert main(["actions", "watch", str(action_id)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == f"  action {action_id}: 0/1 actions done (0.0s)"
    assert err.splitlines()[-1].startswith(f"  action {action_id}: 1/1 actions done (")
    _, row = rows(out)
    assert row[:4] == [str(action_id), "reboot_server", "success", "100"]


def test_show_watch_is_watch(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    api.create_servers("web-1")
    store = api.simulator.store
    ticks = itertools.count(store.clock())
    store.action_seconds = 30.0
    store.clock = lambda: float(next(ticks))  # a second passes at each reading
    action_id = started_without_waiting(api, capsys)
    assert main(["--quiet", "actions", "show", str(action_id)]) == 0
    assert rows(capsys.readouterr().out)[1][2] == "running"
    assert main(["--quiet", "actions", "show", "--watch", str(action_id)]) == 0
    assert rows(capsys.readouterr().out)[1][2] == "success"


def test_watch_exits_1_when_an_action_failed(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-0", "web-1")
    api.simulator.store.fail_next("reboot_server", "server_error", "the host broke")
    failed = started_without_waiting(api, capsys)
    api.call("post", "/servers/1/actions/reboot")
    assert main(["--quiet", "actions", "watch", str(failed), str(failed + 1)]) == 1
    out, err = capsys.readouterr()
    assert [row[2] for row in rows(out)[1:]] == ["error", "success"]
    assert err == (
        f"error: 1 of 2 actions failed: action {failed} (reboot_server) failed: "
        "the host broke (server_error)\n"
    )


def test_show_prints_the_actions_as_json(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1")
    action_id = started_without_waiting(api, capsys)
    assert main(["--output", "json", "actions", "show", str(action_id), str(action_id)]) == 0
    [shown] = json.loads(capsys.readouterr().out)
    assert (shown["id"], shown["command"]) == (action_id, "reboot_server")


def test_an_unknown_action_id_is_an_error(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["actions", "watch", "98", "99"]) == 1
    assert capsys.readouterr().err == "error: no action with id 98, 99 in the hetzner-cloud API\n"


@pytest.mark.parametrize("text", ["0", "-1", "x"])
def test_an_action_id_is_a_positive_integer(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["actions", "watch", "1", text])
    assert exited.value.code == 2
    assert f"an action id is a positive integer, not '{text}'" in capsys.readouterr().err


def test_storage_box_actions_are_read_from_their_api(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["actions", "show", "--api", "hetzner-api", "5"]) == 1
    assert capsys.readouterr().err == "error: no action with id 5 in the hetzner-api API\n"
    assert api.requests[-1] == "GET /hetzner/v1/storage_boxes/actions?id=5"


def test_action_repr_shows_command_status_and_progress() -> None:
    data = {"id": 7, "command": "start_server", "status": "running", "progress": 40}
    assert repr(Action(None, data)) == (
        "<Action id=7 command='start_server' status='running' progress=40>"
    )
