"""Certificates: uploaded ones read from their PEM, and managed ones the simulator "issues".

An uploaded certificate is one or more ``CERTIFICATE`` PEM blocks (the leaf first, then its
chain) of DER certificates, with a ``PRIVATE KEY`` (or ``RSA``/``EC PRIVATE KEY``) PEM block;
its ``fingerprint`` (SHA-256 of the leaf's DER), validity and ``domain_names`` (the subject's
common name, then the ``subjectAltName`` DNS names) are read from the leaf. Whether the key
matches the certificate is not checked.

A managed certificate names valid host names (``*.`` wildcards allowed); its issuance runs as an
action (``create_certificate``, then ``issue_certificate`` for each ``retry``) and its
``status`` follows that action: ``pending``, then ``completed`` (with a certificate, valid for
90 days, and renewal ``scheduled``) or ``failed`` (with the action's error, renewal
``unavailable``). Issuing for a domain under the reserved ``.invalid`` TLD fails with
``dns_zone_not_found``, as for a domain in no zone of Hetzner DNS; ``store.fail_next`` fails an
issuance with any code. Only a managed certificate whose issuance failed can be retried (else
422 ``unsupported_error``). Certificates have no protection; ``used_by`` lists the Load Balancers
whose services use the certificate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..engine.entities import Entity, created_now
from ..engine.errors import SimulatorError, invalid_input
from ..engine.kinds import Body, Change, Created, Kind, public
from ..engine.project import Project
from ..engine.store import Action, rfc3339
from . import CLOUD, load_balancers, x509

CREATE = CLOUD.index.operations["POST /certificates"].command or ""
RETRY = CLOUD.index.operations["POST /certificates/{id}/actions/retry"].command or ""
VALIDITY_SECONDS = 90 * 86400
MAX_DOMAIN_NAMES = 100
FAILING_TLD = "invalid"
FAILURE = {"code": "dns_zone_not_found", "message": "DNS zone not found"}
_KEY_LABELS = ("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")
_HOST_NAME = re.compile(
    r"(?=.{1,253}$)(\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?",
    flags=re.IGNORECASE,
)


def certificate_json(project: Project, certificate: Entity) -> Entity:
    """The certificate as the API shows it; a managed one's ``status`` follows its issuance."""
    data = public(project, certificate)
    data["used_by"] = load_balancers.using_certificate(project, certificate["id"])
    if certificate["type"] == "managed":
        data["status"] = _status(project, certificate)
    return data


def _issuance(project: Project, certificate: Entity) -> Action:
    """The latest action issuing the certificate."""
    resource = {"id": certificate["id"], "type": "certificate"}
    return next(
        action
        for action in reversed(project.store.actions.values())
        if action.command in (CREATE, RETRY) and resource in action.resources
    )


def _status(project: Project, certificate: Entity) -> dict[str, Any]:
    action = _issuance(project, certificate)
    if action.status == "running":
        return {"issuance": "pending", "renewal": "unavailable", "error": None}
    if action.failure is not None:
        return {"issuance": "failed", "renewal": "unavailable", "error": dict(action.failure)}
    return {"issuance": "completed", "renewal": "scheduled", "error": None}


def create(project: Project, body: Body, parent: Entity | None) -> Created:
    """An uploaded certificate, or a managed one and the action issuing it."""
    certificate = {
        "id": project.store.next_id("certificate"),
        "name": body["name"],
        "labels": dict(body.get("labels", {})),
        "type": body.get("type", "uploaded"),
        "certificate": None,
        "created": created_now(project),
        "not_valid_before": None,
        "not_valid_after": None,
        "domain_names": [],
        "fingerprint": None,
        "status": None,
        "used_by": [],
    }
    if certificate["type"] == "uploaded":
        _refuse(body, "domain_names", "uploaded")
        pem, key = _required(body, "certificate"), _required(body, "private_key")
        certificate.update(_uploaded(pem, key))
        return Created(certificate)
    _refuse(body, "certificate", "managed")
    _refuse(body, "private_key", "managed")
    certificate["domain_names"] = _domain_names(_required(body, "domain_names"))
    _plan_failure(project, certificate, CREATE)
    resources = [("certificate", certificate["id"])]
    action = project.store.start_action(CREATE, resources, _issued(project, certificate))
    return Created(certificate, action)


