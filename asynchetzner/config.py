"""Find the endpoint and credentials a client uses.

Each value (endpoint, token, robot_user, robot_password) is looked up on
its own; the first place that has it wins:

1. arguments passed to the client (``endpoint=``, ``token=``, ...);
2. environment variables:

   - ``HETZNER_ENDPOINT``
   - ``HETZNER_TOKEN`` (fallback: ``HCLOUD_TOKEN``, as used by the hcloud CLI)
   - ``HETZNER_ROBOT_USER`` and ``HETZNER_ROBOT_PASSWORD``

3. INI files, highest priority first (all existing ones are merged):

   - ``./hetzner.conf`` (current working directory)
   - ``~/.hetzner.conf``
   - ``~/.hetznerrc``
   - ``/etc/hetzner.conf``

Without any endpoint, ``hetzner-cloud`` is used. The ``[default]`` section
chooses the endpoint; a section named after the endpoint holds its
credentials::

    [default]
    ; hetzner-cloud, hetzner-api, hetzner-robot or a base URL
    endpoint=hetzner-cloud

    [hetzner-cloud]
    token=my-cloud-api-token

    [hetzner-robot]
    robot_user=#ws+XXXXXXX
    robot_password=my-webservice-password

An endpoint can be a full ``https://`` base URL; its section is named by the
URL (with or without a trailing slash). It uses HTTP basic auth when robot
credentials are passed as arguments, or are found and no token is; otherwise
a bearer token. Values are stripped; empty ones count as unset.

An endpoint URL is checked when the client resolves it (``await client.init()``):
it must not hold user info (``user:password@``: pass ``token=`` or the robot
credentials instead), a query (``?...``) or a fragment (``#...``), and its port
must be a number from 1 to 65535. Plain ``http://`` is allowed only to loopback
hosts (``localhost``, 127.0.0.0/8, ``::1``), such as the simulator; to any other
host the credentials would cross the network unencrypted, so the client must be
given ``allow_plain_http=True``.

Passing ``config_file=`` reads only that file and no environment. Files are
UTF-8 (a byte-order mark is allowed) and checked as they are read; a
:class:`ConfigWarning` names the file when:

- a section or key is unknown (``[default]`` holds ``endpoint``; endpoint
  sections hold ``token``, ``robot_user`` and ``robot_password``). It is
  ignored, and the warning suggests the closest known name. An unknown key in
  ``[default]`` is an error when no endpoint is set anywhere: a mistyped
  ``endpoint`` must not fall back to ``hetzner-cloud`` unnoticed.
- a file cannot be read or parsed, but every value was found before it in the
  cascade: it is skipped. When the search for a value reaches it, it is a
  :class:`ConfigurationError` naming the file and the line (never quoting it).
  A broken ``config_file=`` is always an error.
- a file holds secrets but group or others can read it: the warning is an
  :class:`InsecureConfigWarning` (a ``ConfigWarning``); run ``chmod 600``.

Without a home directory (no ``HOME`` and no passwd entry) the two home files
are skipped. Messages, warnings and reprs never show tokens or passwords.
"""

from __future__ import annotations

import configparser
import difflib
import io
import ipaddress
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from .exceptions import ConfigurationError

ENDPOINTS: dict[str, str] = {
    "hetzner-cloud": "https://api.hetzner.cloud/v1",
    "hetzner-api": "https://api.hetzner.com/v1",
    "hetzner-robot": "https://robot-ws.your-server.de",
}
ROBOT_ENDPOINTS = frozenset({"hetzner-robot"})
DEFAULT_ENDPOINT = "hetzner-cloud"

_ENV_NAMES: dict[str, tuple[str, ...]] = {
    "endpoint": ("HETZNER_ENDPOINT",),
    "token": ("HETZNER_TOKEN", "HCLOUD_TOKEN"),
    "robot_user": ("HETZNER_ROBOT_USER",),
    "robot_password": ("HETZNER_ROBOT_PASSWORD",),
}
_ROBOT_KEYS = ("robot_user", "robot_password")
_DEFAULT_KEYS = ("endpoint",)  # the keys [default] may hold
_ENDPOINT_KEYS = ("token", *_ROBOT_KEYS)  # the keys an endpoint section may hold
_SECRET_KEYS = ("token", "robot_password")


class ConfigWarning(UserWarning):
    """Warn about a config file: an unknown section or key, or a broken file that was skipped."""


class InsecureConfigWarning(ConfigWarning):
    """Warn that a config file holding secrets is readable by others."""


