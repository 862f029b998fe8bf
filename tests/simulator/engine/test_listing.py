"""Tests of the simulator's label selectors, filters, sorting and pagination."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest
import yarl
from multidict import MultiDict, MultiDictProxy

from asynchetzner.simulator.engine import listing
from asynchetzner.simulator.engine.entities import check_labels
from asynchetzner.simulator.engine.errors import SimulatorError
from asynchetzner.simulator.engine.listing import (
    LabelSelector,
    ListSpec,
    list_answer,
    valid_label_key,
)

BASE = "http://127.0.0.1:8080/v1/servers"
SERVERS = ListSpec(
    collection="servers",
    filters={"name": "name", "status": "status", "server_type": "server_type.name"},
    sort_fields=frozenset({"id", "name", "created"}),
)
ACTIONS = ListSpec(
    collection="actions",
    filters={"status": "status"},
    sort_fields=frozenset({"id", "command", "status", "started", "finished"}),
    labels=False,
)
FLAGS = ListSpec(collection="items", filters={"deprecated": "deprecated", "size": "size"})

Item = dict[str, Any]


def answer(
    items: list[Item], query_string: str = "", spec: ListSpec = SERVERS
) -> tuple[dict[str, Any], dict[str, str]]:
    """Call ``list_answer`` the way the app does, with the query parsed from the URL."""
    url = yarl.URL(f"{BASE}?{query_string}" if query_string else BASE)
    query = MultiDictProxy(MultiDict(url.query))
    return list_answer(items, query, spec, url)


def ids(body: Mapping[str, Any], collection: str = "servers") -> list[int]:
    """Return the ids of the listed items, in order."""
    return [item["id"] for item in body[collection]]


def pagination(body: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``meta.pagination`` of a body."""
    result: dict[str, Any] = body["meta"]["pagination"]
    return result


def links(headers: Mapping[str, str]) -> dict[str, yarl.URL]:
    """Parse a ``Link`` header into ``{rel: URL}``, checking its exact shape."""
    parts = headers["Link"].split(", ")
    parsed: dict[str, yarl.URL] = {}
    for part in parts:
        match = re.fullmatch(r'<([^<>]+)>; rel="(prev|next|last)"', part)
        assert match is not None, part
        parsed[match.group(2)] = yarl.URL(match.group(1))
    assert len(parsed) == len(parts)
    return parsed


def servers(count: int) -> list[Item]:
    """Build ``count`` servers with ids 1..count."""
    return [{"id": n, "name": f"srv-{n}", "labels": {}} for n in range(1, count + 1)]


def field_errors(error: SimulatorError) -> dict[str, list[str]]:
    """Return ``{field: messages}`` from an ``invalid_input`` error."""
    assert error.status == 422
    assert error.code == "invalid_input"
    return {entry["name"]: entry["messages"] for entry in error.details["fields"]}


# --- label selector -------------------------------------------------------------------------

PROD = {"env": "production", "type": "web", "example.com/team": "ops", "flag": ""}


@pytest.mark.parametrize(
    ("selector", "labels", "expected"),
    [
        ("env=production", PROD, True),
        ("env==production", PROD, True),
        ("env=staging", PROD, False),
        ("missing=x", PROD, False),
        ("env!=staging", PROD, True),
        ("env!=production", PROD, False),
        ("missing!=x", PROD, True),
        ("env", PROD, True),
        ("missing", PROD, False),
        ("flag", PROD, True),
        ("!missing", PROD, True),
        ("!env", PROD, False),
        ("!flag", PROD, False),
        ("env in (testing,production)", PROD, True),
        ("env in (testing,staging)", PROD, False),
        ("missing in (a,b)", PROD, False),
        ("env in (production)", PROD, True),
        ("env notin (testing,staging)", PROD, True),
        ("env notin (testing,production)", PROD, False),
        ("missing notin (a,b)", PROD, True),
        ("flag=", PROD, True),
        ("flag==", PROD, True),
        ("env=", PROD, False),
        ("flag!=", PROD, False),
        ("flag in (,x)", PROD, True),
        ("example.com/team=ops", PROD, True),
        ("example.com/team", PROD, True),
        ("other.example.com/team", PROD, False),
        ("team=ops", PROD, False),
        ("env=production,type!=database", PROD, True),
        ("env=production,type!=web", PROD, False),
        ("env==production,!missing", PROD, True),
        ("env==production,!type", PROD, False),
        ("env,type,flag,example.com/team", PROD, True),
        ("env,type,other", PROD, False),
        ("  env = production ,  type  in ( web , db ) , ! missing ", PROD, True),
        ("env in(production)", PROD, True),
        ("in", {"in": "x"}, True),
        ("notin in (in)", {"notin": "in"}, True),
        ("Env=production", PROD, False),
        ("env=Production", PROD, False),
        ("a.b_c-d=1.2_3-4", {"a.b_c-d": "1.2_3-4"}, True),
        ("env=production", {}, False),
        ("!env", {}, True),
        ("", PROD, True),
        ("   ", {}, True),
    ],
)
def test_selector_grammar(selector: str, labels: dict[str, str], expected: bool) -> None:
    assert LabelSelector.parse(selector).matches(labels) is expected


