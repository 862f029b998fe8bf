"""Firewalls: rules, applying to servers and label selectors as servers come and go, and the
servers' view of them."""

from __future__ import annotations

from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.cloud.firewalls import MAX_PER_PROJECT, MAX_PER_SERVER

from ..conftest import Clock, field_names, refused

SSH = {"direction": "in", "protocol": "tcp", "port": "22", "source_ips": ["0.0.0.0/0", "::/0"]}
PRIVATE_ONLY = {"enable_ipv4": False, "enable_ipv6": False}


def server_ref(server_id: int) -> dict[str, Any]:
    return {"type": "server", "server": {"id": server_id}}


def selector(text: str) -> dict[str, Any]:
    return {"type": "label_selector", "label_selector": {"selector": text}}


async def create(client: asynchetzner.Client, name: str = "fw", **body: Any) -> dict[str, Any]:
    answer: dict[str, Any] = await client.post("/firewalls", name=name, **body)
    return answer


async def new_server(client: asynchetzner.Client, name: str, **body: Any) -> int:
    answer = await client.post(
        "/servers", name=name, server_type="cx23", image="ubuntu-24.04", **body
    )
    return int(answer["server"]["id"])


async def firewall(client: asynchetzner.Client, firewall_id: int) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get(f"/firewalls/{firewall_id}"))["firewall"]
    return found


async def firewalls_of(client: asynchetzner.Client, server_id: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (await client.get(f"/servers/{server_id}"))["server"][
        "public_net"
    ]["firewalls"]
    return found


def applied_servers(found: dict[str, Any]) -> dict[str, list[int]]:
    """What ``applied_to`` reaches: ``{"server": [ids], "<selector>": [ids]}``."""
    reached: dict[str, list[int]] = {}
    for entry in found["applied_to"]:
        if entry["type"] == "server":
            reached.setdefault("server", []).append(entry["server"]["id"])
        else:
            ids = [r["server"]["id"] for r in entry["applied_to_resources"]]
            reached[entry["label_selector"]["selector"]] = ids
    return reached


# Rules


async def test_create_answers_rules_with_every_field(client: asynchetzner.Client) -> None:
    rules = [
        {**SSH, "source_ips": ["10.0.1.0/24", "2001:0db8:ff00:0042::/64"], "description": "ssh"},
        {"direction": "out", "protocol": "icmp", "destination_ips": ["0.0.0.0/0"]},
        {"direction": "in", "protocol": "udp", "port": "1024-5000", "source_ips": ["::/0"]},
        {"direction": "in", "protocol": "tcp", "port": "any", "source_ips": ["10.0.0.1/32"]},
    ]
    answer = await create(client, rules=rules, labels={"env": "prod"})
    assert answer["actions"] == []
    found = answer["firewall"]
    assert (found["name"], found["labels"], found["applied_to"]) == ("fw", {"env": "prod"}, [])
    assert found["rules"] == [
        {
            "description": "ssh",
            "direction": "in",
            "source_ips": ["10.0.1.0/24", "2001:db8:ff00:42::/64"],
            "destination_ips": [],
            "protocol": "tcp",
            "port": "22",
        },
        {
            "description": None,
            "direction": "out",
            "source_ips": [],
            "destination_ips": ["0.0.0.0/0"],
            "protocol": "icmp",
            "port": None,
        },
        {**found["rules"][2], "port": "1024-5000", "source_ips": ["::/0"]},
        {**found["rules"][3], "port": "any"},
    ]
    assert await firewall(client, found["id"]) == found


def _rule(**changes: Any) -> dict[str, Any]:
    rule = {**SSH, **changes}
    return {key: value for key, value in rule.items() if value is not None}


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (_rule(destination_ips=["0.0.0.0/0"]), "rules.0.destination_ips"),
        (_rule(source_ips=None), "rules.0.source_ips"),
        (_rule(source_ips=[]), "rules.0.source_ips"),
        (_rule(direction="out"), "rules.0.source_ips"),
        (_rule(direction="out", source_ips=None), "rules.0.destination_ips"),
        (_rule(port=None), "rules.0.port"),
        (_rule(protocol="icmp"), "rules.0.port"),
        (_rule(protocol="gre"), "rules.0.port"),
        (_rule(port="0"), "rules.0.port"),
        (_rule(port="65536"), "rules.0.port"),
        (_rule(port="80-22"), "rules.0.port"),
        (_rule(port="1-2-3"), "rules.0.port"),
        (_rule(port="http"), "rules.0.port"),
        (_rule(port=""), "rules.0.port"),
        (_rule(source_ips=["10.0.1.1/24"]), "rules.0.source_ips"),
        (_rule(source_ips=["10.0.1.1"]), "rules.0.source_ips"),
        (_rule(source_ips=["2001:db8::1/64"]), "rules.0.source_ips"),
        (_rule(source_ips=["nonsense/8"]), "rules.0.source_ips"),
        (_rule(source_ips=[f"10.0.{n}.0/24" for n in range(101)]), "rules.0.source_ips"),
        (_rule(direction="sideways"), "rules.0.direction"),
        (_rule(protocol="sctp"), "rules.0.protocol"),
        (_rule(description="x" * 256), "rules.0.description"),
    ],
)
async def test_bad_rules_are_refused_naming_the_field(
    client: asynchetzner.Client, rule: dict[str, Any], field: str
) -> None:
    error = await refused(create(client, rules=[rule]), "invalid_input", 422)
    assert field_names(error) == [field]
    fw = (await create(client, "other"))["firewall"]
    error = await refused(
        client.post(f"/firewalls/{fw['id']}/actions/set_rules", rules=[rule]), "invalid_input", 422
    )
    assert field_names(error) == [field]


