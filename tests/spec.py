"""Where the official Hetzner Cloud spec is: ``$HETZNER_CLOUD_SPEC``, else ``shared/hetzner``
beside the repository (the package never reads it; tests check against it when it is there)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

SPEC_PATH = Path(
    os.environ.get("HETZNER_CLOUD_SPEC")
    or Path(__file__).resolve().parents[2] / "shared" / "hetzner" / "cloud.spec.json"
)


def load_spec() -> dict[str, Any] | None:
    """The spec, or ``None`` when it is not there."""
    return json.loads(SPEC_PATH.read_text(encoding="utf-8")) if SPEC_PATH.is_file() else None


def error_rows(spec: dict[str, Any]) -> list[tuple[int, str]]:
    """The ``(status, code)`` rows of the error table in the spec's ``## Errors`` section."""
    description = spec["info"]["description"]
    section = description[description.index("## Errors") :]
    section = section[: section.index("\n## ", 1)]
    row = re.compile(r"^\|\s*`?(\d{3})`?\s*\|\s*`?([a-z_]+)`?\s*\|", re.MULTILINE)
    return [(int(status), code) for status, code in row.findall(section)]