@dataclass(frozen=True)
class Credentials:
    """Hold the resolved endpoint and authentication of a client."""

    endpoint: str
    base_url: str
    auth: Literal["bearer", "basic"]
    token: str | None = field(default=None, repr=False)
    robot_user: str | None = None
    robot_password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class _ConfigFile:
    """A config file and its content; no parser when it is missing or broken (see problem)."""

    path: Path
    parser: configparser.ConfigParser | None
    insecure: bool = False
    problem: ConfigurationError | None = None


@dataclass(frozen=True)
class _Found:
    """Hold a looked-up value and a description of where it came from."""

    value: str
    origin: str


@dataclass(frozen=True)
class _Typo:
    """An unknown section (key None) or key of a config file, and the names known there."""

    path: Path
    section: str
    key: str | None
    known: tuple[str, ...]

    def __str__(self) -> str:
        close = difflib.get_close_matches((self.key or self.section).lower(), self.known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(self.known)}"
        section = f"[{redact_url(self.section)}]"
        if self.key is None:
            url = "" if close else " or an endpoint URL"
            return f"unknown section {section} of {self.path} ({hint}{url})"
        return f"unknown key {self.key!r} in {section} of {self.path} ({hint})"


def config_files() -> list[Path]:
    """Return the INI cascade, highest priority first, resolved now.

    Without a home directory (no HOME and no passwd entry) the two home files are left out.
    """
    home = _home()
    in_home = [] if home is None else [home / ".hetzner.conf", home / ".hetznerrc"]
    return [Path.cwd() / "hetzner.conf", *in_home, Path("/etc/hetzner.conf")]


def resolve_credentials(
    *,
    endpoint: str | None = None,
    token: str | None = None,
    robot_user: str | None = None,
    robot_password: str | None = None,
    config_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    allow_plain_http: bool = False,
) -> Credentials:
    """Resolve endpoint and credentials from arguments, environment and files.

    Raise ConfigurationError when they are missing, invalid or contradictory. With
    ``allow_plain_http`` an ``http://`` endpoint URL may point at a host other than loopback.
    """
    if config_file is not None:
        files = [_read_file(Path(config_file), required=True)]
        env: Mapping[str, str] | None = None
    else:
        files = [_read_file(path, required=False) for path in config_files()]
        env = os.environ if environ is None else environ
    typos = [typo for loaded in files for typo in _typos(loaded)]
    for loaded in files:
        if loaded.insecure:
            warnings.warn(
                InsecureConfigWarning(
                    f"Config file {loaded.path} holds secrets but can be read "
                    f"by group or others; run: chmod 600 {loaded.path}"
                ),
                stacklevel=2,
            )
    for typo in typos:
        warnings.warn(ConfigWarning(f"Ignoring {typo}."), stacklevel=2)

    found_endpoint = _lookup(endpoint, "endpoint", ("default",), env, files)
    if found_endpoint is None:
        for typo in typos:
            if typo.section == "default" and typo.key is not None:
                raise ConfigurationError(
                    f"No endpoint is set, and there is an {typo}; fix it rather than "
                    f"fall back to {DEFAULT_ENDPOINT!r}."
                )
    name = DEFAULT_ENDPOINT if found_endpoint is None else found_endpoint.value
    base_url = _base_url(name, found_endpoint, allow_plain_http)
    sections = (name,) if name in ENDPOINTS else (base_url, base_url + "/")
    credentials = _credentials(
        _Lookup(name, sections, env, files), base_url, token, robot_user, robot_password
    )
    for loaded in files:  # a broken file that a lookup reached has raised already
        if loaded.problem is not None:
            warnings.warn(
                ConfigWarning(f"{loaded.problem} Skipped it: every value was found before it."),
                stacklevel=2,
            )
    return credentials


