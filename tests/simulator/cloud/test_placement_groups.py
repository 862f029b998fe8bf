"""Placement groups: create, list, update, delete, and membership as servers join and leave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.cloud.placement_groups import (
    SPREAD_LIMIT,
    check_capacity,
    placement_group_json,
)
from asynchetzner.simulator.engine.errors import SimulatorError


async def create(client: asynchetzner.Client, name: str, **body: Any) -> dict[str, Any]:
    group: dict[str, Any] = (
        await client.post("/placement_groups", name=name, type="spread", **body)
    )["placement_group"]
    return group


async def join(client: asynchetzner.Client, group_id: int, name: str) -> int:
    """Create a server in the group; its id."""
    body = {"server_type": "cx23", "image": "ubuntu-24.04", "placement_group": group_id}
    server: dict[str, Any] = (await client.post("/servers", name=name, **body))["server"]
    return int(server["id"])


async def leave(client: asynchetzner.Client, server_id: int) -> None:
    """Delete the server; with instant actions it is gone by the next request."""
    await client.delete(f"/servers/{server_id}")
    await client.get("/placement_groups")


def field_names(error: asynchetzner.APIError) -> list[str]:
    return [field["name"] for field in error.details["fields"]]


# Routes


async def test_create_answers_an_empty_spread_group_and_no_action(
    client: asynchetzner.Client,
) -> None:
    created = await client.post(
        "/placement_groups", name="web", type="spread", labels={"env": "prod"}
    )
    assert created["action"] is None  # the spec's answer has one; creating takes none
    group = created["placement_group"]
    assert (group["name"], group["type"], group["servers"]) == ("web", "spread", [])
    assert group["labels"] == {"env": "prod"}
    assert (await client.get(f"/placement_groups/{group['id']}"))["placement_group"] == group


async def test_create_requires_a_known_type(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.post("/placement_groups", name="web", type="cluster")
    assert field_names(caught.value) == ["type"]
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.post("/placement_groups", name="web")
    assert field_names(caught.value) == ["type"]


async def test_create_rejects_bad_labels(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, "web", labels={"-bad": ""})
    assert field_names(caught.value) == ["labels"]


async def test_duplicate_name_is_a_uniqueness_error(client: asynchetzner.Client) -> None:
    await create(client, "web")
    with pytest.raises(asynchetzner.UniquenessError) as caught:
        await create(client, "web")
    assert field_names(caught.value) == ["name"]


async def test_list_filters_by_name_type_and_labels(client: asynchetzner.Client) -> None:
    web = await create(client, "web", labels={"tier": "front"})
    db = await create(client, "db", labels={"tier": "back"})
    assert (await client.get("/placement_groups"))["placement_groups"] == [web, db]
    assert (await client.get("/placement_groups", name="db"))["placement_groups"] == [db]
    spread = await client.get("/placement_groups", type="spread")
    assert spread["placement_groups"] == [web, db]
    back = await client.get("/placement_groups", label_selector="tier in (back)")
    assert back["placement_groups"] == [db]


async def test_list_sorts_and_paginates(client: asynchetzner.Client) -> None:
    web = await create(client, "web")
    db = await create(client, "db")
    by_name = await client.get("/placement_groups", sort="name:asc")
    assert by_name["placement_groups"] == [db, web]
    newest = await client.get("/placement_groups", sort=["created:desc", "id:desc"], per_page=1)
    assert newest["placement_groups"] == [db]
    assert newest["meta"]["pagination"]["total_entries"] == 2


async def test_list_rejects_an_unknown_sort(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/placement_groups", sort="servers")
    assert field_names(caught.value) == ["sort"]


async def test_update_renames_and_replaces_labels(client: asynchetzner.Client) -> None:
    group = await create(client, "web", labels={"a": "1"})
    updated = await client.put(f"/placement_groups/{group['id']}", name="front", labels={"b": "2"})
    assert updated["placement_group"] == {**group, "name": "front", "labels": {"b": "2"}}
    assert await client.get(f"/placement_groups/{group['id']}") == updated


async def test_update_keeps_what_is_not_given(client: asynchetzner.Client) -> None:
    group = await create(client, "web", labels={"a": "1"})
    updated = await client.put(f"/placement_groups/{group['id']}", labels={})
    assert updated["placement_group"] == {**group, "labels": {}}
    renamed = await client.put(f"/placement_groups/{group['id']}", name="front")
    assert renamed["placement_group"] == {**group, "name": "front", "labels": {}}


async def test_update_to_a_taken_name_is_a_uniqueness_error(client: asynchetzner.Client) -> None:
    await create(client, "web")
    db = await create(client, "db")
    with pytest.raises(asynchetzner.UniquenessError):
        await client.put(f"/placement_groups/{db['id']}", name="web")
    assert (await client.put(f"/placement_groups/{db['id']}", name="db"))["placement_group"] == db


async def test_update_rejects_bad_labels(client: asynchetzner.Client) -> None:
    group = await create(client, "web")
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.put(f"/placement_groups/{group['id']}", name="x", labels={"a/b/c": "1"})
    assert field_names(caught.value) == ["labels"]
    assert (await client.get(f"/placement_groups/{group['id']}"))["placement_group"] == group


async def test_delete_removes_an_empty_group(client: asynchetzner.Client) -> None:
    group = await create(client, "web")
    assert await client.delete(f"/placement_groups/{group['id']}") is None
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(f"/placement_groups/{group['id']}")


async def test_delete_refuses_a_group_with_servers(client: asynchetzner.Client) -> None:
    group = await create(client, "web")
    server_id = await join(client, group["id"], "web-1")
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.delete(f"/placement_groups/{group['id']}")
    assert caught.value.code == "resource_in_use"
    await leave(client, server_id)
    assert await client.delete(f"/placement_groups/{group['id']}") is None


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_unknown_group_is_not_found(client: asynchetzner.Client, method: str) -> None:
    with pytest.raises(asynchetzner.NotFoundError):
        await client.call(method, "/placement_groups/42")


# Membership, derived from the servers


async def test_members_show_in_the_group_and_its_embedding(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    project = simulator.project
    group = await create(client, "web", labels={"a": "1"})
    first = await join(client, group["id"], "web-1")
    second = await join(client, group["id"], "web-2")
    embedded = placement_group_json(project, project.store.table("placement_group")[group["id"]])
    assert embedded == {**group, "servers": [first, second]}
    assert (await client.get(f"/placement_groups/{group['id']}"))["placement_group"] == embedded
    assert (await client.get(f"/servers/{first}"))["server"]["placement_group"] == embedded
    listed = (await client.get("/placement_groups"))["placement_groups"]
    assert listed == [embedded]
    await leave(client, first)
    groups = project.store.table("placement_group")
    assert placement_group_json(project, groups[group["id"]])["servers"] == [second]


async def test_embedding_is_a_copy(simulator: Simulator, client: asynchetzner.Client) -> None:
    project = simulator.project
    group = await create(client, "web", labels={"a": "1"})
    stored = project.store.table("placement_group")[group["id"]]
    embedded = placement_group_json(project, stored)
    embedded["servers"].append(1)
    embedded["labels"]["b"] = "2"
    assert placement_group_json(project, stored) == group


async def test_a_group_deleted_while_a_server_joins_it_leaves_the_server_out(
    make_simulator: Callable[..., Simulator],
) -> None:
    now = [1_800_000_000.0]
    async with (
        make_simulator(action_seconds=10.0, clock=lambda: now[0]) as simulator,
        simulator.client() as client,
    ):
        created = await client.post(
            "/servers",
            name="web-1",
            server_type="cx23",
            image="ubuntu-24.04",
            start_after_create=False,
        )
        server_id = created["server"]["id"]
        now[0] += 60  # created, and off
        group = await create(client, "web")
        path = f"/servers/{server_id}/actions/add_to_placement_group"
        joining = (await client.post(path, placement_group=group["id"]))["action"]
        assert await client.delete(f"/placement_groups/{group['id']}") is None
        now[0] += 60  # the join finishes with its group gone
        assert (await client.get(f"/actions/{joining['id']}"))["action"]["status"] == "success"
        assert (await client.get(f"/servers/{server_id}"))["server"]["placement_group"] is None


async def test_capacity_ends_at_ten_servers(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    project = simulator.project
    group = await create(client, "web")
    for number in range(1, SPREAD_LIMIT):
        await join(client, group["id"], f"web-{number}")
    check_capacity(project, group["id"])
    await join(client, group["id"], f"web-{SPREAD_LIMIT}")
    with pytest.raises(SimulatorError) as caught:
        check_capacity(project, group["id"])
    assert (caught.value.status, caught.value.code) == (422, "placement_error")
    with pytest.raises(asynchetzner.APIError) as refused:
        await join(client, group["id"], "one-too-many")
    assert refused.value.code == "placement_error"
    assert SPREAD_LIMIT == 10


async def test_a_server_that_leaves_and_joins_again_is_a_member_once(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    group = await create(client, "web")
    server_id = await join(client, group["id"], "web-1")
    other = await join(client, group["id"], "web-2")
    await client.post(f"/servers/{server_id}/actions/poweroff")
    await client.post(f"/servers/{server_id}/actions/remove_from_placement_group")

    async def members() -> list[int]:
        found = await client.get(f"/placement_groups/{group['id']}")
        return list(found["placement_group"]["servers"])

    assert await members() == [other]
    await client.post(
        f"/servers/{server_id}/actions/add_to_placement_group", placement_group=group["id"]
    )
    assert await members() == [server_id, other]
    await leave(client, other)
    assert await members() == [server_id]
    assert simulator.project.store.table("placement_group")[group["id"]]["_joined"] == {
        server_id: None
    }
