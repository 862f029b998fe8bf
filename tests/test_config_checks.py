"""Tests for the checks of asynchetzner.config: endpoint URLs, typos in config files, broken
config files and a missing home directory."""

from __future__ import annotations

import pwd
import traceback
import warnings
from pathlib import Path
from typing import Any

import pytest

from asynchetzner import Client
from asynchetzner.config import (
    ConfigWarning,
    Credentials,
    InsecureConfigWarning,
    config_files,
    redact_url,
    resolve_credentials,
)
from asynchetzner.exceptions import ConfigurationError

from .test_config import cwd_conf, write

pytestmark = [
    pytest.mark.filterwarnings("error::asynchetzner.config.ConfigWarning"),
    pytest.mark.skipif(
        Path("/etc/hetzner.conf").exists(), reason="/etc/hetzner.conf exists on this machine"
    ),
]

SECRET = "s3cr3t"


@pytest.fixture
def home(isolated_config: Path) -> Path:
    """The HOME conftest's isolated_config set up (cwd, HOME and HETZNER_* are isolated)."""
    return isolated_config / "home"


def refusal(**arguments: Any) -> str:
    """Resolve, expecting a ConfigurationError; return its text, checked (and its traceback)
    to hold no secret."""
    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(**arguments)
    shown = [str(info.value), repr(info.value), "".join(traceback.format_exception(info.value))]
    assert all(SECRET not in text for text in shown)
    return str(info.value)


