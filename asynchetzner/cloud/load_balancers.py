"""Load Balancers: services they listen with, targets they spread traffic over, networks.

Services and targets keep the API's wire shape (``LoadBalancerService``,
``LoadBalancerTarget``); ``server_target``, ``label_selector_target`` and ``ip_target`` build a
target for ``create``::

    await client.load_balancers.create(
        "web", "lb11", location="fsn1",
        services=[{"protocol": "tcp", "listen_port": 80, "destination_port": 80,
                   "proxyprotocol": False, "health_check": tcp_health_check(80)}],
        targets=[label_selector_target("role=web")],
    )

Every change runs as an action, which the methods return; ``delete`` returns the deleting
action too (Hetzner answers it since 5 October 2026).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypedDict

from ..typed.actions import Action
from ..typed.answers import member
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import Model, field, id_of, id_or_name, nested, time_field
from ..typed.resources import ActionReads, Creatable, Deletable, Protectable, ReverseDNS, Updatable
from .load_balancer_types import LoadBalancerType
from .locations import Location
from .servers import PublicAddresses, ServerMetrics

METRIC_TYPES = frozenset(
    {"open_connections", "connections_per_second", "requests_per_second", "bandwidth"}
)


class LoadBalancerService(TypedDict, total=False):
    """A service as the API takes it: ``protocol`` (``tcp``, ``http``, ``https``),
    ``listen_port``, ``destination_port``, ``proxyprotocol``, ``health_check`` (``protocol``,
    ``port``, ``interval``, ``timeout``, ``retries``, and ``http`` options for an ``http``
    check), and for ``http``/``https`` the ``http`` options (``sticky_sessions``,
    ``cookie_name``, ``cookie_lifetime``, ``timeout_idle``; ``certificates`` and
    ``redirect_http`` for ``https``)."""

    protocol: str
    listen_port: int
    destination_port: int
    proxyprotocol: bool
    health_check: dict[str, Any]
    http: dict[str, Any]


class LoadBalancerTarget(TypedDict, total=False):
    """A target as the API takes it: ``{"type": "server", "server": {"id": 42}}``,
    ``{"type": "label_selector", "label_selector": {"selector": "role=web"}}`` or ``{"type":
    "ip", "ip": {"ip": "203.0.113.1"}}``, with ``use_private_ip`` for the first two."""

    type: str
    server: dict[str, Any]
    label_selector: dict[str, str]
    ip: dict[str, str]
    use_private_ip: bool


def tcp_health_check(
    port: int, interval: int = 15, timeout: int = 10, retries: int = 3
) -> dict[str, Any]:
    """A health check opening a TCP connection to ``port``."""
    return {
        "protocol": "tcp",
        "port": port,
        "interval": interval,
        "timeout": timeout,
        "retries": retries,
    }


def server_target(server: int | Model, use_private_ip: bool = False) -> LoadBalancerTarget:
    """A server as a target (reached at its private IP with ``use_private_ip``)."""
    return {
        "type": "server",
        "server": {"id": id_of(server, "server")},
        "use_private_ip": bool(use_private_ip),
    }


def label_selector_target(selector: str, use_private_ip: bool = False) -> LoadBalancerTarget:
    """The servers whose labels match ``selector`` as targets."""
    return {
        "type": "label_selector",
        "label_selector": {"selector": check_name(selector, "label_selector")},
        "use_private_ip": bool(use_private_ip),
    }


def ip_target(ip: str) -> LoadBalancerTarget:
    """An IP outside Hetzner Cloud (a dedicated server's) as a target."""
    return {"type": "ip", "ip": {"ip": check_name(ip, "ip")}}


def _target(
    server: int | Model | None, label_selector: str | None, ip: str | None
) -> LoadBalancerTarget:
    """The one target given as ``server``, ``label_selector`` or ``ip``."""
    given = [value for value in (server, label_selector, ip) if value is not None]
    if len(given) != 1:
        raise invalid_argument("server, label_selector or ip", "give exactly one")
    if server is not None:
        return {"type": "server", "server": {"id": id_of(server, "server")}}
    if label_selector is not None:
        return {"type": "label_selector", "label_selector": {"selector": label_selector}}
    return {"type": "ip", "ip": {"ip": check_name(ip, "ip")}}


def _mappings(items: Sequence[Mapping[str, Any]], name: str) -> list[dict[str, Any]]:
    if isinstance(items, (str, Mapping)) or not isinstance(items, Sequence):
        raise invalid_argument(name, f"must be a list, not {items!r}")
    for item in items:
        if not isinstance(item, Mapping):
            raise invalid_argument(name, f"must hold mappings, not {item!r}")
    return [dict(item) for item in items]


class LoadBalancerMetrics(ServerMetrics):
    """``GET /load_balancers/{id}/metrics``: each series (``open_connections``,
    ``bandwidth.in``...) as ``(unix time, value)`` pairs."""


class LoadBalancer(PublicAddresses, Protectable, ReverseDNS):
    """A Load Balancer with its services, targets (and their health) and networks."""

    kind = "load_balancer"
    name: str = field()
    labels: dict[str, str] = field()
    created: datetime | None = time_field()
    public_net: dict[str, Any] = field()
    private_net: list[dict[str, Any]] = field()
    location: Location = nested(Location)
    load_balancer_type: LoadBalancerType = nested(LoadBalancerType)
    protection: dict[str, bool] = field()
    services: list[dict[str, Any]] = field()
    targets: list[dict[str, Any]] = field()
    algorithm: dict[str, str] = field()
    outgoing_traffic: int | None = field()
    ingoing_traffic: int | None = field()
    included_traffic: int = field()

    def health(self) -> dict[int, dict[int, str]]:
        """Each targeted server's health per service port: ``{server id: {port: status}}``
        (servers reached by a label selector included)."""
        found: dict[int, dict[int, str]] = {}
        for target in self.targets or []:
            for one in [target, *(target.get("targets") or [])]:
                server = one.get("server")
                if isinstance(server, dict):
                    statuses = one.get("health_status") or []
                    found[server["id"]] = {s["listen_port"]: s["status"] for s in statuses}
        return found

    async def add_service(
        self,
        protocol: str,
        listen_port: int,
        destination_port: int,
        *,
        proxyprotocol: bool = False,
        health_check: Mapping[str, Any] | None = None,
        http: Mapping[str, Any] | None = None,
    ) -> Action:
        """Listen on ``listen_port`` and forward to the targets' ``destination_port``; without
        ``health_check``, a TCP check of ``destination_port``."""
        check = (
            dict(health_check) if health_check is not None else tcp_health_check(destination_port)
        )
        return await self._action(
            "add_service",
            protocol=check_name(protocol, "protocol"),
            listen_port=listen_port,
            destination_port=destination_port,
            proxyprotocol=bool(proxyprotocol),
            health_check=check,
            **present(http=None if http is None else dict(http)),
        )

    async def update_service(
        self,
        listen_port: int,
        *,
        protocol: str | None = None,
        destination_port: int | None = None,
        proxyprotocol: bool | None = None,
        health_check: Mapping[str, Any] | None = None,
        http: Mapping[str, Any] | None = None,
    ) -> Action:
        """Change the service on ``listen_port``; only what is given changes."""
        return await self._action(
            "update_service",
            listen_port=listen_port,
            **present(
                protocol=protocol,
                destination_port=destination_port,
                proxyprotocol=proxyprotocol,
                health_check=None if health_check is None else dict(health_check),
                http=None if http is None else dict(http),
            ),
        )

    async def delete_service(self, listen_port: int) -> Action:
        """Delete the service on ``listen_port``."""
        return await self._action("delete_service", listen_port=listen_port)

    async def add_target(
        self,
        *,
        server: int | Model | None = None,
        label_selector: str | None = None,
        ip: str | None = None,
        use_private_ip: bool | None = None,
    ) -> Action:
        """Add one target: a server, the servers a label selector matches, or an IP."""
        target = _target(server, label_selector, ip)
        return await self._action("add_target", **target, **present(use_private_ip=use_private_ip))

    async def remove_target(
        self,
        *,
        server: int | Model | None = None,
        label_selector: str | None = None,
        ip: str | None = None,
    ) -> Action:
        """Remove one target, named as it was added."""
        return await self._action("remove_target", **_target(server, label_selector, ip))

    async def attach_to_network(
        self, network: int | Model, ip: str | None = None, ip_range: str | None = None
    ) -> Action:
        """Attach to a network (one at most), at ``ip`` or a free address (of ``ip_range``)."""
        return await self._action(
            "attach_to_network",
            network=id_of(network, "network"),
            **present(ip=ip, ip_range=ip_range),
        )

    async def detach_from_network(self, network: int | Model) -> Action:
        """Detach from the network."""
        return await self._action("detach_from_network", network=id_of(network, "network"))

    async def enable_public_interface(self) -> Action:
        """Serve on the public addresses."""
        return await self._action("enable_public_interface")

    async def disable_public_interface(self) -> Action:
        """Serve in the network only (every target must use its private IP)."""
        return await self._action("disable_public_interface")

    async def change_algorithm(self, type: str) -> Action:
        """Spread new connections ``round_robin`` or to the ``least_connections`` target."""
        return await self._action("change_algorithm", type=check_name(type, "type"))

    async def change_type(self, load_balancer_type: int | str | LoadBalancerType) -> Action:
        """Move to another type, which must fit the services, certificates and targets."""
        return await self._action(
            "change_type", load_balancer_type=id_or_name(load_balancer_type, "load_balancer_type")
        )

    async def metrics(
        self,
        type: str | Sequence[str],
        start: datetime | str,
        end: datetime | str,
        step: float | None = None,
    ) -> LoadBalancerMetrics:
        """Metrics of ``type`` (``open_connections``, ``connections_per_second``,
        ``requests_per_second``, ``bandwidth``, or several) for a period."""
        return await LoadBalancerMetrics.read(self, METRIC_TYPES, type, start, end, step)


class CreateLoadBalancerResult(NamedTuple):
    """What ``POST /load_balancers`` answers: the Load Balancer and its creating action."""

    load_balancer: LoadBalancer
    action: Action


class LoadBalancersClient(
    Creatable[LoadBalancer],
    Updatable[LoadBalancer],
    Deletable[LoadBalancer],
    ActionReads[LoadBalancer],
):
    """``client.load_balancers``."""

    model = LoadBalancer
    path = "/load_balancers"
    deleted_by_action = True

    async def create(
        self,
        name: str,
        load_balancer_type: int | str | LoadBalancerType,
        *,
        location: int | str | Location | None = None,
        network_zone: str | None = None,
        algorithm: str | None = None,
        services: Sequence[LoadBalancerService | Mapping[str, Any]] | None = None,
        targets: Sequence[LoadBalancerTarget | Mapping[str, Any]] | None = None,
        network: int | Model | None = None,
        public_interface: bool | None = None,
        labels: dict[str, str] | None = None,
    ) -> CreateLoadBalancerResult:
        """Create a Load Balancer in a location (or network zone), with its services, targets
        and network; ``algorithm`` is ``round_robin`` (the default) or ``least_connections``."""
        optional: dict[str, Any] = {
            "location": None if location is None else id_or_name(location, "location"),
            "network_zone": network_zone,
            "algorithm": None
            if algorithm is None
            else {"type": check_name(algorithm, "algorithm")},
            "services": None if services is None else _mappings(services, "services"),
            "targets": None if targets is None else _mappings(targets, "targets"),
            "network": None if network is None else id_of(network, "network"),
            "public_interface": public_interface,
            "labels": labels,
        }
        answer, where = await self._create(
            name=check_name(name),
            load_balancer_type=id_or_name(load_balancer_type, "load_balancer_type"),
            **present(**optional),
        )
        return CreateLoadBalancerResult(
            self._wrap(member(answer, self.model.kind, where)), self._calls.action(answer, where)
        )
