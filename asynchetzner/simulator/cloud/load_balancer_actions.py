"""Load Balancer actions on its networks, public interface, algorithm, type and reverse DNS, and
its metrics (services and targets have their own modules).

A Load Balancer is attached to one network at most (``load_balancer_already_attached``), which
must have a ``cloud`` or ``server`` subnet in its network zone; it takes ``ip`` if that is free
there (else ``ip_not_available``) or the first free address. Its public interface can only be
disabled while it is attached to a network (``load_balancer_not_attached_to_network``) and every
target uses a private IP (``targets_without_use_private_ip``). A new type must fit its services,
certificates and targets (``invalid_load_balancer_type``). Reverse DNS is set on its public
addresses only.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from aiohttp import web

from ..engine.entities import Entity, resolve
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Call, Change, Rule
from ..engine.project import Project
from . import CLOUD, load_balancer_targets, networks, primary_ips
from .load_balancer_services import check_type_fits
from .metrics import Series, metrics_answer

METRIC_SERIES: Series = {
    "open_connections": {"open_connections": 1000.0},
    "connections_per_second": {"connections_per_second": 100.0},
    "requests_per_second": {"requests_per_second": 500.0},
    "bandwidth": {"bandwidth.in": 1e6, "bandwidth.out": 1e6},
}


def command(operation: str) -> str:
    """The command of the action ``operation`` starts, from the operation index."""
    entry = CLOUD.index.operations[operation]
    return entry.command or entry.operation_id


def network_entry(
    project: Project,
    lb: Entity,
    network_id: int,
    ip: str | None = None,
    ip_range: str | None = None,
) -> dict[str, Any]:
    """The Load Balancer's ``private_net`` entry in the network, with a free address there."""
    network = resolve(project, "network", network_id, "network")
    if lb["private_net"]:
        raise SimulatorError(
            422,
            "load_balancer_already_attached",
            f"Load Balancer {lb['id']} is already attached to a network",
        )
    return {
        "network": network["id"],
        "ip": networks.reserve_address(project, network, lb, ip, ip_range),
    }


def attach_to_network(project: Project, lb: Entity, body: Body) -> Change:
    """Attach to a network in the Load Balancer's network zone."""
    entry = network_entry(project, lb, body["network"], body.get("ip"), body.get("ip_range"))

    def attached() -> None:
        if not lb["private_net"] and entry["network"] in project.store.table("network"):
            lb["private_net"].append(entry)

    return Change(attached, also=[("network", entry["network"])])


def detach_from_network(project: Project, lb: Entity, body: Body) -> Change:
    """Detach from the network it is attached to; targets reached by private IP go with it."""
    network = resolve(project, "network", body["network"], "network")
    if not any(entry["network"] == network["id"] for entry in lb["private_net"]):
        raise SimulatorError(
            422,
            "load_balancer_not_attached_to_network",
            f"Load Balancer {lb['id']} is not attached to network {network['id']}",
        )
    if not lb["_public"]:
        message = "a Load Balancer without public interface keeps its network"
        raise invalid_input({"network": [message]}, message)

    def detached() -> None:
        lb["private_net"][:] = [e for e in lb["private_net"] if e["network"] != network["id"]]

    return Change(detached, also=[("network", network["id"])])


def enable_public_interface(project: Project, lb: Entity, body: Body) -> Change:
    """Show the public addresses again."""

    def enabled() -> None:
        lb["_public"] = True

    return Change(enabled)


def disable_public_interface(project: Project, lb: Entity, body: Body) -> Change:
    """Hide the public addresses: only for a Load Balancer reaching its targets privately."""
    if not lb["private_net"]:
        raise SimulatorError(
            422,
            "load_balancer_not_attached_to_network",
            f"Load Balancer {lb['id']} is not attached to a network",
        )
    if any(not _private(target) for target in lb["_targets"]):
        raise SimulatorError(
            422,
            "targets_without_use_private_ip",
            f"Load Balancer {lb['id']} has targets that use a public IP",
        )

    def disabled() -> None:
        lb["_public"] = False

    return Change(disabled)


def _private(target: load_balancer_targets.Target) -> bool:
    if target["type"] == "ip":
        return bool(ipaddress.ip_address(target["ip"]).is_private)
    return bool(target["use_private_ip"])


def change_algorithm(project: Project, lb: Entity, body: Body) -> Change:
    """Change how new connections are spread over the targets."""

    def changed() -> None:
        lb["algorithm"] = {"type": body["type"]}

    return Change(changed)


def change_type(project: Project, lb: Entity, body: Body) -> Change:
    """Change to a type that fits the services, certificates and targets."""
    lb_type = resolve(
        project, "load_balancer_type", body["load_balancer_type"], "load_balancer_type"
    )
    targets = load_balancer_targets.count(project, lb, lb["_targets"])
    check_type_fits(lb_type, lb["services"], targets, "invalid_load_balancer_type")

    def changed() -> None:
        lb["load_balancer_type"] = dict(lb_type)

    return Change(changed)


def default_dns_ptr(version: str, ip: str) -> str | None:
    """The reverse DNS Hetzner gives a public address: an IPv4's, none for an IPv6."""
    return primary_ips.default_dns_ptr(ip) if version == "ipv4" else None


def change_dns_ptr(project: Project, lb: Entity, body: Body) -> Change:
    """Set the reverse DNS of one of the public addresses (``null``: Hetzner's default)."""
    try:
        given = str(ipaddress.ip_address(body["ip"]))
    except ValueError:
        given = body["ip"]
    version = next((v for v, ip in lb["_addresses"].items() if ip == given), None)
    if version is None:
        message = f"{body['ip']} is not a public address of Load Balancer {lb['id']}"
        raise invalid_input({"ip": [message]}, message)
    dns_ptr = body.get("dns_ptr")
    if dns_ptr is None:
        dns_ptr = default_dns_ptr(version, given)

    def changed() -> None:
        lb["_dns_ptr"][version] = dns_ptr

    return Change(changed)


async def metrics(call: Call) -> web.StreamResponse:
    """Plausible, repeatable metrics for the asked period."""
    return metrics_answer(call, call.entity()["id"], METRIC_SERIES)


ACTIONS: dict[str, Rule] = {
    "attach_to_network": attach_to_network,
    "detach_from_network": detach_from_network,
    "enable_public_interface": enable_public_interface,
    "disable_public_interface": disable_public_interface,
    "change_algorithm": change_algorithm,
    "change_type": change_type,
    "change_dns_ptr": change_dns_ptr,
}
