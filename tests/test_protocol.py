"""The sans-I/O wire protocol: keyword splitting, query/form encoding, URLs, requests, answers.

Everything here is a plain function call. Wire facts come from api-facts.md and the official
``cloud.spec.json``, whose example bodies are replayed through ``decipher_response`` at the end.
"""

from __future__ import annotations

import base64
import calendar
import enum
import json
import re
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import pytest
from multidict import CIMultiDict

from asynchetzner.config import Credentials
from asynchetzner.exceptions import (
    APIError,
    AuthenticationError,
    BadGatewayError,
    ConflictError,
    DeprecatedEndpoint,
    ForbiddenError,
    GatewayTimeoutError,
    InvalidArgumentError,
    InvalidInputError,
    InvalidResponse,
    LockedError,
    MaintenanceError,
    MethodNotAllowedError,
    NotFoundError,
    PreconditionFailedError,
    ProtectedError,
    RateLimitExceeded,
    ResourceLimitExceeded,
    ServerError,
    ServiceError,
    ServiceUnavailableError,
    UniquenessError,
    UnsupportedError,
)
from asynchetzner.protocol import (
    Pagination,
    Request,
    Response,
    build_request,
    build_url,
    decipher_response,
    encode_form,
    encode_query,
    quote_segment,
    retry_after_seconds,
    split_keywords,
)
from asynchetzner.ratelimit import RateLimit

from .spec import error_rows, load_spec

BASE = "https://api.hetzner.cloud/v1"
ROBOT = "https://robot-ws.your-server.de"
TOKEN = "secret-token-LRK9DAWQ1ZAEFSrC"
NOW = 1_700_000_000.0
UA = "my-app/1.0 asynchetzner/0.1.0"

CLOUD = Credentials("hetzner-cloud", BASE, "bearer", token=TOKEN)
ROBOT_CREDENTIALS = Credentials(
    "hetzner-robot", ROBOT, "basic", robot_user="#ws+AbCdEf", robot_password="pa:ss-word"
)

SPLIT_KEYWORDS: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = [
    ({"name": "web-1"}, {"name": "web-1"}, {}),
    ({"label_selector": "env=prod"}, {"label_selector": "env=prod"}, {}),
    ({"_from": "2024-01-01"}, {"from": "2024-01-01"}, {}),
    ({"_class": "x"}, {"class": "x"}, {}),
    ({"_need_auth": False}, {}, {"need_auth": False}),
    ({"_timeout": 5}, {}, {"timeout": 5}),
    (
        {"name": "a", "_from": 1, "_need_auth": False, "_timeout": 2.5},
        {"name": "a", "from": 1},
        {"need_auth": False, "timeout": 2.5},
    ),
    ({}, {}, {}),
]

ENCODE_QUERY: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
    ({"name": "web-1"}, [("name", "web-1")]),
    ({"page": 2, "per_page": 50}, [("page", "2"), ("per_page", "50")]),
    ({"with_ipv4": True, "with_ipv6": False}, [("with_ipv4", "true"), ("with_ipv6", "false")]),
    ({"status": ["running", "off"]}, [("status", "running"), ("status", "off")]),
    ({"id": (1, 2, 3)}, [("id", "1"), ("id", "2"), ("id", "3")]),
    ({"id": [1, None, 2]}, [("id", "1"), ("id", "2")]),
    ({"flags": [True, False]}, [("flags", "true"), ("flags", "false")]),
    ({"name": None}, []),
    ({"name": None, "sort": "id:desc"}, [("sort", "id:desc")]),
    ({"id": []}, []),
    ({}, []),
]

