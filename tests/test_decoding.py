"""decode_json: what json.loads gives, with the short strings of answers shared, and the equal
nested objects of a list answer's items one object."""

from __future__ import annotations

import json
from typing import Any

import pytest

from asynchetzner import decoding
from asynchetzner.decoding import MAX_DEPTH, SHARED_LENGTH, TooDeep, decode_json

SERVER = {
    "id": 42,
    "name": "web-1",
    "status": "running",
    "created": "2016-01-30T23:50:00+00:00",
    "labels": {"env": "prod"},
    "public_net": {"ipv4": {"ip": "1.2.3.4", "blocked": False}, "floating_ips": []},
    "server_type": {"name": "cx23", "memory": 4.0, "prices": [{"location": "fsn1"}]},
    "private_net": [{"ip": "10.0.0.2", "alias_ips": ["10.0.0.3"]}],
    "iso": None,
    "included_traffic": 21990232555520,
    "description": "é ü — ✓",
}


def encoded(data: Any) -> bytes:
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    "data",
    [
        SERVER,
        {"servers": [SERVER, {**SERVER, "id": 43}], "meta": {"pagination": {"page": 1}}},
        [1, "two", [3.5, None, True]],
        {"names": ["web", "web", {"ip": "1.2.3.4"}], "count": 2, "status": "ok"},
        "x" * (SHARED_LENGTH + 1),
        12,
        None,
    ],
)
def test_decodes_what_json_loads_decodes(data: Any) -> None:
    assert decode_json(encoded(data)) == json.loads(encoded(data))


def test_short_strings_are_shared_between_answers_long_ones_are_not() -> None:
    long = "k" * (SHARED_LENGTH + 1)
    first = decode_json(encoded({**SERVER, "public_key": long}))
    second = decode_json(encoded({**SERVER, "public_key": long}))
    assert first == second
    assert first["status"] is second["status"]
    assert (
        first["server_type"]["prices"][0]["location"]
        is second["server_type"]["prices"][0]["location"]
    )
    assert first["private_net"][0]["alias_ips"][0] is second["private_net"][0]["alias_ips"][0]
    assert first["public_key"] is not second["public_key"]


def test_the_pool_is_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    pool: dict[str, str] = {}
    monkeypatch.setattr(decoding, "_pool", pool)
    monkeypatch.setattr(decoding, "POOL_LIMIT", 10)
    for number in range(100):
        decode_json(encoded({"name": f"server-{number}", "status": "running"}))
        assert len(pool) <= 10 + 2  # full once over the limit, emptied on the next answer
    assert "server-99" in pool


@pytest.mark.parametrize(
    "body", [b"<html>502</html>", b'{"a": 1', b"\xff\xfe{}", b'{"a": NaN}', b"", b"{} {}"]
)
def test_what_is_not_json_raises_json_decode_error(body: bytes) -> None:
    with pytest.raises(json.JSONDecodeError):  # a ValueError, as decipher_response expects
        decode_json(body)


def listing(*servers: dict[str, Any]) -> bytes:
    return encoded({"servers": list(servers), "meta": {"pagination": {"page": 1}}})


def test_a_list_answers_items_share_their_equal_nested_objects_that_carry_an_id() -> None:
    location = {"id": 1, "name": "fsn1", "city": "Falkenstein"}
    server_type = {"id": 114, "name": "cx23", "memory": 4.0}
    servers = [
        {"id": i, "location": location, "server_type": server_type, "labels": {}} for i in range(3)
    ]
    servers.append({**servers[0], "id": 3, "location": {**location, "city": "elsewhere"}})
    servers.append({**servers[0], "id": 4, "server_type": {**server_type, "memory": 4}})
    decoded = decode_json(listing(*servers))["servers"]
    assert decoded == servers
    assert decoded[0]["location"] is decoded[1]["location"] is decoded[2]["location"]
    assert decoded[3]["location"] is not decoded[0]["location"]  # not equal
    assert decoded[4]["server_type"] is not decoded[0]["server_type"]  # 4 is not 4.0
    assert type(decoded[4]["server_type"]["memory"]) is int
    assert decoded[0]["labels"] is not decoded[1]["labels"]  # no id: each item its own


