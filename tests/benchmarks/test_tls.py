"""``benchmarks.tls``: the run's CA, the simulator's certificate, and how clients trust them."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from benchmarks import tls
from benchmarks.clients import MODULES


def test_the_bundle_holds_the_system_cas_and_the_runs_ca(tmp_path: Path) -> None:
    files = tls.write_files(tmp_path)
    system = tls.system_bundle()
    bundle = files.ca_bundle.read_text(encoding="ascii")
    if system is not None:
        assert bundle.startswith(system.read_text(encoding="ascii").rstrip("\n"))
    client = ssl.create_default_context(cafile=str(files.ca_bundle))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(files.certfile, files.keyfile)
    assert client.cert_store_stats()["x509_ca"] >= 1
    [ours] = [
        ca for ca in client.get_ca_certs() if ca["subject"] == ca["issuer"] and "trustme" in str(ca)
    ]
    assert ours


def test_no_system_bundle_leaves_only_the_runs_ca(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tls, "system_bundle", lambda: None)
    files = tls.write_files(tmp_path)
    assert files.ca_bundle.read_text(encoding="ascii").count("BEGIN CERTIFICATE") == 1


def test_system_bundle_falls_back_to_debians_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = ssl.get_default_verify_paths()
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: paths._replace(cafile=None))
    fallback = tmp_path / "ca-certificates.crt"
    monkeypatch.setattr(tls, "FALLBACK_SYSTEM_BUNDLE", fallback)
    assert tls.system_bundle() is None
    fallback.write_text("")
    assert tls.system_bundle() == fallback


def test_every_client_is_told_through_its_standard_variable(tmp_path: Path) -> None:
    files = tls.TLSFiles(tmp_path / "c", tmp_path / "k", tmp_path / "cas.pem")
    assert set(tls.CA_VARIABLES) == set(MODULES)
    assert tls.trust_environment("hcloud", files) == {"REQUESTS_CA_BUNDLE": str(files.ca_bundle)}
    assert tls.trust_environment("asynchetzner", files) == {"SSL_CERT_FILE": str(files.ca_bundle)}
    assert tls.trust_environment("hcloud", None) == {}


def test_the_files_are_removed_after_the_run() -> None:
    with tls.tls_files() as files:
        assert files.certfile.is_file()
        assert files.keyfile.is_file()
    assert not files.ca_bundle.parent.exists()
