"""asynchetzner: the asyncio-first client for Hetzner's APIs.

::

    import asynchetzner

    async with asynchetzner.Client() as client:
        servers = await client.get("/servers", label_selector="env=prod")
"""

__version__ = "0.1.0"

from .client import Client
from .config import ENDPOINTS, Credentials, InsecureConfigWarning
from .exceptions import *  # noqa: F403
from .exceptions import __all__ as _exception_names
from .protocol import Pagination, quote_segment
from .ratelimit import RateLimit
from .retry import RetryPolicy

__all__ = [
    "ENDPOINTS",
    "Client",
    "Credentials",
    "InsecureConfigWarning",
    "Pagination",
    "RateLimit",
    "RetryPolicy",
    "__version__",
    "quote_segment",
    *_exception_names,
]
