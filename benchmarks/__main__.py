"""``python -m benchmarks``: asynchetzner (and its sync facade) against raw aiohttp and hcloud, on
the simulator, over HTTP and HTTPS.

Each scenario gets a fresh simulator process per transport, prepared once for all its sizes;
each (size, client) pair runs several times, each run in a fresh client process, clients taking
turns so drift hits them alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, ExitStack
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import report, tables
from .clients import MODULES
from .machine import machine
from .runner import ClientFailed, bare_python_kib, run_client
from .scenarios import (
    DEFAULT_REPEAT,
    HCLOUD_FULL,
    SCENARIOS,
    Scenario,
    prepare,
    sized_job,
    stock,
)
from .simulator import ROOT, Endpoint, simulator
from .tls import TLSFiles, tls_files, trust_environment

DEFAULT_JSON = ROOT / "benchmarks" / "results.json"


def parser() -> argparse.ArgumentParser:
    """The command line."""
    cli = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    cli.add_argument(
        "--repeat",
        type=int,
        help=f"runs per size and client (default {DEFAULT_REPEAT} in a-c, 3 or 1 in e and f "
        "as the scenario says per size, 1 with --quick)",
    )
    cli.add_argument(
        "--quick",
        action="store_true",
        help="small sizes once, actions of 0.5 s: a smoke run of about 1 min",
    )
    cli.add_argument(
        "--only",
        default=",".join(SCENARIOS),
        help=f"comma-separated scenarios to run (default: {','.join(SCENARIOS)}; "
        "d, memory, is measured in each)",
    )
    cli.add_argument(
        "--transport",
        choices=("http", "https", "both"),
        default="both",
        help="plain HTTP, HTTPS with a CA made for the run, or both (default)",
    )
    cli.add_argument(
        HCLOUD_FULL,
        action="store_true",
        help="run hcloud at every size, even where it takes many minutes (f at 10,000)",
    )
    cli.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"results file (default {DEFAULT_JSON})"
    )
    cli.add_argument(
        "--docs",
        type=Path,
        help="also write the tables and plots the docs include into this directory (docs/)",
    )
    return cli


def progress(message: str) -> None:
    """Say what is happening, on stderr (stdout is for the tables)."""
    print(message, file=sys.stderr, flush=True)


def run_one(client: str, job: dict[str, Any], tls: TLSFiles | None, run: dict[str, Any]) -> None:
    """Run one client process and record its results (or its failure) in ``run``."""
    name = f"[{run['transport']} {run['scenario']} {run['size']}] {client} #{run['repeat'] + 1}"
    try:
        run.update(run_client(client, job, trust_environment(client, tls)))
    except ClientFailed as error:
        run["error"] = str(error)
        progress(f"{name}: FAILED {error}")
    else:
        progress(
            f"{name}: {run['seconds']:.3f} s, {run['requests']} requests, "
            f"{run['peak_rss_kib'] / 1024:.1f} MiB peak"
        )


def run_scenario(
    scenario: Scenario, transport: str, tls: TLSFiles | None, args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Every run of one scenario over one transport: against one simulator, grown size by size,
    or (scenarios that create servers) a fresh simulator for every client run, so no client
    works on a project the others filled."""

    def serve() -> AbstractContextManager[Endpoint]:
        return simulator(scenario.action_time(args.quick), scenario.faults, tls)

    runs: list[dict[str, Any]] = []
    clients = list(MODULES)
    with ExitStack() as stack:
        shared = None if scenario.fresh else stack.enter_context(serve())
        job = None if shared is None else asyncio.run(prepare(scenario, shared))
        stocked = 0
        for size in scenario.sizes(args.quick):
            if shared is not None:
                began = time.perf_counter()
                stocked = asyncio.run(stock(scenario, shared, stocked, size))
                ready = time.perf_counter() - began
                progress(f"[{transport} {scenario.key} {size}] simulator ready in {ready:.1f} s")
            for number in range(scenario.runs(size, args.repeat, args.quick)):
                turn = number % len(clients)
                for client in clients[turn:] + clients[:turn]:
                    run: dict[str, Any] = {
                        "transport": transport,
                        "scenario": scenario.key,
                        "size": size,
                        "client": client,
                        "repeat": number,
                    }
                    reason = scenario.skipped(client, size, args.hcloud_full)
                    if reason is not None:
                        if number == 0:
                            runs.append({**run, "not_run": reason})
                        continue
                    with ExitStack() as own:
                        if job is None:
                            endpoint = own.enter_context(serve())
                            client_job = asyncio.run(prepare(scenario, endpoint))
                        else:
                            client_job = job
                        sized = {**sized_job(client_job, size), "prefix": f"{client}-{number}"}
                        run_one(client, sized, tls, run)
                    runs.append(run)
    return runs


