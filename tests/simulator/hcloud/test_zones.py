"""The official ``hcloud`` library drives zones end to end against the simulator: a primary zone
and its RRSets with every record action, zone file export and import, a secondary zone, the
action reads, protection and deletion."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import hcloud, run

zones = hcloud.zones
Record = zones.ZoneRecord
NAMESERVERS = ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."]


async def wait(action: Any) -> None:
    await run(action.wait_until_finished)


async def test_primary_zone_and_rrsets(hc: Any) -> None:
    created = await run(hc.zones.create, name="example.com", mode="primary", ttl=7200)
    await wait(created.action)
    zone = await run(hc.zones.get, "example.com")
    assert (zone.id, zone.mode, zone.ttl, zone.record_count) == (
        created.zone.id,
        "primary",
        7200,
        4,
    )
    assert zone.authoritative_nameservers.assigned == NAMESERVERS

    response = await run(
        zone.create_rrset, name="www", type="A", ttl=300, records=[Record("198.51.100.1", "web")]
    )
    await wait(response.action)
    rrset = await run(zone.get_rrset, "www", "A")
    assert (rrset.id, rrset.ttl, rrset.zone.id) == ("www/A", 300, zone.id)
    assert [(r.value, r.comment) for r in rrset.records] == [("198.51.100.1", "web")]

    await wait(await run(rrset.add_rrset_records, [Record("198.51.100.2")]))
    await wait(await run(rrset.update_rrset_records, [Record("198.51.100.2", "two")]))
    await wait(await run(rrset.remove_rrset_records, [Record("198.51.100.1")]))
    await wait(await run(rrset.change_rrset_ttl, None))
    rrset = await run(zone.get_rrset, "www", "A")
    assert [(r.value, r.comment) for r in rrset.records] == [("198.51.100.2", "two")]
    assert rrset.ttl is None
    await wait(await run(rrset.set_rrset_records, [Record("198.51.100.3")]))
    await wait(await run(rrset.change_rrset_protection, change=True))
    with pytest.raises(hcloud.APIException) as protected:
        await run(rrset.delete_rrset)
    assert protected.value.code == "protected"
    await wait(await run(rrset.change_rrset_protection, change=False))
    relabelled = await run(rrset.update_rrset, labels={"a": "b"})
    assert relabelled.labels == {"a": "b"}

    apex = zones.ZoneRRSet(name="@", type="MX", zone=zone)
    await wait(await run(hc.zones.add_rrset_records, apex, [Record("10 mail.example.com.")]))
    listed = await run(zone.get_rrset_all, type=["MX", "A"])
    assert sorted(r.id for r in listed) == ["@/MX", "www/A"]

    exported = await run(zone.export_zonefile)
    assert "www 7200 IN A 198.51.100.3" in exported.zonefile.splitlines()
    changed = exported.zonefile.replace("198.51.100.3", "198.51.100.4")
    await wait(await run(zone.import_zonefile, changed))
    assert [r.value for r in (await run(zone.get_rrset, "www", "A")).records] == ["198.51.100.4"]
    with pytest.raises(hcloud.APIException) as bad:
        await run(zone.import_zonefile, changed.replace("198.51.100.4", "::1"))
    assert bad.value.code == "invalid_input"
    rrset = await run(zone.get_rrset, "www", "A")

    await wait((await run(rrset.delete_rrset)).action)
    with pytest.raises(hcloud.APIException) as gone:
        await run(zone.get_rrset, "www", "A")
    assert gone.value.code == "not_found"

    await wait(await run(zone.change_ttl, 600))
    await wait(await run(zone.change_protection, delete=True))
    with pytest.raises(hcloud.APIException) as kept:
        await run(zone.delete)
    assert kept.value.code == "protected"
    await wait(await run(zone.change_protection, delete=False))
    commands = [a.command for a in await run(zone.get_actions, sort=["id"])]
    assert commands[:2] == ["create_zone", "create_rrset"]
    assert "import_zonefile" in commands
    await wait((await run(zone.delete)).action)
    assert await run(hc.zones.get_all) == []


async def test_secondary_zone(hc: Any) -> None:
    servers = [zones.ZonePrimaryNameserver(address="198.51.100.1", port=5353)]
    created = await run(
        hc.zones.create, name="example.org", mode="secondary", primary_nameservers=servers
    )
    await wait(created.action)
    zone = await run(hc.zones.get, created.zone.id)
    assert [(p.address, p.port) for p in zone.primary_nameservers] == [("198.51.100.1", 5353)]
    other = [zones.ZonePrimaryNameserver(address="198.51.100.2")]
    await wait(await run(zone.change_primary_nameservers, other))
    zone = await run(hc.zones.get, "example.org")
    assert [(p.address, p.port) for p in zone.primary_nameservers] == [("198.51.100.2", 53)]
    with pytest.raises(hcloud.APIException) as wrong:
        await run(zone.export_zonefile)
    assert wrong.value.code == "incorrect_zone_mode"
    assert [z.name for z in await run(hc.zones.get_all, mode="secondary")] == ["example.org"]
