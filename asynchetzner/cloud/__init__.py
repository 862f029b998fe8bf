"""The Cloud API's kinds of resources: one module each, named as the spec's tags.

``CloudKinds`` declares each kind once, as the client attribute that serves it; the package's
exports, the reference docs and the test tables are read from it (``typed.registry.kinds``).
"""

from ..typed.registry import Kind
from .certificates import Certificate, CertificatesClient, CreateCertificateResult
from .firewalls import (
    CreateFirewallResult,
    Firewall,
    FirewallResource,
    FirewallRule,
    FirewallsClient,
)
from .floating_ips import CreateFloatingIPResult, FloatingIP, FloatingIPsClient
from .images import Image, ImagesClient
from .isos import ISO, ISOsClient
from .load_balancer_types import LoadBalancerType, LoadBalancerTypesClient
from .load_balancers import (
    CreateLoadBalancerResult,
    LoadBalancer,
    LoadBalancerMetrics,
    LoadBalancersClient,
    LoadBalancerService,
    LoadBalancerTarget,
)
from .locations import Location, LocationsClient
from .networks import Network, NetworksClient
from .placement_groups import CreatePlacementGroupResult, PlacementGroup, PlacementGroupsClient
from .pricing import Pricing, PricingClient
from .primary_ips import CreatePrimaryIPResult, PrimaryIP, PrimaryIPsClient
from .server_types import ServerType, ServerTypesClient
from .servers import (
    ConsoleResult,
    CreateServerResult,
    PasswordResult,
    Server,
    ServerMetrics,
    ServersClient,
)
from .ssh_keys import SSHKey, SSHKeysClient
from .volumes import CreateVolumeResult, Volume, VolumesClient
from .zone_rrsets import CreateRRSetResult, Record, RRSet, RRSetsClient
from .zones import CreateZoneResult, PrimaryNameserver, RRSetSpec, Zone, ZonesClient

__all__ = [
    "ISO",
    "Certificate",
    "CertificatesClient",
    "CloudKinds",
    "ConsoleResult",
    "CreateCertificateResult",
    "CreateFirewallResult",
    "CreateFloatingIPResult",
    "CreateLoadBalancerResult",
    "CreatePlacementGroupResult",
    "CreatePrimaryIPResult",
    "CreateRRSetResult",
    "CreateServerResult",
    "CreateVolumeResult",
    "CreateZoneResult",
    "Firewall",
    "FirewallResource",
    "FirewallRule",
    "FirewallsClient",
    "FloatingIP",
    "FloatingIPsClient",
    "ISOsClient",
    "Image",
    "ImagesClient",
    "LoadBalancer",
    "LoadBalancerMetrics",
    "LoadBalancerService",
    "LoadBalancerTarget",
    "LoadBalancerType",
    "LoadBalancerTypesClient",
    "LoadBalancersClient",
    "Location",
    "LocationsClient",
    "Network",
    "NetworksClient",
    "PasswordResult",
    "PlacementGroup",
    "PlacementGroupsClient",
    "Pricing",
    "PricingClient",
    "PrimaryIP",
    "PrimaryIPsClient",
    "PrimaryNameserver",
    "RRSet",
    "RRSetSpec",
    "RRSetsClient",
    "Record",
    "SSHKey",
    "SSHKeysClient",
    "Server",
    "ServerMetrics",
    "ServerType",
    "ServerTypesClient",
    "ServersClient",
    "Volume",
    "VolumesClient",
    "Zone",
    "ZonesClient",
]


class CloudKinds:
    """The Cloud API's kinds, as attributes of the client."""

    servers = Kind(ServersClient)
    server_types = Kind(ServerTypesClient)
    images = Kind(ImagesClient)
    isos = Kind(ISOsClient)
    locations = Kind(LocationsClient)
    ssh_keys = Kind(SSHKeysClient)
    placement_groups = Kind(PlacementGroupsClient)
    networks = Kind(NetworksClient)
    load_balancer_types = Kind(LoadBalancerTypesClient)
    floating_ips = Kind(FloatingIPsClient)
    certificates = Kind(CertificatesClient)
    pricing = Kind(PricingClient)
    firewalls = Kind(FirewallsClient)
    volumes = Kind(VolumesClient)
    primary_ips = Kind(PrimaryIPsClient)
    load_balancers = Kind(LoadBalancersClient)
    zones = Kind(ZonesClient)
