"""Images: Hetzner's system images (seeded, read-only) and the project's snapshots and backups.

Only ``snapshot`` and ``backup`` images, which servers make (``create_image``, backups), may be
updated, deleted or protected; for the others the simulator answers 403 ``forbidden``. Deprecated
images are listed only with ``include_deprecated=true``.
"""

from __future__ import annotations

from typing import Any

from multidict import MultiMapping

from ..engine.entities import Entity, created_now, resolve
from ..engine.errors import SimulatorError, invalid_input
from ..engine.handlers import protect
from ..engine.kinds import Body, Change, Kind
from ..engine.listing import flag
from ..engine.numbers import positive_int
from ..engine.project import Project
from . import seed_data

OWN_TYPES = frozenset({"snapshot", "backup"})
_DONE = {"update": "updated", "delete": "deleted", "change_protection": "protected"}


def select(query: MultiMapping[str], images: list[Entity]) -> list[Entity]:
    """Leave out deprecated images unless ``include_deprecated=true``."""
    if flag(query, "include_deprecated"):
        return images
    return [image for image in images if image["deprecated"] is None]


def guard(image: Entity, what: str) -> None:
    """403 ``forbidden`` for changing an image Hetzner owns."""
    if image["type"] not in OWN_TYPES:
        done = _DONE.get(what, what)
        raise SimulatorError(
            403, "forbidden", f"{image['type']} image {image['id']} cannot be {done}"
        )


def update(project: Project, image: Entity, body: Body) -> None:
    """Change the description, or turn a backup into a snapshot."""
    if "description" in body:
        image["description"] = body["description"]
    if body.get("type") == "snapshot":
        image["type"] = "snapshot"
        image["bound_to"] = None


def change_protection(project: Project, image: Entity, body: Body) -> Change:
    """Only snapshots can be protected."""
    if image["type"] != "snapshot":
        raise SimulatorError(422, "unsupported_error", "only snapshot images can be protected")
    return protect(project, image, body)


def image_for(project: Project, key: Any, architecture: str) -> Entity:
    """An available image by id, or by name for ``architecture``."""
    if isinstance(key, str) and positive_int(key) is None:
        for image in project.store.table("image").values():
            if image.get("name") == key and image["architecture"] == architecture:
                return image
    image = resolve(project, "image", key, "image")
    if image["architecture"] != architecture:
        raise invalid_input(
            {"image": [f"image {key!r} is for {image['architecture']}, not {architecture}"]},
            "image architecture does not match the server type",
        )
    if image["status"] != "available":
        raise invalid_input({"image": [f"image {key!r} is not available"]}, "image not available")
    return image


def delete_backups(project: Project, server_id: int) -> None:
    """Delete the server's backups (the only images bound to a server)."""
    images = project.store.table("image")
    for image_id in [i for i, image in images.items() if image["bound_to"] == server_id]:
        del images[image_id]


def capture(
    project: Project, server: Entity, kind: str, description: str | None, labels: dict[str, str]
) -> Entity:
    """A new ``snapshot`` or ``backup`` of the server's disk, ``creating`` until it is done."""
    source = server["image"] or {}
    image_id = project.store.next_id("image")
    image: Entity = {
        "id": image_id,
        "type": kind,
        "status": "creating",
        "name": None,
        "description": description or f"{server['name']}-{kind}-{image_id}",
        "image_size": None,
        "disk_size": server["primary_disk_size"],
        "created": created_now(project),
        "created_from": {"id": server["id"], "name": server["name"]},
        "bound_to": server["id"] if kind == "backup" else None,
        "os_flavor": source.get("os_flavor", "unknown"),
        "os_version": source.get("os_version"),
        "rapid_deploy": False,
        "protection": {"delete": False},
        "deprecated": None,
        "deleted": None,
        "labels": labels,
        "architecture": server["server_type"]["architecture"],
    }
    project.store.table("image")[image_id] = image
    return image


KIND = Kind(
    "images",
    seed=seed_data.images,
    select=select,
    guard=guard,
    update=update,
    actions={"change_protection": change_protection},
)
