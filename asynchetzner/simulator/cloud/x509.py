"""Just enough X.509 for the simulator's certificates: read PEM blocks, read a certificate's
validity, subject common name and ``subjectAltName`` DNS names from its DER, and write a
certificate of that shape for a managed certificate (signed by nothing real: the simulator issues
for show).

Only DER's definite lengths are read; anything else is a ``ValueError``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone

_SEQUENCE, _SET, _INTEGER, _BIT_STRING, _OCTET_STRING, _OID = 0x30, 0x31, 0x02, 0x03, 0x04, 0x06
_UTC_TIME, _GENERALIZED_TIME, _UTF8_STRING = 0x17, 0x18, 0x0C
_VERSION, _EXTENSIONS, _DNS_NAME = 0xA0, 0xA3, 0x82
_COMMON_NAME = bytes.fromhex("550403")  # 2.5.4.3
_SUBJECT_ALT_NAME = bytes.fromhex("551d11")  # 2.5.29.17
_ECDSA_SHA256 = bytes.fromhex("2a8648ce3d040302")  # 1.2.840.10045.4.3.2
_EC_PUBLIC_KEY = bytes.fromhex("2a8648ce3d0201")  # 1.2.840.10045.2.1
_PRIME256V1 = bytes.fromhex("2a8648ce3d030107")  # 1.2.840.10045.3.1.7
_STRING_TAGS = frozenset({0x0C, 0x13, 0x14, 0x16})  # UTF8, Printable, Teletex, IA5
_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\s*([A-Za-z0-9+/=\s]*?)\s*-----END \1-----")
_ISSUER = "Simulated Let's Encrypt"
#: The public key of the certificates written: P-256's base point, a valid point whose private
#: key (1) is no secret, as befits a certificate for show.
_PUBLIC_POINT = bytes.fromhex(
    "04"
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"
)


@dataclass(frozen=True)
class Facts:
    """What the simulator reads from a certificate."""

    not_before: datetime
    not_after: datetime
    common_name: str | None
    dns_names: tuple[str, ...]


def pem_blocks(text: str, label: str) -> list[bytes]:
    """The DER of each PEM block of ``text``, which must hold only blocks labelled ``label``
    (``"CERTIFICATE"``) and whitespace; ``ValueError`` otherwise."""
    blocks, end = [], 0
    for match in _PEM.finditer(text):
        if text[end : match.start()].strip() or match.group(1) != label:
            raise ValueError(f"not only {label} blocks")
        try:
            blocks.append(base64.b64decode("".join(match.group(2).split()), validate=True))
        except binascii.Error:
            raise ValueError("a block is not base64") from None
        end = match.end()
    if not blocks or text[end:].strip():
        raise ValueError(f"no {label} block")
    return blocks


def fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint of a DER certificate, as colon-separated lower-case hex."""
    return ":".join(f"{byte:02x}" for byte in hashlib.sha256(der).digest())


def read(der: bytes) -> Facts:
    """The validity, subject common name and DNS names of a DER certificate."""
    tbs, _, _ = _children(_only(der, _SEQUENCE), count=3)
    fields = _children(_value(tbs, _SEQUENCE))
    if fields and fields[0][0] == _VERSION:
        fields = fields[1:]
    if len(fields) < 6:
        raise ValueError("too few fields in tbsCertificate")
    not_before, not_after = (_time(t) for t in _children(_value(fields[3], _SEQUENCE), count=2))
    extensions = next((f for f in fields[6:] if f[0] == _EXTENSIONS), None)
    return Facts(
        not_before,
        not_after,
        _common_name(_value(fields[4], _SEQUENCE)),
        _dns_names(extensions) if extensions else (),
    )


def key_shape(der: bytes) -> None:
    """``ValueError`` unless ``der`` is one DER sequence (a private key's outer shape)."""
    _only(der, _SEQUENCE)


def write(domains: list[str], not_before: float, not_after: float) -> bytes:
    """A DER certificate for ``domains`` (the first as common name), valid between two times."""
    serial = hashlib.sha256(f"{domains} {not_before}".encode()).digest()[:15]
    algorithm = _tlv(_SEQUENCE, _tlv(_OID, _ECDSA_SHA256))
    tbs = _tlv(
        _SEQUENCE,
        _tlv(_VERSION, _tlv(_INTEGER, b"\x02"))
        + _tlv(_INTEGER, b"\x01" + serial)
        + algorithm
        + _name(_ISSUER)
        + _tlv(_SEQUENCE, _time_tlv(not_before) + _time_tlv(not_after))
        + _name(domains[0])
        + _tlv(
            _SEQUENCE,
            _tlv(_SEQUENCE, _tlv(_OID, _EC_PUBLIC_KEY) + _tlv(_OID, _PRIME256V1))
            + _tlv(_BIT_STRING, b"\x00" + _PUBLIC_POINT),
        )
        + _tlv(
            _EXTENSIONS,
            _tlv(
                _SEQUENCE,
                _tlv(
                    _SEQUENCE,
                    _tlv(_OID, _SUBJECT_ALT_NAME)
                    + _tlv(
                        _OCTET_STRING,
                        _tlv(_SEQUENCE, b"".join(_tlv(_DNS_NAME, d.encode()) for d in domains)),
                    ),
                ),
            ),
        ),
    )
    signature = _tlv(_SEQUENCE, _tlv(_INTEGER, b"\x01") + _tlv(_INTEGER, b"\x01"))
    return _tlv(_SEQUENCE, tbs + algorithm + _tlv(_BIT_STRING, b"\x00" + signature))


