"""Request-body validation: the trimmed schema file, the small JSON-Schema validator, the 422s."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from asynchetzner.simulator.engine.errors import SimulatorError
from asynchetzner.simulator.engine.validation import (
    load_request_schemas,
    schema_errors,
    validate_body,
)

from ...spec import SPEC_PATH

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "asynchetzner" / "simulator" / "cloud" / "requests.json"
DOC_KEYS = {"description", "example", "examples", "title", "deprecated", "externalDocs", "$ref"}

CLOUD = "asynchetzner.simulator.cloud"
SCHEMAS = load_request_schemas(CLOUD)


@pytest.fixture(scope="module")
def trim_spec() -> ModuleType:
    """Import ``tools/trim_spec.py`` from the repository."""
    spec = importlib.util.spec_from_file_location("trim_spec", ROOT / "tools" / "trim_spec.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def valid_server() -> dict[str, Any]:
    """Return a complete, valid ``POST /servers`` body."""
    return {
        "name": "web-1",
        "server_type": "cx22",
        "image": "ubuntu-24.04",
        "location": "fsn1",
        "ssh_keys": ["me", "42"],
        "labels": {"env": "prod"},
        "public_net": {"enable_ipv4": True, "enable_ipv6": False, "ipv4": None, "ipv6": 7},
        "firewalls": [{"firewall": 1}],
    }


def raised(operation: str, body: Any) -> SimulatorError:
    """Return the error ``validate_body`` raises for ``body``."""
    with pytest.raises(SimulatorError) as info:
        validate_body(SCHEMAS.get(operation), body)
    return info.value


def fields(error: SimulatorError) -> dict[str, list[str]]:
    """Return the error's ``details.fields`` as ``{name: messages}``."""
    return {entry["name"]: entry["messages"] for entry in error.details["fields"]}


# -- the trimmed schema file ------------------------------------------------------------------


def test_shipped_file_matches_the_spec(trim_spec: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "requests.json"
    trim_spec.main([str(SPEC_PATH), str(out)])
    assert out.read_bytes() == SHIPPED.read_bytes(), "run: python tools/trim_spec.py"


def test_shipped_file_holds_the_needed_operations() -> None:
    schemas = load_request_schemas(CLOUD)
    actions = [
        "add_to_placement_group",
        "attach_iso",
        "attach_to_network",
        "change_alias_ips",
        "change_dns_ptr",
        "change_protection",
        "change_type",
        "create_image",
        "detach_from_network",
        "enable_rescue",
        "rebuild",
    ]
    wanted = ["POST /servers", "PUT /servers/{id}", "POST /ssh_keys", "POST /placement_groups"]
    wanted += ["POST /networks"] + [f"POST /servers/{{id}}/actions/{a}" for a in actions]
    assert [op for op in wanted if op not in schemas] == []
    assert "POST /servers/{id}/actions/poweron" not in schemas


def test_shipped_file_is_compact_sorted_and_documentation_free() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"

    def keywords(schema: Any) -> set[str]:
        if not isinstance(schema, dict):
            return set()
        found = set(schema)
        for key, value in schema.items():
            if key == "properties":
                found |= set().union(*map(keywords, value.values()))
            elif key in ("allOf", "oneOf", "anyOf", "prefixItems"):
                found |= set().union(*map(keywords, value))
            elif key in ("items", "additionalProperties"):
                found |= keywords(value)
            elif key == "discriminator":
                found |= set().union(*map(keywords, value["mapping"].values()))
        return found

    used = set().union(*map(keywords, data.values()))
    assert used & DOC_KEYS == set()
    assert [key for key in used if key.startswith("x-")] == []
    # property names that look like keywords survive
    assert "description" in data["POST /floating_ips"]["properties"]
    assert "format" in data["POST /volumes"]["properties"]


def test_trim_strips_documentation_and_inlines_references(
    trim_spec: ModuleType, tmp_path: Path
) -> None:
    spec = {
        "paths": {
            "/things": {
                "summary": "not an operation",
                "get": {"responses": {}},
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "description": "doc",
                                    "x-extra": 1,
                                    "properties": {
                                        "description": {"type": "string", "example": "x"},
                                        "kind": {"$ref": "#/components/schemas/Kind"},
                                        "size": {
                                            "$ref": "#/components/schemas/Kind",
                                            "enum": ["a"],
                                        },
                                    },
                                    "default": {"title": "kept"},
                                    "oneOf": [{"$ref": "#/components/schemas/Kind"}],
                                    "discriminator": {
                                        "propertyName": "kind",
                                        "mapping": {"a": "#/components/schemas/Kind"},
                                    },
                                }
                            }
                        }
                    },
                    "responses": {},
                },
            },
            "/things/{id}": {"delete": {"requestBody": {"content": {"text/plain": {}}}}},
        },
        "components": {
            "schemas": {"Kind": {"title": "Kind", "type": "string", "deprecated": True}}
        },
    }
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    out = tmp_path / "out.json"
    trim_spec.main([str(source), str(out)])
    kind = {"type": "string"}
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "POST /things": {
            "type": "object",
            "properties": {
                "description": {"type": "string"},
                "kind": kind,
                "size": {"allOf": [kind], "enum": ["a"]},
            },
            "default": {"title": "kept"},
            "oneOf": [kind],
            "discriminator": {"propertyName": "kind", "mapping": {"a": kind}},
        }
    }


