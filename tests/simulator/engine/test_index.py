"""``tools/operation_index.py`` and the index it ships: kinds, verbs, listing, commands."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from asynchetzner.simulator.engine.index import Index, Shape, load_index

from ...spec import load_spec
from . import tiny_api

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "asynchetzner" / "simulator" / "cloud" / "operations.json"


@pytest.fixture(scope="module")
def tiny(operation_index: ModuleType) -> Index:
    return Index.from_json(operation_index.Indexer(tiny_api.spec()).index())


def test_shipped_index_is_what_the_tool_makes(operation_index: ModuleType) -> None:
    expected = operation_index.render(load_spec())
    assert SHIPPED.read_text(encoding="utf-8") == expected, "run: python tools/operation_index.py"


def test_kinds_are_named_as_the_tags_of_their_collections(tiny: Index) -> None:
    assert tiny.kinds == {
        "boxes": Shape("boxes", "/boxes", "/boxes/{id_or_name}", None, "box", "boxes"),
        "box_slots": Shape(
            "box_slots", "/boxes/{id_or_name}/slots", tiny_api.SLOT_PATH, "boxes", "slot", "slots"
        ),
        "status": Shape("status", "/status"),
    }


@pytest.mark.parametrize(
    ("operation", "kind", "verb"),
    [
        ("GET /boxes", "boxes", "list"),
        ("POST /boxes", "boxes", "create"),
        ("GET /boxes/{id_or_name}", "boxes", "get"),
        ("PUT /boxes/{id_or_name}", "boxes", "update"),
        ("DELETE /boxes/{id_or_name}", "boxes", "delete"),
        ("GET /boxes/actions", "boxes", "action_list"),
        ("GET /boxes/actions/{id}", "boxes", "action_get"),
        ("GET /boxes/{id_or_name}/actions", "boxes", "action_list"),
        ("GET /boxes/{id_or_name}/actions/{action_id}", "boxes", "action_get"),
        ("POST /boxes/{id_or_name}/actions/open", "boxes", "action"),
        ("GET /boxes/{id_or_name}/contents", "boxes", "other"),
        ("GET /boxes/{id_or_name}/slots", "box_slots", "list"),
        ("POST /boxes/{id_or_name}/slots", "box_slots", "create"),
        ("GET /boxes/{id_or_name}/slots/{slot_name}/{slot_type}", "box_slots", "get"),
        (
            "POST /boxes/{id_or_name}/slots/{slot_name}/{slot_type}/actions/fill",
            "box_slots",
            "action",
        ),
        ("GET /status", "status", "other"),
    ],
)
def test_each_operation_has_its_kind_and_verb(
    tiny: Index, operation: str, kind: str, verb: str
) -> None:
    assert (tiny.operations[operation].kind, tiny.operations[operation].verb) == (kind, verb)


def test_lists_take_their_filters_and_sort_fields_from_the_query_parameters(tiny: Index) -> None:
    boxes = tiny.operations["GET /boxes"]
    assert (boxes.filters, boxes.sort, boxes.labels) == (
        {"name": "string", "status": "array"},
        ("id", "name"),
        True,
    )
    actions = tiny.operations["GET /boxes/actions"]
    assert (actions.filters, actions.sort, actions.labels) == ({"id": "array"}, ("id",), False)


def test_actions_name_the_command_of_the_example_answer(tiny: Index) -> None:
    opened = tiny.operations["POST /boxes/{id_or_name}/actions/open"]
    assert (opened.action, opened.command, opened.status, opened.answer) == (
        "open",
        "open_box",
        201,
        ("action",),
    )
    created = tiny.operations["POST /boxes"]
    assert (created.command, created.answer, created.request) == (
        "create_box",
        ("action", "box"),
        "POST /boxes",
    )


def test_the_shipped_index_knows_the_cloud_api() -> None:
    index = load_index("asynchetzner.simulator.cloud")
    assert len(index.operations) == 189
    poweron = index.operations["POST /servers/{id}/actions/poweron"]
    assert (poweron.kind, poweron.verb, poweron.command) == ("servers", "action", "start_server")
    assert index.kinds["zone_rrsets"] == Shape(
        "zone_rrsets",
        "/zones/{id_or_name}/rrsets",
        "/zones/{id_or_name}/rrsets/{rr_name}/{rr_type}",
        "zones",
        "rrset",
        "rrsets",
    )
    assert index.operations["GET /datacenters"].deprecated
