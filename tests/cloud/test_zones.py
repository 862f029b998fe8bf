"""``client.zones``, ``Zone``, ``zone.rrsets`` and ``RRSet`` against the simulator: every method,
typed results, names in Unicode sent in Punycode, ``@`` and wildcards in paths, zone files."""

from __future__ import annotations

import pytest

from asynchetzner import (
    Action,
    APIError,
    Client,
    CreateRRSetResult,
    CreateZoneResult,
    InvalidArgumentError,
    NotFoundError,
    ProtectedError,
    RRSet,
    RRSetsClient,
    Zone,
)

NAMESERVERS = ["hydrogen.ns.hetzner.com.", "oxygen.ns.hetzner.com.", "helium.ns.hetzner.de."]


async def ready(client: Client, name: str = "example.com", **options: object) -> Zone:
    result = await client.zones.create(name, **options)  # type: ignore[arg-type]
    await result.action.wait(timeout=5)
    return await result.zone.refresh()


async def test_create_answers_a_typed_result(client: Client) -> None:
    result = await client.zones.create("example.com", ttl=7200, labels={"env": "prod"})
    assert isinstance(result, CreateZoneResult)
    zone, action = result
    assert isinstance(zone, Zone)
    assert (zone.name, zone.mode, zone.ttl, zone.status) == ("example.com", "primary", 7200, "ok")
    assert (zone.labels, zone.protection, zone.record_count) == (
        {"env": "prod"},
        {"delete": False},
        4,
    )
    assert zone.authoritative_nameservers["assigned"] == NAMESERVERS
    assert zone.primary_nameservers == []
    assert zone.registrar == "unknown"
    assert zone.created is not None
    assert zone.created.tzinfo is not None
    assert isinstance(action, Action)
    assert (action.command, action.resources) == ("create_zone", [{"id": zone.id, "type": "zone"}])
    assert repr(zone) == f"<Zone id={zone.id} name='example.com' mode='primary' status='ok'>"


async def test_zones_are_found_by_id_or_name_unicode_included(client: Client) -> None:
    zone = await ready(client, "münchen.de")
    assert zone.name == "xn--mnchen-3ya.de"
    assert await client.zones.get("MÜNCHEN.de") == zone
    assert await client.zones.get(zone.id) == zone
    assert await client.zones.get(zone) == zone
    assert await client.zones.get_by_name("xn--mnchen-3ya.de") == zone
    assert await client.zones.get_by_name("münchen.de") == zone
    assert await client.zones.get_all(mode="secondary") == []
    assert [z.name async for z in client.zones.list()] == ["xn--mnchen-3ya.de"]
    with pytest.raises(NotFoundError):
        await client.zones.get("example.net")


async def test_a_secondary_zone(client: Client) -> None:
    servers = [{"address": "198.51.100.1", "port": 5353}]
    zone = await ready(client, mode="secondary", primary_nameservers=servers)
    assert zone.mode == "secondary"
    assert zone.primary_nameservers == servers
    action = await zone.change_primary_nameservers([{"address": "198.51.100.2"}])
    await action.wait(timeout=5)
    assert (await zone.refresh()).primary_nameservers == [{"address": "198.51.100.2", "port": 53}]
    with pytest.raises(APIError) as caught:
        await zone.export_zonefile()
    assert (caught.value.status, caught.value.code) == (422, "incorrect_zone_mode")
    with pytest.raises(APIError, match="incorrect_zone_mode"):
        await zone.rrsets.get_all()


async def test_zone_actions_update_and_delete(client: Client) -> None:
    zone = await ready(client)
    await (await zone.change_ttl(600)).wait(timeout=5)
    assert (await zone.refresh()).ttl == 600
    updated = await client.zones.update("example.com", labels={"team": "dns"})
    assert updated.labels == {"team": "dns"}
    await (await zone.change_protection(delete=True)).wait(timeout=5)
    with pytest.raises(ProtectedError):
        await client.zones.delete(zone)
    await (await zone.change_protection(delete=False)).wait(timeout=5)
    commands = [action.command for action in await zone.get_actions(sort=["id"])]
    assert commands == ["create_zone", "change_ttl", "change_protection", "change_protection"]
    assert (await client.zones.get_action(1)).command == "create_zone"
    assert len(await client.zones.get_actions()) == 4
    deleted = await client.zones.delete("example.com")
    assert isinstance(deleted, Action)
    assert deleted.command == "delete_zone"
    await deleted.wait(timeout=5)
    assert await client.zones.delete("example.com", missing_ok=True) is None
    with pytest.raises(NotFoundError):
        await client.zones.delete(zone)


async def test_zonefile_export_and_import(client: Client) -> None:
    zone = await ready(client)
    await zone.rrsets.create("www", "A", [{"value": "198.51.100.1", "comment": "web"}], ttl=300)
    text = await zone.export_zonefile()
    assert "www 300 IN A 198.51.100.1 ;web" in text.splitlines()
    changed = text.replace("198.51.100.1", "198.51.100.7")
    await (await zone.import_zonefile(changed)).wait(timeout=5)
    assert (await zone.rrsets.get("www", "A")).values == ["198.51.100.7"]
    copy = await ready(client, "example.org", zonefile=text.replace("example.com.", "example.org."))
    assert copy.record_count == 5


