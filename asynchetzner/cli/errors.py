"""What an error says on the command line: the API's field messages one a line, configuration
errors in the words of the command line's options, and missing credentials as what to do.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from ..exceptions import APIError, ConfigurationError, HetznerError, MissingCredentials

WIDTH = 79
PREFIX = "error: "  # what ``main`` writes before the message
# The library's words for its arguments, and the command line's for the same thing.
CLI_WORDS = (
    (re.compile(r"argument (endpoint|token)="), r"--\1"),
    (re.compile(r"pass endpoint='([^']*)'"), r"pass --endpoint \1"),
    (re.compile(r"as token= or robot_user= and robot_password="), "with --token"),
    (re.compile(r", or pass allow_plain_http=True"), ""),
)
ENVIRONMENT = {
    "token": "HCLOUD_TOKEN",
    "robot_user": "HETZNER_ROBOT_USER",
    "robot_password": "HETZNER_ROBOT_PASSWORD",
}


def explain(error: HetznerError) -> str:
    """The text after ``error:``: one line, then the lines that detail it."""
    if isinstance(error, MissingCredentials):
        return missing_credentials(error)
    if isinstance(error, ConfigurationError):
        return in_cli_words(str(error))
    if isinstance(error, APIError):
        return "\n".join([str(error), *detail_lines(error.details)])
    return str(error)


def in_cli_words(message: str) -> str:
    """A configuration message with the library's argument names as the command line's options."""
    for pattern, replacement in CLI_WORDS:
        message = pattern.sub(replacement, message)
    return message


def missing_credentials(error: MissingCredentials) -> str:
    """What to do when no credentials were found, wrapped to fit an 80-column terminal."""
    token = "token" in error.keys  # a URL endpoint takes a token or Robot's: say the token
    keys = ("token",) if token else error.keys
    what = "API token" if token else "Robot webservice user and password"
    setting = " and ".join(f"{key}=..." for key in keys)
    place = f"under [{error.section}]"
    if error.config_file is not None:
        text = f"no {what} in {error.config_file}: put {setting} {place} in it."
    else:
        variables = " and ".join(ENVIRONMENT[key] for key in keys)
        option = " pass --token," if token else ""
        text = (
            f"no {what} for {error.section}. Set {variables},{option} or put {setting} {place} "
            "in ~/.hetzner.conf. To try the simulator, run `asynchetzner simulator`: it prints "
            "the variables to set. --debug shows every place looked at."
        )
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=PREFIX,
        subsequent_indent="  ",
        break_long_words=False,  # paths and URLs stay whole
        break_on_hyphens=False,
    )
    return "\n".join(lines).removeprefix(PREFIX)


def detail_lines(details: Any) -> list[str]:
    """An error answer's details, a line each: ``  name: message`` for each message of each
    field (``invalid_input``), ``  name`` for a field without (``uniqueness_error``), and the
    Robot webservice's ``missing`` and ``invalid`` fields."""
    if not isinstance(details, dict):
        return []
    lines = []
    for field in details.get("fields") or []:
        if not isinstance(field, dict):
            continue
        name = field.get("name", "?")
        messages = field.get("messages") or []
        lines += [f"  {name}: {message}" for message in messages] if messages else [f"  {name}"]
    for key in ("missing", "invalid"):
        names = details.get(key)
        if isinstance(names, list) and names:
            lines.append(f"  {key}: {', '.join(str(name) for name in names)}")
    return lines
