"""The simulator in its own process: started per scenario, stopped with SIGTERM, always."""

from __future__ import annotations

import secrets
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .tls import TLSFiles

ROOT = Path(__file__).resolve().parent.parent
RATE_LIMIT = 1_000_000_000  # requests per hour: the budget never interferes
START_DEADLINE = 30.0
STOP_DEADLINE = 10.0


@dataclass(frozen=True)
class Endpoint:
    """Where a running simulator listens, and the token it accepts."""

    url: str
    token: str
    ca_bundle: Path | None = None  # the CAs to trust over HTTPS


def command(
    action_seconds: float, faults: str, token: str, tls: TLSFiles | None = None
) -> list[str]:
    """The simulator's command line (any free loopback port; HTTPS with ``tls``)."""
    arguments = [
        sys.executable,
        "-m",
        "asynchetzner.simulator",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--token",
        token,
        "--action-seconds",
        str(action_seconds),
        "--rate-limit",
        str(RATE_LIMIT),
    ]
    if faults:
        arguments += ["--faults", faults]
    if tls is not None:
        arguments += ["--certfile", str(tls.certfile), "--keyfile", str(tls.keyfile)]
    return arguments


def _printed_lines(process: subprocess.Popen[bytes], names: set[str]) -> dict[str, str]:
    """The ``NAME=value`` lines the simulator prints, up to the last of ``names``."""
    assert process.stdout is not None
    printed: dict[str, str] = {}
    deadline = time.monotonic() + START_DEADLINE
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while not names <= printed.keys():
            if not selector.select(max(0.0, deadline - time.monotonic())):
                raise RuntimeError(f"the simulator printed nothing in {START_DEADLINE:g} s")
            line = process.stdout.readline().decode()
            if not line:
                raise RuntimeError(f"the simulator exited with status {process.wait()}")
            name, _, value = line.strip().partition("=")
            printed[name] = value
    return printed


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the simulator with SIGTERM; kill it if it does not exit in time."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


@contextmanager
def simulator(
    action_seconds: float, faults: str = "", tls: TLSFiles | None = None
) -> Iterator[Endpoint]:
    """Run a fresh simulator for the duration of the block (over HTTPS with ``tls``)."""
    token = secrets.token_hex(16)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command(action_seconds, faults, token, tls),
            stdout=subprocess.PIPE,
            stderr=errors,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            bufsize=0,  # unbuffered: select() then sees every line still unread
        )
        try:
            try:
                printed = _printed_lines(process, {"HCLOUD_ENDPOINT", "HCLOUD_TOKEN"})
            except RuntimeError as error:
                errors.seek(0)
                tail = errors.read().decode(errors="replace")[-2000:]
                raise RuntimeError(f"{error}; its stderr:\n{tail}") from None
            bundle = None if tls is None else tls.ca_bundle
            yield Endpoint(printed["HCLOUD_ENDPOINT"], printed["HCLOUD_TOKEN"], bundle)
        finally:
            _stop(process)
