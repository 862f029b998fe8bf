"""The docs' generated files from a run's results: reST tables and the plots of e and f.

``python -m benchmarks --docs docs/`` writes them after a run; ``python -m benchmarks.render
results.json docs/`` writes them from a results file. They go to ``docs/benchmarks/``:
``<table>-<transport>.inc`` (``results``, ``scale``, ``memory``, ``targets``), ``imports.inc``,
``run.inc`` (when and how the run was made) and ``scale-e.svg``/``scale-f.svg``, which
``docs/benchmarks.rst`` includes. The ``.inc`` suffix keeps Sphinx from reading them as pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import tables

SUBDIRECTORY = "benchmarks"
TABLES = {
    "results": tables.results,
    "scale": tables.scale,
    "memory": tables.memory,
    "targets": None,  # of the checks, not the rows
}


def run_text(results: dict[str, Any]) -> str:
    """reST saying when the run was made, on what, and how many runs each figure is from."""
    settings, machine = results["settings"], results["machine"]
    versions = ", ".join(f"{name} {v}" for name, v in machine["versions"].items() if v)
    lines = [
        f"Run of {results['started']} ({results['seconds'] / 60:.0f} min"
        + (", ``--quick``: a smoke run, not a measure" if settings["quick"] else "")
        + f"), on {machine['cpu_count']} cores of {machine['cpu_model'] or 'an unknown CPU'}, "
        f"{machine['platform']}; Python {machine['python'].split()[0]}; {versions}.",
        "",
        "Runs per client and size (each figure is their median):",
        "",
    ]
    for key, scenario in settings["scenarios"].items():
        runs = ", ".join(f"{n} at {int(size):,}" for size, n in scenario["runs_per_size"].items())
        seconds = scenario.get("action_seconds")
        actions = f" (actions of {seconds:g} s)" if seconds else ""
        lines.append(f"- {key}: {runs}{actions}.")
    return "\n".join(lines) + "\n"


def _not_run_text(rows: Sequence[dict[str, Any]], transport: str) -> str:
    lines = tables.not_run(rows, transport)
    return "\n\n" + "\n".join(f"- {line}" for line in lines) if lines else ""


def documents(results: dict[str, Any]) -> dict[str, str]:
    """Each generated reST file's name and text."""
    rows, checks = results["rows"], results["targets"]
    texts = {"run.inc": run_text(results)}
    texts["imports.inc"] = (
        tables.imports(results["imports"], results["bare_python_kib"], "rst") + "\n"
    )
    for transport in results["transports"]:
        for name, table in TABLES.items():
            if table is None:
                text = tables.targets(checks, transport, "rst")
            else:
                text = table(rows, transport, "rst")
            if name == "scale":
                text += _not_run_text(rows, transport)
            texts[f"{name}-{transport}.inc"] = (text or "(not run)") + "\n"
    return texts


def write_docs(results: dict[str, Any], docs: Path) -> list[Path]:
    """Write the tables and the plots under ``docs/benchmarks/``; the paths written."""
    from .plots import plot_scale

    directory = docs / SUBDIRECTORY
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in documents(results).items():
        (directory / name).write_text(text, encoding="utf-8")
        written.append(directory / name)
    for scenario in ("e", "f"):
        path = directory / f"scale-{scenario}.svg"
        if plot_scale(results["rows"], scenario, path):
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.render RESULTS DOCS``."""
    cli = argparse.ArgumentParser(prog="python -m benchmarks.render", description=__doc__)
    cli.add_argument("results", type=Path, help="a results file of python -m benchmarks")
    cli.add_argument("docs", type=Path, help="the docs directory (docs/)")
    args = cli.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    for path in write_docs(results, args.docs):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
