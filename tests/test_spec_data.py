"""The spec data the tests read (``tests/data/cloud.spec.json``) and ``tools/spec_data.py``."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from . import spec
from .spec import SPEC_PATH, error_rows, load_spec

TOOLS = Path(__file__).resolve().parents[1] / "tools"


@pytest.fixture(scope="module")
def spec_data() -> ModuleType:
    """Import ``tools/spec_data.py`` (which imports ``tools/trim_spec.py``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(TOOLS)
        return importlib.import_module("spec_data")


def test_shipped_data_is_what_the_tool_makes(spec_data: ModuleType, tmp_path: Path) -> None:
    # From the shipped data itself (the tests never read ../shared): nothing left to strip.
    out = tmp_path / "cloud.spec.json"
    spec_data.main([str(SPEC_PATH), str(out)])
    assert out.read_bytes() == SPEC_PATH.read_bytes(), "run: python tools/spec_data.py"


def test_shipped_data_has_the_operations_examples_and_error_table() -> None:
    data = load_spec()
    operations = [op for item in data["paths"].values() for op in item.values()]
    assert len(data["paths"]) > 100
    assert len({op["operationId"] for op in operations}) == len(operations)
    assert all(op["responses"] for op in operations)
    created = data["paths"]["/servers"]["post"]["responses"]["201"]["content"]["application/json"]
    assert created["examples"]["default"]["value"]["server"]["id"] == 42
    assert "public_net" in created["schema"]["properties"]["server"]["properties"]
    assert {(422, "invalid_input"), (409, "uniqueness_error"), (504, "timeout")} <= set(
        error_rows(data)
    )


def test_missing_data_stops_the_run_naming_the_tool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec.require_spec()
    monkeypatch.setattr(spec, "SPEC_PATH", tmp_path / "cloud.spec.json")
    with pytest.raises(pytest.UsageError, match=r"missing: run python tools/spec_data\.py"):
        spec.require_spec()


def test_tool_drops_prose_and_keeps_data(spec_data: ModuleType) -> None:
    example = {"description": "an example's data", "x-kept": 1}
    prop: dict[str, Any] = {"type": "string", "description": "prose", "example": "e"}
    ids = {"type": "string", "description": "ID or name of the Location."}
    source = {
        "info": {
            "title": "API",
            "version": "1",
            "description": "# Intro\n## Errors\n| `404` | `not_found` | gone |\n## End\n",
        },
        "tags": [{"name": "Servers", "description": "prose"}],
        "x-tagGroups": [],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list_things",
                    "summary": "prose",
                    "x-codeSamples": [],
                    "parameters": [{"name": "x-id", "in": "query", "description": "prose"}],
                    "responses": {
                        "200": {
                            "description": "prose",
                            "headers": {"x-correlation-id": {"description": "prose"}},
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "title": "prose",
                                        "properties": {"description": prop, "location": ids},
                                        "example": example,
                                    },
                                    "examples": {"x-one": {"summary": "prose", "value": example}},
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    schema = {"properties": {"description": {"type": "string", "example": "e"}, "location": ids}}
    assert spec_data.spec_data(source) == {
        "info": {"title": "API", "version": "1", "description": source["info"]["description"]},
        "tags": [{"name": "Servers"}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "list_things",
                    "parameters": [{"name": "x-id", "in": "query"}],
                    "responses": {
                        "200": {
                            "description": "prose",
                            "headers": {"x-correlation-id": {}},
                            "content": {
                                "application/json": {
                                    "schema": {**schema, "example": example},
                                    "examples": {"x-one": {"value": example}},
                                }
                            },
                        }
                    },
                }
            }
        },
        "x-error-codes": [[404, "not_found"]],
    }
