"""Zones: DNS zones on Hetzner's nameservers, in primary or secondary mode.

A primary zone's RRSets are managed through the API (``zone_rrsets``); it starts with a SOA
RRSet and an NS RRSet of its three assigned nameservers, plus the RRSets or the zone file its
creation gives. A secondary zone is transferred from its ``primary_nameservers`` (which the
simulator does not reach: it has no RRSets). Operations for the other mode answer 422
``incorrect_zone_mode``. ``record_count`` counts the records of its RRSets; a zone file import
replaces them all (refused while one is ``change`` protected) and takes the file's ``$TTL`` as
the zone's default TTL. Names are unique, in lower case and Punycode, without ending dot.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress

from aiohttp import web

from ..engine.app import answer
from ..engine.entities import Entity, created_now
from ..engine.errors import invalid_input, protected
from ..engine.kinds import Body, Call, Change, Created, Kind, Rule, public
from ..engine.project import Project
from .zone_records import (
    NAMESERVERS,
    check_zone_name,
    first_serial,
    read_zonefile,
    soa_value,
    write_zonefile,
)
from .zone_rrsets import check_rrset, incorrect_mode, new_rrset, rrsets_of, touch

PRIMARY_ONLY = frozenset({"change_ttl", "import_zonefile"})
SECONDARY_ONLY = frozenset({"change_primary_nameservers"})


def zone_json(project: Project, zone: Entity) -> Entity:
    """A zone as the API shows it, with the number of its records."""
    count = sum(len(rrset["records"]) for rrset in rrsets_of(project, zone))
    return {**public(project, zone), "record_count": count}


INTERNAL = [
    ipaddress.ip_network(net)
    for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
]


def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether no nameserver of Hetzner's could reach the address: loopback, link-local,
    multicast, unspecified, private (documentation ranges pass, as in Hetzner's examples)."""
    special = address.is_loopback or address.is_link_local or address.is_multicast
    return special or address.is_unspecified or any(address in net for net in INTERNAL)


def checked_nameservers(servers: list[Entity], field: str) -> list[Entity]:
    """Primary nameservers: at least one, each a distinct public IP, a port, a TSIG key in
    base64 with its algorithm (or neither)."""
    if not servers:
        raise invalid_input({field: ["a secondary zone needs primary nameservers"]})
    seen: set[str] = set()
    for index, server in enumerate(servers):
        where = f"{field}.{index}"
        try:
            address = ipaddress.ip_address(server["address"])
        except ValueError:
            raise invalid_input({f"{where}.address": ["must be an IPv4 or IPv6 address"]}) from None
        if _internal(address) or str(address) in seen:
            raise invalid_input({f"{where}.address": ["must be a public address, given once"]})
        seen.add(str(address))
        if not 1 <= server.get("port", 53) <= 65535:
            raise invalid_input({f"{where}.port": ["must be from 1 to 65535"]})
        if ("tsig_key" in server) != ("tsig_algorithm" in server):
            raise invalid_input({where: ["tsig_key and tsig_algorithm go together"]})
        try:
            base64.b64decode(server.get("tsig_key", ""), validate=True)
        except binascii.Error:
            raise invalid_input({f"{where}.tsig_key": ["must be base64"]}) from None
    return [{**server, "port": server.get("port", 53)} for server in servers]


def _defaults(project: Project) -> list[Entity]:
    """The SOA and NS RRSets every primary zone starts with."""
    soa = {"value": soa_value(first_serial(project.now()))}
    return [
        {"name": "@", "type": "SOA", "ttl": None, "records": [soa]},
        {"name": "@", "type": "NS", "ttl": None, "records": [{"value": n} for n in NAMESERVERS]},
    ]


def _checked_rrsets(zone: Entity, items: list[Entity], field: str) -> list[Entity]:
    """RRSets given for a zone, checked together, over the default ones at their name and type."""
    chosen: dict[tuple[str, str], Entity] = {}
    for index, item in enumerate(items):
        key = (item["name"], item["type"])
        if key in chosen:
            raise invalid_input({f"{field}.{index}": [f"RRSet {key[0]}/{key[1]} given twice"]})
        chosen[key] = item
    for index, item in enumerate(items):
        others = [other for other in items if other is not item]
        check_rrset(zone, item["name"], item["type"], item["records"], others, f"{field}.{index}")
    return list(chosen.values())


def _zonefile(zone: Entity, text: str) -> tuple[int | None, list[Entity]]:
    """The ``$TTL`` and RRSets of a zone file, each RRSet checked as if it were created."""
    ttl, items = read_zonefile(zone, text)
    return ttl, _checked_rrsets(zone, items, "zonefile")


