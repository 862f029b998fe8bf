"""Fixtures of the Hetzner API's typed tests: the Cloud kinds' (a spec-checked simulator, a
client of it that polls without waiting for real)."""

from ..cloud.conftest import checker, client, sim

__all__ = ["checker", "client", "sim"]
