"""ISOs: read-only, seeded with Hetzner's public ISOs.

``architecture`` keeps the ISOs of that architecture, and also those for any architecture (no
``architecture``) with ``include_architecture_wildcard=true``.
"""

from __future__ import annotations

from multidict import MultiMapping

from ..engine.kinds import Entity, Kind
from ..engine.listing import flag
from . import seed_data


def select(query: MultiMapping[str], isos: list[Entity]) -> list[Entity]:
    """The ISOs of the asked architecture (with the wildcard ones if asked for)."""
    architecture = query.get("architecture")
    wildcard = flag(query, "include_architecture_wildcard")
    if architecture is None:
        return isos
    accepted = {architecture, None} if wildcard else {architecture}
    return [iso for iso in isos if iso["architecture"] in accepted]


KIND = Kind(
    "isos", label="ISO", seed=seed_data.isos, select=select, own_query=frozenset({"architecture"})
)
