"""Load Balancer targets: servers, label selectors and IPs, and their health per service.

A Load Balancer keeps its targets as requested (``_targets``); what it shows is derived at each
answer: a deleted server is no target any more, a label selector reaches the servers its labels
match now (in the Load Balancer's network zone, with the address it needs), and each server's
``health_status`` per service port is ``healthy`` while it runs, ``unknown`` while it starts and
``unhealthy`` otherwise (an IP target's is ``unknown``: nothing probes it).

A server target must exist in the Load Balancer's network zone; with ``use_private_ip`` the Load
Balancer must be attached to a network (``load_balancer_not_attached_to_network``) the server is
attached to (``resolve_cloud_private_targets_error``), else the server needs a public IPv4
(``resolve_cloud_public_targets_error``) and the Load Balancer its public interface
(``load_balancer_public_interface_disabled``). An IP target is a public IP outside Hetzner Cloud
(``cloud_resource_ip_not_allowed``), or a private one in a vSwitch subnet of the attached network
(``network_has_no_vswitch_subnet``, ``ip_not_in_vswitch_subnet``). A target given twice is
``target_already_defined``; the Load Balancer's type caps the servers targeted.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterator, Mapping
from typing import Any

from ..engine.entities import Entity, resolve
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Change
from ..engine.listing import LabelSelector
from ..engine.project import Project
from . import primary_ips
from .load_balancer_services import check_type_fits

Target = dict[str, Any]
"""A target as kept: ``{"type": "server", "id": 42, "use_private_ip": False}``, ``{"type":
"label_selector", "selector": "env=prod", "use_private_ip": False}`` or ``{"type": "ip", "ip":
"1.2.3.4"}``."""

_STARTING = frozenset({"initializing", "starting", "rebuilding", "migrating"})
_PRIVATE = tuple(
    ipaddress.IPv4Network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)


@functools.lru_cache(maxsize=256)
def _selector(text: str) -> LabelSelector:
    return LabelSelector.parse(text)


def _key(target: Mapping[str, Any]) -> tuple[str, Any]:
    return target["type"], target.get("id", target.get("selector", target.get("ip")))


def _networks(lb: Entity) -> set[int]:
    return {entry["network"] for entry in lb["private_net"]}


def _address(project: Project, lb: Entity, server: Entity, private: bool) -> str | None:
    """The address the Load Balancer reaches the server at, if it has one."""
    if private:
        entries = [e for e in server["private_net"] if e["network"] in _networks(lb)]
        return entries[0]["ip"] if entries else None
    ipv4 = primary_ips.held_by(project, server).get("ipv4")
    return None if ipv4 is None else str(ipv4["ip"])


def _health(lb: Entity, status: str) -> list[dict[str, Any]]:
    return [{"listen_port": s["listen_port"], "status": status} for s in lb["services"]]


def _server_health(server: Entity) -> str:
    if server["status"] == "running":
        return "healthy"
    return "unknown" if server["status"] in _STARTING else "unhealthy"


def _server_target(project: Project, lb: Entity, server: Entity, target: Target) -> Entity:
    private = target["use_private_ip"]
    address = target.get("ip") or _address(project, lb, server, private)
    health = _server_health(server) if address else "unhealthy"
    return {
        "type": "server",
        "server": {"id": server["id"], "ip": address or ""},
        "use_private_ip": private,
        "health_status": _health(lb, health),
    }


def matched(project: Project, lb: Entity, target: Target) -> Iterator[Entity]:
    """The servers a label selector target reaches now."""
    for server in project.store.table("server").values():
        if _selects(project, lb, target, server):
            yield server


def _selects(project: Project, lb: Entity, target: Target, server: Entity) -> bool:
    """Whether a label selector target reaches the server: its labels match, it is in the Load
    Balancer's network zone and has the address the target needs."""
    return (
        server["location"]["network_zone"] == lb["location"]["network_zone"]
        and _selector(target["selector"]).matches(server["labels"])
        and _address(project, lb, server, target["use_private_ip"]) is not None
    )


def _live(project: Project, lb: Entity) -> Iterator[Target]:
    """The targets but those naming a deleted server."""
    servers = project.store.table("server")
    return (t for t in lb["_targets"] if t["type"] != "server" or t["id"] in servers)


