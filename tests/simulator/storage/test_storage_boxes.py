"""Storage Boxes: create (``initializing`` until ready), one action at a time, protection, the
password policy, types, access settings, snapshot plans, rollback and folders; and the Cloud
API's action reads know their actions, as the official library reads them."""

from __future__ import annotations

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import Clock, field_names, refused
from .conftest import PASSWORD, act, box, new_box

# Create


async def test_create_answers_an_initializing_box_and_its_action(
    api: asynchetzner.Client,
) -> None:
    created = await new_box(
        api,
        storage_box_type=2,
        location="hel1",
        labels={"env": "prod"},
        access_settings={"ssh_enabled": True},
        ssh_keys=["ssh-ed25519 AAAAC3Nz me@host"],
    )
    answer, action = created["storage_box"], created["action"]
    assert answer["status"] == "initializing"
    assert (answer["server"], answer["system"]) == (None, None)
    assert answer["storage_box_type"]["name"] == "bx21"
    assert answer["location"]["name"] == "hel1"
    assert answer["access_settings"] == {
        "reachable_externally": False,
        "samba_enabled": False,
        "ssh_enabled": True,
        "webdav_enabled": False,
        "zfs_enabled": False,
    }
    assert answer["labels"] == {"env": "prod"}
    assert answer["protection"] == {"delete": False}
    assert answer["snapshot_plan"] is None
    assert "password" not in str(answer).lower()
    assert (action["command"], action["resources"]) == (
        "create",
        [{"id": answer["id"], "type": "storage_box"}],
    )
    ready = await box(api, answer["id"])
    assert ready["status"] == "active"
    assert ready["server"] == f"{answer['username']}.your-storagebox.de"
    assert ready["system"] == f"HEL1-BX{answer['id']}"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"storage_box_type": "bx99"}, "storage_box_type"),
        ({"location": "nbg1"}, "location"),
        ({"location": "mars1"}, "location"),
        ({"password": "short-1A"}, "password"),
        ({"password": "nouppercase-123"}, "password"),
        ({"password": "NoSpecialChar123"}, "password"),
        ({"password": "Has space in-123"}, "password"),
        ({"ssh_keys": ["not a key"]}, "ssh_keys"),
    ],
)
async def test_create_refuses_bad_input(
    api: asynchetzner.Client, body: dict[str, object], field: str
) -> None:
    error = await refused(new_box(api, **body), "invalid_input", 422)
    assert field_names(error) == [field]


async def test_names_are_unique(api: asynchetzner.Client) -> None:
    await new_box(api)
    await refused(new_box(api), "uniqueness_error", 409)


# One action at a time


async def test_a_box_takes_one_action_at_a_time(
    clocked: Clock, clocked_api: asynchetzner.Client
) -> None:
    created = await new_box(clocked_api)
    box_id = created["storage_box"]["id"]
    await refused(act(clocked_api, box_id, "disable_snapshot_plan"), "locked", 423)
    await refused(clocked_api.delete(f"/storage_boxes/{box_id}"), "locked", 423)
    clocked.tick()
    changing = await act(clocked_api, box_id, "change_type", storage_box_type="bx21")
    assert (await box(clocked_api, box_id))["status"] == "locked"
    await refused(act(clocked_api, box_id, "reset_password", password=PASSWORD), "locked", 423)
    clocked.tick()
    done = (await clocked_api.get(f"/storage_boxes/actions/{changing['id']}"))["action"]
    assert done["status"] == "success"
    assert (await box(clocked_api, box_id))["status"] == "active"


# Protection and deletion


async def test_protected_boxes_are_not_deleted(api: asynchetzner.Client) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    await act(api, box_id, "change_protection", delete=True)
    assert (await box(api, box_id))["protection"] == {"delete": True}
    await refused(api.delete(f"/storage_boxes/{box_id}"), "protected", 423)
    await act(api, box_id, "change_protection", delete=False)
    deleting = (await api.delete(f"/storage_boxes/{box_id}"))["action"]
    assert deleting["command"] == "delete"
    await refused(box(api, box_id), "not_found", 404)


async def test_deleting_a_box_deletes_its_subaccounts_and_snapshots(
    api: asynchetzner.Client, simulator: Simulator
) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    await api.post(f"/storage_boxes/{box_id}/subaccounts", home_directory="a", password=PASSWORD)
    await api.post(f"/storage_boxes/{box_id}/snapshots")
    kept = (await new_box(api, "other"))["storage_box"]["id"]
    await api.post(f"/storage_boxes/{kept}/snapshots")
    await api.delete(f"/storage_boxes/{box_id}")
    await api.get("/storage_box_types")  # the deletion's action has finished
    assert simulator.store.table("subaccount") == {}
    assert [s["_parent"] for s in simulator.store.table("snapshot").values()] == [kept]


# Actions


async def test_change_type(api: asynchetzner.Client, simulator: Simulator) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    error = await refused(act(api, box_id, "change_type", storage_box_type="bx11"), "invalid_input")
    assert field_names(error) == ["storage_box_type"]
    await act(api, box_id, "change_type", storage_box_type="bx31")
    assert (await box(api, box_id))["storage_box_type"]["name"] == "bx31"
    simulator.store.table("storage_box")[box_id]["stats"]["size"] = 6 * 1024**4
    await refused(act(api, box_id, "change_type", storage_box_type="bx21"), "invalid_input")
    await refused(act(api, box_id, "change_type", storage_box_type=99), "invalid_input")


