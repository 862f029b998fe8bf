"""Networks: create, list, get, update, delete, and the attach/detach helpers servers use."""

from __future__ import annotations

import re
from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.cloud.networks import (
    prepare_attach,
    prepare_change_alias_ips,
    prepare_detach,
)
from asynchetzner.simulator.engine.errors import SimulatorError
from asynchetzner.simulator.engine.project import Project

CLOUD = {"type": "cloud", "network_zone": "eu-central"}


@pytest.fixture
def project(simulator: Simulator) -> Project:
    return simulator.project


async def create(
    client: asynchetzner.Client, name: str = "net", ip_range: str = "10.0.0.0/16", **body: Any
) -> dict[str, Any]:
    network: dict[str, Any] = (
        await client.post("/networks", name=name, ip_range=ip_range, **body)
    )["network"]
    return network


def add_server(project: Project, server_id: int, zone: str = "eu-central") -> dict[str, Any]:
    """A server as far as networks care: id, network zone, private networks."""
    server: dict[str, Any] = {
        "id": server_id,
        "location": {"network_zone": zone},
        "private_net": [],
    }
    project.store.table("server")[server_id] = server
    return server


def attach(
    project: Project,
    server: dict[str, Any],
    network_id: int,
    ip: str | None = None,
    alias_ips: tuple[str, ...] = (),
    ip_range: str | None = None,
) -> dict[str, Any]:
    """Attach now and return the server's new ``private_net`` entry."""
    prepare_attach(project, server, network_id, ip, list(alias_ips), ip_range)()
    entry: dict[str, Any] = server["private_net"][-1]
    return entry


def field_names(error: asynchetzner.APIError | SimulatorError) -> list[str]:
    return [field["name"] for field in error.details["fields"]]


def refused(code: str, call: Any, *args: Any) -> SimulatorError:
    """Call ``call(*args)``, expecting a ``SimulatorError`` with ``code``."""
    with pytest.raises(SimulatorError) as caught:
        call(*args)
    assert caught.value.code == code, caught.value.message
    return caught.value


# Create


async def test_create_answers_a_bare_network(client: asynchetzner.Client) -> None:
    network = await create(client)
    assert network == {
        "id": network["id"],
        "name": "net",
        "ip_range": "10.0.0.0/16",
        "subnets": [],
        "routes": [],
        "servers": [],
        "load_balancers": [],
        "protection": {"delete": False},
        "labels": {},
        "created": network["created"],
        "expose_routes_to_vswitch": False,
    }
    assert (await client.get(f"/networks/{network['id']}"))["network"] == network


async def test_create_places_subnets_and_their_gateways(client: asynchetzner.Client) -> None:
    network = await create(
        client,
        labels={"env": "prod"},
        expose_routes_to_vswitch=True,
        subnets=[
            CLOUD,
            {**CLOUD, "ip_range": "10.0.0.0/24"},
            {"type": "server", "ip_range": "10.0.8.0/22", "network_zone": "us-east"},
            {
                "type": "vswitch",
                "ip_range": "10.0.20.0/24",
                "network_zone": "eu-central",
                "vswitch_id": 1000,
            },
        ],
    )
    assert [
        (s["type"], s["ip_range"], s["gateway"], s["vswitch_id"]) for s in network["subnets"]
    ] == [
        ("cloud", "10.0.1.0/24", "10.0.0.1", None),
        ("cloud", "10.0.0.0/24", "10.0.0.1", None),
        ("server", "10.0.8.0/22", "10.0.8.1", None),
        ("vswitch", "10.0.20.0/24", "10.0.20.1", 1000),
    ]
    assert network["labels"] == {"env": "prod"}
    assert network["expose_routes_to_vswitch"] is True


async def test_create_keeps_valid_routes(client: asynchetzner.Client) -> None:
    routes = [
        {"destination": "10.100.1.0/24", "gateway": "10.0.1.2"},
        {"destination": "0.0.0.0/0", "gateway": "10.0.1.3"},
    ]
    network = await create(client, subnets=[CLOUD], routes=routes)
    assert network["routes"] == routes


