"""asynchetzner: the asyncio-first client for Hetzner's APIs.

::

    import asynchetzner

    async with asynchetzner.Client() as client:
        servers = await client.get("/servers", label_selector="env=prod")
"""

__version__ = "0.1.0"

from . import cloud, exceptions, storage
from .client import Client
from .cloud import *  # noqa: F403
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
from .logs import LogFields
from .polling import PollPolicy
from .protocol import Pagination, quote_segment
from .ratelimit import RateLimit
from .retry import RetryPolicy, Wait
from .storage import *  # noqa: F403
from .typed.actions import Action, ActionsClient, ProgressCallback
from .typed.answers import Secret

__all__ = [
    "ACTION_STATUS_ERROR",
    "ACTION_STATUS_RUNNING",
    "ACTION_STATUS_SUCCESS",
    "ENDPOINTS",
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
    "Client",
    "ConfigWarning",
    "Credentials",
    "InsecureConfigWarning",
    "LogFields",
    "Pagination",
    "PollPolicy",
    "ProgressCallback",
    "RateLimit",
    "RetryPolicy",
    "Secret",
    "Wait",
    "__version__",
    "quote_segment",
]
__all__ += exceptions.__all__
__all__ += cloud.__all__
__all__ += storage.__all__
