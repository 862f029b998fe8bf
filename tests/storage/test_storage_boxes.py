"""``client.storage_boxes``, ``client.storage_box_types`` and their objects against the
simulator: every method, typed results, actions waited at ``/storage_boxes/actions``."""

from __future__ import annotations

import logging

import pytest

from asynchetzner import (
    Client,
    CreateStorageBoxResult,
    InvalidArgumentError,
    Location,
    NotFoundError,
    ProtectedError,
    StorageBox,
    StorageBoxAction,
    StorageBoxSnapshot,
    StorageBoxSubaccount,
    StorageBoxType,
)
from asynchetzner.simulator import Simulator

PASSWORD = "Secret-Pass-123"


async def ready_box(client: Client, name: str = "backups", **options: object) -> StorageBox:
    result = await client.storage_boxes.create(name, "bx11", "fsn1", PASSWORD, **options)  # type: ignore[arg-type]
    await result.action.wait(timeout=5)
    return await result.storage_box.refresh()


async def test_create_waits_at_the_hetzner_api_and_types_the_box(
    client: Client, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="asynchetzner")
    location = Location(None, {"id": 1, "name": "fsn1"})
    result = await client.storage_boxes.create(
        "backups",
        StorageBoxType(None, {"id": 2, "name": "bx21"}),
        location,
        PASSWORD,
        ssh_keys=["ssh-ed25519 AAAAC3Nz me@host"],
        access_settings={"webdav_enabled": True},
        labels={"env": "prod"},
    )
    assert isinstance(result, CreateStorageBoxResult)
    assert isinstance(result.action, StorageBoxAction)
    assert result.action.family == "hetzner-api"
    assert result.storage_box.status == "initializing"
    finished = await result.action.wait(timeout=5)
    assert (finished.command, finished.status) == ("create", "success")
    assert sim.project.requests["GET /storage_boxes/actions"] >= 1
    assert sim.project.requests["GET /actions"] == 0  # the Cloud API's list is not asked
    box = await client.storage_boxes.get(result.storage_box)
    assert isinstance(box.storage_box_type, StorageBoxType)
    assert isinstance(box.location, Location)
    assert (box.storage_box_type.name, box.location.name, box.status) == ("bx21", "fsn1", "active")
    assert box.access_settings["webdav_enabled"] is True
    assert box.server == f"{box.username}.your-storagebox.de"
    assert box.created is not None
    assert box.created.tzinfo is not None
    assert repr(box) == f"<StorageBox id={box.id} name='backups' status='active'>"
    assert PASSWORD not in caplog.text


async def test_reads_update_and_delete(client: Client) -> None:
    box = await ready_box(client)
    await ready_box(client, "photos", labels={"env": "prod"})
    assert [b.name for b in await client.storage_boxes.get_all(sort="name:desc")] == [
        "photos",
        "backups",
    ]
    assert [b.name for b in await client.storage_boxes.get_all(label_selector="env")] == ["photos"]
    assert await client.storage_boxes.get_by_name("backups") == box
    renamed = await client.storage_boxes.update(box, name="archive", labels={"tier": "cold"})
    assert (renamed.name, renamed.labels) == ("archive", {"tier": "cold"})
    await (await box.change_protection(delete=True)).wait(timeout=5)
    with pytest.raises(ProtectedError):
        await client.storage_boxes.delete(box)
    await (await box.change_protection(delete=False)).wait(timeout=5)
    deleting = await client.storage_boxes.delete(box)
    assert isinstance(deleting, StorageBoxAction)
    await deleting.wait(timeout=5)
    with pytest.raises(NotFoundError):
        await box.refresh()
    assert await client.storage_boxes.delete(box, missing_ok=True) is None


async def test_actions_of_the_box(client: Client) -> None:
    box = await ready_box(client)
    await client.actions.wait(
        [
            await box.change_type("bx21"),
        ],
        timeout=5,
    )
    await (await box.reset_password("Other-Pass-456")).wait(timeout=5)
    await (await box.update_access_settings(ssh_enabled=True, zfs_enabled=True)).wait(timeout=5)
    await (await box.enable_snapshot_plan(7, 3, 30, day_of_month=1)).wait(timeout=5)
    await box.refresh()
    assert box.storage_box_type.name == "bx21"
    assert (box.access_settings["ssh_enabled"], box.access_settings["zfs_enabled"]) == (True, True)
    assert box.snapshot_plan == {
        "max_snapshots": 7,
        "hour": 3,
        "minute": 30,
        "day_of_week": None,
        "day_of_month": 1,
    }
    await (await box.disable_snapshot_plan()).wait(timeout=5)
    assert (await box.refresh()).snapshot_plan is None
    commands = [a.command for a in await box.get_actions()]
    assert commands[:2] == ["create", "change_type"]
    assert all(isinstance(a, StorageBoxAction) for a in await client.storage_boxes.get_actions())
    one = await client.storage_boxes.get_action((await box.get_actions())[0].id)
    assert (await box.get_action(one.id)).command == one.command == "create"
    assert (await client.actions.get(one.id, "hetzner-api")) == one


