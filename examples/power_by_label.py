"""Power on, power off, reboot or shut down every server matching a label selector, at once.

Servers already in the wanted state are skipped (``reboot`` acts on running servers only). Try
it first with ``--dry-run``::

    HCLOUD_TOKEN=... python examples/power_by_label.py --selector env=staging \\
        --action shutdown --dry-run

Against the simulator (``python -m asynchetzner.simulator --token demo`` elsewhere)::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo \\
        python examples/power_by_label.py --selector env=staging --action poweroff

``shutdown`` only asks the operating system to shut down: its action succeeds when the request
is delivered, and a server without ACPI support stays on. Exit status 0 when every server was
handled, 1 when one failed or the API refused (with ``error:`` lines on stderr).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable

from tabulate import tabulate

import asynchetzner
from asynchetzner import SERVER_STATUS_OFF, SERVER_STATUS_RUNNING, Action, Server

# action -> the Server method starting it
ACTIONS: dict[str, Callable[[Server], Awaitable[Action]]] = {
    "poweron": Server.power_on,
    "poweroff": Server.power_off,
    "shutdown": Server.shutdown,
    "reboot": Server.reboot,
}


def skip_reason(action: str, server: Server) -> str | None:
    """Why the action is not needed on this server, or ``None`` when it is."""
    if action == "poweron" and server.status == SERVER_STATUS_RUNNING:
        return "already running"
    if action in ("poweroff", "shutdown") and server.status == SERVER_STATUS_OFF:
        return "already off"
    if action == "reboot" and server.status != SERVER_STATUS_RUNNING:
        return f"not running ({server.status})"
    return None


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selector", required=True, help="label selector, e.g. env=staging")
    parser.add_argument("--action", required=True, choices=sorted(ACTIONS))
    parser.add_argument("--dry-run", action="store_true", help="only say what would be done")
    return parser.parse_args()


class Progress:
    """``on_progress`` for ``client.actions.wait``: a line whenever another action finishes.

    It also keeps the last state of every action, so that each server's outcome is known even
    when the wait raises ``ActionFailed`` for the first failure.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.latest: dict[int, Action] = {}

    def __call__(self, action: Action) -> None:
        before = self.finished
        self.latest[action.id] = action
        if self.finished > before:
            print(f"  {self.finished}/{self.total} actions finished")

    @property
    def finished(self) -> int:
        return sum(not action.running for action in self.latest.values())


async def start(server: Server, action: str) -> Action | asynchetzner.HetznerError:
    """Start the action on one server; an API refusal is returned, not raised."""
    try:
        return await ACTIONS[action](server)
    except asynchetzner.HetznerError as error:
        return error


def describe(result: Action | asynchetzner.HetznerError) -> str:
    """One server's outcome: the action's final status, or why it failed."""
    if isinstance(result, asynchetzner.HetznerError):
        return f"failed: {result}"
    if result.error:
        return f"failed: {result.error.get('message')} ({result.error.get('code')})"
    return f"{result.command}: {result.status}"


async def act(client: asynchetzner.Client, servers: list[Server], action: str) -> dict[int, str]:
    """Start the action on every server at once, wait for all, and say how each went."""
    started = await asyncio.gather(*(start(server, action) for server in servers))
    actions = [result for result in started if isinstance(result, Action)]
    progress = Progress(len(actions))
    with contextlib.suppress(asynchetzner.ActionFailed):  # each failure is reported below
        await client.actions.wait(actions, on_progress=progress)
    return {
        server.id: describe(
            progress.latest.get(result.id, result) if isinstance(result, Action) else result
        )
        for server, result in zip(servers, started, strict=True)
    }


async def main() -> int:
    args = parse_args()
    try:
        async with asynchetzner.Client(application_name="asynchetzner-power-example") as client:
            servers = await client.servers.get_all(label_selector=args.selector, sort="name")
            skipped = {s.id: skip_reason(args.action, s) for s in servers}
            todo = [s for s in servers if skipped[s.id] is None]
            print(f"{len(servers)} servers match {args.selector!r}; {args.action}: {len(todo)}")
            if args.dry_run:
                outcome = {s.id: f"would {args.action}" for s in todo}
            else:
                outcome = await act(client, todo, args.action)
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    outcome.update({i: f"skipped: {reason}" for i, reason in skipped.items() if reason})
    rows = [(s.name, s.status, outcome[s.id]) for s in servers]
    print(tabulate(rows, headers=("server", "status before", "outcome")))
    failed = [s.name for s in servers if outcome[s.id].startswith("failed")]
    if failed:
        print(f"error: {args.action} failed on {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
