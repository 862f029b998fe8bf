"""``asynchetzner servers list|show|create``: the servers' own table, details and create options.

Every other servers command (``delete``, ``poweron``, ``rebuild``…) is generic (``kinds``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..constants import SERVER_STATUSES
from . import UsageError, connect, progress_stream, wants_json
from .output import print_json, server_details, servers_table
from .parameters import id_or_name, parse_labels
from .progress import wait_with_progress
from .targets import resolve, resolve_all


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``list``, ``show`` and ``create`` to the ``servers`` command."""
    listing = commands.add_parser("list", parents=[common], help="list servers")
    listing.add_argument("--selector", help="label selector, as in env=prod,tier!=db")
    listing.add_argument(
        "--status", action="extend", nargs="+", choices=SERVER_STATUSES, help="any of these"
    )
    listing.add_argument("--name", help="this exact name")
    listing.set_defaults(run=list_servers)

    show = commands.add_parser("show", parents=[common], help="show one server")
    show.add_argument("target", metavar="ID_OR_NAME")
    show.set_defaults(run=show_server)

    create = commands.add_parser(
        "create", parents=[common], help="create a server and wait until it runs"
    )
    create.add_argument("name", metavar="NAME")
    create.add_argument("--type", required=True, help="server type, as in cx23")
    create.add_argument("--image", required=True, help="image name or id, as in ubuntu-24.04")
    create.add_argument("--location", help="location, as in fsn1 (default: Hetzner chooses)")
    create.add_argument(
        "--ssh-key", action="append", default=[], metavar="KEY", help="SSH key name or id"
    )
    create.add_argument("--label", action="append", default=[], metavar="KEY=VALUE", help="a label")
    create.add_argument("--user-data-file", metavar="FILE", help="cloud-init user data")
    for flag, what in (
        ("--volume", "a volume to attach (name or id)"),
        ("--firewall", "a firewall to apply (name or id)"),
        ("--network", "a network to attach to (name or id)"),
    ):
        create.add_argument(flag, action="append", default=[], metavar="ID_OR_NAME", help=what)
    for version in ("ipv4", "ipv6"):
        addresses = create.add_mutually_exclusive_group()
        addresses.add_argument(
            f"--primary-{version}", metavar="ID_OR_NAME", help=f"an existing {version} primary IP"
        )
        addresses.add_argument(
            f"--without-{version}", action="store_true", help=f"no public {version}"
        )
    create.add_argument("--no-start", action="store_true", help="leave the server off")
    create.add_argument("--no-wait", action="store_true", help="print the action ids, not wait")
    create.set_defaults(run=create_server)


def read_user_data(path: str | None) -> str | None:
    """Read the cloud-init user data file, if one was given."""
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not valid UTF-8"
        raise UsageError(f"cannot read user data file {path}: {reason}") from None


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


async def show_server(args: argparse.Namespace) -> int:
    """Print one server."""
    async with connect(args) as client:
        server = await resolve(client.servers, args.target)
    if wants_json(args):
        print_json(server.data, sys.stdout)
    else:
        print(server_details(server))
    return 0


async def create_server(args: argparse.Namespace) -> int:
    """Create a server, wait until it is ready, and print it with its root password."""
    labels = parse_labels(args.label)
    user_data = read_user_data(args.user_data_file)
    async with connect(args) as client:
        public_net: dict[str, Any] = {}
        for version in ("ipv4", "ipv6"):
            named = getattr(args, f"primary_{version}")
            if named is not None:
                public_net[version] = (await resolve(client.primary_ips, named)).id
            if getattr(args, f"without_{version}"):
                public_net[f"enable_{version}"] = False
        result = await client.servers.create(
            name=args.name,
            server_type=id_or_name(args.type),
            image=id_or_name(args.image),
            location=id_or_name(args.location) if args.location is not None else None,
            ssh_keys=[id_or_name(key) for key in args.ssh_key],
            user_data=user_data,
            labels=labels or None,
            start_after_create=not args.no_start,
            volumes=await resolve_all(client.volumes, args.volume),
            firewalls=await resolve_all(client.firewalls, args.firewall),
            networks=await resolve_all(client.networks, args.network),
            public_net=public_net or None,
        )
        server = result.server
        actions = [result.action, *result.next_actions]
        if not args.no_wait:
            label = f"create {server.name}"
            actions = await wait_with_progress(client, actions, progress_stream(args), label)
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
