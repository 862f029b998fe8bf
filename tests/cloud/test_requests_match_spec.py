"""Every request the typed layer can send is one the official spec describes.

Each call of the table below runs against ``ScriptedServer`` (tests/conftest.py), which answers
every request with the spec's example answer for its operation (or one built from the answer's
schema), and records it. Every recorded request is then checked against the operation it hits
in ``tests/data/cloud.spec.json`` (or, for Storage Boxes, ``tests/data/hetzner.spec.json``, whose
Hetzner API the client is pointed at the same server for):

* method and path match an operation (``/servers/42/actions/poweron`` is
  ``/servers/{id}/actions/poweron``), and path parameters validate against their schemas;
* every query parameter is one the operation declares, repeated only where it is an array, its
  values valid for its schema (``id=0`` breaks ``minimum: 1``), required ones present, and those
  documented as RFC 3339 times spelled as such;
* an operation without ``requestBody`` gets no body and no ``Content-Type``; one whose body is
  required gets a JSON body that validates with ``Draft202012Validator`` against the schema,
  made stricter and looser in two ways:

  - **strict**: an object that lists its ``properties`` and says nothing of others takes no
    others (``additionalProperties: false`` is added), so a field the operation does not know
    is caught as surely as an unknown query parameter;
  - **ID or name**: the spec types some fields as ``string`` although the API takes an integer id
    there too; where a string's description (or its array's) matches ``ID or name`` or
    ``IDs (`integer`) or names``, it is validated as ``["string", "integer"]``.

Each case also names the operations it must reach and, where it matters, the exact body or query
it must send, so a call that reaches the wrong endpoint or drops an argument fails by name.
Invalid arguments must raise ``InvalidArgumentError`` before anything is sent.
"""

from __future__ import annotations

import inspect
import json
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from aiohttp import web
from jsonschema import Draft202012Validator

from asynchetzner import (
    ISO,
    Action,
    Certificate,
    Client,
    CreateServerResult,
    CreateVolumeResult,
    Firewall,
    FloatingIP,
    Image,
    InvalidArgumentError,
    LoadBalancer,
    Location,
    Network,
    PlacementGroup,
    PollPolicy,
    Pricing,
    PrimaryIP,
    RetryPolicy,
    Server,
    ServerMetrics,
    ServerType,
    SSHKey,
    StorageBox,
    StorageBoxSnapshot,
    StorageBoxSnapshotsClient,
    StorageBoxSubaccount,
    StorageBoxSubaccountsClient,
    StorageBoxType,
    Volume,
    Zone,
)
from asynchetzner.cloud.load_balancers import ip_target, label_selector_target, server_target
from asynchetzner.cloud.zone_rrsets import RRSet, RRSetsClient
from asynchetzner.typed.models import Model
from asynchetzner.typed.registry import Declared, kinds
from asynchetzner.typed.resources import ActionReads

from ..conftest import Received, ScriptedServer, answer
from ..typed.test_models import PATHS, response_body, schema_types, success_response

TOKEN = "spec-check-token"
NO_WAIT = RetryPolicy(backoff_base=0.0, backoff_cap=0.0)
ID_OR_NAME = re.compile(r"ID or name|IDs \(`integer`\) or names", flags=re.IGNORECASE)
RFC3339 = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", flags=re.IGNORECASE
)


# The spec's operations, and what a request must be to match one


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    spec: dict[str, Any]
    pattern: re.Pattern[str]
    literals: int

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


def _operations() -> list[Operation]:
    found = []
    for template, item in PATHS.items():
        parts = template.strip("/").split("/")
        regex = "/" + "/".join(
            f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part)
            for part in parts
        )
        literals = sum(not part.startswith("{") for part in parts)
        for method in ("get", "post", "put", "delete", "patch"):
            if method in item:
                found.append(
                    Operation(method.upper(), template, item[method], re.compile(regex), literals)
                )
    return found


OPERATIONS = _operations()


