"""Who am I: the endpoint, the rate-limit budget, and the project's servers.

Run it against Hetzner with a project token::

    HCLOUD_TOKEN=... python examples/quickstart.py

or against the simulator, started in another terminal with
``python -m asynchetzner.simulator --token demo``::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo python examples/quickstart.py

Exit status 0 on success; 1 with one ``error:`` line on stderr when the API refuses (a wrong
token, say) or the credentials are missing.
"""

from __future__ import annotations

import asyncio
import sys

from tabulate import tabulate

import asynchetzner


async def main() -> int:
    try:
        async with asynchetzner.Client(application_name="asynchetzner-quickstart") as client:
            servers = await client.servers.get_all(sort="name")
            print(f"endpoint:   {client.base_url}")
            budget = client.rate_limit
            if budget is not None:
                full = budget.reset_at.strftime("%Y-%m-%d %H:%M:%S UTC")
                print(f"rate limit: {budget.remaining} of {budget.limit} left (full at {full})")
            print(f"servers:    {len(servers)}")
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if servers:
        rows = [
            (s.id, s.name, s.status, s.server_type.name, s.location.name, s.ipv4 or "-")
            for s in servers
        ]
        headers = ("id", "name", "status", "type", "location", "ipv4")
        print()
        print(tabulate(rows, headers=headers))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
