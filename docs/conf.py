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
