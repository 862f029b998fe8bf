"""``asynchetzner robot …``: the Robot webservice (dedicated servers) from a shell.

``robot servers list|show|rename``, ``robot reset N…``, ``robot rescue activate|deactivate N…``
(``--reset hw`` boots into it at once), ``robot wol N…``, ``robot failover list|switch`` and
``robot keys list``. Commands on several servers run concurrently. Credentials are the Robot
web-service user's (``HETZNER_ROBOT_USER``, ``HETZNER_ROBOT_PASSWORD`` or a config file);
rescue passwords print masked unless ``--show-password``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from ..client import Client
from ..exceptions import HetznerError
from ..robot import RESET_TYPES, FailoverIP, Rescue, RobotServer, RobotSSHKey
from ..typed.models import Model
from . import CommandError, UsageError, connect, wants_json
from .output import cell, details, models_table, plain, print_json, table

Run = Callable[[argparse.Namespace], Awaitable[int]]


def server_number(text: str) -> int:
    """A server number argument."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a server number: {text!r}")
    return int(text)


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``robot`` and its subcommands."""
    robot = commands.add_parser(
        "robot",
        help="dedicated servers (the Robot webservice)",
        description="Dedicated servers through the Robot webservice, with the web-service "
        "user's credentials (HETZNER_ROBOT_USER, HETZNER_ROBOT_PASSWORD or a config file). "
        "Commands on several servers run concurrently.",
    )
    areas = robot.add_subparsers(dest="area", required=True, metavar="AREA")

    def command(parent: Any, name: str, run: Run, text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=text)
        parser.set_defaults(run=run)
        return parser

    def servers_argument(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("servers", metavar="N", nargs="+", type=server_number)

    servers = areas.add_parser("servers", help="list, show and rename servers")
    actions = servers.add_subparsers(dest="action", required=True, metavar="ACTION")
    command(actions, "list", list_servers, "list the dedicated servers")
    show = command(actions, "show", show_server, "show one server")
    show.add_argument("server", metavar="N", type=server_number)
    rename = command(actions, "rename", rename_server, "rename one server")
    rename.add_argument("server", metavar="N", type=server_number)
    rename.add_argument("name", metavar="NAME")

    reset = command(areas, "reset", reset_servers, "reset servers, concurrently")
    servers_argument(reset)
    reset.add_argument("--type", choices=RESET_TYPES, default="sw", help="(default: sw)")

    rescue = areas.add_parser("rescue", help="the rescue system")
    actions = rescue.add_subparsers(dest="action", required=True, metavar="ACTION")
    activate = command(actions, "activate", activate_rescue, "boot servers into rescue next")
    servers_argument(activate)
    activate.add_argument("--os", default="linux", help="rescue system (default: linux)")
    activate.add_argument("--key", action="append", default=[], help="SSH key fingerprint")
    activate.add_argument("--reset", choices=RESET_TYPES, help="and reset with this type now")
    activate.add_argument("--show-password", action="store_true", help="print the passwords")
    deactivate = command(actions, "deactivate", deactivate_rescue, "withdraw activations")
    servers_argument(deactivate)

    wol = command(areas, "wol", wake_servers, "send Wake-on-LAN packets")
    servers_argument(wol)

    failover = areas.add_parser("failover", help="failover IPs")
    actions = failover.add_subparsers(dest="action", required=True, metavar="ACTION")
    command(actions, "list", list_failover, "list failover IPs and where they are routed")
    switch = command(actions, "switch", switch_failover, "route a failover IP to a server")
    switch.add_argument("ip", metavar="IP")
    switch.add_argument("to", metavar="SERVER_IP_OR_N")

    keys = areas.add_parser("keys", help="SSH keys")
    actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    command(actions, "list", list_keys, "list the stored SSH keys")


def connect_robot(args: argparse.Namespace) -> AbstractAsyncContextManager[Client]:
    """A client whose endpoint is Robot unless ``--endpoint`` says otherwise."""
    return connect(args, "hetzner-robot")


def show(args: argparse.Namespace, value: Any, text: Callable[[], str]) -> int:
    """Print a result as JSON or as ``text()``."""
    if wants_json(args):
        print_json(plain(value), sys.stdout)
    else:
        print(text())
    return 0


async def list_servers(args: argparse.Namespace) -> int:
    async with connect_robot(args) as client:
        found = await client.robot.servers.list()
    return show(args, found, lambda: models_table(RobotServer, found))


async def show_server(args: argparse.Namespace) -> int:
    async with connect_robot(args) as client:
        found = await client.robot.servers.get(args.server)
    return show(args, found, lambda: details(found))


async def rename_server(args: argparse.Namespace) -> int:
    async with connect_robot(args) as client:
        found = await client.robot.servers.rename(args.server, args.name)
    return show(args, found, lambda: details(found))


async def each(
    args: argparse.Namespace, act: Callable[[Client, int], Awaitable[Model]]
) -> list[Model | HetznerError]:
    """Act on every server of ``args.servers`` concurrently: each one's result, or its error
    (one server's failure neither stops nor hides what was done to the others). A server named
    twice is acted on once: a second reset is no retry."""
    args.servers = list(dict.fromkeys(args.servers))
    async with connect_robot(args) as client:
        outcomes = await asyncio.gather(
            *(act(client, n) for n in args.servers), return_exceptions=True
        )
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, HetznerError):
            raise outcome
    return [outcome for outcome in outcomes if isinstance(outcome, (Model, HetznerError))]


def rows(args: argparse.Namespace, outcomes: Sequence[Model | HetznerError], *fields: str) -> int:
    """Print what was done to each server; then fail naming the servers that failed, if any."""
    found = [item for item in outcomes if isinstance(item, Model)]
    if found:
        show(
            args,
            found,
            lambda: table(
                [[item.id, *(cell(item.data.get(f)) for f in fields)] for item in found],
                ["server", *fields],
            ),
        )
    failed = [
        f"server {number}: {outcome}"
        for number, outcome in zip(args.servers, outcomes, strict=True)
        if isinstance(outcome, HetznerError)
    ]
    if failed:
        raise CommandError("; ".join(failed))
    return 0


async def reset_servers(args: argparse.Namespace) -> int:
    done = await each(args, lambda client, n: client.robot.reset.execute(n, args.type))
    return rows(args, done, "type")


async def activate_rescue(args: argparse.Namespace) -> int:
    if any(not key.strip() for key in args.key):
        raise UsageError("--key takes an SSH key fingerprint")

    async def activate(client: Client, number: int) -> Model:
        rescue: Rescue = await client.robot.boot.activate_rescue(
            number, args.os, authorized_keys=args.key
        )
        if args.reset:
            await client.robot.reset.execute(number, args.reset)
        if not args.show_password:
            rescue.data["password"] = "********" if rescue.password else None
        return rescue

    return rows(args, await each(args, activate), "os", "active", "password")


async def deactivate_rescue(args: argparse.Namespace) -> int:
    done = await each(args, lambda client, n: client.robot.boot.deactivate_rescue(n))
    return rows(args, done, "active")


async def wake_servers(args: argparse.Namespace) -> int:
    done = await each(args, lambda client, n: client.robot.wol.send(n))
    return rows(args, done, "server_ip")


async def list_failover(args: argparse.Namespace) -> int:
    async with connect_robot(args) as client:
        found = await client.robot.failover.list()
    return show(args, found, lambda: models_table(FailoverIP, found))


async def switch_failover(args: argparse.Namespace) -> int:
    to: str | int = int(args.to) if args.to.isdigit() else args.to
    async with connect_robot(args) as client:
        moved = await client.robot.failover.switch(args.ip, to)
    return show(args, moved, lambda: details(moved))


async def list_keys(args: argparse.Namespace) -> int:
    async with connect_robot(args) as client:
        found = await client.robot.keys.list()
    return show(args, found, lambda: models_table(RobotSSHKey, found))
