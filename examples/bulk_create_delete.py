"""Create servers concurrently, wait for all their actions at once, and delete them again.

Every server is billed from the moment it exists, so against Hetzner keep ``--count`` small::

    HCLOUD_TOKEN=... python examples/bulk_create_delete.py --count 3 --label purpose=demo

Against the simulator (``python -m asynchetzner.simulator --token demo`` in another terminal),
a hundred servers cost nothing and show how few requests the waiting takes::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo \\
        python examples/bulk_create_delete.py --count 100

``--keep`` leaves the servers running. Exit status 0 on success; 1 with ``error:`` lines on stderr
when a server could not be created (those that were are still deleted unless ``--keep``).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable

from tabulate import tabulate

import asynchetzner
from asynchetzner import Action, CreateServerResult, Server


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3, help="how many servers (default: 3)")
    parser.add_argument("--prefix", default="bulk", help="name prefix: PREFIX-01, PREFIX-02…")
    parser.add_argument("--type", default="cx23", help="server type (default: cx23)")
    parser.add_argument("--image", default="ubuntu-24.04", help="image (default: ubuntu-24.04)")
    parser.add_argument("--location", help="location, e.g. fsn1 (default: Hetzner picks)")
    parser.add_argument(
        "--label", action="append", default=[], metavar="KEY=VALUE", help="label (repeatable)"
    )
    parser.add_argument("--keep", action="store_true", help="do not delete the servers")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be at least 1")
    if any("=" not in label for label in args.label):
        parser.error("--label takes KEY=VALUE")
    return args


def progress_printer(total: int, what: str) -> Callable[[Action], None]:
    """An ``on_progress`` callback printing a line at each quarter of the actions finished."""
    finished: set[int] = set()

    def report(action: Action) -> None:
        if action.running or action.id in finished:
            return
        finished.add(action.id)
        if len(finished) * 4 // total > (len(finished) - 1) * 4 // total:
            print(f"  {what}: {len(finished)}/{total} actions finished")

    return report


async def wait_all(client: asynchetzner.Client, actions: list[Action], what: str) -> None:
    """Wait for every action in one call: one poller asks for 25 actions a request."""
    await client.actions.wait(actions, on_progress=progress_printer(len(actions), what))


async def create_all(
    client: asynchetzner.Client, args: argparse.Namespace
) -> list[CreateServerResult]:
    """Send the create requests concurrently; report each refusal on stderr."""
    labels = dict(label.split("=", 1) for label in args.label)
    names = [f"{args.prefix}-{n:02d}" for n in range(1, args.count + 1)]
    print(f"creating {len(names)} servers ({args.type}, {args.image})")
    results = await asyncio.gather(
        *(
            client.servers.create(
                name=name,
                server_type=args.type,
                image=args.image,
                location=args.location,
                labels=labels or None,
            )
            for name in names
        ),
        return_exceptions=True,
    )
    created: list[CreateServerResult] = []
    for name, result in zip(names, results, strict=True):
        if isinstance(result, CreateServerResult):
            created.append(result)
        elif isinstance(result, asynchetzner.HetznerError):
            print(f"error: creating {name} failed: {result}", file=sys.stderr)
        else:
            raise result
    return created


async def delete_all(client: asynchetzner.Client, servers: list[Server]) -> None:
    """Delete the servers concurrently and wait for all of them."""
    print(f"deleting {len(servers)} servers")
    actions = await asyncio.gather(*(client.servers.delete(s, missing_ok=True) for s in servers))
    await wait_all(client, [a for a in actions if a is not None], "delete")


async def main() -> int:
    args = parse_args()
    started = time.perf_counter()
    servers: list[Server] = []
    try:
        async with asynchetzner.Client(application_name="asynchetzner-bulk-example") as client:
            created = await create_all(client, args)
            servers = [result.server for result in created]
            try:
                actions = [a for r in created for a in (r.action, *r.next_actions)]
                await wait_all(client, actions, "create")
                await asyncio.gather(*(server.refresh() for server in servers))  # now running
                rows = [(s.id, s.name, s.status, s.ipv4 or "-") for s in servers]
                print(tabulate(rows, headers=("id", "name", "status", "ipv4")))
            finally:
                if servers and not args.keep:
                    await delete_all(client, servers)
            print(
                f"{len(servers)} of {args.count} servers created"
                f"{', kept' if args.keep else ' and deleted'}; "
                f"{client.requests_sent} requests sent in {time.perf_counter() - started:.1f} s"
            )
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0 if len(servers) == args.count else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
