"""Benchmarks of asynchetzner against raw aiohttp and the official hcloud library.

Run ``python -m benchmarks`` from the repository root after ``pip install -e ".[bench]"``; see
``docs/benchmarks.rst``. This package imports nothing at load time, so each client process pays
only for its own library.
"""
