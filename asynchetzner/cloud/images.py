"""Images: system images, snapshots, backups and app images."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..typed.arguments import present
from ..typed.models import field, time_field
from ..typed.resources import ActionReads, Deletable, Protectable, ResourceClient


class Image(Protectable):
    """A system image, snapshot, backup or app image."""

    kind = "image"
    type: str = field()
    status: str = field()
    name: str | None = field()
    description: str = field()
    image_size: float | None = field()
    disk_size: float = field()
    created: datetime | None = time_field()
    created_from: dict[str, Any] | None = field()
    bound_to: int | None = field()
    os_flavor: str = field()
    os_version: str | None = field()
    rapid_deploy: bool | None = field()
    protection: dict[str, bool] = field()
    deprecated: datetime | None = time_field()
    deleted: datetime | None = time_field()
    labels: dict[str, str] = field()
    architecture: str = field()


class ImagesClient(Deletable[Image], ActionReads[Image], ResourceClient[Image]):
    """``client.images``: system images, and your snapshots and backups (update, delete)."""

    model = Image
    path = "/images"

    async def update(
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

    async def get_by_name(
        self, name: str, architecture: str = "x86", **filters: Any
    ) -> Image | None:
        """The image with this name for ``architecture`` (names repeat across architectures)."""
        return await super().get_by_name(name, architecture=architecture, **filters)
