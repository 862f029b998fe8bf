"""``benchmarks.scenarios``: sizes, runs per size, size caps, labels and jobs per size."""

from __future__ import annotations

import pytest

from benchmarks import scenarios
from benchmarks.scenarios import SCENARIOS, sized_job
from benchmarks.simulator import Endpoint


def test_scale_scenarios_have_the_issues_sizes() -> None:
    assert SCENARIOS["e"].sizes(quick=False) == (100, 1000, 10_000, 20_000)
    assert SCENARIOS["f"].sizes(quick=False) == (100, 1000, 10_000)
    assert all(SCENARIOS[key].scale for key in "ef")
    assert not any(SCENARIOS[key].scale for key in "abc")
    assert max(SCENARIOS["e"].sizes(quick=True)) < 1000


@pytest.mark.parametrize(
    ("key", "size", "repeat", "quick", "expected"),
    [
        ("a", 10_000, None, False, 7),
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


async def test_only_b_and_e_are_stocked_and_only_up_to_the_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    created: list[tuple[int, str, int]] = []

    async def create(endpoint: Endpoint, count: int, prefix: str, first: int = 0) -> list[int]:
        created.append((count, prefix, first))
        return []

    monkeypatch.setattr(scenarios, "create_servers", create)
    endpoint = Endpoint("http://127.0.0.1:1/v1", "t")
    assert await scenarios.stock(SCENARIOS["e"], endpoint, 0, 100) == 100
    assert await scenarios.stock(SCENARIOS["e"], endpoint, 100, 1000) == 1000
    assert await scenarios.stock(SCENARIOS["e"], endpoint, 1000, 1000) == 1000
    assert await scenarios.stock(SCENARIOS["b"], endpoint, 0, 2000) == 2000
    assert await scenarios.stock(SCENARIOS["f"], endpoint, 0, 100) == 0
    assert created == [(100, "listed", 0), (900, "listed", 100), (2000, "listed", 0)]


def test_sized_jobs_say_what_each_client_does_at_that_size() -> None:
    base = {"endpoint": "http://127.0.0.1:1/v1", "token": "t"}
    assert sized_job({**base, "scenario": "a"}, 300)["requests"] == 300
    assert sized_job({**base, "scenario": "b"}, 200)["expected"] == 200
    assert sized_job({**base, "scenario": "e"}, 1000)["expected"] == 1000
    assert sized_job({**base, "scenario": "f"}, 50)["count"] == 50
    assert sized_job({**base, "scenario": "c"}, 10)["count"] == 10


def test_a_smoke_run_shortens_the_actions_only() -> None:
    assert SCENARIOS["f"].action_time(quick=False) == 2
    assert SCENARIOS["f"].action_time(quick=True) == 0.5
    assert SCENARIOS["e"].action_time(quick=True) == 0


def test_scenarios_that_create_servers_get_a_fresh_simulator_per_client_run() -> None:
    assert [key for key, scenario in SCENARIOS.items() if scenario.fresh] == ["c", "f"]
