"""Typed-style calls (``family=``) against two servers on 127.0.0.1: each family's base URL and
authentication, whatever the endpoint of the generic calls."""

from __future__ import annotations

import base64
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from asynchetzner import Client, ConfigurationError, InvalidArgumentError

from .conftest import NO_RETRY, ScriptedServer, answer
from .test_config import write

CLOUD_TOKEN = "cloud-s3cr3t"
API_TOKEN = "api-s3cr3t"


@pytest.fixture
async def other() -> AsyncIterator[ScriptedServer]:
    """A second scripted server, for a second family."""
    scripted = ScriptedServer()
    await scripted.start()
    yield scripted
    await scripted.stop()


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


async def test_storage_box_calls_go_to_their_family_with_the_cloud_token(
    server: ScriptedServer, other: ScriptedServer
) -> None:
    base_urls = {"hetzner-api": other.url}
    async with Client(server.url, CLOUD_TOKEN, base_urls=base_urls, retry=NO_RETRY) as client:
        await client.get("/servers")
        await client.call("GET", "/storage_boxes", family="hetzner-api")
        await client.call("GET", "/servers", family="hetzner-cloud")
        await client.post("/storage_boxes", name="box", _family="hetzner-api")

    assert [seen.path_qs for seen in server.received] == ["/v1/servers", "/v1/servers"]
    assert [(seen.method, seen.path_qs) for seen in other.received] == [
        ("GET", "/v1/storage_boxes"),
        ("POST", "/v1/storage_boxes"),
    ]
    assert other.received[1].json() == {"name": "box"}
    seen = [*server.received, *other.received]
    assert {request.headers["Authorization"] for request in seen} == {f"Bearer {CLOUD_TOKEN}"}


async def test_a_token_of_its_own_for_hetzner_api_goes_only_there(
    server: ScriptedServer, other: ScriptedServer, tmp_path: Path
) -> None:
    config = write(
        tmp_path / "hetzner.conf",
        f"[hetzner-cloud]\nurl={server.url}\ntoken={CLOUD_TOKEN}\n"
        f"[hetzner-api]\nurl={other.url}\ntoken={API_TOKEN}\n",
    )
    client = Client(retry=NO_RETRY)
    await client.init(config_file=str(config))
    async with client:
        await client.get("/servers")
        await client.get("/storage_boxes", _family="hetzner-api")

    assert server.received[0].headers["Authorization"] == f"Bearer {CLOUD_TOKEN}"
    assert other.received[0].headers["Authorization"] == f"Bearer {API_TOKEN}"


async def test_robot_calls_go_with_basic_auth_and_form_bodies(
    server: ScriptedServer, other: ScriptedServer
) -> None:
    robot = other.url.removesuffix("/v1")
    other.then(answer(404, {"error": {"status": 404, "code": "SERVER_NOT_FOUND", "message": "x"}}))
    async with Client(
        "hetzner-cloud",
        CLOUD_TOKEN,
        robot_user="#ws+u",
        robot_password="pw",
        base_urls={"hetzner-cloud": server.url, "hetzner-robot": robot},
        retry=NO_RETRY,
    ) as client:
        answered = await client.raw_call("GET", "/server", family="hetzner-robot")
        await client.post("/server/1", server_name="db 1", _family="hetzner-robot")

    assert answered.status == 404
    assert [seen.path_qs for seen in other.received] == ["/server", "/server/1"]
    assert {seen.headers["Authorization"] for seen in other.received} == {basic("#ws+u", "pw")}
    assert other.received[1].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert other.received[1].body == b"server_name=db+1"
    assert server.received == []


async def test_pages_of_a_family_come_from_that_family(
    server: ScriptedServer, other: ScriptedServer
) -> None:
    meta = {"page": 1, "per_page": 50, "previous_page": None, "next_page": None, "last_page": 1}
    other.then(answer(200, {"storage_boxes": [{"id": 1}], "meta": {"pagination": meta}}))
    async with Client(
        server.url, CLOUD_TOKEN, base_urls={"hetzner-api": other.url}, retry=NO_RETRY
    ) as client:
        boxes = [box async for box in client.paginate("/storage_boxes", _family="hetzner-api")]

    assert boxes == [{"id": 1}]
    assert other.received[0].path_qs == "/v1/storage_boxes?per_page=50&page=1"
    assert server.received == []


async def test_a_family_without_credentials_fails_when_used_and_sends_nothing(
    server: ScriptedServer,
) -> None:
    async with Client(server.url, CLOUD_TOKEN, retry=NO_RETRY) as client:
        with pytest.raises(ConfigurationError, match="No robot_user and robot_password") as info:
            await client.get("/server", _family="hetzner-robot")
        await client.get("/servers")
    assert CLOUD_TOKEN not in str(info.value)
    assert len(server.received) == 1


async def test_an_unknown_family_is_refused_before_anything_happens() -> None:
    client = Client("hetzner-cloud", CLOUD_TOKEN)
    try:
        with pytest.raises(InvalidArgumentError, match="unknown API family 'hetzner-clod'"):
            await client.call("GET", "/servers", family="hetzner-clod")
        with pytest.raises(InvalidArgumentError, match="hetzner-cloud, hetzner-api"):
            await client.raw_call("GET", "/servers", family="robot")
        with pytest.raises(InvalidArgumentError):
            client.base_url_for("cloud")
        assert client.base_url is None  # not initialised by any of these
        await client.init()
        with pytest.raises(InvalidArgumentError, match="unknown API family 'hetzner-clod'"):
            await client.call("GET", "/servers", family="hetzner-clod")
        assert client.requests_sent == 0
    finally:
        await client.close()


async def test_base_url_for_tells_each_family_s_base_url_once_resolved(
    server: ScriptedServer,
) -> None:
    client = Client(server.url, CLOUD_TOKEN, base_urls={"hetzner-api": "http://127.0.0.1:9/v1/"})
    assert client.base_url_for("hetzner-api") is None
    async with client:
        assert client.base_url == server.url
        assert client.base_url_for("hetzner-cloud") == server.url
        assert client.base_url_for("hetzner-api") == "http://127.0.0.1:9/v1"
        assert client.base_url_for("hetzner-robot") == "https://robot-ws.your-server.de"


async def test_a_family_call_logs_the_family_s_base_url(
    server: ScriptedServer, other: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="asynchetzner")
    async with Client(
        server.url, CLOUD_TOKEN, base_urls={"hetzner-api": other.url}, retry=NO_RETRY
    ) as client:
        await client.get("/storage_boxes", _family="hetzner-api")

    (record,) = [r for r in caplog.records if r.name == "asynchetzner"]
    assert record.__dict__["baseurl"] == other.url
    assert record.__dict__["url"] == f"{other.url}/storage_boxes"


async def test_each_api_host_spends_its_own_rate_limit_budget(
    server: ScriptedServer,
    other: ScriptedServer,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A spent Cloud budget does not hold back Storage Box calls, which have their own."""
    monkeypatch.setattr("time.time", lambda: 1_000_000.0)
    spent = {"RateLimit-Limit": "3600", "RateLimit-Remaining": "0", "RateLimit-Reset": "1003600"}
    server.then(answer(200, {}, headers=spent))
    base_urls = {"hetzner-api": other.url}
    async with Client(server.url, CLOUD_TOKEN, base_urls=base_urls, retry=NO_RETRY) as client:
        await client.get("/servers")
        await client.get("/storage_boxes", _family="hetzner-api")
        assert sleeps == []
        await client.get("/servers")
    assert sleeps == [1.0]  # the Cloud budget refills one request a second
