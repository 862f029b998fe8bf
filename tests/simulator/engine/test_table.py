"""The simulator's tables and actions: found by name or resource without a scan, and tables
known to be in id order or not."""

from __future__ import annotations

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.engine.entities import linked, note_link
from asynchetzner.simulator.engine.store import Store
from asynchetzner.simulator.engine.table import Entity, Table


def entity(entity_id: int, name: str | None = None) -> Entity:
    return {"id": entity_id, "name": name}


def names(table: Table, name: str) -> list[int]:
    return [found["id"] for found in table.named(name)]


def test_every_way_in_and_out_keeps_the_name_index() -> None:
    table = Table()
    table[1] = entity(1, "web")
    table.update({2: entity(2, "web")}, [(3, entity(3, "db"))])
    table |= {4: entity(4, "cache")}
    assert table.setdefault(5, entity(5, "mail"))["name"] == "mail"
    assert table.setdefault(5, entity(5, "other"))["name"] == "mail"
    assert names(table, "web") == [1, 2]
    assert [names(table, n) for n in ("db", "cache", "mail", "other")] == [[3], [4], [5], []]

    assert table.pop(1)["id"] == 1
    del table[3]
    assert table.popitem()[0] == 5
    assert table.pop(9, None) is None
    with pytest.raises(KeyError):
        table.pop(9)
    assert names(table, "web") == [2]
    assert [names(table, n) for n in ("db", "mail")] == [[], []]

    table[2] = entity(2, "api")  # replaced: the new name counts, the old one no longer
    assert (names(table, "web"), names(table, "api")) == ([], [2])
    table.clear()
    assert names(table, "api") == []
    assert table.in_id_order
    with pytest.raises(TypeError):
        table.update(x=entity(6))


def test_rename_moves_the_entity_to_its_new_name() -> None:
    table = Table()
    table[1] = server = entity(1, "web")
    table.rename(server, "api")
    assert server["name"] == "api"
    assert (names(table, "web"), names(table, "api")) == ([], [1])


def test_a_lookup_checks_the_name_it_finds() -> None:
    table = Table()
    table[1] = server = entity(1, "web")
    table[2] = entity(2)  # no name: not indexed
    server["name"] = "changed behind the table's back"
    assert names(table, "web") == []


def test_the_table_knows_whether_it_is_in_id_order() -> None:
    table = Table()
    for number in (1, 2, 5):
        table[number] = entity(number)
    table[2] = entity(2)  # replaced in place
    del table[5]
    assert table.in_id_order
    table[4] = entity(4)  # past the last inserted, though 5 was there once
    assert not table.in_id_order  # 4 after 5: the ids were not inserted rising
    other = Table()
    other["x"] = entity(0)  # type: ignore[index]
    assert not other.in_id_order


async def test_a_list_comes_by_id_even_when_ids_were_inserted_out_of_order(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    for name in ("a", "b", "c"):
        await client.post("/placement_groups", name=name, type="spread")
    table = simulator.store.table("placement_group")
    moved = table.pop(1)
    table[1] = moved  # now last in the table
    listed = (await client.get("/placement_groups"))["placement_groups"]
    assert [group["id"] for group in listed] == [1, 2, 3]
    descending = (await client.get("/placement_groups", sort="id:desc"))["placement_groups"]
    assert [group["id"] for group in descending] == [3, 2, 1]


async def test_a_renamed_entity_frees_its_old_name(client: asynchetzner.Client) -> None:
    first = (await client.post("/placement_groups", name="web", type="spread"))["placement_group"]
    await client.put(f"/placement_groups/{first['id']}", name="app")
    await client.post("/placement_groups", name="web", type="spread")
    with pytest.raises(asynchetzner.ConflictError):
        await client.post("/placement_groups", name="app", type="spread")
    found = await client.get("/placement_groups", name="app")
    assert [group["id"] for group in found["placement_groups"]] == [first["id"]]


def test_the_actions_on_a_resource_are_found_without_a_scan() -> None:
    store = Store()
    first = store.start_action("attach", [("volume", 7), ("server", 1)])
    second = store.start_action("start_server", [("server", 2)])
    third = store.start_action("reboot_server", [("server", 1)])
    assert store.actions_on("server", 1) == [first, third]
    assert store.actions_on("server") == [first, second, third]
    assert store.actions_on("volume", 7) == store.actions_on("volume") == [first]
    assert store.actions_on("server", 3) == store.actions_on("image") == []


def test_links_noted_on_a_holder_are_checked_when_read() -> None:
    volumes = Table()
    server: Entity = {"id": 1}
    assert linked(server, "_volumes", volumes, "server") == []
    for volume_id in (3, 2, 4):
        volumes[volume_id] = {"id": volume_id, "server": 1}
        note_link(server, "_volumes", volume_id)
    note_link(server, "_volumes", 9)  # noted, but never stored
    volumes[3]["server"] = None  # detached
    del volumes[4]
    assert linked(server, "_volumes", volumes, "server") == [2]
    assert server["_volumes"] == {2: None}  # the others forgotten
    volumes[3]["server"] = 1
    note_link(server, "_volumes", 3)  # attached again
    assert linked(server, "_volumes", volumes, "server") == [2, 3]
