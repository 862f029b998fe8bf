"""List the project's servers with the generic calls, following every page.

Run against Hetzner with a project token::

    HETZNER_TOKEN=... python examples/list_servers.py

or against any base URL (a local simulator, a proxy)::

    HETZNER_ENDPOINT=http://127.0.0.1:8080/v1 HETZNER_TOKEN=... python examples/list_servers.py
"""

from __future__ import annotations

import asyncio
import sys

from tabulate import tabulate

import asynchetzner


async def main() -> int:
    rows = []
    try:
        async with asynchetzner.Client(application_name="list-servers-example") as client:
            page: int | None = 1
            while page is not None:
                answer = await client.get("/servers", page=page, per_page=50)
                for server in answer["servers"]:
                    ipv4 = (server["public_net"].get("ipv4") or {}).get("ip", "-")
                    rows.append((server["id"], server["name"], server["status"], ipv4))
                page = answer["meta"]["pagination"]["next_page"]
            print(tabulate(rows, headers=("id", "name", "status", "ipv4")))
            print(f"\n{len(rows)} servers; rate limit: {client.rate_limit}")
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
