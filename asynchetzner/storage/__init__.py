"""The Hetzner API's kinds (``https://api.hetzner.com/v1``, the Cloud project's token): Storage
Boxes with their subaccounts and snapshots as sub-collections, and Storage Box types; one module
each, named as the spec's tags.

``StorageKinds`` declares each kind once, as the client attribute that serves it, as
``cloud.CloudKinds`` does for the Cloud API; their actions are ``StorageBoxAction``\\s, which
``client.actions`` waits for at ``/storage_boxes/actions``.
"""

from ..typed.registry import Kind
from .storage_box_snapshots import (
    CreateStorageBoxSnapshotResult,
    StorageBoxSnapshot,
    StorageBoxSnapshotsClient,
)
from .storage_box_subaccounts import (
    CreateStorageBoxSubaccountResult,
    StorageBoxSubaccount,
    StorageBoxSubaccountsClient,
)
from .storage_box_types import StorageBoxAction, StorageBoxType, StorageBoxTypesClient
from .storage_boxes import CreateStorageBoxResult, StorageBox, StorageBoxesClient

__all__ = [
    "CreateStorageBoxResult",
    "CreateStorageBoxSnapshotResult",
    "CreateStorageBoxSubaccountResult",
    "StorageBox",
    "StorageBoxAction",
    "StorageBoxSnapshot",
    "StorageBoxSnapshotsClient",
    "StorageBoxSubaccount",
    "StorageBoxSubaccountsClient",
    "StorageBoxType",
    "StorageBoxTypesClient",
    "StorageBoxesClient",
    "StorageKinds",
]


class StorageKinds:
    """The Hetzner API's kinds, as attributes of the client."""

    storage_boxes = Kind(StorageBoxesClient)
    storage_box_types = Kind(StorageBoxTypesClient)
