"""The typed server layer against the simulator: every method, every result type, a lifecycle.

Actions are instant in the simulator here (``action_seconds=0``): each finishes at the next
request, so one poll round of ``Action.wait`` sees it done. Every answer the simulator sends is
checked against the official spec, as in ``tests/simulator``.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta, timezone

import pytest

from asynchetzner import (
    ISO,
    Action,
    Client,
    CreateServerResult,
    Image,
    InvalidArgumentError,
    Location,
    Network,
    NotFoundError,
    PlacementGroup,
    ProtectedError,
    Server,
    ServerMetrics,
    ServerType,
    WaitTimeout,
)
from asynchetzner.simulator import Simulator

from ..conftest import NO_RETRY, PUBLIC_KEY
from ..simulator.conftest import AnswerChecker

START = 1_750_000_000.0


async def succeeded(action: Action) -> Action:
    """The action once finished, which must be a success."""
    assert isinstance(action, Action)
    finished = await action.wait(timeout=5)
    assert finished.id == action.id
    assert (finished.status, finished.progress, finished.error) == ("success", 100, None)
    assert finished.finished is not None
    assert finished.finished.tzinfo is not None
    return finished


async def running_server(client: Client, name: str = "web-1", **options: object) -> Server:
    """A created server whose create (and start) actions finished, refreshed."""
    result = await client.servers.create(name, "cx23", "ubuntu-24.04", **options)  # type: ignore[arg-type]
    await client.actions.wait([result.action, *result.next_actions], timeout=5)
    return await result.server.refresh()


# Create, wait, read


async def test_create_answers_a_typed_result(client: Client, sim: Simulator) -> None:
    result = await client.servers.create(
        "web-1", "cx23", "ubuntu-24.04", location="hel1", labels={"env": "prod"}
    )
    assert isinstance(result, CreateServerResult)
    server, action, next_actions, root_password = result
    assert isinstance(server, Server)
    assert (server.name, server.status, server.labels) == ("web-1", "initializing", {"env": "prod"})
    assert server.location.name == "hel1"
    assert isinstance(action, Action)
    assert (action.command, action.status) == ("create_server", "running")
    assert action.resources == [{"id": server.id, "type": "server"}]
    assert [a.command for a in next_actions] == ["start_server"]
    assert all(isinstance(a, Action) for a in next_actions)
    assert isinstance(root_password, str)
    assert root_password

    finished = await client.actions.wait([action, *next_actions], timeout=5)
    assert [a.command for a in finished] == ["create_server", "start_server"]
    assert [a.status for a in finished] == ["success", "success"]
    assert sim.project.requests["POST /servers"] == 1
    assert sim.project.requests["GET /actions/{id}"] == 0
    assert (await server.refresh()).status == "running"


async def test_create_with_ssh_key_has_no_password_and_without_start_is_off(
    client: Client,
) -> None:
    key = await client.ssh_keys.create("me", PUBLIC_KEY)
    result = await client.servers.create(
        "quiet", "cx23", "ubuntu-24.04", ssh_keys=[key], start_after_create=False
    )
    assert result.root_password is None
    assert result.next_actions == []
    await succeeded(result.action)
    assert (await result.server.refresh()).status == "off"


async def test_server_attributes_are_typed(client: Client) -> None:
    server = await running_server(client, labels={"env": "prod", "tier": "web"})
    assert isinstance(server.created, datetime)
    assert server.created.utcoffset() == timedelta(0)
    assert abs(server.created - datetime.now(timezone.utc)) < timedelta(minutes=5)
    assert isinstance(server.server_type, ServerType)
    assert (server.server_type.name, server.server_type.cores) == ("cx23", 2)
    assert isinstance(server.location, Location)
    assert server.location.name in ("fsn1", "nbg1", "hel1")
    assert isinstance(server.image, Image)
    assert server.image.name == "ubuntu-24.04"
    assert server.iso is None
    assert server.placement_group is None
    assert server.ipv4 is not None
    assert ipaddress.ip_address(server.ipv4) in ipaddress.ip_network("198.18.0.0/15")
    assert server.ipv6 is not None
    assert server.ipv6.endswith("/64")
    assert server.labels == {"env": "prod", "tier": "web"}
    assert server.protection == {"delete": False, "rebuild": False}
    assert (server.status, server.rescue_enabled, server.locked) == ("running", False, False)
    assert server.primary_disk_size == 40
    assert server.data["name"] == "web-1"
    assert repr(server) == f"<Server id={server.id} name='web-1' status={server.status!r}>"


async def test_get_get_by_name_get_all_and_list(client: Client, sim: Simulator) -> None:
    web1 = await running_server(client, "web-1", labels={"env": "prod"})
    web2 = await running_server(client, "web-2", labels={"env": "prod", "tier": "db"})
    result = await client.servers.create(
        "dev-1", "cx23", "ubuntu-24.04", labels={"env": "dev"}, start_after_create=False
    )
    await succeeded(result.action)
    dev1 = result.server

    by_id = await client.servers.get(web1.id)
    assert isinstance(by_id, Server)
    assert by_id.name == "web-1"
    assert (await client.servers.get(web2)).name == "web-2"
    found = await client.servers.get_by_name("dev-1")
    assert found is not None
    assert found.id == dev1.id
    assert await client.servers.get_by_name("nobody") is None
    with pytest.raises(NotFoundError):
        await client.servers.get(9999)

    prod = await client.servers.get_all(label_selector="env=prod")
    assert [s.name for s in prod] == ["web-1", "web-2"]
    assert [s.name for s in await client.servers.get_all(label_selector="tier")] == ["web-2"]
    assert [s.name for s in await client.servers.get_all(status="off")] == ["dev-1"]
    assert [s.name for s in await client.servers.get_all(status="running")] == ["web-1", "web-2"]
    listed = [s async for s in client.servers.list(label_selector="env in (prod,dev)")]
    assert all(isinstance(s, Server) for s in listed)
    assert [s.id for s in listed] == sorted([web1.id, web2.id, dev1.id])
    assert [s.name for s in await client.servers.get_all(sort="name:desc")] == [
        "web-2",
        "web-1",
        "dev-1",
    ]


# Every bound method


async def test_power_cycle(client: Client) -> None:
    server = await running_server(client)
    await succeeded(await server.power_off())
    assert (await server.refresh()).status == "off"
    await succeeded(await server.power_on())
    assert (await server.refresh()).status == "running"
    await succeeded(await server.reboot())
    await succeeded(await server.reset())
    shutdown = await server.shutdown()
    assert shutdown.command == "shutdown_server"
    await succeeded(shutdown)
    assert (await server.refresh()).status == "off"


async def test_change_type_while_off_and_rebuild(client: Client) -> None:
    server = await running_server(client)
    assert (server.server_type.name, server.image and server.image.name) == ("cx23", "ubuntu-24.04")
    await succeeded(await server.power_off())
    action = await server.change_type("cx33", upgrade_disk=True)
    assert action.command == "change_server_type"
    await succeeded(action)
    await server.refresh()
    assert (server.server_type.name, server.primary_disk_size, server.status) == ("cx33", 80, "off")

    rebuild = await server.rebuild("debian-12", user_data="#cloud-config\n")
    assert rebuild.action.command == "rebuild_server"
    await succeeded(rebuild.action)
    await server.refresh()
    assert server.image is not None
    assert server.image.name == "debian-12"
    assert server.status == "running"


async def test_rescue_and_backups(client: Client) -> None:
    server = await running_server(client)
    password, action = await server.enable_rescue()
    assert isinstance(password, str)
    assert password
    assert action.command == "enable_rescue"
    await succeeded(action)
    assert (await server.refresh()).rescue_enabled is True
    await succeeded(await server.disable_rescue())
    assert (await server.refresh()).rescue_enabled is False

    await succeeded(await server.enable_backup())
    assert (await server.refresh()).backup_window == "22-02"
    await succeeded(await server.disable_backup())
    assert (await server.refresh()).backup_window is None


async def test_enable_rescue_with_ssh_keys(client: Client, checker: AnswerChecker) -> None:
    """The spec types enable_rescue's ``root_password`` as a string, never null."""
    server = await running_server(client)
    key = await client.ssh_keys.create("me", PUBLIC_KEY)
    password, action = await server.enable_rescue(type="linux64", ssh_keys=[key, key.id])
    await succeeded(action)
    assert (await server.refresh()).rescue_enabled is True
    problems, checker.problems = checker.problems, []  # reported here, not again at teardown
    assert problems == []
    assert isinstance(password, str)
    assert password


