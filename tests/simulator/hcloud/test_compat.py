"""The official ``hcloud`` library works against the simulator: servers, the catalog, SSH keys,
networks and placement groups (the fixtures are in this package's conftest)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp import web

from asynchetzner import RetryPolicy
from asynchetzner.simulator import Simulator

from ...conftest import PUBLIC_KEY
from .conftest import Image, ServerType, create_ready, hcloud, run


async def test_empty_project_has_no_servers(hc: Any) -> None:
    assert await run(hc.servers.get_all) == []
    assert await run(hc.ssh_keys.get_all) == []


async def test_create_returns_server_action_next_actions_and_password(
    hc: Any, sim: Simulator
) -> None:
    response = await run(
        hc.servers.create,
        name="web-1",
        server_type=ServerType(name="cx23"),
        image=Image(name="ubuntu-24.04"),
        labels={"env": "prod"},
    )
    server = response.server
    assert (server.name, server.status, server.labels) == ("web-1", "initializing", {"env": "prod"})
    assert server.server_type.name == "cx23"
    assert server.image.name == "ubuntu-24.04"
    assert isinstance(response.root_password, str)
    assert response.root_password
    assert (response.action.command, response.action.status) == ("create_server", "running")
    assert [a.command for a in response.next_actions] == ["start_server"]

    await run(response.action.wait_until_finished)
    assert response.action.status == "success"
    assert response.action.progress == 100
    assert response.action.finished is not None
    for action in response.next_actions:
        await run(action.wait_until_finished)
        assert action.status == "success"

    fetched = await run(hc.servers.get_by_id, server.id)
    assert (fetched.id, fetched.name, fetched.status) == (server.id, "web-1", "running")
    assert fetched.location.name in {"fsn1", "nbg1", "hel1"}
    assert fetched.public_net.ipv4.ip
    assert fetched.created is not None
    # hcloud followed a running action until it finished: it polled more than once.
    assert sim.project.requests["GET /actions/{id}"] >= 2


async def test_wait_until_finished_raises_when_the_action_fails(hc: Any, sim: Simulator) -> None:
    sim.store.fail_next("start_server", code="server_error", message="no capacity")
    response = await run(
        hc.servers.create,
        name="web-1",
        server_type=ServerType(name="cx23"),
        image=Image(name="ubuntu-24.04"),
    )
    await run(response.action.wait_until_finished)
    with pytest.raises(hcloud.actions.ActionFailedException) as failed:
        await run(response.next_actions[0].wait_until_finished)
    assert failed.value.action.status == "error"
    assert failed.value.action.error == {"code": "server_error", "message": "no capacity"}


async def test_get_by_name_and_label_selector(hc: Any) -> None:
    prod = await run(create_ready, hc, "web-1", labels={"env": "prod", "tier": "web"})
    await run(create_ready, hc, "db-1", labels={"env": "staging"}, start_after_create=False)

    by_name = await run(hc.servers.get_by_name, "db-1")
    assert (by_name.name, by_name.status) == ("db-1", "off")
    assert await run(hc.servers.get_by_name, "nope") is None

    selected = await run(hc.servers.get_all, label_selector="env=prod")
    assert [s.id for s in selected] == [prod.server.id]
    selected = await run(hc.servers.get_all, label_selector="env in (prod,staging),!tier")
    assert [s.name for s in selected] == ["db-1"]
    assert await run(hc.servers.get_all, label_selector="env=dev") == []


async def test_get_all_follows_pagination(hc: Any, sim: Simulator) -> None:
    async with sim.client(retry=RetryPolicy(max_retries=0)) as ours:
        for number in range(60):
            await ours.post(
                "/servers",
                name=f"node-{number:02}",
                server_type="cx23",
                image="ubuntu-24.04",
                start_after_create=False,
            )
    pages: list[tuple[str | None, str | None]] = []

    def record(request: web.Request, response: web.Response) -> None:
        if request.method == "GET" and request.path.endswith("/servers"):
            pages.append((request.query.get("page"), request.query.get("per_page")))

    sim.project.observers.append(record)

    servers = await run(hc.servers.get_all)

    assert sorted(s.name for s in servers) == [f"node-{n:02}" for n in range(60)]
    assert len({s.id for s in servers}) == 60
    assert pages == [("1", "50"), ("2", "50")]


async def test_power_off_then_on(hc: Any) -> None:
    server = (await run(create_ready, hc, "web-1")).server
    action = await run(server.power_off)
    assert (action.command, action.status) == ("stop_server", "running")
    await run(action.wait_until_finished)
    assert action.status == "success"
    assert (await run(hc.servers.get_by_id, server.id)).status == "off"

    action = await run(server.power_on)
    await run(action.wait_until_finished)
    assert (await run(hc.servers.get_by_id, server.id)).status == "running"


async def test_server_actions_through_hcloud(hc: Any) -> None:
    server = (await run(create_ready, hc, "web-1")).server
    for perform in (server.reboot, server.reset, server.shutdown):
        action = await run(perform)
        await run(action.wait_until_finished)
        assert action.status == "success"
    assert (await run(hc.servers.get_by_id, server.id)).status == "off"

    action = await run(server.change_type, ServerType(name="cx33"), upgrade_disk=False)
    await run(action.wait_until_finished)
    assert (await run(hc.servers.get_by_id, server.id)).server_type.name == "cx33"

    rebuilt = await run(server.rebuild, Image(name="debian-12"))
    await run(rebuilt.action.wait_until_finished)
    assert rebuilt.root_password
    assert (await run(hc.servers.get_by_id, server.id)).image.name == "debian-12"

    rescue = await run(server.enable_rescue, type="linux64")
    await run(rescue.action.wait_until_finished)
    assert rescue.root_password
    assert (await run(hc.servers.get_by_id, server.id)).rescue_enabled is True

    snapshot = await run(server.create_image, description="before upgrade", type="snapshot")
    await run(snapshot.action.wait_until_finished)
    images = await run(hc.images.get_all, type=["snapshot"])
    assert [(i.id, i.description) for i in images] == [(snapshot.image.id, "before upgrade")]

    commands = [a.command for a in await run(server.get_actions)]
    assert {"create_server", "start_server", "change_server_type", "rebuild_server"} <= set(
        commands
    )


async def test_networks_and_placement_groups_through_hcloud(hc: Any) -> None:
    server = (await run(create_ready, hc, "web-1", start_after_create=False)).server
    subnet = hcloud.networks.NetworkSubnet(
        type="cloud", ip_range="10.0.1.0/24", network_zone="eu-central"
    )
    network = await run(hc.networks.create, name="net", ip_range="10.0.0.0/16", subnets=[subnet])
    action = await run(server.attach_to_network, network, ip="10.0.1.5")
    await run(action.wait_until_finished)
    [private] = (await run(hc.servers.get_by_id, server.id)).private_net
    assert (private.network.id, private.ip) == (network.id, "10.0.1.5")
    assert [s.id for s in (await run(hc.networks.get_by_id, network.id)).servers] == [server.id]
    action = await run(server.detach_from_network, network)
    await run(action.wait_until_finished)
    assert (await run(hc.servers.get_by_id, server.id)).private_net == []

    group = (await run(hc.placement_groups.create, name="spread", type="spread")).placement_group
    action = await run(server.add_to_placement_group, group)
    await run(action.wait_until_finished)
    assert (await run(hc.placement_groups.get_by_id, group.id)).servers == [server.id]
    assert (await run(hc.servers.get_by_id, server.id)).placement_group.id == group.id


async def test_optional_fields_hcloud_sends_as_null(hc: Any) -> None:
    response = await run(create_ready, hc, "web-1", start_after_create=None)  # null: start
    assert [a.command for a in response.next_actions] == ["start_server"]
    server = await run(hc.servers.get_by_id, response.server.id)
    assert server.status == "running"

    rescue = await run(server.enable_rescue)  # {"type": null}
    await run(rescue.action.wait_until_finished)
    assert (await run(hc.servers.get_by_id, server.id)).rescue_enabled is True

    ip = server.public_net.ipv4.ip
    for dns_ptr in ("web-1.example.com", None):  # null still means: back to the default
        action = await run(server.change_dns_ptr, ip, dns_ptr)
        await run(action.wait_until_finished)
    assert (await run(hc.servers.get_by_id, server.id)).public_net.ipv4.dns_ptr == (
        f"static.{ip}.clients.your-server.de"
    )

    subnet = hcloud.networks.NetworkSubnet(type="cloud", ip_range=None, network_zone="eu-central")
    network = await run(hc.networks.create, name="net", ip_range="10.0.0.0/16", subnets=[subnet])
    assert [s.ip_range for s in network.subnets] == ["10.0.0.0/24"]


async def test_network_actions(hc: Any) -> None:
    network = await run(hc.networks.create, name="net", ip_range="10.0.0.0/16")
    subnet = hcloud.networks.NetworkSubnet(
        type="cloud", ip_range="10.0.1.0/24", network_zone="eu-central"
    )
    route = hcloud.networks.NetworkRoute(destination="10.100.0.0/16", gateway="10.0.1.2")
    for act, argument in [
        (network.add_subnet, subnet),
        (network.add_route, route),
        (network.change_ip_range, "10.0.0.0/15"),
    ]:
        await run((await run(act, argument)).wait_until_finished)
    fetched = await run(hc.networks.get_by_id, network.id)
    assert fetched.ip_range == "10.0.0.0/15"
    assert [(s.ip_range, s.gateway) for s in fetched.subnets] == [("10.0.1.0/24", "10.0.0.1")]
    assert [(r.destination, r.gateway) for r in fetched.routes] == [("10.100.0.0/16", "10.0.1.2")]

    await run((await run(network.change_protection, delete=True)).wait_until_finished)
    assert (await run(hc.networks.get_by_id, network.id)).protection == {"delete": True}
    with pytest.raises(hcloud.APIException) as refused:
        await run(network.delete)
    assert refused.value.code == "protected"

    await run((await run(network.delete_route, route)).wait_until_finished)
    await run((await run(network.delete_subnet, subnet)).wait_until_finished)
    emptied = await run(hc.networks.get_by_id, network.id)
    assert (emptied.subnets, emptied.routes) == ([], [])
    commands = [action.command for action in await run(network.get_actions)]
    assert commands == [
        "add_subnet",
        "add_route",
        "change_ip_range",
        "change_protection",
        "delete_route",
        "delete_subnet",
    ]
    first = (await run(hc.networks.actions.get_all))[0]
    assert (await run(hc.networks.actions.get_by_id, first.id)).command == "add_subnet"


async def test_catalog(hc: Any) -> None:
    types = await run(hc.server_types.get_all)
    by_name = {t.name: t for t in types}
    assert "cx23" in by_name
    cx23 = by_name["cx23"]
    assert (cx23.architecture, cx23.cpu_type) == ("x86", "shared")
    assert cx23.cores > 0
    assert cx23.memory > 0
    assert cx23.disk > 0
    assert (await run(hc.server_types.get_by_name, "cx23")).id == cx23.id

    image = await run(hc.images.get_by_name_and_architecture, "ubuntu-24.04", "x86")
    assert (image.name, image.architecture, image.type) == ("ubuntu-24.04", "x86", "system")
    arm = await run(hc.images.get_by_name_and_architecture, "ubuntu-24.04", "arm")
    assert arm.architecture == "arm"
    assert arm.id != image.id

    locations = await run(hc.locations.get_all)
    assert {"fsn1", "nbg1", "hel1"} <= {location.name for location in locations}
    fsn1 = await run(hc.locations.get_by_name, "fsn1")
    assert (fsn1.country, fsn1.network_zone) == ("DE", "eu-central")

    lb_types = await run(hc.load_balancer_types.get_all)
    assert [t.name for t in lb_types] == ["lb11", "lb21", "lb31"]
    lb11 = await run(hc.load_balancer_types.get_by_name, "lb11")
    assert (lb11.max_targets, lb11.prices[0]["location"]) == (25, "fsn1")


async def test_ssh_key_create_get_delete(hc: Any) -> None:
    key = await run(hc.ssh_keys.create, name="me", public_key=PUBLIC_KEY, labels={"who": "me"})
    assert (key.name, key.public_key, key.labels) == ("me", PUBLIC_KEY, {"who": "me"})
    blob = base64.b64decode(PUBLIC_KEY.split()[1])
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    assert key.fingerprint == ":".join(digest[i : i + 2] for i in range(0, 32, 2))
    assert (await run(hc.ssh_keys.get_by_name, "me")).id == key.id
    assert (await run(hc.ssh_keys.get_by_fingerprint, key.fingerprint)).id == key.id

    assert await run(hc.ssh_keys.delete, key) is True
    assert await run(hc.ssh_keys.get_all) == []
    with pytest.raises(hcloud.APIException) as missing:
        await run(hc.ssh_keys.get_by_id, key.id)
    assert missing.value.code == "not_found"


async def test_errors_map_to_api_exception(hc: Any, connect: Callable[..., Any]) -> None:
    with pytest.raises(hcloud.APIException) as missing:
        await run(hc.servers.get_by_id, 999999)
    assert missing.value.code == "not_found"
    assert missing.value.message
    assert missing.value.correlation_id

    await run(create_ready, hc, "web-1", start_after_create=False)
    with pytest.raises(hcloud.APIException) as taken:
        await run(create_ready, hc, "web-1")
    assert taken.value.code == "uniqueness_error"

    with pytest.raises(hcloud.APIException) as unauthorized:
        await run(connect(token="wrong-token").servers.get_all)
    assert unauthorized.value.code == "unauthorized"


async def test_delete_returns_an_action_and_the_server_is_gone(hc: Any) -> None:
    server = (await run(create_ready, hc, "web-1")).server
    action = await run(server.delete)
    assert action.command == "delete_server"
    await run(action.wait_until_finished)
    assert action.status == "success"
    with pytest.raises(hcloud.APIException) as gone:
        await run(hc.servers.get_by_id, server.id)
    assert gone.value.code == "not_found"
    assert await run(hc.servers.get_all) == []


async def test_the_rest_of_every_served_kind_through_hcloud(hc: Any) -> None:
    """ISOs, image updates, protection and actions, updates and deletes of keys, groups and
    networks, the kind-wide action lists, and /datacenters answering 410 as Hetzner does."""
    isos = await run(hc.isos.get_all)
    assert isos
    assert (await run(hc.isos.get_by_name, isos[0].name)).id == isos[0].id

    server = (await run(create_ready, hc, "web-1", start_after_create=False)).server
    snapshot = await run(server.create_image, description="before", type="snapshot")
    await run(snapshot.action.wait_until_finished)
    image = await run(hc.images.update, snapshot.image, description="after", labels={"k": "v"})
    assert (image.description, image.labels) == ("after", {"k": "v"})
    await run((await run(hc.images.change_protection, image, delete=True)).wait_until_finished)
    assert (await run(hc.images.get_by_id, image.id)).protection == {"delete": True}
    made_and_protected = {"create_image", "change_protection"}
    assert {a.command for a in await run(hc.images.get_actions, image)} == made_and_protected
    assert {a.command for a in await run(hc.images.actions.get_all)} == made_and_protected
    assert "create_image" in {a.command for a in await run(hc.servers.actions.get_all)}

    key = await run(hc.ssh_keys.create, name="me", public_key=PUBLIC_KEY)
    assert (await run(hc.ssh_keys.update, key, name="you")).name == "you"
    group = (await run(hc.placement_groups.create, name="spread", type="spread")).placement_group
    assert (await run(hc.placement_groups.update, group, labels={"a": "b"})).labels == {"a": "b"}
    assert await run(hc.placement_groups.delete, group) is True
    network = await run(hc.networks.create, name="net", ip_range="10.0.0.0/16")
    updated = await run(hc.networks.update, network, expose_routes_to_vswitch=True, name="n2")
    assert (updated.name, updated.expose_routes_to_vswitch) == ("n2", True)

    with pytest.warns(DeprecationWarning, match="datacenters"):
        datacenters = hc.datacenters  # hcloud itself warns that Hetzner removed them
    with pytest.raises(hcloud.APIException) as gone:
        await run(datacenters.get_all)
    assert gone.value.code == "deprecated_api_endpoint"
