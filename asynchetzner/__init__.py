"""asynchetzner: the asyncio-first client for Hetzner's APIs.

::

    import asynchetzner

    async with asynchetzner.Client() as client:
        servers = await client.get("/servers", label_selector="env=prod")
"""

__version__ = "0.1.0"

from .client import Client
from .cloud.images import Image
from .cloud.isos import ISO
from .cloud.locations import Location
from .cloud.networks import Network
from .cloud.placement_groups import PlacementGroup
from .cloud.server_types import ServerType
from .cloud.servers import CreateServerResult, Server, ServerMetrics
from .cloud.ssh_keys import SSHKey
from .config import ENDPOINTS, ConfigWarning, Credentials, InsecureConfigWarning
from .constants import (
    ACTION_STATUS_ERROR,
    ACTION_STATUS_RUNNING,
    ACTION_STATUS_SUCCESS,
    RESCUE_TYPE_LINUX,
    SERVER_STATUS_DELETING,
    SERVER_STATUS_INITIALIZING,
    SERVER_STATUS_MIGRATING,
    SERVER_STATUS_OFF,
    SERVER_STATUS_REBUILDING,
    SERVER_STATUS_RUNNING,
    SERVER_STATUS_STARTING,
    SERVER_STATUS_STOPPING,
    SERVER_STATUS_UNKNOWN,
)
from .exceptions import *  # noqa: F403
from .exceptions import __all__ as _exception_names
from .protocol import Pagination, quote_segment
from .ratelimit import RateLimit
from .retry import RetryPolicy
from .typed.actions import Action, ActionsClient, PollPolicy, ProgressCallback

__all__ = [
    "ACTION_STATUS_ERROR",
    "ACTION_STATUS_RUNNING",
    "ACTION_STATUS_SUCCESS",
    "ISO",
    "RESCUE_TYPE_LINUX",
    "SERVER_STATUS_DELETING",
    "SERVER_STATUS_INITIALIZING",
    "SERVER_STATUS_MIGRATING",
    "SERVER_STATUS_OFF",
    "SERVER_STATUS_REBUILDING",
    "SERVER_STATUS_RUNNING",
    "SERVER_STATUS_STARTING",
    "SERVER_STATUS_STOPPING",
    "SERVER_STATUS_UNKNOWN",
    "Action",
    "ActionsClient",
    "CreateServerResult",
    "Image",
    "Location",
    "Network",
    "PlacementGroup",
    "PollPolicy",
    "ProgressCallback",
    "SSHKey",
    "Server",
    "ServerMetrics",
    "ServerType",
    "ENDPOINTS",
    "Client",
    "Credentials",
    "ConfigWarning",
    "InsecureConfigWarning",
    "Pagination",
    "RateLimit",
    "RetryPolicy",
    "__version__",
    "quote_segment",
    *_exception_names,
]
