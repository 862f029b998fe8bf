"""Servers in the simulator: a lifecycle through every action, the checks the API makes, scale."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

import asynchetzner
from asynchetzner import Client
from asynchetzner.simulator import Simulator

from ...conftest import NO_RETRY, PUBLIC_KEY
from ..conftest import Clock, finish


async def create(client: Client, name: str = "web-1", **extra: Any) -> dict[str, Any]:
    answer = await client.post(
        "/servers", name=name, server_type="cx23", image="ubuntu-24.04", **extra
    )
    for action in [answer["action"], *answer["next_actions"]]:
        assert (await finish(client, action))["status"] == "success"
    return answer


async def act(client: Client, server_id: int, name: str, **body: Any) -> dict[str, Any]:
    answer = await client.post(f"/servers/{server_id}/actions/{name}", **body)
    action = await finish(client, answer["action"])
    assert action["status"] == "success", action
    assert {"id": server_id, "type": "server"} in action["resources"]
    return answer


async def status(client: Client, server_id: int) -> str:
    return str((await client.get(f"/servers/{server_id}"))["server"]["status"])


@pytest.fixture
async def client(simulator: Simulator) -> Client:
    async with simulator.client(retry=NO_RETRY) as connected:
        yield connected  # type: ignore[misc]


async def test_create_answers_server_action_next_actions_and_password(client: Client) -> None:
    answer = await client.post(
        "/servers", name="web-1", server_type="cx23", image="ubuntu-24.04", labels={"env": "prod"}
    )
    server = answer["server"]
    assert (server["name"], server["status"], server["labels"]) == (
        "web-1",
        "initializing",
        {"env": "prod"},
    )
    assert server["server_type"]["name"] == "cx23"
    assert server["image"]["name"] == "ubuntu-24.04"
    assert server["location"]["name"] in ("fsn1", "nbg1", "hel1")
    assert answer["action"]["command"] == "create_server"
    assert [a["command"] for a in answer["next_actions"]] == ["start_server"]
    assert isinstance(answer["root_password"], str)
    await finish(client, answer["next_actions"][0])
    assert await status(client, server["id"]) == "running"


async def test_create_without_start_ends_off_and_with_keys_has_no_password(
    client: Client,
) -> None:
    key = await client.post("/ssh_keys", name="me", public_key=PUBLIC_KEY)
    answer = await create(
        client, start_after_create=False, ssh_keys=[key["ssh_key"]["id"]], location="hel1"
    )
    assert answer["next_actions"] == []
    assert answer["root_password"] is None
    assert await status(client, answer["server"]["id"]) == "off"


async def test_lifecycle_through_every_action(client: Client) -> None:
    answer = await create(client)
    sid = answer["server"]["id"]
    server_ipv4 = answer["server"]["public_net"]["ipv4"]["ip"]

    await act(client, sid, "poweroff")
    assert await status(client, sid) == "off"
    await act(client, sid, "poweron")
    assert await status(client, sid) == "running"
    await act(client, sid, "reboot")
    await act(client, sid, "reset")
    await act(client, sid, "shutdown")
    assert await status(client, sid) == "off"

    await act(client, sid, "change_type", server_type="cx33", upgrade_disk=True)
    server = (await client.get(f"/servers/{sid}"))["server"]
    assert server["server_type"]["name"] == "cx33"
    assert server["primary_disk_size"] == server["server_type"]["disk"]

    rebuilt = await act(client, sid, "rebuild", image="debian-12")
    assert isinstance(rebuilt["root_password"], str)
    assert (await client.get(f"/servers/{sid}"))["server"]["image"]["name"] == "debian-12"
    assert await status(client, sid) == "running"

    rescue = await act(client, sid, "enable_rescue", type="linux64")
    assert rescue["root_password"]
    assert (await client.get(f"/servers/{sid}"))["server"]["rescue_enabled"] is True
    await act(client, sid, "disable_rescue")
    assert (await client.get(f"/servers/{sid}"))["server"]["rescue_enabled"] is False

    await act(client, sid, "enable_backup")
    assert (await client.get(f"/servers/{sid}"))["server"]["backup_window"] == "22-02"

    image = (
        await act(client, sid, "create_image", description="before upgrade", labels={"k": "v"})
    )["image"]
    assert image["type"] == "snapshot"
    snapshot = (await client.get(f"/images/{image['id']}"))["image"]
    assert (snapshot["status"], snapshot["created_from"]["id"]) == ("available", sid)
    backup = (await act(client, sid, "create_image", type="backup"))["image"]
    assert backup["bound_to"] == sid
    await act(client, sid, "disable_backup")
    server = (await client.get(f"/servers/{sid}"))["server"]
    assert server["backup_window"] is None
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(f"/images/{backup['id']}")

    await act(client, sid, "attach_iso", iso="FreeBSD-14.3-RELEASE-amd64-dvd1.iso")
    assert (await client.get(f"/servers/{sid}"))["server"]["iso"]["name"].startswith("FreeBSD")
    await act(client, sid, "detach_iso")
    assert (await client.get(f"/servers/{sid}"))["server"]["iso"] is None

    await act(client, sid, "change_dns_ptr", ip=server_ipv4, dns_ptr="web-1.example.com")
    server = (await client.get(f"/servers/{sid}"))["server"]
    assert server["public_net"]["ipv4"]["dns_ptr"] == "web-1.example.com"

    console = await act(client, sid, "request_console")
    assert console["wss_url"].startswith("wss://")
    assert console["password"]
    assert (await act(client, sid, "reset_password"))["root_password"]

    network = (
        await client.post(
            "/networks",
            name="net",
            ip_range="10.0.0.0/16",
            subnets=[{"type": "cloud", "ip_range": "10.0.1.0/24", "network_zone": "eu-central"}],
        )
    )["network"]
    await act(client, sid, "attach_to_network", network=network["id"])
    private = (await client.get(f"/servers/{sid}"))["server"]["private_net"]
    assert [p["network"] for p in private] == [network["id"]]
    await act(client, sid, "change_alias_ips", network=network["id"], alias_ips=["10.0.1.50"])
    private = (await client.get(f"/servers/{sid}"))["server"]["private_net"]
    assert private[0]["alias_ips"] == ["10.0.1.50"]
    await act(client, sid, "detach_from_network", network=network["id"])
    assert (await client.get(f"/servers/{sid}"))["server"]["private_net"] == []

    group = (await client.post("/placement_groups", name="spread", type="spread"))[
        "placement_group"
    ]
    await act(client, sid, "poweroff")
    await act(client, sid, "add_to_placement_group", placement_group=group["id"])
    server = (await client.get(f"/servers/{sid}"))["server"]
    assert server["placement_group"]["id"] == group["id"]
    assert sid in server["placement_group"]["servers"]
    await act(client, sid, "remove_from_placement_group")
    assert (await client.get(f"/servers/{sid}"))["server"]["placement_group"] is None

    await act(client, sid, "change_protection", delete=True, rebuild=True)
    with pytest.raises(asynchetzner.ProtectedError):
        await client.delete(f"/servers/{sid}")
    with pytest.raises(asynchetzner.ProtectedError):
        await client.post(f"/servers/{sid}/actions/rebuild", image="debian-12")
    await act(client, sid, "change_protection", delete=False, rebuild=False)

    deleted = await client.delete(f"/servers/{sid}")
    assert deleted["action"]["command"] == "delete_server"
    await finish(client, deleted["action"])
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(f"/servers/{sid}")
    assert (await client.get(f"/images/{image['id']}"))["image"]["type"] == "snapshot"


async def test_actions_lock_the_server_while_running(
    make_simulator: Callable[..., Simulator],
) -> None:
    async with (
        make_simulator(action_seconds=60) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        answer = await client.post(
            "/servers", name="web-1", server_type="cx23", image="ubuntu-24.04"
        )
        sid = answer["server"]["id"]
        assert (await client.get(f"/servers/{sid}"))["server"]["locked"] is True
        with pytest.raises(asynchetzner.LockedError) as caught:
            await client.post(f"/servers/{sid}/actions/poweroff")
        assert caught.value.code == "locked"
        action = (await client.get(f"/actions/{answer['action']['id']}"))["action"]
        assert action["status"] == "running"
        assert 0 <= action["progress"] < 100


async def test_action_progress_moves_with_the_clock(
    clocked: Clock,
) -> None:
    client = clocked.client
    answer = await client.post(
        "/servers",
        name="web-1",
        server_type="cx23",
        image="ubuntu-24.04",
        start_after_create=False,
    )
    action_id = answer["action"]["id"]
    clocked.tick(4)
    assert (await client.get(f"/actions/{action_id}"))["action"]["progress"] == 40
    clocked.tick(6)
    action = (await client.get(f"/actions/{action_id}"))["action"]
    assert (action["status"], action["progress"]) == ("success", 100)
    assert action["finished"] is not None


async def test_configured_failure_ends_action_in_error(
    simulator: Simulator, client: Client
) -> None:
    simulator.store.fail_next("start_server", "action_failed", "no power")
    answer = await client.post("/servers", name="web-1", server_type="cx23", image="ubuntu-24.04")
    action = await finish(client, answer["next_actions"][0])
    assert action["status"] == "error"
    assert action["error"] == {"code": "action_failed", "message": "no power"}
    assert await status(client, answer["server"]["id"]) == "off"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name", "server_type", "image"}),
        ({"name": "bad name!", "server_type": "cx23", "image": "ubuntu-24.04"}, {"name"}),
        ({"name": "a", "server_type": "nope", "image": "ubuntu-24.04"}, {"server_type"}),
        ({"name": "a", "server_type": "cx23", "image": "nope"}, {"image"}),
        (
            {
                "name": "a",
                "server_type": "cx23",
                "image": "ubuntu-24.04",
                "labels": {"hetzner.cloud/x": "1"},
            },
            {"labels"},
        ),
        (
            {
                "name": "a",
                "server_type": "cx23",
                "image": "ubuntu-24.04",
                "start_after_create": "yes",
            },
            {"start_after_create"},
        ),
    ],
)
async def test_invalid_create_names_the_fields(
    client: Client, body: dict[str, Any], fields: set[str]
) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.call("POST", "/servers", body)
    assert caught.value.code == "invalid_input"
    assert {f["name"] for f in caught.value.details["fields"]} == fields


async def test_names_are_unique_and_ids_never_reused(client: Client) -> None:
    first = (await create(client, "web-1"))["server"]["id"]
    with pytest.raises(asynchetzner.UniquenessError):
        await client.post("/servers", name="web-1", server_type="cx23", image="ubuntu-24.04")
    await finish(client, (await client.delete(f"/servers/{first}"))["action"])
    second = (await create(client, "web-1"))["server"]["id"]
    assert second > first


async def test_server_type_unavailable_in_location(client: Client) -> None:
    with pytest.raises(asynchetzner.PreconditionFailedError) as caught:
        await client.post(
            "/servers", name="a", server_type="cx23", image="ubuntu-24.04", location="ash"
        )
    assert caught.value.code == "resource_unavailable"


async def test_change_type_and_placement_need_a_stopped_server(client: Client) -> None:
    sid = (await create(client))["server"]["id"]
    for name, body in (
        ("change_type", {"server_type": "cx33", "upgrade_disk": False}),
        (
            "add_to_placement_group",
            {
                "placement_group": (
                    await client.post("/placement_groups", name="g", type="spread")
                )["placement_group"]["id"]
            },
        ),
    ):
        with pytest.raises(asynchetzner.InvalidInputError) as caught:
            await client.post(f"/servers/{sid}/actions/{name}", **body)
        assert caught.value.code == "server_not_stopped"


async def test_change_type_refuses_another_architecture(client: Client) -> None:
    sid = (await create(client, start_after_create=False))["server"]["id"]
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.post(
            f"/servers/{sid}/actions/change_type", server_type="cax11", upgrade_disk=False
        )
    assert caught.value.code == "invalid_server_type"


async def test_list_filters_selects_sorts_and_paginates(client: Client) -> None:
    for index in range(7):
        await client.post(
            "/servers",
            name=f"s{index}",
            server_type="cx23",
            image="ubuntu-24.04",
            labels={"env": "prod" if index % 2 else "dev", "n": str(index)},
            start_after_create=False,
        )
    prod = await client.get("/servers", label_selector="env=prod", sort="name:desc")
    assert [s["name"] for s in prod["servers"]] == ["s5", "s3", "s1"]
    page = await client.get("/servers", per_page=3, page=3)
    assert [s["name"] for s in page["servers"]] == ["s6"]
    assert page["meta"]["pagination"] == {
        "page": 3,
        "per_page": 3,
        "previous_page": 2,
        "next_page": None,
        "last_page": 3,
        "total_entries": 7,
    }
    assert (await client.get("/servers", name="s4"))["servers"][0]["labels"]["n"] == "4"
    assert (await client.get("/servers", label_selector="env in (dev),n notin (0,2)"))["servers"][
        0
    ]["name"] == "s4"


async def test_actions_endpoints(client: Client) -> None:
    answer = await create(client)
    sid = answer["server"]["id"]
    ids = [answer["action"]["id"], answer["next_actions"][0]["id"]]
    listed = await client.get("/actions", id=ids)
    assert sorted(a["id"] for a in listed["actions"]) == ids
    with pytest.raises(asynchetzner.DeprecatedEndpoint):
        await client.get("/actions")
    assert {a["command"] for a in (await client.get(f"/servers/{sid}/actions"))["actions"]} == {
        "create_server",
        "start_server",
    }
    assert (await client.get("/servers/actions", status="success"))["meta"]["pagination"][
        "total_entries"
    ] == 2
    assert (await client.get(f"/servers/actions/{ids[0]}"))["action"]["id"] == ids[0]
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get("/actions/99999")


async def test_metrics_have_plausible_series(client: Client) -> None:
    sid = (await create(client))["server"]["id"]
    metrics = (
        await client.get(
            f"/servers/{sid}/metrics",
            type="cpu,network",
            start="2026-11-01T00:00:00Z",
            end="2026-11-01T01:00:00Z",
        )
    )["metrics"]
    assert set(metrics["time_series"]) == {
        "cpu",
        "network.0.pps.in",
        "network.0.pps.out",
        "network.0.bandwidth.in",
        "network.0.bandwidth.out",
    }
    values = metrics["time_series"]["cpu"]["values"]
    assert 150 <= len(values) <= 500
    assert all(0 <= float(v) <= 100 for _, v in values)
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get(f"/servers/{sid}/metrics", type="gpu", start="x", end="y")
    assert {f["name"] for f in caught.value.details["fields"]} == {"type", "start", "end"}


async def test_update_renames_and_replaces_labels(client: Client) -> None:
    sid = (await create(client, labels={"a": "1", "b": "2"}))["server"]["id"]
    server = (await client.put(f"/servers/{sid}", name="web-2", labels={"c": "3"}))["server"]
    assert (server["name"], server["labels"]) == ("web-2", {"c": "3"})


async def test_two_hundred_concurrent_creates_get_distinct_ids(
    make_simulator: Callable[..., Simulator],
) -> None:
    async with (
        make_simulator(action_seconds=0.0) as simulator,
        simulator.client(max_concurrency=64, retry=NO_RETRY) as client,
    ):
        answers = await asyncio.gather(
            *(
                client.post("/servers", name=f"bulk-{i}", server_type="cpx22", image="debian-12")
                for i in range(200)
            )
        )
        ids = {a["server"]["id"] for a in answers}
        ipv4s = {a["server"]["public_net"]["ipv4"]["ip"] for a in answers}
        assert len(ids) == len(ipv4s) == 200
        assert simulator.project.requests["POST /servers"] == 200  # none retried
        listed = await client.get("/servers", per_page=50, page=4)
        assert listed["meta"]["pagination"]["total_entries"] == 200


async def test_actions_show_the_status_in_between_until_they_finish(
    make_simulator: Callable[..., Simulator],
) -> None:
    now = [1_800_000_000.0]
    async with (
        make_simulator(action_seconds=10.0, clock=lambda: now[0]) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        created = await client.post(
            "/servers", name="web-1", server_type="cx23", image="ubuntu-24.04"
        )
        sid = created["server"]["id"]
        seen = [await status(client, sid)]
        for _ in range(2):  # create_server, then start_server
            now[0] += 10
            seen.append(await status(client, sid))
        assert seen == ["initializing", "starting", "running"]
        steps = [
            ("shutdown", {}, "stopping", "off"),
            ("change_type", {"server_type": "cx33", "upgrade_disk": True}, "migrating", "off"),
            ("poweron", {}, "starting", "running"),
            ("rebuild", {"image": "debian-12"}, "rebuilding", "running"),
            ("poweroff", {}, "running", "off"),  # cutting the power has no status in between
        ]
        for name, body, during, after in steps:
            await client.post(f"/servers/{sid}/actions/{name}", **body)
            assert await status(client, sid) == during, name
            now[0] += 10
            assert await status(client, sid) == after, name
        await client.delete(f"/servers/{sid}")
        assert await status(client, sid) == "deleting"
        now[0] += 10
        with pytest.raises(asynchetzner.NotFoundError):
            await client.get(f"/servers/{sid}")