def test_trim_keeps_one_of_branches_exclusive(trim_spec: ModuleType) -> None:
    described = {"type": "string", "description": "ID or name of the Location"}
    alone = {"oneOf": [described, {"type": "boolean"}]}
    beside_ids = {"oneOf": [described, {"type": "integer"}]}
    body = {"type": "object", "properties": {"alone": alone, "beside_ids": beside_ids}}
    spec = {
        "paths": {
            "/x": {"post": {"requestBody": {"content": {"application/json": {"schema": body}}}}}
        }
    }
    trimmed = trim_spec.trim(spec)["POST /x"]["properties"]
    assert trimmed["alone"]["oneOf"][0] == {"type": ["string", "integer"]}
    assert trimmed["beside_ids"]["oneOf"] == [{"type": "string"}, {"type": "integer"}]


@pytest.mark.parametrize(
    ("ref", "match"),
    [("#/definitions/Other", "unsupported"), ("#/components/schemas/Loop", "recursive")],
)
def test_trim_rejects_references_it_cannot_inline(
    trim_spec: ModuleType, ref: str, match: str
) -> None:
    body = {"content": {"application/json": {"schema": {"$ref": ref}}}}
    spec = {
        "paths": {"/x": {"put": {"requestBody": body}}},
        "components": {"schemas": {"Loop": {"items": {"$ref": "#/components/schemas/Loop"}}}},
    }
    with pytest.raises(ValueError, match=match):
        trim_spec.trim(spec)


# -- the validator, keyword by keyword --------------------------------------------------------

OBJECT = {
    "type": "object",
    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
    "required": ["a", "b"],
}
DISCRIMINATED = {
    "oneOf": [
        {"type": "object", "properties": {"kind": {"enum": ["x"]}, "n": {"type": "integer"}}},
        {"type": "object", "properties": {"kind": {"enum": ["y"]}, "s": {"type": "string"}}},
    ],
    "discriminator": {
        "propertyName": "kind",
        "mapping": {
            "x": {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]},
            "y": {"type": "object", "properties": {"s": {"type": "string"}}},
        },
    },
}
STRING_OR_INT = {"oneOf": [{"type": "string"}, {"type": "integer", "minimum": 1}]}