def _credentials(
    lookup: _Lookup,
    base_url: str,
    token: str | None,
    robot_user: str | None,
    robot_password: str | None,
) -> Credentials:
    """Choose the authentication for an endpoint and look up its credentials."""
    name = lookup.endpoint
    has_robot_args = _clean(robot_user) is not None or _clean(robot_password) is not None
    has_token_arg = _clean(token) is not None
    if name in ROBOT_ENDPOINTS:
        if has_token_arg:
            raise ConfigurationError(
                f"Endpoint {name!r} uses robot_user and robot_password "
                "(HTTP basic auth), not a token; do not pass token=."
            )
        auth: Literal["bearer", "basic"] = "basic"
    elif name in ENDPOINTS:
        if has_robot_args:
            raise ConfigurationError(
                f"Endpoint {name!r} uses a token (bearer auth), not robot "
                "credentials; do not pass robot_user= or robot_password=."
            )
        auth = "bearer"
    elif has_token_arg and has_robot_args:
        raise ConfigurationError(
            f"Pass either token= or robot_user= and robot_password= for "
            f"endpoint {name!r}, not both."
        )
    elif has_robot_args:
        auth = "basic"
    elif has_token_arg or lookup.find(None, "token") is not None:
        auth = "bearer"
    elif any(lookup.find(None, key) is not None for key in _ROBOT_KEYS):
        auth = "basic"
    else:
        raise lookup.missing(("token", *_ROBOT_KEYS), "token (or robot_user and robot_password)")

    if auth == "bearer":
        found_token = lookup.find(token, "token")
        if found_token is None:
            raise lookup.missing(("token",), "token")
        _check_header_value("token", found_token)
        return Credentials(name, base_url, "bearer", token=found_token.value)

    found_user = lookup.find(robot_user, "robot_user")
    found_password = lookup.find(robot_password, "robot_password")
    if found_user is None or found_password is None:
        pair = {"robot_user": found_user, "robot_password": found_password}
        missing = tuple(key for key, found in pair.items() if found is None)
        note = "".join(
            f" ({key} found in {found.origin})" for key, found in pair.items() if found is not None
        )
        raise lookup.missing(missing, " and ".join(missing), note)
    _check_header_value("robot_user", found_user)
    _check_header_value("robot_password", found_password)
    if ":" in found_user.value:
        raise ConfigurationError(
            f"robot_user from {found_user.origin} contains ':', "
            "which HTTP basic auth does not allow."
        )
    return Credentials(
        name,
        base_url,
        "basic",
        robot_user=found_user.value,
        robot_password=found_password.value,
    )


@dataclass(frozen=True)
class _Lookup:
    """Look up credential values for one endpoint and describe the search."""

    endpoint: str
    sections: tuple[str, ...]
    env: Mapping[str, str] | None
    files: list[_ConfigFile]

    def find(self, argument: str | None, key: str) -> _Found | None:
        """Return the first value for key, or None when none is set."""
        return _lookup(argument, key, self.sections, self.env, self.files)

    def missing(self, keys: tuple[str, ...], what: str, note: str = "") -> ConfigurationError:
        """Build the error listing every place searched for keys."""
        places = ["argument " + ", ".join(f"{key}=" for key in keys)]
        if self.env is not None:
            names = [name for key in keys for name in _ENV_NAMES[key]]
            places.append("environment " + ", ".join(names))
        section_text = " or ".join(f"[{section}]" for section in self.sections)
        for loaded in self.files:
            state = "not found" if loaded.parser is None else "exists"
            places.append(f"{loaded.path} ({state}) {section_text} {', '.join(keys)}")
        if self.env is not None and _home() is None:
            places.append("~/.hetzner.conf and ~/.hetznerrc (skipped: no home directory)")
        fix = f"Pass {what} as {'an argument' if len(keys) == 1 else 'arguments'}"
        it = "it" if len(keys) == 1 else "them"
        if self.env is not None:
            envs = ", ".join(name for key in keys for name in _ENV_NAMES[key][:1])
            fix += f", set {envs}, or put {it} under [{self.sections[0]}] in a config file"
        else:
            fix += f" or put {it} under [{self.sections[0]}] in {self.files[0].path}"
        return ConfigurationError(
            f"No {what} for endpoint {self.endpoint!r}{note}. "
            f"Looked at: {'; '.join(places)}. {fix}."
        )


def _home() -> Path | None:
    """Return the home directory, or None when there is none (no HOME, no passwd entry)."""
    try:
        return Path.home()
    except RuntimeError:
        return None