@pytest.mark.parametrize(
    "selector",
    [
        "env=production,",
        ",env",
        "env,,type",
        "env in (a,b",
        "env in (a b)",
        "env in ()",
        "env in a",
        "env in",
        "env notin a,b",
        "==v",
        "=v",
        "!=v",
        "!",
        "!env=x",
        "env=a=b",
        "env=a b",
        "env==(a)",
        "env x",
        "env)",
        "(env)",
        "env!",
        "-env=x",
        "env-=x",
        "env=-x",
        "bad_prefix/env=x",
        "example.com/",
        "/env",
        "a/b/c",
        "k" * 64,
        "k=" + "v" * 64,
        ".".join(["p" * 63] * 4)[:254] + "/k",
    ],
)
def test_selector_syntax_errors_name_label_selector(selector: str) -> None:
    with pytest.raises(SimulatorError) as caught:
        LabelSelector.parse(selector)
    assert caught.value.message == "label_selector is invalid"
    errors = field_errors(caught.value)
    assert list(errors) == ["label_selector"]
    assert errors["label_selector"]
    assert all(isinstance(message, str) and message for message in errors["label_selector"])


@pytest.mark.parametrize(
    "selector", ["k" * 63, "k=" + "v" * 63, ".".join(["p" * 63] * 4)[:253] + "/k"]
)
def test_selector_accepts_longest_keys_and_values(selector: str) -> None:
    LabelSelector.parse(selector)


def test_selector_error_tells_position() -> None:
    with pytest.raises(SimulatorError) as caught:
        LabelSelector.parse("env=a,,b")
    assert "position 6" in field_errors(caught.value)["label_selector"][0]


# --- list_answer: label selector and filters ------------------------------------------------

LABELLED: list[Item] = [
    {"id": 1, "name": "web-1", "labels": {"env": "production", "type": "web"}},
    {"id": 2, "name": "db-1", "labels": {"env": "production", "type": "database"}},
    {"id": 3, "name": "web-2", "labels": {"env": "staging"}},
    {"id": 4, "name": "bare"},
    {"id": 5, "name": "nulled", "labels": None},
]


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("env%3Dproduction%2Ctype!%3Ddatabase", [1]),
        ("env+in+(testing,staging)", [3]),
        ("!type", [3, 4, 5]),
        ("!env", [4, 5]),
        ("type!%3Dweb", [2, 3, 4, 5]),
        ("", [1, 2, 3, 4, 5]),
    ],
)
def test_list_answer_applies_label_selector(selector: str, expected: list[int]) -> None:
    body, _ = answer(LABELLED, f"label_selector={selector}")
    assert ids(body) == expected
    assert pagination(body)["total_entries"] == len(expected)


def test_list_answer_rejects_bad_label_selector() -> None:
    with pytest.raises(SimulatorError) as caught:
        answer(LABELLED, "label_selector=env+in+(a")
    assert list(field_errors(caught.value)) == ["label_selector"]