async def test_a_port_range_may_be_a_single_port(client: asynchetzner.Client) -> None:
    found = (await create(client, rules=[_rule(port="80-80"), _rule(port="65535")]))["firewall"]
    assert [rule["port"] for rule in found["rules"]] == ["80-80", "65535"]


async def test_rule_counts_are_limited(client: asynchetzner.Client) -> None:
    error = await refused(create(client, rules=[SSH] * 51), "invalid_input", 422)
    assert field_names(error) == ["rules"]
    blocks = [f"10.{n // 256}.{n % 256}.0/24" for n in range(100)]
    many = [_rule(source_ips=blocks)] * 5
    assert len((await create(client, rules=many))["firewall"]["rules"]) == 5
    error = await refused(create(client, "more", rules=[*many, SSH]), "invalid_input", 422)
    assert "effective" in error.message
    assert field_names(error) == ["rules"]


async def test_set_rules_replaces_rules_once_its_action_succeeds(
    clocked: Clock,
) -> None:
    client = clocked.client
    fw = (await create(client, rules=[SSH]))["firewall"]
    answer = await client.post(f"/firewalls/{fw['id']}/actions/set_rules", rules=[])
    (action,) = answer["actions"]
    assert action["command"] == "set_firewall_rules"
    assert action["resources"] == [{"id": fw["id"], "type": "firewall"}]
    assert (await firewall(client, fw["id"]))["rules"] == fw["rules"]
    clocked.tick()
    assert (await firewall(client, fw["id"]))["rules"] == []


