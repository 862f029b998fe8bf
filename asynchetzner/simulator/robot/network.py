"""Single IPs, subnets, failover IPs and reverse DNS of the Robot simulator.

A failover switch moves ``active_server_ip`` to another server of the account at once; the IP
then refuses another switch for ``failover_lock_seconds`` (409 ``FAILOVER_LOCKED``).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from aiohttp import web

from .app import STATE, RobotError, answer, form, invalid_input
from .servers import required
from .state import RobotState

routes = web.RouteTableDef()
_WARNING_LIMITS = ("traffic_hourly", "traffic_daily", "traffic_monthly")


def _filtered(table: dict[str, dict[str, Any]], request: web.Request) -> list[Any]:
    server_ip = request.query.get("server_ip")
    return [item for item in table.values() if server_ip in (None, item["server_ip"])]


def _address(request: web.Request) -> str:
    try:
        return str(ipaddress.ip_address(request.match_info["ip"]))
    except ValueError:
        raise RobotError(404, "NOT_FOUND", f"{request.match_info['ip']} is no address") from None


def _warnings(item: dict[str, Any], body: dict[str, Any]) -> None:
    invalid = [name for name in _WARNING_LIMITS if name in body and not str(body[name]).isdigit()]
    if "traffic_warnings" in body and body["traffic_warnings"] not in ("true", "false"):
        invalid.append("traffic_warnings")
    if invalid:
        raise invalid_input(invalid=invalid)
    if "traffic_warnings" in body:
        item["traffic_warnings"] = body["traffic_warnings"] == "true"
    item.update({name: int(body[name]) for name in _WARNING_LIMITS if name in body})


@routes.get("/ip")
async def list_ips(request: web.Request) -> web.Response:
    found = _filtered(request.app[STATE].ips, request)
    if not found:
        raise RobotError(404, "NOT_FOUND", "no IPs found")
    return answer([{"ip": ip} for ip in found])


def _ip(state: RobotState, request: web.Request) -> dict[str, Any]:
    ip = state.ips.get(_address(request))
    if ip is None:
        raise RobotError(404, "IP_NOT_FOUND", "IP not found")
    return {**ip, "gateway": "123.123.123.1", "mask": 32, "broadcast": ip["ip"]}


@routes.get("/ip/{ip}")
async def get_ip(request: web.Request) -> web.Response:
    return answer({"ip": _ip(request.app[STATE], request)})


@routes.post("/ip/{ip}")
async def update_ip(request: web.Request) -> web.Response:
    state = request.app[STATE]
    found = _ip(state, request)
    _warnings(state.ips[found["ip"]], await form(request))
    return answer({"ip": _ip(state, request)})


@routes.get("/subnet")
async def list_subnets(request: web.Request) -> web.Response:
    found = _filtered(request.app[STATE].subnets, request)
    if not found:
        raise RobotError(404, "NOT_FOUND", "no subnets found")
    return answer([{"subnet": subnet} for subnet in found])


def _subnet(state: RobotState, request: web.Request) -> dict[str, Any]:
    subnet = state.subnets.get(_address(request))
    if subnet is None:
        raise RobotError(404, "SUBNET_NOT_FOUND", "subnet not found")
    return subnet


@routes.get("/subnet/{ip}")
async def get_subnet(request: web.Request) -> web.Response:
    return answer({"subnet": _subnet(request.app[STATE], request)})


@routes.post("/subnet/{ip}")
async def update_subnet(request: web.Request) -> web.Response:
    state = request.app[STATE]
    subnet = _subnet(state, request)
    _warnings(subnet, await form(request))
    return answer({"subnet": subnet})


@routes.get("/failover")
async def list_failover(request: web.Request) -> web.Response:
    state = request.app[STATE]
    if not state.failover:
        raise RobotError(404, "NOT_FOUND", "no failover IPs found")
    return answer([{"failover": item} for item in state.failover.values()])


def _failover(state: RobotState, request: web.Request) -> dict[str, Any]:
    item = state.failover.get(_address(request))
    if item is None:
        raise RobotError(404, "NOT_FOUND", "failover IP not found")
    return item


@routes.get("/failover/{ip}")
async def get_failover(request: web.Request) -> web.Response:
    return answer({"failover": _failover(request.app[STATE], request)})


@routes.post("/failover/{ip}")
async def switch_failover(request: web.Request) -> web.Response:
    state = request.app[STATE]
    item = _failover(state, request)
    (target,) = required(await form(request), "active_server_ip")
    if not any(server["server_ip"] == target for server in state.servers.values()):
        raise RobotError(404, "FAILOVER_NEW_SERVER_NOT_FOUND", f"no server has {target}")
    if item["active_server_ip"] == target:
        raise RobotError(409, "FAILOVER_ALREADY_ROUTED", f"already routed to {target}")
    _unlocked(state, item["ip"])
    item["active_server_ip"] = target
    return answer({"failover": item})


def _unlocked(state: RobotState, ip: str) -> None:
    if state.failover_locked_until.get(ip, 0.0) > state.clock():
        raise RobotError(409, "FAILOVER_LOCKED", f"{ip} was switched moments ago")
    state.failover_locked_until[ip] = state.clock() + state.failover_lock_seconds


@routes.delete("/failover/{ip}")
async def unroute_failover(request: web.Request) -> web.Response:
    state = request.app[STATE]
    item = _failover(state, request)
    _unlocked(state, item["ip"])
    item["active_server_ip"] = None
    return answer({"failover": item})


def _owned(state: RobotState, request: web.Request) -> str:
    ip = _address(request)
    if ip not in state.ips and ip not in state.failover:
        raise RobotError(404, "IP_NOT_FOUND", f"{ip} is not an IP of the account")
    return ip


@routes.get("/rdns")
async def list_rdns(request: web.Request) -> web.Response:
    state = request.app[STATE]
    server_ip = request.query.get("server_ip")
    found = [
        {"rdns": {"ip": ip, "ptr": ptr}}
        for ip, ptr in state.rdns.items()
        if server_ip is None or state.ips.get(ip, {}).get("server_ip") == server_ip
    ]
    if not found:
        raise RobotError(404, "NOT_FOUND", "no reverse DNS entries found")
    return answer(found)


@routes.get("/rdns/{ip}")
async def get_rdns(request: web.Request) -> web.Response:
    state = request.app[STATE]
    ip = _owned(state, request)
    if ip not in state.rdns:
        raise RobotError(404, "RDNS_NOT_FOUND", f"{ip} has no reverse DNS entry")
    return answer({"rdns": {"ip": ip, "ptr": state.rdns[ip]}})


@routes.put("/rdns/{ip}")
async def create_rdns(request: web.Request) -> web.Response:
    state = request.app[STATE]
    ip = _owned(state, request)
    (ptr,) = required(await form(request), "ptr")
    if ip in state.rdns:
        raise RobotError(409, "RDNS_ALREADY_EXISTS", f"{ip} has a reverse DNS entry")
    state.rdns[ip] = ptr
    return answer({"rdns": {"ip": ip, "ptr": ptr}}, 201)


@routes.post("/rdns/{ip}")
async def set_rdns(request: web.Request) -> web.Response:
    state = request.app[STATE]
    ip = _owned(state, request)
    (ptr,) = required(await form(request), "ptr")
    created = ip not in state.rdns
    state.rdns[ip] = ptr
    return answer({"rdns": {"ip": ip, "ptr": ptr}}, 201 if created else 200)


@routes.delete("/rdns/{ip}")
async def delete_rdns(request: web.Request) -> web.Response:
    state = request.app[STATE]
    ip = _owned(state, request)
    if state.rdns.pop(ip, None) is None:
        raise RobotError(404, "RDNS_NOT_FOUND", f"{ip} has no reverse DNS entry")
    return web.Response(status=200)
