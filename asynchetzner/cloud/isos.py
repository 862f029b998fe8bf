"""ISOs that can be inserted into a server."""

from __future__ import annotations

from typing import Any

from ..typed.models import Model
from ..typed.resources import ResourceClient


class ISO(Model):
    """An ISO that can be inserted into a server."""

    fields = ("name", "description", "type", "deprecation", "architecture")
    name: str | None
    description: str
    type: str | None
    deprecation: dict[str, Any] | None
    architecture: str | None


class ISOsClient(ResourceClient[ISO]):
    """``client.isos``."""

    path = "/isos"
    single = "iso"
    model = ISO
