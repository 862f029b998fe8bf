"""Zones: primary ones start with a SOA and the assigned nameservers' NS records, secondary ones
with their primary nameservers; operations of the other mode are 422 ``incorrect_zone_mode``;
names are unique domains in lower case and Punycode; deleting a zone deletes its RRSets."""

from __future__ import annotations

from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator.cloud.zone_records import NAMESERVERS

from ..conftest import field_names

PRIMARY_NS = [{"address": "203.0.113.10"}, {"address": "2a01:4f8::1", "port": 5353}]


async def new_zone(
    client: asynchetzner.Client, name: str = "example.com", mode: str = "primary", **body: Any
) -> dict[str, Any]:
    created: dict[str, Any] = await client.post("/zones", name=name, mode=mode, **body)
    return created


async def rrsets(client: asynchetzner.Client, zone: str | int = "example.com") -> dict[str, Any]:
    """The zone's RRSets by id (``name/type``)."""
    answer = await client.get(f"/zones/{zone}/rrsets", per_page=100)
    return {rrset["id"]: rrset for rrset in answer["rrsets"]}


async def refused(code: str, call: Any) -> asynchetzner.APIError:
    with pytest.raises(asynchetzner.APIError) as caught:
        await call
    assert caught.value.code == code, caught.value
    return caught.value


async def test_a_primary_zone_starts_with_soa_and_ns(client: asynchetzner.Client) -> None:
    created = await new_zone(client, ttl=10800, labels={"env": "prod"})
    zone = created["zone"]
    assert (zone["name"], zone["mode"], zone["ttl"], zone["status"]) == (
        "example.com",
        "primary",
        10800,
        "ok",
    )
    assert zone["labels"] == {"env": "prod"}
    assert zone["protection"] == {"delete": False}
    assert zone["authoritative_nameservers"]["assigned"] == list(NAMESERVERS)
    assert zone["primary_nameservers"] == []
    assert zone["record_count"] == 4
    assert created["action"]["command"] == "create_zone"
    assert created["action"]["resources"] == [{"id": zone["id"], "type": "zone"}]
    found = await rrsets(client)
    assert set(found) == {"@/SOA", "@/NS"}
    assert [r["value"] for r in found["@/NS"]["records"]] == list(NAMESERVERS)
    soa = found["@/SOA"]["records"][0]["value"].split()
    assert soa[:2] == ["hydrogen.ns.hetzner.com.", "dns.hetzner.com."]
    assert len(soa) == 7


async def test_a_zone_is_found_by_id_or_name(client: asynchetzner.Client) -> None:
    zone = (await new_zone(client))["zone"]
    await new_zone(client, "example.org", "secondary", primary_nameservers=PRIMARY_NS)
    assert (await client.get("/zones/example.com"))["zone"]["id"] == zone["id"]
    assert (await client.get(f"/zones/{zone['id']}"))["zone"]["name"] == "example.com"
    listed = await client.get("/zones", mode="secondary")
    assert [z["name"] for z in listed["zones"]] == ["example.org"]
    assert [z["id"] for z in (await client.get("/zones", name="example.com"))["zones"]] == [
        zone["id"]
    ]
    await refused("not_found", client.get("/zones/example.net"))


async def test_rrsets_given_at_creation_are_checked_and_override_defaults(
    client: asynchetzner.Client,
) -> None:
    ns = [*NAMESERVERS, "ns1.example.net."]
    zone = await new_zone(
        client,
        rrsets=[
            {"name": "www", "type": "A", "ttl": 300, "records": [{"value": "198.51.100.1"}]},
            {"name": "@", "type": "NS", "records": [{"value": v} for v in ns]},
        ],
    )
    assert zone["zone"]["record_count"] == 6
    found = await rrsets(client)
    assert found["www/A"]["ttl"] == 300
    assert [r["value"] for r in found["@/NS"]["records"]] == ns
    bad = {"name": "x", "type": "A", "records": [{"value": "1.2.3"}]}
    error = await refused("invalid_input", new_zone(client, "example.org", rrsets=[bad]))
    assert field_names(error) == ["rrsets.0.records.0.value"]
    twice = [bad | {"records": [{"value": "1.2.3.4"}]}] * 2
    error = await refused("invalid_input", new_zone(client, "example.org", rrsets=twice))
    assert field_names(error) == ["rrsets.1"]


@pytest.mark.parametrize(
    "name", ["Example.com", "example.com.", "münchen.de", "com", "-a.com", "a..com", "_x.com"]
)
async def test_a_zone_name_is_a_lower_case_punycode_domain(
    client: asynchetzner.Client, name: str
) -> None:
    error = await refused("invalid_input", new_zone(client, name))
    assert field_names(error) == ["name"]


async def test_zone_names_are_unique_and_idns_are_punycode(client: asynchetzner.Client) -> None:
    await new_zone(client, "xn--mnchen-3ya.de")
    await refused("uniqueness_error", new_zone(client, "xn--mnchen-3ya.de"))
    assert (await client.get("/zones/xn--mnchen-3ya.de"))["zone"]["name"] == "xn--mnchen-3ya.de"


