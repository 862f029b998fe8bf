"""Load Balancer types: connections, services, targets and prices of each size (``lb11``…)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..typed.models import Model, field, time_field
from ..typed.resources import ResourceClient


class LoadBalancerType(Model):
    """A Load Balancer type with its limits and prices per location."""

    kind = "load_balancer_type"
    name: str = field()
    description: str = field()
    max_connections: int = field()
    max_services: int = field()
    max_targets: int = field()
    max_assigned_certificates: int = field()
    deprecated: datetime | None = time_field()
    deprecation: dict[str, Any] | None = field()
    prices: list[dict[str, Any]] = field()


class LoadBalancerTypesClient(ResourceClient[LoadBalancerType]):
    """``client.load_balancer_types``."""

    model = LoadBalancerType
    path = "/load_balancer_types"
