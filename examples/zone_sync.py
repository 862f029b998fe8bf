"""Sync a DNS zone at Hetzner with a zone file: show the difference, and apply it with --apply.

The zone file (BIND, RFC 1035) is read with dnspython; each RRSet (name and type) in it is
compared with the zone's, record values compared as a nameserver reads them (``10 mail`` and
``10 mail.example.com.`` are the same MX). The SOA is left alone (Hetzner keeps its serial).
Without ``--apply`` only the difference is printed; with it, every RRSet is created, changed
(``set_records``, ``change_ttl``) or deleted at once, and one ``client.actions.wait`` follows all
the actions. A zone that does not exist yet is created from the file. An RRSet whose TTL is the
file's ``$TTL`` takes the zone's default TTL::

    HCLOUD_TOKEN=... python examples/zone_sync.py example.com example.com.zone           # diff
    HCLOUD_TOKEN=... python examples/zone_sync.py example.com example.com.zone --apply

Against the simulator (``python -m asynchetzner.simulator --token demo`` elsewhere)::

    HCLOUD_ENDPOINT=http://127.0.0.1:8080/v1 HCLOUD_TOKEN=demo \\
        python examples/zone_sync.py example.com example.com.zone --apply

Exit status 0 when the zone is (or would be made) like the file, 1 when the file cannot be read,
the API refused or an action failed (with ``error:`` lines on stderr).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

import dns.exception
import dns.name
import dns.rdata
import dns.rdatatype
import dns.zone

import asynchetzner
from asynchetzner import Action, RRSet, RRSetsClient, Zone

Key = tuple[str, str]  # (name, type)


class Wanted(NamedTuple):
    """An RRSet as it should be: its TTL (``None``: the zone's default) and record values."""

    ttl: int | None
    values: frozenset[str]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zone", help="the zone's name, e.g. example.com")
    parser.add_argument("zonefile", type=Path, help="the zone file to sync the zone with")
    parser.add_argument("--apply", action="store_true", help="make the changes (default: show)")
    return parser.parse_args()


def normal(origin: dns.name.Name, rr_type: str, value: str) -> str:
    """A record value as dnspython writes it, names relative to the zone."""
    rdata = dns.rdata.from_text("IN", rr_type, value, origin=origin)
    return rdata.to_text(origin=origin, relativize=True)


def read_zonefile(name: str, text: str) -> tuple[int | None, dict[Key, Wanted]]:
    """The file's ``$TTL`` and its RRSets but the SOA."""
    origin = dns.name.from_text(name + ".")
    directive = re.search(r"^\$TTL\s+(\d+)", text, re.MULTILINE | re.IGNORECASE)
    default = int(directive.group(1)) if directive else None
    parsed = dns.zone.from_text(text, origin=origin, relativize=True, check_origin=False)
    wanted = {}
    for owner, node in parsed.nodes.items():
        for rdataset in node.rdatasets:
            rr_type = dns.rdatatype.to_text(rdataset.rdtype)
            if rr_type != "SOA":
                values = frozenset(r.to_text(origin=origin, relativize=True) for r in rdataset)
                ttl = None if rdataset.ttl == default else rdataset.ttl
                wanted[owner.to_text(), rr_type] = Wanted(ttl, values)
    return default, wanted


def current(zone: Zone, rrsets: list[RRSet]) -> dict[Key, Wanted]:
    """The zone's RRSets but the SOA, in the same terms."""
    origin = dns.name.from_text(zone.name + ".")
    return {
        (r.name, r.type): Wanted(r.ttl, frozenset(normal(origin, r.type, v) for v in r.values))
        for r in rrsets
        if r.type != "SOA"
    }


def shown(key: Key, wanted: Wanted) -> str:
    ttl = "default TTL" if wanted.ttl is None else f"TTL {wanted.ttl}"
    return f"{key[0]} {key[1]} ({ttl}): {', '.join(sorted(wanted.values))}"


def difference(have: dict[Key, Wanted], want: dict[Key, Wanted]) -> list[str]:
    """One line per RRSet to add (``+``), delete (``-``) or change (``~``)."""
    lines = [f"+ {shown(key, want[key])}" for key in sorted(want.keys() - have.keys())]
    lines += [f"- {shown(key, have[key])}" for key in sorted(have.keys() - want.keys())]
    for key in sorted(have.keys() & want.keys()):
        if have[key] != want[key]:
            lines.append(f"~ {shown(key, have[key])}\n  -> {shown(key, want[key])}")
    return lines


async def changes(
    rrsets: RRSetsClient, found: dict[Key, RRSet], have: dict[Key, Wanted], want: dict[Key, Wanted]
) -> list[Action]:
    """Start every change at once: the actions."""
    started: list[Any] = []
    for key in want.keys() - have.keys():
        started.append(rrsets.create(*key, sorted(want[key].values), ttl=want[key].ttl))
    for key in have.keys() - want.keys():
        started.append(found[key].delete())
    for key in have.keys() & want.keys():
        if have[key].values != want[key].values:
            started.append(found[key].set_records(sorted(want[key].values)))
        if have[key].ttl != want[key].ttl:
            started.append(found[key].change_ttl(want[key].ttl))
    results = await asyncio.gather(*started)
    return [result.action if isinstance(result, tuple) else result for result in results]


async def sync(client: asynchetzner.Client, args: argparse.Namespace, text: str) -> int:
    default, want = read_zonefile(args.zone, text)
    try:
        zone = await client.zones.get(args.zone)
    except asynchetzner.NotFoundError:
        print(f"zone {args.zone} does not exist: create it with {len(want)} RRSets and the SOA")
        if args.apply:
            result = await client.zones.create(args.zone, zonefile=text)
            await result.action.wait()
            print(f"created zone {result.zone.name} (id {result.zone.id})")
        return 0
    found = {(rrset.name, rrset.type): rrset for rrset in await zone.rrsets.get_all()}
    have = current(zone, list(found.values()))
    lines = difference(have, want)
    ttl_changes = default is not None and default != zone.ttl
    if ttl_changes:
        lines.insert(0, f"~ default TTL {zone.ttl} -> {default}")
    if not lines:
        print(f"zone {zone.name} is in sync with {args.zonefile}")
        return 0
    print("\n".join(lines))
    if not args.apply:
        print(f"{len(lines)} changes; run with --apply to make them")
        return 0
    actions = await changes(zone.rrsets, found, have, want)
    if ttl_changes and default is not None:
        actions.append(await zone.change_ttl(default))
    await client.actions.wait(actions)
    print(f"applied {len(lines)} changes ({len(actions)} actions)")
    return 0


async def main() -> int:
    args = parse_args()
    try:
        text = args.zonefile.read_text()
        read_zonefile(args.zone, text)  # refuse a bad file before connecting
    except (OSError, dns.exception.DNSException) as error:
        print(f"error: {args.zonefile}: {error}", file=sys.stderr)
        return 1
    try:
        async with asynchetzner.Client(application_name="asynchetzner-zone-sync") as client:
            return await sync(client, args, text)
    except asynchetzner.HetznerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
