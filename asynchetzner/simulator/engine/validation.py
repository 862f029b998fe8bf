"""Validate request bodies against the Cloud API's JSON schemas, answering like Hetzner.

Each API ships its schemas as ``requests.json``, generated from its official OpenAPI document by
``tools/trim_spec.py``. The validator understands exactly the JSON Schema
keywords those schemas use; ``format`` and ``default`` are ignored.

Like the API, it reads ``null`` given to an optional property whose schema does not take ``null``
as if the property were absent: the official clients send such nulls. Required properties and
those whose schema takes ``null`` (``dns_ptr: null`` resets the reverse DNS) keep their ``null``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any

from .errors import invalid_input

Errors = dict[str, list[str]]

_TYPES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "string": ("a string", lambda v: isinstance(v, str)),
    "integer": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "number": ("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
    "boolean": ("a boolean", lambda v: isinstance(v, bool)),
    "array": ("an array", lambda v: isinstance(v, list)),
    "object": ("an object", lambda v: isinstance(v, Mapping)),
    "null": ("null", lambda v: v is None),
}


@functools.cache
def load_request_schemas(package: str) -> dict[str, Any]:
    """The request-body schema of each operation of the API whose data ``package`` holds, keyed
    ``"<METHOD> <path template>"``."""
    text = resources.files(package).joinpath("requests.json").read_text(encoding="utf-8")
    schemas: dict[str, Any] = json.loads(text)
    return schemas


def validate_body(schema: Mapping[str, Any] | None, body: Any) -> Any:
    """Return ``body`` as the API reads it, or raise invalid_input naming every bad field.

    Without a schema (an operation taking no body) any body is taken, unchanged.
    """
    if schema is None:
        return body
    body = without_optional_nulls(schema, body)
    errors = schema_errors(schema, body)
    if errors:
        raise invalid_input(errors, "invalid input in fields " + ", ".join(sorted(errors)))
    return body


def without_optional_nulls(schema: Mapping[str, Any], value: Any) -> Any:
    """A copy of ``value`` without the nulls of optional properties whose schema refuses null."""
    for branch in schema.get("allOf", ()):
        value = without_optional_nulls(branch, value)
    chosen = _discriminated(schema, value)
    if chosen is not None:
        value = without_optional_nulls(chosen, value)
    if isinstance(value, list):
        return [_without_in(_item_schema(schema, i), item) for i, item in enumerate(value)]
    if not isinstance(value, Mapping):
        return value
    properties: Mapping[str, Any] = schema.get("properties", {})
    optional = properties.keys() - set(schema.get("required", ()))
    absent = {  # optional, null, and refusing null
        name
        for name in optional
        if name in value and value[name] is None and schema_errors(properties[name], None)
    }
    additional = schema.get("additionalProperties")
    return {
        name: _without_in(properties.get(name, additional), item)
        for name, item in value.items()
        if name not in absent
    }


def _without_in(schema: Any, value: Any) -> Any:
    """``without_optional_nulls`` where ``schema`` may be absent (or ``true``)."""
    return without_optional_nulls(schema, value) if isinstance(schema, Mapping) else value


def _discriminated(schema: Mapping[str, Any], value: Any) -> Mapping[str, Any] | None:
    """The schema that ``value``'s discriminator property picks, if ``schema`` has a mapping."""
    discriminator = schema.get("discriminator", {})
    if "mapping" not in discriminator or not isinstance(value, Mapping):
        return None
    tag = value.get(discriminator["propertyName"])
    return discriminator["mapping"].get(tag) if isinstance(tag, str) else None


def schema_errors(schema: Mapping[str, Any], value: Any, path: str = "") -> dict[str, list[str]]:
    """Return what is wrong with ``value`` by dotted field name; ``body`` names the root."""
    errors: Errors = {}
    _check(schema, value, path, errors)
    return errors


def _check(schema: Mapping[str, Any], value: Any, path: str, errors: Errors) -> None:
    """Add the errors of ``value`` against ``schema`` to ``errors``."""
    if "type" in schema and not _type_ok(schema["type"], value):
        _add(errors, path, "must be " + _type_phrase(schema["type"]))
        return
    if "enum" in schema and not any(_same(value, choice) for choice in schema["enum"]):
        _add(errors, path, "must be one of: " + ", ".join(map(_show, schema["enum"])))
    if isinstance(value, str):
        _check_string(schema, value, path, errors)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        _check_number(schema, value, path, errors)
    elif isinstance(value, list):
        _check_array(schema, value, path, errors)
    elif isinstance(value, Mapping):
        _check_object(schema, value, path, errors)
    for branch in schema.get("allOf", ()):
        _check(branch, value, path, errors)
    if "oneOf" in schema:
        _check_alternatives(schema, schema["oneOf"], value, path, errors, exactly_one=True)
    if "anyOf" in schema:
        _check_alternatives(schema, schema["anyOf"], value, path, errors, exactly_one=False)


