"""What every client process shares (standard library only, so it adds nothing to peak RSS).

The job on stdin names the scenario, the endpoint and token, and the sizes; the result printed
is ``{"seconds", "cpu_seconds", "requests", "items", "rss_kib", "vmhwm_kib"}``, seconds and
CPU seconds (user and system, all threads) measured around the scenario's work only.
"""

from __future__ import annotations

import json
import resource
import sys
from typing import Any

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
    """Scenario c: the names of the servers to create (unique on the simulator)."""
    return [f"{job['prefix']}-{i}" for i in range(job["count"])]


def check(condition: bool, message: str) -> None:
    """Fail the run (non-zero exit, message on stderr) when a result is wrong."""
    if not condition:
        raise SystemExit(f"benchmark check failed: {message}")


def peak_rss_kib() -> int:
    """Peak resident set size of this process (KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def high_water_mark_kib() -> int | None:
    """``VmHWM`` of ``/proc/self/status``: the same peak, as a cross-check (Linux only)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def emit(seconds: float, cpu_seconds: float, requests: int, items: int) -> None:
    """Print the one JSON line of results the driver reads."""
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "requests": requests,
        "items": items,
        "rss_kib": peak_rss_kib(),
        "vmhwm_kib": high_water_mark_kib(),
    }
    print(json.dumps(result), flush=True)
