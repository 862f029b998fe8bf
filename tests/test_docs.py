"""The documentation's runnable examples, run as written (see docs/contributing.rst).

A ``.. code-block:: python`` preceded by the comment ``.. runnable`` is a script: it runs in a
fresh interpreter (top-level ``await`` allowed) against a simulator on loopback, pointed at by
``HCLOUD_ENDPOINT``/``HCLOUD_TOKEN`` and ``HETZNER_ENDPOINT``, as a user's shell would. One
preceded by ``.. runnable: pytest`` is a test file, run by ``pytest`` in a directory of its own,
with pytest-asyncio's default (strict) mode.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import pytest

from asynchetzner.simulator import Simulator

ROOT = Path(__file__).parent.parent
PAGES = sorted([ROOT / "README.rst", *(ROOT / "docs").rglob("*.rst")])
MARK = re.compile(r"^\.\. runnable(?:: (?P<how>\w+))?\n\n\.\. code-block:: python\n\n", re.M)
# Runs a script from stdin with top-level await, as the asyncio REPL does.
WRAPPER = """
import ast, asyncio, sys, types
code = compile(sys.stdin.read(), "snippet", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
module = types.ModuleType("__main__")
result = eval(code, vars(module))
if asyncio.iscoroutine(result):
    asyncio.run(result)
"""


def snippets() -> list[tuple[str, str, str]]:
    """(where, how, code) of every runnable block of the docs."""
    found = []
    for page in PAGES:
        text = page.read_text()
        for match in MARK.finditer(text):
            body = re.match(r"((?: {4}.*|)\n)+", text[match.end() :])
            assert body, f"{page.name}: a runnable mark without a code block"
            code = "\n".join(line[4:] for line in body.group(0).splitlines())
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{page.relative_to(ROOT)}:{line}", match["how"] or "script", code))
    return found


SNIPPETS = snippets()
# What a page's examples must print, where exiting with status 0 does not show they work.
PRINTS = {"docs/logging.rst": " GET /servers 200 "}


def test_the_docs_have_runnable_examples() -> None:
    pages = {where.split(":")[0] for where, _, _ in SNIPPETS}
    assert {"README.rst", "docs/logging.rst", "docs/migrating.rst", "docs/simulator.rst"} <= pages
    assert any(how == "pytest" for _, how, _ in SNIPPETS)
    marks = sum(len(re.findall(r"^\.\. runnable\b", page.read_text(), re.M)) for page in PAGES)
    assert marks == len(SNIPPETS), "a '.. runnable' mark not followed by a python code block"


async def run(*command: str, stdin: str = "", cwd: Path = ROOT, **env: str) -> tuple[int, str]:
    """Run ``command`` without blocking the loop the simulator serves on: its status and output."""
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate(stdin.encode())
    assert process.returncode is not None
    return process.returncode, output.decode()


@pytest.mark.parametrize(
    ("where", "how", "code"),
    [pytest.param(where, how, code, id=where) for where, how, code in SNIPPETS],
)
async def test_snippet_runs_as_written(where: str, how: str, code: str, tmp_path: Path) -> None:
    if how == "pytest":
        (tmp_path / "test_snippet.py").write_text(code)
        status, output = await run(
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            cwd=tmp_path,
        )
        assert status == 0, output
        assert "passed" in output, output
        assert "skipped" not in output, output
        return
    async with Simulator(action_seconds=0.0) as sim:
        status, output = await run(
            sys.executable,
            "-c",
            WRAPPER,
            stdin=code,
            cwd=tmp_path,
            HCLOUD_ENDPOINT=sim.url,
            HCLOUD_TOKEN=sim.token,
            HETZNER_ENDPOINT=sim.url_for("hetzner-api"),
        )
    assert status == 0, output
    assert "Logging error" not in output, output
    assert PRINTS.get(where.split(":")[0], "") in output, output
