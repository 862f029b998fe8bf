"""Load Balancer services: what a Load Balancer listens on, and how it checks its targets.

A service's ``protocol`` is ``tcp``, ``http`` or ``https``; its ``listen_port`` (unique on the
Load Balancer: ``source_port_already_used``, 412 when a service is added, 422 when one is
updated) and ``destination_port`` are ports from 1 to 65535. ``http`` options belong to ``http``
and ``https`` services only (defaults: cookie ``HCLBSTICKY`` for 300 s, idle timeout 50 s, no
sticky sessions); ``certificates`` and ``redirect_http`` are set on ``https`` only (an ``http``
service shows them empty), which needs at least one certificate, each existing;
``redirect_http`` takes port 80 too. A health check probes ``tcp`` or ``http`` (with a ``path``,
status codes like ``2??``). The Load Balancer's type caps its services and the certificates
they use. ``update_service`` changes only what it is given.

A service may be given in part on create and ``add_service``, as Hetzner's tools send it
(``tools/trim_spec.py`` relaxes the spec's schema): ``http`` listens on 80 and ``https`` on 443,
both forward to 80 (a ``tcp`` service needs both ports); no ``proxyprotocol``; the health check
probes the destination port (over ``http`` for ``http``/``https`` services) every 15 s, with a
10 s timeout and 3 retries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..engine.entities import Entity
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Change
from ..engine.project import Project

HTTP_DEFAULTS: Mapping[str, Any] = {
    "cookie_name": "HCLBSTICKY",
    "cookie_lifetime": 300,
    "timeout_idle": 50,
    "sticky_sessions": False,
    "certificates": [],  # shown for http services too, as Hetzner does (hcloud reads them)
    "redirect_http": False,
}
CHECK_DEFAULTS: Mapping[str, Any] = {
    "domain": None,
    "path": "/",
    "response": "",
    "status_codes": ["2??", "3??"],
    "tls": False,
}
DEFAULT_PORTS: Mapping[str, Mapping[str, int]] = {
    "http": {"listen_port": 80, "destination_port": 80},
    "https": {"listen_port": 443, "destination_port": 80},
}
CHECK_TIMING: Mapping[str, int] = {"interval": 15, "timeout": 10, "retries": 3}
REDIRECTED_PORT = 80
_STATUS_CODE = re.compile(r"[1-5][0-9?]{2}")


def _port(value: int, field: str) -> int:
    if not 1 <= value <= 65535:
        raise invalid_input({field: ["must be a port from 1 to 65535"]}, f"invalid {field}")
    return value


def _health_check(check: Mapping[str, Any], where: str) -> Entity:
    """A service's health check, with the defaults of an ``http`` probe."""
    built: Entity = {
        "protocol": check["protocol"],
        "port": _port(check["port"], f"{where}health_check.port"),
        "interval": check["interval"],
        "timeout": check["timeout"],
        "retries": check["retries"],
    }
    http = check.get("http")
    if check["protocol"] == "tcp":
        if http is not None:
            message = "is only for a health check of protocol http"
            raise invalid_input({f"{where}health_check.http": [message]}, "invalid health check")
        return built
    built["http"] = {**CHECK_DEFAULTS, **(http or {})}
    for code in built["http"]["status_codes"]:
        if not _STATUS_CODE.fullmatch(code):
            field = f"{where}health_check.http.status_codes"
            raise invalid_input(
                {field: [f"{code!r} is not like 200 or 2??"]}, "invalid status code"
            )
    return built


