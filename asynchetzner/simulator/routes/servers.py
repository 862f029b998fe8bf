"""Servers: list, create, get, update, delete, metrics, and all 23 ``/servers/{id}/actions/*``.

Each action checks what the API checks when it is asked (``locked`` while another action runs,
``protected``, ``server_not_stopped``…), then starts an action whose effect lands when it succeeds:
the server passes through the transitional status (``starting``, ``stopping``, ``rebuilding``,
``migrating``) and reaches its final one only then.
"""

from __future__ import annotations

import ipaddress
import math
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from ..engine.app import answer, read_body
from ..engine.errors import SimulatorError, invalid_input, locked, protected
from ..engine.listing import ListSpec
from ..engine.numbers import positive_int
from ..engine.project import Project
from ..engine.store import Action, rfc3339
from . import networks, placement_groups
from .common import (
    check_labels,
    created_now,
    ensure_unique_name,
    get_entity,
    listed,
    path_id,
    public,
    resolve,
    simulation,
)

routes = web.RouteTableDef()

SERVER_LIST = ListSpec(
    "servers",
    filters={"name": "name", "status": "status"},
    sort_fields=frozenset({"id", "name", "created"}),
)
_HOSTNAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
_IPV4_POOL = ipaddress.IPv4Network("198.18.0.0/15")  # reserved for benchmarking: never real
_IPV6_POOL = ipaddress.IPv6Network("2001:db8::/32")  # documentation prefix
_USER_DATA_LIMIT = 32 * 1024
_INCLUDED_TRAFFIC = 20 * 1024**4
_METRIC_TYPES = ("cpu", "disk", "network")
_METRIC_SERIES = {
    "cpu": ("cpu",),
    "disk": (
        "disk.0.iops.read",
        "disk.0.iops.write",
        "disk.0.bandwidth.read",
        "disk.0.bandwidth.write",
    ),
    "network": (
        "network.0.pps.in",
        "network.0.pps.out",
        "network.0.bandwidth.in",
        "network.0.bandwidth.out",
    ),
}


def server_json(sim: Project, server: dict[str, Any]) -> dict[str, Any]:
    """The server as the API shows it now."""
    data = public(server)
    data["locked"] = sim.store.running_on("server", server["id"])
    group_id = server["_placement_group"]
    groups = sim.store.table("placement_group")
    data["placement_group"] = (
        placement_groups.placement_group_json(sim, groups[group_id])
        if group_id is not None
        else None
    )
    return data


def _check_user_data(body: dict[str, Any]) -> None:
    """``invalid_input`` on ``user_data`` over 32 KiB."""
    # Counted as UTF-8; JSON can carry a lone surrogate ("\ud800"), which strict UTF-8 refuses.
    size = len((body.get("user_data") or "").encode(errors="surrogatepass"))
    if size > _USER_DATA_LIMIT:
        raise invalid_input({"user_data": ["is too long (max 32 KiB)"]}, "user_data too long")


def _delete_backups(sim: Project, server_id: int) -> None:
    """Delete the server's backups (the only images bound to a server)."""
    images = sim.store.table("image")
    for image_id in [i for i, image in images.items() if image["bound_to"] == server_id]:
        del images[image_id]


def _server(sim: Project, request: web.Request) -> dict[str, Any]:
    return get_entity(sim, "server", path_id(request), "Server")


def _check_name(sim: Project, name: str, own_id: int | None = None) -> None:
    if not _HOSTNAME.fullmatch(name):
        raise invalid_input(
            {"name": ["must be a valid hostname (letters, digits, periods and dashes)"]},
            f"invalid server name {name!r}",
        )
    ensure_unique_name(sim, "server", name, own_id)


def _image_for(sim: Project, key: Any, architecture: str) -> dict[str, Any]:
    """An image by id, or by name for the server type's architecture."""
    if isinstance(key, str) and positive_int(key) is None:
        for image in sim.store.table("image").values():
            if image.get("name") == key and image["architecture"] == architecture:
                return image
    image = resolve(sim, "image", key, "image")
    if image["architecture"] != architecture:
        raise invalid_input(
            {"image": [f"image {key!r} is for {image['architecture']}, not {architecture}"]},
            "image architecture does not match the server type",
        )
    if image["status"] != "available":
        raise invalid_input({"image": [f"image {key!r} is not available"]}, "image not available")
    return image


