"""The engine serving a made-up API from its index and small declarations: a kind, its actions
and action reads, and a sub-collection whose items two path parameters name."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from asynchetzner.simulator.engine.entities import Entity
from asynchetzner.simulator.engine.kinds import Api, Body, Change, Created, Kind
from asynchetzner.simulator.engine.project import Project
from asynchetzner.simulator.engine.routing import create_app, served

from ..conftest import import_tool
from . import tiny_api

TOKEN = "secret"


def create_box(project: Project, body: Body, parent: Entity | None) -> Created:
    box = {"id": project.store.next_id("box"), "name": body["name"], "status": "closed"}
    return Created(
        {**box, "labels": body.get("labels", {})}, project.store.start_action("create_box", [])
    )


def open_box(project: Project, box: Entity, body: Body) -> Change:
    return Change(during="opening", final="open")


def create_slot(project: Project, body: Body, parent: Entity | None) -> Created:
    return Created(
        {"id": project.store.next_id("slot"), "name": body["name"], "type": body["type"]}
    )


def fill_slot(project: Project, slot: Entity, body: Body) -> Change:
    def filled() -> None:
        slot["full"] = True

    return Change(filled)


BOXES = Kind("boxes", create=create_box, actions={"open": open_box})
SLOTS = Kind(
    "box_slots",
    create=create_slot,
    actions={"fill": fill_slot},
    fields={"slot_name": "name", "slot_type": "type"},
)


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Api:
    """The made-up API as a package of its own, with the data the tools make from its spec."""
    package = tmp_path / "tiny_api_data"
    package.mkdir()
    (package / "__init__.py").write_text("")
    spec = tiny_api.spec()
    index = import_tool("operation_index").Indexer(spec).index()
    (package / "operations.json").write_text(json.dumps(index))
    (package / "requests.json").write_text(json.dumps(import_tool("trim_spec").trim(spec)))
    # Each kind in a module of its own, found by the Api; the sub-collection's module sorts
    # first, so binding must wait for its parent.
    (package / "a_slots.py").write_text(f"from {__name__} import SLOTS as KIND\n")
    (package / "boxes.py").write_text(f"from {__name__} import BOXES as KIND\n")
    (package / "helpers.py").write_text("NOT_A_KIND = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    api = Api("the Tiny API", "tiny_api_data")
    assert api.kinds == [SLOTS, BOXES]
    return api


@pytest.fixture
async def http(api: Api) -> AsyncIterator[TestClient[Any, Any]]:
    project = Project(token=TOKEN)
    project.store.action_seconds = 0.0
    async with TestClient(TestServer(create_app(project, api))) as client:
        yield client


async def call(
    http: TestClient[Any, Any], method: str, path: str, body: Any = None
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with http.request(method, "/v1" + path, json=body, headers=headers) as response:
        text = await response.text()
        return response.status, json.loads(text) if text else None


def test_the_declarations_serve_every_operation_they_have_rules_for(api: Api) -> None:
    assert sorted(op.name for op in served(api)) == sorted(
        name
        for name in api.index.operations
        if name not in ("GET /boxes/{id_or_name}/contents", "GET /status")
    )


async def test_a_kind_is_listed_created_fetched_updated_and_deleted(
    http: TestClient[Any, Any],
) -> None:
    status, created = await call(http, "POST", "/boxes", {"name": "a", "labels": {"k": "v"}})
    assert status == 201
    assert created["box"] == {"id": 1, "name": "a", "status": "closed", "labels": {"k": "v"}}
    assert created["action"]["command"] == "create_box"
    await call(http, "POST", "/boxes", {"name": "b"})
    assert (await call(http, "POST", "/boxes", {"name": "a"}))[0] == 409
    assert (await call(http, "POST", "/boxes", {"name": "c", "size": 1}))[0] == 422
    assert (await call(http, "POST", "/boxes", {"name": ""}))[0] == 422  # never empty

    _, page = await call(http, "GET", "/boxes?sort=name:desc&label_selector=!k")
    assert [box["name"] for box in page["boxes"]] == ["b"]
    assert (await call(http, "GET", "/boxes?name=a"))[1]["boxes"] == [created["box"]]
    assert (await call(http, "PUT", "/boxes/1", {"name": "c"}))[1]["box"]["name"] == "c"
    assert (await call(http, "GET", "/boxes/c"))[1]["box"]["id"] == 1  # {id_or_name}
    assert (await call(http, "GET", "/boxes/a"))[0] == 404
    assert await call(http, "DELETE", "/boxes/1") == (204, None)
    assert (await call(http, "GET", "/boxes/1"))[0] == 404


async def test_actions_take_their_command_from_the_index_and_can_be_read(
    http: TestClient[Any, Any],
) -> None:
    await call(http, "POST", "/boxes", {"name": "a"})
    status, opened = await call(http, "POST", "/boxes/1/actions/open")
    assert status == 201
    action = opened["action"]
    assert (action["command"], action["resources"]) == ("open_box", [{"id": 1, "type": "box"}])
    assert (await call(http, "GET", "/boxes/1"))[1]["box"]["status"] == "open"
    assert (await call(http, "GET", f"/boxes/1/actions/{action['id']}"))[1]["action"]["id"] == (
        action["id"]
    )
    assert (await call(http, "GET", f"/boxes/actions/{action['id']}"))[0] == 200
    _, listed = await call(http, "GET", "/boxes/1/actions")
    assert [a["command"] for a in listed["actions"]] == ["open_box"]
    assert (await call(http, "GET", "/boxes/2/actions"))[0] == 404


async def test_a_sub_collection_is_served_from_its_path_templates(
    http: TestClient[Any, Any],
) -> None:
    for name in ("a", "b"):
        await call(http, "POST", "/boxes", {"name": name})
    status, created = await call(http, "POST", "/boxes/1/slots", {"name": "www", "type": "A"})
    assert (status, created["slot"]["name"]) == (201, "www")
    assert (await call(http, "POST", "/boxes/2/slots", {"name": "www", "type": "A"}))[0] == 201
    assert (await call(http, "POST", "/boxes/1/slots", {"name": "www", "type": "B"}))[0] == 409
    assert (await call(http, "POST", "/boxes/9/slots", {"name": "www", "type": "A"}))[0] == 404

    _, slot = await call(http, "GET", "/boxes/b/slots/www/A")
    assert slot["slot"] == {"id": 2, "name": "www", "type": "A"}
    assert (await call(http, "GET", "/boxes/2/slots/www/B"))[0] == 404
    _, listed = await call(http, "GET", "/boxes/1/slots")
    assert [s["id"] for s in listed["slots"]] == [1]

    status, filled = await call(http, "POST", "/boxes/2/slots/www/A/actions/fill")
    assert (status, filled["action"]["command"]) == (201, "fill_slot")
    assert filled["action"]["resources"] == [{"id": 2, "type": "slot"}]
    assert (await call(http, "DELETE", "/boxes/2/slots/www/A"))[0] == 204
    assert (await call(http, "GET", "/boxes/2/slots/www/A"))[0] == 404


async def test_operations_without_rules_answer_501_and_wrong_methods_405(
    http: TestClient[Any, Any],
) -> None:
    await call(http, "POST", "/boxes", {"name": "a"})
    status, body = await call(http, "GET", "/boxes/1/contents")
    assert (status, body["error"]["code"]) == (501, "not_implemented")
    assert body["error"]["message"].startswith(
        "GET /boxes/{id_or_name}/contents is an operation of the Tiny"
    )
    assert (await call(http, "GET", "/status"))[0] == 501
    assert (await call(http, "PATCH", "/boxes"))[0] == 405
    status, body = await call(http, "GET", "/nothing")
    assert status == 404
    assert "is not an operation of the Tiny API" in body["error"]["message"]
