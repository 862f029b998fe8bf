"""Find where a client's requests go and the credentials they carry.

A client serves three API families: ``hetzner-cloud`` (the Cloud API), ``hetzner-api`` (the
Hetzner API: Storage Boxes, with the same project token) and ``hetzner-robot`` (the Robot
webservice: HTTP basic auth with a web-service user, form-encoded bodies). Typed calls go to
their family's base URL with its credentials. The generic calls (``client.get`` …) go to the
*endpoint*: a family's name (``hetzner-cloud`` unless set) or any base URL.

Each value is looked up on its own; the first place that has it wins:

1. arguments passed to the client: ``endpoint=``, ``token=``, ``robot_user=``,
   ``robot_password=``, and ``base_urls={"hetzner-api": URL, ...}``;
2. environment variables, those of Hetzner's own tools with the meanings they give them:

   - ``HCLOUD_TOKEN`` or ``HETZNER_TOKEN``: the project token (``HETZNER_TOKEN`` first);
   - ``HCLOUD_ENDPOINT``: the Cloud API's base URL;
   - ``HETZNER_ENDPOINT``: the Hetzner API's (Storage Box) base URL;
   - ``HETZNER_ROBOT_USER`` and ``HETZNER_ROBOT_PASSWORD``;
   - and ours, ``HETZNER_ROBOT_URL``: the Robot webservice's base URL (the simulator prints
     it), and ``ASYNCHETZNER_ENDPOINT``: the endpoint of the generic calls, a name or a URL.
     An endpoint name found in ``HCLOUD_ENDPOINT`` or ``HETZNER_ENDPOINT`` is an error that
     points here;

3. INI files, highest priority first (all existing ones are merged):

   - ``./hetzner.conf`` (current working directory)
   - ``~/.hetzner.conf``
   - ``~/.hetznerrc``
   - ``/etc/hetzner.conf``

4. lowest of all, the token of the ``hcloud`` CLI's active context, from its config file
   ``cli.toml`` (``HCLOUD_CONFIG``, default ``~/.config/hcloud/cli.toml``; ``HCLOUD_CONTEXT``
   picks another context, as for the CLI). Only the token is read from it.

The ``[default]`` section chooses the endpoint; a section named after a family holds its
credentials and, optionally, its base URL::

    [default]
    ; hetzner-cloud, hetzner-api, hetzner-robot or a base URL
    endpoint=hetzner-cloud

    [hetzner-cloud]
    token=my-project-token

    [hetzner-api]
    ; only when Storage Boxes need a token other than the Cloud's
    token=another-project-token
    url=https://api.hetzner.com/v1

    [hetzner-robot]
    robot_user=#ws+XXXXXXX
    robot_password=my-webservice-password

``hetzner-api`` uses the Cloud's token (argument, environment, ``[hetzner-cloud] token=``,
``cli.toml``) unless ``[hetzner-api] token=`` is set. Every family's credentials are looked up
when the client is initialised, but only the endpoint's must be there: a family without them
raises a :class:`~asynchetzner.ConfigurationError` saying what to set when it is used, so a
Cloud-only user never needs Robot credentials.

An endpoint can be a full ``https://`` base URL; its section is named by the URL (with or
without a trailing slash). It uses HTTP basic auth when robot credentials are passed as
arguments, or are found and no token is; otherwise a bearer token. It is also the base URL of
the family of that authentication (``hetzner-cloud`` for a token, ``hetzner-robot`` for basic
auth), with the same credentials, unless that family's base URL is set on its own. Values are
stripped; empty ones count as unset.

Every URL (an endpoint's or a family's) is checked when the client resolves it
(``await client.init()``): it must not hold user info (``user:password@``: pass ``token=`` or
the robot credentials instead), a query (``?...``) or a fragment (``#...``), and its port must
be a number from 1 to 65535. Plain ``http://`` is allowed only to loopback hosts
(``localhost``, 127.0.0.0/8, ``::1``), such as the simulator; to any other host the credentials
would cross the network unencrypted, so the client must be given ``allow_plain_http=True``.

Passing ``config_file=`` reads only that file, no environment and no ``cli.toml``. Files are
UTF-8 (a byte-order mark is allowed) and checked as they are read; a :class:`ConfigWarning`
names the file when:

- a section or key is unknown (``[default]`` holds ``endpoint``; family sections hold
  ``token``, ``robot_user``, ``robot_password`` and ``url``; endpoint URL sections the same but
  ``url``). It is ignored, and the warning suggests the closest known name. An unknown key in
  ``[default]``, or a section that looks like it (``[DEFAULT]``, ``[defualt]``), is an error
  when no endpoint is set anywhere: a mistyped ``endpoint`` must not fall back to
  ``hetzner-cloud`` unnoticed.
- a file cannot be read or parsed, but every value the endpoint needs was found before it in
  the cascade: it is skipped. When the search for a value reaches it, it is a
  :class:`~asynchetzner.ConfigurationError` naming the file and the line (never quoting it);
  for a value only a family needs, when that family is used. A broken ``config_file=`` is
  always an error.
- a file (``cli.toml`` included) holds secrets but group or others can read it: the warning is an
  :class:`InsecureConfigWarning` (a ``ConfigWarning``); run ``chmod 600``.

Without a home directory (no ``HOME`` and no passwd entry) the two home files and the default
``cli.toml`` are skipped. Messages, warnings and reprs never show tokens or passwords.
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
