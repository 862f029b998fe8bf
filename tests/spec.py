"""The Hetzner Cloud spec the tests check against: ``tests/data/cloud.spec.json``, the data of the
official OpenAPI document without its prose, made by ``python tools/spec_data.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SPEC_PATH = Path(__file__).resolve().parent / "data" / "cloud.spec.json"
HETZNER_SPEC_PATH = SPEC_PATH.with_name("hetzner.spec.json")
"""The Hetzner API's (Storage Boxes), made by ``python tools/spec_data.py --hetzner``."""


def require_spec() -> None:
    """Stop the test run, saying how to make the spec data, when it is missing."""
    if not SPEC_PATH.is_file():
        raise pytest.UsageError(f"{SPEC_PATH} is missing: run python tools/spec_data.py")


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The spec data (the Cloud API's, by default), its OpenAPI 3.0 ``nullable: true`` read as
    JSON Schema's ``null`` type (as OpenAPI 3.1 writes it), so validators take ``null`` there."""
    return nullable_as_type(json.loads(path.read_text(encoding="utf-8")))  # type: ignore[no-any-return]


def nullable_as_type(node: Any) -> Any:
    """``node`` with each schema saying ``nullable: true`` typed ``[its type, "null"]``."""
    if isinstance(node, list):
        return [nullable_as_type(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: nullable_as_type(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True and isinstance(node.get("type"), str):
        out["type"] = [node["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    elif "nullable" in node:
        out["nullable"] = node["nullable"]
    return out


def error_rows(spec: dict[str, Any]) -> list[tuple[int, str]]:
    """The ``(status, code)`` rows of the spec's error table."""
    return [(status, code) for status, code in spec["x-error-codes"]]