def targets_json(project: Project, lb: Entity) -> list[Entity]:
    """The Load Balancer's ``targets`` as the API shows them now."""
    servers = project.store.table("server")
    shown = []
    for target in _live(project, lb):
        if target["type"] == "server":
            shown.append(_server_target(project, lb, servers[target["id"]], target))
        elif target["type"] == "label_selector":
            reached = [
                _server_target(project, lb, server, target)
                for server in matched(project, lb, target)
            ]
            shown.append(
                {
                    "type": "label_selector",
                    "label_selector": {"selector": target["selector"]},
                    "use_private_ip": target["use_private_ip"],
                    "targets": reached,
                }
            )
        else:
            shown.append(
                {"type": "ip", "ip": {"ip": target["ip"]}, "health_status": _health(lb, "unknown")}
            )
    return shown


def reaches(project: Project, lb: Entity, server: Entity, public_only: bool = False) -> bool:
    """Whether the Load Balancer targets the server, directly or by a label selector (at its
    public IPv4, with ``public_only``)."""
    for target in _live(project, lb):
        if public_only and target.get("use_private_ip", True):
            continue
        if target["type"] == "server" and target["id"] == server["id"]:
            return True
        if target["type"] == "label_selector" and _selects(project, lb, target, server):
            return True
    return False


def count(project: Project, lb: Entity, targets: list[Target]) -> int:
    """How many targets ``targets`` make: a label selector counts the servers it reaches."""
    return sum(
        sum(1 for _ in matched(project, lb, t)) if t["type"] == "label_selector" else 1
        for t in targets
    )


# --------------------------------------------------------------------------------------------
# Checking a requested target
# --------------------------------------------------------------------------------------------


def _need_network(lb: Entity) -> None:
    if not lb["private_net"]:
        raise SimulatorError(
            422,
            "load_balancer_not_attached_to_network",
            f"Load Balancer {lb['id']} is not attached to a network",
        )


def _need_public(lb: Entity) -> None:
    if not lb["_public"]:
        raise SimulatorError(
            422,
            "load_balancer_public_interface_disabled",
            f"the public interface of Load Balancer {lb['id']} is disabled",
        )


def _server(project: Project, lb: Entity, requested: Mapping[str, Any], where: str) -> Target:
    server = resolve(project, "server", requested["server"]["id"], f"{where}server.id")
    zone = lb["location"]["network_zone"]
    if server["location"]["network_zone"] != zone:
        message = f"server {server['id']} is not in network zone {zone}"
        raise invalid_input({f"{where}server.id": [message]}, message)
    private = bool(requested.get("use_private_ip", False))
    if private:
        _need_network(lb)
        if _address(project, lb, server, True) is None:
            raise SimulatorError(
                422,
                "resolve_cloud_private_targets_error",
                f"server {server['id']} is not attached to the Load Balancer's network",
            )
    else:
        _need_public(lb)
        if _address(project, lb, server, False) is None:
            raise SimulatorError(
                422,
                "resolve_cloud_public_targets_error",
                f"server {server['id']} has no public IPv4 address",
            )
    target: Target = {"type": "server", "id": server["id"], "use_private_ip": private}
    given = requested["server"].get("ip")
    if given is not None:
        _check_server_ip(project, server, given)
        target["ip"] = given
    return target


def _check_server_ip(project: Project, server: Entity, given: str) -> None:
    """``ip_not_assigned_to_server`` unless ``given`` is the server's IPv4 or in its IPv6."""
    held = primary_ips.held_by(project, server)
    try:
        ip = ipaddress.ip_address(given)
        mine = any(ip in ipaddress.ip_network(entity["ip"]) for entity in held.values())
    except ValueError:
        mine = False
    if not mine:
        raise SimulatorError(
            422, "ip_not_assigned_to_server", f"{given} is not an address of server {server['id']}"
        )


def _selector_target(lb: Entity, requested: Mapping[str, Any], where: str) -> Target:
    text = requested["label_selector"]["selector"]
    try:
        _selector(text)
    except SimulatorError:
        message = f"{text!r} is not a label selector"
        raise invalid_input({f"{where}label_selector.selector": [message]}, message) from None
    private = bool(requested.get("use_private_ip", False))
    if private:
        _need_network(lb)
    else:
        _need_public(lb)
    return {"type": "label_selector", "selector": text, "use_private_ip": private}


