"""``asynchetzner servers …`` against a simulator, in table and JSON output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from asynchetzner.cli.main import main

from . import ThreadedSimulator, details, error_line, rows, serving


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


# list


def test_list_prints_a_table(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = api.create_servers("web-1", "db-1", labels={"env": "prod", "tier": "web"})
    assert main(["servers", "list"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    ipv4 = [api.server(i)["public_net"]["ipv4"]["ip"] for i in (first, second)]
    assert rows(out) == [
        ["id", "name", "status", "type", "location", "ipv4", "labels"],
        [str(first), "web-1", "running", "cx23", "fsn1", ipv4[0], "env=prod,tier=web"],
        [str(second), "db-1", "running", "cx23", "fsn1", ipv4[1], "env=prod,tier=web"],
    ]


def test_list_filters_by_selector_status_and_name(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1", "web-2", labels={"role": "web"})
    api.create_servers("db-1", labels={"role": "db"}, start_after_create=False)

    def listed(*options: str) -> list[str]:
        assert main(["servers", "list", "--output", "json", *options]) == 0
        return [server["name"] for server in json.loads(capsys.readouterr().out)]

    assert listed() == ["web-1", "web-2", "db-1"]
    assert listed("--selector", "role=web") == ["web-1", "web-2"]
    assert listed("--status", "off") == ["db-1"]
    assert listed("--status", "off", "running") == ["web-1", "web-2", "db-1"]
    assert listed("--status", "starting", "--status", "off") == ["db-1"]
    assert listed("--name", "web-2") == ["web-2"]
    assert listed("--selector", "role=db", "--status", "running") == []


def test_list_json_is_the_servers_data(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    assert main(["--output", "json", "servers", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == [api.server(server_id)]


def test_list_refuses_an_unknown_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["servers", "list", "--status", "asleep"])
    assert exited.value.code == 2
    assert "invalid choice: 'asleep'" in capsys.readouterr().err


# show


def test_show_by_name_prints_the_main_fields(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1", location="nbg1", labels={"env": "prod"})
    assert main(["servers", "show", "web-1"]) == 0
    fields = details(capsys.readouterr().out)
    data = api.server(server_id)
    assert fields["id"] == str(server_id)
    assert fields["name"] == "web-1"
    assert fields["status"] == "running"
    assert fields["type"] == "cx23 (2 cores, 4 GB RAM, 40 GB disk)"
    assert fields["location"] == "nbg1 (Nuremberg, DE)"
    assert fields["image"] == "ubuntu-24.04"
    assert fields["ipv4"] == data["public_net"]["ipv4"]["ip"]
    assert fields["ipv6"] == data["public_net"]["ipv6"]["ip"]
    assert fields["labels"] == "env=prod"
    assert fields["protection"] == "none"
    assert fields["created"] == data["created"].replace("Z", "+00:00")


def test_show_by_id_in_json_is_the_servers_data(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    _, server_id = api.create_servers("web-1", "web-2")
    assert main(["servers", "show", str(server_id), "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == api.server(server_id)


def test_show_an_all_digit_name_that_is_no_id(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("4711")
    assert main(["--output", "json", "servers", "show", "4711"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == server_id


def test_show_unknown_name_exits_1(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["servers", "show", "nope"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "error: no server named 'nope' (not_found)\n"


def test_show_unknown_id_exits_1_with_the_api_error(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["servers", "show", "999"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    line = error_line(err)
    assert "not found (not_found, 404) [correlation id " in line


# create


def test_create_waits_and_prints_the_server_and_root_password(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "servers",
            "create",
            "web-1",
            "--type",
            "cx23",
            "--image",
            "ubuntu-24.04",
            "--location",
            "hel1",
            "--label",
            "env=prod",
            "--label",
            "tier=",
        ]
    )
    assert code == 0
    out, err = capsys.readouterr()
    fields = details(out)
    assert fields["name"] == "web-1"
    assert fields["status"] == "running"
    assert fields["location"].startswith("hel1 ")
    assert fields["labels"] == "env=prod,tier="
    assert len(fields["root password"]) >= 12
    assert "actions" not in fields
    assert "create web-1: 2/2 actions done" in err  # create_server and start_server
    [server] = api.call("get", "/servers")["servers"]
    assert (server["name"], server["status"], server["labels"]) == (
        "web-1",
        "running",
        {"env": "prod", "tier": ""},
    )


def test_create_with_ssh_key_and_user_data_has_no_root_password(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    key_id = api.create_ssh_key("me")
    api.create_ssh_key("other")
    user_data = tmp_path / "cloud-init.yaml"
    user_data.write_text("#cloud-config\npackages: [nginx]\n", encoding="utf-8")
    arguments = ["servers", "create", "web-1", "--type", "cx23", "--image", "ubuntu-24.04"]
    keys = ["--ssh-key", str(key_id), "--ssh-key", "other"]
    assert main([*arguments, *keys, "--user-data-file", str(user_data), "--output", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["root_password"] is None
    assert answer["server"]["status"] == "running"


def test_create_sends_the_user_data_file(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    user_data = tmp_path / "too-big.yaml"
    user_data.write_text("#cloud-config\n" + "#" * 40_000, encoding="utf-8")
    arguments = ["servers", "create", "web-1", "--type", "cx23", "--image", "ubuntu-24.04"]
    assert main([*arguments, "--user-data-file", str(user_data)]) == 1
    assert "user_data" in error_line(capsys.readouterr().err)


def test_create_no_start_leaves_the_server_off(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["servers", "create", "db-1", "--type", "cx23", "--image", "ubuntu-24.04"]
    assert main([*arguments, "--no-start", "--output", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["server"]["status"] == "off"
    assert answer["action"]["status"] == "success"
    assert answer["next_actions"] == []


def test_create_json_has_the_finished_actions(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["servers", "create", "web-1", "--type", "cx23", "--image", "ubuntu-24.04"]
    assert main(["--output", "json", *arguments]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert list(answer) == ["server", "action", "next_actions", "root_password"]
    assert answer["server"]["status"] == "running"
    assert answer["action"]["command"] == "create_server"
    assert answer["action"]["status"] == "success"
    assert [(a["command"], a["status"]) for a in answer["next_actions"]] == [
        ("start_server", "success")
    ]


def test_create_no_wait_prints_the_running_actions(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["servers", "create", "web-1", "--type", "cx23", "--image", "ubuntu-24.04"]
    assert main([*arguments, "--no-wait"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    fields = details(out)
    assert fields["status"] == "initializing"
    action_ids = [int(i) for i in fields["actions"].split(", ")]
    commands = [api.call("get", f"/actions/{i}")["action"]["command"] for i in action_ids]
    assert commands == ["create_server", "start_server"]
    assert not any(request.startswith("GET /v1/actions?") for request in api.requests)


def test_create_with_a_taken_name_exits_1(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1")
    arguments = ["servers", "create", "web-1", "--type", "cx23", "--image", "ubuntu-24.04"]
    assert main(arguments) == 1
    assert "uniqueness_error" in error_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--label", "env"], "error: malformed label 'env': expected key=value"),
        (["--label", "=prod"], "error: malformed label '=prod': expected key=value"),
        (["--user-data-file", "missing.yaml"], "error: cannot read user data file missing.yaml"),
    ],
)
def test_create_refuses_malformed_options_before_any_request(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    arguments = ["servers", "create", "web-1", "--type", "cx23", "--image", "ubuntu-24.04"]
    assert main([*arguments, *options]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert error_line(err).startswith(message)
    assert api.requests == []


# delete and power actions


def test_power_actions_on_several_servers_wait_for_all_in_one_poll(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, third = api.create_servers("web-1", "web-2", "web-3")
    assert main(["servers", "poweroff", "web-1", str(second)]) == 0
    out, err = capsys.readouterr()
    table = rows(out)
    assert table[0] == ["server", "name", "action", "command", "status"]
    assert [row[:2] + row[3:] for row in table[1:]] == [
        [str(first), "web-1", "stop_server", "success"],
        [str(second), "web-2", "stop_server", "success"],
    ]
    assert "poweroff 2 servers: 2/2 actions done" in err
    low, high = sorted(int(row[2]) for row in table[1:])
    polls = [r for r in api.requests if r.startswith("GET /v1/actions?")]
    assert polls == [f"GET /v1/actions?id={low}&id={high}"]
    statuses = [api.server(i)["status"] for i in (first, second, third)]
    assert statuses == ["off", "off", "running"]

    assert main(["servers", "poweron", "web-2", "web-1"]) == 0
    table = rows(capsys.readouterr().out)
    assert [(row[1], row[3], row[4]) for row in table[1:]] == [
        ("web-2", "start_server", "success"),
        ("web-1", "start_server", "success"),
    ]
    assert [api.server(i)["status"] for i in (first, second)] == ["running", "running"]


def test_reboot_in_json_prints_the_finished_actions(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    assert main(["servers", "reboot", "web-1", "--output", "json"]) == 0
    [action] = json.loads(capsys.readouterr().out)
    assert (action["command"], action["status"]) == ("reboot_server", "success")
    assert action["resources"] == [{"id": server_id, "type": "server"}]


def test_the_same_server_twice_is_acted_on_once(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    assert main(["servers", "reboot", "web-1", str(server_id), "web-1", "--no-wait"]) == 0
    assert len(capsys.readouterr().out.split()) == 1


def test_no_wait_prints_action_ids_and_does_not_poll(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1", "web-2")
    assert main(["servers", "reboot", "web-1", "web-2", "--no-wait"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    commands = [api.call("get", f"/actions/{i}")["action"]["command"] for i in out.split()]
    assert commands == ["reboot_server", "reboot_server"]
    assert len(out.splitlines()) == 2
    assert not any(request.startswith("GET /v1/actions?") for request in api.requests)


def test_delete_several_servers(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    first, second, _ = api.create_servers("web-1", "web-2", "web-3")
    assert main(["servers", "delete", str(first), "web-2"]) == 0
    table = rows(capsys.readouterr().out)
    assert [(row[0], row[3], row[4]) for row in table[1:]] == [
        (str(first), "delete_server", "success"),
        (str(second), "delete_server", "success"),
    ]
    assert [s["name"] for s in api.call("get", "/servers")["servers"]] == ["web-3"]


def test_delete_no_wait_in_json_prints_the_running_actions(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1")
    assert main(["servers", "delete", "web-1", "--no-wait", "--output", "json"]) == 0
    [action] = json.loads(capsys.readouterr().out)
    assert (action["command"], action["status"]) == ("delete_server", "running")


def test_an_unknown_target_stops_before_anything_is_done(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    assert main(["servers", "poweroff", "web-1", "nope"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "error: no server named 'nope' (not_found)\n"
    assert api.server(server_id)["status"] == "running"
    assert not any(request.startswith("POST") for request in api.requests[1:])


def test_a_failed_action_exits_1(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1", "web-2")
    api.simulator.store.fail_next("reboot_server", "action_failed", "the hypervisor said no")
    assert main(["servers", "reboot", "web-1", "web-2"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    line = error_line(err)
    assert line.endswith("(reboot_server) failed: the hypervisor said no (action_failed)")


def test_an_api_error_of_one_target_exits_1(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _ = api.create_servers("web-1", "web-2")
    api.call("get", "/servers")  # lets the simulator finish the create actions
    api.call("post", f"/servers/{first}/actions/change_protection", delete=True, rebuild=True)
    assert main(["servers", "delete", "web-1", "web-2"]) == 1
    assert "(protected, 423)" in error_line(capsys.readouterr().err)
    assert [s["name"] for s in api.call("get", "/servers")["servers"]] == ["web-1"]


def test_create_with_volumes_firewalls_networks_and_primary_ips(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    volume = api.call("post", "/volumes", name="data", size=10, location="fsn1")["volume"]
    firewall = api.call("post", "/firewalls", name="ssh")["firewall"]
    network = api.call(
        "post",
        "/networks",
        name="backend",
        ip_range="10.0.0.0/16",
        subnets=[{"type": "cloud", "network_zone": "eu-central"}],
    )["network"]
    ipv4 = api.call("post", "/primary_ips", type="ipv4", name="web-v4", location="fsn1")
    arguments = ["servers", "create", "web-1", "--type", "cx23", "--image", "ubuntu-24.04"]
    more = ["--volume", "data", "--firewall", str(firewall["id"]), "--network", "backend"]
    addresses = ["--primary-ipv4", "web-v4", "--without-ipv6"]
    assert main([*arguments, *more, *addresses]) == 0
    fields = details(capsys.readouterr().out)
    assert (fields["volumes"], fields["firewalls"]) == (str(volume["id"]), str(firewall["id"]))
    assert (fields["ipv4"], fields["ipv6"]) == (ipv4["primary_ip"]["ip"], "")
    assert fields["private ips"] == "10.0.0.2"
    [server] = api.call("get", "/servers")["servers"]
    assert [net["network"] for net in server["private_net"]] == [network["id"]]
    assert server["location"]["name"] == "fsn1"  # the primary IP's

    with pytest.raises(SystemExit):  # one or the other
        main([*arguments, "--primary-ipv6", "1", "--without-ipv6"])
    assert main([*arguments, "--volume", "nothing"]) == 1
    assert "no volume named 'nothing'" in error_line(capsys.readouterr().err)
