"""Print the operation ids the simulator serves, as one regular expression.

Usage: ``python tools/served_operations.py [--hetzner]`` (``--hetzner``: those of the Hetzner API,
Storage Boxes, served under ``/hetzner/v1``); for example, to check the simulator's answers
against the official spec with schemathesis (a dev-time check, see docs/simulator.rst)::

    schemathesis run SPEC --url http://127.0.0.1:8080/v1 -H "Authorization: Bearer T" \\
        --include-operation-id-regex "$(python tools/served_operations.py)"

Removed kinds (their operations answer 410 on purpose) are left out.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from asynchetzner.simulator.cloud import CLOUD
from asynchetzner.simulator.engine.kinds import Api
from asynchetzner.simulator.engine.routing import served
from asynchetzner.simulator.storage import STORAGE


def pattern(api: Api) -> str:
    """``^(id|id|...)$`` of the operations of ``api`` the simulator serves."""
    removed = {kind.name for kind in api.kinds if kind.removed is not None}
    ids = sorted(op.operation_id for op in served(api) if op.kind not in removed)
    return f"^({'|'.join(ids)})$"


def main(argv: Sequence[str] | None = None) -> None:
    """Print the pattern of the Cloud API's served operations, or the Hetzner API's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--hetzner", action="store_true", help="the Hetzner API's operations")
    args = parser.parse_args(argv)
    print(pattern(STORAGE if args.hetzner else CLOUD))


if __name__ == "__main__":
    main()
