"""Networks: create, update (``expose_routes_to_vswitch`` too), delete, and attaching servers.

Creating a network checks its range, subnets and routes with the rules of ``network_actions``;
deleting one detaches its servers. The servers' rules attach, detach and re-alias through the
``prepare_*`` functions: each checks the request now, raising ``SimulatorError``, and returns
the effect to run when the server's action succeeds. A server is given the first free address
of a ``cloud``/``server`` subnet in its network zone, never a subnet's first address nor a
gateway.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from ipaddress import IPv4Address, IPv4Network

from ..engine.entities import Entity, created_now, resolve
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Change, Created, Kind, public
from ..engine.project import Project
from . import network_actions
from .network_actions import address, cidr

ATTACHABLE_TYPES = frozenset({"cloud", "server"})


def network_json(project: Project, network: Entity) -> Entity:
    """The network as the API shows it, with the servers and Load Balancers attached to it."""
    servers = project.store.table("server").values()
    attached = [server["id"] for server in servers if _entry(server, network["id"]) is not None]
    lbs = project.store.table("load_balancer").values()
    balancing = [lb["id"] for lb in lbs if _entry(lb, network["id"]) is not None]
    return {**public(project, network), "servers": attached, "load_balancers": balancing}


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A network with its subnets and routes."""
    ip_range = network_actions.network_range(body["ip_range"])
    subnets = network_actions.subnets(project, ip_range, body.get("subnets", []))
    routes = network_actions.routes(ip_range, subnets, body.get("routes", []))
    network = {
        "id": project.store.next_id("network"),
        "name": body["name"],
        "ip_range": str(ip_range),
        "subnets": subnets,
        "routes": routes,
        "load_balancers": [],
        "protection": {"delete": False},
        "labels": dict(body.get("labels", {})),
        "created": created_now(project),
        "expose_routes_to_vswitch": body.get("expose_routes_to_vswitch", False),
    }
    return Created(network)


def update(project: Project, network: Entity, body: Body) -> None:
    """Toggle ``expose_routes_to_vswitch``."""
    if "expose_routes_to_vswitch" in body:
        network["expose_routes_to_vswitch"] = body["expose_routes_to_vswitch"]


def delete(project: Project, network: Entity) -> Change:
    """Detach the network's servers and Load Balancers."""

    def detach_all() -> None:
        for server in project.store.table("server").values():
            _drop_entry(server, network["id"])
        for lb in project.store.table("load_balancer").values():
            _drop_entry(lb, network["id"])

    return Change(detach_all)


KIND = Kind(
    "networks",
    render=network_json,
    create=create,
    update=update,
    delete=delete,
    busy="conflict",
    actions=network_actions.ACTIONS,
)


# --------------------------------------------------------------------------------------------
# Attaching servers (for the server actions)
# --------------------------------------------------------------------------------------------


def _entry(server: Entity, network_id: int) -> Entity | None:
    """The server's ``private_net`` entry for the network, if attached."""
    return next((e for e in server["private_net"] if e["network"] == network_id), None)


def _drop_entry(server: Entity, network_id: int) -> None:
    """Remove the server's ``private_net`` entry for the network, in place."""
    server["private_net"][:] = [e for e in server["private_net"] if e["network"] != network_id]


def _attached(server: Entity, network_id: int) -> Entity:
    """The server's entry for the network; ``invalid_input`` on ``network`` if not attached."""
    entry = _entry(server, network_id)
    if entry is None:
        raise invalid_input(
            {"network": [f"server {server['id']} is not attached to network {network_id}"]},
            "server not attached to network",
        )
    return entry


def _zone_subnets(network: Entity, server: Entity, ip_range: str | None) -> list[IPv4Network]:
    """The ranges of the subnets the server (or Load Balancer) may take addresses from
    (``ip_range`` if given)."""
    zone = server["location"]["network_zone"]
    ranges = [
        IPv4Network(subnet["ip_range"])
        for subnet in network["subnets"]
        if subnet["type"] in ATTACHABLE_TYPES and subnet["network_zone"] == zone
    ]
    if ip_range is not None:
        wanted = cidr(ip_range, "ip_range")
        ranges = [subnet for subnet in ranges if subnet == wanted]
    if not ranges:
        raise SimulatorError(
            422,
            "no_subnet_available",
            f"network {network['id']} has no fitting cloud subnet in network zone {zone}",
        )
    return ranges


def _used(project: Project, network_id: int, but: int | None = None) -> set[IPv4Address]:
    """Every address servers (other than ``but``) and Load Balancers hold in the network,
    aliases included."""
    used: set[IPv4Address] = set()
    for server in project.store.table("server").values():
        entry = _entry(server, network_id)
        if entry is not None and server["id"] != but:
            used.update(map(IPv4Address, [entry["ip"], *entry["alias_ips"]]))
    for lb in project.store.table("load_balancer").values():
        used.update(IPv4Address(e["ip"]) for e in lb["private_net"] if e["network"] == network_id)
    return used


def _gateways(network: Entity) -> set[IPv4Address]:
    """The network's first address and its subnets' gateways."""
    first = IPv4Network(network["ip_range"]).network_address + 1
    return {first, *(IPv4Address(subnet["gateway"]) for subnet in network["subnets"])}