async def test_create_image_gives_image_and_action(client: Client) -> None:
    server = await running_server(client)
    image, action = await server.create_image(description="before upgrade", labels={"k": "v"})
    assert isinstance(image, Image)
    assert isinstance(action, Action)
    assert (image.type, image.status, image.description) == (
        "snapshot",
        "creating",
        "before upgrade",
    )
    assert image.labels == {"k": "v"}
    assert image.created_from == {"id": server.id, "name": server.name}
    assert isinstance(image.created, datetime)
    assert image.created.tzinfo is not None
    assert action.command == "create_image"
    assert {"id": image.id, "type": "image"} in action.resources
    await succeeded(action)
    stored = await client.images.get(image)
    assert stored.status == "available"

    backup, action = await server.create_image(type="backup")
    await succeeded(action)
    assert (backup.type, backup.bound_to) == ("backup", server.id)


async def test_iso_dns_ptr_and_protection(client: Client) -> None:
    server = await running_server(client)
    await succeeded(await server.attach_iso("alpine-virt-3.22.0-x86_64.iso"))
    await server.refresh()
    assert isinstance(server.iso, ISO)
    assert server.iso.name == "alpine-virt-3.22.0-x86_64.iso"
    await succeeded(await server.detach_iso())
    assert (await server.refresh()).iso is None

    assert server.ipv4 is not None
    await succeeded(await server.change_dns_ptr(server.ipv4, "web.example.com"))
    await server.refresh()
    assert server.public_net["ipv4"]["dns_ptr"] == "web.example.com"
    await succeeded(await server.change_dns_ptr(server.ipv4, None))
    await server.refresh()
    assert server.public_net["ipv4"]["dns_ptr"].startswith("static.")

    await succeeded(await server.change_protection(delete=True, rebuild=True))
    assert (await server.refresh()).protection == {"delete": True, "rebuild": True}
    with pytest.raises(ProtectedError):
        await server.delete()
    with pytest.raises(InvalidArgumentError):
        await server.change_protection()  # refused before sending
    await succeeded(await server.change_protection(delete=False, rebuild=False))
    assert (await server.refresh()).protection == {"delete": False, "rebuild": False}


