"""Moved to ``engine.app``; kept until the tests outside the simulator's import it from there."""

from .engine.app import PREFIX, operation

__all__ = ["PREFIX", "operation"]
