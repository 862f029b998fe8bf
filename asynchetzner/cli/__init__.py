"""The ``asynchetzner`` command line (also ``python -m asynchetzner``); see ``asynchetzner -h``.

What the commands share lives here: the errors that end a command with one line on stderr, and
``connect``, which opens a client from the global options and the credential cascade, and tells
of each retry and rate-limit wait on stderr as it starts (unless ``--quiet``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TextIO

from ..client import Client
from ..retry import Wait


class CommandError(Exception):
    """End the command with ``error: <message>`` on stderr and exit ``status``."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class UsageError(CommandError):
    """Refuse a malformed argument (exit status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status=2)


def tell_wait(wait: Wait) -> None:
    """Say on stderr, in one line, that a retry or a rate-limit wait starts; on a terminal, over
    the progress bar being drawn (the next update draws it again)."""
    clear = "\r\x1b[K" if sys.stderr.isatty() else ""
    print(f"{clear}{wait}", file=sys.stderr, flush=True)


def progress_stream(args: argparse.Namespace) -> TextIO | None:
    """Where the progress of actions is drawn: stderr, or nowhere with ``--quiet``."""
    return None if args.quiet else sys.stderr


@asynccontextmanager
async def connect(args: argparse.Namespace, endpoint: str | None = None) -> AsyncIterator[Client]:
    """Open a client from ``--endpoint`` (else ``endpoint``), ``--token`` and ``--config``, which
    tells of its waits unless ``--quiet``; close it afterwards."""
    on_wait = None if args.quiet else tell_wait
    client = Client(args.endpoint or endpoint, args.token, on_wait=on_wait)
    try:
        await client.init(config_file=args.config)
        yield client
    finally:
        await client.close()


def wants_json(args: argparse.Namespace) -> bool:
    """Whether ``--output json`` was asked for (tables are the default)."""
    return bool(args.output == "json")
