"""The simulator is honest about its scope: it serves every operation of the Cloud API, a method
a path does not take answers 405, and a path in no operation 404."""

from __future__ import annotations

import json

import pytest

from asynchetzner.simulator import Simulator
from asynchetzner.simulator.cloud import CLOUD
from asynchetzner.simulator.engine.routing import served

from ..conftest import raw


def test_every_operation_of_the_cloud_spec_is_served() -> None:
    """(An operation without rules would answer 501 ``not_implemented``: ``test_kinds``.)"""
    assert sorted(operation.name for operation in served(CLOUD)) == sorted(CLOUD.index.operations)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PATCH", "/servers", {"GET", "POST"}),
        ("DELETE", "/actions", {"GET"}),
        ("POST", "/servers/{id}", {"GET", "PUT", "DELETE"}),
        ("PUT", "/volumes", {"GET", "POST"}),
        # /servers/{id}/actions/{action_id} matches too, but the more specific template wins
        ("OPTIONS", "/servers/{id}/actions/poweron", {"POST"}),
        ("PUT", "/networks/{id}/actions/add_route", {"POST"}),
    ],
)
async def test_a_method_the_path_does_not_take_answers_405(
    simulator: Simulator, method: str, path: str, allowed: set[str]
) -> None:
    status, headers, body = await raw(simulator, method, path.replace("{id}", "1"))
    assert (status, headers["Content-Type"]) == (405, "application/json")
    assert set(headers["Allow"].split(",")) == allowed
    error = json.loads(body)["error"]
    assert error["code"] == "method_not_allowed"
    assert method in error["message"]


@pytest.mark.parametrize("path", ["/nothing", "/servers/1/nothing", "/servers/", "/../v2/servers"])
async def test_a_path_in_no_operation_answers_404(simulator: Simulator, path: str) -> None:
    status, headers, body = await raw(simulator, "GET", path)
    assert (status, headers["Content-Type"]) == (404, "application/json")
    error = json.loads(body)["error"]
    assert error["code"] == "not_found"
    assert "is not an operation of Hetzner's Cloud API" in error["message"]
