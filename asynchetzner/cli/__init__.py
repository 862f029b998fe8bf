"""The ``asynchetzner`` command line (also ``python -m asynchetzner``); see ``asynchetzner -h``.

What the commands share lives here: the errors that end a command with one line on stderr, and
``connect``, which opens a client from the global options and the credential cascade.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from ..client import Client


class CommandError(Exception):
    """End the command with ``error: <message>`` on stderr and exit ``status``."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class UsageError(CommandError):
    """Refuse a malformed argument (exit status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status=2)


@asynccontextmanager
async def connect(args: argparse.Namespace) -> AsyncIterator[Client]:
    """Open a client from ``--endpoint``, ``--token`` and ``--config``; close it afterwards."""
    client = Client(args.endpoint, args.token)
    try:
        await client.init(config_file=args.config)
        yield client
    finally:
        await client.close()


def wants_json(args: argparse.Namespace) -> bool:
    """Whether ``--output json`` was asked for (tables are the default)."""
    return bool(args.output == "json")
