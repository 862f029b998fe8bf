"""Every response the official spec describes for servers and their neighbours parses into models.

For each operation under ``/servers*``, ``/actions*``, ``/server_types*``, ``/images*``,
``/locations*``, ``/isos*``, ``/ssh_keys*``, ``/placement_groups*`` and ``/networks*`` the
200/201 JSON answer is taken in several forms and every object in it is wrapped in its model:

* ``example:<name>`` - each example the spec gives for the answer (media or schema level);
* ``schema`` - an answer built from the schema, using each property's ``example`` where given;
* ``minimal`` - the same with every property the schema does not require removed, at every depth;
* ``nulls`` - the same with every nullable property set to ``null``;
* ``extra`` - the same with unknown fields added to every object (the API adds fields over time);
* ``times`` - the same with every date-time in another RFC 3339 spelling the API may use.

The checks are driven by the schema, not by the model's own field lists: every property of the
object must be an attribute; a ``date-time`` property reads as an aware datetime equal to the
string; the objects a server embeds are typed (``server.server_type`` is a ``ServerType``…);
everything else reads as the raw value, ``None`` when absent; ``.data`` is the raw dict.
Models are built with ``client=None``, so reading them cannot do I/O; their bound methods say
they are not bound. The spec is ``tests/data/cloud.spec.json``, read by ``tests/spec.py``;
``tests/cloud/test_requests_match_spec.py`` imports the helpers here.
"""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from asynchetzner import (
    ISO,
    Action,
    Certificate,
    Client,
    Firewall,
    FloatingIP,
    Image,
    LoadBalancer,
    LoadBalancerType,
    Location,
    Network,
    PlacementGroup,
    Pricing,
    PrimaryIP,
    RRSet,
    Server,
    ServerMetrics,
    ServerType,
    SSHKey,
    StorageBox,
    StorageBoxSnapshot,
    StorageBoxSubaccount,
    StorageBoxType,
    Volume,
    Zone,
)
from asynchetzner.constants import ACTION_STATUSES, SERVER_STATUSES
from asynchetzner.typed.models import Model
from asynchetzner.typed.registry import kinds

from ..conftest import ScriptedServer
from ..spec import HETZNER_SPEC_PATH, load_spec

SPEC = load_spec()
HETZNER_SPEC = load_spec(HETZNER_SPEC_PATH)
PATHS: dict[str, Any] = {**SPEC["paths"], **HETZNER_SPEC["paths"]}
"""The operations of the Cloud API and of the Hetzner API (Storage Boxes): no path is in both."""

KINDS = list(kinds(Client))
PREFIXES = ("/actions", *(kind.collection.path for kind in KINDS))
METHODS = ("get", "post", "put", "delete")
SUCCESS = ("200", "201", "204")

# Which model wraps the objects under each key of an answer: a kind's ``kind`` for one, its
# path's last segment for a list.
MODELS: dict[str, type[Model]] = {
    "action": Action,
    "actions": Action,
    "next_actions": Action,
    **{kind.collection.model.kind: kind.collection.model for kind in KINDS},
    **{kind.collection.path.rsplit("/", 1)[1]: kind.collection.model for kind in KINDS},
    "rrset": RRSet,  # a zone's sub-collection
    "rrsets": RRSet,
    # the sub-collections of Storage Boxes
    "subaccount": StorageBoxSubaccount,
    "subaccounts": StorageBoxSubaccount,
    "snapshot": StorageBoxSnapshot,
    "snapshots": StorageBoxSnapshot,
}
# Keys of an answer that are plain values (or pagination), returned as they are.
PLAIN = frozenset({"meta", "root_password", "wss_url", "password", "zonefile", "folders"})
# The objects a model wraps in models of their own.
NESTED: dict[type[Model], dict[str, type[Model]]] = {
    Server: {
        "server_type": ServerType,
        "location": Location,
        "image": Image,
        "iso": ISO,
        "placement_group": PlacementGroup,
    },
    FloatingIP: {"home_location": Location},
    Volume: {"location": Location},
    PrimaryIP: {"location": Location},
    LoadBalancer: {"location": Location, "load_balancer_type": LoadBalancerType},
    StorageBox: {"storage_box_type": StorageBoxType, "location": Location},
}
UNKNOWN_FIELDS = {"added_later": {"nested": [1, "two"]}, "also_new": None}