def warned(**arguments: Any) -> tuple[Credentials, list[str]]:
    """Resolve; return the credentials and the ConfigWarnings, checked to hold no secret."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        creds = resolve_credentials(**arguments)
    messages = [str(item.message) for item in record if issubclass(item.category, ConfigWarning)]
    assert all(SECRET not in message for message in messages)
    assert SECRET not in repr(creds)
    return creds, messages


# Endpoint URLs

BAD_URLS = [
    (f"https://user:{SECRET}@host.example/v1", "user info"),
    (f"https://user:pa/{SECRET}@host.example/v1", "port"),
    (f"https://user:pa#{SECRET}@host.example/v1", "fragment"),
    (f"https://user:{SECRET}@[::1", "Unknown endpoint"),
    (f"ftp://user:{SECRET}@host.example", "Unknown endpoint"),
    ("https://host.example/v1?x=1", "query ('?...'); remove it"),
    ("https://host.example/v1?", "query"),
    ("https://host.example/v1#frag", "fragment ('#...'); remove it"),
    ("https://:443/v1", "no host"),
    ("http://127.0.0.1:99999", "port"),
    ("https://host.example:0/v1", "port"),
    ("https://host.example:https/v1", "port"),
    ("http://host.example/v1", "allow_plain_http=True"),
    ("http://127.0.0.1.example/v1", "allow_plain_http=True"),
    ("http://localhost.example/v1", "allow_plain_http=True"),
    ("http://[::2]/v1", "allow_plain_http=True"),
]


@pytest.mark.parametrize(("url", "expected"), BAD_URLS)
@pytest.mark.parametrize("place", ["argument", "environment", "file"])
def test_unusable_endpoint_url_is_refused_without_its_password(
    url: str, expected: str, place: str
) -> None:
    arguments: dict[str, object] = {"token": "t", "environ": {}}
    if place == "argument":
        arguments["endpoint"] = url
    elif place == "environment":
        arguments["environ"] = {"ASYNCHETZNER_ENDPOINT": url}
    else:
        write(cwd_conf(), f"[default]\nendpoint={url}\n")

    message = refusal(**arguments)
    assert expected in message
    assert {"argument": "argument endpoint=", "environment": "ASYNCHETZNER_ENDPOINT"}.get(
        place, str(cwd_conf())
    ) in message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/v1",
        "http://127.1.2.3/v1",
        "http://localhost:8080",
        "http://LOCALHOST/v1/",
        "http://[::1]:8080/v1",
        "https://host.example:8443/v1",
        "https://host.example/~user@host/v1",
    ],
)
def test_usable_endpoint_url_is_accepted(url: str) -> None:
    creds = resolve_credentials(endpoint=url, token="t", environ={})
    assert creds.base_url == url.rstrip("/")


def test_allow_plain_http_accepts_http_to_any_host() -> None:
    creds = resolve_credentials(
        endpoint="http://proxy.internal:8080/v1", token="t", environ={}, allow_plain_http=True
    )
    assert creds.base_url == "http://proxy.internal:8080/v1"


def test_allow_plain_http_does_not_allow_user_info() -> None:
    url = f"http://user:{SECRET}@proxy.internal/v1"
    assert "user info" in refusal(endpoint=url, token="t", environ={}, allow_plain_http=True)


async def test_client_init_refuses_url_with_user_info() -> None:
    client = Client(f"https://user:{SECRET}@host.example/v1", "t")
    try:
        with pytest.raises(ConfigurationError, match="user info") as info:
            await client.init()
        assert SECRET not in str(info.value)
    finally:
        await client.close()


async def test_client_passes_allow_plain_http_through() -> None:
    url = "http://proxy.internal:8080/v1"
    async with Client(url, "t", allow_plain_http=True) as client:
        assert client.base_url == url
    with pytest.raises(ConfigurationError, match="allow_plain_http=True"):
        async with Client(url, "t"):
            pass


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"https://user:{SECRET}@host.example/v1", "https://***@host.example/v1"),
        (f"https://user:pa/{SECRET}@host.example/v1", "https://***@host.example/v1"),
        (f"user:{SECRET}@host.example", "***@host.example"),
        ("https://host.example/v1", "https://host.example/v1"),
    ],
)
def test_redact_url_hides_user_info(url: str, shown: str) -> None:
    assert redact_url(url) == shown


async def test_client_repr_before_init_hides_the_url_password() -> None:
    client = Client(f"https://user:{SECRET}@host.example/v1", "t")
    assert SECRET not in repr(client)
    await client.close()


# Typos in config files


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"[hetzner-cloud]\ntoken=t\ntokne={SECRET}\n",
            "unknown key 'tokne' in [hetzner-cloud] of {} (did you mean 'token'?)",
        ),
        (
            f"[hetzner-cloud]\ntoken=t\n[hetzner-clod]\ntoken={SECRET}\n",
            "unknown section [hetzner-clod] of {} (did you mean 'hetzner-cloud'?)",
        ),
        (
            "[hetzner-cloud]\ntoken=t\n[endpoint]\n",
            "unknown section [endpoint] of {} (known: default, hetzner-cloud, hetzner-api, "
            "hetzner-robot or an endpoint URL)",
        ),
        (
            "[default]\nendpoint=hetzner-cloud\n[hetzner-cloud]\ntoken=t\n[DEFAULT]\ntokne=x\n",
            "unknown section [DEFAULT] of {} (did you mean 'default'?)",
        ),
        (
            f"[hetzner-cloud]\ntoken=t\n[elsewhere]\ntoken={SECRET}\n",
            "unknown section [elsewhere] of {} (known: default, hetzner-cloud, hetzner-api, "
            "hetzner-robot or an endpoint URL)",
        ),
        (
            f"[hetzner-cloud]\ntoken=t\n[https://user:{SECRET}@host]\n",
            "",  # an endpoint URL names a known section, even one that cannot be used
        ),
        (
            "[default]\nendpoint=hetzner-cloud\nrobot_usr=u\n[hetzner-cloud]\ntoken=t\n",
            "unknown key 'robot_usr' in [default] of {} (known: endpoint)",
        ),
        (
            "[https://proxy.example/v1]\nurl=https://other.example\n[hetzner-cloud]\ntoken=t",
            "unknown key 'url' in [https://proxy.example/v1] of {} "
            "(known: token, robot_user, robot_password)",
        ),
        (
            f"[https://user:{SECRET}@host.example/v1]\nrobot_pasword=p\n[hetzner-cloud]\ntoken=t",
            "unknown key 'robot_pasword' in [https://***@host.example/v1] of {} "
            "(did you mean 'robot_password'?)",
        ),
    ],
)
def test_unknown_section_or_key_warns_with_the_closest_name(text: str, expected: str) -> None:
    write(cwd_conf(), text)

    creds, messages = warned(environ={})
    assert creds.token == "t"
    assert messages == ([f"Ignoring {expected.format(cwd_conf())}."] if expected else [])


def test_every_known_name_is_accepted_silently() -> None:
    write(
        cwd_conf(),
        "[default]\nendpoint=hetzner-cloud\n"
        "[hetzner-cloud]\ntoken=t\nurl=https://cloud.example/v1\n"
        "[hetzner-api]\ntoken=t\nurl=https://api.example/v1\n"
        "[hetzner-robot]\nrobot_user=u\nrobot_password=p\nurl=https://robot.example\n"
        "[https://proxy.example/v1]\ntoken=t\nrobot_user=u\nrobot_password=p\n",
    )

    assert warned(environ={})[1] == []


def test_insecure_config_warning_is_a_config_warning() -> None:
    assert issubclass(InsecureConfigWarning, ConfigWarning)
    assert issubclass(ConfigWarning, UserWarning)


def test_mistyped_default_key_without_endpoint_is_refused(home: Path) -> None:
    path = write(
        home / ".hetznerrc", f"[default]\nendpont=hetzner-api\n[hetzner-api]\ntoken={SECRET}\n"
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConfigWarning)
        message = refusal(token="t", environ={})
    assert "No endpoint is set" in message
    assert f"unknown key 'endpont' in [default] of {path} (did you mean 'endpoint'?)" in message
    assert "'hetzner-cloud'" in message


@pytest.mark.parametrize("section", ["DEFAULT", "Default", "defualt"])
def test_a_mistyped_default_section_without_endpoint_is_refused(section: str, home: Path) -> None:
    """configparser's own [DEFAULT] is no exception: it never silently means production."""
    path = write(home / ".hetznerrc", f"[{section}]\nendpoint=hetzner-robot\n")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConfigWarning)
        message = refusal(token="t", environ={})
    assert f"unknown section [{section}] of {path} (did you mean 'default'?)" in message
    assert "'hetzner-cloud'" in message


