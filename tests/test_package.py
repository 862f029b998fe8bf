"""The package as a user imports it: no I/O at import, the contract's names, typing marker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import asynchetzner

AUDIT_IMPORT = """
import json, sys
events = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and "hetzner" in args[0].rsplit("/", 1)[-1]:
        if not args[0].endswith((".py", ".pyc")):
            events.append([event, args[0]])
    if event.startswith("socket."):
        events.append([event, repr(args)])
sys.addaudithook(hook)
import asynchetzner
print(json.dumps(events))
"""


def test_import_reads_no_config_and_opens_no_socket(tmp_path: Path) -> None:
    (tmp_path / "hetzner.conf").write_text("[default]\nendpoint=hetzner-cloud\n")
    result = subprocess.run(
        [sys.executable, "-c", AUDIT_IMPORT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"HOME": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert json.loads(result.stdout) == []


LAZY = (
    "asynchetzner.robot",
    "asynchetzner.cli",
    "asynchetzner.simulator",
    "configparser",
    "difflib",
    "tomllib",
    "dns",
)


def test_import_leaves_what_a_plain_client_call_never_needs() -> None:
    """Robot, the CLI, the simulator, config file parsers and dnspython load on first use."""
    code = "import sys, asynchetzner; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(__file__).parents[1])},
    )
    loaded = result.stdout.split()
    assert [
        name for name in loaded if any(name == m or name.startswith(m + ".") for m in LAZY)
    ] == []


async def test_client_robot_loads_robot_on_first_use() -> None:
    async with asynchetzner.Client("http://127.0.0.1:9/v1", "token") as client:
        assert type(client.robot).__module__.startswith("asynchetzner.robot")
        assert client.robot is client.robot


def test_contract_names_are_exported() -> None:
    for name in (
        "Client",
        "ENDPOINTS",
        "RetryPolicy",
        "RateLimit",
        "HetznerError",
        "ConfigurationError",
        "TransportError",
        "InvalidResponse",
        "APIError",
        "AuthenticationError",
        "ForbiddenError",
        "NotFoundError",
        "ConflictError",
        "LockedError",
        "ProtectedError",
        "InvalidInputError",
        "ResourceLimitExceeded",
        "RateLimitExceeded",
        "ServerError",
        "DeprecatedEndpoint",
        "ActionFailed",
        "WaitTimeout",
    ):
        assert isinstance(getattr(asynchetzner, name), (type, dict)), name
        assert name in asynchetzner.__all__
    assert asynchetzner.ENDPOINTS == {
        "hetzner-cloud": "https://api.hetzner.cloud/v1",
        "hetzner-api": "https://api.hetzner.com/v1",
        "hetzner-robot": "https://robot-ws.your-server.de",
    }


def test_package_is_typed() -> None:
    assert (Path(asynchetzner.__file__).parent / "py.typed").is_file()
