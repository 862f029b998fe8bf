"""``client.volumes`` and ``Volume`` against the simulator: every method, typed results, a
lifecycle from create to delete."""

from __future__ import annotations

import pytest

from asynchetzner import (
    Action,
    APIError,
    Client,
    CreateVolumeResult,
    InvalidArgumentError,
    Location,
    NotFoundError,
    ProtectedError,
    Server,
    Volume,
)


async def running_server(client: Client, name: str = "web-1", location: str = "fsn1") -> Server:
    result = await client.servers.create(name, "cx23", "ubuntu-24.04", location=location)
    await client.actions.wait([result.action, *result.next_actions], timeout=5)
    return await result.server.refresh()


async def available_volume(client: Client, name: str = "data", **options: object) -> Volume:
    result = await client.volumes.create(name, 10, **options)  # type: ignore[arg-type]
    await client.actions.wait([result.action, *result.next_actions], timeout=5)
    return await result.volume.refresh()


async def test_create_in_a_location_answers_a_typed_result(client: Client) -> None:
    result = await client.volumes.create(
        "data", 42, location="nbg1", format="xfs", labels={"env": "prod"}
    )
    assert isinstance(result, CreateVolumeResult)
    volume, action, next_actions = result
    assert isinstance(volume, Volume)
    assert (volume.name, volume.size, volume.status) == ("data", 42, "creating")
    assert (volume.format, volume.server, volume.labels) == ("xfs", None, {"env": "prod"})
    assert volume.protection == {"delete": False}
    assert isinstance(volume.location, Location)
    assert volume.location.name == "nbg1"
    assert volume.linux_device == f"/dev/disk/by-id/scsi-0HC_Volume_{volume.id}"
    assert volume.created is not None
    assert volume.created.tzinfo is not None
    assert isinstance(action, Action)
    assert (action.command, action.resources) == (
        "create_volume",
        [{"id": volume.id, "type": "volume"}],
    )
    assert next_actions == []
    await action.wait(timeout=5)
    assert (await volume.refresh()).status == "available"
    assert repr(volume) == f"<Volume id={volume.id} name='data' status='available'>"


async def test_create_for_a_server_attaches_it_next(client: Client) -> None:
    server = await running_server(client, location="hel1")
    volume, action, next_actions = await client.volumes.create(
        "logs", 10, server=server, automount=True, format="ext4"
    )
    assert [a.command for a in next_actions] == ["attach_volume"]
    assert all(isinstance(a, Action) for a in next_actions)
    finished = await client.actions.wait([action, *next_actions], timeout=5)
    assert [a.status for a in finished] == ["success", "success"]
    await volume.refresh()
    assert (volume.server, volume.location.name, volume.status) == (server.id, "hel1", "available")
    assert (await server.refresh()).volumes == [volume.id]


async def test_reads_and_update(client: Client) -> None:
    volume = await available_volume(client, location="fsn1")
    hel1 = Location(None, {"id": 3, "name": "hel1"})
    other = await available_volume(client, "other", location=hel1)
    assert await client.volumes.get(volume.id) == volume
    assert await client.volumes.get_by_name("other") == other
    assert await client.volumes.get_by_name("absent") is None
    assert [v.name for v in await client.volumes.get_all(sort="name:desc")] == ["other", "data"]
    assert [v.id async for v in client.volumes.list(status="available")] == [volume.id, other.id]
    updated = await client.volumes.update(volume, name="data-2", labels={"tier": "db"})
    assert (updated.name, updated.labels) == ("data-2", {"tier": "db"})
    with pytest.raises(NotFoundError):
        await client.volumes.get(999)


async def test_attach_resize_detach_protect_delete(client: Client) -> None:
    server = await running_server(client)
    volume = await available_volume(client, location="fsn1")

    attach = await volume.attach(server, automount=False)
    assert attach.command == "attach_volume"
    assert sorted(r["type"] for r in attach.resources) == ["server", "volume"]
    await attach.wait(timeout=5)
    assert (await volume.refresh()).server == server.id

    resize = await volume.resize(50)
    assert resize.command == "resize_volume"
    await resize.wait(timeout=5)
    assert (await volume.refresh()).size == 50

    with pytest.raises(APIError) as attached:
        await client.volumes.delete(volume)
    assert attached.value.code == "service_error"

    await (await volume.detach()).wait(timeout=5)
    assert (await volume.refresh()).server is None
    assert (await server.refresh()).volumes == []

    await (await volume.change_protection(delete=True)).wait(timeout=5)
    with pytest.raises(ProtectedError):
        await client.volumes.delete(volume)
    await (await volume.change_protection(delete=False)).wait(timeout=5)
    assert await client.volumes.delete(volume) is None
    assert await client.volumes.delete(volume, missing_ok=True) is None
    assert await client.volumes.get_by_name("data") is None


async def test_action_reads(client: Client) -> None:
    server = await running_server(client)
    volume = await available_volume(client, server=server)
    resize = await volume.resize(20)
    await resize.wait(timeout=5)
    commands = [a.command for a in await volume.get_actions(sort="id")]
    assert commands == ["create_volume", "attach_volume", "resize_volume"]
    assert (await volume.get_action(resize.id)).id == resize.id
    everything = await client.volumes.get_actions(status=["success"])
    assert [a.command for a in everything] == commands
    assert (await client.volumes.get_action(resize.id)).command == "resize_volume"
    with pytest.raises(NotFoundError):
        await client.volumes.get_action(999)


@pytest.mark.parametrize(
    ("size", "options"),
    [
        pytest.param(0, {}, id="size=0"),
        pytest.param(10.5, {}, id="size=10.5"),
        pytest.param(True, {}, id="size=True"),
        pytest.param(10, {"location": ""}, id="location=''"),
        pytest.param(10, {"location": Location(None, {"id": 1})}, id="location without name"),
        pytest.param(10, {"server": 0}, id="server=0"),
        pytest.param(10, {"format": ""}, id="format=''"),
    ],
)
async def test_create_refuses_bad_arguments_before_sending(
    client: Client, size: object, options: dict[str, object]
) -> None:
    with pytest.raises(InvalidArgumentError):
        await client.volumes.create("data", size, **options)  # type: ignore[arg-type]
    assert await client.volumes.get_all() == []


async def test_actions_refuse_bad_arguments_before_sending(client: Client) -> None:
    volume = await available_volume(client, location="fsn1")
    for call in (
        lambda: volume.resize(0),
        lambda: volume.resize(False),
        lambda: volume.attach(0),
        lambda: volume.change_protection(),
    ):
        with pytest.raises(InvalidArgumentError):
            await call()
    assert [a.command for a in await volume.get_actions()] == ["create_volume"]
