"""Tests for endpoint and credential resolution in asynchetzner.config."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from asynchetzner.config import (
    DEFAULT_ENDPOINT,
    ENDPOINTS,
    Credentials,
    InsecureConfigWarning,
    config_files,
    resolve_credentials,
)
from asynchetzner.config import files as ini
from asynchetzner.exceptions import ConfigurationError

pytestmark = pytest.mark.filterwarnings("error::asynchetzner.config.InsecureConfigWarning")

URL = "https://proxy.example/api"
pytestmark = [
    pytestmark,
    pytest.mark.skipif(
        Path("/etc/hetzner.conf").exists(), reason="/etc/hetzner.conf exists on this machine"
    ),
]


@pytest.fixture
def home(isolated_config: Path) -> Path:
    """The HOME conftest's isolated_config set up (cwd, HOME and HETZNER_* are isolated)."""
    return isolated_config / "home"


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    """Write a config file with the given permissions."""
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def cwd_conf() -> Path:
    """Return ./hetzner.conf."""
    return Path.cwd() / "hetzner.conf"


def test_constants_match_the_documented_endpoints() -> None:
    assert ENDPOINTS == {
        "hetzner-cloud": "https://api.hetzner.cloud/v1",
        "hetzner-api": "https://api.hetzner.com/v1",
        "hetzner-robot": "https://robot-ws.your-server.de",
    }
    assert DEFAULT_ENDPOINT == "hetzner-cloud"


def test_config_files_lists_the_cascade_in_priority_order(home: Path) -> None:
    assert config_files() == [
        Path.cwd() / "hetzner.conf",
        home / ".hetzner.conf",
        home / ".hetznerrc",
        Path("/etc/hetzner.conf"),
    ]


def test_paths_are_resolved_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    later = tmp_path / "later"
    later.mkdir()
    write(later / "hetzner.conf", "[hetzner-cloud]\ntoken=from-later\n")
    monkeypatch.chdir(later)
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))

    assert config_files()[:2] == [later / "hetzner.conf", tmp_path / "elsewhere" / ".hetzner.conf"]
    assert resolve_credentials().token == "from-later"


def test_no_endpoint_anywhere_uses_the_default() -> None:
    creds = resolve_credentials(token="t")
    assert creds == Credentials("hetzner-cloud", "https://api.hetzner.cloud/v1", "bearer", "t")


TOKEN_LEVELS = ("argument", "environment", "cwd", "home_conf", "home_rc")


@pytest.mark.parametrize("winner", TOKEN_LEVELS)
def test_token_cascade_highest_level_wins(winner: str, home: Path) -> None:
    active = TOKEN_LEVELS[TOKEN_LEVELS.index(winner) :]
    section = "[hetzner-cloud]\ntoken=tok-{}\n"
    paths = {"cwd": cwd_conf(), "home_conf": home / ".hetzner.conf", "home_rc": home / ".hetznerrc"}
    for level, path in paths.items():
        if level in active:
            write(path, section.format(level))
    environ = {"HETZNER_TOKEN": "tok-environment"} if "environment" in active else {}
    token = "tok-argument" if "argument" in active else None

    assert resolve_credentials(token=token, environ=environ).token == f"tok-{winner}"


@pytest.mark.parametrize("winner", TOKEN_LEVELS)
def test_endpoint_cascade_highest_level_wins(winner: str, home: Path) -> None:
    active = TOKEN_LEVELS[TOKEN_LEVELS.index(winner) :]
    paths = {"cwd": cwd_conf(), "home_conf": home / ".hetzner.conf", "home_rc": home / ".hetznerrc"}
    for level, path in paths.items():
        if level in active:
            write(path, f"[default]\nendpoint=https://{level}.example\n")
    environ = {"HETZNER_TOKEN": "t"}
    if "environment" in active:
        environ["ASYNCHETZNER_ENDPOINT"] = "https://environment.example"
    endpoint = "https://argument.example" if "argument" in active else None

    creds = resolve_credentials(endpoint=endpoint, environ=environ)
    assert creds.base_url == f"https://{winner}.example"


