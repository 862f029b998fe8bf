"""Snapshot every server matching a label selector, and keep only the newest N snapshots of each.

Snapshots are labelled ``rotation=NAME``; only snapshots with that label, made from the servers
that match, are ever deleted, and a server whose new snapshot failed keeps all its old ones.
Snapshots are billed per GB and month. Run it from cron against Hetzner::

    HCLOUD_TOKEN=... python examples/snapshot_rotation.py --selector env=prod --keep 7

or against the simulator (``python -m asynchetzner.simulator --token demo`` elsewhere)::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo \\
        python examples/snapshot_rotation.py --selector env=staging --keep 2

Exit status 0 when every server got its snapshot and rotation; 1 otherwise, with ``error:``
lines on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import defaultdict
from datetime import datetime, timezone

import asynchetzner
from asynchetzner import Image, Server

EPOCH = datetime.fromtimestamp(0, timezone.utc)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selector", required=True, help="label selector, e.g. env=prod")
    parser.add_argument("--keep", type=int, default=3, help="snapshots kept per server (3)")
    parser.add_argument("--name", default="daily", help="rotation name, the label's value")
    args = parser.parse_args()
    if args.keep < 1:
        parser.error("--keep must be at least 1")
    return args


async def snapshot(server: Server, rotation: str) -> Image | None:
    """Snapshot one server and wait for it; ``None`` (and a message) when that fails."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        image, action = await server.create_image(
            description=f"{server.name} {rotation} {stamp}", labels={"rotation": rotation}
        )
        await action.wait()  # every waiting coroutine is served by the client's one poller
    except asynchetzner.HetznerError as error:
        print(f"error: snapshot of {server.name} failed: {error}", file=sys.stderr)
        return None
    print(f"{server.name}: created snapshot {image.id} ({image.description})")
    return image


async def rotate(
    client: asynchetzner.Client, servers: list[Server], rotation: str, keep: int
) -> int:
    """Delete all but the ``keep`` newest rotation snapshots of each server; the failures."""
    snapshots = await client.images.get_all(type="snapshot", label_selector=f"rotation={rotation}")
    by_server: dict[int, list[Image]] = defaultdict(list)
    for image in snapshots:
        if image.created_from:
            by_server[image.created_from["id"]].append(image)
    doomed: list[Image] = []
    for server in servers:
        # Newest first; ids grow with time and break ties within one second.
        mine = sorted(by_server[server.id], key=lambda i: (i.created or EPOCH, i.id), reverse=True)
        kept, old = mine[:keep], mine[keep:]
        print(f"{server.name}: keeping {', '.join(str(i.id) for i in kept) or 'none'}")
        doomed.extend(old)
    results = await asyncio.gather(
        *(client.images.delete(image, missing_ok=True) for image in doomed),
        return_exceptions=True,
    )
    failures = 0
    for image, result in zip(doomed, results, strict=True):
        source = (image.created_from or {}).get("name")
        if isinstance(result, asynchetzner.HetznerError):
            print(
                f"error: deleting snapshot {image.id} of {source} failed: {result}", file=sys.stderr
            )
            failures += 1
        elif isinstance(result, BaseException):
            raise result
        else:
            print(f"{source}: deleted snapshot {image.id} ({image.description})")
    return failures


async def main() -> int:
    args = parse_args()
    try:
        async with asynchetzner.Client(application_name="asynchetzner-snapshot-rotation") as client:
            servers = await client.servers.get_all(label_selector=args.selector, sort="name")
            print(f"{len(servers)} servers match {args.selector!r}")
            images = await asyncio.gather(*(snapshot(s, args.name) for s in servers))
            snapshotted = [s for s, image in zip(servers, images, strict=True) if image]
            failures = len(servers) - len(snapshotted)
            failures += await rotate(client, snapshotted, args.name, args.keep)
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