async def test_console_and_reset_password_tuples(client: Client) -> None:
    server = await running_server(client)
    wss_url, password, action = await server.request_console()
    assert wss_url.startswith("wss://")
    assert f"server_id={server.id}" in wss_url
    assert isinstance(password, str)
    assert password
    assert action.command == "request_console"
    await succeeded(action)
    root_password, action = await server.reset_password()
    assert isinstance(root_password, str)
    assert root_password
    assert action.command == "reset_password"
    await succeeded(action)


async def test_network_attach_alias_detach(client: Client) -> None:
    network = await client.networks.create(
        "backend",
        "10.0.0.0/16",
        subnets=[{"type": "cloud", "network_zone": "eu-central", "ip_range": "10.0.1.0/24"}],
        labels={"env": "prod"},
    )
    assert isinstance(network, Network)
    assert (network.name, network.ip_range, network.labels) == (
        "backend",
        "10.0.0.0/16",
        {"env": "prod"},
    )
    assert network.created is not None
    assert network.created.tzinfo is not None
    server = await running_server(client, location="fsn1")

    action = await server.attach_to_network(network, ip="10.0.1.5", alias_ips=["10.0.1.6"])
    assert action.command == "attach_to_network"
    assert {"id": network.id, "type": "network"} in action.resources
    await succeeded(action)
    await server.refresh()
    [entry] = server.private_net
    assert (entry["network"], entry["ip"], entry["alias_ips"]) == (
        network.id,
        "10.0.1.5",
        ["10.0.1.6"],
    )
    assert (await client.networks.get(network)).servers == [server.id]

    await succeeded(await server.change_alias_ips(network.id, ["10.0.1.7", "10.0.1.8"]))
    await server.refresh()
    assert sorted(server.private_net[0]["alias_ips"]) == ["10.0.1.7", "10.0.1.8"]

    await succeeded(await server.detach_from_network(network))
    assert (await server.refresh()).private_net == []
    assert (await client.networks.get(network.id)).servers == []


async def test_placement_group_add_and_remove(client: Client) -> None:
    created = await client.placement_groups.create("spread-1", labels={"role": "db"})
    group = created.placement_group
    assert isinstance(group, PlacementGroup)
    assert (group.name, group.type, group.servers, group.labels) == (
        "spread-1",
        "spread",
        [],
        {"role": "db"},
    )
    server = await running_server(client)
    await succeeded(await server.power_off())

    await succeeded(await server.add_to_placement_group(group))
    await server.refresh()
    assert isinstance(server.placement_group, PlacementGroup)
    assert server.placement_group.id == group.id
    assert server.placement_group.servers == [server.id]

    await succeeded(await server.remove_from_placement_group())
    assert (await server.refresh()).placement_group is None
    assert (await client.placement_groups.get(group)).servers == []


