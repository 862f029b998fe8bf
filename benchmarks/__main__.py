"""``python -m benchmarks``: asynchetzner (and its sync facade) against raw aiohttp and hcloud, on
the simulator.

Each scenario gets a fresh simulator process; each (scenario, client) pair runs ``--repeat``
times, each run in a fresh client process, clients taking turns so drift hits them alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import report
from .clients import MODULES
from .runner import ClientFailed, run_client
from .scenarios import SCENARIOS, Scenario, prepare
from .simulator import ROOT, simulator

DEFAULT_REPEAT = 7
DEFAULT_JSON = ROOT / "benchmarks" / "results.json"


def parser() -> argparse.ArgumentParser:
    """The command line."""
    cli = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    cli.add_argument(
        "--repeat",
        type=int,
        help=f"runs per scenario and client (default {DEFAULT_REPEAT}, 1 with --quick)",
    )
    cli.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    cli.add_argument(
        "--only",
        default=",".join(SCENARIOS),
        help="comma-separated scenarios to run (default: a,b,c; d is measured in each)",
    )
    cli.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"results file (default {DEFAULT_JSON})"
    )
    return cli


def progress(message: str) -> None:
    """Say what is happening, on stderr (stdout is for the table)."""
    print(message, file=sys.stderr, flush=True)


def run_scenario(scenario: Scenario, quick: bool, repeat: int) -> list[dict[str, Any]]:
    """Every run of one scenario, against one fresh simulator."""
    runs: list[dict[str, Any]] = []
    sizes = scenario.sizes(quick)
    clients = list(MODULES)
    with simulator(scenario.action_seconds, scenario.faults) as endpoint:
        began = time.perf_counter()
        job = asyncio.run(prepare(scenario, endpoint, sizes))
        ready = time.perf_counter() - began
        progress(f"[{scenario.key}] {scenario.title} {sizes}: simulator ready in {ready:.1f} s")
        for number in range(repeat):
            turn = number % len(clients)
            for client in clients[turn:] + clients[:turn]:
                run_job = {**job, "prefix": f"{client}-{number}"}
                run: dict[str, Any] = {"scenario": scenario.key, "client": client, "repeat": number}
                try:
                    run.update(run_client(client, run_job))
                except ClientFailed as error:
                    run["error"] = str(error)
                    progress(f"[{scenario.key}] {client} #{number + 1}: FAILED {error}")
                else:
                    progress(
                        f"[{scenario.key}] {client} #{number + 1}: {run['seconds']:.3f} s, "
                        f"{run['requests']} requests, {run['rss_kib'] / 1024:.1f} MiB"
                    )
                runs.append(run)
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected scenarios, print the tables, write the JSON file."""
    args = parser().parse_args(argv)
    selected = [key.strip() for key in args.only.split(",") if key.strip() and key.strip() != "d"]
    unknown = [key for key in selected if key not in SCENARIOS]
    if unknown or not selected:
        parser().error(f"--only takes scenarios among {','.join(SCENARIOS)}, got {args.only!r}")
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else DEFAULT_REPEAT)
    if repeat < 1:
        parser().error("--repeat must be at least 1")

    began = time.perf_counter()
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    runs = [run for key in selected for run in run_scenario(SCENARIOS[key], args.quick, repeat)]
    table = report.medians(runs, selected)
    ratios = report.ratios(table)
    checks = report.targets(table)
    elapsed = time.perf_counter() - began

    print(report.results_table(table, ratios))
    print()
    print(report.targets_table(checks))
    if args.quick:
        print("\n--quick: a smoke run; the targets are set for the full sizes.")
    print(f"\n{len(runs)} client runs in {elapsed:.0f} s; results in {args.json}")

    results = {
        "started": started_at,
        "seconds": elapsed,
        "settings": {
            "repeat": repeat,
            "quick": args.quick,
            "scenarios": {
                key: {
                    "title": SCENARIOS[key].title,
                    "action_seconds": SCENARIOS[key].action_seconds,
                    "faults": SCENARIOS[key].faults,
                    "sizes": SCENARIOS[key].sizes(args.quick),
                }
                for key in selected
            },
        },
        "machine": report.machine(),
        "runs": runs,
        "medians": table,
        "ratios": ratios,
        "targets": checks,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