BUILD_URL: list[tuple[str, dict[str, Any] | None, str]] = [
    ("/servers", None, f"{BASE}/servers"),
    ("servers", None, f"{BASE}/servers"),
    ("/servers", {}, f"{BASE}/servers"),
    ("/servers", {"label_selector": "env=prod"}, f"{BASE}/servers?label_selector=env%3Dprod"),
    ("/servers", {"name": "my server"}, f"{BASE}/servers?name=my%20server"),
    (
        "/servers",
        {"label_selector": "env in (a,b)"},
        f"{BASE}/servers?label_selector=env%20in%20%28a%2Cb%29",
    ),
    ("/servers", {"sort": "name:asc"}, f"{BASE}/servers?sort=name%3Aasc"),
    ("/servers", {"name": "a&b=c"}, f"{BASE}/servers?name=a%26b%3Dc"),
    (
        "/servers",
        {"status": ["running", "off"], "name": None, "page": 2},
        f"{BASE}/servers?status=running&status=off&page=2",
    ),
    ("/actions?id=1&id=2", None, f"{BASE}/actions?id=1&id=2"),
    ("/actions?id=1", {"id": [2, 3]}, f"{BASE}/actions?id=1&id=2&id=3"),
    ("/actions?a=1", {}, f"{BASE}/actions?a=1"),
    ("/servers/my server", None, f"{BASE}/servers/my%20server"),
    ("/images/ubuntu#24", None, f"{BASE}/images/ubuntu%2324"),
    ("/zones/bücher.example", None, f"{BASE}/zones/b%C3%BCcher.example"),
    ("/zones/example.com/rrsets/%40/A", None, f"{BASE}/zones/example.com/rrsets/%40/A"),
    ("/storage_boxes/1/folders/a%2Fb", None, f"{BASE}/storage_boxes/1/folders/a%2Fb"),
    ("/zones/example.com/rrsets/www/AAAA", None, f"{BASE}/zones/example.com/rrsets/www/AAAA"),
]

QUOTE_SEGMENT: list[tuple[str | int, str]] = [
    ("a/b c", "a%2Fb%20c"),
    (42, "42"),
    ("web-1.example_com~x", "web-1.example_com~x"),
    ("100%", "100%25"),
    ("a?b#c", "a%3Fb%23c"),
    ("@", "%40"),
    ("ä", "%C3%A4"),
]

ENCODE_FORM: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
    ({"server_name": "web 1"}, [("server_name", "web 1")]),
    ({"server_ip": "1.2.3.4", "type": "hw"}, [("server_ip", "1.2.3.4"), ("type", "hw")]),
    (
        {"authorized_key": ["aa:bb", "cc:dd"]},
        [("authorized_key[]", "aa:bb"), ("authorized_key[]", "cc:dd")],
    ),
    (
        {"authorized_key": ["aa", None, "bb"]},
        [("authorized_key[]", "aa"), ("authorized_key[]", "bb")],
    ),
    ({"filter": {"ipv6": True, "name": None}}, [("filter[ipv6]", "true")]),
    (
        {"rules": {"input": [{"src_ip": "1.2.3.4", "action": "accept"}, {"action": "discard"}]}},
        [
            ("rules[input][0][src_ip]", "1.2.3.4"),
            ("rules[input][0][action]", "accept"),
            ("rules[input][1][action]", "discard"),
        ],
    ),
    ({"key": [{"sub": 1}, {"sub": 2}]}, [("key[0][sub]", "1"), ("key[1][sub]", "2")]),
    ({"whitelist_hos": True, "dist": False}, [("whitelist_hos", "true"), ("dist", "false")]),
    ({"port": 22}, [("port", "22")]),
    ({"x": None}, []),
    ({}, []),
]

PAGE_2 = {
    "page": 2,
    "per_page": 25,
    "previous_page": 1,
    "next_page": 3,
    "last_page": 4,
    "total_entries": 100,
}

PAGINATION_KEYS = ("page", "per_page", "previous_page", "next_page", "last_page", "total_entries")
# The nullable keys are null at the ends or when the total is unknown (api-facts.md §3).
PAGINATION_ROWS: list[tuple[int, int, int | None, int | None, int | None, int | None]] = [
    (2, 25, 1, 3, 4, 100),
    (1, 25, None, 2, 4, 100),
    (4, 25, 3, None, 4, 100),
    (1, 50, None, None, 1, 0),
    (3, 50, 2, 4, None, None),
]

NO_PAGINATION: list[Any] = [
    {"server": {"id": 42}},
    {"servers": [], "meta": {}},
    {"servers": [], "meta": {"pagination": None}},
    {"servers": [], "meta": {"pagination": {"per_page": 25}}},
    [{"server": {"server_number": 321}}],
    "text",
    None,
]