def test_label_selector_is_ignored_where_labels_are_not_accepted() -> None:
    actions = [{"id": 1, "status": "running"}, {"id": 2, "status": "success"}]
    body, _ = answer(actions, "label_selector=env+in+(a", spec=ACTIONS)
    assert ids(body, "actions") == [1, 2]


def test_label_selector_is_parsed_once_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = LabelSelector.parse

    def counting(cls: type[LabelSelector], text: str) -> LabelSelector:
        calls.append(text)
        return original(text)

    monkeypatch.setattr(listing.LabelSelector, "parse", classmethod(counting))
    body, _ = answer(LABELLED, "label_selector=env")
    assert ids(body) == [1, 2, 3]
    assert calls == ["env"]


FLEET: list[Item] = [
    {"id": 1, "name": "a", "status": "running", "server_type": {"name": "cx22"}},
    {"id": 2, "name": "b", "status": "off", "server_type": {"name": "cx32"}},
    {"id": 3, "name": "c", "status": "starting", "server_type": {"name": "cx22"}},
    {"id": 4, "name": "d", "status": "running", "server_type": None},
    {"id": 5, "name": "e"},
]


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("status=running", [1, 4]),
        ("status=running&status=off", [1, 2, 4]),
        ("status=deleting", []),
        ("name=c", [3]),
        ("name=C", []),
        ("server_type=cx22", [1, 3]),
        ("server_type=cx22&server_type=cx32", [1, 2, 3]),
        ("status=running&server_type=cx22", [1]),
        ("status=running&name=b", []),
        ("status=running&unknown=1&fingerprint=x", [1, 4]),
        ("", [1, 2, 3, 4, 5]),
    ],
)
def test_list_answer_filters(query_string: str, expected: list[int]) -> None:
    body, _ = answer(FLEET, query_string)
    assert ids(body) == expected
    assert pagination(body)["total_entries"] == len(expected)


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("deprecated=true", [1]),
        ("deprecated=false", [2]),
        ("deprecated=True", []),
        ("deprecated=1", []),
        ("size=10", [2]),
        ("size=10.0", []),
        ("size=10&size=20", [1, 2]),
    ],
)
def test_filters_compare_as_query_text(query_string: str, expected: list[int]) -> None:
    items: list[Item] = [
        {"id": 1, "deprecated": True, "size": 20},
        {"id": 2, "deprecated": False, "size": 10},
        {"id": 3, "deprecated": None, "size": None},
        {"id": 4, "deprecated": {"since": "x"}, "size": [10]},
    ]
    body, _ = answer(items, query_string, spec=FLAGS)
    assert ids(body, "items") == expected


# --- sorting --------------------------------------------------------------------------------

SORTABLE: list[Item] = [
    {"id": 3, "name": "beta", "created": "2026-01-02T00:00:00Z"},
    {"id": 1, "name": "gamma", "created": "2026-01-01T00:00:00Z"},
    {"id": 4, "name": "alpha", "created": "2026-01-02T00:00:00Z"},
    {"id": 2, "name": "beta", "created": "2026-01-03T00:00:00Z"},
]


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("", [1, 2, 3, 4]),
        ("sort=id", [1, 2, 3, 4]),
        ("sort=id:asc", [1, 2, 3, 4]),
        ("sort=id:desc", [4, 3, 2, 1]),
        ("sort=name", [4, 2, 3, 1]),
        ("sort=name:desc", [1, 2, 3, 4]),
        ("sort=created", [1, 3, 4, 2]),
        ("sort=created:desc", [2, 3, 4, 1]),
        ("sort=name&sort=created:desc", [4, 2, 3, 1]),
        ("sort=name:asc&sort=created:asc", [4, 3, 2, 1]),
        ("sort=created&sort=name", [1, 4, 3, 2]),
        ("sort=created:desc&sort=id:desc", [2, 4, 3, 1]),
    ],
)
def test_list_answer_sorts(query_string: str, expected: list[int]) -> None:
    body, _ = answer(SORTABLE, query_string)
    assert ids(body) == expected


