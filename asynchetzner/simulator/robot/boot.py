"""Boot configurations of the Robot simulator: rescue, Linux, VNC and Windows.

One system can be active at a time (another's activation is 409 ``BOOT_BLOCKED``); activating
answers with a new password; a reset consumes the activation (see ``servers``).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .app import STATE, RobotError, answer, form, invalid_input
from .servers import server_number
from .state import OPTIONS, SYSTEMS, RobotState

routes = web.RouteTableDef()
_CHOICES = {"rescue": ("os", "keyboard"), "linux": ("dist", "lang"), "vnc": ("dist", "lang"),
            "windows": ("lang",)}  # fmt: skip
_REQUIRED = {"rescue": ("os",), "linux": ("dist",), "vnc": ("dist",), "windows": ("lang",)}


def _system(request: web.Request) -> str:
    system = request.match_info["system"]
    if system not in SYSTEMS:
        raise RobotError(404, "NOT_FOUND", f"no boot system {system!r}")
    return system


def _offered(state: RobotState, number: int, system: str) -> None:
    if not state.servers[number].get(system, True):  # every server offers linux
        raise RobotError(404, "BOOT_NOT_AVAILABLE", f"server {number} cannot boot {system}")


def configuration(state: RobotState, number: int, system: str) -> dict[str, Any]:
    """The system's activation, or its options when inactive."""
    active = state.boot.get(number, {}).get(system)
    if active is not None:
        return {**state.summary(number), **active}
    inactive: dict[str, Any] = {key: list(values) for key, values in OPTIONS[system].items()}
    inactive.update(active=False, password=None, authorized_key=[], host_key=[], boot_time=None)
    if system in ("rescue", "linux"):
        inactive["arch"] = [64]
    return {**state.summary(number), **inactive}


@routes.get("/boot/{number}")
async def get_boot(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    offered = state.servers[number]
    systems = {
        system: configuration(state, number, system) if offered.get(system, True) else None
        for system in SYSTEMS
    }
    return answer({"boot": {**systems, "plesk": None, "cpanel": None}})


@routes.get("/boot/{number}/{system}")
async def get_system(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number, system = server_number(request, state), _system(request)
    _offered(state, number, system)
    return answer({system: configuration(state, number, system)})


@routes.post("/boot/{number}/{system}")
async def activate(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number, system = server_number(request, state), _system(request)
    _offered(state, number, system)
    body = await form(request)
    missing = [name for name in _REQUIRED[system] if not body.get(name)]
    invalid = [
        name
        for name in _CHOICES[system]
        if name in body and body[name] not in OPTIONS[system][name]
    ]
    keys = body.get("authorized_key") or []
    if not isinstance(keys, list) or any(key not in state.keys for key in keys):
        invalid.append("authorized_key")
    if missing or invalid:
        raise invalid_input(missing, invalid)
    active = state.boot.setdefault(number, {})
    if system in active:
        raise RobotError(409, "BOOT_ALREADY_ENABLED", f"{system} is already active")
    if active:
        raise RobotError(409, "BOOT_BLOCKED", f"{next(iter(active))} is active on {number}")
    chosen = {name: body.get(name, OPTIONS[system][name][0]) for name in OPTIONS[system]}
    active[system] = {
        **chosen,
        "arch": 64,
        "active": True,
        "password": state.password_for(),
        "authorized_key": [_key_summary(state.keys[key]) for key in keys],
        "host_key": [],
        "boot_time": None,
    }
    if system == "rescue":
        state.last_rescue[number] = active[system]
    return answer({system: configuration(state, number, system)})


def _key_summary(key: dict[str, Any]) -> dict[str, Any]:
    return {"key": {name: key[name] for name in ("name", "fingerprint", "type", "size")}}


@routes.delete("/boot/{number}/{system}")
async def deactivate(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number, system = server_number(request, state), _system(request)
    _offered(state, number, system)
    state.boot.get(number, {}).pop(system, None)
    return answer({system: configuration(state, number, system)})


@routes.get("/boot/{number}/rescue/last")
async def last_rescue(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    last = state.last_rescue.get(number)
    if last is None:
        raise RobotError(404, "NOT_FOUND", f"server {number} never booted a rescue system")
    return answer({"rescue": {**state.summary(number), **last, "active": False}})
