"""Server types: cores, memory, disk and prices of each kind of server."""

from __future__ import annotations

from typing import Any

from ..typed.models import Model
from ..typed.resources import ResourceClient


class ServerType(Model):
    """A server type (``cx23``…) with its cores, memory (GB), disk (GB) and prices."""

    fields = (
        "name",
        "description",
        "cores",
        "memory",
        "disk",
        "deprecated",
        "deprecation",
        "prices",
        "storage_type",
        "cpu_type",
        "category",
        "architecture",
        "locations",
    )
    name: str
    description: str
    cores: int
    memory: float
    disk: int
    deprecated: bool | None
    deprecation: dict[str, Any] | None
    prices: list[dict[str, Any]]
    storage_type: str
    cpu_type: str
    category: str | None
    architecture: str
    locations: list[dict[str, Any]]


class ServerTypesClient(ResourceClient[ServerType]):
    """``client.server_types``."""

    path = "/server_types"
    single = "server_type"
    model = ServerType
