"""Reset a list of dedicated servers into the rescue system, concurrently, within Robot's limits.

For each server: activate the rescue system (with your SSH keys), then reset it, so it boots
into rescue now. Robot allows 50 resets an hour (``POST /reset``), so a list longer than what
is left of that is refused before anything is sent; ``--concurrency`` caps the requests in
flight. Passwords print only with ``--show-passwords`` (log in with your keys instead)::

    HETZNER_ROBOT_USER='#ws+XXXX' HETZNER_ROBOT_PASSWORD=... \\
        python examples/robot_rescue.py 321 421 --key aa:bb:... --reset hw

Against the simulator (``python -m asynchetzner.simulator`` prints the three variables)::

    HETZNER_ROBOT_URL=http://127.0.0.1:8081 HETZNER_ROBOT_USER='#ws+simulator' \\
        HETZNER_ROBOT_PASSWORD=... python examples/robot_rescue.py 321 421

Exit status 0 when every server was reset into rescue, 1 when one failed (each says why).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from tabulate import tabulate

import asynchetzner
from asynchetzner.robot import RESET_TYPES

RESETS_PER_HOUR = 50  # Robot's documented limit of POST /reset


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("servers", metavar="N", type=int, nargs="+", help="server numbers")
    parser.add_argument("--key", action="append", default=[], help="SSH key fingerprint")
    parser.add_argument("--reset", choices=RESET_TYPES, default="hw", help="(default: hw)")
    parser.add_argument("--concurrency", type=int, default=5, help="requests at once")
    parser.add_argument("--resets-left", type=int, default=RESETS_PER_HOUR, help=argparse.SUPPRESS)
    parser.add_argument("--show-passwords", action="store_true")
    return parser.parse_args()


async def rescue(
    client: asynchetzner.Client, number: int, args: argparse.Namespace, gate: asyncio.Semaphore
) -> list[str]:
    """Activate rescue on one server and reset it: its row of the report."""
    async with gate:
        try:
            activated = await client.robot.boot.activate_rescue(number, authorized_keys=args.key)
            await client.robot.reset.execute(number, args.reset)
        except asynchetzner.APIError as error:
            return [str(number), f"failed: {error.message} ({error.code})", ""]
    password = str(activated.password) if args.show_passwords else "(hidden)"
    return [str(number), f"rescue, {args.reset} reset sent", password]


async def main() -> int:
    args = parse_args()
    numbers = list(dict.fromkeys(args.servers))
    if len(numbers) > args.resets_left:
        print(
            f"error: {len(numbers)} servers but Robot allows {args.resets_left} resets an hour; "
            "split the list",
            file=sys.stderr,
        )
        return 1
    async with asynchetzner.Client("hetzner-robot") as client:
        resettable = {reset.server_number for reset in await client.robot.reset.list()}
        unknown = [n for n in numbers if n not in resettable]
        if unknown:
            print(f"error: no reset for server(s) {unknown} on this account", file=sys.stderr)
            return 1
        gate = asyncio.Semaphore(args.concurrency)
        rows = await asyncio.gather(*(rescue(client, n, args, gate) for n in numbers))
    print(tabulate(rows, headers=["server", "result", "password"]))
    failed = [row[0] for row in rows if row[1].startswith("failed")]
    for number in failed:
        print(f"error: server {number} was not reset into rescue", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
