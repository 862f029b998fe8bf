"""The simulated API's routes, one module per resource, and the catalog the project starts with.

``SERVED`` are the operations the simulator implements; ``ROUTES`` adds a 501 for each other
operation of the API.
"""

from __future__ import annotations

from aiohttp import web

from ..engine.store import Store
from . import actions, catalog, networks, placement_groups, servers, ssh_keys, unserved

SERVED: list[web.RouteDef] = [
    route
    for module in (actions, servers, catalog, ssh_keys, placement_groups, networks)
    for route in module.routes
    if isinstance(route, web.RouteDef)
]
ROUTES = SERVED + unserved.routes(SERVED)


def seed(store: Store) -> None:
    """Fill an empty project with Hetzner's catalog: locations, server types, images, ISOs."""
    catalog.seed(store)
