"""Images: system images, snapshots, backups and app images."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..typed.models import Model, present
from ..typed.resources import MutableResourceClient


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