def cloud_addresses(project: Project) -> Iterator[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Every address (or IPv6 network) Hetzner Cloud resources hold."""
    for kind in ("primary_ip", "floating_ip"):
        for entity in project.store.table(kind).values():
            yield ipaddress.ip_network(entity["ip"])
    for lb in project.store.table("load_balancer").values():
        for version in ("ipv4", "ipv6"):
            yield ipaddress.ip_network(lb["_addresses"][version])


def _ip_target(project: Project, lb: Entity, requested: Mapping[str, Any], where: str) -> Target:
    text = requested["ip"]["ip"]
    field = f"{where}ip.ip"
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        raise invalid_input({field: [f"{text!r} is not an IP address"]}, "invalid ip") from None
    if any(ip in network for network in cloud_addresses(project)):
        raise SimulatorError(
            422, "cloud_resource_ip_not_allowed", f"{ip} belongs to a Hetzner Cloud resource"
        )
    if isinstance(ip, ipaddress.IPv4Address) and any(ip in block for block in _PRIVATE):
        _check_vswitch(project, lb, ip)
    elif not ip.is_global:
        message = f"{ip} is neither public nor in a private range"
        raise invalid_input({field: [message]}, message)
    else:
        _need_public(lb)
    return {"type": "ip", "ip": str(ip)}


def _check_vswitch(project: Project, lb: Entity, ip: ipaddress.IPv4Address) -> None:
    """A private IP target lies in a vSwitch subnet of the Load Balancer's network."""
    _need_network(lb)
    networks = project.store.table("network")
    subnets = [
        ipaddress.IPv4Network(subnet["ip_range"])
        for network_id in _networks(lb)
        for subnet in networks[network_id]["subnets"]
        if subnet["type"] == "vswitch"
    ]
    if not subnets:
        raise SimulatorError(
            422,
            "network_has_no_vswitch_subnet",
            "the Load Balancer's network has no vSwitch subnet",
        )
    if not any(ip in subnet for subnet in subnets):
        raise SimulatorError(
            422, "ip_not_in_vswitch_subnet", f"{ip} is in no vSwitch subnet of the network"
        )


def checked_targets(
    project: Project, lb: Entity, requested: list[Mapping[str, Any]], prefix: str = "targets.{}."
) -> list[Target]:
    """The requested targets as kept, checked beside the Load Balancer's own."""
    keys = {_key(target) for target in _live(project, lb)}
    checked: list[Target] = []
    for index, target in enumerate(requested):
        where = prefix.format(index)
        kind = target["type"]
        if not isinstance(target.get(kind), dict):
            raise invalid_input({f"{where}{kind}": [f"is required for type {kind!r}"]})
        if kind == "server":
            built = _server(project, lb, target, where)
        elif kind == "label_selector":
            built = _selector_target(lb, target, where)
        else:
            built = _ip_target(project, lb, target, where)
        if _key(built) in keys:
            raise SimulatorError(
                422, "target_already_defined", f"target {_key(built)[1]} is already defined"
            )
        keys.add(_key(built))
        checked.append(built)
    total = count(project, lb, [*_live(project, lb), *checked])
    check_type_fits(lb["load_balancer_type"], lb["services"], total)
    return checked


def add_target(project: Project, lb: Entity, body: Body) -> Change:
    """Add a target."""
    [target] = checked_targets(project, lb, [body], "")

    def added() -> None:
        lb["_targets"].append(target)

    return Change(added)


def remove_target(project: Project, lb: Entity, body: Body) -> Change:
    """Remove a target, found by its server, label selector or IP."""
    kind = body["type"]
    value = body.get(kind)
    if not isinstance(value, dict):
        raise invalid_input({kind: [f"is required for type {kind!r}"]})
    wanted = (kind, value.get("id", value.get("selector", value.get("ip"))))
    if kind == "ip":
        wanted = (kind, _normal_ip(value["ip"]))
    found = next((t for t in _live(project, lb) if _key(t) == wanted), None)
    if found is None:
        message = f"Load Balancer {lb['id']} has no target {kind} {wanted[1]}"
        raise invalid_input({kind: [message]}, message)

    def removed() -> None:
        lb["_targets"][:] = [t for t in lb["_targets"] if t is not found]

    return Change(removed)


def _normal_ip(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text
