"""Floating IPs: an IPv4 address or an IPv6 /64 in a home location, assigned to one server.

Addresses come from reserved documentation ranges the servers' never reach: IPv4 from
203.0.113.0/24, IPv6 /64s from 2001:db8:ffff::/48 (a server's /64 is ``2001:db8:<id>::``, so
only an id past 0xffff0000 would get there); a deleted floating IP's address is given out again.
A floating IP created for a server is assigned to it at once and lives in its location unless
told otherwise; without a server it needs a home location. It is assigned only to servers of
its home location's network zone, moving from the server it was assigned to; which server holds
it is the floating IP's own ``server``, from which each server's ``public_net.floating_ips`` is
derived (of those it noted as they were assigned), and a deleted server holds none. An
assigned floating IP cannot be deleted (``must_be_unassigned``, Hetzner's rule since 1 May
2026). Its reverse DNS entries are in ``dns_ptr``: an IPv4 address always has one (``null``
resets it to the default), an address of an IPv6 /64 has one once set (``null`` removes it).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from ..engine.entities import Entity, created_now, linked, note_link, resolve
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Change, Created, Kind, Rule, public
from ..engine.project import Project

IPV4_POOL = ipaddress.IPv4Network("203.0.113.0/24")  # TEST-NET-3, for documentation
IPV6_POOL = ipaddress.IPv6Network("2001:db8:ffff::/48")  # in the documentation prefix


def holder(project: Project, floating_ip: Entity) -> Entity | None:
    """The server the floating IP is assigned to, if it is and that server still exists."""
    server_id = floating_ip["server"]
    return None if server_id is None else project.store.table("server").get(server_id)


def assigned_to(project: Project, server: Entity) -> list[int]:
    """The ids of the floating IPs assigned to the server (its ``public_net.floating_ips``),
    noted on it where they are assigned."""
    return linked(server, "_floating_ips", project.store.table("floating_ip"), "server")


def floating_ip_json(project: Project, floating_ip: Entity) -> Entity:
    """The floating IP as the API shows it."""
    server = holder(project, floating_ip)
    return {**public(project, floating_ip), "server": None if server is None else server["id"]}


def _default_dns_ptr(ip: str) -> str:
    return f"static.{ip}.clients.your-server.de"


def _candidates(type: str) -> Iterator[str]:
    if type == "ipv4":
        return (str(address) for address in IPV4_POOL.hosts())
    return (str(network) for network in IPV6_POOL.subnets(new_prefix=64))


def _free_address(project: Project, type: str) -> str:
    """The first address of the type's pool no floating IP holds; 403 when none is left."""
    held = {fip["ip"] for fip in project.store.table("floating_ip").values()}
    free = next((ip for ip in _candidates(type) if ip not in held), None)
    if free is None:
        raise SimulatorError(
            403,
            "resource_limit_exceeded",
            f"no {type} floating IP is left",
            {"limits": [{"name": "floating_ip_limit"}]},
        )
    return free