def _check_string(schema: Mapping[str, Any], value: str, path: str, errors: Errors) -> None:
    """Check the string keywords."""
    if "minLength" in schema and len(value) < schema["minLength"]:
        _add(errors, path, f"is too short (min {schema['minLength']})")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        _add(errors, path, f"is too long (max {schema['maxLength']})")
    if "pattern" in schema and re.search(schema["pattern"], value) is None:
        _add(errors, path, f"must match {schema['pattern']}")


def _check_number(schema: Mapping[str, Any], value: float, path: str, errors: Errors) -> None:
    """Check the numeric keywords."""
    if "minimum" in schema and value < schema["minimum"]:
        _add(errors, path, f"must be at least {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        _add(errors, path, f"must be at most {schema['maximum']}")


def _check_array(schema: Mapping[str, Any], value: list[Any], path: str, errors: Errors) -> None:
    """Check the array keywords and each item."""
    if "minItems" in schema and len(value) < schema["minItems"]:
        _add(errors, path, f"must have at least {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        _add(errors, path, f"must have at most {schema['maxItems']} items")
    for index, item in enumerate(value):
        item_schema = _item_schema(schema, index)
        if item_schema is not None:
            _check(item_schema, item, _join(path, str(index)), errors)


def _item_schema(schema: Mapping[str, Any], index: int) -> Any:
    """The schema of an array's item at ``index`` (``None`` if the items are free)."""
    prefix = schema.get("prefixItems", [])
    return prefix[index] if index < len(prefix) else schema.get("items")


def _check_object(
    schema: Mapping[str, Any], value: Mapping[str, Any], path: str, errors: Errors
) -> None:
    """Check required fields, known fields and additional fields."""
    for name in schema.get("required", ()):
        if name not in value:
            _add(errors, _join(path, name), "is required")
    properties: Mapping[str, Any] = schema.get("properties", {})
    additional = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            _check(properties[name], item, _join(path, name), errors)
        elif additional is False:
            _add(errors, _join(path, name), "unknown field")
        elif isinstance(additional, Mapping):
            _check(additional, item, _join(path, name), errors)


def _check_alternatives(
    schema: Mapping[str, Any],
    branches: list[Mapping[str, Any]],
    value: Any,
    path: str,
    errors: Errors,
    *,
    exactly_one: bool,
) -> None:
    """Check ``oneOf``/``anyOf``, choosing by the discriminator when there is one."""
    discriminator = schema.get("discriminator")
    if discriminator is not None and "mapping" in discriminator and isinstance(value, Mapping):
        _check_discriminated(discriminator, value, path, errors)
        return
    results = [schema_errors(branch, value, path) for branch in branches]
    matches = sum(not result for result in results)
    if matches > 1 and exactly_one:
        _add(errors, path, "matches more than one allowed form")
    if matches:
        return
    fitting = [
        result
        for branch, result in zip(branches, results, strict=True)
        if "type" not in branch or _type_ok(branch["type"], value)
    ]
    if not fitting:
        _add(errors, path, "must be " + _type_phrase([b["type"] for b in branches]))
        return
    for name, messages in min(fitting, key=len).items():
        for message in messages:
            _add(errors, name, message)


def _check_discriminated(
    discriminator: Mapping[str, Any], value: Mapping[str, Any], path: str, errors: Errors
) -> None:
    """Check ``value`` against the mapped schema its discriminator property names."""
    name = discriminator["propertyName"]
    mapping: Mapping[str, Any] = discriminator["mapping"]
    if name not in value:
        _add(errors, _join(path, name), "is required")
    elif not isinstance(value[name], str) or value[name] not in mapping:
        _add(errors, _join(path, name), "must be one of: " + ", ".join(mapping))
    else:
        _check(mapping[value[name]], value, path, errors)


def _type_ok(types: str | list[str], value: Any) -> bool:
    """Tell whether ``value`` has one of the JSON ``types``."""
    names = [types] if isinstance(types, str) else types
    return any(_TYPES[name][1](value) for name in names)


def _type_phrase(types: str | list[Any]) -> str:
    """Word ``types`` (possibly nested lists of names) as ``a string or null``."""
    names: list[str] = []
    for entry in [types] if isinstance(types, str) else types:
        for name in [entry] if isinstance(entry, str) else entry:
            if name not in names:
                names.append(name)
    return " or ".join(_TYPES[name][0] for name in names)


def _same(value: Any, choice: Any) -> bool:
    """Compare like JSON, where ``true`` is not ``1``."""
    return type(value) is type(choice) and bool(value == choice)


def _show(choice: Any) -> str:
    """Render an enum member: strings bare, anything else as JSON."""
    return choice if isinstance(choice, str) else json.dumps(choice)


def _join(path: str, name: str) -> str:
    """Extend the dotted field name ``path`` by ``name``."""
    return f"{path}.{name}" if path else name


def _add(errors: Errors, path: str, message: str) -> None:
    """Record ``message`` for the field ``path`` (``body`` for the root), once."""
    messages = errors.setdefault(path or "body", [])
    if message not in messages:
        messages.append(message)
