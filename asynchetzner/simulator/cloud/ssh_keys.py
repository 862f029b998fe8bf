"""SSH keys: each an OpenSSH public key line (``<type> <base64 blob> [comment]``) whose blob
names the same type; its ``fingerprint`` is the MD5 of the blob, as colon-separated hex. Names
and fingerprints are unique in the project.
"""

from __future__ import annotations

import base64
import hashlib
import struct

from ..engine.entities import Entity, created_now
from ..engine.errors import invalid_input, uniqueness_error
from ..engine.kinds import Body, Created, Kind
from ..engine.project import Project

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


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """A new SSH key, unless the project has it already (409 ``uniqueness_error``)."""
    key_fingerprint = fingerprint(body["public_key"])
    if any(
        key["fingerprint"] == key_fingerprint for key in project.store.table("ssh_key").values()
    ):
        raise uniqueness_error("public_key", "SSH key with the same fingerprint already exists")
    key = {
        "id": project.store.next_id("ssh_key"),
        "name": body["name"],
        "fingerprint": key_fingerprint,
        "public_key": body["public_key"].strip(),
        "labels": dict(body.get("labels", {})),
        "created": created_now(project),
    }
    return Created(key)


KIND = Kind("ssh_keys", label="SSH key", create=create)
