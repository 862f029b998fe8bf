"""A bot that keeps every server matching a label selector running.

Every ``--interval`` seconds it powers on the matching servers that are ``off`` and waits for
them. When the API fails it backs off exponentially, up to ``--max-backoff`` seconds, and keeps
going. SIGINT (Ctrl-C) or SIGTERM stops it at once, also in the middle of a round (signal
handling as written is for Unix). Run it against Hetzner::

    HCLOUD_TOKEN=... python examples/keeper_bot.py --selector keep-running=yes --interval 60

or against the simulator (``python -m asynchetzner.simulator --token demo`` elsewhere)::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo \\
        python examples/keeper_bot.py --selector env=staging --interval 5

``--once`` runs one round and exits: 0 when it succeeded, 1 when it failed. Logs go to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import signal
import sys
from collections.abc import Awaitable
from typing import TypeVar

import asynchetzner
from asynchetzner import SERVER_STATUS_OFF, Action

log = logging.getLogger("keeper_bot")
T = TypeVar("T")
ACTION_TIMEOUT = 600.0  # seconds a round waits for its power-on actions


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selector", required=True, help="label selector, e.g. env=staging")
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between rounds")
    parser.add_argument(
        "--max-backoff", type=float, default=900.0, help="longest pause after errors (900 s)"
    )
    parser.add_argument("--once", action="store_true", help="run one round and exit")
    parser.add_argument("--verbose", action="store_true", help="also log every request")
    args = parser.parse_args()
    if args.interval <= 0:
        parser.error("--interval must be positive")
    return args


async def ensure_running(client: asynchetzner.Client, selector: str) -> tuple[int, int]:
    """One round: power on the matching servers that are off; (servers matching, powered on)."""
    servers = await client.servers.get_all(label_selector=selector)
    off = [server for server in servers if server.status == SERVER_STATUS_OFF]
    for server in off:
        log.info("%s (id %d) is off: powering it on", server.name, server.id)
    started = await asyncio.gather(*(server.power_on() for server in off), return_exceptions=True)
    actions: list[Action] = []
    errors: list[BaseException] = []
    for server, result in zip(off, started, strict=True):
        if isinstance(result, BaseException):
            log.warning("%s: power on refused: %s", server.name, result)
            errors.append(result)
        else:
            actions.append(result)
    await client.actions.wait(actions, timeout=ACTION_TIMEOUT)
    if errors:
        raise errors[0]
    return len(servers), len(actions)


async def unless_stopped(stop: asyncio.Event, work: Awaitable[T]) -> T | None:
    """Await ``work``; if ``stop`` is set first, cancel it and return ``None``."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for pending in (task, stopping):
            pending.cancel()  # does nothing to one that has finished
        await asyncio.gather(task, stopping, return_exceptions=True)
    return None if task.cancelled() else task.result()


async def stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    """Pause up to ``seconds``; ``True`` as soon as ``stop`` is set (rather than sleeping)."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        return False
    return True


async def keep_running(client: asynchetzner.Client, args: argparse.Namespace) -> int:
    """Run rounds until stopped (or once); the exit status."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def request_stop(signum: signal.Signals) -> None:
        log.info("%s received: stopping", signum.name)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, request_stop, signum)
    try:
        failures = completed = 0
        for round_number in itertools.count(1):
            try:
                result = await unless_stopped(stop, ensure_running(client, args.selector))
            except asynchetzner.HetznerError as error:
                if args.once:
                    log.error("round %d failed: %s", round_number, error)
                    return 1
                failures += 1
                completed += 1
                pause = min(
                    args.interval * 2 ** min(failures, 30), max(args.max_backoff, args.interval)
                )
                log.warning("round %d failed: %s; next round in %g s", round_number, error, pause)
            else:
                if result is None:
                    break  # stopped in the middle of the round
                failures = 0
                completed += 1
                pause = args.interval
                matching, powered_on = result
                log.info(
                    "round %d done: %d servers match %r, %d powered on",
                    round_number,
                    matching,
                    args.selector,
                    powered_on,
                )
                if args.once:
                    return 0
            if await stopped_within(stop, pause):
                break
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    log.info("stopped; %d rounds completed", completed)
    return 0


async def main() -> int:
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if args.verbose:
        logging.getLogger("asynchetzner").setLevel(logging.DEBUG)
    try:
        async with asynchetzner.Client(application_name="asynchetzner-keeper-bot") as client:
            return await keep_running(client, args)
    except asynchetzner.HetznerError as error:  # no credentials, say: not worth retrying
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