def _location_for(sim: Project, key: Any, server_type: dict[str, Any]) -> dict[str, Any]:
    offered = [entry["name"] for entry in server_type["locations"] if entry.get("available", True)]
    if key is None:
        if not offered:
            raise SimulatorError(
                412, "resource_unavailable", f"server type {server_type['name']} is sold out"
            )
        key = offered[0]
    location = resolve(sim, "location", key, "location")
    if location["name"] not in offered:
        raise SimulatorError(
            412,
            "resource_unavailable",
            f"server type {server_type['name']} is not available in {location['name']}",
        )
    return location


def _public_net(sim: Project, server_id: int, options: dict[str, Any]) -> dict[str, Any]:
    for family in ("ipv4", "ipv6"):
        if options.get(family) is not None:
            raise invalid_input(
                {f"public_net.{family}": ["primary IPs are not simulated; leave it null"]},
                "primary IPs are not simulated",
            )
    ipv4 = ipv6 = None
    if options.get("enable_ipv4", True):
        address = str(_IPV4_POOL[server_id])
        ipv4 = {
            "id": sim.store.next_id("primary_ip"),
            "ip": address,
            "blocked": False,
            "dns_ptr": f"static.{address}.clients.your-server.de",
        }
    if options.get("enable_ipv6", True):
        network = ipaddress.IPv6Network((int(_IPV6_POOL.network_address) + (server_id << 64), 64))
        ipv6 = {
            "id": sim.store.next_id("primary_ip"),
            "ip": str(network),
            "blocked": False,
            "dns_ptr": [],
        }
    return {"ipv4": ipv4, "ipv6": ipv6, "floating_ips": [], "firewalls": []}


def _password() -> str:
    return secrets.token_urlsafe(15)


def _unsupported(body: dict[str, Any], *fields: str) -> None:
    given = {name: ["not simulated"] for name in fields if body.get(name)}
    if given:
        raise invalid_input(given, f"{', '.join(given)} not simulated by asynchetzner")


@routes.get("/servers")
async def list_servers(request: web.Request) -> web.StreamResponse:
    """List servers, filtered, sorted and paginated."""
    sim = simulation(request)
    servers = sim.store.table("server").values()
    return listed(request, servers, SERVER_LIST, lambda server: server_json(sim, server))


@routes.post("/servers")
async def create_server(request: web.Request) -> web.StreamResponse:
    """Create a server: ``create_server`` now, ``start_server`` next unless told not to."""
    sim = simulation(request)
    body = await read_body(request)
    _unsupported(body, "volumes", "firewalls")
    _check_name(sim, body["name"])
    server_type = resolve(sim, "server_type", body["server_type"], "server_type")
    location = _location_for(sim, body.get("location"), server_type)
    image = _image_for(sim, body["image"], server_type["architecture"])
    ssh_keys = [resolve(sim, "ssh_key", key, "ssh_keys")["id"] for key in body.get("ssh_keys", [])]
    labels = body.get("labels") or {}
    check_labels(labels)
    _check_user_data(body)
    group_id = body.get("placement_group")
    if group_id is not None:
        group_id = resolve(sim, "placement_group", group_id, "placement_group")["id"]
        placement_groups.check_capacity(sim, group_id)

    server_id = sim.store.next_id("server")
    server: dict[str, Any] = {
        "id": server_id,
        "name": body["name"],
        "status": "initializing",
        "created": created_now(sim),
        "public_net": _public_net(sim, server_id, body.get("public_net") or {}),
        "private_net": [],
        "server_type": dict(server_type),
        "location": dict(location),
        "image": dict(image),
        "iso": None,
        "rescue_enabled": False,
        "backup_window": None,
        "outgoing_traffic": 0,
        "ingoing_traffic": 0,
        "included_traffic": _INCLUDED_TRAFFIC,
        "protection": {"delete": False, "rebuild": False},
        "labels": labels,
        "volumes": [],
        "load_balancers": [],
        "primary_disk_size": server_type["disk"],
        "_placement_group": group_id,
        "_ssh_keys": ssh_keys,
    }
    attach_effects = [
        networks.prepare_attach(sim, server, network_id, None, [], None)
        for network_id in body.get("networks", [])
    ]
    sim.store.table("server")[server_id] = server
    for attach in attach_effects:
        attach()
    start = body.get("start_after_create", True)

    def created() -> None:  # a start that is going to fail leaves the server off, as _start does
        starting = any(action.failure is None for action in next_actions)
        server["status"] = "starting" if starting else "off"

    def started() -> None:
        server["status"] = "running"

    resources = [("server", server_id)]
    create = sim.store.start_action("create_server", resources, created)
    next_actions = (
        [sim.store.start_action("start_server", resources, started, after=create)] if start else []
    )
    now = sim.now()
    body = {
        "server": server_json(sim, server),
        "action": create.to_json(now),
        "next_actions": [action.to_json(now) for action in next_actions],
        "root_password": None if ssh_keys else _password(),
    }
    return answer(body, 201)


