"""HTTPS on loopback: a CA and a server certificate made at the start of a run, trusted by every
client the same standard way.

Each client gets a CA bundle holding the system's certificates plus the test CA, so every client
loads the same real-world store it would load against Hetzner: aiohttp (raw, asynchetzner and its
sync facade) through ``SSL_CERT_FILE``, which OpenSSL's default paths read; hcloud (``requests``)
through ``REQUESTS_CA_BUNDLE``, which replaces certifi's bundle.
"""

from __future__ import annotations

import ssl
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FALLBACK_SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
CA_VARIABLES: Mapping[str, str] = {
    "aiohttp": "SSL_CERT_FILE",
    "asynchetzner": "SSL_CERT_FILE",
    "asynchetzner.sync": "SSL_CERT_FILE",
    "hcloud": "REQUESTS_CA_BUNDLE",
}
"""The standard variable through which each client is told which CAs to trust."""


@dataclass(frozen=True)
class TLSFiles:
    """The simulator's certificate and key, and the bundle of CAs clients trust."""

    certfile: Path
    keyfile: Path
    ca_bundle: Path


def system_bundle() -> Path | None:
    """The system's CA bundle: OpenSSL's default file, else Debian's, else none."""
    for candidate in (ssl.get_default_verify_paths().cafile, FALLBACK_SYSTEM_BUNDLE):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def write_files(directory: Path) -> TLSFiles:
    """Make a CA and a certificate for 127.0.0.1 (``trustme``), and write them in ``directory``."""
    import trustme  # the driver's only: the clients never import it

    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1")
    files = TLSFiles(directory / "server.pem", directory / "server.key", directory / "cas.pem")
    certificate.private_key_pem.write_to_path(str(files.keyfile))
    for number, blob in enumerate(certificate.cert_chain_pems):
        blob.write_to_path(str(files.certfile), append=number > 0)
    system = system_bundle()
    bundle = system.read_bytes() if system is not None else b""
    files.ca_bundle.write_bytes(bundle.rstrip(b"\n") + b"\n" + authority.cert_pem.bytes())
    return files


@contextmanager
def tls_files() -> Iterator[TLSFiles]:
    """The files of one run, in a directory removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="benchmarks-tls-") as directory:
        yield write_files(Path(directory))


def trust_environment(client: str, tls: TLSFiles | None) -> dict[str, str]:
    """The variables that make ``client`` trust the run's CA (none over plain HTTP)."""
    return {} if tls is None else {CA_VARIABLES[client]: str(tls.ca_bundle)}