def test_four_files_are_merged_value_by_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / f"conf{index}" for index in range(4)]
    monkeypatch.setattr(ini, "config_files", lambda: files)
    write(files[0], "[hetzner-robot]\nrobot_user=#ws+first\n")
    write(files[2], "[hetzner-robot]\nrobot_user=#ws+third\nrobot_password=third\n")
    write(files[3], "[default]\nendpoint=hetzner-robot\n[hetzner-robot]\nrobot_password=fourth\n")

    creds = resolve_credentials(environ={})
    assert (creds.endpoint, creds.robot_user, creds.robot_password) == (
        "hetzner-robot",
        "#ws+first",
        "third",
    )


def test_lowest_file_is_used_when_it_alone_has_the_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / f"conf{index}" for index in range(4)]
    monkeypatch.setattr(ini, "config_files", lambda: files)
    write(files[3], "[hetzner-cloud]\ntoken=lowest\n")

    assert resolve_credentials(environ={}).token == "lowest"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"HCLOUD_TOKEN": "hcloud"}, "hcloud"),
        ({"HETZNER_TOKEN": "hetzner", "HCLOUD_TOKEN": "hcloud"}, "hetzner"),
        ({"HETZNER_TOKEN": "  ", "HCLOUD_TOKEN": "hcloud"}, "hcloud"),
        ({"HETZNER_TOKEN": "  padded\n"}, "padded"),
    ],
)
def test_token_environment_variables(environ: dict[str, str], expected: str) -> None:
    assert resolve_credentials(environ=environ).token == expected


def test_environ_defaults_to_os_environ_read_at_call_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASYNCHETZNER_ENDPOINT", "hetzner-api")
    monkeypatch.setenv("HCLOUD_TOKEN", "from-os-environ")

    creds = resolve_credentials()
    assert (creds.endpoint, creds.token) == ("hetzner-api", "from-os-environ")


def test_empty_argument_counts_as_unset() -> None:
    assert resolve_credentials(token="", environ={"HETZNER_TOKEN": "env"}).token == "env"


def test_default_section_selects_the_endpoint_section() -> None:
    write(
        cwd_conf(),
        "[default]\nendpoint=hetzner-api\n[hetzner-cloud]\ntoken=cloud\n[hetzner-api]\ntoken=api\n",
    )

    creds = resolve_credentials(environ={})
    assert creds == Credentials("hetzner-api", "https://api.hetzner.com/v1", "bearer", "api")


def test_endpoint_argument_selects_section_over_default_section() -> None:
    write(cwd_conf(), "[default]\nendpoint=hetzner-api\n[hetzner-cloud]\ntoken=cloud\n")

    assert resolve_credentials(endpoint="hetzner-cloud", environ={}).token == "cloud"


def test_robot_endpoint_uses_basic_auth() -> None:
    write(
        cwd_conf(),
        "[default]\nendpoint=hetzner-robot\n"
        "[hetzner-robot]\nrobot_user=#ws+AbCd\nrobot_password=secret\n",
    )

    creds = resolve_credentials(environ={})
    assert creds == Credentials(
        "hetzner-robot",
        "https://robot-ws.your-server.de",
        "basic",
        robot_user="#ws+AbCd",
        robot_password="secret",
    )


def test_robot_credentials_from_environment() -> None:
    environ = {
        "ASYNCHETZNER_ENDPOINT": "hetzner-robot",
        "HETZNER_ROBOT_USER": "#ws+env",
        "HETZNER_ROBOT_PASSWORD": "envpass",
        "HETZNER_TOKEN": "ignored",
    }

    creds = resolve_credentials(environ=environ)
    assert (creds.auth, creds.token, creds.robot_user) == ("basic", None, "#ws+env")
    assert creds.robot_password == "envpass"