@routes.get("/servers/{id}")
async def get_server(request: web.Request) -> web.StreamResponse:
    """One server."""
    sim = simulation(request)
    return answer({"server": server_json(sim, _server(sim, request))})


@routes.put("/servers/{id}")
async def update_server(request: web.Request) -> web.StreamResponse:
    """Rename a server or replace its labels."""
    sim = simulation(request)
    server = _server(sim, request)
    body = await read_body(request)
    if "name" in body:
        _check_name(sim, body["name"], server["id"])
    if "labels" in body:
        check_labels(body["labels"])
    server.update({key: body[key] for key in ("name", "labels") if key in body})
    return answer({"server": server_json(sim, server)})


@routes.delete("/servers/{id}")
async def delete_server(request: web.Request) -> web.StreamResponse:
    """Delete a server: it is ``deleting`` until the ``delete_server`` action succeeds."""
    sim = simulation(request)
    server = _server(sim, request)
    if server["protection"]["delete"]:
        raise protected("Server", server["id"], "deletion")
    server["status"] = "deleting"

    def deleted() -> None:
        _delete_backups(sim, server["id"])
        sim.store.table("server").pop(server["id"], None)

    action = sim.store.start_action("delete_server", [("server", server["id"])], deleted)
    return answer({"action": action.to_json(sim.now())})


