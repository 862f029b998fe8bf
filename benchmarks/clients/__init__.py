"""One module per client; each runs as its own process (``python -m benchmarks.clients.<name>``).

A client reads its job (a JSON object) on stdin and prints one JSON line of results on stdout.
"""

MODULES: dict[str, str] = {
    "aiohttp": "benchmarks.clients.raw_aiohttp",
    "asynchetzner": "benchmarks.clients.asynchetzner_client",
    "asynchetzner.sync": "benchmarks.clients.sync_client",
    "hcloud": "benchmarks.clients.hcloud_client",
}
"""Client name → module run with ``python -m``, in the order the table shows them."""
