"""The fields of the ``asynchetzner`` logger's records, and a filter giving them to any record."""

from __future__ import annotations

import logging

FIELDS = ("cid", "baseurl", "method", "endpoint", "url", "status", "elapsed_ms", "correlation_id")
"""The ``extra`` fields every record of the ``asynchetzner`` logger carries (``None`` where a
record has no value for one, as a rate-limit wait has no status)."""


class LogFields(logging.Filter):
    """A handler filter: records of other loggers get the fields too (as ``None``), so one format
    naming them serves every record (``logging.basicConfig(handlers=[...])``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name in FIELDS:
            if not hasattr(record, name):
                setattr(record, name, None)
        return True
