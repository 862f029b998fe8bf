"""Storage Box subaccounts and snapshots: sub-collections of a box, within its type's limits,
locking the box while their actions run."""

from __future__ import annotations

from typing import Any

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import Clock, field_names, refused
from .conftest import PASSWORD, new_box


async def new_subaccount(
    api: asynchetzner.Client, box_id: int, home: str = "backups", **body: Any
) -> dict[str, Any]:
    path = f"/storage_boxes/{box_id}/subaccounts"
    fields = {"home_directory": home, "password": PASSWORD, **body}
    created: dict[str, Any] = await api.post(path, **fields)
    return created


# Subaccounts


async def test_subaccount_create_answers_it_and_an_action_on_both(
    api: asynchetzner.Client,
) -> None:
    created_box = (await new_box(api))["storage_box"]
    box_id = created_box["id"]
    created = await new_subaccount(api, box_id, access_settings={"readonly": True})
    subaccount, action = created["subaccount"], created["action"]
    username = f"{created_box['username']}-sub1"
    assert subaccount["storage_box"] == box_id
    assert (subaccount["username"], subaccount["name"]) == (username, username)
    assert subaccount["server"] == f"{username}.your-storagebox.de"
    assert subaccount["access_settings"]["readonly"] is True
    assert subaccount["description"] == ""
    assert action["command"] == "create_subaccount"
    assert action["resources"] == [
        {"id": box_id, "type": "storage_box"},
        {"id": subaccount["id"], "type": "storage_box_subaccount"},
    ]
    second = (await new_subaccount(api, box_id, name="web"))["subaccount"]
    assert (second["username"], second["name"]) == (f"{created_box['username']}-sub2", "web")
    listed = await api.get(f"/storage_boxes/{box_id}/subaccounts", username=username)
    assert [s["id"] for s in listed["subaccounts"]] == [subaccount["id"]]
    assert "meta" not in listed


async def test_subaccount_rules(api: asynchetzner.Client, simulator: Simulator) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    error = await refused(new_subaccount(api, box_id, "backups/../etc"), "invalid_input", 422)
    assert field_names(error) == ["home_directory"]
    error = await refused(new_subaccount(api, box_id, password="weak"), "invalid_input", 422)
    assert field_names(error) == ["password"]
    await new_subaccount(api, box_id, name="web")
    await refused(new_subaccount(api, box_id, name="web"), "uniqueness_error", 409)
    simulator.store.table("storage_box")[box_id]["storage_box_type"]["subaccounts_limit"] = 1
    await refused(new_subaccount(api, box_id), "resource_limit_exceeded", 403)
    await refused(new_subaccount(api, 999), "not_found", 404)


async def test_subaccount_update_actions_and_delete(
    api: asynchetzner.Client, simulator: Simulator
) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    sub_id = (await new_subaccount(api, box_id))["subaccount"]["id"]
    path = f"/storage_boxes/{box_id}/subaccounts/{sub_id}"
    updated = await api.put(path, description="the web servers", labels={"a": "b"})
    assert updated["subaccount"]["description"] == "the web servers"
    renamed = (await api.put(path, name="web"))["subaccount"]
    assert (renamed["name"], renamed["description"]) == ("web", "the web servers")
    await api.post(f"{path}/actions/change_home_directory", home_directory="web")
    await refused(
        api.post(f"{path}/actions/change_home_directory", home_directory=".."), "invalid_input"
    )
    await api.post(f"{path}/actions/update_access_settings", ssh_enabled=True)
    reset = await api.post(f"{path}/actions/reset_subaccount_password", password="Other-Pass-456")
    assert reset["action"]["command"] == "reset_subaccount_password"
    await refused(
        api.post(f"{path}/actions/reset_subaccount_password", password="x"), "invalid_input"
    )
    found = (await api.get(path))["subaccount"]
    assert (found["home_directory"], found["access_settings"]["ssh_enabled"]) == ("web", True)
    assert simulator.store.table("subaccount")[sub_id]["_password"] == "Other-Pass-456"
    deleting = (await api.delete(path))["action"]
    assert deleting["command"] == "delete_subaccount"
    await refused(api.get(path), "not_found", 404)
    other_box = (await new_box(api, "other"))["storage_box"]["id"]
    other = (await new_subaccount(api, other_box))["subaccount"]["id"]
    await refused(api.get(f"/storage_boxes/{box_id}/subaccounts/{other}"), "not_found", 404)


