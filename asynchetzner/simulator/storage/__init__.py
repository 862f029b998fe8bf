"""Hetzner's API (``https://api.hetzner.com/v1``): Storage Boxes, their subaccounts, snapshots and
types, served under ``/hetzner/v1`` beside the Cloud API, in the same project.

``operations.json`` and ``requests.json`` are generated from the official OpenAPI document
(``hetzner.spec.json``) by ``tools/operation_index.py`` and ``tools/trim_spec.py``. Each module
here that ends in a ``KIND`` declaration is served; nothing else needs to name it. Its actions
share the project's action ids, so the Cloud API's ``GET /actions/{id}`` finds them too, as the
official ``hcloud`` library reads them.
"""

from ..engine.kinds import Api

HETZNER_PREFIX = "/hetzner/v1"
STORAGE = Api("Hetzner's API", __name__, prefix=HETZNER_PREFIX)
