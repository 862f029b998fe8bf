"""``tools/api_changes.py``: Hetzner's changes after the spec snapshot, in the generated data."""

from __future__ import annotations

import datetime
import importlib
import json
from pathlib import Path
from types import ModuleType

import pytest

from asynchetzner.simulator.cloud import CLOUD

from .spec import load_spec

TOOLS = Path(__file__).resolve().parents[1] / "tools"


@pytest.fixture(scope="module")
def api_changes() -> ModuleType:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(TOOLS))
        return importlib.import_module("api_changes")


def test_each_change_says_when_where_and_what(api_changes: ModuleType) -> None:
    for change in api_changes.CHANGES:
        assert datetime.date.fromisoformat(change.date).year >= 2026
        method, _, path = change.operation.partition(" ")
        assert method in {"GET", "POST", "PUT", "DELETE"}
        assert path.startswith("/")
        assert change.what


def test_load_balancer_deletion_answers_its_action_in_the_data() -> None:
    responses = load_spec()["paths"]["/load_balancers/{id}"]["delete"]["responses"]
    assert "204" not in responses
    media = responses["200"]["content"]["application/json"]
    assert set(media["schema"]["properties"]) == {"action"}
    example = media["examples"]["default"]["value"]["action"]
    assert example["command"] == "delete_load_balancer"
    assert example["resources"] == [{"id": 42, "type": "load_balancer"}]
    operation = CLOUD.index.operations["DELETE /load_balancers/{id}"]
    assert (operation.status, operation.answer, operation.command) == (
        200,
        ("action",),
        "delete_load_balancer",
    )


def test_applying_twice_changes_nothing_more(api_changes: ModuleType) -> None:
    spec = load_spec()
    assert api_changes.apply_changes(spec) == spec
    assert api_changes.apply_changes(api_changes.apply_changes(spec)) == spec


def test_the_snapshot_is_left_as_it_is(api_changes: ModuleType) -> None:
    snapshot = {
        "paths": {
            "/servers/{id}": {
                "delete": {"responses": {"200": {"content": {"application/json": {}}}}}
            },
            "/load_balancers/{id}": {"delete": {"responses": {"204": {}, "4xx": {"e": 1}}}},
        }
    }
    original = json.loads(json.dumps(snapshot))
    changed = api_changes.apply_changes(snapshot)
    assert snapshot == original
    lb = changed["paths"]["/load_balancers/{id}"]["delete"]["responses"]
    assert list(lb) == ["200", "4xx"]


def test_a_change_to_a_missing_operation_is_named(api_changes: ModuleType) -> None:
    with pytest.raises(KeyError, match=r"2026-10-05 DELETE /load_balancers/\{id\}"):
        api_changes.apply_changes({"paths": {}})


def test_the_tool_writes_the_changed_spec(api_changes: ModuleType, tmp_path: Path) -> None:
    source, out = tmp_path / "spec.json", tmp_path / "out.json"
    source.write_text(json.dumps(load_spec()))
    api_changes.main([str(source), str(out)])
    assert json.loads(out.read_text()) == load_spec()
