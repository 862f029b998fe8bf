"""Medians, ratios, targets, the table and the JSON file."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from typing import Any

from tabulate import tabulate

from .clients import MODULES
from .scenarios import SCENARIOS

Run = dict[str, Any]
BASELINE = "aiohttp"
OFFICIAL = "hcloud"
SUBJECT = "asynchetzner"


def _median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


def _ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or not reference:
        return None
    return value / reference


def medians(runs: Sequence[Run], scenarios: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per scenario and client: median seconds, CPU seconds, requests, RSS, throughput, and the
    spread of the headline metric."""
    table: dict[str, dict[str, Any]] = {}
    for key in scenarios:
        table[key] = {}
        for client in MODULES:
            ok = [
                r
                for r in runs
                if r["scenario"] == key and r["client"] == client and "error" not in r
            ]
            headline = [
                r["items"] / r["seconds"] if SCENARIOS[key].throughput else r["seconds"] for r in ok
            ]
            table[key][client] = {
                "runs": len(ok),
                "seconds": _median(r["seconds"] for r in ok),
                "cpu_seconds": _median(r["cpu_seconds"] for r in ok),
                "requests": _median(r["requests"] for r in ok),
                "rss_kib": _median(r["rss_kib"] for r in ok),
                "throughput": _median(r["items"] / r["seconds"] for r in ok),
                "headline_min": min(headline, default=None),
                "headline_max": max(headline, default=None),
            }
    return table


def ratios(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per scenario and client: ``vs_aiohttp`` (throughput ratio for a, wall-time ratio for the
    others), ``requests_vs_hcloud`` and ``rss_vs_hcloud``."""
    result: dict[str, dict[str, Any]] = {}
    for key, clients in table.items():
        metric = "throughput" if SCENARIOS[key].throughput else "seconds"
        result[key] = {
            client: {
                "vs_aiohttp": _ratio(row[metric], clients[BASELINE][metric]),
                "requests_vs_hcloud": _ratio(row["requests"], clients[OFFICIAL]["requests"]),
                "rss_vs_hcloud": _ratio(row["rss_kib"], clients[OFFICIAL]["rss_kib"]),
            }
            for client, row in clients.items()
        }
    return result


def _target(
    target: str, text: str, measured: float | None, threshold: float, at_least: bool
) -> dict[str, Any]:
    passed = None
    if measured is not None:
        passed = measured >= threshold if at_least else measured <= threshold
    return {
        "target": target,
        "description": text,
        "measured": measured,
        "threshold": threshold,
        "passed": passed,
    }


def targets(table: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The asynchetzner targets of the scenarios that ran."""
    checks: list[dict[str, Any]] = []
    if "a" in table:
        a = table["a"]
        measured = _ratio(a[SUBJECT]["throughput"], a[BASELINE]["throughput"])
        checks.append(_target("a", "throughput >= 0.85x raw aiohttp", measured, 0.85, True))
    if "b" in table:
        b = table["b"]
        measured = _ratio(b[SUBJECT]["seconds"], b[BASELINE]["seconds"])
        checks.append(_target("b", "wall time <= 1.3x raw aiohttp", measured, 1.3, False))
        measured = _ratio(b[OFFICIAL]["seconds"], b[SUBJECT]["seconds"])
        checks.append(_target("b", ">= 5x faster than hcloud", measured, 5.0, True))
    if "c" in table:
        c = table["c"]
        measured = _ratio(c[SUBJECT]["requests"], c[OFFICIAL]["requests"])
        checks.append(_target("c", "requests <= 1/4 of hcloud's", measured, 0.25, False))
    for key, clients in table.items():
        measured = _ratio(clients[SUBJECT]["rss_kib"], clients[OFFICIAL]["rss_kib"])
        checks.append(_target(f"d ({key})", "peak RSS <= hcloud's", measured, 1.0, False))
    return checks


def _number(value: float | None, form: str) -> str:
    return "-" if value is None else format(value, form)


def _headline(key: str, row: dict[str, Any]) -> tuple[str, str]:
    """The median headline metric, and its min-max over the runs."""
    throughput = SCENARIOS[key].throughput
    value = row["throughput"] if throughput else row["seconds"]
    form, unit = (".0f", " req/s") if throughput else (".2f", " s")
    spread = f"{_number(row['headline_min'], form)}-{_number(row['headline_max'], form)}"
    return _number(value, form) + unit, spread


def results_table(table: dict[str, dict[str, Any]], ratio: dict[str, dict[str, Any]]) -> str:
    """One row per scenario and client: medians, spread, and ratios."""
    rows = []
    for key, clients in table.items():
        for client, row in clients.items():
            headline, spread = _headline(key, row)
            versus = ratio[key][client]["vs_aiohttp"]
            rss = row["rss_kib"] / 1024 if row["rss_kib"] is not None else None
            rows.append(
                [
                    f"{key}: {SCENARIOS[key].title}",
                    client,
                    headline,
                    spread,
                    _number(row["cpu_seconds"], ".2f"),
                    _number(row["requests"], ".0f"),
                    _number(rss, ".1f"),
                    _number(versus, ".2f") + "x" if versus is not None else "-",
                    _number(ratio[key][client]["requests_vs_hcloud"], ".2f"),
                    _number(ratio[key][client]["rss_vs_hcloud"], ".2f"),
                    row["runs"],
                ]
            )
    headers = [
        "scenario",
        "client",
        "median",
        "min-max",
        "client CPU s",
        "requests",
        "peak RSS MiB",
        "vs aiohttp",
        "requests vs hcloud",
        "RSS vs hcloud",
        "runs",
    ]
    return tabulate(rows, headers=headers, disable_numparse=True)


def targets_table(checks: Sequence[dict[str, Any]]) -> str:
    """PASS or FAIL per target."""
    rows = [
        [
            check["target"],
            f"asynchetzner {check['description']}",
            _number(check["measured"], ".3f"),
            {True: "PASS", False: "FAIL", None: "n/a"}[check["passed"]],
        ]
        for check in checks
    ]
    return tabulate(rows, headers=["target", "goal", "measured ratio", "result"])


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return None


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    """Where the benchmarks ran."""
    return {
        "platform": platform.platform(),
        "python": sys.version,
        "python_implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "versions": {
            name: _version(name)
            for name in ("asynchetzner", "aiohttp", "orjson", "hcloud", "requests")
        },
    }