# status, error code, details, class: real details shapes from api-facts.md §2.
ERROR_BODIES: list[tuple[int, str, Any, type[APIError]]] = [
    (400, "json_error", None, InvalidInputError),
    (401, "unauthorized", None, AuthenticationError),
    (401, "token_readonly", None, AuthenticationError),
    (403, "forbidden", None, ForbiddenError),
    (403, "maintenance", None, MaintenanceError),
    (
        403,
        "resource_limit_exceeded",
        {"limits": [{"name": "project_limit"}]},
        ResourceLimitExceeded,
    ),
    (404, "not_found", None, NotFoundError),
    (405, "method_not_allowed", None, MethodNotAllowedError),
    (409, "uniqueness_error", {"fields": [{"name": "public_key"}]}, UniquenessError),
    (409, "conflict", None, ConflictError),
    (
        410,
        "deprecated_api_endpoint",
        {
            "announcement": "https://docs.hetzner.cloud/changelog#2023-07-20-foo-endpoint-is-deprecated"
        },
        DeprecatedEndpoint,
    ),
    (412, "resource_unavailable", None, PreconditionFailedError),
    (
        422,
        "invalid_input",
        {"fields": [{"name": "broken_field", "messages": ["is too long"]}]},
        InvalidInputError,
    ),
    (422, "service_error", None, ServiceError),
    (422, "unsupported_error", None, UnsupportedError),
    (422, "server_not_stopped", None, InvalidInputError),
    (423, "locked", None, LockedError),
    (423, "protected", None, ProtectedError),
    (429, "rate_limit_exceeded", None, RateLimitExceeded),
    (500, "server_error", None, ServerError),
    (502, "bad_gateway", None, BadGatewayError),
    (503, "unavailable", None, ServiceUnavailableError),
    (504, "timeout", None, GatewayTimeoutError),
]

# A JSON error body without the ``error`` envelope: the status decides.
BARE_ERROR_BODIES: list[tuple[int, bytes, type[APIError], str]] = [
    (404, b'{"message": "zone not found"}', NotFoundError, "zone not found"),
    (503, b"{}", ServiceUnavailableError, "HTTP 503"),
    (500, b"[]", ServerError, "HTTP 500"),
    (401, b'"unauthorized"', AuthenticationError, "HTTP 401"),
    (418, b'{"teapot": true}', APIError, "HTTP 418"),
    (422, b"", InvalidInputError, "HTTP 422"),
]

# Sun, 06 Nov 1994 08:49:37 GMT is RFC 9110's example date; NOW_1994 is 7 s earlier.
NOW_1994 = float(calendar.timegm((1994, 11, 6, 8, 49, 30)))
HTTP_DATES = [
    "Sun, 06 Nov 1994 08:49:37 GMT",  # IMF-fixdate
    "Sunday, 06-Nov-94 08:49:37 GMT",  # obsolete RFC 850 format
    "Sun Nov  6 08:49:37 1994",  # obsolete asctime format (no zone: GMT)
]
RETRY_AFTER: list[tuple[str | None, float | None]] = [
    ("7", 7.0),
    ("0", 0.0),
    ("1.5", 1.5),
    (" 30 ", 30.0),
    ("-3", 0.0),
    ("Sun, 06 Nov 1994 08:49:37 GMT", 7.0),
    ("Sun, 06 Nov 1994 08:49:00 GMT", 0.0),  # already past
    ("Sun, 06 Nov 1994 09:49:30 GMT", 3600.0),
    ("garbage", None),
    ("7 seconds", None),
    ("", None),
    (None, None),
]


# Helpers


SPEC = load_spec()


