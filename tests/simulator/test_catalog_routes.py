"""The catalog routes: locations, server types, ISOs and images, and seeding the store."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

import asynchetzner
from asynchetzner.simulator import Simulator, catalog
from asynchetzner.simulator.engine.store import Store
from asynchetzner.simulator.routes.catalog import seed

DEPRECATED_IMAGE = "ubuntu-20.04"


def add_image(simulator: Simulator, **fields: Any) -> dict[str, Any]:
    """Put a snapshot into the store the way the servers module does, with ``fields`` changed."""
    store = simulator.store
    image: dict[str, Any] = {
        "id": store.next_id("image"),
        "type": "snapshot",
        "status": "available",
        "name": None,
        "description": "my snapshot",
        "image_size": 1.5,
        "disk_size": 40,
        "created": "2026-01-02T03:04:05+00:00",
        "created_from": {"id": 7, "name": "web-1"},
        "bound_to": None,
        "os_flavor": "ubuntu",
        "os_version": "24.04",
        "rapid_deploy": False,
        "protection": {"delete": False},
        "deprecated": None,
        "deleted": None,
        "labels": {"env": "prod"},
        "architecture": "x86",
        **fields,
    }
    store.table("image")[image["id"]] = image
    return image


def field_names(error: asynchetzner.APIError) -> list[str]:
    return [field["name"] for field in error.details["fields"]]


# Seeding


def test_seed_fills_every_table_with_the_catalog_ids() -> None:
    store = Store()
    seed(store)
    for kind, entries in (
        ("location", catalog.locations()),
        ("server_type", catalog.server_types()),
        ("image", catalog.images()),
        ("iso", catalog.isos()),
    ):
        assert store.table(kind) == {entry["id"]: entry for entry in entries}


def test_seed_moves_image_ids_past_the_catalog() -> None:
    store = Store()
    seed(store)
    assert store.next_id("image") == max(image["id"] for image in catalog.images()) + 1


def test_seed_keeps_tables_that_are_not_empty() -> None:
    store = Store()
    store.table("location")[99] = {"id": 99, "name": "mine"}
    seed(store)
    assert store.table("location") == {99: {"id": 99, "name": "mine"}}
    assert len(store.table("server_type")) == len(catalog.server_types())


def test_seed_never_moves_image_ids_backwards() -> None:
    store = Store()
    seed(store)
    taken = store.next_id("image")
    seed(store)
    assert store.next_id("image") > taken


# Locations and server types


async def test_locations_are_listed_by_id_and_filtered_by_name(
    client: asynchetzner.Client,
) -> None:
    everything = await client.get("/locations")
    assert [loc["id"] for loc in everything["locations"]] == [1, 2, 3, 4, 5, 6]
    assert everything["meta"]["pagination"]["total_entries"] == 6
    only = await client.get("/locations", name="hel1")
    assert [loc["name"] for loc in only["locations"]] == ["hel1"]


async def test_locations_sort_by_name_and_paginate(client: asynchetzner.Client) -> None:
    page = await client.get("/locations", sort="name:desc", per_page=2, page=2)
    assert [loc["name"] for loc in page["locations"]] == ["hil", "hel1"]
    assert page["meta"]["pagination"]["last_page"] == 3


async def test_locations_answer_the_link_header(simulator: Simulator) -> None:
    headers = {"Authorization": f"Bearer {simulator.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{simulator.url}/locations?per_page=4", headers=headers) as response,
    ):
        assert 'per_page=4&page=2>; rel="next"' in response.headers["Link"]


async def test_locations_cannot_sort_by_created(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/locations", sort="created")
    assert field_names(caught.value) == ["sort"]


async def test_one_location(client: asynchetzner.Client) -> None:
    location = (await client.get("/locations/4"))["location"]
    assert location["name"] == "ash"
    assert location["network_zone"] == "us-east"


@pytest.mark.parametrize("path", ["/locations/77", "/server_types/1", "/isos/1", "/images/1"])
async def test_unknown_catalog_ids_are_not_found(client: asynchetzner.Client, path: str) -> None:
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(path)


async def test_a_path_id_must_be_a_number(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/locations/fsn1")
    assert field_names(caught.value) == ["id"]


async def test_server_types_are_listed_and_filtered_by_name(client: asynchetzner.Client) -> None:
    listed = (await client.get("/server_types", per_page=50))["server_types"]
    assert len(listed) == len(catalog.server_types())
    only = (await client.get("/server_types", name="cax11"))["server_types"]
    assert [(st["id"], st["architecture"]) for st in only] == [(45, "arm")]


async def test_one_server_type(client: asynchetzner.Client) -> None:
    server_type = (await client.get("/server_types/22"))["server_type"]
    assert server_type["name"] == "cpx11"
    assert server_type["deprecated"] is True


# ISOs


async def test_isos_are_filtered_by_architecture_and_name(client: asynchetzner.Client) -> None:
    arm = (await client.get("/isos", architecture="arm"))["isos"]
    assert {iso["id"] for iso in arm} == {4003, 4005}
    named = (await client.get("/isos", name="virtio-win-0.1.266.iso"))["isos"]
    assert [iso["id"] for iso in named] == [4001]


async def test_isos_with_wildcard_architecture_only_when_asked() -> None:
    # Unchecked simulator: the spec's ISO schema is nullable but its enum lacks null, so it
    # rejects the wildcard ISOs (architecture null) its own description promises.
    async with Simulator(action_seconds=0.0) as simulator, simulator.client() as client:
        simulator.store.table("iso")[4100] = {
            "id": 4100,
            "name": "any-arch.iso",
            "description": "Fits every architecture",
            "type": "public",
            "deprecation": None,
            "architecture": None,
        }
        plain = (await client.get("/isos", architecture="x86"))["isos"]
        assert 4100 not in {iso["id"] for iso in plain}
        wild = await client.get("/isos", architecture="x86", include_architecture_wildcard=True)
        assert {iso["id"] for iso in wild["isos"]} == {4001, 4002, 4004, 4100}
        everything = (await client.get("/isos"))["isos"]
        assert 4100 in {iso["id"] for iso in everything}


async def test_iso_wildcard_needs_an_architecture(client: asynchetzner.Client) -> None:
    listed = await client.get("/isos", include_architecture_wildcard=True)
    assert {iso["id"] for iso in listed["isos"]} == {4001, 4002, 4003, 4004, 4005}


async def test_iso_flags_must_be_booleans(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/isos", architecture="x86", include_architecture_wildcard="yes")
    assert field_names(caught.value) == ["include_architecture_wildcard"]


async def test_one_iso(client: asynchetzner.Client) -> None:
    iso = (await client.get("/isos/4003"))["iso"]
    assert iso["architecture"] == "arm"


# Images: listing


async def test_images_hide_deprecated_ones_unless_asked(client: asynchetzner.Client) -> None:
    default = (await client.get("/images", name=DEPRECATED_IMAGE))["images"]
    assert default == []
    included = await client.get("/images", name=DEPRECATED_IMAGE, include_deprecated=True)
    assert {image["architecture"] for image in included["images"]} == {"x86", "arm"}
    assert all(image["deprecated"] for image in included["images"])


async def test_deprecated_images_can_still_be_fetched(client: asynchetzner.Client) -> None:
    image = (await client.get("/images/15512617"))["image"]
    assert image["name"] == DEPRECATED_IMAGE


async def test_include_deprecated_must_be_a_boolean(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/images", include_deprecated="maybe")
    assert field_names(caught.value) == ["include_deprecated"]


async def test_images_filter_by_type_status_architecture_and_bound_to(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    snapshot = add_image(simulator)
    creating = add_image(simulator, status="creating", architecture="arm")
    backup = add_image(simulator, type="backup", bound_to=7)
    by_type = await client.get("/images", type=["snapshot", "backup"])
    assert [i["id"] for i in by_type["images"]] == [snapshot["id"], creating["id"], backup["id"]]
    by_status = await client.get("/images", status="creating")
    assert [i["id"] for i in by_status["images"]] == [creating["id"]]
    arm = await client.get("/images", type="snapshot", architecture="arm")
    assert [i["id"] for i in arm["images"]] == [creating["id"]]
    bound = await client.get("/images", bound_to=7)
    assert [i["id"] for i in bound["images"]] == [backup["id"]]


async def test_images_filter_by_label_selector(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    prod = add_image(simulator)
    add_image(simulator, labels={"env": "dev"})
    listed = await client.get("/images", label_selector="env=prod")
    assert [image["id"] for image in listed["images"]] == [prod["id"]]


async def test_images_sort_by_name(client: asynchetzner.Client) -> None:
    listed = await client.get("/images", architecture="x86", sort=["name:desc", "id"])
    names = [image["name"] for image in listed["images"]]
    assert names == sorted(names, reverse=True)
    assert names[0] == "ubuntu-24.04"


# Images: update, delete, protection


async def test_update_image_replaces_labels_and_description(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    image = add_image(simulator, labels={"env": "prod", "team": "a"})
    updated = await client.put(
        f"/images/{image['id']}", description="golden", labels={"tier": "web"}
    )
    assert updated["image"]["description"] == "golden"
    assert updated["image"]["labels"] == {"tier": "web"}
    fetched = (await client.get(f"/images/{image['id']}"))["image"]
    assert fetched == updated["image"]


async def test_update_image_turns_a_backup_into_a_snapshot(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    backup = add_image(simulator, type="backup", bound_to=7)
    updated = (await client.put(f"/images/{backup['id']}", type="snapshot"))["image"]
    assert (updated["type"], updated["bound_to"]) == ("snapshot", None)


async def test_update_image_rejects_bad_labels(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    image = add_image(simulator)
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.put(f"/images/{image['id']}", labels={"hetzner.cloud/x": "y"})
    assert field_names(caught.value) == ["labels"]
    assert image["labels"] == {"env": "prod"}


async def test_update_image_rejects_other_types(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    backup = add_image(simulator, type="backup", bound_to=7)
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.put(f"/images/{backup['id']}", type="system")
    assert field_names(caught.value) == ["type"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/images/161547269", {"description": "mine"}),
        ("DELETE", "/images/161547269", None),
        ("POST", "/images/161547269/actions/change_protection", {"delete": True}),
    ],
)
async def test_system_images_are_forbidden_to_change(
    client: asynchetzner.Client, method: str, path: str, body: dict[str, Any] | None
) -> None:
    with pytest.raises(asynchetzner.ForbiddenError):
        await client.call(method, path, body)
    assert (await client.get("/images/161547269"))["image"]["description"] == "Ubuntu 24.04"


async def test_unknown_images_cannot_change(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.NotFoundError):
        await client.put("/images/5", description="x")
    with pytest.raises(asynchetzner.NotFoundError):
        await client.delete("/images/5")


async def test_delete_image(simulator: Simulator, client: asynchetzner.Client) -> None:
    image = add_image(simulator)
    assert await client.delete(f"/images/{image['id']}") is None
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(f"/images/{image['id']}")


async def test_delete_image_while_an_action_runs_on_it_is_locked(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    image = add_image(simulator, status="creating")
    simulator.store.start_action("create_image", [("image", image["id"])], duration=3600)
    with pytest.raises(asynchetzner.LockedError):
        await client.delete(f"/images/{image['id']}")
    assert image["id"] in simulator.store.table("image")


async def test_protection_applies_when_its_action_succeeds(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    image = add_image(simulator)
    answer = await client.post(f"/images/{image['id']}/actions/change_protection", delete=True)
    action = answer["action"]
    assert action["command"] == "change_protection"
    assert action["resources"] == [{"id": image["id"], "type": "image"}]
    fetched = (await client.get(f"/images/{image['id']}"))["image"]
    assert fetched["protection"] == {"delete": True}
    with pytest.raises(asynchetzner.ProtectedError):
        await client.delete(f"/images/{image['id']}")
    await client.post(f"/images/{image['id']}/actions/change_protection", delete=False)
    assert await client.delete(f"/images/{image['id']}") is None


async def test_protection_waits_for_its_action(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    image = add_image(simulator)
    simulator.store.action_seconds = 3600
    await client.post(f"/images/{image['id']}/actions/change_protection", delete=True)
    assert (await client.get(f"/images/{image['id']}"))["image"]["protection"]["delete"] is False


async def test_protection_without_delete_changes_nothing(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    image = add_image(simulator, protection={"delete": True})
    await client.post(f"/images/{image['id']}/actions/change_protection")
    assert (await client.get(f"/images/{image['id']}"))["image"]["protection"]["delete"] is True


async def test_backups_cannot_be_protected(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    backup = add_image(simulator, type="backup", bound_to=7)
    with pytest.raises(asynchetzner.UnsupportedError):
        await client.post(f"/images/{backup['id']}/actions/change_protection", delete=True)


async def test_protection_of_a_locked_image_is_refused(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    image = add_image(simulator, status="creating")
    simulator.store.start_action("create_image", [("image", image["id"])], duration=3600)
    with pytest.raises(asynchetzner.LockedError):
        await client.post(f"/images/{image['id']}/actions/change_protection", delete=True)
