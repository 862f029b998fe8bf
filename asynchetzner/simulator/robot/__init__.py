"""A simulated Robot webservice (Hetzner's dedicated servers), served beside the Cloud API.

``Simulator`` starts it on its own loopback port (``sim.robot.url``, with ``sim.robot.user``
and ``sim.robot.password``), and ``sim.client()`` is configured for it, so ``client.robot…``
runs offline. It answers like ``https://robot-ws.your-server.de``: HTTP Basic (three failed
logins block the address for ten minutes), Robot's hourly limit per endpoint group, its error
envelope and codes, form bodies, and an account whose state changes (a reset boots an activated
rescue system and consumes the activation, a failover switch moves the routing…).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping

from aiohttp import web

from . import boot, network, security, servers, vswitches
from .app import LIMITS, RobotError, limit_group, parse_form, robot_app
from .state import RobotState

__all__ = ["LIMITS", "RobotError", "RobotService", "RobotState", "limit_group", "parse_form"]

ROUTES = (*security.routes, *servers.routes, *boot.routes, *network.routes, *vswitches.routes)


class RobotService:
    """The Robot simulator on ``host``'s loopback port ``port`` (any free one by default).

    ``limits`` overrides hourly limits by group (``{"POST /reset": 2}``); the ``*_seconds``
    are how long changes read ``in process`` (see ``RobotState``); ``clock`` replaces
    ``time.time``.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        host: str = "127.0.0.1",
        port: int = 0,
        user: str = "#ws+simulator",
        password: str | None = None,
        limits: Mapping[str, int] | None = None,
        firewall_seconds: float = 0.0,
        vswitch_seconds: float = 0.0,
        failover_lock_seconds: float = 0.0,
    ) -> None:
        self.host = host
        self.port = port
        self.state = RobotState(
            user=user,
            password=password or secrets.token_urlsafe(16),
            clock=clock,
            limits=dict(limits or {}),
            firewall_seconds=firewall_seconds,
            vswitch_seconds=vswitch_seconds,
            failover_lock_seconds=failover_lock_seconds,
        )
        self._runner: web.AppRunner | None = None

    def __repr__(self) -> str:
        return f"<RobotService user={self.user!r} port={self.port}>"

    @property
    def user(self) -> str:
        """The web-service user clients must send."""
        return self.state.user

    @property
    def password(self) -> str:
        """The web-service password clients must send."""
        return self.state.password

    @property
    def url(self) -> str:
        """The base URL to give a client, like ``https://robot-ws.your-server.de``."""
        if self._runner is None:
            raise RuntimeError("the Robot simulator is not running; start the Simulator first")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Start serving."""
        runner = web.AppRunner(robot_app(self.state, ROUTES), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop serving; safe twice."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
