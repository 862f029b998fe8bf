"""Metrics of a resource (``GET /servers/{id}/metrics``, ``GET /load_balancers/{id}/metrics``):
plausible, repeatable series for the asked period, at most 500 samples per series."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timezone

from aiohttp import web

from ..engine.app import answer
from ..engine.errors import invalid_input
from ..engine.kinds import Call
from ..engine.numbers import positive_int
from ..engine.store import rfc3339

Series = Mapping[str, Mapping[str, float]]
"""Each metric type's series, each with the scale of its values: ``{"cpu": {"cpu": 100.0}}``."""


def metrics_answer(call: Call, entity_id: int, series: Series) -> web.StreamResponse:
    """The answer to a metrics query of the entity ``entity_id`` for the types of ``series``."""
    query = call.query
    types = [t for value in query.getall("type", []) for t in value.split(",") if t]
    problems: dict[str, list[str]] = {}
    if not types or any(t not in series for t in types):
        problems["type"] = [f"must be one or more of: {', '.join(series)}"]
    period = {}
    for name in ("start", "end"):
        try:
            period[name] = _timestamp(query.get(name, ""))
        except (ValueError, OverflowError):
            problems[name] = ["must be an RFC 3339 timestamp"]
    if not problems and period["end"] <= period["start"]:
        problems["end"] = ["must be after start"]
    step_text = query.get("step")
    asked_step = positive_int(step_text) if step_text is not None else None
    if step_text is not None and asked_step is None:
        problems["step"] = ["must be a positive number of seconds"]
    if problems:
        raise invalid_input(problems, "invalid metrics query")
    start, end = period["start"], period["end"]
    step = float(asked_step) if asked_step else max(1.0, math.ceil((end - start) / 200))
    step = max(step, math.ceil((end - start) / 500))
    samples = [start + i * step for i in range(int((end - start) // step) + 1)]
    time_series = {
        name: {"values": [[t, _value(entity_id, name, scale, t)] for t in samples]}
        for kind in dict.fromkeys(types)
        for name, scale in series[kind].items()
    }
    return answer(
        {
            "metrics": {
                "start": rfc3339(start),
                "end": rfc3339(end),
                "step": step,
                "time_series": time_series,
            }
        }
    )


def _timestamp(text: str) -> float:
    """Seconds since the epoch of an RFC 3339 time (UTC if it names no offset); ``ValueError`` or
    ``OverflowError`` if it is not one or falls outside the years 1 to 9999 in UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).timestamp()


def _value(entity_id: int, series: str, scale: float, timestamp: float) -> str:
    """A smooth, repeatable value for one sample."""
    wave = (math.sin(timestamp / 900 + entity_id + len(series)) + 1) / 2
    return f"{wave * scale * 0.6 + scale * 0.05:.3f}"
