"""Resolve a client's endpoint and credentials from arguments, environment and files."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..exceptions import ConfigurationError
from . import files as ini
from .families import DEFAULT_ENDPOINT, ENDPOINTS, ROBOT_ENDPOINTS
from .files import (
    ConfigFile,
    ConfigWarning,
    InsecureConfigWarning,
    clean,
    home,
    read_file,
    typos,
)
from .urls import is_http_url, redact_url, url_problem

_ENV_NAMES: dict[str, tuple[str, ...]] = {
    "endpoint": ("HETZNER_ENDPOINT",),
    "token": ("HETZNER_TOKEN", "HCLOUD_TOKEN"),
    "robot_user": ("HETZNER_ROBOT_USER",),
    "robot_password": ("HETZNER_ROBOT_PASSWORD",),
}
_ROBOT_KEYS = ("robot_user", "robot_password")


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
class _Found:
    """Hold a looked-up value and a description of where it came from."""

    value: str
    origin: str


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
        files = [read_file(Path(config_file), required=True)]
        env: Mapping[str, str] | None = None
    else:
        files = [read_file(path, required=False) for path in ini.config_files()]
        env = os.environ if environ is None else environ
    found_typos = [typo for loaded in files for typo in typos(loaded)]
    for loaded in files:
        if loaded.insecure:
            warnings.warn(
                InsecureConfigWarning(
                    f"Config file {loaded.path} holds secrets but can be read "
                    f"by group or others; run: chmod 600 {loaded.path}"
                ),
                stacklevel=2,
            )
    for typo in found_typos:
        warnings.warn(ConfigWarning(f"Ignoring {typo}."), stacklevel=2)

    found_endpoint = _lookup(endpoint, "endpoint", ("default",), env, files)
    if found_endpoint is None:
        for typo in found_typos:
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
    has_robot_args = clean(robot_user) is not None or clean(robot_password) is not None
    has_token_arg = clean(token) is not None
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
    files: list[ConfigFile]

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
        if self.env is not None and home() is None:
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


def _lookup(
    argument: str | None,
    key: str,
    sections: tuple[str, ...],
    env: Mapping[str, str] | None,
    files: list[ConfigFile],
) -> _Found | None:
    """Return the first value of key from argument, environment, then files.

    Raise the error of a broken file when the search reaches it: it might hold the value.
    """
    value = clean(argument)
    if value is not None:
        return _Found(value, f"argument {key}=")
    if env is not None:
        for name in _ENV_NAMES[key]:
            value = clean(env.get(name))
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
            value = clean(loaded.parser.get(section, key, fallback=None))
            if value is not None:
                return _Found(value, f"{loaded.path} [{section}] {key}")
    return None


def _base_url(name: str, found: _Found | None, allow_plain_http: bool) -> str:
    """Return the base URL of a named or URL endpoint, or raise if it cannot be used."""
    if name in ENDPOINTS:
        return ENDPOINTS[name]
    origin = "" if found is None else f" (from {found.origin})"
    if not is_http_url(name):
        raise ConfigurationError(
            f"Unknown endpoint {redact_url(name)!r}{origin}: use one of "
            f"{', '.join(ENDPOINTS)}, or an absolute http:// or https:// URL."
        )
    problem = url_problem(name, allow_plain_http)
    if problem is not None:
        raise ConfigurationError(f"Endpoint URL {redact_url(name)!r}{origin} {problem}.")
    return name.rstrip("/")


def _check_header_value(key: str, found: _Found) -> None:
    """Raise if a credential cannot be sent in an HTTP header; never show it."""
    if any(ord(char) < 0x20 or ord(char) == 0x7F or ord(char) > 0xFF for char in found.value):
        raise ConfigurationError(
            f"{key} from {found.origin} contains characters not allowed in an "
            "HTTP header (control characters or non-Latin-1 characters)."
        )