CASES: list[tuple[str, dict[str, Any], Any, dict[str, list[str]]]] = [
    ("string ok", {"type": "string"}, "x", {}),
    ("string bad", {"type": "string"}, 5, {"body": ["must be a string"]}),
    ("integer ok", {"type": "integer"}, 3, {}),
    ("integer rejects bool", {"type": "integer"}, True, {"body": ["must be an integer"]}),
    ("integer rejects 1.5", {"type": "integer"}, 1.5, {"body": ["must be an integer"]}),
    ("integer rejects 2.0", {"type": "integer"}, 2.0, {"body": ["must be an integer"]}),
    ("number int", {"type": "number"}, 2, {}),
    ("number float", {"type": "number"}, 2.5, {}),
    ("number rejects bool", {"type": "number"}, False, {"body": ["must be a number"]}),
    ("boolean ok", {"type": "boolean"}, False, {}),
    ("boolean rejects 0", {"type": "boolean"}, 0, {"body": ["must be a boolean"]}),
    ("null ok", {"type": "null"}, None, {}),
    ("array ok", {"type": "array"}, [], {}),
    ("array rejects dict", {"type": "array"}, {}, {"body": ["must be an array"]}),
    ("object rejects list", {"type": "object"}, [], {"body": ["must be an object"]}),
    ("type list ok null", {"type": ["string", "null"]}, None, {}),
    ("type list ok string", {"type": ["string", "null"]}, "x", {}),
    ("type list bad", {"type": ["string", "null"]}, 1, {"body": ["must be a string or null"]}),
    ("properties ok", OBJECT, {"a": "x", "b": 1}, {}),
    (
        "properties bad",
        OBJECT,
        {"a": 1, "b": "x"},
        {"a": ["must be a string"], "b": ["must be an integer"]},
    ),
    ("required", OBJECT, {}, {"a": ["is required"], "b": ["is required"]}),
    ("additional allowed", OBJECT, {"a": "x", "b": 1, "c": 0}, {}),
    (
        "additional false",
        {**OBJECT, "additionalProperties": False},
        {"a": "x", "b": 1, "c": 0, "d": 0},
        {"c": ["unknown field"], "d": ["unknown field"]},
    ),
    (
        "additional schema",
        {"type": "object", "additionalProperties": {"type": "string"}},
        {"ok": "v", "bad": 1},
        {"bad": ["must be a string"]},
    ),
    ("enum ok", {"enum": ["a", "b"]}, "b", {}),
    ("enum bad", {"enum": ["a", "b"]}, "c", {"body": ["must be one of: a, b"]}),
    (
        "enum is strict about bools",
        {"enum": [1, None]},
        True,
        {"body": ["must be one of: 1, null"]},
    ),
    (
        "items",
        {"type": "array", "items": {"type": "integer"}},
        [1, "x", 2, None],
        {
            "1": ["must be an integer"],
            "3": ["must be an integer"],
        },
    ),
    (
        "prefixItems then items",
        {"prefixItems": [{"type": "string"}, {"type": "boolean"}], "items": {"type": "integer"}},
        [1, True, 3, "x"],
        {"0": ["must be a string"], "3": ["must be an integer"]},
    ),
    ("prefixItems alone leaves the rest free", {"prefixItems": [{"type": "string"}]}, ["a", 1], {}),
    ("minItems", {"type": "array", "minItems": 1}, [], {"body": ["must have at least 1 items"]}),
    ("maxItems", {"type": "array", "maxItems": 1}, [1, 2], {"body": ["must have at most 1 items"]}),
    ("minLength", {"type": "string", "minLength": 2}, "a", {"body": ["is too short (min 2)"]}),
    ("maxLength", {"type": "string", "maxLength": 3}, "abcd", {"body": ["is too long (max 3)"]}),
    ("length ok", {"type": "string", "minLength": 1, "maxLength": 3}, "abc", {}),
    ("pattern searches", {"pattern": "b+"}, "abbc", {}),
    ("pattern bad", {"pattern": r"^\S+$"}, "a b", {"body": [r"must match ^\S+$"]}),
    ("minimum", {"type": "integer", "minimum": 1}, 0, {"body": ["must be at least 1"]}),
    ("maximum", {"type": "number", "maximum": 60}, 60.5, {"body": ["must be at most 60"]}),
    ("bounds inclusive", {"minimum": 1, "maximum": 1}, 1, {}),
    (
        "length keywords skip non-strings",
        {"maxLength": 1, "minimum": 5},
        "ab",
        {
            "body": ["is too long (max 1)"],
        },
    ),
    (
        "allOf collects every branch",
        {"allOf": [OBJECT, {"properties": {"c": {"type": "boolean"}}, "required": ["c"]}]},
        {"a": "x"},
        {"b": ["is required"], "c": ["is required"]},
    ),
    ("oneOf first", STRING_OR_INT, "fsn1", {}),
    ("oneOf second", STRING_OR_INT, 3, {}),
    ("oneOf no type fits", STRING_OR_INT, True, {"body": ["must be a string or an integer"]}),
    ("oneOf reports the fitting branch", STRING_OR_INT, 0, {"body": ["must be at least 1"]}),
    (
        "oneOf more than one",
        {"oneOf": [{"type": "integer"}, {"minimum": 0}]},
        1,
        {"body": ["matches more than one allowed form"]},
    ),
    ("anyOf more than one", {"anyOf": [{"type": "integer"}, {"minimum": 0}]}, 1, {}),
    (
        "anyOf none reports the closest branch",
        {
            "anyOf": [
                {"type": "object", "required": ["a", "b"]},
                {"type": "object", "required": ["a"]},
            ]
        },
        {},
        {"a": ["is required"]},
    ),
    ("discriminator picks its branch", DISCRIMINATED, {"kind": "x", "n": 1}, {}),
    (
        "discriminator branch errors",
        DISCRIMINATED,
        {"kind": "x", "n": "1"},
        {
            "n": ["must be an integer"],
        },
    ),
    ("discriminator missing", DISCRIMINATED, {"n": 1}, {"kind": ["is required"]}),
    ("discriminator unknown", DISCRIMINATED, {"kind": "z"}, {"kind": ["must be one of: x, y"]}),
    ("discriminator not a string", DISCRIMINATED, {"kind": 1}, {"kind": ["must be one of: x, y"]}),
    ("default and format ignored", {"type": "integer", "default": "x", "format": "int64"}, 1, {}),
    (
        "nested paths",
        {
            "type": "object",
            "properties": {
                "net": {"type": "object", "properties": {"v4": {"type": "boolean"}}},
                "fw": {"type": "array", "items": OBJECT},
            },
        },
        {"net": {"v4": "yes"}, "fw": [{"a": "x", "b": 1}, {"a": 2}]},
        {
            "net.v4": ["must be a boolean"],
            "fw.1.a": ["must be a string"],
            "fw.1.b": ["is required"],
        },
    ),
]


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_schema_errors(schema: dict[str, Any], value: Any, expected: dict[str, list[str]]) -> None:
    assert schema_errors(schema, value) == expected


