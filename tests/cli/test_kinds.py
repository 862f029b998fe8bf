"""``asynchetzner <kind> …``: the commands each kind gets from the registry, on a simulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from asynchetzner.cli.main import main
from asynchetzner.client import Client
from asynchetzner.cloud import CreateServerResult, Image, ServersClient, ServerType
from asynchetzner.typed.registry import Kind

from . import ThreadedSimulator, details, error_line, rows, serving

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdTHc2g0cRRcTyMRRTbw9A4eYVW6eN0O6CVd5Qv6Y+X me@test"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must succeed; its stdout."""
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    return json.loads(run(capsys, *argv, "--output", "json"))


# ssh keys: create, list, show, update, delete (no action)


def test_ssh_keys_from_create_to_delete(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(capsys, "ssh-keys", "create", "me", "--public-key", KEY, "--label", "env=prod")
    created = details(out)
    assert (created["name"], created["public_key"], created["labels"]) == ("me", KEY, "env=prod")
    [key] = api.call("get", "/ssh_keys")["ssh_keys"]
    assert created["fingerprint"] == key["fingerprint"]
    other = api.create_ssh_key("other")

    table = rows(run(capsys, "ssh-keys", "list"))
    assert table[0] == ["id", "name", "fingerprint", "public_key", "created", "labels"]
    assert table[1][:3] == [str(key["id"]), "me", key["fingerprint"]]
    assert table[1][3] == KEY[:47] + "…"  # long cells are cut in lists
    assert table[1][4:] == [key["created"], "env=prod"]
    assert [row[1] for row in rows(run(capsys, "ssh-keys", "list", "--selector", "env=prod"))] == [
        "name",
        "me",
    ]
    listed = run_json(capsys, "ssh-keys", "list", "--fingerprint", key["fingerprint"])
    assert listed == [key]

    assert run_json(capsys, "ssh-keys", "show", "me") == key
    assert details(run(capsys, "ssh-keys", "show", str(other)))["name"] == "other"

    updated = run_json(capsys, "ssh-keys", "update", "me", "--name", "mine", "--label", "a=b")
    assert (updated["name"], updated["labels"]) == ("mine", {"a": "b"})
    assert details(run(capsys, "ssh-keys", "update", "mine", "--name", "me"))["name"] == "me"

    table = rows(run(capsys, "ssh-keys", "delete", "me", str(other)))
    assert table == [
        ["ssh_key", "name", "action", "command", "status"],
        [str(key["id"]), "me", "", "", "done"],
        [str(other), "other", "", "", "done"],
    ]
    assert api.call("get", "/ssh_keys")["ssh_keys"] == []


def test_delete_missing_ok_leaves_absent_targets_out(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    key_id = api.create_ssh_key("me")
    assert main(["ssh-keys", "delete", "me", "gone"]) == 1
    assert error_line(capsys.readouterr().err) == "error: no ssh key named 'gone' (not_found)"
    assert run_json(capsys, "ssh-keys", "delete", "gone", "999", "me", "--missing-ok") == []
    assert api.call("get", "/ssh_keys")["ssh_keys"] == []
    assert rows(run(capsys, "ssh-keys", "delete", "--missing-ok", str(key_id))) == [
        ["ssh_key", "name", "action", "command", "status"]
    ]


def test_update_without_options_is_a_usage_error(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_ssh_key("me")
    sent = len(api.requests)
    assert main(["ssh-keys", "update", "me"]) == 2
    assert capsys.readouterr().err == "error: nothing to update: give any of --name, --label\n"
    assert len(api.requests) == sent


# networks: JSON options, an action with arguments, filters and sort


def test_networks_create_with_json_subnets_and_act_on_them(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    subnets = '[{"type": "cloud", "network_zone": "eu-central", "ip_range": "10.0.1.0/24"}]'
    network = run_json(
        capsys, "networks", "create", "net-1", "--ip-range", "10.0.0.0/16", "--subnets", subnets
    )
    assert isinstance(network, dict)
    assert [s["ip_range"] for s in network["subnets"]] == ["10.0.1.0/24"]
    run(capsys, "networks", "create", "net-2", "--ip-range", "10.1.0.0/16")

    argv = ["networks", "add-subnet", "net-1", "net-2", str(network["id"]), "--type", "cloud"]
    assert main([*argv, "--network-zone", "eu-central"]) == 0
    out, err = capsys.readouterr()
    assert "add-subnet 2 networks: 2/2 actions done" in err
    table = rows(out)
    assert table[0] == ["network", "name", "action", "command", "status"]
    assert [(row[1], row[3], row[4]) for row in table[1:]] == [
        ("net-1", "add_subnet", "success"),
        ("net-2", "add_subnet", "success"),
    ]  # the same network twice is acted on once
    shown = details(run(capsys, "networks", "show", "net-2"))
    assert json.loads(shown["subnets"])[0]["ip_range"] == "10.1.0.0/24"

    actions = run_json(
        capsys, "networks", "add-route", "net-1", "--destination", "10.100.1.0/24",
        "--gateway", "10.0.1.1",
    )  # fmt: skip
    assert [(a["command"], a["status"]) for a in actions] == [("add_route", "success")]
    assert api.call("get", f"/networks/{network['id']}")["network"]["routes"] == [
        {"destination": "10.100.1.0/24", "gateway": "10.0.1.1"}
    ]


def test_list_filters_and_sort(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    for name, tier in (("b", "web"), ("a", "db"), ("c", "web")):
        api.call("post", "/networks", name=name, ip_range="10.0.0.0/16", labels={"tier": tier})

    def names(*options: str) -> list[str]:
        return [n["name"] for n in run_json(capsys, "networks", "list", *options)]

    assert names() == ["b", "a", "c"]
    assert names("--sort", "name") == ["a", "b", "c"]
    assert names("--sort", "name:desc") == ["c", "b", "a"]
    assert names("--selector", "tier=web", "--sort", "id:desc") == ["c", "b"]
    assert names("--name", "a") == ["a"]
    assert rows(run(capsys, "networks", "list", "--name", "a"))[0] == [
        "id",
        "name",
        "ip_range",
        "expose_routes_to_vswitch",
        "created",
        "labels",
    ]


def test_an_option_naming_a_resource_by_name_is_looked_up(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    network = api.call("post", "/networks", name="net-1", ip_range="10.0.0.0/16")["network"]
    api.call(
        "post",
        f"/networks/{network['id']}/actions/add_subnet",
        type="cloud",
        network_zone="eu-central",
    )
    out = run(capsys, "servers", "attach-to-network", "web-1", "--network", "net-1")
    assert rows(out)[1][3:] == ["attach_to_network", "success"]
    assert api.server(server_id)["private_net"][0]["network"] == network["id"]
    assert main(["servers", "detach-from-network", "web-1", "--network", "nope"]) == 1
    assert error_line(capsys.readouterr().err) == "error: no network named 'nope' (not_found)"


# placement groups: a create result with an action beside the object


def test_placement_groups(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    answer = run_json(capsys, "placement-groups", "create", "pg-1", "--label", "env=prod")
    assert isinstance(answer, dict)
    assert list(answer) == ["placement_group", "action"]
    group = answer["placement_group"]
    assert (group["name"], group["type"], group["labels"]) == ("pg-1", "spread", {"env": "prod"})
    fields = details(run(capsys, "placement-groups", "create", "pg-2", "--type", "spread"))
    assert (fields["name"], fields["type"], fields["labels"]) == ("pg-2", "spread", "")
    [server_id] = api.create_servers("web-1", start_after_create=False)
    out = run(capsys, "servers", "add-to-placement-group", "web-1", "--placement-group", "pg-1")
    assert rows(out)[1][3:] == ["add_to_placement_group", "success"]
    assert api.server(server_id)["placement_group"]["name"] == "pg-1"
    assert rows(run(capsys, "placement-groups", "list", "--name", "pg-2"))[1][1:] == [
        "pg-2",
        "spread",
        fields["created"],
        "",
    ]


# images: filters, update, protection, delete


def test_images(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    [server_id] = api.create_servers("web-1")
    out = run(capsys, "servers", "create-image", "web-1", "--description", "snap", "--label", "a=b")
    table = rows(out)
    assert table[0] == ["server", "name", "action", "command", "status", "image"]
    snapshot = int(table[1][5])
    assert table[1][3:5] == ["create_image", "success"]

    listed = run_json(capsys, "images", "list", "--type", "snapshot")
    assert [image["id"] for image in listed] == [snapshot]
    systems = rows(run(capsys, "images", "list", "--name", "ubuntu-24.04", "--architecture", "x86"))
    assert systems[0][:4] == ["id", "name", "status", "type"]
    assert [row[1:4] for row in systems[1:]] == [["ubuntu-24.04", "available", "system"]]

    fields = details(run(capsys, "images", "update", str(snapshot), "--description", "mine"))
    assert (fields["description"], fields["labels"]) == ("mine", "a=b")
    out = run(capsys, "images", "change-protection", str(snapshot), "--delete")
    assert rows(out)[1][3:] == ["change_protection", "success"]
    assert details(run(capsys, "images", "show", str(snapshot)))["protection"] == "delete"
    assert main(["images", "delete", str(snapshot)]) == 1
    assert "(protected, 423)" in error_line(capsys.readouterr().err)
    run(capsys, "images", "change-protection", str(snapshot), "--no-delete")
    run(capsys, "images", "delete", str(snapshot))
    assert api.call("get", "/images", type="snapshot")["images"] == []
    assert api.server(server_id)["status"] == "running"


# a catalog kind: list and show only


def test_catalog_kinds_list_and_show(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    table = rows(run(capsys, "server-types", "list", "--name", "cx23"))
    assert table[0][:3] == ["id", "name", "description"]
    assert len(table[0]) <= 8
    assert [row[1] for row in table[1:]] == ["cx23"]
    shown = run_json(capsys, "server-types", "show", "cx23")
    assert shown == api.call("get", "/server_types", name="cx23")["server_types"][0]
    fields = details(run(capsys, "locations", "show", "hel1"))
    assert (fields["city"], fields["network_zone"]) == ("Helsinki", "eu-central")
    with pytest.raises(SystemExit) as exited:
        main(["locations", "create", "x"])
    assert exited.value.code == 2
    assert "invalid choice: 'create'" in capsys.readouterr().err


# servers: generic actions beside the hand-written commands


def test_an_action_handing_back_a_password_prints_it(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    api.create_ssh_key("me")
    table = rows(run(capsys, "servers", "reset-password", "web-1"))
    assert table[0] == ["server", "name", "action", "command", "status", "root_password"]
    assert table[1][3:5] == ["reset_password", "success"]
    assert len(table[1][5]) >= 12
    answer = run_json(capsys, "servers", "enable-rescue", "web-1", "--ssh-key", "me")
    assert isinstance(answer, list)
    [result] = answer
    assert list(result) == ["root_password", "action"]
    assert (result["action"]["command"], result["action"]["status"]) == ("enable_rescue", "success")
    assert api.server(server_id)["rescue_enabled"] is True
    assert main(["servers", "enable-rescue", "web-1", "--ssh-key", "nope"]) == 1
    assert error_line(capsys.readouterr().err) == "error: no ssh key named 'nope' (not_found)"


def test_no_wait_keeps_what_the_actions_handed_back(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1")
    table = rows(run(capsys, "servers", "request-console", "web-1", "--no-wait"))
    assert table[0][5:] == ["wss_url", "password"]
    assert table[1][3:5] == ["request_console", "running"]
    assert capsys.readouterr().err == ""


def test_renamed_power_commands_keep_their_old_names(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    run(capsys, "servers", "power-off", "web-1")
    assert api.server(server_id)["status"] == "off"
    run(capsys, "servers", "poweron", "web-1")
    assert api.server(server_id)["status"] == "running"
    fields = details(run(capsys, "servers", "update", "web-1", "--label", "env=prod"))
    assert fields["labels"] == "env=prod"


def test_change_type_needs_its_required_flag(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["servers", "change-type", "web-1", "--server-type", "cx33"])
    assert "--upgrade-disk/--no-upgrade-disk" in capsys.readouterr().err


def test_an_action_handing_back_an_object_names_it_by_kind_in_json(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1")
    [result] = run_json(capsys, "servers", "create-image", "web-1", "--type", "snapshot")
    assert list(result) == ["image", "action"]
    assert result["image"]["type"] == "snapshot"
    assert result["action"]["status"] == "success"


def test_show_writes_lists_of_ids_comma_separated(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = api.create_servers("web-1", "web-2")
    network = api.call("post", "/networks", name="net-1", ip_range="10.0.0.0/16")["network"]
    api.call(
        "post",
        f"/networks/{network['id']}/actions/add_subnet",
        type="cloud",
        network_zone="eu-central",
    )
    run(capsys, "servers", "attach-to-network", "web-1", "web-2", "--network", str(network["id"]))
    assert details(run(capsys, "networks", "show", "net-1"))["servers"] == f"{first}, {second}"


# a kind whose create starts actions (as volumes, floating IPs and firewalls do)


class GenericServers(ServersClient):
    """Servers served by the generic commands alone (no ``model`` of its own: ``Server`` keeps
    its collection)."""

    async def create_stopped(
        self, name: str, server_type: int | str | ServerType, image: int | str | Image
    ) -> CreateServerResult:
        """Create a server that stays off."""
        return await self.create(name, server_type, image, start_after_create=False)


@pytest.fixture
def generic_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    kind: Kind[GenericServers] = Kind(GenericServers)
    kind.name = "generic_servers"
    monkeypatch.setattr(Client, "generic_servers", kind, raising=False)


@pytest.mark.usefixtures("generic_servers")
def test_create_waits_for_the_actions_and_prints_what_came_beside(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "generic-servers",
        "create",
        "web-1",
        "--server-type",
        "cx23",
        "--image",
        "ubuntu-24.04",
    ]
    assert main([*argv, "--label", "env=prod"]) == 0
    out, err = capsys.readouterr()
    assert "create web-1: 2/2 actions done" in err
    fields = details(out)
    assert (fields["name"], fields["status"], fields["labels"]) == ("web-1", "running", "env=prod")
    assert len(fields["root_password"]) >= 12
    assert "actions" not in fields
    answer = run_json(capsys, *argv[:2], "web-2", *argv[3:], "--no-start-after-create")
    assert isinstance(answer, dict)
    assert list(answer) == ["server", "action", "next_actions", "root_password"]
    assert (answer["server"]["status"], answer["action"]["status"]) == ("off", "success")


@pytest.mark.usefixtures("generic_servers")
def test_create_no_wait_prints_the_action_ids(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_ssh_key("me")
    argv = [
        "generic-servers",
        "create",
        "web-1",
        "--server-type",
        "cx23",
        "--image",
        "ubuntu-24.04",
    ]
    assert main([*argv, "--ssh-key", "me", "--no-wait"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    fields = details(out)
    assert fields["status"] == "initializing"
    assert "root_password" not in fields
    ids = fields["actions"].split(", ")
    commands = [api.call("get", f"/actions/{i}")["action"]["command"] for i in ids]
    assert commands == ["create_server", "start_server"]


@pytest.mark.usefixtures("generic_servers")
def test_every_create_method_is_a_command(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["generic-servers", "create-stopped", "db-1", "--server-type", "cx23"]
    assert main([*argv, "--image", "ubuntu-24.04"]) == 0
    out, err = capsys.readouterr()
    assert details(out)["status"] == "off"
    assert "create db-1: 1/1 actions done" in err


def test_primary_ips_take_their_server_by_name(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1", start_after_create=False)
    run(capsys, "primary-ips", "create", "v4", "--type", "ipv4", "--location", "fsn1")
    held = api.server(server_id)["public_net"]["ipv4"]["id"]
    run(capsys, "primary-ips", "unassign", str(held))

    assigned = run_json(capsys, "primary-ips", "assign", "v4", "--assignee-id", "web-1")
    assert [row["command"] for row in assigned] == ["assign_primary_ip"]
    assert api.server(server_id)["public_net"]["ipv4"]["id"] != held
