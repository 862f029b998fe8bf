"""Where the official Hetzner Cloud spec is: ``$HETZNER_CLOUD_SPEC``, else ``shared/hetzner``
beside the repository (the package never reads it; tests check against it when it is there)."""

from __future__ import annotations

import os
from pathlib import Path

SPEC_PATH = Path(
    os.environ.get("HETZNER_CLOUD_SPEC")
    or Path(__file__).resolve().parents[2] / "shared" / "hetzner" / "cloud.spec.json"
)