@pytest.mark.parametrize("where", ["argument", "environment", "file"])
def test_mistyped_default_key_with_an_endpoint_only_warns(where: str, home: Path) -> None:
    write(cwd_conf(), "[default]\nendpont=hetzner-robot\n")
    if where == "file":
        write(home / ".hetzner.conf", "[default]\nendpoint=hetzner-api\n")
    environ = {"ASYNCHETZNER_ENDPOINT": "hetzner-api"} if where == "environment" else {}
    endpoint = "hetzner-api" if where == "argument" else None

    creds, messages = warned(endpoint=endpoint, token="t", environ=environ)
    assert creds.endpoint == "hetzner-api"
    assert len(messages) == 1
    assert "'endpont'" in messages[0]


def test_typo_in_explicit_config_file_warns(tmp_path: Path) -> None:
    path = write(tmp_path / "explicit.ini", "[hetzner-cloud]\ntoken=t\ntoke=x\n")

    assert warned(config_file=path)[1] == [
        f"Ignoring unknown key 'toke' in [hetzner-cloud] of {path} (did you mean 'token'?)."
    ]


# Broken config files

BROKEN_FILES = [
    pytest.param(f"[hetzner-cloud]\ntoken=ok\n{SECRET}-line\n", "line 3", id="syntax"),
    pytest.param(f"token={SECRET}\n", "line 1", id="no-section"),
    pytest.param(f"[hetzner-cloud]\ntoken={SECRET}\ntoken={SECRET}\n", "line 3", id="duplicate"),
    pytest.param(
        f"[hetzner-cloud]\n\ntoken={SECRET}\xff\n".encode("latin-1"), "line 3", id="latin1"
    ),
    pytest.param(None, "Cannot read config file", id="directory"),
]


