"""A tiny made-up API in the shape of Hetzner's: boxes (named by id or name), their actions, and a
sub-collection of slots named by two path parameters, to test the index tool and the engine on
shapes the Cloud API's kinds do not have yet."""

from __future__ import annotations

from typing import Any

SORT = ["id", "id:asc", "id:desc", "name", "name:asc", "name:desc"]


def _operation(
    operation_id: str,
    tag: str,
    status: int = 200,
    keys: tuple[str, ...] = (),
    *,
    command: str | None = None,
    query: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An OpenAPI operation answering ``status`` with an object of ``keys``."""
    content = {"schema": {"type": "object", "properties": {key: {} for key in keys}}}
    if command is not None:
        content["examples"] = {"default": {"value": {"action": {"command": command}}}}
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "tags": [tag],
        "parameters": [
            {"name": name, "in": "query", "schema": schema}
            for name, schema in (query or {}).items()
        ],
        "responses": {
            str(status): {"description": "ok", "content": {"application/json": content}},
            "4xx": {"description": "failed"},
        },
    }
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    return operation


LISTING = {
    "name": {"type": "string"},
    "status": {"type": "array", "items": {"type": "string"}},
    "label_selector": {"type": "string"},
    "sort": {"type": "array", "items": {"type": "string", "enum": SORT}},
    "page": {"type": "integer"},
    "per_page": {"type": "integer"},
}
ACTIONS = {"id": {"type": "array"}, "sort": {"type": "array", "items": {"enum": ["id", "id:desc"]}}}
NAMED = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "labels": {"type": "object"}},
    "additionalProperties": False,
}
SLOT = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "type": {"type": "string", "enum": ["A", "B"]}},
    "required": ["name", "type"],
    "additionalProperties": False,
}
SLOT_PATH = "/boxes/{id_or_name}/slots/{slot_name}/{slot_type}"


def spec() -> dict[str, Any]:
    """The made-up API's OpenAPI document."""
    return {
        "paths": {
            "/boxes": {
                "get": _operation("list_boxes", "Boxes", 200, ("boxes", "meta"), query=LISTING),
                "post": _operation(
                    "create_box", "Boxes", 201, ("box", "action"), command="create_box", body=NAMED
                ),
            },
            "/boxes/actions": {
                "get": _operation(
                    "list_box_actions", "Box Actions", 200, ("actions",), query=ACTIONS
                )
            },
            "/boxes/actions/{id}": {
                "get": _operation("get_box_action", "Box Actions", 200, ("action",))
            },
            "/boxes/{id_or_name}": {
                "get": _operation("get_box", "Boxes", 200, ("box",)),
                "put": _operation("update_box", "Boxes", 200, ("box",), body=NAMED),
                "delete": _operation("delete_box", "Boxes", 204),
            },
            "/boxes/{id_or_name}/actions": {
                "get": _operation("list_actions_of_box", "Box Actions", 200, ("actions", "meta"))
            },
            "/boxes/{id_or_name}/actions/{action_id}": {
                "get": _operation("get_action_of_box", "Box Actions", 200, ("action",))
            },
            "/boxes/{id_or_name}/actions/open": {
                "post": _operation("open_box", "Box Actions", 201, ("action",), command="open_box")
            },
            "/boxes/{id_or_name}/contents": {
                "get": _operation("get_contents", "Boxes", 200, ("contents",))
            },
            "/boxes/{id_or_name}/slots": {
                "get": _operation("list_slots", "Box Slots", 200, ("slots", "meta"), query=LISTING),
                "post": _operation("create_slot", "Box Slots", 201, ("slot",), body=SLOT),
            },
            SLOT_PATH: {
                "get": _operation("get_slot", "Box Slots", 200, ("slot",)),
                "delete": _operation("delete_slot", "Box Slots", 204),
            },
            SLOT_PATH + "/actions/fill": {
                "post": _operation(
                    "fill_slot", "Box Slot Actions", 201, ("action",), command="fill_slot"
                )
            },
            "/status": {"get": _operation("get_status", "Status", 200, ("status",))},
        }
    }
