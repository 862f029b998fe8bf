"""Every script in ``examples/`` run as a subprocess against a simulator, its effect checked.

The simulator runs in the test's event loop and the script in a child process found by
``asyncio.create_subprocess_exec``, so the loop keeps serving while the script talks to it.
A new example without a test here fails ``test_every_example_has_a_case``.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from asynchetzner import Client, LoadBalancer, PollPolicy, Server, Volume
from asynchetzner.cloud.load_balancers import label_selector_target, tcp_health_check
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.cloud.zone_records import NAMESERVERS

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
TIMEOUT = 15.0  # seconds any one script may take

# script name -> the tests that run it
CASES: dict[str, list[str]] = {}
F = TypeVar("F", bound=Callable[..., Any])


def covers(script: str) -> Callable[[F], F]:
    """Mark a test as a case of ``examples/<script>``."""

    def register(test: F) -> F:
        CASES.setdefault(script, []).append(test.__name__)
        return test

    return register


def test_every_example_has_a_case() -> None:
    scripts = sorted(path.name for path in EXAMPLES.glob("*.py"))
    assert scripts, f"no examples in {EXAMPLES}"
    assert [s for s in scripts if s not in CASES] == [], "examples without a test case"
    assert sorted(set(CASES) - set(scripts)) == [], "cases of examples that are gone"


# Running a script


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


def environment(sim: Simulator, token: str | None = None) -> dict[str, str]:
    """PATH, the isolated HOME, this checkout's package, and the simulator's URL and token."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ["HOME"],
        "PYTHONPATH": str(REPO),
        "HCLOUD_ENDPOINT": sim.url,
        "HETZNER_ENDPOINT": sim.url_for("hetzner-api"),
        "HCLOUD_TOKEN": token or sim.token,
        "HETZNER_ROBOT_URL": sim.robot.url,
        "HETZNER_ROBOT_USER": sim.robot.user,
        "HETZNER_ROBOT_PASSWORD": sim.robot.password,
    }


