"""What Storage Boxes and their subaccounts share: the password policy, access settings, and a
box that takes one action at a time (its subaccounts' and snapshots' actions lock it too)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..engine.entities import Entity
from ..engine.errors import invalid_input, locked
from ..engine.project import Project

BOX = "storage_box"
_SPECIALS = "^°!§$%/()=?+#-.,;:~*@{}_&"
_ALLOWED = re.compile(r"[a-zA-ZÄÖÜäöüß0-9" + re.escape(_SPECIALS) + r"]{12,128}")
_CLASSES = ("[A-ZÄÖÜ]", "[a-zäöüß]", "[0-9]", "[" + re.escape(_SPECIALS) + "]")


def check_password(password: str, field: str = "password") -> None:
    """Hetzner's password policy: 12 to 128 of the allowed characters, with an upper and a lower
    case letter, a digit and a special character."""
    if not _ALLOWED.fullmatch(password) or not all(re.search(c, password) for c in _CLASSES):
        raise invalid_input(
            {
                field: [
                    "must be 12 to 128 characters with an upper and a lower case letter, a "
                    f"digit and one of {_SPECIALS}, and no other characters"
                ]
            },
            "the password does not follow the password policy",
        )


def merged_settings(settings: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """``settings`` with the values the body gives for its keys."""
    return {key: body.get(key, value) for key, value in settings.items()}


def free_box(project: Project, box_id: int) -> None:
    """``locked`` while an action runs on the Storage Box."""
    if project.store.running_on(BOX, box_id):
        raise locked("Storage Box", box_id)


def children(project: Project, table: str, box: Entity) -> list[Entity]:
    """The box's subaccounts or snapshots."""
    return [e for e in project.store.table(table).values() if e.get("_parent") == box["id"]]
