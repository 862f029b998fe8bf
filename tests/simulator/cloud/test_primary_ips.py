"""Primary IPs in the simulator: create, assign, unassign, reverse DNS, protection, deletion, and
servers' public addresses as primary IPs."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from asynchetzner import Client
from asynchetzner.simulator import Simulator

from ...conftest import NO_RETRY
from ..conftest import field_names, refused

SPEC_FIELDS = {
    "id",
    "name",
    "labels",
    "created",
    "blocked",
    "location",
    "ip",
    "dns_ptr",
    "protection",
    "type",
    "auto_delete",
    "assignee_type",
    "assignee_id",
}


@pytest.fixture
async def client(simulator: Simulator) -> AsyncIterator[Client]:
    async with simulator.client(retry=NO_RETRY) as connected:
        yield connected


async def server(client: Client, name: str = "web-1", **extra: Any) -> dict[str, Any]:
    """A new server, off (not started), in fsn1 unless told otherwise."""
    body = {"server_type": "cx23", "image": "ubuntu-24.04", "start_after_create": False}
    created: dict[str, Any] = (await client.post("/servers", name=name, **body | extra))["server"]
    return created


async def create(client: Client, name: str = "ip-1", **body: Any) -> dict[str, Any]:
    answer: dict[str, Any] = await client.post(
        "/primary_ips", name=name, **{"type": "ipv4", "location": "fsn1"} | body
    )
    return answer


async def primary_ip(client: Client, ip_id: int) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get(f"/primary_ips/{ip_id}"))["primary_ip"]
    return found


async def public_net(client: Client, server_id: int) -> dict[str, Any]:
    shown: dict[str, Any] = (await client.get(f"/servers/{server_id}"))["server"]["public_net"]
    return shown


async def act(client: Client, ip_id: int, name: str, **body: Any) -> dict[str, Any]:
    action: dict[str, Any] = (await client.post(f"/primary_ips/{ip_id}/actions/{name}", **body))[
        "action"
    ]
    return action


# Create


async def test_an_unassigned_ipv4_in_a_location(client: Client) -> None:
    answer = await create(client, labels={"env": "prod"})
    assert answer["action"] is None
    ip = answer["primary_ip"]
    assert set(ip) == SPEC_FIELDS
    assert ipaddress.ip_address(ip["ip"]) in ipaddress.ip_network("198.18.0.0/15")
    assert ip["dns_ptr"] == [
        {"ip": ip["ip"], "dns_ptr": f"static.{ip['ip']}.clients.your-server.de"}
    ]
    assert (ip["name"], ip["type"], ip["location"]["name"], ip["labels"]) == (
        "ip-1",
        "ipv4",
        "fsn1",
        {"env": "prod"},
    )
    assert (ip["assignee_id"], ip["assignee_type"], ip["auto_delete"]) == (None, "server", False)
    assert ip["protection"] == {"delete": False}
    assert await primary_ip(client, ip["id"]) == ip


async def test_an_ipv6_is_a_slash_64_without_reverse_dns(client: Client) -> None:
    ip = (await create(client, type="ipv6", location="nbg1"))["primary_ip"]
    network = ipaddress.IPv6Network(ip["ip"])
    assert network.prefixlen == 64
    assert network.subnet_of(ipaddress.IPv6Network("2001:db8::/32"))
    assert (ip["dns_ptr"], ip["location"]["name"]) == ([], "nbg1")


async def test_a_location_by_id(client: Client) -> None:
    nbg1 = (await client.get("/locations", name="nbg1"))["locations"][0]
    ip = (await create(client, location=nbg1["id"]))["primary_ip"]
    assert ip["location"] == nbg1


@pytest.mark.parametrize(
    "body",
    [{"location": None}, {"location": "fsn1", "assignee_id": 1}],
    ids=["neither", "both"],
)
async def test_location_or_assignee_exactly(client: Client, body: dict[str, Any]) -> None:
    await server(client)
    error = await refused(create(client, **body), "invalid_input", 422)
    assert set(field_names(error)) == {"location", "assignee_id"}


async def test_the_body_older_hcloud_versions_send_is_taken(client: Client) -> None:
    answer = await create(client, assignee_type="server", assignee_id=None, auto_delete=False)
    assert (answer["primary_ip"]["assignee_id"], answer["action"]) == (None, None)


async def test_a_datacenter_is_not_accepted(client: Client) -> None:
    error = await refused(create(client, datacenter="fsn1-dc14"), "invalid_input", 422)
    assert field_names(error) == ["datacenter"]


async def test_unknown_location_or_server(client: Client) -> None:
    error = await refused(create(client, location="mars1"), "invalid_input", 422)
    assert field_names(error) == ["location"]
    error = await refused(create(client, location=None, assignee_id=99), "invalid_input", 422)
    assert field_names(error) == ["assignee_id"]


async def test_created_for_a_stopped_server_without_assignee_type(client: Client) -> None:
    off = await server(client, location="hel1", public_net={"enable_ipv4": False})
    answer = await create(client, location=None, assignee_id=off["id"], auto_delete=True)
    ip, action = answer["primary_ip"], answer["action"]
    assert (ip["assignee_id"], ip["location"]["name"], ip["auto_delete"]) == (
        off["id"],
        "hel1",
        True,
    )
    assert action["command"] == "assign_primary_ip"
    assert {"id": off["id"], "type": "server"} in action["resources"]
    assert {"id": ip["id"], "type": "primary_ip"} in action["resources"]
    shown = await public_net(client, off["id"])
    assert shown["ipv4"] == {
        "id": ip["id"],
        "ip": ip["ip"],
        "blocked": False,
        "dns_ptr": ip["dns_ptr"][0]["dns_ptr"],
    }


async def test_created_for_a_server_only_when_off_and_free(client: Client) -> None:
    running = await server(client, start_after_create=True)
    await refused(
        create(client, location=None, assignee_id=running["id"]), "server_not_stopped", 422
    )
    off = await server(client, "web-2")  # it has an IPv4 and an IPv6 already
    await refused(create(client, location=None, assignee_id=off["id"]), "server_has_ipv4", 422)
    await refused(
        create(client, type="ipv6", location=None, assignee_id=off["id"], assignee_type="server"),
        "server_has_ipv6",
        422,
    )


# Servers' public addresses


async def test_a_new_server_gets_primary_ips_deleted_with_it(client: Client) -> None:
    created = await server(client)
    net = created["public_net"]
    ips = {ip["type"]: ip for ip in (await client.get("/primary_ips"))["primary_ips"]}
    assert set(ips) == {"ipv4", "ipv6"}
    for type_, ip in ips.items():
        assert ip["name"] == f"primary_ip-{ip['id']}"
        assert (ip["assignee_id"], ip["auto_delete"]) == (created["id"], True)
        assert (net[type_]["id"], net[type_]["ip"]) == (ip["id"], ip["ip"])
    assert net["ipv6"]["dns_ptr"] == []
    assert net["ipv4"]["dns_ptr"] == f"static.{net['ipv4']['ip']}.clients.your-server.de"


async def test_disabled_families_get_no_primary_ip(client: Client) -> None:
    created = await server(client, public_net={"enable_ipv4": False, "enable_ipv6": False})
    assert (created["public_net"]["ipv4"], created["public_net"]["ipv6"]) == (None, None)
    assert (await client.get("/primary_ips"))["primary_ips"] == []


async def test_a_server_takes_the_primary_ips_it_names_and_their_location(client: Client) -> None:
    ipv4 = (await create(client, location="nbg1"))["primary_ip"]
    ipv6 = (await create(client, "ip-2", type="ipv6", location="nbg1"))["primary_ip"]
    created = await server(client, public_net={"ipv4": ipv4["id"], "ipv6": ipv6["id"]})
    assert created["location"]["name"] == "nbg1"
    assert created["public_net"]["ipv4"]["id"] == ipv4["id"]
    assert created["public_net"]["ipv6"]["id"] == ipv6["id"]
    assert (await primary_ip(client, ipv4["id"]))["assignee_id"] == created["id"]
    assert len((await client.get("/primary_ips"))["primary_ips"]) == 2  # no new one


async def test_naming_one_primary_ip_makes_the_other(client: Client) -> None:
    ipv4 = (await create(client))["primary_ip"]
    created = await server(client, public_net={"ipv4": ipv4["id"]})
    made = await primary_ip(client, created["public_net"]["ipv6"]["id"])
    assert (made["type"], made["auto_delete"]) == ("ipv6", True)


async def test_public_net_errors_on_create(client: Client) -> None:
    ipv4 = (await create(client))["primary_ip"]
    elsewhere = (await create(client, "ip-2", location="hel1"))["primary_ip"]
    await refused(
        server(client, public_net={"ipv6": ipv4["id"]}), "primary_ip_version_mismatch", 412
    )
    await refused(
        server(client, location="fsn1", public_net={"ipv4": elsewhere["id"]}),
        "primary_ip_datacenter_mismatch",
        422,
    )
    await server(client, public_net={"ipv4": ipv4["id"]})
    await refused(
        server(client, "web-2", public_net={"ipv4": ipv4["id"]}), "primary_ip_assigned", 422
    )
    error = await refused(server(client, "w3", public_net={"ipv4": 999}), "invalid_input", 422)
    assert field_names(error) == ["public_net.ipv4"]
    error = await refused(
        server(client, "w4", public_net={"ipv4": elsewhere["id"], "enable_ipv4": False}),
        "invalid_input",
        422,
    )
    assert field_names(error) == ["public_net.ipv4"]
    assert (await primary_ip(client, elsewhere["id"]))["assignee_id"] is None


async def test_deleting_a_server_deletes_auto_delete_ips_and_frees_the_others(
    client: Client,
) -> None:
    kept = (await create(client, auto_delete=False))["primary_ip"]
    created = await server(client, public_net={"ipv4": kept["id"]})
    made = created["public_net"]["ipv6"]["id"]
    await client.delete(f"/servers/{created['id']}")
    assert (await primary_ip(client, kept["id"]))["assignee_id"] is None
    await refused(primary_ip(client, made), "not_found", 404)


async def test_the_servers_reverse_dns_is_its_primary_ips(client: Client) -> None:
    created = await server(client)
    net = created["public_net"]
    path = f"/servers/{created['id']}/actions/change_dns_ptr"
    await client.post(path, ip=net["ipv4"]["ip"], dns_ptr="web-1.example.com")
    address = str(ipaddress.ip_network(net["ipv6"]["ip"])[1])
    await client.post(path, ip=address, dns_ptr="web-1.example.com")
    ipv4 = await primary_ip(client, net["ipv4"]["id"])
    assert ipv4["dns_ptr"] == [{"ip": net["ipv4"]["ip"], "dns_ptr": "web-1.example.com"}]
    shown = await public_net(client, created["id"])
    assert shown["ipv6"]["dns_ptr"] == [{"ip": address, "dns_ptr": "web-1.example.com"}]
    error = await refused(client.post(path, ip="10.0.0.1", dns_ptr=None), "invalid_input", 422)
    assert field_names(error) == ["ip"]
    await refused(client.post(path, ip="nonsense", dns_ptr=None), "invalid_input", 422)


# Assign and unassign


async def test_assign_without_assignee_type_then_unassign(client: Client) -> None:
    off = await server(client, public_net={"enable_ipv4": False})
    ip = (await create(client))["primary_ip"]
    action = await act(client, ip["id"], "assign", assignee_id=off["id"])
    assert action["command"] == "assign_primary_ip"
    assert {"id": off["id"], "type": "server"} in action["resources"]
    assert (await primary_ip(client, ip["id"]))["assignee_id"] == off["id"]
    assert (await public_net(client, off["id"]))["ipv4"]["id"] == ip["id"]
    action = await act(client, ip["id"], "unassign")
    assert action["command"] == "unassign_primary_ip"
    assert (await primary_ip(client, ip["id"]))["assignee_id"] is None
    assert (await public_net(client, off["id"]))["ipv4"] is None


async def test_assign_refusals(client: Client) -> None:
    ip = (await create(client))["primary_ip"]
    running = await server(
        client, "run", start_after_create=True, public_net={"enable_ipv4": False}
    )
    await refused(
        act(client, ip["id"], "assign", assignee_id=running["id"]), "server_not_stopped", 422
    )
    full = await server(client, "full")
    await refused(act(client, ip["id"], "assign", assignee_id=full["id"]), "server_has_ipv4", 422)
    far = await server(client, "far", location="hel1", public_net={"enable_ipv4": False})
    await refused(
        act(client, ip["id"], "assign", assignee_id=far["id"]),
        "primary_ip_datacenter_mismatch",
        422,
    )
    error = await refused(act(client, ip["id"], "assign", assignee_id=999), "invalid_input", 422)
    assert field_names(error) == ["assignee_id"]
    error = await refused(
        act(client, ip["id"], "assign", assignee_id=1, assignee_type="lb"), "invalid_input", 422
    )
    assert field_names(error) == ["assignee_type"]
    held = full["public_net"]["ipv4"]["id"]
    free = await server(client, "free", public_net={"enable_ipv4": False})
    await refused(
        act(client, held, "assign", assignee_id=free["id"]), "primary_ip_already_assigned", 422
    )


async def test_unassign_needs_the_server_off_and_is_idle_when_unassigned(client: Client) -> None:
    running = await server(client, start_after_create=True)
    held = running["public_net"]["ipv4"]["id"]
    await refused(act(client, held, "unassign"), "server_not_stopped", 422)
    ip = (await create(client))["primary_ip"]
    action = await act(client, ip["id"], "unassign")
    assert action["resources"] == [{"id": ip["id"], "type": "primary_ip"}]


async def test_an_assignment_lands_with_its_action_and_locks_the_server(
    make_simulator: Callable[..., Simulator],
) -> None:
    now = [1_800_000_000.0]
    async with (
        make_simulator(action_seconds=10.0, clock=lambda: now[0]) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        off = await server(client, public_net={"enable_ipv4": False})
        now[0] += 10
        first = (await create(client, "a"))["primary_ip"]
        second = (await create(client, "b"))["primary_ip"]
        await act(client, first["id"], "assign", assignee_id=off["id"])
        assert (await primary_ip(client, first["id"]))["assignee_id"] is None
        await refused(act(client, second["id"], "assign", assignee_id=off["id"]), "locked", 423)
        await refused(act(client, first["id"], "unassign"), "locked", 423)
        now[0] += 10
        assert (await primary_ip(client, first["id"]))["assignee_id"] == off["id"]


# Reverse DNS


async def test_ipv4_reverse_dns_is_set_and_reset(client: Client) -> None:
    ip = (await create(client))["primary_ip"]
    default = ip["dns_ptr"]
    await act(client, ip["id"], "change_dns_ptr", ip=ip["ip"], dns_ptr="mail.example.com")
    changed = await primary_ip(client, ip["id"])
    assert changed["dns_ptr"] == [{"ip": ip["ip"], "dns_ptr": "mail.example.com"}]
    await act(client, ip["id"], "change_dns_ptr", ip=ip["ip"], dns_ptr=None)
    assert (await primary_ip(client, ip["id"]))["dns_ptr"] == default
    other = str(ipaddress.ip_address(ip["ip"]) + 1)
    error = await refused(
        act(client, ip["id"], "change_dns_ptr", ip=other, dns_ptr="x.example"), "invalid_input", 422
    )
    assert field_names(error) == ["ip"]


async def test_ipv6_reverse_dns_entries_are_added_and_removed(client: Client) -> None:
    ip = (await create(client, type="ipv6"))["primary_ip"]
    network = ipaddress.ip_network(ip["ip"])
    first, second = str(network[1]), str(network[2])
    for address in (first, second):
        await act(client, ip["id"], "change_dns_ptr", ip=address, dns_ptr=f"{address[-1]}.example")
    await act(client, ip["id"], "change_dns_ptr", ip=first, dns_ptr=None)
    assert (await primary_ip(client, ip["id"]))["dns_ptr"] == [
        {"ip": second, "dns_ptr": "2.example"}
    ]
    await refused(
        act(client, ip["id"], "change_dns_ptr", ip="2001:db9::1", dns_ptr="a.b"),
        "invalid_input",
        422,
    )
    await refused(
        act(client, ip["id"], "change_dns_ptr", ip="::g", dns_ptr="a.b"), "invalid_input", 422
    )


async def test_an_ipv6_network_takes_at_most_100_reverse_dns_entries(
    client: Client, simulator: Simulator
) -> None:
    ip = (await create(client, type="ipv6"))["primary_ip"]
    network = ipaddress.ip_network(ip["ip"])
    entity = simulator.project.store.table("primary_ip")[ip["id"]]
    entity["dns_ptr"] = [{"ip": str(network[i]), "dns_ptr": "a.example"} for i in range(1, 101)]
    error = await refused(
        act(client, ip["id"], "change_dns_ptr", ip=str(network[101]), dns_ptr="b.example"),
        "invalid_input",
        422,
    )
    assert field_names(error) == ["ip"]
    await act(client, ip["id"], "change_dns_ptr", ip=str(network[1]), dns_ptr="c.example")


# Update, protection, deletion


async def test_update_changes_name_labels_and_auto_delete(client: Client) -> None:
    ip = (await create(client))["primary_ip"]
    path = f"/primary_ips/{ip['id']}"
    updated = await client.put(path, name="renamed", labels={"a": "b"}, auto_delete=True)
    assert {k: updated["primary_ip"][k] for k in ("name", "labels", "auto_delete")} == {
        "name": "renamed",
        "labels": {"a": "b"},
        "auto_delete": True,
    }
    await create(client, "other")
    await refused(client.put(path, name="other"), "uniqueness_error", 409)


async def test_an_assigned_ip_must_be_unassigned_before_deletion(client: Client) -> None:
    off = await server(client)
    held = off["public_net"]["ipv4"]["id"]
    await refused(client.delete(f"/primary_ips/{held}"), "must_be_unassigned", 422)
    await act(client, held, "unassign")
    await client.delete(f"/primary_ips/{held}")
    await refused(primary_ip(client, held), "not_found", 404)


async def test_protection_needs_auto_delete_off_and_refuses_deletion(client: Client) -> None:
    ip = (await create(client, auto_delete=True))["primary_ip"]
    error = await refused(
        act(client, ip["id"], "change_protection", delete=True), "invalid_input", 422
    )
    assert field_names(error) == ["delete"]
    await client.put(f"/primary_ips/{ip['id']}", auto_delete=False)
    await act(client, ip["id"], "change_protection", delete=True)
    assert (await primary_ip(client, ip["id"]))["protection"] == {"delete": True}
    await refused(client.delete(f"/primary_ips/{ip['id']}"), "protected", 423)
    await act(client, ip["id"], "change_protection", delete=False)
    await client.delete(f"/primary_ips/{ip['id']}")


# Lists and actions


async def test_lists_filter_by_ip_name_and_labels(client: Client) -> None:
    first = (await create(client, labels={"env": "prod"}))["primary_ip"]
    await create(client, "ip-2", type="ipv6")
    assert [
        ip["id"] for ip in (await client.get("/primary_ips", ip=first["ip"]))["primary_ips"]
    ] == [first["id"]]
    assert [
        ip["name"] for ip in (await client.get("/primary_ips", name="ip-2"))["primary_ips"]
    ] == ["ip-2"]
    selected = (await client.get("/primary_ips", label_selector="env=prod"))["primary_ips"]
    assert [ip["id"] for ip in selected] == [first["id"]]
    newest = (await client.get("/primary_ips", sort="created:desc"))["primary_ips"]
    assert len(newest) == 2


async def test_action_reads(client: Client) -> None:
    ip = (await create(client))["primary_ip"]
    action = await act(client, ip["id"], "change_protection", delete=True)
    assert [a["id"] for a in (await client.get("/primary_ips/actions"))["actions"]] == [
        action["id"]
    ]
    assert (await client.get(f"/primary_ips/actions/{action['id']}"))["action"]["id"] == action[
        "id"
    ]
    listed = (await client.get(f"/primary_ips/{ip['id']}/actions"))["actions"]
    assert [a["command"] for a in listed] == ["change_protection"]
    one = await client.get(f"/primary_ips/{ip['id']}/actions/{action['id']}")
    assert one["action"]["id"] == action["id"]


async def test_no_answer_names_a_datacenter(client: Client, simulator: Simulator) -> None:
    off = await server(client)
    answers = [
        await create(client),
        await client.get("/primary_ips"),
        await client.get(f"/servers/{off['id']}"),
        await client.post("/servers", name="web-2", server_type="cx23", image="ubuntu-24.04"),
    ]
    assert all("datacenter" not in json.dumps(answer) for answer in answers)
