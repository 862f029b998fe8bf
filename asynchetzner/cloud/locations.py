"""Locations: where servers and other resources live (``fsn1``, ``nbg1``, ``hel1``…)."""

from __future__ import annotations

from ..typed.models import Model
from ..typed.resources import ResourceClient


class Location(Model):
    """A location (``fsn1``, ``nbg1``, ``hel1``, ``ash``, ``hil``, ``sin``…)."""

    fields = ("name", "description", "country", "city", "latitude", "longitude", "network_zone")
    name: str
    description: str
    country: str
    city: str
    latitude: float
    longitude: float
    network_zone: str


class LocationsClient(ResourceClient[Location]):
    """``client.locations``."""

    path = "/locations"
    single = "location"
    model = Location
