"""Every kind of the registry gets its command: a kind merged later is covered by these tests
with no change to them."""

from __future__ import annotations

import argparse
import inspect
import json
from collections.abc import Iterator
from typing import Any

import pytest

from asynchetzner.cli.kinds import action_methods, call_of, command_name, is_collection
from asynchetzner.cli.main import main, parser
from asynchetzner.client import Client
from asynchetzner.cloud.locations import Location
from asynchetzner.cloud.servers import Server
from asynchetzner.typed.registry import Declared, Kind, kinds

from . import ThreadedSimulator, details, error_line, rows, serving

KINDS = list(kinds(Client))
COLLECTIONS = [kind for kind in KINDS if is_collection(kind.collection)]


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
    expected = {"list", "show"}
    expected |= {name for name in ("create", "update", "delete") if call_of(kind.collection, name)}
    expected |= {command_name(name) for name in action_methods(kind.collection.model)}
    assert expected <= set(commands)
    assert set(commands) - expected <= {"poweron", "poweroff"}  # servers' older names
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
    page = api.call("get", kind.collection.path)[kind.attribute]
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


class PricingLike:
    """A kind that is no collection: one thing, read with ``get()``."""

    def __init__(self, client: Client) -> None:
        self.client = client

    async def get(self) -> dict[str, Any]:
        return {"currency": "EUR", "vat_rate": "19.00"}


class ModelLike(PricingLike):
    async def get(self) -> Location:  # type: ignore[override]
        return Location(self.client, {"id": 1, "name": "fsn1", "city": "Falkenstein"})


class NotReadable:
    def __init__(self, client: Client) -> None:
        self.client = client


def declare(monkeypatch: pytest.MonkeyPatch, name: str, collection: type) -> None:
    kind: Kind[Any] = Kind(collection)
    kind.name = name
    monkeypatch.setattr(Client, name, kind, raising=False)


def test_a_kind_that_is_no_collection_gets_show(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    declare(monkeypatch, "pricing_like", PricingLike)
    declare(monkeypatch, "model_like", ModelLike)
    declare(monkeypatch, "not_readable", NotReadable)
    commands = subcommands(parser())
    assert "not-readable" not in commands
    assert set(subcommands(commands["pricing-like"])) == {"show"}
    assert main(["pricing-like", "show"]) == 0
    assert json.loads(capsys.readouterr().out) == {"currency": "EUR", "vat_rate": "19.00"}
    assert main(["model-like", "show"]) == 0
    assert details(capsys.readouterr().out)["city"] == "Falkenstein"
    assert main(["model-like", "show", "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "fsn1"
