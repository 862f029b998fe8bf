"""Servers: ``client.servers`` and the ``Server`` object with every server action.

Each method is one awaited request; those that start work return the ``Action``, or a small
result with what the API hands back beside it (a root password, shown as ``'********'`` in
reprs), whose ``action`` you ``await action.wait()``. Arguments that name a resource take its id,
its name (where the API takes names) or the object.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, NamedTuple, TypeVar

from ..constants import RESCUE_TYPE_LINUX
from ..exceptions import InvalidResponse, WaitTimeout
from ..typed.actions import Action
from ..typed.answers import Secret, member, member_list, member_text, secret
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import Model, field, id_of, id_or_name, nested, parse_time, time_field
from ..typed.resources import (
    ActionReads,
    Bound,
    Creatable,
    Deletable,
    Protectable,
    ReverseDNS,
    Updatable,
)
from .images import Image
from .isos import ISO
from .locations import Location
from .placement_groups import PlacementGroup
from .server_types import ServerType

METRIC_TYPES = frozenset({"cpu", "disk", "network"})
_Metrics = TypeVar("_Metrics", bound="ServerMetrics")


def rfc3339(moment: datetime | str) -> str:
    """A time for the API; a naive datetime is taken as UTC."""
    if isinstance(moment, str):
        return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat()


class CreateServerResult(NamedTuple):
    """What ``POST /servers`` answers; the root password shows as ``'********'`` in reprs."""

    server: Server
    action: Action
    next_actions: list[Action]
    root_password: Secret | None


class PasswordResult(NamedTuple):
    """An action that may set a new root password (``rebuild``, ``enable_rescue``,
    ``reset_password``): the password (``None`` when SSH keys were used) and the action."""

    root_password: Secret | None
    action: Action


class ConsoleResult(NamedTuple):
    """``request_console``: a VNC-over-websocket URL and its password, valid for a minute."""

    wss_url: str
    password: Secret
    action: Action


@dataclass(frozen=True)
class ServerMetrics:
    """``GET /servers/{id}/metrics``: each series as ``(unix time, value)`` pairs."""

    start: datetime | None
    end: datetime | None
    step: float
    time_series: dict[str, list[tuple[float, float]]]

    @classmethod
    def from_data(cls: type[_Metrics], data: dict[str, Any]) -> _Metrics:
        """Parse the ``metrics`` object (values come as strings)."""
        try:
            series = {
                name: [(float(t), float(v)) for t, v in values.get("values", [])]
                for name, values in data.get("time_series", {}).items()
            }
            start, end = parse_time(data.get("start")), parse_time(data.get("end"))
            return cls(start, end, float(data["step"]), series)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidResponse(f"the server metrics answer is malformed ({exc!r})") from None

    @classmethod
    async def read(
        cls: type[_Metrics],
        resource: Bound,
        allowed: frozenset[str],
        type: str | Sequence[str],
        start: datetime | str,
        end: datetime | str,
        step: float | None,
    ) -> _Metrics:
        """``GET <resource>/metrics`` of ``type`` (one or several of ``allowed``) for a period."""
        types = [type] if isinstance(type, str) else list(type)
        if not types or any(t not in allowed for t in types):
            raise invalid_argument("type", f"must be among {sorted(allowed)}, not {type!r}")
        params: dict[str, Any] = {"type": types, "start": rfc3339(start), "end": rfc3339(end)}
        if step is not None:
            params["step"] = step
        path = f"{resource._path()}/metrics"
        answer = await resource._calls.call("GET", path, **params)
        return cls.from_data(member(answer, "metrics", f"GET {path}"))


class PublicAddresses:
    """``ipv4`` and ``ipv6`` of a model with a ``public_net`` (servers, Load Balancers)."""

    @property
    def ipv4(self) -> str | None:
        """The public IPv4 address, if any."""
        return self._public_ip("ipv4")

    @property
    def ipv6(self) -> str | None:
        """The public IPv6 address (a server's: its ``…::/64`` network), if any."""
        return self._public_ip("ipv6")

    def _public_ip(self, version: str) -> str | None:
        net = getattr(self, "public_net", None)
        entry = net.get(version) if isinstance(net, dict) else None
        ip = entry.get("ip") if isinstance(entry, dict) else None
        return ip if isinstance(ip, str) else None


class Server(PublicAddresses, Protectable, ReverseDNS):
    """A server; ``.data`` keeps the API's answer as it was."""

    kind = "server"
    name: str = field()
    status: str = field()
    created: datetime | None = time_field()
    public_net: dict[str, Any] = field()
    private_net: list[dict[str, Any]] = field()
    server_type: ServerType = nested(ServerType)
    location: Location = nested(Location)
    image: Image | None = nested(Image)
    iso: ISO | None = nested(ISO)
    placement_group: PlacementGroup | None = nested(PlacementGroup)
    rescue_enabled: bool = field()
    locked: bool = field()
    backup_window: str | None = field()
    outgoing_traffic: int | None = field()
    ingoing_traffic: int | None = field()
    included_traffic: int | None = field()
    protection: dict[str, bool] = field()
    labels: dict[str, str] = field()
    volumes: list[int] | None = field()
    load_balancers: list[int] | None = field()
    primary_disk_size: float = field()

    def _with_password(self, answer: Any, where: str) -> PasswordResult:
        action = self._calls.action(answer, where)  # checks the answer's shape first
        return PasswordResult(secret(answer.get("root_password")), action)

    async def update(self, name: str | None = None, labels: dict[str, str] | None = None) -> Server:
        """Rename, or replace all labels; this object is updated."""
        updated = await self._bound_client().servers.update(self, name=name, labels=labels)
        self._set_data(updated.data)
        return self

    async def change_name(self, name: str) -> Server:
        """Rename the server."""
        return await self.update(name=name)

    async def delete(self) -> Action:
        """Delete the server: the ``delete_server`` action."""
        path = self._path()
        return self._calls.action(await self._calls.call("DELETE", path), f"DELETE {path}")

    async def power_on(self) -> Action:
        """Start the server."""
        return await self._action("poweron")

    async def power_off(self) -> Action:
        """Cut the power (may lose data; see ``shutdown``)."""
        return await self._action("poweroff")

    async def reboot(self) -> Action:
        """Reboot gracefully (ACPI)."""
        return await self._action("reboot")

    async def reset(self) -> Action:
        """Cut the power and start again."""
        return await self._action("reset")

    async def shutdown(self) -> Action:
        """Shut down gracefully (ACPI); the action's success does not mean the server is off."""
        return await self._action("shutdown")

    async def rebuild(
        self, image: int | str | Image, user_data: str | None = None
    ) -> PasswordResult:
        """Overwrite the disk with an image, destroying all data on it: ``(root_password,
        action)``, the password set when the server has no SSH keys."""
        answer, where = await self._act(
            "rebuild", image=id_or_name(image, "image"), **present(user_data=user_data)
        )
        return self._with_password(answer, where)

    async def change_type(self, server_type: int | str | ServerType, upgrade_disk: bool) -> Action:
        """Move to another server type; the server must be off."""
        return await self._action(
            "change_type",
            server_type=id_or_name(server_type, "server_type"),
            upgrade_disk=bool(upgrade_disk),
        )

    async def enable_rescue(
        self, type: str = RESCUE_TYPE_LINUX, ssh_keys: Sequence[int | Model] | None = None
    ) -> PasswordResult:
        """Boot the rescue system next time: ``(root_password, action)``."""
        keys = None if ssh_keys is None else [id_of(key, "ssh_keys") for key in ssh_keys]
        answer, where = await self._act("enable_rescue", type=type, **present(ssh_keys=keys))
        return self._with_password(answer, where)

    async def disable_rescue(self) -> Action:
        """Boot from disk again."""
        return await self._action("disable_rescue")

    async def enable_backup(self) -> Action:
        """Turn on daily backups."""
        return await self._action("enable_backup")

    async def disable_backup(self) -> Action:
        """Turn off backups, deleting the server's backups."""
        return await self._action("disable_backup")

    async def create_image(
        self,
        description: str | None = None,
        type: str = "snapshot",
        labels: dict[str, str] | None = None,
    ) -> tuple[Image, Action]:
        """Snapshot (or back up) the disk: ``(image, action)``."""
        answer, where = await self._act(
            "create_image", type=type, **present(description=description, labels=labels)
        )
        image = Image.from_answer(self._client, answer, "image", where)
        return image, self._calls.action(answer, where)

    async def attach_iso(self, iso: int | str | ISO) -> Action:
        """Insert an ISO."""
        return await self._action("attach_iso", iso=id_or_name(iso, "iso"))

    async def detach_iso(self) -> Action:
        """Eject the ISO."""
        return await self._action("detach_iso")

    async def change_protection(
        self, delete: bool | None = None, rebuild: bool | None = None
    ) -> Action:
        """Protect against deletion and rebuild (the API wants both equal)."""
        return await self._protect(delete=delete, rebuild=rebuild)

    async def request_console(self) -> ConsoleResult:
        """A VNC-over-websocket console: ``(wss_url, password, action)``, valid a minute."""
        answer, where = await self._act("request_console")
        return ConsoleResult(
            member_text(answer, "wss_url", where),
            Secret(member_text(answer, "password", where)),
            self._calls.action(answer, where),
        )

    async def reset_password(self) -> PasswordResult:
        """A new root password (needs a running server with the guest agent)."""
        answer, where = await self._act("reset_password")
        return self._with_password(answer, where)

    async def attach_to_network(
        self,
        network: int | Model,
        ip: str | None = None,
        alias_ips: Sequence[str] | None = None,
        ip_range: str | None = None,
    ) -> Action:
        """Attach to a private network."""
        return await self._action(
            "attach_to_network",
            network=id_of(network, "network"),
            **present(
                ip=ip,
                alias_ips=None if alias_ips is None else list(alias_ips),
                ip_range=ip_range,
            ),
        )

    async def detach_from_network(self, network: int | Model) -> Action:
        """Detach from a private network."""
        return await self._action("detach_from_network", network=id_of(network, "network"))

    async def change_alias_ips(self, network: int | Model, alias_ips: Sequence[str]) -> Action:
        """Replace the alias IPs in one network."""
        return await self._action(
            "change_alias_ips", network=id_of(network, "network"), alias_ips=list(alias_ips)
        )

    async def add_to_placement_group(self, placement_group: int | PlacementGroup) -> Action:
        """Join a placement group; the server must be off."""
        group = id_of(placement_group, "placement_group")
        return await self._action("add_to_placement_group", placement_group=group)

    async def remove_from_placement_group(self) -> Action:
        """Leave the placement group."""
        return await self._action("remove_from_placement_group")

    async def metrics(
        self,
        type: str | Sequence[str],
        start: datetime | str,
        end: datetime | str,
        step: float | None = None,
    ) -> ServerMetrics:
        """Metrics of ``type`` (``cpu``, ``disk``, ``network``, or several) for a period."""
        return await ServerMetrics.read(self, METRIC_TYPES, type, start, end, step)

    async def wait_until_status_is(
        self, status: str, attempts: int = 60, wait_seconds: float = 1.0
    ) -> Server:
        """Refresh until the server has ``status``; ``WaitTimeout`` after ``attempts`` tries."""
        for attempt in range(attempts):
            await self.refresh()
            if self.status == status:
                return self
            if attempt + 1 < attempts:
                await asyncio.sleep(wait_seconds)
        raise WaitTimeout(
            f"server {self.id} is {self.status!r}, not {status!r}, after {attempts} attempts"
        )


class ServersClient(Creatable[Server], Updatable[Server], Deletable[Server], ActionReads[Server]):
    """``client.servers``: list, get, create, update and delete servers, and their actions."""

    model = Server
    path = "/servers"
    deleted_by_action = True

    async def create(
        self,
        name: str,
        server_type: int | str | ServerType,
        image: int | str | Image,
        location: int | str | Location | None = None,
        ssh_keys: Sequence[int | str | Model] | None = None,
        user_data: str | None = None,
        labels: dict[str, str] | None = None,
        start_after_create: bool = True,
        networks: Sequence[int | Model] | None = None,
        firewalls: Sequence[int | Model] | None = None,
        volumes: Sequence[int | Model] | None = None,
        placement_group: int | PlacementGroup | None = None,
        public_net: dict[str, Any] | None = None,
        automount: bool | None = None,
    ) -> CreateServerResult:
        """Create a server; ``root_password`` is set only when no SSH key was given."""
        optional: dict[str, Any] = {
            "location": id_or_name(location, "location") if location is not None else None,
            "ssh_keys": [id_or_name(k, "ssh_keys") for k in ssh_keys] if ssh_keys else None,
            "user_data": user_data,
            "labels": labels,
            "networks": [id_of(n, "networks") for n in networks] if networks else None,
            "firewalls": (
                [{"firewall": id_of(f, "firewalls")} for f in firewalls] if firewalls else None
            ),
            "volumes": [id_of(v, "volumes") for v in volumes] if volumes else None,
            "placement_group": (
                id_of(placement_group, "placement_group") if placement_group is not None else None
            ),
            "public_net": public_net,
            "automount": automount,
        }
        body: dict[str, Any] = {
            "name": check_name(name),
            "server_type": id_or_name(server_type, "server_type"),
            "image": id_or_name(image, "image"),
            "start_after_create": bool(start_after_create),
        }
        answer, where = await self._create(**body, **present(**optional))
        next_actions = member_list(answer, "next_actions", where, optional=True)
        return CreateServerResult(
            server=self._wrap(member(answer, "server", where)),
            action=self._calls.action(answer, where),
            next_actions=[Action(self._client, data) for data in next_actions],
            root_password=secret(answer.get("root_password")),
        )
