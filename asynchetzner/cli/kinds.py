"""``asynchetzner <kind> …`` for every kind the client declares, read from the typed layer, so a
kind added to the client gets its commands with no code here.

The command is the client attribute with dashes (``ssh-keys``). Each kind has ``list`` (with
``--selector``, ``--name`` and the list's filters and sort fields from the operation index) and
``show ID_OR_NAME``; ``create``, ``update`` and ``delete ID_OR_NAME…`` where its collection has
them; and one command per action method of its objects (``networks add-subnet``), on several
targets at once. Options come from the methods' signatures (``parameters``). Commands that start
actions wait for all of them together, with progress on stderr, unless ``--no-wait``.

A kind's sub-collections get the same commands under their name, after the parent's id or name
(``zones rrsets show ZONE NAME TYPE``, ``storage-boxes snapshots list BOX``; ``sub_collections``).
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

from ..client import Client
from ..exceptions import NotFoundError
from ..simulator.engine.index import Operation, load_index
from ..typed.models import Model
from ..typed.registry import Declared, kinds
from ..typed.resources import Actionable, Bound, Collection
from . import CommandError, UsageError, connect, progress_stream, wants_json
from .output import actions_table, details, fields_table, models_table, plain, print_json
from .parameters import Option, options_of
from .progress import wait_with_progress
from .results import actions_of, finished, only_actions, parts_of, returns_action
from .sub_collections import (
    Words,
    add_key,
    arguments_of,
    collection_of,
    find,
    groups_of,
    key_of,
    metavars,
    sub_collections,
    words_addressing,
    words_of,
)
from .targets import gather_all, resolve_references

Subcommands = Any  # what ``add_subparsers`` returns (argparse keeps its class private)
CustomCommands = Callable[[Subcommands, argparse.ArgumentParser], None]

OPERATION_INDEXES = {
    "hetzner-cloud": "asynchetzner.simulator.cloud",
    "hetzner-api": "asynchetzner.simulator.storage",
}
ALIASES = {"servers": {"power-on": ["poweron"], "power-off": ["poweroff"]}}
"""Other names some action commands keep (``servers poweron``, as before they were generic)."""
READS = frozenset(dir(Actionable))  # refresh, get_actions…: reads, not actions


def command_name(attribute: str) -> str:
    """A kind's command: ``ssh_keys`` → ``ssh-keys``."""
    return attribute.replace("_", "-")


def is_collection(collection: type) -> bool:
    """Whether a declared kind is a collection of objects, whose ``get`` takes the one to get
    (not, say, one price list read with ``get()``)."""
    if not (inspect.isclass(collection) and issubclass(collection, Collection)):
        return False
    get = call_of(collection, "get")
    if get is None:
        return False
    parameters = list(inspect.signature(get).parameters.values())[1:]
    return any(parameter.default is parameter.empty for parameter in parameters)


def call_of(collection: type, name: str) -> Callable[..., Any] | None:
    """The collection's coroutine method ``name``, if it has one."""
    method = getattr(collection, name, None)
    return method if inspect.iscoroutinefunction(method) else None


def action_methods(model: type[Model]) -> dict[str, Callable[..., Any]]:
    """The methods of ``model`` that start actions (what they return holds an ``Action``)."""
    return {
        name: getattr(model, name)
        for name in dir(model)
        if not name.startswith("_")
        and name not in READS
        and inspect.iscoroutinefunction(getattr(model, name))
        and returns_action(getattr(model, name))
    }


def first_sentence(docstring: str) -> str:
    """The first sentence of a docstring, on one line, without reST markup."""
    text = " ".join(docstring.split("\n\n")[0].split()).replace("``", "")
    return re.split(r"\.\s+(?=[A-Z])", text)[0].rstrip(".")


def list_operation(collection: type[Collection[Any]]) -> Operation | None:
    """The list operation of a collection in its API's operation index, where there is one (its
    path's placeholders may be named otherwise: ``/zones/{zone}/rrsets``)."""
    package = OPERATION_INDEXES.get(collection.model.family)
    if package is None:
        return None
    operations = load_index(package).operations.values()
    wanted = ("GET", placeholders(collection.path))
    return next((op for op in operations if (op.method, placeholders(op.path)) == wanted), None)


