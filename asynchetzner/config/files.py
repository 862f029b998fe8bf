"""The INI config files: where they are, reading them, and what their sections may hold."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import ConfigurationError
from .families import FAMILIES
from .urls import is_http_url, redact_url

if TYPE_CHECKING:
    import configparser

# The keys each kind of section may hold.
DEFAULT_KEYS: tuple[str, ...] = ("endpoint",)  # [default]
URL_KEYS: tuple[str, ...] = ("token", "robot_user", "robot_password")  # [https://...]
FAMILY_KEYS: tuple[str, ...] = (*URL_KEYS, "url")  # [hetzner-cloud], [hetzner-api], [hetzner-robot]
_SECRET_KEYS = ("token", "robot_password")


class ConfigWarning(UserWarning):
    """Warn about a config file: an unknown section or key, or a broken file that was skipped."""


class InsecureConfigWarning(ConfigWarning):
    """Warn that a config file holding secrets is readable by others."""


@dataclass(frozen=True)
class ConfigFile:
    """A config file and its content; no parser when it is missing or broken (see problem)."""

    path: Path
    parser: configparser.ConfigParser | None
    insecure: bool = False
    problem: ConfigurationError | None = None


@dataclass(frozen=True)
class Typo:
    """An unknown section (key None) or key of a config file, and the names known there."""

    path: Path
    section: str
    key: str | None
    known: tuple[str, ...]

    @property
    def suggestion(self) -> str | None:
        """The known name closest to the unknown one, if any is close."""
        import difflib  # here: only a typo in a config file needs it

        close = difflib.get_close_matches((self.key or self.section).lower(), self.known, n=1)
        return close[0] if close else None

    def __str__(self) -> str:
        close = self.suggestion
        hint = f"did you mean {close!r}?" if close else f"known: {', '.join(self.known)}"
        section = f"[{redact_url(self.section)}]"
        if self.key is None:
            url = "" if close else " or an endpoint URL"
            return f"unknown section {section} of {self.path} ({hint}{url})"
        return f"unknown key {self.key!r} in {section} of {self.path} ({hint})"


_NO_SECTION = "\n"  # a section header cannot hold a line break


def home() -> Path | None:
    """Return the home directory, or None when there is none (no HOME, no passwd entry)."""
    try:
        return Path.home()
    except RuntimeError:
        return None


def config_files() -> list[Path]:
    """Return the INI cascade, highest priority first, resolved now.

    Without a home directory (no HOME and no passwd entry) the two home files are left out.
    """
    found = home()
    in_home = [] if found is None else [found / ".hetzner.conf", found / ".hetznerrc"]
    return [Path.cwd() / "hetzner.conf", *in_home, Path("/etc/hetzner.conf")]


def read_file(path: Path, *, required: bool) -> ConfigFile:
    """Read one config file; an optional one that is missing or broken gets no parser."""
    try:
        parsed = _parse_file(path)
    except ConfigurationError as problem:
        if required:
            raise
        return ConfigFile(path, None, problem=problem)
    if parsed is None:
        if required:
            raise ConfigurationError(f"Config file {path} not found.")
        return ConfigFile(path, None)
    parser, mode = parsed
    holds_secret = any(
        clean(parser.get(section, key, fallback=None)) is not None
        for section in parser.sections()
        for key in _SECRET_KEYS
    )
    return ConfigFile(path, parser, is_insecure(mode, holds_secret))


def is_insecure(mode: int, holds_secret: bool) -> bool:
    """Tell whether a file holding a secret can be read by group or others."""
    return os.name == "posix" and holds_secret and bool(mode & 0o077)


def clean(value: str | None) -> str | None:
    """Strip whitespace; map empty values to None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def read_text(path: Path) -> tuple[str, int] | None:
    """Read a UTF-8 config file (a byte-order mark is allowed); return its text and mode, or
    None when it does not exist."""
    try:
        with path.open("rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            data = handle.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigurationError(f"Cannot read config file {path}: {exc.strerror or exc}.") from exc
    try:
        return data.decode("utf-8-sig"), mode
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        # from None: the decoder's error quotes the file, which may hold secrets
        raise ConfigurationError(
            f"Cannot read config file {path}: not valid UTF-8 on line {line}."
        ) from None


def _parse_file(path: Path) -> tuple[configparser.ConfigParser, int] | None:
    """Parse a config file; return it with its mode, or None when it does not exist."""
    read = read_text(path)
    if read is None:
        return None
    text, mode = read
    import configparser  # here: a client given its token never parses a file

    # No section is configparser's special one: "[DEFAULT]" is a typo of "[default]" here.
    parser = configparser.ConfigParser(interpolation=None, default_section=_NO_SECTION)
    try:
        parser.read_file(io.StringIO(text, newline=None), source=str(path))
    except configparser.Error as exc:
        # from None: the parser's error quotes the file
        raise ConfigurationError(
            f"Cannot parse config file {path}: {_parse_error_reason(exc)}"
        ) from None
    return parser, mode


def _parse_error_reason(exc: configparser.Error) -> str:
    """Describe a parse error without quoting file lines, which may hold secrets."""
    import configparser

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


def typos(loaded: ConfigFile) -> list[Typo]:
    """Return the unknown sections and keys of a parsed config file."""
    parser = loaded.parser
    if parser is None:
        return []
    found = []
    for section in parser.sections():
        if section != "default" and section not in FAMILIES and not is_http_url(section):
            found.append(Typo(loaded.path, section, None, ("default", *FAMILIES)))
            continue
        if section == "default":
            known = DEFAULT_KEYS
        else:
            known = FAMILY_KEYS if section in FAMILIES else URL_KEYS
        for key in parser.options(section):
            if key not in known:
                found.append(Typo(loaded.path, section, key, known))
    return found