def retry(project: Project, certificate: Entity, body: Body) -> Change:
    """Issue a managed certificate again after its issuance failed."""
    if certificate["type"] != "managed" or _status(project, certificate)["issuance"] != "failed":
        raise SimulatorError(
            422,
            "unsupported_error",
            f"certificate {certificate['id']} is not a managed certificate whose issuance failed",
        )
    _plan_failure(project, certificate, RETRY)
    return Change(_issued(project, certificate))


def _plan_failure(project: Project, certificate: Entity, command: str) -> None:
    """Make the issuance fail when a domain lies under ``.invalid``."""
    if any(d.lower().endswith("." + FAILING_TLD) for d in certificate["domain_names"]):
        project.store.fail_next(command, **FAILURE)


def _issued(project: Project, certificate: Entity) -> Callable[[], None]:
    """The effect of a successful issuance: the certificate, its fingerprint and validity."""

    def issue() -> None:
        start = project.now()
        der = x509.write(certificate["domain_names"], start, start + VALIDITY_SECONDS)
        certificate.update(
            certificate=x509.pem(der),
            fingerprint=x509.fingerprint(der),
            not_valid_before=rfc3339(start),
            not_valid_after=rfc3339(start + VALIDITY_SECONDS),
        )

    return issue


def _uploaded(text: str, private_key: str) -> dict[str, Any]:
    """What an uploaded certificate shows, read from its PEM; ``invalid_input`` naming the
    field for a certificate or key that is not PEM of the right shape."""
    try:
        leaf = x509.pem_blocks(text, "CERTIFICATE")[0]
        facts = x509.read(leaf)
    except ValueError:
        raise invalid_input(
            {"certificate": ["is not a PEM certificate (chain)"]}, "invalid certificate"
        ) from None
    if not any(_is_key(private_key, label) for label in _KEY_LABELS):
        raise invalid_input({"private_key": ["is not a PEM private key"]}, "invalid private_key")
    names = [facts.common_name, *facts.dns_names]
    return {
        "certificate": text,
        "not_valid_before": rfc3339(facts.not_before.timestamp()),
        "not_valid_after": rfc3339(facts.not_after.timestamp()),
        "domain_names": [name for name in dict.fromkeys(names) if name],
        "fingerprint": x509.fingerprint(leaf),
    }


def _is_key(text: str, label: str) -> bool:
    try:
        (der,) = x509.pem_blocks(text, label)
        x509.key_shape(der)
    except ValueError:
        return False
    return True


def _domain_names(domains: list[str]) -> list[str]:
    """The domains of a managed certificate: host names, wildcards allowed, each once."""
    problems = [f"{domain!r} is not a valid domain name" for domain in domains]
    problems = [p for p, d in zip(problems, domains, strict=True) if not _HOST_NAME.fullmatch(d)]
    if not domains or len(domains) > MAX_DOMAIN_NAMES:
        problems.append(f"must name 1 to {MAX_DOMAIN_NAMES} domains")
    if len({d.lower() for d in domains}) != len(domains):
        problems.append("must name each domain once")
    if problems:
        raise invalid_input({"domain_names": problems}, "invalid domain_names")
    return list(domains)


def _required(body: Body, field: str) -> Any:
    if field not in body:
        raise invalid_input({field: ["is required for this type"]}, f"{field} is missing")
    return body[field]


def _refuse(body: Body, field: str, kind: str) -> None:
    if field in body:
        raise invalid_input(
            {field: [f"is not taken by {kind} certificates"]}, f"{field} is not allowed"
        )


KIND = Kind(
    "certificates",
    render=certificate_json,
    create=create,
    actions={"retry": retry},
)