async def test_reset_password_follows_the_policy(
    api: asynchetzner.Client, simulator: Simulator
) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    await refused(act(api, box_id, "reset_password", password="weak"), "invalid_input")
    await act(api, box_id, "reset_password", password="Other-Pass-456")
    await box(api, box_id)
    assert simulator.store.table("storage_box")[box_id]["_password"] == "Other-Pass-456"


async def test_update_access_settings_changes_those_given(api: asynchetzner.Client) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    await act(api, box_id, "update_access_settings", samba_enabled=True, zfs_enabled=True)
    await act(api, box_id, "update_access_settings", zfs_enabled=False)
    settings = (await box(api, box_id))["access_settings"]
    assert (settings["samba_enabled"], settings["zfs_enabled"]) == (True, False)


async def test_snapshot_plan(api: asynchetzner.Client) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    error = await refused(
        act(api, box_id, "enable_snapshot_plan", max_snapshots=11, minute=0, hour=3),
        "invalid_input",
    )
    assert field_names(error) == ["max_snapshots"]
    await act(
        api, box_id, "enable_snapshot_plan", max_snapshots=7, minute=30, hour=3, day_of_week=1
    )
    assert (await box(api, box_id))["snapshot_plan"] == {
        "max_snapshots": 7,
        "minute": 30,
        "hour": 3,
        "day_of_week": 1,
        "day_of_month": None,
    }
    await act(api, box_id, "disable_snapshot_plan")
    assert (await box(api, box_id))["snapshot_plan"] is None


async def test_rollback_removes_newer_snapshots_and_restores_the_data(
    api: asynchetzner.Client, simulator: Simulator
) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    stats = simulator.store.table("storage_box")[box_id]["stats"]
    stats["size_data"] = 100
    first = (await api.post(f"/storage_boxes/{box_id}/snapshots"))["snapshot"]
    stats["size_data"] = 250
    second = (await api.post(f"/storage_boxes/{box_id}/snapshots"))["snapshot"]
    await api.post(f"/storage_boxes/{box_id}/snapshots")
    await refused(act(api, box_id, "rollback_snapshot", snapshot=999), "invalid_input")
    await act(api, box_id, "rollback_snapshot", snapshot=second["name"])
    listed = (await api.get(f"/storage_boxes/{box_id}/snapshots"))["snapshots"]
    assert [s["id"] for s in listed] == [first["id"], second["id"]]
    assert (await box(api, box_id))["stats"]["size_data"] == 250
    await act(api, box_id, "rollback_snapshot", snapshot=first["id"])
    assert (await box(api, box_id))["stats"]["size_data"] == 100


# Folders


async def test_folders_are_the_subaccounts_home_directories(api: asynchetzner.Client) -> None:
    box_id = (await new_box(api))["storage_box"]["id"]
    path = f"/storage_boxes/{box_id}/subaccounts"
    for home in ("backups/web", "backups/db/", "./photos", "backups/web"):
        await api.post(path, home_directory=home, password=PASSWORD)
    folders = f"/storage_boxes/{box_id}/folders"
    assert (await api.get(folders))["folders"] == ["backups", "photos"]
    assert (await api.get(folders, path="/backups/"))["folders"] == ["db", "web"]
    assert (await api.get(folders, path="backups/db"))["folders"] == []
    await refused(api.get(folders, path="nothing"), "not_found", 404)


# Actions: listed by the Hetzner API, read through the Cloud API too


async def test_actions_are_listed_and_the_cloud_api_reads_them(
    api: asynchetzner.Client, client: asynchetzner.Client
) -> None:
    created = await new_box(api)
    box_id, action_id = created["storage_box"]["id"], created["action"]["id"]
    other = await act(api, box_id, "disable_snapshot_plan")
    listed = await api.get("/storage_boxes/actions", id=[action_id, other["id"]], sort="id")
    assert [a["command"] for a in listed["actions"]] == ["create", "disable_snapshot_plan"]
    on_box = await api.get(f"/storage_boxes/{box_id}/actions", status="success")
    assert len(on_box["actions"]) == 2
    assert (await client.get(f"/actions/{action_id}"))["action"]["command"] == "create"
    by_id = await client.get("/actions", id=[action_id])
    assert [a["id"] for a in by_id["actions"]] == [action_id]


async def test_a_path_of_no_operation_names_the_hetzner_api(api: asynchetzner.Client) -> None:
    error = await refused(api.get("/servers"), "not_found", 404)
    assert error.message.startswith("GET /servers is not an operation of Hetzner's API")
    error = await refused(api.post("/storage_box_types"), "method_not_allowed", 405)
    assert error.message.startswith("/storage_box_types does not take POST")


async def test_types_are_seeded_from_the_offer(api: asynchetzner.Client) -> None:
    types = (await api.get("/storage_box_types"))["storage_box_types"]
    assert [t["name"] for t in types] == ["bx11", "bx21", "bx31", "bx41"]
    assert [t["size"] // 1024**4 for t in types] == [1, 5, 10, 20]
    found = await api.get("/storage_box_types", name="bx31")
    assert [t["id"] for t in found["storage_box_types"]] == [3]
