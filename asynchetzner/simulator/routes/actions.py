"""Actions: ``GET /actions?id=…``, ``GET /actions/{id}`` and the per-collection action lists.

Listing all actions without ``id`` was removed from the API on 30 January 2025; the simulator
answers it as Hetzner does, with ``410 deprecated_api_endpoint``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..engine.app import answer
from ..engine.errors import SimulatorError, invalid_input, not_found
from ..engine.listing import ListSpec, list_answer
from ..engine.numbers import positive_int
from ..engine.project import Project
from ..engine.store import Action
from .common import get_entity, listed, path_id, simulation

routes = web.RouteTableDef()

# Collections whose actions can be listed, by path segment → resource type.
COLLECTIONS = {"servers": "server", "images": "image", "networks": "network"}
ACTION_LIST = ListSpec(
    "actions",
    filters={"id": "id", "status": "status"},
    sort_fields=frozenset({"id", "command", "status", "started", "finished"}),
    labels=False,
)
REMOVED_ANNOUNCEMENT = (
    "https://docs.hetzner.cloud/changelog#2023-07-20-actions-list-endpoint-is-deprecated"
)


def actions_json(sim: Project, actions: list[Action]) -> list[dict[str, Any]]:
    """Actions as the API shows them now."""
    now = sim.now()
    return [action.to_json(now) for action in actions]


def _touches(action: Action, resource_type: str, resource_id: int | None = None) -> bool:
    return any(
        r["type"] == resource_type and (resource_id is None or r["id"] == resource_id)
        for r in action.resources
    )


def _action(sim: Project, action_id: int) -> Action:
    action = sim.store.actions.get(action_id)
    if action is None:
        raise not_found("Action", action_id)
    return action


@routes.get("/actions")
async def list_actions(request: web.Request) -> web.StreamResponse:
    """Answer the actions with the given ids (unknown ids are left out)."""
    sim = simulation(request)
    wanted = request.query.getall("id", [])
    if not wanted:
        raise SimulatorError(
            410,
            "deprecated_api_endpoint",
            "listing all actions was removed; ask for actions by id",
            {"announcement": REMOVED_ANNOUNCEMENT},
        )
    ids: set[int] = set()
    for value in wanted:
        number = positive_int(value)
        if number is None:
            raise invalid_input({"id": ["must be a list of positive integers"]}, "invalid id")
        ids.add(number)
    found = [sim.store.actions[i] for i in ids if i in sim.store.actions]  # sorted below
    body, _ = list_answer(actions_json(sim, found), request.query, ACTION_LIST, request.url)
    return answer({"actions": body["actions"]})


@routes.get("/actions/{id}")
async def get_action(request: web.Request) -> web.StreamResponse:
    """Answer one action."""
    sim = simulation(request)
    action = _action(sim, path_id(request))
    return answer({"action": action.to_json(sim.now())})


def _paginated(request: web.Request, actions: list[Action]) -> web.StreamResponse:
    return listed(request, actions_json(simulation(request), actions), ACTION_LIST, None)


def _collection_routes(collection: str, resource_type: str) -> None:
    label = resource_type.replace("_", " ").title()

    async def list_collection_actions(request: web.Request) -> web.StreamResponse:
        sim = simulation(request)
        touching = [a for a in sim.store.actions.values() if _touches(a, resource_type)]
        return _paginated(request, touching)

    async def get_collection_action(request: web.Request) -> web.StreamResponse:
        sim = simulation(request)
        action = _action(sim, path_id(request))
        if not _touches(action, resource_type):
            raise not_found("Action", action.id)
        return answer({"action": action.to_json(sim.now())})

    async def list_resource_actions(request: web.Request) -> web.StreamResponse:
        sim = simulation(request)
        resource_id = path_id(request)
        get_entity(sim, resource_type, resource_id, label)
        touching = [
            a for a in sim.store.actions.values() if _touches(a, resource_type, resource_id)
        ]
        return _paginated(request, touching)

    async def get_resource_action(request: web.Request) -> web.StreamResponse:
        sim = simulation(request)
        resource_id = path_id(request)
        action = _action(sim, path_id(request, "action_id"))
        if not _touches(action, resource_type, resource_id):
            raise not_found("Action", action.id)
        return answer({"action": action.to_json(sim.now())})

    routes.get(f"/{collection}/actions")(list_collection_actions)
    routes.get(f"/{collection}/actions/{{id}}")(get_collection_action)
    routes.get(f"/{collection}/{{id}}/actions")(list_resource_actions)
    routes.get(f"/{collection}/{{id}}/actions/{{action_id}}")(get_resource_action)


for _collection, _resource_type in COLLECTIONS.items():
    _collection_routes(_collection, _resource_type)