@routes.get("/servers/{id}/metrics")
async def server_metrics(request: web.Request) -> web.StreamResponse:
    """Plausible, repeatable metrics for the asked period (at most 500 samples per series)."""
    sim = simulation(request)
    server = _server(sim, request)
    query = request.query
    types = [t for value in query.getall("type", []) for t in value.split(",") if t]
    problems: dict[str, list[str]] = {}
    if not types or any(t not in _METRIC_TYPES for t in types):
        problems["type"] = [f"must be one or more of: {', '.join(_METRIC_TYPES)}"]
    period = {}
    for name in ("start", "end"):
        try:
            period[name] = _timestamp(query.get(name, ""))
        except (ValueError, OverflowError):
            problems[name] = ["must be an RFC 3339 timestamp"]
    if not problems and period["end"] <= period["start"]:
        problems["end"] = ["must be after start"]
    step_text = query.get("step")
    asked_step = positive_int(step_text) if step_text is not None else None
    if step_text is not None and asked_step is None:
        problems["step"] = ["must be a positive number of seconds"]
    if problems:
        raise invalid_input(problems, "invalid metrics query")
    start, end = period["start"], period["end"]
    step = float(asked_step) if asked_step else max(1.0, math.ceil((end - start) / 200))
    step = max(step, math.ceil((end - start) / 500))
    samples = [start + i * step for i in range(int((end - start) // step) + 1)]
    series = {
        name: {"values": [[t, _metric_value(server["id"], name, t)] for t in samples]}
        for kind in dict.fromkeys(types)
        for name in _METRIC_SERIES[kind]
    }
    return answer(
        {
            "metrics": {
                "start": rfc3339(start),
                "end": rfc3339(end),
                "step": step,
                "time_series": series,
            }
        }
    )


def _timestamp(text: str) -> float:
    """Seconds since the epoch of an RFC 3339 time (UTC if it names no offset); ``ValueError`` or
    ``OverflowError`` if it is not one or falls outside the years 1 to 9999 in UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).timestamp()


def _metric_value(server_id: int, series: str, timestamp: float) -> str:
    """A smooth, repeatable value for one sample."""
    wave = (math.sin(timestamp / 900 + server_id + len(series)) + 1) / 2
    scale = 100.0 if series == "cpu" else 1000.0 if "pps" in series or "iops" in series else 1e6
    return f"{wave * scale * 0.6 + scale * 0.05:.3f}"


# Actions

ActionResult = tuple[Action, dict[str, Any]]
ServerAction = Callable[[Project, dict[str, Any], dict[str, Any]], ActionResult]


def server_action(name: str) -> Callable[[ServerAction], ServerAction]:
    """Register ``POST /servers/{id}/actions/<name>``: validate, refuse while locked, answer 201."""

    def register(perform: ServerAction) -> ServerAction:
        async def handler(request: web.Request) -> web.StreamResponse:
            sim = simulation(request)
            server = _server(sim, request)
            body = await read_body(request)
            if sim.store.running_on("server", server["id"]):
                raise locked("Server", server["id"])
            action, extra = perform(sim, server, body)
            return answer({**extra, "action": action.to_json(sim.now())}, 201)

        handler.__doc__ = perform.__doc__
        routes.post(f"/servers/{{id}}/actions/{name}")(handler)
        return perform

    return register


def _start(
    sim: Project,
    server: dict[str, Any],
    command: str,
    effect: Callable[[], None] | None = None,
    *,
    during: str | None = None,
    final: str | None = None,
    also: tuple[tuple[str, int], ...] = (),
) -> Action:
    """Start ``command`` on the server: ``during`` now, ``effect`` and ``final`` on success."""

    def succeeded() -> None:
        if effect is not None:
            effect()
        if final is not None:
            server["status"] = final

    action = sim.store.start_action(command, [("server", server["id"]), *also], succeeded)
    if during is not None and action.failure is None:
        server["status"] = during
    return action


def _require_off(server: dict[str, Any]) -> None:
    if server["status"] != "off":
        raise SimulatorError(422, "server_not_stopped", "the action requires a stopped server")


def _password_unless_keys(server: dict[str, Any]) -> dict[str, Any]:
    return {"root_password": None if server["_ssh_keys"] else _password()}


@server_action("poweron")
def poweron(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Start the server."""
    return _start(sim, server, "start_server", during="starting", final="running"), {}


@server_action("poweroff")
def poweroff(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Cut the power."""
    return _start(sim, server, "stop_server", final="off"), {}


@server_action("shutdown")
def shutdown(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Shut down gracefully (ACPI)."""
    return _start(sim, server, "shutdown_server", during="stopping", final="off"), {}


@server_action("reboot")
def reboot(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Reboot gracefully (ACPI)."""
    return _start(sim, server, "reboot_server", final="running"), {}


@server_action("reset")
def reset(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Cut the power and start again."""
    return _start(sim, server, "reset_server", final="running"), {}


@server_action("rebuild")
def rebuild(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Overwrite the disk with an image."""
    if server["protection"]["rebuild"]:
        raise protected("Server", server["id"], "rebuild")
    image = _image_for(sim, body["image"], server["server_type"]["architecture"])
    _check_user_data(body)

    def rebuilt() -> None:
        server["image"] = dict(image)

    action = _start(sim, server, "rebuild_server", rebuilt, during="rebuilding", final="running")
    return action, _password_unless_keys(server)


@server_action("change_type")
def change_type(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Move to another server type (the server must be off)."""
    _require_off(server)
    new_type = resolve(sim, "server_type", body["server_type"], "server_type")
    upgrade_disk = body["upgrade_disk"]
    fits = (
        new_type["architecture"] == server["server_type"]["architecture"]
        and not new_type["deprecated"]
        and new_type["disk"] >= server["primary_disk_size"]
    )
    if not fits:
        raise SimulatorError(
            422,
            "invalid_server_type",
            f"server type {new_type['name']} does not fit this server or is deprecated",
        )
    _location_for(sim, server["location"]["name"], new_type)

    def changed() -> None:
        server["server_type"] = dict(new_type)
        if upgrade_disk:
            server["primary_disk_size"] = new_type["disk"]

    return _start(sim, server, "change_server_type", changed, during="migrating", final="off"), {}


@server_action("enable_rescue")
def enable_rescue(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Boot the rescue system next time."""
    for key in body.get("ssh_keys", []):
        resolve(sim, "ssh_key", key, "ssh_keys")

    def enabled() -> None:
        server["rescue_enabled"] = True

    return _start(sim, server, "enable_rescue", enabled), {"root_password": _password()}


@server_action("disable_rescue")
def disable_rescue(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Boot from disk again."""

    def disabled() -> None:
        server["rescue_enabled"] = False

    return _start(sim, server, "disable_rescue", disabled), {}


@server_action("enable_backup")
def enable_backup(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Turn on daily backups in a backup window."""

    def enabled() -> None:
        server["backup_window"] = "22-02"

    return _start(sim, server, "enable_backup", enabled), {}


@server_action("disable_backup")
def disable_backup(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Turn off backups and delete the server's backups."""

    def disabled() -> None:
        server["backup_window"] = None
        _delete_backups(sim, server["id"])

    return _start(sim, server, "disable_backup", disabled), {}


@server_action("create_image")
def create_image(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Snapshot (or back up) the disk into a new image, ``creating`` until the action succeeds."""
    kind = body.get("type", "snapshot")
    labels = body.get("labels") or {}
    check_labels(labels)
    source = server["image"] or {}
    image_id = sim.store.next_id("image")
    image: dict[str, Any] = {
        "id": image_id,
        "type": kind,
        "status": "creating",
        "name": None,
        "description": body.get("description") or f"{server['name']}-{kind}-{image_id}",
        "image_size": None,
        "disk_size": server["primary_disk_size"],
        "created": created_now(sim),
        "created_from": {"id": server["id"], "name": server["name"]},
        "bound_to": server["id"] if kind == "backup" else None,
        "os_flavor": source.get("os_flavor", "unknown"),
        "os_version": source.get("os_version"),
        "rapid_deploy": False,
        "protection": {"delete": False},
        "deprecated": None,
        "deleted": None,
        "labels": labels,
        "architecture": server["server_type"]["architecture"],
    }
    sim.store.table("image")[image_id] = image

    def created() -> None:
        image["status"] = "available"
        image["image_size"] = round(server["primary_disk_size"] * 0.07, 2)

    action = _start(sim, server, "create_image", created, also=(("image", image_id),))
    return action, {"image": public(image)}


@server_action("attach_iso")
def attach_iso(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Insert an ISO (replacing one already inserted)."""
    iso = resolve(sim, "iso", body["iso"], "iso")
    architecture = server["server_type"]["architecture"]
    if iso["architecture"] not in (None, architecture):
        raise invalid_input({"iso": [f"ISO is for {iso['architecture']}"]}, "ISO does not fit")

    def attached() -> None:
        server["iso"] = dict(iso)

    return _start(sim, server, "attach_iso", attached), {}


@server_action("detach_iso")
def detach_iso(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Eject the ISO."""

    def detached() -> None:
        server["iso"] = None

    return _start(sim, server, "detach_iso", detached), {}


@server_action("change_dns_ptr")
def change_dns_ptr(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Set (or with ``null`` reset) the reverse DNS entry of one of the server's IPs."""
    address, dns_ptr = body["ip"], body.get("dns_ptr")
    ipv4, ipv6 = server["public_net"]["ipv4"], server["public_net"]["ipv6"]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise invalid_input({"ip": ["is not an IP address"]}, f"invalid ip {address!r}") from None
    if ipv4 is not None and str(parsed) == ipv4["ip"]:

        def changed() -> None:
            ipv4["dns_ptr"] = dns_ptr or f"static.{ipv4['ip']}.clients.your-server.de"

    elif ipv6 is not None and parsed in ipaddress.ip_network(ipv6["ip"]):

        def changed() -> None:
            entries = [e for e in ipv6["dns_ptr"] if e["ip"] != str(parsed)]
            if dns_ptr:
                entries.append({"ip": str(parsed), "dns_ptr": dns_ptr})
            ipv6["dns_ptr"] = entries

    else:
        raise invalid_input({"ip": ["is not an IP of this server"]}, f"ip {address} not found")
    return _start(sim, server, "change_dns_ptr", changed), {}


@server_action("change_protection")
def change_protection(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Protect the server against deletion and rebuild (both must have the same value)."""
    wanted = {**server["protection"], **{k: body[k] for k in ("delete", "rebuild") if k in body}}
    if wanted["delete"] != wanted["rebuild"]:
        raise invalid_input(
            {"rebuild": ["must have the same value as delete"]}, "delete and rebuild differ"
        )

    def changed() -> None:
        server["protection"] = wanted

    return _start(sim, server, "change_protection", changed), {}


@server_action("request_console")
def request_console(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Hand out a VNC-over-websocket URL and password, valid for a minute."""
    token = secrets.token_urlsafe(24)
    extra = {
        "wss_url": f"wss://console.hetzner.cloud/?server_id={server['id']}&token={token}",
        "password": _password(),
    }
    return _start(sim, server, "request_console"), extra


@server_action("reset_password")
def reset_password(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Set a new root password through the guest agent."""
    return _start(sim, server, "reset_password"), {"root_password": _password()}


@server_action("attach_to_network")
def attach_to_network(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Attach to a private network."""
    network_id = body["network"]
    attach = networks.prepare_attach(
        sim, server, network_id, body.get("ip"), body.get("alias_ips", []), body.get("ip_range")
    )
    also = (("network", network_id),)
    return _start(sim, server, "attach_to_network", attach, also=also), {}


@server_action("detach_from_network")
def detach_from_network(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Detach from a private network."""
    network_id = body["network"]
    detach = networks.prepare_detach(sim, server, network_id)
    also = (("network", network_id),)
    return _start(sim, server, "detach_from_network", detach, also=also), {}


@server_action("change_alias_ips")
def change_alias_ips(sim: Project, server: dict[str, Any], body: dict[str, Any]) -> ActionResult:
    """Replace the alias IPs in one attached network."""
    network_id = body["network"]
    change = networks.prepare_change_alias_ips(sim, server, network_id, body["alias_ips"])
    also = (("network", network_id),)
    return _start(sim, server, "change_alias_ips", change, also=also), {}


@server_action("add_to_placement_group")
def add_to_placement_group(
    sim: Project, server: dict[str, Any], body: dict[str, Any]
) -> ActionResult:
    """Join a placement group (the server must be off)."""
    group = resolve(sim, "placement_group", body["placement_group"], "placement_group")
    _require_off(server)
    if server["_placement_group"] is not None:
        raise SimulatorError(
            422, "already_in_placement_group", "the server is already in a placement group"
        )
    placement_groups.check_capacity(sim, group["id"])

    def added() -> None:
        if group["id"] in sim.store.table("placement_group"):  # not deleted meanwhile
            server["_placement_group"] = group["id"]

    return _start(sim, server, "add_to_placement_group", added), {}


@server_action("remove_from_placement_group")
def remove_from_placement_group(
    sim: Project, server: dict[str, Any], body: dict[str, Any]
) -> ActionResult:
    """Leave the placement group."""
    group_id = server["_placement_group"]
    if group_id is None:
        raise invalid_input(
            {"placement_group": ["the server is in no placement group"]}, "not in a group"
        )

    def removed() -> None:
        server["_placement_group"] = None

    return _start(sim, server, "remove_from_placement_group", removed), {}
