"""Moved to ``engine.faults``; kept until the tests outside the simulator import the faults from
``asynchetzner.simulator``."""

from .engine.faults import Fault, FaultInjector, Latency

__all__ = ["Fault", "FaultInjector", "Latency"]
