"""Requests the Load Balancer tests share."""

from __future__ import annotations

from typing import Any

import pytest

import asynchetzner

CHECK = {"protocol": "tcp", "port": 8080, "interval": 15, "timeout": 10, "retries": 3}
HTTP_OPTIONS = {
    "cookie_name": "HCLBSTICKY",
    "cookie_lifetime": 300,
    "timeout_idle": 50,
    "sticky_sessions": False,
}


def service(
    listen_port: int = 80, protocol: str = "tcp", destination_port: int = 8080, **more: Any
) -> dict[str, Any]:
    """A service the API takes (``http`` options in full, as the spec's create wants them)."""
    built: dict[str, Any] = {
        "protocol": protocol,
        "listen_port": listen_port,
        "destination_port": destination_port,
        "proxyprotocol": False,
        "health_check": dict(CHECK),
    }
    if protocol != "tcp":
        built["http"] = dict(HTTP_OPTIONS)
    if protocol == "https":
        built["http"].update(certificates=[], redirect_http=False)
    for key, value in more.items():
        if key == "http":
            built["http"] = {**built.get("http", {}), **value}
        else:
            built[key] = value
    return built


def server_target(server_id: int, use_private_ip: bool = False) -> dict[str, Any]:
    return {"type": "server", "server": {"id": server_id}, "use_private_ip": use_private_ip}


def selector_target(text: str, use_private_ip: bool = False) -> dict[str, Any]:
    return {
        "type": "label_selector",
        "label_selector": {"selector": text},
        "use_private_ip": use_private_ip,
    }


def ip_target(ip: str) -> dict[str, Any]:
    return {"type": "ip", "ip": {"ip": ip}}


async def create_lb(client: asynchetzner.Client, name: str = "lb", **body: Any) -> dict[str, Any]:
    body.setdefault("load_balancer_type", "lb11")
    body.setdefault("location", "fsn1")
    answer: dict[str, Any] = await client.post("/load_balancers", name=name, **body)
    return answer


async def get_lb(client: asynchetzner.Client, lb_id: int) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get(f"/load_balancers/{lb_id}"))["load_balancer"]
    return found


async def act(client: asynchetzner.Client, lb_id: int, action: str, **body: Any) -> Any:
    return await client.post(f"/load_balancers/{lb_id}/actions/{action}", **body)


async def new_server(client: asynchetzner.Client, name: str, **body: Any) -> int:
    body.setdefault("location", "fsn1")
    body.setdefault("server_type", "cpx11")  # sold everywhere
    answer = await client.post("/servers", name=name, image="ubuntu-24.04", **body)
    return int(answer["server"]["id"])


async def new_network(client: asynchetzner.Client, name: str = "net", **subnet: Any) -> int:
    subnets = [{"type": "cloud", "network_zone": "eu-central", **subnet}]
    answer = await client.post("/networks", name=name, ip_range="10.0.0.0/16", subnets=subnets)
    return int(answer["network"]["id"])


async def refused(call: Any, code: str, status: int = 422) -> asynchetzner.APIError:
    with pytest.raises(asynchetzner.APIError) as caught:
        await call
    assert (caught.value.code, caught.value.status) == (code, status), caught.value.message
    return caught.value
