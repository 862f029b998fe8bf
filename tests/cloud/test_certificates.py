"""``client.certificates`` against the simulator: uploaded and managed certificates, retry."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from asynchetzner import (
    ActionFailed,
    Certificate,
    Client,
    CreateCertificateResult,
    InvalidArgumentError,
    InvalidInputError,
    NotFoundError,
)
from asynchetzner.simulator import Simulator

DATA = Path(__file__).resolve().parents[1] / "data" / "certificates"
PEM = (DATA / "example.com.crt").read_text()
KEY = (DATA / "example.com.key").read_text()


async def test_an_uploaded_certificate_is_typed_and_has_no_action(client: Client) -> None:
    result = await client.certificates.create("web", PEM, KEY, labels={"env": "prod"})
    assert isinstance(result, CreateCertificateResult)
    certificate = result.certificate
    assert result.action is None
    assert isinstance(certificate, Certificate)
    assert (certificate.name, certificate.type, certificate.labels) == (
        "web",
        "uploaded",
        {"env": "prod"},
    )
    assert certificate.not_valid_before == datetime(2026, 11, 30, 6, 45, 26, tzinfo=timezone.utc)
    assert certificate.not_valid_after == datetime(2036, 11, 27, 6, 45, 26, tzinfo=timezone.utc)
    assert certificate.domain_names == ["example.com", "www.example.com", "*.example.com"]
    assert certificate.fingerprint is not None
    assert certificate.fingerprint.startswith("c4:f4:c2")
    assert (certificate.status, certificate.used_by, certificate.certificate) == (None, [], PEM)
    assert isinstance(certificate.created, datetime)
    assert repr(certificate) == f"<Certificate id={certificate.id} name='web' type='uploaded'>"
    assert await client.certificates.get(certificate.id) == certificate
    assert await client.certificates.get_by_name("web") == certificate


async def test_a_bad_pem_is_refused_by_the_api(client: Client) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await client.certificates.create("web", "not a certificate", KEY)
    assert [field["name"] for field in caught.value.details["fields"]] == ["certificate"]


async def test_a_managed_certificate_is_issued(client: Client) -> None:
    result = await client.certificates.create_managed("managed", ["example.com", "*.example.com"])
    assert result.action is not None
    assert result.certificate.status == {
        "issuance": "pending",
        "renewal": "unavailable",
        "error": None,
    }
    finished = await result.action.wait()
    assert (finished.command, finished.status) == ("create_certificate", "success")
    certificate = await result.certificate.refresh()
    assert certificate.status is not None
    assert certificate.status["issuance"] == "completed"
    assert certificate.certificate is not None
    assert certificate.certificate.startswith("-----BEGIN CERTIFICATE-----")
    assert certificate.not_valid_after is not None
    assert certificate.not_valid_before is not None
    assert (certificate.not_valid_after - certificate.not_valid_before).days == 90


async def test_a_failed_issuance_is_retried(sim: Simulator, client: Client) -> None:
    sim.project.store.fail_next("create_certificate", "ca_dns_validation_failed", "no TXT record")
    result = await client.certificates.create_managed("managed", ["example.com"])
    assert result.action is not None
    with pytest.raises(ActionFailed) as caught:
        await result.action.wait()
    assert caught.value.action.error == {
        "code": "ca_dns_validation_failed",
        "message": "no TXT record",
    }
    certificate = await result.certificate.refresh()
    assert certificate.status is not None
    assert certificate.status["issuance"] == "failed"
    retried = await certificate.retry()
    assert retried.command == "issue_certificate"
    await retried.wait()
    assert (await certificate.refresh()).status == {
        "issuance": "completed",
        "renewal": "scheduled",
        "error": None,
    }
    commands = [action.command for action in await certificate.get_actions()]
    assert commands == ["create_certificate", "issue_certificate"]
    assert (await certificate.get_action(retried.id)).id == retried.id
    kind_actions = await client.certificates.get_actions(status=["success"])
    assert [action.id for action in kind_actions] == [retried.id]
    assert (await client.certificates.get_action(retried.id)).command == "issue_certificate"


async def test_lists_filter_by_type_and_update_and_delete(client: Client) -> None:
    uploaded = (await client.certificates.create("uploaded", PEM, KEY)).certificate
    managed = (await client.certificates.create_managed("managed", ["example.com"])).certificate
    assert await client.certificates.get_all(type="managed") == [managed]
    assert await client.certificates.get_all(sort="name:desc") == [uploaded, managed]
    renamed = await client.certificates.update(uploaded, name="renamed", labels={"a": "b"})
    assert (renamed.name, renamed.labels) == ("renamed", {"a": "b"})
    assert await client.certificates.delete(renamed) is None
    with pytest.raises(NotFoundError):
        await client.certificates.get(renamed.id)
    assert await client.certificates.delete(renamed.id, missing_ok=True) is None


@pytest.mark.parametrize(
    "domain_names",
    [pytest.param([], id="empty"), pytest.param("example.com", id="a-string")],
)
async def test_managed_domain_names_must_be_a_list_of_names(
    client: Client, domain_names: list[str]
) -> None:
    with pytest.raises(InvalidArgumentError, match="domain_names"):
        await client.certificates.create_managed("managed", domain_names)


@pytest.mark.parametrize("field", ["certificate", "private_key"])
async def test_an_empty_pem_is_refused_before_sending(client: Client, field: str) -> None:
    arguments = {"certificate": PEM, "private_key": KEY, field: ""}
    with pytest.raises(InvalidArgumentError, match=field):
        await client.certificates.create("web", **arguments)