def run_all(selected: list[str], args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every run, transport after transport; the CA and certificate made once if HTTPS runs."""
    transports = report.TRANSPORTS if args.transport == "both" else (args.transport,)
    runs: list[dict[str, Any]] = []
    with ExitStack() as stack:
        tls = stack.enter_context(tls_files()) if "https" in transports else None
        for transport in transports:
            for key in selected:
                runs += run_scenario(
                    SCENARIOS[key], transport, tls if transport == "https" else None, args
                )
    return runs


def settings(selected: list[str], args: argparse.Namespace) -> dict[str, Any]:
    """What the run was asked to do: scenarios, sizes, runs per size, caps."""
    return {
        "repeat": args.repeat,
        "quick": args.quick,
        "transport": args.transport,
        "hcloud_full": args.hcloud_full,
        "scenarios": {
            key: {
                "title": SCENARIOS[key].title,
                "unit": SCENARIOS[key].unit,
                "action_seconds": SCENARIOS[key].action_time(args.quick),
                "faults": SCENARIOS[key].faults,
                "sizes": list(SCENARIOS[key].sizes(args.quick)),
                "runs_per_size": {
                    str(size): SCENARIOS[key].runs(size, args.repeat, args.quick)
                    for size in SCENARIOS[key].sizes(args.quick)
                },
                "caps": {
                    client: {"size": cap.size, "reason": cap.reason}
                    for client, cap in SCENARIOS[key].caps.items()
                },
            }
            for key in selected
        },
    }


def print_tables(results: dict[str, Any]) -> None:
    """The tables of the run, per transport, on stdout."""
    rows, checks = results["rows"], results["targets"]
    for transport in results["transports"]:
        print(f"== {transport.upper()} ==")
        for table in (
            tables.results(rows, transport),
            tables.scale(rows, transport),
            "\n".join(tables.not_run(rows, transport)),
            tables.memory(rows, transport),
            tables.targets(checks, transport),
        ):
            if table:
                print(table, end="\n\n")
    print(tables.imports(results["imports"], results["bare_python_kib"]), end="\n\n")
    runs = ", ".join(
        f"{key}: {', '.join(f'{n} at {size}' for size, n in s['runs_per_size'].items())}"
        for key, s in results["settings"]["scenarios"].items()
    )
    print(f"Runs per client and size: {runs}.")


def stop_on_sigterm() -> None:
    """Make SIGTERM unwind like Ctrl-C, so the simulator and client in flight are stopped too."""

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected scenarios, print the tables, write the JSON file (and the docs' files)."""
    args = parser().parse_args(argv)
    selected = [key.strip() for key in args.only.split(",") if key.strip() and key.strip() != "d"]
    unknown = [key for key in selected if key not in SCENARIOS]
    if unknown or not selected:
        parser().error(f"--only takes scenarios among {','.join(SCENARIOS)}, got {args.only!r}")
    if args.repeat is not None and args.repeat < 1:
        parser().error("--repeat must be at least 1")

    stop_on_sigterm()
    began = time.perf_counter()
    started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    bare_kib = bare_python_kib()
    runs = run_all(selected, args)
    rows = report.summarise(runs)
    results = {
        "started": started_at,
        "seconds": time.perf_counter() - began,
        "settings": settings(selected, args),
        "transports": sorted({run["transport"] for run in runs}),
        "machine": machine(),
        "bare_python_kib": bare_kib,
        "runs": runs,
        "rows": rows,
        "imports": report.import_costs(rows, bare_kib),
        "targets": report.targets(rows),
    }
    print_tables(results)
    if args.quick:
        print("--quick: a smoke run; the targets are set for the full sizes.")
    print(f"{len(runs)} client runs in {results['seconds']:.0f} s; results in {args.json}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.docs is not None:
        from .render import write_docs  # matplotlib, only when asked

        for path in write_docs(results, args.docs):
            progress(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
