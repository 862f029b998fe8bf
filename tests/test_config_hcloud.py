"""Tests that asynchetzner.config gives the variables of Hetzner's own tools (the hcloud CLI,
hcloud-go, hcloud-python) their official meanings, and reads its own endpoint selector from
ASYNCHETZNER_ENDPOINT."""

from __future__ import annotations

import pwd
import re
from pathlib import Path
from typing import Any

import pytest

from asynchetzner.config import (
    ENDPOINTS,
    Configuration,
    ConfigWarning,
    InsecureConfigWarning,
    resolve_configuration,
)
from asynchetzner.exceptions import ConfigurationError

from .test_config import cwd_conf, write

pytestmark = [
    pytest.mark.filterwarnings("error::asynchetzner.config.ConfigWarning"),
    pytest.mark.skipif(
        Path("/etc/hetzner.conf").exists(), reason="/etc/hetzner.conf exists on this machine"
    ),
]

SIM = "http://127.0.0.1:8000/v1"
BOXES = "http://127.0.0.1:8001/v1"


def resolve(environ: dict[str, str], **arguments: Any) -> Configuration:
    return resolve_configuration(environ=environ, **arguments)


# The official variables


def test_hcloud_endpoint_and_token_point_everything_cloud_at_one_place() -> None:
    configuration = resolve({"HCLOUD_ENDPOINT": SIM, "HCLOUD_TOKEN": "t"})

    assert (configuration.generic.endpoint, configuration.generic.base_url) == (
        "hetzner-cloud",
        SIM,
    )
    assert configuration.generic.token == "t"
    assert configuration.family("hetzner-cloud").base_url == SIM


def test_hetzner_endpoint_is_the_storage_box_api_s_base_url() -> None:
    configuration = resolve({"HETZNER_ENDPOINT": BOXES + "/", "HETZNER_TOKEN": "t"})

    assert configuration.family("hetzner-api").base_url == BOXES
    assert configuration.family("hetzner-api").token == "t"
    assert configuration.generic.base_url == ENDPOINTS["hetzner-cloud"]


def test_the_official_variables_together_serve_both_families() -> None:
    environ = {"HCLOUD_ENDPOINT": SIM, "HETZNER_ENDPOINT": BOXES, "HCLOUD_TOKEN": "t"}

    configuration = resolve(environ, endpoint="hetzner-api")
    assert configuration.generic.base_url == BOXES
    assert configuration.base_urls == {
        "hetzner-cloud": SIM,
        "hetzner-api": BOXES,
        "hetzner-robot": ENDPOINTS["hetzner-robot"],
    }


