"""Tests for the API families in asynchetzner.config: each family's base URL and credentials, and
the errors of a family that cannot be used, raised when it is used."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from asynchetzner.config import (
    ENDPOINTS,
    FAMILIES,
    Configuration,
    ConfigWarning,
    Credentials,
    Family,
    resolve_configuration,
)
from asynchetzner.exceptions import ConfigurationError, MissingCredentials

from .test_config import cwd_conf, write

pytestmark = [
    pytest.mark.filterwarnings("error::asynchetzner.config.ConfigWarning"),
    pytest.mark.skipif(
        Path("/etc/hetzner.conf").exists(), reason="/etc/hetzner.conf exists on this machine"
    ),
]

SIM = "http://127.0.0.1:8001/v1"
SECRET = "s3cr3t"


def resolve(**arguments: Any) -> Configuration:
    """Resolve with an empty environment unless one is given."""
    arguments.setdefault("environ", {})
    return resolve_configuration(**arguments)


def test_the_family_table_says_where_each_family_is_and_keeps_its_actions() -> None:
    assert {
        "hetzner-cloud": Family(
            "hetzner-cloud", "https://api.hetzner.cloud/v1", "bearer", "/actions"
        ),
        "hetzner-api": Family(
            "hetzner-api", "https://api.hetzner.com/v1", "bearer", "/storage_boxes/actions"
        ),
        "hetzner-robot": Family("hetzner-robot", "https://robot-ws.your-server.de", "basic", None),
    } == FAMILIES
    assert {name: family.default_url for name, family in FAMILIES.items()} == ENDPOINTS


def test_one_client_holds_every_family_s_credentials() -> None:
    configuration = resolve(token="t", robot_user="#ws+u", robot_password=SECRET)

    assert configuration.generic == Credentials(
        "hetzner-cloud", ENDPOINTS["hetzner-cloud"], "bearer", "t"
    )
    assert configuration.family("hetzner-api") == Credentials(
        "hetzner-api", ENDPOINTS["hetzner-api"], "bearer", "t"
    )
    assert configuration.family("hetzner-robot") == Credentials(
        "hetzner-robot",
        ENDPOINTS["hetzner-robot"],
        "basic",
        robot_user="#ws+u",
        robot_password=SECRET,
    )
    assert configuration.base_urls == ENDPOINTS
    assert SECRET not in repr(configuration)


def test_a_family_without_credentials_fails_when_used_not_before() -> None:
    configuration = resolve(token="t")

    for _ in range(2):  # each use raises a fresh error
        with pytest.raises(ConfigurationError) as info:
            configuration.family("hetzner-robot")
        assert info.value is not configuration.families["hetzner-robot"]
    message = str(info.value)
    assert message.startswith("No robot_user and robot_password for endpoint 'hetzner-robot'.")
    assert f"{cwd_conf()} (not found) [hetzner-robot] robot_user, robot_password" in message
    assert "Pass robot_user and robot_password as arguments" in message


def test_a_robot_only_user_needs_no_token() -> None:
    configuration = resolve(endpoint="hetzner-robot", robot_user="u", robot_password="p")

    assert configuration.generic.auth == "basic"
    with pytest.raises(ConfigurationError, match="No token for endpoint 'hetzner-cloud'"):
        configuration.family("hetzner-cloud")


def test_the_endpoint_s_missing_credentials_fail_at_once() -> None:
    with pytest.raises(ConfigurationError, match="No robot_user and robot_password"):
        resolve(endpoint="hetzner-robot", token="t")


def test_a_robot_value_unfit_for_a_header_fails_when_robot_is_used() -> None:
    configuration = resolve(
        environ={"HETZNER_TOKEN": "t", "HETZNER_ROBOT_USER": "u\x01", "HETZNER_ROBOT_PASSWORD": "p"}
    )

    assert configuration.generic.token == "t"
    with pytest.raises(ConfigurationError, match="not allowed in an HTTP header"):
        configuration.family("hetzner-robot")


# hetzner-api uses the project token unless given its own


@pytest.mark.parametrize(
    ("cwd", "home", "environ", "expected"),
    [
        ("[hetzner-cloud]\ntoken=cloud\n", "", {}, "cloud"),
        ("[hetzner-cloud]\ntoken=cloud\n[hetzner-api]\ntoken=api\n", "", {}, "api"),
        ("[hetzner-cloud]\ntoken=cloud\n", "[hetzner-api]\ntoken=api\n", {}, "api"),
        ("[hetzner-api]\ntoken=api\n", "", {"HCLOUD_TOKEN": "env"}, "api"),
        ("[hetzner-cloud]\ntoken=cloud\n", "", {"HCLOUD_TOKEN": "env"}, "env"),
    ],
    ids=[
        "cloud-token",
        "own-token",
        "own-token-in-a-lower-file",
        "own-token-beats-the-project-token",
        "environment-beats-the-cloud-section",
    ],
)
def test_hetzner_api_uses_the_cloud_token_unless_given_its_own(
    cwd: str, home: str, environ: dict[str, str], expected: str, isolated_config: Path
) -> None:
    write(cwd_conf(), cwd)
    if home:
        write(isolated_config / "home" / ".hetzner.conf", home)

    configuration = resolve(environ=environ)
    assert configuration.family("hetzner-api").token == expected
    assert configuration.generic.token == ("env" if environ else "cloud")


def test_hetzner_api_without_any_token_names_both_sections() -> None:
    configuration = resolve(endpoint="hetzner-robot", robot_user="u", robot_password="p")

    with pytest.raises(ConfigurationError) as info:
        configuration.family("hetzner-api")
    message = str(info.value)
    assert message.startswith("No token for endpoint 'hetzner-api'.")
    assert f"{cwd_conf()} (not found) [hetzner-api] or [hetzner-cloud] token" in message
    assert "put it under [hetzner-api] in a config file" in message


# Base URLs


def test_url_in_a_family_section_sets_that_family_s_base_url() -> None:
    write(
        cwd_conf(),
        f"[hetzner-cloud]\ntoken=t\n[hetzner-api]\nurl={SIM}/\n"
        "[hetzner-robot]\nurl=http://127.0.0.1:8002\nrobot_user=u\nrobot_password=p\n",
    )

    configuration = resolve()
    assert configuration.base_urls == {
        "hetzner-cloud": ENDPOINTS["hetzner-cloud"],
        "hetzner-api": SIM,
        "hetzner-robot": "http://127.0.0.1:8002",
    }
    assert configuration.family("hetzner-api").base_url == SIM
    assert configuration.family("hetzner-robot").base_url == "http://127.0.0.1:8002"
    assert configuration.generic.base_url == ENDPOINTS["hetzner-cloud"]


def test_base_urls_argument_wins_over_the_files_and_moves_the_endpoint_too() -> None:
    write(cwd_conf(), "[hetzner-api]\nurl=https://file.example/v1\ntoken=t\n")

    configuration = resolve(endpoint="hetzner-api", base_urls={"hetzner-api": SIM})
    assert configuration.base_urls["hetzner-api"] == SIM
    assert configuration.generic == Credentials("hetzner-api", SIM, "bearer", "t")


def test_an_endpoint_url_is_the_cloud_family_s_base_url_with_its_credentials() -> None:
    write(cwd_conf(), f"[{SIM}]\ntoken=sim-token\n[hetzner-cloud]\ntoken={SECRET}\n")

    configuration = resolve(endpoint=SIM)
    assert configuration.family("hetzner-cloud") == Credentials(
        "hetzner-cloud", SIM, "bearer", "sim-token"
    )
    assert configuration.base_urls["hetzner-cloud"] == SIM
    assert configuration.base_urls["hetzner-api"] == ENDPOINTS["hetzner-api"]


def test_an_endpoint_url_with_robot_credentials_is_the_robot_family_s() -> None:
    configuration = resolve(endpoint=SIM, robot_user="u", robot_password="p")

    assert configuration.family("hetzner-robot").base_url == SIM
    assert configuration.base_urls["hetzner-cloud"] == ENDPOINTS["hetzner-cloud"]


def test_a_family_url_set_on_its_own_wins_over_the_endpoint_url() -> None:
    write(cwd_conf(), "[hetzner-cloud]\nurl=http://127.0.0.1:9000/v1\ntoken=cloud\n")

    configuration = resolve(endpoint=SIM, token="sim")
    assert configuration.generic.base_url == SIM
    assert configuration.family("hetzner-cloud") == Credentials(
        "hetzner-cloud", "http://127.0.0.1:9000/v1", "bearer", "sim"
    )


@pytest.mark.parametrize(
    ("arguments", "file_text", "expected"),
    [
        (
            {"base_urls": {"hetzner-clod": SIM}},
            "",
            "Unknown API family 'hetzner-clod' in base_urls",
        ),
        (
            {"base_urls": {"hetzner-api": "hetzner-robot"}},
            "",
            "argument base_urls['hetzner-api'] holds the endpoint name 'hetzner-robot', but it is "
            "the base URL of hetzner-api; to choose where generic calls go, set "
            "ASYNCHETZNER_ENDPOINT=hetzner-robot or pass endpoint='hetzner-robot'.",
        ),
        (
            {},
            "[hetzner-api]\nurl=http://api.example/v1\n",
            "Base URL of hetzner-api 'http://api.example/v1' (from {} [hetzner-api] url) uses "
            "plain http://",
        ),
        (
            {},
            f"[hetzner-robot]\nurl=https://user:{SECRET}@robot.example\n",
            "Base URL of hetzner-robot 'https://***@robot.example' (from {} [hetzner-robot] url) "
            "contains user info",
        ),
        ({}, "[hetzner-cloud]\nurl=api.hetzner.cloud\n", "is not an absolute http:// or https://"),
    ],
)
def test_an_unusable_base_url_fails_at_once(
    arguments: dict[str, Any], file_text: str, expected: str
) -> None:
    if file_text:
        write(cwd_conf(), file_text)

    with pytest.raises(ConfigurationError) as info:
        resolve(token="t", **arguments)
    assert expected.format(cwd_conf()) in str(info.value)
    assert SECRET not in str(info.value)


def test_allow_plain_http_covers_the_family_urls() -> None:
    url = "http://proxy.internal/v1"
    configuration = resolve(token="t", base_urls={"hetzner-api": url}, allow_plain_http=True)
    assert configuration.base_urls["hetzner-api"] == url


# Broken files


def test_a_broken_file_only_a_family_needs_fails_that_family(isolated_config: Path) -> None:
    write(cwd_conf(), "[default]\nendpoint=hetzner-cloud\n[hetzner-cloud]\ntoken=t\n")
    broken = write(isolated_config / "home" / ".hetznerrc", "no section\n")

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        configuration = resolve()
    assert configuration.generic.token == "t"
    assert [str(broken) in str(item.message) for item in record] == [True]
    assert issubclass(record[0].category, ConfigWarning)
    with pytest.raises(ConfigurationError) as info:
        configuration.family("hetzner-robot")
    assert str(broken) in str(info.value)
    assert "It was needed: robot_user was not found before it." in str(info.value)


def test_missing_credentials_say_what_is_missing_and_where_it_goes(tmp_path: Path) -> None:
    with pytest.raises(MissingCredentials) as no_token:
        resolve()
    assert (no_token.value.keys, no_token.value.section) == (("token",), "hetzner-cloud")
    assert no_token.value.config_file is None
    configuration = resolve(token="t")
    with pytest.raises(MissingCredentials) as no_robot:  # raised anew each time it is used
        configuration.family("hetzner-robot")
    assert no_robot.value.keys == ("robot_user", "robot_password")
    assert no_robot.value.section == "hetzner-robot"
    only = write(tmp_path / "only.conf", f"[default]\nendpoint={SIM}\n")
    with pytest.raises(MissingCredentials) as in_file:
        resolve(config_file=only)
    assert (in_file.value.section, in_file.value.config_file) == (SIM, str(only))
    assert in_file.value.keys == ("token", "robot_user", "robot_password")
