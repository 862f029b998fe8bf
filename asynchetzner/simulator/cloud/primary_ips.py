"""Primary IPs: created in a location or for a server, assigned, unassigned, deleted.

Each holds the next address of a reserved range (198.18.0.0/15 for IPv4, a /64 of 2001:db8::/32
for IPv6). A server holds at most one of each type, in its own location, and must be off to take
or give one up; an assigned IP must be unassigned before it is deleted (``must_be_unassigned``,
since 1 May 2026); deletion protection needs ``auto_delete`` off. Servers' public addresses are
primary IPs: ``POST /servers`` makes them (``primary_ip-<id>``, deleted with the server) unless
``public_net`` names existing ones, and a server's ``public_net`` shows the ones it holds.
Since 1 July 2026 ``assign`` takes ``assignee_type`` as optional (``server``), and no primary IP
has a ``datacenter``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from aiohttp import web

from ..engine.app import read_body
from ..engine.entities import Entity, created_now, resolve
from ..engine.errors import SimulatorError, invalid_input, locked
from ..engine.handlers import protect, run_action
from ..engine.kinds import Body, Call, Change, Created, Kind
from ..engine.project import Project
from . import CLOUD, load_balancers

RESOURCE = "primary_ip"
TYPES = ("ipv4", "ipv6")
IPV4_POOL = ipaddress.IPv4Network("198.18.0.0/15")  # reserved for benchmarking: never real
IPV6_POOL = ipaddress.IPv6Network("2001:db8::/32")  # documentation prefix
IPV6_PTR_LIMIT = 100
_ASSIGN = "POST /primary_ips/{id}/actions/assign"


def default_dns_ptr(ip: str) -> str:
    """The reverse DNS Hetzner gives an IPv4 address."""
    return f"static.{ip}.clients.your-server.de"


def _new(
    project: Project, type_: str, location: Entity, name: str | None = None, **fields: Any
) -> Entity:
    """A primary IP of ``type_`` in ``location`` (unassigned unless ``fields`` say otherwise),
    with the next address of its range, stored in its table."""
    number = project.store.next_id(RESOURCE)
    if type_ == "ipv4":
        ip = str(IPV4_POOL[number])
        dns_ptr = [{"ip": ip, "dns_ptr": default_dns_ptr(ip)}]
    else:
        ip = str(ipaddress.IPv6Network((int(IPV6_POOL.network_address) + (number << 64), 64)))
        dns_ptr = []
    entity: Entity = {
        "id": number,
        "name": name or f"primary_ip-{number}",
        "labels": {},
        "created": created_now(project),
        "blocked": False,
        "location": dict(location),
        "ip": ip,
        "dns_ptr": dns_ptr,
        "protection": {"delete": False},
        "type": type_,
        "auto_delete": False,
        "assignee_type": "server",
        "assignee_id": None,
        **fields,
    }
    project.store.table(RESOURCE)[number] = entity
    return entity


def held_by(project: Project, server: Entity) -> dict[str, Entity]:
    """The primary IPs assigned to the server, by type."""
    table = project.store.table(RESOURCE)
    return {type_: table[ip_id] for type_, ip_id in server.get("_primary_ips", {}).items()}


def _set_assignee(project: Project, entity: Entity, server: Entity | None) -> None:
    """Assign the primary IP to ``server`` (``None``: unassign it). Each server keeps the ids of
    its primary IPs by type (``_primary_ips``) too, so that rendering a server stays cheap."""
    holder = project.store.table("server").get(entity["assignee_id"] or 0)
    if holder is not None:
        holder.get("_primary_ips", {}).pop(entity["type"], None)
    entity["assignee_id"] = None if server is None else server["id"]
    if server is not None:
        server.setdefault("_primary_ips", {})[entity["type"]] = entity["id"]


def _check_can_take(project: Project, server: Entity, type_: str) -> None:
    """``locked``, ``server_not_stopped`` or ``server_has_<type>`` unless the server can take a
    primary IP of ``type_`` now."""
    if project.store.running_on("server", server["id"]):
        raise locked("Server", server["id"])
    _check_off(server)
    if type_ in held_by(project, server):
        raise SimulatorError(
            422, f"server_has_{type_}", f"server {server['id']} already has an {type_} address"
        )


def _check_off(server: Entity) -> None:
    if server["status"] != "off":
        raise SimulatorError(
            422, "server_not_stopped", f"server {server['id']} must be powered off"
        )


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A primary IP in a location, or assigned to a server (an ``assign_primary_ip`` action)."""
    assignee_id = body.get("assignee_id")
    if (body.get("location") is None) == (assignee_id is None):
        message = "give either location or assignee_id"
        raise invalid_input({"location": [message], "assignee_id": [message]}, message)
    if assignee_id is None:
        location = resolve(project, "location", body["location"], "location")
        entity = _new(project, body["type"], location, body["name"])
        action = None
    else:
        server = resolve(project, "server", assignee_id, "assignee_id")
        _check_can_take(project, server, body["type"])
        entity = _new(project, body["type"], server["location"], body["name"])
        _set_assignee(project, entity, server)
        command = CLOUD.index.operations["POST /primary_ips"].command or "assign_primary_ip"
        resources = [(RESOURCE, entity["id"]), ("server", server["id"])]
        action = project.store.start_action(command, resources)
    entity["labels"] = dict(body.get("labels") or {})
    entity["auto_delete"] = bool(body.get("auto_delete", False))
    return Created(entity, action)


