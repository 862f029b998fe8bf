"""The wire protocol with no I/O: build a request, decipher a response.

Nothing here opens a socket or awaits, so every rule of the Hetzner wire format can be tested with
plain function calls (gidgethub's sans-I/O split). ``client.py`` is the thin aiohttp part.
"""

from __future__ import annotations

import base64
import json
import keyword
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parsedate_to_datetime
from typing import Any, NamedTuple
from urllib.parse import quote, urlencode

from .config import Credentials
from .decoding import TooDeep, decode_json
from .exceptions import (
    APIError,
    HetznerError,
    InvalidArgumentError,
    InvalidResponse,
    RateLimitExceeded,
    error_class,
)
from .ratelimit import RateLimit

JSON_CONTENT_TYPE = "application/json"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
CALL_OPTIONS = frozenset({"need_auth", "timeout", "family"})
_PATH_SAFE = "/%:@!$&'()*+,;=~"
_QUERY_SAFE = "=&%/:@!$'()*+,;?~"


@dataclass(frozen=True, slots=True)
class Request:
    """A request ready to send: the body is serialised once, and what is sent is what was built.

    ``url`` is ``base_url`` joined with ``path`` and the query. ``robot`` marks a request to the
    Robot webservice, whose answers have their own meanings.
    """

    method: str
    path: str
    url: str
    base_url: str
    headers: Mapping[str, str] = field(repr=False)
    body: bytes | None = field(default=None, repr=False)
    robot: bool = False


@dataclass(frozen=True, slots=True)
class Pagination:
    """``meta.pagination`` of a list answer; the optional pages are ``None`` at the ends."""

    page: int
    per_page: int
    previous_page: int | None
    next_page: int | None
    last_page: int | None
    total_entries: int | None

    @classmethod
    def from_body(cls, data: Any) -> Pagination | None:
        """Read ``meta.pagination`` from a decoded body; ``None`` when it has none or it is not
        made of page numbers."""
        try:
            meta = data["meta"]["pagination"]
            pagination = cls(
                page=meta["page"],
                per_page=meta["per_page"],
                previous_page=meta.get("previous_page"),
                next_page=meta.get("next_page"),
                last_page=meta.get("last_page"),
                total_entries=meta.get("total_entries"),
            )
        except (KeyError, TypeError, AttributeError):
            return None
        numbers = (pagination.page, pagination.per_page)
        optional = (pagination.previous_page, pagination.next_page, pagination.last_page)
        if all(_is_int(n) for n in numbers) and all(n is None or _is_int(n) for n in optional):
            return pagination
        return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Response(NamedTuple):
    """A deciphered success answer."""

    data: Any
    rate_limit: RateLimit | None
    pagination: Pagination | None
    correlation_id: str | None