async def start(
    sim: Simulator, script: str, *args: str, token: str | None = None
) -> asyncio.subprocess.Process:
    """Start ``examples/<script>`` with pipes for stdout and stderr."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLES / script),
        *args,
        env=environment(sim, token),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process) -> Finished:
    """Wait for the process to exit (killing it after ``TIMEOUT``) and collect its output."""
    try:
        out, err = await asyncio.wait_for(process.communicate(), TIMEOUT)
    except asyncio.TimeoutError:
        process.kill()
        await process.communicate()
        pytest.fail(f"the script did not exit within {TIMEOUT:g} s")
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(), err.decode())


async def run(sim: Simulator, script: str, *args: str, token: str | None = None) -> Finished:
    """Run a script to its end."""
    return await finish(await start(sim, script, *args, token=token))


def succeeded(result: Finished) -> Finished:
    """Assert a clean exit 0, showing the output otherwise."""
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Unclosed" not in result.stderr  # aiohttp's word for a leaked session or connector
    return result


async def read_until(stream: asyncio.StreamReader | None, pattern: str) -> list[str]:
    """The lines read until one matching ``pattern`` (a regex), within ``TIMEOUT``."""
    assert stream is not None
    lines: list[str] = []

    async def scan() -> None:
        while True:
            line = (await stream.readline()).decode()
            assert line, f"the output ended before {pattern!r}: {lines}"
            lines.append(line)
            if re.search(pattern, line):
                return

    await asyncio.wait_for(scan(), TIMEOUT)
    return lines


# Seeding the simulator


@dataclass
class Spec:
    name: str
    labels: dict[str, str]
    running: bool = True
    server_type: str = "cx23"
    location: str = "fsn1"


async def seed(client: Client, *specs: Spec) -> dict[str, Server]:
    """Create the servers (running or off) and wait until they are; by name."""
    client.actions.poll = PollPolicy(interval=0.01)
    results = await asyncio.gather(
        *(
            client.servers.create(
                name=spec.name,
                server_type=spec.server_type,
                image="ubuntu-24.04",
                location=spec.location,
                labels=spec.labels,
                start_after_create=spec.running,
            )
            for spec in specs
        )
    )
    await client.actions.wait([a for r in results for a in (r.action, *r.next_actions)])
    return await servers_by_name(client)


async def servers_by_name(client: Client) -> dict[str, Server]:
    return {server.name: server for server in await client.servers.get_all()}


def status_of(servers: dict[str, Server]) -> dict[str, str]:
    return {name: server.status for name, server in servers.items()}


@pytest.fixture
async def sim() -> Any:
    async with Simulator(action_seconds=0.0) as simulator:
        yield simulator


@pytest.fixture
async def client(sim: Simulator) -> Any:
    async with sim.client() as sim_client:
        yield sim_client


STAGING = {"env": "staging"}
PROD = {"env": "prod"}


# quickstart.py


@covers("quickstart.py")
async def test_quickstart_shows_endpoint_budget_and_servers(sim: Simulator, client: Client) -> None:
    await seed(
        client,
        Spec("web-1", PROD),
        Spec("db-1", PROD, running=False, server_type="cpx22", location="ash"),
    )
    result = succeeded(await run(sim, "quickstart.py"))
    assert f"endpoint:   {sim.url}\n" in result.stdout
    assert re.search(r"^rate limit: \d+ of 3600 left \(full at .+ UTC\)$", result.stdout, re.M)
    assert "servers:    2\n" in result.stdout
    assert re.search(r"\bname\s+status\s+type\s+location\s+ipv4\b", result.stdout)
    assert re.search(r"\bdb-1\s+off\s+cpx22\s+ash\s+198\.18\.\d+\.\d+\b", result.stdout)
    assert re.search(r"\bweb-1\s+running\s+cx23\s+fsn1\s+198\.18\.\d+\.\d+\b", result.stdout)
    assert result.stderr == ""


@covers("quickstart.py")
async def test_quickstart_with_a_bad_token_fails_with_one_line(sim: Simulator) -> None:
    result = await run(sim, "quickstart.py", token="not-the-token")
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert "unauthorized" in line


# bulk_create_delete.py


def requests_seen(sim: Simulator) -> int:
    return sum(sim.project.requests.values())


@covers("bulk_create_delete.py")
async def test_bulk_creates_waits_once_and_deletes_them_all(sim: Simulator, client: Client) -> None:
    await seed(client, Spec("bystander", {}))
    before = requests_seen(sim)
    result = succeeded(
        await run(sim, "bulk_create_delete.py", "--count", "4", "--prefix", "ci", "--label", "a=b")
    )
    for n in range(1, 5):
        assert re.search(rf"\bci-0{n}\s+running\s+198\.18\.", result.stdout)
    assert "create: 8/8 actions finished" in result.stdout
    assert "delete: 4/4 actions finished" in result.stdout
    summary = re.search(r"4 of 4 servers created and deleted; (\d+) requests sent", result.stdout)
    assert summary is not None, result.stdout
    assert int(summary.group(1)) == requests_seen(sim) - before
    assert sim.project.requests["POST /servers"] == 1 + 4
    assert sim.project.requests["DELETE /servers/{id}"] == 4
    assert sim.project.requests["GET /actions"] <= 4  # all eight waited for in batches
    assert list(await servers_by_name(client)) == ["bystander"]


@covers("bulk_create_delete.py")
async def test_bulk_keep_leaves_servers_as_asked(sim: Simulator, client: Client) -> None:
    arguments = ("--count", "2", "--prefix", "kept", "--type", "cpx22", "--location", "ash")
    labels = ("--label", "team=qa", "--label", "tier=web")
    result = succeeded(await run(sim, "bulk_create_delete.py", *arguments, *labels, "--keep"))
    assert "2 of 2 servers created, kept;" in result.stdout
    assert "deleting" not in result.stdout
    servers = await servers_by_name(client)
    assert sorted(servers) == ["kept-01", "kept-02"]
    for server in servers.values():
        assert (server.status, server.server_type.name, server.location.name) == (
            "running",
            "cpx22",
            "ash",
        )
        assert server.labels == {"team": "qa", "tier": "web"}


# inventory.py


@covers("inventory.py")
async def test_inventory_groups_and_prices(sim: Simulator, client: Client) -> None:
    await seed(
        client,
        Spec("a-1", STAGING),
        Spec("a-2", STAGING, running=False),
        Spec("b-1", STAGING, location="nbg1"),
        Spec("c-1", PROD, server_type="cpx22", location="ash"),
        Spec("c-2", STAGING, server_type="cpx22", location="ash"),
    )
    result = succeeded(await run(sim, "inventory.py"))
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "type",
        "location",
        "servers",
        "cores",
        "memory",
        "GB",
        "EUR/month",
        "net",
    ]
    rows = [line.split() for line in lines[2:]]
    assert rows == [
        ["cpx22", "ash", "2", "4", "8", "13.98"],
        ["cx23", "fsn1", "2", "4", "8", "5.98"],
        ["cx23", "nbg1", "1", "2", "4", "2.99"],
        ["total", "5", "10", "20", "22.95"],
    ]
    only_prod = succeeded(await run(sim, "inventory.py", "--selector", "env=prod"))
    assert [line.split() for line in only_prod.stdout.splitlines()[2:]] == [
        ["cpx22", "ash", "1", "2", "4", "6.99"],
        ["total", "1", "2", "4", "6.99"],
    ]


# power_by_label.py


@covers("power_by_label.py")
async def test_power_by_label_dry_run_then_for_real(sim: Simulator, client: Client) -> None:
    await seed(
        client,
        Spec("staging-1", STAGING),
        Spec("staging-2", STAGING),
        Spec("staging-3", STAGING, running=False),
        Spec("prod-1", PROD),
    )
    arguments = ("--selector", "env=staging", "--action", "poweroff")
    dry = succeeded(await run(sim, "power_by_label.py", *arguments, "--dry-run"))
    assert "3 servers match 'env=staging'; poweroff: 2" in dry.stdout
    assert re.search(r"staging-1\s+running\s+would poweroff", dry.stdout)
    assert re.search(r"staging-3\s+off\s+skipped: already off", dry.stdout)
    assert "prod-1" not in dry.stdout
    assert sim.project.requests["POST /servers/{id}/actions/poweroff"] == 0

    result = succeeded(await run(sim, "power_by_label.py", *arguments))
    assert "2/2 actions finished" in result.stdout
    assert re.search(r"staging-1\s+running\s+stop_server: success", result.stdout)
    assert re.search(r"staging-2\s+running\s+stop_server: success", result.stdout)
    assert re.search(r"staging-3\s+off\s+skipped: already off", result.stdout)
    assert status_of(await servers_by_name(client)) == {
        "staging-1": "off",
        "staging-2": "off",
        "staging-3": "off",
        "prod-1": "running",
    }


@covers("power_by_label.py")
async def test_power_by_label_reports_each_server_when_one_fails(
    sim: Simulator, client: Client
) -> None:
    await seed(
        client,
        Spec("staging-1", STAGING),
        Spec("staging-2", STAGING),
        Spec("staging-3", STAGING, running=False),
    )
    sim.store.fail_next("reboot_server", message="guest did not answer")
    result = await run(sim, "power_by_label.py", "--selector", "env=staging", "--action", "reboot")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    outcomes = re.findall(r"^(staging-\d)\s+\w+\s+(.+?)\s*$", result.stdout, re.M)
    assert sorted(outcome for _, outcome in outcomes) == [
        "failed: guest did not answer (action_failed)",
        "reboot_server: success",
        "skipped: not running (off)",
    ]
    failed = next(name for name, outcome in outcomes if outcome.startswith("failed"))
    assert result.stderr == f"error: reboot failed on {failed}\n"


# snapshot_rotation.py


async def snapshot(server: Server, rotation: str) -> int:
    image, action = await server.create_image(labels={"rotation": rotation})
    await action.wait()
    return image.id


@covers("snapshot_rotation.py")
async def test_snapshot_rotation_keeps_the_newest(sim: Simulator, client: Client) -> None:
    servers = await seed(
        client, Spec("staging-1", STAGING), Spec("staging-2", STAGING), Spec("prod-1", PROD)
    )
    old: dict[str, list[int]] = {}
    for name, server in servers.items():
        old[name] = [await snapshot(server, "nightly") for _ in range(3)]
    weekly = await snapshot(servers["staging-1"], "weekly")

    result = succeeded(
        await run(
            sim,
            "snapshot_rotation.py",
            *("--selector", "env=staging", "--keep", "2", "--name", "nightly"),
        )
    )
    assert "2 servers match 'env=staging'" in result.stdout
    images = await client.images.get_all(type="snapshot")
    by_server: dict[str, set[int]] = {}
    for image in images:
        assert image.created_from is not None
        by_server.setdefault(image.created_from["name"], set()).add(image.id)
    for name in ("staging-1", "staging-2"):
        (new,) = re.findall(
            rf"^{name}: created snapshot (\d+) \({name} nightly ", result.stdout, re.M
        )
        kept = {old[name][2], int(new)}
        assert f"{name}: keeping {int(new)}, {old[name][2]}" in result.stdout
        for gone in old[name][:2]:
            assert f"{name}: deleted snapshot {gone} " in result.stdout
        assert by_server[name] == kept | ({weekly} if name == "staging-1" else set())
    assert by_server["prod-1"] == set(old["prod-1"])  # not selected: untouched
    assert sim.project.requests["DELETE /images/{id}"] == 4


# storage_box_snapshots.py


@covers("storage_box_snapshots.py")
async def test_storage_box_snapshots_rotate_each_box(sim: Simulator, client: Client) -> None:
    old: dict[str, list[int]] = {}
    by_hand: dict[str, int] = {}
    for name in ("backups", "photos"):
        box, action = await client.storage_boxes.create(name, "bx11", "fsn1", "Secret-Pass-123")
        await action.wait()
        old[name] = []
        for _ in range(3):
            made, action = await box.snapshots.create(labels={"rotation": "nightly"})
            await action.wait()
            old[name].append(made.id)
        made, action = await box.snapshots.create(description="by hand")
        await action.wait()
        by_hand[name] = made.id

    result = succeeded(await run(sim, "storage_box_snapshots.py", "--keep", "2"))
    assert "2 Storage Boxes" in result.stdout
    for name in ("backups", "photos"):
        (new,) = re.findall(rf"^{name}: created snapshot (\d+)$", result.stdout, re.M)
        assert f"{name}: keeping {new}, {old[name][2]}" in result.stdout
        for gone in old[name][:2]:
            assert f"{name}: deleted snapshot {gone}" in result.stdout
        box = await client.storage_boxes.get_by_name(name)
        assert box is not None
        left = {s.id for s in await box.snapshots.get_all()}
        assert left == {int(new), old[name][2], by_hand[name]}
    assert sim.project.requests["DELETE /storage_boxes/{id}/snapshots/{snapshot_id}"] == 4


# keeper_bot.py


@covers("keeper_bot.py")
async def test_keeper_bot_once_powers_on_what_is_off(sim: Simulator, client: Client) -> None:
    servers = await seed(
        client,
        Spec("staging-1", STAGING),
        Spec("staging-2", STAGING, running=False),
        Spec("prod-1", PROD, running=False),
    )
    result = succeeded(await run(sim, "keeper_bot.py", "--selector", "env=staging", "--once"))
    assert f"staging-2 (id {servers['staging-2'].id}) is off: powering it on" in result.stderr
    assert "round 1 done: 2 servers match 'env=staging', 1 powered on" in result.stderr
    assert status_of(await servers_by_name(client)) == {
        "staging-1": "running",
        "staging-2": "running",
        "prod-1": "off",
    }


@covers("keeper_bot.py")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_keeper_bot_stops_at_once_on_a_signal(
    sim: Simulator, client: Client, signum: signal.Signals
) -> None:
    await seed(client, Spec("staging-1", STAGING, running=False))
    bot = await start(sim, "keeper_bot.py", "--selector", "env=staging", "--interval", "60")
    await read_until(bot.stderr, r"round 1 done: 1 servers match 'env=staging', 1 powered on")
    bot.send_signal(signum)
    result = succeeded(await finish(bot))  # within TIMEOUT, far less than the 60 s interval
    assert f"{signum.name} received: stopping" in result.stderr
    assert "stopped; 1 rounds completed" in result.stderr


@covers("keeper_bot.py")
async def test_keeper_bot_stops_in_the_middle_of_a_round(sim: Simulator, client: Client) -> None:
    await seed(client, Spec("staging-1", STAGING, running=False))
    sim.store.action_seconds = 3600.0  # the power-on never finishes
    bot = await start(sim, "keeper_bot.py", "--selector", "env=staging", "--interval", "60")
    await read_until(bot.stderr, r"staging-1 \(id \d+\) is off: powering it on")
    bot.send_signal(signal.SIGTERM)
    result = succeeded(await finish(bot))
    assert "SIGTERM received: stopping" in result.stderr
    assert "stopped; 0 rounds completed" in result.stderr


@covers("keeper_bot.py")
async def test_keeper_bot_backs_off_on_errors_and_keeps_going(sim: Simulator) -> None:
    arguments = ("--selector", "env=staging", "--interval", "0.01", "--max-backoff", "0.04")
    bot = await start(sim, "keeper_bot.py", *arguments, token="revoked")
    lines = await read_until(bot.stderr, r"round 4 failed")
    bot.send_signal(signal.SIGTERM)
    succeeded(await finish(bot))
    pauses = re.findall(
        r"round \d failed: unable to authenticate .*; next round in (\S+) s", "".join(lines)
    )
    assert pauses == ["0.02", "0.04", "0.04", "0.04"]  # doubled from the interval, capped


@covers("keeper_bot.py")
async def test_keeper_bot_once_fails_with_status_1(sim: Simulator) -> None:
    result = await run(sim, "keeper_bot.py", "--selector", "env", "--once", token="revoked")
    assert result.returncode == 1
    assert "ERROR round 1 failed: unable to authenticate (unauthorized, 401)" in result.stderr
    assert "Traceback" not in result.stderr


# attach_volumes.py


async def volumes_by_name(client: Client) -> dict[str, Volume]:
    return {volume.name: volume for volume in await client.volumes.get_all()}


@covers("attach_volumes.py")
async def test_attach_volumes_gives_each_selected_server_one(
    sim: Simulator, client: Client
) -> None:
    servers = await seed(
        client,
        Spec("db-1", {"role": "db"}),
        Spec("db-2", {"role": "db"}, location="nbg1"),
        Spec("web-1", {"role": "web"}),
    )
    arguments = ("--selector", "role=db", "--size", "20", "--format", "xfs", "--automount")
    result = succeeded(await run(sim, "attach_volumes.py", *arguments))
    assert "2 servers match 'role=db'; new volumes: 2" in result.stdout
    volumes = await volumes_by_name(client)
    assert sorted(volumes) == ["db-1-data", "db-2-data"]
    for name in ("db-1", "db-2"):
        volume = volumes[f"{name}-data"]
        assert (volume.server, volume.size, volume.format) == (servers[name].id, 20, "xfs")
        assert volume.location.name == servers[name].location.name
        assert re.search(rf"{name}\s+{name}-data \(20 GB\) at {volume.linux_device}", result.stdout)
        assert (await servers[name].refresh()).volumes == [volume.id]
    assert (await servers["web-1"].refresh()).volumes == []
    assert sim.project.requests["POST /volumes"] == 2
    assert sim.project.requests["GET /actions"] <= 2  # all four actions waited for together

    again = succeeded(await run(sim, "attach_volumes.py", *arguments))
    assert "new volumes: 0" in again.stdout
    assert re.search(r"db-1\s+skipped: db-1-data exists", again.stdout)
    assert sim.project.requests["POST /volumes"] == 2


@covers("attach_volumes.py")
async def test_attach_volumes_reports_each_failure(sim: Simulator, client: Client) -> None:
    await seed(client, Spec("db-1", {"role": "db"}), Spec("db-2", {"role": "db"}))
    sim.store.fail_next("attach_volume")
    result = await run(sim, "attach_volumes.py", "--selector", "role=db")
    assert result.returncode == 1
    outcomes = dict(re.findall(r"^(db-\d)\s+(.+?)\s*$", result.stdout, re.M))
    failed = [name for name, outcome in outcomes.items() if outcome.startswith("failed")]
    assert len(failed) == 1  # the first attach to finish failed, the other one went through
    (done,) = set(outcomes) - set(failed)
    assert outcomes[failed[0]] == f"failed: {failed[0]}-data is not attached"
    assert outcomes[done].startswith(f"{done}-data (10 GB) at /dev/disk/by-id/scsi-0HC_Volume_")
    assert result.stderr == f"error: no volume for {failed[0]}\n"

    await seed(client, Spec("db-3", {"role": "db"}))
    refused = await run(sim, "attach_volumes.py", "--selector", "role=db", "--size", "5")
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert re.search(r"^db-3\s+failed: .*\(invalid_input, 422\)", refused.stdout, re.M)
    assert re.search(rf"^{failed[0]}\s+skipped: {failed[0]}-data exists", refused.stdout, re.M)
    assert refused.stderr == "error: no volume for db-3\n"


# robot_rescue.py


@covers("robot_rescue.py")
async def test_robot_rescue_resets_each_server_into_rescue(sim: Simulator) -> None:
    state = sim.robot.state
    result = succeeded(await run(sim, "robot_rescue.py", "321", "421", "521", "--reset", "power"))
    assert re.findall(
        r"^\s*(\d+)\s+rescue, power reset sent\s+\(hidden\)$", result.stdout, re.M
    ) == [
        "321",
        "421",
        "521",
    ]
    assert state.booted == {321: "rescue", 421: "rescue", 521: "rescue"}
    assert sorted(state.resets) == [(321, "power"), (421, "power"), (521, "power")]
    assert all(str(state.last_rescue[n]["password"]) not in result.stdout for n in (321, 421, 521))
    shown = succeeded(await run(sim, "robot_rescue.py", "321", "--show-passwords"))
    assert str(state.last_rescue[321]["password"]) in shown.stdout


@covers("robot_rescue.py")
async def test_robot_rescue_stays_within_the_limits_and_reports_failures(sim: Simulator) -> None:
    state = sim.robot.state
    too_many = await run(sim, "robot_rescue.py", "321", "421", "--resets-left", "1")
    assert (too_many.returncode, too_many.stderr) == (
        1,
        "error: 2 servers but Robot allows 1 resets an hour; split the list\n",
    )
    unknown = await run(sim, "robot_rescue.py", "321", "821", "999")
    assert unknown.returncode == 1
    assert unknown.stderr == "error: no reset for server(s) [821, 999] on this account\n"
    assert state.resets == []
    state.boot[421] = {"linux": {"dist": "Debian 12 base", "active": True}}
    failed = await run(sim, "robot_rescue.py", "321", "421")
    assert failed.returncode == 1
    assert re.search(
        r"^\s*421\s+failed: linux is active on 421 \(BOOT_BLOCKED\)", failed.stdout, re.M
    )
    assert failed.stderr == "error: server 421 was not reset into rescue\n"
    assert state.booted == {321: "rescue"}


# blue_green.py


async def blue_load_balancer(client: Client) -> LoadBalancer:
    service = {
        "protocol": "tcp",
        "listen_port": 80,
        "destination_port": 80,
        "proxyprotocol": False,
        "health_check": tcp_health_check(80),
    }
    result = await client.load_balancers.create(
        "web",
        "lb11",
        location="fsn1",
        services=[service],
        targets=[label_selector_target("color=blue")],
    )
    await result.action.wait()
    return result.load_balancer


@covers("blue_green.py")
async def test_blue_green_switches_the_target_and_deletes_blue(
    sim: Simulator, client: Client
) -> None:
    await seed(client, Spec("blue-1", {"color": "blue"}), Spec("blue-2", {"color": "blue"}))
    lb = await blue_load_balancer(client)
    result = succeeded(await run(sim, "blue_green.py", "--load-balancer", "web"))
    assert "web: 2 servers match 'color=blue'; creating 2 green" in result.stdout
    assert "web: 2 green servers healthy; deleted 2" in result.stdout
    servers = await servers_by_name(client)
    assert sorted(servers) == ["web-green-1", "web-green-2"]
    assert all(server.labels == {"color": "green"} for server in servers.values())
    await lb.refresh()
    assert [t["label_selector"]["selector"] for t in lb.targets] == ["color=green"]
    assert lb.health() == {server.id: {80: "healthy"} for server in servers.values()}


@covers("blue_green.py")
async def test_blue_green_goes_back_to_blue_when_green_is_unhealthy(
    sim: Simulator, client: Client
) -> None:
    await seed(client, Spec("blue-1", {"color": "blue"}))
    lb = await blue_load_balancer(client)
    sim.store.fail_next("start_server")
    arguments = ("--load-balancer", "web", "--attempts", "2", "--interval", "0")
    result = await run(sim, "blue_green.py", *arguments)
    assert result.returncode == 1
    assert result.stderr == "error: the green servers are not healthy; back to 'color=blue'\n"
    await lb.refresh()
    assert [t["label_selector"]["selector"] for t in lb.targets] == ["color=blue"]
    assert sorted(await servers_by_name(client)) == ["blue-1", "web-green-1"]


@covers("blue_green.py")
async def test_blue_green_needs_the_load_balancer_and_its_selector(
    sim: Simulator, client: Client
) -> None:
    missing = await run(sim, "blue_green.py", "--load-balancer", "web")
    assert (missing.returncode, missing.stderr) == (1, "error: no Load Balancer 'web'\n")
    await blue_load_balancer(client)
    other = await run(sim, "blue_green.py", "--load-balancer", "web", "--old", "red")
    assert (other.returncode, other.stderr) == (1, "error: web does not target 'color=red'\n")
    bad = await run(sim, "blue_green.py", "--load-balancer", "web", "--server-type", "nope")
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith("error: ")


# zone_sync.py

ZONEFILE = """$ORIGIN example.com.
$TTL 3600
@ IN SOA hydrogen.ns.hetzner.com. dns.hetzner.com. 1 86400 10800 3600000 3600
@ IN NS hydrogen.ns.hetzner.com.
@ IN NS oxygen.ns.hetzner.com.
@ IN NS helium.ns.hetzner.de.
www 300 IN A 198.51.100.2
www 300 IN A 198.51.100.3
mail IN MX 10 mx.example.com.
"""


async def zone_records(client: Client) -> dict[tuple[str, str], tuple[int | None, list[str]]]:
    rrsets = await client.zones.rrsets("example.com").get_all()
    return {(r.name, r.type): (r.ttl, sorted(r.values)) for r in rrsets if r.type != "SOA"}


@covers("zone_sync.py")
async def test_zone_sync_shows_the_difference_then_applies_it(
    sim: Simulator, client: Client, tmp_path: Path
) -> None:
    zonefile = tmp_path / "example.com.zone"
    zonefile.write_text(ZONEFILE)
    created = await client.zones.create(
        "example.com",
        ttl=7200,
        rrsets=[
            {"name": "www", "type": "A", "records": [{"value": "198.51.100.1"}]},
            {"name": "old", "type": "TXT", "records": [{"value": '"gone soon"'}]},
            {"name": "@", "type": "MX", "records": [{"value": "10 mx"}]},  # stays: not in file
            {"name": "mail", "type": "MX", "ttl": 60, "records": [{"value": "10 mx"}]},
        ],
    )
    await created.action.wait()
    before = await zone_records(client)

    shown = succeeded(await run(sim, "zone_sync.py", "example.com", str(zonefile)))
    assert shown.stdout.splitlines() == [
        "~ default TTL 7200 -> 3600",
        "- @ MX (default TTL): 10 mx",
        '- old TXT (default TTL): "gone soon"',
        "~ mail MX (TTL 60): 10 mx",
        "  -> mail MX (default TTL): 10 mx",
        "~ www A (default TTL): 198.51.100.1",
        "  -> www A (TTL 300): 198.51.100.2, 198.51.100.3",
        "5 changes; run with --apply to make them",
    ]
    assert await zone_records(client) == before  # only shown

    applied = succeeded(await run(sim, "zone_sync.py", "example.com", str(zonefile), "--apply"))
    assert applied.stdout.endswith("applied 5 changes (6 actions)\n")
    assert await zone_records(client) == {
        ("@", "NS"): (None, sorted(NAMESERVERS)),
        ("www", "A"): (300, ["198.51.100.2", "198.51.100.3"]),
        ("mail", "MX"): (None, ["10 mx"]),
    }
    assert (await client.zones.get("example.com")).ttl == 3600
    again = succeeded(await run(sim, "zone_sync.py", "example.com", str(zonefile)))
    assert again.stdout == f"zone example.com is in sync with {zonefile}\n"


@covers("zone_sync.py")
async def test_zone_sync_creates_a_missing_zone_and_refuses_bad_files(
    sim: Simulator, client: Client, tmp_path: Path
) -> None:
    zonefile = tmp_path / "example.com.zone"
    zonefile.write_text(ZONEFILE)
    shown = succeeded(await run(sim, "zone_sync.py", "example.com", str(zonefile)))
    assert "does not exist: create it with 3 RRSets and the SOA" in shown.stdout
    assert await client.zones.get_all() == []
    made = succeeded(await run(sim, "zone_sync.py", "example.com", str(zonefile), "--apply"))
    assert "created zone example.com" in made.stdout
    assert (await zone_records(client))[("www", "A")] == (300, ["198.51.100.2", "198.51.100.3"])

    www = await client.zones.rrsets("example.com").get("www", "A")
    await (await www.change_protection(True)).wait()
    zonefile.write_text(ZONEFILE.replace("198.51.100.3", "198.51.100.4"))
    protected = await run(sim, "zone_sync.py", "example.com", str(zonefile), "--apply")
    assert protected.returncode == 1
    assert re.match(r"error: .*\(protected, 423\)", protected.stderr)
    assert (await www.refresh()).values == ["198.51.100.2", "198.51.100.3"]

    zonefile.write_text(ZONEFILE + "bad IN A 300.1.2.3\n")
    bad = await run(sim, "zone_sync.py", "example.com", str(zonefile))
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"error: {zonefile}: ")
    assert "Traceback" not in bad.stderr
    refused = await run(sim, "zone_sync.py", "example.org", str(zonefile.with_name("none")))
    assert refused.returncode == 1
    assert "No such file" in refused.stderr
