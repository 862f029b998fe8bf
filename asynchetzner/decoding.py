"""JSON decoding of answers: orjson, with what answers repeat shared between them.

Every server of a listing repeats the same keys, the same nested objects (its server type, its
location, its image) and many of the same values (``"running"``). orjson decodes 2-3 times
faster than ``json`` and shares keys itself. Within one list answer, the nested objects of its
items that carry a numeric ``id`` and are equal as JSON become one object, shared by those
items; every short string value goes through a pool of short strings, shared across answers. A
listed server so holds about 2.6 kB (``json.loads`` gives it 9.6 kB, orjson alone 10.5 kB), a
single server answer about 7.8 kB (13.5 kB, 10.7 kB). The pool is emptied when full: it never
grows without bound.

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
    if data.__class__ is dict or data.__class__ is list:
        if len(_pool) > POOL_LIMIT:
            _pool.clear()
        if data.__class__ is dict:
            _share_answer(data)
        else:
            _walk(data, enumerate(data), 1)
    return data


def _share_answer(answer: dict[str, Any]) -> None:
    """Share what ``answer`` repeats: short strings through the pool, and in each of its lists
    of two or more items, the equal nested objects of the items that carry a numeric ``id``."""
    share = _pool.setdefault
    for key, value in answer.items():
        kind = value.__class__
        if kind is str:
            if len(value) <= SHARED_LENGTH:
                answer[key] = share(value, value)
        elif kind is list and len(value) > 1:
            _share_items(value)
        elif kind is dict or kind is list:
            _walk(value, value.items() if kind is dict else enumerate(value), 2)


def _share_items(items: list[Any]) -> None:
    """The items of a list answer (at depth 2): each nested object carrying a numeric ``id``
    that equals one of an earlier item is replaced by that one, already walked."""
    first: dict[bytes, Any] = {}
    share = _pool.setdefault
    for index, item in enumerate(items):
        if item.__class__ is not dict:
            _walk(items, ((index, item),), 2)
            continue
        for name, value in item.items():
            kind = value.__class__
            if kind is str:
                if len(value) <= SHARED_LENGTH:
                    item[name] = share(value, value)
            elif kind is dict:
                # An API object's id is a number; a label named "id" holds text: labels, which
                # callers change and send back, are never shared.
                if value.get("id").__class__ is int:
                    try:
                        text = orjson.dumps(value)  # equal as JSON: same keys, values, types
                    except orjson.JSONEncodeError:  # orjson's own limit, 255 levels
                        raise TooDeep(f"nested deeper than {MAX_DEPTH} levels") from None
                    kept = first.setdefault(text, value)
                    if kept is not value:
                        item[name] = kept
                        continue
                _walk(value, value.items(), 4)
            elif kind is list:
                _walk(value, enumerate(value), 4)


def _walk(node: Any, places: Any, depth: int) -> None:
    """Replace every short string value among ``places`` of ``node`` (at ``depth``), and under
    them, by its pooled equal; ``TooDeep`` past ``MAX_DEPTH``, checked before going deeper, so
    the recursion stays that shallow."""
    share = _pool.setdefault
    for place, value in places:
        kind = value.__class__
        if kind is str:
            if len(value) <= SHARED_LENGTH:
                node[place] = share(value, value)
        elif kind is dict or kind is list:
            if depth >= MAX_DEPTH:
                raise TooDeep(f"nested deeper than {MAX_DEPTH} levels")
            _walk(value, value.items() if kind is dict else enumerate(value), depth + 1)