def spec_success_examples() -> list[Any]:
    """``(method path status, status, example value)`` of every 2xx JSON example in the spec."""
    found = []
    for path, operations in SPEC["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                for name, example in (content.get("examples") or {}).items():
                    if status.startswith("2") and "value" in example:
                        found.append(
                            pytest.param(
                                int(status),
                                example["value"],
                                id=f"{method.upper()} {path} {status} {name}",
                            )
                        )
    return found


def spec_description_section(title: str) -> str:
    description = SPEC["info"]["description"]
    section = description[description.index(f"## {title}") :]
    return section[: section.index("\n## ", 1)]


def spec_error_examples() -> list[Any]:
    """Error bodies from the spec: the Errors section's JSON blocks and the 4xx/5xx examples."""
    errors = spec_description_section("Errors")
    status_of = {code: status for status, code in error_rows(SPEC)}
    bodies: list[dict[str, Any]] = []
    for block in re.findall(r"```json\n(.*?)```", errors, re.DOTALL):
        if (body := json.loads(block)) not in bodies:
            bodies.append(body)
    for operations in SPEC["paths"].values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                if status[0] in "45" and "example" in schema and schema["example"] not in bodies:
                    bodies.append(schema["example"])
    return [
        pytest.param(status_of[body["error"]["code"]], body, id=body["error"]["code"])
        for body in bodies
    ]


def decipher(status: int, body: Any = None, raw: bytes | None = None, **headers: str) -> Response:
    """``decipher_response`` with a JSON-encoded ``body`` (or ``raw`` bytes)."""
    data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    header_map = {name.replace("_", "-"): value for name, value in headers.items()}
    return decipher_response(status, header_map, data, now=NOW)


def error_body(code: str, message: str = "it failed", details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


@pytest.fixture
def local_timezone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run with a local time zone far from UTC (UTC+9), restoring the real one afterwards."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is not available on this platform")
    monkeypatch.setenv("TZ", "JST-9")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# split_keywords


@pytest.mark.parametrize(("kwargs", "parameters", "options"), SPLIT_KEYWORDS)
def test_split_keywords(kwargs: dict, parameters: dict, options: dict) -> None:
    assert split_keywords(kwargs) == (parameters, options)


@pytest.mark.parametrize("name", ["_bogus", "_need_auth_", "_", "__from", "_page"])
def test_split_keywords_rejects_unknown_option(name: str) -> None:
    with pytest.raises(TypeError, match=re.escape(repr(name))):
        split_keywords({name: 1})


def test_split_keywords_leaves_the_input_alone() -> None:
    kwargs = {"_from": 1, "_timeout": 3}
    split_keywords(kwargs)
    assert kwargs == {"_from": 1, "_timeout": 3}


# encode_query, build_url, quote_segment


@pytest.mark.parametrize(("params", "pairs"), ENCODE_QUERY)
def test_encode_query(params: dict, pairs: list) -> None:
    assert encode_query(params) == pairs


@pytest.mark.parametrize(("path", "params", "url"), BUILD_URL)
def test_build_url(path: str, params: dict | None, url: str) -> None:
    assert build_url(BASE, path, params) == url


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/servers?name=my server", f"{BASE}/servers?name=my%20server"),
        ("/servers?name=my server&sort=id", f"{BASE}/servers?name=my%20server&sort=id"),
        ("/servers?label_selector=env%3Dprod", f"{BASE}/servers?label_selector=env%3Dprod"),
    ],
)
def test_build_url_quotes_a_query_given_in_the_path(path: str, url: str) -> None:
    # The client sends the URL as already encoded (yarl ``encoded=True``): a raw space would
    # make the request line ``GET /v1/servers?name=my server HTTP/1.1`` and a 400 answer.
    assert build_url(BASE, path) == url


@pytest.mark.parametrize(("value", "quoted"), QUOTE_SEGMENT)
def test_quote_segment(value: str | int, quoted: str) -> None:
    assert quote_segment(value) == quoted


def test_quoted_segment_survives_build_url() -> None:
    path = f"/zones/{quote_segment('a/b c')}/rrsets/{quote_segment('@')}/A"
    assert build_url(BASE, path) == f"{BASE}/zones/a%2Fb%20c/rrsets/%40/A"


# encode_form


@pytest.mark.parametrize(("data", "pairs"), ENCODE_FORM)
def test_encode_form(data: dict, pairs: list) -> None:
    assert encode_form(data) == pairs


# build_request


def test_bearer_get_request() -> None:
    request = build_request(CLOUD, "get", "/servers", params={"name": "web-1"}, user_agent=UA)
    assert request.method == "GET"
    assert request.path == "/servers"
    assert request.url == f"{BASE}/servers?name=web-1"
    assert dict(request.headers) == {
        "Authorization": f"Bearer {TOKEN}",
        "Accept": "application/json",
        "User-Agent": UA,
    }
    assert request.body is None


def test_bearer_post_has_compact_json_body() -> None:
    data = {"name": "web-1", "server_type": "cx23", "labels": {"env": "prod"}, "ssh_keys": [1, 2]}
    request = build_request(CLOUD, "post", "/servers", data=data, user_agent=UA)
    assert request.method == "POST"
    assert request.body == (
        b'{"name":"web-1","server_type":"cx23","labels":{"env":"prod"},"ssh_keys":[1,2]}'
    )
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.url == f"{BASE}/servers"


def test_bearer_body_keeps_non_ascii_text() -> None:
    data = {"description": "Größe: 10 €", "labels": {}}
    request = build_request(CLOUD, "PUT", "/images/4711", data=data, user_agent=UA)
    assert request.body is not None
    assert json.loads(request.body) == data


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "GET"])
def test_no_body_no_content_type(method: str) -> None:
    request = build_request(CLOUD, method, "/servers/42/actions/poweron", user_agent=UA)
    assert request.body is None
    assert "Content-Type" not in request.headers