async def test_a_failed_set_rules_keeps_the_rules(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    fw = (await create(client, rules=[SSH]))["firewall"]
    simulator.store.fail_next("set_firewall_rules")
    (action,) = (await client.post(f"/firewalls/{fw['id']}/actions/set_rules", rules=[]))["actions"]
    assert (await client.get(f"/actions/{action['id']}"))["action"]["status"] == "error"
    assert (await firewall(client, fw["id"]))["rules"] == fw["rules"]


async def test_set_rules_applies_again_to_each_server(client: asynchetzner.Client) -> None:
    direct = await new_server(client, "direct", labels={"role": "web"})
    by_label = await new_server(client, "by-label", labels={"role": "web"})
    fw = (await create(client, apply_to=[server_ref(direct), selector("role=web")]))["firewall"]
    actions = (await client.post(f"/firewalls/{fw['id']}/actions/set_rules", rules=[SSH]))[
        "actions"
    ]
    assert [a["command"] for a in actions] == [
        "set_firewall_rules",
        "apply_firewall",
        "apply_firewall",
    ]
    assert [a["resources"] for a in actions[1:]] == [
        [{"id": fw["id"], "type": "firewall"}, {"id": server_id, "type": "server"}]
        for server_id in (direct, by_label)
    ]
    listed = (await client.get(f"/firewalls/{fw['id']}/actions"))["actions"]
    assert {a["command"] for a in listed} == {"apply_firewall", "set_firewall_rules"}


# Applying to servers and label selectors


async def test_create_applies_to_servers_with_an_action_each(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web")
    answer = await create(client, apply_to=[server_ref(server_id)])
    fw = answer["firewall"]
    (action,) = answer["actions"]
    assert action["command"] == "apply_firewall"
    assert action["resources"] == [
        {"id": fw["id"], "type": "firewall"},
        {"id": server_id, "type": "server"},
    ]
    assert fw["applied_to"] == [server_ref(server_id)]
    assert await firewalls_of(client, server_id) == [{"id": fw["id"], "status": "applied"}]


@pytest.mark.parametrize(
    ("apply_to", "code"),
    [
        ([server_ref(999)], "firewall_resource_not_found"),
        ([server_ref(1), server_ref(1)], "server_already_added"),
        ([selector("a=b"), selector("a=b")], "firewall_already_applied"),
        ([server_ref(2)], "private_net_only_server"),
    ],
)
async def test_create_refuses_bad_resources(
    client: asynchetzner.Client, apply_to: list[dict[str, Any]], code: str
) -> None:
    await new_server(client, "public")
    await new_server(client, "private", public_net=PRIVATE_ONLY)
    await refused(create(client, apply_to=apply_to), code, 422)
    assert (await client.get("/firewalls"))["firewalls"] == []


@pytest.mark.parametrize(
    ("apply_to", "field"),
    [
        ([{"type": "server"}], "apply_to.0.server"),
        ([{"type": "label_selector", "server": {"id": 1}}], "apply_to.0.label_selector"),
        ([selector("env in (a")], "apply_to.0.label_selector.selector"),
    ],
)
async def test_malformed_resources_are_invalid_input(
    client: asynchetzner.Client, apply_to: list[dict[str, Any]], field: str
) -> None:
    fw = (await create(client))["firewall"]
    error = await refused(
        client.post(f"/firewalls/{fw['id']}/actions/apply_to_resources", apply_to=apply_to),
        "invalid_input",
        422,
    )
    assert field_names(error) == [field]


async def test_apply_to_resources_refuses_what_the_api_refuses(
    client: asynchetzner.Client,
) -> None:
    server_id = await new_server(client, "web")
    private = await new_server(client, "private", public_net=PRIVATE_ONLY)
    fw = (await create(client, apply_to=[server_ref(server_id), selector("env=prod")]))["firewall"]
    path = f"/firewalls/{fw['id']}/actions/apply_to_resources"
    await refused(client.post(path, apply_to=[server_ref(999)]), "firewall_resource_not_found", 404)
    await refused(
        client.post(path, apply_to=[server_ref(server_id)]), "firewall_already_applied", 422
    )
    await refused(
        client.post(path, apply_to=[selector("env=prod")]), "firewall_already_applied", 422
    )
    twice = [selector("x=1"), selector("x=1")]
    await refused(client.post(path, apply_to=twice), "firewall_already_applied", 422)
    await refused(client.post(path, apply_to=[server_ref(private)]), "private_net_only_server", 422)
    assert applied_servers(await firewall(client, fw["id"])) == {
        "server": [server_id],
        "env=prod": [],
    }


async def test_label_selectors_follow_servers_as_they_come_and_go(
    client: asynchetzner.Client,
) -> None:
    fw = (await create(client, apply_to=[selector("env=prod")]))["firewall"]
    first = await new_server(client, "first", labels={"env": "prod"})
    second = await new_server(client, "second", labels={"env": "dev"})
    await new_server(client, "private", labels={"env": "prod"}, public_net=PRIVATE_ONLY)
    assert applied_servers(await firewall(client, fw["id"])) == {"env=prod": [first]}
    assert await firewalls_of(client, second) == []

    await client.put(f"/servers/{second}", labels={"env": "prod"})
    assert applied_servers(await firewall(client, fw["id"])) == {"env=prod": [first, second]}
    assert await firewalls_of(client, second) == [{"id": fw["id"], "status": "applied"}]

    await client.put(f"/servers/{first}", labels={})
    await client.delete(f"/servers/{second}")
    await client.get("/firewalls")  # the deletion's action finishes
    assert applied_servers(await firewall(client, fw["id"])) == {"env=prod": []}
    assert await firewalls_of(client, first) == []


async def test_a_server_applied_directly_is_not_listed_under_a_selector(
    client: asynchetzner.Client,
) -> None:
    server_id = await new_server(client, "web", labels={"env": "prod"})
    fw = (await create(client, apply_to=[selector("env=prod")]))["firewall"]
    path = f"/firewalls/{fw['id']}/actions/apply_to_resources"
    await client.post(path, apply_to=[server_ref(server_id)])
    found = await firewall(client, fw["id"])
    assert applied_servers(found) == {"env=prod": [], "server": [server_id]}
    assert await firewalls_of(client, server_id) == [{"id": fw["id"], "status": "applied"}]


async def test_a_deleted_server_leaves_applied_to(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web")
    fw = (await create(client, apply_to=[server_ref(server_id)]))["firewall"]
    await client.delete(f"/servers/{server_id}")
    assert (await firewall(client, fw["id"]))["applied_to"] == []
    assert await client.delete(f"/firewalls/{fw['id']}") is None


async def test_applying_is_pending_until_its_action_succeeds(
    clocked: Clock,
) -> None:
    client = clocked.client
    server_id = await new_server(client, "web", start_after_create=False)
    clocked.tick()
    fw = (await create(client, apply_to=[server_ref(server_id)]))["firewall"]
    assert await firewalls_of(client, server_id) == [{"id": fw["id"], "status": "pending"}]
    assert (await client.get(f"/servers/{server_id}"))["server"]["locked"] is True
    clocked.tick()
    assert await firewalls_of(client, server_id) == [{"id": fw["id"], "status": "applied"}]


async def test_a_failed_apply_applies_nothing(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    server_id = await new_server(client, "web")
    simulator.store.fail_next("apply_firewall")
    fw = (await create(client, apply_to=[server_ref(server_id)]))["firewall"]
    assert (await firewall(client, fw["id"]))["applied_to"] == []
    assert await firewalls_of(client, server_id) == []
    path = f"/firewalls/{fw['id']}/actions/apply_to_resources"
    (action,) = (await client.post(path, apply_to=[server_ref(server_id)]))["actions"]
    assert action["command"] == "apply_firewall"
    assert (await firewall(client, fw["id"]))["applied_to"] == [server_ref(server_id)]


async def test_a_server_takes_at_most_five_firewalls(client: asynchetzner.Client) -> None:
    server_id = await new_server(client, "web", labels={"env": "prod"})
    for n in range(MAX_PER_SERVER - 1):
        await create(client, f"fw-{n}", apply_to=[server_ref(server_id)])
    await create(client, "by-label", apply_to=[selector("env=prod")])
    assert len(await firewalls_of(client, server_id)) == MAX_PER_SERVER
    await refused(
        create(client, "sixth", apply_to=[server_ref(server_id)]), "resource_limit_exceeded", 403
    )
    sixth = (await create(client, "sixth"))["firewall"]
    path = f"/firewalls/{sixth['id']}/actions/apply_to_resources"
    await refused(client.post(path, apply_to=[selector("env")]), "resource_limit_exceeded", 403)


async def test_a_project_holds_at_most_fifty_firewalls(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    table = simulator.store.table("firewall")
    table.update((n, {"id": n}) for n in range(1000, 1000 + MAX_PER_PROJECT))
    error = await refused(create(client), "resource_limit_exceeded", 403)
    assert error.details == {"limits": [{"name": "firewall_limit"}]}


# Removing, and deleting


async def test_remove_from_resources_removes_once_its_action_succeeds(
    client: asynchetzner.Client,
) -> None:
    server_id = await new_server(client, "web")
    fw = (await create(client, apply_to=[server_ref(server_id), selector("env=prod")]))["firewall"]
    path = f"/firewalls/{fw['id']}/actions/remove_from_resources"
    remove = [server_ref(server_id), selector("env=prod"), server_ref(server_id)]
    actions = (await client.post(path, remove_from=remove))["actions"]
    assert [(a["command"], a["resources"]) for a in actions] == [
        (
            "remove_firewall",
            [{"id": fw["id"], "type": "firewall"}, {"id": server_id, "type": "server"}],
        ),
        ("remove_firewall", [{"id": fw["id"], "type": "firewall"}]),
    ]
    assert (await firewall(client, fw["id"]))["applied_to"] == []
    assert await firewalls_of(client, server_id) == []


async def test_remove_from_resources_refuses_what_the_api_refuses(
    client: asynchetzner.Client,
) -> None:
    by_label = await new_server(client, "by-label", labels={"env": "prod"})
    other = await new_server(client, "other")
    fw = (await create(client, apply_to=[selector("env=prod")]))["firewall"]
    path = f"/firewalls/{fw['id']}/actions/remove_from_resources"
    not_found = "firewall_resource_not_found"
    await refused(client.post(path, remove_from=[server_ref(999)]), not_found, 404)
    await refused(client.post(path, remove_from=[server_ref(other)]), not_found, 404)
    await refused(client.post(path, remove_from=[selector("env=dev")]), not_found, 404)
    await refused(
        client.post(path, remove_from=[server_ref(by_label)]),
        "firewall_managed_by_label_selector",
        422,
    )
    assert applied_servers(await firewall(client, fw["id"])) == {"env=prod": [by_label]}


async def test_delete_is_refused_while_applied(client: asynchetzner.Client) -> None:
    fw = (await create(client, apply_to=[selector("env=prod")]))["firewall"]
    await refused(client.delete(f"/firewalls/{fw['id']}"), "resource_in_use", 422)
    path = f"/firewalls/{fw['id']}/actions/remove_from_resources"
    await client.post(path, remove_from=[selector("env=prod")])
    await client.delete(f"/firewalls/{fw['id']}")
    await refused(client.get(f"/firewalls/{fw['id']}"), "not_found", 404)


async def test_list_filters_by_name_and_label(client: asynchetzner.Client) -> None:
    await create(client, "a", labels={"env": "prod"})
    await create(client, "b")
    assert [f["name"] for f in (await client.get("/firewalls", name="b"))["firewalls"]] == ["b"]
    listed = (await client.get("/firewalls", label_selector="env=prod"))["firewalls"]
    assert [f["name"] for f in listed] == ["a"]


# Servers created with firewalls


async def test_post_servers_applies_its_firewalls(client: asynchetzner.Client) -> None:
    fw = (await create(client))["firewall"]
    answer = await client.post(
        "/servers",
        name="web",
        server_type="cx23",
        image="ubuntu-24.04",
        firewalls=[{"firewall": fw["id"]}],
    )
    server_id = answer["server"]["id"]
    commands = [a["command"] for a in answer["next_actions"]]
    assert commands == ["start_server", "apply_firewall"]
    assert answer["next_actions"][1]["resources"] == [
        {"id": fw["id"], "type": "firewall"},
        {"id": server_id, "type": "server"},
    ]
    assert (await firewall(client, fw["id"]))["applied_to"] == [server_ref(server_id)]
    assert await firewalls_of(client, server_id) == [{"id": fw["id"], "status": "applied"}]
    assert (await client.get(f"/servers/{server_id}"))["server"]["status"] == "running"


@pytest.mark.parametrize(
    ("firewalls", "public_net", "code", "field"),
    [
        ([{"firewall": 999}], None, "invalid_input", "firewalls.0.firewall"),
        ([{"firewall": 1}, {"firewall": 1}], None, "invalid_input", "firewalls.1.firewall"),
        ([{"firewall": n} for n in range(1, 7)], None, "invalid_input", "firewalls"),
        ([{"firewall": 1}], PRIVATE_ONLY, "private_net_only_server", None),
    ],
)
async def test_post_servers_refuses_bad_firewalls(
    client: asynchetzner.Client,
    firewalls: list[dict[str, int]],
    public_net: dict[str, bool] | None,
    code: str,
    field: str | None,
) -> None:
    for n in range(6):
        await create(client, f"fw-{n}")
    error = await refused(
        client.post(
            "/servers",
            name="web",
            server_type="cx23",
            image="ubuntu-24.04",
            firewalls=firewalls,
            public_net=public_net,
        ),
        code,
        422,
    )
    if field is not None:
        assert field_names(error) == [field]
    assert (await client.get("/servers"))["servers"] == []
