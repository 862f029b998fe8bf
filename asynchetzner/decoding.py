"""JSON decoding of answers: orjson, with what answers repeat shared between them.

Every server of a listing repeats the same keys, the same nested objects (its server type, its
location, its image) and many of the same values (``"running"``). orjson decodes 2-3 times
faster than ``json`` and shares keys itself. In a list answer, the nested objects of its items
that carry an ``id`` and are equal are made one object, shared by those items; every short string
value goes through a pool of short strings. A thousand listed servers so take about a third of
the memory ``json.loads`` would give them, and a single answer about two thirds. The pool is
emptied when full: it never grows without bound.

The shared nested objects are plain dicts: a change to one shows in every item sharing it (copy
one before changing it, as ``copy.deepcopy(server.data)`` does).
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
    if data.__class__ is dict:
        if len(_pool) > POOL_LIMIT:
            _pool.clear()
        _share_strings(data, _share_objects(data))
    elif data.__class__ is list:
        if len(_pool) > POOL_LIMIT:
            _pool.clear()
        _share_strings(data, {})
    return data


def _share_objects(answer: dict[str, Any]) -> dict[int, bool]:
    """Make the equal nested objects carrying an ``id`` of each list's items one object; the
    ids (``id()``) of the objects kept, each mapped to ``False`` (not walked yet)."""
    kept: dict[int, bool] = {}
    for items in answer.values():
        if items.__class__ is not list or len(items) < 2:
            continue
        first: dict[bytes, Any] = {}
        for item in items:
            if item.__class__ is not dict:
                continue
            for name, value in item.items():
                if value.__class__ is dict and "id" in value:
                    try:
                        text = orjson.dumps(value)  # equal as JSON: same keys, values, types
                    except orjson.JSONEncodeError:  # orjson's own limit, 255 levels
                        raise TooDeep(f"nested deeper than {MAX_DEPTH} levels") from None
                    kept_value = first.setdefault(text, value)
                    if kept_value is value:
                        kept[id(value)] = False
                    else:
                        item[name] = kept_value
    return kept


def _share_strings(root: Any, kept: dict[int, bool]) -> None:
    """Replace every short string value under ``root`` (a dict or a list) by its pooled equal,
    walking each of the ``kept`` shared objects once; ``ValueError`` if it nests deeper than
    ``MAX_DEPTH``.

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
                if kept and kept.get(id(value)):
                    continue  # a shared object already walked
                if id(value) in kept:
                    kept[id(value)] = True
                stack.append((value, depth + 1))
