"""Dedicated servers (``/server``): list, get, rename; a reset and a Wake-on-LAN (``/reset``,
``/wol``), which people script around them."""

from __future__ import annotations

import builtins
from typing import ClassVar

from ..typed.answers import member
from ..typed.arguments import check_name
from ..typed.models import field
from .base import Area, RobotModel, choice, server_number

RESET_TYPES = ("sw", "hw", "man", "power", "power_long")
"""Robot's reset types: ``sw`` (Ctrl+Alt+Del), ``hw`` (hardware reset), ``man`` (a technician),
``power`` (the power button), ``power_long`` (holding it: a forced power off)."""


class RobotServer(RobotModel):
    """A dedicated server as Robot shows it; a detail (``get``) adds what it supports."""

    kind = "server"
    shown: ClassVar[tuple[str, ...]] = ("server_name", "server_ip", "status")
    server_number: int = field()
    server_name: str = field()
    server_ip: str | None = field()
    server_ipv6_net: str | None = field()
    product: str = field()
    dc: str = field()
    traffic: str = field()
    status: str = field()
    cancelled: bool = field()
    paid_until: str = field()
    ip: list[str] | None = field()
    subnet: list[dict[str, str]] | None = field()
    reset: bool | None = field()
    rescue: bool | None = field()
    vnc: bool | None = field()
    windows: bool | None = field()
    wol: bool | None = field()
    hot_swap: bool | None = field()
    linked_storagebox: int | None = field()


class Reset(RobotModel):
    """A server's reset: the types it offers (a list), or the one just sent (a string)."""

    kind = "reset"
    shown: ClassVar[tuple[str, ...]] = ("type", "operating_status")
    server_number: int = field()
    server_ip: str | None = field()
    type: list[str] | str = field()
    operating_status: str | None = field()


class WakeOnLAN(RobotModel):
    """A server's Wake-on-LAN: available when Robot answers for it."""

    kind = "wol"
    shown: ClassVar[tuple[str, ...]] = ("server_ip",)
    server_number: int = field()
    server_ip: str | None = field()


class ServersClient(Area):
    """``client.robot.servers``: the account's dedicated servers."""

    async def list(self) -> builtins.list[RobotServer]:
        """Every dedicated server of the account (none: an empty list)."""
        return await self._many(RobotServer, "/server")

    async def get(self, server: int | RobotServer) -> RobotServer:
        """One server by number, with what it supports; ``NotFoundError`` when absent."""
        return await self._one(RobotServer, "GET", "/server/{n}", n=server_number(server))

    async def rename(self, server: int | RobotServer, name: str) -> RobotServer:
        """Set the server's name as Robot shows it."""
        body = {"server_name": check_name(name, "name")}
        return await self._one(RobotServer, "POST", "/server/{n}", body, n=server_number(server))


class ResetClient(Area):
    """``client.robot.reset``: the reset types of servers, and resets."""

    async def options(self, server: int | RobotServer) -> Reset:
        """The reset types the server offers (``reset.type``) and its operating status."""
        return await self._one(Reset, "GET", "/reset/{n}", n=server_number(server))

    async def list(self) -> builtins.list[Reset]:
        """The reset types of every server that has any."""
        return await self._many(Reset, "/reset")

    async def execute(self, server: int | RobotServer, type: str = "sw") -> Reset:
        """Reset the server: ``sw``, ``hw``, ``man``, ``power`` or ``power_long``
        (``RESET_TYPES``). A server with a rescue system activated boots into it."""
        body = {"type": choice(type, RESET_TYPES, "type")}
        number = server_number(server)
        path = f"/reset/{number}"
        answer = await self._calls.call("POST", path, body)
        # Robot's answer names the server by its IPs only: the number is the one asked for.
        reset = {"server_number": number, **member(answer, Reset.kind, f"POST {path}")}
        return Reset(self._client, reset)


class WakeOnLANClient(Area):
    """``client.robot.wol``: Wake-on-LAN packets to servers."""

    async def options(self, server: int | RobotServer) -> WakeOnLAN:
        """Whether the server can be woken (``NotFoundError``/``WOL_NOT_AVAILABLE`` when not)."""
        return await self._one(WakeOnLAN, "GET", "/wol/{n}", n=server_number(server))

    async def send(self, server: int | RobotServer) -> WakeOnLAN:
        """Send a Wake-on-LAN packet to the server."""
        return await self._one(WakeOnLAN, "POST", "/wol/{n}", n=server_number(server))
