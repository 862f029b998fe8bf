"""Sphinx configuration for the asynchetzner documentation."""

import sys
from pathlib import Path

import asynchetzner

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "asynchetzner"
author = "asynchetzner contributors"
release = asynchetzner.__version__
version = release
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "kinds"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
html_theme = "furo"
exclude_patterns = ["_build"]

# Every cross-reference must resolve (sphinx-build -n). The standard library's and aiohttp's
# names are not documented here and the build is offline (no intersphinx), so they stay plain
# text; so do type variables.
nitpicky = True
nitpick_ignore_regex = [
    ("py:.*", r"(collections\.abc|datetime|typing|aiohttp|pathlib|ssl|logging)(\..+)?"),
    ("py:.*", r"(Any|Callable|Awaitable|Sequence|Mapping|Iterable|Iterator|AsyncIterator)"),
    ("py:.*", r"(datetime|Path|NoneType|ipaddress\..+)"),
    ("py:class", r"(asynchetzner\.[\w.]+\.)?[A-Z]"),
]
