"""Servers: ``client.servers`` and the ``Server`` object with every server action.

Each method is one awaited request; those that start work return the ``Action`` (or a tuple with
what the API hands back beside it, such as a root password), which ``await action.wait()``.
Arguments that name a resource take its id, its name (where the API takes names) or the object.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, ClassVar, NamedTuple

from ..constants import RESCUE_TYPE_LINUX
from ..exceptions import InvalidResponse, WaitTimeout
from ..protocol import quote_segment
from ..typed.actions import Action
from ..typed.models import (
    Model,
    Secret,
    check_name,
    id_of,
    id_or_name,
    invalid_argument,
    member,
    member_list,
    member_text,
    parse_time,
    present,
    secret,
)
from ..typed.resources import MutableResourceClient
from .images import Image
from .isos import ISO
from .locations import Location
from .placement_groups import PlacementGroup
from .server_types import ServerType

METRIC_TYPES = frozenset({"cpu", "disk", "network"})


def _rfc3339(moment: datetime | str) -> str:
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


@dataclass(frozen=True)
class ServerMetrics:
    """``GET /servers/{id}/metrics``: each series as ``(unix time, value)`` pairs."""

    start: datetime | None
    end: datetime | None
    step: float
    time_series: dict[str, list[tuple[float, float]]]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ServerMetrics:
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


class Server(Model):
    """A server; ``.data`` keeps the API's answer as it was."""

    fields = (
        "name",
        "status",
        "public_net",
        "private_net",
        "rescue_enabled",
        "locked",
        "backup_window",
        "outgoing_traffic",
        "ingoing_traffic",
        "included_traffic",
        "protection",
        "labels",
        "volumes",
        "load_balancers",
        "primary_disk_size",
    )
    times = ("created",)
    nested: ClassVar[Mapping[str, type[Model]]] = {
        "server_type": ServerType,
        "location": Location,
        "image": Image,
        "iso": ISO,
        "placement_group": PlacementGroup,
    }
    name: str
    status: str
    created: datetime | None
    public_net: dict[str, Any]
    private_net: list[dict[str, Any]]
    server_type: ServerType
    location: Location
    image: Image | None
    iso: ISO | None
    placement_group: PlacementGroup | None
    rescue_enabled: bool
    locked: bool
    backup_window: str | None
    outgoing_traffic: int | None
    ingoing_traffic: int | None
    included_traffic: int | None
    protection: dict[str, bool]
    labels: dict[str, str]
    volumes: list[int] | None
    load_balancers: list[int] | None
    primary_disk_size: float

    @property
    def ipv4(self) -> str | None:
        """The public IPv4 address, if any."""
        ipv4 = (self.public_net or {}).get("ipv4")
        return ipv4.get("ip") if ipv4 else None

    @property
    def ipv6(self) -> str | None:
        """The public IPv6 network (``…::/64``), if any."""
        ipv6 = (self.public_net or {}).get("ipv6")
        return ipv6.get("ip") if ipv6 else None

    def _reload(self, data: dict[str, Any]) -> Server:
        self._set_data(data)
        return self

    async def _act(self, name: str, **body: Any) -> tuple[Any, str]:
        """Run the action ``name``: its answer, and the request for error messages."""
        path = f"/servers/{self.id}/actions/{quote_segment(name)}"
        return await self._bound_client().call("POST", path, body or None), f"POST {path}"

    async def _action(self, name: str, **body: Any) -> Action:
        answer, where = await self._act(name, **body)
        return Action.from_answer(self._client, answer, "action", where)

    async def refresh(self) -> Server:
        """Load the server's current state into this object."""
        return self._reload((await self._bound_client().servers.get(self)).data)

    async def update(self, name: str | None = None, labels: dict[str, str] | None = None) -> Server:
        """Rename, or replace all labels; this object is updated."""
        updated = await self._bound_client().servers.update(self, name=name, labels=labels)
        return self._reload(updated.data)

    async def change_name(self, name: str) -> Server:
        """Rename the server."""
        return await self.update(name=name)

    async def delete(self) -> Action:
        """Delete the server."""
        action = await self._bound_client().servers.delete(self)
        assert action is not None  # only missing_ok=True answers None
        return action

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

    async def rebuild(self, image: int | str | Image, user_data: str | None = None) -> Action:
        """Overwrite the disk with an image, destroying all data on it.

        The new root password (set when the server has no SSH keys) is ``action.root_password``.
        """
        answer, where = await self._act(
            "rebuild", image=id_or_name(image, "image"), **present(user_data=user_data)
        )
        action = Action.from_answer(self._client, answer, "action", where)
        action.root_password = secret(answer.get("root_password"))
        return action

    async def change_type(self, server_type: int | str | ServerType, upgrade_disk: bool) -> Action:
        """Move to another server type; the server must be off."""
        return await self._action(
            "change_type",
            server_type=id_or_name(server_type, "server_type"),
            upgrade_disk=bool(upgrade_disk),
        )

    async def enable_rescue(
        self, type: str = RESCUE_TYPE_LINUX, ssh_keys: Sequence[int | Model] | None = None
    ) -> tuple[Secret | None, Action]:
        """Boot the rescue system next time: ``(root_password, action)``."""
        keys = None if ssh_keys is None else [id_of(key, "ssh_keys") for key in ssh_keys]
        answer, where = await self._act("enable_rescue", type=type, **present(ssh_keys=keys))
        action = Action.from_answer(self._client, answer, "action", where)
        return secret(answer.get("root_password")), action

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
        return image, Action.from_answer(self._client, answer, "action", where)

    async def attach_iso(self, iso: int | str | ISO) -> Action:
        """Insert an ISO."""
        return await self._action("attach_iso", iso=id_or_name(iso, "iso"))

    async def detach_iso(self) -> Action:
        """Eject the ISO."""
        return await self._action("detach_iso")

    async def change_dns_ptr(self, ip: str, dns_ptr: str | None) -> Action:
        """Set the reverse DNS of one of the server's IPs (``None`` resets it)."""
        return await self._action("change_dns_ptr", ip=check_name(ip, "ip"), dns_ptr=dns_ptr)

    async def change_protection(
        self, delete: bool | None = None, rebuild: bool | None = None
    ) -> Action:
        """Protect against deletion and rebuild (the API wants both equal)."""
        body = present(delete=delete, rebuild=rebuild)
        if not body:
            raise invalid_argument("delete", "or rebuild must be given")
        return await self._action("change_protection", **body)

    async def request_console(self) -> tuple[str, Secret, Action]:
        """A VNC-over-websocket console: ``(wss_url, password, action)``, valid a minute."""
        answer, where = await self._act("request_console")
        wss_url = member_text(answer, "wss_url", where)
        password = Secret(member_text(answer, "password", where))
        return wss_url, password, Action.from_answer(self._client, answer, "action", where)

    async def reset_password(self) -> tuple[Secret | None, Action]:
        """A new root password (needs a running server with the guest agent)."""
        answer, where = await self._act("reset_password")
        action = Action.from_answer(self._client, answer, "action", where)
        return secret(answer.get("root_password")), action

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
        types = [type] if isinstance(type, str) else list(type)
        if not types or any(t not in METRIC_TYPES for t in types):
            raise invalid_argument("type", f"must be among {sorted(METRIC_TYPES)}, not {type!r}")
        params: dict[str, Any] = {"type": types, "start": _rfc3339(start), "end": _rfc3339(end)}
        if step is not None:
            params["step"] = step
        path = f"/servers/{self.id}/metrics"
        answer = await self._bound_client().get(path, **params)
        return ServerMetrics.from_data(member(answer, "metrics", f"GET {path}"))

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


class ServersClient(MutableResourceClient[Server]):
    """``client.servers``: list, get, create, update and delete servers."""

    path = "/servers"
    single = "server"
    model = Server

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
        answer = await self._create(**body, **present(**optional))
        where = f"POST {self.path}"
        next_actions = member_list(answer, "next_actions", where, optional=True)
        return CreateServerResult(
            server=self._wrap(member(answer, "server", where)),
            action=Action.from_answer(self._client, answer, "action", where),
            next_actions=[Action(self._client, data) for data in next_actions],
            root_password=secret(answer.get("root_password")),
        )

    async def delete(  # type: ignore[override]
        self, resource: int | Server, *, missing_ok: bool = False
    ) -> Action | None:
        """Delete a server: the ``delete_server`` action, or ``None`` if absent and missing_ok."""
        deleted = await self._delete(resource, missing_ok)
        if deleted is None:
            return None
        answer, where = deleted
        return Action.from_answer(self._client, answer, "action", where)
