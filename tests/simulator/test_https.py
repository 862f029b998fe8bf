"""The simulator over HTTPS: ``Simulator(ssl_context=...)`` and ``--certfile``/``--keyfile``,
with a certificate made by ``trustme`` and a client trusting its CA (as ``benchmarks`` does)."""

from __future__ import annotations

import ssl
from pathlib import Path

import aiohttp
import pytest
import trustme

from asynchetzner import Client, TransportError
from asynchetzner.simulator import Simulator
from asynchetzner.simulator import __main__ as cli

from ..conftest import NO_RETRY


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    """A certificate authority of this test module only."""
    return trustme.CA()


@pytest.fixture
def server_files(authority: trustme.CA, tmp_path: Path) -> tuple[Path, Path]:
    """The certificate (with its chain) and the key of a server at 127.0.0.1."""
    certificate = authority.issue_cert("127.0.0.1")
    certfile, keyfile = tmp_path / "server.pem", tmp_path / "server.key"
    certificate.cert_chain_pems[0].write_to_path(str(certfile))
    for blob in certificate.cert_chain_pems[1:]:
        blob.write_to_path(str(certfile), append=True)
    certificate.private_key_pem.write_to_path(str(keyfile))
    return certfile, keyfile


def trusting(authority: trustme.CA) -> aiohttp.ClientSession:
    """A session that trusts ``authority`` (and nothing else)."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    authority.configure_trust(context)
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context))


async def test_serves_https_to_a_client_trusting_its_ca(
    authority: trustme.CA, server_files: tuple[Path, Path]
) -> None:
    context = cli.server_context(*map(str, server_files))
    assert context is not None
    async with (
        Simulator(token="T", ssl_context=context) as simulator,
        trusting(authority) as session,
    ):
        assert simulator.url.startswith("https://127.0.0.1:")
        assert simulator.url_for("hetzner-api").startswith("https://")
        assert simulator.robot.url.startswith("http://")
        async with Client(simulator.url, "T", session=session, retry=NO_RETRY) as client:
            created = await client.servers.create(
                name="tls", server_type="cx23", image="ubuntu-24.04"
            )
            [listed] = await client.servers.get_all()
            assert listed.id == created.server.id


async def test_a_client_not_trusting_the_ca_is_refused(server_files: tuple[Path, Path]) -> None:
    context = cli.server_context(*map(str, server_files))
    async with (
        Simulator(token="T", ssl_context=context) as simulator,
        Client(simulator.url, "T", retry=NO_RETRY) as client,
    ):
        with pytest.raises(TransportError, match="certificate verify failed") as failure:
            await client.get("/servers")
    assert failure.value.retryable is False


def test_main_serves_https_with_certfile_and_keyfile(
    monkeypatch: pytest.MonkeyPatch, server_files: tuple[Path, Path]
) -> None:
    built: list[Simulator] = []

    async def fake_serve(simulator: Simulator) -> None:
        built.append(simulator)

    monkeypatch.setattr(cli, "serve", fake_serve)
    certfile, keyfile = server_files
    assert cli.main(["--certfile", str(certfile), "--keyfile", str(keyfile)]) == 0
    assert cli.main([]) == 0
    assert isinstance(built[0].ssl_context, ssl.SSLContext)
    assert built[1].ssl_context is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--keyfile", "server.key"], "error: --keyfile needs --certfile\n"),
        (["--certfile", "missing.pem"], "error: cannot load --certfile/--keyfile: "),
    ],
)
def test_main_rejects_bad_tls_options(
    capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    assert cli.main(arguments) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1
