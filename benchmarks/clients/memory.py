"""A client process's memory, read from the kernel (standard library only, Linux figures in KiB).

- ``current_rss_kib``: resident set size now (``/proc/self/statm``), read after the imports and
  once the client is built, then again at the end while the results are still held;
- ``peak_rss_kib``: the highest it ever was (``ru_maxrss``), and ``high_water_mark_kib`` the same
  from ``/proc/self/status`` as a cross-check.

``python -m benchmarks.clients.memory`` prints the RSS of a bare interpreter (this module is all
it imports), the baseline each client's import cost is measured from.
"""

from __future__ import annotations

import json
import os
import resource

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def current_rss_kib() -> int | None:
    """Resident set size now, or ``None`` where ``/proc`` is missing."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_KIB
    except OSError:
        return None


def peak_rss_kib() -> int:
    """Peak resident set size of this process (KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def high_water_mark_kib() -> int | None:
    """``VmHWM`` of ``/proc/self/status``: the peak again, as a cross-check (Linux only)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


if __name__ == "__main__":
    print(json.dumps({"rss_kib": current_rss_kib(), "peak_rss_kib": peak_rss_kib()}))
