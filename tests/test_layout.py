"""The package's layers: imports run one way, from the top down, and no module grows too long.

Imports under ``if TYPE_CHECKING:`` are for annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "asynchetzner"
LONGEST = 520

# Bottom to top; a module may import from its own layer and those below it.
LAYERS = [
    {
        "config",
        "constants",
        "decoding",
        "exceptions",
        "logs",
        "pagination",
        "polling",
        "protocol",
        "ratelimit",
        "retry",
        "transport",
    },
    {"generic"},
    {"typed"},
    {"cloud", "robot"},
    {"storage"},
    {"client"},
    {"cli", "simulator", "sync", "__init__", "__main__"},
]


def layer_of(part: str) -> int:
    """The layer of a top-level module or package of ``asynchetzner``."""
    return next(index for index, names in enumerate(LAYERS) if part in names)


def top_part(module: Path) -> str:
    return module.relative_to(PACKAGE).parts[0].removesuffix(".py")


def runtime_imports(module: Path) -> set[str]:
    """The top-level ``asynchetzner`` parts a module imports when it runs."""
    tree = ast.parse(module.read_text())
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    package = module.relative_to(PACKAGE).parent.parts
    parts = set()
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, ast.ImportFrom):
            continue
        if node.level:  # relative: resolve against the module's own package
            base = package[: len(package) - (node.level - 1)]
            target = [*base, *(node.module.split(".") if node.module else [])]
            names = [target[0]] if target else [alias.name for alias in node.names]
        elif node.module and node.module.split(".")[0] == "asynchetzner":
            names = [node.module.split(".")[1]] if "." in node.module else []
        else:
            continue
        # ``from . import __version__`` names a value the package sets before any import
        parts.update(name for name in names if (PACKAGE / name).is_dir() or is_module(name))
    return parts


def is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file()


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: str(m.relative_to(PACKAGE)))
def test_imports_run_one_way(module: Path) -> None:
    own = layer_of(top_part(module))
    upward = {part for part in runtime_imports(module) if layer_of(part) > own}
    assert upward == set(), f"{module.relative_to(PACKAGE)} imports from a higher layer"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: str(m.relative_to(PACKAGE)))
def test_no_module_is_too_long(module: Path) -> None:
    assert len(module.read_text().splitlines()) <= LONGEST


@pytest.mark.parametrize("module", MODULES, ids=lambda m: str(m.relative_to(PACKAGE)))
def test_no_override_is_forced_past_the_type_checker(module: Path) -> None:
    """A kind's method keeps its base's signature: bases and mixins are shaped to allow that."""
    assert "type: ignore[override]" not in module.read_text()