def _assignable(network: Entity, ranges: list[IPv4Network]) -> Iterator[IPv4Address]:
    """The addresses a server may hold, in order: hosts past each subnet's first, no gateway."""
    gateways = _gateways(network)
    hosts = itertools.chain.from_iterable(itertools.islice(r.hosts(), 1, None) for r in ranges)
    return (address for address in hosts if address not in gateways)


def _is_assignable(network: Entity, ranges: list[IPv4Network], ip: IPv4Address) -> bool:
    """Whether ``ip`` is one of ``_assignable`` (without walking the ranges)."""
    return ip not in _gateways(network) and any(
        ip in r and ip not in (r.network_address, r.network_address + 1, r.broadcast_address)
        for r in ranges
    )


def _check_free(
    network: Entity,
    ranges: list[IPv4Network],
    used: set[IPv4Address],
    wanted: list[IPv4Address],
) -> None:
    """422 ``ip_not_available`` unless each wanted address is assignable, free and wanted once."""
    for index, ip in enumerate(wanted):
        if ip in used or ip in wanted[:index] or not _is_assignable(network, ranges, ip):
            raise SimulatorError(
                422, "ip_not_available", f"{ip} is not available in network {network['id']}"
            )


def _mac_address(project: Project) -> str:
    """A fresh MAC address like Hetzner's ``86:00:00:xx:xx:xx``."""
    number = project.store.next_id("mac_address")
    return "86:00:00:" + ":".join(f"{number >> shift & 0xFF:02x}" for shift in (16, 8, 0))


def prepare_attach(
    project: Project,
    server: Entity,
    network_id: int,
    ip: str | None,
    alias_ips: list[str],
    ip_range: str | None,
) -> Callable[[], None]:
    """Check attaching ``server`` to the network; return the effect that attaches it.

    Without ``ip`` the server gets the first free address when the effect runs (nothing
    happens then if the network is gone, the server already attached, or no address is left).
    """
    network = resolve(project, "network", network_id, "network")
    if _entry(server, network["id"]) is not None:
        raise SimulatorError(
            422,
            "server_already_attached",
            f"server {server['id']} is already attached to network {network['id']}",
        )
    own_range = IPv4Network(network["ip_range"])
    for entry in server["private_net"]:
        other = project.store.table("network").get(entry["network"])
        if other is not None and IPv4Network(other["ip_range"]).overlaps(own_range):
            raise SimulatorError(
                422,
                "networks_overlap",
                f"network {network['id']} overlaps network {other['id']} of the server",
            )
    ranges = _zone_subnets(network, server, ip_range)
    aliases = [address(alias, "alias_ips") for alias in alias_ips]
    primary = address(ip, "ip") if ip is not None else None
    used = _used(project, network["id"])
    _check_free(network, ranges, used, [*([] if primary is None else [primary]), *aliases])
    if primary is None and next(_free(network, ranges, used | set(aliases)), None) is None:
        raise SimulatorError(
            422, "no_subnet_available", f"no address is left in network {network['id']}"
        )

    def attach() -> None:
        if project.store.table("network").get(network["id"]) is not network:
            return
        if _entry(server, network["id"]) is not None:
            return
        taken = _used(project, network["id"]) | set(aliases)
        chosen = primary if primary is not None else next(_free(network, ranges, taken), None)
        if chosen is None:
            return
        server["private_net"].append(
            {
                "network": network["id"],
                "ip": str(chosen),
                "alias_ips": [str(alias) for alias in aliases],
                "mac_address": _mac_address(project),
            }
        )

    return attach


def _free(
    network: Entity, ranges: list[IPv4Network], taken: set[IPv4Address]
) -> Iterator[IPv4Address]:
    """The assignable addresses nobody holds, in order."""
    return (address for address in _assignable(network, ranges) if address not in taken)


def reserve_address(
    project: Project, network: Entity, holder: Entity, ip: str | None, ip_range: str | None
) -> str:
    """An address for ``holder`` (a Load Balancer) in a subnet of its network zone (``ip_range``
    if given): ``ip`` if it is free there, else the first free one."""
    ranges = _zone_subnets(network, holder, ip_range)
    used = _used(project, network["id"])
    if ip is not None:
        wanted = address(ip, "ip")
        _check_free(network, ranges, used, [wanted])
        return str(wanted)
    chosen = next(_free(network, ranges, used), None)
    if chosen is None:
        raise SimulatorError(
            422, "no_subnet_available", f"no address is left in network {network['id']}"
        )
    return str(chosen)


def prepare_detach(project: Project, server: Entity, network_id: int) -> Callable[[], None]:
    """Check detaching ``server`` from the network; return the effect that detaches it."""
    network = resolve(project, "network", network_id, "network")
    _attached(server, network["id"])

    def detach() -> None:
        _drop_entry(server, network["id"])

    return detach


def prepare_change_alias_ips(
    project: Project, server: Entity, network_id: int, alias_ips: list[str]
) -> Callable[[], None]:
    """Check replacing the server's alias IPs in the network; return the effect that does it."""
    network = resolve(project, "network", network_id, "network")
    entry = _attached(server, network["id"])
    ranges = _zone_subnets(network, server, None)
    aliases = [address(alias, "alias_ips") for alias in alias_ips]
    used = _used(project, network["id"], but=server["id"]) | {IPv4Address(entry["ip"])}
    _check_free(network, ranges, used, aliases)

    def change() -> None:
        entry["alias_ips"] = [str(alias) for alias in aliases]

    return change