def test_robot_values_from_environment_are_ignored_for_bearer_endpoint() -> None:
    environ = {"HETZNER_TOKEN": "t", "HETZNER_ROBOT_USER": "u:with\ncontrol"}

    creds = resolve_credentials(environ=environ)
    assert (creds.auth, creds.token, creds.robot_user, creds.robot_password) == (
        "bearer",
        "t",
        None,
        None,
    )


@pytest.mark.parametrize("endpoint", [URL, URL + "/"])
@pytest.mark.parametrize("section", [URL, URL + "/"])
def test_url_endpoint_section_matches_with_and_without_slash(endpoint: str, section: str) -> None:
    write(cwd_conf(), f"[{section}]\ntoken=url-token\n")

    creds = resolve_credentials(endpoint=endpoint, environ={})
    assert (creds.endpoint, creds.base_url, creds.auth, creds.token) == (
        endpoint,
        URL,
        "bearer",
        "url-token",
    )


@pytest.mark.parametrize(
    ("file_keys", "arguments", "environ", "expected"),
    [
        ("token=t\n", {}, {}, ("bearer", "t", None)),
        ("robot_user=u\nrobot_password=p\n", {}, {}, ("basic", None, "u")),
        ("token=t\nrobot_user=u\nrobot_password=p\n", {}, {}, ("bearer", "t", None)),
        ("robot_user=u\nrobot_password=p\n", {}, {"HCLOUD_TOKEN": "env"}, ("bearer", "env", None)),
        (
            "",
            {"robot_user": "arg", "robot_password": "argpass"},
            {"HCLOUD_TOKEN": "env"},
            ("basic", None, "arg"),
        ),
        ("robot_user=u\nrobot_password=p\n", {"token": "arg"}, {}, ("bearer", "arg", None)),
    ],
)
def test_url_endpoint_auth_choice(
    file_keys: str,
    arguments: dict[str, str],
    environ: dict[str, str],
    expected: tuple[str, str | None, str | None],
) -> None:
    write(cwd_conf(), f"[{URL}]\n{file_keys}")

    creds = resolve_credentials(endpoint=URL, environ=environ, **arguments)
    assert (creds.auth, creds.token, creds.robot_user) == expected


def test_credentials_combine_argument_environment_and_file() -> None:
    write(cwd_conf(), "[hetzner-robot]\nrobot_password=from-file\n")

    creds = resolve_credentials(
        endpoint="hetzner-robot", robot_user="#ws+arg", environ={"HETZNER_ROBOT_PASSWORD": " "}
    )
    assert (creds.robot_user, creds.robot_password) == ("#ws+arg", "from-file")


def test_config_file_ignores_environment_and_cascade(tmp_path: Path, home: Path) -> None:
    write(cwd_conf(), "[hetzner-cloud]\ntoken=cwd\n")
    write(home / ".hetzner.conf", "[hetzner-cloud]\ntoken=home\n")
    explicit = write(tmp_path / "explicit.ini", "[hetzner-cloud]\ntoken=explicit\n")
    environ = {"ASYNCHETZNER_ENDPOINT": "hetzner-api", "HETZNER_TOKEN": "env"}

    creds = resolve_credentials(config_file=explicit, environ=environ)
    assert (creds.endpoint, creds.token) == ("hetzner-cloud", "explicit")


def test_arguments_win_over_config_file(tmp_path: Path) -> None:
    explicit = write(tmp_path / "explicit.ini", "[hetzner-cloud]\ntoken=explicit\n")

    assert resolve_credentials(token="arg", config_file=str(explicit)).token == "arg"