def find_operation(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The operation for a request; a literal segment wins over a placeholder."""
    candidates = [
        (operation, match.groupdict())
        for operation in OPERATIONS
        if operation.method == method and (match := operation.pattern.fullmatch(path))
    ]
    return max(candidates, key=lambda found: found[0].literals) if candidates else None


def request_schema(schema: dict[str, Any], id_or_name: bool = False) -> dict[str, Any]:
    """The body schema, strict about unknown fields and taking ids where it says "ID or name"."""
    schema = dict(schema)
    described = id_or_name or bool(ID_OR_NAME.search(schema.get("description", "")))
    if described and schema.get("type") == "string":
        schema["type"] = ["string", "integer"]
    if "properties" in schema:
        schema["properties"] = {
            name: request_schema(sub) for name, sub in schema["properties"].items()
        }
        schema.setdefault("additionalProperties", False)
    if isinstance(schema.get("additionalProperties"), dict):
        schema["additionalProperties"] = request_schema(schema["additionalProperties"])
    if isinstance(schema.get("items"), dict):
        schema["items"] = request_schema(schema["items"], described)
    return schema


def from_query(text: str, schema: dict[str, Any]) -> Any:
    """A query string value as the JSON value its schema describes."""
    kinds = schema_types(schema)
    if "integer" in kinds and re.fullmatch(r"-?\d+", text):
        return int(text)
    if "number" in kinds and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text)
    if "boolean" in kinds and text in ("true", "false"):
        return text == "true"
    return text


def value_problems(where: str, value: Any, schema: dict[str, Any]) -> list[str]:
    return [f"{where}: {e.message}" for e in Draft202012Validator(schema).iter_errors(value)]


def spec_problems(request: Received) -> list[str]:
    """What is wrong with one recorded request, measured against the spec; empty if nothing."""
    url = urlsplit(request.path_qs)
    path = url.path.removeprefix("/v1")
    found = find_operation(request.method, path)
    if found is None:
        return [f"{request.method} {path}: the spec has no such operation"]
    operation, path_values = found
    where = operation.key
    parameters = operation.spec.get("parameters", [])
    problems = []
    for parameter in parameters:
        if parameter["in"] == "path":
            name, schema = parameter["name"], parameter["schema"]
            value = from_query(path_values[name], schema)
            problems += value_problems(f"{where} path {name}={value!r}", value, schema)
    declared = {p["name"]: p for p in parameters if p["in"] == "query"}
    pairs = parse_qsl(url.query, keep_blank_values=True)
    for name in dict.fromkeys(name for name, _ in pairs):
        values = [value for key, value in pairs if key == name]
        if name not in declared:
            problems.append(f"{where}: query parameter {name!r} is not one it declares")
            continue
        schema = declared[name]["schema"]
        if "array" in schema_types(schema):
            schema = schema.get("items", {})
        elif len(values) > 1:
            problems.append(f"{where}: query parameter {name!r} is not an array but repeated")
        rfc3339 = "RFC3339" in declared[name].get("description", "")
        for value in values:
            problems += value_problems(
                f"{where} ?{name}={value}", from_query(value, schema), schema
            )
            if rfc3339 and not RFC3339.match(value):
                problems.append(f"{where} ?{name}={value}: not an RFC 3339 time")
    sent = {name for name, _ in pairs}
    for name, parameter in declared.items():
        if parameter.get("required") and name not in sent:
            problems.append(f"{where}: required query parameter {name!r} is missing")
    content_type = next(
        (value for key, value in request.headers.items() if key.lower() == "content-type"), None
    )
    body = operation.spec.get("requestBody")
    if body is None:
        if request.body:
            problems.append(f"{where} takes no body, but got {request.body[:100]!r}")
        if content_type is not None:
            problems.append(f"{where} takes no body, but got Content-Type {content_type}")
    elif not request.body:
        if body.get("required"):
            problems.append(f"{where} requires a body, but got none")
    else:
        if content_type != "application/json":
            problems.append(f"{where}: body sent as {content_type}, not application/json")
        schema = request_schema(body["content"]["application/json"]["schema"])
        problems += value_problems(f"{where} body", json.loads(request.body), schema)
    return problems


def operation_of(request: Received) -> str:
    found = find_operation(request.method, urlsplit(request.path_qs).path.removeprefix("/v1"))
    return found[0].key if found else f"{request.method} {request.path_qs} (not in the spec)"


# The answering side


def finished_action(action_id: int) -> dict[str, Any]:
    action = dict(response_body("GET", "/actions/{id}")["action"])
    action.update(id=action_id, status="success", progress=100, error=None)
    action["finished"] = "2016-01-30T23:55:00Z"
    return action


async def spec_answer(request: web.Request) -> web.StreamResponse:
    """The spec's answer to whatever operation ``request`` is, on a single page."""
    found = find_operation(request.method, request.path.removeprefix("/v1"))
    if found is None:
        error = {"code": "not_found", "message": "no such operation", "details": None}
        return web.json_response({"error": error}, status=404)
    operation = found[0]
    status, media = success_response(operation.spec)
    if media is None:
        return web.Response(status=status)
    body = response_body(operation.method, operation.template)
    if operation.key in ("GET /actions", "GET /storage_boxes/actions"):
        body = {"actions": [finished_action(int(i)) for i in request.query.getall("id", [])]}
        body.update({"meta": {}} if operation.key != "GET /actions" else {})
    if isinstance(body, dict) and "meta" in body:
        items = next(value for key, value in body.items() if key != "meta")
        page = {"page": 1, "per_page": 50, "previous_page": None, "next_page": None}
        body["meta"] = {"pagination": {**page, "last_page": 1, "total_entries": len(items)}}
    return web.json_response(body, status=status)


@pytest.fixture
def api(server: ScriptedServer) -> ScriptedServer:
    server.default = spec_answer
    return server


# The calls

START = datetime(2017, 1, 1, tzinfo=timezone.utc)
END = datetime(2017, 1, 1, 23, tzinfo=timezone.utc)
SERVER_DATA = {**response_body("GET", "/servers/{id}")["server"], "id": 42}
SSH_KEY = SSHKey(None, {"id": 8, "name": "other-key"})
NETWORK = Network(None, {"id": 4712, "name": "other-net"})
PLACEMENT_GROUP = PlacementGroup(None, {"id": 2, "name": "spread-out"})
CERTIFICATE = Certificate(None, {"id": 897, "name": "my cert", "type": "managed"})
CERTIFICATE_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
PRIVATE_KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n"
USER_DATA = "#cloud-config\nruncmd:\n- [touch, /root/cloud-init-worked]\n"
LABELS = {"environment": "prod", "example.com/my": "label", "just-a-key": ""}
SERVER_FILTERS = {
    "label_selector": "env=prod,tier!=db",
    "status": ["running", "off"],
    "name": "web-1",
    "sort": ["name:asc", "created:desc"],
}
SERVER_FILTER_QUERY = (
    ("label_selector", "env=prod,tier!=db"),
    ("status", "running"),
    ("status", "off"),
    ("name", "web-1"),
    ("sort", "name:asc"),
    ("sort", "created:desc"),
    ("per_page", "50"),
    ("page", "1"),
)

Call = Callable[[Client], Awaitable[Any]]


def server(client: Client) -> Server:
    return Server(client, SERVER_DATA)


async def collect(items: Any) -> list[Any]:
    return [item async for item in items]


@dataclass(frozen=True)
class Case:
    """One call: the operations it must reach, and the body or query it must send, if given."""

    name: str
    call: Call
    ops: tuple[str, ...]
    body: Any = None
    query: tuple[tuple[str, str], ...] | None = None

    @property
    def method(self) -> str:
        return self.name.split("(")[0]


def action(name: str, operation: str, call: Call, body: Any = None) -> Case:
    """A server action: ``POST /servers/{id}/actions/<operation>``."""
    return Case(f"server.{name}", call, (f"POST /servers/{{id}}/actions/{operation}",), body)


def catalog_cases(
    attr: str, path: str, name: str, filters: dict[str, Any], by_name: dict[str, str] | None = None
) -> Iterator[Case]:
    """``list``, ``get_all`` with filters, ``get`` and ``get_by_name`` of one collection."""

    def client_of(client: Client) -> Any:
        return getattr(client, attr)

    page = (("per_page", "50"), ("page", "1"))
    filter_query = tuple((k, "true" if v is True else v) for k, v in _flat(filters))
    by_name_query = tuple({"name": name, **(by_name or {})}.items())
    yield Case(f"{attr}.list()", lambda c: collect(client_of(c).list()), (f"GET {path}",))
    yield Case(
        f"{attr}.get_all(filters)",
        lambda c: client_of(c).get_all(**filters),
        (f"GET {path}",),
        query=(*filter_query, *page),
    )
    yield Case(f"{attr}.get(id)", lambda c: client_of(c).get(1), (f"GET {path}/{{id}}",))
    yield Case(
        f"{attr}.get_by_name()",
        lambda c: client_of(c).get_by_name(name),
        (f"GET {path}",),
        query=(*by_name_query, *page),
    )


def network(client: Client) -> Network:
    return Network(client, {"id": 4712, "name": "mynet"})


FIREWALL_RULE = {
    "direction": "in",
    "protocol": "tcp",
    "port": "80-85",
    "source_ips": ["0.0.0.0/0", "::/0"],
    "description": "web",
}
FIREWALL_SELECTOR = {"type": "label_selector", "label_selector": {"selector": "env=prod"}}


def firewall(client: Client) -> Firewall:
    return Firewall(client, {"id": 38, "name": "fw"})


VOLUME = Volume(None, {"id": 4711, "name": "databases-storage"})


def volume(client: Client) -> Volume:
    return Volume(client, VOLUME.data)


def primary_ip(client: Client) -> PrimaryIP:
    return PrimaryIP(client, {"id": 4713, "name": "my-ip", "type": "ipv6"})


def image(client: Client) -> Image:
    return Image(client, {"id": 4711, "name": "snapshot"})


def load_balancer(client: Client) -> LoadBalancer:
    return LoadBalancer(client, {"id": 4714, "name": "web-lb"})


LB_CHECK = {"protocol": "tcp", "port": 8080, "interval": 15, "timeout": 10, "retries": 3}
LB_SERVICE = {
    "protocol": "http",
    "listen_port": 80,
    "destination_port": 8080,
    "proxyprotocol": False,
    "health_check": LB_CHECK,
    "http": {
        "sticky_sessions": True,
        "cookie_name": "HCLBSTICKY",
        "cookie_lifetime": 300,
        "timeout_idle": 50,
    },
}


def lb_action(name: str, operation: str, call: Call, body: Any = None) -> Case:
    """A Load Balancer action: ``POST /load_balancers/{id}/actions/<operation>``."""
    return Case(
        f"load_balancer.{name}", call, (f"POST /load_balancers/{{id}}/actions/{operation}",), body
    )


ZONE_DATA = {"id": 42, "name": "example.com", "mode": "primary"}
ZONEFILE = "$ORIGIN example.com.\n$TTL 3600\n@ IN SOA hydrogen.ns.hetzner.com. x 1 2 3 4 5\n"
RRSET_DATA = {"id": "@/MX", "name": "@", "type": "MX", "zone": 42}
MX = {"value": "10 mail.example.com.", "comment": "mail"}


def zone(client: Client) -> Zone:
    return Zone(client, ZONE_DATA)


def rrset(client: Client) -> RRSet:
    return RRSet(client, RRSET_DATA)


PASSWORD = "Secret-Pass-123"


def storage_box(client: Client) -> StorageBox:
    return StorageBox(client, {"id": 42, "name": "backups"})


def subaccount(client: Client) -> StorageBoxSubaccount:
    return StorageBoxSubaccount(client, {"id": 5, "storage_box": 42, "name": "web"})


def snapshot(client: Client) -> StorageBoxSnapshot:
    return StorageBoxSnapshot(client, {"id": 7, "storage_box": 42, "name": "2025-02-12T11-35-19"})


def rebound(client: Client, obj: Any) -> Any:
    """``obj`` again, bound to ``client``."""
    return type(obj)(client, obj.data)


KINDS_WITH_ACTIONS = [kind for kind in kinds(Client) if issubclass(kind.collection, ActionReads)]


def action_read_cases(kind: Declared) -> Iterator[Case]:
    """The action reads of one kind: its list and one action, and an object's list."""
    path = kind.collection.path
    model = kind.collection.model
    item = next(  # "{id}", or "{id_or_name}" where the API takes names too
        op.template
        for op in OPERATIONS
        if op.method == "GET" and re.fullmatch(re.escape(path) + r"/\{[a-z_]+\}", op.template)
    )

    def collection(client: Client) -> Any:
        return getattr(client, kind.attribute)

    yield Case(
        f"{kind.attribute}.get_actions()",
        lambda c: collection(c).get_actions(status=["running"], sort=["id"]),
        (f"GET {path}/actions",),
        query=(("status", "running"), ("sort", "id"), ("per_page", "50"), ("page", "1")),
    )
    yield Case(
        f"{kind.attribute}.get_action()",
        lambda c: collection(c).get_action(13),
        (f"GET {path}/actions/{{id}}",),
    )
    yield Case(
        f"{model.kind}.get_actions()",
        lambda c: model(c, {"id": 42}).get_actions(),
        (f"GET {item}/actions",),
    )
    yield Case(
        f"{model.kind}.get_action()",
        lambda c: model(c, {"id": 42}).get_action(13),
        (f"GET {item}/actions/{{action_id}}",),
    )


def _flat(params: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            yield key, item


CASES: list[Case] = [
    # client.servers
    Case(
        "servers.create(all arguments)",
        lambda c: c.servers.create(
            name="web-1",
            server_type="cpx22",
            image="ubuntu-24.04",
            location="fsn1",
            ssh_keys=[7, "my-ssh-key", SSH_KEY],
            user_data=USER_DATA,
            labels=LABELS,
            start_after_create=False,
            networks=[456, NETWORK],
            firewalls=[38, Model(None, {"id": 39})],
            volumes=[123, Model(None, {"id": 124})],
            placement_group=PLACEMENT_GROUP,
            public_net={"enable_ipv4": False, "enable_ipv6": True, "ipv4": None, "ipv6": 17},
            automount=True,
        ),
        ("POST /servers",),
        body={
            "name": "web-1",
            "server_type": "cpx22",
            "image": "ubuntu-24.04",
            "location": "fsn1",
            "ssh_keys": [7, "my-ssh-key", 8],
            "user_data": USER_DATA,
            "labels": LABELS,
            "start_after_create": False,
            "networks": [456, 4712],
            "firewalls": [{"firewall": 38}, {"firewall": 39}],
            "volumes": [123, 124],
            "placement_group": 2,
            "public_net": {"enable_ipv4": False, "enable_ipv6": True, "ipv4": None, "ipv6": 17},
            "automount": True,
        },
    ),
    Case(
        "servers.create(objects and ids)",
        lambda c: c.servers.create(
            "web-2",
            ServerType(None, {"id": 1, "name": "cpx22"}),
            Image(None, {"id": 4711, "name": "ubuntu-24.04"}),
            location=Location(None, {"id": 3, "name": "hel1"}),
            ssh_keys=[SSH_KEY],
            placement_group=5,
            automount=False,
        ),
        ("POST /servers",),
        body={
            "name": "web-2",
            "server_type": 1,
            "image": 4711,
            "location": 3,
            "ssh_keys": [8],
            "placement_group": 5,
            "automount": False,
            "start_after_create": True,
        },
    ),
    Case(
        "servers.create(required only)",
        lambda c: c.servers.create("web-3", 22, 4711),
        ("POST /servers",),
        body={"name": "web-3", "server_type": 22, "image": 4711, "start_after_create": True},
    ),
    Case("servers.get(id)", lambda c: c.servers.get(42), ("GET /servers/{id}",)),
    Case("servers.get(server)", lambda c: c.servers.get(server(c)), ("GET /servers/{id}",)),
    Case(
        "servers.get_all(filters)",
        lambda c: c.servers.get_all(**SERVER_FILTERS),
        ("GET /servers",),
        query=SERVER_FILTER_QUERY,
    ),
    Case(
        "servers.list(filters)",
        lambda c: collect(c.servers.list(**SERVER_FILTERS)),
        ("GET /servers",),
        query=SERVER_FILTER_QUERY,
    ),
    Case(
        "servers.list(sort and status as strings, per_page)",
        lambda c: collect(c.servers.list(sort="id:desc", status="running", per_page=25)),
        ("GET /servers",),
        query=(("sort", "id:desc"), ("status", "running"), ("per_page", "25"), ("page", "1")),
    ),
    Case(
        "servers.get_by_name()",
        lambda c: c.servers.get_by_name("web-1"),
        ("GET /servers",),
        query=(("name", "web-1"), ("per_page", "50"), ("page", "1")),
    ),
    Case(
        "servers.update(name and labels)",
        lambda c: c.servers.update(42, name="web-9", labels=LABELS),
        ("PUT /servers/{id}",),
        body={"name": "web-9", "labels": LABELS},
    ),
    Case(
        "servers.update(nothing)",
        lambda c: c.servers.update(server(c)),
        ("PUT /servers/{id}",),
        body={},
    ),
    Case("servers.delete(id)", lambda c: c.servers.delete(42), ("DELETE /servers/{id}",)),
    Case(
        "servers.delete(server, missing_ok)",
        lambda c: c.servers.delete(server(c), missing_ok=True),
        ("DELETE /servers/{id}",),
    ),
    # Server objects
    Case("server.refresh()", lambda c: server(c).refresh(), ("GET /servers/{id}",)),
    Case(
        "server.update()",
        lambda c: server(c).update(name="web-8", labels={"a": "b"}),
        ("PUT /servers/{id}",),
        body={"name": "web-8", "labels": {"a": "b"}},
    ),
    Case(
        "server.change_name()",
        lambda c: server(c).change_name("web-7"),
        ("PUT /servers/{id}",),
        body={"name": "web-7"},
    ),
    Case("server.delete()", lambda c: server(c).delete(), ("DELETE /servers/{id}",)),
    Case(
        "server.wait_until_status_is()",
        lambda c: server(c).wait_until_status_is(SERVER_DATA["status"], attempts=1),
        ("GET /servers/{id}",),
    ),
    action("power_on()", "poweron", lambda c: server(c).power_on()),
    action("power_off()", "poweroff", lambda c: server(c).power_off()),
    action("reboot()", "reboot", lambda c: server(c).reboot()),
    action("reset()", "reset", lambda c: server(c).reset()),
    action("shutdown()", "shutdown", lambda c: server(c).shutdown()),
    action(
        "rebuild(name)",
        "rebuild",
        lambda c: server(c).rebuild("ubuntu-24.04"),
        {"image": "ubuntu-24.04"},
    ),
    action(
        "rebuild(id, user_data)",
        "rebuild",
        lambda c: server(c).rebuild(4711, user_data=USER_DATA),
        {"image": 4711, "user_data": USER_DATA},
    ),
    action(
        "rebuild(image)",
        "rebuild",
        lambda c: server(c).rebuild(Image(None, {"id": 4712})),
        {"image": 4712},
    ),
    action(
        "change_type(name)",
        "change_type",
        lambda c: server(c).change_type("cpx32", upgrade_disk=True),
        {"server_type": "cpx32", "upgrade_disk": True},
    ),
    action(
        "change_type(server type)",
        "change_type",
        lambda c: server(c).change_type(ServerType(None, {"id": 9}), upgrade_disk=False),
        {"server_type": 9, "upgrade_disk": False},
    ),
    action(
        "enable_rescue()",
        "enable_rescue",
        lambda c: server(c).enable_rescue(),
        {"type": "linux64"},
    ),
    action(
        "enable_rescue(ssh_keys)",
        "enable_rescue",
        lambda c: server(c).enable_rescue("linux64", ssh_keys=[7, SSH_KEY]),
        {"type": "linux64", "ssh_keys": [7, 8]},
    ),
    action("disable_rescue()", "disable_rescue", lambda c: server(c).disable_rescue()),
    action("enable_backup()", "enable_backup", lambda c: server(c).enable_backup()),
    action("disable_backup()", "disable_backup", lambda c: server(c).disable_backup()),
    action(
        "create_image()",
        "create_image",
        lambda c: server(c).create_image(),
        {"type": "snapshot"},
    ),
    action(
        "create_image(all arguments)",
        "create_image",
        lambda c: server(c).create_image("before upgrade", type="backup", labels=LABELS),
        {"description": "before upgrade", "type": "backup", "labels": LABELS},
    ),
    action(
        "attach_iso(name)",
        "attach_iso",
        lambda c: server(c).attach_iso("FreeBSD-11.0-RELEASE-amd64-dvd1"),
        {"iso": "FreeBSD-11.0-RELEASE-amd64-dvd1"},
    ),
    action(
        "attach_iso(iso)",
        "attach_iso",
        lambda c: server(c).attach_iso(ISO(None, {"id": 4711})),
        {"iso": 4711},
    ),
    action("detach_iso()", "detach_iso", lambda c: server(c).detach_iso()),
    action(
        "change_dns_ptr(str)",
        "change_dns_ptr",
        lambda c: server(c).change_dns_ptr("1.2.3.4", "server01.example.com"),
        {"ip": "1.2.3.4", "dns_ptr": "server01.example.com"},
    ),
    action(
        "change_dns_ptr(None)",
        "change_dns_ptr",
        lambda c: server(c).change_dns_ptr("2001:db8::1", None),
        {"ip": "2001:db8::1", "dns_ptr": None},
    ),
    action(
        "change_protection(both)",
        "change_protection",
        lambda c: server(c).change_protection(delete=True, rebuild=True),
        {"delete": True, "rebuild": True},
    ),
    action(
        "change_protection(delete)",
        "change_protection",
        lambda c: server(c).change_protection(delete=False),
        {"delete": False},
    ),
    action("request_console()", "request_console", lambda c: server(c).request_console()),
    action("reset_password()", "reset_password", lambda c: server(c).reset_password()),
    action(
        "attach_to_network(id)",
        "attach_to_network",
        lambda c: server(c).attach_to_network(4711),
        {"network": 4711},
    ),
    action(
        "attach_to_network(all arguments)",
        "attach_to_network",
        lambda c: server(c).attach_to_network(
            NETWORK, ip="10.0.1.1", alias_ips=("10.0.1.2", "10.0.1.3"), ip_range="10.0.1.0/24"
        ),
        {
            "network": 4712,
            "ip": "10.0.1.1",
            "alias_ips": ["10.0.1.2", "10.0.1.3"],
            "ip_range": "10.0.1.0/24",
        },
    ),
    action(
        "detach_from_network()",
        "detach_from_network",
        lambda c: server(c).detach_from_network(NETWORK),
        {"network": 4712},
    ),
    action(
        "change_alias_ips()",
        "change_alias_ips",
        lambda c: server(c).change_alias_ips(4711, ["10.0.0.3", "10.0.0.4"]),
        {"network": 4711, "alias_ips": ["10.0.0.3", "10.0.0.4"]},
    ),
    action(
        "change_alias_ips(none)",
        "change_alias_ips",
        lambda c: server(c).change_alias_ips(NETWORK, []),
        {"network": 4712, "alias_ips": []},
    ),
    action(
        "add_to_placement_group(id)",
        "add_to_placement_group",
        lambda c: server(c).add_to_placement_group(1),
        {"placement_group": 1},
    ),
    action(
        "add_to_placement_group(group)",
        "add_to_placement_group",
        lambda c: server(c).add_to_placement_group(PLACEMENT_GROUP),
        {"placement_group": 2},
    ),
    action(
        "remove_from_placement_group()",
        "remove_from_placement_group",
        lambda c: server(c).remove_from_placement_group(),
    ),
    Case(
        "server.metrics(one type)",
        lambda c: server(c).metrics("cpu", START, END),
        ("GET /servers/{id}/metrics",),
        query=(("type", "cpu"), ("start", START.isoformat()), ("end", END.isoformat())),
    ),
    Case(
        "server.metrics(several types, step)",
        lambda c: server(c).metrics(
            ["cpu", "disk", "network"], "2017-01-01T00:00:00Z", "2017-01-01T23:00:00Z", step=60
        ),
        ("GET /servers/{id}/metrics",),
        query=(
            ("type", "cpu"),
            ("type", "disk"),
            ("type", "network"),
            ("start", "2017-01-01T00:00:00Z"),
            ("end", "2017-01-01T23:00:00Z"),
            ("step", "60"),
        ),
    ),
    # client.actions and Action objects
    Case("actions.get()", lambda c: c.actions.get(13), ("GET /actions/{id}",)),
    Case(
        "actions.get_many(3 ids)",
        lambda c: c.actions.get_many([1, 2, 3]),
        ("GET /actions",),
        query=(("id", "1"), ("id", "2"), ("id", "3")),
    ),
    Case(
        "actions.get_many(60 ids)",
        lambda c: c.actions.get_many(range(1, 61)),
        ("GET /actions",) * 3,
    ),
    Case(
        "actions.wait()",
        lambda c: c.actions.wait([1, 2], timeout=5),
        ("GET /actions",),
        query=(("id", "1"), ("id", "2")),
    ),
    Case(
        "action.wait()",
        lambda c: Action(c, {"id": 3, "status": "running"}).wait(timeout=5),
        ("GET /actions",),
        query=(("id", "3"),),
    ),
    # The catalog
    *catalog_cases("server_types", "/server_types", "cpx22", {"name": "cpx22"}),
    *catalog_cases("load_balancer_types", "/load_balancer_types", "lb11", {"name": "lb11"}),
    *catalog_cases("locations", "/locations", "fsn1", {"name": "fsn1", "sort": ["name:desc"]}),
    *catalog_cases(
        "isos",
        "/isos",
        "FreeBSD-11.0-RELEASE-amd64-dvd1",
        {"architecture": "arm", "include_architecture_wildcard": True},
    ),
    *catalog_cases(
        "images",
        "/images",
        "ubuntu-24.04",
        {
            "type": ["system", "snapshot"],
            "status": ["available"],
            "bound_to": ["42"],
            "include_deprecated": True,
            "label_selector": "env=prod",
            "architecture": "x86",
            "sort": ["created:desc"],
        },
        by_name={"architecture": "x86"},
    ),
    Case(
        "images.get_by_name(architecture)",
        lambda c: c.images.get_by_name("ubuntu-24.04", architecture="arm"),
        ("GET /images",),
        query=(
            ("name", "ubuntu-24.04"),
            ("architecture", "arm"),
            ("per_page", "50"),
            ("page", "1"),
        ),
    ),
    Case(
        "images.update(labels)",
        lambda c: c.images.update(4711, labels=LABELS),
        ("PUT /images/{id}",),
        body={"labels": LABELS},
    ),
    Case(
        "images.update(description, type)",
        lambda c: c.images.update(4711, description="before upgrade", type="snapshot"),
        ("PUT /images/{id}",),
        body={"description": "before upgrade", "type": "snapshot"},
    ),
    Case("images.delete()", lambda c: c.images.delete(4711), ("DELETE /images/{id}",)),
    # SSH keys, placement groups, networks
    Case(
        "ssh_keys.create()",
        lambda c: c.ssh_keys.create("my-ssh-key", "ssh-ed25519 AAAAC3Nza…"),
        ("POST /ssh_keys",),
        body={"name": "my-ssh-key", "public_key": "ssh-ed25519 AAAAC3Nza…"},
    ),
    Case(
        "ssh_keys.create(labels)",
        lambda c: c.ssh_keys.create("my-ssh-key", "ssh-ed25519 AAAAC3Nza…", labels=LABELS),
        ("POST /ssh_keys",),
        body={"name": "my-ssh-key", "public_key": "ssh-ed25519 AAAAC3Nza…", "labels": LABELS},
    ),
    Case(
        "ssh_keys.update()",
        lambda c: c.ssh_keys.update(SSH_KEY, name="renamed", labels={}),
        ("PUT /ssh_keys/{id}",),
        body={"name": "renamed", "labels": {}},
    ),
    Case("ssh_keys.delete()", lambda c: c.ssh_keys.delete(8), ("DELETE /ssh_keys/{id}",)),
    *catalog_cases(
        "ssh_keys",
        "/ssh_keys",
        "my-ssh-key",
        {"fingerprint": "b7:2f:30:a0:2f:6c:58:6c:21:04:58:61:ba:06:3b:2f", "sort": ["id"]},
    ),
    Case(
        "placement_groups.create()",
        lambda c: c.placement_groups.create("spread-out"),
        ("POST /placement_groups",),
        body={"name": "spread-out", "type": "spread"},
    ),
    Case(
        "placement_groups.create(labels)",
        lambda c: c.placement_groups.create("spread-out", type="spread", labels=LABELS),
        ("POST /placement_groups",),
        body={"name": "spread-out", "type": "spread", "labels": LABELS},
    ),
    Case(
        "placement_groups.update()",
        lambda c: c.placement_groups.update(PLACEMENT_GROUP, name="together", labels=LABELS),
        ("PUT /placement_groups/{id}",),
        body={"name": "together", "labels": LABELS},
    ),
    Case(
        "placement_groups.delete()",
        lambda c: c.placement_groups.delete(2, missing_ok=True),
        ("DELETE /placement_groups/{id}",),
    ),
    *catalog_cases(
        "placement_groups",
        "/placement_groups",
        "spread-out",
        {"type": "spread", "label_selector": "env", "sort": ["created"]},
    ),
    Case(
        "networks.create()",
        lambda c: c.networks.create("mynet", "10.0.0.0/16"),
        ("POST /networks",),
        body={"name": "mynet", "ip_range": "10.0.0.0/16"},
    ),
    Case(
        "networks.create(all arguments)",
        lambda c: c.networks.create(
            "mynet",
            "10.0.0.0/16",
            subnets=[
                {"type": "cloud", "ip_range": "10.0.1.0/24", "network_zone": "eu-central"},
                {"type": "vswitch", "network_zone": "eu-central", "vswitch_id": 1000},
            ],
            routes=[{"destination": "10.100.1.0/24", "gateway": "10.0.1.1"}],
            labels=LABELS,
            expose_routes_to_vswitch=False,
        ),
        ("POST /networks",),
        body={
            "name": "mynet",
            "ip_range": "10.0.0.0/16",
            "subnets": [
                {"type": "cloud", "ip_range": "10.0.1.0/24", "network_zone": "eu-central"},
                {"type": "vswitch", "network_zone": "eu-central", "vswitch_id": 1000},
            ],
            "routes": [{"destination": "10.100.1.0/24", "gateway": "10.0.1.1"}],
            "labels": LABELS,
            "expose_routes_to_vswitch": False,
        },
    ),
    Case(
        "networks.update()",
        lambda c: c.networks.update(NETWORK, name="renamed", labels=LABELS),
        ("PUT /networks/{id}",),
        body={"name": "renamed", "labels": LABELS},
    ),
    Case("networks.delete()", lambda c: c.networks.delete(4712), ("DELETE /networks/{id}",)),
    *catalog_cases(
        "networks", "/networks", "mynet", {"label_selector": "!private", "sort": ["name"]}
    ),
    Case(
        "networks.update(expose_routes_to_vswitch)",
        lambda c: c.networks.update(4712, expose_routes_to_vswitch=True),
        ("PUT /networks/{id}",),
        body={"expose_routes_to_vswitch": True},
    ),
    Case(
        "network.add_subnet()",
        lambda c: network(c).add_subnet("cloud", "eu-central", ip_range="10.0.1.0/24"),
        ("POST /networks/{id}/actions/add_subnet",),
        body={"type": "cloud", "network_zone": "eu-central", "ip_range": "10.0.1.0/24"},
    ),
    Case(
        "network.add_subnet(vswitch)",
        lambda c: network(c).add_subnet("vswitch", "eu-central", vswitch_id=1000),
        ("POST /networks/{id}/actions/add_subnet",),
        body={"type": "vswitch", "network_zone": "eu-central", "vswitch_id": 1000},
    ),
    Case(
        "network.delete_subnet()",
        lambda c: network(c).delete_subnet("10.0.1.0/24"),
        ("POST /networks/{id}/actions/delete_subnet",),
        body={"ip_range": "10.0.1.0/24"},
    ),
    Case(
        "network.add_route()",
        lambda c: network(c).add_route("10.100.1.0/24", "10.0.1.1"),
        ("POST /networks/{id}/actions/add_route",),
        body={"destination": "10.100.1.0/24", "gateway": "10.0.1.1"},
    ),
    Case(
        "network.delete_route()",
        lambda c: network(c).delete_route("10.100.1.0/24", "10.0.1.1"),
        ("POST /networks/{id}/actions/delete_route",),
        body={"destination": "10.100.1.0/24", "gateway": "10.0.1.1"},
    ),
    Case(
        "network.change_ip_range()",
        lambda c: network(c).change_ip_range("10.0.0.0/12"),
        ("POST /networks/{id}/actions/change_ip_range",),
        body={"ip_range": "10.0.0.0/12"},
    ),
    Case(
        "network.change_protection()",
        lambda c: network(c).change_protection(delete=True),
        ("POST /networks/{id}/actions/change_protection",),
        body={"delete": True},
    ),
    Case("network.refresh()", lambda c: network(c).refresh(), ("GET /networks/{id}",)),
    Case(
        "image.change_protection()",
        lambda c: image(c).change_protection(delete=False),
        ("POST /images/{id}/actions/change_protection",),
        body={"delete": False},
    ),
    Case("image.refresh()", lambda c: image(c).refresh(), ("GET /images/{id}",)),
    Case("ssh_key.refresh()", lambda c: rebound(c, SSH_KEY).refresh(), ("GET /ssh_keys/{id}",)),
    Case(
        "placement_group.refresh()",
        lambda c: rebound(c, PLACEMENT_GROUP).refresh(),
        ("GET /placement_groups/{id}",),
    ),
    *(case for kind in KINDS_WITH_ACTIONS for case in action_read_cases(kind)),
    # floating_ips
    Case(
        "floating_ips.create(home_location)",
        lambda c: c.floating_ips.create("ipv4", home_location="fsn1"),
        ("POST /floating_ips",),
        body={"type": "ipv4", "home_location": "fsn1"},
    ),
    Case(
        "floating_ips.create(all arguments)",
        lambda c: c.floating_ips.create(
            "ipv6",
            home_location=Location(None, {"id": 3, "name": "hel1"}),
            server=server(c),
            name="Web Frontend",
            description="Web Frontend",
            labels=LABELS,
        ),
        ("POST /floating_ips",),
        body={
            "type": "ipv6",
            "home_location": 3,
            "server": 42,
            "name": "Web Frontend",
            "description": "Web Frontend",
            "labels": LABELS,
        },
    ),
    Case(
        "floating_ips.create(server id)",
        lambda c: c.floating_ips.create("ipv4", server=42),
        ("POST /floating_ips",),
        body={"type": "ipv4", "server": 42},
    ),
    Case(
        "floating_ips.update()",
        lambda c: c.floating_ips.update(
            FloatingIP(None, {"id": 4711}), name="renamed", description="new", labels=LABELS
        ),
        ("PUT /floating_ips/{id}",),
        body={"name": "renamed", "description": "new", "labels": LABELS},
    ),
    Case(
        "floating_ips.update(nothing)",
        lambda c: c.floating_ips.update(4711),
        ("PUT /floating_ips/{id}",),
        body={},
    ),
    Case(
        "floating_ips.delete()",
        lambda c: c.floating_ips.delete(4711),
        ("DELETE /floating_ips/{id}",),
    ),
    *catalog_cases(
        "floating_ips",
        "/floating_ips",
        "Web Frontend",
        {"label_selector": "env=prod", "sort": ["created:desc"]},
    ),
    Case(
        "floating_ip.refresh()",
        lambda c: FloatingIP(c, {"id": 4711}).refresh(),
        ("GET /floating_ips/{id}",),
    ),
    Case(
        "floating_ip.assign(id)",
        lambda c: FloatingIP(c, {"id": 4711}).assign(42),
        ("POST /floating_ips/{id}/actions/assign",),
        body={"server": 42},
    ),
    Case(
        "floating_ip.assign(server)",
        lambda c: FloatingIP(c, {"id": 4711}).assign(server(c)),
        ("POST /floating_ips/{id}/actions/assign",),
        body={"server": 42},
    ),
    Case(
        "floating_ip.unassign()",
        lambda c: FloatingIP(c, {"id": 4711}).unassign(),
        ("POST /floating_ips/{id}/actions/unassign",),
    ),
    Case(
        "floating_ip.change_dns_ptr(str)",
        lambda c: FloatingIP(c, {"id": 4711}).change_dns_ptr("2001:db8::1", "server.example.com"),
        ("POST /floating_ips/{id}/actions/change_dns_ptr",),
        body={"ip": "2001:db8::1", "dns_ptr": "server.example.com"},
    ),
    Case(
        "floating_ip.change_dns_ptr(None)",
        lambda c: FloatingIP(c, {"id": 4711}).change_dns_ptr("203.0.113.1", None),
        ("POST /floating_ips/{id}/actions/change_dns_ptr",),
        body={"ip": "203.0.113.1", "dns_ptr": None},
    ),
    Case(
        "floating_ip.change_protection()",
        lambda c: FloatingIP(c, {"id": 4711}).change_protection(delete=True),
        ("POST /floating_ips/{id}/actions/change_protection",),
        body={"delete": True},
    ),
    # certificates
    Case(
        "certificates.create()",
        lambda c: c.certificates.create("my cert", CERTIFICATE_PEM, PRIVATE_KEY_PEM, labels=LABELS),
        ("POST /certificates",),
        body={
            "name": "my cert",
            "type": "uploaded",
            "certificate": CERTIFICATE_PEM,
            "private_key": PRIVATE_KEY_PEM,
            "labels": LABELS,
        },
    ),
    Case(
        "certificates.create_managed()",
        lambda c: c.certificates.create_managed("my cert", ("example.com", "*.example.com")),
        ("POST /certificates",),
        body={
            "name": "my cert",
            "type": "managed",
            "domain_names": ["example.com", "*.example.com"],
        },
    ),
    Case(
        "certificates.update()",
        lambda c: c.certificates.update(CERTIFICATE, name="renamed", labels=LABELS),
        ("PUT /certificates/{id}",),
        body={"name": "renamed", "labels": LABELS},
    ),
    Case(
        "certificates.delete()",
        lambda c: c.certificates.delete(897, missing_ok=True),
        ("DELETE /certificates/{id}",),
    ),
    *catalog_cases(
        "certificates",
        "/certificates",
        "my cert",
        {"type": ["uploaded", "managed"], "label_selector": "env=prod", "sort": ["created"]},
    ),
    Case(
        "certificate.retry()",
        lambda c: rebound(c, CERTIFICATE).retry(),
        ("POST /certificates/{id}/actions/retry",),
    ),
    Case(
        "certificate.refresh()",
        lambda c: rebound(c, CERTIFICATE).refresh(),
        ("GET /certificates/{id}",),
    ),
    # pricing
    Case("pricing.get()", lambda c: c.pricing.get(), ("GET /pricing",)),
    Case(
        "pricing.refresh()",
        lambda c: Pricing(c, {"currency": "EUR"}).refresh(),
        ("GET /pricing",),
    ),
    # firewalls
    Case(
        "firewalls.create(all arguments)",
        lambda c: c.firewalls.create(
            "fw",
            rules=[FIREWALL_RULE, {"direction": "out", "protocol": "icmp", "destination_ips": []}],
            apply_to=[server(c), 43, "env=prod", FIREWALL_SELECTOR],
            labels=LABELS,
        ),
        ("POST /firewalls",),
        body={
            "name": "fw",
            "rules": [
                FIREWALL_RULE,
                {"direction": "out", "protocol": "icmp", "destination_ips": []},
            ],
            "apply_to": [
                {"type": "server", "server": {"id": 42}},
                {"type": "server", "server": {"id": 43}},
                FIREWALL_SELECTOR,
                FIREWALL_SELECTOR,
            ],
            "labels": LABELS,
        },
    ),
    Case(
        "firewalls.update()",
        lambda c: c.firewalls.update(38, name="renamed", labels=LABELS),
        ("PUT /firewalls/{id}",),
        body={"name": "renamed", "labels": LABELS},
    ),
    Case("firewalls.delete()", lambda c: c.firewalls.delete(38), ("DELETE /firewalls/{id}",)),
    *catalog_cases("firewalls", "/firewalls", "fw", {"label_selector": "env", "sort": ["name"]}),
    Case(
        "firewall.set_rules()",
        lambda c: firewall(c).set_rules([FIREWALL_RULE]),
        ("POST /firewalls/{id}/actions/set_rules",),
        body={"rules": [FIREWALL_RULE]},
    ),
    Case(
        "firewall.set_rules([])",
        lambda c: firewall(c).set_rules([]),
        ("POST /firewalls/{id}/actions/set_rules",),
        body={"rules": []},
    ),
    Case(
        "firewall.apply_to_resources()",
        lambda c: firewall(c).apply_to_resources([42, "env=prod"]),
        ("POST /firewalls/{id}/actions/apply_to_resources",),
        body={"apply_to": [{"type": "server", "server": {"id": 42}}, FIREWALL_SELECTOR]},
    ),
    Case(
        "firewall.remove_from_resources()",
        lambda c: firewall(c).remove_from_resources([server(c), FIREWALL_SELECTOR]),
        ("POST /firewalls/{id}/actions/remove_from_resources",),
        body={"remove_from": [{"type": "server", "server": {"id": 42}}, FIREWALL_SELECTOR]},
    ),
    Case("firewall.refresh()", lambda c: firewall(c).refresh(), ("GET /firewalls/{id}",)),
    # volumes
    Case(
        "volumes.create(in a location)",
        lambda c: c.volumes.create(
            "databases-storage",
            42,
            location=Location(None, {"id": 1, "name": "nbg1"}),
            format="xfs",
            labels=LABELS,
        ),
        ("POST /volumes",),
        body={
            "name": "databases-storage",
            "size": 42,
            "location": "nbg1",
            "format": "xfs",
            "labels": LABELS,
        },
    ),
    Case(
        "volumes.create(for a server)",
        lambda c: c.volumes.create("logs", 10, server=server(c), automount=True, location="fsn1"),
        ("POST /volumes",),
        body={"name": "logs", "size": 10, "server": 42, "automount": True, "location": "fsn1"},
    ),
    *catalog_cases(
        "volumes",
        "/volumes",
        "databases-storage",
        {"status": ["available"], "label_selector": "env=prod", "sort": ["created:desc"]},
    ),
    Case(
        "volumes.update()",
        lambda c: c.volumes.update(VOLUME, name="renamed", labels=LABELS),
        ("PUT /volumes/{id}",),
        body={"name": "renamed", "labels": LABELS},
    ),
    Case("volumes.delete()", lambda c: c.volumes.delete(4711), ("DELETE /volumes/{id}",)),
    Case("volume.refresh()", lambda c: volume(c).refresh(), ("GET /volumes/{id}",)),
    Case(
        "volume.attach()",
        lambda c: volume(c).attach(server(c)),
        ("POST /volumes/{id}/actions/attach",),
        body={"server": 42},
    ),
    Case(
        "volume.attach(automount)",
        lambda c: volume(c).attach(43, automount=False),
        ("POST /volumes/{id}/actions/attach",),
        body={"server": 43, "automount": False},
    ),
    Case("volume.detach()", lambda c: volume(c).detach(), ("POST /volumes/{id}/actions/detach",)),
    Case(
        "volume.resize()",
        lambda c: volume(c).resize(50),
        ("POST /volumes/{id}/actions/resize",),
        body={"size": 50},
    ),
    Case(
        "volume.change_protection()",
        lambda c: volume(c).change_protection(delete=True),
        ("POST /volumes/{id}/actions/change_protection",),
        body={"delete": True},
    ),
    # primary_ips
    Case(
        "primary_ips.create(location)",
        lambda c: c.primary_ips.create("ipv4", "my-ip", location="fsn1"),
        ("POST /primary_ips",),
        body={"type": "ipv4", "name": "my-ip", "location": "fsn1"},
    ),
    Case(
        "primary_ips.create(all arguments)",
        lambda c: c.primary_ips.create(
            "ipv6",
            "my-ip",
            assignee_id=server(c),
            assignee_type="server",
            auto_delete=True,
            labels=LABELS,
        ),
        ("POST /primary_ips",),
        body={
            "type": "ipv6",
            "name": "my-ip",
            "assignee_id": SERVER_DATA["id"],
            "assignee_type": "server",
            "auto_delete": True,
            "labels": LABELS,
        },
    ),
    Case(
        "primary_ips.update()",
        lambda c: c.primary_ips.update(42, name="renamed", labels=LABELS, auto_delete=False),
        ("PUT /primary_ips/{id}",),
        body={"name": "renamed", "labels": LABELS, "auto_delete": False},
    ),
    Case("primary_ips.delete()", lambda c: c.primary_ips.delete(42), ("DELETE /primary_ips/{id}",)),
    *catalog_cases(
        "primary_ips",
        "/primary_ips",
        "my-ip",
        {"ip": "198.18.0.1", "label_selector": "env=prod", "sort": ["created:desc"]},
    ),
    Case(
        "primary_ip.assign()",
        lambda c: primary_ip(c).assign(server(c)),
        ("POST /primary_ips/{id}/actions/assign",),
        body={"assignee_id": SERVER_DATA["id"], "assignee_type": "server"},
    ),
    Case(
        "primary_ip.unassign()",
        lambda c: primary_ip(c).unassign(),
        ("POST /primary_ips/{id}/actions/unassign",),
    ),
    Case(
        "primary_ip.change_dns_ptr()",
        lambda c: primary_ip(c).change_dns_ptr("2001:db8::1", "server.example.com"),
        ("POST /primary_ips/{id}/actions/change_dns_ptr",),
        body={"ip": "2001:db8::1", "dns_ptr": "server.example.com"},
    ),
    Case(
        "primary_ip.change_protection()",
        lambda c: primary_ip(c).change_protection(delete=True),
        ("POST /primary_ips/{id}/actions/change_protection",),
        body={"delete": True},
    ),
    Case("primary_ip.refresh()", lambda c: primary_ip(c).refresh(), ("GET /primary_ips/{id}",)),
    # load_balancers
    Case(
        "load_balancers.create(location)",
        lambda c: c.load_balancers.create("web-lb", "lb11", location="fsn1"),
        ("POST /load_balancers",),
        body={"name": "web-lb", "load_balancer_type": "lb11", "location": "fsn1"},
    ),
    Case(
        "load_balancers.create(all arguments)",
        lambda c: c.load_balancers.create(
            "web-lb",
            1,
            network_zone="eu-central",
            algorithm="least_connections",
            services=[LB_SERVICE],
            targets=[
                server_target(server(c), use_private_ip=True),
                label_selector_target("role=web"),
                ip_target("203.0.113.9"),
            ],
            network=network(c),
            public_interface=False,
            labels=LABELS,
        ),
        ("POST /load_balancers",),
        body={
            "name": "web-lb",
            "load_balancer_type": 1,
            "network_zone": "eu-central",
            "algorithm": {"type": "least_connections"},
            "services": [LB_SERVICE],
            "targets": [
                {"type": "server", "server": {"id": 42}, "use_private_ip": True},
                {
                    "type": "label_selector",
                    "label_selector": {"selector": "role=web"},
                    "use_private_ip": False,
                },
                {"type": "ip", "ip": {"ip": "203.0.113.9"}},
            ],
            "network": 4712,
            "public_interface": False,
            "labels": LABELS,
        },
    ),
    Case(
        "load_balancers.update()",
        lambda c: c.load_balancers.update(42, name="renamed", labels=LABELS),
        ("PUT /load_balancers/{id}",),
        body={"name": "renamed", "labels": LABELS},
    ),
    Case(
        "load_balancers.delete()",
        lambda c: c.load_balancers.delete(42),
        ("DELETE /load_balancers/{id}",),
    ),
    *catalog_cases(
        "load_balancers",
        "/load_balancers",
        "web-lb",
        {"label_selector": "env=prod", "sort": ["name:asc"]},
    ),
    Case(
        "load_balancer.refresh()",
        lambda c: load_balancer(c).refresh(),
        ("GET /load_balancers/{id}",),
    ),
    lb_action(
        "add_service()",
        "add_service",
        lambda c: load_balancer(c).add_service(
            "https", 443, 8080, proxyprotocol=True, http={"certificates": [897]}
        ),
        {
            "protocol": "https",
            "listen_port": 443,
            "destination_port": 8080,
            "proxyprotocol": True,
            "health_check": LB_CHECK,
            "http": {"certificates": [897]},
        },
    ),
    lb_action(
        "update_service()",
        "update_service",
        lambda c: load_balancer(c).update_service(
            80, protocol="tcp", destination_port=81, proxyprotocol=False, health_check=LB_CHECK
        ),
        {
            "listen_port": 80,
            "protocol": "tcp",
            "destination_port": 81,
            "proxyprotocol": False,
            "health_check": LB_CHECK,
        },
    ),
    lb_action(
        "delete_service()",
        "delete_service",
        lambda c: load_balancer(c).delete_service(80),
        {"listen_port": 80},
    ),
    lb_action(
        "add_target()",
        "add_target",
        lambda c: load_balancer(c).add_target(server=server(c), use_private_ip=True),
        {"type": "server", "server": {"id": 42}, "use_private_ip": True},
    ),
    lb_action(
        "remove_target()",
        "remove_target",
        lambda c: load_balancer(c).remove_target(ip="203.0.113.9"),
        {"type": "ip", "ip": {"ip": "203.0.113.9"}},
    ),
    lb_action(
        "attach_to_network()",
        "attach_to_network",
        lambda c: load_balancer(c).attach_to_network(network(c), ip="10.0.1.5"),
        {"network": 4712, "ip": "10.0.1.5"},
    ),
    lb_action(
        "detach_from_network()",
        "detach_from_network",
        lambda c: load_balancer(c).detach_from_network(4712),
        {"network": 4712},
    ),
    lb_action(
        "enable_public_interface()",
        "enable_public_interface",
        lambda c: load_balancer(c).enable_public_interface(),
    ),
    lb_action(
        "disable_public_interface()",
        "disable_public_interface",
        lambda c: load_balancer(c).disable_public_interface(),
    ),
    lb_action(
        "change_algorithm()",
        "change_algorithm",
        lambda c: load_balancer(c).change_algorithm("least_connections"),
        {"type": "least_connections"},
    ),
    lb_action(
        "change_type()",
        "change_type",
        lambda c: load_balancer(c).change_type("lb21"),
        {"load_balancer_type": "lb21"},
    ),
    lb_action(
        "change_dns_ptr()",
        "change_dns_ptr",
        lambda c: load_balancer(c).change_dns_ptr("192.0.2.1", "lb.example.com"),
        {"ip": "192.0.2.1", "dns_ptr": "lb.example.com"},
    ),
    lb_action(
        "change_protection()",
        "change_protection",
        lambda c: load_balancer(c).change_protection(delete=True),
        {"delete": True},
    ),
    Case(
        "load_balancer.metrics()",
        lambda c: load_balancer(c).metrics(
            ["open_connections", "bandwidth"], "2017-01-01T00:00:00Z", "2017-01-01T23:00:00Z", 60
        ),
        ("GET /load_balancers/{id}/metrics",),
        query=(
            ("type", "open_connections"),
            ("type", "bandwidth"),
            ("start", "2017-01-01T00:00:00Z"),
            ("end", "2017-01-01T23:00:00Z"),
            ("step", "60"),
        ),
    ),
    # zones
    Case(
        "zones.create(primary, rrsets)",
        lambda c: c.zones.create(
            "münchen.de",
            ttl=10800,
            labels=LABELS,
            rrsets=[{"name": "*.WWW", "type": "a", "records": [{"value": "198.51.100.1"}]}],
        ),
        ("POST /zones",),
        body={
            "name": "xn--mnchen-3ya.de",
            "mode": "primary",
            "ttl": 10800,
            "labels": LABELS,
            "rrsets": [{"name": "*.www", "type": "A", "records": [{"value": "198.51.100.1"}]}],
        },
    ),
    Case(
        "zones.create(zonefile)",
        lambda c: c.zones.create("example.com", zonefile=ZONEFILE),
        ("POST /zones",),
        body={"name": "example.com", "mode": "primary", "zonefile": ZONEFILE},
    ),
    Case(
        "zones.create(secondary)",
        lambda c: c.zones.create(
            "example.com", "secondary", primary_nameservers=[{"address": "198.51.100.1"}]
        ),
        ("POST /zones",),
        body={
            "name": "example.com",
            "mode": "secondary",
            "primary_nameservers": [{"address": "198.51.100.1"}],
        },
    ),
    Case("zones.list()", lambda c: collect(c.zones.list()), ("GET /zones",)),
    Case(
        "zones.get_all(filters)",
        lambda c: c.zones.get_all(mode="secondary", label_selector="env", sort=["name"]),
        ("GET /zones",),
        query=(
            ("mode", "secondary"),
            ("label_selector", "env"),
            ("sort", "name"),
            ("per_page", "50"),
            ("page", "1"),
        ),
    ),
    Case(
        "zones.get_by_name()",
        lambda c: c.zones.get_by_name("example.com"),
        ("GET /zones",),
        query=(("name", "example.com"), ("per_page", "50"), ("page", "1")),
    ),
    Case("zones.get(id)", lambda c: c.zones.get(42), ("GET /zones/{id_or_name}",)),
    Case("zones.get(name)", lambda c: c.zones.get("münchen.de"), ("GET /zones/{id_or_name}",)),
    Case(
        "zones.update()",
        lambda c: c.zones.update("example.com", labels=LABELS),
        ("PUT /zones/{id_or_name}",),
        body={"labels": LABELS},
    ),
    Case("zones.delete()", lambda c: c.zones.delete(zone(c)), ("DELETE /zones/{id_or_name}",)),
    Case("zone.refresh()", lambda c: zone(c).refresh(), ("GET /zones/{id_or_name}",)),
    Case(
        "zone.export_zonefile()",
        lambda c: zone(c).export_zonefile(),
        ("GET /zones/{id_or_name}/zonefile",),
    ),
    Case(
        "zone.import_zonefile()",
        lambda c: zone(c).import_zonefile(ZONEFILE),
        ("POST /zones/{id_or_name}/actions/import_zonefile",),
        body={"zonefile": ZONEFILE},
    ),
    Case(
        "zone.change_ttl()",
        lambda c: zone(c).change_ttl(600),
        ("POST /zones/{id_or_name}/actions/change_ttl",),
        body={"ttl": 600},
    ),
    Case(
        "zone.change_primary_nameservers()",
        lambda c: zone(c).change_primary_nameservers([{"address": "203.0.113.1", "port": 53}]),
        ("POST /zones/{id_or_name}/actions/change_primary_nameservers",),
        body={"primary_nameservers": [{"address": "203.0.113.1", "port": 53}]},
    ),
    Case(
        "zone.change_protection()",
        lambda c: zone(c).change_protection(delete=True),
        ("POST /zones/{id_or_name}/actions/change_protection",),
        body={"delete": True},
    ),
    Case(
        "zone.rrsets.list()",
        lambda c: collect(zone(c).rrsets.list()),
        ("GET /zones/{id_or_name}/rrsets",),
    ),
    Case(
        "zone.rrsets.get_all(filters)",
        lambda c: c.zones.rrsets("example.com").get_all(type=["A", "AAAA"], name="www"),
        ("GET /zones/{id_or_name}/rrsets",),
        query=(("type", "A"), ("type", "AAAA"), ("name", "www"), ("per_page", "50"), ("page", "1")),
    ),
    Case(
        "zone.rrsets.get_by_name()",
        lambda c: zone(c).rrsets.get_by_name("www"),
        ("GET /zones/{id_or_name}/rrsets",),
    ),
    Case(
        "zone.rrsets.get()",
        lambda c: zone(c).rrsets.get("@", "MX"),
        ("GET /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}",),
    ),
    Case(
        "zone.rrsets.create()",
        lambda c: zone(c).rrsets.create("www", "A", ["198.51.100.1"], ttl=300, labels=LABELS),
        ("POST /zones/{id_or_name}/rrsets",),
        body={
            "name": "www",
            "type": "A",
            "records": [{"value": "198.51.100.1"}],
            "ttl": 300,
            "labels": LABELS,
        },
    ),
    Case(
        "zone.rrsets.update()",
        lambda c: zone(c).rrsets.update("*", "TXT", labels=LABELS),
        ("PUT /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}",),
        body={"labels": LABELS},
    ),
    Case(
        "zone.rrsets.delete()",
        lambda c: zone(c).rrsets.delete("www", "A"),
        ("DELETE /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}",),
    ),
    Case(
        "zone.rrsets.add_records()",
        lambda c: zone(c).rrsets.add_records("@", "MX", [MX], ttl=600),
        ("POST /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/add_records",),
        body={"records": [MX], "ttl": 600},
    ),
    Case(
        "rrset.refresh()",
        lambda c: rrset(c).refresh(),
        ("GET /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}",),
    ),
    Case(
        "rrset.update()",
        lambda c: rrset(c).update(labels=LABELS),
        ("PUT /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}",),
        body={"labels": LABELS},
    ),
    Case(
        "rrset.delete()",
        lambda c: rrset(c).delete(),
        ("DELETE /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}",),
    ),
    Case(
        "rrset.change_protection()",
        lambda c: rrset(c).change_protection(True),
        ("POST /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/change_protection",),
        body={"change": True},
    ),
    Case(
        "rrset.change_ttl()",
        lambda c: rrset(c).change_ttl(None),
        ("POST /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/change_ttl",),
        body={"ttl": None},
    ),
    Case(
        "rrset.set_records()",
        lambda c: rrset(c).set_records([MX]),
        ("POST /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/set_records",),
        body={"records": [MX]},
    ),
    Case(
        "rrset.add_records()",
        lambda c: rrset(c).add_records(["20 backup.example.com."]),
        ("POST /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/add_records",),
        body={"records": [{"value": "20 backup.example.com."}]},
    ),
    Case(
        "rrset.remove_records()",
        lambda c: rrset(c).remove_records(["10 mail.example.com."]),
        ("POST /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/remove_records",),
        body={"records": [{"value": "10 mail.example.com."}]},
    ),
    Case(
        "rrset.update_records()",
        lambda c: rrset(c).update_records([MX]),
        ("POST /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/update_records",),
        body={"records": [MX]},
    ),
    # storage boxes (the Hetzner API), their subaccounts and snapshots, storage box types
    Case(
        "storage_boxes.create(all arguments)",
        lambda c: c.storage_boxes.create(
            "backups",
            StorageBoxType(None, {"id": 1, "name": "bx11"}),
            "fsn1",
            PASSWORD,
            ssh_keys=["ssh-ed25519 AAAA me@host"],
            access_settings={"ssh_enabled": True},
            labels=LABELS,
        ),
        ("POST /storage_boxes",),
        body={
            "name": "backups",
            "storage_box_type": 1,
            "location": "fsn1",
            "password": PASSWORD,
            "ssh_keys": ["ssh-ed25519 AAAA me@host"],
            "access_settings": {"ssh_enabled": True},
            "labels": LABELS,
        },
    ),
    *catalog_cases(
        "storage_boxes",
        "/storage_boxes",
        "backups",
        {"label_selector": "env=prod", "sort": ["stats.size:desc"]},
    ),
    Case(
        "storage_boxes.update()",
        lambda c: c.storage_boxes.update(42, name="renamed", labels=LABELS),
        ("PUT /storage_boxes/{id}",),
        body={"name": "renamed", "labels": LABELS},
    ),
    Case(
        "storage_boxes.delete()",
        lambda c: c.storage_boxes.delete(42),
        ("DELETE /storage_boxes/{id}",),
    ),
    Case(
        "storage_boxes.folders()",
        lambda c: c.storage_boxes.folders(42, "backups/daily"),
        ("GET /storage_boxes/{id}/folders",),
        query=(("path", "backups/daily"),),
    ),
    Case(
        "storage_box.folders()",
        lambda c: storage_box(c).folders(),
        ("GET /storage_boxes/{id}/folders",),
        query=(),
    ),
    Case("storage_box.refresh()", lambda c: storage_box(c).refresh(), ("GET /storage_boxes/{id}",)),
    Case(
        "storage_box.change_protection()",
        lambda c: storage_box(c).change_protection(delete=True),
        ("POST /storage_boxes/{id}/actions/change_protection",),
        body={"delete": True},
    ),
    Case(
        "storage_box.change_type()",
        lambda c: storage_box(c).change_type("bx21"),
        ("POST /storage_boxes/{id}/actions/change_type",),
        body={"storage_box_type": "bx21"},
    ),
    Case(
        "storage_box.reset_password()",
        lambda c: storage_box(c).reset_password(PASSWORD),
        ("POST /storage_boxes/{id}/actions/reset_password",),
        body={"password": PASSWORD},
    ),
    Case(
        "storage_box.update_access_settings()",
        lambda c: storage_box(c).update_access_settings(samba_enabled=False, zfs_enabled=True),
        ("POST /storage_boxes/{id}/actions/update_access_settings",),
        body={"samba_enabled": False, "zfs_enabled": True},
    ),
    Case(
        "storage_box.rollback_snapshot()",
        lambda c: storage_box(c).rollback_snapshot(snapshot(c)),
        ("POST /storage_boxes/{id}/actions/rollback_snapshot",),
        body={"snapshot": 7},
    ),
    Case(
        "storage_box.enable_snapshot_plan()",
        lambda c: storage_box(c).enable_snapshot_plan(7, 3, 30, day_of_week=1),
        ("POST /storage_boxes/{id}/actions/enable_snapshot_plan",),
        body={"max_snapshots": 7, "hour": 3, "minute": 30, "day_of_week": 1},
    ),
    Case(
        "storage_box.disable_snapshot_plan()",
        lambda c: storage_box(c).disable_snapshot_plan(),
        ("POST /storage_boxes/{id}/actions/disable_snapshot_plan",),
    ),
    Case(
        "storage_box_subaccounts.create()",
        lambda c: c.storage_boxes.subaccounts(42).create(
            "backups/web",
            PASSWORD,
            name="web",
            description="the web servers",
            access_settings={"readonly": True},
            labels=LABELS,
        ),
        ("POST /storage_boxes/{id}/subaccounts",),
        body={
            "home_directory": "backups/web",
            "password": PASSWORD,
            "name": "web",
            "description": "the web servers",
            "access_settings": {"readonly": True},
            "labels": LABELS,
        },
    ),
    Case(
        "storage_box_subaccounts.get_all()",
        lambda c: storage_box(c).subaccounts.get_all(username="u1-sub1", label_selector="env"),
        ("GET /storage_boxes/{id}/subaccounts",),
        query=(("username", "u1-sub1"), ("label_selector", "env")),
    ),
    Case(
        "storage_box_subaccounts.list()",
        lambda c: collect(c.storage_boxes.subaccounts(42).list(sort=["created:desc"])),
        ("GET /storage_boxes/{id}/subaccounts",),
        query=(("sort", "created:desc"),),
    ),
    Case(
        "storage_box_subaccounts.get_by_name()",
        lambda c: c.storage_boxes.subaccounts(42).get_by_name("web"),
        ("GET /storage_boxes/{id}/subaccounts",),
        query=(("name", "web"),),
    ),
    Case(
        "storage_box_subaccounts.get()",
        lambda c: c.storage_boxes.subaccounts(42).get(5),
        ("GET /storage_boxes/{id}/subaccounts/{subaccount_id}",),
    ),
    Case(
        "storage_box_subaccounts.update()",
        lambda c: c.storage_boxes.subaccounts(42).update(5, name="web2", description="d"),
        ("PUT /storage_boxes/{id}/subaccounts/{subaccount_id}",),
        body={"name": "web2", "description": "d"},
    ),
    Case(
        "storage_box_subaccounts.delete()",
        lambda c: c.storage_boxes.subaccounts(42).delete(subaccount(c)),
        ("DELETE /storage_boxes/{id}/subaccounts/{subaccount_id}",),
    ),
    Case(
        "subaccount.refresh()",
        lambda c: subaccount(c).refresh(),
        ("GET /storage_boxes/{id}/subaccounts/{subaccount_id}",),
    ),
    Case(
        "subaccount.change_home_directory()",
        lambda c: subaccount(c).change_home_directory("backups/db"),
        ("POST /storage_boxes/{id}/subaccounts/{subaccount_id}/actions/change_home_directory",),
        body={"home_directory": "backups/db"},
    ),
    Case(
        "subaccount.reset_password()",
        lambda c: subaccount(c).reset_password(PASSWORD),
        ("POST /storage_boxes/{id}/subaccounts/{subaccount_id}/actions/reset_subaccount_password",),
        body={"password": PASSWORD},
    ),
    Case(
        "subaccount.update_access_settings()",
        lambda c: subaccount(c).update_access_settings(readonly=True, ssh_enabled=True),
        ("POST /storage_boxes/{id}/subaccounts/{subaccount_id}/actions/update_access_settings",),
        body={"readonly": True, "ssh_enabled": True},
    ),
    Case(
        "storage_box_snapshots.create()",
        lambda c: c.storage_boxes.snapshots(42).create(description="nightly", labels=LABELS),
        ("POST /storage_boxes/{id}/snapshots",),
        body={"description": "nightly", "labels": LABELS},
    ),
    Case(
        "storage_box_snapshots.get_all()",
        lambda c: storage_box(c).snapshots.get_all(is_automatic=True, sort=["created:desc"]),
        ("GET /storage_boxes/{id}/snapshots",),
        query=(("is_automatic", "true"), ("sort", "created:desc")),
    ),
    Case(
        "storage_box_snapshots.list()",
        lambda c: collect(c.storage_boxes.snapshots(42).list(label_selector="env=prod")),
        ("GET /storage_boxes/{id}/snapshots",),
        query=(("label_selector", "env=prod"),),
    ),
    Case(
        "storage_box_snapshots.get_by_name()",
        lambda c: c.storage_boxes.snapshots(42).get_by_name("2025-02-12T11-35-19"),
        ("GET /storage_boxes/{id}/snapshots",),
        query=(("name", "2025-02-12T11-35-19"),),
    ),
    Case(
        "storage_box_snapshots.get()",
        lambda c: c.storage_boxes.snapshots(42).get(7),
        ("GET /storage_boxes/{id}/snapshots/{snapshot_id}",),
    ),
    Case(
        "storage_box_snapshots.update()",
        lambda c: c.storage_boxes.snapshots(42).update(7, description="kept", labels=LABELS),
        ("PUT /storage_boxes/{id}/snapshots/{snapshot_id}",),
        body={"description": "kept", "labels": LABELS},
    ),
    Case(
        "storage_box_snapshots.delete()",
        lambda c: c.storage_boxes.snapshots(42).delete(7),
        ("DELETE /storage_boxes/{id}/snapshots/{snapshot_id}",),
    ),
    Case(
        "snapshot.refresh()",
        lambda c: snapshot(c).refresh(),
        ("GET /storage_boxes/{id}/snapshots/{snapshot_id}",),
    ),
    *catalog_cases("storage_box_types", "/storage_box_types", "bx11", {"name": "bx11"}),
]


async def run(api: ScriptedServer, call: Call) -> tuple[Any, BaseException | None]:
    """Run ``call`` on a client of ``api``: its result, or the error it raised."""
    async with Client(api.url, TOKEN, retry=NO_WAIT, base_urls={"hetzner-api": api.url}) as client:
        client.actions.poll = PollPolicy(interval=0.01, max_interval=0.05)
        try:
            return await call(client), None
        except Exception as error:
            return None, error


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
async def test_request_matches_spec(api: ScriptedServer, case: Case) -> None:
    _, error = await run(api, case.call)
    requests = api.received
    problems = [problem for request in requests for problem in spec_problems(request)]
    assert problems == [], f"{case.name} sent what the spec does not describe"
    assert sorted(operation_of(r) for r in requests) == sorted(case.ops), case.name
    if error is not None:
        raise error
    if case.body is not None:
        (with_body,) = [request for request in requests if request.body]
        assert with_body.json() == case.body, f"{case.name} sent another body"
    if case.query is not None:
        sent = parse_qsl(urlsplit(requests[0].path_qs).query, keep_blank_values=True)
        assert Counter(sent) == Counter(case.query), f"{case.name} sent another query"


# The table covers the typed layer, and the checker can fail

CLIENTS = ("actions", *(kind.attribute for kind in kinds(Client)))
MODELS_ACTED_ON = [Action, *(kind.collection.model for kind in kinds(Client))]
NOT_REQUESTS = {("actions", "close")}
SUB_COLLECTIONS = {  # how the cases name each sub-collection's calls
    "zone.rrsets": RRSetsClient,
    "storage_box_subaccounts": StorageBoxSubaccountsClient,
    "storage_box_snapshots": StorageBoxSnapshotsClient,
}


def public_calls(cls: type) -> set[str]:
    return {
        name
        for name in dir(cls)
        if not name.startswith("_")
        and (
            inspect.iscoroutinefunction(getattr(cls, name))
            or inspect.isasyncgenfunction(getattr(cls, name))
        )
    }


def test_cases_cover_every_method_that_sends() -> None:
    client = Client("http://127.0.0.1:9/v1", TOKEN)
    covered = {case.method for case in CASES}
    wanted = {
        f"{attr}.{name}"
        for attr in CLIENTS
        for name in public_calls(type(getattr(client, attr)))
        if (attr, name) not in NOT_REQUESTS
    }
    wanted |= {f"{model.kind}.{name}" for model in MODELS_ACTED_ON for name in public_calls(model)}
    wanted |= {
        f"{name}.{call}" for name, cls in SUB_COLLECTIONS.items() for call in public_calls(cls)
    }
    wanted |= {
        f"{cls.model.kind}.{call}"
        for cls in SUB_COLLECTIONS.values()
        for call in public_calls(cls.model)
    }
    assert wanted - covered == set()
    assert len({case.name for case in CASES}) == len(CASES)


def test_cases_reach_every_operation_of_every_kind() -> None:
    """The typed layer covers each declared kind whole: every operation under its path."""
    reached = {op for case in CASES for op in case.ops}
    paths = [kind.collection.path for kind in kinds(Client)]
    wanted = {
        operation.key
        for operation in OPERATIONS
        if any(operation.template == p or operation.template.startswith(p + "/") for p in paths)
    }
    assert wanted - reached == set()


def test_cases_reach_every_server_operation() -> None:
    reached = {op for case in CASES for op in case.ops}
    server_ops = {
        operation.key
        for operation in OPERATIONS
        if operation.template.startswith("/servers/{id}/actions/")
        and operation.template != "/servers/{id}/actions/{action_id}"
        and operation.method == "POST"
    }
    assert len(server_ops) >= 20  # 23 in the July 2026 spec
    assert server_ops - reached == set()
    crud = {
        f"{method} /{kind}{suffix}"
        for kind in ("servers", "ssh_keys", "placement_groups", "networks", "images")
        for method, suffix in (("GET", ""), ("GET", "/{id}"), ("PUT", "/{id}"), ("DELETE", "/{id}"))
    }
    assert crud - reached == set()


def received(method: str, path_qs: str, body: Any = None) -> Received:
    raw = b"" if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    return Received(method, "/v1" + path_qs, headers, raw)


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        pytest.param(received("GET", "/servers/42"), None, id="fine"),
        pytest.param(received("GET", "/servers/actions"), None, id="literal-beats-placeholder"),
        pytest.param(received("POST", "/servers/42/actions/levitate"), "no such", id="path"),
        pytest.param(received("PATCH", "/servers/42"), "no such", id="method"),
        pytest.param(received("GET", "/servers/0"), "minimum", id="path-parameter"),
        pytest.param(received("GET", "/servers?colour=red"), "colour", id="unknown-query"),
        pytest.param(received("GET", "/servers?name=a&name=b"), "repeated", id="repeated"),
        pytest.param(received("GET", "/servers?status=asleep"), "asleep", id="query-enum"),
        pytest.param(received("GET", "/servers?page=first"), "first", id="query-type"),
        pytest.param(received("GET", "/actions"), "'id' is missing", id="required-query"),
        pytest.param(
            received("GET", "/servers/1/metrics?type=cpu&start=2017-01-01T00:00:00&end=x"),
            "RFC 3339",
            id="query-time",
        ),
        pytest.param(
            received("POST", "/servers/1/actions/poweron", {}), "takes no body", id="body"
        ),
        pytest.param(received("POST", "/servers/1/actions/rebuild"), "requires a body", id="none"),
        pytest.param(
            received("POST", "/servers/1/actions/rebuild", {"image": 1, "colour": "red"}),
            "colour",
            id="unknown-field",
        ),
        pytest.param(
            received("POST", "/servers", {"name": "a", "server_type": 1, "image": "b"}),
            None,
            id="id-or-name",
        ),
        pytest.param(
            received("POST", "/servers", {"name": "a", "server_type": 1, "ssh_keys": [1, "k"]}),
            "'image' is a required property",
            id="id-or-name-array",
        ),
        pytest.param(
            received("POST", "/servers", {"name": 1, "server_type": "a", "image": "b"}),
            "not of type 'string'",
            id="name-is-not-id-or-name",
        ),
        pytest.param(
            received("POST", "/servers/1/actions/add_to_placement_group", {"placement_group": "g"}),
            "not of type 'integer'",
            id="id-only",
        ),
        pytest.param(
            received("POST", "/servers/1/actions/enable_rescue", {"ssh_keys": ["my-key"]}),
            "not of type 'integer'",
            id="id-only-array",
        ),
    ],
)
def test_checker_finds_what_is_wrong(request_: Received, expected: str | None) -> None:
    problems = spec_problems(request_)
    if expected is None:
        assert problems == []
    else:
        assert problems, "the checker let a bad request through"
        assert any(expected in problem for problem in problems), problems


