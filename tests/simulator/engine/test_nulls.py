"""``null`` for an optional field reads as if the field were absent, as the API does (the official
clients send them); required fields and fields that take ``null`` with a meaning keep it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from asynchetzner.simulator import Simulator
from asynchetzner.simulator.engine.errors import SimulatorError
from asynchetzner.simulator.engine.validation import load_request_schemas, validate_body

from ..conftest import raw

SERVER_OPTIONS = (
    "location",
    "ssh_keys",
    "volumes",
    "firewalls",
    "networks",
    "user_data",
    "labels",
    "start_after_create",
    "automount",
    "placement_group",
    "public_net",
)

CLOUD = "asynchetzner.simulator.cloud"
SCHEMAS = load_request_schemas(CLOUD)


async def call(simulator: Simulator, method: str, path: str, body: Any) -> tuple[int, Any]:
    data = b"" if body is None else json.dumps(body).encode()
    status, _, answer = await raw(simulator, method, path, body=data)
    return status, json.loads(answer)


def test_optional_nulls_are_dropped_at_every_depth() -> None:
    body = {
        "name": "net",
        "ip_range": "10.0.0.0/16",
        "labels": None,
        "subnets": [{"type": "cloud", "ip_range": None, "network_zone": "eu-central"}],
        "routes": None,
    }
    assert validate_body(SCHEMAS.get("POST /networks"), body) == {
        "name": "net",
        "ip_range": "10.0.0.0/16",
        "subnets": [{"type": "cloud", "network_zone": "eu-central"}],
    }
    assert body["labels"] is None  # the body itself is left alone


def test_optional_nulls_are_dropped_through_all_of_and_discriminators() -> None:
    probe = {"domain": None, "path": "/", "response": None}  # domain: required, takes null
    check = {"protocol": "http", "port": 80, "interval": 15, "timeout": 10, "retries": 3}
    http = {"cookie_name": "c", "cookie_lifetime": 300, "timeout_idle": 50, "sticky_sessions": True}
    service = {"protocol": "http", "listen_port": 80, "destination_port": 80, "http": http}
    service |= {"proxyprotocol": False, "health_check": check | {"http": probe}}
    body = {"name": "lb", "load_balancer_type": "lb11", "location": None, "services": [service]}
    read = validate_body(SCHEMAS.get("POST /load_balancers"), body)
    assert "location" not in read
    assert read["services"][0]["health_check"]["http"] == {"domain": None, "path": "/"}


def test_nulls_that_the_schema_takes_are_kept() -> None:
    body = {"ip": "198.18.0.1", "dns_ptr": None}
    assert validate_body(SCHEMAS.get("POST /servers/{id}/actions/change_dns_ptr"), body) == body
    server = {"name": "a", "server_type": "cx23", "image": "x", "public_net": {"ipv4": None}}
    assert validate_body(SCHEMAS.get("POST /servers"), server) == server


@pytest.mark.parametrize(
    ("operation", "body", "field"),
    [
        ("POST /servers", {"name": None, "server_type": "cx23", "image": "x"}, "name"),
        ("POST /ssh_keys", {"name": "me", "public_key": None}, "public_key"),
        ("POST /servers/{id}/actions/change_type", {"server_type": "cx33"}, "upgrade_disk"),
        ("POST /servers/{id}/actions/attach_iso", {"iso": None}, "iso"),
        ("POST /networks", {"name": "n", "ip_range": "10.0.0.0/8", "subnets": [None]}, "subnets.0"),
    ],
)
def test_required_fields_and_items_still_refuse_null(
    operation: str, body: dict[str, Any], field: str
) -> None:
    with pytest.raises(SimulatorError) as caught:
        validate_body(SCHEMAS.get(operation), body)
    assert [entry["name"] for entry in caught.value.details["fields"]] == [field]


async def test_a_server_created_with_every_option_null_takes_the_defaults(
    simulator: Simulator,
) -> None:
    body = {"name": "web-1", "server_type": "cx23", "image": "ubuntu-24.04"}
    status, answer = await call(simulator, "POST", "/servers", body | dict.fromkeys(SERVER_OPTIONS))
    assert status == 201, answer
    assert [action["command"] for action in answer["next_actions"]] == ["start_server"]
    server = answer["server"]
    assert (server["location"]["name"], server["labels"]) == ("fsn1", {})
    assert server["public_net"]["ipv4"] is not None
    assert server["public_net"]["ipv6"] is not None


async def test_an_update_with_nulls_changes_nothing(simulator: Simulator) -> None:
    body = {"name": "web-1", "server_type": "cx23", "image": "ubuntu-24.04", "labels": {"a": "b"}}
    _, created = await call(simulator, "POST", "/servers", body)
    server_id = created["server"]["id"]
    status, answer = await call(
        simulator, "PUT", f"/servers/{server_id}", {"name": None, "labels": None}
    )
    assert status == 200, answer
    assert (answer["server"]["name"], answer["server"]["labels"]) == ("web-1", {"a": "b"})


async def test_a_subnet_with_a_null_range_gets_the_first_free_one(simulator: Simulator) -> None:
    subnet = {"type": "cloud", "ip_range": None, "network_zone": "eu-central", "vswitch_id": None}
    body = {"name": "net", "ip_range": "10.0.0.0/16", "subnets": [subnet], "routes": None}
    status, answer = await call(simulator, "POST", "/networks", body)
    assert status == 201, answer
    assert [s["ip_range"] for s in answer["network"]["subnets"]] == ["10.0.0.0/24"]


async def test_a_null_dns_ptr_still_resets_the_reverse_dns(simulator: Simulator) -> None:
    body = {"name": "web-1", "server_type": "cx23", "image": "ubuntu-24.04"}
    _, created = await call(simulator, "POST", "/servers", body)
    server = created["server"]
    ip, default = server["public_net"]["ipv4"]["ip"], server["public_net"]["ipv4"]["dns_ptr"]
    change = f"/servers/{server['id']}/actions/change_dns_ptr"
    for dns_ptr, expected in (("web-1.example.com", "web-1.example.com"), (None, default)):
        status, answer = await call(simulator, "POST", change, {"ip": ip, "dns_ptr": dns_ptr})
        assert status == 201, answer
        _, shown = await call(simulator, "GET", f"/servers/{server['id']}", None)
        assert shown["server"]["public_net"]["ipv4"]["dns_ptr"] == expected