def _fill(project: Project, zone: Entity, items: list[Entity]) -> None:
    """Replace the zone's RRSets by the defaults, overridden by ``items``."""
    table = project.store.table("rrset")
    for rrset in rrsets_of(project, zone):
        table.pop(rrset["id"])
    given = {(item["name"], item["type"]) for item in items}
    defaults = [d for d in _defaults(project) if (d["name"], d["type"]) not in given]
    for item in [*defaults, *items]:
        new_rrset(project, zone, item)


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A zone; a primary one with its RRSets, a secondary one with its primary nameservers."""
    mode = body["mode"]
    zone: Entity = {
        "id": project.store.next_id("zone"),
        "name": body["name"],
        "created": created_now(project),
        "mode": mode,
        "ttl": body.get("ttl", 3600),
        "labels": dict(body.get("labels", {})),
        "protection": {"delete": False},
        "status": "ok",
        "primary_nameservers": [],
        "authoritative_nameservers": {
            "assigned": list(NAMESERVERS),
            "delegated": [],
            "delegation_last_check": None,
            "delegation_status": "unknown",
        },
        "registrar": "unknown",
    }
    items: list[Entity] = []
    if mode == "secondary":
        servers = body.get("primary_nameservers", [])
        zone["primary_nameservers"] = checked_nameservers(servers, "primary_nameservers")
    elif "zonefile" in body:
        if body.get("rrsets"):
            raise invalid_input({"rrsets": ["must be empty when a zonefile is given"]})
        ttl, items = _zonefile(zone, body["zonefile"])
        zone["ttl"] = zone["ttl"] if ttl is None else ttl
    else:
        items = _checked_rrsets(zone, body.get("rrsets", []), "rrsets")
    if mode == "primary":
        _fill(project, zone, items)
    action = project.store.start_action("create_zone", [("zone", zone["id"])])
    return Created(zone, action)


def delete(project: Project, zone: Entity) -> Change:
    """Delete the zone's RRSets with it."""
    table = project.store.table("rrset")

    def deleted() -> None:
        for rrset in rrsets_of(project, zone):
            table.pop(rrset["id"], None)

    return Change(deleted)


def guard(zone: Entity, what: str) -> None:
    """Refuse actions of the other mode."""
    wrong = SECONDARY_ONLY if zone["mode"] == "primary" else PRIMARY_ONLY
    if what in wrong:
        raise incorrect_mode(zone)


def change_ttl(project: Project, zone: Entity, body: Body) -> Change:
    """A new default TTL."""

    def changed() -> None:
        zone["ttl"] = body["ttl"]
        touch(project, zone["id"])

    return Change(changed)


def change_primary_nameservers(project: Project, zone: Entity, body: Body) -> Change:
    """New primary nameservers of a secondary zone."""
    servers = checked_nameservers(body["primary_nameservers"], "primary_nameservers")
    return Change(lambda: zone.update(primary_nameservers=servers))


def import_zonefile(project: Project, zone: Entity, body: Body) -> Change:
    """Replace every RRSet by the zone file's (none may be ``change`` protected)."""
    held = [r for r in rrsets_of(project, zone) if r["protection"]["change"]]
    if held:
        names = ", ".join(f"{r['name']}/{r['type']}" for r in held)
        raise protected("Zone", zone["id"], f"imports while RRSets are protected: {names}")
    ttl, items = _zonefile(zone, body["zonefile"])

    def imported() -> None:
        if ttl is not None:
            zone["ttl"] = ttl
        _fill(project, zone, items)
        touch(project, zone["id"])

    return Change(imported)


async def export_zonefile(call: Call) -> web.StreamResponse:
    """``GET /zones/{id_or_name}/zonefile``: the zone file of a primary zone."""
    zone = call.entity()
    if zone["mode"] != "primary":
        raise incorrect_mode(zone)
    text = write_zonefile(zone, rrsets_of(call.project, zone))
    return answer({"zonefile": text}, call.operation.status)


ACTIONS: dict[str, Rule] = {
    "change_ttl": change_ttl,
    "change_primary_nameservers": change_primary_nameservers,
    "import_zonefile": import_zonefile,
}

KIND = Kind(
    "zones",
    label="Zone",
    render=zone_json,
    create=create,
    check_name=check_zone_name,
    delete=delete,
    guard=guard,
    actions=ACTIONS,
    handlers={"GET /zones/{id_or_name}/zonefile": export_zonefile},
)
