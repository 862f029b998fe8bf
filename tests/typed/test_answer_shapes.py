"""Typed helpers against answers of the wrong shape: always ``InvalidResponse`` naming what was
missing, never a ``KeyError``, ``TypeError`` or ``AttributeError``; and the passwords they hand
back never show in a repr."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

from asynchetzner import Client, InvalidResponse, Server

from ..conftest import NO_RETRY, ScriptedServer, answer

Call = Callable[[Client], Awaitable[Any]]

WRONG_SHAPES = {
    "empty object": b"{}",
    "list": b"[]",
    "null": b"null",
    "empty body": b"",
    "number": b"42",
    "list where an object belongs": json.dumps(
        {k: [] for k in ("server", "action", "image", "ssh_key", "placement_group", "metrics")}
    ).encode(),
    "objects without ids": json.dumps(
        {
            **{k: {"name": "x"} for k in ("server", "action", "image", "ssh_key")},
            "wss_url": "wss://x",
            "password": "p",
        }
    ).encode(),
    "list of numbers": json.dumps({"servers": [1, 2], "actions": [1], "images": [None]}).encode(),
}


def server(client: Client) -> Server:
    return Server(client, {"id": 1, "name": "web-1"})


CALLS: dict[str, Call] = {
    "servers.get": lambda c: c.servers.get(1),
    "servers.get_all": lambda c: c.servers.get_all(),
    "servers.create": lambda c: c.servers.create("web", "cx23", "ubuntu-24.04"),
    "servers.update": lambda c: c.servers.update(1, name="web-2"),
    "servers.delete": lambda c: c.servers.delete(1),
    "actions.get": lambda c: c.actions.get(1),
    "actions.get_many": lambda c: c.actions.get_many([1, 2]),
    "actions.wait": lambda c: c.actions.wait([1], timeout=5),
    "images.get_all": lambda c: c.images.get_all(),
    "ssh_keys.get": lambda c: c.ssh_keys.get(1),
    "placement_groups.create": lambda c: c.placement_groups.create("group"),
    "server.power_on": lambda c: server(c).power_on(),
    "server.delete": lambda c: server(c).delete(),
    "server.rebuild": lambda c: server(c).rebuild("ubuntu-24.04"),
    "server.enable_rescue": lambda c: server(c).enable_rescue(),
    "server.create_image": lambda c: server(c).create_image(),
    "server.request_console": lambda c: server(c).request_console(),
    "server.reset_password": lambda c: server(c).reset_password(),
    "server.metrics": lambda c: server(c).metrics("cpu", "2024-01-01T00:00:00Z", "now"),
    "server.refresh": lambda c: server(c).refresh(),
    "volumes.create": lambda c: c.volumes.create("data", 10, location="fsn1"),
}


def raw(body: bytes) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def respond(request: web.Request) -> web.StreamResponse:
        return web.Response(status=200, body=body, content_type="application/json")

    return respond


@pytest.mark.parametrize("shape", list(WRONG_SHAPES))
@pytest.mark.parametrize("call", list(CALLS))
async def test_a_wrong_shape_is_an_invalid_response(
    server: ScriptedServer, call: str, shape: str
) -> None:
    server.default = raw(WRONG_SHAPES[shape])
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        with pytest.raises(InvalidResponse) as caught:
            await CALLS[call](client)
    message = str(caught.value)
    assert any(word in message for word in ("without", "expected", "malformed", "no id")), message


async def test_the_message_names_what_was_missing(server: ScriptedServer) -> None:
    server.default = answer(200, {"action": {"id": 1}})
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        with pytest.raises(InvalidResponse, match=r"POST /servers answered .*'server' object"):
            await client.servers.create("web", "cx23", "ubuntu-24.04")


# Secrets


ACTION = {"id": 5, "command": "x", "status": "running", "progress": 0, "resources": []}
PASSWORD = "YItygq1v3GYjjMomLaKc"


async def test_root_passwords_are_masked_in_every_repr(server: ScriptedServer) -> None:
    created = {
        "server": {"id": 1, "name": "web-1", "status": "initializing"},
        "action": ACTION,
        "next_actions": [],
        "root_password": PASSWORD,
    }
    acted = {"action": ACTION, "root_password": PASSWORD, "password": PASSWORD, "wss_url": "w"}
    server.then(answer(201, created))
    server.default = answer(201, acted)
    async with Client(server.url, "token", retry=NO_RETRY) as client:
        result = await client.servers.create("web-1", "cx23", "ubuntu-24.04")
        web_1 = result.server
        rebuilt = await web_1.rebuild("ubuntu-24.04")
        with_password = [
            result,
            rebuilt,
            await web_1.enable_rescue(),
            await web_1.reset_password(),
            await web_1.request_console(),
        ]
    for value in with_password:
        assert PASSWORD not in repr(value), repr(value)
        assert PASSWORD not in str(value), str(value)
        assert "********" in repr(value)
    assert result.root_password == rebuilt.root_password == PASSWORD  # there to be used
    assert f"{result.root_password}" == PASSWORD
    assert json.dumps({"root_password": result.root_password}) == json.dumps(
        {"root_password": PASSWORD}
    )


# Reading an object's attributes never leaks a KeyError, TypeError, ValueError or AttributeError


@pytest.mark.parametrize("created", [42, "garbage", ["2016-01-30T23:50:00+00:00"], True])
def test_a_time_of_the_wrong_shape_is_an_invalid_response(created: object) -> None:
    server = Server(None, {"id": 1, "created": created})
    with pytest.raises(InvalidResponse, match="where a time belongs"):
        server.created  # noqa: B018 - reading it is the test


@pytest.mark.parametrize(
    "public_net", [None, "1.2.3.4", {"ipv4": "1.2.3.4"}, {"ipv4": {"ip": 5}}, {"ipv6": []}]
)
def test_odd_public_nets_read_as_no_address(public_net: object) -> None:
    server = Server(None, {"id": 1, "public_net": public_net})
    assert (server.ipv4, server.ipv6) == (None, None)


@pytest.mark.parametrize("identity", [None, True, 1.5, [1], {"id": 1}])
def test_an_object_without_a_usable_id_is_an_invalid_response(identity: object) -> None:
    with pytest.raises(InvalidResponse, match="without its id"):
        Server(None, {"id": identity, "name": "web-1"})
