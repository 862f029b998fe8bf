"""Tests for the checks of asynchetzner.config: endpoint URLs and typos in config files."""

from __future__ import annotations

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
        arguments["environ"] = {"HETZNER_ENDPOINT": url}
    else:
        write(cwd_conf(), f"[default]\nendpoint={url}\n")

    message = refusal(**arguments)
    assert expected in message
    assert {"argument": "argument endpoint=", "environment": "HETZNER_ENDPOINT"}.get(
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
            "[hetzner-cloud]\ntoken=t\n[Default]\nendpoint=hetzner-cloud\n",
            "unknown section [Default] of {} (did you mean 'default'?)",
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
        "[hetzner-cloud]\ntoken=t\n[hetzner-api]\ntoken=t\n"
        "[hetzner-robot]\nrobot_user=u\nrobot_password=p\n"
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


@pytest.mark.parametrize("where", ["argument", "environment", "file"])
def test_mistyped_default_key_with_an_endpoint_only_warns(where: str, home: Path) -> None:
    write(cwd_conf(), "[default]\nendpont=hetzner-robot\n")
    if where == "file":
        write(home / ".hetzner.conf", "[default]\nendpoint=hetzner-api\n")
    environ = {"HETZNER_ENDPOINT": "hetzner-api"} if where == "environment" else {}
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
