"""The Robot webservice (Hetzner's dedicated servers), typed: ``client.robot.<area>``.

Each area of the webservice is one attribute, made on first use::

    async with Client(robot_user="#ws+XXXX", robot_password="…") as client:
        for server in await client.robot.servers.list():
            print(server.server_number, server.server_name)
        await client.robot.boot.activate_rescue(321, authorized_keys=[fingerprint])
        await client.robot.reset.execute(321, "hw")

Robot uses HTTP Basic (a web-service user, not the Robot login), form bodies and its own
envelopes and error codes; each endpoint has an hourly request limit (``RateLimitExceeded``
with ``retry_after`` its interval), and three failed logins block the client's IP for a while.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .base import Login, RobotModel
from .boot import VNC, Boot, BootClient, BootConfiguration, Linux, Rescue, Windows
from .cancellation import Cancellation, CancellationClient
from .failover import FailoverClient, FailoverIP, ReverseDNSClient, ReverseDNSEntry
from .firewall import FirewallClient, FirewallTemplate, FirewallTemplatesClient, RobotFirewall
from .ips import IP, IPsClient, Subnet, SubnetsClient
from .keys import KeysClient, RobotSSHKey
from .servers import (
    RESET_TYPES,
    Reset,
    ResetClient,
    RobotServer,
    ServersClient,
    WakeOnLAN,
    WakeOnLANClient,
)
from .vswitches import VSwitch, VSwitchesClient

if TYPE_CHECKING:
    from ..client import Client

__all__ = [
    "IP",
    "RESET_TYPES",
    "VNC",
    "Boot",
    "BootClient",
    "BootConfiguration",
    "Cancellation",
    "CancellationClient",
    "FailoverClient",
    "FailoverIP",
    "FirewallClient",
    "FirewallTemplate",
    "FirewallTemplatesClient",
    "IPsClient",
    "KeysClient",
    "Linux",
    "Rescue",
    "Reset",
    "ResetClient",
    "ReverseDNSClient",
    "ReverseDNSEntry",
    "RobotClient",
    "RobotFirewall",
    "RobotModel",
    "RobotSSHKey",
    "RobotServer",
    "ServersClient",
    "Subnet",
    "SubnetsClient",
    "VSwitch",
    "VSwitchesClient",
    "WakeOnLAN",
    "WakeOnLANClient",
    "Windows",
]


class RobotClient:
    """``client.robot``: every area of the Robot webservice, through one client. Its areas
    share one ``Login``: with a wrong password, one request fails and the others are not sent,
    since Robot blocks an address after three failed logins."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._login = Login()

    def __repr__(self) -> str:
        return f"<RobotClient of {self._client!r}>"

    @cached_property
    def servers(self) -> ServersClient:
        """Dedicated servers (list, get, rename)."""
        return ServersClient(self._client, self._login)

    @cached_property
    def reset(self) -> ResetClient:
        """Reset types and resets."""
        return ResetClient(self._client, self._login)

    @cached_property
    def boot(self) -> BootClient:
        """Boot configurations (rescue, Linux, VNC, Windows)."""
        return BootClient(self._client, self._login)

    @cached_property
    def wol(self) -> WakeOnLANClient:
        """Wake-on-LAN."""
        return WakeOnLANClient(self._client, self._login)

    @cached_property
    def ips(self) -> IPsClient:
        """Single IPs and their traffic warnings."""
        return IPsClient(self._client, self._login)

    @cached_property
    def subnets(self) -> SubnetsClient:
        """Subnets and their traffic warnings."""
        return SubnetsClient(self._client, self._login)

    @cached_property
    def failover(self) -> FailoverClient:
        """Failover IPs and their routing."""
        return FailoverClient(self._client, self._login)

    @cached_property
    def rdns(self) -> ReverseDNSClient:
        """Reverse DNS entries."""
        return ReverseDNSClient(self._client, self._login)

    @cached_property
    def keys(self) -> KeysClient:
        """SSH keys stored in Robot."""
        return KeysClient(self._client, self._login)

    @cached_property
    def firewall(self) -> FirewallClient:
        """The firewall of each server."""
        return FirewallClient(self._client, self._login)

    @cached_property
    def firewall_templates(self) -> FirewallTemplatesClient:
        """Firewall templates."""
        return FirewallTemplatesClient(self._client, self._login)

    @cached_property
    def vswitches(self) -> VSwitchesClient:
        """vSwitches and their servers."""
        return VSwitchesClient(self._client, self._login)

    @cached_property
    def cancellation(self) -> CancellationClient:
        """Server cancellations (``cancel`` only with ``allow_cancellation=True``)."""
        return CancellationClient(self._client, self._login)