# Reading the spec (shared with test_requests_match_spec.py)


def spec_operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(METHOD, path template, operation)`` of every operation under ``PREFIXES``."""
    for template, item in PATHS.items():
        if not any(template == p or template.startswith(p + "/") for p in PREFIXES):
            continue
        for method in METHODS:
            if method in item:
                yield method.upper(), template, item[method]


def success_response(operation: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
    """The success status of an operation and its JSON media object (``None`` for no body)."""
    for code in SUCCESS:
        response = operation["responses"].get(code)
        if response is not None:
            return int(code), response.get("content", {}).get("application/json")
    raise AssertionError(f"{operation['operationId']} has no success response")


def schema_types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if kind is None:
        return ["object"] if "properties" in schema else []
    return [kind] if isinstance(kind, str) else list(kind)


def nullable(schema: dict[str, Any]) -> bool:
    # Some properties are typed ``["string", "null"]`` with an enum that lacks ``null``; such an
    # enum rules ``null`` out, so they count as not nullable.
    return "null" in schema_types(schema) and None in schema.get("enum", [None])


def flat(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` as one object schema: a ``oneOf`` its first branch, an ``allOf`` merged."""
    if "oneOf" in schema:
        return flat(schema["oneOf"][0])
    if "allOf" not in schema:
        return schema
    merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    for part in map(flat, schema["allOf"]):
        merged["properties"].update(part.get("properties", {}))
        merged["required"] += part.get("required", [])
    return merged


def synthesize(schema: dict[str, Any]) -> Any:
    """A value for ``schema``: its ``example`` if it has one, else built from its parts."""
    schema = flat(schema)
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if "allOf" in schema:  # the parts of one object (a Load Balancer's service, target)
        return {k: v for part in schema["allOf"] for k, v in synthesize(part).items()}
    if "oneOf" in schema:
        return synthesize(schema["oneOf"][0])
    if "enum" in schema:
        return schema["enum"][0]
    kinds = [kind for kind in schema_types(schema) if kind != "null"]
    kind = kinds[0] if kinds else None
    if kind == "object":
        return {name: synthesize(sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        if "prefixItems" in schema:
            return [[synthesize(item) for item in schema["prefixItems"]]]
        return [synthesize(schema["items"])] if "items" in schema else []
    if kind == "string":
        return "2016-01-30T23:50:00Z" if schema.get("format") == "date-time" else "text"
    return {"integer": 7, "number": 1.5, "boolean": False}.get(kind)  # type: ignore[arg-type]


def transform(
    schema: dict[str, Any],
    value: Any,
    on_object: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]],
) -> Any:
    """Apply ``on_object(schema, object)`` to every object of ``value``, deepest first."""
    schema = flat(schema)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [transform(schema["items"], item, on_object) for item in value]
    if isinstance(value, dict) and "properties" in schema:
        properties = schema["properties"]
        inner = {
            key: transform(properties[key], item, on_object) if key in properties else item
            for key, item in value.items()
        }
        return on_object(schema, inner)
    return value