async def test_metrics_are_floats(client: Client, sim: Simulator) -> None:
    server = await running_server(client)
    end = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
    metrics = await server.metrics("cpu", end - timedelta(hours=1), end, step=60)
    assert isinstance(metrics, ServerMetrics)
    assert (metrics.start, metrics.end, metrics.step) == (end - timedelta(hours=1), end, 60)
    assert list(metrics.time_series) == ["cpu"]
    values = metrics.time_series["cpu"]
    assert len(values) == 61
    assert all(isinstance(t, float) and isinstance(v, float) for t, v in values)
    assert values[0][0] == (end - timedelta(hours=1)).timestamp()
    assert all(0.0 <= v <= 100.0 for _, v in values)

    both = await server.metrics(["disk", "network"], "2025-06-01T11:00:00Z", "2025-06-01T12:00:00Z")
    assert {name.split(".")[0] for name in both.time_series} == {"disk", "network"}
    assert all(isinstance(v, float) for series in both.time_series.values() for _, v in series)

    sent = sim.project.requests["GET /servers/{id}/metrics"]
    with pytest.raises(InvalidArgumentError):
        await server.metrics("memory", end - timedelta(hours=1), end)
    assert sim.project.requests["GET /servers/{id}/metrics"] == sent


# Refresh, update, delete


async def test_refresh_updates_in_place(client: Client, sim: Simulator) -> None:
    result = await client.servers.create("web-1", "cx23", "ubuntu-24.04")
    server = result.server
    assert server.status == "initializing"
    await client.actions.wait([result.action, *result.next_actions], timeout=5)
    sim.store.table("server")[server.id]["labels"] = {"changed": "elsewhere"}
    refreshed = await server.refresh()
    assert refreshed is server
    assert (server.status, server.labels) == ("running", {"changed": "elsewhere"})
    assert server.data["status"] == "running"


async def test_update_and_change_name(client: Client) -> None:
    server = await running_server(client, labels={"a": "1"})
    updated = await server.update(labels={"b": "2"})
    assert updated is server
    assert server.labels == {"b": "2"}
    assert (await server.change_name("web-renamed")) is server
    assert server.name == "web-renamed"
    assert (await client.servers.get(server.id)).name == "web-renamed"
    by_client = await client.servers.update(server.id, name="web-3", labels={})
    assert isinstance(by_client, Server)
    assert (by_client.name, by_client.labels) == ("web-3", {})
    assert server.name == "web-renamed"  # another object: this one is as it was


async def test_delete_gives_an_action_and_missing_ok(client: Client, sim: Simulator) -> None:
    server = await running_server(client)
    action = await server.delete()
    assert isinstance(action, Action)
    assert (action.command, action.resources) == (
        "delete_server",
        [{"id": server.id, "type": "server"}],
    )
    await succeeded(action)
    with pytest.raises(NotFoundError):
        await server.refresh()
    assert await client.servers.get_by_name(server.name) is None

    assert await client.servers.delete(server.id, missing_ok=True) is None
    with pytest.raises(NotFoundError):
        await client.servers.delete(server.id)
    assert sim.project.requests["DELETE /servers/{id}"] == 3

    other = await running_server(client, "web-2")
    deleted = await client.servers.delete(other)
    assert isinstance(deleted, Action)
    assert deleted.command == "delete_server"
    await succeeded(deleted)
    assert await client.servers.get_all() == []


# Waiting for a status


async def test_wait_until_status_is_success_and_timeout(
    client: Client, sim: Simulator, sleeps: list[float]
) -> None:
    server = await running_server(client)
    sleeps.clear()
    assert await server.wait_until_status_is("running", attempts=2, wait_seconds=0.25) is server
    assert 0.25 not in sleeps  # there at the first look: no wait
    before = sim.project.requests["GET /servers/{id}"]
    with pytest.raises(WaitTimeout, match=f"server {server.id} is 'running', not 'off'"):
        await server.wait_until_status_is("off", attempts=2, wait_seconds=0)
    assert sim.project.requests["GET /servers/{id}"] == before + 2
    sleeps.clear()
    with pytest.raises(WaitTimeout, match="after 3 attempts"):
        await server.wait_until_status_is("off", attempts=3, wait_seconds=0.25)
    assert sleeps.count(0.25) == 2  # between the attempts, not after the last
    assert sim.project.requests["GET /servers/{id}"] == before + 5