def placeholders(path: str) -> str:
    """A path with its placeholders unnamed: ``/zones/{zone}/rrsets`` → ``/zones/{}/rrsets``."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def add_kind_commands(
    commands: Subcommands,
    common: argparse.ArgumentParser,
    custom: Mapping[str, CustomCommands],
    owner: type = Client,
) -> None:
    """Add a command for every kind declared on ``owner``; ``custom`` adds a kind's own
    subcommands first, which the generic ones then leave alone."""
    declared = list(kinds(owner))
    collections = {
        kind.collection.model.kind: kind.attribute
        for kind in declared
        if is_collection(kind.collection)
    }
    for kind in declared:
        KindCommands(kind, common, collections).add(commands, custom.get(kind.attribute))


class KindCommands:
    """Builds the subcommands of one kind, or of one of its sub-collections (``parent``)."""

    def __init__(
        self,
        kind: Declared,
        common: argparse.ArgumentParser,
        collections: Mapping[str, str],
        parent: Declared | None = None,
    ) -> None:
        self.kind = kind
        self.common = common
        self.collections = collections
        self.parent = parent
        self.words = kind.attribute.replace("_", " ")
        self.subcommands: Subcommands = None

    def add(self, commands: Subcommands, custom: CustomCommands | None) -> None:
        """Add the kind's command and its subcommands to ``commands``."""
        collection = self.kind.collection
        if not is_collection(collection) and call_of(collection, "get") is None:
            return
        what = ["list", "show"] if is_collection(collection) else ["show"]
        what += [name for name in ("create", "update", "delete") if call_of(collection, name)]
        acts = is_collection(collection) and action_methods(collection.model)
        listed = f"{', '.join(what[:-1])} and {what[-1]}" if len(what) > 1 else what[0]
        targets = "; a target is an id or a name" if is_collection(collection) else ""
        if self.parent is not None:
            key = " ".join(metavars(collection)).replace("ID_OR_NAME", "an id or a name")
            parent = self.parent.collection.model.kind.replace("_", " ")
            targets = f" of a {parent} (its id or name); a target is {key}"
        kind_parser = commands.add_parser(
            command_name(self.kind.attribute),
            help=f"{listed} {self.words}" + (", and act on them" if acts else ""),
            description=f"Commands on {self.words}{targets}.",
        )
        self.subcommands = kind_parser.add_subparsers(
            dest="operation", required=True, metavar="COMMAND"
        )
        if custom is not None:
            custom(self.subcommands, self.common)
        if not is_collection(collection):
            self._parser("show", f"show the {self.words}", show_one)
            return
        self._add_collection_commands(collection)
        subs = sub_collections(collection) if self.parent is None else {}  # commands name 1 parent
        for name, sub in subs.items():
            KindCommands(Declared(name, sub), self.common, self.collections, self.kind).add(
                self.subcommands, None
            )

    def _parser(
        self, name: str, summary: str, run: Callable[..., Any], **defaults: Any
    ) -> argparse.ArgumentParser | None:
        if name in self.subcommands.choices:
            return None
        aliases = ALIASES.get(self.kind.attribute, {}).get(name, [])
        parser: argparse.ArgumentParser = self.subcommands.add_parser(
            name, aliases=aliases, parents=[self.common], help=summary, description=summary
        )
        kind, sub = self.kind.attribute, None
        if self.parent is not None:
            kind, sub = self.parent.attribute, self.kind.attribute
            parser.add_argument("parent", metavar=self.parent.collection.model.kind.upper())
        parser.set_defaults(run=run, kind=kind, sub=sub, parameters=(), **defaults)
        return parser

    def _with_options(
        self, parser: argparse.ArgumentParser | None, options: list[Option], waits: bool
    ) -> None:
        if parser is None:
            return
        for option in options:
            option.add_to(parser)
        if waits:
            parser.add_argument(
                "--no-wait", action="store_true", help="print the action ids, not wait"
            )
        parser.set_defaults(parameters=tuple(options))

    def _add_collection_commands(self, collection: type[Collection[Any]]) -> None:
        addressed = words_addressing(collection)
        listing = self._parser("list", f"list {self.words}", list_items)
        if listing is not None:
            add_list_filters(listing, list_operation(collection))
        showing = self._parser("show", f"show one of the {self.words}", show_item)
        if showing is not None:
            add_key(showing, collection, "target", many=False)
        for name in dir(collection):  # create, and others such as create_managed
            create = call_of(collection, name) if name.startswith("create") else None
            if create is not None:
                options = options_of(create, self.collections, positional=("name", *addressed))
                summary = first_sentence(inspect.getdoc(create) or "create")
                parser = self._parser(command_name(name), summary, create_item, method=name)
                self._with_options(parser, options, returns_action(create))
        update = call_of(collection, "update")
        if update is not None:
            parser = self._parser("update", f"change one of the {self.words}", update_item)
            if parser is not None:
                add_key(parser, collection, "target", many=False)
            skip = len(key_of(collection))
            self._with_options(parser, options_of(update, self.collections, skip=skip), False)
        delete = call_of(collection, "delete")
        if delete is not None:
            waits = getattr(collection, "deleted_by_action", True)
            self._add_action("delete", delete, f"delete {self.words}", waits, on_collection=True)
        for name, method in action_methods(collection.model).items():
            summary = first_sentence(inspect.getdoc(method) or name.replace("_", " "))
            self._add_action(name, method, summary, True)

    def _add_action(
        self,
        name: str,
        method: Callable[..., Any],
        summary: str,
        waits: bool,
        on_collection: bool = False,
    ) -> None:
        """Add a command running ``method`` on each target: a method of the objects, or of the
        collection (``on_collection``), which takes the object (or its key's words) first."""
        parser = self._parser(
            command_name(name), summary, act, method=name, on_collection=on_collection
        )
        if parser is None:
            return
        collection = self.kind.collection
        add_key(parser, collection, "targets", many=True)
        skip = len(key_of(collection)) if on_collection else 0
        self._with_options(parser, options_of(method, self.collections, skip=skip), waits)


