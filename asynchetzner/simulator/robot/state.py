"""The simulated Robot account: dedicated servers, their addresses, boot configurations,
firewalls, keys and vSwitches, seeded with a few servers; and what the webservice counts
(failed logins, requests per endpoint group)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

SYSTEMS = ("rescue", "linux", "vnc", "windows")
OPTIONS: dict[str, dict[str, list[Any]]] = {
    "rescue": {"os": ["linux", "vkvm"], "keyboard": ["us", "de", "uk", "fr", "ch"]},
    "linux": {
        "dist": ["Debian 12 base", "Ubuntu 24.04 LTS base", "Rocky Linux 9 base"],
        "lang": ["en"],
    },
    "vnc": {"dist": ["Rocky Linux 9", "Ubuntu 24.04"], "lang": ["en_US", "de_DE"]},
    "windows": {"dist": ["Windows Server 2022 Standard"], "lang": ["en", "de"]},
}
"""What each boot system offers; an activation picks one of each."""
SEED_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGVIjVFPfj/4kBJj3YfSixO+Fgre0XGfR21+o56oIn1u seed@robot"
)


def fingerprint(public_key: str) -> str | None:
    """The MD5 fingerprint Robot gives a key (``aa:bb:…``), or ``None`` for a malformed key."""
    parts = public_key.split()
    if len(parts) < 2 or not parts[0].startswith(("ssh-", "ecdsa-")):
        return None
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError:
        return None
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _server(number: int, name: str, last_octet: int, **supports: bool) -> dict[str, Any]:
    ip = f"123.123.123.{last_octet}"
    net = f"2a01:4f8:111:{number:x}::"
    return {
        "server_ip": ip,
        "server_ipv6_net": net,
        "server_number": number,
        "server_name": name,
        "product": "AX41-NVMe",
        "dc": "FSN1-DC14",
        "traffic": "unlimited",
        "status": "ready",
        "cancelled": False,
        "paid_until": "2026-12-31",
        "ip": [ip],
        "subnet": [{"ip": net, "mask": "64"}],
        "reset": True,
        "rescue": True,
        "vnc": True,
        "windows": True,
        "plesk": False,
        "cpanel": False,
        "wol": True,
        "hot_swap": False,
        "linked_storagebox": None,
        **supports,
    }


def seed_servers() -> dict[int, dict[str, Any]]:
    """Four dedicated servers; ``legacy`` (821) can neither be reset, rescued nor woken."""
    servers = [
        _server(321, "web-1", 10),
        _server(421, "web-2", 11),
        _server(521, "db-1", 12, wol=False, windows=False),
        _server(821, "legacy", 13, reset=False, rescue=False, vnc=False, windows=False, wol=False),
    ]
    return {server["server_number"]: server for server in servers}


def _address(ip: str, server: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "ip": ip,
        "server_ip": server["server_ip"],
        "server_ipv6_net": server["server_ipv6_net"],
        "server_number": server["server_number"],
        "locked": False,
        "traffic_warnings": False,
        "traffic_hourly": 200,
        "traffic_daily": 2000,
        "traffic_monthly": 20,
        **extra,
    }


@dataclass
class RobotState:
    """One Robot account as the simulator keeps it (its repr shows no password).

    ``firewall_seconds`` and ``vswitch_seconds`` are how long a change reads ``in process``;
    ``failover_lock_seconds`` how long a failover IP refuses another switch (``FAILOVER_LOCKED``);
    ``limits`` replaces hourly limits by group (``{"POST /reset": 2}``).
    """

    user: str
    password: str = field(repr=False)
    clock: Callable[[], float]
    limits: dict[str, int] = field(default_factory=dict)
    firewall_seconds: float = 0.0
    vswitch_seconds: float = 0.0
    failover_lock_seconds: float = 0.0
    servers: dict[int, dict[str, Any]] = field(default_factory=seed_servers)
    ips: dict[str, dict[str, Any]] = field(default_factory=dict)
    subnets: dict[str, dict[str, Any]] = field(default_factory=dict)
    failover: dict[str, dict[str, Any]] = field(default_factory=dict)
    failover_locked_until: dict[str, float] = field(default_factory=dict)
    rdns: dict[str, str] = field(default_factory=dict)
    keys: dict[str, dict[str, Any]] = field(default_factory=dict)
    boot: dict[int, dict[str, dict[str, Any]]] = field(default_factory=dict, repr=False)
    """The active boot configuration of each server, by system (``rescue``…)."""
    last_rescue: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False)
    booted: dict[int, str] = field(default_factory=dict)
    """What each server's last reset booted: ``rescue``, ``linux``… or ``installed``."""
    resets: list[tuple[int, str]] = field(default_factory=list)
    manual_resets: set[int] = field(default_factory=set)
    """Servers waiting for a technician's reset (until a test discards them)."""
    firewalls: dict[int, dict[str, Any]] = field(default_factory=dict)
    templates: dict[int, dict[str, Any]] = field(default_factory=dict)
    vswitches: dict[int, dict[str, Any]] = field(default_factory=dict)
    cancellations: dict[int, dict[str, Any]] = field(default_factory=dict)
    failed_logins: dict[str, int] = field(default_factory=dict)
    blocked_until: dict[str, float] = field(default_factory=dict)
    requests: dict[tuple[str, str], deque[float]] = field(default_factory=dict)
    served: Counter[str] = field(default_factory=Counter)
    """Requests served, by ``"METHOD /path"`` (for tests)."""
    next_id: int = 1

    def __post_init__(self) -> None:
        for number, server in self.servers.items():
            self.ips[server["server_ip"]] = _address(server["server_ip"], server, separate_mac=None)
            net = server["server_ipv6_net"]
            self.subnets[net] = _address(net, server, mask=64, gateway="fe80::1", failover=False)
            self.rdns[server["server_ip"]] = f"static.{server['server_ip']}.clients.example.com"
            self.firewalls[number] = {
                "status": "disabled",
                "filter_ipv6": False,
                "whitelist_hos": True,
                "port": "main",
                "rules": {"input": [], "output": []},
                "ready_at": 0.0,
            }
        web = self.servers[321]
        self.failover["78.46.1.93"] = {
            "ip": "78.46.1.93",
            "netmask": "255.255.255.255",
            "server_ip": web["server_ip"],
            "server_ipv6_net": web["server_ipv6_net"],
            "server_number": 321,
            "active_server_ip": web["server_ip"],
        }
        self.add_key("seed", SEED_KEY)

    def new_id(self) -> int:
        """A new id for a template or a vSwitch."""
        self.next_id += 1
        return self.next_id - 1

    def password_for(self) -> str:
        """A fresh password for an activated boot system."""
        return secrets.token_urlsafe(12)

    def add_key(self, name: str, public_key: str) -> dict[str, Any]:
        """Store a key (its fingerprint checked by the caller)."""
        print_ = fingerprint(public_key) or ""
        kind = public_key.split()[0]
        key = {
            "name": name,
            "fingerprint": print_,
            "type": "ED25519" if kind == "ssh-ed25519" else kind.upper(),
            "size": 256 if kind == "ssh-ed25519" else 4096,
            "data": public_key,
            "created_at": "2026-01-01 00:00:00",
        }
        self.keys[print_] = key
        return key

    def summary(self, number: int) -> dict[str, Any]:
        """The server fields Robot repeats in the answers about it."""
        server = self.servers[number]
        return {key: server[key] for key in ("server_ip", "server_ipv6_net", "server_number")}
