"""The DNS rules of zones and their RRSets: names, record values, the SOA serial, zone files.

Record values are read by dnspython, as a nameserver would read them in a zone file, so each type
is checked by its RFC syntax (an ``A`` is an IPv4 address, an ``MX`` ``"priority host"``…);
Hetzner also wants ``TXT`` values quoted. Zone files are read and written by dnspython too
(RFC 1035: ``$ORIGIN``, ``$TTL``, parentheses, escapes, relative names). On import an RRSet whose
TTL is the file's ``$TTL`` takes the zone's default (``ttl`` null), comments are dropped, and
names in record values are made absolute (``10 mx`` → ``10 mx.example.com.``), as the API shows
them, so that importing a zone's own export changes none of its records; on export each record
carries its comment.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.ttl
import dns.zone

from ..engine.entities import Entity
from ..engine.errors import invalid_input
from . import CLOUD

TYPES = frozenset(CLOUD.schemas["POST /zones/{id_or_name}/rrsets"]["properties"]["type"]["enum"])
NAMESERVERS = ("hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de.")
SOA_TAIL = "dns.hetzner.com. {serial} 86400 10800 3600000 3600"
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_ZONE_NAME = re.compile(rf"(?:{_LABEL}\.)+{_LABEL}")
_RR_NAME = re.compile(rf"(?:\*|{_LABEL})(?:\.{_LABEL})*")
_DIRECTIVE = re.compile(r"^\$(ORIGIN|TTL)[ \t]+(\S+)", re.IGNORECASE | re.MULTILINE)
MAX_NAME = 253


def check_zone_name(name: str) -> None:
    """A domain in lower case, in Punycode, without the ending dot."""
    if len(name) > MAX_NAME or not _ZONE_NAME.fullmatch(name) or name.startswith("_"):
        raise invalid_input(
            {"name": ["must be a domain in lower case and Punycode, without ending dot"]},
            f"invalid zone name {name!r}",
        )


def check_rr_name(name: str, zone: str, field: str = "name") -> None:
    """``@`` or a name relative to the zone: lower case, Punycode, a wildcard ``*`` first."""
    valid = name == "@" or (
        _RR_NAME.fullmatch(name) is not None
        and len(name) + len(zone) < MAX_NAME
        and not (name == zone or name.endswith("." + zone))
    )
    if not valid:
        raise invalid_input(
            {field: [f"must be '@' or a lower-case name relative to {zone}, without ending dot"]},
            f"invalid RRSet name {name!r}",
        )


def _origin(zone: Entity) -> dns.name.Name:
    return dns.name.from_text(zone["name"] + ".")


def check_value(zone: Entity, rr_type: str, value: str, field: str) -> None:
    """A record value dnspython reads as ``rr_type`` (TXT values quoted, as Hetzner wants)."""
    problem = None
    if rr_type == "TXT" and not value.lstrip().startswith('"'):
        problem = 'a TXT value must be quoted ("...")'
    else:
        try:
            dns.rdata.from_text(dns.rdataclass.IN, rr_type, value, origin=_origin(zone))
        except (dns.exception.DNSException, ValueError) as error:
            problem = f"is no valid {rr_type} value: {error}"
    if problem is not None:
        raise invalid_input({field: [problem]}, f"invalid {rr_type} record {value!r}")


def check_records(zone: Entity, rr_type: str, records: list[Entity], field: str) -> None:
    """At least one record, distinct values, each valid for the type; one only for CNAME, SOA."""
    if not records:
        raise invalid_input({field: ["must not be empty"]}, "no records")
    values = [record["value"] for record in records]
    if len(set(values)) != len(values):
        raise invalid_input({field: ["must only contain distinct values"]}, "duplicate records")
    if rr_type in ("CNAME", "SOA") and len(records) > 1:
        raise invalid_input({field: [f"a {rr_type} RRSet holds one record"]}, "too many records")
    for index, value in enumerate(values):
        check_value(zone, rr_type, value, f"{field}.{index}.value")


def soa_value(serial: int) -> str:
    """The SOA record of a new zone."""
    return f"{NAMESERVERS[0]} {SOA_TAIL.format(serial=serial)}"


def next_serial(value: str, now: float) -> str:
    """The SOA record with its serial increased, ``YYYYMMDDnn`` by convention."""
    parts = value.split()
    today = int(time.strftime("%Y%m%d", time.gmtime(now))) * 100
    parts[2] = str(max(int(parts[2]) + 1, today))
    return " ".join(parts)


def first_serial(now: float) -> int:
    """The serial of a new zone's SOA record."""
    return int(time.strftime("%Y%m%d", time.gmtime(now))) * 100 + 1


