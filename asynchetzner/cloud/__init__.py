"""The Cloud API's kinds of resources: one module each, named as the spec's tags.

``CloudKinds`` declares each kind once, as the client attribute that serves it; the package's
exports, the reference docs and the test tables are read from it (``typed.registry.kinds``).
"""

from ..typed.registry import Kind
from .images import Image, ImagesClient
from .isos import ISO, ISOsClient
from .load_balancer_types import LoadBalancerType, LoadBalancerTypesClient
from .locations import Location, LocationsClient
from .networks import Network, NetworksClient
from .placement_groups import CreatePlacementGroupResult, PlacementGroup, PlacementGroupsClient
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

__all__ = [
    "ISO",
    "CloudKinds",
    "ConsoleResult",
    "CreatePlacementGroupResult",
    "CreatePrimaryIPResult",
    "CreateServerResult",
    "ISOsClient",
    "Image",
    "ImagesClient",
    "LoadBalancerType",
    "LoadBalancerTypesClient",
    "Location",
    "LocationsClient",
    "Network",
    "NetworksClient",
    "PasswordResult",
    "PlacementGroup",
    "PlacementGroupsClient",
    "PrimaryIP",
    "PrimaryIPsClient",
    "SSHKey",
    "SSHKeysClient",
    "Server",
    "ServerMetrics",
    "ServerType",
    "ServerTypesClient",
    "ServersClient",
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
    primary_ips = Kind(PrimaryIPsClient)
