"""vSwitches of the Robot simulator: unwrapped answers (``[{"id": …}]``), servers that read
``in process`` for ``vswitch_seconds`` after they are added, then ``ready``."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .app import STATE, RobotError, answer, form, invalid_input
from .servers import required
from .state import RobotState

routes = web.RouteTableDef()
VLANS = range(4000, 4092)


def _vlan(state: RobotState, body: dict[str, Any], own: int | None = None) -> int:
    _, vlan = required(body, "name", "vlan")
    if not vlan.isdigit() or int(vlan) not in VLANS:
        raise invalid_input(invalid=["vlan"])
    if any(v["vlan"] == int(vlan) and v["id"] != own for v in state.vswitches.values()):
        raise RobotError(409, "VSWITCH_VLAN_NOT_UNIQUE", f"VLAN {vlan} is used already")
    return int(vlan)


def _vswitch(state: RobotState, request: web.Request) -> dict[str, Any]:
    text = request.match_info["id"]
    found = state.vswitches.get(int(text)) if text.isdigit() else None
    if found is None:
        raise RobotError(404, "NOT_FOUND", "vSwitch not found")
    return found


def _view(state: RobotState, vswitch: dict[str, Any]) -> dict[str, Any]:
    now = state.clock()
    servers = [
        {**state.summary(number), "status": "in process" if ready_at > now else "ready"}
        for number, ready_at in vswitch["members"].items()
    ]
    shown = {key: value for key, value in vswitch.items() if key != "members"}
    return {**shown, "server": servers, "subnet": [], "cloud_network": []}


@routes.get("/vswitch")
async def list_vswitches(request: web.Request) -> web.Response:
    state = request.app[STATE]
    listed = [
        {k: v[k] for k in ("id", "name", "vlan", "cancelled")} for v in state.vswitches.values()
    ]
    return answer(listed)


@routes.post("/vswitch")
async def create_vswitch(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await form(request)
    vlan = _vlan(state, body)
    vswitch = {"id": state.new_id(), "name": body["name"], "vlan": vlan, "cancelled": False,
               "members": {}}  # fmt: skip
    state.vswitches[vswitch["id"]] = vswitch
    return answer(_view(state, vswitch), 201)


@routes.get("/vswitch/{id}")
async def get_vswitch(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return answer(_view(state, _vswitch(state, request)))


@routes.post("/vswitch/{id}")
async def update_vswitch(request: web.Request) -> web.Response:
    state = request.app[STATE]
    vswitch = _vswitch(state, request)
    body = await form(request)
    vswitch["vlan"] = _vlan(state, body, vswitch["id"])
    vswitch["name"] = body["name"]
    return web.Response(status=200)


@routes.delete("/vswitch/{id}")
async def cancel_vswitch(request: web.Request) -> web.Response:
    state = request.app[STATE]
    vswitch = _vswitch(state, request)
    required(await form(request), "cancellation_date")
    if vswitch["cancelled"]:
        raise RobotError(409, "CONFLICT", "the vSwitch is already cancelled")
    vswitch["cancelled"] = True
    return web.Response(status=200)


def _numbers(state: RobotState, body: dict[str, Any]) -> list[int]:
    """The servers a form names (``server[]``: numbers or main IPs; or one ``server``)."""
    listed = body.get("server")
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not listed:
        raise invalid_input(missing=["server"])
    if not all(isinstance(item, str) for item in listed):
        raise invalid_input(invalid=["server"])
    by_ip = {server["server_ip"]: number for number, server in state.servers.items()}
    numbers = [int(item) if item.isdigit() else by_ip.get(item, 0) for item in listed]
    if any(number not in state.servers for number in numbers):
        raise RobotError(404, "SERVER_NOT_FOUND", "server not found")
    return numbers


@routes.post("/vswitch/{id}/server")
async def add_servers(request: web.Request) -> web.Response:
    state = request.app[STATE]
    vswitch = _vswitch(state, request)
    numbers = _numbers(state, await form(request))
    if any(ready_at > state.clock() for ready_at in vswitch["members"].values()):
        raise RobotError(409, "VSWITCH_IN_PROCESS", "the vSwitch is being changed")
    for number in numbers:
        vswitch["members"].setdefault(number, state.clock() + state.vswitch_seconds)
    return web.Response(status=201)


@routes.delete("/vswitch/{id}/server")
async def remove_servers(request: web.Request) -> web.Response:
    state = request.app[STATE]
    vswitch = _vswitch(state, request)
    numbers = _numbers(state, await form(request))
    if any(number not in vswitch["members"] for number in numbers):
        raise RobotError(404, "SERVER_NOT_FOUND", "a server is not in the vSwitch")
    for number in numbers:
        del vswitch["members"][number]
    return web.Response(status=200)
