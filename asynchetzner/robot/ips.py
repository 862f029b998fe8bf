"""Single IPs and subnets of dedicated servers (``/ip``, ``/subnet``), with their traffic
warnings: Robot e-mails when an address's traffic passes the hourly or daily limit (in MB) or
the monthly one (in GB)."""

from __future__ import annotations

import builtins
import ipaddress
from typing import Any, ClassVar

from ..typed.arguments import check_id, check_name, invalid_argument, present
from ..typed.models import field
from .base import Area, R, RobotModel, flag, ip_address
from .servers import RobotServer


class Addressed(RobotModel):
    """An address of a server, with its traffic warnings (hourly and daily limits in MB, the
    monthly one in GB)."""

    id_key = "ip"
    shown: ClassVar[tuple[str, ...]] = ("server_number", "traffic_warnings")
    ip: str = field()
    server_ip: str | None = field()
    server_number: int = field()
    locked: bool = field()
    traffic_warnings: bool = field()
    traffic_hourly: int = field()
    traffic_daily: int = field()
    traffic_monthly: int = field()


class IP(Addressed):
    """A single IP of a server; the detail adds ``gateway``, ``mask`` and ``broadcast``."""

    kind = "ip"
    separate_mac: str | None = field()
    gateway: str | None = field()
    mask: int | None = field()
    broadcast: str | None = field()


class Subnet(Addressed):
    """A subnet routed to a server: its network address is its ``ip``, with ``mask``."""

    kind = "subnet"
    mask: int = field()
    gateway: str | None = field()
    failover: bool = field()


def network_address(value: object) -> str:
    """A subnet's network address (``2a01:4f8::`` or ``2a01:4f8::/64``), as Robot's paths take
    it; a typed subnet works too."""
    if isinstance(value, RobotModel):
        value = value.data.get("ip")
    text = check_name(value, "subnet")
    try:
        return str(ipaddress.ip_network(text, strict=False).network_address)
    except ValueError:
        raise invalid_argument("subnet", f"must be a network address, not {value!r}") from None


def warnings_body(
    enabled: bool, hourly: int | None, daily: int | None, monthly: int | None
) -> dict[str, Any]:
    """The form of a traffic-warning change (hourly and daily in MB, monthly in GB; each
    optional)."""
    limits = present(traffic_hourly=hourly, traffic_daily=daily, traffic_monthly=monthly)
    body: dict[str, Any] = {key: check_id(value, key) for key, value in limits.items()}
    body["traffic_warnings"] = flag(enabled, "enabled")
    return body


class _Addresses(Area):
    path: ClassVar[str]

    async def _list(self, model: type[R], server: str | RobotServer | None) -> builtins.list[R]:
        if isinstance(server, RobotServer):
            if server.server_ip is None:  # an IPv6-only server: no filter would list them all
                raise invalid_argument("server", "has no main IP to filter by (IPv6 only)")
            server = server.server_ip
        query = {} if server is None else {"server_ip": ip_address(server, "server")}
        return await self._many(model, self.path, **query)


class IPsClient(_Addresses):
    """``client.robot.ips``: the single IPs of the account's servers."""

    path = "/ip"

    async def list(self, server: str | RobotServer | None = None) -> builtins.list[IP]:
        """Every single IP (of one server, given by its main IP or object, when ``server`` is
        given: Robot filters by ``server_ip``)."""
        return await self._list(IP, server)

    async def get(self, ip: str | IP) -> IP:
        """One IP with its gateway, mask and broadcast address."""
        return await self._one(IP, "GET", "/ip/{ip}", ip=ip_address(ip))

    async def set_traffic_warnings(
        self,
        ip: str | IP,
        enabled: bool,
        *,
        hourly: int | None = None,
        daily: int | None = None,
        monthly: int | None = None,
    ) -> IP:
        """Switch the IP's traffic warnings on or off, and set their limits
        (``hourly`` and ``daily`` in MB, ``monthly`` in GB)."""
        body = warnings_body(enabled, hourly, daily, monthly)
        return await self._one(IP, "POST", "/ip/{ip}", body, ip=ip_address(ip))


class SubnetsClient(_Addresses):
    """``client.robot.subnets``: the subnets routed to the account's servers."""

    path = "/subnet"

    async def list(self, server: str | RobotServer | None = None) -> builtins.list[Subnet]:
        """Every subnet (of one server, given by its main IP or object, when ``server`` is
        given)."""
        return await self._list(Subnet, server)

    async def get(self, subnet: str | Subnet) -> Subnet:
        """One subnet by its network address."""
        return await self._one(Subnet, "GET", "/subnet/{ip}", ip=network_address(subnet))

    async def set_traffic_warnings(
        self,
        subnet: str | Subnet,
        enabled: bool,
        *,
        hourly: int | None = None,
        daily: int | None = None,
        monthly: int | None = None,
    ) -> Subnet:
        """Switch the subnet's traffic warnings on or off, and set their limits
        (``hourly`` and ``daily`` in MB, ``monthly`` in GB)."""
        body = warnings_body(enabled, hourly, daily, monthly)
        return await self._one(Subnet, "POST", "/subnet/{ip}", body, ip=network_address(subnet))
