"""SSH keys: list, create, get, update and delete ``/ssh_keys``.

A key must be an OpenSSH public key line (``<type> <base64 blob> [comment]``) whose blob names
the same type; its ``fingerprint`` is the MD5 of the blob, as colon-separated hex. Names and
fingerprints are unique in the project.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from typing import Any

from aiohttp import web

from ..engine.app import answer, read_body
from ..engine.errors import invalid_input, uniqueness_error
from ..engine.listing import ListSpec
from ..engine.project import Project
from .common import (
    check_labels,
    created_now,
    ensure_unique_name,
    get_entity,
    listed,
    path_id,
    public,
    simulation,
    update_name_and_labels,
)

routes = web.RouteTableDef()

SSH_KEYS = ListSpec(
    "ssh_keys",
    filters={"name": "name", "fingerprint": "fingerprint"},
    sort_fields=frozenset({"id", "name"}),
)
KEY_TYPES = frozenset(
    {
        "ssh-rsa",
        "ssh-dss",
        "ssh-ed25519",
        "ssh-ed448",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)


def fingerprint(public_key: str) -> str:
    """The MD5 fingerprint of an OpenSSH public key line; ``invalid_input`` if it is not one."""
    digest = hashlib.md5(_blob(public_key), usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _blob(public_key: str) -> bytes:
    """The decoded key of ``<type> <base64> [comment]``, whose blob must start with its type."""
    fields = public_key.split()
    if len(fields) >= 2 and fields[0] in KEY_TYPES:
        header = struct.pack(">I", len(fields[0])) + fields[0].encode()
        try:
            blob = base64.b64decode(fields[1], validate=True)
        except ValueError:  # binascii.Error, or a character that is not ASCII
            blob = b""
        if blob.startswith(header) and len(blob) > len(header):
            return blob
    raise invalid_input({"public_key": ["is not a valid OpenSSH public key"]}, "invalid public_key")


def _ensure_new_key(sim: Project, key_fingerprint: str) -> None:
    """409 ``uniqueness_error`` on ``public_key`` when the project already has the key."""
    if any(key["fingerprint"] == key_fingerprint for key in sim.store.table("ssh_key").values()):
        raise uniqueness_error("public_key", "SSH key with the same fingerprint already exists")


def _key(request: web.Request) -> dict[str, Any]:
    """The SSH key named by the path's id."""
    return get_entity(simulation(request), "ssh_key", path_id(request), "SSH key")


@routes.get("/ssh_keys")
async def list_ssh_keys(request: web.Request) -> web.StreamResponse:
    """List SSH keys."""
    return listed(request, simulation(request).store.table("ssh_key").values(), SSH_KEYS)


@routes.post("/ssh_keys")
async def create_ssh_key(request: web.Request) -> web.StreamResponse:
    """Create an SSH key."""
    sim = simulation(request)
    body = await read_body(request)
    labels = body.get("labels", {})
    check_labels(labels)
    key_fingerprint = fingerprint(body["public_key"])
    ensure_unique_name(sim, "ssh_key", body["name"])
    _ensure_new_key(sim, key_fingerprint)
    key = {
        "id": sim.store.next_id("ssh_key"),
        "name": body["name"],
        "fingerprint": key_fingerprint,
        "public_key": body["public_key"].strip(),
        "labels": dict(labels),
        "created": created_now(sim),
    }
    sim.store.table("ssh_key")[key["id"]] = key
    return answer({"ssh_key": public(key)}, 201)


@routes.get("/ssh_keys/{id}")
async def get_ssh_key(request: web.Request) -> web.StreamResponse:
    """Get one SSH key."""
    return answer({"ssh_key": public(_key(request))})


@routes.put("/ssh_keys/{id}")
async def update_ssh_key(request: web.Request) -> web.StreamResponse:
    """Rename an SSH key or replace its labels."""
    sim = simulation(request)
    key = _key(request)
    body = await read_body(request)
    update_name_and_labels(sim, "ssh_key", key, body)
    return answer({"ssh_key": public(key)})


@routes.delete("/ssh_keys/{id}")
async def delete_ssh_key(request: web.Request) -> web.StreamResponse:
    """Delete an SSH key."""
    key = _key(request)
    del simulation(request).store.table("ssh_key")[key["id"]]
    return web.Response(status=204)
