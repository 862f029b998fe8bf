"""Medians, ratios, memory growth and the targets of issue 16, from the runs.

A run is one client process's result (``clients.common.emit``) with its ``transport``,
``scenario``, ``size``, ``client`` and ``repeat``; or ``error``; or ``not_run`` (a size cap).
``summarise`` gives one row per (transport, scenario, size, client), medians over the runs;
``targets`` reads the targets from those rows, per transport.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

from .clients import MODULES
from .clients.common import ACTION_IDS_PER_REQUEST
from .scenarios import SCENARIOS

Run = dict[str, Any]
Row = dict[str, Any]
BASELINE = "aiohttp"
OFFICIAL = "hcloud"
SUBJECT = "asynchetzner"
TRANSPORTS = ("http", "https")


def median(values: Iterable[float | None]) -> float | None:
    """The median of the known values, ``None`` when there is none."""
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def ratio(value: float | None, reference: float | None) -> float | None:
    """``value / reference``, ``None`` when either is unknown or the reference is 0."""
    if value is None or not reference:
        return None
    return value / reference


def growth_per_1000(run: Run) -> float | None:
    """KiB the results take per 1,000 items held: (held RSS - RSS after imports) / items."""
    held, base, items = run.get("held_rss_kib"), run.get("after_imports_kib"), run.get("items")
    if held is None or base is None or not items:
        return None
    return float((held - base) / items * 1000)


def wait_requests(scenario: str, run: Run) -> int | None:
    """Scenarios c and f: the requests beyond one ``POST /servers`` per server (the waiting)."""
    if scenario not in ("c", "f"):
        return None
    return int(run["requests"]) - int(run["size"])


def poll_rounds(row: Row) -> float | None:
    """Scenarios c and f: the wait's requests over ``ceil(actions / 25)``, the requests of one
    round polling every action 25 ids at a time: as many as rounds if a client batches ids."""
    if row["wait_requests"] is None or not row["items"]:
        return None
    rounds: float = row["wait_requests"] / math.ceil(row["items"] / ACTION_IDS_PER_REQUEST)
    return rounds


def _headline(scenario: str, run: Run) -> float:
    return float(
        run["items"] / run["seconds"] if SCENARIOS[scenario].throughput else run["seconds"]
    )


def summarise(runs: Sequence[Run]) -> list[Row]:
    """One row per (transport, scenario, size, client) in the order they ran, clients in
    ``MODULES``'s order: medians, the headline's spread, memory, and the ratios."""
    keys: list[tuple[str, str, int]] = []
    for run in runs:
        key = (run["transport"], run["scenario"], run["size"])
        if key not in keys:
            keys.append(key)
    rows = [_row(runs, *key, client) for key in keys for client in MODULES]
    for row in rows:
        _add_ratios(row, rows)
    return rows


def _row(runs: Sequence[Run], transport: str, scenario: str, size: int, client: str) -> Row:
    mine = [
        r
        for r in runs
        if (r["transport"], r["scenario"], r["size"], r["client"])
        == (transport, scenario, size, client)
    ]
    ok = [r for r in mine if "error" not in r and "not_run" not in r]
    headline = [_headline(scenario, r) for r in ok]
    row: Row = {
        "transport": transport,
        "scenario": scenario,
        "size": size,
        "client": client,
        "runs": len(ok),
        "errors": sum("error" in r for r in mine),
        "not_run": next((r["not_run"] for r in mine if "not_run" in r), None),
        "seconds": median(r["seconds"] for r in ok),
        "seconds_max": max((r["seconds"] for r in ok), default=None),
        "cpu_seconds": median(r["cpu_seconds"] for r in ok),
        "requests": median(r["requests"] for r in ok),
        "items": median(r["items"] for r in ok),
        "throughput": median(r["items"] / r["seconds"] for r in ok),
        "headline": median(headline),
        "headline_min": min(headline, default=None),
        "headline_max": max(headline, default=None),
        "after_imports_kib": median(r.get("after_imports_kib") for r in ok),
        "peak_rss_kib": median(r.get("peak_rss_kib") for r in ok),
        "held_rss_kib": median(r.get("held_rss_kib") for r in ok),
        "growth_kib_per_1000": median(growth_per_1000(r) for r in ok),
        "wait_requests": median(wait_requests(scenario, r) for r in ok),
    }
    row["poll_rounds"] = poll_rounds(row)
    return row


def find(rows: Sequence[Row], transport: str, scenario: str, size: int, client: str) -> Row | None:
    """The row of one client at one size, if it is there."""
    for row in rows:
        if (row["transport"], row["scenario"], row["size"], row["client"]) == (
            transport,
            scenario,
            size,
            client,
        ):
            return row
    return None


def _add_ratios(row: Row, rows: Sequence[Row]) -> None:
    """``vs_aiohttp`` (throughput ratio in a, wall-time ratio elsewhere) and the ratios to
    hcloud of requests, peak RSS and growth per 1,000 items."""
    where = (row["transport"], row["scenario"], row["size"])
    baseline = find(rows, *where, BASELINE) or {}
    official = find(rows, *where, OFFICIAL) or {}
    row["vs_aiohttp"] = ratio(row["headline"], baseline.get("headline"))
    for name, field in (
        ("requests_vs_hcloud", "requests"),
        ("peak_vs_hcloud", "peak_rss_kib"),
        ("growth_vs_hcloud", "growth_kib_per_1000"),
    ):
        row[name] = ratio(row[field], official.get(field))


def check(
    transport: str, target: str, text: str, measured: float | None, threshold: float, at_least: bool
) -> dict[str, Any]:
    """One target: PASS (``passed`` true), FAIL, or ``None`` when it could not be measured."""
    passed = None
    if measured is not None:
        passed = measured >= threshold if at_least else measured <= threshold
    return {
        "transport": transport,
        "target": target,
        "description": text,
        "measured": measured,
        "threshold": threshold,
        "passed": passed,
    }


def _largest_shared(rows: Sequence[Row], transport: str, scenario: str) -> int | None:
    """The largest size of ``scenario`` where asynchetzner and hcloud both have results."""
    sizes = [
        row["size"]
        for row in rows
        if (row["transport"], row["scenario"], row["client"]) == (transport, scenario, OFFICIAL)
        and row["runs"]
        and (find(rows, transport, scenario, row["size"], SUBJECT) or {}).get("runs")
    ]
    return max(sizes, default=None)


def _value(rows: Sequence[Row], where: tuple[str, str, int | None], client: str, name: str) -> Any:
    transport, scenario, size = where
    row = None if size is None else find(rows, transport, scenario, size, client)
    return None if row is None else row[name]


def targets(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """Issue 16's targets for asynchetzner, per transport, for the scenarios that ran."""
    checks: list[dict[str, Any]] = []
    for transport in TRANSPORTS:
        ran = {row["scenario"] for row in rows if row["transport"] == transport}
        for scenario in sorted(ran):
            checks += _targets_of(rows, transport, scenario)
    return checks


