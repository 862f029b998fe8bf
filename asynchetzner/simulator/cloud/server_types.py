"""Server types: read-only, seeded from Hetzner's offer; where each one is sold."""

from __future__ import annotations

from typing import Any

from ..engine.entities import Entity, resolve
from ..engine.errors import SimulatorError
from ..engine.kinds import Kind
from ..engine.project import Project
from . import seed_data


def location_for(project: Project, key: Any, server_type: Entity) -> Entity:
    """The location named ``key`` (by default the first one offered) if the server type is sold
    there; 412 ``resource_unavailable`` if it is not, or sold out everywhere."""
    offered = [entry["name"] for entry in server_type["locations"] if entry.get("available", True)]
    if key is None:
        if not offered:
            raise SimulatorError(
                412, "resource_unavailable", f"server type {server_type['name']} is sold out"
            )
        key = offered[0]
    location = resolve(project, "location", key, "location")
    if location["name"] not in offered:
        raise SimulatorError(
            412,
            "resource_unavailable",
            f"server type {server_type['name']} is not available in {location['name']}",
        )
    return location


KIND = Kind("server_types", seed=seed_data.server_types)
