"""Load Balancers: created with a type, services, targets and a network; deleted by an action.

A Load Balancer lives in a location (``location``, or the first one of ``network_zone``). Its
public interface holds the next free address of 192.0.2.0/24 (TEST-NET-1) and the matching one
of 2001:db8:fffe::/48, ranges no other kind uses (the IPv4 with Hetzner's default reverse DNS,
the IPv6 with none, as for primary IPs); disabled, it shows no address. Its services
(``load_balancer_services``), targets (``load_balancer_targets``) and networks
(``load_balancer_actions``) follow the rules of its actions. Since 5 October 2026 Hetzner answers
``DELETE /load_balancers/{id}`` with a ``delete_load_balancer`` action (``tools/api_changes.py``).

What other kinds show of Load Balancers is derived here: a server's ``load_balancers`` (those
targeting it), a certificate's ``used_by``; a network's ``load_balancers`` is derived in
``networks``. A server a Load Balancer reaches publicly keeps its primary IPv4
(``server_is_load_balancer_target``).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ..engine.entities import Entity, created_now, resolve
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Created, Kind, public
from ..engine.project import Project
from . import load_balancer_actions, load_balancer_services, load_balancer_targets
from .load_balancer_services import check_services, checked_service

RESOURCE = "load_balancer"
IPV4_POOL = ipaddress.IPv4Network("192.0.2.0/24")  # TEST-NET-1, for documentation
IPV6_POOL = ipaddress.IPv6Network("2001:db8:fffe::/48")  # in the documentation prefix
_INCLUDED_TRAFFIC = 20 * 1024**4


def load_balancer_json(project: Project, lb: Entity) -> Entity:
    """The Load Balancer as the API shows it now."""
    data = public(project, lb)
    certificates = project.store.table("certificate")
    data["services"] = [_service_json(service, certificates) for service in lb["services"]]
    data["targets"] = load_balancer_targets.targets_json(project, lb)
    data["public_net"] = _public_net(lb)
    return data


def _service_json(service: Entity, certificates: dict[int, Entity]) -> Entity:
    """The service, without the certificates deleted since."""
    if "certificates" not in service.get("http", {}):
        return service
    kept = [c for c in service["http"]["certificates"] if c in certificates]
    return {**service, "http": {**service["http"], "certificates": kept}}


def _public_net(lb: Entity) -> Entity:
    enabled = lb["_public"]
    return {
        "enabled": enabled,
        **{
            version: {
                "ip": lb["_addresses"][version] if enabled else None,
                "dns_ptr": lb["_dns_ptr"][version] if enabled else None,
            }
            for version in ("ipv4", "ipv6")
        },
    }


def _addresses(project: Project) -> dict[str, str]:
    """The first public addresses no Load Balancer holds."""
    held = {lb["_addresses"]["ipv4"] for lb in project.store.table(RESOURCE).values()}
    for number in range(1, IPV4_POOL.num_addresses - 1):
        ipv4 = str(IPV4_POOL[number])
        if ipv4 not in held:
            return {"ipv4": ipv4, "ipv6": str(IPV6_POOL[number])}
    raise SimulatorError(
        403,
        "resource_limit_exceeded",
        "no public address is left for a Load Balancer",
        {"limits": [{"name": "load_balancer_limit"}]},
    )


def _location(project: Project, body: Body) -> Entity:
    """The location of ``location``, or the first one of ``network_zone``."""
    if body.get("location") is not None:
        location = resolve(project, "location", body["location"], "location")
        zone = body.get("network_zone")
        if zone is not None and zone != location["network_zone"]:
            message = f"location {location['name']} is not in network zone {zone}"
            raise invalid_input({"network_zone": [message]}, message)
        return location
    zone = body.get("network_zone")
    found = [
        location
        for location in project.store.table("location").values()
        if location["network_zone"] == zone
    ]
    if not found:
        message = "give a location, or a network zone that has one"
        raise invalid_input({"location": [message], "network_zone": [message]}, message)
    return found[0]


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A Load Balancer with its services, targets and network: ``create_load_balancer``."""
    lb_type = resolve(
        project, "load_balancer_type", body["load_balancer_type"], "load_balancer_type"
    )
    location = _location(project, body)
    addresses = _addresses(project)
    lb: Entity = {
        "id": project.store.next_id(RESOURCE),
        "name": body["name"],
        "labels": dict(body.get("labels") or {}),
        "created": created_now(project),
        "private_net": [],
        "location": dict(location),
        "load_balancer_type": dict(lb_type),
        "protection": {"delete": False},
        "services": [],
        "algorithm": dict(body.get("algorithm") or {"type": "round_robin"}),
        "outgoing_traffic": 0,
        "ingoing_traffic": 0,
        "included_traffic": _INCLUDED_TRAFFIC,
        "_public": body.get("public_interface", True),
        "_addresses": addresses,
        "_dns_ptr": {
            v: load_balancer_actions.default_dns_ptr(v, ip) for v, ip in addresses.items()
        },
        "_targets": [],
    }
    if body.get("network") is not None:
        lb["private_net"].append(load_balancer_actions.network_entry(project, lb, body["network"]))
    if not lb["_public"] and not lb["private_net"]:
        message = "a Load Balancer without public interface needs a network"
        raise invalid_input({"public_interface": [message]}, message)
    services = [
        checked_service(project, service, f"services.{index}.")
        for index, service in enumerate(body.get("services") or [])
    ]
    check_services(lb_type, services, 412)
    lb["services"] = services
    lb["_targets"] = load_balancer_targets.checked_targets(project, lb, body.get("targets") or [])
    action = project.store.start_action(
        load_balancer_actions.command("POST /load_balancers"), [(RESOURCE, lb["id"])]
    )
    return Created(lb, action)


KIND = Kind(
    "load_balancers",
    label="Load Balancer",
    render=load_balancer_json,
    create=create,
    actions={
        **load_balancer_actions.ACTIONS,
        "add_service": load_balancer_services.add_service,
        "update_service": load_balancer_services.update_service,
        "delete_service": load_balancer_services.delete_service,
        "add_target": load_balancer_targets.add_target,
        "remove_target": load_balancer_targets.remove_target,
    },
    handlers={"GET /load_balancers/{id}/metrics": load_balancer_actions.metrics},
)


# --------------------------------------------------------------------------------------------
# What other kinds show of Load Balancers
# --------------------------------------------------------------------------------------------


def targeting(project: Project, server: Entity) -> list[int]:
    """A server's ``load_balancers``: those targeting it, directly or by a label selector."""
    return [
        lb["id"]
        for lb in project.store.table(RESOURCE).values()
        if load_balancer_targets.reaches(project, lb, server)
    ]


def reaches_publicly(project: Project, server: Entity) -> bool:
    """Whether a Load Balancer reaches the server at its public IPv4."""
    return any(
        load_balancer_targets.reaches(project, lb, server, public_only=True)
        for lb in project.store.table(RESOURCE).values()
    )


def using_certificate(project: Project, certificate_id: int) -> list[dict[str, Any]]:
    """A certificate's ``used_by``: the Load Balancers whose services use it."""
    return [
        {"id": lb["id"], "type": RESOURCE}
        for lb in project.store.table(RESOURCE).values()
        if certificate_id in load_balancer_services.certificates_of(lb["services"])
    ]