def update(project: Project, entity: Entity, body: Body) -> None:
    """Change ``auto_delete``, which a protected IP cannot turn on; ``409 conflict`` while an
    action runs on the IP."""
    if project.store.running_on(RESOURCE, entity["id"]):
        raise SimulatorError(409, "conflict", f"primary IP {entity['id']} is being changed")
    if body.get("auto_delete") and entity["protection"]["delete"]:
        raise invalid_input(
            {"auto_delete": ["needs delete protection to be off"]},
            f"primary IP {entity['id']} is protected against deletion",
        )
    if "auto_delete" in body:
        entity["auto_delete"] = body["auto_delete"]


def guard(entity: Entity, what: str) -> None:
    """An assigned primary IP is not deleted (422 ``must_be_unassigned``)."""
    if what == "delete" and entity["assignee_id"] is not None:
        raise SimulatorError(
            422,
            "must_be_unassigned",
            f"primary IP {entity['id']} is assigned to server {entity['assignee_id']}; "
            "unassign it first",
        )


def assign(project: Project, entity: Entity, body: Body) -> Change:
    """Assign to a stopped server in the IP's location holding no IP of its type."""
    if entity["assignee_id"] is not None:
        raise SimulatorError(
            422,
            "primary_ip_already_assigned",
            f"primary IP {entity['id']} is already assigned to server {entity['assignee_id']}",
        )
    server = resolve(project, "server", body["assignee_id"], "assignee_id")
    _check_location(entity, server["location"])
    _check_can_take(project, server, entity["type"])

    def assigned() -> None:
        _set_assignee(project, entity, server)

    return Change(assigned, also=[("server", server["id"])])


def _check_location(entity: Entity, location: Entity) -> None:
    if entity["location"]["id"] != location["id"]:
        raise SimulatorError(
            422,
            "primary_ip_datacenter_mismatch",
            f"primary IP {entity['id']} is in {entity['location']['name']}, "
            f"not in {location['name']}",
        )


def unassign(project: Project, entity: Entity, body: Body) -> Change:
    """Take the IP from its server, which must be off (nothing to do if unassigned) and, for
    an IPv4, not reached by a Load Balancer at it."""
    server = project.store.table("server").get(entity["assignee_id"] or 0)
    if server is None:
        return Change()
    _check_off(server)
    if entity["type"] == "ipv4" and load_balancers.reaches_publicly(project, server):
        raise SimulatorError(
            422,
            "server_is_load_balancer_target",
            f"a Load Balancer reaches server {server['id']} at {entity['ip']}",
        )

    def unassigned() -> None:
        _set_assignee(project, entity, None)

    return Change(unassigned, also=[("server", server["id"])])


def dns_ptr_change(entity: Entity, given: str, dns_ptr: str | None) -> Callable[[], None]:
    """Check setting the reverse DNS of ``given``, the IPv4 address or an address in the IPv6
    network of ``entity`` (``None`` resets or removes it); return the effect that sets it."""
    try:
        address = ipaddress.ip_address(given)
    except ValueError:
        raise invalid_input({"ip": ["is not an IP address"]}, f"invalid ip {given!r}") from None
    if not _holds(entity, address):
        raise invalid_input(
            {"ip": [f"is not an address of primary IP {entity['id']}"]}, f"ip {given} not held"
        )
    ip = str(address)
    entries = [e for e in entity["dns_ptr"] if e["ip"] != ip]
    if entity["type"] == "ipv4":
        entries.append({"ip": ip, "dns_ptr": dns_ptr or default_dns_ptr(ip)})
    elif dns_ptr:
        if len(entries) >= IPV6_PTR_LIMIT:
            raise invalid_input(
                {"ip": [f"at most {IPV6_PTR_LIMIT} reverse DNS entries per IPv6 network"]},
                "too many reverse DNS entries",
            )
        entries.append({"ip": ip, "dns_ptr": dns_ptr})

    def changed() -> None:
        entity["dns_ptr"] = entries

    return changed


