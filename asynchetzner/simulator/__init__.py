"""A stateful Hetzner Cloud API simulator, to run scripts and tests with no account and no network.

::

    from asynchetzner.simulator import Simulator

    async with Simulator() as sim:
        async with sim.client() as client:
            await client.post("/servers", name="web-1", server_type="cx23", image="ubuntu-24.04")

It answers like ``https://api.hetzner.cloud/v1`` for servers, networks and their actions,
actions, server types, images, locations, ISOs, SSH keys and placement groups: Hetzner's error
envelope and codes, pagination, label selectors, the rate-limit budget, and actions that
progress over time; the API's other operations answer 501. ``python -m asynchetzner.simulator``
runs it from a shell; the pytest plugin gives tests the ``hetzner_simulator`` and
``hetzner_client`` fixtures. Beside it, in the same project and on the same port, it serves the
Hetzner API (Storage Boxes, ``https://api.hetzner.com/v1``) under ``/hetzner/v1``
(``sim.url_for("hetzner-api")``); on a second port, the Robot webservice for dedicated servers
(``robot/``; ``sim.robot``). ``sim.client()`` is configured for all three. Its engine serves each
kind from an operation index generated from the official spec (``engine/``), the kinds' rules
live in ``cloud/`` and ``storage/``.
"""

from .engine.faults import Fault, FaultInjector, Latency
from .runner import Simulator

__all__ = ["Fault", "FaultInjector", "Latency", "Simulator"]