def add_list_filters(parser: argparse.ArgumentParser, operation: Operation | None) -> None:
    """``--selector``, ``--name``, and the other filters and sort fields of the list operation."""
    if operation is None or operation.labels:
        parser.add_argument(
            "--selector",
            dest="filter_label_selector",
            metavar="SELECTOR",
            help="label selector, as in env=prod,tier!=db",
        )
    parser.add_argument("--name", dest="filter_name", metavar="NAME", help="this exact name")
    filters = {} if operation is None else dict(operation.filters)
    filters.pop("name", None)
    for name, kind in filters.items():
        options: dict[str, Any] = {"dest": f"filter_{name}", "metavar": name.upper()}
        if kind == "array":
            options.update(action="extend", nargs="+", help="any of these")
        elif kind == "boolean":
            options.update(action=argparse.BooleanOptionalAction, metavar=None)
        elif kind == "integer":
            options["type"] = int
        parser.add_argument("--" + name.replace("_", "-"), **options)
    if operation is not None and operation.sort:
        orders = [f"{field}{order}" for field in operation.sort for order in ("", ":asc", ":desc")]
        parser.add_argument(
            "--sort", dest="filter_sort", action="extend", nargs="+", choices=orders,
            metavar="FIELD[:desc]", help=f"sort by any of {', '.join(operation.sort)}",
        )  # fmt: skip


def keywords_of(args: argparse.Namespace) -> dict[str, Any]:
    """What the method takes for the options given (before names are looked up)."""
    return {
        option.name: option.value(args) for option in args.parameters if hasattr(args, option.dest)
    }


async def list_items(args: argparse.Namespace) -> int:
    """Print the items matching the filters."""
    filters = {
        key.removeprefix("filter_"): value
        for key, value in vars(args).items()
        if key.startswith("filter_") and value is not None
    }
    async with connect(args) as client:
        collection = await collection_of(client, args)
        items = await collection.get_all(**filters)
    if wants_json(args):
        print_json([item.data for item in items], sys.stdout)
    else:
        print(models_table(collection.model, items))
    return 0


async def show_item(args: argparse.Namespace) -> int:
    """Print one item."""
    async with connect(args) as client:
        item = await find(await collection_of(client, args), words_of(args.target))
    print_item(args, item)
    return 0


async def show_one(args: argparse.Namespace) -> int:
    """Print what a kind that is no collection gives (``client.pricing.get()``)."""
    async with connect(args) as client:
        answer = await getattr(client, args.kind).get()
    data = getattr(answer, "data", answer)  # a model's, or what has its data as one does
    if isinstance(data, Mapping) and not wants_json(args):
        print(fields_table(data))
    else:
        print_json(plain(data), sys.stdout)
    return 0


def print_item(args: argparse.Namespace, item: Model) -> None:
    """Print one object, as JSON or a table of its fields."""
    if wants_json(args):
        print_json(item.data, sys.stdout)
    else:
        print(details(item))


