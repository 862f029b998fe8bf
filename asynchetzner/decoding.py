"""JSON decoding of answers: orjson, with what answers repeat shared between them.

Every server of a listing repeats the same keys, the same nested objects (its server type, its
location, its image) and many of the same values (``"running"``). orjson decodes 2-3 times
faster than ``json`` and shares keys itself. The nested objects that carry a numeric ``id`` of
the object an answer holds (or of each item of a list it holds) become one object when equal as
JSON, shared by the items of the answer and with later answers; every other short string value
goes through a pool of short strings. A server so holds about 2.6 kB, listed or alone
(``json.loads`` gives it 9.6 kB listed and 13.5 kB alone, orjson alone about 10.5 kB). The pool
and the kept objects are emptied when full: they never grow without bound.

The shared nested objects are plain dicts: a change to one shows in every answer sharing it
(copy one before changing it, as ``copy.deepcopy(server.data)`` does). A kept object a caller
changed is no longer given to later answers.
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

OBJECTS_LIMIT = 1 << 10
"""Nested objects kept for later answers before starting again from empty."""

_pool: dict[str, str] = {}
_objects: dict[tuple[int, bytes], dict[str, Any]] = {}


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
    """Share what ``answer`` repeats: short strings through the pool, and the nested objects
    carrying a numeric ``id`` of the object it holds or of each item of a list it holds."""
    share = _pool.setdefault
    for key, value in answer.items():
        kind = value.__class__
        if kind is str:
            if len(value) <= SHARED_LENGTH:
                answer[key] = share(value, value)
        elif kind is dict:
            _share_item(value, {}, 2)
        elif kind is list:
            seen: dict[bytes, dict[str, Any]] = {}
            for index, item in enumerate(value):
                if item.__class__ is dict:
                    _share_item(item, seen, 3)
                else:
                    _walk(value, ((index, item),), 2)


def _share_item(item: dict[str, Any], seen: dict[bytes, dict[str, Any]], depth: int) -> None:
    """An object an answer holds (at ``depth``): each nested object carrying a numeric ``id``
    is replaced by an equal one seen before (in this answer, ``seen``, or in an earlier one)."""
    share = _pool.setdefault
    for name, value in item.items():
        kind = value.__class__
        if kind is str:
            if len(value) <= SHARED_LENGTH:
                item[name] = share(value, value)
        elif kind is dict:
            # An API object's id is a number; a label named "id" holds text: labels, which
            # callers change and send back, are never shared.
            if value.get("id").__class__ is int:
                item[name] = _shared_object(value, seen, depth + 1)
            else:
                _walk(value, value.items(), depth + 1)
        elif kind is list:
            _walk(value, enumerate(value), depth + 1)


def _shared_object(
    value: dict[str, Any], seen: dict[bytes, dict[str, Any]], depth: int
) -> dict[str, Any]:
    """The object equal to ``value`` as JSON that earlier answers hold, else ``value`` itself,
    walked and kept for later ones. One kept is used only while still equal to what it was
    kept as, so a caller who changed it does not change what later answers say."""
    try:
        text = orjson.dumps(value)  # equal as JSON: same keys, values, types
    except orjson.JSONEncodeError:  # orjson's own limit, 255 levels
        raise TooDeep(f"nested deeper than {MAX_DEPTH} levels") from None
    kept = seen.get(text)
    if kept is not None:
        return kept
    kept = _objects.get((depth, text))  # kept at this depth: its own depth was checked
    if kept is None or not _unchanged(kept, text):
        if len(_objects) >= OBJECTS_LIMIT:
            _objects.clear()
        _walk(value, value.items(), depth)
        _objects[depth, text] = kept = value
    seen[text] = kept
    return kept


def _unchanged(kept: dict[str, Any], text: bytes) -> bool:
    """Whether a kept object still reads as ``text`` (a caller may have changed it)."""
    try:
        return orjson.dumps(kept) == text
    except orjson.JSONEncodeError:  # changed to hold what JSON cannot
        return False


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