def test_schema_errors_prefixes_the_given_path() -> None:
    assert schema_errors(OBJECT, {"a": 1}, "outer.0") == {
        "outer.0.b": ["is required"],
        "outer.0.a": ["must be a string"],
    }
    assert schema_errors({"type": "string"}, 1, "outer") == {"outer": ["must be a string"]}


def test_schema_errors_reports_a_message_once() -> None:
    schema = {"allOf": [OBJECT, OBJECT]}
    assert schema_errors(schema, {"a": "x"}) == {"b": ["is required"]}


# -- the real schemas ---------------------------------------------------------------------------


def test_load_request_schemas_is_cached() -> None:
    assert load_request_schemas(CLOUD) is load_request_schemas(CLOUD)
    assert load_request_schemas(CLOUD)["POST /servers"]["type"] == "object"


def test_valid_create_server_passes() -> None:
    validate_body(SCHEMAS.get("POST /servers"), valid_server())


def test_missing_fields_are_reported_together_as_422() -> None:
    error = raised("POST /servers", {"location": "fsn1"})
    assert (error.status, error.code) == (422, "invalid_input")
    assert error.message == "invalid input in fields image, name, server_type"
    assert sorted(error.details["fields"], key=lambda entry: entry["name"]) == [
        {"name": "image", "messages": ["is required"]},
        {"name": "name", "messages": ["is required"]},
        {"name": "server_type", "messages": ["is required"]},
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"name": 5}, {"name": ["must be a string"]}),
        ({"labels": {"env": 1}}, {"labels.env": ["must be a string"]}),
        ({"start_after_create": "yes"}, {"start_after_create": ["must be a boolean"]}),
        ({"ssh_keys": ["me", 42, 4.5]}, {"ssh_keys.2": ["must be a string or an integer"]}),
        ({"firewalls": [{"firewall": "1"}]}, {"firewalls.0.firewall": ["must be an integer"]}),
        ({"firewalls": [{}]}, {"firewalls.0.firewall": ["is required"]}),
        ({"public_net": {"enable_ipv4": 1}}, {"public_net.enable_ipv4": ["must be a boolean"]}),
        ({"public_net": {"ipv4": "1.2.3.4"}}, {"public_net.ipv4": ["must be an integer or null"]}),
    ],
    ids=lambda value: next(iter(value)),
)
def test_bad_create_server_fields(change: dict[str, Any], expected: dict[str, list[str]]) -> None:
    assert fields(raised("POST /servers", valid_server() | change)) == expected


