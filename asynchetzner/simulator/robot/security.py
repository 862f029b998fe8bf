"""SSH keys, firewalls and firewall templates of the Robot simulator.

A firewall change reads ``in process`` for ``firewall_seconds``, then the status asked for;
another change meanwhile is 409 ``FIREWALL_IN_PROCESS``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .app import STATE, RobotError, answer, form, invalid_input
from .servers import required, server_number
from .state import RobotState, fingerprint

routes = web.RouteTableDef()
_RULE_KEYS = {"name", "ip_version", "src_ip", "dst_ip", "src_port", "dst_port", "protocol",
              "tcp_flags", "action"}  # fmt: skip
_FLAGS = ("filter_ipv6", "whitelist_hos")


@routes.get("/key")
async def list_keys(request: web.Request) -> web.Response:
    state = request.app[STATE]
    if not state.keys:
        raise RobotError(404, "NOT_FOUND", "no keys found")
    return answer([{"key": key} for key in state.keys.values()])


@routes.post("/key")
async def create_key(request: web.Request) -> web.Response:
    state = request.app[STATE]
    name, data = required(await form(request), "name", "data")
    found = fingerprint(data)
    if found is None:
        raise invalid_input(invalid=["data"])
    if found in state.keys:
        raise RobotError(409, "KEY_ALREADY_EXISTS", "the key is already stored")
    return answer({"key": state.add_key(name, data)}, 201)


def _key(state: RobotState, request: web.Request) -> dict[str, Any]:
    key = state.keys.get(request.match_info["fingerprint"])
    if key is None:
        raise RobotError(404, "NOT_FOUND", "key not found")
    return key


@routes.get("/key/{fingerprint}")
async def get_key(request: web.Request) -> web.Response:
    return answer({"key": _key(request.app[STATE], request)})


@routes.post("/key/{fingerprint}")
async def rename_key(request: web.Request) -> web.Response:
    key = _key(request.app[STATE], request)
    (key["name"],) = required(await form(request), "name")
    return answer({"key": key})


@routes.delete("/key/{fingerprint}")
async def delete_key(request: web.Request) -> web.Response:
    state = request.app[STATE]
    del state.keys[_key(state, request)["fingerprint"]]
    return web.Response(status=200)


def _rules(body: dict[str, Any]) -> dict[str, list[dict[str, Any]]] | None:
    """The rules of a form, or ``INVALID_INPUT`` naming the first bad one."""
    rules = body.get("rules")
    if rules is None:
        return None
    if not isinstance(rules, dict) or set(rules) - {"input", "output"}:
        raise invalid_input(invalid=["rules"])
    checked: dict[str, list[dict[str, Any]]] = {"input": [], "output": []}
    for direction, listed in rules.items():
        for index, rule in enumerate(listed if isinstance(listed, list) else [None]):
            where = f"rules[{direction}][{index}]"
            if not isinstance(rule, dict) or set(rule) - _RULE_KEYS:
                raise invalid_input(invalid=[where])
            if rule.get("action") not in ("accept", "discard"):
                raise invalid_input(invalid=[f"{where}[action]"])
            checked[direction].append({key: rule.get(key) for key in sorted(_RULE_KEYS)})
    return checked


def _flags(body: dict[str, Any]) -> dict[str, bool]:
    wrong = [name for name in _FLAGS if name in body and body[name] not in ("true", "false")]
    if wrong:
        raise invalid_input(invalid=wrong)
    return {name: body[name] == "true" for name in _FLAGS if name in body}


def firewall_view(state: RobotState, number: int) -> dict[str, Any]:
    """A server's firewall as Robot shows it, ``in process`` until its change is applied."""
    firewall = state.firewalls[number]
    view = {key: value for key, value in firewall.items() if key not in ("ready_at", "target")}
    if firewall["ready_at"] > state.clock():
        view["status"] = "in process"
    elif "target" in firewall:
        firewall["status"] = view["status"] = firewall.pop("target")
    return {**state.summary(number), **view}


