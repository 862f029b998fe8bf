"""Run one client process on a job and read the JSON line it prints; measure a bare
interpreter's RSS the same way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from typing import Any

from .clients import MODULES
from .clients.common import Job
from .simulator import ROOT

CLIENT_DEADLINE = 600.0


class ClientFailed(RuntimeError):
    """A client process exited with an error or printed no result."""


_SETTINGS = ("HETZNER_", "HCLOUD_", "ASYNCHETZNER_")  # the variables that configure clients


_TRUST = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


def client_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment without Hetzner settings or CA overrides, so only the job (and
    ``extra``, the run's CA) configures clients."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(_SETTINGS) and k not in _TRUST}
    return {**kept, **(extra or {})}


def module_command(module: str) -> list[str]:
    """The command running ``client``, started by a shell rather than by this process.

    Linux carries a process's peak RSS across ``exec``, and a child spawned straight from the
    driver starts from the driver's peak; forked from ``sh`` it starts from the shell's (~1 MiB),
    so ``ru_maxrss`` is the client's own. (``"$@"; exit $?`` keeps dash from exec'ing python.)
    """
    return ["/bin/sh", "-c", '"$@"; exit $?', "sh", sys.executable, "-m", module]


def run_module(module: str, stdin: str, environment: dict[str, str] | None = None) -> Any:
    """Run ``python -m module`` in a fresh process; the last JSON line it printed."""
    with subprocess.Popen(
        module_command(module),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=client_environment(environment),
        start_new_session=True,  # its own process group: stopped whole, shell and python
    ) as process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=CLIENT_DEADLINE)
        except BaseException:  # a timeout, or the driver interrupted: leave nothing running
            os.killpg(process.pid, signal.SIGKILL)
            raise
    lines = [line for line in stdout.splitlines() if line.strip()]
    if process.returncode != 0 or not lines:
        tail = stderr.strip()[-2000:]
        raise ClientFailed(f"{module} exited with status {process.returncode}: {tail}")
    return json.loads(lines[-1])


def run_client(client: str, job: Job, environment: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``client`` on ``job`` in a fresh process (``environment`` added to its own); its
    results."""
    result: dict[str, Any] = run_module(MODULES[client], json.dumps(job), environment)
    return result


def bare_python_kib(times: int = 3) -> int | None:
    """The RSS of a bare interpreter started like a client (median of ``times``), the baseline
    of every client's import cost."""
    values = [run_module("benchmarks.clients.memory", "")["rss_kib"] for _ in range(times)]
    known = sorted(value for value in values if value is not None)
    return known[len(known) // 2] if known else None
