"""The simulator is honest about its scope: an operation of the API it does not serve answers
501, a method a path does not take 405, and a path in no operation 404."""

from __future__ import annotations

import json

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.cloud import CLOUD
from asynchetzner.simulator.engine.routing import served

from ...conftest import NO_RETRY
from ..conftest import AnswerChecker, raw


def test_the_kinds_registered_serve_their_operations() -> None:
    names = {operation.name for operation in served(CLOUD)}
    assert {"GET /servers", "POST /servers/{id}/actions/poweron", "GET /datacenters"} <= names
    assert "GET /load_balancers" not in names


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [
        ("GET", "/load_balancers", "GET /load_balancers"),
        ("POST", "/load_balancers", "POST /load_balancers"),
        ("GET", "/load_balancers/7", "GET /load_balancers/{id}"),
        ("DELETE", "/load_balancers/3", "DELETE /load_balancers/{id}"),
        (
            "POST",
            "/load_balancers/1/actions/add_target",
            "POST /load_balancers/{id}/actions/add_target",
        ),
        ("GET", "/load_balancers/1/metrics", "GET /load_balancers/{id}/metrics"),
    ],
)
async def test_an_operation_not_served_answers_501_naming_it(
    simulator: Simulator, answer_checker: AnswerChecker, method: str, path: str, operation: str
) -> None:
    status, headers, body = await raw(simulator, method, path)
    assert (status, headers["Content-Type"]) == (501, "application/json")
    assert json.loads(body)["error"] == {
        "code": "not_implemented",
        "message": f"{operation} is an operation of Hetzner's Cloud API that the asynchetzner "
        "simulator does not serve yet",
        "details": None,
    }
    assert answer_checker.checked == 1  # and found nothing wrong with it (at teardown)
    assert simulator.project.requests[operation] == 1


async def test_ignoring_not_found_cannot_pass_over_an_operation_not_served(
    simulator: Simulator,
) -> None:
    async with simulator.client(retry=NO_RETRY) as client:
        with pytest.raises(asynchetzner.APIError) as caught:
            await client.delete("/load_balancers/12")
    assert not isinstance(caught.value, asynchetzner.NotFoundError)
    assert (caught.value.status, caught.value.code) == (501, "not_implemented")


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
