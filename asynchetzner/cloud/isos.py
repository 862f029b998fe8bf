"""ISOs that can be inserted into a server."""

from __future__ import annotations

from typing import Any

from ..typed.models import Model, field
from ..typed.resources import ResourceClient


class ISO(Model):
    """An ISO image: public ones from Hetzner, private ones uploaded through support."""

    kind = "iso"
    name: str | None = field()
    description: str = field()
    type: str | None = field()
    deprecation: dict[str, Any] | None = field()
    architecture: str | None = field()


class ISOsClient(ResourceClient[ISO]):
    """``client.isos``."""

    model = ISO
    path = "/isos"