# What the API hands back is returned


def plain_values(value: Any) -> Iterator[Any]:
    if isinstance(value, tuple):
        for item in value:
            yield from plain_values(item)
    else:
        yield value


@pytest.mark.parametrize(
    ("operation", "call"),
    [
        pytest.param(
            "/servers/{id}/actions/enable_rescue", lambda c: server(c).enable_rescue(), id="rescue"
        ),
        pytest.param(
            "/servers/{id}/actions/rebuild", lambda c: server(c).rebuild("ubuntu"), id="rebuild"
        ),
        pytest.param(
            "/servers/{id}/actions/reset_password",
            lambda c: server(c).reset_password(),
            id="reset_password",
        ),
        pytest.param(
            "/servers/{id}/actions/request_console",
            lambda c: server(c).request_console(),
            id="request_console",
        ),
        pytest.param(
            "/servers/{id}/actions/create_image",
            lambda c: server(c).create_image(),
            id="create_image",
        ),
    ],
)
async def test_server_actions_return_what_the_api_hands_back(
    api: ScriptedServer, operation: str, call: Call
) -> None:
    body = response_body("POST", operation)
    body = {key: "handed-back-" + key if value is None else value for key, value in body.items()}
    api.then(answer(201, body))
    result, error = await run(api, call)
    assert error is None
    returned = list(plain_values(result))
    for key, value in body.items():
        model = {"action": Action, "image": Image}.get(key)
        if model is None:
            # Returned beside the action (``(password, action)``) or on it (``action.password``).
            beside = value in returned
            on_it = any(getattr(item, key, None) == value for item in returned)
            assert beside or on_it, f"{operation}: {key} is not returned"
        else:
            (typed,) = [item for item in returned if isinstance(item, model)]
            assert typed.data == value, f"{operation}: {key}"