async def test_rrsets_by_name_and_type(client: Client) -> None:
    zone = await ready(client)
    rrsets = zone.rrsets
    assert isinstance(rrsets, RRSetsClient)
    result = await rrsets.create("@", "mx", ["10 mail.example.com."], labels={"a": "b"})
    assert isinstance(result, CreateRRSetResult)
    rrset, action = result
    assert isinstance(rrset, RRSet)
    assert (rrset.id, rrset.name, rrset.type, rrset.ttl) == ("@/MX", "@", "MX", None)
    assert (rrset.zone, rrset.labels, rrset.protection) == (zone.id, {"a": "b"}, {"change": False})
    assert rrset.records == [{"value": "10 mail.example.com."}]
    assert action.resources == [{"id": zone.id, "type": "zone"}]
    assert repr(rrset) == "<RRSet id='@/MX' name='@' type='MX'>"
    assert await client.zones.rrsets("example.com").get("@", "MX") == rrset
    await rrsets.create("*.ünï", "TXT", ['"wild"'])
    wild = await rrsets.get("*.ünï", "TXT")
    assert wild.name == "*.xn--n-nga1b"
    found = await rrsets.get_all(type=["TXT", "MX"], sort=["name:desc"])
    assert [r.id for r in found] == ["@/MX", "*.xn--n-nga1b/TXT"]  # "@" sorts after "*"
    assert (await rrsets.get_by_name("*.ünï")) == wild
    assert (await rrsets.get_by_name("@", type="MX")) == rrset
    assert len([r async for r in rrsets.list()]) == 4
    relabelled = await rrsets.update("@", "MX", labels={"c": "d"})
    assert relabelled.labels == {"c": "d"}
    assert (await wild.update(labels={"e": "f"})).labels == {"e": "f"}
    deleting = await rrsets.delete("*.ünï", "TXT")
    assert deleting is not None
    await deleting.wait(timeout=5)
    assert await rrsets.delete("*.ünï", "TXT", missing_ok=True) is None
    with pytest.raises(NotFoundError):
        await rrsets.get("*.ünï", "TXT")
    assert (await zone.refresh()).record_count == 5


async def test_record_actions(client: Client) -> None:
    zone = await ready(client)
    rrsets = zone.rrsets
    await (await rrsets.add_records("www", "A", ["198.51.100.1"], ttl=300)).wait(timeout=5)
    www = await rrsets.get("www", "A")
    assert (www.values, www.ttl) == (["198.51.100.1"], 300)
    await (await www.add_records([{"value": "198.51.100.2", "comment": "two"}])).wait(timeout=5)
    await (await www.update_records([{"value": "198.51.100.1", "comment": "one"}])).wait(timeout=5)
    assert (await www.refresh()).records == [
        {"value": "198.51.100.1", "comment": "one"},
        {"value": "198.51.100.2", "comment": "two"},
    ]
    await (await www.remove_records(["198.51.100.1"])).wait(timeout=5)
    await (await www.set_records(["198.51.100.3", "198.51.100.4"])).wait(timeout=5)
    await (await www.change_ttl(None)).wait(timeout=5)
    assert ((await www.refresh()).values, www.ttl) == (["198.51.100.3", "198.51.100.4"], None)
    await (await www.change_protection(True)).wait(timeout=5)
    with pytest.raises(ProtectedError):
        await www.delete()
    await (await www.change_protection(False)).wait(timeout=5)
    deleted = await www.delete()
    assert deleted.command == "delete_rrset"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.zones.get(0),
        lambda c: c.zones.get(""),
        lambda c: c.zones.get("a..b"),
        lambda c: c.zones.get("a" * 64 + ".com"),
        lambda c: c.zones.create("example.com", "tertiary"),
        lambda c: c.zones.create("example.com", ttl=0),
        lambda c: c.zones.create("example.com", rrsets=[{"name": "a", "type": "A"}]),
        lambda c: c.zones.create("example.com", "secondary", primary_nameservers=[]),
        lambda c: Zone(c, {"id": 1}).import_zonefile(""),
        lambda c: Zone(c, {"id": 1}).change_ttl(True),
        lambda c: c.zones.rrsets(1).get("www", ""),
        lambda c: c.zones.rrsets(1).create("www", "A", "198.51.100.1"),
        lambda c: c.zones.rrsets(1).create("www", "A", []),
        lambda c: c.zones.rrsets(1).add_records("www", "A", ["1.2.3.4"], ttl=-1),
        lambda c: RRSet(c, {"id": "a/A", "name": "a", "type": "A", "zone": 1}).set_records([""]),
    ],
)
async def test_bad_arguments_are_refused_before_sending(client: Client, call: object) -> None:
    with pytest.raises(InvalidArgumentError):
        await call(client)  # type: ignore[operator]
