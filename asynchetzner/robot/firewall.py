"""The firewall of dedicated servers (``/firewall/{server-number}``) and its templates
(``/firewall/template``).

Rules are mappings with Robot's keys (``name``, ``ip_version``, ``src_ip``, ``dst_ip``,
``src_port``, ``dst_port``, ``protocol``, ``tcp_flags``, ``action``: ``accept`` or ``discard``),
given as ``{"input": [...], "output": [...]}``; they go as ``rules[input][0][src_ip]=…``. A
change is applied by Robot within a few seconds: its ``status`` reads ``in process`` until then.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ..typed.arguments import check_id, check_name, invalid_argument, present
from ..typed.models import field
from .base import Area, RobotModel, choice, flag, server_number
from .servers import RobotServer

Rules = Mapping[str, Sequence[Mapping[str, Any]]]
RULE_KEYS = frozenset(
    {
        "name",
        "ip_version",
        "src_ip",
        "dst_ip",
        "src_port",
        "dst_port",
        "protocol",
        "tcp_flags",
        "action",
    }
)
STATUSES = ("active", "disabled")


class RobotFirewall(RobotModel):
    """A server's firewall: ``status`` (``active``, ``disabled``, ``in process``) and rules."""

    kind = "firewall"
    shown: ClassVar[tuple[str, ...]] = ("status",)
    server_number: int = field()
    server_ip: str | None = field()
    status: str = field()
    filter_ipv6: bool = field()
    whitelist_hos: bool = field()
    port: str = field()
    rules: dict[str, list[dict[str, Any]]] = field()


class FirewallTemplate(RobotModel):
    """A stored set of firewall rules, applied to servers by id."""

    kind = "firewall_template"
    id_key = "id"
    shown: ClassVar[tuple[str, ...]] = ("name", "is_default")
    name: str = field()
    filter_ipv6: bool = field()
    whitelist_hos: bool = field()
    is_default: bool = field()
    rules: dict[str, list[dict[str, Any]]] | None = field()


def checked_rules(rules: Rules) -> dict[str, list[dict[str, Any]]]:
    """Rules by direction, each with Robot's keys only; bad ones refused before sending."""
    if not isinstance(rules, Mapping):
        raise invalid_argument("rules", "must map 'input'/'output' to lists of rules")
    checked: dict[str, list[dict[str, Any]]] = {}
    for direction, listed in rules.items():
        choice(direction, ("input", "output"), "rules direction")
        checked[direction] = []
        for rule in listed:
            unknown = set(rule) - RULE_KEYS if isinstance(rule, Mapping) else {"?"}
            if unknown:
                raise invalid_argument("rules", f"have unknown keys {sorted(unknown)}")
            checked[direction].append(dict(rule))
    return checked


def settings(
    filter_ipv6: bool | None, whitelist_hos: bool | None, rules: Rules | None
) -> dict[str, Any]:
    """The form fields shared by a firewall and a template."""
    body: dict[str, Any] = present(
        filter_ipv6=None if filter_ipv6 is None else flag(filter_ipv6, "filter_ipv6"),
        whitelist_hos=None if whitelist_hos is None else flag(whitelist_hos, "whitelist_hos"),
    )
    if rules is not None:
        body["rules"] = checked_rules(rules)
    return body


class FirewallClient(Area):
    """``client.robot.firewall``: the firewall of each server."""

    async def get(self, server: int | RobotServer) -> RobotFirewall:
        """The server's firewall: status and rules."""
        return await self._one(RobotFirewall, "GET", "/firewall/{n}", n=server_number(server))

    async def set(
        self,
        server: int | RobotServer,
        *,
        status: str = "active",
        rules: Rules | None = None,
        filter_ipv6: bool | None = None,
        whitelist_hos: bool | None = None,
        template: int | FirewallTemplate | None = None,
    ) -> RobotFirewall:
        """Replace the server's firewall (``rules``), or apply a ``template`` (which brings its
        own rules and ``whitelist_hos``: Robot takes neither with it); its status reads
        ``in process`` until Robot applied it."""
        if template is not None and (rules is not None or whitelist_hos is not None):
            raise invalid_argument(
                "template", "cannot be combined with rules or whitelist_hos (Robot refuses it)"
            )
        body = settings(filter_ipv6, whitelist_hos, rules)
        body["status"] = choice(status, STATUSES, "status")
        if template is not None:
            body["template_id"] = _template_id(template)
        return await self._one(
            RobotFirewall, "POST", "/firewall/{n}", body, n=server_number(server)
        )

    async def clear(self, server: int | RobotServer) -> RobotFirewall:
        """Remove every rule of the server's firewall."""
        return await self._one(RobotFirewall, "DELETE", "/firewall/{n}", n=server_number(server))


def _template_id(template: object) -> int:
    return check_id(template.id if isinstance(template, FirewallTemplate) else template, "template")


class FirewallTemplatesClient(Area):
    """``client.robot.firewall_templates``: stored firewall rule sets."""

    async def list(self) -> builtins.list[FirewallTemplate]:
        """Every template."""
        return await self._many(FirewallTemplate, "/firewall/template")

    async def get(self, template: int | FirewallTemplate) -> FirewallTemplate:
        """One template with its rules."""
        path = "/firewall/template/{id}"
        return await self._one(FirewallTemplate, "GET", path, id=_template_id(template))

    async def create(
        self,
        name: str,
        *,
        rules: Rules | None = None,
        filter_ipv6: bool = False,
        whitelist_hos: bool = True,
        is_default: bool = False,
    ) -> FirewallTemplate:
        """Store a template."""
        body = settings(filter_ipv6, whitelist_hos, rules)
        body.update(name=check_name(name), is_default=flag(is_default, "is_default"))
        return await self._one(FirewallTemplate, "POST", "/firewall/template", body)

    async def update(
        self,
        template: int | FirewallTemplate,
        *,
        name: str | None = None,
        rules: Rules | None = None,
        filter_ipv6: bool | None = None,
        whitelist_hos: bool | None = None,
        is_default: bool | None = None,
    ) -> FirewallTemplate:
        """Change what is given of a template."""
        body = settings(filter_ipv6, whitelist_hos, rules)
        if name is not None:
            body["name"] = check_name(name)
        if is_default is not None:
            body["is_default"] = flag(is_default, "is_default")
        path = "/firewall/template/{id}"
        return await self._one(FirewallTemplate, "POST", path, body, id=_template_id(template))

    async def delete(self, template: int | FirewallTemplate) -> None:
        """Remove a template."""
        await self._calls.call("DELETE", f"/firewall/template/{_template_id(template)}")
