"""DNS zones on Hetzner's nameservers, in primary mode (records managed through the API, as
``RRSet``s) or secondary mode (transferred from primary nameservers).

A zone is addressed by its id or its name; names may be given in Unicode and are sent in
Punycode (``münchen.de`` → ``xn--mnchen-3ya.de``). Zone files are BIND (RFC 1035) text::

    zone = await client.zones.get("example.com")
    text = await zone.export_zonefile()
    await (await zone.import_zonefile(text)).wait()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar, Literal, NamedTuple, TypedDict

from ..typed.actions import Action
from ..typed.answers import member, member_text
from ..typed.arguments import check_id, check_name, invalid_argument, present
from ..typed.models import Model, field, time_field
from ..typed.resources import ActionReads, Creatable, Deletable, Protectable
from .zone_rrsets import Record, RRSetsClient, ace, check_type, records_of


class PrimaryNameserver(TypedDict, total=False):
    """A primary nameserver of a secondary zone, as the API takes it: ``address`` (a public IP),
    ``port`` (53 by default), and a ``tsig_key`` (base64) with its ``tsig_algorithm``
    (``hmac-md5``, ``hmac-sha1``, ``hmac-sha256``)."""

    address: str
    port: int
    tsig_key: str
    tsig_algorithm: str


class RRSetSpec(TypedDict, total=False):
    """An RRSet to create with a zone: ``name``, ``type``, ``records`` (``Record``s), and
    optionally its ``ttl`` and ``labels``."""

    name: str
    type: str
    ttl: int | None
    records: list[Record]
    labels: dict[str, str]


def zone_key(zone: object) -> int | str:
    """What addresses a zone: its id, or its name (in Punycode)."""
    if isinstance(zone, Model):
        zone = zone.id
    if isinstance(zone, str):
        return ace(zone, "zone")
    return check_id(zone, "zone")


def _ttl(ttl: object) -> int:
    if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 1:
        raise invalid_argument("ttl", f"must be a positive number of seconds, not {ttl!r}")
    return ttl


def _nameservers(servers: Sequence[PrimaryNameserver]) -> list[dict[str, Any]]:
    if isinstance(servers, (str, dict)) or not servers:
        raise invalid_argument("primary_nameservers", "must be a non-empty list of nameservers")
    return [dict(server) for server in servers]


def _rrset_spec(spec: RRSetSpec) -> dict[str, Any]:
    """An RRSet of ``POST /zones`` with its name in Punycode and its records in the API's shape."""
    body: dict[str, Any] = dict(spec)
    body["name"] = ace(spec.get("name", ""), "rrsets.name")
    body["type"] = check_type(spec.get("type", ""))
    body["records"] = records_of(spec.get("records", []), "rrsets.records")
    return body


class Zone(Protectable):
    """A zone: ``name``, ``mode`` (``primary``/``secondary``), its default ``ttl``, ``status``,
    ``record_count``, the ``authoritative_nameservers`` Hetzner assigned, and for a secondary
    zone its ``primary_nameservers``."""

    kind = "zone"
    shown: ClassVar[tuple[str, ...]] = ("name", "mode", "status")
    name: str = field()
    mode: str = field()
    ttl: int = field()
    status: str = field()
    created: datetime | None = time_field()
    labels: dict[str, str] = field()
    protection: dict[str, bool] = field()
    record_count: int = field()
    primary_nameservers: list[dict[str, Any]] = field()
    authoritative_nameservers: dict[str, Any] = field()
    registrar: str = field()

    @property
    def rrsets(self) -> RRSetsClient:
        """The zone's RRSets (a primary zone's)."""
        return RRSetsClient(self._bound_client(), zone=self.id)

    async def export_zonefile(self) -> str:
        """The zone as a BIND zone file (RFC 1035), as Hetzner's nameservers serve it."""
        path = f"{self._path()}/zonefile"
        return member_text(await self._calls.call("GET", path), "zonefile", f"GET {path}")

    async def import_zonefile(self, zonefile: str) -> Action:
        """Replace every RRSet by those of a BIND zone file (its ``$TTL`` becomes the zone's
        default TTL); it must hold the SOA record and the assigned nameservers' NS records."""
        return await self._action("import_zonefile", zonefile=check_name(zonefile, "zonefile"))

    async def change_ttl(self, ttl: int) -> Action:
        """Change the default TTL of the zone's RRSets that have none of their own."""
        return await self._action("change_ttl", ttl=_ttl(ttl))

    async def change_primary_nameservers(
        self, primary_nameservers: Sequence[PrimaryNameserver]
    ) -> Action:
        """Replace the primary nameservers of a secondary zone."""
        return await self._action(
            "change_primary_nameservers", primary_nameservers=_nameservers(primary_nameservers)
        )


class CreateZoneResult(NamedTuple):
    """What ``POST /zones`` answers: the zone and its ``create_zone`` action."""

    zone: Zone
    action: Action


class ZonesClient(Creatable[Zone], Deletable[Zone], ActionReads[Zone]):
    """``client.zones``: zones by id or name; ``rrsets(zone)`` for a zone's RRSets."""

    model = Zone
    path = "/zones"
    deleted_by_action = True

    def _key(self, resource: object) -> int | str:
        return zone_key(resource)

    def rrsets(self, zone: int | str | Zone) -> RRSetsClient:
        """The RRSets of a zone (its id, name or object), without a request."""
        return RRSetsClient(self._client, zone=zone_key(zone))

    async def get(self, resource: int | str | Zone) -> Zone:
        """One zone by id or name; ``NotFoundError`` when absent."""
        return await self._get(id=zone_key(resource))

    async def get_by_name(self, name: str, **filters: Any) -> Zone | None:
        """The zone of this name (Unicode is sent in Punycode), or ``None``."""
        return await super().get_by_name(ace(name), **filters)

    async def create(
        self,
        name: str,
        mode: Literal["primary", "secondary"] = "primary",
        *,
        ttl: int | None = None,
        labels: dict[str, str] | None = None,
        primary_nameservers: Sequence[PrimaryNameserver] | None = None,
        rrsets: Sequence[RRSetSpec] | None = None,
        zonefile: str | None = None,
    ) -> CreateZoneResult:
        """Create a zone: a primary one (with a SOA and the assigned nameservers' NS records,
        plus ``rrsets`` or a ``zonefile``), or a secondary one of ``primary_nameservers``."""
        if mode not in ("primary", "secondary"):
            raise invalid_argument("mode", f"must be 'primary' or 'secondary', not {mode!r}")
        optional: dict[str, Any] = {
            "ttl": None if ttl is None else _ttl(ttl),
            "labels": labels,
            "primary_nameservers": None
            if primary_nameservers is None
            else _nameservers(primary_nameservers),
            "rrsets": None if rrsets is None else [_rrset_spec(spec) for spec in rrsets],
            "zonefile": None if zonefile is None else check_name(zonefile, "zonefile"),
        }
        answer, where = await self._create(name=ace(name), mode=mode, **present(**optional))
        return CreateZoneResult(
            self._wrap(member(answer, "zone", where)), self._calls.action(answer, where)
        )

    async def update(self, resource: int | str | Zone, *, labels: dict[str, str]) -> Zone:
        """Replace the zone's labels (the only thing an update changes)."""
        return await self._update(resource, {"labels": labels})

    async def delete(
        self, resource: int | str | Zone, *, missing_ok: bool = False
    ) -> Action | None:
        """Delete the zone and its RRSets: the deleting action; ``None`` when absent and
        ``missing_ok``."""
        return await self._delete_resource(resource, missing_ok)
