"""The application of an API: a route for each operation of its index, served by its kind.

An operation is served by its kind's own handler, else by the generic handler of its verb when
the kind declares what that needs; a kind that Hetzner removed answers ``410`` to all its
operations; every other operation of the API answers ``501 not_implemented`` naming it, so that
code which ignores ``not_found`` cannot pass against the simulator without doing anything.
"""

from __future__ import annotations

from aiohttp import web

from .app import Handler as AioHandler
from .app import application, method_not_allowed
from .errors import SimulatorError
from .handlers import generic
from .index import Operation
from .kinds import Api, Bound, Call, Handler, Kind
from .project import Project
from .store import Store


def create_app(project: Project, *apis: Api) -> web.Application:
    """The application serving ``apis`` for ``project``, each under its prefix, seeded with the
    kinds' data."""
    for api in apis:
        seed(project.store, api)
    return application(project, [(api.prefix, api.title, routes(api)) for api in apis])


def seed(store: Store, api: Api) -> None:
    """Fill each empty table of a kind that has seed data; later ids follow the seeded ones."""
    for bound in api.bound.values():
        if bound.kind.seed is None or store.table(bound.resource):
            continue
        table = store.table(bound.resource)
        table.update((entity["id"], entity) for entity in bound.kind.seed())
        store.skip_ids(bound.resource, max(table, default=0))


def served(api: Api) -> list[Operation]:
    """The operations of ``api`` that its kinds serve (a removed kind's 410s included)."""
    return [op for op in api.index.operations.values() if _serve(api, op) is not None]


def routes(api: Api) -> list[web.RouteDef]:
    """A route for every operation of ``api``, and for each path one answering its other
    methods with 405. Paths with literal segments come before those with parameters there, so
    ``GET /servers/1/actions/poweron`` is a 405 and not an action named ``poweron``."""
    by_path: dict[str, list[Operation]] = {}
    for operation in api.index.operations.values():
        by_path.setdefault(operation.path, []).append(operation)
    found: list[web.RouteDef] = []
    for path, operations in sorted(by_path.items()):
        for op in operations:
            found.append(
                web.route(op.method, path, _handler(api, op, _serve(api, op) or _not_implemented))
            )
        found.append(web.route("*", path, _other_methods(sorted(op.method for op in operations))))
    return found


def _serve(api: Api, operation: Operation) -> Handler | None:
    """What serves ``operation``, if anything."""
    bound = api.bound.get(operation.kind)
    if bound is None:
        return None
    kind = bound.kind
    if kind.removed is not None:
        return _removed
    return kind.handlers.get(operation.name) or generic(kind, operation)


def _handler(api: Api, operation: Operation, serve: Handler) -> AioHandler:
    """The aiohttp handler calling ``serve`` for ``operation``."""
    bound = api.bound.get(operation.kind)
    if bound is None:  # a kind not registered: its operations answer 501
        bound = Bound(Kind(operation.kind), api.index.kinds[operation.kind])

    async def handler(request: web.Request) -> web.StreamResponse:
        return await serve(Call(request, api, bound, operation))

    return handler


def _other_methods(allowed: list[str]) -> AioHandler:
    async def handler(request: web.Request) -> web.StreamResponse:
        return method_not_allowed(request, allowed)

    return handler


async def _not_implemented(call: Call) -> web.StreamResponse:
    raise SimulatorError(
        501,
        "not_implemented",
        f"{call.operation.name} is an operation of {call.api.title} that the asynchetzner "
        "simulator does not serve yet",
    )


async def _removed(call: Call) -> web.StreamResponse:
    message = call.bound.kind.removed or ""
    raise SimulatorError(410, "deprecated_api_endpoint", message)
