"""Actions: ``GET /actions?id=...`` and ``GET /actions/{id}``, over the actions of every kind.

Listing all actions without ``id`` was removed from the API on 30 January 2025; the simulator
answers it as Hetzner does, with ``410 deprecated_api_endpoint``. Listing by ``id`` leaves out
unknown ids and answers no ``meta``.
"""

from __future__ import annotations

from aiohttp import web

from ..engine.app import answer
from ..engine.errors import SimulatorError, invalid_input, not_found
from ..engine.kinds import Call, Kind, entity_id
from ..engine.listing import list_answer
from ..engine.numbers import positive_int

REMOVED_ANNOUNCEMENT = (
    "https://docs.hetzner.cloud/changelog#2023-07-20-actions-list-endpoint-is-deprecated"
)


async def list_actions(call: Call) -> web.StreamResponse:
    """The actions with the given ids."""
    wanted = call.query.getall("id", [])
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
    store, now = call.project.store, call.project.now()
    found = [store.actions[i].to_json(now) for i in ids if i in store.actions]  # sorted below
    spec = call.bound.list_spec(call.operation)
    body, _ = list_answer(found, call.query, spec, call.request.url)
    return answer({"actions": body["actions"]})


async def get_action(call: Call) -> web.StreamResponse:
    """One action."""
    action_id = entity_id(call.request.match_info, "id")
    action = call.project.store.actions.get(action_id)
    if action is None:
        raise not_found("Action", action_id)
    return answer({"action": action.to_json(call.project.now())})


KIND = Kind("actions", handlers={"GET /actions": list_actions, "GET /actions/{id}": get_action})
