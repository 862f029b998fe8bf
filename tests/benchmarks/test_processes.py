"""``benchmarks.runner`` and ``benchmarks.clients.memory``: what a client process is given and
how memory is read (no client is run here)."""

from __future__ import annotations

import pytest

from benchmarks import runner
from benchmarks.clients import memory


def test_clients_get_no_hetzner_settings_or_ca_overrides_but_the_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HCLOUD_TOKEN", "secret")
    monkeypatch.setenv("SSL_CERT_FILE", "/elsewhere.pem")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/elsewhere.pem")
    monkeypatch.setenv("KEPT", "1")
    environment = runner.client_environment({"SSL_CERT_FILE": "/run/cas.pem"})
    assert environment["SSL_CERT_FILE"] == "/run/cas.pem"
    assert "HCLOUD_TOKEN" not in environment
    assert "REQUESTS_CA_BUNDLE" not in environment
    assert environment["KEPT"] == "1"


def test_the_bare_baseline_is_the_median_of_the_known_readings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    readings = iter(
        [{"rss_kib": 9000}, {"rss_kib": None}, {"rss_kib": 11_000}, {"rss_kib": 10_000}]
    )
    monkeypatch.setattr(runner, "run_module", lambda module, stdin, env=None: next(readings))
    assert runner.bare_python_kib(4) == 10_000
    monkeypatch.setattr(runner, "run_module", lambda module, stdin, env=None: {"rss_kib": None})
    assert runner.bare_python_kib(2) is None


def test_rss_now_is_read_from_statm_in_kib() -> None:
    now = memory.current_rss_kib()
    peak = memory.high_water_mark_kib()
    assert now is not None
    assert peak is not None
    assert 4096 < now < 4 * peak  # an interpreter with pytest: MiBs, of the order of its peak
    assert memory.peak_rss_kib() > 4096


def test_rss_is_unknown_without_proc(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: object, **kwargs: object) -> None:
        raise OSError("no /proc")

    monkeypatch.setattr("builtins.open", missing)
    assert memory.current_rss_kib() is None
    assert memory.high_water_mark_kib() is None
