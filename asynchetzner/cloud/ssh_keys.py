"""SSH keys of the project."""

from __future__ import annotations

from datetime import datetime

from ..typed.arguments import check_name, present
from ..typed.models import field, time_field
from ..typed.resources import Bound, Creatable, Deletable, Updatable


class SSHKey(Bound):
    """A public key that servers can be created with."""

    kind = "ssh_key"
    name: str = field()
    fingerprint: str = field()
    public_key: str = field()
    labels: dict[str, str] = field()
    created: datetime | None = time_field()


class SSHKeysClient(Creatable[SSHKey], Updatable[SSHKey], Deletable[SSHKey]):
    """``client.ssh_keys``."""

    model = SSHKey
    path = "/ssh_keys"

    async def create(
        self, name: str, public_key: str, labels: dict[str, str] | None = None
    ) -> SSHKey:
        """Upload a public key."""
        return await self._create_one(
            name=check_name(name),
            public_key=check_name(public_key, "public_key"),
            **present(labels=labels),
        )