def test_every_bad_field_is_reported() -> None:
    body = valid_server() | {"name": 5, "start_after_create": "yes", "labels": {"a": 1}}
    error = raised("POST /servers", body)
    assert sorted(fields(error)) == ["labels.a", "name", "start_after_create"]
    assert error.message == "invalid input in fields labels.a, name, start_after_create"


def test_create_server_allows_unknown_fields_as_the_spec_does() -> None:
    # The spec leaves additionalProperties open on POST /servers.
    assert "additionalProperties" not in load_request_schemas(CLOUD)["POST /servers"]
    validate_body(SCHEMAS.get("POST /servers"), valid_server() | {"colour": "blue"})


def test_unknown_field_is_reported_where_the_spec_forbids_it() -> None:
    assert load_request_schemas(CLOUD)["POST /networks"]["additionalProperties"] is False
    body = {"name": "net", "ip_range": "10.0.0.0/16", "colour": "blue"}
    assert fields(raised("POST /networks", body)) == {"colour": ["unknown field"]}


def test_whole_body_of_the_wrong_type() -> None:
    assert fields(raised("POST /servers", ["name"])) == {"body": ["must be an object"]}
    assert fields(raised("POST /servers", None)) == {"body": ["must be an object"]}


def test_change_type_needs_upgrade_disk() -> None:
    operation = "POST /servers/{id}/actions/change_type"
    assert fields(raised(operation, {"server_type": "cx32"})) == {"upgrade_disk": ["is required"]}
    validate_body(SCHEMAS.get(operation), {"server_type": "cx32", "upgrade_disk": False})


def test_operations_without_a_schema_are_not_validated() -> None:
    validate_body(SCHEMAS.get("POST /servers/{id}/actions/poweron"), {"anything": 1})
    validate_body(SCHEMAS.get("GET /servers"), None)
    validate_body(SCHEMAS.get("BREW /coffee"), [1, 2])


def test_string_or_integer_location() -> None:
    operation = "POST /floating_ips"
    validate_body(SCHEMAS.get(operation), {"type": "ipv4", "home_location": "fsn1"})
    validate_body(SCHEMAS.get(operation), {"type": "ipv4", "home_location": 3})
    assert fields(raised(operation, {"type": "ipv4", "home_location": True})) == {
        "home_location": ["must be a string or an integer"]
    }
    assert fields(raised(operation, {"type": "ipv5"})) == {"type": ["must be one of: ipv4, ipv6"]}


def test_load_balancer_services_follow_their_discriminator() -> None:
    service = {
        "protocol": "tcp",
        "listen_port": 80,
        "destination_port": 8080,
        "proxyprotocol": False,
        "health_check": {
            "protocol": "tcp",
            "port": 8080,
            "interval": 15,
            "timeout": 10,
            "retries": 3,
        },
    }
    body = {"name": "lb", "load_balancer_type": "lb11", "services": [service]}
    validate_body(SCHEMAS.get("POST /load_balancers"), body)
    body["services"] = [service | {"protocol": "udp"}]
    assert fields(raised("POST /load_balancers", body)) == {
        "services.0.protocol": ["must be one of: http, https, tcp"]
    }
    service["health_check"] = {"protocol": "tcp", "port": 8080, "interval": 1, "timeout": 10}
    body["services"] = [service]
    assert fields(raised("POST /load_balancers", body)) == {
        "services.0.health_check.interval": ["must be at least 3"],
    }


def test_load_balancer_services_may_be_given_in_part() -> None:
    """As Hetzner takes them (tools/trim_spec.py PARTIAL): only the protocols are required."""
    service = {"protocol": "http", "http": {"sticky_sessions": True}}
    body = {"name": "lb", "load_balancer_type": "lb11", "services": [service]}
    validate_body(SCHEMAS.get("POST /load_balancers"), body)
    validate_body(SCHEMAS.get("POST /load_balancers/{id}/actions/add_service"), service)
    body["services"] = [{"listen_port": 80, "health_check": {"port": 80}}]
    assert fields(raised("POST /load_balancers", body)) == {"services.0.protocol": ["is required"]}
    assert fields(raised("POST /load_balancers/{id}/actions/add_service", body["services"][0])) == {
        "protocol": ["is required"],
        "health_check.protocol": ["is required"],
    }
