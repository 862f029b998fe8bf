"""What every area of the Robot webservice shares: its models, its envelopes, its arguments.

Robot answers one object as ``{"server": {...}}`` and a list as an unpaginated array of such
wrappers (``[{"server": {...}}, ...]``), an empty list as a 404; requests carry form bodies.
Objects are identified by their Robot key (``server_number``, ``ip``, ``fingerprint``).
"""

from __future__ import annotations

import asyncio
import builtins
import ipaddress
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import quote

from ..exceptions import APIError, AuthenticationError, InvalidResponse, NotFoundError
from ..typed.answers import Secret, described, member
from ..typed.arguments import check_id, check_name, invalid_argument
from ..typed.models import Model
from ..typed.resources import FamilyCalls

if TYPE_CHECKING:
    from ..client import Client

ROBOT = "hetzner-robot"
R = TypeVar("R", bound="RobotModel")


class RobotModel(Model):
    """An object of the Robot webservice, identified by its Robot key (``id_key``)."""

    family = ROBOT
    id_key: ClassVar[str] = "server_number"
    secret_keys: ClassVar[tuple[str, ...]] = ()
    """Fields holding passwords: kept as ``Secret`` in ``data``, so no repr shows them."""

    def _set_data(self, data: Mapping[str, Any]) -> None:
        if self.secret_keys and isinstance(data, Mapping):
            data = {
                key: Secret(value) if key in self.secret_keys and isinstance(value, str) else value
                for key, value in data.items()
            }
        super()._set_data(data)


class Login:
    """Whether Robot accepted the client's web-service credentials, so that a wrong password
    costs one failed login and not one per request: Robot blocks an address after three.

    Until an answer shows the credentials good, requests go one at a time; once Robot refused
    them (401), later requests fail with ``AuthenticationError`` without being sent.
    """

    def __init__(self) -> None:
        self.accepted = False
        self.refused: AuthenticationError | None = None
        self._first = asyncio.Lock()

    async def call(
        self, calls: FamilyCalls, method: str, path: str, body: Any, query: dict[str, Any]
    ) -> Any:
        """Send one request through ``calls``, as the login's state allows."""
        if self.accepted:
            return await calls.call(method, path, body, **query)
        async with self._first:
            if self.refused is not None:
                raise AuthenticationError(
                    self.refused.status,
                    self.refused.code,
                    "not sent: Robot refused these credentials already (three failed logins "
                    "block the address)",
                )
            if self.accepted:
                return await calls.call(method, path, body, **query)
            try:
                answer = await calls.call(method, path, body, **query)
            except AuthenticationError as refused:
                self.refused = refused
                raise
            except APIError:
                self.accepted = True  # any other answer comes past the login
                raise
            self.accepted = True
            return answer


class RobotCalls:
    """Requests to the Robot webservice through one client and its ``Login``."""

    def __init__(self, client: Client, login: Login) -> None:
        self._family = FamilyCalls(client, ROBOT)
        self._login = login

    async def call(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        """One request; ``query`` goes in the query string."""
        return await self._login.call(self._family, method, path, body, query)


class Area:
    """One area of the webservice (``client.robot.servers``…): requests through one client,
    sharing its ``Login`` with the client's other areas."""

    def __init__(self, client: Client, login: Login | None = None) -> None:
        self._client = client
        self._calls = RobotCalls(client, login or Login())

    async def _one(
        self, model: type[R], method: str, template: str, body: Any = None, **key: Any
    ) -> R:
        """The ``model`` object the request at ``template`` (filled with ``key``) answers."""
        path = robot_path(template, key)
        answer = await self._calls.call(method, path, body or None)
        return model(self._client, member(answer, model.kind, f"{method} {path}"))

    async def _many(self, model: type[R], path: str, **query: Any) -> builtins.list[R]:
        """Every ``model`` object of the list at ``path`` (none when Robot answers 404)."""
        try:
            answer = await self._calls.call("GET", path, **query)
        except NotFoundError:
            return []
        if not isinstance(answer, builtins.list):
            raise InvalidResponse(f"GET {path} answered {described(answer)}, not a list")
        return [model(self._client, member(item, model.kind, f"GET {path}")) for item in answer]


def robot_path(template: str, values: Mapping[str, Any]) -> str:
    """``template`` filled with ``values``, each quoted as a path segment but for ``:``, which
    Robot's paths carry as they are (``/key/15:28:b0…``, ``/failover/2a01:4f8:fff1::``)."""
    return template.format_map({key: quote(str(value), safe=":") for key, value in values.items()})


def server_number(server: object) -> int:
    """A dedicated server's number, from the number or a typed object holding it."""
    if isinstance(server, Model):
        server = server.data.get("server_number")
    return check_id(server, "server")


def ip_address(value: object, name: str = "ip") -> str:
    """An IPv4 or IPv6 address (or a typed object's ``ip``) as Robot writes it."""
    if isinstance(value, Model):
        value = value.data.get("ip")
    try:
        return str(ipaddress.ip_address(check_name(value, name)))
    except ValueError:
        raise invalid_argument(name, f"must be an IP address, not {value!r}") from None


def flag(value: bool, name: str) -> str:
    """A boolean as Robot's forms take it."""
    if not isinstance(value, bool):
        raise invalid_argument(name, f"must be True or False, not {value!r}")
    return "true" if value else "false"


def choice(value: object, allowed: tuple[str, ...], name: str) -> str:
    """One of ``allowed``, or ``InvalidArgumentError`` naming them."""
    if value not in allowed:
        raise invalid_argument(name, f"must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)
