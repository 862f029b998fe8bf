"""What the Storage Box calls make of answers that break their promises: ``InvalidResponse``
saying what came, never a ``KeyError`` or a ``TypeError``."""

from __future__ import annotations

import pytest

from asynchetzner import Client, InvalidResponse, RetryPolicy, StorageBox
from asynchetzner.storage.storage_box_subaccounts import password_of

from ..conftest import ScriptedServer, answer

NO_WAIT = RetryPolicy(max_retries=0)


def client_of(server: ScriptedServer) -> Client:
    return Client(server.url, "token", retry=NO_WAIT, base_urls={"hetzner-api": server.url})


@pytest.mark.parametrize(
    "body", [{"folders": "backups"}, {"folders": [1, 2]}, {"other": []}, [], None]
)
async def test_folders_answer_without_a_list_of_names(server: ScriptedServer, body: object) -> None:
    server.then(answer(200, body))
    async with client_of(server) as client:
        with pytest.raises(InvalidResponse, match="without the 'folders' list of names"):
            await client.storage_boxes.folders(42)
    assert server.received[0].path_qs == "/v1/storage_boxes/42/folders"


@pytest.mark.parametrize("body", [{"subaccounts": None}, {"meta": {}}, {"subaccounts": [1]}])
async def test_unpaged_list_without_its_items(server: ScriptedServer, body: object) -> None:
    server.then(answer(200, body))
    async with client_of(server) as client:
        with pytest.raises(InvalidResponse, match="'subaccounts' list of objects"):
            await client.storage_boxes.subaccounts(42).get_all()


async def test_unpaged_list_is_one_request(server: ScriptedServer) -> None:
    server.then(answer(200, {"snapshots": [{"id": 1, "storage_box": 42, "name": "a"}]}))
    async with client_of(server) as client:
        (snapshot,) = await client.storage_boxes.snapshots(42).get_all(name="a")
    assert (snapshot.id, snapshot.storage_box) == (1, 42)
    assert [r.path_qs for r in server.received] == ["/v1/storage_boxes/42/snapshots?name=a"]


async def test_passwords_are_sent_as_given_and_masked_in_reprs(server: ScriptedServer) -> None:
    assert repr(password_of("Secret-Pass-123")) == "'********'"
    action = {"id": 1, "command": "reset_password", "status": "success"}
    server.then(answer(201, {"action": action}))
    async with client_of(server) as client:
        done = await StorageBox(client, {"id": 42}).reset_password("Secret-Pass-123")
    assert done.command == "reset_password"
    assert server.received[0].json() == {"password": "Secret-Pass-123"}