@pytest.mark.parametrize(
    "ip_range",
    ["10.0.0.0/25", "8.8.0.0/16", "172.0.0.0/11", "10.0.0.1/16", "10.0.0.0", "banana", "fd00::/8"],
)
async def test_create_rejects_a_bad_ip_range(client: asynchetzner.Client, ip_range: str) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, ip_range=ip_range)
    assert field_names(caught.value) == ["ip_range"]


@pytest.mark.parametrize(
    ("subnets", "field"),
    [
        ([{**CLOUD, "ip_range": "10.1.0.0/24"}], "subnets.0.ip_range"),
        ([{**CLOUD, "ip_range": "10.0.0.0/31"}], "subnets.0.ip_range"),
        ([{**CLOUD, "ip_range": "10.0.0.5/24"}], "subnets.0.ip_range"),
        (
            [{**CLOUD, "ip_range": "10.0.0.0/24"}, {**CLOUD, "ip_range": "10.0.0.128/25"}],
            "subnets.1.ip_range",
        ),
        ([{**CLOUD, "network_zone": "moon"}], "subnets.0.network_zone"),
        ([{"type": "vswitch", "network_zone": "eu-central"}], "subnets.0.vswitch_id"),
        ([{**CLOUD, "vswitch_id": 5}], "subnets.0.vswitch_id"),
        ([{**CLOUD, "type": "lan"}], "subnets.0.type"),
        ([{"type": "cloud"}], "subnets.0.network_zone"),
    ],
)
async def test_create_rejects_bad_subnets(
    client: asynchetzner.Client, subnets: list[dict[str, Any]], field: str
) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, subnets=subnets)
    assert field_names(caught.value) == [field]


async def test_create_fails_when_no_24_is_left(client: asynchetzner.Client) -> None:
    subnets = [{**CLOUD, "ip_range": "10.0.0.0/25"}, CLOUD]
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, ip_range="10.0.0.0/24", subnets=subnets)
    assert field_names(caught.value) == ["subnets.1"]


@pytest.mark.parametrize(
    ("route", "field"),
    [
        ({"destination": "8.8.8.0/24", "gateway": "10.0.1.2"}, "routes.0.destination"),
        ({"destination": "10.0.0.16/28", "gateway": "10.0.1.2"}, "routes.0.destination"),
        ({"destination": "172.31.0.0/16", "gateway": "10.0.1.2"}, "routes.0.destination"),
        ({"destination": "10.100.0.1/24", "gateway": "10.0.1.2"}, "routes.0.destination"),
        ({"destination": "10.100.0.0/24", "gateway": "10.0.0.1"}, "routes.0.gateway"),
        ({"destination": "10.100.0.0/24", "gateway": "192.168.0.2"}, "routes.0.gateway"),
        ({"destination": "10.100.0.0/24", "gateway": "10.0.20.7"}, "routes.0.gateway"),
        ({"destination": "10.100.0.0/24", "gateway": "ten"}, "routes.0.gateway"),
        ({"destination": "10.100.0.0/24"}, "routes.0.gateway"),
    ],
)
async def test_create_rejects_bad_routes(
    client: asynchetzner.Client, route: dict[str, str], field: str
) -> None:
    vswitch = {
        "type": "vswitch",
        "ip_range": "10.0.20.0/24",
        "network_zone": "eu-central",
        "vswitch_id": 1,
    }
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, subnets=[CLOUD, vswitch], routes=[route])
    assert field_names(caught.value) == [field]


async def test_create_rejects_overlapping_routes(client: asynchetzner.Client) -> None:
    routes = [
        {"destination": "10.100.0.0/16", "gateway": "10.0.1.2"},
        {"destination": "10.100.5.0/24", "gateway": "10.0.1.2"},
    ]
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, routes=routes)
    assert field_names(caught.value) == ["routes.1.destination"]


async def test_create_rejects_bad_labels(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, labels={"hetzner.cloud/managed": "yes"})
    assert field_names(caught.value) == ["labels"]


async def test_create_rejects_an_empty_name(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, name="")
    assert field_names(caught.value) == ["name"]


