"""Every kind of the registry gets its command, and so does every sub-collection a kind reaches
(``zones rrsets``): a kind merged later is covered by these tests with no change to them."""

from __future__ import annotations

import argparse
import inspect
import json
from collections.abc import Iterator
from typing import Any

import pytest

from asynchetzner.cli.kinds import (
    action_methods,
    add_kind_commands,
    add_list_filters,
    call_of,
    command_name,
    first_sentence,
    is_collection,
    list_operation,
)
from asynchetzner.cli.main import main, parser
from asynchetzner.cli.sub_collections import key_of, sub_collections
from asynchetzner.client import Client
from asynchetzner.cloud.locations import Location
from asynchetzner.cloud.servers import Server, ServersClient
from asynchetzner.simulator.engine.index import Operation
from asynchetzner.typed.models import Model
from asynchetzner.typed.registry import Declared, Kind, kinds
from asynchetzner.typed.resources import Collection, ResourceClient

from . import ThreadedSimulator, details, error_line, rows, serving

KINDS = list(kinds(Client))
COLLECTIONS = [kind for kind in KINDS if is_collection(kind.collection)]
SUB_COLLECTIONS = [
    (kind, Declared(name, sub))
    for kind in COLLECTIONS
    for name, sub in sub_collections(kind.collection).items()
]


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


