"""Changes Hetzner made to the Cloud API after the spec snapshot in ``../shared``, in one place.

Each change names its date, the operation and what changed, and rewrites the spec to say so; the
tools that generate data about answers from the spec (``spec_data.py``, ``operation_index.py``)
read it through ``load`` so that the files they make follow the API (``trim_spec.py`` reads only
request bodies, which no change touches).
Applying a change to a spec that shows it already changes nothing, so a newer snapshot that has
caught up leaves the data as it is.

Usage: ``python tools/api_changes.py SPEC OUT`` writes the spec with the changes (e.g. for
schemathesis, see docs/simulator.rst).
"""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Spec = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """One change of the API: when, which operation (``"DELETE /load_balancers/{id}"``), what."""

    date: str
    operation: str
    what: str
    apply: Callable[[Spec, dict[str, Any]], None]


def _answers_action(command: str, resource: str) -> Callable[[Spec, dict[str, Any]], None]:
    """An operation that answered ``204`` and now answers ``200`` with an action, shaped as
    ``DELETE /servers/{id}`` answers its own."""

    def apply(spec: Spec, operation: dict[str, Any]) -> None:
        responses = spec["paths"]["/servers/{id}"]["delete"]["responses"]
        answer = copy.deepcopy(responses["200"])
        example = {
            "id": 13,
            "command": command,
            "status": "running",
            "progress": 0,
            "started": "2016-01-30T23:50:00Z",
            "finished": None,
            "resources": [{"id": 42, "type": resource}],
            "error": None,
        }
        media = answer["content"]["application/json"]
        media["examples"] = {"default": {"value": {"action": example}}}
        others = {k: v for k, v in operation["responses"].items() if k not in ("200", "204")}
        operation["responses"] = {"200": answer, **others}

    return apply


CHANGES: tuple[Change, ...] = (
    Change(
        date="2026-10-05",
        operation="DELETE /load_balancers/{id}",
        what="answers 200 with the deleting action (delete_load_balancer) instead of 204",
        apply=_answers_action("delete_load_balancer", "load_balancer"),
    ),
)


def apply_changes(spec: Mapping[str, Any], changes: Sequence[Change] = CHANGES) -> Spec:
    """A copy of ``spec`` with ``changes`` applied; ``KeyError`` naming a change's operation if
    the spec lacks it."""
    changed = copy.deepcopy(dict(spec))
    for change in changes:
        method, path = change.operation.split(" ", 1)
        try:
            operation = changed["paths"][path][method.lower()]
        except KeyError:
            raise KeyError(f"{change.date} {change.operation}: not in the spec") from None
        change.apply(changed, operation)
    return changed


def load(path: Path, changes: Sequence[Change] = CHANGES) -> Spec:
    """The spec at ``path`` with Hetzner's later ``changes`` (the Cloud API's by default)."""
    return apply_changes(json.loads(path.read_text(encoding="utf-8")), changes)


def main(argv: Sequence[str] | None = None) -> None:
    """Write SPEC with the changes to OUT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    args.out.write_text(json.dumps(load(args.spec)), encoding="utf-8")


if __name__ == "__main__":
    main()
