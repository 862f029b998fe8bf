"""Find the endpoint and credentials a client uses.

Each value (endpoint, token, robot_user, robot_password) is looked up on
its own; the first place that has it wins:

1. arguments passed to the client (``endpoint=``, ``token=``, ...);
2. environment variables:

   - ``HETZNER_ENDPOINT``
   - ``HETZNER_TOKEN`` (fallback: ``HCLOUD_TOKEN``, as used by the hcloud CLI)
   - ``HETZNER_ROBOT_USER`` and ``HETZNER_ROBOT_PASSWORD``

3. INI files, highest priority first (all existing ones are merged):

   - ``./hetzner.conf`` (current working directory)
   - ``~/.hetzner.conf``
   - ``~/.hetznerrc``
   - ``/etc/hetzner.conf``

Without any endpoint, ``hetzner-cloud`` is used. The ``[default]`` section
chooses the endpoint; a section named after the endpoint holds its
credentials::

    [default]
    ; hetzner-cloud, hetzner-api, hetzner-robot or a base URL
    endpoint=hetzner-cloud

    [hetzner-cloud]
    token=my-cloud-api-token

    [hetzner-robot]
    robot_user=#ws+XXXXXXX
    robot_password=my-webservice-password

An endpoint can be a full ``https://`` base URL; its section is named by the
URL (with or without a trailing slash). It uses HTTP basic auth when robot
credentials are passed as arguments, or are found and no token is; otherwise
a bearer token. Values are stripped; empty ones count as unset.

An endpoint URL is checked when the client resolves it (``await client.init()``):
it must not hold user info (``user:password@``: pass ``token=`` or the robot
credentials instead), a query (``?...``) or a fragment (``#...``), and its port
must be a number from 1 to 65535. Plain ``http://`` is allowed only to loopback
hosts (``localhost``, 127.0.0.0/8, ``::1``), such as the simulator; to any other
host the credentials would cross the network unencrypted, so the client must be
given ``allow_plain_http=True``.

Passing ``config_file=`` reads only that file and no environment. Files are
UTF-8 (a byte-order mark is allowed) and checked as they are read; a
:class:`ConfigWarning` names the file when:

- a section or key is unknown (``[default]`` holds ``endpoint``; endpoint
  sections hold ``token``, ``robot_user`` and ``robot_password``). It is
  ignored, and the warning suggests the closest known name. An unknown key in
  ``[default]`` is an error when no endpoint is set anywhere: a mistyped
  ``endpoint`` must not fall back to ``hetzner-cloud`` unnoticed.
- a file cannot be read or parsed, but every value was found before it in the
  cascade: it is skipped. When the search for a value reaches it, it is a
  :class:`ConfigurationError` naming the file and the line (never quoting it).
  A broken ``config_file=`` is always an error.
- a file holds secrets but group or others can read it: the warning is an
  :class:`InsecureConfigWarning` (a ``ConfigWarning``); run ``chmod 600``.

Without a home directory (no ``HOME`` and no passwd entry) the two home files
are skipped. Messages, warnings and reprs never show tokens or passwords.
"""

from .families import DEFAULT_ENDPOINT, ENDPOINTS, FAMILIES, Family
from .files import ConfigWarning, InsecureConfigWarning, config_files
from .resolve import Configuration, Credentials, resolve_configuration, resolve_credentials
from .urls import redact_url

__all__ = [
    "DEFAULT_ENDPOINT",
    "ENDPOINTS",
    "FAMILIES",
    "ConfigWarning",
    "Configuration",
    "Credentials",
    "Family",
    "InsecureConfigWarning",
    "config_files",
    "redact_url",
    "resolve_configuration",
    "resolve_credentials",
]
