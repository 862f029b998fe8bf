"""The Hetzner Cloud spec the tests check against: ``tests/data/cloud.spec.json``, the data of the
official OpenAPI document without its prose, made by ``python tools/spec_data.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SPEC_PATH = Path(__file__).resolve().parent / "data" / "cloud.spec.json"


def require_spec() -> None:
    """Stop the test run, saying how to make the spec data, when it is missing."""
    if not SPEC_PATH.is_file():
        raise pytest.UsageError(f"{SPEC_PATH} is missing: run python tools/spec_data.py")


def load_spec() -> dict[str, Any]:
    """The spec data."""
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def error_rows(spec: dict[str, Any]) -> list[tuple[int, str]]:
    """The ``(status, code)`` rows of the spec's error table."""
    return [(status, code) for status, code in spec["x-error-codes"]]