async def test_a_secondary_zone_has_its_primary_nameservers(client: asynchetzner.Client) -> None:
    key = {"tsig_key": "c2VjcmV0", "tsig_algorithm": "hmac-sha256"}
    servers = [PRIMARY_NS[0] | key, PRIMARY_NS[1]]
    zone = (await new_zone(client, mode="secondary", primary_nameservers=servers))["zone"]
    assert zone["primary_nameservers"] == [
        {"port": 53, **PRIMARY_NS[0], **key},
        {"address": "2a01:4f8::1", "port": 5353},
    ]
    assert zone["record_count"] == 0
    other = [{"address": "203.0.113.20"}]
    action = await client.post(
        "/zones/example.com/actions/change_primary_nameservers", primary_nameservers=other
    )
    assert action["action"]["command"] == "change_primary_nameservers"
    shown = (await client.get("/zones/example.com"))["zone"]["primary_nameservers"]
    assert shown == [{"address": "203.0.113.20", "port": 53}]


@pytest.mark.parametrize(
    ("servers", "field"),
    [
        ([], "primary_nameservers"),
        ([{"address": "ns1.example.com"}], "primary_nameservers.0.address"),
        ([{"address": "10.0.0.1"}], "primary_nameservers.0.address"),
        ([PRIMARY_NS[0], PRIMARY_NS[0]], "primary_nameservers.1.address"),
        ([{"address": "203.0.113.1", "port": 70000}], "primary_nameservers.0.port"),
        ([{"address": "203.0.113.1", "tsig_key": "c2VjcmV0"}], "primary_nameservers.0"),
        (
            [{"address": "203.0.113.1", "tsig_key": "not base64!", "tsig_algorithm": "hmac-md5"}],
            "primary_nameservers.0.tsig_key",
        ),
    ],
)
async def test_primary_nameservers_are_checked(
    client: asynchetzner.Client, servers: list[dict[str, Any]], field: str
) -> None:
    creating = new_zone(client, mode="secondary", primary_nameservers=servers)
    error = await refused("invalid_input", creating)
    assert field_names(error) == [field]


async def test_operations_of_the_other_mode_are_refused(client: asynchetzner.Client) -> None:
    await new_zone(client, "example.org", "secondary", primary_nameservers=PRIMARY_NS)
    await new_zone(client)
    secondary, primary = "/zones/example.org", "/zones/example.com"
    for call in (
        client.get(f"{secondary}/zonefile"),
        client.get(f"{secondary}/rrsets"),
        client.get(f"{secondary}/rrsets/@/SOA"),
        client.post(f"{secondary}/rrsets", name="a", type="A", records=[{"value": "1.2.3.4"}]),
        client.post(f"{secondary}/actions/change_ttl", ttl=600),
        client.post(f"{secondary}/actions/import_zonefile", zonefile="x"),
        client.post(f"{primary}/actions/change_primary_nameservers", primary_nameservers=[]),
        client.post(f"{secondary}/rrsets/a/A/actions/add_records", records=[{"value": "a"}]),
    ):
        error = await refused("incorrect_zone_mode", call)
        assert error.status == 422


async def test_update_changes_labels_only(client: asynchetzner.Client) -> None:
    await new_zone(client, labels={"a": "b"})
    updated = await client.put("/zones/example.com", labels={"c": "d"})
    assert updated["zone"]["labels"] == {"c": "d"}
    await refused("invalid_input", client.put("/zones/example.com", labels={"a/b/c": "d"}))


async def test_delete_removes_the_zone_and_its_rrsets_unless_protected(
    client: asynchetzner.Client, simulator: Any
) -> None:
    zone = (await new_zone(client))["zone"]
    await client.post("/zones/example.com/actions/change_protection", delete=True)
    await refused("protected", client.delete("/zones/example.com"))
    await client.post(f"/zones/{zone['id']}/actions/change_protection", delete=False)
    deleted = await client.delete("/zones/example.com")
    assert deleted["action"]["command"] == "delete_zone"
    await refused("not_found", client.get("/zones/example.com"))
    assert simulator.project.store.table("rrset") == {}
    await new_zone(client)  # the name is free again


async def test_change_ttl_sets_the_default_and_increases_the_serial(
    client: asynchetzner.Client,
) -> None:
    await new_zone(client)
    before = (await rrsets(client))["@/SOA"]["records"][0]["value"].split()[2]
    action = await client.post("/zones/example.com/actions/change_ttl", ttl=600)
    assert action["action"]["command"] == "change_ttl"
    assert (await client.get("/zones/example.com"))["zone"]["ttl"] == 600
    after = (await rrsets(client))["@/SOA"]["records"][0]["value"].split()[2]
    assert int(after) == int(before) + 1
    actions = await client.get("/zones/example.com/actions", sort="id")
    assert [a["command"] for a in actions["actions"]] == ["create_zone", "change_ttl"]
