"""How kind commands write values: table cells, columns, and results as JSON."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, NamedTuple

import pytest

from asynchetzner.cli.output import cell, columns, models_table, plain
from asynchetzner.cloud import (
    ISO,
    Certificate,
    Image,
    Location,
    Network,
    Server,
    ServerType,
    SSHKey,
)
from asynchetzner.typed.actions import Action


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ({}, ""),
        ([], ""),
        (True, "yes"),
        (False, "no"),
        (4.5, "4.5"),
        (datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc), "2026-11-30T06:00:00+00:00"),
        ({"env": "prod", "tier": ""}, "env=prod,tier="),
        ({"delete": True, "rebuild": False}, "delete"),
        ({"delete": False}, "none"),
        ({"id": 1, "name": "cx23", "cores": 2}, "cx23"),
        ({"id": 1, "cores": 2}, '{"id":1,"cores":2}'),
        ([1, 2], "1, 2"),
        ([{"ip": "10.0.0.2"}], '[{"ip":"10.0.0.2"}]'),
        (Location(None, {"id": 1, "name": "fsn1"}), "fsn1"),
        (Image(None, {"id": 7, "name": None}), "7"),
    ],
)
def test_cell(value: Any, text: str) -> None:
    assert cell(value) == text


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (Network, ["id", "name", "ip_range", "expose_routes_to_vswitch", "created", "labels"]),
        (SSHKey, ["id", "name", "fingerprint", "public_key", "created", "labels"]),
        (ISO, ["id", "name", "description", "type", "architecture"]),
        (Server, ["id", "name", "status", "created", "server_type", "location", "image", "labels"]),
        (
            ServerType,
            ["id", "name", "description", "cores", "memory", "disk", "deprecated", "storage_type"],
        ),
    ],
)
def test_columns_are_id_shown_fields_one_word_fields_and_labels(
    model: Any, expected: list[str]
) -> None:
    assert columns(model) == expected


def test_a_list_keeps_one_line_per_item() -> None:
    pem = "-----BEGIN CERTIFICATE-----\n" + "A" * 64 + "\n-----END CERTIFICATE-----\n"
    listed = models_table(Certificate, [Certificate(None, {"id": 1, "certificate": pem})])
    _header, _rule, row = listed.splitlines()  # one row for the one item
    assert row.split()[:3] == ["1", "-----BEGIN", "CERTIFICATE-----"]
    assert row.rstrip().endswith("A…")


class Result(NamedTuple):
    server: Server
    action: Action | None
    password: str


def test_plain() -> None:
    server = Server(None, {"id": 1, "name": "web-1"})
    action = Action(None, {"id": 2, "command": "x"})
    image = Image(None, {"id": 3})
    other = Image(None, {"id": 4})
    assert plain(Result(server, None, "pw")) == {
        "server": {"id": 1, "name": "web-1"},
        "action": None,
        "password": "pw",
    }
    assert plain((image, action)) == {"image": {"id": 3}, "action": {"id": 2, "command": "x"}}
    assert plain((image, other)) == [{"id": 3}, {"id": 4}]  # one kind twice: no keys
    assert plain([action, "text", 5]) == [{"id": 2, "command": "x"}, "text", 5]
