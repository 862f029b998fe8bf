"""SSH keys of the project."""

from __future__ import annotations

from datetime import datetime

from ..typed.models import Model, check_name, present
from ..typed.resources import MutableResourceClient


class SSHKey(Model):
    """A public key that servers can be created with."""

    fields = ("name", "fingerprint", "public_key", "labels")
    times = ("created",)
    name: str
    fingerprint: str
    public_key: str
    labels: dict[str, str]
    created: datetime | None


class SSHKeysClient(MutableResourceClient[SSHKey]):
    """``client.ssh_keys``."""

    path = "/ssh_keys"
    single = "ssh_key"
    model = SSHKey

    async def create(
        self, name: str, public_key: str, labels: dict[str, str] | None = None
    ) -> SSHKey:
        """Upload a public key."""
        return await self._create_one(
            name=check_name(name),
            public_key=check_name(public_key, "public_key"),
            **present(labels=labels),
        )