def _holds(entity: Entity, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if entity["type"] == "ipv4":
        return str(address) == str(entity["ip"])
    return address in ipaddress.ip_network(entity["ip"])


def change_dns_ptr(project: Project, entity: Entity, body: Body) -> Change:
    """Set or reset the reverse DNS of one of the IP's addresses."""
    return Change(dns_ptr_change(entity, body["ip"], body.get("dns_ptr")))


def change_protection(project: Project, entity: Entity, body: Body) -> Change:
    """Protect against deletion, which needs ``auto_delete`` off."""
    if body["delete"] and entity["auto_delete"]:
        raise invalid_input(
            {"delete": ["needs auto_delete to be false"]},
            f"primary IP {entity['id']} is deleted with its server (auto_delete)",
        )
    return protect(project, entity, body)


class _AssignCall(Call):
    """``assign`` with ``assignee_type`` optional, as the API takes it since 1 July 2026."""

    async def body(self) -> Body:
        schema = self.api.schemas[_ASSIGN]
        required = [name for name in schema["required"] if name != "assignee_type"]
        return await read_body(self.request, {**schema, "required": required})


async def _assign(call: Call) -> web.StreamResponse:
    return await run_action(_AssignCall(call.request, call.api, call.bound, call.operation))


KIND = Kind(
    "primary_ips",
    label="Primary IP",
    create=create,
    update=update,
    guard=guard,
    actions={
        "assign": assign,
        "unassign": unassign,
        "change_dns_ptr": change_dns_ptr,
        "change_protection": change_protection,
    },
    handlers={_ASSIGN: _assign},
)


# --------------------------------------------------------------------------------------------
# Servers' public addresses (for the servers' rules)
# --------------------------------------------------------------------------------------------


def named_location(project: Project, public_net: Body) -> int | None:
    """The location of the first existing primary IP ``public_net`` names, if any: where a
    server given no location is created."""
    table = project.store.table(RESOURCE)
    for type_ in TYPES:
        entity = table.get(public_net.get(type_) or 0)
        if entity is not None:
            return int(entity["location"]["id"])
    return None


def prepare_public_net(
    project: Project, public_net: Body, location: Entity
) -> Callable[[Entity], None]:
    """Check a new server's ``public_net`` in ``location``; return what gives the server its
    primary IPs: those named by id, and a new one (deleted with the server) for
    each other type enabled."""
    chosen: dict[str, Entity] = {}
    for type_ in TYPES:
        key, enabled = public_net.get(type_), public_net.get(f"enable_{type_}", True)
        if key is None:
            continue
        field = f"public_net.{type_}"
        if not enabled:
            raise invalid_input(
                {field: [f"must be null when enable_{type_} is false"]}, f"{field} is disabled"
            )
        entity = resolve(project, RESOURCE, key, field)
        if entity["type"] != type_:
            raise SimulatorError(
                412,
                "primary_ip_version_mismatch",
                f"primary IP {entity['id']} is an {entity['type']} address, not {type_}",
            )
        if entity["assignee_id"] is not None:
            raise SimulatorError(
                422,
                "primary_ip_assigned",
                f"primary IP {entity['id']} is assigned to server {entity['assignee_id']}",
            )
        _check_location(entity, location)
        chosen[type_] = entity
    wanted = [t for t in TYPES if t not in chosen and public_net.get(f"enable_{t}", True)]

    def give(server: Entity) -> None:
        for entity in chosen.values():
            _set_assignee(project, entity, server)
        for type_ in wanted:
            _set_assignee(project, _new(project, type_, location, auto_delete=True), server)

    return give


def public_addresses(project: Project, server: Entity) -> dict[str, Any]:
    """The server's ``public_net.ipv4`` and ``ipv6`` as the API shows them."""
    held = held_by(project, server)
    ipv4, ipv6 = held.get("ipv4"), held.get("ipv6")
    return {
        "ipv4": None if ipv4 is None else _address(ipv4, ipv4["dns_ptr"][0]["dns_ptr"]),
        "ipv6": None if ipv6 is None else _address(ipv6, [dict(e) for e in ipv6["dns_ptr"]]),
    }


def _address(entity: Entity, dns_ptr: Any) -> dict[str, Any]:
    return {
        "id": entity["id"],
        "ip": entity["ip"],
        "blocked": entity["blocked"],
        "dns_ptr": dns_ptr,
    }


def server_dns_ptr(
    project: Project, server: Entity, given: str, dns_ptr: str | None
) -> Callable[[], None]:
    """Check setting the reverse DNS of one of the server's public addresses; the effect."""
    try:
        address = ipaddress.ip_address(given)
    except ValueError:
        raise invalid_input({"ip": ["is not an IP address"]}, f"invalid ip {given!r}") from None
    for entity in held_by(project, server).values():
        if _holds(entity, address):
            return dns_ptr_change(entity, given, dns_ptr)
    raise invalid_input({"ip": ["is not an IP of this server"]}, f"ip {given} not found")


def release(project: Project, server: Entity) -> None:
    """A deleted server's primary IPs: those with ``auto_delete`` go, the others stay
    unassigned."""
    table = project.store.table(RESOURCE)
    for entity in held_by(project, server).values():
        _set_assignee(project, entity, None)
        if entity["auto_delete"]:
            del table[entity["id"]]
