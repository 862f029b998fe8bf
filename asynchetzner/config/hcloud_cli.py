"""The token of the ``hcloud`` CLI's active context, from the CLI's config file ``cli.toml``.

``HCLOUD_CONFIG`` names the file (default ``~/.config/hcloud/cli.toml``). Its ``active_context``
names the context in use, which ``HCLOUD_CONTEXT`` overrides as it does for the CLI; each
context is a ``[[contexts]]`` table with a ``name`` and a ``token``::

    active_context = "work"

    [[contexts]]
    name = "work"
    token = "..."
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exceptions import ConfigurationError
from .files import clean, home, is_insecure, read_text


@dataclass(frozen=True)
class CliConfig:
    """The CLI's config file: its active context and that context's token, or why it cannot be
    read (``problem``)."""

    path: Path
    exists: bool = False
    context: str | None = None
    token: str | None = field(default=None, repr=False)
    insecure: bool = False
    problem: ConfigurationError | None = None

    def describe(self) -> str:
        """Where a token was looked for, for the missing-credentials message."""
        if not self.exists:
            return f"{self.path} (not found) token of the hcloud CLI's active context"
        if self.context is None:
            return f"{self.path} (exists) no active context"
        return f"{self.path} (exists) no token for context {self.context!r}"


def read_cli_config(env: Mapping[str, str]) -> CliConfig | None:
    """Read the CLI's config file; None when it has no path (no HCLOUD_CONFIG, no home)."""
    named = clean(env.get("HCLOUD_CONFIG"))
    found_home = None if named else home()
    if named is not None:
        path = Path(named)
    elif found_home is not None:
        path = found_home / ".config" / "hcloud" / "cli.toml"
    else:
        return None
    try:
        read = read_text(path)
        if read is None:
            return CliConfig(path)
        text, mode = read
        contexts, active = _parse(path, text)
    except ConfigurationError as problem:
        return CliConfig(path, exists=True, problem=problem)
    name = clean(env.get("HCLOUD_CONTEXT")) or active
    token = next((clean(c.get("token")) for c in contexts if c["name"] == name), None)
    holds_secret = any(clean(context.get("token")) for context in contexts)
    return CliConfig(path, True, name, token, is_insecure(mode, holds_secret))


def _parse(path: Path, text: str) -> tuple[list[dict[str, Any]], str | None]:
    """The contexts of a cli.toml and its active context, or a ConfigurationError that never
    quotes the file (it holds tokens)."""
    if sys.version_info >= (3, 11):  # imported here: most clients never read a cli.toml
        import tomllib
    else:
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f" on line {line.group(1)}" if line else ""
        raise ConfigurationError(f"Cannot parse config file {path}: invalid TOML{where}.") from None
    contexts = data.get("contexts", [])
    active = data.get("active_context")
    well_formed = (
        isinstance(contexts, list)
        and all(
            isinstance(context, dict)
            and isinstance(context.get("name"), str)
            and isinstance(context.get("token", ""), str)
            for context in contexts
        )
        and isinstance(active, (str, type(None)))
    )
    if not well_formed:
        raise ConfigurationError(
            f"Cannot parse config file {path}: not in the hcloud CLI's format "
            "(active_context, and [[contexts]] tables with a name and a token)."
        )
    return contexts, clean(active)
