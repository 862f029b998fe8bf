"""The official ``hcloud`` library drives certificates (uploaded, managed, retry) and reads the
pricing from the simulator (the fixtures are in this package's conftest)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from .conftest import hcloud, run

DATA = Path(__file__).resolve().parents[2] / "data" / "certificates"
PEM = (DATA / "example.com.crt").read_text()
KEY = (DATA / "example.com.key").read_text()


async def test_uploaded_certificates_through_hcloud(hc: Any) -> None:
    created = await run(hc.certificates.create, name="web", certificate=PEM, private_key=KEY)
    assert (created.name, created.type, created.status) == ("web", "uploaded", None)
    assert created.domain_names == ["example.com", "www.example.com", "*.example.com"]
    assert created.not_valid_after == datetime(2036, 11, 27, 6, 45, 26, tzinfo=timezone.utc)
    assert created.fingerprint.startswith("c4:f4:c2:9b")
    fetched = await run(hc.certificates.get_by_name, "web")
    assert (fetched.id, fetched.certificate) == (created.id, PEM)
    updated = await run(hc.certificates.update, fetched, name="renamed", labels={"env": "prod"})
    assert (updated.name, updated.labels) == ("renamed", {"env": "prod"})
    assert await run(hc.certificates.delete, updated) is True
    assert await run(hc.certificates.get_all) == []


async def test_managed_certificates_and_retry_through_hcloud(hc: Any) -> None:
    response = await run(
        hc.certificates.create_managed, name="managed", domain_names=["example.com"]
    )
    assert response.certificate.status.issuance == "pending"
    assert response.action.command == "create_certificate"
    await run(response.action.wait_until_finished)
    issued = await run(hc.certificates.get_by_id, response.certificate.id)
    assert (issued.status.issuance, issued.status.renewal) == ("completed", "scheduled")
    assert issued.certificate.startswith("-----BEGIN CERTIFICATE-----")

    failing = await run(
        hc.certificates.create_managed, name="failing", domain_names=["www.example.invalid"]
    )
    with pytest.raises(hcloud.actions.ActionFailedException) as caught:
        await run(failing.action.wait_until_finished)
    assert caught.value.action.error["code"] == "dns_zone_not_found"
    failed = await run(hc.certificates.get_by_id, failing.certificate.id)
    assert (failed.status.issuance, failed.status.error.code) == ("failed", "dns_zone_not_found")
    retried = await run(failed.retry_issuance)
    assert retried.command == "issue_certificate"
    actions = await run(hc.certificates.get_actions, failed)
    assert [action.command for action in actions] == ["create_certificate", "issue_certificate"]
    assert [c.name for c in await run(hc.certificates.get_all)] == [
        "managed",
        "failing",
    ]


async def test_retry_of_an_uploaded_certificate_is_refused_through_hcloud(hc: Any) -> None:
    created = await run(hc.certificates.create, name="web", certificate=PEM, private_key=KEY)
    with pytest.raises(hcloud.APIException) as caught:
        await run(hc.certificates.retry_issuance, created)
    assert caught.value.code == "unsupported_error"


async def test_pricing_through_hcloud(hc: Any) -> None:
    pricing = (await run(hc.request, "GET", "/pricing"))["pricing"]
    server_types = {entry["name"]: entry for entry in pricing["server_types"]}
    cx23 = await run(hc.server_types.get_by_name, "cx23")
    assert server_types["cx23"]["id"] == cx23.id
    assert [p["location"] for p in server_types["cx23"]["prices"]] == [
        price["location"] for price in cx23.prices
    ]
    assert pricing["vat_rate"] == "19.00"