@pytest.mark.parametrize("name", ["hetzner-robot", "hetzner-cloud", "hetzner-api"])
def test_an_endpoint_name_in_hetzner_endpoint_points_to_asynchetzner_endpoint(name: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve({"HETZNER_ENDPOINT": name, "HETZNER_TOKEN": "t"})
    assert str(info.value) == (
        f"environment HETZNER_ENDPOINT holds the endpoint name {name!r}, but it is the base URL "
        f"of hetzner-api; to choose where generic calls go, set ASYNCHETZNER_ENDPOINT={name} or "
        f"pass endpoint={name!r}."
    )


@pytest.mark.parametrize("variable", ["HCLOUD_ENDPOINT", "HETZNER_ENDPOINT"])
def test_an_unusable_url_in_an_official_variable_is_refused_naming_it(variable: str) -> None:
    with pytest.raises(ConfigurationError, match="allow_plain_http=True") as info:
        resolve({variable: "http://api.example/v1", "HCLOUD_TOKEN": "t"})
    assert f"(from environment {variable})" in str(info.value)


def test_a_family_url_from_the_environment_wins_over_url_in_files() -> None:
    write(cwd_conf(), "[hetzner-cloud]\nurl=https://file.example/v1\ntoken=t\n")

    assert resolve({"HCLOUD_ENDPOINT": SIM}).generic.base_url == SIM
    assert (
        resolve({"HCLOUD_ENDPOINT": SIM}, base_urls={"hetzner-cloud": BOXES}).base_urls[
            "hetzner-cloud"
        ]
        == BOXES
    )


def test_hcloud_endpoint_is_the_cloud_family_s_even_with_an_endpoint_url() -> None:
    configuration = resolve({"HCLOUD_ENDPOINT": SIM}, endpoint=BOXES, token="t")

    assert configuration.generic.base_url == BOXES
    assert configuration.family("hetzner-cloud").base_url == SIM


def test_config_file_reads_no_variable(tmp_path: Path) -> None:
    path = write(tmp_path / "explicit.ini", "[hetzner-cloud]\ntoken=t\n")
    environ = {"HCLOUD_ENDPOINT": SIM, "HETZNER_ENDPOINT": "hetzner-robot"}

    configuration = resolve(environ, config_file=path)
    assert configuration.base_urls == ENDPOINTS


# ASYNCHETZNER_ENDPOINT selects the endpoint of the generic calls


@pytest.mark.parametrize(
    ("value", "expected"),
    [("hetzner-api", ENDPOINTS["hetzner-api"]), (SIM + "/", SIM)],
)
def test_asynchetzner_endpoint_selects_the_generic_endpoint(value: str, expected: str) -> None:
    configuration = resolve({"ASYNCHETZNER_ENDPOINT": value, "HCLOUD_TOKEN": "t"})

    assert configuration.generic.endpoint == value
    assert configuration.generic.base_url == expected


def test_the_endpoint_argument_and_file_rank_around_asynchetzner_endpoint() -> None:
    write(cwd_conf(), "[default]\nendpoint=hetzner-robot\n[hetzner-cloud]\ntoken=t\n")
    environ = {"ASYNCHETZNER_ENDPOINT": "hetzner-api"}

    assert resolve(environ).generic.endpoint == "hetzner-api"
    assert resolve(environ, endpoint="hetzner-cloud").generic.endpoint == "hetzner-cloud"


# The hcloud CLI's cli.toml: the token of its active context, lowest of all

TWO_CONTEXTS = """\
active_context = "work"

[preferences]
poll_interval = "1s"

[[contexts]]
name = "work"
token = "work-s3cr3t"

[[contexts]]
name = "home"
token = "home-s3cr3t"

[contexts.preferences]
endpoint = "https://ignored.example/v1"
"""


def cli_toml(home: Path, content: str | bytes = TWO_CONTEXTS, mode: int = 0o600) -> Path:
    """Write the hcloud CLI's config file at its default place."""
    path = home / ".config" / "hcloud" / "cli.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    path.chmod(mode)
    return path


@pytest.fixture
def home(isolated_config: Path) -> Path:
    return isolated_config / "home"


def test_the_active_context_s_token_is_used_last(home: Path) -> None:
    cli_toml(home)

    assert resolve({}).generic.token == "work-s3cr3t"
    assert resolve({}).family("hetzner-api").token == "work-s3cr3t"
    write(cwd_conf(), "[hetzner-cloud]\ntoken=from-file\n")
    assert resolve({}).generic.token == "from-file"
    assert resolve({"HCLOUD_TOKEN": "from-env"}).generic.token == "from-env"


def test_hcloud_context_picks_another_context(home: Path) -> None:
    cli_toml(home)

    assert resolve({"HCLOUD_CONTEXT": "home"}).generic.token == "home-s3cr3t"


def test_hcloud_config_names_the_file(tmp_path: Path, home: Path) -> None:
    cli_toml(home)
    path = write(tmp_path / "elsewhere.toml", '[[contexts]]\nname = "x"\ntoken = "x-token"\n')

    configuration = resolve({"HCLOUD_CONFIG": str(path), "HCLOUD_CONTEXT": "x"})
    assert configuration.generic.token == "x-token"


def test_an_endpoint_url_does_not_take_the_cli_s_token(home: Path) -> None:
    cli_toml(home)

    with pytest.raises(ConfigurationError, match="No token"):
        resolve({}, endpoint=SIM)


def test_config_file_reads_no_cli_toml(tmp_path: Path, home: Path) -> None:
    cli_toml(home, "not toml at all [")
    path = write(tmp_path / "explicit.ini", "[default]\nendpoint=hetzner-cloud\n")

    with pytest.raises(ConfigurationError) as info:
        resolve({}, config_file=path)
    assert "cli.toml" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (None, "{} (not found) token of the hcloud CLI's active context"),
        ('[[contexts]]\nname = "work"\ntoken = "s3cr3t"\n', "{} (exists) no active context"),
        (
            TWO_CONTEXTS.replace('"work"\n', '"gone"\n', 1),
            "{} (exists) no token for context 'gone'",
        ),
    ],
    ids=["missing", "no-active-context", "unknown-context"],
)
def test_the_missing_token_message_names_cli_toml(text: str | None, place: str, home: Path) -> None:
    path = home / ".config" / "hcloud" / "cli.toml"
    if text is not None:
        cli_toml(home, text)

    with pytest.raises(ConfigurationError) as info:
        resolve({})
    message = str(info.value)
    assert message.startswith("No token for endpoint 'hetzner-cloud'. Looked at: ")
    assert place.format(path) in message
    assert "s3cr3t" not in message


