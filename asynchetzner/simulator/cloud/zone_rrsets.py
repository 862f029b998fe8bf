"""Zone RRSets: the records of a primary zone, one RRSet per name and type.

An RRSet is addressed by its name (``@`` for the apex, ``*`` wildcards) and type; its ``id`` is
``name/type``. Every change runs an action on the zone and increases the zone's SOA serial.
Only primary zones have RRSets (422 ``incorrect_zone_mode`` otherwise). A ``change`` protected
RRSet refuses changes and deletion (423 ``protected``). The SOA RRSet and the apex NS RRSet come
with the zone: they cannot be deleted, the SOA holds one record, and the apex NS RRSet keeps the
zone's assigned nameservers. A CNAME stands alone at its name, never at the apex.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..engine.app import answer
from ..engine.entities import Entity
from ..engine.errors import SimulatorError, invalid_input, protected, uniqueness_error
from ..engine.handlers import run_action
from ..engine.kinds import Body, Call, Change, Created, Kind, Rule
from ..engine.project import Project
from .zone_records import NAMESERVERS, TYPES, check_records, check_rr_name, next_serial

ADD_RECORDS = "POST /zones/{id_or_name}/rrsets/{rr_name}/{rr_type}/actions/add_records"


def incorrect_mode(zone: Entity) -> SimulatorError:
    """422 ``incorrect_zone_mode``."""
    return SimulatorError(
        422,
        "incorrect_zone_mode",
        f"this operation is not supported for zone {zone['id']} in {zone['mode']} mode",
    )


def primary_only(zone: Entity) -> None:
    """Refuse RRSet operations under a secondary zone."""
    if zone["mode"] != "primary":
        raise incorrect_mode(zone)


def rrsets_of(project: Project, zone: Entity) -> list[Entity]:
    """The zone's RRSets."""
    return [r for r in project.store.table("rrset").values() if r["_parent"] == zone["id"]]


def find(project: Project, zone: Entity, name: str, rr_type: str) -> Entity | None:
    """The zone's RRSet of this name and type, if there is one."""
    return next(
        (r for r in rrsets_of(project, zone) if (r["name"], r["type"]) == (name, rr_type)), None
    )


def touch(project: Project, zone_id: int) -> None:
    """Increase the SOA serial of the zone (if it is still there)."""
    zone = project.store.table("zone").get(zone_id)
    soa = find(project, zone, "@", "SOA") if zone is not None else None
    if soa is not None:
        soa["records"] = [
            {**soa["records"][0], "value": next_serial(soa["records"][0]["value"], project.now())}
        ]


def check_rrset(
    zone: Entity, name: str, rr_type: str, records: list[Entity], others: list[Entity], field: str
) -> None:
    """The rules of one RRSet among the zone's ``others`` (those at other names or types)."""
    where = f"{field}." if field else ""
    check_rr_name(name, zone["name"], f"{where}name")
    if rr_type not in TYPES:
        raise invalid_input({f"{where}type": [f"must be one of {sorted(TYPES)}"]}, "bad type")
    check_records(zone, rr_type, records, f"{where}records")
    if rr_type == "SOA" and name != "@":
        raise invalid_input({f"{where}name": ["a SOA RRSet is at the apex '@'"]}, "SOA not at @")
    if rr_type == "CNAME" and name == "@":
        raise invalid_input({f"{where}name": ["a CNAME cannot be at the apex"]}, "CNAME at @")
    if (name, rr_type) == ("@", "NS"):
        keep_nameservers(records, f"{where}records")
    neighbours = {r["type"] for r in others if r["name"] == name and r["type"] != rr_type}
    if neighbours and (rr_type == "CNAME" or "CNAME" in neighbours):
        raise invalid_input(
            {f"{where}type": [f"a CNAME stands alone at {name!r}, which has {sorted(neighbours)}"]},
            "CNAME and other data",
        )


