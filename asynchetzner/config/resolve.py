"""Resolve where requests go and with which credentials: the generic endpoint and each family."""

from __future__ import annotations

import copy
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..exceptions import ConfigurationError
from . import files as ini
from .families import CLOUD, DEFAULT_ENDPOINT, FAMILIES, Auth, Family
from .files import ConfigWarning, InsecureConfigWarning, clean, read_file, typos
from .hcloud_cli import read_cli_config
from .lookup import ENV_NAMES, URL_ENV_NAMES, Found, Lookup, Sources
from .urls import is_http_url, redact_url, url_problem

_ROBOT_KEYS = ("robot_user", "robot_password")
# A URL endpoint is also the base URL of the family its authentication belongs to.
_URL_FAMILY: dict[Auth, str] = {"bearer": CLOUD, "basic": "hetzner-robot"}


@dataclass(frozen=True)
class Credentials:
    """Where requests go and how they authenticate: for the endpoint, or for one family."""

    endpoint: str
    base_url: str
    auth: Auth
    token: str | None = field(default=None, repr=False)
    robot_user: str | None = None
    robot_password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Configuration:
    """The generic endpoint's credentials, and each family's base URL and credentials.

    A family that cannot be used holds the ``ConfigurationError`` saying what to set, raised by
    ``family()`` each time the family is used.
    """

    generic: Credentials
    base_urls: Mapping[str, str]
    families: Mapping[str, Credentials | ConfigurationError]

    def family(self, name: str) -> Credentials:
        """The credentials of the family ``name``, or its ``ConfigurationError``."""
        return _usable(self.families[name])


def resolve_configuration(
    *,
    endpoint: str | None = None,
    token: str | None = None,
    robot_user: str | None = None,
    robot_password: str | None = None,
    base_urls: Mapping[str, str] | None = None,
    config_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    allow_plain_http: bool = False,
) -> Configuration:
    """Resolve the endpoint, each family's base URL and credentials from arguments, environment
    and files.

    Raise ConfigurationError when the endpoint's credentials are missing, or any setting is
    invalid or contradictory; a family's missing credentials are raised when it is used.
    ``base_urls`` maps family names to base URLs. With ``allow_plain_http`` an ``http://`` URL
    may point at a host other than loopback.
    """
    sources = _read_sources(config_file, environ)
    found_typos = [typo for loaded in sources.files for typo in typos(loaded)]
    for loaded in sources.loaded:
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

    found_endpoint = sources.find(endpoint, "endpoint", ("default",), ENV_NAMES["endpoint"])
    if found_endpoint is None:
        for typo in found_typos:
            mistyped_key = typo.section == "default" and typo.key is not None
            if mistyped_key or (typo.key is None and typo.suggestion == "default"):
                raise ConfigurationError(
                    f"No endpoint is set, and there is an {typo}; fix it rather than "
                    f"fall back to {DEFAULT_ENDPOINT!r}."
                )
    name = DEFAULT_ENDPOINT if found_endpoint is None else found_endpoint.value
    url_endpoint = None
    if name not in FAMILIES:
        origin = "" if found_endpoint is None else f" (from {found_endpoint.origin})"
        if not is_http_url(name):
            raise ConfigurationError(
                f"Unknown endpoint {redact_url(name)!r}{origin}: use one of "
                f"{', '.join(FAMILIES)}, or an absolute http:// or https:// URL."
            )
        base_url = _checked_url(name, "Endpoint URL", origin, allow_plain_http)
        url_endpoint = _url_credentials(
            Lookup(name, (base_url,), sources), base_url, token, robot_user, robot_password
        )

    own_urls = _family_urls(base_urls or {}, sources, allow_plain_http)
    urls = {
        family.name: own_urls.get(family.name, family.default_url) for family in FAMILIES.values()
    }
    families: dict[str, Credentials | ConfigurationError] = {}
    if url_endpoint is not None:
        stands_for = _URL_FAMILY[url_endpoint.auth]
        if stands_for not in own_urls:
            urls[stands_for] = url_endpoint.base_url
            families[stands_for] = replace(url_endpoint, endpoint=stands_for)
    for family in FAMILIES.values():
        if family.name not in families:
            families[family.name] = _family_credentials(
                family, urls[family.name], sources, token, robot_user, robot_password
            )
    generic = url_endpoint or _usable(families[name])

    for loaded in sources.loaded:  # a broken file that the endpoint's lookups reached has raised
        if loaded.problem is not None:
            warnings.warn(
                ConfigWarning(f"{loaded.problem} Skipped it: every value was found before it."),
                stacklevel=2,
            )
    return Configuration(generic, urls, families)


def _read_sources(
    config_file: str | os.PathLike[str] | None, environ: Mapping[str, str] | None
) -> Sources:
    """Read the files: only ``config_file`` when given, else the environment's and the cascade's."""
    if config_file is not None:
        return Sources(None, [read_file(Path(config_file), required=True)])
    env = os.environ if environ is None else environ
    files = [read_file(path, required=False) for path in ini.config_files()]
    return Sources(env, files, read_cli_config(env))


def resolve_credentials(**arguments: Any) -> Credentials:
    """Resolve the generic endpoint's credentials: ``resolve_configuration(...).generic``."""
    return resolve_configuration(**arguments).generic


