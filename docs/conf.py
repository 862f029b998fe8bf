"""Sphinx configuration for the asynchetzner documentation."""

import asynchetzner

project = "asynchetzner"
author = "asynchetzner contributors"
release = asynchetzner.__version__
version = release
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
html_theme = "furo"
exclude_patterns = ["_build"]