def test_config_file_missing_value_lists_only_that_file(tmp_path: Path) -> None:
    write(cwd_conf(), "[hetzner-cloud]\ntoken=cwd\n")
    explicit = write(tmp_path / "explicit.ini", "[default]\nendpoint=hetzner-cloud\n")

    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(config_file=explicit, environ={"HETZNER_TOKEN": "env"})
    message = str(info.value)
    assert f"{explicit} (exists) [hetzner-cloud] token" in message
    assert "environment" not in message
    assert "HETZNER_TOKEN" not in message
    assert str(cwd_conf()) not in message
    assert f"Pass token as an argument or put it under [hetzner-cloud] in {explicit}." in message


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("missing", "Config file {} not found."), ("directory", "Cannot read config file {}: ")],
)
def test_unreadable_explicit_file_names_the_path(tmp_path: Path, kind: str, expected: str) -> None:
    path = tmp_path / "explicit.ini"
    if kind == "directory":
        path.mkdir()

    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(token="t", config_file=path)
    assert str(info.value).startswith(expected.format(path))


def test_unreadable_cascade_file_names_the_path() -> None:
    cwd_conf().mkdir()

    with pytest.raises(ConfigurationError, match="Cannot read config file") as info:
        resolve_credentials(token="t", environ={})
    assert str(cwd_conf()) in str(info.value)


def test_file_that_is_not_utf8_names_the_path() -> None:
    cwd_conf().write_bytes(b"[hetzner-cloud]\ntoken=\xff\xfe\n")

    with pytest.raises(ConfigurationError, match="not valid UTF-8") as info:
        resolve_credentials(token="t", environ={})
    assert str(cwd_conf()) in str(info.value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[hetzner-cloud]\ntoken=ok\nsecret-s3cr3t-line\n", "line 3"),
        ("token=s3cr3t\n[hetzner-cloud]\n", "no [section] header before line 1"),
        ("[hetzner-cloud]\ntoken=s3cr3t\ntoken=other-s3cr3t\n", "option 'token'"),
        ("[hetzner-cloud]\ntoken=s3cr3t\n[hetzner-cloud]\n", "section 'hetzner-cloud'"),
    ],
)
def test_parse_error_names_file_and_reason_without_secrets(text: str, reason: str) -> None:
    write(cwd_conf(), text)

    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(token="t", environ={})
    message = str(info.value)
    assert f"Cannot parse config file {cwd_conf()}" in message
    assert reason in message
    assert "s3cr3t" not in message


@pytest.mark.parametrize(
    ("arguments", "environ", "file_text", "expected"),
    [
        pytest.param(
            {"endpoint": URL, "token": "t", "robot_user": "u", "robot_password": "p"},
            {},
            "",
            "not both",
            id="token-and-robot-arguments-for-url",
        ),
        pytest.param(
            {"endpoint": URL, "token": "t", "robot_password": "p"},
            {},
            "",
            "not both",
            id="token-and-robot-password-arguments-for-url",
        ),
        pytest.param(
            {"endpoint": "hetzner-robot", "robot_user": "u"},
            {},
            "",
            "No robot_password for endpoint 'hetzner-robot' (robot_user found in argument",
            id="robot-user-without-password",
        ),
        pytest.param(
            {"endpoint": "hetzner-robot"},
            {"HETZNER_ROBOT_PASSWORD": "p"},
            "",
            "No robot_user for endpoint 'hetzner-robot' (robot_password found in environment",
            id="robot-password-without-user",
        ),
        pytest.param(
            {"endpoint": URL},
            {},
            f"[{URL}]\nrobot_user=u\n",
            f"No robot_password for endpoint '{URL}' (robot_user found in",
            id="url-robot-user-without-password",
        ),
    ],
)
def test_contradictory_configuration_is_refused(
    arguments: dict[str, str], environ: dict[str, str], file_text: str, expected: str
) -> None:
    if file_text:
        write(cwd_conf(), file_text)

    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(environ=environ, **arguments)
    assert expected in str(info.value)


BAD_HEADER_VALUES = ["ab\r\ncd", "ab\ncd", "ab\x00cd", "ab\tcd", "ab\x7fcd", "ab\u20accd"]


