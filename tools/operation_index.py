"""Index the operations of Hetzner's Cloud API for the simulator, from the official spec.

Usage: ``python tools/operation_index.py [--hetzner] [SPEC] [OUT]``. OUT (the simulator's Cloud
``operations.json`` by default; with ``--hetzner``, the Hetzner API's spec and the Storage Box
``operations.json``) becomes ``{"kinds": {...}, "operations": {...}}``:

* each kind, named as the spec's tag of its collection (``servers``, ``zone_rrsets``), gives its
  ``collection`` and ``item`` path templates, its ``parent`` kind (for a sub-collection such as
  ``/zones/{id_or_name}/rrsets``), the ``resource`` key of one entity (``server``) and the
  ``plural`` key of a list (``servers``);
* each operation, keyed ``"<METHOD> <path template>"``, gives its ``kind``, its ``verb`` (``list``,
  ``get``, ``create``, ``update``, ``delete``, ``action``, ``action_list``, ``action_get`` or
  ``other``), its success ``status``, the top-level keys of its ``answer``, the ``request`` schema's
  key in ``requests.json`` (``tools/trim_spec.py``) or null; an action its name and the
  ``command`` the spec's example answer names; a list its ``filters`` (query parameter: type),
  ``sort`` fields and whether it takes a ``label_selector``; ``deprecated`` when the spec says so.

The simulator serves from this index and answers the operations it has no rules for with
``501 not_implemented``, without reading the spec at run time.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import api_changes
from trim_spec import DEFAULT_SPEC, HETZNER, HETZNER_SPEC, METHODS, ROOT, STORAGE

DEFAULT_OUT = ROOT / "asynchetzner" / "simulator" / "cloud" / "operations.json"
PAGING = frozenset({"page", "per_page", "sort", "label_selector"})


def is_parameter(segment: str) -> bool:
    """Whether a path segment is a parameter, as ``{id}``."""
    return segment.startswith("{")


def join(segments: Sequence[str]) -> str:
    """The path template of ``segments``."""
    return "/" + "/".join(segments)


def snake(tag: str) -> str:
    """A tag as a Python name: ``"Zone RRSets"`` is ``zone_rrsets``."""
    return re.sub(r"\W+", "_", tag.strip()).lower()


class Indexer:
    """Classify the operations of one spec by kind and verb."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.paths: Mapping[str, Any] = spec["paths"]
        self.kinds: dict[str, dict[str, Any]] = {}

    def is_collection(self, segments: list[str]) -> bool:
        """Whether ``segments`` (ending in a word) name a collection: items below it, or pages."""
        template = join(segments)
        items = re.compile(re.escape(template) + r"(/\{[^/]+\})+")
        if any(items.fullmatch(path) for path in self.paths):
            return True
        listing = self.paths.get(template, {}).get("get")
        return listing is not None and "meta" in answer_keys(listing)

    def place(self, segments: list[str]) -> tuple[list[str], str | None]:
        """The collection ``segments`` belong to, and the verb of a path on the collection itself
        (``"collection"``), on one item (``"item"``) or below an item (``None``)."""
        if not is_parameter(segments[-1]):
            if self.is_collection(segments):
                return segments, "collection"
            if len(segments) == 1:  # a path of its own, as /pricing
                return segments, None
            return self.place(segments[:-1])[0], None
        end = len(segments)
        while is_parameter(segments[end - 1]):
            end -= 1
        return segments[:end], "item"

    def classify(self, method: str, path: str) -> dict[str, Any]:
        """The index entry of one operation, without its kind's name."""
        segments = path.strip("/").split("/")
        entry: dict[str, Any] = {}
        if len(segments) > 2 and segments[-2] == "actions" and not is_parameter(segments[-1]):
            entry = {"verb": "action", "action": segments[-1]}
            base = segments[:-2]
        elif len(segments) > 1 and segments[-1] == "actions":
            entry, base = {"verb": "action_list"}, segments[:-1]
        elif len(segments) > 2 and segments[-2] == "actions":
            entry, base = {"verb": "action_get"}, segments[:-2]
        else:
            base = segments
        collection, shape = self.place(base)
        if not entry:
            verbs = {
                "collection": {"GET": "list", "POST": "create"},
                "item": {"GET": "get", "PUT": "update", "DELETE": "delete"},
            }
            entry = {"verb": verbs.get(shape or "", {}).get(method, "other")}
        entry["collection"] = join(collection)
        return entry

    def operation(self, method: str, path: str, spec: Mapping[str, Any]) -> dict[str, Any]:
        """The index entry of ``method path``, whose OpenAPI operation is ``spec``."""
        entry = self.classify(method, path)
        status, response = success(spec)
        entry.update(
            operation_id=spec["operationId"],
            tag=spec["tags"][0],
            status=status,
            answer=answer_keys(spec),
            request=f"{method} {path}" if "application/json" in body_media(spec) else None,
        )
        command = example_command(response)
        if command is not None and entry["verb"] in ("create", "delete", "action"):
            entry["command"] = command
        if entry["verb"] in ("list", "action_list"):
            entry.update(listing(spec))
        if spec.get("deprecated"):
            entry["deprecated"] = True
        return entry

    def index(self) -> dict[str, Any]:
        """The whole index: kinds and operations."""
        operations = {
            f"{method.upper()} {path}": self.operation(method.upper(), path, item[method])
            for path, item in self.paths.items()
            for method in METHODS
            if method in item
        }
        collections: dict[str, list[dict[str, Any]]] = {}
        for entry in operations.values():
            collections.setdefault(entry["collection"], []).append(entry)
        names = {collection: kind_name(entries) for collection, entries in collections.items()}
        kinds = {names[c]: self.kind(c, entries, names) for c, entries in collections.items()}
        for entry in operations.values():
            entry["kind"] = names[entry.pop("collection")]
            del entry["tag"]
        return {
            "kinds": dict(sorted(kinds.items())),
            "operations": dict(sorted(operations.items())),
        }

    def kind(
        self, collection: str, entries: list[dict[str, Any]], names: Mapping[str, str]
    ) -> dict[str, Any]:
        """The index entry of the kind whose collection is ``collection``."""
        segments = collection.strip("/").split("/")
        items = re.compile(re.escape(collection) + r"(/\{[^/]+\})+")
        item = min((path for path in self.paths if items.fullmatch(path)), key=len, default=None)
        parent = None
        if len(segments) > 1:
            parent_collection, _ = self.place(segments[:-1])
            parent = names.get(join(parent_collection))
        by_verb = {entry["verb"]: entry for entry in entries}
        resource = next(iter(by_verb.get("get", {}).get("answer", [])), None)
        plural = next((k for k in by_verb.get("list", {}).get("answer", []) if k != "meta"), None)
        return {
            "collection": collection,
            "item": item,
            "parent": parent,
            "resource": resource,
            "plural": plural,
        }


