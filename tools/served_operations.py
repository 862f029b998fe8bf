"""Print the operation ids the simulator serves, as one regular expression.

Usage: ``python tools/served_operations.py``; for example, to check the simulator's answers
against the official spec with schemathesis (a dev-time check, see docs/simulator.rst)::

    schemathesis run SPEC --url http://127.0.0.1:8080/v1 -H "Authorization: Bearer T" \\
        --include-operation-id-regex "$(python tools/served_operations.py)"

Removed kinds (their operations answer 410 on purpose) are left out.
"""

from __future__ import annotations

from asynchetzner.simulator.cloud import CLOUD
from asynchetzner.simulator.engine.routing import served


def main() -> None:
    """Print ``^(id|id|...)$`` of the served operations."""
    removed = {kind.name for kind in CLOUD.kinds if kind.removed is not None}
    ids = sorted(op.operation_id for op in served(CLOUD) if op.kind not in removed)
    print(f"^({'|'.join(ids)})$")


if __name__ == "__main__":
    main()