@pytest.mark.parametrize(
    "sort",
    ["status", "name:up", "name:", "name:ASC", "NAME", "", ":asc", "name:asc:desc"],
)
def test_list_answer_rejects_bad_sort(sort: str) -> None:
    with pytest.raises(SimulatorError) as caught:
        answer(SORTABLE, f"sort=id&sort={sort}")
    assert caught.value.message == "sort is invalid"
    errors = field_errors(caught.value)
    assert list(errors) == ["sort"]
    assert f"'{sort}'" in errors["sort"][0]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("finished", [2, 4, 3, 1]), ("finished:desc", [1, 3, 2, 4])],
)
def test_sort_puts_nulls_first_when_ascending(sort: str, expected: list[int]) -> None:
    actions: list[Item] = [
        {"id": 1, "finished": "2026-01-03T00:00:00Z"},
        {"id": 2, "finished": None},
        {"id": 3, "finished": "2026-01-02T00:00:00Z"},
        {"id": 4, "finished": None},
    ]
    body, _ = answer(actions, f"sort={sort}", spec=ACTIONS)
    assert ids(body, "actions") == expected


# --- pagination -----------------------------------------------------------------------------


def test_pagination_matches_the_spec_example() -> None:
    body, _ = answer(servers(100), "page=2&per_page=25")
    assert pagination(body) == {
        "page": 2,
        "per_page": 25,
        "previous_page": 1,
        "next_page": 3,
        "last_page": 4,
        "total_entries": 100,
    }
    assert ids(body) == list(range(26, 51))


@pytest.mark.parametrize(
    ("count", "query_string", "expected_ids", "expected_meta"),
    [
        (60, "", list(range(1, 26)), (1, 25, None, 2, 3, 60)),
        (60, "page=3", list(range(51, 61)), (3, 25, 2, None, 3, 60)),
        (60, "per_page=50", list(range(1, 51)), (1, 50, None, 2, 2, 60)),
        (60, "per_page=51", list(range(1, 51)), (1, 50, None, 2, 2, 60)),
        (60, "per_page=1000000000000000000000", list(range(1, 51)), (1, 50, None, 2, 2, 60)),
        (60, "page=2&per_page=100", list(range(51, 61)), (2, 50, 1, None, 2, 60)),
        (10, "per_page=1&page=10", [10], (10, 1, 9, None, 10, 10)),
        (10, "page=5", [], (5, 25, 4, None, 1, 10)),
        (0, "", [], (1, 25, None, None, 1, 0)),
        (0, "page=2", [], (2, 25, 1, None, 1, 0)),
        (25, "", list(range(1, 26)), (1, 25, None, None, 1, 25)),
        (26, "page=2", [26], (2, 25, 1, None, 2, 26)),
        (3, "page=01&per_page=002", [1, 2], (1, 2, None, 2, 2, 3)),
        (3, "page=1&page=2&per_page=2", [1, 2], (1, 2, None, 2, 2, 3)),
    ],
)
def test_pagination(
    count: int,
    query_string: str,
    expected_ids: list[int],
    expected_meta: tuple[int, int, int | None, int | None, int, int],
) -> None:
    body, _ = answer(servers(count), query_string)
    assert ids(body) == expected_ids
    keys = ("page", "per_page", "previous_page", "next_page", "last_page", "total_entries")
    assert pagination(body) == dict(zip(keys, expected_meta, strict=True))


def test_max_per_page_comes_from_the_spec() -> None:
    spec = ListSpec(collection="rrsets", max_per_page=100)
    body, _ = answer(servers(150), "per_page=500", spec=spec)
    assert len(body["rrsets"]) == 100
    assert pagination(body)["per_page"] == 100
    assert pagination(body)["last_page"] == 2


@pytest.mark.parametrize("parameter", ["page", "per_page"])
@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "", "+1", " 1", "1e2", "٣"])
def test_pagination_rejects_bad_numbers(parameter: str, value: str) -> None:
    url_value = yarl.URL.build(query={parameter: value}).query_string
    with pytest.raises(SimulatorError) as caught:
        answer(servers(3), url_value)
    assert caught.value.message == f"{parameter} is invalid"
    assert list(field_errors(caught.value)) == [parameter]