def split_keywords(kwargs: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split verb keywords into API parameters and ``_option``s, un-escaping Python keywords.

    ``_from`` becomes the parameter ``from`` (any ``_`` + Python keyword does); ``_need_auth``,
    ``_timeout`` and ``_family`` are call options; any other leading underscore is a mistake and
    raises TypeError.
    """
    parameters: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for name, value in kwargs.items():
        if not name.startswith("_"):
            parameters[name] = value
            continue
        bare = name[1:]
        if keyword.iskeyword(bare):
            parameters[bare] = value
        elif bare in CALL_OPTIONS:
            options[bare] = value
        else:
            raise TypeError(
                f"unknown call option {name!r}: options are "
                f"{', '.join('_' + o for o in sorted(CALL_OPTIONS))}, and _<keyword> "
                f"passes a Python keyword such as _from as an API parameter"
            )
    return parameters, options


def _wire_text(value: Any, where: str, carrier: str) -> str:
    """One query or form value as text; a value the wire cannot carry faithfully is refused.

    Only text, integers, finite floats and booleans are sent: a set (unordered), a dict, bytes
    or any other object would arrive as a Python repr.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    # By the base type, so that an enum mixing in str or int sends its value, not its name.
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    raise _unsendable(where, value, carrier)


def _unsendable(where: str, value: Any, carrier: str) -> InvalidArgumentError:
    what = "a float that is not finite" if isinstance(value, float) else f"a {type(value).__name__}"
    return InvalidArgumentError(
        f"{where}: {what} cannot be sent in {carrier}; "
        "pass text, numbers, booleans, or a list of them"
    )


def encode_query(params: Mapping[str, Any], *, robot: bool = False) -> list[tuple[str, str]]:
    """Query pairs: booleans as ``true``/``false``, lists as repeated keys, ``None`` dropped.

    The Robot webservice (PHP) keeps only the last of repeated keys, so its lists go as ``key[]``.
    """
    pairs: list[tuple[str, str]] = []
    carrier = "a query string"
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            key = f"{name}[]" if robot else name
            pairs.extend(
                (key, _wire_text(item, name, carrier)) for item in value if item is not None
            )
        else:
            pairs.append((name, _wire_text(value, name, carrier)))
    return pairs


def encode_form(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Form pairs for the Robot webservice: ``key[]=`` for lists, ``key[sub]=`` for mappings."""
    pairs: list[tuple[str, str]] = []

    def add(name: str, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, Mapping):
            for sub, item in value.items():
                add(f"{name}[{sub}]", item)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                add(f"{name}[{index}]" if isinstance(item, Mapping) else f"{name}[]", item)
        else:
            pairs.append((name, _wire_text(value, name, "a form body")))

    for name, value in data.items():
        add(name, value)
    return pairs


def encode_json(data: Any) -> bytes:
    """A JSON body; NaN, infinities and objects JSON has no type for are refused."""
    try:
        return json.dumps(data, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        where, value = _first_unsendable(data, "body") or ("body", data)
        raise _unsendable(where, value, "JSON") from None


def _first_unsendable(value: Any, where: str) -> tuple[str, Any] | None:
    """Where the first value JSON cannot carry is (``body.labels.env``), and that value."""
    if isinstance(value, Mapping):
        places: Any = ((f"{where}.{key}", item) for key, item in value.items())
    elif isinstance(value, (list, tuple)):
        places = ((f"{where}[{index}]", item) for index, item in enumerate(value))
    else:
        finite = not isinstance(value, float) or math.isfinite(value)
        sendable = value is None or (isinstance(value, (str, int, float)) and finite)
        return None if sendable else (where, value)
    for place, item in places:
        found = _first_unsendable(item, place)
        if found is not None:
            return found
    return None


def quote_segment(value: str | int) -> str:
    """Quote one path segment built from user input (``/`` included)."""
    return quote(str(value), safe="")


def build_url(
    base_url: str, path: str, params: Mapping[str, Any] | None = None, *, robot: bool = False
) -> str:
    """Join base URL, path (characters unsafe in a path quoted) and query parameters."""
    path, _, query = path.partition("?")
    url = base_url + quote("/" + path.lstrip("/"), safe=_PATH_SAFE)
    query = quote(query, safe=_QUERY_SAFE)
    pairs = urlencode(encode_query(params, robot=robot), quote_via=quote) if params else ""
    if query and pairs:
        return f"{url}?{query}&{pairs}"
    if query or pairs:
        return f"{url}?{query or pairs}"
    return url


def build_request(
    credentials: Credentials,
    method: str,
    path: str,
    *,
    params: Mapping[str, Any] | None = None,
    data: Any = None,
    need_auth: bool = True,
    user_agent: str,
) -> Request:
    """Build the request: URL and query, auth header for the endpoint, JSON or form body."""
    headers = {"Accept": JSON_CONTENT_TYPE, "User-Agent": user_agent}
    basic = credentials.auth == "basic"
    if need_auth:
        if basic:
            pair = f"{credentials.robot_user}:{credentials.robot_password}".encode("latin-1")
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        else:
            headers["Authorization"] = f"Bearer {credentials.token}"
    body = None
    if data is not None:
        if basic:
            body = urlencode(encode_form(data)).encode("ascii")
            headers["Content-Type"] = FORM_CONTENT_TYPE
        else:
            body = encode_json(data)
            headers["Content-Type"] = JSON_CONTENT_TYPE
    method = method.upper()
    url = build_url(credentials.base_url, path, params, robot=basic)
    return Request(method, path, url, credentials.base_url, headers, body, robot=basic)


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Read ``Retry-After`` (seconds or an HTTP date) as seconds from ``now``."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # asctime dates carry no zone and mean GMT
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, moment.timestamp() - now)


def _excerpt(body: bytes, limit: int = 200) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[:limit] + "…"


def decipher_response(
    status: int, headers: Mapping[str, str], body: bytes, *, now: float, robot: bool = False
) -> Response:
    """Turn status, headers and body into a ``Response``, or raise the matching error.

    A 204 or empty body is ``None``. A redirect, or a body that is not JSON, raises
    ``InvalidResponse`` keeping the status. An error status raises the ``APIError`` subclass for
    its code (``error_class``), with the Robot webservice's meanings when ``robot``.
    """
    data = decipher_data(status, headers, body, now=now, robot=robot)
    return Response(
        data,
        RateLimit.from_headers(headers),
        Pagination.from_body(data),
        headers.get("X-Correlation-Id"),
    )


def decipher_data(
    status: int, headers: Mapping[str, str], body: bytes, *, now: float, robot: bool = False
) -> Any:
    """The ``data`` of ``decipher_response``, or its error, and nothing else: what a call
    returns, without reading the answer's rate limit and pagination."""
    if 300 <= status < 400:
        raise InvalidResponse(
            f"HTTP {status} redirects to {headers.get('Location') or 'no Location'}; a redirect "
            "is never followed (nothing is sent but to the configured endpoint), so the request "
            "had no effect: check the endpoint URL",
            status=status,
            correlation_id=headers.get("X-Correlation-Id"),
        )
    data: Any = None
    if body and not body.isspace():
        try:
            data = decode_json(body)
        except ValueError as exc:
            raise _undecoded(status, headers, body, exc, robot) from None
    if status >= 400:
        correlation_id = headers.get("X-Correlation-Id")
        raise _api_error(status, headers, data, correlation_id, now, robot)
    return data


def _undecoded(
    status: int, headers: Mapping[str, str], body: bytes, exc: ValueError, robot: bool
) -> HetznerError:
    """The error for an answer whose body is not JSON."""
    correlation_id = headers.get("X-Correlation-Id")
    content_type = headers.get("Content-Type", "no content type")
    if robot and status == 401:  # a failed login, whatever its body (Robot blocks at 3)
        return error_class(status, None, robot=True)(
            status,
            None,
            f"HTTP 401: the web-service credentials were refused ({content_type} answer)",
            None,
            correlation_id,
        )
    # A Robot answer may hold a boot password in any form (``/boot/1/rescue.yaml``): its text
    # is not repeated.
    shown = "its text not shown (Robot)" if robot else _excerpt(body)
    return InvalidResponse(
        f"HTTP {status} answer is not JSON ({content_type}, {len(body)} bytes; {exc}): {shown}",
        status=status,
        correlation_id=correlation_id,
        hostile=isinstance(exc, TooDeep),
    )


def _api_error(
    status: int,
    headers: Mapping[str, str],
    data: Any,
    correlation_id: str | None,
    now: float,
    robot: bool,
) -> APIError:
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        code = error.get("code")
        code = str(code) if code is not None else None
        message = str(error.get("message") or f"HTTP {status}")
        # The Robot webservice puts details (missing, invalid, max_request…) beside the code.
        extra = {k: v for k, v in error.items() if k not in ("status", "code", "message")}
        details = error.get("details", extra or None)
    else:
        code = None
        bare_message = data.get("message") if isinstance(data, dict) else None
        message = str(bare_message or error or f"HTTP {status}")
        details = None
    cls = error_class(status, code, robot=robot)
    if cls is RateLimitExceeded:
        rate_limit = RateLimit.from_headers(headers)
        retry_after = retry_after_seconds(headers.get("Retry-After"), now)
        if robot and retry_after is None and isinstance(error, dict):
            retry_after = _seconds(error.get("interval"))  # Robot's window, in seconds
        return RateLimitExceeded(
            status,
            code,
            message,
            details,
            correlation_id,
            retry_after=retry_after,
            reset=rate_limit.reset if rate_limit else None,
        )
    return cls(status, code, message, details, correlation_id)


def _seconds(value: Any) -> float | None:
    """A non-negative number of seconds from an answer, or ``None``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        return None
    return float(value)
