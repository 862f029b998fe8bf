"""``asynchetzner storage-boxes …`` against the simulator's Hetzner API: commands generated from
the typed layer, their actions waited for at ``/storage_boxes/actions``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from asynchetzner.cli.main import main

from . import ThreadedSimulator, details, serving

PASSWORD = "Secret-Pass-123"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSimulator]:
    with serving(monkeypatch) as running:
        yield running


def box(api: ThreadedSimulator, name: str) -> dict[str, object]:
    found = api.call("get", "/storage_boxes", name=name, _family="hetzner-api")["storage_boxes"]
    assert len(found) == 1
    result: dict[str, object] = found[0]
    return result


def test_create_act_and_delete(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    create = ["storage-boxes", "create", "backups", "--storage-box-type", "bx11"]
    create += ["--location", "fsn1", "--password", PASSWORD, "--label", "env=prod"]
    create += ["--access-settings", '{"ssh_enabled": true}']
    assert main(create) == 0
    capsys.readouterr()
    created = box(api, "backups")
    assert (created["status"], created["labels"]) == ("active", {"env": "prod"})
    plan = ["storage-boxes", "enable-snapshot-plan", "backups"]
    assert main([*plan, "--max-snapshots", "7", "--hour", "3", "--minute", "0"]) == 0
    assert main(["storage-boxes", "change-type", "backups", "--storage-box-type", "bx21"]) == 0
    capsys.readouterr()
    assert main(["storage-boxes", "show", "backups"]) == 0
    shown = details(capsys.readouterr().out)
    assert shown["name"] == "backups"
    assert main(["storage-boxes", "list", "--output", "json", "--selector", "env=prod"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["storage_box_type"]["name"] == "bx21"
    assert listed["snapshot_plan"]["max_snapshots"] == 7
    assert PASSWORD not in json.dumps(listed)
    assert main(["storage-boxes", "delete", "backups"]) == 0
    assert api.call("get", "/storage_boxes", _family="hetzner-api")["storage_boxes"] == []


def test_types_are_listed(api: ThreadedSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["storage-box-types", "list", "--output", "json"]) == 0
    names = [t["name"] for t in json.loads(capsys.readouterr().out)]
    assert names == ["bx11", "bx21", "bx31", "bx41"]
