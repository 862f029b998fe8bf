"""Hetzner's API families: where each one is, how it authenticates, where it keeps its actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Auth = Literal["bearer", "basic"]


@dataclass(frozen=True)
class Family:
    """One of Hetzner's APIs, which a typed kind belongs to.

    ``auth`` is ``bearer`` (the project token) or ``basic`` (a Robot web-service user, with
    form-encoded bodies); ``actions_path`` is where the family lists its actions
    (``GET <actions_path>?id=…``), ``None`` when it has none.
    """

    name: str
    default_url: str
    auth: Auth
    actions_path: str | None


CLOUD = "hetzner-cloud"
FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family(CLOUD, "https://api.hetzner.cloud/v1", "bearer", "/actions"),
        Family("hetzner-api", "https://api.hetzner.com/v1", "bearer", "/storage_boxes/actions"),
        Family("hetzner-robot", "https://robot-ws.your-server.de", "basic", None),
    )
}
ENDPOINTS: dict[str, str] = {name: family.default_url for name, family in FAMILIES.items()}
DEFAULT_ENDPOINT = CLOUD
