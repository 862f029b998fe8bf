"""Tests for the checks of asynchetzner.config: endpoint URLs."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import pytest

from asynchetzner import Client
from asynchetzner.config import resolve_credentials
from asynchetzner.exceptions import ConfigurationError

from .test_config import cwd_conf, write

pytestmark = pytest.mark.skipif(
    Path("/etc/hetzner.conf").exists(), reason="/etc/hetzner.conf exists on this machine"
)

SECRET = "s3cr3t"


def refusal(**arguments: Any) -> str:
    """Resolve, expecting a ConfigurationError; return its text, checked (and its traceback)
    to hold no secret."""
    with pytest.raises(ConfigurationError) as info:
        resolve_credentials(**arguments)
    shown = [str(info.value), repr(info.value), "".join(traceback.format_exception(info.value))]
    assert all(SECRET not in text for text in shown)
    return str(info.value)


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