def test_list_answer_returns_items_as_given() -> None:
    items = servers(3)
    body, _ = answer(items, "per_page=2")
    assert set(body) == {"servers", "meta"}
    assert all(got is given for got, given in zip(body["servers"], items[:2], strict=True))
    assert items == servers(3)


# --- Link header ----------------------------------------------------------------------------


def test_link_header_matches_the_spec_example() -> None:
    _, headers = answer(servers(30), "page=4&per_page=5")
    assert headers == {
        "Link": f'<{BASE}?page=3&per_page=5>; rel="prev", '
        f'<{BASE}?page=5&per_page=5>; rel="next", '
        f'<{BASE}?page=6&per_page=5>; rel="last"'
    }


@pytest.mark.parametrize(
    ("count", "query_string", "expected"),
    [
        (30, "", {"next": 2, "last": 2}),
        (30, "page=2", {"prev": 1, "last": 2}),
        (10, "", {"last": 1}),
        (0, "", {"last": 1}),
        (10, "page=3", {"prev": 2, "last": 1}),
        (100, "page=2&per_page=25", {"prev": 1, "next": 3, "last": 4}),
    ],
)
def test_link_header_holds_only_the_rels_that_apply(
    count: int, query_string: str, expected: dict[str, int]
) -> None:
    body, headers = answer(servers(count), query_string)
    parsed = links(headers)
    assert {rel: int(url.query["page"]) for rel, url in parsed.items()} == expected
    per_page = str(pagination(body)["per_page"])
    assert all(url.query["per_page"] == per_page for url in parsed.values())


def test_link_urls_keep_other_parameters_in_order() -> None:
    query_string = (
        "label_selector=env%3Dprod%2Ctype+in+(a,b)&page=2&status=running"
        "&sort=name:desc&per_page=500&status=off"
    )
    items = [
        {"id": n, "name": str(n), "status": "running", "labels": {"env": "prod", "type": "a"}}
        for n in range(1, 121)
    ]
    _, headers = answer(items, query_string)
    parsed = links(headers)
    assert list(parsed) == ["prev", "next", "last"]
    for rel, page in (("prev", 1), ("next", 3), ("last", 3)):
        url = parsed[rel]
        assert url.is_absolute()
        assert str(url.origin()) == "http://127.0.0.1:8080"
        assert url.path == "/v1/servers"
        assert list(url.query.items()) == [
            ("label_selector", "env=prod,type in (a,b)"),
            ("page", str(page)),
            ("status", "running"),
            ("sort", "name:desc"),
            ("per_page", "50"),
            ("status", "off"),
        ]


def test_link_urls_use_one_page_and_per_page_each() -> None:
    _, headers = answer(servers(10), "per_page=2&page=1&per_page=3&page=2")
    last = links(headers)["last"]
    assert list(last.query.items()) == [("per_page", "2"), ("page", "5")]


def test_render_turns_only_the_page_into_the_answer() -> None:
    items = servers(10)
    rendered: list[int] = []

    def render(item: Item) -> Item:
        rendered.append(item["id"])
        return {"id": item["id"], "shown": True}

    url = yarl.URL(f"{BASE}?sort=id:desc&per_page=3&page=2")
    query = MultiDictProxy(MultiDict(url.query))
    body, _ = list_answer(items, query, SERVERS, url, render)
    assert body["servers"] == [{"id": i, "shown": True} for i in (7, 6, 5)]
    assert rendered == [7, 6, 5]
    assert pagination(body)["total_entries"] == 10
    assert all("shown" not in item for item in items)


@pytest.mark.parametrize(
    "key",
    ["env", "Ab.c/x", "a..b/x", "a.b/x", "-a/x", "x" * 63, "x" * 64, f"{'a' * 254}/x", "a/b/c"],
)
def test_stored_labels_and_selectors_agree_on_keys(key: str) -> None:
    try:
        check_labels({key: "v"})
        stored = True
    except SimulatorError:
        stored = False
    try:
        LabelSelector.parse(f"{key}=v")
        selectable = True
    except SimulatorError:
        selectable = False
    assert stored == selectable == valid_label_key(key)
