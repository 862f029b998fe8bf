"""Firewalls: rules for a server's public traffic, applied to servers directly or through a
label selector.

Rules and resources keep the API's wire shape (``FirewallRule``, ``FirewallResource``). Where a
method takes resources, a server may be given as its id or object and a label selector as its
text::

    await firewall.apply_to_resources([server, "env=prod"])

Changing rules or resources starts one action per resource touched; the methods return them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypeAlias, TypedDict

from ..typed.actions import Action
from ..typed.answers import member, member_list
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import Model, field, id_of, time_field
from ..typed.resources import Actionable, ActionReads, Creatable, Deletable, FamilyCalls, Updatable


class FirewallRule(TypedDict, total=False):
    """A rule as the API takes it: ``direction`` (``in``/``out``) and ``protocol`` (``tcp``,
    ``udp``, ``icmp``, ``esp``, ``gre``) always; ``port`` (``"80"``, ``"1024-5000"``, ``"any"``)
    for ``tcp`` and ``udp`` only; ``source_ips`` for ``in``, ``destination_ips`` for ``out``."""

    direction: str
    protocol: str
    port: str
    source_ips: list[str]
    destination_ips: list[str]
    description: str | None


class FirewallResource(TypedDict, total=False):
    """A resource as the API takes it: ``{"type": "server", "server": {"id": 42}}`` or
    ``{"type": "label_selector", "label_selector": {"selector": "env=prod"}}``."""

    type: str
    server: dict[str, int]
    label_selector: dict[str, str]


Resource: TypeAlias = int | str | Model | Mapping[str, Any]
"""A resource to apply a firewall to: a server (id or object), a label selector (its text), or
the wire shape itself (``FirewallResource``)."""


def firewall_resource(resource: Resource, name: str = "resources") -> dict[str, Any]:
    """``resource`` in the API's shape."""
    if isinstance(resource, Mapping):
        return dict(resource)
    if isinstance(resource, str):
        return {
            "type": "label_selector",
            "label_selector": {"selector": check_name(resource, name)},
        }
    return {"type": "server", "server": {"id": id_of(resource, name)}}


def _resources(resources: Sequence[Resource], name: str) -> list[dict[str, Any]]:
    if isinstance(resources, (str, Mapping)) or not isinstance(resources, Sequence):
        raise invalid_argument(name, f"must be a list of resources, not {resources!r}")
    return [firewall_resource(resource, name) for resource in resources]


def _rules(rules: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(rules, (str, Mapping)) or not isinstance(rules, Sequence):
        raise invalid_argument("rules", f"must be a list of rules, not {rules!r}")
    for rule in rules:
        if not isinstance(rule, Mapping):
            raise invalid_argument("rules", f"must hold rule mappings, not {rule!r}")
    return [dict(rule) for rule in rules]


def _actions(calls: FamilyCalls, answer: Any, where: str, optional: bool = False) -> list[Action]:
    """The ``actions`` list of an answer."""
    model = Action.of_family(calls.family)
    items = member_list(answer, "actions", where, optional=optional)
    return [model(calls.client, data) for data in items]


class Firewall(Actionable):
    """A firewall: its rules, and the servers and label selectors it is applied to."""

    kind = "firewall"
    name: str = field()
    labels: dict[str, str] = field()
    created: datetime | None = time_field()
    rules: list[dict[str, Any]] = field()
    applied_to: list[dict[str, Any]] = field()

    @property
    def server_ids(self) -> list[int]:
        """The ids of the servers the firewall applies to, directly or by a label selector."""
        found: list[int] = []
        for entry in self.applied_to or []:
            servers = [entry, *(entry.get("applied_to_resources") or [])]
            found += [s["server"]["id"] for s in servers if isinstance(s.get("server"), dict)]
        return list(dict.fromkeys(found))

    async def _actions(self, command: str, **body: Any) -> list[Action]:
        answer, where = await self._act(command, **body)
        return _actions(self._calls, answer, where)

    async def set_rules(self, rules: Sequence[FirewallRule | Mapping[str, Any]]) -> list[Action]:
        """Replace every rule (``[]`` removes them all): ``set_firewall_rules``, and an
        ``apply_firewall`` action per server the firewall applies to."""
        return await self._actions("set_rules", rules=_rules(rules))

    async def apply_to_resources(self, resources: Sequence[Resource]) -> list[Action]:
        """Apply the firewall to more servers or label selectors: an ``apply_firewall`` action
        per resource."""
        return await self._actions("apply_to_resources", apply_to=_resources(resources, "apply_to"))

    async def remove_from_resources(self, resources: Sequence[Resource]) -> list[Action]:
        """Remove the firewall from servers or label selectors: a ``remove_firewall`` action per
        resource (a server reached only by a label selector cannot be removed alone)."""
        remove_from = _resources(resources, "remove_from")
        return await self._actions("remove_from_resources", remove_from=remove_from)


class CreateFirewallResult(NamedTuple):
    """What ``POST /firewalls`` answers: the firewall, and an action per resource applied."""

    firewall: Firewall
    actions: list[Action]


class FirewallsClient(
    Creatable[Firewall], Updatable[Firewall], Deletable[Firewall], ActionReads[Firewall]
):
    """``client.firewalls``."""

    model = Firewall
    path = "/firewalls"

    async def create(
        self,
        name: str,
        *,
        rules: Sequence[FirewallRule | Mapping[str, Any]] | None = None,
        apply_to: Sequence[Resource] | None = None,
        labels: dict[str, str] | None = None,
    ) -> CreateFirewallResult:
        """Create a firewall, with its rules and the resources to apply it to."""
        answer, where = await self._create(
            name=check_name(name),
            **present(
                rules=None if rules is None else _rules(rules),
                apply_to=None if apply_to is None else _resources(apply_to, "apply_to"),
                labels=labels,
            ),
        )
        firewall = self._wrap(member(answer, self.model.kind, where))
        return CreateFirewallResult(firewall, _actions(self._calls, answer, where, optional=True))
