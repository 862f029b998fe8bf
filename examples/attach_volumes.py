"""Give every server matching a label selector a new volume, attached to it, all at once.

Each server gets a volume named ``<server>-<suffix>`` in its own location, created for the
server so that Hetzner attaches it as soon as it exists; every volume is asked for at once, and
one ``client.actions.wait`` follows all their actions. A server whose volume name is taken
already is skipped, so running the script twice adds nothing::

    HCLOUD_TOKEN=... python examples/attach_volumes.py --selector role=db --size 50 \\
        --format ext4 --automount

Against the simulator (``python -m asynchetzner.simulator --token demo`` elsewhere)::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo \\
        python examples/attach_volumes.py --selector role=db

Exit status 0 when every matching server has its volume, 1 when one failed or the API refused
(with ``error:`` lines on stderr).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from tabulate import tabulate

import asynchetzner
from asynchetzner import CreateVolumeResult, Server


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selector", required=True, help="label selector, e.g. role=db")
    parser.add_argument("--size", type=int, default=10, help="GB, 10 to 10240 (default 10)")
    parser.add_argument("--suffix", default="data", help="volume name: <server>-<suffix>")
    parser.add_argument("--format", choices=("ext4", "xfs"), help="format the new volumes")
    parser.add_argument("--automount", action="store_true", help="mount them on the servers")
    return parser.parse_args()


async def create(
    client: asynchetzner.Client, server: Server, args: argparse.Namespace
) -> CreateVolumeResult | asynchetzner.HetznerError:
    """Ask for the server's volume; an API refusal is returned, not raised."""
    try:
        return await client.volumes.create(
            f"{server.name}-{args.suffix}",
            args.size,
            server=server,
            automount=args.automount or None,
            format=args.format,
        )
    except asynchetzner.HetznerError as error:
        return error


async def attach_all(
    client: asynchetzner.Client, servers: list[Server], args: argparse.Namespace
) -> dict[int, str]:
    """Create every server's volume at once, wait for all their actions, say how each went."""
    started = await asyncio.gather(*(create(client, server, args) for server in servers))
    actions = [
        action
        for result in started
        if isinstance(result, CreateVolumeResult)
        for action in (result.action, *result.next_actions)
    ]
    with contextlib.suppress(asynchetzner.ActionFailed):  # each failure is reported below
        await client.actions.wait(actions)
    outcome = {}
    for server, result in zip(servers, started, strict=True):
        if isinstance(result, asynchetzner.HetznerError):
            outcome[server.id] = f"failed: {result}"
            continue
        volume = await result.volume.refresh()
        attached = volume.server == server.id
        outcome[server.id] = (
            f"{volume.name} ({volume.size:g} GB) at {volume.linux_device}"
            if attached
            else f"failed: {volume.name} is not attached"
        )
    return outcome


async def main() -> int:
    args = parse_args()
    try:
        async with asynchetzner.Client(application_name="asynchetzner-volumes-example") as client:
            servers = await client.servers.get_all(label_selector=args.selector, sort="name")
            have = {volume.name for volume in await client.volumes.get_all()}
            todo = [s for s in servers if f"{s.name}-{args.suffix}" not in have]
            print(f"{len(servers)} servers match {args.selector!r}; new volumes: {len(todo)}")
            outcome = await attach_all(client, todo, args)
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    skipped = {s.id: f"skipped: {s.name}-{args.suffix} exists" for s in servers if s not in todo}
    outcome.update(skipped)
    print(tabulate([(s.name, outcome[s.id]) for s in servers], headers=("server", "volume")))
    failed = [s.name for s in servers if outcome[s.id].startswith("failed")]
    if failed:
        print(f"error: no volume for {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