async def test_create_returns_server_actions_and_password(api: ScriptedServer) -> None:
    body = response_body("POST", "/servers")
    result, error = await run(api, lambda c: c.servers.create("my-server", "cpx22", "ubuntu-24.04"))
    assert error is None
    assert isinstance(result, CreateServerResult)
    assert isinstance(result.server, Server)
    assert result.server.data == body["server"]
    assert isinstance(result.server.server_type, ServerType)
    assert result.action.data == body["action"]
    assert [a.data for a in result.next_actions] == body["next_actions"]
    assert result.root_password == body["root_password"]


async def test_metrics_returns_parsed_series(api: ScriptedServer) -> None:
    raw = response_body("GET", "/servers/{id}/metrics")["metrics"]
    metrics, error = await run(api, lambda c: server(c).metrics("cpu", START, END))
    assert error is None
    assert isinstance(metrics, ServerMetrics)
    assert metrics.step == raw["step"]
    assert metrics.start is not None
    assert metrics.start.utcoffset() is not None
    assert metrics.time_series == {
        name: [(float(t), float(v)) for t, v in series["values"]]
        for name, series in raw["time_series"].items()
    }
    assert metrics.time_series, "the spec's example has a series"


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.servers.get_all(), id="servers.get_all"),
        pytest.param(lambda c: c.images.get_all(), id="images.get_all"),
        pytest.param(lambda c: c.networks.get_all(), id="networks.get_all"),
    ],
)
async def test_lists_wrap_every_item(api: ScriptedServer, call: Call) -> None:
    items, error = await run(api, call)
    assert error is None
    assert items
    assert all(isinstance(item, Model) and item.data["id"] for item in items)


