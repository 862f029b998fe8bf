"""What Hetzner offers: server types, locations, images and ISOs, looked up live."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .models import Model, present
from .resources import MutableResourceClient, ResourceClient


class Location(Model):
    """A location (``fsn1``, ``nbg1``, ``hel1``, ``ash``, ``hil``, ``sin``…)."""

    fields = ("name", "description", "country", "city", "latitude", "longitude", "network_zone")
    name: str
    description: str
    country: str
    city: str
    latitude: float
    longitude: float
    network_zone: str


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


class Image(Model):
    """A system image, snapshot, backup or app image."""

    fields = (
        "type",
        "status",
        "name",
        "description",
        "image_size",
        "disk_size",
        "created_from",
        "bound_to",
        "os_flavor",
        "os_version",
        "rapid_deploy",
        "protection",
        "labels",
        "architecture",
    )
    times = ("created", "deprecated", "deleted")
    type: str
    status: str
    name: str | None
    description: str
    image_size: float | None
    disk_size: float
    created: datetime | None
    created_from: dict[str, Any] | None
    bound_to: int | None
    os_flavor: str
    os_version: str | None
    rapid_deploy: bool | None
    protection: dict[str, bool]
    deprecated: datetime | None
    deleted: datetime | None
    labels: dict[str, str]
    architecture: str


class ISO(Model):
    """An ISO that can be inserted into a server."""

    fields = ("name", "description", "type", "deprecation", "architecture")
    name: str | None
    description: str
    type: str | None
    deprecation: dict[str, Any] | None
    architecture: str | None


class LocationsClient(ResourceClient[Location]):
    """``client.locations``."""

    path = "/locations"
    single = "location"
    model = Location


class ServerTypesClient(ResourceClient[ServerType]):
    """``client.server_types``."""

    path = "/server_types"
    single = "server_type"
    model = ServerType


class ImagesClient(MutableResourceClient[Image]):
    """``client.images``: system images, and your snapshots and backups (update, delete)."""

    path = "/images"
    single = "image"
    model = Image

    async def update(  # type: ignore[override]
        self,
        resource: int | Image,
        *,
        description: str | None = None,
        type: str | None = None,
        labels: dict[str, str] | None = None,
    ) -> Image:
        """Change a snapshot's description, turn a backup into a snapshot, or replace labels."""
        return await self._update(
            resource, present(description=description, type=type, labels=labels)
        )

    async def get_by_name(self, name: str, architecture: str = "x86") -> Image | None:  # type: ignore[override]
        """The image with this name for ``architecture`` (names repeat across architectures)."""
        return await super().get_by_name(name, architecture=architecture)


class ISOsClient(ResourceClient[ISO]):
    """``client.isos``."""

    path = "/isos"
    single = "iso"
    model = ISO