def _targets_of(rows: Sequence[Row], transport: str, scenario: str) -> list[dict[str, Any]]:
    size = _largest_shared(rows, transport, scenario) if SCENARIOS[scenario].scale else None
    if size is None:
        size = max(
            (r["size"] for r in rows if (r["transport"], r["scenario"]) == (transport, scenario)),
            default=None,
        )
    where = (transport, scenario, size)
    label = scenario if not SCENARIOS[scenario].scale else f"{scenario} ({size})"

    def subject(name: str) -> Any:
        return _value(rows, where, SUBJECT, name)

    checks = []
    if scenario == "a":
        text = "throughput >= 0.95x raw aiohttp"
        checks.append(check(transport, label, text, subject("vs_aiohttp"), 0.95, True))
    if scenario == "b":
        text = "wall time <= 1.10x raw aiohttp"
        checks.append(check(transport, label, text, subject("vs_aiohttp"), 1.10, False))
        faster = ratio(_value(rows, where, OFFICIAL, "seconds"), subject("seconds"))
        checks.append(check(transport, label, ">= 6x faster than hcloud", faster, 6.0, True))
    if scenario == "c":
        text = "requests <= 0.20x hcloud's"
        checks.append(check(transport, label, text, subject("requests_vs_hcloud"), 0.20, False))
        spread = ratio(subject("seconds_max"), subject("seconds"))
        text = "slowest run <= 1.15x the median"
        checks.append(check(transport, label, text, spread, 1.15, False))
    if scenario in ("b", "e"):
        text = "growth per 1,000 servers held <= 0.5x hcloud's"
        checks.append(check(transport, label, text, subject("growth_vs_hcloud"), 0.5, False))
    if scenario in ("a", "b", "e"):
        text = "peak RSS <= hcloud's"
        checks.append(check(transport, label, text, subject("peak_vs_hcloud"), 1.0, False))
    if scenario == "f":
        checks.append(_linear_waits(rows, transport))
    return checks


def _linear_waits(rows: Sequence[Row], transport: str) -> dict[str, Any]:
    """f: the wait's requests grow like n/25 a round: the rounds they amount to (requests over
    ``ceil(actions / 25)``) at the largest size are at most 1.5x those at the smallest."""
    mine = sorted(
        (
            r
            for r in rows
            if (r["transport"], r["scenario"], r["client"]) == (transport, "f", SUBJECT)
        ),
        key=lambda r: r["size"],
    )
    measured = ratio(mine[-1]["poll_rounds"], mine[0]["poll_rounds"]) if len(mine) > 1 else None
    text = "waiting: requests per round grow like n/25 (rounds, largest/smallest size)"
    return check(transport, "f", text, measured, 1.5, False)


def import_costs(rows: Sequence[Row], bare_kib: float | None) -> list[dict[str, Any]]:
    """Per transport and client: the RSS after imports (median over every scenario) and its
    cost over a bare interpreter's ``bare_kib``."""
    costs = []
    for transport in TRANSPORTS:
        for client in MODULES:
            after = median(
                r["after_imports_kib"]
                for r in rows
                if (r["transport"], r["client"]) == (transport, client)
            )
            if after is None:
                continue
            costs.append(
                {
                    "transport": transport,
                    "client": client,
                    "after_imports_kib": after,
                    "import_cost_kib": None if bare_kib is None else after - bare_kib,
                }
            )
    return costs
