"""Images: listing (deprecated ones, filters), and the rules for snapshots and backups."""

from __future__ import annotations

from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator

from ..conftest import field_names

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


async def test_the_actions_of_images_can_be_read(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    image, other = add_image(simulator), add_image(simulator)
    done = (await client.post(f"/images/{image['id']}/actions/change_protection"))["action"]
    await client.post(f"/images/{other['id']}/actions/change_protection")
    mine = (await client.get(f"/images/{image['id']}/actions"))["actions"]
    assert [action["id"] for action in mine] == [done["id"]]
    assert len((await client.get("/images/actions", sort="id:desc"))["actions"]) == 2
    for path in (f"/images/actions/{done['id']}", f"/images/{image['id']}/actions/{done['id']}"):
        assert (await client.get(path))["action"]["status"] == "success"
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(f"/images/{other['id']}/actions/{done['id']}")