def _completed(service: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A service given in part, with what Hetzner fills in."""
    protocol = service["protocol"]
    filled = {"proxyprotocol": False, **DEFAULT_PORTS.get(protocol, {}), **service}
    missing = [name for name in ("listen_port", "destination_port") if name not in filled]
    if missing:
        message = f"is required for a service of protocol {protocol}"
        raise invalid_input({f"{where}{name}": [message] for name in missing}, "invalid service")
    check_protocol = "tcp" if protocol == "tcp" else "http"
    check = {"protocol": check_protocol, "port": filled["destination_port"], **CHECK_TIMING}
    filled["health_check"] = {**check, **service.get("health_check", {})}
    return filled


def checked_service(project: Project, given: Mapping[str, Any], where: str = "") -> Entity:
    """A service as the API shows it, from a request's (or a merged) service."""
    service = _completed(given, where)
    protocol = service["protocol"]
    built: Entity = {
        "protocol": protocol,
        "listen_port": _port(service["listen_port"], f"{where}listen_port"),
        "destination_port": _port(service["destination_port"], f"{where}destination_port"),
        "proxyprotocol": service["proxyprotocol"],
        "health_check": _health_check(service["health_check"], where),
    }
    http = dict(service.get("http") or {})
    if protocol == "tcp":
        if http:
            message = "is only for services of protocol http or https"
            raise invalid_input({f"{where}http": [message]}, "invalid service")
        return built
    if protocol == "http":
        for key in ("certificates", "redirect_http"):
            if http.get(key):
                message = "is only for services of protocol https"
                raise invalid_input({f"{where}http.{key}": [message]}, "invalid service")
    built["http"] = {**HTTP_DEFAULTS, **{k: v for k, v in http.items() if k in HTTP_DEFAULTS}}
    if protocol == "https":
        built["http"]["certificates"] = _certificates(project, built["http"]["certificates"], where)
    return built


def _certificates(project: Project, ids: list[int], where: str) -> list[int]:
    field = f"{where}http.certificates"
    if not ids:
        raise invalid_input({field: ["an https service needs a certificate"]}, "no certificate")
    table = project.store.table("certificate")
    for certificate_id in ids:
        if certificate_id not in table:
            message = f"certificate {certificate_id} not found"
            raise invalid_input({field: [message]}, message)
    return list(dict.fromkeys(ids))


def check_services(lb_type: Mapping[str, Any], services: list[Entity], status: int) -> None:
    """Refuse a set of services whose ports collide (``source_port_already_used`` with
    ``status``) or that the Load Balancer type does not allow."""
    ports: set[int] = set()
    for service in services:
        taken = [service["listen_port"]]
        if service.get("http", {}).get("redirect_http"):
            taken.append(REDIRECTED_PORT)
        for port in taken:
            if port in ports:
                raise SimulatorError(
                    status, "source_port_already_used", f"port {port} is already in use"
                )
            ports.add(port)
    check_type_fits(lb_type, services, None)


def certificates_of(services: list[Entity]) -> list[int]:
    """The certificates the services use, each once."""
    found = (c for s in services for c in s.get("http", {}).get("certificates", []))
    return list(dict.fromkeys(found))


def check_type_fits(
    lb_type: Mapping[str, Any], services: list[Entity], targets: int | None, code: str = ""
) -> None:
    """Refuse services (and ``targets`` targets) beyond what ``lb_type`` allows: 422 ``code``,
    or ``invalid_input`` without one."""
    limits = (
        ("services", len(services), lb_type["max_services"]),
        ("certificates", len(certificates_of(services)), lb_type["max_assigned_certificates"]),
        ("targets", targets or 0, lb_type["max_targets"]),
    )
    for what, count, most in limits:
        if count > most:
            message = f"Load Balancer type {lb_type['name']} allows at most {most} {what}"
            if code:
                raise SimulatorError(422, code, message)
            raise invalid_input({what: [message]}, message)


def _find(lb: Entity, port: int) -> Entity:
    services: list[Entity] = lb["services"]
    service = next((s for s in services if s["listen_port"] == port), None)
    if service is None:
        message = f"no service listens on port {port}"
        raise invalid_input({"listen_port": [message]}, message)
    return service


def add_service(project: Project, lb: Entity, body: Body) -> Change:
    """Add a service on a free port."""
    service = checked_service(project, body)
    check_services(lb["load_balancer_type"], [*lb["services"], service], 412)

    def added() -> None:
        lb["services"].append(service)

    return Change(added)


def _merged(old: Entity, body: Body) -> Entity:
    """The service ``old`` with what ``body`` changes (health check and http options merged)."""
    merged = {**old, **{k: v for k, v in body.items() if k not in ("health_check", "http")}}
    check = {**old["health_check"], **body.get("health_check", {})}
    if check["protocol"] == "tcp" and "http" not in body.get("health_check", {}):
        check.pop("http", None)
    elif "http" in old["health_check"] or "http" in body.get("health_check", {}):
        check["http"] = {**old["health_check"].get("http", {}), **check.get("http", {})}
    merged["health_check"] = check
    kept = dict(old.get("http", {}))
    if merged["protocol"] != "https":  # certificates and redirection are https's own
        kept.update(certificates=[], redirect_http=False)
    merged["http"] = {**kept, **body.get("http", {})}
    if merged["protocol"] == "tcp" and "http" not in body:
        merged.pop("http")
    return merged


def update_service(project: Project, lb: Entity, body: Body) -> Change:
    """Change the service listening on ``listen_port``."""
    old = _find(lb, body["listen_port"])
    service = checked_service(project, _merged(old, body))
    services = [service if s is old else s for s in lb["services"]]
    check_services(lb["load_balancer_type"], services, 422)

    def updated() -> None:
        lb["services"][:] = [service if s is old else s for s in lb["services"]]

    return Change(updated)


def delete_service(project: Project, lb: Entity, body: Body) -> Change:
    """Delete the service listening on ``listen_port``."""
    old = _find(lb, body["listen_port"])

    def deleted() -> None:
        lb["services"][:] = [s for s in lb["services"] if s is not old]

    return Change(deleted)
