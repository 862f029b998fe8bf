"""Locations: read-only, seeded from Hetzner's list."""

from ..engine.kinds import Kind
from . import seed_data

KIND = Kind("locations", seed=seed_data.locations)