def test_need_auth_false_sends_no_authorization() -> None:
    request = build_request(CLOUD, "GET", "/pricing", need_auth=False, user_agent=UA)
    assert "Authorization" not in request.headers
    assert request.headers["Accept"] == "application/json"


def test_basic_request_for_robot() -> None:
    request = build_request(ROBOT_CREDENTIALS, "get", "/server/321", user_agent=UA)
    expected = base64.b64encode(b"#ws+AbCdEf:pa:ss-word").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.url == f"{ROBOT}/server/321"
    assert request.method == "GET"
    assert request.body is None
    assert "Content-Type" not in request.headers


def test_basic_request_has_form_body() -> None:
    data = {"server_name": "web 1", "authorized_key": ["aa:bb", "cc:dd"], "dist": None}
    request = build_request(ROBOT_CREDENTIALS, "POST", "/boot/321/linux", data=data, user_agent=UA)
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.body is not None
    assert parse_qsl(request.body.decode("ascii")) == [
        ("server_name", "web 1"),
        ("authorized_key[]", "aa:bb"),
        ("authorized_key[]", "cc:dd"),
    ]
    assert b" " not in request.body


def test_basic_need_auth_false() -> None:
    request = build_request(ROBOT_CREDENTIALS, "GET", "/", need_auth=False, user_agent=UA)
    assert "Authorization" not in request.headers


@pytest.mark.parametrize("credentials", [CLOUD, ROBOT_CREDENTIALS], ids=["bearer", "basic"])
def test_request_repr_hides_credentials(credentials: Credentials) -> None:
    request = build_request(credentials, "POST", "/servers", data={"name": "x"}, user_agent=UA)
    secret_header = request.headers["Authorization"].split(" ", 1)[1]
    for text in (repr(request), str(request)):
        assert TOKEN not in text
        assert "pa:ss-word" not in text
        assert secret_header not in text
        assert "/servers" in text


def test_request_is_immutable() -> None:
    request = build_request(CLOUD, "GET", "/servers", user_agent=UA)
    assert isinstance(request, Request)
    with pytest.raises(AttributeError):
        request.url = "https://evil.example/"  # type: ignore[misc]


# decipher_response: success


@pytest.mark.parametrize(
    ("status", "raw", "data"),
    [
        (200, b'{"server": {"id": 42, "name": "web-1"}}', {"server": {"id": 42, "name": "web-1"}}),
        (
            201,
            b'{"action": {"id": 1, "status": "running"}}',
            {"action": {"id": 1, "status": "running"}},
        ),
        (204, b"", None),
        (200, b"", None),
        (200, b"  \r\n", None),
        (200, b"null", None),
        (200, b'[{"server": {"server_number": 321}}]', [{"server": {"server_number": 321}}]),
        (200, '{"name": "Größe"}'.encode(), {"name": "Größe"}),
    ],
)
def test_decipher_success(status: int, raw: bytes, data: Any) -> None:
    response = decipher(status, raw=raw)
    assert response.data == data
    assert response.pagination is None
    assert response.rate_limit is None
    assert response.correlation_id is None


@pytest.mark.parametrize("row", PAGINATION_ROWS)
def test_decipher_pagination(row: tuple) -> None:
    meta = dict(zip(PAGINATION_KEYS, row, strict=True))
    response = decipher(200, {"servers": [{"id": 1}], "meta": {"pagination": meta}})
    assert response.pagination == Pagination(*row)
    assert response.data["servers"] == [{"id": 1}]


def test_pagination_with_only_some_keys() -> None:
    # The old DNS API sends page, per_page, last_page and total_entries only.
    meta = {"page": 1, "per_page": 100, "last_page": 1, "total_entries": 3}
    response = decipher(200, {"zones": [], "meta": {"pagination": meta}})
    assert response.pagination == Pagination(1, 100, None, None, 1, 3)


@pytest.mark.parametrize("body", NO_PAGINATION)
def test_no_pagination(body: Any) -> None:
    assert decipher(200, body).pagination is None


def test_pagination_example_of_the_spec() -> None:
    section = spec_description_section("Pagination")
    match = re.search(r'"pagination":\s*(\{.*?\})', section, re.DOTALL)
    assert match is not None
    meta = json.loads(match.group(1))
    assert meta == PAGE_2
    response = decipher(200, {"servers": [], "meta": {"pagination": meta}})
    assert response.pagination == Pagination(
        page=2, per_page=25, previous_page=1, next_page=3, last_page=4, total_entries=100
    )


