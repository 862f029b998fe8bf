"""Servers, resets, Wake-on-LAN and cancellations of the Robot simulator.

A reset boots what is activated: a server with the rescue system activated boots into it, and
the activation is consumed (``/boot/{n}/rescue`` reads inactive again, ``/last`` keeps it).
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from .app import STATE, RobotError, answer, form, invalid_input
from .state import SYSTEMS, RobotState

routes = web.RouteTableDef()
RESET_TYPES = ["sw", "hw", "man", "power", "power_long"]
CANCELLATION_REASONS = (
    "Upgrade to a new server",
    "Server no longer necessary due to project ending",
)
"""What a cancellation offers as reasons; one is sent (as text) with a cancellation."""
SUMMARY = (
    "server_ip", "server_ipv6_net", "server_number", "server_name", "product", "dc", "traffic",
    "status", "cancelled", "paid_until", "ip", "subnet",
)  # fmt: skip


def server_number(request: web.Request, state: RobotState) -> int:
    """The server the path names, or 404 ``SERVER_NOT_FOUND``."""
    text = request.match_info["number"]
    if not text.isdigit() or int(text) not in state.servers:
        raise RobotError(404, "SERVER_NOT_FOUND", f"server {text} not found")
    return int(text)


def required(body: dict[str, Any], *names: str) -> list[str]:
    """The named text fields of a form, or ``INVALID_INPUT`` naming those missing."""
    missing = [name for name in names if not isinstance(body.get(name), str) or not body[name]]
    if missing:
        raise invalid_input(missing=missing)
    return [body[name] for name in names]


@routes.get("/server")
async def list_servers(request: web.Request) -> web.Response:
    state = request.app[STATE]
    if not state.servers:
        raise RobotError(404, "SERVER_NOT_FOUND", "no servers found")
    return answer([{"server": {key: s[key] for key in SUMMARY}} for s in state.servers.values()])


@routes.get("/server/{number}")
async def get_server(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return answer({"server": state.servers[server_number(request, state)]})


@routes.post("/server/{number}")
async def rename_server(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    (name,) = required(await form(request), "server_name")
    state.servers[number]["server_name"] = name
    return answer({"server": state.servers[number]})


def _reset_of(state: RobotState, number: int) -> dict[str, Any]:
    if not state.servers[number]["reset"]:
        raise RobotError(404, "RESET_NOT_AVAILABLE", f"server {number} has no reset")
    return {**state.summary(number), "type": RESET_TYPES, "operating_status": "running"}


@routes.get("/reset")
async def list_resets(request: web.Request) -> web.Response:
    state = request.app[STATE]
    found = [_reset_of(state, n) for n, server in state.servers.items() if server["reset"]]
    if not found:
        raise RobotError(404, "NOT_FOUND", "no server has a reset")
    return answer([{"reset": reset} for reset in found])


@routes.get("/reset/{number}")
async def get_reset(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return answer({"reset": _reset_of(state, server_number(request, state))})


@routes.post("/reset/{number}")
async def reset(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    _reset_of(state, number)
    (kind,) = required(await form(request), "type")
    if kind not in RESET_TYPES:
        raise invalid_input(invalid=["type"])
    if number in state.manual_resets:
        raise RobotError(409, "RESET_MANUAL_ACTIVE", "a manual reset is already pending")
    if kind == "man":
        state.manual_resets.add(number)
    state.resets.append((number, kind))
    active = state.boot.get(number, {})
    system = next((name for name in SYSTEMS if name in active), None)
    if system is not None:
        del active[system]
    state.booted[number] = system or "installed"
    server = state.servers[number]  # as documented: the server's IPs, not its number
    ips = {key: server[key] for key in ("server_ip", "server_ipv6_net")}
    return answer({"reset": {**ips, "type": kind}})


def _wol_of(state: RobotState, number: int) -> dict[str, Any]:
    if not state.servers[number]["wol"]:
        raise RobotError(404, "WOL_NOT_AVAILABLE", f"server {number} has no Wake-on-LAN")
    return {"wol": state.summary(number)}


@routes.get("/wol/{number}")
async def get_wol(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return answer(_wol_of(state, server_number(request, state)))


@routes.post("/wol/{number}")
async def send_wol(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    found = _wol_of(state, number)
    state.booted[number] = "installed"
    return answer(found)


def _cancellation(state: RobotState, number: int) -> dict[str, Any]:
    server = state.servers[number]
    filed = state.cancellations.get(number)
    return {
        **state.summary(number),
        "server_name": server["server_name"],
        "earliest_cancellation_date": "2026-12-31",
        "cancelled": filed is not None,
        "reservation_possible": True,
        "reserved": bool(filed and filed["reserved"]),
        "cancellation_date": filed["date"] if filed else None,
        "cancellation_reason": filed["reason"] if filed else list(CANCELLATION_REASONS),
    }


@routes.get("/server/{number}/cancellation")
async def get_cancellation(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return answer({"cancellation": _cancellation(state, server_number(request, state))})


@routes.post("/server/{number}/cancellation")
async def cancel(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    body = await form(request)
    (date,) = required(body, "cancellation_date")
    if date != "now" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise invalid_input(invalid=["cancellation_date"])
    if number in state.cancellations:
        raise RobotError(409, "CONFLICT", f"server {number} is already cancelled")
    reason = body.get("cancellation_reason")
    if reason is not None and reason not in CANCELLATION_REASONS:
        raise invalid_input(invalid=["cancellation_reason"])  # one reason, as text
    if body.get("reserve_location") not in ("true", "false"):  # needed: reservation_possible
        lacking = "reserve_location" not in body
        raise invalid_input(
            missing=["reserve_location"] if lacking else [],
            invalid=[] if lacking else ["reserve_location"],
        )
    reserved = body.get("reserve_location") == "true"
    state.cancellations[number] = {"date": date, "reason": reason, "reserved": reserved}
    state.servers[number]["cancelled"] = True
    return answer({"cancellation": _cancellation(state, number)})


@routes.delete("/server/{number}/cancellation")
async def withdraw_cancellation(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    if state.cancellations.pop(number, None) is None:
        raise RobotError(409, "CONFLICT", f"server {number} is not cancelled")
    state.servers[number]["cancelled"] = False
    return web.Response(status=200)
