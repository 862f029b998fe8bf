"""Locations: where servers and other resources live (``fsn1``, ``nbg1``, ``hel1``…)."""

from __future__ import annotations

from ..typed.models import Model, field
from ..typed.resources import ResourceClient


class Location(Model):
    """A location with its city, country, coordinates and network zone."""

    kind = "location"
    name: str = field()
    description: str = field()
    country: str = field()
    city: str = field()
    latitude: float = field()
    longitude: float = field()
    network_zone: str = field()


class LocationsClient(ResourceClient[Location]):
    """``client.locations``."""

    model = Location
    path = "/locations"
