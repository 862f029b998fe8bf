"""Volumes: create in a location or for a server, attach and detach (locking the server too),
grow only, delete once detached; a server's ``volumes`` follow, and deleting it detaches them."""

from __future__ import annotations

from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import Clock, field_names, refused


async def new_server(
    client: asynchetzner.Client, name: str = "web-1", location: str = "fsn1", **body: Any
) -> dict[str, Any]:
    created = await client.post(
        "/servers", name=name, server_type="cx23", image="ubuntu-24.04", location=location, **body
    )
    server: dict[str, Any] = created["server"]
    return server


async def new_volume(
    client: asynchetzner.Client, name: str = "data", size: int = 10, **body: Any
) -> dict[str, Any]:
    created: dict[str, Any] = await client.post("/volumes", name=name, size=size, **body)
    return created


async def volume(client: asynchetzner.Client, volume_id: int) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get(f"/volumes/{volume_id}"))["volume"]
    return found


async def server_volumes(client: asynchetzner.Client, server_id: int) -> list[int]:
    found: list[int] = (await client.get(f"/servers/{server_id}"))["server"]["volumes"]
    return found


# Create


async def test_create_in_a_location(client: asynchetzner.Client) -> None:
    created = await new_volume(client, size=42, location="nbg1", format="ext4", labels={"a": "b"})
    answer = created["volume"]
    assert answer == {
        "id": answer["id"],
        "created": answer["created"],
        "name": "data",
        "server": None,
        "location": answer["location"],
        "size": 42,
        "linux_device": f"/dev/disk/by-id/scsi-0HC_Volume_{answer['id']}",
        "protection": {"delete": False},
        "labels": {"a": "b"},
        "status": "creating",
        "format": "ext4",
    }
    assert answer["location"]["name"] == "nbg1"
    assert created["action"]["command"] == "create_volume"
    assert created["action"]["resources"] == [{"id": answer["id"], "type": "volume"}]
    assert created["next_actions"] == []
    assert (await volume(client, answer["id"]))["status"] == "available"


async def test_create_for_a_server_takes_its_location_and_attaches_next(
    client: asynchetzner.Client, simulator: Simulator
) -> None:
    server = await new_server(client, location="hel1")
    await client.get("/servers")  # the server's actions are done
    created = await new_volume(client, server=server["id"], automount=True)
    answer = created["volume"]
    assert (answer["location"]["name"], answer["server"], answer["format"]) == ("hel1", None, None)
    (attach,) = created["next_actions"]
    assert attach["command"] == "attach_volume"
    both = [{"id": answer["id"], "type": "volume"}, {"id": server["id"], "type": "server"}]
    assert created["action"]["resources"] == both
    assert attach["resources"] == both
    assert (await volume(client, answer["id"]))["server"] == server["id"]
    assert await server_volumes(client, server["id"]) == [answer["id"]]
    assert simulator.store.table("volume")[answer["id"]]["_automount"] is True


async def test_create_with_server_and_same_location(client: asynchetzner.Client) -> None:
    server = await new_server(client, location="nbg1")
    await client.get("/servers")
    created = await new_volume(client, server=server["id"], location="nbg1")
    assert created["volume"]["location"]["name"] == "nbg1"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"size": 9, "location": "fsn1"}, "size", id="too-small"),
        pytest.param({"size": 10241, "location": "fsn1"}, "size", id="too-large"),
        pytest.param({"size": 10, "location": "fsn1", "format": "ntfs"}, "format", id="format"),
        pytest.param({"size": 10}, "location", id="nowhere"),
        pytest.param({"size": 10, "location": "mars1"}, "location", id="unknown-location"),
        pytest.param({"size": 10, "server": 999}, "server", id="unknown-server"),
        pytest.param({"size": 10, "location": "fsn1", "automount": True}, "automount", id="mount"),
        pytest.param({"size": 10, "location": "fsn1", "name": "-data"}, "name", id="name-start"),
        pytest.param({"size": 10, "location": "fsn1", "name": "a b"}, "name", id="name-space"),
        pytest.param({"size": 10, "location": "fsn1", "name": "a" * 65}, "name", id="name-long"),
    ],
)
async def test_create_refuses_bad_input(
    client: asynchetzner.Client, body: dict[str, Any], field: str
) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.post("/volumes", **{"name": "data", **body})
    assert field_names(caught.value) == [field]
    assert (await client.get("/volumes"))["volumes"] == []


async def test_names_may_hold_dots_dashes_and_underscores(client: asynchetzner.Client) -> None:
    name = ("a.b-c_d" * 10)[:63] + "z"
    assert len(name) == 64
    assert (await new_volume(client, name, location="fsn1"))["volume"]["name"] == name
    with pytest.raises(asynchetzner.UniquenessError):
        await new_volume(client, name, location="fsn1")


async def test_create_for_a_server_elsewhere_is_refused(client: asynchetzner.Client) -> None:
    server = await new_server(client, location="fsn1")
    await client.get("/servers")
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await new_volume(client, server=server["id"], location="nbg1")
    assert field_names(caught.value) == ["server"]


