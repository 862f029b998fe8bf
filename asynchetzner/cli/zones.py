"""``asynchetzner zones export-zonefile ZONE``: a zone's BIND zone file on stdout.

Every other zones command (``list``, ``create``, ``import-zonefile``…) is generic (``kinds``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from . import connect, wants_json
from .output import print_json


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``export-zonefile`` to the ``zones`` command."""
    export = commands.add_parser(
        "export-zonefile",
        parents=[common],
        help="print a primary zone's zone file (BIND, RFC 1035)",
        description="Print a primary zone's zone file (BIND, RFC 1035).",
    )
    export.add_argument("target", metavar="ID_OR_NAME")
    export.set_defaults(run=export_zonefile)


async def export_zonefile(args: argparse.Namespace) -> int:
    """Print the zone file (``{"zonefile": ...}`` with ``--output json``)."""
    async with connect(args) as client:
        text = await (await client.zones.get(args.target)).export_zonefile()
    if wants_json(args):
        print_json({"zonefile": text}, sys.stdout)
    else:
        sys.stdout.write(text)
    return 0
