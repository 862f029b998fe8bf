"""Networks: list, create, get, update and delete ``/networks``, and attaching servers to them.

A network's ``ip_range`` is a private RFC 1918 range from /8 to /24; its subnets lie inside it
without overlapping (a subnet given no ``ip_range`` gets the first free /24) and its routes lead
private destinations (or ``0.0.0.0/0``) to a gateway inside the network. A ``cloud`` subnet's
gateway is the network's first address, a ``server`` or ``vswitch`` subnet's its own first one.

The servers module attaches, detaches and re-aliases through the ``prepare_*`` functions: each
checks the request now, raising ``SimulatorError``, and returns the effect to run when the
server's action succeeds. A server is given the first free address of a ``cloud``/``server``
subnet in its network zone, never a subnet's first address nor a gateway.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from aiohttp import web

from ..engine.app import answer, read_body
from ..engine.errors import SimulatorError, invalid_input, locked, protected
from ..engine.listing import ListSpec
from ..engine.project import Project
from .common import (
    check_labels,
    created_now,
    ensure_unique_name,
    get_entity,
    listed,
    path_id,
    public,
    resolve,
    simulation,
    update_name_and_labels,
)

routes = web.RouteTableDef()

NETWORKS = ListSpec(
    "networks", filters={"name": "name"}, sort_fields=frozenset({"id", "name", "created"})
)
PRIVATE_RANGES = tuple(
    IPv4Network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
DEFAULT_ROUTE = IPv4Network("0.0.0.0/0")
PUBLIC_GATEWAY = IPv4Address("172.31.1.1")  # every server's public gateway: never routable
SMALLEST_NETWORK = 24
SMALLEST_SUBNET = 30
ATTACHABLE_TYPES = frozenset({"cloud", "server"})


# --------------------------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------------------------


def _cidr(text: str, field: str) -> IPv4Network:
    """An IPv4 network written ``address/prefix`` with no host bits set."""
    try:
        if "/" in text:
            return IPv4Network(text)
    except ValueError:
        pass
    raise invalid_input({field: [f"{text!r} is not an IPv4 network in CIDR notation"]}, "bad CIDR")


def _address(text: str, field: str) -> IPv4Address:
    """An IPv4 address."""
    try:
        return IPv4Address(text)
    except ValueError:
        raise invalid_input({field: [f"{text!r} is not an IPv4 address"]}, "bad address") from None


def _private(network: IPv4Network) -> bool:
    """Whether ``network`` lies inside an RFC 1918 range."""
    return any(network.subnet_of(block) for block in PRIVATE_RANGES)


def _network_range(text: str) -> IPv4Network:
    """The ``ip_range`` of a new network."""
    network = _cidr(text, "ip_range")
    if not _private(network) or network.prefixlen > SMALLEST_NETWORK:
        raise invalid_input(
            {"ip_range": [f"must be a private RFC 1918 range from /8 to /{SMALLEST_NETWORK}"]},
            "ip_range is invalid",
        )
    return network


def _subnets(
    sim: Project, network: IPv4Network, requested: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The subnets of a new network: explicit ranges first, then a free /24 for each other."""
    zones = {location["network_zone"] for location in sim.store.table("location").values()}
    ranges: dict[int, IPv4Network] = {}
    for index, subnet in enumerate(requested):
        field = f"subnets.{index}"
        if subnet["network_zone"] not in zones:
            raise invalid_input(
                {f"{field}.network_zone": [f"must be one of: {', '.join(sorted(zones))}"]},
                "unknown network zone",
            )
        if (subnet["type"] == "vswitch") != ("vswitch_id" in subnet):
            raise invalid_input(
                {f"{field}.vswitch_id": ["is required for, and only allowed with, type vswitch"]},
                "vswitch_id is invalid",
            )
        if "ip_range" in subnet:
            ranges[index] = _subnet_range(subnet["ip_range"], f"{field}.ip_range", network, ranges)
    for index in range(len(requested)):
        if index not in ranges:
            ranges[index] = _free_slash_24(network, ranges.values(), f"subnets.{index}")
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
    text: str, field: str, network: IPv4Network, others: dict[int, IPv4Network]
) -> IPv4Network:
    """An explicit subnet range: inside the network, /30 or larger, overlapping no other."""
    subnet = _cidr(text, field)
    if not subnet.subnet_of(network) or subnet.prefixlen > SMALLEST_SUBNET:
        raise invalid_input(
            {field: [f"must be a /{SMALLEST_SUBNET} or larger range inside {network}"]},
            "subnet ip_range is invalid",
        )
    if any(subnet.overlaps(other) for other in others.values()):
        raise invalid_input({field: ["overlaps another subnet"]}, "subnets overlap")
    return subnet