async def test_create_for_a_busy_server_is_locked(clocked: Clock) -> None:
    server = await new_server(clocked.client)  # create_server runs
    await refused(new_volume(clocked.client, server=server["id"]), "locked")


# Attach and detach


async def test_attach_and_detach_lock_the_volume_and_the_server(clocked: Clock) -> None:
    client = clocked.client
    server = await new_server(client)
    clocked.tick()
    clocked.tick()  # created and started
    vid = (await new_volume(client, location="fsn1"))["volume"]["id"]
    clocked.tick()

    attach = (await client.post(f"/volumes/{vid}/actions/attach", server=server["id"]))["action"]
    assert attach["command"] == "attach_volume"
    assert attach["resources"] == [
        {"id": vid, "type": "volume"},
        {"id": server["id"], "type": "server"},
    ]
    assert (await client.get(f"/servers/{server['id']}"))["server"]["locked"] is True
    await refused(client.post(f"/servers/{server['id']}/actions/reboot"), "locked")
    await refused(client.post(f"/volumes/{vid}/actions/resize", size=20), "locked")
    await refused(client.delete(f"/volumes/{vid}"), "locked")
    assert (await volume(client, vid))["server"] is None  # not before the action succeeds
    clocked.tick()
    assert (await volume(client, vid))["server"] == server["id"]
    assert await server_volumes(client, server["id"]) == [vid]

    detach = (await client.post(f"/volumes/{vid}/actions/detach"))["action"]
    assert detach["command"] == "detach_volume"
    assert {r["type"] for r in detach["resources"]} == {"volume", "server"}
    await refused(client.post(f"/servers/{server['id']}/actions/poweroff"), "locked")
    clocked.tick()
    assert (await volume(client, vid))["server"] is None
    assert await server_volumes(client, server["id"]) == []
    assert (await client.get(f"/servers/{server['id']}"))["server"]["locked"] is False
    commands = await client.get(f"/servers/{server['id']}/actions", sort="id")
    assert [a["command"] for a in commands["actions"]][-2:] == ["attach_volume", "detach_volume"]


async def test_attach_to_a_busy_server_is_locked(clocked: Clock) -> None:
    client = clocked.client
    vid = (await new_volume(client, location="fsn1"))["volume"]["id"]
    server = await new_server(client)
    clocked.tick()  # the volume is created; the server is still starting
    await refused(client.post(f"/volumes/{vid}/actions/attach", server=server["id"]), "locked")
    clocked.tick()
    await client.post(f"/volumes/{vid}/actions/attach", server=server["id"])
    await refused(client.post(f"/volumes/{vid}/actions/detach"), "locked")  # attach runs
    clocked.tick()
    await client.post(f"/servers/{server['id']}/actions/poweroff")
    await refused(client.post(f"/volumes/{vid}/actions/detach"), "locked")  # poweroff runs


async def test_attach_requires_the_same_location(client: asynchetzner.Client) -> None:
    server = await new_server(client, location="hel1")
    vid = (await new_volume(client, location="fsn1"))["volume"]["id"]
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.post(f"/volumes/{vid}/actions/attach", server=server["id"])
    assert field_names(caught.value) == ["server"]
    with pytest.raises(asynchetzner.InvalidInputError):
        await client.post(f"/volumes/{vid}/actions/attach", server=999)


async def test_an_attached_volume_is_refused_elsewhere(
    client: asynchetzner.Client, simulator: Simulator
) -> None:
    first, second = await new_server(client, "web-1"), await new_server(client, "web-2")
    vid = (await new_volume(client, location="fsn1"))["volume"]["id"]
    await client.post(f"/volumes/{vid}/actions/attach", server=first["id"], automount=True)
    await client.get("/volumes")  # the attach is done
    assert simulator.store.table("volume")[vid]["_automount"] is True
    for target in (second, first):
        error = await refused(
            client.post(f"/volumes/{vid}/actions/attach", server=target["id"]),
            "volume_already_attached",
        )
        assert error.status == 422
    assert await server_volumes(client, first["id"]) == [vid]
    assert await server_volumes(client, second["id"]) == []


async def test_detach_needs_an_attached_volume(client: asynchetzner.Client) -> None:
    vid = (await new_volume(client, location="fsn1"))["volume"]["id"]
    with pytest.raises(asynchetzner.InvalidInputError):
        await client.post(f"/volumes/{vid}/actions/detach")


async def test_attach_lands_only_if_both_are_still_there(clocked: Clock) -> None:
    client = clocked.client
    server = await new_server(client)
    clocked.tick()
    clocked.tick()
    vid = (await new_volume(client, server=server["id"]))["volume"]["id"]
    await client.delete(f"/servers/{server['id']}")  # while the volume is created
    clocked.tick()
    clocked.tick()
    assert (await volume(client, vid))["server"] is None


# Resize


