"""Look a value up through the cascade (argument, environment, files), and describe the search."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..exceptions import ConfigurationError, MissingCredentials
from .files import ConfigFile, clean, home
from .hcloud_cli import CliConfig
from .urls import is_http_url

ENV_NAMES: dict[str, tuple[str, ...]] = {
    "endpoint": ("ASYNCHETZNER_ENDPOINT",),
    "token": ("HETZNER_TOKEN", "HCLOUD_TOKEN"),
    "robot_user": ("HETZNER_ROBOT_USER",),
    "robot_password": ("HETZNER_ROBOT_PASSWORD",),
}
# The variables read for each family's base URL (the hcloud CLI's; Robot's is ours).
URL_ENV_NAMES: dict[str, tuple[str, ...]] = {
    "hetzner-cloud": ("HCLOUD_ENDPOINT",),
    "hetzner-api": ("HETZNER_ENDPOINT",),
    "hetzner-robot": ("HETZNER_ROBOT_URL",),
}


@dataclass(frozen=True)
class Found:
    """A looked-up value and a description of where it came from."""

    value: str
    origin: str


@dataclass(frozen=True)
class Sources:
    """The places after the arguments: the environment (None with ``config_file=``), the INI
    files, and the hcloud CLI's config file (None when not read)."""

    env: Mapping[str, str] | None
    files: list[ConfigFile]
    cli: CliConfig | None = None

    @property
    def loaded(self) -> list[ConfigFile | CliConfig]:
        """Every file read."""
        return [*self.files, *([self.cli] if self.cli else [])]

    def find(
        self,
        argument: str | None,
        key: str,
        sections: tuple[str, ...],
        env_names: tuple[str, ...],
        *,
        required: bool = True,
    ) -> Found | None:
        """Return the first value of key from argument, environment, then the sections in order,
        each through every file.

        Reaching a broken file raises its error, since it might hold the value; a value that is
        not ``required`` (it has a default) skips it instead.
        """
        value = clean(argument)
        if value is not None:
            return Found(value, f"argument {key}=")
        if self.env is not None:
            for name in env_names:
                value = clean(self.env.get(name))
                if value is not None:
                    return Found(value, f"environment {name}")
        for section in sections:
            for loaded in self.files:
                if loaded.problem is not None and required:
                    raise ConfigurationError(
                        f"{loaded.problem} It was needed: {key} was not found before it."
                    ) from loaded.problem
                if loaded.parser is None:
                    continue
                for name in _spellings(section):
                    value = clean(loaded.parser.get(name, key, fallback=None))
                    if value is not None:
                        return Found(value, f"{loaded.path} [{name}] {key}")
        return None

    def cli_token(self) -> Found | None:
        """The token of the hcloud CLI's active context; raise when its file is broken."""
        cli = self.cli
        if cli is not None and cli.problem is not None:
            raise ConfigurationError(
                f"{cli.problem} It was needed: token was not found before it."
            ) from cli.problem
        if cli is None or cli.token is None:
            return None
        return Found(cli.token, f"{cli.path} context {cli.context!r} token")


@dataclass(frozen=True)
class Lookup:
    """Look up the credentials of one endpoint or family, and describe the search.

    With ``uses_cli`` the last place of the token is the hcloud CLI's active context.
    """

    endpoint: str
    sections: tuple[str, ...]
    sources: Sources
    uses_cli: bool = False

    def find(self, argument: str | None, key: str) -> Found | None:
        """Return the first value for key, or None when none is set."""
        found = self.sources.find(argument, key, self.sections, ENV_NAMES[key])
        if found is None and key == "token" and self.uses_cli:
            return self.sources.cli_token()
        return found

    def missing(self, keys: tuple[str, ...], what: str, note: str = "") -> MissingCredentials:
        """Build the error listing every place searched for keys."""
        env = self.sources.env
        places = ["argument " + ", ".join(f"{key}=" for key in keys)]
        if env is not None:
            names = [name for key in keys for name in ENV_NAMES[key]]
            places.append("environment " + ", ".join(names))
        spellings = [name for section in self.sections for name in _spellings(section)]
        section_text = " or ".join(f"[{name}]" for name in spellings)
        for loaded in self.sources.files:
            state = "not found" if loaded.parser is None else "exists"
            places.append(f"{loaded.path} ({state}) {section_text} {', '.join(keys)}")
        if env is not None and home() is None:
            places.append("~/.hetzner.conf and ~/.hetznerrc (skipped: no home directory)")
        if env is not None and self.uses_cli and "token" in keys:
            cli = self.sources.cli
            if cli is None:
                places.append("~/.config/hcloud/cli.toml (skipped: no home directory)")
            else:
                places.append(cli.describe())
        fix = f"Pass {what} as {'an argument' if len(keys) == 1 else 'arguments'}"
        it = "it" if len(keys) == 1 else "them"
        if env is not None:
            envs = ", ".join(name for key in keys for name in ENV_NAMES[key][:1])
            fix += f", set {envs}, or put {it} under [{self.sections[0]}] in a config file"
        else:
            fix += f" or put {it} under [{self.sections[0]}] in {self.sources.files[0].path}"
        return MissingCredentials(
            f"No {what} for endpoint {self.endpoint!r}{note}. "
            f"Looked at: {'; '.join(places)}. {fix}.",
            keys,
            self.sections[0],
            None if env is not None else str(self.sources.files[0].path),
        )


def _spellings(section: str) -> tuple[str, ...]:
    """The section names that mean section: a URL's, with and without a trailing slash."""
    return (section, section + "/") if is_http_url(section) else (section,)
