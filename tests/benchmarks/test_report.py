"""``benchmarks.report``: medians, memory growth, ratios and the targets of issue 16."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks import report

from .conftest import run


def rows_of(*runs: dict[str, Any]) -> list[dict[str, Any]]:
    return report.summarise(list(runs))


def test_median_ignores_unknown_values_and_is_none_without_any() -> None:
    assert report.median([3.0, None, 1.0, 2.0]) == 2.0
    assert report.median([None]) is None
    assert report.median([]) is None


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [(3.0, 2.0, 1.5), (None, 2.0, None), (3.0, None, None), (3.0, 0.0, None)],
)
def test_ratio(value: float | None, reference: float | None, expected: float | None) -> None:
    assert report.ratio(value, reference) == expected


def test_growth_per_1000_items_held_is_over_the_rss_after_imports() -> None:
    measured = run("asynchetzner", items=4000, after_imports_kib=30_000, held_rss_kib=38_000)
    assert report.growth_per_1000(measured) == 2000.0


@pytest.mark.parametrize(
    "missing", [{"held_rss_kib": None}, {"after_imports_kib": None}, {"items": 0}]
)
def test_growth_is_unknown_without_both_readings_or_items(missing: dict[str, Any]) -> None:
    assert report.growth_per_1000(run("hcloud", **missing)) is None


def test_wait_requests_are_those_beyond_one_create_per_server() -> None:
    assert report.wait_requests("f", run("asynchetzner", "f", size=100, requests=180)) == 80
    assert report.wait_requests("c", run("asynchetzner", "c", size=10, requests=14)) == 4
    assert report.wait_requests("b", run("asynchetzner", "b")) is None


def test_summarise_takes_medians_per_client_and_size_and_leaves_errors_out() -> None:
    [aiohttp, subject, sync, hcloud] = rows_of(
        run("asynchetzner", seconds=1.0, requests=40),
        run("asynchetzner", seconds=3.0, requests=40),
        run("asynchetzner", seconds=2.0, requests=41),
        run("asynchetzner", error="exited with status 1"),
        run("aiohttp", seconds=1.0),
        run("hcloud", seconds=12.0, requests=40),
    )
    assert [row["client"] for row in (aiohttp, subject, sync, hcloud)] == [
        "aiohttp",
        "asynchetzner",
        "asynchetzner.sync",
        "hcloud",
    ]
    assert (subject["runs"], subject["errors"]) == (3, 1)
    assert (subject["seconds"], subject["seconds_max"], subject["requests"]) == (2.0, 3.0, 40)
    assert (subject["headline_min"], subject["headline_max"]) == (1.0, 3.0)
    assert subject["vs_aiohttp"] == 2.0
    assert subject["requests_vs_hcloud"] == 1.0
    assert sync["runs"] == 0
    assert sync["seconds"] is None
    assert sync["vs_aiohttp"] is None


def test_scenario_a_headline_is_throughput() -> None:
    [aiohttp, subject, *_] = rows_of(
        run("aiohttp", "a", 3000, seconds=1.0), run("asynchetzner", "a", 3000, seconds=2.0)
    )
    assert (aiohttp["headline"], subject["headline"]) == (3000, 1500)
    assert subject["vs_aiohttp"] == 0.5


def test_rows_keep_each_transport_and_size_apart_in_run_order() -> None:
    rows = rows_of(
        run("hcloud", "e", 1000, "https"),
        run("hcloud", "e", 100, "http"),
        run("hcloud", "e", 1000, "http"),
    )
    keys = [(r["transport"], r["size"]) for r in rows if r["client"] == "hcloud"]
    assert keys == [("https", 1000), ("http", 100), ("http", 1000)]


def test_a_skipped_size_is_a_row_with_the_reason() -> None:
    rows = rows_of(
        run("asynchetzner", "f", 10_000),
        {**run("hcloud", "f", 10_000), "not_run": "too slow"},
    )
    hcloud = report.find(rows, "http", "f", 10_000, "hcloud")
    assert hcloud is not None
    assert (hcloud["runs"], hcloud["not_run"], hcloud["seconds"]) == (0, "too slow", None)
    assert report.find(rows, "http", "f", 100, "hcloud") is None


def test_poll_rounds_are_the_wait_requests_over_one_round_of_25_ids() -> None:
    [_, subject, _, hcloud] = rows_of(
        run("asynchetzner", "f", 100, requests=132, items=200),
        run("hcloud", "f", 100, requests=700, items=200),
    )
    assert subject["poll_rounds"] == 32 / 8
    assert hcloud["poll_rounds"] == 600 / 8
    [_, listing, _, _] = rows_of(run("asynchetzner", "b"))
    assert listing["poll_rounds"] is None


def checks_by_name(checks: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(c["target"], c["description"]): c for c in checks}


def test_targets_of_a_b_c_read_the_medians() -> None:
    rows = rows_of(
        run("aiohttp", "a", 3000, seconds=1.0, peak_rss_kib=100),
        run("asynchetzner", "a", 3000, seconds=1.04, peak_rss_kib=90),
        run("hcloud", "a", 3000, seconds=5.0, peak_rss_kib=100),
        run("aiohttp", "b", seconds=0.2),
        run("asynchetzner", "b", seconds=0.21, held_rss_kib=1400, peak_rss_kib=1500),
        run("hcloud", "b", seconds=1.5, held_rss_kib=2000, peak_rss_kib=1400),
        run("asynchetzner", "c", 100, seconds=4.0, requests=128),
        run("asynchetzner", "c", 100, seconds=4.1, requests=128),
        run("asynchetzner", "c", 100, seconds=6.0, requests=128),
        run("hcloud", "c", 100, seconds=16.0, requests=700),
    )
    checks = checks_by_name(report.targets(rows))
    assert {c["transport"] for c in checks.values()} == {"http"}
    a = checks["a", "throughput >= 0.95x raw aiohttp"]
    assert a["measured"] == pytest.approx(1 / 1.04)
    assert a["passed"] is True
    assert checks["a", "peak RSS <= hcloud's"]["passed"] is True
    b = checks["b", "wall time <= 1.10x raw aiohttp"]
    assert b["measured"] == pytest.approx(1.05)
    assert b["passed"] is True
    faster = checks["b", ">= 6x faster than hcloud"]
    assert faster["measured"] == pytest.approx(1.5 / 0.21)
    assert faster["passed"] is True
    growth = checks["b", "growth per 1,000 servers held <= 0.5x hcloud's"]
    assert growth["measured"] == pytest.approx(0.4)
    assert growth["passed"] is True
    assert checks["b", "peak RSS <= hcloud's"]["passed"] is False
    requests = checks["c", "requests <= 0.20x hcloud's"]
    assert requests["measured"] == pytest.approx(128 / 700)
    assert requests["passed"] is True
    spread = checks["c", "slowest run <= 1.15x the median"]
    assert spread["measured"] == pytest.approx(6.0 / 4.1)
    assert spread["passed"] is False


def test_a_target_that_could_not_be_measured_is_neither_pass_nor_fail() -> None:
    [check] = [
        c
        for c in report.targets(rows_of(run("asynchetzner", "a", 3000)))
        if c["description"].startswith("throughput")
    ]
    assert (check["measured"], check["passed"]) == (None, None)


def test_scale_targets_use_the_largest_size_both_clients_ran_per_transport() -> None:
    rows = rows_of(
        run("asynchetzner", "e", 1000, held_rss_kib=1100, peak_rss_kib=90),
        run("hcloud", "e", 1000, held_rss_kib=1400, peak_rss_kib=100),
        run("asynchetzner", "e", 20_000, held_rss_kib=9000),
        {**run("hcloud", "e", 20_000), "not_run": "capped"},
        run("asynchetzner", "e", 1000, "https", held_rss_kib=1300),
        run("hcloud", "e", 1000, "https", held_rss_kib=1400),
    )
    checks = report.targets(rows)
    growth = [c for c in checks if c["description"].startswith("growth")]
    assert [(c["transport"], c["target"]) for c in growth] == [
        ("http", "e (1000)"),
        ("https", "e (1000)"),
    ]
    assert growth[0]["measured"] == pytest.approx(100 / 400)
    assert growth[1]["measured"] == pytest.approx(300 / 400)
    assert growth[1]["passed"] is False


def test_f_target_compares_poll_rounds_at_the_largest_and_smallest_size() -> None:
    rows = rows_of(
        run("asynchetzner", "f", 100, requests=100 + 32, items=200),
        run("asynchetzner", "f", 10_000, requests=10_000 + 4000, items=20_000),
    )
    [check] = [c for c in report.targets(rows) if c["target"] == "f"]
    assert check["measured"] == pytest.approx((4000 / 800) / (32 / 8))
    assert check["passed"] is True


def test_f_target_needs_two_sizes() -> None:
    [check] = [
        c for c in report.targets(rows_of(run("asynchetzner", "f", 100))) if c["target"] == "f"
    ]
    assert check["passed"] is None


def test_import_costs_are_over_the_bare_interpreter_per_transport() -> None:
    rows = rows_of(
        run("hcloud", "a", 3000, after_imports_kib=30_000),
        run("hcloud", "b", after_imports_kib=31_000),
        run("hcloud", "b", transport="https", after_imports_kib=32_000),
    )
    costs = report.import_costs(rows, 10_000)
    assert costs == [
        {
            "transport": "http",
            "client": "hcloud",
            "after_imports_kib": 30_500,
            "import_cost_kib": 20_500,
        },
        {
            "transport": "https",
            "client": "hcloud",
            "after_imports_kib": 32_000,
            "import_cost_kib": 22_000,
        },
    ]
    assert report.import_costs(rows, None)[0]["import_cost_kib"] is None
