"""The ``asynchetzner-kinds`` directive: the reference entry of every kind the registry declares
(``typed.registry.kinds``), so adding a kind adds its reference docs."""

from __future__ import annotations

from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from asynchetzner import Client
from asynchetzner.typed.registry import kinds


def kind_lines() -> list[str]:
    """reStructuredText for each kind: a heading, its collection and its model."""
    lines: list[str] = []
    for kind in kinds(Client):
        title = f"``client.{kind.attribute}``"
        lines += [title, "~" * len(title), ""]
        for cls in (kind.collection, kind.collection.model):
            lines += [f".. autoclass:: asynchetzner.{cls.__name__}", "   :members:", ""]
    return lines


class KindsDirective(SphinxDirective):
    """Insert the entries of every declared kind where the directive stands."""

    def run(self) -> list[object]:
        self.state_machine.insert_input(StringList(kind_lines(), "asynchetzner-kinds"), "kinds")
        return []


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_directive("asynchetzner-kinds", KindsDirective)
    return {"parallel_read_safe": True}