# Bodies of body-less actions, and chunks of action ids


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=case.name)
        for case in CASES
        if case.ops[0].startswith("POST /servers/{id}/actions/") and case.body is None
    ],
)
async def test_bodyless_action_posts_send_no_body(api: ScriptedServer, case: Case) -> None:
    _, error = await run(api, case.call)
    assert error is None
    (request,) = api.received
    assert request.method == "POST"
    assert request.body == b""
    assert "content-type" not in {key.lower() for key in request.headers}
    assert request.headers.get("Content-Length", "0") == "0"
    operation = find_operation("POST", urlsplit(request.path_qs).path.removeprefix("/v1"))
    assert operation is not None
    assert "requestBody" not in operation[0].spec


async def test_get_many_sends_chunks_of_at_most_25_ids(api: ScriptedServer) -> None:
    wanted = [*range(100, 160), 100, 101, 159]
    actions, error = await run(api, lambda c: c.actions.get_many(wanted))
    assert error is None
    chunks = [
        [int(value) for key, value in parse_qsl(urlsplit(r.path_qs).query) if key == "id"]
        for r in api.received
    ]
    assert sorted(len(chunk) for chunk in chunks) == [10, 25, 25]
    sent = [i for chunk in chunks for i in chunk]
    assert sorted(sent) == list(range(100, 160)), "each id once"
    assert [a.id for a in actions] == list(range(100, 160))
    assert all(isinstance(a, Action) and a.status == "success" for a in actions)