# --------------------------------------------------------------------------------------------
# Zone files
# --------------------------------------------------------------------------------------------


def _zonefile_error(message: str) -> Exception:
    return invalid_input({"zonefile": [message]}, f"invalid zone file: {message}")


def read_zonefile(zone: Entity, text: str) -> tuple[int | None, list[Entity]]:
    """The ``$TTL`` and the RRSets (``name``, ``type``, ``ttl``, ``records``) of a zone file."""
    default_ttl = None
    for directive, value in _DIRECTIVE.findall(text):
        if directive.upper() == "ORIGIN" and value.lower() != zone["name"] + ".":
            raise _zonefile_error(f"$ORIGIN {value} is not the zone's name {zone['name']}.")
        if directive.upper() == "TTL" and default_ttl is None:
            try:
                default_ttl = dns.ttl.from_text(value)
            except dns.exception.DNSException as error:
                raise _zonefile_error(f"$TTL {value}: {error}") from None
    try:
        origin = _origin(zone)
        parsed = dns.zone.from_text(text, origin=origin, relativize=True)
    except (dns.exception.DNSException, ValueError) as error:
        raise _zonefile_error(str(error).replace("<string>:", "line ")) from None
    rrsets = []
    for name, node in parsed.nodes.items():
        for rdataset in node.rdatasets:
            rr_type = dns.rdatatype.to_text(rdataset.rdtype)
            if rr_type not in TYPES:
                raise _zonefile_error(f"{name} {rr_type}: type {rr_type} is not supported")
            records = [{"value": rdata.to_text(origin, relativize=False)} for rdata in rdataset]
            ttl = None if rdataset.ttl == default_ttl else rdataset.ttl
            owner = name.to_text().lower()
            rrsets.append({"name": owner, "type": rr_type, "ttl": ttl, "records": records})
    check_apex(rrsets)
    return default_ttl, rrsets


def check_apex(rrsets: Iterable[Entity]) -> None:
    """A zone file has the assigned nameservers as NS records at the apex (dnspython makes sure
    it has a SOA record there)."""
    apex = {rrset["type"]: rrset for rrset in rrsets if rrset["name"] == "@"}
    listed = {record["value"] for record in apex.get("NS", {}).get("records", [])}
    missing = [nameserver for nameserver in NAMESERVERS if nameserver not in listed]
    if missing:
        raise _zonefile_error(f"NS records of the assigned nameservers are missing: {missing}")


def write_zonefile(zone: Entity, rrsets: Iterable[Entity]) -> str:
    """The zone file of a zone: ``$ORIGIN``, ``$TTL``, each record with its TTL and comment."""
    origin = _origin(zone)
    written = dns.zone.Zone(origin)
    for rrset in sorted(rrsets, key=lambda r: (r["name"] != "@", r["name"], r["type"] != "SOA")):
        rdataset = written.find_rdataset(rrset["name"], rrset["type"], create=True)
        ttl = zone["ttl"] if rrset["ttl"] is None else rrset["ttl"]
        for record in rrset["records"]:
            rdata = dns.rdata.from_text(dns.rdataclass.IN, rrset["type"], record["value"], origin)
            rdataset.add(rdata.replace(rdcomment=record.get("comment") or None), ttl)
    header = f"$ORIGIN\t{origin}\n$TTL\t{zone['ttl']}\n\n"
    body: str = written.to_text(want_comments=True)
    return header + body
