"""List the operations of Hetzner's Cloud API for the simulator, from the official OpenAPI document.

Usage: ``python tools/list_operations.py [SPEC] [OUT]``. OUT (``operations.json`` of the simulator
by default) becomes a sorted JSON array of ``"<METHOD> <path template>"``, nothing else: the
simulator answers an operation it does not serve with ``501 not_implemented``, and a path in no
operation with ``404 not_found``, without reading the spec at run time.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "hetzner" / "cloud.spec.json"
DEFAULT_OUT = ROOT / "asynchetzner" / "simulator" / "operations.json"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations(spec: Mapping[str, Any]) -> list[str]:
    """Every operation of ``spec``, as ``"GET /servers/{id}"``, sorted."""
    return sorted(
        f"{method.upper()} {path}"
        for path, item in spec["paths"].items()
        for method in METHODS
        if method in item
    )


def render(spec: Mapping[str, Any]) -> str:
    """The text of the operations file: one operation a line, so that changes read well."""
    return json.dumps(operations(spec), indent=0) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """Write the operations of SPEC to OUT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec", nargs="?", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    args.out.write_text(render(spec), encoding="utf-8")


if __name__ == "__main__":
    main()
