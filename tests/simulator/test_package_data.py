"""The simulator's data files (operation index, request schemas) ship with the package."""

from __future__ import annotations

import configparser
from fnmatch import fnmatch
from pathlib import Path

import asynchetzner

PACKAGE = Path(asynchetzner.__file__).parent
SETUP_CFG = PACKAGE.parent / "setup.cfg"


def test_setup_cfg_ships_every_json_file_of_the_simulator() -> None:
    config = configparser.ConfigParser()
    config.read(SETUP_CFG)
    shipped = {package: value.split() for package, value in config["options.package_data"].items()}
    files = sorted((PACKAGE / "simulator").rglob("*.json"))
    assert files
    for path in files:
        package = ".".join(path.parent.relative_to(PACKAGE.parent).parts)
        assert any(fnmatch(path.name, glob) for glob in shipped.get(package, [])), path
