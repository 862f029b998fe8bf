"""Check that a URL can serve as a base URL, and hide the password a URL may hold."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_http_url(value: str) -> bool:
    """Tell whether value is an absolute http(s) URL without spaces or control characters."""
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and value.isprintable()
        and " " not in value
    )


def url_problem(url: str, allow_plain_http: bool) -> str | None:
    """Say why an http(s) URL cannot be a base URL, or return None when it can."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return (
            "contains user info (user:password@); remove it and pass the credentials "
            "as token= or robot_user= and robot_password="
        )
    for mark, part in (("?", "a query"), ("#", "a fragment")):
        if mark in url:
            return f"has {part} ('{mark}...'); remove it, request paths are appended to the URL"
    if not parts.hostname:
        return "has no host"
    try:
        valid_port = parts.port != 0
    except ValueError:
        valid_port = False
    if not valid_port:
        return "has an invalid port; use a number from 1 to 65535"
    if parts.scheme == "http" and not allow_plain_http and not _is_loopback(parts.hostname):
        return (
            "uses plain http:// to a host that is not loopback, so the credentials would "
            "cross the network unencrypted; use https://, or pass allow_plain_http=True"
        )
    return None


def _is_loopback(host: str) -> bool:
    """Tell whether host is localhost, in 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redact_url(value: str) -> str:
    """Hide everything before the last '@' of a URL: user info may hold a password."""
    before, at, after = value.rpartition("@")
    if not at:
        return value
    scheme, separator, _ = before.partition("://")
    return f"{scheme}{separator}***@{after}" if separator else f"***@{after}"
