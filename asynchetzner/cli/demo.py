"""``asynchetzner demo``: the library at work on an embedded simulator, in about ten seconds.

It starts the Hetzner Cloud simulator on a free loopback port and, with the public API only,
creates servers concurrently, waits for their actions with a progress bar, lists them, power-cycles
half of them, deletes them all, and sums up what it cost.
"""

from __future__ import annotations

import asyncio
import time
from typing import TextIO

from ..polling import PollPolicy
from ..simulator import Simulator
from .output import servers_table
from .progress import wait_with_progress

# (server type, location) pairs the demo spreads its servers over.
PLACES = (("cx23", "fsn1"), ("cpx22", "nbg1"), ("cax11", "hel1"), ("cpx32", "ash"))
IMAGES = {"cax11": "debian-13"}


async def run_demo(out: TextIO, *, count: int = 20, action_seconds: float = 1.0) -> int:
    """Run the demo, writing to ``out``; the exit status."""
    started = time.monotonic()
    async with Simulator(action_seconds=action_seconds) as simulator:
        out.write(
            f"asynchetzner demo: a simulated Hetzner Cloud at {simulator.url}\n"
            "(in this process; no account, no network)\n\n"
        )
        async with simulator.client(application_name="asynchetzner-demo") as client:
            client.actions.poll = PollPolicy(interval=0.25, factor=1.25, max_interval=1.0)
            created = await asyncio.gather(
                *(
                    client.servers.create(
                        name=f"demo-{index:02d}",
                        server_type=PLACES[index % len(PLACES)][0],
                        location=PLACES[index % len(PLACES)][1],
                        image=IMAGES.get(PLACES[index % len(PLACES)][0], "ubuntu-24.04"),
                        labels={"app": "demo", "role": "web" if index % 2 else "db"},
                    )
                    for index in range(1, count + 1)
                )
            )
            startup = [a for result in created for a in (result.action, *result.next_actions)]
            await wait_with_progress(client, startup, out, f"creating {count} servers")

            servers = await client.servers.get_all(label_selector="app=demo")
            out.write("\n" + servers_table(sorted(servers, key=lambda s: s.id)) + "\n\n")

            web = [s for s in servers if s.labels.get("role") == "web"]
            stopping = await asyncio.gather(*(server.power_off() for server in web))
            await wait_with_progress(client, stopping, out, f"powering off {len(web)} web servers")
            starting = await asyncio.gather(*(server.power_on() for server in web))
            await wait_with_progress(client, starting, out, f"powering on {len(web)} web servers")

            deleting = await asyncio.gather(*(client.servers.delete(s) for s in servers))
            await wait_with_progress(
                client, [a for a in deleting if a], out, f"deleting {len(servers)} servers"
            )
            left = await client.servers.get_all(label_selector="app=demo")

            actions = len(startup) + len(stopping) + len(starting) + len(deleting)
            budget = client.rate_limit
            out.write(
                f"\ndone in {time.monotonic() - started:.1f} s: {len(servers)} servers, "
                f"{actions} actions, {client.requests_sent} requests sent, "
                f"{len(left)} servers left.\n"
            )
            if budget is not None:
                out.write(
                    f"rate-limit budget: {budget.limit - budget.remaining} of {budget.limit}/h "
                    f"used, {budget.remaining} left.\n"
                )
    return 0
