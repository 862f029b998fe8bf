"""Failover IPs (``/failover``): addresses that can be routed to any server of the account,
switched in seconds; and reverse DNS (``/rdns``) of the account's addresses."""

from __future__ import annotations

import builtins
from typing import ClassVar

from ..typed.arguments import check_name
from ..typed.models import field
from .base import Area, RobotModel, ip_address, server_number
from .servers import RobotServer


class FailoverIP(RobotModel):
    """A failover IP: the server it belongs to, and the one it is routed to now
    (``active_server_ip``, ``None`` when it is routed nowhere)."""

    kind = "failover"
    id_key = "ip"
    shown: ClassVar[tuple[str, ...]] = ("active_server_ip",)
    ip: str = field()
    netmask: str = field()
    server_ip: str | None = field()
    server_ipv6_net: str | None = field()
    server_number: int = field()
    active_server_ip: str | None = field()


class FailoverClient(Area):
    """``client.robot.failover``: failover IPs and where they are routed."""

    async def list(self) -> builtins.list[FailoverIP]:
        """Every failover IP of the account."""
        return await self._many(FailoverIP, "/failover")

    async def get(self, ip: str | FailoverIP) -> FailoverIP:
        """One failover IP, with where it is routed."""
        return await self._one(FailoverIP, "GET", "/failover/{ip}", ip=ip_address(ip))

    async def switch(self, ip: str | FailoverIP, to: str | int | RobotServer) -> FailoverIP:
        """Route the failover IP to another server, given by its main IP, number or object
        (a number or object is looked up for its main IP; for an IPv6 failover net, for its
        main IPv6 net, as Robot wants). ``ConflictError`` (``FAILOVER_LOCKED``,
        ``FAILOVER_ALREADY_ROUTED``) when Robot refuses."""
        address = ip_address(ip)
        key = "server_ipv6_net" if ":" in address else "server_ip"
        body = {"active_server_ip": await self._server_address(to, key)}
        return await self._one(FailoverIP, "POST", "/failover/{ip}", body, ip=address)

    async def unroute(self, ip: str | FailoverIP) -> FailoverIP:
        """Route the failover IP nowhere."""
        return await self._one(FailoverIP, "DELETE", "/failover/{ip}", ip=ip_address(ip))

    async def _server_address(self, server: str | int | RobotServer, key: str) -> str:
        """The server's main IP (``key`` ``server_ip``) or IPv6 net (``server_ipv6_net``)."""
        if isinstance(server, str):
            return ip_address(server, "to")
        if isinstance(server, RobotServer) and server.data.get(key):
            return ip_address(server.data[key], "to")
        found = await self._one(RobotServer, "GET", "/server/{n}", n=server_number(server))
        return ip_address(found.data.get(key), "to")


class ReverseDNSEntry(RobotModel):
    """The PTR record of one of the account's addresses."""

    kind = "rdns"
    id_key = "ip"
    shown: ClassVar[tuple[str, ...]] = ("ptr",)
    ip: str = field()
    ptr: str = field()


class ReverseDNSClient(Area):
    """``client.robot.rdns``: reverse DNS entries of the account's IPs."""

    async def list(self, server_ip: str | None = None) -> builtins.list[ReverseDNSEntry]:
        """Every entry (of one server's IPs when ``server_ip`` is given)."""
        query = {} if server_ip is None else {"server_ip": ip_address(server_ip, "server_ip")}
        return await self._many(ReverseDNSEntry, "/rdns", **query)

    async def get(self, ip: str) -> ReverseDNSEntry:
        """The entry of one IP; ``NotFoundError`` (``RDNS_NOT_FOUND``) when it has none."""
        return await self._one(ReverseDNSEntry, "GET", "/rdns/{ip}", ip=ip_address(ip))

    async def set(self, ip: str, ptr: str) -> ReverseDNSEntry:
        """Create or replace the entry of one IP."""
        body = {"ptr": check_name(ptr, "ptr")}
        return await self._one(ReverseDNSEntry, "POST", "/rdns/{ip}", body, ip=ip_address(ip))

    async def delete(self, ip: str) -> None:
        """Remove the entry of one IP."""
        await self._calls.call("DELETE", f"/rdns/{ip_address(ip)}")