@pytest.mark.parametrize("value", BAD_HEADER_VALUES)
@pytest.mark.parametrize(
    ("key", "endpoint"),
    [("token", "hetzner-cloud"), ("robot_user", "hetzner-robot"), ("robot_password", URL)],
)
def test_bad_header_characters_are_refused_without_the_value(
    key: str, endpoint: str, value: str
) -> None:
    arguments: dict[str, Any] = {"robot_user": "user", "robot_password": "pass"}
    if key == "token":
        arguments = {}
    arguments[key] = value

    with pytest.raises(ConfigurationError, match="not allowed in an HTTP header") as info:
        resolve_credentials(endpoint=endpoint, environ={}, **arguments)
    message = str(info.value)
    assert f"{key} from argument {key}=" in message
    assert value not in message
    assert "ab" not in message


def test_multiline_token_in_file_is_refused_without_the_value() -> None:
    write(cwd_conf(), "[hetzner-cloud]\ntoken=first-half\n  second-half\n")

    with pytest.raises(ConfigurationError, match="not allowed in an HTTP header") as info:
        resolve_credentials(environ={})
    message = str(info.value)
    assert "half" not in message
    assert str(cwd_conf()) in message


def test_latin1_password_is_accepted() -> None:
    creds = resolve_credentials(endpoint="hetzner-robot", robot_user="u", robot_password="pässwörd")
    assert creds.robot_password == "pässwörd"


def test_robot_user_with_colon_is_refused_without_the_value() -> None:
    with pytest.raises(ConfigurationError, match="contains ':'") as info:
        resolve_credentials(
            endpoint="hetzner-robot",
            environ={"HETZNER_ROBOT_USER": "user:name", "HETZNER_ROBOT_PASSWORD": "p"},
        )
    message = str(info.value)
    assert "user:name" not in message
    assert "environment HETZNER_ROBOT_USER" in message


def test_missing_token_lists_every_place_looked_at(home: Path) -> None:
    write(home / ".hetznerrc", "[hetzner-api]\ntoken=s3cr3t\n")

    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(environ={"HETZNER_ROBOT_PASSWORD": "s3cr3t-pw"})
    message = str(info.value)
    assert message.startswith("No token for endpoint 'hetzner-cloud'. Looked at: ")
    for place in [
        "argument token=",
        "environment HETZNER_TOKEN, HCLOUD_TOKEN",
        f"{cwd_conf()} (not found) [hetzner-cloud] token",
        f"{home / '.hetzner.conf'} (not found) [hetzner-cloud] token",
        f"{home / '.hetznerrc'} (exists) [hetzner-cloud] token",
        "/etc/hetzner.conf (not found) [hetzner-cloud] token",
    ]:
        assert place in message
    assert "Pass token as an argument, set HETZNER_TOKEN, or put it under" in message
    assert "s3cr3t" not in message


