"""SSH keys stored in Robot (``/key``), used by boot activations by their fingerprint."""

from __future__ import annotations

import builtins
from typing import ClassVar

from ..typed.arguments import check_name
from ..typed.models import field
from .base import Area, RobotModel


class RobotSSHKey(RobotModel):
    """A public key stored in Robot, identified by its MD5 ``fingerprint``."""

    kind = "key"
    id_key = "fingerprint"
    shown: ClassVar[tuple[str, ...]] = ("name", "type")
    name: str = field()
    fingerprint: str = field()
    type: str = field()
    size: int = field()
    public_key: str = field("data")
    """The key in OpenSSH format (Robot's ``data``)."""
    created_at: str | None = field()


def fingerprint(key: str | RobotSSHKey) -> str:
    """A key's fingerprint, from the text or a typed key."""
    if isinstance(key, RobotSSHKey):
        return str(key.id)
    return check_name(key, "fingerprint")


class KeysClient(Area):
    """``client.robot.keys``: the account's SSH keys."""

    async def list(self) -> builtins.list[RobotSSHKey]:
        """Every stored key."""
        return await self._many(RobotSSHKey, "/key")

    async def get(self, key: str | RobotSSHKey) -> RobotSSHKey:
        """One key by fingerprint."""
        return await self._one(RobotSSHKey, "GET", "/key/{fp}", fp=fingerprint(key))

    async def create(self, name: str, public_key: str) -> RobotSSHKey:
        """Store a public key (OpenSSH format) under ``name``."""
        body = {"name": check_name(name), "data": check_name(public_key, "public_key")}
        return await self._one(RobotSSHKey, "POST", "/key", body)

    async def rename(self, key: str | RobotSSHKey, name: str) -> RobotSSHKey:
        """Give a stored key another name."""
        body = {"name": check_name(name)}
        return await self._one(RobotSSHKey, "POST", "/key/{fp}", body, fp=fingerprint(key))

    async def delete(self, key: str | RobotSSHKey) -> None:
        """Remove a stored key."""
        await self._calls.call("DELETE", f"/key/{fingerprint(key)}")
