"""Boot configurations (``/boot/{server-number}``): the rescue system, a Linux installation, a
VNC installation and Windows, each with its options, activation and deactivation.

An activation answers with the password of the system it will boot; it is kept as a ``Secret``
(its ``repr`` masked, ``str()`` the text), so it reaches no repr, log or error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from ..exceptions import InvalidResponse
from ..typed.answers import Secret, described
from ..typed.arguments import check_name, present
from ..typed.models import field
from .base import Area, R, RobotModel, server_number
from .servers import RobotServer

BOOT_SYSTEMS = ("rescue", "linux", "vnc", "windows")


class BootConfiguration(RobotModel):
    """One way to boot a server: its options while inactive (lists), its choice when active."""

    secret_keys = ("password",)
    shown: ClassVar[tuple[str, ...]] = ("server_ip", "active")
    server_number: int = field()
    server_ip: str | None = field()
    active: bool = field()
    password: Secret | None = field()
    """The password of the booted system, once activated (a ``Secret``)."""
    authorized_key: list[Any] | None = field()
    host_key: list[Any] | None = field()
    lang: list[str] | str | None = field()
    boot_time: str | None = field()


class Rescue(BootConfiguration):
    """The rescue system: ``os`` (``linux``, ``vkvm``…), ``keyboard``."""

    kind = "rescue"
    os: list[str] | str = field()
    arch: list[int] | int | None = field()
    keyboard: list[str] | str | None = field()


class Linux(BootConfiguration):
    """An installation of a Linux distribution (``dist``) on the next boot."""

    kind = "linux"
    dist: list[str] | str = field()
    arch: list[int] | int | None = field()


class VNC(BootConfiguration):
    """An installation over VNC (``dist``), with the VNC password."""

    kind = "vnc"
    dist: list[str] | str = field()


class Windows(BootConfiguration):
    """A Windows installation (``dist``, ``lang``)."""

    kind = "windows"
    dist: list[str] | str | None = field()


@dataclass(frozen=True)
class Boot:
    """Every boot configuration of one server; ``None`` where the server offers none."""

    rescue: Rescue | None
    linux: Linux | None
    vnc: VNC | None
    windows: Windows | None


def keys(authorized_keys: Iterable[str]) -> list[str]:
    """SSH key fingerprints (or keys) for ``authorized_key[]``."""
    if isinstance(authorized_keys, str):
        authorized_keys = [authorized_keys]
    return [check_name(key, "authorized_keys") for key in authorized_keys]


class BootClient(Area):
    """``client.robot.boot``: what each server can boot, and activating it for the next boot."""

    async def get(self, server: int | RobotServer) -> Boot:
        """Every boot configuration of the server at once."""
        path = f"/boot/{server_number(server)}"
        answer = await self._calls.call("GET", path)
        boot = answer.get("boot") if isinstance(answer, dict) else None
        if not isinstance(boot, dict):
            raise InvalidResponse(f"GET {path} answered {described(answer)}, without 'boot'")
        client = self._client

        def one(model: type[R]) -> R | None:
            data = boot.get(model.kind)
            return model(client, data) if isinstance(data, dict) else None

        return Boot(one(Rescue), one(Linux), one(VNC), one(Windows))

    async def rescue(self, server: int | RobotServer) -> Rescue:
        """The rescue system's options, or its activation."""
        return await self._config(Rescue, server)

    async def activate_rescue(
        self,
        server: int | RobotServer,
        os: str = "linux",
        *,
        authorized_keys: Iterable[str] = (),
        keyboard: str | None = None,
    ) -> Rescue:
        """Boot the rescue system at the server's next reset; its ``password`` is a ``Secret``."""
        body = present(os=check_name(os, "os"), keyboard=keyboard)
        body["authorized_key"] = keys(authorized_keys) or None
        return await self._activate(Rescue, server, body)

    async def deactivate_rescue(self, server: int | RobotServer) -> Rescue:
        """Withdraw a rescue activation that no reset has consumed yet."""
        return await self._deactivate(Rescue, server)

    async def last_rescue(self, server: int | RobotServer) -> Rescue:
        """The options of the rescue system last activated (its password included)."""
        return await self._one(Rescue, "GET", "/boot/{n}/rescue/last", n=server_number(server))

    async def linux(self, server: int | RobotServer) -> Linux:
        """The Linux installations on offer, or the one activated."""
        return await self._config(Linux, server)

    async def activate_linux(
        self,
        server: int | RobotServer,
        dist: str,
        lang: str = "en",
        *,
        authorized_keys: Iterable[str] = (),
    ) -> Linux:
        """Install ``dist`` at the server's next reset; its ``password`` is a ``Secret``."""
        body: dict[str, Any] = {"dist": check_name(dist, "dist"), "lang": check_name(lang, "lang")}
        body["authorized_key"] = keys(authorized_keys) or None
        return await self._activate(Linux, server, body)

    async def deactivate_linux(self, server: int | RobotServer) -> Linux:
        """Withdraw a Linux installation not started yet."""
        return await self._deactivate(Linux, server)

    async def vnc(self, server: int | RobotServer) -> VNC:
        """The VNC installations on offer, or the one activated."""
        return await self._config(VNC, server)

    async def activate_vnc(self, server: int | RobotServer, dist: str, lang: str = "en_US") -> VNC:
        """Install ``dist`` over VNC at the next reset; the VNC ``password`` is a ``Secret``."""
        body = {"dist": check_name(dist, "dist"), "lang": check_name(lang, "lang")}
        return await self._activate(VNC, server, body)

    async def deactivate_vnc(self, server: int | RobotServer) -> VNC:
        """Withdraw a VNC installation not started yet."""
        return await self._deactivate(VNC, server)

    async def windows(self, server: int | RobotServer) -> Windows:
        """The Windows installations on offer, or the one activated."""
        return await self._config(Windows, server)

    async def activate_windows(self, server: int | RobotServer, lang: str = "en") -> Windows:
        """Install Windows at the next reset; its ``password`` is a ``Secret``."""
        return await self._activate(Windows, server, {"lang": check_name(lang, "lang")})

    async def deactivate_windows(self, server: int | RobotServer) -> Windows:
        """Withdraw a Windows installation not started yet."""
        return await self._deactivate(Windows, server)

    async def _config(self, model: type[R], server: int | RobotServer) -> R:
        return await self._one(model, "GET", "/boot/{n}/" + model.kind, n=server_number(server))

    async def _activate(self, model: type[R], server: int | RobotServer, body: Any) -> R:
        path = "/boot/{n}/" + model.kind
        return await self._one(model, "POST", path, body, n=server_number(server))

    async def _deactivate(self, model: type[R], server: int | RobotServer) -> R:
        return await self._one(model, "DELETE", "/boot/{n}/" + model.kind, n=server_number(server))
