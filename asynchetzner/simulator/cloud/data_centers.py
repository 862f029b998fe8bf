"""Data centers: removed from the API on 1 October 2026, so every operation answers 410."""

from ..engine.kinds import Kind

KIND = Kind(
    "data_centers",
    removed="the data center endpoints were removed on 1 October 2026; use locations and the "
    "server types' locations instead",
)