def test_rate_limit_and_correlation_id_headers() -> None:
    response = decipher(
        200,
        {"servers": []},
        RateLimit_Limit="3600",
        RateLimit_Remaining="3598",
        RateLimit_Reset="1700003598",
        X_Correlation_Id="7e3a1c0d9b",
    )
    assert response.rate_limit == RateLimit(limit=3600, remaining=3598, reset=1700003598)
    assert response.correlation_id == "7e3a1c0d9b"


def test_headers_are_case_insensitive_with_aiohttp_headers() -> None:
    headers = CIMultiDict(
        {
            "ratelimit-limit": "3600",
            "ratelimit-remaining": "0",
            "ratelimit-reset": "1700003600",
            "x-correlation-id": "abc",
        }
    )
    response = decipher_response(200, headers, b"{}", now=NOW)
    assert response.rate_limit == RateLimit(3600, 0, 1700003600)
    assert response.correlation_id == "abc"


# decipher_response: errors


@pytest.mark.parametrize(("status", "code", "details", "cls"), ERROR_BODIES)
def test_decipher_error(status: int, code: str, details: Any, cls: type[APIError]) -> None:
    with pytest.raises(APIError) as caught:
        decipher(status, error_body(code, "human text", details), X_Correlation_Id="corr-9")
    error = caught.value
    assert type(error) is cls
    assert (error.status, error.code, error.message, error.details) == (
        status,
        code,
        "human text",
        details,
    )
    assert error.correlation_id == "corr-9"
    assert "corr-9" in str(error)


def test_error_details_missing_is_none() -> None:
    with pytest.raises(NotFoundError) as caught:
        decipher(404, {"error": {"code": "not_found", "message": "gone"}})
    assert caught.value.details is None


def test_robot_invalid_input_keeps_missing_and_invalid() -> None:
    body = {
        "error": {
            "status": 400,
            "code": "INVALID_INPUT",
            "message": "invalid input",
            "missing": ["x"],
            "invalid": None,
        }
    }
    with pytest.raises(InvalidInputError) as caught:
        decipher(400, body)
    error = caught.value
    assert (error.status, error.code, error.message) == (400, "INVALID_INPUT", "invalid input")
    assert error.details == {"missing": ["x"], "invalid": None}


def test_robot_rate_limit_is_a_403() -> None:
    body = {
        "error": {
            "status": 403,
            "code": "RATE_LIMIT_EXCEEDED",
            "message": "Rate limit exceeded",
            "max_request": 200,
            "interval": 3600,
        }
    }
    with pytest.raises(RateLimitExceeded) as caught:
        decipher(403, body)
    assert caught.value.status == 403
    assert caught.value.details == {"max_request": 200, "interval": 3600}


def test_robot_not_found_has_no_details() -> None:
    body = {"error": {"status": 404, "code": "SERVER_NOT_FOUND", "message": "Server not found"}}
    with pytest.raises(NotFoundError) as caught:
        decipher(404, body)
    assert (caught.value.code, caught.value.details) == ("SERVER_NOT_FOUND", None)


@pytest.mark.parametrize(("status", "raw", "cls", "message"), BARE_ERROR_BODIES)
def test_error_body_without_envelope_falls_back_by_status(
    status: int, raw: bytes, cls: type, message: str
) -> None:
    with pytest.raises(APIError) as caught:
        decipher(status, raw=raw)
    assert type(caught.value) is cls
    assert caught.value.code is None
    assert caught.value.message == message
    assert caught.value.status == status


def test_html_502_is_invalid_response_with_excerpt() -> None:
    page = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>"
    with pytest.raises(InvalidResponse) as caught:
        decipher(502, raw=page, Content_Type="text/html", X_Correlation_Id="c-502")
    error = caught.value
    assert not isinstance(error, APIError)
    assert error.status == 502
    assert error.correlation_id == "c-502"
    assert "502 Bad Gateway" in str(error)
    assert "text/html" in str(error)


def test_invalid_response_message_is_bounded() -> None:
    page = b"<html>" + b"x" * 100_000 + b"</html>"
    with pytest.raises(InvalidResponse) as caught:
        decipher(503, raw=page)
    assert len(str(caught.value)) < 500


