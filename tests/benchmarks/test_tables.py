"""``benchmarks.tables`` and ``benchmarks.render``: the run's tables, as text and as reST."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docutils.core
import pytest

from benchmarks import render, report, tables

from .conftest import run


@pytest.fixture
def results() -> dict[str, Any]:
    """A run's results: a and f over both transports, hcloud capped at f's larger size."""
    runs = []
    for transport in ("http", "https"):
        for client in ("aiohttp", "asynchetzner", "asynchetzner.sync", "hcloud"):
            runs.append(run(client, "a", 3000, transport, seconds=1.5, held_rss_kib=20_000))
            runs.append(run(client, "f", 10, transport, seconds=4.2, requests=14, items=20))
            if client == "hcloud":
                runs.append({**run(client, "f", 50, transport), "not_run": "too slow"})
            else:
                runs.append(run(client, "f", 50, transport, seconds=4.3, requests=64, items=100))
    rows = report.summarise(runs)
    return {
        "started": "2026-11-30T10:00:00+00:00",
        "seconds": 95.0,
        "settings": {
            "quick": True,
            "scenarios": {
                "a": {"runs_per_size": {"3000": 1}},
                "f": {"runs_per_size": {"10": 1}, "action_seconds": 0.5},
            },
        },
        "transports": ["http", "https"],
        "machine": {
            "cpu_count": 2,
            "cpu_model": "a CPU",
            "platform": "Linux",
            "python": "3.11.7 (main)",
            "versions": {"aiohttp": "3.14.5", "hcloud": None},
        },
        "bare_python_kib": 10_240,
        "rows": rows,
        "imports": report.import_costs(rows, 10_240),
        "targets": report.targets(rows),
    }


def test_number_formats_and_says_n_a_when_unknown() -> None:
    assert tables.number(1.234, ".2f", "x") == "1.23x"
    assert tables.number(None, ".2f") == "n/a"
    assert tables.mib(2048) == "2.0"
    assert tables.mib(None) == "n/a"


def test_results_table_shows_throughput_and_spread_of_a_only(results: dict[str, Any]) -> None:
    text = tables.results(results["rows"], "http")
    assert "a: GET /servers/{id}, concurrency 32 (3000 requests)" in text
    assert "2000 req/s" in text
    assert "2000-2000" in text
    assert "f" not in {line.split()[0] for line in text.splitlines()[2:]}


def test_scale_table_marks_the_capped_size_not_run(results: dict[str, Any]) -> None:
    text = tables.scale(results["rows"], "https")
    [capped] = [line for line in text.splitlines() if "hcloud" in line and "50" in line]
    assert "not run" in capped
    [waited] = [line for line in text.splitlines() if line.split()[1:3] == ["50", "asynchetzner"]]
    assert waited.split()[3:8] == ["4.30", "1.00", "64", "14", "3.5"]
    assert tables.not_run(results["rows"], "https") == ["f at 50: hcloud not run: too slow"]


def test_a_transport_that_did_not_run_gives_empty_tables(results: dict[str, Any]) -> None:
    assert tables.results(results["rows"], "spdy") == ""
    assert tables.targets(results["targets"], "spdy") == ""


def test_memory_and_imports_tables(results: dict[str, Any]) -> None:
    memory = tables.memory(results["rows"], "http")
    assert "hcloud" in memory
    assert "not run" not in memory
    imports = tables.imports(results["imports"], results["bare_python_kib"])
    assert "bare python" in imports
    assert "10.0" in imports


def test_targets_table_says_pass_fail_or_n_a(results: dict[str, Any]) -> None:
    text = tables.targets(results["targets"], "http")
    assert "asynchetzner throughput >= 0.95x raw aiohttp" in text
    assert "PASS" in text
    assert "asynchetzner waiting: requests per round grow like n/25" in text


def test_every_generated_document_is_valid_rest(results: dict[str, Any]) -> None:
    documents = render.documents(results)
    assert set(documents) == {
        "run.inc",
        "imports.inc",
        *(f"{n}-{t}.inc" for n in render.TABLES for t in ("http", "https")),
    }
    for name, text in documents.items():
        docutils.core.publish_string(
            text, writer="null", settings_overrides={"halt_level": 2, "report_level": 2}
        )
        assert text.endswith("\n"), name
    assert "``--quick``: a smoke run" in documents["run.inc"]
    assert "- a: 1 at 3,000." in documents["run.inc"]
    assert "- f: 1 at 10 (actions of 0.5 s)." in documents["run.inc"]
    assert documents["scale-http.inc"].rstrip().endswith("- f at 50: hcloud not run: too slow")


def test_render_writes_the_tables_and_the_plots(results: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "results.json"
    source.write_text(json.dumps(results), encoding="utf-8")
    assert render.main([str(source), str(tmp_path / "docs")]) == 0
    written = tmp_path / "docs" / "benchmarks"
    names = {path.name for path in written.iterdir()}
    assert {"scale-f.svg", "results-http.inc", "targets-https.inc"} <= names
    assert "scale-e.svg" not in names  # e did not run
    svg = (written / "scale-f.svg").read_text(encoding="utf-8")
    assert "asynchetzner (HTTPS)" in svg
    assert "peak RSS (MiB)" in svg
