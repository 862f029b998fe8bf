"""Sub-collections get the registry's commands after their parent: ``zones rrsets … ZONE NAME
TYPE`` and ``storage-boxes subaccounts|snapshots … BOX``, against the simulator."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

import pytest

from asynchetzner.cli import UsageError
from asynchetzner.cli.kinds import list_operation
from asynchetzner.cli.main import main, parser
from asynchetzner.cli.sub_collections import groups_of, key_of, sub_collections
from asynchetzner.cloud.zone_rrsets import RRSetsClient
from asynchetzner.cloud.zones import ZonesClient
from asynchetzner.storage.storage_box_snapshots import StorageBoxSnapshotsClient
from asynchetzner.storage.storage_box_subaccounts import StorageBoxSubaccountsClient
from asynchetzner.storage.storage_boxes import StorageBoxesClient

from . import ThreadedSimulator, details, error_line, rows, serving
from .test_every_kind import subcommands

PASSWORD = "Secret-Pass-123"
STORAGE = "hetzner-api"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def failure(capsys: pytest.CaptureFixture[str], status: int, *argv: str) -> str:
    assert main(list(argv)) == status
    return error_line(capsys.readouterr().err)


def test_the_registry_tells_the_sub_collections() -> None:
    assert sub_collections(ZonesClient) == {"rrsets": RRSetsClient}
    assert sub_collections(StorageBoxesClient) == {
        "snapshots": StorageBoxSnapshotsClient,
        "subaccounts": StorageBoxSubaccountsClient,
    }
    assert key_of(RRSetsClient) == ("name", "type")
    assert key_of(StorageBoxSnapshotsClient) == ("resource",)
    operation = list_operation(RRSetsClient)  # the index names the placeholder id_or_name
    assert operation is not None
    assert operation.path == "/zones/{id_or_name}/rrsets"


def test_targets_are_groups_of_the_key_words() -> None:
    assert groups_of(RRSetsClient, ["www", "A", "@", "MX"]) == [("www", "A"), ("@", "MX")]
    assert groups_of(StorageBoxSnapshotsClient, ["a", "7"]) == [("a",), ("7",)]
    with pytest.raises(UsageError, match="give each target as NAME TYPE, not 'www A mail'"):
        groups_of(RRSetsClient, ["www", "A", "mail"])


def test_the_parent_comes_first() -> None:
    rrsets = subcommands(subcommands(parser())["zones"])["rrsets"]
    show = subcommands(rrsets)["show"].parse_args(["example.com", "www", "A"])
    assert (show.kind, show.sub, show.parent, show.target) == (
        "zones",
        "rrsets",
        "example.com",
        ["www", "A"],
    )
    assert "a target is NAME TYPE" in " ".join((rrsets.description or "").split())
    boxes = subcommands(parser())["storage-boxes"]
    snapshots = subcommands(subcommands(boxes)["snapshots"])
    delete = snapshots["delete"].parse_args(["backups", "1", "2"])
    assert (delete.parent, delete.targets) == ("backups", ["1", "2"])


def zone(api: ThreadedSimulator, name: str = "example.com") -> None:
    api.call("post", "/zones", name=name, mode="primary")


def rrset(api: ThreadedSimulator, name: str, rr_type: str) -> dict[str, object]:
    answer: dict[str, object] = api.call("get", f"/zones/example.com/rrsets/{name}/{rr_type}")
    return answer["rrset"]  # type: ignore[return-value]


def test_rrsets_from_create_to_delete(
    api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    zone(api)
    created = details(run(capsys, "zones", "rrsets", "create", "example.com", "www", "A",
                          "--record", "198.51.100.1", "--ttl", "300"))  # fmt: skip
    assert (created["name"], created["type"], created["ttl"]) == ("www", "A", "300")
    comment = '{"value": "198.51.100.2", "comment": "second"}'
    run(capsys, "zones", "rrsets", "add-records", "example.com", "www", "A", "--record", comment)
    assert rrset(api, "www", "A")["records"] == [
        {"value": "198.51.100.1"},
        {"value": "198.51.100.2", "comment": "second"},
    ]
    run(capsys, "zones", "rrsets", "create", "example.com", "mail", "MX",
        "--record", "10 mail.example.com.", "--output", "json")  # fmt: skip

    table = rows(run(capsys, "zones", "rrsets", "list", "example.com", "--type", "A", "MX"))
    assert table[0][:3] == ["id", "name", "type"]
    assert sorted(row[0] for row in table[1:]) == ["mail/MX", "www/A"]
    listed = json.loads(run(capsys, "zones", "rrsets", "list", "example.com", "--output", "json"))
    assert {(one["name"], one["type"]) for one in listed} >= {("www", "A"), ("@", "SOA")}

    shown = json.loads(run(capsys, "zones", "rrsets", "show", "example.com", "www", "A",
                           "--output", "json"))  # fmt: skip
    assert shown["ttl"] == 300
    assert details(run(capsys, "zones", "rrsets", "show", "example.com", "www", "A"))["id"] == (
        "www/A"
    )

    changed = rows(run(capsys, "zones", "rrsets", "change-ttl", "example.com", "www", "A",
                       "mail", "MX", "--ttl", "600"))  # fmt: skip
    assert changed[0] == ["rrset", "name", "action", "command", "status"]
    assert sorted((row[0], row[3], row[4]) for row in changed[1:]) == [
        ("mail/MX", "change_rrset_ttl", "success"),
        ("www/A", "change_rrset_ttl", "success"),
    ]
    assert rrset(api, "mail", "MX")["ttl"] == 600
    run(capsys, "zones", "rrsets", "change-ttl", "example.com", "mail", "MX")  # the zone's
    assert rrset(api, "mail", "MX")["ttl"] is None

    updated = details(run(capsys, "zones", "rrsets", "update", "example.com", "www", "A",
                          "--label", "team=dns"))  # fmt: skip
    assert updated["labels"] == "team=dns"
    removed = json.loads(run(capsys, "zones", "rrsets", "remove-records", "example.com", "www",
                             "A", "--record", "198.51.100.1", "--output", "json"))  # fmt: skip
    assert [(one["command"], one["status"]) for one in removed] == [
        ("remove_rrset_records", "success")
    ]
    run(capsys, "zones", "rrsets", "delete", "example.com", "www", "A", "mail", "MX")
    names = {one["name"] for one in api.call("get", "/zones/example.com/rrsets")["rrsets"]}
    assert names == {"@"}
    run(capsys, "zones", "rrsets", "delete", "example.com", "www", "A", "--missing-ok")


def test_rrset_errors(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    zone(api)
    assert "no zone named 'example.org'" in failure(
        capsys, 1, "zones", "rrsets", "list", "example.org"
    )
    assert "(not_found, 404)" in failure(
        capsys, 1, "zones", "rrsets", "show", "example.com", "www", "A"
    )
    assert "give each target as NAME TYPE" in failure(
        capsys, 2, "zones", "rrsets", "delete", "example.com", "www", "A", "mail"
    )
    assert "--record takes JSON" in failure(
        capsys, 2, "zones", "rrsets", "create", "example.com", "www", "A", "--record", "{value"
    )
    assert "(not_found, 404)" in failure(
        capsys, 1, "zones", "rrsets", "update", "example.com", "www", "A", "--label", "a=b"
    )
    assert "(not_found, 404)" in failure(
        capsys, 1, "zones", "rrsets", "add-records", "example.com", "www", "A", "--record", "x"
    )


def box(api: ThreadedSimulator) -> int:
    answer = api.call("post", "/storage_boxes", _family=STORAGE, name="backups",
                      storage_box_type="bx11", location="fsn1", password=PASSWORD)  # fmt: skip
    box_id: int = answer["storage_box"]["id"]
    return box_id


def test_subaccounts(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    box_id = box(api)
    created = details(run(capsys, "storage-boxes", "subaccounts", "create", "backups",
                          "--home-directory", "team", "--password", PASSWORD,
                          "--name", "team", "--label", "env=prod"))  # fmt: skip
    assert (created["name"], created["home_directory"]) == ("team", "team")
    assert PASSWORD not in json.dumps(created)
    table = rows(run(capsys, "storage-boxes", "subaccounts", "list", str(box_id)))
    assert table[0][:3] == ["id", "name", "username"]
    assert [row[1] for row in table[1:]] == ["team"]
    listed = json.loads(run(capsys, "storage-boxes", "subaccounts", "list", "backups",
                            "--output", "json"))  # fmt: skip
    assert [one["name"] for one in listed] == ["team"]

    moved = rows(run(capsys, "storage-boxes", "subaccounts", "change-home-directory", "backups",
                     "team", "--home-directory", "elsewhere"))  # fmt: skip
    assert moved[0][0] == "subaccount"
    assert (moved[1][1], moved[1][4]) == ("team", "success")
    shown = json.loads(run(capsys, "storage-boxes", "subaccounts", "show", "backups", "team",
                           "--output", "json"))  # fmt: skip
    assert shown["home_directory"] == "elsewhere"
    run(capsys, "storage-boxes", "subaccounts", "update-access-settings", "backups",
        str(shown["id"]), "--readonly")  # fmt: skip
    path = f"/storage_boxes/{box_id}/subaccounts/{shown['id']}"
    assert api.call("get", path, _family=STORAGE)["subaccount"]["access_settings"]["readonly"]
    updated = details(run(capsys, "storage-boxes", "subaccounts", "update", "backups", "team",
                          "--description", "the team"))  # fmt: skip
    assert updated["description"] == "the team"

    run(capsys, "storage-boxes", "subaccounts", "delete", "backups", "team")
    path = f"/storage_boxes/{box_id}/subaccounts"
    assert api.call("get", path, _family=STORAGE)["subaccounts"] == []


def test_snapshots(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    box_id = box(api)
    made = json.loads(run(capsys, "storage-boxes", "snapshots", "create", "backups",
                          "--description", "before", "--output", "json"))  # fmt: skip
    assert (made["snapshot"]["description"], made["action"]["status"]) == ("before", "success")
    name = made["snapshot"]["name"]
    table = rows(run(capsys, "storage-boxes", "snapshots", "list", "backups"))
    assert table[0][:3] == ["id", "name", "is_automatic"]
    assert [(row[1], row[2]) for row in table[1:]] == [(name, "no")]
    shown = details(run(capsys, "storage-boxes", "snapshots", "show", "backups", name))
    assert shown["description"] == "before"
    deleted = run(capsys, "storage-boxes", "snapshots", "delete", "backups", name, "--no-wait")
    assert deleted.strip().isdigit()  # the action's id
    path = f"/storage_boxes/{box_id}/snapshots"
    assert api.call("get", path, _family=STORAGE)["snapshots"] == []


def test_no_sub_collection_for_a_kind_without_one() -> None:
    servers = subcommands(subcommands(parser())["servers"])
    assert not {"rrsets", "subaccounts", "snapshots"} & set(servers)
    assert isinstance(servers["list"], argparse.ArgumentParser)