def pem(der: bytes, label: str = "CERTIFICATE") -> str:
    """``der`` as a PEM block, 64 characters a line."""
    text = base64.b64encode(der).decode()
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""])


# Reading DER


Element = tuple[int, bytes]
"""A DER element: its tag and its contents."""


def _element(data: bytes, offset: int) -> tuple[Element, int]:
    """The element at ``offset`` and the offset after it."""
    if offset + 2 > len(data):
        raise ValueError("truncated element")
    tag, first = data[offset], data[offset + 1]
    offset += 2
    if first & 0x80:
        size = first & 0x7F
        if not 1 <= size <= 4 or offset + size > len(data):
            raise ValueError("unsupported length")
        length = int.from_bytes(data[offset : offset + size], "big")
        offset += size
    else:
        length = first
    if offset + length > len(data):
        raise ValueError("truncated contents")
    return (tag, data[offset : offset + length]), offset + length


def _elements(data: bytes) -> list[Element]:
    found, offset = [], 0
    while offset < len(data):
        element, offset = _element(data, offset)
        found.append(element)
    return found


def _only(data: bytes, tag: int) -> bytes:
    """The contents of ``data``, which must be exactly one element with ``tag``."""
    (element,) = _children(data, count=1)
    return _value(element, tag)


def _children(data: bytes, count: int | None = None) -> list[Element]:
    found = _elements(data)
    if count is not None and len(found) != count:
        raise ValueError(f"expected {count} elements, found {len(found)}")
    return found


def _value(element: Element, tag: int) -> bytes:
    if element[0] != tag:
        raise ValueError(f"expected tag {tag:#x}, found {element[0]:#x}")
    return element[1]


def _time(element: Element) -> datetime:
    tag, contents = element
    text = contents.decode("ascii", errors="replace")
    if tag == _UTC_TIME and re.fullmatch(r"\d{12}Z", text):
        year = int(text[:2])
        text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
    elif not (tag == _GENERALIZED_TIME and re.fullmatch(r"\d{14}Z", text)):
        raise ValueError(f"not a time: {text!r}")
    return datetime.strptime(text, "%Y%m%d%H%M%SZ").replace(tzinfo=timezone.utc)


def _common_name(name: bytes) -> str | None:
    for relative in _children(name):
        for attribute in _children(_value(relative, _SET)):
            oid, value = _children(_value(attribute, _SEQUENCE), count=2)
            if _value(oid, _OID) == _COMMON_NAME and value[0] in _STRING_TAGS:
                return value[1].decode("utf-8", errors="replace")
    return None


def _dns_names(extensions: Element) -> tuple[str, ...]:
    for extension in _children(_only(extensions[1], _SEQUENCE)):
        parts = _children(_value(extension, _SEQUENCE))
        if parts and _value(parts[0], _OID) == _SUBJECT_ALT_NAME:
            names = _children(_only(_value(parts[-1], _OCTET_STRING), _SEQUENCE))
            return tuple(value.decode("ascii") for tag, value in names if tag == _DNS_NAME)
    return ()


# Writing DER


def _tlv(tag: int, contents: bytes) -> bytes:
    length = len(contents)
    if length < 0x80:
        return bytes([tag, length]) + contents
    size = (length.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + length.to_bytes(size, "big") + contents


def _name(common_name: str) -> bytes:
    attribute = _tlv(_OID, _COMMON_NAME) + _tlv(_UTF8_STRING, common_name.encode())
    return _tlv(_SEQUENCE, _tlv(_SET, _tlv(_SEQUENCE, attribute)))


def _time_tlv(timestamp: float) -> bytes:
    moment = datetime.fromtimestamp(int(timestamp), tz=timezone.utc)
    if moment.year < 2050:
        return _tlv(_UTC_TIME, moment.strftime("%y%m%d%H%M%SZ").encode())
    return _tlv(_GENERALIZED_TIME, moment.strftime("%Y%m%d%H%M%SZ").encode())
