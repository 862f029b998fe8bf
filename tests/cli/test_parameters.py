"""Options read from typed signatures: every parameter shape of the kinds, as argparse parses it
and as the method then receives it."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

import pytest

from asynchetzner.cli import UsageError
from asynchetzner.cli.kinds import action_methods, call_of, is_collection, keywords_of
from asynchetzner.cli.parameters import (
    CHOICE,
    FLAG,
    INTEGER,
    JSON,
    LABELS,
    NUMBER,
    REFERENCE,
    TEXT,
    Option,
    Reference,
    option_of,
    options_of,
    singular,
)
from asynchetzner.cli.sub_collections import key_of, sub_collections
from asynchetzner.client import Client
from asynchetzner.cloud import Image, PlacementGroup
from asynchetzner.cloud.zone_rrsets import Record
from asynchetzner.typed.actions import Action
from asynchetzner.typed.models import Model
from asynchetzner.typed.registry import kinds

COLLECTIONS = {
    "image": "images",
    "network": "networks",
    "placement_group": "placement_groups",
    "ssh_key": "ssh_keys",
}


async def every_shape(
    self: Any,
    name: str,
    image: int | str | Image,
    network: int | Model,
    upgrade_disk: bool,
    dns_ptr: str | None,
    *extra: Any,
    placement_group: int | PlacementGroup | None = None,
    ssh_keys: Sequence[int | str | Model] | None = None,
    volumes: Sequence[int | Model] | None = None,
    resources: Sequence[int | str | Model] | None = None,
    alias_ips: Sequence[str] | None = None,
    size: int | None = None,
    step: float | None = None,
    automount: bool | None = None,
    start_after_create: bool = True,
    labels: dict[str, str] | None = None,
    subnets: list[dict[str, Any]] | None = None,
    public_net: dict[str, Any] | None = None,
    rules: Any = None,
    mode: Literal["fast", "safe"] = "safe",
    start: datetime | str | None = None,
    type: str | Sequence[str] = "cpu",
    records: Sequence[str | Record] | None = None,
    value: str | dict[str, str] | None = None,
    **filters: Any,
) -> Action:
    """Take one parameter of every shape the kinds use."""
    raise NotImplementedError


def parser_for(options: list[Option]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="test", exit_on_error=False)
    for option in options:
        option.add_to(parser)
    parser.set_defaults(parameters=tuple(options))
    return parser


def given(*argv: str, skip: int = 0) -> dict[str, Any]:
    """What ``every_shape`` receives for a command line."""
    options = options_of(every_shape, COLLECTIONS, skip=skip, positional=("name",))
    return keywords_of(parser_for(options).parse_args(argv))


REQUIRED = ["web-1", "--image", "ubuntu-24.04", "--network", "7", "--upgrade-disk"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("name", Option("name", TEXT, required=True, positional=True)),
        ("image", Option("image", REFERENCE, required=True, takes_names=True, collection="images")),
        ("network", Option("network", REFERENCE, required=True, collection="networks")),
        ("upgrade_disk", Option("upgrade_disk", FLAG, required=True)),
        ("dns_ptr", Option("dns_ptr", TEXT, none_when_absent=True)),
        ("placement_group", Option("placement_group", REFERENCE, collection="placement_groups")),
        (
            "ssh_keys",
            Option("ssh_keys", REFERENCE, many=True, takes_names=True, collection="ssh_keys"),
        ),
        ("volumes", Option("volumes", REFERENCE, many=True)),
        ("resources", Option("resources", REFERENCE, many=True, takes_names=True)),
        ("alias_ips", Option("alias_ips", TEXT, many=True)),
        ("size", Option("size", INTEGER)),
        ("step", Option("step", NUMBER)),
        ("automount", Option("automount", FLAG)),
        ("start_after_create", Option("start_after_create", FLAG, default="on")),
        ("labels", Option("labels", LABELS)),
        ("subnets", Option("subnets", JSON, json_type=list)),
        ("public_net", Option("public_net", JSON, json_type=dict)),
        ("rules", Option("rules", JSON)),
        ("mode", Option("mode", CHOICE, choices=("fast", "safe"), default="safe")),
        ("start", Option("start", TEXT)),
        ("type", Option("type", TEXT, many=True, default="cpu")),
        ("records", Option("records", TEXT, many=True, json_type=dict)),
        ("value", Option("value", TEXT, json_type=dict)),
    ],
)
def test_each_parameter_shape_becomes_its_option(name: str, expected: Option) -> None:
    options = {o.name: o for o in options_of(every_shape, COLLECTIONS, positional=("name",))}
    assert options[name] == expected
    assert "extra" not in options
    assert "filters" not in options


def test_option_spellings() -> None:
    options = {o.name: o for o in options_of(every_shape, COLLECTIONS)}
    flags = {name: (option.flag, option.metavar()) for name, option in options.items()}
    assert flags["ssh_keys"] == ("--ssh-key", "ID_OR_NAME")
    assert flags["volumes"] == ("--volume", "ID")
    assert flags["resources"] == ("--resource", "ID_OR_TEXT")
    assert options["resources"].help() == "an id, or text as the library reads it; repeat for more"
    assert flags["labels"] == ("--label", "KEY=VALUE")
    assert flags["placement_group"] == ("--placement-group", "ID_OR_NAME")
    assert flags["subnets"] == ("--subnets", "JSON")
    assert flags["size"] == ("--size", "N")
    assert flags["step"] == ("--step", "X")
    assert flags["start"] == ("--start", "START")
    assert flags["alias_ips"] == ("--alias-ip", "ALIAS_IP")  # one at a time
    assert options["name"].positional is False  # only when asked for
    assert options["alias_ips"].help() == "repeat for more"
    assert options["subnets"].help() == "JSON: an array"
    assert options["public_net"].help() == "JSON: an object"
    assert options["rules"].help() == "JSON: a value"
    assert options["volumes"].help() == "an id; repeat for more"
    assert options["labels"].help() == "a label; repeat for more"
    assert options["dns_ptr"].help() == "left out: none"
    assert options["start_after_create"].help() == "default: on"
    assert options["mode"].help() == "default: safe"
    assert options["start"].help() is None


def test_only_what_is_given_is_passed() -> None:
    assert given(*REQUIRED) == {
        "name": "web-1",
        "image": "ubuntu-24.04",
        "network": 7,
        "upgrade_disk": True,
        "dns_ptr": None,
    }


def test_every_shape_is_read_into_what_the_method_takes() -> None:
    keywords = given(
        *REQUIRED[:-1],
        "--no-upgrade-disk",
        "--dns-ptr",
        "web.example.com",
        "--placement-group",
        "pg-1",
        "--ssh-key",
        "me",
        "--ssh-key",
        "42",
        "--volume",
        "5",
        "--resource",
        "7",
        "--resource",
        "env=prod",
        "--alias-ip",
        "10.0.0.8",
        "--alias-ip",
        "10.0.0.9",
        "--size",
        "20",
        "--step",
        "0.5",
        "--automount",
        "--no-start-after-create",
        "--label",
        "env=prod",
        "--label",
        "tier=",
        "--subnets",
        '[{"type": "cloud"}]',
        "--public-net",
        '{"enable_ipv4": false}',
        "--rules",
        "null",
        "--mode",
        "fast",
        "--start",
        "2026-11-30T06:00:00Z",
        "--type",
        "cpu",
        "--type",
        "disk",
    )
    assert keywords == {
        "name": "web-1",
        "image": "ubuntu-24.04",
        "network": 7,
        "upgrade_disk": False,
        "dns_ptr": "web.example.com",
        "placement_group": Reference("placement_groups", "pg-1"),
        "ssh_keys": ["me", 42],
        "volumes": [5],
        "resources": [7, "env=prod"],
        "alias_ips": ["10.0.0.8", "10.0.0.9"],
        "size": 20,
        "step": 0.5,
        "automount": True,
        "start_after_create": False,
        "labels": {"env": "prod", "tier": ""},
        "subnets": [{"type": "cloud"}],
        "public_net": {"enable_ipv4": False},
        "rules": None,
        "mode": "fast",
        "start": "2026-11-30T06:00:00Z",
        "type": ["cpu", "disk"],
    }


def test_a_resource_taken_by_id_only_is_looked_up_by_name() -> None:
    keywords = given("web-1", "--image", "42", "--network", "mynet", "--upgrade-disk")
    assert keywords["image"] == 42
    assert keywords["network"] == Reference("networks", "mynet")


def test_skip_leaves_the_first_parameters_out() -> None:
    assert [o.name for o in options_of(every_shape, COLLECTIONS, skip=4)][:2] == [
        "dns_ptr",
        "placement_group",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--label", "env"], "malformed label 'env': expected key=value"),
        (["--subnets", "[1,"], "--subnets takes JSON: Expecting value in '[1,'"),
        (["--subnets", '{"a": 1}'], "--subnets takes an array in JSON, not '{\"a\": 1}'"),
        (["--public-net", "[]"], "--public-net takes an object in JSON, not '[]'"),
        (["--volume", "data"], "--volume takes an id, not 'data'"),
    ],
)
def test_malformed_values_are_usage_errors(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError) as refused:
        given(*REQUIRED, *argv)
    assert str(refused.value) == message
    assert refused.value.status == 2


@pytest.mark.parametrize(
    "argv",
    [
        REQUIRED[:-1],  # a required flag
        REQUIRED[:3],  # a required resource
        [*REQUIRED, "--size", "ten"],
        [*REQUIRED, "--mode", "slow"],
    ],
)
def test_argparse_refuses_missing_and_mistyped_options(argv: list[str]) -> None:
    with pytest.raises((argparse.ArgumentError, SystemExit)):
        given(*argv)


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("ssh_keys", "ssh_key"),
        ("alias_ips", "alias_ip"),
        ("policies", "policy"),
        ("address", "address"),
        ("type", "type"),
    ],
)
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


def test_text_that_may_be_a_structure_is_text_or_a_json_object() -> None:
    argv = [*REQUIRED, "--record", "198.51.100.1", "--record", '{"value": "x", "comment": "c"}']
    assert given(*argv, "--value", "{}")["records"] == [
        "198.51.100.1",
        {"value": "x", "comment": "c"},
    ]
    assert given(*REQUIRED, "--value", " {not json")["value"] == " {not json"
    with pytest.raises(UsageError, match="--value takes JSON: Expecting property name"):
        given(*REQUIRED, "--value", "{not json}")
    options = {o.name: o for o in options_of(every_shape, COLLECTIONS)}
    assert options["records"].help() == "text, or a JSON object; repeat for more"


def test_a_union_without_words_is_json() -> None:
    assert (
        option_of("targets", list[dict[str, Any]] | dict[str, Any], COLLECTIONS).json_type is None
    )


# Every method of every kind in the registry


def methods_with_options() -> list[tuple[str, Any, int]]:
    found = []
    for kind in kinds(Client):
        if not is_collection(kind.collection):
            continue
        for name in ("create", "update", "delete"):
            method = call_of(kind.collection, name)
            if method is not None:
                found.append((f"{kind.attribute}.{name}", method, 0 if name == "create" else 1))
        for name, method in action_methods(kind.collection.model).items():
            found.append((f"{kind.collection.model.kind}.{name}", method, 0))
        for sub in sub_collections(kind.collection).values():
            for name in ("create", "update", "delete"):
                method = call_of(sub, name)
                if method is not None:
                    skip = 0 if name == "create" else len(key_of(sub))
                    found.append((f"{kind.attribute}.{sub.model.kind}.{name}", method, skip))
            for name, method in action_methods(sub.model).items():
                found.append((f"{kind.attribute}.{sub.model.kind}.{name}", method, 0))
    return found


@pytest.mark.parametrize(
    ("method", "skip"),
    [pytest.param(method, skip, id=name) for name, method, skip in methods_with_options()],
)
def test_every_parameter_of_every_kind_has_an_option(method: Any, skip: int) -> None:
    options = options_of(method, COLLECTIONS, skip=skip)
    parser = parser_for(options)  # no two options spelled alike
    assert [option.dest for option in options] == [
        action.dest for action in parser._actions if action.dest.startswith("parameter_")
    ]


def test_the_kinds_use_every_shape() -> None:
    collections = {
        k.collection.model.kind: k.attribute for k in kinds(Client) if is_collection(k.collection)
    }
    shapes = {
        (option.shape, option.many)
        for _, method, skip in methods_with_options()
        for option in options_of(method, collections, skip=skip)
    }
    assert shapes >= {
        (TEXT, False),
        (TEXT, True),
        (INTEGER, False),
        (FLAG, False),
        (LABELS, False),
        (REFERENCE, False),
        (REFERENCE, True),
        (JSON, False),
    }
