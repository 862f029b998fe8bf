"""Run one client process on a job and read the JSON line it prints."""

from __future__ import annotations

import json
import os
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


def client_environment() -> dict[str, str]:
    """The caller's environment without Hetzner settings, so only the job configures clients."""
    return {k: v for k, v in os.environ.items() if not k.startswith(_SETTINGS)}


def client_command(client: str) -> list[str]:
    """The command running ``client``, started by a shell rather than by this process.

    Linux carries a process's peak RSS across ``exec``, and a child spawned straight from the
    driver starts from the driver's peak; forked from ``sh`` it starts from the shell's (~1 MiB),
    so ``ru_maxrss`` is the client's own. (``"$@"; exit $?`` keeps dash from exec'ing python.)
    """
    return ["/bin/sh", "-c", '"$@"; exit $?', "sh", sys.executable, "-m", MODULES[client]]


def run_client(client: str, job: Job) -> dict[str, Any]:
    """Run ``client`` on ``job`` in a fresh process; its results."""
    completed = subprocess.run(
        client_command(client),
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=client_environment(),
        timeout=CLIENT_DEADLINE,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    if completed.returncode != 0 or not lines:
        tail = completed.stderr.strip()[-2000:]
        raise ClientFailed(f"{client} exited with status {completed.returncode}: {tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result