def _free_slash_24(network: IPv4Network, taken: Iterable[IPv4Network], field: str) -> IPv4Network:
    """The first /24 of ``network`` that overlaps nothing ``taken``."""
    taken = list(taken)
    for candidate in network.subnets(new_prefix=24):
        if not any(candidate.overlaps(other) for other in taken):
            return candidate
    raise invalid_input({field: [f"no free /24 is left in {network}"]}, "no free subnet range")


def _gateway(kind: str, network: IPv4Network, subnet: IPv4Network) -> IPv4Address:
    """The gateway of a subnet of type ``kind``."""
    return (network if kind == "cloud" else subnet).network_address + 1


def _routes(
    network: IPv4Network, subnets: list[dict[str, Any]], requested: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """The routes of a new network, each checked against the subnets and the routes before it."""
    subnet_ranges = [IPv4Network(subnet["ip_range"]) for subnet in subnets]
    vswitch_ranges = [IPv4Network(s["ip_range"]) for s in subnets if s["type"] == "vswitch"]
    destinations: list[IPv4Network] = []
    for index, route in enumerate(requested):
        field = f"routes.{index}"
        destination = _cidr(route["destination"], f"{field}.destination")
        if destination != DEFAULT_ROUTE and (
            not _private(destination)
            or PUBLIC_GATEWAY in destination
            or any(destination.overlaps(other) for other in subnet_ranges + destinations)
        ):
            raise invalid_input(
                {
                    f"{field}.destination": [
                        "must be a private range or 0.0.0.0/0 overlapping no subnet, no other "
                        "route and not 172.31.1.1"
                    ]
                },
                "route destination is invalid",
            )
        gateway = _address(route["gateway"], f"{field}.gateway")
        if (
            gateway not in network
            or gateway in (network.network_address + 1, PUBLIC_GATEWAY)
            or any(gateway in vswitch for vswitch in vswitch_ranges)
        ):
            raise invalid_input(
                {
                    f"{field}.gateway": [
                        f"must be inside {network}, not its first address, not behind a vSwitch"
                    ]
                },
                "route gateway is invalid",
            )
        destinations.append(destination)
    return [{"destination": r["destination"], "gateway": r["gateway"]} for r in requested]


# --------------------------------------------------------------------------------------------
# Routes
# --------------------------------------------------------------------------------------------


def network_json(sim: Project, network: dict[str, Any]) -> dict[str, Any]:
    """The network as the API shows it, with the servers attached to it."""
    servers = sim.store.table("server").values()
    attached = [server["id"] for server in servers if _entry(server, network["id"]) is not None]
    return {**public(network), "servers": attached}


def _network(request: web.Request) -> dict[str, Any]:
    """The network named by the path's id."""
    return get_entity(simulation(request), "network", path_id(request), "network")


@routes.get("/networks")
async def list_networks(request: web.Request) -> web.StreamResponse:
    """List networks."""
    sim = simulation(request)
    networks = sim.store.table("network").values()
    return listed(request, networks, NETWORKS, lambda network: network_json(sim, network))


@routes.post("/networks")
async def create_network(request: web.Request) -> web.StreamResponse:
    """Create a network with its subnets and routes."""
    sim = simulation(request)
    body = await read_body(request)
    labels = body.get("labels", {})
    check_labels(labels)
    ip_range = _network_range(body["ip_range"])
    subnets = _subnets(sim, ip_range, body.get("subnets", []))
    network_routes = _routes(ip_range, subnets, body.get("routes", []))
    ensure_unique_name(sim, "network", body["name"])
    network = {
        "id": sim.store.next_id("network"),
        "name": body["name"],
        "ip_range": str(ip_range),
        "subnets": subnets,
        "routes": network_routes,
        "load_balancers": [],
        "protection": {"delete": False},
        "labels": dict(labels),
        "created": created_now(sim),
        "expose_routes_to_vswitch": body.get("expose_routes_to_vswitch", False),
    }
    sim.store.table("network")[network["id"]] = network
    return answer({"network": network_json(sim, network)}, 201)


@routes.get("/networks/{id}")
async def get_network(request: web.Request) -> web.StreamResponse:
    """Get one network."""
    return answer({"network": network_json(simulation(request), _network(request))})


@routes.put("/networks/{id}")
async def update_network(request: web.Request) -> web.StreamResponse:
    """Rename a network, replace its labels or toggle ``expose_routes_to_vswitch``."""
    sim = simulation(request)
    network = _network(request)
    body = await read_body(request)
    update_name_and_labels(sim, "network", network, body)
    network["expose_routes_to_vswitch"] = body.get(
        "expose_routes_to_vswitch", network["expose_routes_to_vswitch"]
    )
    return answer({"network": network_json(sim, network)})


@routes.delete("/networks/{id}")
async def delete_network(request: web.Request) -> web.StreamResponse:
    """Delete a network, detaching its servers."""
    sim = simulation(request)
    network = _network(request)
    if sim.store.running_on("network", network["id"]):
        raise locked("network", network["id"])
    if network["protection"]["delete"]:
        raise protected("network", network["id"], "deletion")
    for server in sim.store.table("server").values():
        _drop_entry(server, network["id"])
    del sim.store.table("network")[network["id"]]
    return web.Response(status=204)


# --------------------------------------------------------------------------------------------
# Attaching servers (for the servers module)
# --------------------------------------------------------------------------------------------


def _entry(server: dict[str, Any], network_id: int) -> dict[str, Any] | None:
    """The server's ``private_net`` entry for the network, if attached."""
    return next((e for e in server["private_net"] if e["network"] == network_id), None)


def _drop_entry(server: dict[str, Any], network_id: int) -> None:
    """Remove the server's ``private_net`` entry for the network, in place."""
    server["private_net"][:] = [e for e in server["private_net"] if e["network"] != network_id]


def _attached(server: dict[str, Any], network_id: int) -> dict[str, Any]:
    """The server's entry for the network; ``invalid_input`` on ``network`` if not attached."""
    entry = _entry(server, network_id)
    if entry is None:
        raise invalid_input(
            {"network": [f"server {server['id']} is not attached to network {network_id}"]},
            "server not attached to network",
        )
    return entry


def _zone_subnets(
    network: dict[str, Any], server: dict[str, Any], ip_range: str | None
) -> list[IPv4Network]:
    """The ranges of the subnets the server may take addresses from (``ip_range`` if given)."""
    zone = server["location"]["network_zone"]
    ranges = [
        IPv4Network(subnet["ip_range"])
        for subnet in network["subnets"]
        if subnet["type"] in ATTACHABLE_TYPES and subnet["network_zone"] == zone
    ]
    if ip_range is not None:
        wanted = _cidr(ip_range, "ip_range")
        ranges = [subnet for subnet in ranges if subnet == wanted]
    if not ranges:
        raise SimulatorError(
            422,
            "no_subnet_available",
            f"network {network['id']} has no fitting cloud subnet in network zone {zone}",
        )
    return ranges


def _used(sim: Project, network_id: int, but: int | None = None) -> set[IPv4Address]:
    """Every address servers (other than ``but``) hold in the network, aliases included."""
    used: set[IPv4Address] = set()
    for server in sim.store.table("server").values():
        entry = _entry(server, network_id)
        if entry is not None and server["id"] != but:
            used.update(map(IPv4Address, [entry["ip"], *entry["alias_ips"]]))
    return used


def _gateways(network: dict[str, Any]) -> set[IPv4Address]:
    """The network's first address and its subnets' gateways."""
    first = IPv4Network(network["ip_range"]).network_address + 1
    return {first, *(IPv4Address(subnet["gateway"]) for subnet in network["subnets"])}


def _assignable(network: dict[str, Any], ranges: list[IPv4Network]) -> Iterator[IPv4Address]:
    """The addresses a server may hold, in order: hosts past each subnet's first, no gateway."""
    gateways = _gateways(network)
    hosts = itertools.chain.from_iterable(itertools.islice(r.hosts(), 1, None) for r in ranges)
    return (address for address in hosts if address not in gateways)


def _is_assignable(network: dict[str, Any], ranges: list[IPv4Network], ip: IPv4Address) -> bool:
    """Whether ``ip`` is one of ``_assignable`` (without walking the ranges)."""
    return ip not in _gateways(network) and any(
        ip in r and ip not in (r.network_address, r.network_address + 1, r.broadcast_address)
        for r in ranges
    )


def _check_free(
    network: dict[str, Any],
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


def _mac_address(sim: Project) -> str:
    """A fresh MAC address like Hetzner's ``86:00:00:xx:xx:xx``."""
    number = sim.store.next_id("mac_address")
    return "86:00:00:" + ":".join(f"{number >> shift & 0xFF:02x}" for shift in (16, 8, 0))


def prepare_attach(
    sim: Project,
    server: dict[str, Any],
    network_id: int,
    ip: str | None,
    alias_ips: list[str],
    ip_range: str | None,
) -> Callable[[], None]:
    """Check attaching ``server`` to the network; return the effect that attaches it.

    Without ``ip`` the server gets the first free address when the effect runs (nothing
    happens then if the network is gone, the server already attached, or no address is left).
    """
    network = resolve(sim, "network", network_id, "network")
    if _entry(server, network["id"]) is not None:
        raise SimulatorError(
            422,
            "server_already_attached",
            f"server {server['id']} is already attached to network {network['id']}",
        )
    own_range = IPv4Network(network["ip_range"])
    for entry in server["private_net"]:
        other = sim.store.table("network").get(entry["network"])
        if other is not None and IPv4Network(other["ip_range"]).overlaps(own_range):
            raise SimulatorError(
                422,
                "networks_overlap",
                f"network {network['id']} overlaps network {other['id']} of the server",
            )
    ranges = _zone_subnets(network, server, ip_range)
    aliases = [_address(alias, "alias_ips") for alias in alias_ips]
    primary = _address(ip, "ip") if ip is not None else None
    used = _used(sim, network["id"])
    _check_free(network, ranges, used, [*([] if primary is None else [primary]), *aliases])
    if primary is None and next(_free(network, ranges, used | set(aliases)), None) is None:
        raise SimulatorError(
            422, "no_subnet_available", f"no address is left in network {network['id']}"
        )

    def attach() -> None:
        if sim.store.table("network").get(network["id"]) is not network:
            return
        if _entry(server, network["id"]) is not None:
            return
        taken = _used(sim, network["id"]) | set(aliases)
        address = primary if primary is not None else next(_free(network, ranges, taken), None)
        if address is None:
            return
        server["private_net"].append(
            {
                "network": network["id"],
                "ip": str(address),
                "alias_ips": [str(alias) for alias in aliases],
                "mac_address": _mac_address(sim),
            }
        )

    return attach


def _free(
    network: dict[str, Any], ranges: list[IPv4Network], taken: set[IPv4Address]
) -> Iterator[IPv4Address]:
    """The assignable addresses nobody holds, in order."""
    return (address for address in _assignable(network, ranges) if address not in taken)


def prepare_detach(sim: Project, server: dict[str, Any], network_id: int) -> Callable[[], None]:
    """Check detaching ``server`` from the network; return the effect that detaches it."""
    network = resolve(sim, "network", network_id, "network")
    _attached(server, network["id"])

    def detach() -> None:
        _drop_entry(server, network["id"])

    return detach


def prepare_change_alias_ips(
    sim: Project, server: dict[str, Any], network_id: int, alias_ips: list[str]
) -> Callable[[], None]:
    """Check replacing the server's alias IPs in the network; return the effect that does it."""
    network = resolve(sim, "network", network_id, "network")
    entry = _attached(server, network["id"])
    ranges = _zone_subnets(network, server, None)
    aliases = [_address(alias, "alias_ips") for alias in alias_ips]
    used = _used(sim, network["id"], but=server["id"]) | {IPv4Address(entry["ip"])}
    _check_free(network, ranges, used, aliases)

    def change() -> None:
        entry["alias_ips"] = [str(alias) for alias in aliases]

    return change