def test_labels_are_never_shared_even_with_a_label_named_id() -> None:
    servers = [{"id": i, "labels": {"id": "web", "env": "prod"}} for i in range(2)]
    decoded = decode_json(listing(*servers))["servers"]
    assert decoded == servers
    assert decoded[0]["labels"] is not decoded[1]["labels"]


def test_the_strings_of_shared_objects_are_pooled_too() -> None:
    server = {"id": 1, "image": {"id": 7, "os_flavor": "ubuntu"}, "status": "running"}
    first = decode_json(listing(server, {**server, "id": 2}))["servers"]
    second = decode_json(listing(server, {**server, "id": 2}))["servers"]
    assert first[0]["image"] is first[1]["image"]
    assert first[0]["image"]["os_flavor"] is second[0]["image"]["os_flavor"]
    assert first[1]["status"] is second[1]["status"]


def test_single_answers_share_equal_nested_objects_with_earlier_answers() -> None:
    server = {"id": 1, "image": {"id": 7, "os_flavor": "ubuntu"}, "labels": {"id": "x"}}
    first = decode_json(encoded({"server": server}))["server"]
    second = decode_json(encoded({"server": {**server, "id": 2}}))["server"]
    assert first["image"] is second["image"]
    pages = [decode_json(listing({**server, "id": i}))["servers"][0] for i in (3, 4)]
    assert pages[0]["image"] is pages[1]["image"]
    assert first["labels"] is not second["labels"]
    other = decode_json(encoded({"server": {**server, "image": {"id": 7, "os_flavor": "x"}}}))
    assert other["server"]["image"] == {"id": 7, "os_flavor": "x"}  # equal as JSON only


def test_a_shared_object_a_caller_changed_is_not_given_to_later_answers() -> None:
    body = encoded({"server": {"id": 1, "image": {"id": 8, "name": "debian-13"}}})
    changed = decode_json(body)["server"]["image"]
    changed["name"] = "mine"
    later = decode_json(body)["server"]["image"]
    assert later == {"id": 8, "name": "debian-13"}
    assert decode_json(body)["server"]["image"] is later  # the unchanged one is kept instead
    later["name"] = object()  # not even JSON any more
    assert decode_json(body)["server"]["image"] == {"id": 8, "name": "debian-13"}


def test_the_kept_objects_are_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    objects: dict[Any, Any] = {}
    monkeypatch.setattr(decoding, "_objects", objects)
    monkeypatch.setattr(decoding, "OBJECTS_LIMIT", 10)
    for number in range(100):
        decode_json(encoded({"server": {"id": 1, "image": {"id": number}}}))
        assert len(objects) <= 10
    assert objects[3, b'{"id":99}'] == {"id": 99}


def nested(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("levels", [MAX_DEPTH, 300])
def test_a_shared_object_nested_too_deep_is_refused(levels: int) -> None:
    deep = {"id": 9, "value": nested(levels)}
    with pytest.raises(TooDeep):
        decode_json(listing({"id": 1, "deep": deep}, {"id": 2, "deep": deep}))


def test_nesting_up_to_max_depth_is_accepted() -> None:
    body = encoded({"servers": [{"id": 1, "deep": {"id": 9, "value": nested(MAX_DEPTH - 5)}}] * 2})
    assert decode_json(body) == json.loads(body)


@pytest.mark.parametrize(
    "shape",
    [
        lambda inner: inner,  # a list at the root
        lambda inner: {"a": inner},
        lambda inner: {"servers": [{"id": 1, "x": inner}, {"id": 2, "x": inner}]},
        lambda inner: {"servers": [inner, inner]},
        lambda inner: {"servers": [{"id": 1, "x": {"id": 5, "y": inner}}] * 2},
    ],
)
def test_max_depth_is_exact_in_every_shape(shape: Any) -> None:
    def depth(value: Any) -> int:
        if isinstance(value, dict):
            return 1 + max(map(depth, value.values()), default=0)
        if isinstance(value, list):
            return 1 + max(map(depth, value), default=0)
        return 0

    levels = next(n for n in range(MAX_DEPTH + 2) if depth(shape(nested(n))) == MAX_DEPTH)
    accepted = encoded(shape(nested(levels)))
    assert decode_json(accepted) == json.loads(accepted)
    with pytest.raises(TooDeep):
        decode_json(encoded(shape(nested(levels + 1))))
