"""Runs as client processes report them, made up, for the harness's pure parts."""

from __future__ import annotations

from typing import Any


def run(
    client: str,
    scenario: str = "b",
    size: int = 2000,
    transport: str = "http",
    **values: Any,
) -> dict[str, Any]:
    """One run's record; every measure 1 unless given."""
    record: dict[str, Any] = {
        "transport": transport,
        "scenario": scenario,
        "size": size,
        "client": client,
        "repeat": 0,
        "seconds": 1.0,
        "cpu_seconds": 1.0,
        "requests": 1,
        "items": size,
        "after_imports_kib": 1000,
        "held_rss_kib": 1000,
        "peak_rss_kib": 1000,
    }
    return {**record, **values}