async def test_wait_until_status_is_refreshes_until_it_changes(sleeps: list[float]) -> None:
    """The status arrives on the second refresh: one wait of ``wait_seconds`` in between."""
    now = [START]
    async with Simulator(action_seconds=10.0, clock=lambda: now[0]) as sim:

        def six_seconds_a_request(request: object, response: object) -> None:
            now[0] += 6.0

        sim.project.observers.append(six_seconds_a_request)
        async with sim.client(retry=NO_RETRY) as client:
            result = await client.servers.create(
                "web-1", "cx23", "ubuntu-24.04", start_after_create=False
            )
            now[0] += 10.0
            server = await result.server.refresh()
            assert server.status == "off"
            await server.power_on()  # takes 10 s: each refresh is 6 s later
            sleeps.clear()
            assert await server.wait_until_status_is("running", wait_seconds=0.5) is server
            assert server.status == "running"
            assert sleeps.count(0.5) == 1
            assert sim.project.requests["GET /servers/{id}"] == 3


# Resource arguments: id, name or typed object


async def test_resources_given_as_id_name_or_object(client: Client) -> None:
    cx23 = await client.server_types.get_by_name("cx23")
    cx33 = await client.server_types.get_by_name("cx33")
    ubuntu = await client.images.get_by_name("ubuntu-24.04")
    debian = await client.images.get_by_name("debian-12")
    nbg1 = await client.locations.get_by_name("nbg1")
    assert cx23 is not None
    assert cx33 is not None
    assert ubuntu is not None
    assert debian is not None
    assert nbg1 is not None

    by_object = await client.servers.create("obj", cx23, ubuntu, location=nbg1)
    by_id = await client.servers.create("ids", cx23.id, ubuntu.id, location=nbg1.id)
    by_name = await client.servers.create("names", "cx23", "ubuntu-24.04", location="nbg1")
    results = [by_object, by_id, by_name]
    await client.actions.wait([a for r in results for a in [r.action, *r.next_actions]], timeout=5)
    for result in results:
        server = await client.servers.get(result.server)
        assert (server.server_type.name, server.image.name, server.location.name) == (  # type: ignore[union-attr]
            "cx23",
            "ubuntu-24.04",
            "nbg1",
        )

    server = by_object.server
    await succeeded((await server.rebuild(debian)).action)
    assert (await server.refresh()).image.name == "debian-12"  # type: ignore[union-attr]
    await succeeded((await server.rebuild(ubuntu.id)).action)
    assert (await server.refresh()).image.id == ubuntu.id  # type: ignore[union-attr]
    await succeeded(await server.power_off())
    await succeeded(await server.change_type(cx33, upgrade_disk=False))
    assert (await server.refresh()).server_type.name == "cx33"
    await succeeded(await server.change_type(cx23.id, upgrade_disk=False))
    assert (await server.refresh()).server_type.name == "cx23"

    [iso] = await client.isos.get_all(name="alpine-virt-3.22.0-x86_64.iso")
    await succeeded(await server.attach_iso(iso))
    await succeeded(await server.attach_iso(iso.id))
    assert (await server.refresh()).iso.id == iso.id  # type: ignore[union-attr]

    group = (await client.placement_groups.create("spread-1")).placement_group
    await succeeded(await server.add_to_placement_group(group.id))
    assert (await server.refresh()).placement_group.id == group.id  # type: ignore[union-attr]

    network = await client.networks.create(
        "net", "10.0.0.0/16", subnets=[{"type": "cloud", "network_zone": "eu-central"}]
    )
    await succeeded(await server.attach_to_network(network.id))
    assert (await server.refresh()).private_net[0]["network"] == network.id


@pytest.mark.parametrize(
    ("name", "server_type", "image"),
    [
        ("", "cx23", "ubuntu-24.04"),
        ("web", True, "ubuntu-24.04"),
        ("web", "cx23", 0),
        ("web", "   ", "ubuntu-24.04"),
        ("web", "cx23", None),
    ],
)
async def test_bad_resource_arguments_are_refused_before_sending(
    client: Client, sim: Simulator, name: str, server_type: object, image: object
) -> None:
    with pytest.raises(InvalidArgumentError):
        await client.servers.create(name, server_type, image)  # type: ignore[arg-type]
    assert sum(sim.project.requests.values()) == 0