BROKEN_CLI_TOML = [
    pytest.param('active_context = "work"\ntoken = s3cr3t\n', "invalid TOML on line 2", id="toml"),
    pytest.param('contexts = "s3cr3t"\n', "not in the hcloud CLI's format", id="contexts"),
    pytest.param('[[contexts]]\ntoken = "s3cr3t"\n', "not in the hcloud CLI's format", id="name"),
    pytest.param('active_context = ["s3cr3t"]\n', "not in the hcloud CLI's format", id="active"),
    pytest.param(b'[[contexts]]\nname = "\xff"\n', "not valid UTF-8 on line 2", id="utf8"),
]


@pytest.mark.parametrize(("content", "reason"), BROKEN_CLI_TOML)
def test_a_broken_cli_toml_that_is_needed_is_refused_naming_it(
    content: str | bytes, reason: str, home: Path
) -> None:
    path = cli_toml(home, content)

    with pytest.raises(ConfigurationError) as info:
        resolve({})
    message = str(info.value)
    assert message.startswith("Cannot ")
    assert str(path) in message
    assert reason in message
    assert "It was needed: token was not found before it." in message
    assert "s3cr3t" not in message


@pytest.mark.parametrize(("content", "reason"), BROKEN_CLI_TOML)
def test_a_broken_cli_toml_that_is_not_needed_is_skipped_with_a_warning(
    content: str | bytes, reason: str, home: Path
) -> None:
    path = cli_toml(home, content)

    with pytest.warns(ConfigWarning) as record:
        configuration = resolve({"HCLOUD_TOKEN": "t"})
    assert configuration.generic.token == "t"
    (warning,) = record
    assert str(path) in str(warning.message)
    assert reason in str(warning.message)
    assert "s3cr3t" not in str(warning.message)


def test_a_cli_toml_that_cannot_be_read_is_skipped_when_not_needed(home: Path) -> None:
    (home / ".config" / "hcloud" / "cli.toml").mkdir(parents=True)

    with pytest.warns(ConfigWarning, match="Cannot read config file"):
        resolve({"HCLOUD_TOKEN": "t"})


def test_a_cli_toml_readable_by_others_warns(home: Path) -> None:
    path = cli_toml(home, mode=0o644)

    with pytest.warns(InsecureConfigWarning, match=re.escape(f"chmod 600 {path}")):
        resolve({"HCLOUD_TOKEN": "t"})


def test_without_a_home_the_cli_toml_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.delenv("HOME")
    monkeypatch.setattr(pwd, "getpwuid", no_entry)

    with pytest.raises(ConfigurationError) as info:
        resolve({})
    assert "~/.config/hcloud/cli.toml (skipped: no home directory)" in str(info.value)
