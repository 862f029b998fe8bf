"""The ``hcloud`` column of docs/migrating.rst against the simulator: each call there is one
``hcloud`` has, doing what its asynchetzner equivalent does (tests/test_docs.py runs those)."""

from __future__ import annotations

from typing import Any

from asynchetzner.simulator import Simulator

from .conftest import Image, ServerType, hcloud, run

Location = hcloud.locations.Location

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGbBqXGqQz0yE1qZ2Yx0Q0m0Jz2b2Q3d4e5f6g7h8i9j"


def the_hcloud_column(hc: Any) -> dict[str, Any]:
    """The table's hcloud calls, in its order (blocking)."""
    response = hc.servers.create(
        "web-1",
        server_type=ServerType(name="cx23"),
        image=Image(name="ubuntu-24.04"),
        location=Location(name="fsn1"),
    )
    response.action.wait_until_finished()
    for action in response.next_actions:
        action.wait_until_finished()
    server = hc.servers.get_by_name("web-1")
    assert hc.servers.get_by_id(server.id).name == "web-1"
    server.power_off().wait_until_finished()
    server.update(labels={"env": "prod"})
    prod = hc.servers.get_all(label_selector="env=prod")
    hc.ssh_keys.create("me", public_key=KEY)
    volume = hc.volumes.create(size=10, name="data", location=Location(name="fsn1"))
    volume.action.wait_until_finished()
    volume.volume.attach(server).wait_until_finished()
    action = hc.actions.get_by_id(response.action.id)
    try:
        hc.servers.get_by_id(999999)
    except hcloud.APIException as error:
        code = error.code
    return {"prod": [s.name for s in prod], "status": action.status, "code": code}


async def test_the_hcloud_calls_of_the_migration_page_work(hc: Any, sim: Simulator) -> None:
    seen = await run(the_hcloud_column, hc)
    assert seen == {"prod": ["web-1"], "status": "success", "code": "not_found"}
    async with sim.client() as client:
        (server,) = await client.servers.get_all(label_selector="env=prod")
        (volume,) = await client.volumes.get_all()
        assert server.status == "off"
        assert volume.server == server.id
        assert [key.name for key in await client.ssh_keys.get_all()] == ["me"]