async def test_resize_only_grows(client: asynchetzner.Client) -> None:
    vid = (await new_volume(client, size=20, location="fsn1"))["volume"]["id"]
    for size in (10, 20, 19.5):
        error = await refused(
            client.post(f"/volumes/{vid}/actions/resize", size=size), "invalid_input"
        )
        assert error.message == "size downgrade is not allowed"
    for size in (20.5, 10241):
        with pytest.raises(asynchetzner.InvalidInputError) as caught:
            await client.post(f"/volumes/{vid}/actions/resize", size=size)
        assert field_names(caught.value) == ["size"]
    action = (await client.post(f"/volumes/{vid}/actions/resize", size=30.0))["action"]
    assert (action["command"], action["resources"]) == (
        "resize_volume",
        [{"id": vid, "type": "volume"}],
    )
    assert (await volume(client, vid))["size"] == 30


# Delete, protection


async def test_delete_is_refused_while_attached_or_protected(client: asynchetzner.Client) -> None:
    server = await new_server(client)
    vid = (await new_volume(client, location="fsn1"))["volume"]["id"]
    await client.post(f"/volumes/{vid}/actions/attach", server=server["id"])
    error = await refused(client.delete(f"/volumes/{vid}"), "service_error")
    assert error.status == 422
    await client.post(f"/volumes/{vid}/actions/detach")
    await client.post(f"/volumes/{vid}/actions/change_protection", delete=True)
    assert (await volume(client, vid))["protection"] == {"delete": True}
    await refused(client.delete(f"/volumes/{vid}"), "protected")
    await client.post(f"/volumes/{vid}/actions/change_protection", delete=False)
    assert await client.delete(f"/volumes/{vid}") is None
    with pytest.raises(asynchetzner.NotFoundError):
        await volume(client, vid)


# Servers and their volumes


async def test_deleting_a_server_detaches_its_volumes(clocked: Clock) -> None:
    client = clocked.client
    server = await new_server(client)
    clocked.tick()
    clocked.tick()
    vids = []
    for name in ("v1", "v2"):
        vids.append((await new_volume(client, name, server=server["id"]))["volume"]["id"])
        await refused(new_volume(client, "v3", server=server["id"]), "locked")  # one at a time
        clocked.tick()
        clocked.tick()  # created, then attached
    assert await server_volumes(client, server["id"]) == vids
    await client.delete(f"/servers/{server['id']}")
    assert [(await volume(client, vid))["server"] for vid in vids] == [server["id"]] * 2
    clocked.tick()
    assert [(await volume(client, vid))["server"] for vid in vids] == [None, None]
    assert len((await client.get("/volumes"))["volumes"]) == 2


async def test_create_server_with_volumes_attaches_them(
    client: asynchetzner.Client, simulator: Simulator
) -> None:
    vids = [(await new_volume(client, f"v{n}", location="fsn1"))["volume"]["id"] for n in (1, 2)]
    server = await new_server(client, volumes=vids, automount=True)
    assert server["volumes"] == vids
    assert [(await volume(client, vid))["server"] for vid in vids] == [server["id"]] * 2
    assert all(simulator.store.table("volume")[vid]["_automount"] for vid in vids)


async def test_create_server_with_volumes_checks_them(clocked: Clock) -> None:
    client = clocked.client
    here = (await new_volume(client, "here", location="fsn1"))["volume"]["id"]
    elsewhere = (await new_volume(client, "elsewhere", location="nbg1"))["volume"]["id"]
    await refused(new_server(client, "early", volumes=[here]), "locked")  # still creating
    clocked.tick()
    for volumes in ([elsewhere], [999]):
        with pytest.raises(asynchetzner.InvalidInputError) as caught:
            await new_server(client, "web-1", volumes=volumes)
        assert field_names(caught.value) == ["volumes"]
    first = await new_server(client, "web-1", volumes=[here])
    await refused(new_server(client, "web-2", volumes=[here]), "volume_already_attached")
    servers = (await client.get("/servers"))["servers"]
    assert [(s["name"], s["volumes"]) for s in servers] == [("web-1", [here])]
    assert first["volumes"] == [here]


async def test_a_server_refused_for_its_volumes_takes_nothing_else(
    client: asynchetzner.Client,
) -> None:
    elsewhere = (await new_volume(client, "elsewhere", location="nbg1"))["volume"]["id"]
    ip = (await client.post("/primary_ips", name="kept", type="ipv4", location="fsn1"))[
        "primary_ip"
    ]
    network = (
        await client.post(
            "/networks",
            name="net",
            ip_range="10.0.0.0/16",
            subnets=[{"type": "cloud", "network_zone": "eu-central", "ip_range": "10.0.1.0/24"}],
        )
    )["network"]
    with pytest.raises(asynchetzner.InvalidInputError):
        await new_server(
            client,
            volumes=[elsewhere],
            networks=[network["id"]],
            public_net={"ipv4": ip["id"], "enable_ipv6": False},
        )
    assert (await client.get(f"/primary_ips/{ip['id']}"))["primary_ip"]["assignee_id"] is None
    assert (await client.get(f"/networks/{network['id']}"))["network"]["servers"] == []
    assert (await client.get("/servers"))["servers"] == []