def _clean(value: str | None) -> str | None:
    """Strip whitespace; map empty values to None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def _lookup(
    argument: str | None,
    key: str,
    sections: tuple[str, ...],
    env: Mapping[str, str] | None,
    files: list[_ConfigFile],
) -> _Found | None:
    """Return the first value of key from argument, environment, then files.

    Raise the error of a broken file when the search reaches it: it might hold the value.
    """
    value = _clean(argument)
    if value is not None:
        return _Found(value, f"argument {key}=")
    if env is not None:
        for name in _ENV_NAMES[key]:
            value = _clean(env.get(name))
            if value is not None:
                return _Found(value, f"environment {name}")
    for loaded in files:
        if loaded.problem is not None:
            raise ConfigurationError(
                f"{loaded.problem} It was needed: {key} was not found before it."
            ) from loaded.problem
        if loaded.parser is None:
            continue
        for section in sections:
            value = _clean(loaded.parser.get(section, key, fallback=None))
            if value is not None:
                return _Found(value, f"{loaded.path} [{section}] {key}")
    return None


def _read_file(path: Path, *, required: bool) -> _ConfigFile:
    """Read one config file; an optional one that is missing or broken gets no parser."""
    try:
        parsed = _parse_file(path)
    except ConfigurationError as problem:
        if required:
            raise
        return _ConfigFile(path, None, problem=problem)
    if parsed is None:
        if required:
            raise ConfigurationError(f"Config file {path} not found.")
        return _ConfigFile(path, None)
    parser, mode = parsed
    holds_secret = any(
        _clean(parser.get(section, key, fallback=None)) is not None
        for section in parser.sections()
        for key in _SECRET_KEYS
    )
    insecure = os.name == "posix" and holds_secret and bool(mode & 0o077)
    return _ConfigFile(path, parser, insecure)


def _parse_file(path: Path) -> tuple[configparser.ConfigParser, int] | None:
    """Parse a config file; return it with its mode, or None when it does not exist."""
    try:
        with path.open("rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            data = handle.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigurationError(f"Cannot read config file {path}: {exc.strerror or exc}.") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        # from None, here and below: the decoder's and the parser's errors quote the file
        raise ConfigurationError(
            f"Cannot read config file {path}: not valid UTF-8 on line {line}."
        ) from None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_file(io.StringIO(text, newline=None), source=str(path))
    except configparser.Error as exc:
        raise ConfigurationError(
            f"Cannot parse config file {path}: {_parse_error_reason(exc)}"
        ) from None
    return parser, mode


def _parse_error_reason(exc: configparser.Error) -> str:
    """Describe a parse error without quoting file lines, which may hold secrets."""
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"no [section] header before line {exc.lineno}."
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(lineno) for lineno, _ in exc.errors)
        return f"invalid syntax (expected key=value) on line {lines}."
    if isinstance(exc, configparser.DuplicateOptionError):
        section = redact_url(exc.section)
        return f"option {exc.option!r} in section {section!r} repeated on line {exc.lineno}."
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"section {redact_url(exc.section)!r} repeated on line {exc.lineno}."
    return exc.message


def _typos(loaded: _ConfigFile) -> list[_Typo]:
    """Return the unknown sections and keys of a parsed config file."""
    parser = loaded.parser
    if parser is None:
        return []
    typos = []
    for section in parser.sections():
        if section != "default" and section not in ENDPOINTS and not _is_http_url(section):
            typos.append(_Typo(loaded.path, section, None, ("default", *ENDPOINTS)))
            continue
        known = _DEFAULT_KEYS if section == "default" else _ENDPOINT_KEYS
        for key in parser.options(section):
            # configparser copies the keys of its [DEFAULT] section into every section
            if key not in known and key not in parser.defaults():
                typos.append(_Typo(loaded.path, section, key, known))
    return typos


def _base_url(name: str, found: _Found | None, allow_plain_http: bool) -> str:
    """Return the base URL of a named or URL endpoint, or raise if it cannot be used."""
    if name in ENDPOINTS:
        return ENDPOINTS[name]
    origin = "" if found is None else f" (from {found.origin})"
    if not _is_http_url(name):
        raise ConfigurationError(
            f"Unknown endpoint {redact_url(name)!r}{origin}: use one of "
            f"{', '.join(ENDPOINTS)}, or an absolute http:// or https:// URL."
        )
    problem = _url_problem(name, allow_plain_http)
    if problem is not None:
        raise ConfigurationError(f"Endpoint URL {redact_url(name)!r}{origin} {problem}.")
    return name.rstrip("/")


def _url_problem(url: str, allow_plain_http: bool) -> str | None:
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


def _is_http_url(value: str) -> bool:
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


def _check_header_value(key: str, found: _Found) -> None:
    """Raise if a credential cannot be sent in an HTTP header; never show it."""
    if any(ord(char) < 0x20 or ord(char) == 0x7F or ord(char) > 0xFF for char in found.value):
        raise ConfigurationError(
            f"{key} from {found.origin} contains characters not allowed in an "
            "HTTP header (control characters or non-Latin-1 characters)."
        )