@pytest.mark.parametrize(
    "raw", [b'{"server": ', b"<!doctype html>", b"\xff\xfe\x00garbage", b"{'single': 1}"]
)
def test_malformed_json_on_200_is_invalid_response(raw: bytes) -> None:
    with pytest.raises(InvalidResponse) as caught:
        decipher(200, raw=raw)
    assert caught.value.status == 200


def test_429_retry_after() -> None:
    with pytest.raises(RateLimitExceeded) as caught:
        decipher(429, error_body("rate_limit_exceeded"), Retry_After="7")
    assert caught.value.retry_after == 7
    assert caught.value.reset is None


def test_429_rate_limit_reset() -> None:
    with pytest.raises(RateLimitExceeded) as caught:
        decipher(
            429,
            error_body("rate_limit_exceeded"),
            RateLimit_Limit="3600",
            RateLimit_Remaining="0",
            RateLimit_Reset="1700000010",
        )
    assert caught.value.reset == 1700000010
    assert caught.value.retry_after is None


def test_429_retry_after_as_http_date() -> None:
    headers = {"Retry-After": "Tue, 14 Nov 2023 22:13:30 GMT"}  # NOW + 10 s
    with pytest.raises(RateLimitExceeded) as caught:
        decipher_response(
            429, headers, json.dumps(error_body("rate_limit_exceeded")).encode(), now=NOW
        )
    assert caught.value.retry_after == 10


# retry_after_seconds


@pytest.mark.parametrize(("value", "seconds"), RETRY_AFTER)
def test_retry_after_seconds(value: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW_1994) == seconds


@pytest.mark.parametrize("value", HTTP_DATES)
def test_retry_after_http_date_formats(value: str) -> None:
    assert retry_after_seconds(value, NOW_1994) == 7.0


@pytest.mark.usefixtures("local_timezone")
@pytest.mark.parametrize("value", HTTP_DATES)
def test_retry_after_http_date_ignores_local_time_zone(value: str) -> None:
    # An HTTP date is GMT even when it does not say so (asctime format).
    assert retry_after_seconds(value, NOW_1994) == 7.0


# Real bodies from the official spec


@pytest.mark.parametrize(("status", "body"), spec_success_examples())
def test_spec_success_example(status: int, body: Any) -> None:
    response = decipher(status, body, X_Correlation_Id="spec")
    assert response.data == body
    assert response.correlation_id == "spec"
    meta = body.get("meta", {}).get("pagination") if isinstance(body, dict) else None
    if meta is None:
        assert response.pagination is None
    else:
        assert response.pagination == Pagination(**meta)


def test_spec_has_the_examples_replayed() -> None:
    names = {param.id for param in spec_success_examples()}
    assert "POST /servers 201 default" in names
    assert len(names) > 50
    assert any("meta" in str(param.values[1]) for param in spec_success_examples())


def test_spec_create_server_example() -> None:
    (param,) = [p for p in spec_success_examples() if p.id == "POST /servers 201 default"]
    response = decipher(201, param.values[1])
    assert response.data["server"]["id"] == 42
    assert response.data["action"]["command"] == "create_server"
    assert response.pagination is None


@pytest.mark.parametrize(("status", "body"), spec_error_examples())
def test_spec_error_example(status: int, body: dict[str, Any]) -> None:
    with pytest.raises(APIError) as caught:
        decipher(status, body)
    error = caught.value
    assert error.status == status
    assert error.code == body["error"]["code"]
    assert error.message == body["error"]["message"]
    assert error.details == body["error"]["details"]
    assert type(error) is not APIError


def test_spec_error_examples_found() -> None:
    codes = {param.id for param in spec_error_examples()}
    assert {"invalid_input", "uniqueness_error", "resource_limit_exceeded"} <= codes
    assert {"deprecated_api_endpoint", "unauthorized", "timeout"} <= codes


# What the wire cannot carry, redirects and the Robot webservice's meanings


