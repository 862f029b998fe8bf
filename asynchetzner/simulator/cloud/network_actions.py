"""Network actions, and the rules of a network's ranges that creating a network shares.

A network's ``ip_range`` is a private RFC 1918 range from /8 to /24 that may only grow (same
first address, shorter prefix). Its subnets lie inside it without overlapping each other or a
route's destination (a subnet given no ``ip_range`` gets the first free /24); a ``cloud``
subnet's gateway is the network's first address, a ``server`` or ``vswitch`` subnet's its own
first one. A route leads a private destination (or ``0.0.0.0/0``) overlapping no subnet, no
other route and not ``172.31.1.1`` to a gateway inside the network that is neither its first
address, nor ``172.31.1.1``, nor behind a vSwitch. A subnet holding servers' addresses cannot
be deleted. While an action runs on a network, the API answers ``409 conflict``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from ..engine.entities import Entity
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Change, Rule
from ..engine.project import Project

PRIVATE_RANGES = tuple(
    IPv4Network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
DEFAULT_ROUTE = IPv4Network("0.0.0.0/0")
PUBLIC_GATEWAY = IPv4Address("172.31.1.1")  # every server's public gateway: never routable
SMALLEST_NETWORK = 24
SMALLEST_SUBNET = 30


def cidr(text: str, field: str) -> IPv4Network:
    """An IPv4 network written ``address/prefix`` with no host bits set."""
    try:
        if "/" in text:
            return IPv4Network(text)
    except ValueError:
        pass
    raise invalid_input({field: [f"{text!r} is not an IPv4 network in CIDR notation"]}, "bad CIDR")


def address(text: str, field: str) -> IPv4Address:
    """An IPv4 address."""
    try:
        return IPv4Address(text)
    except ValueError:
        raise invalid_input({field: [f"{text!r} is not an IPv4 address"]}, "bad address") from None


def _private(network: IPv4Network) -> bool:
    """Whether ``network`` lies inside an RFC 1918 range."""
    return any(network.subnet_of(block) for block in PRIVATE_RANGES)


def network_range(text: str) -> IPv4Network:
    """The ``ip_range`` of a network."""
    network = cidr(text, "ip_range")
    if not _private(network) or network.prefixlen > SMALLEST_NETWORK:
        raise invalid_input(
            {"ip_range": [f"must be a private RFC 1918 range from /8 to /{SMALLEST_NETWORK}"]},
            "ip_range is invalid",
        )
    return network


def subnets(
    project: Project,
    network: IPv4Network,
    requested: list[dict[str, Any]],
    taken: Iterable[IPv4Network] = (),
    prefix: str = "subnets.{}.",
) -> list[dict[str, Any]]:
    """New subnets of ``network`` beside the ranges ``taken``: explicit ranges first, then a free
    /24 for each other; errors name the fields after ``prefix`` with the subnet's index."""
    zones = {location["network_zone"] for location in project.store.table("location").values()}
    ranges: dict[int, IPv4Network] = {}
    for index, subnet in enumerate(requested):
        where = prefix.format(index)
        if subnet["network_zone"] not in zones:
            raise invalid_input(
                {f"{where}network_zone": [f"must be one of: {', '.join(sorted(zones))}"]},
                "unknown network zone",
            )
        if (subnet["type"] == "vswitch") != ("vswitch_id" in subnet):
            raise invalid_input(
                {f"{where}vswitch_id": ["is required for, and only allowed with, type vswitch"]},
                "vswitch_id is invalid",
            )
        if "ip_range" in subnet:
            others = [*taken, *ranges.values()]
            ranges[index] = _subnet_range(subnet["ip_range"], f"{where}ip_range", network, others)
    for index in range(len(requested)):
        if index not in ranges:
            others = [*taken, *ranges.values()]
            where = prefix.format(index).rstrip(".") or "ip_range"
            ranges[index] = _free_slash_24(network, others, where)
    return [
        {
            "type": subnet["type"],
            "ip_range": str(ranges[index]),
            "network_zone": subnet["network_zone"],
            "gateway": str(_gateway(subnet["type"], network, ranges[index])),
            "vswitch_id": subnet.get("vswitch_id"),
        }
        for index, subnet in enumerate(requested)
    ]


def _subnet_range(
    text: str, field: str, network: IPv4Network, others: list[IPv4Network]
) -> IPv4Network:
    """An explicit subnet range: inside the network, /30 or larger, overlapping no other."""
    subnet = cidr(text, field)
    if not subnet.subnet_of(network) or subnet.prefixlen > SMALLEST_SUBNET:
        raise invalid_input(
            {field: [f"must be a /{SMALLEST_SUBNET} or larger range inside {network}"]},
            "subnet ip_range is invalid",
        )
    if any(subnet.overlaps(other) for other in others):
        raise invalid_input({field: ["overlaps another subnet or a route"]}, "subnets overlap")
    return subnet


def _free_slash_24(network: IPv4Network, taken: list[IPv4Network], field: str) -> IPv4Network:
    """The first /24 of ``network`` that overlaps nothing ``taken``."""
    for candidate in network.subnets(new_prefix=24):
        if not any(candidate.overlaps(other) for other in taken):
            return candidate
    raise invalid_input({field: [f"no free /24 is left in {network}"]}, "no free subnet range")


