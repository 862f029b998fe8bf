"""Cancelling dedicated servers (``/server/{server-number}/cancellation``): read-only by default.

A cancellation ends a rented machine and its data, which no script should do by accident, so
``cancel`` refuses unless it is called with ``allow_cancellation=True``. Reading the options
and withdrawing a cancellation need nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..exceptions import InvalidArgumentError
from ..typed.arguments import check_name
from ..typed.models import field
from .base import Area, RobotModel, flag, server_number
from .servers import RobotServer


class Cancellation(RobotModel):
    """A server's cancellation: its options (earliest date, reasons) or the one filed."""

    kind = "cancellation"
    shown: ClassVar[tuple[str, ...]] = ("cancelled", "cancellation_date")
    server_number: int = field()
    server_name: str | None = field()
    earliest_cancellation_date: str = field()
    cancelled: bool = field()
    reservation_possible: bool | None = field()
    reserved: bool | None = field()
    cancellation_date: str | None = field()
    cancellation_reason: list[str] | str | None = field()


class CancellationClient(Area):
    """``client.robot.cancellation``: read a server's cancellation; file one only on purpose."""

    async def get(self, server: int | RobotServer) -> Cancellation:
        """The server's cancellation options, or the cancellation filed."""
        path = "/server/{n}/cancellation"
        return await self._one(Cancellation, "GET", path, n=server_number(server))

    async def cancel(
        self,
        server: int | RobotServer,
        date: str,
        *,
        reason: str | None = None,
        reserve_location: bool | None = None,
        allow_cancellation: bool = False,
    ) -> Cancellation:
        """Cancel the server on ``date`` (``YYYY-MM-DD`` or ``now``): the machine and its data
        go then; ``reason`` is one of the reasons ``get`` offers (Robot takes one). Refused
        (``InvalidArgumentError``, nothing sent) unless ``allow_cancellation=True``: this client
        is read-only about cancellations by default."""
        if allow_cancellation is not True:
            raise InvalidArgumentError(
                "cancelling a dedicated server is refused unless allow_cancellation=True is "
                "passed (refused before sending)"
            )
        body: dict[str, Any] = {"cancellation_date": check_name(date, "date")}
        if reason is not None:
            body["cancellation_reason"] = check_name(reason, "reason")
        if reserve_location is not None:
            body["reserve_location"] = flag(reserve_location, "reserve_location")
        path = "/server/{n}/cancellation"
        return await self._one(Cancellation, "POST", path, body, n=server_number(server))

    async def withdraw(self, server: int | RobotServer) -> None:
        """Withdraw the server's cancellation."""
        await self._calls.call("DELETE", f"/server/{server_number(server)}/cancellation")
