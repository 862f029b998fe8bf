"""The argparse wiring of ``asynchetzner`` and the one place that turns errors into exit statuses.

Exit statuses: 0 done, 1 an API, transport or action error, 2 a usage or configuration error,
130 interrupted. Errors end with an ``error: …`` line on stderr (the fields an API refused on
the lines after it); ``--debug`` adds the traceback and logs every request at DEBUG.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import traceback
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from .. import __version__
from ..exceptions import ConfigurationError, HetznerError
from ..simulator import __main__ as simulator_cli
from . import CommandError, UsageError, actions, generic, robot, servers, zones
from .demo import run_demo
from .errors import explain
from .kinds import add_kind_commands

INTERRUPTED = 130
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def add_global_options(cli: argparse.ArgumentParser, *, defaults: bool) -> None:
    """Add the options every API command takes; without ``defaults`` they only override."""

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    group = cli.add_argument_group("global options")
    group.add_argument(
        "--endpoint",
        default=default(None),
        help="where generic calls go: hetzner-cloud, hetzner-api, hetzner-robot or a base URL "
        "(default: ASYNCHETZNER_ENDPOINT, then config files, then hetzner-cloud, which "
        "HCLOUD_ENDPOINT moves as for the hcloud CLI)",
    )
    group.add_argument(
        "--token",
        default=default(None),
        help="API token; prefer HCLOUD_TOKEN or a config file, since others can read command lines",
    )
    group.add_argument(
        "--config",
        metavar="FILE",
        default=default(None),
        help="read endpoint and credentials from this file only (no environment)",
    )
    group.add_argument(
        "--output",
        choices=("json", "table"),
        default=default(None),
        help="how kind commands print (default: table); generic calls always print JSON",
    )
    group.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=default(False),
        help="say nothing on stderr but errors and warnings: no retries, waits or progress",
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help="log requests at DEBUG on stderr and show tracebacks",
    )


def positive_int(text: str) -> int:
    """Read a count of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def seconds(text: str) -> float:
    """Read a duration of zero seconds or more."""
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, not {text}")
    return value


def parser() -> argparse.ArgumentParser:
    """Build the command line."""
    cli = argparse.ArgumentParser(
        prog="asynchetzner",
        description="Talk to Hetzner's APIs from a shell. Credentials come from --token, "
        "HCLOUD_TOKEN (or HETZNER_TOKEN), or ./hetzner.conf, ~/.hetzner.conf, ~/.hetznerrc, "
        "/etc/hetzner.conf.",
    )
    add_global_options(cli, defaults=True)
    cli.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common, defaults=False)
    commands = cli.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="create, start and delete servers on a local simulator, showing progress",
        description="Run the demonstration against a simulator started for it.",
    )
    demo.add_argument("--count", type=positive_int, default=20, help="servers (default: 20)")
    demo.add_argument(
        "--action-seconds",
        type=seconds,
        default=1.0,
        help="how long each simulated action runs (default: 1)",
    )
    demo.set_defaults(run=run_demo_command)

    simulator = commands.add_parser(
        "simulator",
        parents=[simulator_cli.parser()],
        add_help=False,
        help="serve a simulated Hetzner Cloud API until Ctrl-C",
        description="Serve a simulated Hetzner Cloud API on loopback until Ctrl-C.",
    )
    simulator.set_defaults(run=serve_simulator)

    for method in ("get", "post", "put", "delete"):
        query = method in generic.QUERY_METHODS
        call = commands.add_parser(
            method,
            parents=[common],
            help=f"send {method.upper()} PATH and print the JSON answer",
            description=f"Send {method.upper()} PATH and print the JSON answer. The items form "
            f"the {'query string' if query else 'JSON body'}: key=value passes a string, "
            'key:=json a JSON value (labels:=\'{"env":"prod"}\', start_after_create:=false, '
            "id:=[1,2])."
            + (" Repeat a key for a list (status=running status=off)." if query else "")
            + " _from=x sends the parameter 'from'.",
        )
        call.add_argument("path", metavar="PATH", help="API path, as in /servers/42")
        call.add_argument("items", metavar="ITEM", nargs="*", help="key=value or key:=json")
        call.set_defaults(run=generic.call, method=method)

    add_kind_commands(
        commands, common, {"servers": servers.add_commands, "zones": zones.add_commands}
    )
    actions.add_commands(commands, common)
    robot.add_commands(commands, common)
    return cli


async def run_demo_command(args: argparse.Namespace) -> int:
    """Run the demonstration."""
    return await run_demo(sys.stdout, count=args.count, action_seconds=args.action_seconds)


async def serve_simulator(args: argparse.Namespace) -> int:
    """Serve the simulator with the options of ``python -m asynchetzner.simulator``."""
    try:
        simulator = simulator_cli.simulator_from(args)
    except ValueError as error:
        raise UsageError(str(error)) from None
    try:
        await simulator_cli.serve(simulator)
    except OSError as error:
        raise CommandError(f"cannot serve on {args.host}:{args.port}: {error.strerror}") from None
    return 0


@contextmanager
def debug_logging(enabled: bool) -> Iterator[None]:
    """Log the package at DEBUG on stderr while the command runs, when enabled; else nothing
    (not even the rate-limit warning Python's last-resort handler would print: the command
    says it in its own words)."""
    logger = logging.getLogger("asynchetzner")
    handler: logging.Handler = logging.NullHandler()
    if enabled:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
    level = logger.level
    logger.addHandler(handler)
    if enabled:
        logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def warnings_as_lines() -> Iterator[None]:
    """Show warnings (an insecure config file) as one ``warning: …`` line on stderr."""

    def show(message: Warning | str, *_: object, **__: object) -> None:
        print(f"warning: {message}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield


def fail(error: BaseException, message: str, status: int, debug: bool) -> int:
    """Report an error in one line on stderr (after its traceback with ``--debug``)."""
    if debug:
        traceback.print_exception(error)
    print(f"error: {message}", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status; bad usage exits 2 from argparse."""
    args = parser().parse_args(argv)
    with debug_logging(args.debug), warnings_as_lines():
        try:
            status: int = asyncio.run(args.run(args))
        except KeyboardInterrupt as interrupt:
            if args.command == "simulator":
                return 0  # Ctrl-C is how a served simulator stops
            return fail(interrupt, "interrupted", INTERRUPTED, args.debug)
        except CommandError as error:
            return fail(error, str(error), error.status, args.debug)
        except HetznerError as error:
            usage = isinstance(error, ConfigurationError)
            return fail(error, explain(error), 2 if usage else 1, args.debug)
    return status