def _usable(credentials: Credentials | ConfigurationError) -> Credentials:
    """Return the credentials, or raise (a new copy of) the error that stands for them."""
    if isinstance(credentials, ConfigurationError):
        raise copy.copy(credentials) from credentials.__cause__
    return credentials


def _family_urls(
    arguments: Mapping[str, str], sources: Sources, allow_plain_http: bool
) -> dict[str, str]:
    """The base URLs set for families on their own: ``base_urls``, environment, ``url=``."""
    unknown = sorted(set(arguments) - set(FAMILIES))
    if unknown:
        raise ConfigurationError(
            f"Unknown API family {unknown[0]!r} in base_urls: use {', '.join(FAMILIES)}."
        )
    urls = {}
    for family in FAMILIES:
        argument = clean(arguments.get(family))
        if argument is not None:
            found: Found | None = Found(argument, f"argument base_urls[{family!r}]")
        else:
            found = sources.find(None, "url", (family,), URL_ENV_NAMES[family], required=False)
        if found is None:
            continue
        if found.value in FAMILIES:
            raise ConfigurationError(
                f"{found.origin} holds the endpoint name {found.value!r}, but it is the base URL "
                f"of {family}; to choose where generic calls go, set "
                f"ASYNCHETZNER_ENDPOINT={found.value} or pass endpoint={found.value!r}."
            )
        urls[family] = _checked_url(
            found.value, f"Base URL of {family}", f" (from {found.origin})", allow_plain_http
        )
    return urls


def _checked_url(url: str, what: str, origin: str, allow_plain_http: bool) -> str:
    """Return url without its trailing slash, or raise saying why it cannot be a base URL."""
    problem = (
        url_problem(url, allow_plain_http)
        if is_http_url(url)
        else "is not an absolute http:// or https:// URL"
    )
    if problem is not None:
        raise ConfigurationError(f"{what} {redact_url(url)!r}{origin} {problem}.")
    return url.rstrip("/")


def _family_credentials(
    family: Family,
    base_url: str,
    sources: Sources,
    token: str | None,
    robot_user: str | None,
    robot_password: str | None,
) -> Credentials | ConfigurationError:
    """Look up a family's credentials in its own section; return, not raise, the error saying
    what is missing: it is raised when the family is used."""
    try:
        if family.auth == "basic":
            lookup = Lookup(family.name, (family.name,), sources)
            return _robot_credentials(lookup, base_url, robot_user, robot_password)
        # One project token serves every bearer family; a family given its own token in its
        # section of a file (there is no variable for it) uses that one instead.
        sections = (family.name,) if family.name == CLOUD else (family.name, CLOUD)
        lookup = Lookup(family.name, sections, sources, uses_cli=True)
        if family.name != CLOUD:
            own = sources.find(None, "token", (family.name,), (), required=False)
            token = own.value if own is not None else token
        return _token_credentials(lookup, base_url, token)
    except ConfigurationError as error:
        return error


def _url_credentials(
    lookup: Lookup,
    base_url: str,
    token: str | None,
    robot_user: str | None,
    robot_password: str | None,
) -> Credentials:
    """Choose the authentication for a URL endpoint and look up its credentials."""
    has_robot_args = clean(robot_user) is not None or clean(robot_password) is not None
    if clean(token) is not None and has_robot_args:
        raise ConfigurationError(
            f"Pass either token= or robot_user= and robot_password= for "
            f"endpoint {lookup.endpoint!r}, not both: a URL endpoint uses one of them. To pass "
            "both, for their families, name the endpoint (such as endpoint='hetzner-cloud') and "
            "give its URL as base_urls={'hetzner-cloud': URL}."
        )
    if has_robot_args:
        return _robot_credentials(lookup, base_url, robot_user, robot_password)
    if clean(token) is not None or lookup.find(None, "token") is not None:
        return _token_credentials(lookup, base_url, token)
    if any(lookup.find(None, key) is not None for key in _ROBOT_KEYS):
        return _robot_credentials(lookup, base_url, robot_user, robot_password)
    raise lookup.missing(("token", *_ROBOT_KEYS), "token (or robot_user and robot_password)")


def _token_credentials(lookup: Lookup, base_url: str, token: str | None) -> Credentials:
    """Look up a token for bearer authentication."""
    found = lookup.find(token, "token")
    if found is None:
        raise lookup.missing(("token",), "token")
    _check_header_value("token", found)
    return Credentials(lookup.endpoint, base_url, "bearer", token=found.value)


def _robot_credentials(
    lookup: Lookup, base_url: str, robot_user: str | None, robot_password: str | None
) -> Credentials:
    """Look up a Robot web-service user and password for HTTP basic authentication."""
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
        lookup.endpoint,
        base_url,
        "basic",
        robot_user=found_user.value,
        robot_password=found_password.value,
    )


def _check_header_value(key: str, found: Found) -> None:
    """Raise if a credential cannot be sent in an HTTP header; never show it."""
    if any(ord(char) < 0x20 or ord(char) == 0x7F or ord(char) > 0xFF for char in found.value):
        raise ConfigurationError(
            f"{key} from {found.origin} contains characters not allowed in an "
            "HTTP header (control characters or non-Latin-1 characters)."
        )
