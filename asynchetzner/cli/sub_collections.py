"""Sub-collections on the command line (``zones rrsets list ZONE``), and how a command's words
address an item of any collection.

A kind's sub-collections are what the registry already tells: the methods of its collection that
hand back another collection without a request (``client.zones.rrsets(zone)``,
``client.storage_boxes.subaccounts(box)``). Their commands take the parent (its id or name) first.

An item is addressed by what its collection's ``get`` takes: one id or name for collections of
items with ids, or several words, such as an RRSet's ``NAME TYPE``.
"""

from __future__ import annotations

import argparse
import inspect
import typing
from collections.abc import Sequence
from typing import Any, cast

from ..typed.models import Model
from ..typed.resources import Collection, ResourceClient
from . import UsageError
from .targets import resolve

Words = tuple[str, ...]
"""The words addressing one item: ``("web",)``, ``("www", "A")``."""


def sub_collections(collection: type) -> dict[str, type[Collection[Any]]]:
    """The sub-collections a collection reaches: its plain methods whose return type hint is a
    collection (``rrsets`` → ``RRSetsClient``)."""
    found = {}
    for name in dir(collection):
        method = getattr(collection, name)
        if name.startswith("_") or not inspect.isfunction(method):
            continue
        returned = typing.get_type_hints(method).get("return")
        if inspect.isclass(returned) and issubclass(returned, Collection):
            found[name] = returned
    return found


def key_of(collection: type) -> Words:
    """The names of what addresses an item: the required parameters of ``get`` (``("resource",)``,
    ``("name", "type")``)."""
    parameters = list(inspect.signature(cast(Any, collection).get).parameters.values())[1:]
    return tuple(p.name for p in parameters if p.default is p.empty)


def words_addressing(collection: type) -> Words:
    """The parameters a create takes as words addressing the item (an RRSet's name and type);
    none where items are addressed by the id the API gives them."""
    return () if issubclass(collection, ResourceClient) else key_of(collection)


def metavars(collection: type) -> Words:
    """How the words addressing an item are shown: ``ID_OR_NAME``, or ``NAME TYPE``."""
    if issubclass(collection, ResourceClient):
        return ("ID_OR_NAME",)
    return tuple(name.upper() for name in key_of(collection))


def add_key(parser: argparse.ArgumentParser, collection: type, dest: str, many: bool) -> None:
    """Add the positional words addressing an item (``many``: one item or more) to ``parser``."""
    key = metavars(collection)
    if many:
        parser.add_argument(dest, metavar=" ".join(key), nargs="+")
    elif len(key) == 1:
        parser.add_argument(dest, metavar=key[0])
    else:
        parser.add_argument(dest, metavar=key, nargs=len(key))


def groups_of(collection: type, words: Sequence[str]) -> list[Words]:
    """The targets given as words, one group of words per item (``www A mail MX``)."""
    size = len(key_of(collection))
    if len(words) % size:
        key = " ".join(metavars(collection))
        raise UsageError(f"give each target as {key}, not {' '.join(words)!r}")
    return [tuple(words[start : start + size]) for start in range(0, len(words), size)]


def words_of(given: str | Sequence[str]) -> Words:
    """The words of one target (one word, or a list of them)."""
    return (given,) if isinstance(given, str) else tuple(given)


async def find(collection: Collection[Any], words: Words) -> Model:
    """The item the words address: by id or name, or through ``get`` (``get("www", "A")``)."""
    if isinstance(collection, ResourceClient):
        return await resolve(collection, words[0])
    item: Model = await cast(Any, collection).get(*words)  # a Collection's get, as key_of read
    return item


def arguments_of(collection: Collection[Any], words: Words, item: Model) -> tuple[Any, ...]:
    """What a collection's method (``delete``) takes first for an item: the item itself, or the
    words addressing it where they are no id."""
    return (item,) if isinstance(collection, ResourceClient) else words


async def collection_of(client: Any, args: argparse.Namespace) -> Any:
    """The collection a command works on: ``client.<kind>``, or the parent's sub-collection
    (``client.zones.rrsets(zone)``) once the parent is found by id or name."""
    collection = getattr(client, args.kind)
    if args.sub is None:
        return collection
    parent = await resolve(collection, args.parent)
    return getattr(collection, args.sub)(parent)