def keep_nameservers(records: list[Entity], field: str) -> None:
    """The apex NS RRSet lists the zone's assigned nameservers."""
    values = {record["value"] for record in records}
    missing = [nameserver for nameserver in NAMESERVERS if nameserver not in values]
    if missing:
        raise invalid_input(
            {field: [f"the apex NS RRSet must keep the assigned nameservers {missing}"]},
            "assigned nameservers missing",
        )


def records_of(body_records: list[Entity]) -> list[Entity]:
    """Records as stored: a value, and a comment where one was given."""
    return [
        {"value": r["value"], **({"comment": r["comment"]} if r.get("comment") else {})}
        for r in body_records
    ]


def new_rrset(project: Project, zone: Entity, item: Body) -> Entity:
    """A new RRSet of the zone (checked already), in its table."""
    rrset: Entity = {
        "id": project.store.next_id("rrset"),
        "name": item["name"],
        "type": item["type"],
        "ttl": item.get("ttl"),
        "labels": dict(item.get("labels", {})),
        "protection": {"change": False},
        "records": records_of(item["records"]),
        "_parent": zone["id"],
    }
    project.store.table("rrset")[rrset["id"]] = rrset
    return rrset


def rrset_json(project: Project, rrset: Entity) -> Entity:
    """An RRSet as the API shows it: ``id`` is ``name/type``."""
    return {
        "id": f"{rrset['name']}/{rrset['type']}",
        "name": rrset["name"],
        "type": rrset["type"],
        "ttl": rrset["ttl"],
        "labels": rrset["labels"],
        "protection": rrset["protection"],
        "records": [dict(record) for record in rrset["records"]],
        "zone": rrset["_parent"],
    }


def _zone(project: Project, rrset: Entity) -> Entity:
    zone: Entity = project.store.table("zone")[rrset["_parent"]]
    return zone


def _others(project: Project, rrset: Entity) -> list[Entity]:
    zone = _zone(project, rrset)
    return [r for r in rrsets_of(project, zone) if r is not rrset]


def _touching(project: Project, rrset: Entity, effect: Any) -> Change:
    """A change of the RRSet that also increases the zone's SOA serial."""
    zone_id = rrset["_parent"]

    def changed() -> None:
        effect()
        touch(project, zone_id)

    return Change(changed)


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A new RRSet; its ``create_rrset`` action runs on the zone."""
    assert parent is not None
    others = rrsets_of(project, parent)
    check_rrset(parent, body["name"], body["type"], body["records"], others, "")
    if find(project, parent, body["name"], body["type"]) is not None:
        raise uniqueness_error("name", f"RRSet {body['name']}/{body['type']} already exists")
    rrset = new_rrset(project, parent, body)
    action = project.store.start_action(
        "create_rrset", [("zone", parent["id"])], lambda: touch(project, parent["id"])
    )
    return Created(rrset, action)


def unchanged(rrset: Entity, what: str) -> None:
    """A ``change`` protected RRSet refuses every change but to its protection."""
    if rrset["protection"]["change"] and what != "change_protection":
        raise protected("RRSet", f"{rrset['name']}/{rrset['type']}", "changes")


def delete(project: Project, rrset: Entity) -> Change:
    """Any RRSet but the zone's SOA and apex NS ones."""
    if rrset["name"] == "@" and rrset["type"] in ("SOA", "NS"):
        raise invalid_input(
            {"rr_type": [f"the zone's {rrset['type']} RRSet cannot be deleted"]},
            f"cannot delete the {rrset['type']} RRSet",
        )
    zone_id = rrset["_parent"]
    return Change(lambda: touch(project, zone_id))


def change_ttl(project: Project, rrset: Entity, body: Body) -> Change:
    """A TTL of its own, or the zone's (``null``)."""
    ttl = body["ttl"]
    return _touching(project, rrset, lambda: rrset.update(ttl=ttl))


def set_records(project: Project, rrset: Entity, body: Body) -> Change:
    """Replace the records."""
    zone = _zone(project, rrset)
    records = body["records"]
    check_rrset(zone, rrset["name"], rrset["type"], records, _others(project, rrset), "")
    return _touching(project, rrset, lambda: rrset.update(records=records_of(records)))


