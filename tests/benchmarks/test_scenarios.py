"""``benchmarks.scenarios``: sizes, runs per size, size caps, labels and jobs per size."""

from __future__ import annotations

import pytest

from benchmarks.scenarios import SCENARIOS, bucket_label, bucket_labels, sized_job


def test_scale_scenarios_have_the_issues_sizes() -> None:
    assert SCENARIOS["e"].sizes(quick=False) == (100, 1000, 10_000, 20_000)
    assert SCENARIOS["f"].sizes(quick=False) == (100, 1000, 10_000)
    assert all(SCENARIOS[key].scale for key in "ef")
    assert not any(SCENARIOS[key].scale for key in "abc")
    assert max(SCENARIOS["e"].sizes(quick=True)) < 1000


@pytest.mark.parametrize(
    ("key", "size", "repeat", "quick", "expected"),
    [
        ("a", 3000, None, False, 7),
        ("e", 100, None, False, 3),
        ("e", 20_000, None, False, 1),
        ("f", 1000, None, False, 1),
        ("f", 1000, 5, False, 5),
        ("b", 200, None, True, 1),
        ("b", 200, 2, True, 2),
    ],
)
def test_runs_per_size(key: str, size: int, repeat: int | None, quick: bool, expected: int) -> None:
    assert SCENARIOS[key].runs(size, repeat, quick) == expected


def test_hcloud_is_capped_at_1000_in_f_unless_asked_for_all() -> None:
    f = SCENARIOS["f"]
    assert f.skipped("hcloud", 1000, uncapped=False) is None
    reason = f.skipped("hcloud", 10_000, uncapped=False)
    assert reason is not None
    assert "--hcloud-full" in reason
    assert f.skipped("hcloud", 10_000, uncapped=True) is None
    assert f.skipped("asynchetzner", 10_000, uncapped=False) is None
    assert SCENARIOS["e"].skipped("hcloud", 20_000, uncapped=False) is None


def test_each_server_carries_the_label_of_every_size_it_falls_within() -> None:
    sizes = (100, 1000, 10_000)
    assert bucket_labels(0, sizes) == {bucket_label(s): "yes" for s in sizes}
    assert bucket_labels(99, sizes).keys() == {bucket_label(s) for s in sizes}
    assert bucket_labels(100, sizes).keys() == {bucket_label(1000), bucket_label(10_000)}
    assert bucket_labels(9_999, sizes).keys() == {bucket_label(10_000)}
    assert bucket_labels(5, ()) == {}
    counts = {
        s: sum(bucket_label(s) in bucket_labels(i, sizes) for i in range(10_000)) for s in sizes
    }
    assert counts == {100: 100, 1000: 1000, 10_000: 10_000}


def test_sized_jobs_say_what_each_client_does_at_that_size() -> None:
    base = {"endpoint": "http://127.0.0.1:1/v1", "token": "t"}
    assert sized_job({**base, "scenario": "a"}, 300)["requests"] == 300
    assert sized_job({**base, "scenario": "b"}, 200)["expected"] == 200
    e = sized_job({**base, "scenario": "e"}, 1000)
    assert (e["expected"], e["selector"]) == (1000, bucket_label(1000))
    assert sized_job({**base, "scenario": "f"}, 50)["count"] == 50
    assert sized_job({**base, "scenario": "c"}, 10)["count"] == 10
