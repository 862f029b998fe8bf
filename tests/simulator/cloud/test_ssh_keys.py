"""SSH keys: create, get, update, delete, fingerprints, uniqueness and filters."""

from __future__ import annotations

from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator.cloud.ssh_keys import fingerprint
from asynchetzner.simulator.engine.errors import SimulatorError

# Made with ssh-keygen; the fingerprints are what ``ssh-keygen -l -E md5`` prints for them.
ED25519 = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKjYz1OLlDSpbNNEF9ivdG3B8atL0XsLMPfqfEqnNYAr test@example"
)
ED25519_MD5 = "35:cd:76:db:b4:5d:c7:58:c9:7c:53:14:2e:02:7a:2b"
RSA = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDuNU4g6NgZ7xN2u8X6zDlehu9ZjPwL4fw2rsM93dZ5O+bsvyw4n9Ah"
    "U7XCVlyhkdDZK3c0Jf8wJI6Ez7lhjzWau6X2dN0lcj5WtVnIrdyqQv9+5QTIxjF7Z553EX1iIStgvl0wHkWypWkgoDLl"
    "hcRgPdRUNsLnCNrEEfWDCx3xnw=="
)
RSA_MD5 = "a3:27:c6:74:c1:f0:07:e3:01:d1:2e:76:8a:a0:22:c0"


async def create(client: asynchetzner.Client, **body: Any) -> dict[str, Any]:
    key: dict[str, Any] = (await client.post("/ssh_keys", **body))["ssh_key"]
    return key


def field_names(error: asynchetzner.APIError) -> list[str]:
    return [field["name"] for field in error.details["fields"]]


@pytest.mark.parametrize(("key", "expected"), [(ED25519, ED25519_MD5), (RSA, RSA_MD5)])
def test_fingerprint_is_the_md5_of_the_key_blob(key: str, expected: str) -> None:
    assert fingerprint(key) == expected


@pytest.mark.parametrize(
    "key",
    [
        "",
        "ssh-ed25519",
        "ssh-foo AAAAC3NzaC1lZDI1NTE5AAAAIKjYz1OLlDSpbNNEF9ivdG3B8atL0XsLMPfqfEqnNYAr",
        "ssh-ed25519 not*base64",
        "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIKjYz1OLlDSpbNNEF9ivdG3B8atL0XsLMPfqfEqnNYAr",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5",
    ],
    ids=["empty", "no-blob", "unknown-type", "not-base64", "type-mismatch", "blob-without-key"],
)
def test_fingerprint_rejects_what_is_not_a_public_key(key: str) -> None:
    with pytest.raises(SimulatorError) as caught:
        fingerprint(key)
    assert (caught.value.status, caught.value.code) == (422, "invalid_input")
    assert caught.value.details["fields"][0]["name"] == "public_key"


async def test_create_answers_the_key(client: asynchetzner.Client) -> None:
    key = await create(client, name="laptop", public_key=ED25519 + "\n", labels={"env": "dev"})
    assert key["name"] == "laptop"
    assert key["fingerprint"] == ED25519_MD5
    assert key["public_key"] == ED25519
    assert key["labels"] == {"env": "dev"}
    assert (await client.get(f"/ssh_keys/{key['id']}"))["ssh_key"] == key


async def test_create_defaults_to_no_labels(client: asynchetzner.Client) -> None:
    assert (await create(client, name="laptop", public_key=RSA))["labels"] == {}


async def test_create_rejects_an_invalid_key(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, name="laptop", public_key="ssh-rsa nope")
    assert field_names(caught.value) == ["public_key"]


