"""Sphinx helpers of the asynchetzner docs.

- the ``asynchetzner-kinds`` directive: the reference entry of every kind the registry declares
  (``typed.registry.kinds``), so adding a kind adds its reference docs;
- every typed model documented anywhere lists its fields (``id`` and each ``field()``,
  ``time_field()``, ``nested()``) with their types;
- a reference to an object under the module that defines it (``asynchetzner.cloud.servers.Server``,
  as type hints name it) goes to where the same object is documented (``asynchetzner.Server``).
"""

from __future__ import annotations

import importlib
import typing
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import stringify_annotation

from asynchetzner import Client
from asynchetzner.typed.models import Model, _Field, declared_fields
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

    def run(self) -> list[nodes.Node]:
        self.state_machine.insert_input(StringList(kind_lines(), "asynchetzner-kinds"), "kinds")
        return []


def field_types(model: type) -> dict[str, str]:
    """Each field's type as its annotation says, fully qualified where it can be resolved."""
    try:
        hints = typing.get_type_hints(model)
    except NameError:  # an annotation imported only for type checkers: show it as written
        hints = {}
        for klass in reversed(model.__mro__):
            hints.update(vars(klass).get("__annotations__", {}))
    return {
        name: hint if isinstance(hint, str) else stringify_annotation(hint, "smart")
        for name, hint in hints.items()
    }


def field_doc(model: type, name: str) -> list[str]:
    """The docstring written under a field's declaration, if any."""
    for klass in model.__mro__:
        if name in vars(klass):
            docs = ModuleAnalyzer.for_module(klass.__module__).find_attr_docs()
            return list(docs.get((klass.__qualname__, name), []))
    return []


def field_lines(model: type) -> list[str]:
    """``py:attribute`` entries for the ``id`` of a ``Model`` and every declared field of
    ``model`` (not indexed: many have a ``type``, which would make the builtin ambiguous)."""
    types = field_types(model)
    lines: list[str] = []
    for name in ["id"] * issubclass(model, Model) + declared_fields(model):
        descriptor = next((vars(k)[name] for k in model.__mro__ if name in vars(k)), None)
        lines += ["", f".. py:attribute:: {name}"]
        if name in types:
            lines.append(f"   :type: {types[name]}")
        where = getattr(model, "id_key", name) if name == "id" else getattr(descriptor, "key", name)
        doc = [line for line in field_doc(model, name) if line] or [""]
        lines += ["   :no-index:", "", f"   ``{where}`` of the answer (``.data``). {doc[0]}"]
        lines += [f"   {line}" for line in doc[1:]]
    return lines


def add_fields(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """Append the fields of a typed model to its class documentation."""
    if what == "class" and isinstance(obj, type) and declared_fields(obj):
        lines += field_lines(obj)


def skip_field(
    app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any
) -> bool | None:
    """Leave fields to ``add_fields``, which lists them all, documented or not."""
    return True if isinstance(obj, _Field) else None


def imported(dotted: str) -> object:
    """The object a dotted name stands for, or ``None``."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for attribute in parts[split:]:
                found = getattr(found, attribute)
        except AttributeError:
            return None
        return found
    return None


def same_object(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    """Resolve a reference to where the object it names is documented under another name."""
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("asynchetzner."):
        return None
    wanted = imported(target)
    if wanted is None:
        return None
    domain = env.get_domain("py")
    last = target.rsplit(".", 1)[-1]
    for name, entry in domain.objects.items():  # type: ignore[attr-defined]
        if name.rsplit(".", 1)[-1] == last and not entry.aliased and imported(name) is wanted:
            node["reftarget"] = name
            return domain.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], name, node, contnode
            )
    return None


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_directive("asynchetzner-kinds", KindsDirective)
    app.connect("autodoc-process-docstring", add_fields)
    app.connect("autodoc-skip-member", skip_field)
    app.connect("missing-reference", same_object)
    return {"parallel_read_safe": True}