async def create_item(args: argparse.Namespace) -> int:
    """Create an item, wait for its actions (unless ``--no-wait``) and print it."""
    keywords = keywords_of(args)
    no_wait = getattr(args, "no_wait", False)
    async with connect(args) as client:
        collection = await collection_of(client, args)
        create = getattr(collection, args.method)
        result = await create(**await resolve_references(client, keywords))
        item = created_item(result, collection.model)
        actions = actions_of(result)
        if actions and not no_wait:
            label = f"create {item_name(item)}"
            done = await wait_with_progress(client, actions, progress_stream(args), label)
            result = finished(result, {action.id: action for action in done})
            await item.refresh()
    if wants_json(args):
        print_json(plain(result), sys.stdout)
        return 0
    extra = [(key, value) for key, value in parts_of(result).items() if value is not item]
    if no_wait and actions:
        extra.append(("actions", ", ".join(str(action.id) for action in actions)))
    print(details(item, extra))
    return 0


def created_item(result: Any, model: type[Model]) -> Bound:
    """The created object: what ``create`` handed back, or the member of it that is one."""
    members = result if isinstance(result, tuple) else (result,)
    return next(m for m in members if isinstance(m, Bound) and isinstance(m, model))


def item_name(item: Model) -> str:
    """An object's name, or its id when it has none."""
    return str(item.data.get("name") or item.id)


async def update_item(args: argparse.Namespace) -> int:
    """Change an item and print it as the API now shows it."""
    keywords = keywords_of(args)
    if not keywords:
        flags = ", ".join(option.flag for option in args.parameters)
        raise UsageError(f"nothing to update: give any of {flags}")
    async with connect(args) as client:
        collection = await collection_of(client, args)
        keywords = await resolve_references(client, keywords)
        words = words_of(args.target)
        item = await find(collection, words)
        updated = await collection.update(*arguments_of(collection, words, item), **keywords)
    print_item(args, updated)
    return 0


async def act(args: argparse.Namespace) -> int:
    """Run ``args.method`` on every target at once and wait for all their actions together."""
    keywords = keywords_of(args)
    no_wait = getattr(args, "no_wait", False)
    async with connect(args) as client:
        collection = await collection_of(client, args)
        keywords = await resolve_references(client, keywords)
        groups = groups_of(type(collection), args.targets)
        found = await resolve_targets(collection, groups, keywords.get("missing_ok", False))
        items = [item for _, item in found]
        if args.on_collection:
            method = getattr(collection, args.method)
            calls = (
                method(*arguments_of(collection, words, item), **keywords) for words, item in found
            )
        else:
            calls = (getattr(item, args.method)(**keywords) for _, item in found)
        results = await gather_all(calls)
        actions = actions_of(results)
        if actions and not no_wait:
            many = f"{len(items)} {(args.sub or args.kind).replace('_', ' ')}"
            label = f"{args.operation} {item_name(items[0]) if len(items) == 1 else many}"
            done = await wait_with_progress(client, actions, progress_stream(args), label)
            results = finished(results, {action.id: action for action in done})
    print_results(args, collection.model.kind, items, results, no_wait)
    return 0


async def resolve_targets(
    collection: Collection[Model], groups: list[Words], missing_ok: bool
) -> list[tuple[Words, Model]]:
    """Each target's words and object, each object once; ``missing_ok`` (``delete
    --missing-ok``) leaves absent ones out."""

    async def found(words: Words) -> tuple[Words, Model] | None:
        try:
            return words, await find(collection, words)
        except (NotFoundError, CommandError):
            if not missing_ok:
                raise
            return None

    pairs = [pair for pair in await gather_all(found(words) for words in groups) if pair]
    return list({item.id: (words, item) for words, item in pairs}.values())


def print_results(
    args: argparse.Namespace, kind: str, items: list[Model], results: list[Any], no_wait: bool
) -> None:
    """Print what an action command handed back: as JSON the actions (or the whole results
    when they hold more), as a table a row per action, or the action ids with ``--no-wait``."""
    if wants_json(args):
        print_json(plain(actions_of(results) if only_actions(results) else results), sys.stdout)
    elif no_wait and only_actions(results):
        print("\n".join(str(action.id) for action in actions_of(results)))
    else:
        started = [
            (item, actions_of(result), parts_of(result))
            for item, result in zip(items, results, strict=True)
        ]
        print(actions_table(kind, started))
