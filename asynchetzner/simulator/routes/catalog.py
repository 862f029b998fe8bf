"""Hetzner's catalog: locations, server types and ISOs (read-only) and images (snapshots mutable).

``seed`` fills an empty store from ``simulator/catalog.py``. System images belong to Hetzner:
only ``snapshot`` and ``backup`` images (made by the servers module) may be updated, protected
or deleted; for the others the simulator answers 403 ``forbidden``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiohttp import web
from multidict import MultiMapping

from .. import catalog
from ..engine.app import answer, read_body
from ..engine.errors import SimulatorError, invalid_input, locked, protected
from ..engine.listing import ListSpec
from ..engine.project import Project
from ..engine.store import Store
from .common import check_labels, get_entity, listed, path_id, public, simulation

routes = web.RouteTableDef()

LOCATIONS = ListSpec(
    "locations", filters={"name": "name"}, sort_fields=frozenset({"id", "name"}), labels=False
)
SERVER_TYPES = ListSpec("server_types", filters={"name": "name"}, labels=False)
ISOS = ListSpec("isos", filters={"name": "name"}, labels=False)
IMAGES = ListSpec(
    "images",
    filters={
        "name": "name",
        "type": "type",
        "status": "status",
        "bound_to": "bound_to",
        "architecture": "architecture",
    },
    sort_fields=frozenset({"id", "name", "created"}),
)
_OWN_IMAGE_TYPES = frozenset({"snapshot", "backup"})


def seed(store: Store) -> None:
    """Fill each empty catalog table from the catalog; later image ids follow the catalog's."""
    for kind, entries in (
        ("location", catalog.locations()),
        ("server_type", catalog.server_types()),
        ("image", catalog.images()),
        ("iso", catalog.isos()),
    ):
        table = store.table(kind)
        if not table:
            table.update((entry["id"], entry) for entry in entries)
    store.skip_ids("image", max(store.table("image"), default=0))


def _flag(query: MultiMapping[str], name: str) -> bool:
    """A boolean query parameter (``true``/``false``, absent is false)."""
    text = query.get(name, "false").lower()
    if text not in ("true", "false"):
        raise invalid_input({name: [f"must be true or false, got {text!r}"]}, f"{name} is invalid")
    return text == "true"


def _one(request: web.Request, kind: str, label: str) -> dict[str, Any]:
    """The catalog entry of ``kind`` named by the path's id."""
    return get_entity(simulation(request), kind, path_id(request), label)


@routes.get("/locations")
async def list_locations(request: web.Request) -> web.StreamResponse:
    """List locations."""
    return listed(request, simulation(request).store.table("location").values(), LOCATIONS)


@routes.get("/locations/{id}")
async def get_location(request: web.Request) -> web.StreamResponse:
    """Get one location."""
    return answer({"location": public(_one(request, "location", "location"))})


@routes.get("/server_types")
async def list_server_types(request: web.Request) -> web.StreamResponse:
    """List server types."""
    return listed(request, simulation(request).store.table("server_type").values(), SERVER_TYPES)


@routes.get("/server_types/{id}")
async def get_server_type(request: web.Request) -> web.StreamResponse:
    """Get one server type."""
    return answer({"server_type": public(_one(request, "server_type", "server type"))})


@routes.get("/isos")
async def list_isos(request: web.Request) -> web.StreamResponse:
    """List ISOs; ``include_architecture_wildcard`` adds those without architecture."""
    isos: Iterable[dict[str, Any]] = simulation(request).store.table("iso").values()
    architecture = request.query.get("architecture")
    wildcard = _flag(request.query, "include_architecture_wildcard")
    if architecture is not None:
        accepted = {architecture, None} if wildcard else {architecture}
        isos = [iso for iso in isos if iso["architecture"] in accepted]
    return listed(request, isos, ISOS)


@routes.get("/isos/{id}")
async def get_iso(request: web.Request) -> web.StreamResponse:
    """Get one ISO."""
    return answer({"iso": public(_one(request, "iso", "ISO"))})


@routes.get("/images")
async def list_images(request: web.Request) -> web.StreamResponse:
    """List images; deprecated ones only with ``include_deprecated=true``."""
    images: Iterable[dict[str, Any]] = simulation(request).store.table("image").values()
    if not _flag(request.query, "include_deprecated"):
        images = [image for image in images if image["deprecated"] is None]
    return listed(request, images, IMAGES)


@routes.get("/images/{id}")
async def get_image(request: web.Request) -> web.StreamResponse:
    """Get one image."""
    return answer({"image": public(_one(request, "image", "image"))})


def _own_image(request: web.Request, what: str) -> dict[str, Any]:
    """The path's image if it is a snapshot or backup; Hetzner's own images are 403."""
    image = _one(request, "image", "image")
    if image["type"] not in _OWN_IMAGE_TYPES:
        raise SimulatorError(
            403, "forbidden", f"{image['type']} image {image['id']} cannot be {what}"
        )
    return image


@routes.put("/images/{id}")
async def update_image(request: web.Request) -> web.StreamResponse:
    """Change description or labels, or turn a backup into a snapshot."""
    image = _own_image(request, "updated")
    body = await read_body(request)
    if "labels" in body:
        check_labels(body["labels"])
        image["labels"] = dict(body["labels"])
    if "description" in body:
        image["description"] = body["description"]
    if body.get("type") == "snapshot":
        image["type"] = "snapshot"
        image["bound_to"] = None
    return answer({"image": public(image)})


def _check_unlocked(sim: Project, image: dict[str, Any]) -> None:
    """423 ``locked`` while an action (like ``create_image``) runs on the image."""
    if sim.store.running_on("image", image["id"]):
        raise locked("image", image["id"])


@routes.delete("/images/{id}")
async def delete_image(request: web.Request) -> web.StreamResponse:
    """Delete a snapshot or backup unless it is protected."""
    sim = simulation(request)
    image = _own_image(request, "deleted")
    _check_unlocked(sim, image)
    if image["protection"]["delete"]:
        raise protected("image", image["id"], "deletion")
    del sim.store.table("image")[image["id"]]
    return web.Response(status=204)


@routes.post("/images/{id}/actions/change_protection")
async def change_image_protection(request: web.Request) -> web.StreamResponse:
    """Start ``change_protection``; the new protection holds once the action succeeds."""
    sim = simulation(request)
    image = _own_image(request, "protected")
    body = await read_body(request)
    if image["type"] != "snapshot":
        raise SimulatorError(422, "unsupported_error", "only snapshot images can be protected")
    _check_unlocked(sim, image)

    def change() -> None:
        if "delete" in body:
            image["protection"]["delete"] = body["delete"]

    action = sim.store.start_action("change_protection", [("image", image["id"])], change)
    return answer({"action": action.to_json(sim.now())}, 201)