def robot_error(status: int, code: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": "it failed", **extra}}


def robot_decipher(status: int, body: Any) -> Response:
    return decipher_response(status, {}, json.dumps(body).encode(), now=NOW, robot=True)


@pytest.mark.parametrize("status", [300, 301, 302, 303, 304, 307, 308])
@pytest.mark.parametrize("raw", [b"", b'{"server": {"id": 1}}', b"<html>moved</html>"])
def test_a_redirect_is_an_invalid_response_naming_the_location(status: int, raw: bytes) -> None:
    with pytest.raises(InvalidResponse, match=r"https://elsewhere\.example/v1") as caught:
        decipher(status, raw=raw, Location="https://elsewhere.example/v1")
    assert caught.value.status == status


def test_robot_rate_limit_waits_its_interval() -> None:
    body = robot_error(403, "RATE_LIMIT_EXCEEDED", max_request=200, interval=3600)
    with pytest.raises(RateLimitExceeded) as caught:
        robot_decipher(403, body)
    assert caught.value.retry_after == 3600
    assert "3600 s" in str(caught.value)


def test_robot_conflict_is_a_conflict_and_maintenance_a_server_error() -> None:
    with pytest.raises(ConflictError) as conflict:
        robot_decipher(409, robot_error(409, "CONFLICT"))
    with pytest.raises(ServiceUnavailableError) as maintenance:
        robot_decipher(503, robot_error(503, "MAINTENANCE"))
    assert conflict.value.code == "CONFLICT"
    assert isinstance(maintenance.value, ServerError)
    assert not isinstance(maintenance.value, ForbiddenError)


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (404, "SERVER_NOT_FOUND", NotFoundError),
        (400, "INVALID_INPUT", InvalidInputError),
        (401, "UNAUTHORIZED", AuthenticationError),
        (409, "RESET_MANUAL_ACTIVE", ConflictError),
        (500, "INTERNAL_ERROR", ServerError),
        (403, "FORBIDDEN", ForbiddenError),
    ],
)
def test_robot_codes_map_by_robot_meaning(status: int, code: str, cls: type[APIError]) -> None:
    with pytest.raises(APIError) as caught:
        robot_decipher(status, robot_error(status, code))
    assert type(caught.value) is cls


def test_robot_lists_in_a_query_use_brackets() -> None:
    request = build_request(
        ROBOT_CREDENTIALS, "GET", "/ip", params={"server_ip": ["1.2.3.4", "5.6.7.8"]}, user_agent=UA
    )
    assert parse_qsl(request.url.partition("?")[2]) == [
        ("server_ip[]", "1.2.3.4"),
        ("server_ip[]", "5.6.7.8"),
    ]
    assert request.robot


@pytest.mark.parametrize(
    "value", [{1, 2}, frozenset({1}), {"a": 1}, b"bytes", bytearray(b"x"), float("nan"), object()]
)
def test_query_values_without_a_faithful_text_are_refused(value: Any) -> None:
    with pytest.raises(InvalidArgumentError, match=r"name: a .* cannot be sent in a query"):
        encode_query({"name": value})
    with pytest.raises(InvalidArgumentError):
        encode_query({"name": [value]})


@pytest.mark.parametrize("value", [{1, 2}, b"bytes", float("inf"), object()])
def test_form_values_without_a_faithful_text_are_refused(value: Any) -> None:
    with pytest.raises(InvalidArgumentError, match=r"rules\[input\]\[0\]\[ip\]: .* form body"):
        encode_form({"rules": {"input": [{"ip": value}]}})


def test_json_bodies_refuse_nan_and_what_json_cannot_type() -> None:
    with pytest.raises(InvalidArgumentError, match=r"body\.a\[1\]\.b: a float that is not"):
        build_request(CLOUD, "POST", "/x", data={"a": [1, {"b": float("-inf")}]}, user_agent=UA)
    with pytest.raises(ValueError, match=r"body\.when: a datetime cannot be sent in JSON"):
        build_request(CLOUD, "POST", "/x", data={"when": datetime.now()}, user_agent=UA)


@pytest.mark.parametrize(
    "meta",
    [
        {"page": "1", "per_page": 25},
        {"page": 1, "per_page": 25, "next_page": "2"},
        {"page": True, "per_page": 25},
        {"page": 1, "per_page": None},
        [],
    ],
)
def test_pagination_that_is_not_page_numbers_is_none(meta: Any) -> None:
    assert Pagination.from_body({"meta": {"pagination": meta}}) is None


class Colour(str, enum.Enum):
    RED = "red"


class Size(enum.IntEnum):
    LARGE = 3


def test_enums_mixing_in_str_or_int_send_their_values() -> None:
    assert encode_query({"colour": Colour.RED, "size": [Size.LARGE]}) == [
        ("colour", "red"),
        ("size", "3"),
    ]
    assert encode_form({"rules": {"colour": Colour.RED, "size": Size.LARGE}}) == [
        ("rules[colour]", "red"),
        ("rules[size]", "3"),
    ]
