"""Bad input never makes the simulator fail with 500: it answers 404 or 4xx like the API.

``str.isdigit`` is true for ``²`` (which ``int`` refuses) and ``٣`` (which ``int`` reads as 3);
``int`` refuses numbers of over 4300 digits; ``json.loads`` cannot nest as deep as a body can.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from asynchetzner.simulator import Simulator

from ...conftest import PUBLIC_KEY
from ..conftest import raw

NOT_ASCII_DIGITS = ["²", "٣", "\uff11"]  # superscript two, Arabic-Indic three, fullwidth one
HUGE = "1" * 5000
SERVER = {
    "name": "web-1",
    "server_type": "cx23",
    "image": "ubuntu-24.04",
    "start_after_create": False,
}


async def call(simulator: Simulator, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """The status and JSON answer of one request, ``body`` sent as JSON unless it is bytes."""
    data = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    status, _, answer = await raw(simulator, method, path, body=data)
    return status, json.loads(answer) if answer else None


def code(answer: Any) -> str:
    return str(answer["error"]["code"])


async def create_server(simulator: Simulator, name: str = "web-1") -> int:
    status, answer = await call(simulator, "POST", "/servers", SERVER | {"name": name})
    assert status == 201, answer
    return int(answer["server"]["id"])


@pytest.mark.parametrize("text", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(
    "path",
    [
        "/servers/{}",
        "/servers/{}/actions",
        "/servers/1/actions/{}",
        "/servers/{}/metrics",
        "/actions/{}",
        "/images/{}",
        "/ssh_keys/{}",
        "/networks/{}",
    ],
)
async def test_an_id_of_other_digits_in_the_path_is_invalid_input(
    simulator: Simulator, path: str, text: str
) -> None:
    for name in ("web-1", "web-2", "web-3"):  # "٣" must not read as 3
        await create_server(simulator, name)
    status, answer = await call(simulator, "GET", path.format(text))
    assert (status, code(answer)) == (422, "invalid_input")


@pytest.mark.parametrize("text", [HUGE, "99999999999999999999"])
@pytest.mark.parametrize("path", ["/servers/{}", "/servers/1/actions/{}", "/locations/{}"])
async def test_an_id_too_large_in_the_path_is_not_found(
    simulator: Simulator, path: str, text: str
) -> None:
    await create_server(simulator)
    status, answer = await call(simulator, "GET", path.format(text))
    assert (status, code(answer)) == (404, "not_found")


@pytest.mark.parametrize("text", [*NOT_ASCII_DIGITS, HUGE])
@pytest.mark.parametrize("field", ["server_type", "image", "location", "ssh_keys"])
async def test_a_reference_of_other_digits_in_a_body_is_invalid_input(
    simulator: Simulator, field: str, text: str
) -> None:
    value: Any = [text] if field == "ssh_keys" else text
    status, answer = await call(simulator, "POST", "/servers", SERVER | {field: value})
    assert (status, code(answer)) == (422, "invalid_input")
    assert answer["error"]["details"]["fields"][0]["name"] == field


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("rebuild", {"image": "٣"}),
        ("attach_iso", {"iso": "²"}),
        ("change_type", {"server_type": "٣", "upgrade_disk": False}),
    ],
)
async def test_a_reference_of_other_digits_in_an_action_is_invalid_input(
    simulator: Simulator, action: str, body: dict[str, Any]
) -> None:
    server = await create_server(simulator)
    status, answer = await call(simulator, "POST", f"/servers/{server}/actions/{action}", body)
    assert (status, code(answer)) == (422, "invalid_input")


@pytest.mark.parametrize("text", ["²", "٣", "0", "-1", "1.5"])
async def test_an_action_id_filter_of_other_digits_is_invalid_input(
    simulator: Simulator, text: str
) -> None:
    await create_server(simulator)  # actions 1 to 3 exist
    status, answer = await call(simulator, "GET", f"/actions?id={text}")
    assert (status, code(answer)) == (422, "invalid_input")


async def test_an_action_id_filter_too_large_finds_nothing(simulator: Simulator) -> None:
    status, answer = await call(simulator, "GET", f"/actions?id={HUGE}")
    assert (status, answer["actions"]) == (200, [])


@pytest.mark.parametrize("parameter", ["page", "per_page"])
async def test_pagination_of_other_digits_is_invalid_and_of_huge_numbers_is_fine(
    simulator: Simulator, parameter: str
) -> None:
    status, answer = await call(simulator, "GET", f"/servers?{parameter}=²")
    assert (status, code(answer)) == (422, "invalid_input")
    status, answer = await call(simulator, "GET", f"/servers?{parameter}={HUGE}")
    assert (status, answer["servers"]) == (200, [])


METRICS = "type=cpu&start=2024-01-01T00:00:00Z&end=2024-01-01T01:00:00Z"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"{METRICS}&step=²", "step"),
        (f"{METRICS}&step=٣", "step"),
        ("type=cpu&start=0001-01-01T00:30:00%2B01:00&end=2024-01-01T00:00:00Z", "start"),
        ("type=cpu&start=2024-01-01T00:00:00Z&end=9999-12-31T23:30:00-01:00", "end"),
    ],
)
async def test_metrics_refuse_a_step_of_other_digits_and_times_out_of_range(
    simulator: Simulator, query: str, field: str
) -> None:
    server = await create_server(simulator)
    status, answer = await call(simulator, "GET", f"/servers/{server}/metrics?{query}")
    assert (status, code(answer)) == (422, "invalid_input")
    assert [f["name"] for f in answer["error"]["details"]["fields"]] == [field]


@pytest.mark.parametrize(
    "query",
    [
        f"{METRICS}&step={HUGE}",
        "type=cpu&start=2024-01-01T00:00:00&end=2024-01-01T01:00:00Z",  # no offset: UTC
    ],
)
async def test_metrics_take_a_huge_step_and_a_time_without_offset(
    simulator: Simulator, query: str
) -> None:
    server = await create_server(simulator)
    status, answer = await call(simulator, "GET", f"/servers/{server}/metrics?{query}")
    assert status == 200
    assert answer["metrics"]["start"].startswith("2024-01-01T00:00:00")


@pytest.mark.parametrize("blob", ["²", "٣", "\ud800"])
async def test_an_ssh_key_of_characters_base64_has_not_is_invalid_input(
    simulator: Simulator, blob: str
) -> None:
    body = {"name": "me", "public_key": f"ssh-ed25519 {blob}"}
    status, answer = await call(simulator, "POST", "/ssh_keys", body)
    assert (status, code(answer)) == (422, "invalid_input")
    status, _ = await call(simulator, "POST", "/ssh_keys", {"name": "me", "public_key": PUBLIC_KEY})
    assert status == 201


async def test_user_data_with_a_lone_surrogate_is_counted_not_fatal(simulator: Simulator) -> None:
    status, answer = await call(simulator, "POST", "/servers", SERVER | {"user_data": "\ud800"})
    assert status == 201, answer
    too_long = SERVER | {"name": "web-2", "user_data": "\ud800" * 11000}  # 3 bytes each
    status, answer = await call(simulator, "POST", "/servers", too_long)
    assert (status, code(answer)) == (422, "invalid_input")


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ('{"a":', "}")])
@pytest.mark.parametrize("path", ["/servers", "/ssh_keys", "/networks"])
async def test_a_body_nested_too_deeply_is_a_json_error(
    simulator: Simulator, path: str, opening: str, closing: str, depth: int
) -> None:
    body = (opening * depth + "1" + closing * depth).encode()
    status, answer = await call(simulator, "POST", path, body)
    assert (status, code(answer)) in {(400, "json_error"), (422, "invalid_input")}


async def test_deep_nesting_inside_a_field_is_invalid_input(simulator: Simulator) -> None:
    body = '{"name": "net", "ip_range": "10.0.0.0/16", "subnets": ' + "[" * 100 + "]" * 100 + "}"
    status, answer = await call(simulator, "POST", "/networks", body.encode())
    assert (status, code(answer)) == (422, "invalid_input")
