"""Hetzner's Cloud API (``https://api.hetzner.cloud/v1``): its kinds, operation index and schemas.

``operations.json`` and ``requests.json`` are generated from the official OpenAPI document by
``tools/operation_index.py`` and ``tools/trim_spec.py``. A kind is served once its module's
``KIND`` is in ``CLOUD``'s list; parents before their sub-collections.
"""

from ..engine.kinds import Api
from . import (
    actions,
    data_centers,
    images,
    isos,
    locations,
    networks,
    placement_groups,
    server_types,
    servers,
    ssh_keys,
)

CLOUD = Api(
    "Hetzner's Cloud API",
    __name__,
    [
        actions.KIND,
        data_centers.KIND,
        images.KIND,
        isos.KIND,
        locations.KIND,
        networks.KIND,
        placement_groups.KIND,
        server_types.KIND,
        servers.KIND,
        ssh_keys.KIND,
    ],
)
