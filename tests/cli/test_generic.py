"""``asynchetzner get|post|put|delete PATH ITEM…``: the item syntax, and calls to a simulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from asynchetzner.cli import UsageError
from asynchetzner.cli.generic import parse_pairs
from asynchetzner.cli.main import main

from . import ThreadedSimulator, error_line, serving


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


@pytest.mark.parametrize(
    ("items", "into_query", "expected"),
    [
        ([], True, {}),
        (["name=web-1"], False, {"name": "web-1"}),
        (["empty="], False, {"empty": ""}),
        (["label_selector=env=prod"], True, {"label_selector": "env=prod"}),
        (["a:b=c"], False, {"a:b": "c"}),
        (
            ["count:=3", "ratio:=0.5", "on:=true", "off:=false"],
            False,
            {"count": 3, "ratio": 0.5, "on": True, "off": False},
        ),
        (['labels:={"env": "prod"}'], False, {"labels": {"env": "prod"}}),
        (["id:=[1,2]"], True, {"id": [1, 2]}),
        (['quoted:="web"'], False, {"quoted": "web"}),
        (["gone:=null"], True, {"gone": None}),
        (["status=running", "status=off"], True, {"status": ["running", "off"]}),
        (["id:=[1,2]", "id=3", "id:=4"], True, {"id": [1, 2, "3", 4]}),
        (["_from=x", "_need_auth:=false"], True, {"_from": "x", "_need_auth": False}),
    ],
)
def test_parse_pairs(items: list[str], into_query: bool, expected: dict[str, Any]) -> None:
    assert parse_pairs(items, into_query=into_query) == expected


@pytest.mark.parametrize(
    ("items", "into_query", "message"),
    [
        (["=x"], True, "malformed item '=x': expected key=value or key:=json"),
        ([":=1"], False, "malformed item ':=1'"),
        (["name"], False, "malformed item 'name'"),
        (["id:=[1,"], True, "invalid JSON in 'id:=[1,': Expecting value"),
        (["name:=web"], False, "(a plain string is written name=text)"),
        (["name=a", "name=b"], False, "'name' is given twice; a list in a body is written"),
        (['labels:={"a": "b"}'], True, "cannot go into a query"),
        (["id:=[[1]]"], True, "cannot go into a query"),
        (["_bogus=1"], True, "unknown call option '_bogus'"),
    ],
)
def test_parse_pairs_refuses_malformed_items(
    items: list[str], into_query: bool, message: str
) -> None:
    with pytest.raises(UsageError) as refused:
        parse_pairs(items, into_query=into_query)
    assert message in str(refused.value)
    assert refused.value.status == 2


def test_a_body_takes_any_json_value() -> None:
    assert parse_pairs(['labels:={"a": {"b": [1]}}'], into_query=False) == {
        "labels": {"a": {"b": [1]}}
    }


def test_get_prints_the_answer_as_indented_json(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    api.create_servers("web-1", "web-2")
    assert main(["get", "/servers", "name=web-2"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    answer = json.loads(out)
    assert [server["name"] for server in answer["servers"]] == ["web-2"]
    assert out == json.dumps(answer, indent=2, ensure_ascii=False) + "\n"
    assert list(answer) == ["servers", "meta"]  # the API's order, not sorted


def test_get_repeats_a_key_as_a_list(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    running, off = api.create_servers("web-1", "web-2")
    api.call("post", f"/servers/{off}/actions/poweroff")
    api.call("get", "/servers")  # lets the simulator finish the instant actions
    assert main(["get", "servers", "status=off"]) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)["servers"]] == [off]
    assert main(["get", "/servers", "status=off", "status=running", 'sort:=["id"]']) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)["servers"]] == [running, off]
    assert api.requests[-1] == "GET /v1/servers?status=off&status=running&sort=id"


def test_underscore_keyword_is_sent_without_its_underscore(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["get", "/servers", "_from=yesterday"]) == 0
    assert json.loads(capsys.readouterr().out)["servers"] == []
    assert api.requests[-1] == "GET /v1/servers?from=yesterday"


def test_post_sends_strings_and_json_values(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "post",
            "/servers",
            "name=web-1",
            "server_type=cx23",
            "image=ubuntu-24.04",
            "start_after_create:=false",
            'labels:={"env": "prod"}',
        ]
    )
    assert code == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["action"]["command"] == "create_server"
    assert answer["server"]["labels"] == {"env": "prod"}
    assert answer["next_actions"] == []  # start_after_create=false was sent as a boolean
    assert api.server(answer["server"]["id"])["status"] == "off"


def test_put_prints_the_updated_resource(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    assert main(["put", f"/servers/{server_id}", "name=web-2", 'labels:={"tier": "web"}']) == 0
    server = json.loads(capsys.readouterr().out)["server"]
    assert (server["name"], server["labels"]) == ("web-2", {"tier": "web"})
    assert api.server(server_id)["name"] == "web-2"


def test_delete_prints_the_action(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    [server_id] = api.create_servers("web-1")
    assert main(["delete", f"/servers/{server_id}"]) == 0
    action = json.loads(capsys.readouterr().out)["action"]
    assert action["command"] == "delete_server"
    assert action["resources"] == [{"id": server_id, "type": "server"}]


def test_an_empty_answer_prints_nothing(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    key_id = api.create_ssh_key("k")
    assert main(["delete", f"/ssh_keys/{key_id}"]) == 0
    assert capsys.readouterr() == ("", "")
    assert api.call("get", "/ssh_keys")["ssh_keys"] == []


def test_malformed_item_exits_2_before_any_request(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["post", "/servers", "name:=web"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert error_line(err).startswith("error: invalid JSON in 'name:=web'")
    assert api.requests == []


def test_api_error_exits_1_with_code_and_correlation_id(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["get", "/servers/999"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    line = error_line(err)
    assert "(not_found, 404) [correlation id " in line
