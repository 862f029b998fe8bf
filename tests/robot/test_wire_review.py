"""Every typed Robot helper against a scripted server that answers like Robot's documentation
(robot.hetzner.com/doc/webservice): the exact method, path, query and form it sends, and how it
reads the documented answers, codes and limits."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl

import pytest

from asynchetzner import (
    AuthenticationError,
    Client,
    ConflictError,
    InvalidArgumentError,
    NotFoundError,
    RateLimitExceeded,
    RetryPolicy,
    ServerError,
)
from asynchetzner.robot import RobotClient, RobotServer

from ..conftest import NO_RETRY, ScriptedServer, answer

USER, PASSWORD = "#ws+Rv12", "review-web-service-pw"
SUMMARY = {"server_ip": "123.123.123.123", "server_ipv6_net": "2a01:4f8:111:4221::",
           "server_number": 321}  # fmt: skip
SERVER = {**SUMMARY, "server_name": "server1", "product": "EQ 8", "dc": "NBG1-DC1",
          "traffic": "5 TB", "status": "ready", "cancelled": False, "paid_until": "2010-08-04",
          "ip": ["123.123.123.123"], "subnet": None}  # fmt: skip
ADDRESS = {"ip": "123.123.123.123", "server_ip": "123.123.123.123", "server_number": 321,
           "locked": False, "traffic_warnings": False, "traffic_hourly": 50,
           "traffic_daily": 50, "traffic_monthly": 8}  # fmt: skip
SUBNET = {**ADDRESS, "ip": "2a01:4f8:111:4221::", "mask": 64, "failover": False}
FAILOVER = {"ip": "123.123.123.200", "netmask": "255.255.255.255", "server_ip": "78.46.1.93",
            "server_ipv6_net": "2a01:4f8:d0a:2003::", "server_number": 321,
            "active_server_ip": "78.46.1.93"}  # fmt: skip
KEY = {"name": "key1", "fingerprint": "56:29:99:a4", "type": "ED25519", "size": 256,
       "data": "ssh-ed25519 AAAA", "created_at": "2021-12-31 23:59:59"}  # fmt: skip
FIREWALL = {**SUMMARY, "status": "in process", "filter_ipv6": False, "whitelist_hos": True,
            "port": "main", "rules": {"input": [], "output": []}}  # fmt: skip
TEMPLATE = {"id": 123, "name": "t", "filter_ipv6": False, "whitelist_hos": True,
            "is_default": False}  # fmt: skip
VSWITCH = {"id": 4321, "name": "my vSwitch", "vlan": 4000, "cancelled": False}
BOOT = {**SUMMARY, "active": True, "password": "jEt0dtUvomlyOwRr", "authorized_key": [],
        "host_key": []}  # fmt: skip
CANCELLATION = {**SUMMARY, "server_name": "server1", "earliest_cancellation_date": "2014-04-15",
                "cancelled": True, "reserved": False, "reservation_possible": False,
                "cancellation_date": "2014-04-15", "cancellation_reason": None}  # fmt: skip

Call = Callable[[RobotClient], Awaitable[Any]]


def robot_error(status: int, code: str, message: str = "failed", **extra: Any) -> Any:
    return answer(status, {"error": {"status": status, "code": code, "message": message, **extra}})


@pytest.fixture
async def robot(server: ScriptedServer) -> AsyncIterator[Client]:
    client = Client(
        "hetzner-robot",
        robot_user=USER,
        robot_password=PASSWORD,
        base_urls={"hetzner-robot": server.url.removesuffix("/v1")},
        retry=NO_RETRY,
    )
    async with client:
        yield client


rules = {"input": [{"name": "rule 1", "ip_version": "ipv4", "src_ip": "1.1.1.1",
                    "dst_port": "80", "action": "accept"}],
         "output": [{"name": "Allow all", "action": "accept"}]}  # fmt: skip
RULE_FORM = [
    ("rules[input][0][name]", "rule 1"),
    ("rules[input][0][ip_version]", "ipv4"),
    ("rules[input][0][src_ip]", "1.1.1.1"),
    ("rules[input][0][dst_port]", "80"),
    ("rules[input][0][action]", "accept"),
    ("rules[output][0][name]", "Allow all"),
    ("rules[output][0][action]", "accept"),
]

# (call, documented answer, method, path and query, form pairs or None for no body)
CASES: list[tuple[str, Call, Any, str, str, list[tuple[str, str]] | None]] = [
    ("servers.list", lambda r: r.servers.list(), [{"server": SERVER}], "GET", "/server", None),
    ("servers.get", lambda r: r.servers.get(321), {"server": SERVER}, "GET", "/server/321", None),
    ("servers.rename", lambda r: r.servers.rename(321, "server 1"), {"server": SERVER},
     "POST", "/server/321", [("server_name", "server 1")]),
    ("reset.list", lambda r: r.reset.list(), [{"reset": {**SUMMARY, "type": ["sw", "hw"]}}],
     "GET", "/reset", None),
    ("reset.options", lambda r: r.reset.options(321),
     {"reset": {**SUMMARY, "type": ["sw"], "operating_status": "not supported"}},
     "GET", "/reset/321", None),
    ("reset.execute", lambda r: r.reset.execute(321, "power_long"),
     {"reset": {"server_ip": "123.123.123.123", "type": "power_long"}},
     "POST", "/reset/321", [("type", "power_long")]),
    ("wol.options", lambda r: r.wol.options(321), {"wol": SUMMARY}, "GET", "/wol/321", None),
    ("wol.send", lambda r: r.wol.send(321), {"wol": SUMMARY}, "POST", "/wol/321", None),
    ("boot.get", lambda r: r.boot.get(321), {"boot": {"rescue": None}}, "GET", "/boot/321",
     None),
    ("boot.rescue", lambda r: r.boot.rescue(321), {"rescue": {**BOOT, "os": ["linux"]}},
     "GET", "/boot/321/rescue", None),
    ("boot.activate_rescue",
     lambda r: r.boot.activate_rescue(321, "vkvm", authorized_keys=["aa:bb", "cc:dd"],
                                      keyboard="de"),
     {"rescue": {**BOOT, "os": "vkvm"}}, "POST", "/boot/321/rescue",
     [("os", "vkvm"), ("keyboard", "de"), ("authorized_key[]", "aa:bb"),
      ("authorized_key[]", "cc:dd")]),
    ("boot.deactivate_rescue", lambda r: r.boot.deactivate_rescue(321),
     {"rescue": {**BOOT, "active": False, "password": None}}, "DELETE", "/boot/321/rescue", None),
    ("boot.last_rescue", lambda r: r.boot.last_rescue(321), {"rescue": {**BOOT, "os": "linux"}},
     "GET", "/boot/321/rescue/last", None),
    ("boot.linux", lambda r: r.boot.linux(321), {"linux": {**BOOT, "dist": ["Debian"]}},
     "GET", "/boot/321/linux", None),
    ("boot.activate_linux", lambda r: r.boot.activate_linux(321, "Debian 12", "en",
                                                            authorized_keys="aa:bb"),
     {"linux": {**BOOT, "dist": "Debian 12"}}, "POST", "/boot/321/linux",
     [("dist", "Debian 12"), ("lang", "en"), ("authorized_key[]", "aa:bb")]),
    ("boot.deactivate_linux", lambda r: r.boot.deactivate_linux(321),
     {"linux": {**BOOT, "active": False}}, "DELETE", "/boot/321/linux", None),
    ("boot.vnc", lambda r: r.boot.vnc(321), {"vnc": {**BOOT, "dist": ["x"]}}, "GET",
     "/boot/321/vnc", None),
    ("boot.activate_vnc", lambda r: r.boot.activate_vnc(321, "centOS-5.0", "en_US"),
     {"vnc": {**BOOT, "dist": "centOS-5.0"}}, "POST", "/boot/321/vnc",
     [("dist", "centOS-5.0"), ("lang", "en_US")]),
    ("boot.deactivate_vnc", lambda r: r.boot.deactivate_vnc(321), {"vnc": BOOT}, "DELETE",
     "/boot/321/vnc", None),
    ("boot.windows", lambda r: r.boot.windows(321), {"windows": BOOT}, "GET",
     "/boot/321/windows", None),
    ("boot.activate_windows", lambda r: r.boot.activate_windows(321, "de"),
     {"windows": {**BOOT, "dist": "standard"}}, "POST", "/boot/321/windows", [("lang", "de")]),
    ("boot.deactivate_windows", lambda r: r.boot.deactivate_windows(321), {"windows": BOOT},
     "DELETE", "/boot/321/windows", None),
    ("ips.list", lambda r: r.ips.list("123.123.123.123"), [{"ip": ADDRESS}], "GET",
     "/ip?server_ip=123.123.123.123", None),
    ("ips.get", lambda r: r.ips.get("123.123.123.123"), {"ip": ADDRESS}, "GET",
     "/ip/123.123.123.123", None),
    ("ips.set_traffic_warnings",
     lambda r: r.ips.set_traffic_warnings("123.123.123.123", True, hourly=200, daily=2000,
                                          monthly=20),
     {"ip": ADDRESS}, "POST", "/ip/123.123.123.123",
     [("traffic_hourly", "200"), ("traffic_daily", "2000"), ("traffic_monthly", "20"),
      ("traffic_warnings", "true")]),
    ("subnets.list", lambda r: r.subnets.list(), [{"subnet": SUBNET}], "GET", "/subnet", None),
    ("subnets.get", lambda r: r.subnets.get("2a01:4f8:111:4221::/64"), {"subnet": SUBNET},
     "GET", "/subnet/2a01:4f8:111:4221::", None),
    ("subnets.set_traffic_warnings",
     lambda r: r.subnets.set_traffic_warnings("2a01:4f8:111:4221::", False),
     {"subnet": SUBNET}, "POST", "/subnet/2a01:4f8:111:4221::",
     [("traffic_warnings", "false")]),
    ("failover.list", lambda r: r.failover.list(), [{"failover": FAILOVER}], "GET",
     "/failover", None),
    ("failover.get", lambda r: r.failover.get("2a01:4f8:fff1::"), {"failover": FAILOVER},
     "GET", "/failover/2a01:4f8:fff1::", None),
    ("failover.switch", lambda r: r.failover.switch("123.123.123.200", "124.124.124.124"),
     {"failover": FAILOVER}, "POST", "/failover/123.123.123.200",
     [("active_server_ip", "124.124.124.124")]),
    ("failover.unroute", lambda r: r.failover.unroute("123.123.123.200"),
     {"failover": {**FAILOVER, "active_server_ip": None}}, "DELETE",
     "/failover/123.123.123.200", None),
    ("rdns.list", lambda r: r.rdns.list("123.123.123.123"),
     [{"rdns": {"ip": "123.123.123.123", "ptr": "testen.de"}}], "GET",
     "/rdns?server_ip=123.123.123.123", None),
    ("rdns.get", lambda r: r.rdns.get("123.123.123.123"),
     {"rdns": {"ip": "123.123.123.123", "ptr": "testen.de"}}, "GET", "/rdns/123.123.123.123",
     None),
    ("rdns.set", lambda r: r.rdns.set("123.123.123.123", "testen.de"),
     {"rdns": {"ip": "123.123.123.123", "ptr": "testen.de"}}, "POST", "/rdns/123.123.123.123",
     [("ptr", "testen.de")]),
    ("rdns.delete", lambda r: r.rdns.delete("123.123.123.123"), None, "DELETE",
     "/rdns/123.123.123.123", None),
    ("keys.list", lambda r: r.keys.list(), [{"key": KEY}], "GET", "/key", None),
    ("keys.get", lambda r: r.keys.get("56:29:99:a4"), {"key": KEY}, "GET", "/key/56:29:99:a4",
     None),
    ("keys.create", lambda r: r.keys.create("NewKey", "ssh-rsa AAAAB3NzaC1yc+"), {"key": KEY},
     "POST", "/key", [("name", "NewKey"), ("data", "ssh-rsa AAAAB3NzaC1yc+")]),
    ("keys.rename", lambda r: r.keys.rename("56:29:99:a4", "MyTestKey"), {"key": KEY}, "POST",
     "/key/56:29:99:a4", [("name", "MyTestKey")]),
    ("keys.delete", lambda r: r.keys.delete("56:29:99:a4"), None, "DELETE",
     "/key/56:29:99:a4", None),
    ("firewall.get", lambda r: r.firewall.get(321), {"firewall": FIREWALL}, "GET",
     "/firewall/321", None),
    ("firewall.set", lambda r: r.firewall.set(321, rules=rules, whitelist_hos=True),
     {"firewall": FIREWALL}, "POST", "/firewall/321",
     [("whitelist_hos", "true"), *RULE_FORM, ("status", "active")]),
    ("firewall.set template", lambda r: r.firewall.set(321, status="disabled", template=123),
     {"firewall": FIREWALL}, "POST", "/firewall/321",
     [("status", "disabled"), ("template_id", "123")]),
    ("firewall.clear", lambda r: r.firewall.clear(321), {"firewall": FIREWALL}, "DELETE",
     "/firewall/321", None),
    ("firewall_templates.list", lambda r: r.firewall_templates.list(),
     [{"firewall_template": TEMPLATE}], "GET", "/firewall/template", None),
    ("firewall_templates.get", lambda r: r.firewall_templates.get(123),
     {"firewall_template": TEMPLATE}, "GET", "/firewall/template/123", None),
    ("firewall_templates.create",
     lambda r: r.firewall_templates.create("My new template", rules=rules),
     {"firewall_template": TEMPLATE}, "POST", "/firewall/template",
     [("filter_ipv6", "false"), ("whitelist_hos", "true"), *RULE_FORM,
      ("name", "My new template"), ("is_default", "false")]),
    ("firewall_templates.update",
     lambda r: r.firewall_templates.update(123, name="renamed", is_default=True),
     {"firewall_template": TEMPLATE}, "POST", "/firewall/template/123",
     [("name", "renamed"), ("is_default", "true")]),
    ("firewall_templates.delete", lambda r: r.firewall_templates.delete(123), None, "DELETE",
     "/firewall/template/123", None),
    ("vswitches.list", lambda r: r.vswitches.list(), [VSWITCH], "GET", "/vswitch", None),
    ("vswitches.get", lambda r: r.vswitches.get(4321), {**VSWITCH, "server": []}, "GET",
     "/vswitch/4321", None),
    ("vswitches.create", lambda r: r.vswitches.create("my vSwitch", 4000),
     {**VSWITCH, "server": [], "subnet": [], "cloud_network": []}, "POST", "/vswitch",
     [("name", "my vSwitch"), ("vlan", "4000")]),
    ("vswitches.update", lambda r: r.vswitches.update(4321, "my new name", 4001), None, "POST",
     "/vswitch/4321", [("name", "my new name"), ("vlan", "4001")]),
    ("vswitches.cancel", lambda r: r.vswitches.cancel(4321, "2018-06-30"), None, "DELETE",
     "/vswitch/4321", [("cancellation_date", "2018-06-30")]),
    ("vswitches.add_servers", lambda r: r.vswitches.add_servers(4321, [321, 421]), None, "POST",
     "/vswitch/4321/server", [("server[]", "321"), ("server[]", "421")]),
    ("vswitches.remove_servers", lambda r: r.vswitches.remove_servers(4321, [321]), None,
     "DELETE", "/vswitch/4321/server", [("server[]", "321")]),
    ("cancellation.get", lambda r: r.cancellation.get(321),
     {"cancellation": {**CANCELLATION, "cancelled": False}}, "GET", "/server/321/cancellation",
     None),
    ("cancellation.cancel",
     lambda r: r.cancellation.cancel(321, "2014-04-15", reason="Server too expensive",
                                     reserve_location=False, allow_cancellation=True),
     {"cancellation": CANCELLATION}, "POST", "/server/321/cancellation",
     [("cancellation_date", "2014-04-15"), ("cancellation_reason", "Server too expensive"),
      ("reserve_location", "false")]),
    ("cancellation.withdraw", lambda r: r.cancellation.withdraw(321), None, "DELETE",
     "/server/321/cancellation", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "documented", "method", "path_qs", "form"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
async def test_each_helper_sends_what_robot_documents(
    server: ScriptedServer,
    robot: Client,
    call: Call,
    documented: Any,
    method: str,
    path_qs: str,
    form: list[tuple[str, str]] | None,
) -> None:
    server.then(answer(200, documented))
    await call(robot.robot)
    (seen,) = server.received
    assert (seen.method, seen.path_qs) == (method, path_qs)
    assert seen.headers["Accept"] == "application/json"
    assert seen.headers["Authorization"].startswith("Basic ")
    if form is None:
        assert seen.body == b""
        assert "Content-Type" not in seen.headers
    else:
        assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert parse_qsl(seen.body.decode(), keep_blank_values=True) == form


def test_every_public_helper_has_a_case() -> None:
    api = Client("hetzner-robot", robot_user=USER, robot_password=PASSWORD).robot
    areas = [name for name, kind in vars(RobotClient).items() if isinstance(kind, cached_property)]
    helpers = {
        f"{area}.{name}"
        for area in areas
        for name, _ in inspect.getmembers(type(getattr(api, area)), inspect.iscoroutinefunction)
        if not name.startswith("_")
    }
    assert helpers - {case[0].split(" ")[0] for case in CASES} == set()


async def test_an_rdns_entry_created_by_post_answers_201(
    server: ScriptedServer, robot: Client
) -> None:
    server.then(answer(201, {"rdns": {"ip": "123.123.123.123", "ptr": "testen.de"}}))
    entry = await robot.robot.rdns.set("123.123.123.123", "testen.de")
    assert (entry.ip, entry.ptr) == ("123.123.123.123", "testen.de")


async def test_a_documented_inactive_configuration_reads_as_options(
    server: ScriptedServer, robot: Client
) -> None:
    options = {**SUMMARY, "os": ["linux", "vkvm"], "arch": [64, 32], "active": False,
               "password": None, "authorized_key": [], "host_key": []}  # fmt: skip
    server.then(answer(200, {"rescue": options}))
    rescue = await robot.robot.boot.rescue(321)
    assert (rescue.active, rescue.os, rescue.password) == (False, ["linux", "vkvm"], None)


async def test_a_failover_switch_by_number_looks_the_server_up_first(
    server: ScriptedServer, robot: Client
) -> None:
    server.then(answer(200, {"server": {**SERVER, "server_ip": "124.124.124.124"}}),
                answer(200, {"failover": FAILOVER}))  # fmt: skip
    await robot.robot.failover.switch("123.123.123.200", 421)
    assert [(seen.method, seen.path_qs) for seen in server.received] == [
        ("GET", "/server/421"),
        ("POST", "/failover/123.123.123.200"),
    ]
    assert server.received[1].body == b"active_server_ip=124.124.124.124"


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (404, "SERVER_NOT_FOUND", NotFoundError),
        (404, "BOOT_NOT_AVAILABLE", NotFoundError),
        (404, "WOL_NOT_AVAILABLE", NotFoundError),
        (404, "FAILOVER_NEW_SERVER_NOT_FOUND", NotFoundError),
        (409, "RESET_MANUAL_ACTIVE", ConflictError),
        (409, "FAILOVER_LOCKED", ConflictError),
        (409, "FIREWALL_IN_PROCESS", ConflictError),
        (409, "VSWITCH_IN_PROCESS", ConflictError),
        (409, "SERVER_CANCELLATION_RESERVE_LOCATION_FALSE_ONLY", ConflictError),
        (500, "BOOT_ACTIVATION_FAILED", ServerError),
        (500, "FAILOVER_NOT_COMPLETE", ServerError),
    ],
)
async def test_documented_codes_raise_by_their_status_and_are_not_retried(
    server: ScriptedServer, status: int, code: str, error: type[Exception]
) -> None:
    server.then(robot_error(status, code, "documented"))
    client = Client(
        "hetzner-robot",
        robot_user=USER,
        robot_password=PASSWORD,
        base_urls={"hetzner-robot": server.url.removesuffix("/v1")},
    )
    async with client:
        with pytest.raises(error) as raised:
            await client.robot.reset.execute(321, "hw")
    assert (getattr(raised.value, "code", None), getattr(raised.value, "status", None)) == (
        code,
        status,
    )
    assert len(server.received) == 1  # Robot's codes mean what they say: nothing to retry


async def test_a_failed_login_is_sent_once_and_later_calls_are_not_sent(
    server: ScriptedServer, robot: Client
) -> None:
    server.then(robot_error(401, "UNAUTHORIZED", "Unauthorized"))
    with pytest.raises(AuthenticationError):
        await robot.robot.servers.list()
    with pytest.raises(AuthenticationError, match="not sent"):
        await robot.robot.reset.execute(321, "hw")
    assert len(server.received) == 1


async def test_a_rate_limit_beyond_backoff_cap_is_raised_with_its_interval(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.then(robot_error(403, "RATE_LIMIT_EXCEEDED", "rate limit exceeded", max_request=10,
                            interval=3600))  # fmt: skip
    client = Client(
        "hetzner-robot",
        robot_user=USER,
        robot_password=PASSWORD,
        base_urls={"hetzner-robot": server.url.removesuffix("/v1")},
        retry=RetryPolicy(backoff_cap=3599.0),
    )
    async with client:
        with pytest.raises(RateLimitExceeded) as limited:
            await client.robot.wol.send(321)
    assert (limited.value.status, limited.value.retry_after) == (403, 3600.0)
    assert sleeps == []
    assert len(server.received) == 1


async def test_a_rate_limit_within_backoff_cap_waits_its_interval_then_resends(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.then(
        robot_error(403, "RATE_LIMIT_EXCEEDED", "rate limit exceeded", max_request=50,
                    interval=3600),
        answer(200, {"reset": {**SUMMARY, "type": "hw"}}),
    )  # fmt: skip
    client = Client(
        "hetzner-robot",
        robot_user=USER,
        robot_password=PASSWORD,
        base_urls={"hetzner-robot": server.url.removesuffix("/v1")},
        retry=RetryPolicy(backoff_cap=3600.0),
    )
    async with client:
        assert (await client.robot.reset.execute(321, "hw")).type == "hw"
    assert sleeps == [3600.0]
    assert [seen.body for seen in server.received] == [b"type=hw", b"type=hw"]


async def test_a_template_with_rules_is_refused_before_sending(
    server: ScriptedServer, robot: Client
) -> None:
    with pytest.raises(InvalidArgumentError, match="template"):
        await robot.robot.firewall.set(321, template=123, rules=rules)
    with pytest.raises(InvalidArgumentError, match="template"):
        await robot.robot.firewall.set(321, template=123, whitelist_hos=False)
    assert server.received == []


@pytest.mark.parametrize(
    "refusal",
    [
        answer(401, text="<html><body>401 Unauthorized</body></html>", content_type="text/html"),
        answer(401),
        robot_error(401, "UNAUTHORIZED", "Unauthorized"),
    ],
    ids=["html", "empty", "json"],
)
async def test_any_401_is_one_failed_login_whatever_its_body(
    server: ScriptedServer, robot: Client, refusal: Any
) -> None:
    server.then(refusal)
    with pytest.raises(AuthenticationError) as refused:
        await robot.robot.servers.list()
    assert refused.value.status == 401
    for _ in range(3):  # Robot blocks the address after three: these are not sent
        with pytest.raises(AuthenticationError, match="not sent"):
            await robot.robot.servers.get(321)
    assert len(server.received) == 1


async def test_an_ipv6_only_server_is_no_filter_for_its_addresses(
    server: ScriptedServer, robot: Client
) -> None:
    server.then(answer(200, {"server": {**SERVER, "server_ip": None}}))
    ipv6_only = await robot.robot.servers.get(321)
    with pytest.raises(InvalidArgumentError, match="no main IP"):
        await robot.robot.ips.list(ipv6_only)
    with pytest.raises(InvalidArgumentError, match="no main IP"):
        await robot.robot.subnets.list(ipv6_only)
    assert len(server.received) == 1  # nothing listed the account's every address instead


async def test_an_ipv6_failover_net_is_switched_to_the_servers_ipv6_net(
    server: ScriptedServer, robot: Client
) -> None:
    failover = {**FAILOVER, "ip": "2a01:4f8:fff1::", "netmask": "ffff:ffff:ffff:ffff::"}
    server.then(
        answer(200, {"server": {**SERVER, "server_ipv6_net": "2a01:4f8:0:5176::"}}),
        answer(200, {"failover": {**failover, "active_server_ip": "2a01:4f8:0:5176::"}}),
        answer(200, {"failover": failover}),
    )
    moved = await robot.robot.failover.switch("2a01:4f8:fff1::", 421)
    assert moved.active_server_ip == "2a01:4f8:0:5176::"
    target = {**SERVER, "server_ipv6_net": "2a01:4f8:0:9999::"}
    await robot.robot.failover.switch("2a01:4f8:fff1::", RobotServer(robot, target))
    assert [(seen.method, seen.path_qs, seen.body) for seen in server.received] == [
        ("GET", "/server/421", b""),
        ("POST", "/failover/2a01:4f8:fff1::", b"active_server_ip=2a01%3A4f8%3A0%3A5176%3A%3A"),
        ("POST", "/failover/2a01:4f8:fff1::", b"active_server_ip=2a01%3A4f8%3A0%3A9999%3A%3A"),
    ]
