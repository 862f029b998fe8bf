"""Status and type values of the API, spelled as the older hetznercloud SDK spelled them.

Catalog items (server types, images, locations) change over time and are looked up live
(``client.server_types``…), never frozen here.
"""

SERVER_STATUS_RUNNING = "running"
SERVER_STATUS_INITIALIZING = "initializing"
SERVER_STATUS_STARTING = "starting"
SERVER_STATUS_STOPPING = "stopping"
SERVER_STATUS_OFF = "off"
SERVER_STATUS_DELETING = "deleting"
SERVER_STATUS_MIGRATING = "migrating"
SERVER_STATUS_REBUILDING = "rebuilding"
SERVER_STATUS_UNKNOWN = "unknown"

ACTION_STATUS_RUNNING = "running"
ACTION_STATUS_SUCCESS = "success"
ACTION_STATUS_ERROR = "error"

RESCUE_TYPE_LINUX = "linux64"
