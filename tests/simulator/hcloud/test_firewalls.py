"""The official ``hcloud`` library drives firewalls against the simulator: create with rules and
resources, set rules, apply and remove, servers created with firewalls, update and delete."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import create_ready, hcloud, run

FirewallRule = hcloud.firewalls.FirewallRule
FirewallResource = hcloud.firewalls.FirewallResource
LabelSelector = hcloud.firewalls.FirewallResourceLabelSelector
SSH = FirewallRule(
    direction="in", protocol="tcp", port="22", source_ips=["0.0.0.0/0", "::/0"], description="ssh"
)
PING = FirewallRule(direction="out", protocol="icmp", destination_ips=["2001:0db8::/32"])


def by_label(selector: str) -> Any:
    return FirewallResource(type="label_selector", label_selector=LabelSelector(selector))


def on_server(server: Any) -> Any:
    return FirewallResource(type="server", server=server)


def wait_all(actions: list[Any]) -> list[str]:
    """Wait for every action (blocking); their commands."""
    for action in actions:
        action.wait_until_finished()
        assert action.status == "success"
    return [action.command for action in actions]


async def test_create_with_rules_and_resources(hc: Any) -> None:
    web = (await run(create_ready, hc, "web", labels={"env": "prod"})).server
    other = (await run(create_ready, hc, "other")).server
    response = await run(
        hc.firewalls.create,
        name="fw",
        rules=[SSH, PING],
        labels={"team": "ops"},
        resources=[on_server(other), by_label("env=prod")],
    )
    assert await run(wait_all, response.actions) == ["apply_firewall", "apply_firewall"]
    firewall = await run(hc.firewalls.get_by_id, response.firewall.id)
    assert (firewall.name, firewall.labels) == ("fw", {"team": "ops"})
    assert firewall.created is not None
    ssh, ping = firewall.rules
    assert (ssh.direction, ssh.protocol, ssh.port, ssh.description) == ("in", "tcp", "22", "ssh")
    assert ssh.source_ips == ["0.0.0.0/0", "::/0"]
    assert (ping.port, ping.destination_ips, ping.source_ips) == (None, ["2001:db8::/32"], [])
    direct, selected = firewall.applied_to
    assert (direct.type, direct.server.id) == ("server", other.id)
    assert (selected.type, selected.label_selector.selector) == ("label_selector", "env=prod")
    assert [r.server.id for r in selected.applied_to_resources] == [web.id]

    for server in (web, other):
        fetched = await run(hc.servers.get_by_id, server.id)
        assert [f.firewall.id for f in fetched.public_net.firewalls] == [firewall.id]
        assert [f.status for f in fetched.public_net.firewalls] == ["applied"]


async def test_set_rules_apply_and_remove(hc: Any) -> None:
    web = (await run(create_ready, hc, "web")).server
    firewall = (await run(hc.firewalls.create, name="fw")).firewall
    applied = await run(firewall.apply_to_resources, [on_server(web)])
    assert await run(wait_all, applied) == ["apply_firewall"]

    actions = await run(firewall.set_rules, [SSH])
    assert await run(wait_all, actions) == ["set_firewall_rules", "apply_firewall"]
    assert [rule.port for rule in (await run(hc.firewalls.get_by_id, firewall.id)).rules] == ["22"]
    listed = await run(firewall.get_actions)
    assert {a.command for a in listed} == {"apply_firewall", "set_firewall_rules"}

    with pytest.raises(hcloud.APIException) as caught:
        await run(firewall.apply_to_resources, [on_server(web)])
    assert caught.value.code == "firewall_already_applied"
    with pytest.raises(hcloud.APIException) as caught:
        await run(firewall.delete)
    assert caught.value.code == "resource_in_use"

    removed = await run(firewall.remove_from_resources, [on_server(web)])
    assert await run(wait_all, removed) == ["remove_firewall"]
    assert (await run(hc.firewalls.get_by_id, firewall.id)).applied_to == []
    assert (await run(hc.servers.get_by_id, web.id)).public_net.firewalls == []


async def test_servers_created_with_firewalls(hc: Any) -> None:
    firewall = (await run(hc.firewalls.create, name="fw", rules=[SSH])).firewall
    response = await run(create_ready, hc, "web", firewalls=[firewall])
    assert [a.command for a in response.next_actions] == ["start_server", "apply_firewall"]
    server = await run(hc.servers.get_by_id, response.server.id)
    assert [f.firewall.id for f in server.public_net.firewalls] == [firewall.id]
    fetched = await run(hc.firewalls.get_by_id, firewall.id)
    assert [r.server.id for r in fetched.applied_to] == [server.id]


async def test_update_list_and_delete(hc: Any) -> None:
    firewall = (await run(hc.firewalls.create, name="fw", labels={"env": "prod"})).firewall
    await run(hc.firewalls.create, name="other")
    updated = await run(hc.firewalls.update, firewall, name="renamed", labels={"env": "dev"})
    assert (updated.name, updated.labels) == ("renamed", {"env": "dev"})
    assert [f.name for f in await run(hc.firewalls.get_all, label_selector="env=dev")] == [
        "renamed"
    ]
    assert (await run(hc.firewalls.get_by_name, "other")).name == "other"
    assert await run(hc.firewalls.delete, firewall) is True
    assert [f.name for f in await run(hc.firewalls.get_all)] == ["other"]


async def test_invalid_rules_are_refused(hc: Any) -> None:
    no_port = FirewallRule(direction="in", protocol="tcp", source_ips=["0.0.0.0/0"])
    with pytest.raises(hcloud.APIException) as caught:
        await run(hc.firewalls.create, name="fw", rules=[no_port])
    assert caught.value.code == "invalid_input"
    assert caught.value.details["fields"][0]["name"] == "rules.0.port"