def kind_name(entries: list[dict[str, Any]]) -> str:
    """The name of a kind: the tag of its collection's own operations (not of its actions)."""
    own = [e["tag"] for e in entries if not e["verb"].startswith("action")]
    return snake((own or [e["tag"].removesuffix(" Actions") for e in entries])[0])


def success(spec: Mapping[str, Any]) -> tuple[int, Mapping[str, Any]]:
    """The status and response of an operation's success."""
    status = min(code for code in spec["responses"] if code.isdigit() and code.startswith("2"))
    return int(status), spec["responses"][status]


def body_media(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """The media types of an operation's request body."""
    content: Mapping[str, Any] = spec.get("requestBody", {}).get("content", {})
    return content


def answer_keys(spec: Mapping[str, Any]) -> list[str]:
    """The top-level keys of an operation's success answer, sorted."""
    _, response = success(spec)
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return sorted(schema.get("properties", {}))


def example_command(response: Mapping[str, Any]) -> str | None:
    """The command of the action in a success answer's examples, if it has one."""
    media = response.get("content", {}).get("application/json", {})
    for example in media.get("examples", {}).values():
        value = example.get("value", {})
        actions = [value["action"]] if value.get("action") else value.get("actions") or []
        if actions:
            return str(actions[0]["command"])
    return None


def listing(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The filters, sort fields and label selector of a list operation."""
    query = {
        p["name"]: p.get("schema", {}) for p in spec.get("parameters", []) if p["in"] == "query"
    }
    sort = query.get("sort", {})
    choices = sort.get("items", sort).get("enum", [])
    return {
        "filters": {
            name: schema.get("type") for name, schema in query.items() if name not in PAGING
        },
        "sort": list(dict.fromkeys(choice.partition(":")[0] for choice in choices)),
        "labels": "label_selector" in query,
    }


def render(spec: Mapping[str, Any]) -> str:
    """The index as text: one kind or operation a line, keys sorted, so that changes read well."""
    sections = []
    for section, entries in Indexer(spec).index().items():
        rows = (f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True)}" for k, v in entries.items())
        sections.append(f" {json.dumps(section)}: {{\n" + ",\n".join(rows) + "\n }")
    return "{\n" + ",\n".join(sections) + "\n}\n"


def main(argv: Sequence[str] | None = None) -> None:
    """Write the index of SPEC to OUT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--hetzner", action="store_true", help=HETZNER)
    parser.add_argument("spec", nargs="?", type=Path)
    parser.add_argument("out", nargs="?", type=Path)
    args = parser.parse_args(argv)
    source = args.spec or (HETZNER_SPEC if args.hetzner else DEFAULT_SPEC)
    out = args.out or (STORAGE / "operations.json" if args.hetzner else DEFAULT_OUT)
    # Hetzner's later changes (api_changes) are the Cloud API's; the Hetzner API has none yet.
    spec = api_changes.load(source, () if args.hetzner else api_changes.CHANGES)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(spec), encoding="utf-8")


if __name__ == "__main__":
    main()
