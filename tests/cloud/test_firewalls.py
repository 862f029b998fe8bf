"""``client.firewalls`` against the simulator: create with rules and resources, the three
actions, reads, update and delete."""

from __future__ import annotations

from datetime import datetime

import pytest

from asynchetzner import (
    Action,
    APIError,
    Client,
    CreateFirewallResult,
    Firewall,
    FirewallRule,
    InvalidArgumentError,
    NotFoundError,
    Server,
)

SSH: FirewallRule = {
    "direction": "in",
    "protocol": "tcp",
    "port": "22",
    "source_ips": ["0.0.0.0/0", "::/0"],
}
PING: FirewallRule = {"direction": "in", "protocol": "icmp", "source_ips": ["0.0.0.0/0"]}


async def finished(client: Client, actions: list[Action]) -> list[Action]:
    assert actions
    assert all(isinstance(action, Action) for action in actions)
    done = await client.actions.wait(actions, timeout=5)
    assert all(action.status == "success" for action in done)
    return done


async def server(client: Client, name: str, **labels: str) -> Server:
    result = await client.servers.create(name, "cx23", "ubuntu-24.04", labels=labels)
    await client.actions.wait([result.action, *result.next_actions], timeout=5)
    return result.server


async def test_create_with_rules_and_resources(client: Client) -> None:
    web = await server(client, "web")
    other = await server(client, "other")
    result = await client.firewalls.create(
        "fw",
        rules=[SSH, PING],
        apply_to=[web, other.id, "env=prod"],
        labels={"team": "ops"},
    )
    assert isinstance(result, CreateFirewallResult)
    firewall = result.firewall
    assert isinstance(firewall, Firewall)
    assert [a.command for a in await finished(client, result.actions)] == ["apply_firewall"] * 3
    assert (firewall.name, firewall.labels) == ("fw", {"team": "ops"})
    assert isinstance(firewall.created, datetime)
    assert [rule["protocol"] for rule in firewall.rules] == ["tcp", "icmp"]
    assert firewall.rules[1]["port"] is None
    assert [entry["type"] for entry in firewall.applied_to] == [
        "server",
        "server",
        "label_selector",
    ]
    assert firewall.server_ids == [web.id, other.id]
    assert repr(firewall) == f"<Firewall id={firewall.id} name='fw'>"
    refreshed = await web.refresh()
    assert refreshed.public_net["firewalls"] == [{"id": firewall.id, "status": "applied"}]


async def test_create_bare(client: Client) -> None:
    result = await client.firewalls.create("bare")
    assert (result.firewall.rules, result.firewall.applied_to, result.actions) == ([], [], [])
    assert result.firewall.server_ids == []


async def test_reads_update_and_delete(client: Client) -> None:
    firewall = (await client.firewalls.create("fw", labels={"env": "prod"})).firewall
    await client.firewalls.create("other")
    assert await client.firewalls.get(firewall.id) == firewall
    assert await client.firewalls.get_by_name("fw") == firewall
    assert await client.firewalls.get_by_name("nope") is None
    assert await client.firewalls.get_all(label_selector="env=prod") == [firewall]
    assert [f.name async for f in client.firewalls.list(sort="name:desc")] == ["other", "fw"]
    renamed = await client.firewalls.update(firewall, name="renamed", labels={})
    assert (renamed.name, renamed.labels) == ("renamed", {})
    assert await client.firewalls.delete(firewall) is None
    with pytest.raises(NotFoundError):
        await client.firewalls.get(firewall.id)
    assert await client.firewalls.delete(firewall.id, missing_ok=True) is None


async def test_set_rules_and_its_actions(client: Client) -> None:
    web = await server(client, "web", env="prod")
    firewall = (await client.firewalls.create("fw", apply_to=["env=prod"])).firewall
    actions = await finished(client, await firewall.set_rules([SSH]))
    assert [a.command for a in actions] == ["set_firewall_rules", "apply_firewall"]
    assert {"id": web.id, "type": "server"} in actions[1].resources
    assert [rule["port"] for rule in (await firewall.refresh()).rules] == ["22"]
    await finished(client, await firewall.set_rules([]))
    assert (await firewall.refresh()).rules == []

    commands = {a.command for a in await firewall.get_actions()}
    assert commands == {"apply_firewall", "set_firewall_rules"}
    assert (await firewall.get_action(actions[0].id)).command == "set_firewall_rules"
    kind_actions = await client.firewalls.get_actions(sort=["id"])
    kind_ids = [a.id for a in kind_actions]
    assert kind_ids == sorted(kind_ids)
    assert {a.id for a in actions} < set(kind_ids)
    assert (await client.firewalls.get_action(actions[1].id)).command == "apply_firewall"


async def test_apply_and_remove(client: Client) -> None:
    web = await server(client, "web", env="prod")
    firewall = (await client.firewalls.create("fw")).firewall
    applied = await finished(
        client,
        await firewall.apply_to_resources(
            [web, {"type": "label_selector", "label_selector": {"selector": "env=prod"}}]
        ),
    )
    assert [a.command for a in applied] == ["apply_firewall", "apply_firewall"]
    assert (await firewall.refresh()).server_ids == [web.id]
    with pytest.raises(APIError) as caught:
        await client.firewalls.delete(firewall)
    assert caught.value.code == "resource_in_use"

    with pytest.raises(APIError) as caught:
        await firewall.apply_to_resources([web.id])
    assert caught.value.code == "firewall_already_applied"
    removed = await finished(client, await firewall.remove_from_resources([web.id, "env=prod"]))
    assert [a.command for a in removed] == ["remove_firewall", "remove_firewall"]
    assert (await firewall.refresh()).applied_to == []
    await client.firewalls.delete(firewall)


async def test_servers_create_with_firewalls(client: Client) -> None:
    firewall = (await client.firewalls.create("fw")).firewall
    result = await client.servers.create("web", "cx23", "ubuntu-24.04", firewalls=[firewall])
    assert [a.command for a in result.next_actions] == ["start_server", "apply_firewall"]
    await client.actions.wait([result.action, *result.next_actions], timeout=5)
    web = await result.server.refresh()
    assert web.public_net["firewalls"] == [{"id": firewall.id, "status": "applied"}]
    assert (await firewall.refresh()).server_ids == [web.id]


@pytest.mark.parametrize(
    "rules",
    ["tcp", {"direction": "in"}, [SSH, "tcp"], None],
)
async def test_bad_rules_are_refused_before_sending(client: Client, rules: object) -> None:
    firewall = Firewall(client, {"id": 1})
    with pytest.raises(InvalidArgumentError):
        await firewall.set_rules(rules)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "resources",
    ["env=prod", {"type": "server"}, 42, [1.5], [""], [0], [None]],
)
async def test_bad_resources_are_refused_before_sending(client: Client, resources: object) -> None:
    firewall = Firewall(client, {"id": 1})
    with pytest.raises(InvalidArgumentError):
        await firewall.apply_to_resources(resources)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        await firewall.remove_from_resources(resources)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        await client.firewalls.create("fw", apply_to=resources)  # type: ignore[arg-type]
