"""What a new simulated project starts with: Hetzner's locations, server types, system images, ISOs.

The shapes follow the July 2026 ``cloud.spec.json`` (no ``datacenter``; server types carry
``locations`` and decimal-string prices). Every public function returns fresh deep copies built
from the module constants below, so callers may mutate what they get. Ids never change.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = ["images", "isos", "locations", "server_types"]

# --------------------------------------------------------------------------------------------
# Locations (ids as Hetzner numbers them; coordinates as the real API answers them)
# --------------------------------------------------------------------------------------------

_LOCATIONS: tuple[dict[str, Any], ...] = (
    {
        "id": 1,
        "name": "fsn1",
        "description": "Falkenstein DC Park 1",
        "country": "DE",
        "city": "Falkenstein",
        "latitude": 50.47612,
        "longitude": 12.370071,
        "network_zone": "eu-central",
    },
    {
        "id": 2,
        "name": "nbg1",
        "description": "Nuremberg DC Park 1",
        "country": "DE",
        "city": "Nuremberg",
        "latitude": 49.452102,
        "longitude": 11.076665,
        "network_zone": "eu-central",
    },
    {
        "id": 3,
        "name": "hel1",
        "description": "Helsinki DC Park 1",
        "country": "FI",
        "city": "Helsinki",
        "latitude": 60.169855,
        "longitude": 24.938379,
        "network_zone": "eu-central",
    },
    {
        "id": 4,
        "name": "ash",
        "description": "Ashburn, VA",
        "country": "US",
        "city": "Ashburn, VA",
        "latitude": 39.045821,
        "longitude": -77.487073,
        "network_zone": "us-east",
    },
    {
        "id": 5,
        "name": "hil",
        "description": "Hillsboro, OR",
        "country": "US",
        "city": "Hillsboro, OR",
        "latitude": 45.54222,
        "longitude": -122.951924,
        "network_zone": "us-west",
    },
    {
        "id": 6,
        "name": "sin",
        "description": "Singapore",
        "country": "SG",
        "city": "Singapore",
        "latitude": 1.283333,
        "longitude": 103.833333,
        "network_zone": "ap-southeast",
    },
)

# --------------------------------------------------------------------------------------------
# Server types
# --------------------------------------------------------------------------------------------

#: VAT applied to every gross price. It follows the customer (a German one, as in the spec's
#: ``/pricing`` example ``vat_rate: "19.00"``), not the location, so US/SG prices carry it too.
_VAT = Decimal("1.19")

#: One "TB" of traffic as the API counts it (the spec's example: 20 TB = 21990232555520 bytes).
_TB = 1024**4

_EU = ("fsn1", "nbg1", "hel1")
_US = ("ash", "hil")
_SG = ("sin",)

#: Net price (EUR) of one TB of traffic beyond the included amount, per location.
TRAFFIC_PRICE = {
    "fsn1": "1.00",
    "nbg1": "1.00",
    "hel1": "1.00",
    "ash": "1.00",
    "hil": "1.00",
    "sin": "7.40",
}


@dataclass(frozen=True)
class _ServerType:
    """One server type; its description is the upper-cased name."""

    id: int
    name: str
    cores: int
    memory: float  # GB
    disk: int  # GB
    cpu_type: str
    architecture: str
    category: str
    storage_type: str = "local"


@dataclass(frozen=True)
class _Offer:
    """Net prices (EUR) and included traffic (TB) of a server type in some locations."""

    locations: tuple[str, ...]
    hourly: str
    monthly: str
    traffic_tb: float


_SERVER_TYPES: tuple[_ServerType, ...] = (
    # Previous generation shared AMD, deprecated (see _SERVER_TYPE_DEPRECATIONS).
    _ServerType(22, "cpx11", 2, 2.0, 40, "shared", "x86", "Shared vCPU"),
    # Shared Arm64 (Ampere Altra), EU only.
    _ServerType(45, "cax11", 2, 4.0, 40, "shared", "arm", "Shared vCPU"),
    _ServerType(93, "cax21", 4, 8.0, 80, "shared", "arm", "Shared vCPU"),
    _ServerType(94, "cax31", 8, 16.0, 160, "shared", "arm", "Shared vCPU"),
    _ServerType(95, "cax41", 16, 32.0, 320, "shared", "arm", "Shared vCPU"),
    # Dedicated AMD, everywhere.
    _ServerType(96, "ccx13", 2, 8.0, 80, "dedicated", "x86", "Dedicated vCPU"),
    _ServerType(97, "ccx23", 4, 16.0, 160, "dedicated", "x86", "Dedicated vCPU"),
    _ServerType(98, "ccx33", 8, 32.0, 240, "dedicated", "x86", "Dedicated vCPU"),
    # Shared AMD, current generation, everywhere.
    _ServerType(108, "cpx12", 1, 2.0, 40, "shared", "x86", "Shared vCPU"),
    _ServerType(109, "cpx22", 2, 4.0, 80, "shared", "x86", "Shared vCPU"),
    _ServerType(110, "cpx32", 4, 8.0, 160, "shared", "x86", "Shared vCPU"),
    _ServerType(111, "cpx42", 8, 16.0, 320, "shared", "x86", "Shared vCPU"),
    # Shared x86 cost-optimised (Intel/AMD), EU only.
    _ServerType(114, "cx23", 2, 4.0, 40, "shared", "x86", "Shared vCPU"),
    _ServerType(115, "cx33", 4, 8.0, 80, "shared", "x86", "Shared vCPU"),
    _ServerType(116, "cx43", 8, 16.0, 160, "shared", "x86", "Shared vCPU"),
    _ServerType(117, "cx53", 16, 32.0, 320, "shared", "x86", "Shared vCPU"),
)

#: Where each server type is sold: (locations, hourly net, monthly net, included TB).
_SERVER_TYPE_OFFERS: dict[str, tuple[_Offer, ...]] = {
    "cpx11": (
        _Offer(_EU, "0.0070", "4.35", 20),
        _Offer(_US, "0.0080", "4.99", 1),
        _Offer(_SG, "0.0120", "7.49", 0.5),
    ),
    "cax11": (_Offer(_EU, "0.0061", "3.79", 20),),
    "cax21": (_Offer(_EU, "0.0104", "6.49", 20),),
    "cax31": (_Offer(_EU, "0.0200", "12.49", 20),),
    "cax41": (_Offer(_EU, "0.0392", "24.49", 20),),
    "ccx13": (
        _Offer(_EU, "0.0200", "12.49", 20),
        _Offer(_US, "0.0216", "13.49", 1),
        _Offer(_SG, "0.0344", "21.49", 0.5),
    ),
    "ccx23": (
        _Offer(_EU, "0.0392", "24.49", 20),
        _Offer(_US, "0.0425", "26.49", 2),
        _Offer(_SG, "0.0641", "39.99", 1),
    ),
    "ccx33": (
        _Offer(_EU, "0.0777", "48.49", 30),
        _Offer(_US, "0.0841", "52.49", 3),
        _Offer(_SG, "0.1202", "74.99", 2),
    ),
    "cpx12": (
        _Offer(_EU, "0.0072", "4.49", 20),
        _Offer(_US, "0.0088", "5.49", 1),
        _Offer(_SG, "0.0136", "8.49", 0.5),
    ),
    "cpx22": (
        _Offer(_EU, "0.0096", "5.99", 20),
        _Offer(_US, "0.0112", "6.99", 2),
        _Offer(_SG, "0.0176", "10.99", 1),
    ),
    "cpx32": (
        _Offer(_EU, "0.0168", "10.49", 20),
        _Offer(_US, "0.0192", "11.99", 3),
        _Offer(_SG, "0.0304", "18.99", 2),
    ),
    "cpx42": (
        _Offer(_EU, "0.0312", "19.49", 20),
        _Offer(_US, "0.0352", "21.99", 4),
        _Offer(_SG, "0.0560", "34.99", 3),
    ),
    "cx23": (_Offer(_EU, "0.0048", "2.99", 20),),
    "cx33": (_Offer(_EU, "0.0080", "4.99", 20),),
    "cx43": (_Offer(_EU, "0.0144", "8.99", 20),),
    "cx53": (_Offer(_EU, "0.0272", "16.99", 20),),
}

#: Deprecated server types: (announced, unavailable_after), the same in all their locations.
_SERVER_TYPE_DEPRECATIONS: dict[str, tuple[str, str]] = {
    "cpx11": ("2025-10-16T06:00:00Z", "2027-01-01T00:00:00Z"),
}

# --------------------------------------------------------------------------------------------
# System images (same name for x86 and arm, different ids)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Image:
    """One system image name; ``arm_id`` is None when there is no arm variant."""

    name: str
    description: str
    os_flavor: str
    os_version: str
    created: str
    x86_id: int
    arm_id: int | None
    rapid_deploy: bool = False
    deprecated: str | None = None


_IMAGES: tuple[_Image, ...] = (
    _Image(
        name="ubuntu-20.04",
        description="Ubuntu 20.04",
        os_flavor="ubuntu",
        os_version="20.04",
        created="2020-04-23T12:55:52Z",
        x86_id=15512617,
        arm_id=103908130,
        deprecated="2025-06-02T00:00:00Z",
    ),
    _Image(
        name="ubuntu-22.04",
        description="Ubuntu 22.04",
        os_flavor="ubuntu",
        os_version="22.04",
        created="2022-04-21T13:32:38Z",
        x86_id=67794396,
        arm_id=103908070,
        rapid_deploy=True,
    ),
    _Image(
        name="ubuntu-24.04",
        description="Ubuntu 24.04",
        os_flavor="ubuntu",
        os_version="24.04",
        created="2024-04-25T13:40:33Z",
        x86_id=161547269,
        arm_id=161547270,
        rapid_deploy=True,
    ),
    _Image(
        name="debian-12",
        description="Debian 12",
        os_flavor="debian",
        os_version="12",
        created="2023-06-13T06:00:02Z",
        x86_id=114690387,
        arm_id=114690389,
        rapid_deploy=True,
    ),
    _Image(
        name="debian-13",
        description="Debian 13",
        os_flavor="debian",
        os_version="13",
        created="2025-08-12T08:12:45Z",
        x86_id=310557660,
        arm_id=310557662,
        rapid_deploy=True,
    ),
    _Image(
        name="fedora-42",
        description="Fedora 42",
        os_flavor="fedora",
        os_version="42",
        created="2025-04-17T09:03:21Z",
        x86_id=227949548,
        arm_id=227949550,
    ),
    _Image(
        name="rocky-9",
        description="Rocky Linux 9",
        os_flavor="rocky",
        os_version="9",
        created="2022-07-14T11:28:47Z",
        x86_id=76766499,
        arm_id=103907373,
    ),
    _Image(
        name="alma-9",
        description="AlmaLinux 9",
        os_flavor="alma",
        os_version="9",
        created="2022-05-27T07:29:52Z",
        x86_id=76766511,
        arm_id=103907331,
    ),
    _Image(
        name="centos-stream-10",
        description="CentOS Stream 10",
        os_flavor="centos",
        os_version="stream-10",
        created="2025-01-08T10:15:04Z",
        x86_id=208791126,
        arm_id=208791128,
    ),
)

#: Size in GB of the disk inside every system image.
_SYSTEM_IMAGE_DISK_SIZE = 5

# --------------------------------------------------------------------------------------------
# Public ISOs
# --------------------------------------------------------------------------------------------

_ISOS: tuple[dict[str, Any], ...] = (
    {
        "id": 4001,
        "name": "virtio-win-0.1.266.iso",
        "description": "virtio-win-0.1.266",
        "type": "public",
        "deprecation": None,
        "architecture": "x86",
    },
    {
        "id": 4002,
        "name": "FreeBSD-14.3-RELEASE-amd64-dvd1.iso",
        "description": "FreeBSD 14.3 x64",
        "type": "public",
        "deprecation": None,
        "architecture": "x86",
    },
    {
        "id": 4003,
        "name": "FreeBSD-14.3-RELEASE-arm64-aarch64-dvd1.iso",
        "description": "FreeBSD 14.3 arm64",
        "type": "public",
        "deprecation": None,
        "architecture": "arm",
    },
    {
        "id": 4004,
        "name": "alpine-virt-3.22.0-x86_64.iso",
        "description": "Alpine Linux 3.22.0 virt x86_64",
        "type": "public",
        "deprecation": None,
        "architecture": "x86",
    },
    {
        "id": 4005,
        "name": "alpine-virt-3.22.0-aarch64.iso",
        "description": "Alpine Linux 3.22.0 virt aarch64",
        "type": "public",
        "deprecation": None,
        "architecture": "arm",
    },
)

# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def locations() -> list[dict[str, Any]]:
    """All locations, ordered by id."""
    return copy.deepcopy(list(_LOCATIONS))


def price(net: str) -> dict[str, str]:
    """A ``{net, gross}`` pair written like the API: 10 and 16 decimals, gross = net + VAT."""
    amount = Decimal(net)
    return {"net": f"{amount:.10f}", "gross": f"{amount * _VAT:.16f}"}


def _server_type(row: _ServerType) -> dict[str, Any]:
    """The API object for one server type."""
    location_ids = {loc["name"]: loc["id"] for loc in _LOCATIONS}
    offered = sorted(
        ((name, offer) for offer in _SERVER_TYPE_OFFERS[row.name] for name in offer.locations),
        key=lambda pair: location_ids[pair[0]],
    )
    dates = _SERVER_TYPE_DEPRECATIONS.get(row.name)
    deprecation = None if dates is None else {"announced": dates[0], "unavailable_after": dates[1]}
    return {
        "id": row.id,
        "name": row.name,
        "description": row.name.upper(),
        "cores": row.cores,
        "memory": row.memory,
        "disk": row.disk,
        "deprecated": deprecation is not None,
        "prices": [
            {
                "location": name,
                "price_hourly": price(offer.hourly),
                "price_monthly": price(offer.monthly),
                "included_traffic": int(offer.traffic_tb * _TB),
                "price_per_tb_traffic": price(TRAFFIC_PRICE[name]),
            }
            for name, offer in offered
        ],
        "storage_type": row.storage_type,
        "cpu_type": row.cpu_type,
        "category": row.category,
        "architecture": row.architecture,
        "deprecation": copy.deepcopy(deprecation),
        "locations": [
            {
                "id": location_ids[name],
                "name": name,
                "deprecation": copy.deepcopy(deprecation),
                "available": True,
                "recommended": deprecation is None,
            }
            for name, _offer in offered
        ],
    }


def server_types() -> list[dict[str, Any]]:
    """All server types (one deprecated: ``cpx11``), ordered by id."""
    return [_server_type(row) for row in _SERVER_TYPES]


def _image(row: _Image, image_id: int, architecture: str) -> dict[str, Any]:
    """The API object for one architecture variant of a system image."""
    return {
        "id": image_id,
        "type": "system",
        "status": "available",
        "name": row.name,
        "description": row.description,
        "image_size": None,
        "disk_size": _SYSTEM_IMAGE_DISK_SIZE,
        "created": row.created,
        "created_from": None,
        "bound_to": None,
        "os_flavor": row.os_flavor,
        "os_version": row.os_version,
        "rapid_deploy": row.rapid_deploy,
        "protection": {"delete": False},
        "deprecated": row.deprecated,
        "deleted": None,
        "labels": {},
        "architecture": architecture,
    }


def images() -> list[dict[str, Any]]:
    """All system images, x86 and arm variants (one deprecated: ``ubuntu-20.04``), by id."""
    result = [_image(row, row.x86_id, "x86") for row in _IMAGES]
    result += [_image(row, row.arm_id, "arm") for row in _IMAGES if row.arm_id is not None]
    return sorted(result, key=lambda image: int(image["id"]))


def isos() -> list[dict[str, Any]]:
    """All public ISOs, ordered by id."""
    return copy.deepcopy(list(_ISOS))
