"""vSwitches (``/vswitch``): layer-2 networks between dedicated servers (and Cloud networks).

Unlike the rest of Robot, vSwitch answers are not wrapped: a list is ``[{"id": …}, …]`` and one
vSwitch ``{"id": …, "server": [...]}``; each server shows its ``status`` (``in process``, then
``ready``).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any, ClassVar

from ..exceptions import InvalidResponse
from ..typed.answers import described
from ..typed.arguments import check_id, check_name, invalid_argument
from ..typed.models import field
from .base import Area, RobotModel, server_number
from .servers import RobotServer


class VSwitch(RobotModel):
    """A vSwitch: ``vlan`` (4000 to 4091) and, in a detail, its ``server`` list."""

    kind = "vswitch"
    id_key = "id"
    shown: ClassVar[tuple[str, ...]] = ("name", "vlan")
    name: str = field()
    vlan: int = field()
    cancelled: bool = field()
    server: list[dict[str, Any]] | None = field()
    subnet: list[dict[str, Any]] | None = field()
    cloud_network: list[dict[str, Any]] | None = field()

    @property
    def server_numbers(self) -> list[int]:
        """The numbers of the servers in the vSwitch (in a detail)."""
        return [entry["server_number"] for entry in self.server or []]


def vlan_id(vlan: int) -> int:
    """A VLAN id Robot accepts for a vSwitch."""
    if check_id(vlan, "vlan") not in range(4000, 4092):
        raise invalid_argument("vlan", f"must be between 4000 and 4091, not {vlan!r}")
    return vlan


def vswitch_id(vswitch: int | VSwitch) -> int:
    return check_id(vswitch.id if isinstance(vswitch, VSwitch) else vswitch, "vswitch")


class VSwitchesClient(Area):
    """``client.robot.vswitches``: the account's vSwitches and their servers."""

    async def list(self) -> builtins.list[VSwitch]:
        """Every vSwitch (without their servers: ``get`` one for those)."""
        answer = await self._calls.call("GET", "/vswitch")
        if not isinstance(answer, builtins.list):
            raise InvalidResponse(f"GET /vswitch answered {described(answer)}, not a list")
        return [VSwitch(self._client, item) for item in answer]

    async def get(self, vswitch: int | VSwitch) -> VSwitch:
        """One vSwitch with its servers, subnets and Cloud networks."""
        return await self._plain("GET", f"/vswitch/{vswitch_id(vswitch)}")

    async def create(self, name: str, vlan: int) -> VSwitch:
        """A new vSwitch on ``vlan``."""
        return await self._plain(
            "POST", "/vswitch", {"name": check_name(name), "vlan": vlan_id(vlan)}
        )

    async def update(self, vswitch: int | VSwitch, name: str, vlan: int) -> None:
        """Rename the vSwitch and set its VLAN (Robot takes both)."""
        body = {"name": check_name(name), "vlan": vlan_id(vlan)}
        await self._calls.call("POST", f"/vswitch/{vswitch_id(vswitch)}", body)

    async def cancel(self, vswitch: int | VSwitch, date: str = "now") -> None:
        """Cancel the vSwitch, ``now`` or on a date (``YYYY-MM-DD``)."""
        body = {"cancellation_date": check_name(date, "date")}
        await self._calls.call("DELETE", f"/vswitch/{vswitch_id(vswitch)}", body)

    async def add_servers(
        self, vswitch: int | VSwitch, servers: Iterable[int | RobotServer]
    ) -> None:
        """Put servers in the vSwitch; each reads ``in process`` until it is ``ready``."""
        await self._servers("POST", vswitch, servers)

    async def remove_servers(
        self, vswitch: int | VSwitch, servers: Iterable[int | RobotServer]
    ) -> None:
        """Take servers out of the vSwitch."""
        await self._servers("DELETE", vswitch, servers)

    async def _servers(
        self, method: str, vswitch: int | VSwitch, servers: Iterable[int | RobotServer]
    ) -> None:
        numbers = [server_number(server) for server in servers]
        if not numbers:
            raise invalid_argument("servers", "must name at least one server")
        await self._calls.call(
            method, f"/vswitch/{vswitch_id(vswitch)}/server", {"server": numbers}
        )

    async def _plain(self, method: str, path: str, body: Any = None) -> VSwitch:
        answer = await self._calls.call(method, path, body)
        if not isinstance(answer, dict):
            raise InvalidResponse(f"{method} {path} answered {described(answer)}, not a vSwitch")
        return VSwitch(self._client, answer)
