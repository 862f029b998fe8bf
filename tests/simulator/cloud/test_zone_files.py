"""Zone files (RFC 1035, read and written by dnspython): an import replaces every RRSet and takes
the file's ``$TTL``; bad files are ``invalid_input`` naming the line; an export imports back to
the same RRSets."""

from __future__ import annotations

import pytest

import asynchetzner

from ..conftest import field_names
from .test_zones import new_zone, refused, rrsets

ZONE = "/zones/example.com"
ZONEFILE = """$ORIGIN example.com.
$TTL 7200
@   IN SOA hydrogen.ns.hetzner.com. dns.hetzner.com. (
        2024010100 ; serial
        86400 10800 3600000 3600 )
@   IN 10800 NS hydrogen.ns.hetzner.com. ; Some comment.
@   IN NS oxygen.ns.hetzner.com.
@   IN NS helium.ns.hetzner.de.
www 300 IN A 198.51.100.1
www IN A 198.51.100.2
txt IN TXT "hello world" "second \\"quoted\\" string"
mail IN MX 10 mx
*.apps IN CNAME www
"""


WWW = {"name": "www", "type": "A", "records": [{"value": "198.51.100.1"}]}


async def imported(client: asynchetzner.Client, text: str) -> None:
    action = await client.post(f"{ZONE}/actions/import_zonefile", zonefile=text)
    assert action["action"]["command"] == "import_zonefile"


async def test_import_replaces_every_rrset(client: asynchetzner.Client) -> None:
    await new_zone(client)
    await client.post(f"{ZONE}/rrsets", name="old", type="A", records=[{"value": "1.2.3.4"}])
    await imported(client, ZONEFILE)
    found = await rrsets(client)
    assert set(found) == {"@/SOA", "@/NS", "www/A", "txt/TXT", "mail/MX", "*.apps/CNAME"}
    assert (await client.get(ZONE))["zone"]["ttl"] == 7200
    assert found["www/A"]["ttl"] == 300
    assert found["mail/MX"]["ttl"] is None
    assert found["@/NS"]["ttl"] is None  # an RRSet's TTL is its records' lowest (RFC 2181)
    assert [r["value"] for r in found["txt/TXT"]["records"]] == [
        '"hello world" "second \\"quoted\\" string"'
    ]
    # comments are dropped, names made absolute
    assert found["mail/MX"]["records"] == [{"value": "10 mx.example.com."}]
    soa = found["@/SOA"]["records"][0]["value"].split()
    assert int(soa[2]) > 2024010100  # Hetzner increases the serial


async def test_a_zone_is_created_from_a_zonefile(client: asynchetzner.Client) -> None:
    created = await new_zone(client, zonefile=ZONEFILE)
    assert created["zone"]["ttl"] == 7200
    assert created["zone"]["record_count"] == 9
    error = await refused(
        "invalid_input",
        new_zone(client, "example.org", zonefile=ZONEFILE, rrsets=[WWW]),
    )
    assert field_names(error) == ["rrsets"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("$ORIGIN example.org.\n", "$ORIGIN example.org."),
        (ZONEFILE + "bad IN A 300.1.1.1\n", "line 15: Text input is malformed"),  # dnspython's
        # line: the one after the record, whose end it had read
        (ZONEFILE + 'ch CH TXT "x"\n', "class"),
        (ZONEFILE + "loc IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m\n", "LOC"),
        (ZONEFILE.replace("@   IN NS oxygen.ns.hetzner.com.\n", ""), "oxygen.ns.hetzner.com."),
        ("$TTL 3600\n@ IN NS hydrogen.ns.hetzner.com.\n", "SOA"),
        ("$TTL forever\n", "$TTL forever"),
        (ZONEFILE + "www IN CNAME other.example.com.\n", "CNAME"),
    ],
)
async def test_a_bad_zonefile_is_refused_saying_why(
    client: asynchetzner.Client, text: str, problem: str
) -> None:
    await new_zone(client)
    error = await refused("invalid_input", imported(client, text))
    assert field_names(error) == ["zonefile"]
    message = error.details["fields"][0]["messages"][0]
    assert problem in message
    assert problem in error.message


async def test_export_writes_every_record_and_imports_back(client: asynchetzner.Client) -> None:
    await new_zone(client, ttl=3600)
    await client.post(
        f"{ZONE}/rrsets",
        name="www",
        type="A",
        ttl=300,
        records=[{"value": "198.51.100.1", "comment": "web server"}],
    )
    await client.post(f"{ZONE}/rrsets", name="@", type="TXT", records=[{"value": '"a b" "c"'}])
    text = (await client.get(f"{ZONE}/zonefile"))["zonefile"]
    lines = text.splitlines()
    assert lines[:2] == ["$ORIGIN\texample.com.", "$TTL\t3600"]
    assert "www 300 IN A 198.51.100.1 ;web server" in lines
    assert '@ 3600 IN TXT "a b" "c"' in lines
    before = await rrsets(client)
    await new_zone(client, "example.org")
    other = text.replace("example.com.", "example.org.")
    await client.post("/zones/example.org/actions/import_zonefile", zonefile=other)
    after = await rrsets(client, "example.org")
    assert set(after) == set(before)
    assert after["www/A"]["ttl"] == 300
    assert after["@/TXT"]["ttl"] is None
    assert after["www/A"]["records"] == [{"value": "198.51.100.1"}]


async def test_an_import_without_ttl_keeps_the_zones(client: asynchetzner.Client) -> None:
    await new_zone(client, ttl=600)
    await imported(client, ZONEFILE.replace("$TTL 7200\n", "$TTL 600\n"))
    await imported(client, ZONEFILE.replace("$TTL 7200\n", ""))
    assert (await client.get(ZONE))["zone"]["ttl"] == 600
    found = await rrsets(client)
    assert found["mail/MX"]["ttl"] == 300  # the last TTL given before it, as RFC 1035 says


async def test_imported_rrsets_follow_the_rules_of_created_ones(
    client: asynchetzner.Client,
) -> None:
    await new_zone(client)
    error = await refused("invalid_input", imported(client, ZONEFILE + "x+y IN A 198.51.100.9\n"))
    assert field_names(error) == ["zonefile.6.name"]
    await imported(client, ZONEFILE + "Upper IN A 198.51.100.9\n")
    assert "upper/A" in await rrsets(client)  # names are case-insensitive: stored in lower case