def _gateway(kind: str, network: IPv4Network, subnet: IPv4Network) -> IPv4Address:
    """The gateway of a subnet of type ``kind``."""
    return (network if kind == "cloud" else subnet).network_address + 1


def routes(
    network: IPv4Network,
    subnet_list: list[dict[str, Any]],
    requested: list[dict[str, Any]],
    existing: Sequence[Mapping[str, str]] = (),
    prefix: str = "routes.{}.",
) -> list[dict[str, str]]:
    """New routes of ``network``, each checked against the subnets, the ``existing`` routes and
    the routes before it; errors name the fields after ``prefix`` with the route's index."""
    subnet_ranges = [IPv4Network(subnet["ip_range"]) for subnet in subnet_list]
    vswitch_ranges = [IPv4Network(s["ip_range"]) for s in subnet_list if s["type"] == "vswitch"]
    destinations = _destinations(existing)
    for index, route in enumerate(requested):
        where = prefix.format(index)
        destination = cidr(route["destination"], f"{where}destination")
        if destination != DEFAULT_ROUTE and (
            not _private(destination)
            or PUBLIC_GATEWAY in destination
            or any(destination.overlaps(other) for other in subnet_ranges + destinations)
        ):
            raise invalid_input(
                {
                    f"{where}destination": [
                        "must be a private range or 0.0.0.0/0 overlapping no subnet, no other "
                        "route and not 172.31.1.1"
                    ]
                },
                "route destination is invalid",
            )
        gateway = address(route["gateway"], f"{where}gateway")
        if (
            gateway not in network
            or gateway in (network.network_address + 1, PUBLIC_GATEWAY)
            or any(gateway in vswitch for vswitch in vswitch_ranges)
        ):
            raise invalid_input(
                {
                    f"{where}gateway": [
                        f"must be inside {network}, not its first address, not behind a vSwitch"
                    ]
                },
                "route gateway is invalid",
            )
        destinations += _destinations([route])
    return [{"destination": r["destination"], "gateway": r["gateway"]} for r in requested]


def _destinations(routes: Iterable[Mapping[str, str]]) -> list[IPv4Network]:
    """The routes' destinations but the default route, which overlaps everything by design."""
    found = (IPv4Network(route["destination"]) for route in routes)
    return [destination for destination in found if destination != DEFAULT_ROUTE]


def add_subnet(project: Project, network: Entity, body: Body) -> Change:
    """Add a subnet inside the network, overlapping no subnet and no route."""
    ip_range = IPv4Network(network["ip_range"])
    taken = [IPv4Network(s["ip_range"]) for s in network["subnets"]]
    [subnet] = subnets(project, ip_range, [body], taken + _destinations(network["routes"]), "")

    def added() -> None:
        network["subnets"].append(subnet)

    return Change(added)


def delete_subnet(project: Project, network: Entity, body: Body) -> Change:
    """Delete a subnet that holds no server's address."""
    wanted = cidr(body["ip_range"], "ip_range")
    subnet = next((s for s in network["subnets"] if IPv4Network(s["ip_range"]) == wanted), None)
    if subnet is None:
        raise invalid_input({"ip_range": [f"network has no subnet {wanted}"]}, "no such subnet")
    for server in project.store.table("server").values():
        for entry in server["private_net"]:
            held = [IPv4Address(ip) for ip in [entry["ip"], *entry["alias_ips"]]]
            if entry["network"] == network["id"] and any(ip in wanted for ip in held):
                raise SimulatorError(
                    422, "resource_in_use", f"server {server['id']} holds addresses in {wanted}"
                )

    def deleted() -> None:
        network["subnets"].remove(subnet)

    return Change(deleted)


def add_route(project: Project, network: Entity, body: Body) -> Change:
    """Add a route to a gateway inside the network."""
    ip_range = IPv4Network(network["ip_range"])
    [route] = routes(ip_range, network["subnets"], [body], network["routes"], "")

    def added() -> None:
        network["routes"].append(route)

    return Change(added)


def delete_route(project: Project, network: Entity, body: Body) -> Change:
    """Delete the route with this destination and gateway."""
    wanted = {"destination": body["destination"], "gateway": body["gateway"]}
    if wanted not in network["routes"]:
        missing = f"network has no route to {wanted['destination']} via {wanted['gateway']}"
        raise invalid_input({"destination": [missing]}, "no such route")

    def deleted() -> None:
        network["routes"].remove(wanted)

    return Change(deleted)


def change_ip_range(project: Project, network: Entity, body: Body) -> Change:
    """Grow the network's range: same first address, a prefix no longer than now."""
    current = IPv4Network(network["ip_range"])
    grown = network_range(body["ip_range"])
    if grown.network_address != current.network_address or grown.prefixlen > current.prefixlen:
        raise invalid_input(
            {"ip_range": [f"may only grow from {current}, keeping its first address"]},
            "ip_range may only grow",
        )

    def changed() -> None:
        network["ip_range"] = str(grown)

    return Change(changed)


ACTIONS: dict[str, Rule] = {
    "add_subnet": add_subnet,
    "delete_subnet": delete_subnet,
    "add_route": add_route,
    "delete_route": delete_route,
    "change_ip_range": change_ip_range,
}
