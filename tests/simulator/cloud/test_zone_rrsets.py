"""Zone RRSets: addressed by name and type, values checked per type, the record actions (each an
action on the zone that increases its SOA serial), ``change`` protection, and the rules of the
zone's SOA and apex NS RRSets and of CNAMEs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.cloud.zone_records import NAMESERVERS

from ...conftest import NO_RETRY
from ..conftest import field_names
from .test_zones import new_zone, refused, rrsets

ZONE = "/zones/example.com"


def values(rrset: dict[str, Any]) -> list[str]:
    return [record["value"] for record in rrset["records"]]


async def serial(client: asynchetzner.Client) -> int:
    return int((await rrsets(client))["@/SOA"]["records"][0]["value"].split()[2])


async def create(
    client: asynchetzner.Client, name: str, rr_type: str, *records: str, **body: Any
) -> dict[str, Any]:
    listed = [{"value": value} for value in records]
    created: dict[str, Any] = await client.post(
        f"{ZONE}/rrsets", name=name, type=rr_type, records=listed, **body
    )
    return created


@pytest.fixture
async def zone(client: asynchetzner.Client) -> dict[str, Any]:
    created: dict[str, Any] = (await new_zone(client))["zone"]
    return created


async def test_create_and_get_by_name_and_type(
    client: asynchetzner.Client, zone: dict[str, Any]
) -> None:
    before = await serial(client)
    created = await create(client, "www", "A", "198.51.100.1", ttl=300, labels={"a": "b"})
    rrset = created["rrset"]
    assert rrset == {
        "id": "www/A",
        "name": "www",
        "type": "A",
        "ttl": 300,
        "labels": {"a": "b"},
        "protection": {"change": False},
        "records": [{"value": "198.51.100.1"}],
        "zone": zone["id"],
    }
    assert created["action"]["command"] == "create_rrset"
    assert created["action"]["resources"] == [{"id": zone["id"], "type": "zone"}]
    assert await serial(client) == before + 1
    assert (await client.get(f"/zones/{zone['id']}/rrsets/www/A"))["rrset"]["id"] == "www/A"
    assert (await client.get(f"{ZONE}/rrsets/@/NS"))["rrset"]["id"] == "@/NS"
    await refused("not_found", client.get(f"{ZONE}/rrsets/www/AAAA"))
    await refused("uniqueness_error", create(client, "www", "A", "198.51.100.2"))
    assert (await client.get(ZONE))["zone"]["record_count"] == 5


async def test_lists_filter_by_name_and_type_and_take_100_per_page(
    client: asynchetzner.Client, zone: dict[str, Any]
) -> None:
    await create(client, "www", "A", "198.51.100.1")
    await create(client, "www", "AAAA", "2001:db8::1")
    await create(client, "*", "TXT", '"wild"')
    listed = await client.get(f"{ZONE}/rrsets", name="www", type=["AAAA", "TXT"])
    assert [r["id"] for r in listed["rrsets"]] == ["www/AAAA"]
    page = await client.get(f"{ZONE}/rrsets", per_page=100)
    assert page["meta"]["pagination"]["per_page"] == 100
    assert len(page["rrsets"]) == 5


@pytest.mark.parametrize(
    ("name", "rr_type", "value", "field"),
    [
        ("WWW", "A", "198.51.100.1", "name"),
        ("www.", "A", "198.51.100.1", "name"),
        ("www.example.com", "A", "198.51.100.1", "name"),
        ("ü", "A", "198.51.100.1", "name"),
        ("a.*", "A", "198.51.100.1", "name"),
        ("www", "A", "198.51.100.256", "records.0.value"),
        ("www", "AAAA", "198.51.100.1", "records.0.value"),
        ("@", "MX", "mail.example.com.", "records.0.value"),
        ("@", "TXT", "v=spf1 -all", "records.0.value"),
        ("@", "CAA", '0 issue "letsencrypt.org" extra', "records.0.value"),
        ("www", "SOA", "a. b. 1 2 3 4 5", "name"),
        ("@", "CNAME", "www.example.com.", "name"),
    ],
)
async def test_names_and_values_are_checked(
    client: asynchetzner.Client,
    zone: dict[str, Any],
    name: str,
    rr_type: str,
    value: str,
    field: str,
) -> None:
    error = await refused("invalid_input", create(client, name, rr_type, value))
    assert field_names(error) == [field]


async def test_values_valid_for_their_type_are_taken(
    client: asynchetzner.Client, zone: dict[str, Any]
) -> None:
    await create(client, "@", "MX", "10 mail.example.com.", "20 mail")
    await create(client, "_dmarc", "TXT", '"v=DMARC1; p=none" "more"')
    await create(client, "*.xn--4bi", "CNAME", "www.example.com.")
    await create(client, "@", "CAA", '0 issue "letsencrypt.org"')
    await create(client, "_sip._tcp", "SRV", "10 5 5060 sip.example.com.")
    found = await rrsets(client)
    assert set(found) >= {"@/MX", "_dmarc/TXT", "*.xn--4bi/CNAME", "@/CAA", "_sip._tcp/SRV"}


async def test_records_are_distinct_and_cname_stands_alone(
    client: asynchetzner.Client, zone: dict[str, Any]
) -> None:
    error = await refused("invalid_input", create(client, "a", "A", "1.2.3.4", "1.2.3.4"))
    assert field_names(error) == ["records"]
    error = await refused("invalid_input", create(client, "a", "CNAME", "b.", "c."))
    assert field_names(error) == ["records"]
    await refused("invalid_input", client.post(f"{ZONE}/rrsets", name="a", type="A", records=[]))
    await create(client, "www", "A", "198.51.100.1")
    error = await refused("invalid_input", create(client, "www", "CNAME", "other.example.com."))
    assert field_names(error) == ["type"]
    await create(client, "blog", "CNAME", "www")
    error = await refused("invalid_input", create(client, "blog", "TXT", '"x"'))
    assert field_names(error) == ["type"]


async def test_record_actions(client: asynchetzner.Client, zone: dict[str, Any]) -> None:
    path = f"{ZONE}/rrsets/www/A"
    await create(client, "www", "A", "198.51.100.1")
    before = await serial(client)
    added = await client.post(f"{path}/actions/add_records", records=[{"value": "198.51.100.2"}])
    assert added["action"]["command"] == "add_rrset_records"
    assert added["action"]["resources"] == [{"id": zone["id"], "type": "zone"}]
    answer = await client.post(
        f"{path}/actions/update_records", records=[{"value": "198.51.100.2", "comment": "new"}]
    )
    assert answer["action"]["command"] == "update_rrset_records"
    rrset = (await client.get(path))["rrset"]
    assert rrset["records"] == [
        {"value": "198.51.100.1"},
        {"value": "198.51.100.2", "comment": "new"},
    ]
    await client.post(f"{path}/actions/remove_records", records=[{"value": "198.51.100.1"}])
    assert values((await client.get(path))["rrset"]) == ["198.51.100.2"]
    await client.post(f"{path}/actions/set_records", records=[{"value": "198.51.100.9"}])
    assert values((await client.get(path))["rrset"]) == ["198.51.100.9"]
    await client.post(f"{path}/actions/change_ttl", ttl=120)
    assert (await client.get(path))["rrset"]["ttl"] == 120
    await client.post(f"{path}/actions/change_ttl", ttl=None)
    assert (await client.get(path))["rrset"]["ttl"] is None
    assert await serial(client) == before + 6
    actions = await client.get(f"/zones/{zone['id']}/actions")
    assert "set_rrset_records" in {a["command"] for a in actions["actions"]}


async def test_add_records_creates_the_rrset_and_keeps_its_ttl(
    client: asynchetzner.Client, zone: dict[str, Any]
) -> None:
    path = f"{ZONE}/rrsets/@/MX/actions/add_records"
    await client.post(path, records=[{"value": "10 mail.example.com."}], ttl=600)
    found = await rrsets(client)
    assert (values(found["@/MX"]), found["@/MX"]["ttl"]) == (["10 mail.example.com."], 600)
    error = await refused("invalid_input", client.post(path, records=[{"value": "20 b."}], ttl=60))
    assert field_names(error) == ["ttl"]
    error = await refused(
        "invalid_input", client.post(path, records=[{"value": "10 mail.example.com."}])
    )
    assert field_names(error) == ["records"]
    new = f"{ZONE}/rrsets/New/A/actions/add_records"
    error = await refused("invalid_input", client.post(new, records=[{"value": "1.2.3.4"}]))
    assert field_names(error) == ["name"]
    unknown = f"{ZONE}/rrsets/new/SPF/actions/add_records"
    error = await refused("invalid_input", client.post(unknown, records=[{"value": '"x"'}]))
    assert field_names(error) == ["type"]


async def test_removing_unknown_or_every_record(
    client: asynchetzner.Client, zone: dict[str, Any]
) -> None:
    await create(client, "www", "A", "198.51.100.1")
    remove = f"{ZONE}/rrsets/www/A/actions/remove_records"
    error = await refused("invalid_input", client.post(remove, records=[{"value": "1.1.1.1"}]))
    assert field_names(error) == ["records"]
    update = f"{ZONE}/rrsets/www/A/actions/update_records"
    await refused(
        "invalid_input", client.post(update, records=[{"value": "1.1.1.1", "comment": "x"}])
    )
    await client.post(remove, records=[{"value": "198.51.100.1"}])
    await refused("not_found", client.get(f"{ZONE}/rrsets/www/A"))


async def test_the_zones_soa_and_ns_stay(client: asynchetzner.Client, zone: dict[str, Any]) -> None:
    for rr_type in ("SOA", "NS"):
        await refused("invalid_input", client.delete(f"{ZONE}/rrsets/@/{rr_type}"))
    ns = f"{ZONE}/rrsets/@/NS/actions"
    error = await refused(
        "invalid_input", client.post(f"{ns}/remove_records", records=[{"value": NAMESERVERS[0]}])
    )
    assert field_names(error) == ["records"]
    every = [{"value": value} for value in NAMESERVERS]
    await refused("invalid_input", client.post(f"{ns}/remove_records", records=every))
    await refused("invalid_input", client.post(f"{ns}/set_records", records=[{"value": "a.b."}]))
    await client.post(f"{ns}/add_records", records=[{"value": "ns1.example.net."}])
    await client.post(f"{ns}/remove_records", records=[{"value": "ns1.example.net."}])
    soa = f"{ZONE}/rrsets/@/SOA/actions/set_records"
    await client.post(soa, records=[{"value": "a.example.com. b.example.com. 1 2 3 4 5"}])
    assert await serial(client) >= 2


async def test_change_protection_refuses_changes_and_deletion(
    client: asynchetzner.Client, zone: dict[str, Any]
) -> None:
    path = f"{ZONE}/rrsets/www/A"
    await create(client, "www", "A", "198.51.100.1")
    answer = await client.post(f"{path}/actions/change_protection", change=True)
    assert answer["action"]["command"] == "change_rrset_protection"
    assert (await client.get(path))["rrset"]["protection"] == {"change": True}
    for call in (
        client.put(path, labels={}),
        client.delete(path),
        client.post(f"{path}/actions/change_ttl", ttl=60),
        client.post(f"{path}/actions/add_records", records=[{"value": "198.51.100.2"}]),
        client.post(f"{ZONE}/actions/import_zonefile", zonefile="$TTL 60"),
    ):
        await refused("protected", call)
    await client.post(f"{path}/actions/change_protection", change=False)
    assert (await client.put(path, labels={"x": "y"}))["rrset"]["labels"] == {"x": "y"}
    deleted = await client.delete(path)
    assert deleted["action"]["command"] == "delete_rrset"
    assert deleted["action"]["resources"] == [{"id": zone["id"], "type": "zone"}]
    await refused("not_found", client.get(path))


async def test_an_action_finishing_after_its_zone_is_gone_changes_nothing(
    make_simulator: Callable[..., Simulator],
) -> None:
    now = [1_800_000_000.0]
    async with (
        make_simulator(action_seconds=10.0, clock=lambda: now[0]) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        await new_zone(client)
        now[0] += 20
        await create(client, "www", "A", "198.51.100.1")
        now[0] += 20
        await client.delete(ZONE)  # finishes at +10
        now[0] += 1
        await client.post(f"{ZONE}/rrsets/www/A/actions/change_ttl", ttl=60)  # at +11
        now[0] += 20
        await refused("not_found", client.get(ZONE))
        assert simulator.project.store.table("rrset") == {}
