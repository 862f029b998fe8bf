"""The RRSets of a primary zone: its records, one RRSet per name and type.

An RRSet is addressed by its name relative to the zone (``@`` for the apex, ``*`` wildcards) and
its type; its ``id`` is ``name/type``. Names may be given in Unicode: they are sent in Punycode
(``münchen`` → ``xn--mnchen-3ya``), lower case, and quoted as a path segment (``@`` → ``%40``).
Records are given as values or as ``{"value": ..., "comment": ...}``::

    rrsets = zone.rrsets                          # or client.zones.rrsets("example.com")
    www = await rrsets.get("www", "A")
    await www.add_records(["198.51.100.2"])
    await rrsets.add_records("@", "MX", ["10 mail.example.com."])   # creates it if needed

Every change runs an action on the zone, which the methods return.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, NamedTuple, TypedDict

from ..typed.actions import Action
from ..typed.answers import member
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import field
from ..typed.resources import Bound, Collection


class Record(TypedDict, total=False):
    """A record as the API takes it: its ``value`` (``"198.51.100.1"``, ``"10 mail.example.com."``,
    ``'"v=spf1 -all"'``) and an optional ``comment``."""

    value: str
    comment: str


def ace(name: str, argument: str = "name") -> str:
    """A domain name as the API takes it: lower case, each non-ASCII label in Punycode with its
    ACE prefix (``münchen.de`` → ``xn--mnchen-3ya.de``); ``@`` and ``*`` stay as they are."""
    text = check_name(name, argument)
    if "" in text.split("."):
        raise invalid_argument(argument, f"has an empty label (no ending dot): {name!r}")
    try:
        labels = [label.encode("idna").decode("ascii") for label in text.split(".")]
    except UnicodeError as error:
        raise invalid_argument(argument, f"is no domain name: {error}") from None
    return ".".join(labels).lower()


def check_type(rr_type: str) -> str:
    """An RRSet type, in upper case as the API names it (``A``, ``MX``, ``TXT``…)."""
    return check_name(rr_type, "type").upper()


def records_of(records: Sequence[str | Mapping[str, Any]], argument: str = "records") -> list[Any]:
    """Records in the API's shape, from values or ``Record`` mappings; never empty."""
    if isinstance(records, (str, Mapping)) or not records:
        raise invalid_argument(argument, "must be a non-empty list of values or records")
    return [
        {"value": check_name(record, argument)} if isinstance(record, str) else dict(record)
        for record in records
    ]


def _ttl(ttl: int | None) -> int | None:
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 1):
        raise invalid_argument("ttl", f"must be a positive number of seconds, not {ttl!r}")
    return ttl


class RRSet(Bound):
    """An RRSet: ``name``, ``type``, its ``records`` (``[{"value": ..., "comment": ...}]``), its
    own ``ttl`` (``None``: the zone's), ``zone`` (the zone's id) and ``protection``
    (``{"change": bool}``)."""

    kind = "rrset"
    shown: ClassVar[tuple[str, ...]] = ("name", "type")
    name: str = field()
    type: str = field()
    ttl: int | None = field()
    labels: dict[str, str] = field()
    protection: dict[str, bool] = field()
    records: list[dict[str, str]] = field()
    zone: int = field()

    @property
    def values(self) -> list[str]:
        """The values of the records."""
        return [record["value"] for record in self.records or []]

    async def update(self, *, labels: dict[str, str]) -> RRSet:
        """Replace the labels; the RRSet as the API now shows it."""
        path = self._path()
        answer = await self._calls.call("PUT", path, {"labels": labels})
        self._set_data(member(answer, self.kind, f"PUT {path}"))
        return self

    async def delete(self) -> Action:
        """Delete the RRSet (not the zone's SOA or apex NS ones)."""
        path = self._path()
        return self._calls.action(await self._calls.call("DELETE", path), f"DELETE {path}")

    async def change_protection(self, change: bool) -> Action:
        """Protect the RRSet against changes and deletion (``change=True``), or lift it."""
        return await self._action("change_protection", change=change)

    async def change_ttl(self, ttl: int | None) -> Action:
        """Give the RRSet a TTL of its own, or the zone's default (``None``)."""
        return await self._action("change_ttl", ttl=_ttl(ttl))

    async def set_records(self, records: Sequence[str | Record]) -> Action:
        """Replace the records."""
        return await self._action("set_records", records=records_of(records))

    async def add_records(self, records: Sequence[str | Record], ttl: int | None = None) -> Action:
        """Add records (``ttl``, if given, must be the RRSet's own TTL where it has one)."""
        return await self._action(
            "add_records", records=records_of(records), **present(ttl=_ttl(ttl))
        )

    async def remove_records(self, records: Sequence[str | Record]) -> Action:
        """Remove the records with these values; an RRSet left without records is deleted."""
        return await self._action("remove_records", records=records_of(records))

    async def update_records(self, records: Sequence[Record]) -> Action:
        """Change the comments of records, found by their values."""
        return await self._action("update_records", records=records_of(records))


class CreateRRSetResult(NamedTuple):
    """What creating an RRSet answers: the RRSet, and its ``create_rrset`` action (on the zone)."""

    rrset: RRSet
    action: Action


class RRSetsClient(Collection[RRSet]):
    """The RRSets of one zone (its id or name): ``zone.rrsets``, ``client.zones.rrsets(zone)``.
    Lists take ``name=``, ``type=`` (one or a list), ``label_selector=`` and ``sort=``."""

    model = RRSet
    path = "/zones/{zone}/rrsets"
    item = "{name}/{type}"

    def _key(self, name: str, rr_type: str) -> dict[str, str]:
        return {"name": ace(name), "type": check_type(rr_type)}

    async def get(self, name: str, type: str) -> RRSet:
        """The RRSet of this name and type; ``NotFoundError`` when absent."""
        return await self._get(**self._key(name, type))

    async def get_by_name(self, name: str, **filters: Any) -> RRSet | None:
        """An RRSet of this name (the first of its types; ``type=`` picks one), or ``None``."""
        return await super().get_by_name(ace(name), **filters)

    async def create(
        self,
        name: str,
        type: str,
        records: Sequence[str | Record],
        *,
        ttl: int | None = None,
        labels: dict[str, str] | None = None,
    ) -> CreateRRSetResult:
        """Create an RRSet (``ttl``: its own; left out, the zone's default)."""
        body = {
            **self._key(name, type),
            "records": records_of(records),
            **present(ttl=_ttl(ttl), labels=labels),
        }
        where = f"POST {self._path}"
        answer = await self._calls.call("POST", self._path, body)
        return CreateRRSetResult(
            self._wrap(member(answer, "rrset", where)), self._calls.action(answer, where)
        )

    async def update(self, name: str, type: str, *, labels: dict[str, str]) -> RRSet:
        """Replace the labels of the RRSet of this name and type."""
        return await self._put(self._key(name, type), {"labels": labels})

    async def delete(self, name: str, type: str, *, missing_ok: bool = False) -> Action | None:
        """Delete the RRSet of this name and type: the action; ``None`` if absent and
        ``missing_ok``."""
        deleted = await self._delete(self._key(name, type), missing_ok)
        return None if deleted is None else self._calls.action(*deleted)

    async def add_records(
        self, name: str, type: str, records: Sequence[str | Record], ttl: int | None = None
    ) -> Action:
        """Add records to the RRSet of this name and type, created if there is none."""
        path = f"{self._item_path(self._key(name, type))}/actions/add_records"
        body = {"records": records_of(records), **present(ttl=_ttl(ttl))}
        return self._calls.action(await self._calls.call("POST", path, body), f"POST {path}")