@routes.get("/firewall/{number:\\d+}")
async def get_firewall(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return answer({"firewall": firewall_view(state, server_number(request, state))})


@routes.post("/firewall/{number:\\d+}")
async def set_firewall(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    body = await form(request)
    changes: dict[str, Any] = _flags(body)
    template_id = body.get("template_id")
    if template_id is not None and ("rules" in body or "whitelist_hos" in body):
        raise invalid_input(invalid=["template_id"])  # a template brings its own
    if template_id is not None:
        template = state.templates.get(int(template_id) if template_id.isdigit() else 0)
        if template is None:
            raise RobotError(404, "FIREWALL_TEMPLATE_NOT_FOUND", "template not found")
        changes.update({key: template[key] for key in (*_FLAGS, "rules")})
    rules = _rules(body)
    if rules is not None:
        changes["rules"] = rules
    status = body.get("status")
    if status not in ("active", "disabled"):
        raise invalid_input(
            missing=[] if status else ["status"], invalid=["status"] if status else []
        )
    if firewall_view(state, number)["status"] == "in process":
        raise RobotError(409, "FIREWALL_IN_PROCESS", "the last change is still being applied")
    state.firewalls[number].update(changes, target=status)
    state.firewalls[number]["ready_at"] = state.clock() + state.firewall_seconds
    return answer({"firewall": firewall_view(state, number)})


@routes.delete("/firewall/{number:\\d+}")
async def clear_firewall(request: web.Request) -> web.Response:
    state = request.app[STATE]
    number = server_number(request, state)
    if firewall_view(state, number)["status"] == "in process":
        raise RobotError(409, "FIREWALL_IN_PROCESS", "the last change is still being applied")
    state.firewalls[number].update(rules={"input": [], "output": []}, target="disabled")
    state.firewalls[number]["ready_at"] = state.clock() + state.firewall_seconds
    return answer({"firewall": firewall_view(state, number)})


@routes.get("/firewall/template")
async def list_templates(request: web.Request) -> web.Response:
    state = request.app[STATE]
    if not state.templates:
        raise RobotError(404, "NOT_FOUND", "no firewall templates found")
    return answer(
        [
            {"firewall_template": {k: v for k, v in template.items() if k != "rules"}}
            for template in state.templates.values()
        ]
    )


@routes.post("/firewall/template")
async def create_template(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await form(request)
    (name,) = required(body, "name")
    template: dict[str, Any] = {
        "id": state.new_id(),
        "name": name,
        "filter_ipv6": False,
        "whitelist_hos": True,
        "is_default": body.get("is_default") == "true",
        "rules": {"input": [], "output": []},
    }
    template.update(_flags(body))
    template["rules"] = _rules(body) or template["rules"]
    state.templates[template["id"]] = template
    return answer({"firewall_template": template}, 201)


def _template(state: RobotState, request: web.Request) -> dict[str, Any]:
    text = request.match_info["id"]
    template = state.templates.get(int(text)) if text.isdigit() else None
    if template is None:
        raise RobotError(404, "FIREWALL_TEMPLATE_NOT_FOUND", "template not found")
    return template


@routes.get("/firewall/template/{id}")
async def get_template(request: web.Request) -> web.Response:
    return answer({"firewall_template": _template(request.app[STATE], request)})


@routes.post("/firewall/template/{id}")
async def update_template(request: web.Request) -> web.Response:
    template = _template(request.app[STATE], request)
    body = await form(request)
    template.update(_flags(body))
    template["rules"] = _rules(body) or template["rules"]
    if body.get("name"):
        template["name"] = body["name"]
    return answer({"firewall_template": template})


@routes.delete("/firewall/template/{id}")
async def delete_template(request: web.Request) -> web.Response:
    state = request.app[STATE]
    del state.templates[_template(state, request)["id"]]
    return web.Response(status=200)
