"""A stateful Hetzner Cloud API simulator, to run scripts and tests with no account and no network.

::

    from asynchetzner.simulator import Simulator

    async with Simulator() as sim:
        async with sim.client() as client:
            await client.post("/servers", name="web-1", server_type="cx23", image="ubuntu-24.04")

It answers like ``https://api.hetzner.cloud/v1`` for servers and their actions, actions, server
types, images, locations, ISOs, SSH keys, placement groups and networks: Hetzner's error envelope
and codes, pagination, label selectors, the rate-limit budget, and actions that progress over
time. ``python -m asynchetzner.simulator`` runs it from a shell; the pytest plugin gives tests
the ``hetzner_simulator`` and ``hetzner_client`` fixtures.
"""

from .engine.faults import Fault, FaultInjector, Latency
from .runner import Simulator

__all__ = ["Fault", "FaultInjector", "Latency", "Simulator"]
