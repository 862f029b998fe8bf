"""The simulator's X.509 reader and writer: PEM blocks, validity, names, and any broken DER
refused with ``ValueError`` (never another error)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from asynchetzner.simulator.cloud import x509

DATA = Path(__file__).resolve().parents[2] / "data" / "certificates"
(DER,) = x509.pem_blocks((DATA / "example.com.crt").read_text(), "CERTIFICATE")


def test_a_certificate_made_by_openssl_is_read() -> None:
    facts = x509.read(DER)
    assert facts == x509.Facts(
        datetime(2026, 11, 30, 6, 45, 26, tzinfo=timezone.utc),
        datetime(2036, 11, 27, 6, 45, 26, tzinfo=timezone.utc),
        "example.com",
        ("example.com", "www.example.com", "*.example.com"),  # the IP address is left out
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(631152000, 2524608000, id="utc-time-1990-to-generalized-2050"),
        pytest.param(1700000000, 1700000000 + 90 * 86400, id="utc-time-2023"),
    ],
)
def test_written_certificates_read_back(start: int, end: int) -> None:
    domains = ["example.com", "*.example.com", "x" * 200 + ".example.com"]  # long lengths
    facts = x509.read(x509.write(domains, start, end))
    assert facts.not_before == datetime.fromtimestamp(start, tz=timezone.utc)
    assert facts.not_after == datetime.fromtimestamp(end, tz=timezone.utc)
    assert (facts.common_name, facts.dns_names) == ("example.com", tuple(domains))


def test_pem_round_trips_in_lines_of_64() -> None:
    text = x509.pem(DER)
    assert max(len(line) for line in text.splitlines()) == 64
    assert x509.pem_blocks(text + text, "CERTIFICATE") == [DER, DER]


def test_the_fingerprint_is_the_sha256_as_openssl_shows_it() -> None:
    assert x509.fingerprint(DER) == (
        "c4:f4:c2:9b:7b:c8:3e:00:f8:71:09:d6:02:f7:ae:5d:"
        "da:d9:9e:73:c4:56:51:20:2f:c0:fb:d5:22:7e:28:73"
    )


@pytest.mark.parametrize(
    ("der", "message"),
    [
        pytest.param(b"", "expected 1 elements, found 0", id="empty"),
        pytest.param(b"\x30", "truncated element", id="no-length"),
        pytest.param(b"\x30\x85\x00\x00\x00\x00\x01\x00", "unsupported length", id="5-bytes"),
        pytest.param(b"\x30\x80\x00\x00", "unsupported length", id="indefinite-length"),
        pytest.param(b"\x30\x03\x02\x01\x01", "expected 3 elements", id="too-few-parts"),
        pytest.param(DER + b"\x00\x00", "expected 1 elements, found 2", id="trailing-bytes"),
        pytest.param(b"\x31" + DER[1:], "expected tag 0x30, found 0x31", id="not-a-sequence"),
        pytest.param(DER[:-1], "truncated contents", id="truncated"),
        pytest.param(
            b"\x30\x0a\x30\x03\x02\x01\x01\x30\x00\x03\x01\x00",
            "too few fields",
            id="tbs-of-one-field",
        ),
    ],
)
def test_broken_der_is_a_value_error(der: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        x509.read(der)


def test_every_truncation_and_byte_change_is_read_or_a_value_error() -> None:
    broken = [DER[:cut] for cut in range(len(DER))]
    broken += [
        DER[:i] + bytes([DER[i] ^ flip]) + DER[i + 1 :]
        for i in range(len(DER))
        for flip in (0x01, 0x80, 0xFF)
    ]
    read = 0
    for der in broken:
        try:
            x509.read(der)
        except ValueError:
            continue
        read += 1
    assert 0 < read < len(broken)  # some changes leave a readable certificate (a key byte)


def test_a_certificate_without_extensions_has_no_dns_names() -> None:
    (legacy,) = x509.pem_blocks((DATA / "legacy.example.org.crt").read_text(), "CERTIFICATE")
    facts = x509.read(legacy)
    assert (facts.common_name, facts.dns_names) == ("legacy.example.org", ())
    assert facts.not_after.year == 2052


def test_a_bad_time_is_a_value_error() -> None:
    good = x509.write(["example.com"], 1700000000, 1700000001)
    bad = good.replace(b"231114221320Z", b"23111422132XZ", 1)
    assert bad != good
    with pytest.raises(ValueError, match="not a time"):
        x509.read(bad)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no CERTIFICATE block"),
        ("-----BEGIN CERTIFICATE-----\nMAA=\n-----END PRIVATE KEY-----\n", "no CERTIFICATE block"),
        ("-----BEGIN CERTIFICATE-----\nMA=A\n-----END CERTIFICATE-----\n", "not base64"),
        ("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n", "not only CERTIFICATE"),
    ],
)
def test_pem_that_is_not_blocks_is_a_value_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        x509.pem_blocks(text, "CERTIFICATE")
