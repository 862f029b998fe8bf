"""The data a simulated project is seeded with, against the official spec and its own rules,
and the seeding itself."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from asynchetzner.simulator.cloud import CLOUD, seed_data
from asynchetzner.simulator.engine.routing import seed
from asynchetzner.simulator.engine.store import Store

from ...spec import load_spec

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency")


Catalog = Callable[[], list[dict[str, Any]]]

#: collection -> (seed data function, key of one item in GET /<collection>/{id})
COLLECTIONS: dict[str, tuple[Catalog, str]] = {
    "locations": (seed_data.locations, "location"),
    "server_types": (seed_data.server_types, "server_type"),
    "images": (seed_data.images, "image"),
    "isos": (seed_data.isos, "iso"),
}

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


# ------------------------------------------------------------------------------------------------
# Spec helpers
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The Cloud API spec data."""
    return load_spec()


def response_schema(spec: dict[str, Any], path: str) -> dict[str, Any]:
    """The inlined JSON schema of ``GET path`` 200."""
    schema: dict[str, Any] = spec["paths"][path]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    return schema


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def _is_decimal(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return DECIMAL.match(value) is not None and Decimal(value).is_finite()
    except InvalidOperation:
        return False


def format_checker() -> Any:
    """Asserts the two formats the catalog relies on: ``date-time`` and ``decimal``."""
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time", raises=ValueError)(_is_datetime)
    checker.checks("decimal")(_is_decimal)
    return checker


def unknown_keys(instance: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Keys the schema does not declare, even where it allows additional properties."""
    found: list[str] = []
    if isinstance(instance, dict) and "properties" in schema:
        props: dict[str, Any] = schema["properties"]
        extra = schema.get("additionalProperties")
        for key, value in instance.items():
            if key in props:
                found += unknown_keys(value, props[key], f"{where}.{key}")
            elif isinstance(extra, dict):
                found += unknown_keys(value, extra, f"{where}.{key}")
            else:
                found.append(f"{where}.{key}")
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, value in enumerate(instance):
            found += unknown_keys(value, schema["items"], f"{where}[{index}]")
    return found


def assert_matches(instance: Any, schema: dict[str, Any]) -> None:
    """Valid against the schema (formats asserted) and carrying no undeclared key."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=format_checker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
    assert errors == []
    assert unknown_keys(instance, schema) == []


def list_answer(collection: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The items wrapped like a one-page list answer."""
    pagination = {
        "page": 1,
        "per_page": 50,
        "previous_page": None,
        "next_page": None,
        "last_page": 1,
        "total_entries": len(items),
    }
    return {collection: items, "meta": {"pagination": pagination}}


# ------------------------------------------------------------------------------------------------
# Against the official document
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_list_answer_matches_spec(spec: dict[str, Any], collection: str) -> None:
    make, _ = COLLECTIONS[collection]
    assert_matches(list_answer(collection, make()), response_schema(spec, f"/{collection}"))


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_single_answers_match_spec(spec: dict[str, Any], collection: str) -> None:
    make, key = COLLECTIONS[collection]
    schema = response_schema(spec, f"/{collection}/{{id}}")
    for item in make():
        assert_matches({key: item}, schema)


def test_objects_fit_where_a_server_embeds_them(spec: dict[str, Any]) -> None:
    server = response_schema(spec, "/servers/{id}")["properties"]["server"]["properties"]
    for make, key in COLLECTIONS.values():
        for item in make():
            assert_matches(item, server[key])


def test_schema_checks_catch_drift(spec: dict[str, Any]) -> None:
    """The helpers above reject what the spec rejects, so the tests using them can fail."""
    location = seed_data.locations()[0]
    location["datacenter"] = "fsn1-dc14"
    server_type = seed_data.server_types()[0]
    server_type["prices"][0]["price_hourly"]["net"] = 0.0048
    image = seed_data.images()[0]
    del image["os_flavor"]
    iso = seed_data.isos()[0]
    iso["created"] = "yesterday"
    bad_date = seed_data.images()[0]
    bad_date["created"] = "2024-04-25 13:40"
    for collection, item in (
        ("locations", location),
        ("server_types", server_type),
        ("images", image),
        ("isos", iso),
        ("images", bad_date),
    ):
        key = COLLECTIONS[collection][1]
        with pytest.raises(AssertionError):
            assert_matches({key: item}, response_schema(spec, f"/{collection}/{{id}}"))


# ------------------------------------------------------------------------------------------------
# Catalog rules
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_ids_unique_and_ordered(collection: str) -> None:
    ids = [item["id"] for item in COLLECTIONS[collection][0]()]
    assert ids
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


@pytest.mark.parametrize("collection", ["locations", "server_types", "isos"])
def test_names_unique(collection: str) -> None:
    names = [item["name"] for item in COLLECTIONS[collection][0]()]
    assert len(set(names)) == len(names)


def test_image_names_unique_per_architecture() -> None:
    pairs = [(image["name"], image["architecture"]) for image in seed_data.images()]
    assert len(set(pairs)) == len(pairs)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_fresh_copies(collection: str) -> None:
    make, _ = COLLECTIONS[collection]
    pristine = make()
    mutated = make()
    first = mutated[0]
    for value in first.values():
        if isinstance(value, dict):
            value["mutated"] = True
        elif isinstance(value, list):
            for element in value:
                if isinstance(element, dict):
                    element["mutated"] = True
            value.append("mutated")
    first["name"] = "mutated"
    mutated.pop()
    assert make() == pristine


def test_locations() -> None:
    by_name = {loc["name"]: loc for loc in seed_data.locations()}
    assert {name: loc["id"] for name, loc in by_name.items()} == {
        "fsn1": 1,
        "nbg1": 2,
        "hel1": 3,
        "ash": 4,
        "hil": 5,
        "sin": 6,
    }
    assert {name: (loc["country"], loc["network_zone"]) for name, loc in by_name.items()} == {
        "fsn1": ("DE", "eu-central"),
        "nbg1": ("DE", "eu-central"),
        "hel1": ("FI", "eu-central"),
        "ash": ("US", "us-east"),
        "hil": ("US", "us-west"),
        "sin": ("SG", "ap-southeast"),
    }
    assert by_name["fsn1"]["city"] == "Falkenstein"
    assert by_name["sin"]["city"] == "Singapore"
    # Northern hemisphere everywhere; west of Greenwich only in the US.
    for name, loc in by_name.items():
        assert 0 < loc["latitude"] < 70
        assert (loc["longitude"] < 0) == (loc["country"] == "US"), name


def test_server_type_lineup() -> None:
    types = {st["name"]: st for st in seed_data.server_types()}
    expected = {
        "cx23", "cx33", "cx43", "cx53",
        "cpx12", "cpx22", "cpx32", "cpx42",
        "cax11", "cax21", "cax31", "cax41",
        "ccx13", "ccx23", "ccx33",
    }  # fmt: skip
    assert expected <= set(types)
    for name, st in types.items():
        assert st["description"] == name.upper()
        assert st["architecture"] == ("arm" if name.startswith("cax") else "x86")
        assert st["cpu_type"] == ("dedicated" if name.startswith("ccx") else "shared")
        assert isinstance(st["memory"], float)
        assert st["cores"] >= 1
        assert st["disk"] >= 40
    assert (types["cpx22"]["cores"], types["cpx22"]["memory"], types["cpx22"]["disk"]) == (2, 4, 80)


def test_server_type_locations_exist() -> None:
    known = {loc["name"]: loc["id"] for loc in seed_data.locations()}
    for st in seed_data.server_types():
        assert st["locations"], st["name"]
        for entry in st["locations"]:
            assert known.get(entry["name"]) == entry["id"], (st["name"], entry)
        names = [entry["name"] for entry in st["locations"]]
        assert len(set(names)) == len(names)


def test_prices_for_exactly_its_locations() -> None:
    for st in seed_data.server_types():
        priced = [price["location"] for price in st["prices"]]
        assert priced == [entry["name"] for entry in st["locations"]], st["name"]


def test_arm_and_cost_optimised_only_in_eu() -> None:
    eu = {loc["name"] for loc in seed_data.locations() if loc["network_zone"] == "eu-central"}
    everywhere = {loc["name"] for loc in seed_data.locations()}
    for st in seed_data.server_types():
        where = {entry["name"] for entry in st["locations"]}
        if st["architecture"] == "arm" or re.fullmatch(r"cx\d+", st["name"]):
            assert where == eu, st["name"]
        else:
            assert where == everywhere, st["name"]


def test_prices_are_api_formatted_decimals_with_vat() -> None:
    for st in seed_data.server_types():
        for price in st["prices"]:
            assert price["included_traffic"] > 0
            assert price["included_traffic"] % 1024**3 == 0
            for field in ("price_hourly", "price_monthly", "price_per_tb_traffic"):
                net, gross = price[field]["net"], price[field]["gross"]
                assert re.fullmatch(r"\d+\.\d{10}", net), (st["name"], field, net)
                assert re.fullmatch(r"\d+\.\d{16}", gross), (st["name"], field, gross)
                assert Decimal(net) > 0
                assert Decimal(gross) == Decimal(net) * Decimal("1.19")
            hourly = Decimal(price["price_hourly"]["net"])
            monthly = Decimal(price["price_monthly"]["net"])
            assert 500 < monthly / hourly < 750, (st["name"], price["location"])


def test_cx23_price_in_fsn1() -> None:
    cx23 = next(st for st in seed_data.server_types() if st["name"] == "cx23")
    fsn1 = next(price for price in cx23["prices"] if price["location"] == "fsn1")
    assert fsn1["price_monthly"] == {"net": "2.9900000000", "gross": "3.5581000000000000"}
    assert fsn1["included_traffic"] == 21990232555520  # 20 TB, as in the spec example


def test_exactly_one_deprecated_server_type() -> None:
    types = seed_data.server_types()
    deprecated = [st for st in types if st["deprecated"]]
    assert [st["name"] for st in deprecated] == ["cpx11"]
    (old,) = deprecated
    notice = old["deprecation"]
    assert notice is not None
    assert notice["announced"] < notice["unavailable_after"]
    for entry in old["locations"]:
        assert entry["deprecation"] == notice
        assert entry["recommended"] is False
    for st in types:
        if st is not old:
            assert st["deprecation"] is None
            assert all(e["deprecation"] is None and e["recommended"] for e in st["locations"])
        assert all(entry["available"] for entry in st["locations"])


def test_system_images() -> None:
    by_arch: dict[str, set[str]] = {"x86": set(), "arm": set()}
    for image in seed_data.images():
        by_arch[image["architecture"]].add(image["name"])
        assert image["type"] == "system"
        assert image["status"] == "available"
        assert image["image_size"] is None
        assert image["created_from"] is None
        assert image["bound_to"] is None
        assert image["deleted"] is None
        assert image["protection"] == {"delete": False}
        assert image["labels"] == {}
        assert image["disk_size"] > 0
        assert image["name"].startswith(image["os_flavor"])
    expected = {
        "ubuntu-22.04", "ubuntu-24.04", "debian-12", "debian-13",
        "fedora-42", "rocky-9", "alma-9", "centos-stream-10",
    }  # fmt: skip
    assert expected <= by_arch["x86"]
    assert expected <= by_arch["arm"]


def test_one_deprecated_image_name() -> None:
    deprecated = {image["name"] for image in seed_data.images() if image["deprecated"]}
    assert deprecated == {"ubuntu-20.04"}


def test_isos() -> None:
    isos = seed_data.isos()
    assert {iso["architecture"] for iso in isos} == {"x86", "arm"}
    for iso in isos:
        assert iso["type"] == "public"
        assert iso["deprecation"] is None
        assert iso["name"].endswith(".iso")
        assert iso["description"]


# ------------------------------------------------------------------------------------------------
# Packaging rule
# ------------------------------------------------------------------------------------------------


def test_seed_data_imports_only_the_standard_library() -> None:
    source = Path(seed_data.__file__).read_text(encoding="utf-8")
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
    assert modules
    assert modules - set(sys.stdlib_module_names) - {"asynchetzner"} == set()


# ------------------------------------------------------------------------------------------------
# Seeding a project
# ------------------------------------------------------------------------------------------------


def test_seed_fills_every_table_with_the_catalog_ids() -> None:
    store = Store()
    seed(store, CLOUD)
    for kind, entries in (
        ("location", seed_data.locations()),
        ("server_type", seed_data.server_types()),
        ("image", seed_data.images()),
        ("iso", seed_data.isos()),
    ):
        assert store.table(kind) == {entry["id"]: entry for entry in entries}


def test_seed_moves_image_ids_past_the_catalog() -> None:
    store = Store()
    seed(store, CLOUD)
    assert store.next_id("image") == max(image["id"] for image in seed_data.images()) + 1


def test_seed_keeps_tables_that_are_not_empty() -> None:
    store = Store()
    store.table("location")[99] = {"id": 99, "name": "mine"}
    seed(store, CLOUD)
    assert store.table("location") == {99: {"id": 99, "name": "mine"}}
    assert len(store.table("server_type")) == len(seed_data.server_types())


def test_seed_never_moves_image_ids_backwards() -> None:
    store = Store()
    seed(store, CLOUD)
    taken = store.next_id("image")
    seed(store, CLOUD)
    assert store.next_id("image") > taken