async def test_arguments_are_checked_before_sending(client: Client, sim: Simulator) -> None:
    box = StorageBox(client, {"id": 1, "name": "b"})
    with pytest.raises(InvalidArgumentError):
        await client.storage_boxes.create("b", "bx11", "fsn1", "")
    with pytest.raises(InvalidArgumentError):
        await box.enable_snapshot_plan(0, 3, 0)
    with pytest.raises(InvalidArgumentError):
        await box.enable_snapshot_plan(3, 24, 0)
    with pytest.raises(InvalidArgumentError):
        await box.enable_snapshot_plan(3, 3, True)
    with pytest.raises(InvalidArgumentError):
        await box.rollback_snapshot(0)
    with pytest.raises(InvalidArgumentError):
        client.storage_boxes.subaccounts(-1)
    with pytest.raises(InvalidArgumentError, match="password must be a non-empty string") as caught:
        await box.reset_password(" \t ")
    assert "\t" not in str(caught.value)
    with pytest.raises(InvalidArgumentError, match="password"):
        await box.subaccounts.create("home", None)  # type: ignore[arg-type]
    assert sum(sim.project.requests.values()) == 0


async def test_subaccounts_and_folders(client: Client) -> None:
    box = await ready_box(client)
    result = await box.subaccounts.create(
        "backups/web",
        PASSWORD,
        name="web",
        description="the web servers",
        access_settings={"readonly": True},
        labels={"env": "prod"},
    )
    assert isinstance(result.subaccount, StorageBoxSubaccount)
    await result.action.wait(timeout=5)
    subaccount = await result.subaccount.refresh()
    assert (subaccount.storage_box, subaccount.home_directory) == (box.id, "backups/web")
    assert subaccount.access_settings["readonly"] is True
    assert (
        repr(subaccount)
        == f"<StorageBoxSubaccount id={subaccount.id} name='web' username='{subaccount.username}'>"
    )
    other = await client.storage_boxes.subaccounts(box).create("photos", PASSWORD)
    await other.action.wait(timeout=5)
    assert await box.folders() == ["backups", "photos"]
    assert await client.storage_boxes.folders(box.id, "backups") == ["web"]
    assert [s.name for s in await box.subaccounts.get_all(label_selector="env=prod")] == ["web"]
    assert await box.subaccounts.get_by_name("web") == subaccount
    assert await box.subaccounts.get(subaccount.id) == subaccount
    updated = await box.subaccounts.update(subaccount, description="web and api")
    assert updated.description == "web and api"
    await (await subaccount.change_home_directory("backups/api")).wait(timeout=5)
    await (await subaccount.reset_password("Other-Pass-456")).wait(timeout=5)
    await (await subaccount.update_access_settings(readonly=False, ssh_enabled=True)).wait(
        timeout=5
    )
    await subaccount.refresh()
    assert subaccount.home_directory == "backups/api"
    assert (subaccount.access_settings["readonly"], subaccount.access_settings["ssh_enabled"]) == (
        False,
        True,
    )
    deleting = await box.subaccounts.delete(subaccount)
    assert isinstance(deleting, StorageBoxAction)
    await deleting.wait(timeout=5)
    assert [s.home_directory for s in await box.subaccounts.get_all()] == ["photos"]


async def test_snapshots_and_rollback(client: Client, sim: Simulator) -> None:
    box = await ready_box(client)
    first = await box.snapshots.create(description="first", labels={"rotation": "nightly"})
    assert isinstance(first.snapshot, StorageBoxSnapshot)
    await first.action.wait(timeout=5)
    second = await client.storage_boxes.snapshots(box.id).create()
    await second.action.wait(timeout=5)
    snapshot = await box.snapshots.get(first.snapshot.id)
    assert (snapshot.description, snapshot.is_automatic) == ("first", False)
    assert await box.snapshots.get_by_name(snapshot.name) == snapshot
    assert [s.id for s in await box.snapshots.get_all(label_selector="rotation")] == [snapshot.id]
    assert await box.snapshots.get_all(is_automatic=True) == []
    updated = await box.snapshots.update(snapshot, description="kept", labels={})
    assert (updated.description, updated.labels) == ("kept", {})
    await (await box.rollback_snapshot(snapshot)).wait(timeout=5)
    assert [s.id for s in await box.snapshots.get_all()] == [snapshot.id]
    deleting = await box.snapshots.delete(snapshot)
    assert isinstance(deleting, StorageBoxAction)
    await deleting.wait(timeout=5)
    assert await box.snapshots.get_all() == []


async def test_types(client: Client) -> None:
    types = await client.storage_box_types.get_all()
    assert [t.name for t in types] == ["bx11", "bx21", "bx31", "bx41"]
    bx41 = await client.storage_box_types.get_by_name("bx41")
    assert bx41 is not None
    assert (bx41.size, bx41.snapshot_limit, bx41.subaccounts_limit) == (20 * 1024**4, 40, 100)
    assert bx41.prices[0]["location"] == "fsn1"
    assert repr(bx41) == f"<StorageBoxType id={bx41.id} name='bx41'>"


async def test_one_wait_polls_each_family_where_it_keeps_its_actions(
    client: Client, sim: Simulator
) -> None:
    server = await client.servers.create("web-1", "cx23", "ubuntu-24.04")
    box = await client.storage_boxes.create("backups", "bx11", "fsn1", PASSWORD)
    done = await client.actions.wait([server.action, box.action], timeout=5)
    assert [(a.family, a.command) for a in done] == [
        ("hetzner-cloud", "create_server"),
        ("hetzner-api", "create"),
    ]
    assert sim.project.requests["GET /actions"] >= 1
    assert sim.project.requests["GET /storage_boxes/actions"] >= 1
