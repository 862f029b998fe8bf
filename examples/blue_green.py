"""Switch a Load Balancer from the blue servers to new green ones, blue/green style.

The Load Balancer reaches its servers by a label selector (``color=blue``). The script creates
as many green servers (``color=green``) in its location, waits for them, adds the selector
``color=green`` as a target, removes ``color=blue``, waits until every green server is healthy
on every service, then deletes the blue servers. If the green servers do not all become healthy
in time, blue comes back as the target and nothing is deleted::

    HCLOUD_TOKEN=... python examples/blue_green.py --load-balancer web \\
        --server-type cx23 --image ubuntu-24.04

Against the simulator (``python -m asynchetzner.simulator --token demo`` elsewhere)::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo \\
        python examples/blue_green.py --load-balancer web

Exit status 0 when green serves and blue is gone, 1 otherwise (with ``error:`` lines on stderr).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

import asynchetzner
from asynchetzner import LoadBalancer, Server


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load-balancer", required=True, help="its name")
    parser.add_argument("--label", default="color", help="the label telling colors (color)")
    parser.add_argument("--old", default="blue", help="the color served now (blue)")
    parser.add_argument("--new", default="green", help="the color to serve (green)")
    parser.add_argument("--server-type", default="cx23")
    parser.add_argument("--image", default="ubuntu-24.04")
    parser.add_argument("--attempts", type=int, default=60, help="health checks before giving up")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between them")
    return parser.parse_args()


def has_selector(lb: LoadBalancer, selector: str) -> bool:
    return any(
        (target.get("label_selector") or {}).get("selector") == selector for target in lb.targets
    )


async def create_servers(
    client: asynchetzner.Client, lb: LoadBalancer, count: int, args: argparse.Namespace
) -> list[Server]:
    """The new color's servers, created at once and waited for together."""
    results = await asyncio.gather(
        *(
            client.servers.create(
                f"{lb.name}-{args.new}-{number}",
                args.server_type,
                args.image,
                location=lb.location.name,
                labels={args.label: args.new},
            )
            for number in range(1, count + 1)
        )
    )
    actions = [action for result in results for action in (result.action, *result.next_actions)]
    with contextlib.suppress(asynchetzner.ActionFailed):  # the health check tells what failed
        await client.actions.wait(actions)
    return [result.server for result in results]


async def wait_healthy(lb: LoadBalancer, servers: list[Server], args: argparse.Namespace) -> bool:
    """Whether every server became healthy on every service within the attempts."""
    wanted = {server.id for server in servers}
    for attempt in range(args.attempts):
        health = (await lb.refresh()).health()
        if wanted <= set(health) and all(
            status == "healthy" for server_id in wanted for status in health[server_id].values()
        ):
            return True
        if attempt + 1 < args.attempts:
            await asyncio.sleep(args.interval)
    return False


async def switch(client: asynchetzner.Client, args: argparse.Namespace) -> int:
    lb = await client.load_balancers.get_by_name(args.load_balancer)
    if lb is None:
        print(f"error: no Load Balancer {args.load_balancer!r}", file=sys.stderr)
        return 1
    old, new = f"{args.label}={args.old}", f"{args.label}={args.new}"
    if not has_selector(lb, old):
        print(f"error: {lb.name} does not target {old!r}", file=sys.stderr)
        return 1
    old_servers = await client.servers.get_all(label_selector=old)
    count = max(len(old_servers), 1)
    print(f"{lb.name}: {len(old_servers)} servers match {old!r}; creating {count} {args.new}")
    new_servers = await create_servers(client, lb, count, args)
    await (await lb.add_target(label_selector=new)).wait()
    await (await lb.remove_target(label_selector=old)).wait()
    print(f"{lb.name}: now targets {new!r}")
    if not await wait_healthy(lb, new_servers, args):
        await (await lb.add_target(label_selector=old)).wait()
        await (await lb.remove_target(label_selector=new)).wait()
        print(f"error: the {args.new} servers are not healthy; back to {old!r}", file=sys.stderr)
        return 1
    deleting = [await client.servers.delete(server) for server in old_servers]
    await client.actions.wait([action for action in deleting if action is not None])
    print(f"{lb.name}: {len(new_servers)} {args.new} servers healthy; deleted {len(old_servers)}")
    return 0


async def main() -> int:
    args = parse_args()
    try:
        async with asynchetzner.Client(application_name="asynchetzner-blue-green") as client:
            return await switch(client, args)
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