def _check_ttl(rrset: Entity, body: Body) -> None:
    ttl = body.get("ttl")
    if ttl is not None and rrset["ttl"] is not None and ttl != rrset["ttl"]:
        raise invalid_input(
            {"ttl": [f"must be the RRSet's TTL {rrset['ttl']} (or left out)"]}, "ttl differs"
        )


def add(project: Project, rrset: Entity, body: Body) -> Change:
    """Add records (distinct from those it has); a TTL given is the RRSet's own."""
    _check_ttl(rrset, body)
    records = rrset["records"] + records_of(body["records"])
    zone = _zone(project, rrset)
    check_rrset(zone, rrset["name"], rrset["type"], records, _others(project, rrset), "")
    ttl = rrset["ttl"] if body.get("ttl") is None else body["ttl"]
    return _touching(project, rrset, lambda: rrset.update(records=records, ttl=ttl))


def _known(rrset: Entity, body: Body) -> set[str]:
    """The values the body names, each one a record of the RRSet."""
    have = {record["value"] for record in rrset["records"]}
    values = [record["value"] for record in body["records"]]
    unknown = [value for value in values if value not in have]
    if unknown or len(set(values)) != len(values):
        problem = f"are no records of the RRSet: {unknown}" if unknown else "are not distinct"
        raise invalid_input({"records": [f"values {problem}"]}, "unknown or repeated records")
    return set(values)


def remove(project: Project, rrset: Entity, body: Body) -> Change:
    """Remove records; an RRSet left without any is deleted."""
    gone = _known(rrset, body)
    kept = [record for record in rrset["records"] if record["value"] not in gone]
    if not kept and rrset["name"] == "@" and rrset["type"] in ("SOA", "NS"):
        raise invalid_input({"records": ["the zone's SOA and NS RRSets keep records"]})
    if rrset["type"] == "NS" and rrset["name"] == "@":
        keep_nameservers(kept, "records")
    table = project.store.table("rrset")

    def removed() -> None:
        rrset["records"] = kept
        if not kept:
            table.pop(rrset["id"], None)

    return _touching(project, rrset, removed)


def update_records(project: Project, rrset: Entity, body: Body) -> Change:
    """New comments of records the RRSet has."""
    _known(rrset, body)
    comments = {record["value"]: record["comment"] for record in body["records"]}

    def updated() -> None:
        rrset["records"] = records_of(
            [{**r, "comment": comments.get(r["value"], r.get("comment"))} for r in rrset["records"]]
        )

    return _touching(project, rrset, updated)


async def add_records(call: Call) -> web.StreamResponse:
    """``add_records``, which creates the RRSet when it is not there yet."""
    zone = call.parent()
    assert zone is not None
    name, rr_type = call.request.match_info["rr_name"], call.request.match_info["rr_type"]
    if find(call.project, zone, name, rr_type) is not None:
        return await run_action(call)
    body = await call.body()
    others = rrsets_of(call.project, zone)
    check_rrset(zone, name, rr_type, body["records"], others, "")
    new_rrset(call.project, zone, {"name": name, "type": rr_type, **body})
    project = call.project
    action = project.store.start_action(
        "add_rrset_records", [("zone", zone["id"])], lambda: touch(project, zone["id"])
    )
    return answer({"action": action.to_json(project.now())}, call.operation.status)


ACTIONS: dict[str, Rule] = {
    "change_ttl": change_ttl,
    "set_records": set_records,
    "add_records": add,
    "remove_records": remove,
    "update_records": update_records,
}

KIND = Kind(
    "zone_rrsets",
    label="RRSet",
    render=rrset_json,
    create=create,
    unique_names=False,
    delete=delete,
    guard=unchanged,
    actions=ACTIONS,
    fields={"rr_name": "name", "rr_type": "type"},
    within=primary_only,
    owner=lambda rrset: ("zone", rrset["_parent"]),
    max_per_page=100,
    handlers={ADD_RECORDS: add_records},
)
