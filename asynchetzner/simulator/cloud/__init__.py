"""Hetzner's Cloud API (``https://api.hetzner.cloud/v1``): operation index, request schemas."""
