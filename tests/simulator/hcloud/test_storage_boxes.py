"""Storage Boxes through the official ``hcloud`` library (``client.storage_boxes``, its
``api_endpoint_hetzner`` pointed at the simulator): create and wait (``hcloud`` waits for Storage
Box actions through the Cloud API's ``GET /actions/{id}``), act, subaccounts, snapshots, delete."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import run

hcloud = pytest.importorskip("hcloud")
storage_boxes = pytest.importorskip("hcloud.storage_boxes")
Location = hcloud.locations.Location
StorageBoxType = hcloud.storage_box_types.StorageBoxType
PASSWORD = "Secret-Pass-123"


def create_box(hc: Any, name: str = "backups") -> Any:
    """Create a Storage Box and wait until it is ready (blocking)."""
    created = hc.storage_boxes.create(
        name=name,
        password=PASSWORD,
        location=Location(name="fsn1"),
        storage_box_type=StorageBoxType(name="bx11"),
        access_settings=storage_boxes.StorageBoxAccessSettings(ssh_enabled=True),
        labels={"env": "prod"},
    )
    created.action.wait_until_finished()
    return hc.storage_boxes.get_by_id(created.storage_box.id)


async def test_create_act_and_delete_a_storage_box(hc: Any) -> None:
    box = await run(create_box, hc)
    assert (box.name, box.status, box.storage_box_type.name) == ("backups", "active", "bx11")
    assert box.access_settings.ssh_enabled is True
    assert box.server == f"{box.username}.your-storagebox.de"
    assert [b.id for b in await run(hc.storage_boxes.get_all, label_selector="env=prod")] == [
        box.id
    ]
    plan = storage_boxes.StorageBoxSnapshotPlan(max_snapshots=7, hour=3, minute=0)
    await run(lambda: box.enable_snapshot_plan(plan).wait_until_finished())
    await run(lambda: box.change_type(StorageBoxType(name="bx21")).wait_until_finished())
    await run(lambda: box.change_protection(delete=True).wait_until_finished())
    again = await run(hc.storage_boxes.get_by_id, box.id)
    assert again.snapshot_plan.max_snapshots == 7
    assert (again.storage_box_type.name, again.protection["delete"]) == ("bx21", True)
    with pytest.raises(hcloud.APIException) as refused:
        await run(box.delete)
    assert refused.value.code == "protected"
    await run(lambda: box.change_protection(delete=False).wait_until_finished())
    await run(lambda: box.delete().action.wait_until_finished())
    assert await run(hc.storage_boxes.get_all) == []


async def test_subaccounts_snapshots_and_folders(hc: Any) -> None:
    box = await run(create_box, hc)
    created = await run(
        box.create_subaccount, home_directory="backups/web", password=PASSWORD, name="web"
    )
    await run(created.action.wait_until_finished)
    subaccount = await run(box.get_subaccount_by_name, "web")
    assert subaccount.home_directory == "backups/web"
    await run(lambda: subaccount.change_home_directory("backups/db").wait_until_finished())
    assert (await run(lambda: box.get_folders(path="backups"))).folders == ["db"]
    snapshot = await run(box.create_snapshot, description="nightly")
    await run(snapshot.action.wait_until_finished)
    snapshots = await run(box.get_snapshot_all)
    assert [s.description for s in snapshots] == ["nightly"]
    await run(lambda: box.rollback_snapshot(snapshots[0]).wait_until_finished())
    await run(lambda: snapshots[0].delete().action.wait_until_finished())
    await run(lambda: subaccount.delete().action.wait_until_finished())
    assert await run(box.get_subaccount_all) == []
    assert await run(box.get_snapshot_all) == []


async def test_storage_box_types(hc: Any) -> None:
    types = await run(hc.storage_box_types.get_all)
    assert [t.name for t in types] == ["bx11", "bx21", "bx31", "bx41"]
    assert (await run(hc.storage_box_types.get_by_name, "bx41")).size == 20 * 1024**4
