"""Pricing: what everything the project can order costs, in the currency and with the VAT of the
project's owner (``GET /pricing``, one answer and not a collection)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..exceptions import ClientStateError
from ..typed.answers import member
from ..typed.models import field
from ..typed.resources import FamilyCalls

if TYPE_CHECKING:
    from ..client import Client


class Pricing:
    """The price list: each price a ``{"net", "gross"}`` pair of decimal strings, per location
    where prices differ by location; the raw answer is kept as ``.data``."""

    kind: ClassVar[str] = "pricing"
    family: ClassVar[str] = "hetzner-cloud"
    currency: str = field()
    vat_rate: str = field()
    primary_ips: list[dict[str, Any]] = field()
    floating_ips: list[dict[str, Any]] = field()
    floating_ip: dict[str, Any] | None = field()
    image: dict[str, Any] = field()
    volume: dict[str, Any] = field()
    server_backup: dict[str, Any] = field()
    server_types: list[dict[str, Any]] = field()
    load_balancer_types: list[dict[str, Any]] = field()

    def __init__(self, client: Client | None, data: Mapping[str, Any]) -> None:
        """Wrap ``data``, the ``pricing`` object of an answer."""
        self._client = client
        self.data = data if isinstance(data, dict) else dict(data)

    async def refresh(self) -> Pricing:
        """Load the current prices into this object."""
        if self._client is None:
            raise ClientStateError("this Pricing is not bound to a client")
        self.data = await _fetch(self._client)
        return self

    def __repr__(self) -> str:
        return f"<Pricing currency={self.currency!r} vat_rate={self.vat_rate!r}>"


class PricingClient:
    """``client.pricing``: ``await client.pricing.get()``."""

    model = Pricing
    path = "/pricing"

    def __init__(self, client: Client) -> None:
        self._client = client

    async def get(self) -> Pricing:
        """The current prices."""
        return Pricing(self._client, await _fetch(self._client))


async def _fetch(client: Client) -> dict[str, Any]:
    answer = await FamilyCalls(client, Pricing.family).call("GET", PricingClient.path)
    return member(answer, Pricing.kind, f"GET {PricingClient.path}")