async def test_create_requires_name_and_key(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.post("/ssh_keys", labels={})
    assert sorted(field_names(caught.value)) == ["name", "public_key"]


async def test_create_rejects_bad_labels(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await create(client, name="laptop", public_key=RSA, labels={"bad key": "x"})
    assert field_names(caught.value) == ["labels"]
    assert (await client.get("/ssh_keys"))["ssh_keys"] == []


async def test_duplicate_name_is_a_uniqueness_error(client: asynchetzner.Client) -> None:
    await create(client, name="laptop", public_key=ED25519)
    with pytest.raises(asynchetzner.UniquenessError) as caught:
        await create(client, name="laptop", public_key=RSA)
    assert field_names(caught.value) == ["name"]


async def test_duplicate_key_is_a_uniqueness_error(client: asynchetzner.Client) -> None:
    await create(client, name="laptop", public_key=ED25519)
    with pytest.raises(asynchetzner.UniquenessError) as caught:
        await create(client, name="desktop", public_key=ED25519.replace("test@example", "other"))
    assert field_names(caught.value) == ["public_key"]


async def test_list_filters_by_name_fingerprint_and_labels(client: asynchetzner.Client) -> None:
    laptop = await create(client, name="laptop", public_key=ED25519, labels={"env": "dev"})
    desktop = await create(client, name="desktop", public_key=RSA, labels={"env": "prod"})
    assert (await client.get("/ssh_keys"))["ssh_keys"] == [laptop, desktop]
    by_name = await client.get("/ssh_keys", name="desktop")
    assert by_name["ssh_keys"] == [desktop]
    by_fingerprint = await client.get("/ssh_keys", fingerprint=ED25519_MD5)
    assert by_fingerprint["ssh_keys"] == [laptop]
    by_label = await client.get("/ssh_keys", label_selector="env!=dev")
    assert by_label["ssh_keys"] == [desktop]


async def test_list_sorts_by_name_and_paginates(client: asynchetzner.Client) -> None:
    laptop = await create(client, name="laptop", public_key=ED25519)
    desktop = await create(client, name="desktop", public_key=RSA)
    first = await client.get("/ssh_keys", sort="name", per_page=1)
    assert first["ssh_keys"] == [desktop]
    assert first["meta"]["pagination"]["next_page"] == 2
    second = await client.get("/ssh_keys", sort="name", per_page=1, page=2)
    assert second["ssh_keys"] == [laptop]


async def test_list_cannot_sort_by_created(client: asynchetzner.Client) -> None:
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.get("/ssh_keys", sort="created:desc")
    assert field_names(caught.value) == ["sort"]


async def test_update_renames_and_replaces_labels(client: asynchetzner.Client) -> None:
    key = await create(client, name="laptop", public_key=ED25519, labels={"a": "1", "b": "2"})
    updated = await client.put(f"/ssh_keys/{key['id']}", name="work", labels={"c": "3"})
    assert updated["ssh_key"] == {**key, "name": "work", "labels": {"c": "3"}}
    assert (await client.get(f"/ssh_keys/{key['id']}")) == updated


async def test_update_keeps_what_is_not_given(client: asynchetzner.Client) -> None:
    key = await create(client, name="laptop", public_key=ED25519, labels={"a": "1"})
    assert (await client.put(f"/ssh_keys/{key['id']}", labels={}))["ssh_key"]["name"] == "laptop"
    renamed = (await client.put(f"/ssh_keys/{key['id']}", name="work"))["ssh_key"]
    assert (renamed["name"], renamed["labels"]) == ("work", {})


async def test_update_to_its_own_name_is_fine(client: asynchetzner.Client) -> None:
    key = await create(client, name="laptop", public_key=ED25519)
    assert (await client.put(f"/ssh_keys/{key['id']}", name="laptop"))["ssh_key"] == key


async def test_update_to_a_taken_name_is_a_uniqueness_error(client: asynchetzner.Client) -> None:
    await create(client, name="laptop", public_key=ED25519)
    desktop = await create(client, name="desktop", public_key=RSA)
    with pytest.raises(asynchetzner.UniquenessError):
        await client.put(f"/ssh_keys/{desktop['id']}", name="laptop")
    assert (await client.get(f"/ssh_keys/{desktop['id']}"))["ssh_key"]["name"] == "desktop"


async def test_update_rejects_bad_labels_and_changes_nothing(
    client: asynchetzner.Client,
) -> None:
    key = await create(client, name="laptop", public_key=ED25519)
    with pytest.raises(asynchetzner.InvalidInputError) as caught:
        await client.put(f"/ssh_keys/{key['id']}", name="work", labels={"k": "bad value"})
    assert field_names(caught.value) == ["labels"]
    assert (await client.get(f"/ssh_keys/{key['id']}"))["ssh_key"] == key


async def test_delete_removes_the_key(client: asynchetzner.Client) -> None:
    key = await create(client, name="laptop", public_key=ED25519)
    assert await client.delete(f"/ssh_keys/{key['id']}") is None
    with pytest.raises(asynchetzner.NotFoundError):
        await client.get(f"/ssh_keys/{key['id']}")
    again = await create(client, name="laptop", public_key=ED25519)
    assert again["id"] > key["id"]


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_unknown_key_is_not_found(client: asynchetzner.Client, method: str) -> None:
    with pytest.raises(asynchetzner.NotFoundError):
        await client.call(method, "/ssh_keys/42")
