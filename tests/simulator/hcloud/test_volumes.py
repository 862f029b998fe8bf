"""The official ``hcloud`` library drives volumes end to end against the simulator: create,
attach, resize, detach, protect, delete, and the action reads."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import create_ready, hcloud, run

Location = hcloud.locations.Location


async def test_volume_lifecycle(hc: Any) -> None:
    server = (await run(create_ready, hc, "web-1", location=Location(name="fsn1"))).server
    response = await run(
        hc.volumes.create, size=10, name="data", location=Location(name="fsn1"), format="xfs"
    )
    assert (response.action.command, response.next_actions) == ("create_volume", [])
    await run(response.action.wait_until_finished)
    volume = await run(hc.volumes.get_by_id, response.volume.id)
    assert (volume.name, volume.size, volume.status) == ("data", 10, "available")
    assert volume.format == "xfs"
    assert volume.location.name == "fsn1"
    assert volume.server is None
    assert volume.linux_device == f"/dev/disk/by-id/scsi-0HC_Volume_{volume.id}"

    attach = await run(volume.attach, server, automount=True)
    await run(attach.wait_until_finished)
    volume = await run(hc.volumes.get_by_id, volume.id)
    assert volume.server.id == server.id
    attached_server = await run(hc.servers.get_by_id, server.id)
    assert [v.id for v in attached_server.volumes] == [volume.id]

    await run((await run(volume.resize, 25)).wait_until_finished)
    with pytest.raises(hcloud.APIException) as shrink:
        await run(volume.resize, 15)
    assert shrink.value.code == "invalid_input"
    with pytest.raises(hcloud.APIException) as attached:
        await run(volume.delete)
    assert attached.value.code == "service_error"

    await run((await run(volume.detach)).wait_until_finished)
    await run((await run(volume.change_protection, delete=True)).wait_until_finished)
    volume = await run(hc.volumes.get_by_id, volume.id)
    assert (volume.size, volume.server, volume.protection) == (25, None, {"delete": True})
    with pytest.raises(hcloud.APIException) as protected:
        await run(volume.delete)
    assert protected.value.code == "protected"

    commands = [a.command for a in await run(volume.get_actions, sort=["id"])]
    assert commands == [
        "create_volume",
        "attach_volume",
        "resize_volume",
        "detach_volume",
        "change_protection",
    ]
    every = await run(hc.volumes.actions.get_all, sort=["id"])
    assert [a.command for a in every] == commands
    first = await run(hc.volumes.actions.get_by_id, every[0].id)
    assert first.command == "create_volume"

    await run((await run(volume.change_protection, delete=False)).wait_until_finished)
    assert await run(volume.delete) is True
    assert await run(hc.volumes.get_all) == []


async def test_create_for_a_server_and_update(hc: Any) -> None:
    server = (await run(create_ready, hc, "web-1", location=Location(name="hel1"))).server
    response = await run(
        hc.volumes.create, size=10, name="logs", server=server, automount=False, labels={"a": "b"}
    )
    assert [a.command for a in response.next_actions] == ["attach_volume"]
    for action in [response.action, *response.next_actions]:
        await run(action.wait_until_finished)
    volume = await run(hc.volumes.get_by_name, "logs")
    assert (volume.location.name, volume.server.id) == ("hel1", server.id)
    assert volume.labels == {"a": "b"}
    updated = await run(volume.update, name="logs-2", labels={"c": "d"})
    assert (updated.name, updated.labels) == ("logs-2", {"c": "d"})
    assert [v.name for v in await run(hc.volumes.get_all, label_selector="c=d")] == ["logs-2"]

    deleted = await run(hc.servers.delete, server)
    await run(deleted.wait_until_finished)
    assert (await run(hc.volumes.get_by_id, volume.id)).server is None


async def test_server_created_with_volumes(hc: Any) -> None:
    response = await run(hc.volumes.create, size=10, name="db", location=Location(name="fsn1"))
    await run(response.action.wait_until_finished)
    created = await run(
        create_ready, hc, "db-1", location=Location(name="fsn1"), volumes=[response.volume]
    )
    server = await run(hc.servers.get_by_id, created.server.id)
    assert [v.id for v in server.volumes] == [response.volume.id]
