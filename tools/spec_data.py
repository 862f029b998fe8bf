"""Make the test suite's copy of Hetzner's Cloud OpenAPI document: its data without its prose.

Usage: ``python tools/spec_data.py [--hetzner] [SPEC] [OUT]`` (``--hetzner``: the Hetzner
API's spec, Storage Boxes, into ``tests/data/hetzner.spec.json``). Paths, methods, operation ids,
tag names, parameters, request bodies, responses, headers and components keep their schemas and
examples; ``description``, ``summary``, ``title``, ``externalDocs`` and ``x-*`` keys go, except:

* ``info`` stays whole: the tests read the Errors and Pagination sections of its description,
  whose error table is also given as data, ``x-error-codes: [[status, code], ...]``;
* responses keep their description, which OpenAPI requires;
* descriptions saying a field takes an "ID or name" or an RFC 3339 time stay:
  ``tools/trim_spec.py`` and the tests read them.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import api_changes
from trim_spec import HETZNER, HETZNER_SPEC, ROOT, Trimmer, dump

DEFAULT_SPEC = ROOT.parent / "shared" / "hetzner" / "cloud.spec.json"
DEFAULT_OUT = ROOT / "tests" / "data" / "cloud.spec.json"
HETZNER_OUT = ROOT / "tests" / "data" / "hetzner.spec.json"

PROSE = frozenset({"description", "summary", "title", "externalDocs"})
FACTS = re.compile(r"ID or name|IDs \(`integer`\) or names|RFC ?3339", re.IGNORECASE)
# Objects whose keys are names (paths, media types, headers...), never documentation.
NAMED = frozenset({"paths", "content", "headers", "examples", "securitySchemes"})
VERBATIM = frozenset({"example", "value"})
ERROR_ROW = re.compile(r"^\|\s*`?(\d{3})`?\s*\|\s*`?([a-z_]+)`?\s*\|", re.MULTILINE)


class Stripper(Trimmer):
    """Strip a spec of its prose; schemas keep their examples and their types."""

    def is_documentation(self, key: str, value: Any) -> bool:
        if key.startswith("x-"):
            return True
        return key in PROSE and not (key == "description" and FACTS.search(value))

    def widen(self, description: str, out: dict[str, Any]) -> None:
        """Keep the spec's types: the description saying "ID or name" stays instead."""

    def discriminator(self, discriminator: Mapping[str, Any]) -> dict[str, Any]:
        """Keep the mapping's references: the components they point at are kept."""
        return {k: v for k, v in discriminator.items() if not k.startswith("x-")}

    def node(self, node: Any) -> Any:
        """Return the document ``node`` (not a schema) without its prose."""
        if isinstance(node, list):
            return [self.node(item) for item in node]
        if not isinstance(node, Mapping):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if self.is_documentation(key, value):
                continue
            if key == "schema":
                out[key] = self.schema(value)
            elif key == "schemas":
                out[key] = {name: self.schema(schema) for name, schema in value.items()}
            elif key == "responses":  # OpenAPI requires a response's description
                out[key] = {
                    status: {**self.node(response), "description": response["description"]}
                    for status, response in value.items()
                }
            elif key in NAMED:
                out[key] = {name: self.node(item) for name, item in value.items()}
            elif key in VERBATIM:
                out[key] = value
            else:
                out[key] = self.node(value)
        return out


def error_codes(description: str) -> list[list[Any]]:
    """The ``[status, code]`` rows of the error table in the ``## Errors`` section."""
    section = description[description.index("## Errors") :]
    section = section[: section.index("\n## ", 1)]
    return [[int(status), code] for status, code in ERROR_ROW.findall(section)]


def spec_data(spec: Mapping[str, Any]) -> dict[str, Any]:
    """``spec`` without its prose, with its error table as ``x-error-codes``."""
    data: dict[str, Any] = Stripper(spec.get("components", {}).get("schemas", {})).node(spec)
    data["info"] = {key: value for key, value in spec["info"].items() if not key.startswith("x-")}
    data["x-error-codes"] = error_codes(spec["info"]["description"])
    return data


def main(argv: Sequence[str] | None = None) -> None:
    """Write the data of SPEC to OUT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--hetzner", action="store_true", help=HETZNER)
    parser.add_argument("spec", nargs="?", type=Path)
    parser.add_argument("out", nargs="?", type=Path)
    args = parser.parse_args(argv)
    source = args.spec or (HETZNER_SPEC if args.hetzner else DEFAULT_SPEC)
    out = args.out or (HETZNER_OUT if args.hetzner else DEFAULT_OUT)
    # Hetzner's later changes (api_changes) are the Cloud API's; the Hetzner API has none yet.
    spec = api_changes.load(source, () if args.hetzner else api_changes.CHANGES)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(spec_data(spec)), encoding="utf-8")


if __name__ == "__main__":
    main()