def test_missing_robot_credentials_list_every_place_looked_at(home: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(endpoint="hetzner-robot", environ={"HETZNER_TOKEN": "s3cr3t"})
    message = str(info.value)
    assert "No robot_user and robot_password for endpoint 'hetzner-robot'" in message
    for place in [
        "argument robot_user=, robot_password=",
        "environment HETZNER_ROBOT_USER, HETZNER_ROBOT_PASSWORD",
        f"{home / '.hetznerrc'} (not found) [hetzner-robot] robot_user, robot_password",
        "/etc/hetzner.conf (not found) [hetzner-robot] robot_user, robot_password",
    ]:
        assert place in message
    assert "Pass robot_user and robot_password as arguments, set HETZNER_ROBOT_USER" in message
    assert "s3cr3t" not in message


def test_missing_url_credentials_list_both_kinds_and_both_sections() -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(endpoint=URL + "/", environ={})
    message = str(info.value)
    assert "argument token=, robot_user=, robot_password=" in message
    assert "HETZNER_TOKEN, HCLOUD_TOKEN, HETZNER_ROBOT_USER, HETZNER_ROBOT_PASSWORD" in message
    assert f"[{URL}] or [{URL}/] token, robot_user, robot_password" in message


def test_half_pair_message_hides_the_found_password() -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(endpoint="hetzner-robot", robot_password="s3cr3t", environ={})
    assert "s3cr3t" not in str(info.value)


@pytest.mark.parametrize(
    "endpoint",
    [
        "nonsense",
        "ftp://host.example",
        "https://",
        "api.hetzner.cloud/v1",
        "Hetzner-Cloud",
        "https://bad host.example",
        "https://host.example/\x00",
        "https://[::1",
    ],
)
def test_bad_endpoint_names_value_and_known_names(endpoint: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(endpoint=endpoint, token="t", environ={})
    message = str(info.value)
    assert repr(endpoint) in message
    assert all(name in message for name in ENDPOINTS)


def test_bad_endpoint_from_file_names_its_origin() -> None:
    write(cwd_conf(), "[default]\nendpoint=bogus\n")

    with pytest.raises(ConfigurationError, match="'bogus'") as info:
        resolve_credentials(token="t", environ={})
    assert f"{cwd_conf()} [default] endpoint" in str(info.value)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
@pytest.mark.parametrize("key", ["token", "robot_password"])
def test_insecure_file_with_secret_warns_and_carries_on(mode: int, key: str) -> None:
    path = write(cwd_conf(), f"[hetzner-api]\n{key}=s3cr3t\n", mode)

    with pytest.warns(InsecureConfigWarning) as record:
        creds = resolve_credentials(token="t", environ={})
    assert creds.token == "t"
    assert len(record) == 1
    message = str(record[0].message)
    assert str(path) in message
    assert "chmod 600" in message
    assert "s3cr3t" not in message


def test_insecure_explicit_file_warns(tmp_path: Path) -> None:
    path = write(tmp_path / "explicit.ini", "[hetzner-cloud]\ntoken=t\n", 0o644)

    with pytest.warns(InsecureConfigWarning) as record:
        resolve_credentials(config_file=path)
    assert str(path) in str(record[0].message)


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("[hetzner-cloud]\ntoken=s3cr3t\n", 0o600),
        ("[hetzner-cloud]\ntoken=s3cr3t\n", 0o400),
        ("[hetzner-cloud]\ntoken=s3cr3t\n", 0o700),
        ("[default]\nendpoint=hetzner-api\n[hetzner-robot]\nrobot_user=u\n", 0o644),
    ],
)
def test_private_file_or_file_without_secrets_does_not_warn(text: str, mode: int) -> None:
    write(cwd_conf(), text, mode)

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        resolve_credentials(token="t", environ={})
    assert record == []


@pytest.mark.parametrize("password", ["p%ss#word", "%(user)s;x # y", "#only"])
def test_percent_and_hash_in_password_are_kept(password: str) -> None:
    write(cwd_conf(), f"[hetzner-robot]\nrobot_user=#ws+User\nrobot_password={password}\n")

    creds = resolve_credentials(endpoint="hetzner-robot", environ={})
    assert (creds.robot_user, creds.robot_password) == ("#ws+User", password)


@pytest.mark.parametrize(
    "make",
    [
        lambda: resolve_credentials(token="s3cr3t-token", environ={}),
        lambda: resolve_credentials(
            endpoint="hetzner-robot", robot_user="#ws+shown", robot_password="s3cr3t-pw"
        ),
    ],
)
def test_repr_hides_secrets(make: Callable[[], Credentials]) -> None:
    text = repr(make())
    assert "s3cr3t" not in text
    assert "endpoint=" in text
    assert "token=" not in text
    assert "robot_password=" not in text


def test_repr_shows_robot_user() -> None:
    creds = resolve_credentials(
        endpoint="hetzner-robot", robot_user="#ws+shown", robot_password="p"
    )
    assert "#ws+shown" in repr(creds)
