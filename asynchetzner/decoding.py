"""JSON decoding of answers: orjson, with the strings answers repeat shared between them.

Every server of a listing repeats the same keys and many of the same values (``"running"``,
its location's and server type's names and descriptions, prices). orjson decodes 2-3 times
faster than ``json`` and shares keys itself; values go through a pool of short strings, so a
thousand decoded servers take about half the memory ``json.loads`` would give them. The pool
is emptied when full: it never grows without bound.
"""

from __future__ import annotations

from typing import Any

import orjson

POOL_LIMIT = 1 << 14
"""Strings the pool holds before it starts again from empty (2.5 MiB at the very most)."""
SHARED_LENGTH = 64
"""Longest string value shared: longer ones (keys, certificates, user data) rarely repeat."""
MAX_DEPTH = 100
"""Deepest nesting accepted: Hetzner's answers nest a few levels; a hostile one could make any
recursive code that reads it (``json.dumps``, ``copy.deepcopy``) overflow."""

_pool: dict[str, str] = {}


class TooDeep(ValueError):
    """A JSON document nested deeper than ``MAX_DEPTH``."""


def decode_json(body: bytes) -> Any:
    """Decode a JSON body; ``ValueError`` if it is not UTF-8 JSON (``TooDeep`` if it nests
    deeper than ``MAX_DEPTH``)."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):  # orjson's own limit, 1024 levels
            raise TooDeep(str(exc)) from None
        raise
    if data.__class__ is dict or data.__class__ is list:
        if len(_pool) > POOL_LIMIT:
            _pool.clear()
        _share_strings(data)
    return data


def _share_strings(root: Any) -> None:
    """Replace every short string value under ``root`` (a dict or a list) by its pooled equal;
    ``ValueError`` if it nests deeper than ``MAX_DEPTH``.

    A loop over a stack, not recursion: however deeply an answer nests, this cannot overflow.
    """
    share = _pool.setdefault
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
        places = node.items() if node.__class__ is dict else enumerate(node)
        for place, value in places:
            kind = value.__class__
            if kind is str:
                if len(value) <= SHARED_LENGTH:
                    node[place] = share(value, value)
            elif kind is dict or kind is list:
                stack.append((value, depth + 1))
