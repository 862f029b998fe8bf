"""Server actions: the 23 ``/servers/{id}/actions/*``.

Each checks what the API checks when it is asked (``protected``, ``server_not_stopped``...; the
engine refuses them all with ``locked`` while another action runs on the server) and describes
its effect, which lands when the action succeeds: the server passes through the transitional
status (``starting``, ``stopping``, ``rebuilding``, ``migrating``) and reaches its final one then.
"""

from __future__ import annotations

import secrets
from typing import Any

from ..engine.entities import Entity, check_labels, resolve
from ..engine.errors import SimulatorError, invalid_input, protected
from ..engine.handlers import protect
from ..engine.kinds import Body, Change, Rule, public
from ..engine.project import Project
from . import images, networks, placement_groups, primary_ips
from .server_types import location_for

USER_DATA_LIMIT = 32 * 1024


def password() -> str:
    """A new root password."""
    return secrets.token_urlsafe(15)


def check_user_data(body: Body) -> None:
    """``invalid_input`` on ``user_data`` over 32 KiB."""
    # Counted as UTF-8; JSON can carry a lone surrogate ("\ud800"), which strict UTF-8 refuses.
    size = len((body.get("user_data") or "").encode(errors="surrogatepass"))
    if size > USER_DATA_LIMIT:
        raise invalid_input({"user_data": ["is too long (max 32 KiB)"]}, "user_data too long")


def _require_off(server: Entity) -> None:
    if server["status"] != "off":
        raise SimulatorError(422, "server_not_stopped", "the action requires a stopped server")


def _password_unless_keys(server: Entity) -> dict[str, Any]:
    return {"root_password": None if server["_ssh_keys"] else password()}


def _set(server: Entity, field: str, value: Any) -> Change:
    """An action whose effect sets one field of the server."""

    def changed() -> None:
        server[field] = value

    return Change(changed)


def poweron(project: Project, server: Entity, body: Body) -> Change:
    """Start the server."""
    return Change(during="starting", final="running")


def poweroff(project: Project, server: Entity, body: Body) -> Change:
    """Cut the power."""
    return Change(final="off")


def shutdown(project: Project, server: Entity, body: Body) -> Change:
    """Shut down gracefully (ACPI)."""
    return Change(during="stopping", final="off")


def restart(project: Project, server: Entity, body: Body) -> Change:
    """Reboot gracefully (ACPI), or reset: cut the power and start again."""
    return Change(final="running")


def rebuild(project: Project, server: Entity, body: Body) -> Change:
    """Overwrite the disk with an image."""
    if server["protection"]["rebuild"]:
        raise protected("Server", server["id"], "rebuild")
    image = images.image_for(project, body["image"], server["server_type"]["architecture"])
    check_user_data(body)

    def rebuilt() -> None:
        server["image"] = dict(image)

    extra = _password_unless_keys(server)
    return Change(rebuilt, during="rebuilding", final="running", extra=extra)


def change_type(project: Project, server: Entity, body: Body) -> Change:
    """Move to another server type (the server must be off)."""
    _require_off(server)
    new_type = resolve(project, "server_type", body["server_type"], "server_type")
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
    location_for(project, server["location"]["name"], new_type)

    def changed() -> None:
        server["server_type"] = dict(new_type)
        if upgrade_disk:
            server["primary_disk_size"] = new_type["disk"]

    return Change(changed, during="migrating", final="off")


def enable_rescue(project: Project, server: Entity, body: Body) -> Change:
    """Boot the rescue system next time."""
    for key in body.get("ssh_keys", []):
        resolve(project, "ssh_key", key, "ssh_keys")
    change = _set(server, "rescue_enabled", True)
    return Change(change.effect, extra={"root_password": password()})


def disable_rescue(project: Project, server: Entity, body: Body) -> Change:
    """Boot from disk again."""
    return _set(server, "rescue_enabled", False)


def enable_backup(project: Project, server: Entity, body: Body) -> Change:
    """Turn on daily backups in a backup window."""
    return _set(server, "backup_window", "22-02")


def disable_backup(project: Project, server: Entity, body: Body) -> Change:
    """Turn off backups and delete the server's backups."""

    def disabled() -> None:
        server["backup_window"] = None
        images.delete_backups(project, server["id"])

    return Change(disabled)


def create_image(project: Project, server: Entity, body: Body) -> Change:
    """Snapshot (or back up) the disk into a new image, ``creating`` until the action succeeds."""
    labels = body.get("labels") or {}
    check_labels(labels)
    kind = body.get("type", "snapshot")
    image = images.capture(project, server, kind, body.get("description"), labels)

    def created() -> None:
        image["status"] = "available"
        image["image_size"] = round(server["primary_disk_size"] * 0.07, 2)

    return Change(created, also=(("image", image["id"]),), extra={"image": public(project, image)})


