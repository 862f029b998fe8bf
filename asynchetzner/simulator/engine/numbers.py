"""Numbers a request writes as text (ids in paths, names or queries, pages, steps).

``str.isdigit`` and ``int`` take more than the API does: ``²`` passes ``isdigit`` but ``int``
refuses it, ``int`` reads ``٣`` as 3 and ``" 7"`` as 7, and refuses numbers of over 4300 digits.
Every such number is read here instead, from ASCII digits only.
"""

from __future__ import annotations

import re

BEYOND = 2**63  # past the API's numbers (int64): no id, page or count reaches it
_DIGITS = re.compile(r"[0-9]+")


def positive_int(text: str) -> int | None:
    """``text`` as an integer of 1 or more, ``None`` unless it is only ASCII digits; a number past
    the API's reads as ``BEYOND``, as good as any larger one."""
    if _DIGITS.fullmatch(text) is None:
        return None
    digits = text.lstrip("0")
    if not digits:
        return None
    return BEYOND if len(digits) > len(str(BEYOND)) else min(int(digits), BEYOND)