def _check_zone(wanted: str, server: Entity) -> None:
    """``invalid_input`` on ``server`` when it is in another network zone than ``wanted``."""
    zone = server["location"]["network_zone"]
    if zone != wanted:
        raise invalid_input(
            {"server": [f"server {server['id']} is in network zone {zone}, not {wanted}"]},
            "server is in another network zone",
        )


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A floating IP in its home location, assigned at once to the server it is created for."""
    server = None
    if body.get("server") is not None:
        server = resolve(project, "server", body["server"], "server")
    if body.get("home_location") is not None:
        location = resolve(project, "location", body["home_location"], "home_location")
    elif server is not None:
        location = server["location"]
    else:
        raise invalid_input(
            {"home_location": ["is required when no server is given"]},
            "home_location or server is required",
        )
    if server is not None:
        _check_zone(location["network_zone"], server)
    ip = _free_address(project, body["type"])
    floating_ip_id = project.store.next_id("floating_ip")
    floating_ip: Entity = {
        "id": floating_ip_id,
        "name": body.get("name", ip),
        "description": body.get("description"),
        "ip": ip,
        "type": body["type"],
        "server": None if server is None else server["id"],
        "dns_ptr": [{"ip": ip, "dns_ptr": _default_dns_ptr(ip)}] if body["type"] == "ipv4" else [],
        "home_location": dict(location),
        "blocked": False,
        "protection": {"delete": False},
        "labels": dict(body.get("labels", {})),
        "created": created_now(project),
    }
    if server is None:
        return Created(floating_ip)
    note_link(server, "_floating_ips", floating_ip_id)
    resources = [("floating_ip", floating_ip_id), ("server", server["id"])]
    return Created(floating_ip, project.store.start_action("assign_floating_ip", resources))


def update(project: Project, floating_ip: Entity, body: Body) -> None:
    """Change the description."""
    if "description" in body:
        floating_ip["description"] = body["description"]


def delete(project: Project, floating_ip: Entity) -> Change:
    """Only an unassigned floating IP can be deleted."""
    server = holder(project, floating_ip)
    if server is not None:
        raise SimulatorError(
            422,
            "must_be_unassigned",
            f"floating IP {floating_ip['id']} is assigned to server {server['id']}",
        )
    return Change()


def assign(project: Project, floating_ip: Entity, body: Body) -> Change:
    """Assign to a server of the home location's network zone (not the one holding it)."""
    if body["server"] is None:
        raise invalid_input({"server": ["must be the id of a server"]}, "server is null")
    server = resolve(project, "server", body["server"], "server")
    if holder(project, floating_ip) is server:
        raise SimulatorError(
            422,
            "floating_ip_assigned",
            f"floating IP {floating_ip['id']} is already assigned to server {server['id']}",
        )
    _check_zone(floating_ip["home_location"]["network_zone"], server)

    def assigned() -> None:
        if server["id"] in project.store.table("server"):  # not deleted meanwhile
            floating_ip["server"] = server["id"]
            note_link(server, "_floating_ips", floating_ip["id"])

    return Change(assigned, also=(("server", server["id"]),))


def unassign(project: Project, floating_ip: Entity, body: Body) -> Change:
    """Assign to no server (nothing changes if it is assigned to none)."""
    server = holder(project, floating_ip)

    def unassigned() -> None:
        floating_ip["server"] = None

    return Change(unassigned, also=() if server is None else (("server", server["id"]),))


def change_dns_ptr(project: Project, floating_ip: Entity, body: Body) -> Change:
    """Set (or with ``null`` reset) the reverse DNS entry of the floating IP's address, or of
    an address of its /64."""
    given, dns_ptr = body["ip"], body.get("dns_ptr")
    try:
        address = ipaddress.ip_address(given)
    except ValueError:
        raise invalid_input({"ip": ["is not an IP address"]}, f"invalid ip {given!r}") from None
    if address not in ipaddress.ip_network(floating_ip["ip"]):
        raise invalid_input(
            {"ip": [f"is not an address of floating IP {floating_ip['id']}"]},
            f"ip {given} not found",
        )
    ip = str(address)

    def changed() -> None:
        entries = [entry for entry in floating_ip["dns_ptr"] if entry["ip"] != ip]
        if dns_ptr or floating_ip["type"] == "ipv4":
            entries.append({"ip": ip, "dns_ptr": dns_ptr or _default_dns_ptr(ip)})
        floating_ip["dns_ptr"] = entries

    return Change(changed)


ACTIONS: dict[str, Rule] = {
    "assign": assign,
    "unassign": unassign,
    "change_dns_ptr": change_dns_ptr,
}

KIND = Kind(
    "floating_ips",
    label="Floating IP",
    render=floating_ip_json,
    create=create,
    update=update,
    delete=delete,
    actions=ACTIONS,
)
