"""``asynchetzner.Client``: the generic calls and every typed kind of Hetzner's APIs, in one.

The lifecycle and generic calls are ``generic.GenericClient``'s; each kind is declared once in
``cloud.CloudKinds`` (``client.servers``…) or ``storage.StorageKinds`` (``client.storage_boxes``);
``client.robot`` serves the Robot webservice; ``client.actions`` waits for the actions of every
API family with one poller.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .cloud import CloudKinds
from .generic import GenericClient
from .storage import StorageKinds
from .typed.actions import ActionsClient

if TYPE_CHECKING:
    from .robot import RobotClient


class Client(StorageKinds, CloudKinds, GenericClient):
    """An asyncio client for Hetzner's APIs: the generic calls and their options (see
    ``GenericClient``), every typed kind as ``client.<kind>``, and ``client.actions``."""

    @cached_property
    def actions(self) -> ActionsClient:
        """``client.actions``: get actions, and wait for many at once with one poller."""
        return ActionsClient(self, self.poll)

    @cached_property
    def robot(self) -> RobotClient:
        """``client.robot``: the Robot webservice (dedicated servers), area by area."""
        from .robot import RobotClient  # here: most clients never call Robot (~20 modules)

        return RobotClient(self)

    async def _before_close(self) -> None:
        if "actions" in vars(self):  # a poller was made: stop it and release its waiters
            await self.actions.close()