def only_required(schema: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    required = set(schema.get("required", ()))
    return {key: item for key, item in value.items() if key in required}


def minimal_answer(schema: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The answer with the objects in it reduced to their required properties.

    The answer's own keys stay, even where its schema requires none of them.
    """
    properties = schema["properties"]
    return {key: transform(properties[key], value, only_required) for key, value in body.items()}


def nulls(schema: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    properties = schema["properties"]
    return {
        key: None if key in properties and nullable(properties[key]) else item
        for key, item in value.items()
    }


def with_unknown_fields(schema: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    return {**value, **copy.deepcopy(UNKNOWN_FIELDS)}


TIME_SPELLINGS = (
    "2016-01-30T23:50:00+00:00",
    "2016-01-30T23:50:00.5Z",
    "2016-01-30T23:50:00.123+00:00",
    "2016-01-30T23:50:00.123456789+02:00",
    "2016-01-30T20:50:00-03:00",
)


def other_time_spellings(schema: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    properties = schema["properties"]
    changed = dict(value)
    for index, key in enumerate(sorted(value)):
        if key in properties and properties[key].get("format") == "date-time" and value[key]:
            changed[key] = TIME_SPELLINGS[index % len(TIME_SPELLINGS)]
    return changed


def response_examples(media: dict[str, Any]) -> list[tuple[str, Any]]:
    """The examples the spec gives for an answer: media ``examples``/``example``, schema's."""
    found = [(f"example:{name}", ex["value"]) for name, ex in media.get("examples", {}).items()]
    if "example" in media:
        found.append(("example", media["example"]))
    if "example" in media["schema"]:
        found.append(("example:schema", media["schema"]["example"]))
    return copy.deepcopy(found)


def response_body(method: str, template: str) -> Any:
    """A plausible answer to one operation: its first example, else one built from its schema."""
    _, media = success_response(PATHS[template][method.lower()])
    if media is None:
        return None
    examples = response_examples(media)
    return examples[0][1] if examples else synthesize(media["schema"])


def answer_variants(media: dict[str, Any]) -> list[tuple[str, Any]]:
    schema = media["schema"]
    built = synthesize(schema)
    return [
        *response_examples(media),
        ("schema", built),
        ("minimal", minimal_answer(schema, built)),
        ("nulls", transform(schema, built, nulls)),
        ("extra", transform(schema, built, with_unknown_fields)),
        ("times", transform(schema, built, other_time_spellings)),
    ]


def open_objects(schema: Any) -> Any:
    """``schema`` with ``additionalProperties: false`` dropped: the API may add fields."""
    if isinstance(schema, list):
        return [open_objects(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return {
        key: open_objects(value)
        for key, value in schema.items()
        if not (key == "additionalProperties" and value is False)
    }


# Independent of asynchetzner.typed.models.parse_time on purpose.
_RFC3339 = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([Zz])|([+-])(\d\d):(\d\d))$"
)


def rfc3339(text: str) -> datetime:
    match = _RFC3339.match(text)
    assert match, f"{text!r} is not an RFC 3339 time"
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    if zulu:
        zone = timezone.utc
    else:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        zone = timezone(offset if sign == "+" else -offset)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    parts = (year, month, day, hour, minute, second)
    return datetime(*map(int, parts), micro, tzinfo=zone)  # type: ignore[misc]


# The cases


def parse_cases() -> list[Any]:
    cases = []
    for method, template, operation in spec_operations():
        _, media = success_response(operation)
        if media is None:
            continue
        for source, body in answer_variants(media):
            cases.append(
                pytest.param(
                    method,
                    template,
                    media["schema"],
                    body,
                    id=f"{operation['operationId']}[{source}]",
                )
            )
    return cases


PARSE_CASES = parse_cases()


def check_object(
    obj: Model, raw: dict[str, Any], schema: dict[str, Any], model: type[Model], where: str
) -> None:
    """``obj`` is ``raw`` read through ``model`` as the schema describes it."""
    schema = flat(schema)
    assert type(obj) is model, f"{where}: {type(obj).__name__}, not {model.__name__}"
    assert obj.data == raw, f"{where}: .data is not the raw object"
    if "id" in schema.get("properties", {}):  # not a single answer such as the pricing
        assert obj.id == raw["id"], where
    for name, prop in schema.get("properties", {}).items():
        value = raw.get(name)
        assert hasattr(obj, name), f"{where}: {model.__name__} has no attribute {name!r}"
        attribute = getattr(obj, name)
        nested = NESTED.get(model, {}).get(name)
        if nested is not None:
            if value is None:
                assert attribute is None, f"{where}.{name}: {attribute!r} for {value!r}"
            else:
                check_object(attribute, value, prop, nested, f"{where}.{name}")
        elif prop.get("format") == "date-time":
            if value is None:
                assert attribute is None, f"{where}.{name}: {attribute!r} for null"
            else:
                assert isinstance(attribute, datetime), f"{where}.{name}: {attribute!r}"
                assert attribute.utcoffset() is not None, f"{where}.{name} is naive"
                assert attribute == rfc3339(value), f"{where}.{name}: {attribute} != {value}"
        else:
            assert attribute == value, f"{where}.{name}: {attribute!r} != {value!r}"


def check_metrics(raw: dict[str, Any], where: str) -> None:
    metrics = ServerMetrics.from_data(raw)
    assert isinstance(metrics.start, datetime), where
    assert isinstance(metrics.end, datetime), where
    assert metrics.start == rfc3339(raw["start"]), where
    assert metrics.end == rfc3339(raw["end"]), where
    assert metrics.start.utcoffset() is not None, where
    assert metrics.step == raw["step"], where
    assert metrics.time_series == {
        name: [(float(t), float(v)) for t, v in series["values"]]
        for name, series in raw["time_series"].items()
    }, where


@pytest.mark.parametrize(("method", "template", "schema", "body"), PARSE_CASES)
def test_every_answer_parses_into_models(
    method: str, template: str, schema: dict[str, Any], body: dict[str, Any]
) -> None:
    # The answer is one the spec allows (give or take new fields), so a failure below is the
    # typed layer's.
    validator = Draft202012Validator(open_objects(schema))
    errors = [error.message for error in validator.iter_errors(body)]
    assert errors == [], f"{method} {template}: the case itself breaks the schema"
    for key, value in body.items():
        prop = schema["properties"].get(key, {})
        where = f"{method} {template} -> {key}"
        if key == "metrics":
            check_metrics(value, where)
        elif key in MODELS:
            model = MODELS[key]
            if value is None:
                assert nullable(prop), f"{where} is null but not nullable"
                continue
            many = isinstance(value, list)
            items = value if many else [value]
            item_schema = prop["items"] if many else prop
            for index, item in enumerate(items):
                obj = model(None, item)
                check_object(obj, item, item_schema, model, f"{where}[{index}]")
        else:
            assert key in PLAIN or key in UNKNOWN_FIELDS, (
                f"{where}: the typed layer has no model for this key of the answer"
            )


def test_cases_cover_every_operation_and_example() -> None:
    ids = [case.id for case in PARSE_CASES]
    operation_ids = {
        op["operationId"] for _, _, op in spec_operations() if success_response(op)[1] is not None
    }
    assert len(operation_ids) >= 60  # the July 2026 spec has 73 such operations
    for operation_id in operation_ids:
        for source in ("schema", "minimal", "nulls", "extra", "times"):
            assert f"{operation_id}[{source}]" in ids
    assert "create_server[example:default]" in ids
    assert len(ids) == len(set(ids))


def test_minimal_variant_drops_optional_fields_and_they_read_none() -> None:
    media = success_response(SPEC["paths"]["/servers/{id}"]["get"])[1]
    assert media is not None
    schema = media["schema"]
    server_schema = schema["properties"]["server"]
    minimal = minimal_answer(schema, synthesize(schema))["server"]
    optional = set(server_schema["properties"]) - set(server_schema["required"])
    assert optional >= {"placement_group", "volumes", "load_balancers"}
    assert not optional & set(minimal)
    server = Server(None, minimal)
    for name in optional:
        assert getattr(server, name) is None, name
    type_schema = server_schema["properties"]["server_type"]
    type_optional = set(type_schema["properties"]) - set(type_schema["required"])
    assert type_optional, "server_type has optional fields in the spec"
    for name in type_optional:
        assert getattr(server.server_type, name) is None, name


def test_server_embeds_typed_objects_and_reads_its_addresses() -> None:
    body = response_body("POST", "/servers")
    raw = body["server"]
    server = Server(None, raw)
    assert isinstance(server.server_type, ServerType)
    assert isinstance(server.location, Location)
    assert isinstance(server.image, Image)
    assert isinstance(server.iso, ISO)
    assert server.server_type.name == raw["server_type"]["name"]
    assert server.location.network_zone == raw["location"]["network_zone"]
    assert server.image.created == datetime(2016, 1, 30, 23, 50, tzinfo=timezone.utc)
    assert server.created is not None
    assert server.created.tzinfo is not None
    assert server.ipv4 == raw["public_net"]["ipv4"]["ip"]
    assert server.ipv6 == raw["public_net"]["ipv6"]["ip"]
    assert server.data is raw  # kept, not copied: a listing costs little more than its JSON
    assert server.image.data is raw["image"]
    assert server.location is server.location  # built once, on first read
    offline = Server(None, {**raw, "public_net": {"ipv4": None, "ipv6": None, "floating_ips": []}})
    assert (offline.ipv4, offline.ipv6) == (None, None)
    action = Action(None, body["action"])
    assert action.running is (body["action"]["status"] == "running")
    assert action.finished is None


# No I/O on reads; bound methods need a client

BOUND_CALLS: dict[tuple[type[Model], str], Callable[[Any], Any]] = {
    (Server, "refresh"): lambda s: s.refresh(),
    (Server, "update"): lambda s: s.update(name="web-2"),
    (Server, "change_name"): lambda s: s.change_name("web-2"),
    (Server, "delete"): lambda s: s.delete(),
    (Server, "power_on"): lambda s: s.power_on(),
    (Server, "power_off"): lambda s: s.power_off(),
    (Server, "reboot"): lambda s: s.reboot(),
    (Server, "reset"): lambda s: s.reset(),
    (Server, "shutdown"): lambda s: s.shutdown(),
    (Server, "rebuild"): lambda s: s.rebuild("ubuntu-24.04"),
    (Server, "change_type"): lambda s: s.change_type("cpx32", upgrade_disk=True),
    (Server, "enable_rescue"): lambda s: s.enable_rescue(),
    (Server, "disable_rescue"): lambda s: s.disable_rescue(),
    (Server, "enable_backup"): lambda s: s.enable_backup(),
    (Server, "disable_backup"): lambda s: s.disable_backup(),
    (Server, "create_image"): lambda s: s.create_image(),
    (Server, "attach_iso"): lambda s: s.attach_iso("FreeBSD"),
    (Server, "detach_iso"): lambda s: s.detach_iso(),
    (Server, "change_dns_ptr"): lambda s: s.change_dns_ptr("1.2.3.4", None),
    (Server, "change_protection"): lambda s: s.change_protection(delete=True, rebuild=True),
    (Server, "request_console"): lambda s: s.request_console(),
    (Server, "reset_password"): lambda s: s.reset_password(),
    (Server, "attach_to_network"): lambda s: s.attach_to_network(4711),
    (Server, "detach_from_network"): lambda s: s.detach_from_network(4711),
    (Server, "change_alias_ips"): lambda s: s.change_alias_ips(4711, ["10.0.0.3"]),
    (Server, "add_to_placement_group"): lambda s: s.add_to_placement_group(1),
    (Server, "remove_from_placement_group"): lambda s: s.remove_from_placement_group(),
    (Server, "metrics"): lambda s: s.metrics("cpu", "2017-01-01T00:00:00Z", "2017-01-01T23:00:00Z"),
    (Server, "wait_until_status_is"): lambda s: s.wait_until_status_is("running", attempts=1),
    (Server, "get_actions"): lambda s: s.get_actions(),
    (Server, "get_action"): lambda s: s.get_action(1),
    (Image, "get_action"): lambda i: i.get_action(1),
    (Network, "get_action"): lambda n: n.get_action(1),
    (Image, "refresh"): lambda i: i.refresh(),
    (Image, "get_actions"): lambda i: i.get_actions(),
    (Image, "change_protection"): lambda i: i.change_protection(delete=True),
    (Network, "refresh"): lambda n: n.refresh(),
    (Network, "get_actions"): lambda n: n.get_actions(),
    (Network, "change_protection"): lambda n: n.change_protection(delete=True),
    (Network, "add_subnet"): lambda n: n.add_subnet("cloud", "eu-central"),
    (Network, "delete_subnet"): lambda n: n.delete_subnet("10.0.1.0/24"),
    (Network, "add_route"): lambda n: n.add_route("10.100.1.0/24", "10.0.1.1"),
    (Network, "delete_route"): lambda n: n.delete_route("10.100.1.0/24", "10.0.1.1"),
    (Network, "change_ip_range"): lambda n: n.change_ip_range("10.0.0.0/15"),
    (SSHKey, "refresh"): lambda k: k.refresh(),
    (PlacementGroup, "refresh"): lambda g: g.refresh(),
    (Certificate, "refresh"): lambda c: c.refresh(),
    (Certificate, "get_actions"): lambda c: c.get_actions(),
    (Certificate, "get_action"): lambda c: c.get_action(1),
    (Certificate, "retry"): lambda c: c.retry(),
    (Pricing, "refresh"): lambda p: p.refresh(),
    (Firewall, "refresh"): lambda f: f.refresh(),
    (Firewall, "get_actions"): lambda f: f.get_actions(),
    (Firewall, "get_action"): lambda f: f.get_action(1),
    (Firewall, "set_rules"): lambda f: f.set_rules([]),
    (Firewall, "apply_to_resources"): lambda f: f.apply_to_resources(["env=prod"]),
    (Firewall, "remove_from_resources"): lambda f: f.remove_from_resources([42]),
    (Action, "wait"): lambda a: a.wait(timeout=1),
    (FloatingIP, "refresh"): lambda f: f.refresh(),
    (FloatingIP, "get_actions"): lambda f: f.get_actions(),
    (FloatingIP, "get_action"): lambda f: f.get_action(1),
    (FloatingIP, "assign"): lambda f: f.assign(42),
    (FloatingIP, "unassign"): lambda f: f.unassign(),
    (FloatingIP, "change_dns_ptr"): lambda f: f.change_dns_ptr("203.0.113.1", None),
    (FloatingIP, "change_protection"): lambda f: f.change_protection(delete=True),
    (Volume, "refresh"): lambda v: v.refresh(),
    (Volume, "get_actions"): lambda v: v.get_actions(),
    (Volume, "get_action"): lambda v: v.get_action(1),
    (Volume, "change_protection"): lambda v: v.change_protection(delete=True),
    (Volume, "attach"): lambda v: v.attach(42),
    (Volume, "detach"): lambda v: v.detach(),
    (Volume, "resize"): lambda v: v.resize(50),
    (PrimaryIP, "refresh"): lambda p: p.refresh(),
    (PrimaryIP, "get_actions"): lambda p: p.get_actions(),
    (PrimaryIP, "get_action"): lambda p: p.get_action(1),
    (PrimaryIP, "change_protection"): lambda p: p.change_protection(delete=True),
    (PrimaryIP, "change_dns_ptr"): lambda p: p.change_dns_ptr("1.2.3.4", None),
    (PrimaryIP, "assign"): lambda p: p.assign(42),
    (PrimaryIP, "unassign"): lambda p: p.unassign(),
    (LoadBalancer, "refresh"): lambda b: b.refresh(),
    (LoadBalancer, "get_actions"): lambda b: b.get_actions(),
    (LoadBalancer, "get_action"): lambda b: b.get_action(1),
    (LoadBalancer, "change_protection"): lambda b: b.change_protection(delete=True),
    (LoadBalancer, "change_dns_ptr"): lambda b: b.change_dns_ptr("192.0.2.1", None),
    (LoadBalancer, "add_service"): lambda b: b.add_service("tcp", 80, 8080),
    (LoadBalancer, "update_service"): lambda b: b.update_service(80, destination_port=81),
    (LoadBalancer, "delete_service"): lambda b: b.delete_service(80),
    (LoadBalancer, "add_target"): lambda b: b.add_target(server=42),
    (LoadBalancer, "remove_target"): lambda b: b.remove_target(label_selector="role=web"),
    (LoadBalancer, "attach_to_network"): lambda b: b.attach_to_network(4711),
    (LoadBalancer, "detach_from_network"): lambda b: b.detach_from_network(4711),
    (LoadBalancer, "enable_public_interface"): lambda b: b.enable_public_interface(),
    (LoadBalancer, "disable_public_interface"): lambda b: b.disable_public_interface(),
    (LoadBalancer, "change_algorithm"): lambda b: b.change_algorithm("least_connections"),
    (LoadBalancer, "change_type"): lambda b: b.change_type("lb21"),
    (LoadBalancer, "metrics"): lambda b: b.metrics(
        "bandwidth", "2017-01-01T00:00:00Z", "2017-01-01T23:00:00Z"
    ),
    (Zone, "refresh"): lambda z: z.refresh(),
    (Zone, "get_actions"): lambda z: z.get_actions(),
    (Zone, "get_action"): lambda z: z.get_action(1),
    (Zone, "change_protection"): lambda z: z.change_protection(delete=True),
    (Zone, "export_zonefile"): lambda z: z.export_zonefile(),
    (Zone, "import_zonefile"): lambda z: z.import_zonefile("$ORIGIN example.com."),
    (Zone, "change_ttl"): lambda z: z.change_ttl(600),
    (Zone, "change_primary_nameservers"): lambda z: z.change_primary_nameservers(
        [{"address": "198.51.100.1"}]
    ),
    (RRSet, "refresh"): lambda r: r.refresh(),
    (RRSet, "update"): lambda r: r.update(labels={}),
    (RRSet, "delete"): lambda r: r.delete(),
    (RRSet, "change_protection"): lambda r: r.change_protection(True),
    (RRSet, "change_ttl"): lambda r: r.change_ttl(None),
    (RRSet, "set_records"): lambda r: r.set_records(["198.51.100.1"]),
    (RRSet, "add_records"): lambda r: r.add_records(["198.51.100.1"]),
    (RRSet, "remove_records"): lambda r: r.remove_records(["198.51.100.1"]),
    (RRSet, "update_records"): lambda r: r.update_records([{"value": "1.2.3.4", "comment": ""}]),
    (StorageBox, "refresh"): lambda b: b.refresh(),
    (StorageBox, "get_actions"): lambda b: b.get_actions(),
    (StorageBox, "get_action"): lambda b: b.get_action(1),
    (StorageBox, "change_protection"): lambda b: b.change_protection(delete=True),
    (StorageBox, "folders"): lambda b: b.folders(),
    (StorageBox, "change_type"): lambda b: b.change_type("bx21"),
    (StorageBox, "reset_password"): lambda b: b.reset_password("Secret-Pass-123"),
    (StorageBox, "update_access_settings"): lambda b: b.update_access_settings(ssh_enabled=True),
    (StorageBox, "rollback_snapshot"): lambda b: b.rollback_snapshot(3),
    (StorageBox, "enable_snapshot_plan"): lambda b: b.enable_snapshot_plan(7, 3, 0),
    (StorageBox, "disable_snapshot_plan"): lambda b: b.disable_snapshot_plan(),
}
ALL_MODELS = (Action, RRSet, *(kind.collection.model for kind in KINDS))


def public_coroutines(model: type[Model]) -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(model)
        if not name.startswith("_") and inspect.iscoroutinefunction(member)
    }


def test_bound_call_table_covers_every_coroutine_method() -> None:
    expected = {(model, name) for model in ALL_MODELS for name in public_coroutines(model)}
    assert set(BOUND_CALLS) == expected


@pytest.mark.parametrize(
    ("model", "call"),
    [
        pytest.param(model, call, id=f"{model.__name__}.{name}")
        for (model, name), call in BOUND_CALLS.items()
    ],
)
async def test_unbound_model_methods_raise_not_bound(
    model: type[Model], call: Callable[[Any], Any]
) -> None:
    rrset_key = {"zone": 7, "name": "www", "type": "A"}  # where an RRSet lives
    obj = model(None, {"id": 42, "status": "running", **rrset_key})
    with pytest.raises(RuntimeError, match="not bound"):
        await call(obj)


def readable_attributes(obj: Model) -> dict[str, Any]:
    """Every public attribute and property that is not a method."""
    values = {}
    for name in dir(obj):
        if name.startswith("_"):
            continue
        value = getattr(obj, name)
        if not callable(value):
            values[name] = value
    return values


@pytest.mark.parametrize(
    ("key", "model"),
    [
        pytest.param(key, model, id=key)
        for key, model in MODELS.items()
        if f"/{key}s/{{id}}" in SPEC["paths"]  # one object of a collection
    ],
)
async def test_reading_a_bound_model_sends_nothing(
    server: ScriptedServer, key: str, model: type[Model]
) -> None:
    raw = response_body("GET", f"/{key}s/{{id}}")[key]
    async with Client(server.url, "token") as client:
        obj = model(client, raw)
        values = readable_attributes(obj)
        nested = [v for v in values.values() if isinstance(v, Model)]
        for inner in nested:
            readable_attributes(inner)
        repr(obj)
        assert obj == model(None, raw)
    assert server.received == []
    assert {"id", "data"} <= set(values)
    if model is Server:
        assert len(nested) >= 4, "server_type, location, image, iso are typed"


def test_status_constants_are_the_specs_enums() -> None:
    servers = SPEC["paths"]["/servers"]["get"]["parameters"]
    (status,) = [p for p in servers if p["name"] == "status"]
    assert list(SERVER_STATUSES) == status["schema"]["items"]["enum"]
    answer = SPEC["paths"]["/actions"]["get"]["responses"]["200"]["content"]["application/json"]
    action = answer["schema"]["properties"]["actions"]["items"]["properties"]["status"]
    assert list(ACTION_STATUSES) == action["enum"]
