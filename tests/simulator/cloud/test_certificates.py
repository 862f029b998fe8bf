"""Certificates: uploaded ones read from their PEM, managed ones issued by an action, retry."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import asynchetzner
from asynchetzner.simulator import Simulator
from asynchetzner.simulator.cloud import x509

from ...conftest import NO_RETRY
from ..conftest import field_names, raw, refused

DATA = Path(__file__).resolve().parents[2] / "data" / "certificates"
PEM = (DATA / "example.com.crt").read_text()
KEY = (DATA / "example.com.key").read_text()
LEGACY_PEM = (DATA / "legacy.example.org.crt").read_text()
# As ``openssl x509 -noout -fingerprint -sha256`` shows them, lower-cased.
FINGERPRINT = (
    "c4:f4:c2:9b:7b:c8:3e:00:f8:71:09:d6:02:f7:ae:5d:"
    "da:d9:9e:73:c4:56:51:20:2f:c0:fb:d5:22:7e:28:73"
)
LEGACY_FINGERPRINT = (
    "fd:89:3c:47:6b:55:20:3e:8e:c2:9f:11:5b:71:54:74:"
    "d9:57:53:a9:b5:3a:01:fe:e5:a1:54:c7:a8:d8:02:cf"
)


async def upload(client: asynchetzner.Client, name: str = "up", **body: Any) -> dict[str, Any]:
    fields = {"certificate": PEM, "private_key": KEY, **body}
    answer: dict[str, Any] = await client.post("/certificates", name=name, **fields)
    return answer


async def managed(
    client: asynchetzner.Client, domains: list[str], name: str = "managed"
) -> dict[str, Any]:
    answer: dict[str, Any] = await client.post(
        "/certificates", name=name, type="managed", domain_names=domains
    )
    return answer


# Uploaded


async def test_an_uploaded_certificate_is_read_from_its_pem(client: asynchetzner.Client) -> None:
    answer = await upload(client, labels={"env": "prod"})
    certificate = answer["certificate"]
    assert answer["action"] is None
    assert certificate == {
        "id": certificate["id"],
        "name": "up",
        "labels": {"env": "prod"},
        "type": "uploaded",
        "certificate": PEM,
        "created": certificate["created"],
        "not_valid_before": "2026-11-30T06:45:26+00:00",
        "not_valid_after": "2036-11-27T06:45:26+00:00",
        "domain_names": ["example.com", "www.example.com", "*.example.com"],
        "fingerprint": FINGERPRINT,
        "status": None,
        "used_by": [],
    }
    assert (await client.get(f"/certificates/{certificate['id']}"))["certificate"] == certificate


async def test_a_chain_is_read_from_its_leaf_and_a_name_without_san_from_its_cn(
    client: asynchetzner.Client,
) -> None:
    chain = (await upload(client, certificate=PEM + LEGACY_PEM))["certificate"]
    assert (chain["fingerprint"], chain["certificate"]) == (FINGERPRINT, PEM + LEGACY_PEM)
    legacy = (await upload(client, "legacy", certificate=LEGACY_PEM))["certificate"]
    assert legacy["domain_names"] == ["legacy.example.org"]
    assert legacy["fingerprint"] == LEGACY_FINGERPRINT
    assert legacy["not_valid_after"] == "2052-12-03T06:45:30+00:00"  # a GeneralizedTime


def _block(label: str, body: str) -> str:
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"


@pytest.mark.parametrize(
    "certificate",
    [
        pytest.param("", id="empty"),
        pytest.param("example.com", id="not-pem"),
        pytest.param(_block("CERTIFICATE", "not*base64"), id="not-base64"),
        pytest.param(_block("CERTIFICATE", "MAA="), id="not-a-certificate"),
        pytest.param("subject=example.com\n" + PEM, id="text-before"),
        pytest.param(PEM + "trailing", id="text-after"),
        pytest.param(KEY, id="a-key"),
        pytest.param(PEM.replace("-----END CERTIFICATE-----", ""), id="unterminated"),
    ],
)
async def test_a_certificate_that_is_not_pem_of_a_certificate_is_refused(
    client: asynchetzner.Client, certificate: str
) -> None:
    error = await refused(upload(client, certificate=certificate), "invalid_input")
    assert field_names(error) == ["certificate"]


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("", id="empty"),
        pytest.param(PEM, id="a-certificate"),
        pytest.param(KEY.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"), id="encrypted"),
        pytest.param(_block("PRIVATE KEY", "AAAA"), id="not-der"),
        pytest.param(KEY + KEY, id="two-keys"),
    ],
)
async def test_a_key_that_is_not_a_pem_private_key_is_refused(
    client: asynchetzner.Client, key: str
) -> None:
    error = await refused(upload(client, private_key=key), "invalid_input")
    assert field_names(error) == ["private_key"]


@pytest.mark.parametrize("label", ["RSA PRIVATE KEY", "EC PRIVATE KEY"])
async def test_traditional_key_labels_are_taken(client: asynchetzner.Client, label: str) -> None:
    answer = await upload(client, private_key=KEY.replace("PRIVATE KEY", label))
    assert answer["certificate"]["fingerprint"] == FINGERPRINT


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"type": "uploaded", "private_key": KEY}, "certificate", id="no-certificate"),
        pytest.param({"certificate": PEM}, "private_key", id="no-key"),
        pytest.param(
            {"certificate": PEM, "private_key": KEY, "domain_names": ["example.com"]},
            "domain_names",
            id="uploaded-with-domains",
        ),
        pytest.param({"type": "managed"}, "domain_names", id="managed-without-domains"),
        pytest.param(
            {"type": "managed", "domain_names": ["example.com"], "certificate": PEM},
            "certificate",
            id="managed-with-certificate",
        ),
        pytest.param(
            {"type": "managed", "domain_names": ["example.com"], "private_key": KEY},
            "private_key",
            id="managed-with-key",
        ),
    ],
)
async def test_each_type_takes_its_own_fields(
    client: asynchetzner.Client, body: dict[str, Any], field: str
) -> None:
    error = await refused(client.post("/certificates", name="c", **body), "invalid_input")
    assert field_names(error) == [field]


# Managed


async def test_a_managed_certificate_is_issued_by_its_action(client: asynchetzner.Client) -> None:
    answer = await managed(client, ["example.com", "*.example.com"])
    pending, action = answer["certificate"], answer["action"]
    assert (action["command"], action["status"]) == ("create_certificate", "running")
    assert action["resources"] == [{"id": pending["id"], "type": "certificate"}]
    assert pending["status"] == {"issuance": "pending", "renewal": "unavailable", "error": None}
    assert (pending["certificate"], pending["fingerprint"], pending["not_valid_after"]) == (
        None,
        None,
        None,
    )
    issued = (await client.get(f"/certificates/{pending['id']}"))["certificate"]
    assert issued["status"] == {"issuance": "completed", "renewal": "scheduled", "error": None}
    (der,) = x509.pem_blocks(issued["certificate"], "CERTIFICATE")
    facts = x509.read(der)
    assert (facts.common_name, facts.dns_names) == ("example.com", ("example.com", "*.example.com"))
    assert issued["fingerprint"] == x509.fingerprint(der)
    assert issued["not_valid_before"] == facts.not_before.isoformat()
    assert (facts.not_after - facts.not_before).days == 90
    assert issued["domain_names"] == ["example.com", "*.example.com"]


@pytest.mark.parametrize(
    "domains",
    [
        pytest.param([], id="none"),
        pytest.param(["exa mple.com"], id="space"),
        pytest.param(["-bad.example.com"], id="leading-hyphen"),
        pytest.param(["localhost"], id="no-dot"),
        pytest.param(["*.*.example.com"], id="double-wildcard"),
        pytest.param(["www.*.example.com"], id="inner-wildcard"),
        pytest.param(["example.com", "EXAMPLE.com"], id="twice"),
        pytest.param([f"host{i}.example.com" for i in range(101)], id="too-many"),
    ],
)
async def test_managed_domain_names_must_be_host_names(
    client: asynchetzner.Client, domains: list[str]
) -> None:
    error = await refused(managed(client, domains), "invalid_input")
    assert field_names(error) == ["domain_names"]


async def test_a_domain_under_invalid_fails_issuance_and_retries_fail_alike(
    client: asynchetzner.Client,
) -> None:
    answer = await managed(client, ["www.example.com", "shop.example.invalid"])
    certificate_id = answer["certificate"]["id"]
    failed = (await client.get(f"/actions/{answer['action']['id']}"))["action"]
    error = {"code": "dns_zone_not_found", "message": "DNS zone not found"}
    assert (failed["status"], failed["error"]) == ("error", error)
    certificate = (await client.get(f"/certificates/{certificate_id}"))["certificate"]
    assert certificate["status"] == {"issuance": "failed", "renewal": "unavailable", "error": error}
    assert certificate["certificate"] is None
    retried = (await client.post(f"/certificates/{certificate_id}/actions/retry"))["action"]
    assert retried["command"] == "issue_certificate"
    assert (await client.get(f"/actions/{retried['id']}"))["action"]["error"] == error


async def test_a_retry_after_a_failure_of_the_ca_issues_the_certificate(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    simulator.project.store.fail_next(
        "create_certificate", "ca_too_many_duplicate_certificates", "too many duplicates"
    )
    certificate_id = (await managed(client, ["example.com"]))["certificate"]["id"]
    path = f"/certificates/{certificate_id}"
    status = (await client.get(path))["certificate"]["status"]
    assert (status["issuance"], status["error"]["code"]) == (
        "failed",
        "ca_too_many_duplicate_certificates",
    )
    retried = (await client.post(f"{path}/actions/retry"))["action"]
    assert (retried["command"], retried["resources"]) == (
        "issue_certificate",
        [{"id": certificate_id, "type": "certificate"}],
    )
    issued = (await client.get(path))["certificate"]
    assert issued["status"] == {"issuance": "completed", "renewal": "scheduled", "error": None}
    assert issued["fingerprint"] is not None
    commands = [a["command"] for a in (await client.get(f"{path}/actions"))["actions"]]
    assert commands == ["create_certificate", "issue_certificate"]


async def test_only_a_failed_managed_certificate_can_be_retried(
    client: asynchetzner.Client,
) -> None:
    uploaded = (await upload(client))["certificate"]
    issued = (await managed(client, ["example.com"]))["certificate"]
    await client.get(f"/certificates/{issued['id']}")  # the issuance finished
    for certificate in (uploaded, issued):
        error = await refused(
            client.post(f"/certificates/{certificate['id']}/actions/retry"), "unsupported_error"
        )
        assert error.status == 422


async def test_a_certificate_being_issued_is_locked(make_simulator: Callable[..., Any]) -> None:
    now = [1_800_000_000.0]
    async with (
        make_simulator(action_seconds=10.0, clock=lambda: now[0]) as simulator,
        simulator.client(retry=NO_RETRY) as client,
    ):
        certificate_id = (await managed(client, ["example.com"]))["certificate"]["id"]
        path = f"/certificates/{certificate_id}"
        await refused(client.delete(path), "locked")
        await refused(client.post(f"{path}/actions/retry"), "locked")
        renamed = await client.put(path, name="renamed while pending")
        assert renamed["certificate"]["status"]["issuance"] == "pending"
        now[0] += 10
        assert (await client.get(path))["certificate"]["status"]["issuance"] == "completed"
        assert await client.delete(path) is None


# Reads, updates, deletes


async def test_lists_filter_by_type(client: asynchetzner.Client) -> None:
    uploaded = (await upload(client, "b-uploaded"))["certificate"]
    issued = (await managed(client, ["example.com"], name="a-managed"))["certificate"]
    by_type = await client.get("/certificates", type="managed")
    assert [c["id"] for c in by_type["certificates"]] == [issued["id"]]
    both = await client.get("/certificates", type=["uploaded", "managed"], sort="name")
    assert [c["id"] for c in both["certificates"]] == [issued["id"], uploaded["id"]]
    assert (await client.get("/certificates", name="b-uploaded"))["certificates"][0] == uploaded


async def test_update_renames_and_relabels_and_names_stay_unique(
    client: asynchetzner.Client,
) -> None:
    first = (await upload(client, "first"))["certificate"]
    await upload(client, "second")
    path = f"/certificates/{first['id']}"
    updated = (await client.put(path, name="renamed", labels={"team": "web"}))["certificate"]
    assert (updated["name"], updated["labels"]) == ("renamed", {"team": "web"})
    await refused(client.put(path, name="second"), "uniqueness_error")
    await refused(upload(client, "second"), "uniqueness_error")


async def test_delete_answers_204_and_the_certificate_is_gone(
    simulator: Simulator, client: asynchetzner.Client
) -> None:
    certificate = (await upload(client))["certificate"]
    status, _, body = await raw(simulator, "DELETE", f"/certificates/{certificate['id']}")
    assert (status, body) == (204, b"")
    await refused(client.get(f"/certificates/{certificate['id']}"), "not_found")


async def test_the_kinds_action_reads_see_the_issuance(client: asynchetzner.Client) -> None:
    action = (await managed(client, ["example.com"]))["action"]
    listed = (await client.get("/certificates/actions"))["actions"]
    assert [a["id"] for a in listed] == [action["id"]]
    one = (await client.get(f"/certificates/actions/{action['id']}"))["action"]
    assert (one["command"], one["status"]) == ("create_certificate", "success")


async def test_an_empty_body_is_refused_naming_name(simulator: Simulator) -> None:
    status, _, body = await raw(simulator, "POST", "/certificates", body=b"{}")
    error = json.loads(body)["error"]
    assert (status, error["code"]) == (422, "invalid_input")
    assert [field["name"] for field in error["details"]["fields"]] == ["name"]
