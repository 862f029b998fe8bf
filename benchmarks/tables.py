"""The tables of a run, as text for the terminal (``fmt="simple"``) or reST for the docs
(``fmt="rst"``), from ``report``'s rows, one transport at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

from .report import Row
from .scenarios import SCENARIOS

MISSING = "n/a"
NOT_RUN = "not run"


def number(value: float | None, form: str, suffix: str = "") -> str:
    """``value`` formatted, ``n/a`` when unknown."""
    return MISSING if value is None else format(value, form) + suffix


def mib(kib: float | None) -> str:
    """KiB as MiB with one decimal."""
    return number(None if kib is None else kib / 1024, ".1f")


def headline(row: Row) -> tuple[str, str]:
    """The median headline metric (requests per second or seconds), and its min-max."""
    form, unit = (".0f", " req/s") if SCENARIOS[row["scenario"]].throughput else (".2f", " s")
    spread = f"{number(row['headline_min'], form)}-{number(row['headline_max'], form)}"
    if row["headline_min"] is None:
        spread = MISSING
    return number(row["headline"], form, unit), spread


def _of(rows: Sequence[Row], transport: str, scale: bool) -> list[Row]:
    return [
        r for r in rows if r["transport"] == transport and SCENARIOS[r["scenario"]].scale == scale
    ]


def _table(body: list[list[Any]], headers: list[str], fmt: str) -> str:
    return tabulate(body, headers=headers, tablefmt=fmt, disable_numparse=True) if body else ""


def results(rows: Sequence[Row], transport: str, fmt: str = "simple") -> str:
    """a, b, c: one row per scenario and client: medians, spread, and ratios."""
    body = []
    for row in _of(rows, transport, scale=False):
        value, spread = headline(row)
        scenario = SCENARIOS[row["scenario"]]
        body.append(
            [
                f"{row['scenario']}: {scenario.title} ({row['size']} {scenario.unit})",
                row["client"],
                value,
                spread,
                number(row["cpu_seconds"], ".2f"),
                number(row["requests"], ".0f"),
                mib(row["peak_rss_kib"]),
                number(row["vs_aiohttp"], ".2f", "x"),
                number(row["requests_vs_hcloud"], ".2f"),
                number(row["peak_vs_hcloud"], ".2f"),
                str(row["runs"]),
            ]
        )
    headers = [
        "scenario",
        "client",
        "median",
        "min-max",
        "CPU s",
        "requests",
        "peak RSS MiB",
        "vs aiohttp",
        "requests vs hcloud",
        "peak RSS vs hcloud",
        "runs",
    ]
    return _table(body, headers, fmt)


def scale(rows: Sequence[Row], transport: str, fmt: str = "simple") -> str:
    """e, f: one row per scenario, size and client: wall time, requests (f: those of the wait,
    and the rounds they amount to), memory."""
    body = []
    for row in _of(rows, transport, scale=True):
        first = [row["scenario"], f"{row['size']:,}", row["client"]]
        if row["not_run"] is not None:
            body.append([*first, NOT_RUN, *[""] * 7])
            continue
        body.append(
            [
                *first,
                number(row["seconds"], ".2f"),
                number(row["cpu_seconds"], ".2f"),
                number(row["requests"], ".0f"),
                number(row["wait_requests"], ".0f") if row["scenario"] == "f" else "",
                number(row["poll_rounds"], ".1f") if row["scenario"] == "f" else "",
                mib(row["peak_rss_kib"]),
                number(row["growth_kib_per_1000"], ".0f"),
                str(row["runs"]),
            ]
        )
    headers = [
        "scenario",
        "size",
        "client",
        "wall s",
        "CPU s",
        "requests",
        "of which waiting",
        "rounds",
        "peak RSS MiB",
        "KiB per 1,000 held",
        "runs",
    ]
    return _table(body, headers, fmt)


def not_run(rows: Sequence[Row], transport: str) -> list[str]:
    """One line per size a client skipped, with the reason."""
    return [
        f"{row['scenario']} at {row['size']:,}: {row['client']} not run: {row['not_run']}"
        for row in rows
        if row["transport"] == transport and row["not_run"] is not None
    ]


def memory(rows: Sequence[Row], transport: str, fmt: str = "simple") -> str:
    """Every scenario, size and client: RSS after imports, peak, while holding the results, and
    the growth per 1,000 items held, beside hcloud's."""
    body = [
        [
            row["scenario"],
            f"{row['size']:,}",
            row["client"],
            mib(row["after_imports_kib"]),
            mib(row["peak_rss_kib"]),
            mib(row["held_rss_kib"]),
            number(row["items"], ".0f"),
            number(row["growth_kib_per_1000"], ".0f"),
            number(row["growth_vs_hcloud"], ".2f"),
            number(row["peak_vs_hcloud"], ".2f"),
        ]
        for row in rows
        if row["transport"] == transport and row["runs"]
    ]
    headers = [
        "scenario",
        "size",
        "client",
        "after imports MiB",
        "peak MiB",
        "held MiB",
        "items held",
        "KiB per 1,000",
        "growth vs hcloud",
        "peak vs hcloud",
    ]
    return _table(body, headers, fmt)


def imports(costs: Sequence[dict[str, Any]], bare_kib: float | None, fmt: str = "simple") -> str:
    """Each client's RSS once imported and built, and what that costs over a bare Python."""
    body = [["bare python", "", mib(bare_kib), ""]]
    body += [
        [c["client"], c["transport"], mib(c["after_imports_kib"]), mib(c["import_cost_kib"])]
        for c in costs
    ]
    return _table(body, ["process", "transport", "RSS after imports MiB", "import cost MiB"], fmt)


def targets(checks: Sequence[dict[str, Any]], transport: str, fmt: str = "simple") -> str:
    """PASS or FAIL per target of one transport."""
    body = [
        [
            check["target"],
            f"asynchetzner {check['description']}",
            number(check["measured"], ".3f"),
            {True: "PASS", False: "FAIL", None: MISSING}[check["passed"]],
        ]
        for check in checks
        if check["transport"] == transport
    ]
    return _table(body, ["target", "goal", "measured", "result"], fmt)
