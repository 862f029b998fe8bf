"""Server types: cores, memory, disk and prices of each kind of server (``cx23``…)."""

from __future__ import annotations

from typing import Any

from ..typed.models import Model, field
from ..typed.resources import ResourceClient


class ServerType(Model):
    """A server type with its cores, memory (GB), disk (GB) and prices per location."""

    kind = "server_type"
    name: str = field()
    description: str = field()
    cores: int = field()
    memory: float = field()
    disk: int = field()
    deprecated: bool | None = field()
    deprecation: dict[str, Any] | None = field()
    prices: list[dict[str, Any]] = field()
    storage_type: str = field()
    cpu_type: str = field()
    category: str | None = field()
    architecture: str = field()
    locations: list[dict[str, Any]] = field()


class ServerTypesClient(ResourceClient[ServerType]):
    """``client.server_types``."""

    model = ServerType
    path = "/server_types"
