"""Run the simulator on loopback: ``async with Simulator() as sim: client = sim.client()``."""

from __future__ import annotations

import secrets
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any

from aiohttp import web

from ..client import Client
from ..config.families import CLOUD as CLOUD_FAMILY
from .cloud import CLOUD
from .engine.budget import Budget
from .engine.connection import AppRunner
from .engine.faults import Fault, FaultInjector, Latency
from .engine.project import Project
from .engine.routing import create_app
from .engine.store import Store
from .robot import RobotService
from .storage import STORAGE

APIS = {CLOUD_FAMILY: CLOUD, "hetzner-api": STORAGE}
"""The API the simulator serves for each API family, each under its prefix."""


class Simulator:
    """A simulator of Hetzner's Cloud API (at ``url``) and of its Hetzner API (Storage Boxes, at
    ``url_for("hetzner-api")``), on ``host:port`` (a free loopback port by default), one project.

    ``action_seconds`` is how long each action runs (``None``: roughly as long as on Hetzner);
    ``rate_limit`` is the budget per hour, refilled by ``rate_limit / 3600`` per second unless
    ``refill_per_second`` says otherwise; ``faults`` and ``latency`` inject failures, reproducibly
    with ``seed``; ``clock`` replaces ``time.time`` for tests that move time by hand.
    ``sim.robot`` is the Robot webservice on a port of its own, made with ``robot_options``
    (``user``, ``password``, ``limits``… of ``simulator.robot.RobotService``).
    ``ssl_context`` (a server context with its certificate loaded) serves the Cloud API and the
    Hetzner API over HTTPS, their URLs then ``https://``; the Robot webservice stays plain HTTP.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        read_only_tokens: Sequence[str] = (),
        action_seconds: float | None = 0.1,
        rate_limit: int = 3600,
        refill_per_second: float | None = None,
        faults: Sequence[Fault] = (),
        latency: Sequence[Latency] = (),
        seed: int | None = None,
        clock: Callable[[], float] | None = None,
        robot_options: Mapping[str, Any] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        clock = clock or time.time
        self.host = host
        self.port = port
        self.token = token or secrets.token_hex(16)
        self.ssl_context = ssl_context
        refill = refill_per_second if refill_per_second is not None else rate_limit / 3600
        #: The simulated project (its tokens, state, budget, faults, the requests it served as in
        #: ``sim.project.requests["POST /servers"]``, and observers of its answers).
        self.project = Project(
            token=self.token,
            read_only_tokens=frozenset(read_only_tokens),
            store=Store(clock=clock, action_seconds=action_seconds),
            budget=Budget(rate_limit, refill, clock),
            faults=FaultInjector(faults, latency, seed),
        )
        self._runner: web.AppRunner | None = None
        self.robot = RobotService(clock=clock, host=host, **(robot_options or {}))

    @property
    def store(self) -> Store:
        """The simulated project's state (for tests, as ``sim.store.fail_next("start_server")``)."""
        return self.project.store

    @property
    def url(self) -> str:
        """The Cloud API's base URL to give a client, like ``https://api.hetzner.cloud/v1``."""
        return self.url_for(CLOUD_FAMILY)

    def url_for(self, family: str) -> str:
        """The base URL of an API family (``hetzner-api``: like ``https://api.hetzner.com/v1``)."""
        if self._runner is None:
            raise RuntimeError("the simulator is not running; use 'async with Simulator()'")
        if family not in APIS:
            served = ", ".join(APIS)
            raise ValueError(f"the simulator serves {served}, not {family!r}")
        scheme = "http" if self.ssl_context is None else "https"
        return f"{scheme}://{self.host}:{self.port}{APIS[family].prefix}"

    @property
    def urls(self) -> dict[str, str]:
        """The base URL of each API family the simulator serves."""
        return {family: self.url_for(family) for family in APIS}

    def client(self, **options: Any) -> Client:
        """A ``Client`` for this simulator, its typed calls of every family sent here, the Robot
        webservice's with its credentials (close it, or use it with ``async with``)."""
        base_urls = {**self.urls, "hetzner-robot": self.robot.url}
        base_urls.update(options.pop("base_urls", {}))
        return Client(
            "hetzner-cloud",
            self.token,
            robot_user=self.robot.user,
            robot_password=self.robot.password,
            base_urls=base_urls,
            **options,
        )

    async def start(self) -> None:
        """Start serving."""
        app = create_app(self.project, *APIS.values())
        runner = AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, ssl_context=self.ssl_context)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]
        try:
            await self.robot.start()
        except OSError:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Stop serving; safe twice."""
        await self.robot.stop()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()
