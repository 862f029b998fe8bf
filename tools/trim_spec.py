"""Trim Hetzner's Cloud OpenAPI document to the request-body schemas the simulator validates.

Usage: ``python tools/trim_spec.py [--hetzner] [SPEC] [OUT]`` (``--hetzner``: the Hetzner API's
spec and the simulator's Storage Box files by default). Every operation with a JSON request body
becomes one entry ``"<METHOD> <path template>": <schema>``; documentation-only keys are dropped
and ``$ref``s to ``#/components/schemas/...`` (including discriminator mappings) are inlined.

Where the spec's prose says a string field takes an "ID or name" (or an array "IDs (`integer`) or
names (`string`)") but its schema says only ``string``, the API takes integer IDs too, as the
official clients send them: such fields are widened to ``["string", "integer"]`` (but for a
``oneOf`` branch beside one taking integers already, which would make an id match both).

Where Hetzner takes less than the spec requires, the schema is relaxed (``PARTIAL``): a Load
Balancer service on create and ``add_service`` needs only its ``protocol`` (and its health
check's), as Hetzner's CLI (``add-service --protocol http`` sends no ports and no health check),
its Terraform provider and ``hcloud-python`` (which send only the fields set) rely on; the
simulator fills in the rest as the API does (``simulator/cloud/load_balancer_services.py``).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "hetzner" / "cloud.spec.json"
DEFAULT_OUT = ROOT / "asynchetzner" / "simulator" / "cloud" / "requests.json"
HETZNER_SPEC = ROOT.parent / "shared" / "hetzner" / "hetzner.spec.json"
STORAGE = ROOT / "asynchetzner" / "simulator" / "storage"
HETZNER = "the Hetzner API's spec (Storage Boxes) and its files, by default"

DOC_KEYS = frozenset({"description", "example", "examples", "title", "deprecated", "externalDocs"})
SCHEMA_MAPS = frozenset({"properties", "patternProperties"})
SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
SCHEMA_VALUES = frozenset({"items", "additionalProperties", "not", "contains"})
COMPONENT_PREFIX = "#/components/schemas/"
ID_OR_NAME = re.compile(r"\bID or name\b|\bIDs \(`integer`\) or names\b", re.IGNORECASE)
ID_OR_NAME_TYPE = ["string", "integer"]
PARTIAL: Mapping[str, tuple[str, ...]] = {
    "POST /load_balancers": ("properties", "services", "items"),
    "POST /load_balancers/{id}/actions/add_service": (),
}
"""Where in an operation's body a Load Balancer service sits, given in part on Hetzner."""
PARTIAL_REQUIRED = frozenset({"protocol"})
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class Trimmer:
    """Strip schemas of documentation and inline the spec's component references."""

    def __init__(self, components: Mapping[str, Any]) -> None:
        self.components = components
        self.resolving: list[str] = []

    def resolve(self, ref: str) -> Any:
        """Return the trimmed component schema ``ref`` points at."""
        if not ref.startswith(COMPONENT_PREFIX):
            raise ValueError(f"unsupported $ref {ref!r}")
        if ref in self.resolving:
            raise ValueError(f"recursive $ref {ref!r}")
        self.resolving.append(ref)
        try:
            return self.schema(self.components[ref.removeprefix(COMPONENT_PREFIX)])
        finally:
            self.resolving.pop()

    def schema(self, schema: Any) -> Any:
        """Return ``schema`` trimmed; data such as ``enum`` or ``default`` is kept verbatim."""
        if not isinstance(schema, Mapping):
            return schema
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "$ref" or self.is_documentation(key, value):
                continue
            if key in SCHEMA_MAPS:
                out[key] = {name: self.schema(sub) for name, sub in value.items()}
            elif key in SCHEMA_LISTS:
                out[key] = [self.schema(sub) for sub in value]
                if key == "oneOf":
                    _keep_exclusive(out[key])
            elif key in SCHEMA_VALUES:
                out[key] = self.schema(value)
            elif key == "discriminator":
                out[key] = self.discriminator(value)
            else:
                out[key] = value
        self.widen(str(schema.get("description", "")), out)
        if "$ref" not in schema:
            return out
        target = self.resolve(schema["$ref"])
        return {"allOf": [target], **out} if out else target

    def is_documentation(self, key: str, value: Any) -> bool:
        """Whether ``key: value`` of a schema is documentation, dropped from the trimmed schema."""
        return key in DOC_KEYS or key.startswith("x-")

    def widen(self, description: str, out: dict[str, Any]) -> None:
        """Let a string (or array of strings) described as "ID or name" take integers too."""
        if ID_OR_NAME.search(description):
            widen = out if out.get("type") == "string" else out.get("items", {})
            if widen.get("type") == "string":
                widen["type"] = ID_OR_NAME_TYPE

    def discriminator(self, discriminator: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``discriminator`` with its mapping's references replaced by the schemas."""
        out = {k: v for k, v in discriminator.items() if not k.startswith("x-")}
        if "mapping" in discriminator:
            out["mapping"] = {k: self.resolve(v) for k, v in discriminator["mapping"].items()}
        return out


def _keep_exclusive(branches: list[Any]) -> None:
    """Keep a ``oneOf``'s branches exclusive: a string widened to take ids stays a string where
    another branch takes integers already (``location``: a name, or an integer id)."""
    if any(isinstance(b, Mapping) and b.get("type") == "integer" for b in branches):
        for branch in branches:
            if isinstance(branch, dict) and branch.get("type") == ID_OR_NAME_TYPE:
                branch["type"] = "string"


def _relax(schema: Any) -> None:
    """Drop every field but ``protocol`` from the ``required`` lists within ``schema``."""
    if isinstance(schema, list):
        for item in schema:
            _relax(item)
    elif isinstance(schema, dict):
        if "required" in schema:
            kept = [name for name in schema["required"] if name in PARTIAL_REQUIRED]
            if kept:
                schema["required"] = kept
            else:
                del schema["required"]
        for value in schema.values():
            _relax(value)


def relax_partial(bodies: dict[str, Any]) -> None:
    """Let the bodies of ``PARTIAL`` give a Load Balancer service in part."""
    for operation, where in PARTIAL.items():
        schema = bodies[operation]
        for key in where:
            schema = schema[key]
        _relax(schema)


def trim(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``{"<METHOD> <path>": schema}`` for every operation with a JSON request body."""
    trimmer = Trimmer(spec.get("components", {}).get("schemas", {}))
    bodies: dict[str, Any] = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None or "requestBody" not in operation:
                continue
            body = operation["requestBody"]
            if "$ref" in body:
                raise ValueError(f"{method.upper()} {path}: referenced request bodies unsupported")
            media = body.get("content", {}).get("application/json")
            if media is not None and "schema" in media:
                bodies[f"{method.upper()} {path}"] = trimmer.schema(media["schema"])
    if all(operation in bodies for operation in PARTIAL):
        relax_partial(bodies)
    return bodies


def dump(data: Any) -> str:
    """``data`` as compact JSON with sorted keys, one line: regenerating gives the same bytes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """Write the trimmed request-body schemas of SPEC to OUT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--hetzner", action="store_true", help=HETZNER)
    parser.add_argument("spec", nargs="?", type=Path)
    parser.add_argument("out", nargs="?", type=Path)
    args = parser.parse_args(argv)
    source = args.spec or (HETZNER_SPEC if args.hetzner else DEFAULT_SPEC)
    out = args.out or (STORAGE / "requests.json" if args.hetzner else DEFAULT_OUT)
    spec = json.loads(source.read_text(encoding="utf-8"))
    out.write_text(dump(trim(spec)), encoding="utf-8")


if __name__ == "__main__":
    main()
