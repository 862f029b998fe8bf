"""decode_json: what json.loads gives, with the short strings of answers shared."""

from __future__ import annotations

import json
from typing import Any

import pytest

from asynchetzner import decoding
from asynchetzner.decoding import SHARED_LENGTH, decode_json

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