def attach_iso(project: Project, server: Entity, body: Body) -> Change:
    """Insert an ISO (replacing one already inserted)."""
    iso = resolve(project, "iso", body["iso"], "iso")
    architecture = server["server_type"]["architecture"]
    if iso["architecture"] not in (None, architecture):
        raise invalid_input({"iso": [f"ISO is for {iso['architecture']}"]}, "ISO does not fit")
    return _set(server, "iso", dict(iso))


def detach_iso(project: Project, server: Entity, body: Body) -> Change:
    """Eject the ISO."""
    return _set(server, "iso", None)


def change_dns_ptr(project: Project, server: Entity, body: Body) -> Change:
    """Set (or with ``null`` reset) the reverse DNS entry of one of the server's primary IPs."""
    ip, dns_ptr = body["ip"], body.get("dns_ptr")
    return Change(primary_ips.server_dns_ptr(project, server, ip, dns_ptr))


def change_protection(project: Project, server: Entity, body: Body) -> Change:
    """Protect the server against deletion and rebuild (both must have the same value)."""
    wanted = {**server["protection"], **{k: body[k] for k in ("delete", "rebuild") if k in body}}
    if wanted["delete"] != wanted["rebuild"]:
        raise invalid_input(
            {"rebuild": ["must have the same value as delete"]}, "delete and rebuild differ"
        )
    return protect(project, server, body)


def request_console(project: Project, server: Entity, body: Body) -> Change:
    """Hand out a VNC-over-websocket URL and password, valid for a minute."""
    token = secrets.token_urlsafe(24)
    extra = {
        "wss_url": f"wss://console.hetzner.cloud/?server_id={server['id']}&token={token}",
        "password": password(),
    }
    return Change(extra=extra)


def reset_password(project: Project, server: Entity, body: Body) -> Change:
    """Set a new root password through the guest agent."""
    return Change(extra={"root_password": password()})


def attach_to_network(project: Project, server: Entity, body: Body) -> Change:
    """Attach to a private network."""
    network_id = body["network"]
    attach = networks.prepare_attach(
        project, server, network_id, body.get("ip"), body.get("alias_ips", []), body.get("ip_range")
    )
    return Change(attach, also=(("network", network_id),))


def detach_from_network(project: Project, server: Entity, body: Body) -> Change:
    """Detach from a private network."""
    network_id = body["network"]
    detach = networks.prepare_detach(project, server, network_id)
    return Change(detach, also=(("network", network_id),))


def change_alias_ips(project: Project, server: Entity, body: Body) -> Change:
    """Replace the alias IPs in one attached network."""
    network_id = body["network"]
    change = networks.prepare_change_alias_ips(project, server, network_id, body["alias_ips"])
    return Change(change, also=(("network", network_id),))


def add_to_placement_group(project: Project, server: Entity, body: Body) -> Change:
    """Join a placement group (the server must be off)."""
    group = resolve(project, "placement_group", body["placement_group"], "placement_group")
    _require_off(server)
    if server["_placement_group"] is not None:
        raise SimulatorError(
            422, "already_in_placement_group", "the server is already in a placement group"
        )
    placement_groups.check_capacity(project, group["id"])

    def added() -> None:
        if group["id"] in project.store.table("placement_group"):  # not deleted meanwhile
            server["_placement_group"] = group["id"]
            placement_groups.join(project, group["id"], server["id"])

    return Change(added)


def remove_from_placement_group(project: Project, server: Entity, body: Body) -> Change:
    """Leave the placement group."""
    if server["_placement_group"] is None:
        raise invalid_input(
            {"placement_group": ["the server is in no placement group"]}, "not in a group"
        )
    return _set(server, "_placement_group", None)


ACTIONS: dict[str, Rule] = {
    "poweron": poweron,
    "poweroff": poweroff,
    "shutdown": shutdown,
    "reboot": restart,
    "reset": restart,
    "rebuild": rebuild,
    "change_type": change_type,
    "enable_rescue": enable_rescue,
    "disable_rescue": disable_rescue,
    "enable_backup": enable_backup,
    "disable_backup": disable_backup,
    "create_image": create_image,
    "attach_iso": attach_iso,
    "detach_iso": detach_iso,
    "change_dns_ptr": change_dns_ptr,
    "change_protection": change_protection,
    "request_console": request_console,
    "reset_password": reset_password,
    "attach_to_network": attach_to_network,
    "detach_from_network": detach_from_network,
    "change_alias_ips": change_alias_ips,
    "add_to_placement_group": add_to_placement_group,
    "remove_from_placement_group": remove_from_placement_group,
}
