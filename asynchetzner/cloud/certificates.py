"""TLS certificates for Load Balancers: uploaded ones, and managed ones Let's Encrypt issues."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar, NamedTuple

from ..typed.actions import Action
from ..typed.answers import member
from ..typed.arguments import check_name, invalid_argument, present
from ..typed.models import field, time_field
from ..typed.resources import Actionable, ActionReads, Creatable, Deletable, Updatable


class Certificate(Actionable):
    """A certificate (``type`` ``uploaded`` or ``managed``) with the domains it covers; a managed
    one reports its issuance and renewal in ``status``."""

    kind = "certificate"
    shown: ClassVar[tuple[str, ...]] = ("name", "type")
    name: str = field()
    labels: dict[str, str] = field()
    type: str = field()
    certificate: str | None = field()
    created: datetime | None = time_field()
    not_valid_before: datetime | None = time_field()
    not_valid_after: datetime | None = time_field()
    domain_names: list[str] = field()
    fingerprint: str | None = field()
    status: dict[str, Any] | None = field()
    used_by: list[dict[str, Any]] = field()

    async def retry(self) -> Action:
        """Retry the failed issuance (or renewal) of a managed certificate."""
        return await self._action("retry")


class CreateCertificateResult(NamedTuple):
    """What ``POST /certificates`` answers: the certificate, and for a managed one the action
    issuing it (``None`` for an uploaded one)."""

    certificate: Certificate
    action: Action | None


class CertificatesClient(
    Creatable[Certificate],
    Updatable[Certificate],
    Deletable[Certificate],
    ActionReads[Certificate],
):
    """``client.certificates``."""

    model = Certificate
    path = "/certificates"

    async def create(
        self,
        name: str,
        certificate: str,
        private_key: str,
        *,
        labels: dict[str, str] | None = None,
    ) -> CreateCertificateResult:
        """Upload a certificate (PEM, the chain after it) and its private key (PEM)."""
        return await self._create_certificate(
            name=check_name(name),
            type="uploaded",
            certificate=check_name(certificate, "certificate"),
            private_key=check_name(private_key, "private_key"),
            **present(labels=labels),
        )

    async def create_managed(
        self,
        name: str,
        domain_names: Sequence[str],
        *,
        labels: dict[str, str] | None = None,
    ) -> CreateCertificateResult:
        """Have Let's Encrypt issue a certificate for ``domain_names`` (in zones of Hetzner DNS);
        the result's action follows the issuance."""
        if isinstance(domain_names, str) or not domain_names:
            raise invalid_argument("domain_names", "must be a non-empty list of names")
        return await self._create_certificate(
            name=check_name(name),
            type="managed",
            domain_names=[check_name(domain, "domain_names") for domain in domain_names],
            **present(labels=labels),
        )

    async def _create_certificate(self, **body: Any) -> CreateCertificateResult:
        answer, where = await self._create(**body)
        action = answer.get("action") if isinstance(answer, dict) else None
        return CreateCertificateResult(
            self._wrap(member(answer, self.model.kind, where)),
            None if action is None else self._calls.action(answer, where),
        )