async def test_subaccount_actions_lock_the_box(
    clocked: Clock, clocked_api: asynchetzner.Client
) -> None:
    box_id = (await new_box(clocked_api))["storage_box"]["id"]
    await refused(new_subaccount(clocked_api, box_id), "locked", 423)
    clocked.tick()
    sub_id = (await new_subaccount(clocked_api, box_id))["subaccount"]["id"]
    path = f"/storage_boxes/{box_id}/subaccounts/{sub_id}"
    await refused(clocked_api.post(f"/storage_boxes/{box_id}/snapshots"), "locked", 423)
    await refused(
        clocked_api.post(f"{path}/actions/update_access_settings", readonly=True), "locked", 423
    )
    clocked.tick()
    await clocked_api.post(f"{path}/actions/update_access_settings", readonly=True)
    await refused(clocked_api.delete(path), "locked", 423)
    clocked.tick()
    await clocked_api.delete(path)


# Snapshots


async def test_snapshot_create_list_update_delete(
    api: asynchetzner.Client, simulator: Simulator
) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    simulator.store.table("storage_box")[box_id]["stats"]["size_data"] = 42
    created = await api.post(f"/storage_boxes/{box_id}/snapshots", description="nightly")
    snapshot, action = created["snapshot"], created["action"]
    assert snapshot["stats"] == {"size": 0, "size_filesystem": 42}
    assert (snapshot["description"], snapshot["is_automatic"]) == ("nightly", False)
    assert snapshot["name"].endswith(f"-{snapshot['id']}")
    assert action["resources"] == [
        {"id": box_id, "type": "storage_box"},
        {"id": snapshot["id"], "type": "storage_box_snapshot"},
    ]
    path = f"/storage_boxes/{box_id}/snapshots/{snapshot['id']}"
    updated = (await api.put(path, description="kept", labels={"keep": ""}))["snapshot"]
    assert (updated["description"], updated["labels"]) == ("kept", {"keep": ""})
    relabelled = (await api.put(path, labels={}))["snapshot"]
    assert (relabelled["description"], relabelled["labels"]) == ("kept", {})
    deleting = (await api.delete(path))["action"]
    assert deleting["command"] == "delete_snapshot"
    assert sorted(r["type"] for r in deleting["resources"]) == [
        "storage_box",
        "storage_box_snapshot",
    ]
    await refused(api.get(path), "not_found", 404)


async def test_snapshots_filter_by_automatic_and_keep_to_the_limit(
    api: asynchetzner.Client, simulator: Simulator
) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    path = f"/storage_boxes/{box_id}/snapshots"
    manual = (await api.post(path))["snapshot"]["id"]
    automatic = (await api.post(path))["snapshot"]["id"]
    simulator.store.table("snapshot")[automatic]["is_automatic"] = True
    assert [s["id"] for s in (await api.get(path, is_automatic="true"))["snapshots"]] == [automatic]
    assert [s["id"] for s in (await api.get(path, is_automatic="false"))["snapshots"]] == [manual]
    assert len((await api.get(path))["snapshots"]) == 2
    await refused(api.get(path, is_automatic="maybe"), "invalid_input", 422)
    simulator.store.table("storage_box")[box_id]["storage_box_type"]["snapshot_limit"] = 1
    await refused(api.post(path), "resource_limit_exceeded", 403)


async def test_snapshot_deletion_locks_the_box(
    clocked: Clock, clocked_api: asynchetzner.Client
) -> None:
    box_id = (await new_box(clocked_api))["storage_box"]["id"]
    clocked.tick()
    snapshot = (await clocked_api.post(f"/storage_boxes/{box_id}/snapshots"))["snapshot"]
    clocked.tick()
    await clocked_api.post(f"/storage_boxes/{box_id}/actions/disable_snapshot_plan")
    path = f"/storage_boxes/{box_id}/snapshots/{snapshot['id']}"
    await refused(clocked_api.delete(path), "locked", 423)
