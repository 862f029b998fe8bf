"""``asynchetzner servers …``: list, show, create, delete, and power actions on several at once.

A target is a server id or name. Commands that start actions wait for all of them in one
``client.actions.wait`` with progress on stderr, unless ``--no-wait`` asks for the action ids.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from ..client import Client
from ..cloud.servers import Server
from ..exceptions import NotFoundError
from ..typed.actions import Action
from . import CommandError, UsageError, connect
from .output import actions_table, print_json, server_details, servers_table
from .progress import wait_with_progress

T = TypeVar("T")

# operation → (its help, the Server method that starts it)
ACTIONS: dict[str, tuple[str, Callable[[Server], Awaitable[Action]]]] = {
    "delete": ("delete servers", Server.delete),
    "poweron": ("start servers", Server.power_on),
    "poweroff": ("cut the power of servers", Server.power_off),
    "reboot": ("reboot servers (ACPI)", Server.reboot),
}


def id_or_name(text: str) -> int | str:
    """Read a command-line reference to a resource: digits are an id, anything else a name."""
    return int(text) if text.isascii() and text.isdecimal() else text


def parse_labels(items: Iterable[str]) -> dict[str, str]:
    """Read ``--label key=value`` items."""
    labels: dict[str, str] = {}
    for item in items:
        key, separator, value = item.partition("=")
        if not separator or not key:
            raise UsageError(f"malformed label {item!r}: expected key=value")
        labels[key] = value
    return labels


def read_user_data(path: str | None) -> str | None:
    """Read the cloud-init user data file, if one was given."""
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not valid UTF-8"
        raise UsageError(f"cannot read user data file {path}: {reason}") from None


async def gather_all(awaitables: Iterable[Awaitable[T]]) -> list[T]:
    """Await all concurrently; once every one has settled, raise the first failure."""
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    settled: list[T] = []
    for result in results:
        if isinstance(result, BaseException):
            raise result
        settled.append(result)
    return settled


async def resolve(client: Client, target: str) -> Server:
    """Find a server by id, or by name (an all-digit name too, when no server has that id)."""
    reference = id_or_name(target)
    if isinstance(reference, int):
        try:
            return await client.servers.get(reference)
        except NotFoundError:
            by_name = await client.servers.get_by_name(target)
            if by_name is None:
                raise
            return by_name
    server = await client.servers.get_by_name(target)
    if server is None:
        raise CommandError(f"no server named {target!r} (not_found)")
    return server


async def resolve_all(client: Client, targets: Sequence[str]) -> list[Server]:
    """Find every target concurrently, each server once, in the order given."""
    servers = await gather_all(resolve(client, target) for target in targets)
    return list({server.id: server for server in servers}.values())


async def wait(client: Client, actions: Sequence[Action], label: str) -> list[Action]:
    """Wait for the actions together, drawing their progress on stderr."""
    return await wait_with_progress(client, actions, sys.stderr, label)


def wants_json(args: argparse.Namespace) -> bool:
    """Whether ``--output json`` was asked for (tables are the default here)."""
    return bool(args.output == "json")


async def list_servers(args: argparse.Namespace) -> int:
    """Print the servers matching the filters."""
    async with connect(args) as client:
        servers = await client.servers.get_all(
            label_selector=args.selector, status=args.status, name=args.name
        )
    if wants_json(args):
        print_json([server.data for server in servers], sys.stdout)
    else:
        print(servers_table(servers))
    return 0


async def show(args: argparse.Namespace) -> int:
    """Print one server."""
    async with connect(args) as client:
        server = await resolve(client, args.target)
    if wants_json(args):
        print_json(server.data, sys.stdout)
    else:
        print(server_details(server))
    return 0


async def create(args: argparse.Namespace) -> int:
    """Create a server, wait until it is ready, and print it with its root password."""
    labels = parse_labels(args.label)
    user_data = read_user_data(args.user_data_file)
    async with connect(args) as client:
        result = await client.servers.create(
            name=args.name,
            server_type=id_or_name(args.type),
            image=id_or_name(args.image),
            location=id_or_name(args.location) if args.location is not None else None,
            ssh_keys=[id_or_name(key) for key in args.ssh_key],
            user_data=user_data,
            labels=labels or None,
            start_after_create=not args.no_start,
        )
        server = result.server
        actions = [result.action, *result.next_actions]
        if not args.no_wait:
            actions = await wait(client, actions, f"create {server.name}")
            await server.refresh()
    if wants_json(args):
        first, *following = actions
        answer = {
            "server": server.data,
            "action": first.data,
            "next_actions": [action.data for action in following],
            "root_password": result.root_password,
        }
        print_json(answer, sys.stdout)
        return 0
    extra: list[tuple[str, str]] = []
    if result.root_password:
        extra.append(("root password", result.root_password))
    if args.no_wait:
        extra.append(("actions", ", ".join(str(action.id) for action in actions)))
    print(server_details(server, extra))
    return 0


async def act(args: argparse.Namespace) -> int:
    """Start ``args.operation`` on every target at once and wait for all of them."""
    _, start = ACTIONS[args.operation]
    async with connect(args) as client:
        servers = await resolve_all(client, args.targets)
        actions = await gather_all(start(server) for server in servers)
        if not args.no_wait:
            label = servers[0].name if len(servers) == 1 else f"{len(servers)} servers"
            actions = await wait(client, actions, f"{args.operation} {label}")
    if wants_json(args):
        print_json([action.data for action in actions], sys.stdout)
    elif args.no_wait:
        print("\n".join(str(action.id) for action in actions))
    else:
        print(actions_table(zip(servers, actions, strict=True)))
    return 0