async def test_metrics_times_are_rfc3339_even_from_naive_datetimes(api: ScriptedServer) -> None:
    """A naive datetime has no zone: refuse it before sending, or send it as UTC; never bare."""
    naive_start, naive_end = datetime(2017, 1, 1), datetime(2017, 1, 1, 23)
    _, error = await run(api, lambda c: server(c).metrics("cpu", naive_start, naive_end))
    if isinstance(error, InvalidArgumentError):
        assert api.received == []
        return
    assert error is None
    (request,) = api.received
    assert spec_problems(request) == []


# Invalid arguments are refused before anything is sent

INVALID: list[Any] = [
    pytest.param(lambda c: c.servers.get(0), id="servers.get(0)"),
    pytest.param(lambda c: c.servers.get(-1), id="servers.get(-1)"),
    pytest.param(lambda c: c.servers.get(True), id="servers.get(True)"),
    pytest.param(lambda c: c.servers.get("42"), id="servers.get('42')"),
    pytest.param(lambda c: c.servers.get_by_name(""), id="servers.get_by_name('')"),
    pytest.param(lambda c: c.servers.get_by_name("   "), id="servers.get_by_name(blank)"),
    pytest.param(lambda c: c.servers.create(name="", server_type="cpx22", image="u"), id="name=''"),
    pytest.param(lambda c: c.servers.create(name="a", server_type="", image="u"), id="type=''"),
    pytest.param(lambda c: c.servers.create(name="a", server_type=1, image=""), id="image=''"),
    pytest.param(
        lambda c: c.servers.create("a", "cpx22", "u", location=0), id="create(location=0)"
    ),
    pytest.param(
        lambda c: c.servers.create("a", "cpx22", "u", ssh_keys=["k", 0]), id="create(ssh_keys)"
    ),
    pytest.param(
        lambda c: c.servers.create("a", "cpx22", "u", networks=[-4]), id="create(networks)"
    ),
    pytest.param(
        lambda c: c.servers.create("a", "cpx22", "u", placement_group=0), id="create(group=0)"
    ),
    pytest.param(lambda c: c.servers.update(42, name=""), id="servers.update(name='')"),
    pytest.param(lambda c: c.servers.delete(0), id="servers.delete(0)"),
    pytest.param(lambda c: server(c).attach_to_network(0), id="attach_to_network(0)"),
    pytest.param(lambda c: server(c).detach_from_network(True), id="detach_from_network(True)"),
    pytest.param(lambda c: server(c).metrics("gpu", START, END), id="metrics('gpu')"),
    pytest.param(lambda c: server(c).metrics(["cpu", "gpu"], START, END), id="metrics([cpu,gpu])"),
    pytest.param(lambda c: server(c).metrics([], START, END), id="metrics([])"),
    pytest.param(lambda c: server(c).change_protection(), id="change_protection()"),
    pytest.param(lambda c: server(c).change_dns_ptr("", None), id="change_dns_ptr('')"),
    pytest.param(lambda c: server(c).enable_rescue(ssh_keys=["my-key"]), id="rescue(key name)"),
    pytest.param(lambda c: server(c).rebuild(""), id="rebuild('')"),
    pytest.param(lambda c: server(c).add_to_placement_group(0), id="add_to_placement_group(0)"),
    pytest.param(lambda c: c.ssh_keys.create("", "ssh-ed25519 AAAA"), id="ssh_keys.create('')"),
    pytest.param(lambda c: c.ssh_keys.create("k", ""), id="ssh_keys.create(public_key='')"),
    pytest.param(lambda c: c.placement_groups.create(""), id="placement_groups.create('')"),
    pytest.param(lambda c: c.networks.create("n", ""), id="networks.create(ip_range='')"),
    pytest.param(lambda c: c.images.get_by_name(""), id="images.get_by_name('')"),
    pytest.param(lambda c: c.actions.get(0), id="actions.get(0)"),
    pytest.param(lambda c: c.actions.get(True), id="actions.get(True)"),
    pytest.param(lambda c: c.actions.get_many([1, 0]), id="actions.get_many([1, 0])"),
    pytest.param(lambda c: c.floating_ips.create("ipv4"), id="floating_ips.create(nowhere)"),
    pytest.param(
        lambda c: c.floating_ips.create("", home_location="fsn1"), id="floating_ips.create('')"
    ),
    pytest.param(
        lambda c: c.floating_ips.create("ipv4", server=0), id="floating_ips.create(server=0)"
    ),
    pytest.param(
        lambda c: c.floating_ips.create("ipv4", home_location=""), id="floating_ips.create(at '')"
    ),
    pytest.param(lambda c: c.floating_ips.update(1, name=""), id="floating_ips.update(name='')"),
    pytest.param(lambda c: FloatingIP(c, {"id": 1}).assign(0), id="floating_ip.assign(0)"),
    pytest.param(lambda c: FloatingIP(c, {"id": 1}).change_protection(), id="fip.protection()"),
]


@pytest.mark.parametrize("call", INVALID)
async def test_invalid_arguments_are_refused_before_sending(
    api: ScriptedServer, call: Call
) -> None:
    _, error = await run(api, call)
    assert isinstance(error, InvalidArgumentError), f"{error!r}, and sent {api.received}"
    assert api.received == []


async def test_volume_create_returns_the_volume_and_its_actions(api: ScriptedServer) -> None:
    body = response_body("POST", "/volumes")
    result, error = await run(api, lambda c: c.volumes.create("data", 42, server=43))
    assert error is None
    assert isinstance(result, CreateVolumeResult)
    assert isinstance(result.volume, Volume)
    assert result.volume.data == body["volume"]
    assert isinstance(result.volume.location, Location)
    assert result.action.data == body["action"]
    assert [a.data for a in result.next_actions] == body["next_actions"]
