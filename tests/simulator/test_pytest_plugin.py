"""Installing asynchetzner gives every pytest run the ``hetzner_simulator`` and ``hetzner_client``
fixtures, through the ``pytest11`` entry point.

Our own suite disables that entry point (``-p no:asynchetzner``, for coverage), so these tests run
a separate pytest on a project of a user's kind in ``tmp_path``, where nothing defines the fixtures.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from asynchetzner import Client
from asynchetzner.simulator import Simulator

USER_TESTS = """
import asynchetzner


async def test_create_and_list(hetzner_client, hetzner_simulator):
    assert hetzner_simulator.url.startswith("http://127.0.0.1:")
    assert hetzner_simulator.url.endswith("/v1")
    created = await hetzner_client.post(
        "/servers", name="web-1", server_type="cx23", image="ubuntu-24.04"
    )
    assert created["server"]["id"] == 1
    # actions are instant: done by the next request
    action = await hetzner_client.get(f"/actions/{created['action']['id']}")
    assert action["action"]["status"] == "success"
    listed = await hetzner_client.get("/servers")
    assert [(s["name"], s["status"]) for s in listed["servers"]] == [("web-1", "running")]


async def test_each_test_gets_a_fresh_simulator(hetzner_client):
    assert (await hetzner_client.get("/servers"))["servers"] == []
    created = await hetzner_client.post(
        "/servers", name="web-1", server_type="cx23", image="ubuntu-24.04"
    )
    assert created["server"]["id"] == 1


async def test_code_that_builds_its_own_client(hetzner_simulator, monkeypatch):
    monkeypatch.setenv("HCLOUD_ENDPOINT", hetzner_simulator.url)
    monkeypatch.setenv("HCLOUD_TOKEN", hetzner_simulator.token)
    async with asynchetzner.Client() as client:
        locations = await client.get("/locations")
    assert "fsn1" in {location["name"] for location in locations["locations"]}
"""

PYTEST_INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
"""


@pytest.fixture
def user_project(tmp_path: Path) -> Path:
    """A project with only a pytest.ini and a test module using the fixtures."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pytest.ini").write_text(PYTEST_INI)
    (project / "test_with_simulator.py").write_text(USER_TESTS)
    return project


def run_pytest(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run pytest on ``project`` as its user would, with plugins loaded from entry points."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "COV_CORE_", "HETZNER_", "HCLOUD_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, str(project)],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_fixtures_come_with_the_installed_package(user_project: Path) -> None:
    done = run_pytest(user_project)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"\b3 passed\b", output), output
    assert not re.search(r"\b(failed|error|errors|skipped)\b", output), output


def test_without_the_entry_point_the_fixtures_are_missing(user_project: Path) -> None:
    assert sorted(path.name for path in user_project.iterdir()) == [
        "pytest.ini",
        "test_with_simulator.py",
    ]
    done = run_pytest(user_project, "-p", "no:asynchetzner")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "fixture 'hetzner_client' not found" in output
    assert "fixture 'hetzner_simulator' not found" in output
    assert re.search(r"\b3 errors\b", output), output


def test_fixtures_are_listed_with_their_docs(user_project: Path) -> None:
    done = run_pytest(user_project, "--fixtures")
    assert done.returncode == 0, done.stdout + done.stderr
    listing = done.stdout
    for name, doc in [
        ("hetzner_simulator", "A running simulator with instant actions."),
        ("hetzner_client", "A client of ``hetzner_simulator``."),
    ]:
        entry = re.search(rf"^{name}( \[.*\])? -- .*asynchetzner.*\n\s+(.*)$", listing, re.M)
        assert entry, textwrap.shorten(listing, 2000)
        assert entry.group(2) == doc


# In our own suite tests/conftest.py loads the plugin module: the fixtures work in-process too.


async def test_hetzner_client_talks_to_hetzner_simulator(
    hetzner_client: Client, hetzner_simulator: Simulator
) -> None:
    assert hetzner_simulator.url.startswith("http://127.0.0.1:")
    assert hetzner_simulator.store.action_seconds == 0.0
    created = await hetzner_client.post(
        "/servers", name="web-1", server_type="cx23", image="ubuntu-24.04"
    )
    assert hetzner_simulator.store.table("server")[created["server"]["id"]]["name"] == "web-1"
    listed = await hetzner_client.get("/servers")
    assert [(s["name"], s["status"]) for s in listed["servers"]] == [("web-1", "running")]


async def test_hetzner_simulator_is_fresh_for_each_test(hetzner_client: Client) -> None:
    assert (await hetzner_client.get("/servers"))["servers"] == []


async def test_hetzner_client_talks_to_the_robot_webservice_too(
    hetzner_client: Client, hetzner_simulator: Simulator
) -> None:
    await hetzner_client.robot.boot.activate_rescue(321)
    await hetzner_client.robot.reset.execute(321, "hw")
    assert hetzner_simulator.robot.state.booted == {321: "rescue"}
