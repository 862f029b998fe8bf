"""What every client process shares (standard library only, so it adds nothing to peak RSS).

The job on stdin names the scenario, the endpoint and token, and the sizes; the result printed
is ``{"seconds", "cpu_seconds", "requests", "items", "after_imports_kib", "peak_rss_kib",
"held_rss_kib", "vmhwm_kib"}``: seconds and CPU seconds (user and system, all threads) measured
around the scenario's work only; memory as ``memory`` reads it (``after_imports_kib`` once the
client library is imported and the client built, ``held_rss_kib`` at the end with every result
still referenced).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sized
from typing import Any

from .memory import current_rss_kib, high_water_mark_kib, peak_rss_kib

Job = dict[str, Any]
SERVER_TYPE = "cx23"
IMAGE = "ubuntu-24.04"
ACTION_IDS_PER_REQUEST = 25
POLL_INTERVAL = 0.5


def read_job() -> Job:
    """The job the driver wrote on stdin."""
    job: Job = json.load(sys.stdin)
    return job


def targets(job: Job) -> list[int]:
    """Scenario a: the server ids to get, cycling through the pool, ``requests`` in all."""
    ids: list[int] = job["ids"]
    return [ids[i % len(ids)] for i in range(job["requests"])]


def server_names(job: Job) -> list[str]:
    """Scenarios c and f: the names of the servers to create (unique on the simulator)."""
    return [f"{job['prefix']}-{i}" for i in range(job["count"])]


def check(condition: bool, message: str) -> None:
    """Fail the run (non-zero exit, message on stderr) when a result is wrong."""
    if not condition:
        raise SystemExit(f"benchmark check failed: {message}")


def emit(
    seconds: float, cpu_seconds: float, requests: int, held: Sized, after_imports_kib: int | None
) -> None:
    """Print the one JSON line of results the driver reads; ``held`` (the scenario's results)
    is still referenced while the RSS is read, and its length is the items count."""
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "requests": requests,
        "items": len(held),
        "after_imports_kib": after_imports_kib,
        "held_rss_kib": current_rss_kib(),
        "peak_rss_kib": peak_rss_kib(),
        "vmhwm_kib": high_water_mark_kib(),
    }
    print(json.dumps(result), flush=True)
