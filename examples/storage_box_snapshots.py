"""Snapshot every Storage Box (or those matching a label selector) and keep the newest N
snapshots of each that this script made.

Snapshots are labelled ``rotation=NAME``; only snapshots with that label are ever deleted, so
snapshots made by hand or by a box's snapshot plan stay, and a box whose new snapshot failed
keeps all its old ones. Storage Boxes are the Hetzner API's (``api.hetzner.com``), with the
Cloud project's token. Run it nightly from cron against Hetzner::

    HCLOUD_TOKEN=... python examples/storage_box_snapshots.py --keep 7

or against the simulator (``python -m asynchetzner.simulator --token demo`` elsewhere)::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HETZNER_ENDPOINT=http://127.0.0.1:8080/hetzner/v1 \\
        HCLOUD_TOKEN=demo python examples/storage_box_snapshots.py --keep 2

Exit status 0 when every box got its snapshot and rotation; 1 otherwise, with ``error:`` lines
on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime, timezone

import asynchetzner
from asynchetzner import StorageBox, StorageBoxSnapshot

EPOCH = datetime.fromtimestamp(0, timezone.utc)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selector", help="label selector, e.g. env=prod (every box by default)")
    parser.add_argument("--keep", type=int, default=7, help="snapshots kept per box (7)")
    parser.add_argument("--name", default="nightly", help="rotation name, the label's value")
    args = parser.parse_args()
    if args.keep < 1:
        parser.error("--keep must be at least 1")
    return args


async def rotate(box: StorageBox, rotation: str, keep: int) -> int:
    """Snapshot one box, then delete its rotation snapshots but the ``keep`` newest; the
    failures."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        snapshot, action = await box.snapshots.create(
            description=f"{rotation} {stamp}", labels={"rotation": rotation}
        )
        await action.wait()  # every waiting coroutine is served by the client's one poller
    except asynchetzner.HetznerError as error:
        print(f"error: snapshot of {box.name} failed: {error}", file=sys.stderr)
        return 1
    print(f"{box.name}: created snapshot {snapshot.id}")
    mine = await box.snapshots.get_all(label_selector=f"rotation={rotation}")
    # Newest first; ids grow with time and break ties within one second.
    mine.sort(key=lambda s: (s.created or EPOCH, s.id), reverse=True)
    kept, old = mine[:keep], mine[keep:]
    print(f"{box.name}: keeping {', '.join(str(s.id) for s in kept)}")
    failures = 0
    for doomed in old:  # one at a time: a box takes one action at a time
        try:
            await delete(box, doomed)
        except asynchetzner.HetznerError as error:
            print(
                f"error: deleting snapshot {doomed.id} of {box.name} failed: {error}",
                file=sys.stderr,
            )
            failures += 1
    return failures


async def delete(box: StorageBox, snapshot: StorageBoxSnapshot) -> None:
    action = await box.snapshots.delete(snapshot, missing_ok=True)
    if action is not None:
        await action.wait()
    print(f"{box.name}: deleted snapshot {snapshot.id}")


async def main() -> int:
    args = parse_args()
    filters = {"label_selector": args.selector} if args.selector else {}
    try:
        async with asynchetzner.Client(application_name="asynchetzner-box-snapshots") as client:
            boxes = await client.storage_boxes.get_all(sort="name", **filters)
            print(f"{len(boxes)} Storage Boxes")
            failures = await asyncio.gather(*(rotate(b, args.name, args.keep) for b in boxes))
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 1 if sum(failures) else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
