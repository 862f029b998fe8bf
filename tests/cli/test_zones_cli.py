"""``asynchetzner zones …``: the registry's commands work for zones (by name, with a zone file
read from the shell), ``export-zonefile`` prints one; RRSets, a zone's sub-collection, have theirs
under ``zones rrsets`` (``test_sub_collections``)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from asynchetzner.cli.main import main, parser

from . import ThreadedSimulator, details, rows, serving
from .test_every_kind import subcommands

ZONEFILE = """$ORIGIN example.com.
$TTL 900
@ IN SOA hydrogen.ns.hetzner.com. dns.hetzner.com. 1 86400 10800 3600000 3600
@ IN NS hydrogen.ns.hetzner.com.
@ IN NS oxygen.ns.hetzner.com.
@ IN NS helium.ns.hetzner.de.
www IN A 198.51.100.1
"""


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_zones_from_create_to_delete(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    created = details(run(capsys, "zones", "create", "example.com", "--ttl", "600"))
    assert (created["name"], created["mode"], created["ttl"]) == ("example.com", "primary", "600")
    secondary = '[{"address": "198.51.100.1"}]'
    run(capsys, "zones", "create", "example.org", "--mode", "secondary",
        "--primary-nameservers", secondary)  # fmt: skip
    table = rows(run(capsys, "zones", "list", "--mode", "primary"))
    assert [row[1] for row in table] == ["name", "example.com"]

    run(capsys, "zones", "import-zonefile", "example.com", "--zonefile", ZONEFILE)
    shown = json.loads(run(capsys, "zones", "show", "example.com", "--output", "json"))
    assert (shown["ttl"], shown["record_count"]) == (900, 5)
    www = api.call("get", "/zones/example.com/rrsets/www/A")["rrset"]
    assert www["records"] == [{"value": "198.51.100.1"}]

    moved = '[{"address": "198.51.100.2", "port": 5353}]'
    run(capsys, "zones", "change-primary-nameservers", "example.org",
        "--primary-nameservers", moved)  # fmt: skip
    zone = api.call("get", "/zones/example.org")["zone"]
    assert zone["primary_nameservers"] == [{"address": "198.51.100.2", "port": 5353}]
    assert main(["zones", "change-ttl", "example.org", "--ttl", "60"]) == 1
    assert "(incorrect_zone_mode, 422)" in capsys.readouterr().err

    exported = run(capsys, "zones", "export-zonefile", "example.com")
    assert exported.startswith("$ORIGIN\texample.com.\n$TTL\t900\n")
    assert "www 900 IN A 198.51.100.1\n" in exported
    as_json = json.loads(run(capsys, "zones", "export-zonefile", "example.com", "--output", "json"))
    assert as_json == {"zonefile": exported}
    assert main(["zones", "export-zonefile", "example.org"]) == 1
    assert "(incorrect_zone_mode, 422)" in capsys.readouterr().err

    run(capsys, "zones", "update", "example.com", "--label", "team=dns")
    run(capsys, "zones", "delete", "example.com", "example.org")
    assert api.call("get", "/zones")["zones"] == []


def test_rrsets_are_commands_of_zones() -> None:
    assert "rrsets" not in subcommands(parser())
    zones = subcommands(subcommands(parser())["zones"])
    assert {"export-zonefile", "rrsets"} <= set(zones)
