"""The simulator's engine: what every API and every kind of resource share.

The aiohttp application and Hetzner's envelope (``app``), the project's state (``project``,
``store``), the request budget and faults, listing, request validation, errors, the operation
index (``index``), how a kind is declared (``kinds``), the generic handlers that serve a kind
from the index (``handlers``) and the routes of an API (``routing``). Kinds of resources use
the engine; the engine knows them only through the list an API registers.
"""