def subcommands(command: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommands of a parser, aliases included."""
    [choices] = [
        action.choices
        for action in command._actions
        if isinstance(action, argparse._SubParsersAction)
    ]
    return dict(choices)


@pytest.mark.parametrize("kind", [pytest.param(k, id=k.attribute) for k in COLLECTIONS])
def test_every_kind_has_its_commands(kind: Declared) -> None:
    commands = subcommands(subcommands(parser())[command_name(kind.attribute)])
    subs = {command_name(name) for name in sub_collections(kind.collection)}
    check_commands(commands, kind, own={"poweron", "poweroff", "export-zonefile", *subs})


def test_there_are_sub_collections() -> None:
    """The walk below is not empty: the registry finds the sub-collections it must cover."""
    assert {(parent.attribute, sub.attribute) for parent, sub in SUB_COLLECTIONS} >= {
        ("zones", "rrsets"),
        ("storage_boxes", "subaccounts"),
        ("storage_boxes", "snapshots"),
    }


@pytest.mark.parametrize(
    ("parent", "kind"),
    [pytest.param(p, k, id=f"{p.attribute}.{k.attribute}") for p, k in SUB_COLLECTIONS],
)
def test_every_sub_collection_has_its_commands(parent: Declared, kind: Declared) -> None:
    """A sub-collection's commands take the parent first, then the words addressing an item."""
    commands = subcommands(
        subcommands(subcommands(parser())[command_name(parent.attribute)])[
            command_name(kind.attribute)
        ]
    )
    check_commands(commands, kind, own=set())
    key = len(key_of(kind.collection))
    for command in commands.values():
        parent_word, *positional = [a for a in command._actions if not a.option_strings]
        assert (parent_word.dest, parent_word.metavar) == (
            "parent",
            parent.collection.model.kind.upper(),
        )
        words = ["p"]
        for action in positional:  # a target is its key's words; "+" takes two targets
            count = action.nargs if isinstance(action.nargs, int) else 1
            words += ["w"] * (2 * key if action.nargs == "+" else count)
        parsed = command.parse_args(words + [o for a in command._actions for o in required(a)])
        assert (parsed.kind, parsed.sub, parsed.parent) == (parent.attribute, kind.attribute, "p")


def required(action: argparse.Action) -> list[str]:
    """A required option given a value it takes; nothing for others."""
    if not (action.required and action.option_strings):
        return []
    if action.nargs == 0:
        return [action.option_strings[0]]
    return [action.option_strings[0], str(next(iter(action.choices or ["1"])))]


def check_commands(
    commands: dict[str, argparse.ArgumentParser], kind: Declared, own: set[str]
) -> None:
    """Each of ``kind``'s commands is there, and no other but ``own``."""
    expected = {"list", "show"}
    expected |= {name for name in ("update", "delete") if call_of(kind.collection, name)}
    expected |= {
        command_name(name)
        for name in dir(kind.collection)
        if name.startswith("create") and call_of(kind.collection, name)
    }
    expected |= {command_name(name) for name in action_methods(kind.collection.model)}
    assert expected <= set(commands)
    assert set(commands) - expected <= own  # servers' older names, a zone file, sub-collections
    for name, method in action_methods(kind.collection.model).items():
        dests = {action.dest for action in commands[command_name(name)]._actions}
        assert "targets" in dests
        assert {f"parameter_{p}" for p in parameters(method) if p != "self"} <= dests


def parameters(method: Any) -> list[str]:
    return list(inspect.signature(method).parameters)


def test_each_model_method_that_starts_actions_is_a_command() -> None:
    """Public coroutines of a model that start actions are commands; reads are not."""
    assert set(action_methods(Server)) >= {"power_on", "rebuild", "create_image", "delete"}
    assert not {"refresh", "get_actions", "get_action", "update", "metrics"} & set(
        action_methods(Server)
    )


@pytest.mark.parametrize("kind", [pytest.param(k, id=k.attribute) for k in COLLECTIONS])
def test_every_kind_lists_and_shows(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], kind: Declared
) -> None:
    command = command_name(kind.attribute)
    assert main([command, "list", "--output", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    family = kind.collection.model.family
    page = api.call("get", kind.collection.path, _family=family)[kind.attribute]
    assert items[: len(page)] == page
    assert main([command, "list"]) == 0
    table = rows(capsys.readouterr().out)
    assert table[0][0] == "id"
    assert len(table) == len(items) + 1
    if not items:
        assert main([command, "show", "999999"]) == 1
        assert "(not_found, 404)" in error_line(capsys.readouterr().err)
        return
    assert main([command, "show", str(items[0]["id"])]) == 0
    assert details(capsys.readouterr().out)["id"] == str(items[0]["id"])


class Prices:
    """Not a model, but keeps its data as models do (as ``Pricing`` does)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


class OneThing:
    """A kind that is no collection: one thing, read with ``get()``."""

    def __init__(self, client: Client) -> None:
        self.client = client


class PricingLike(OneThing):
    async def get(self) -> Prices:
        return Prices({"currency": "EUR", "vat_rate": "19.00"})


class ModelLike(OneThing):
    async def get(self) -> Location:
        return Location(self.client, {"id": 1, "name": "fsn1", "city": "Falkenstein"})


class ListLike(OneThing):
    async def get(self) -> list[str]:
        return ["a", "b"]


class OnePriceList(ResourceClient[Location]):
    """A kind declared on the shared base that is one object all the same."""

    model = Location
    path = "/one"

    async def get(self, resource: int | Location | None = None) -> Location:
        return Location(self._client, {"id": 1, "name": "one"})


class NotReadable(OneThing):
    """No ``get``: nothing to show."""


class Unaddressed(Collection[Model]):
    """A collection whose items cannot be got one by one (no ``get``): nothing to show."""

    model = Model
    path = "/unaddressed"


def declare(monkeypatch: pytest.MonkeyPatch, name: str, collection: type) -> None:
    kind: Kind[Any] = Kind(collection)
    kind.name = name
    monkeypatch.setattr(Client, name, kind, raising=False)


def test_a_kind_that_is_no_collection_gets_show(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, collection in [
        ("pricing_like", PricingLike),
        ("model_like", ModelLike),
        ("list_like", ListLike),
        ("not_readable", NotReadable),
        ("unaddressed", Unaddressed),
        ("one_price_list", OnePriceList),
    ]:
        declare(monkeypatch, name, collection)
    commands = subcommands(parser())
    assert not {"not-readable", "unaddressed"} & set(commands)
    assert set(subcommands(commands["pricing-like"])) == {"show"}
    assert set(subcommands(commands["one-price-list"])) == {"show"}
    summary = " ".join(parser().format_help().split())
    assert "pricing-like show pricing like " in summary  # not "and show"
    assert commands["pricing-like"].description == "Commands on pricing like."  # no target

    def shown(*argv: str) -> str:
        assert main(list(argv)) == 0
        return capsys.readouterr().out

    assert details(shown("pricing-like", "show")) == {"currency": "EUR", "vat_rate": "19.00"}
    assert json.loads(shown("pricing-like", "show", "--output", "json"))["currency"] == "EUR"
    assert details(shown("model-like", "show"))["city"] == "Falkenstein"
    assert json.loads(shown("model-like", "show", "--output", "json"))["name"] == "fsn1"
    assert json.loads(shown("list-like", "show")) == ["a", "b"]
    assert json.loads(shown("one-price-list", "show", "--output", "json")) == {
        "id": 1,
        "name": "one",
    }


def test_a_kinds_own_commands_come_first() -> None:
    def own(commands: Any, common: argparse.ArgumentParser) -> None:
        for name in ("update", "delete"):
            commands.add_parser(name, parents=[common]).set_defaults(own=True)

    cli = argparse.ArgumentParser()
    common = argparse.ArgumentParser(add_help=False)
    add_kind_commands(cli.add_subparsers(dest="command"), common, {"ssh_keys": own})
    assert cli.parse_args(["ssh-keys", "update"]).own is True
    assert cli.parse_args(["ssh-keys", "delete"]).own is True
    assert cli.parse_args(["networks", "delete", "x"]).targets == ["x"]


class Thing(Model):
    kind = "thing"
    family = "hetzner-robot"


class Things(ResourceClient[Thing]):
    model = Thing
    path = "/things"


def test_list_filters_come_from_the_operation_index() -> None:
    assert list_operation(Things) is None
    bare = argparse.ArgumentParser()
    add_list_filters(bare, None)
    assert vars(bare.parse_args(["--selector", "a=b", "--name", "x"])) == {
        "filter_label_selector": "a=b",
        "filter_name": "x",
    }
    servers = list_operation(ServersClient)
    assert servers is not None
    assert servers.sort == ("id", "name", "created")
    indexed = argparse.ArgumentParser()
    add_list_filters(
        indexed,
        Operation(
            "GET",
            "/things",
            "list_things",
            "things",
            "list",
            200,
            filters={"name": "string", "size": "integer", "on": "boolean", "tag": "array"},
        ),
    )
    parsed = indexed.parse_args(["--size", "3", "--no-on", "--tag", "a", "b", "--tag", "c"])
    assert vars(parsed) == {
        "filter_name": None,
        "filter_size": 3,
        "filter_on": False,
        "filter_tag": ["a", "b", "c"],
    }


@pytest.mark.parametrize(
    ("docstring", "summary"),
    [
        ("Start the server.", "Start the server"),
        (
            "Create a network, e.g. ``ip_range``\n    with a subnet. Then more.",
            "Create a network, e.g. ip_range with a subnet",
        ),
        ("Boot the rescue system.\n\nDetails.", "Boot the rescue system"),
    ],
)
def test_a_command_is_summed_up_by_its_methods_first_sentence(docstring: str, summary: str) -> None:
    assert first_sentence(docstring) == summary


@pytest.mark.parametrize(
    ("parent", "kind"),
    [pytest.param(p, k, id=f"{p.attribute}.{k.attribute}") for p, k in SUB_COLLECTIONS],
)
def test_every_sub_collection_needs_its_parent(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], parent: Declared, kind: Declared
) -> None:
    command = [command_name(parent.attribute), command_name(kind.attribute)]
    assert main([*command, "list", "999999"]) == 1
    assert "(not_found, 404)" in error_line(capsys.readouterr().err)
    assert main([*command, "list", "nothing-by-this-name"]) == 1
    assert "named 'nothing-by-this-name'" in error_line(capsys.readouterr().err)
