"""The rules of a firewall, checked as Hetzner checks them.

A rule has a ``direction`` (``in`` takes ``source_ips``, ``out`` takes ``destination_ips``, and
never the other), a ``protocol`` (``tcp`` and ``udp`` need a ``port``; the others refuse one), a
port that is ``any``, one port or a range ``low-high`` within 1..65535, and at most 100 CIDR
blocks, networks or single hosts with no host bits set (IPv6 answered in its RFC 5952 form). A
firewall holds at most 50 rules and 500 effective rules, counted here as its CIDR blocks.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from ..engine.errors import invalid_input

MAX_RULES = 50
MAX_EFFECTIVE_RULES = 500
MAX_IPS_PER_RULE = 100
PORT_PROTOCOLS = frozenset({"tcp", "udp"})
IPS_OF_DIRECTION = {"in": "source_ips", "out": "destination_ips"}
_PORT = re.compile(r"([0-9]{1,5})(?:-([0-9]{1,5}))?")
_HIGHEST_PORT = 65535

Rule = dict[str, Any]


def _port(text: str, field: str) -> str:
    """``any``, a port, or a range of ports ``low-high``."""
    if text == "any":
        return text
    match = _PORT.fullmatch(text)
    low = int(match.group(1)) if match else 0
    high = int(match.group(2) or low) if match else 0
    if not 1 <= low <= high <= _HIGHEST_PORT:
        raise invalid_input(
            {field: [f"{text!r} is not 'any', a port or a range 'low-high' of ports 1-65535"]},
            "invalid port",
        )
    return text


def _cidr(text: str, field: str) -> str:
    """An IPv4 or IPv6 block in CIDR notation without host bits, as the API writes it."""
    try:
        if "/" in text:
            return str(ipaddress.ip_network(text))
    except ValueError:
        pass
    raise invalid_input(
        {field: [f"{text!r} is not a network or host in CIDR notation (like 10.0.1.0/24)"]},
        "invalid CIDR block",
    )


def _rule(rule: Rule, where: str) -> Rule:
    """One rule as the API answers it, every field present."""
    direction, protocol = rule["direction"], rule["protocol"]
    wanted = IPS_OF_DIRECTION[direction]
    unwanted = IPS_OF_DIRECTION["out" if direction == "in" else "in"]
    if rule.get(unwanted):
        raise invalid_input(
            {f"{where}{unwanted}": [f"is not allowed for direction {direction!r}"]},
            f"{unwanted} given for direction {direction}",
        )
    blocks = rule.get(wanted) or []
    if not blocks:
        raise invalid_input(
            {f"{where}{wanted}": [f"is required for direction {direction!r}"]},
            f"{wanted} missing for direction {direction}",
        )
    if len(blocks) > MAX_IPS_PER_RULE:
        raise invalid_input(
            {f"{where}{wanted}": [f"holds more than {MAX_IPS_PER_RULE} CIDR blocks"]},
            "too many CIDR blocks",
        )
    port = rule.get("port")
    if (port is None) == (protocol in PORT_PROTOCOLS):
        needed = "is required" if port is None else "is not allowed"
        raise invalid_input(
            {f"{where}port": [f"{needed} for protocol {protocol!r}"]},
            f"port {needed} for protocol {protocol}",
        )
    ips = [_cidr(block, f"{where}{wanted}") for block in blocks]
    return {
        "description": rule.get("description"),
        "direction": direction,
        "source_ips": ips if wanted == "source_ips" else [],
        "destination_ips": ips if wanted == "destination_ips" else [],
        "protocol": protocol,
        "port": None if port is None else _port(port, f"{where}port"),
    }


def checked_rules(rules: list[Rule]) -> list[Rule]:
    """The rules of a request (already valid for its schema), as the API answers them."""
    if len(rules) > MAX_RULES:
        raise invalid_input({"rules": [f"holds more than {MAX_RULES} rules"]}, "too many rules")
    answered = [_rule(rule, f"rules.{index}.") for index, rule in enumerate(rules)]
    effective = sum(len(rule["source_ips"]) + len(rule["destination_ips"]) for rule in answered)
    if effective > MAX_EFFECTIVE_RULES:
        raise invalid_input(
            {"rules": [f"make {effective} effective rules, more than {MAX_EFFECTIVE_RULES}"]},
            "too many effective rules",
        )
    return answered
