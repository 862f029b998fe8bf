"""The operations of Hetzner's Cloud API the simulator does not serve: ``501 not_implemented``.

So that code which ignores ``not_found`` cannot pass against the simulator without doing
anything, each such operation answers 501 naming it as the spec does (``GET /volumes/{id}``).
The API's operations come from its operation index (``cloud/operations.json``), which
``tools/operation_index.py`` generates from the official OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from ..engine.app import Handler
from ..engine.errors import SimulatorError
from ..engine.index import load_index


def api_operations() -> tuple[str, ...]:
    """Every operation of Hetzner's Cloud API, as ``"GET /servers/{id}"``, sorted."""
    return tuple(load_index("asynchetzner.simulator.cloud").operations)


def routes(served: Iterable[web.RouteDef]) -> list[web.RouteDef]:
    """A route answering 501 for each operation of the API that ``served`` leaves out."""
    taken = {f"{route.method} {route.path}" for route in served}
    answering: list[web.RouteDef] = []
    for name in api_operations():
        if name not in taken:
            method, path = name.split(" ", 1)
            answering.append(web.route(method, path, _not_implemented(name)))
    return answering


def _not_implemented(name: str) -> Handler:
    """A handler answering that the operation ``name`` is not simulated."""

    async def handler(request: web.Request) -> web.StreamResponse:
        raise SimulatorError(
            501,
            "not_implemented",
            f"{name} is an operation of Hetzner's Cloud API that the asynchetzner simulator "
            "does not serve yet",
        )

    return handler