def break_file(path: Path, content: str | bytes | None) -> Path:
    """Make path a broken config file (a directory when content is None)."""
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write(path, content)
    return path


@pytest.mark.parametrize(("content", "reason"), BROKEN_FILES)
def test_broken_file_after_every_value_is_skipped_with_a_warning(
    content: str | bytes | None, reason: str, home: Path
) -> None:
    write(cwd_conf(), "[default]\nendpoint=hetzner-cloud\n[hetzner-cloud]\ntoken=t\n")
    path = break_file(home / ".hetznerrc", content)

    creds, messages = warned(environ={})
    assert creds.token == "t"
    assert len(messages) == 1
    assert str(path) in messages[0]
    assert reason in messages[0]
    assert "Skipped it: every value was found before it." in messages[0]


@pytest.mark.parametrize(("content", "reason"), BROKEN_FILES)
def test_broken_file_is_skipped_when_arguments_give_every_value(
    content: str | bytes | None, reason: str
) -> None:
    path = break_file(cwd_conf(), content)

    creds, messages = warned(endpoint="hetzner-robot", robot_user="u", robot_password="p")
    assert creds.robot_user == "u"
    assert [str(path) in message and reason in message for message in messages] == [True]


@pytest.mark.parametrize(("content", "reason"), BROKEN_FILES)
def test_broken_file_that_is_needed_is_refused(
    content: str | bytes | None, reason: str, home: Path
) -> None:
    write(cwd_conf(), "[default]\nendpoint=hetzner-cloud\n")
    path = break_file(home / ".hetzner.conf", content)

    message = refusal(environ={})
    assert str(path) in message
    assert reason in message
    assert "It was needed: token was not found before it." in message


@pytest.mark.parametrize(("content", "reason"), BROKEN_FILES)
def test_broken_explicit_file_is_refused_even_with_every_argument(
    content: str | bytes | None, reason: str, tmp_path: Path
) -> None:
    path = break_file(tmp_path / "explicit.ini", content)

    message = refusal(endpoint="hetzner-cloud", token="t", config_file=path)
    assert str(path) in message
    assert reason in message


def test_byte_order_mark_is_accepted() -> None:
    cwd_conf().write_bytes(b"\xef\xbb\xbf[hetzner-cloud]\r\ntoken=with-bom\r\n")
    cwd_conf().chmod(0o600)

    assert resolve_credentials(environ={}).token == "with-bom"


# No home directory


@pytest.fixture
def no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset HOME and make the passwd lookup fail, as for a uid without an entry."""

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.delenv("HOME")
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises(RuntimeError):
        Path.home()


@pytest.mark.usefixtures("no_home")
def test_without_home_the_home_files_are_skipped() -> None:
    write(cwd_conf(), "[hetzner-cloud]\ntoken=from-cwd\n")

    assert config_files() == [cwd_conf(), Path("/etc/hetzner.conf")]
    assert resolve_credentials(environ={}).token == "from-cwd"
    assert resolve_credentials(endpoint="hetzner-api", token="t").token == "t"


@pytest.mark.usefixtures("no_home")
def test_without_home_the_missing_token_message_lists_what_was_looked_at() -> None:
    message = refusal(environ={})
    assert f"{cwd_conf()} (not found) [hetzner-cloud] token" in message
    assert "/etc/hetzner.conf (not found) [hetzner-cloud] token" in message
    assert "~/.hetzner.conf and ~/.hetznerrc (skipped: no home directory)" in message


def test_unset_home_falls_back_to_the_passwd_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOME")

    assert resolve_credentials(token="t", environ={}).token == "t"


def test_repeated_url_section_is_named_without_its_password() -> None:
    url = f"https://user:{SECRET}@host.example"
    write(cwd_conf(), f"[{url}]\ntoken=a\n[{url}]\n")

    message = refusal(token="t", environ={})
    assert "section 'https://***@host.example' repeated on line 3" in message
