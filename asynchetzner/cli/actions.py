"""``asynchetzner actions show|watch ACTION_ID…``: any actions by id, such as those a command
started with ``--no-wait``; ``watch`` (or ``show --watch``) draws their progress on stderr until
all have finished and exits 1 when any failed. ``--api hetzner-api`` reads the Storage Box API's
actions.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..client import Client
from ..config import FAMILIES
from ..config.families import CLOUD
from ..constants import ACTION_STATUS_ERROR
from ..exceptions import ActionFailed
from ..typed.actions import Action
from . import CommandError, connect, progress_stream, wants_json
from .output import models_table, print_json
from .progress import wait_with_progress

WITH_ACTIONS = [name for name, family in FAMILIES.items() if family.actions_path is not None]


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``actions show`` and ``actions watch``."""
    parser = commands.add_parser(
        "actions",
        help="show actions by id, or watch their progress until they finish",
        description="Commands on actions, by id (a command run with --no-wait prints them).",
    )
    subcommands = parser.add_subparsers(dest="operation", required=True, metavar="COMMAND")
    for name, run, summary in (
        ("show", show_actions, "show actions as they are now"),
        (
            "watch",
            watch_actions,
            "show the progress of actions until all have finished; exit 1 if any failed",
        ),
    ):
        command = subcommands.add_parser(name, parents=[common], help=summary, description=summary)
        command.add_argument("ids", metavar="ACTION_ID", type=action_id, nargs="+")
        command.add_argument(
            "--api",
            choices=WITH_ACTIONS,
            default=CLOUD,
            help=f"whose actions (default: {CLOUD}; hetzner-api for Storage Boxes)",
        )
        if name == "show":
            command.add_argument(
                "--watch", action="store_true", help="watch them instead (as actions watch)"
            )
        command.set_defaults(run=run)


def action_id(text: str) -> int:
    """Read an action id: a positive integer."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"an action id is a positive integer, not {text!r}")
    return int(text)


async def fetch(client: Client, args: argparse.Namespace) -> list[Action]:
    """The actions asked for, in the order given; an id the API does not know is an error."""
    found = {action.id: action for action in await client.actions.get_many(args.ids, args.api)}
    missing = [str(action_id) for action_id in args.ids if action_id not in found]
    if missing:
        raise CommandError(f"no action with id {', '.join(missing)} in the {args.api} API")
    return [found[action_id] for action_id in dict.fromkeys(args.ids)]


async def show_actions(args: argparse.Namespace) -> int:
    """Print the actions as they are now (with ``--watch``: once they have finished)."""
    if args.watch:
        return await watch_actions(args)
    async with connect(args) as client:
        actions = await fetch(client, args)
    print_actions(args, actions)
    return 0


async def watch_actions(args: argparse.Namespace) -> int:
    """Wait for the actions with progress on stderr, print them finished, and fail if any did."""
    async with connect(args) as client:
        actions = await fetch(client, args)
        label = f"action {actions[0].id}" if len(actions) == 1 else f"{len(actions)} actions"
        try:
            actions = await wait_with_progress(client, actions, progress_stream(args), label)
        except ActionFailed as failure:
            actions = failure.actions
    print_actions(args, actions)
    failed = [action for action in actions if action.status == ACTION_STATUS_ERROR]
    if failed:
        reasons = "; ".join(str(ActionFailed(action)) for action in failed)
        raise CommandError(f"{len(failed)} of {len(actions)} actions failed: {reasons}")
    return 0


def print_actions(args: argparse.Namespace, actions: list[Action]) -> None:
    """Print actions as JSON or a table."""
    if wants_json(args):
        print_json([action.data for action in actions], sys.stdout)
    else:
        print(models_table(Action, actions))
