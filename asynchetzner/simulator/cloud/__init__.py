"""Hetzner's Cloud API (``https://api.hetzner.cloud/v1``): its kinds, operation index and schemas.

``operations.json`` and ``requests.json`` are generated from the official OpenAPI document by
``tools/operation_index.py`` and ``tools/trim_spec.py``. Each module here that ends in a
``KIND`` declaration is served; nothing else needs to name it.
"""

from ..engine.kinds import Api

CLOUD = Api("Hetzner's Cloud API", __name__)
