"""Tests that asynchetzner.config gives the variables of Hetzner's own tools (the hcloud CLI,
hcloud-go, hcloud-python) their official meanings, and reads its own endpoint selector from
ASYNCHETZNER_ENDPOINT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from asynchetzner.config import ENDPOINTS, Configuration, resolve_configuration
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