async def test_duplicate_name_is_a_uniqueness_error(client: asynchetzner.Client) -> None:
    await create(client)
    with pytest.raises(asynchetzner.UniquenessError) as caught:
        await create(client, ip_range="192.168.0.0/24")
    assert field_names(caught.value) == ["name"]


# List, get, update, delete


async def test_list_filters_by_name_and_labels(client: asynchetzner.Client) -> None:
    a = await create(client, "a", labels={"env": "prod"})
    b = await create(client, "b", labels={"env": "dev"})
    assert (await client.get("/networks"))["networks"] == [a, b]
    assert (await client.get("/networks", name="b"))["networks"] == [b]
    assert (await client.get("/networks", label_selector="env=prod"))["networks"] == [a]


async def test_list_sorts_and_paginates(client: asynchetzner.Client) -> None:
    a = await create(client, "a")
    b = await create(client, "b")
    c = await create(client, "c")
    assert (await client.get("/networks", sort="name:desc"))["networks"] == [c, b, a]
    page = await client.get("/networks", sort=["created:desc", "id:desc"], per_page=2, page=2)
    assert page["networks"] == [a]
    assert page["meta"]["pagination"]["previous_page"] == 1


async def test_list_rejects_an_unknown_sort(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/networks", sort="ip_range")
    assert field_names(caught.value) == ["sort"]


async def test_update_changes_name_labels_and_expose(client: asynchetzner.Client) -> None:
    network = await create(client, labels={"a": "1"})
    updated = await client.put(
        f"/networks/{network['id']}", name="core", labels={"b": "2"}, expose_routes_to_vswitch=True
    )
    assert updated["network"] == {
        **network,
        "name": "core",
        "labels": {"b": "2"},
        "expose_routes_to_vswitch": True,
    }
    assert await client.get(f"/networks/{network['id']}") == updated


async def test_update_rejects_a_non_boolean_expose(client: asynchetzner.Client) -> None:
    network = await create(client)
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.put(f"/networks/{network['id']}", expose_routes_to_vswitch="yes")
    assert field_names(caught.value) == ["expose_routes_to_vswitch"]


async def test_update_keeps_what_is_not_given(client: asynchetzner.Client) -> None:
    network = await create(client, labels={"a": "1"}, expose_routes_to_vswitch=True)
    updated = await client.put(f"/networks/{network['id']}", labels={})
    assert updated["network"] == {**network, "labels": {}}


async def test_update_to_a_taken_name_is_a_uniqueness_error(client: asynchetzner.Client) -> None:
    await create(client, "a")
    b = await create(client, "b")
    with pytest.raises(asynchetzner.UniquenessError):
        await client.put(f"/networks/{b['id']}", name="a")
    assert (await client.put(f"/networks/{b['id']}", name="b"))["network"] == b


async def test_update_refuses_an_empty_name(client: asynchetzner.Client) -> None:
    network = await create(client)
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.put(f"/networks/{network['id']}", name="")
    assert field_names(caught.value) == ["name"]


async def test_update_rejects_bad_labels(client: asynchetzner.Client) -> None:
    network = await create(client)
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.put(f"/networks/{network['id']}", name="x", labels={"k": "v" * 64})
    assert field_names(caught.value) == ["labels"]
    assert (await client.get(f"/networks/{network['id']}"))["network"] == network


async def test_delete_removes_the_network_and_detaches_servers(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    other = await create(client, "other", ip_range="192.168.0.0/16", subnets=[CLOUD])
    server = add_server(project, 1)
    attach(project, server, network["id"])
    kept = attach(project, server, other["id"])
    assert await client.delete(f"/networks/{network['id']}") is None
    assert server["private_net"] == [kept]
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(f"/networks/{network['id']}")


async def test_delete_of_a_protected_network_is_refused(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client)
    project.store.table("network")[network["id"]]["protection"]["delete"] = True
    with pytest.raises(asynchetzner.ProtectedError):
        await client.delete(f"/networks/{network['id']}")
    assert (await client.get(f"/networks/{network['id']}"))["network"]["protection"] == {
        "delete": True
    }


async def test_delete_while_an_action_runs_is_locked(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client)
    project.store.start_action("attach_to_network", [("network", network["id"])], duration=3600)
    with pytest.raises(asynchetzner.LockedError):
        await client.delete(f"/networks/{network['id']}")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_unknown_network_is_not_found(client: asynchetzner.Client, method: str) -> None:
    with pytest.raises(asynchetzner.NotFoundError):
        await client.call(method, "/networks/42")


# prepare_attach


async def test_attach_takes_effect_only_when_run(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 7)
    effect = prepare_attach(project, server, network["id"], None, [], None)
    assert server["private_net"] == []
    effect()
    [entry] = server["private_net"]
    assert (entry["network"], entry["ip"], entry["alias_ips"]) == (network["id"], "10.0.0.2", [])
    assert re.fullmatch(r"86:00:00(:[0-9a-f]{2}){3}", entry["mac_address"])
    assert (await client.get(f"/networks/{network['id']}"))["network"]["servers"] == [7]


async def test_attach_gives_each_server_the_next_free_address_and_mac(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    servers = [add_server(project, server_id) for server_id in (1, 2, 3)]
    effects = [prepare_attach(project, s, network["id"], None, [], None) for s in servers]
    for effect in effects:
        effect()
    entries = [s["private_net"][0] for s in servers]
    assert [e["ip"] for e in entries] == ["10.0.0.2", "10.0.0.3", "10.0.0.4"]
    assert len({e["mac_address"] for e in entries}) == 3


async def test_attach_skips_the_first_address_of_a_subnet(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[{**CLOUD, "ip_range": "10.0.1.0/24"}])
    assert attach(project, add_server(project, 1), network["id"])["ip"] == "10.0.1.2"


async def test_attach_skips_alias_ips_when_allocating(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    entry = attach(project, add_server(project, 1), network["id"], alias_ips=("10.0.0.2",))
    assert (entry["ip"], entry["alias_ips"]) == ("10.0.0.3", ["10.0.0.2"])
    assert attach(project, add_server(project, 2), network["id"])["ip"] == "10.0.0.4"


async def test_attach_with_ip_and_aliases(project: Project, client: asynchetzner.Client) -> None:
    network = await create(client, subnets=[CLOUD])
    entry = attach(project, add_server(project, 1), network["id"], "10.0.0.50", ("10.0.0.51",))
    assert (entry["ip"], entry["alias_ips"]) == ("10.0.0.50", ["10.0.0.51"])


async def test_attach_in_a_chosen_subnet(project: Project, client: asynchetzner.Client) -> None:
    subnets = [{**CLOUD, "ip_range": "10.0.0.0/24"}, {**CLOUD, "ip_range": "10.0.5.0/24"}]
    network = await create(client, subnets=subnets)
    entry = attach(project, add_server(project, 1), network["id"], ip_range="10.0.5.0/24")
    assert entry["ip"] == "10.0.5.2"


@pytest.mark.parametrize(
    "ip", ["10.0.0.0", "10.0.0.1", "10.0.0.255", "10.0.7.9", "10.0.0.20", "192.168.1.1"]
)
async def test_attach_refuses_an_ip_that_is_not_available(
    project: Project, client: asynchetzner.Client, ip: str
) -> None:
    network = await create(client, subnets=[{**CLOUD, "ip_range": "10.0.0.0/24"}])
    attach(project, add_server(project, 1), network["id"], "10.0.0.20")
    server = add_server(project, 2)
    refused("ip_not_available", prepare_attach, project, server, network["id"], ip, [], None)


@pytest.mark.parametrize(
    ("ip", "aliases"),
    [("10.0.0.5", ["10.0.0.5"]), (None, ["10.0.0.6", "10.0.0.6"]), (None, ["10.0.0.20"])],
)
async def test_attach_refuses_aliases_that_are_not_available(
    project: Project, client: asynchetzner.Client, ip: str | None, aliases: list[str]
) -> None:
    network = await create(client, subnets=[CLOUD])
    attach(project, add_server(project, 1), network["id"], alias_ips=("10.0.0.20",))
    server = add_server(project, 2)
    refused("ip_not_available", prepare_attach, project, server, network["id"], ip, aliases, None)


async def test_attach_refuses_an_ip_outside_the_chosen_subnet(
    project: Project, client: asynchetzner.Client
) -> None:
    subnets = [{**CLOUD, "ip_range": "10.0.0.0/24"}, {**CLOUD, "ip_range": "10.0.5.0/24"}]
    network = await create(client, subnets=subnets)
    server = add_server(project, 1)
    refused(
        "ip_not_available",
        prepare_attach,
        project,
        server,
        network["id"],
        "10.0.0.9",
        [],
        "10.0.5.0/24",
    )


@pytest.mark.parametrize(
    ("ip", "aliases", "ip_range", "field"),
    [
        ("10.0.0.300", [], None, "ip"),
        (None, ["ten"], None, "alias_ips"),
        (None, [], "10.0.0.0", "ip_range"),
    ],
)
async def test_attach_rejects_malformed_addresses(
    project: Project,
    client: asynchetzner.Client,
    ip: str | None,
    aliases: list[str],
    ip_range: str | None,
    field: str,
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    error = refused(
        "invalid_input", prepare_attach, project, server, network["id"], ip, aliases, ip_range
    )
    assert field_names(error) == [field]


async def test_attach_to_an_unknown_network_is_invalid_input(project: Project) -> None:
    error = refused(
        "invalid_input", prepare_attach, project, add_server(project, 1), 42, None, [], None
    )
    assert field_names(error) == ["network"]


async def test_attach_twice_is_refused(project: Project, client: asynchetzner.Client) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    attach(project, server, network["id"])
    error = refused(
        "server_already_attached", prepare_attach, project, server, network["id"], None, [], None
    )
    assert error.status == 422


async def test_attach_to_an_overlapping_network_is_refused(
    project: Project, client: asynchetzner.Client
) -> None:
    small = await create(client, "small", subnets=[CLOUD])
    large = await create(client, "large", ip_range="10.0.0.0/8", subnets=[CLOUD])
    server = add_server(project, 1)
    attach(project, server, small["id"])
    refused("networks_overlap", prepare_attach, project, server, large["id"], None, [], None)


@pytest.mark.parametrize(
    ("subnets", "zone", "ip_range"),
    [
        ([], "eu-central", None),
        ([CLOUD], "us-east", None),
        ([{"type": "vswitch", "network_zone": "eu-central", "vswitch_id": 9}], "eu-central", None),
        ([CLOUD], "eu-central", "10.0.9.0/24"),
    ],
)
async def test_attach_without_a_fitting_subnet_is_refused(
    project: Project,
    client: asynchetzner.Client,
    subnets: list[dict[str, Any]],
    zone: str,
    ip_range: str | None,
) -> None:
    network = await create(client, subnets=subnets)
    server = add_server(project, 1, zone)
    refused(
        "no_subnet_available", prepare_attach, project, server, network["id"], None, [], ip_range
    )


async def test_attach_to_a_full_subnet_is_refused(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(
        client, ip_range="10.0.0.0/24", subnets=[{**CLOUD, "ip_range": "10.0.0.0/30"}]
    )
    assert attach(project, add_server(project, 1), network["id"])["ip"] == "10.0.0.2"
    server = add_server(project, 2)
    refused("no_subnet_available", prepare_attach, project, server, network["id"], None, [], None)


async def test_attach_effect_does_nothing_once_the_network_is_gone(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    effect = prepare_attach(project, server, network["id"], None, [], None)
    await client.delete(f"/networks/{network['id']}")
    effect()
    assert server["private_net"] == []


async def test_attach_effect_runs_once_per_network(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    effects = [prepare_attach(project, server, network["id"], None, [], None) for _ in range(2)]
    for effect in effects:
        effect()
    assert len(server["private_net"]) == 1
    assert (await client.get(f"/networks/{network['id']}"))["network"]["servers"] == [1]


async def test_attach_effect_gives_up_when_the_subnet_filled_meanwhile(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(
        client, ip_range="10.0.0.0/24", subnets=[{**CLOUD, "ip_range": "10.0.0.0/30"}]
    )
    first, second = add_server(project, 1), add_server(project, 2)
    late = prepare_attach(project, second, network["id"], None, [], None)
    attach(project, first, network["id"])
    late()
    assert second["private_net"] == []


# prepare_detach, prepare_change_alias_ips, deleting a server


async def test_detach_takes_effect_only_when_run(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    attach(project, server, network["id"])
    effect = prepare_detach(project, server, network["id"])
    assert len(server["private_net"]) == 1
    effect()
    assert server["private_net"] == []
    assert (await client.get(f"/networks/{network['id']}"))["network"]["servers"] == []
    assert attach(project, add_server(project, 2), network["id"])["ip"] == "10.0.0.2"


async def test_detach_effects_prepared_twice_detach_once(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    attach(project, server, network["id"])
    effects = [prepare_detach(project, server, network["id"]) for _ in range(2)]
    for effect in effects:
        effect()
    assert server["private_net"] == []
    assert (await client.get(f"/networks/{network['id']}"))["network"]["servers"] == []


async def test_detach_when_not_attached_is_invalid_input(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    error = refused("invalid_input", prepare_detach, project, add_server(project, 1), network["id"])
    assert field_names(error) == ["network"]


async def test_detach_from_an_unknown_network_is_invalid_input(project: Project) -> None:
    error = refused("invalid_input", prepare_detach, project, add_server(project, 1), 42)
    assert field_names(error) == ["network"]


async def test_change_alias_ips_replaces_them_when_run(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    entry = attach(project, server, network["id"], alias_ips=("10.0.0.10",))
    effect = prepare_change_alias_ips(project, server, network["id"], ["10.0.0.10", "10.0.0.11"])
    assert entry["alias_ips"] == ["10.0.0.10"]
    effect()
    assert server["private_net"][0]["alias_ips"] == ["10.0.0.10", "10.0.0.11"]
    prepare_change_alias_ips(project, server, network["id"], [])()
    assert server["private_net"][0]["alias_ips"] == []


@pytest.mark.parametrize("aliases", [["10.0.0.2"], ["10.0.0.3"], ["10.0.0.30"], ["10.0.0.9"] * 2])
async def test_change_alias_ips_refuses_unavailable_ones(
    project: Project, client: asynchetzner.Client, aliases: list[str]
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    attach(project, server, network["id"])
    attach(project, add_server(project, 2), network["id"], alias_ips=("10.0.0.30",))
    refused("ip_not_available", prepare_change_alias_ips, project, server, network["id"], aliases)


async def test_change_alias_ips_rejects_malformed_ones(
    project: Project, client: asynchetzner.Client
) -> None:
    network = await create(client, subnets=[CLOUD])
    server = add_server(project, 1)
    attach(project, server, network["id"])
    error = refused(
        "invalid_input", prepare_change_alias_ips, project, server, network["id"], ["x"]
    )
    assert field_names(error) == ["alias_ips"]


@pytest.mark.parametrize("known", [True, False])
async def test_change_alias_ips_needs_an_attached_network(
    project: Project, client: asynchetzner.Client, known: bool
) -> None:
    network_id = (await create(client, subnets=[CLOUD]))["id"] if known else 42
    args = (project, add_server(project, 1), network_id, ["10.0.0.9"])
    assert field_names(refused("invalid_input", prepare_change_alias_ips, *args)) == ["network"]


async def test_a_deleted_server_leaves_every_network(client: asynchetzner.Client) -> None:
    first = await create(client, "first", subnets=[CLOUD])
    second = await create(client, "second", ip_range="172.16.0.0/16", subnets=[CLOUD])
    body = {"server_type": "cx23", "image": "ubuntu-24.04", "location": "fsn1"}
    server = await client.post("/servers", name="s", networks=[first["id"], second["id"]], **body)
    neighbour = await client.post("/servers", name="n", networks=[first["id"]], **body)
    server_id, neighbour_id = server["server"]["id"], neighbour["server"]["id"]
    assert (await client.get(f"/networks/{first['id']}"))["network"]["servers"] == [
        server_id,
        neighbour_id,
    ]
    await client.delete(f"/servers/{server_id}")
    await client.get("/servers")  # instant actions: the deletion is done by now
    assert (await client.get(f"/networks/{first['id']}"))["network"]["servers"] == [neighbour_id]
    assert (await client.get(f"/networks/{second['id']}"))["network"]["servers"] == []
