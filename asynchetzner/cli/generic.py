"""Generic calls from a shell: ``asynchetzner get /servers status=running status=off``.

``key=value`` passes a string, ``key:=json`` a JSON value (``labels:='{"env":"prod"}'``,
``start_after_create:=false``, ``id:=[1,2]``). For ``get`` and ``delete`` they become the query
string, where repeating a key makes a list; for ``post`` and ``put`` the JSON body. Keys go through
the client's keyword rules: ``_from=x`` sends ``from``, ``_timeout:=5`` is a call option.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from ..protocol import split_keywords
from . import UsageError, connect
from .output import print_json

QUERY_METHODS = frozenset({"get", "delete"})
_SCALARS = (str, int, float, bool, type(None))


def parse_pairs(items: Iterable[str], into_query: bool) -> dict[str, Any]:
    """Read ``key=value`` and ``key:=json`` items into the keywords of a generic call.

    For a query a repeated key gathers its values into a list, and values must be scalars or
    lists of scalars; a body takes each key once (``key:=[...]`` is its list).
    """
    keywords: dict[str, Any] = {}
    for item in items:
        key, value = _parse_item(item)
        if into_query:
            _check_query_value(item, value)
            if key in keywords:
                value = _as_list(keywords[key]) + _as_list(value)
        elif key in keywords:
            raise UsageError(f"{key!r} is given twice; a list in a body is written {key}:='[...]'")
        keywords[key] = value
    try:
        split_keywords(keywords)
    except TypeError as error:
        raise UsageError(str(error)) from None
    return keywords


def _parse_item(item: str) -> tuple[str, Any]:
    key, separator, text = item.partition("=")
    is_json = key.endswith(":")
    if is_json:
        key = key[:-1]
    if not separator or not key:
        raise UsageError(f"malformed item {item!r}: expected key=value or key:=json")
    if not is_json:
        return key, text
    try:
        return key, json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"invalid JSON in {item!r}: {error.msg} (a plain string is written {key}=text)"
        ) from None


def _check_query_value(item: str, value: Any) -> None:
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(one, _SCALARS) for one in values):
        raise UsageError(
            f"{item!r} cannot go into a query: use a string, number, boolean or a list of those"
        )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


async def call(args: argparse.Namespace) -> int:
    """Send ``METHOD PATH`` with the items and print the JSON answer."""
    keywords = parse_pairs(args.items, into_query=args.method in QUERY_METHODS)
    async with connect(args) as client:
        answer = await getattr(client, args.method)(args.path, **keywords)
    print_json(answer, sys.stdout)
    return 0
