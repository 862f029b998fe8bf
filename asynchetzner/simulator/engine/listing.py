"""Filtering, sorting and pagination of the simulator's list endpoints, as Hetzner documents them.

Label selectors use the Kubernetes-style grammar Hetzner accepts; terms are joined by ``,``
(logical AND) and whitespace around tokens is ignored::

    k==v   k=v     value of k equals v (v may be empty)
    k!=v           value of k differs from v, or k is absent
    k              key k is present
    !k             key k is absent
    k in (v1,v2)   value of k is one of the listed values
    k notin (v1,v2)  value of k is none of the listed values, or k is absent

Keys are ``[prefix/]name`` with an optional DNS-subdomain prefix; keys and values must follow
Hetzner's label rules. An empty selector matches everything.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yarl
from multidict import MultiMapping

from .errors import SimulatorError, invalid_input
from .numbers import positive_int

__all__ = [
    "LabelSelector",
    "ListSpec",
    "flag",
    "list_answer",
    "valid_label_key",
    "valid_label_value",
]

_TOKEN = re.compile(r"\s*(?:(?P<symbol>==|!=|[=!(),])|(?P<word>[^\s=!(),]+))")
_NAME = r"[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
_DNS_LABEL = r"[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?"
_KEY = re.compile(rf"(?:(?P<prefix>{_DNS_LABEL}(?:\.{_DNS_LABEL})*)/)?{_NAME}")
_VALUE = re.compile(rf"(?:{_NAME})?")
_MAX_PREFIX = 253
_DEFAULT_PER_PAGE = 25


def valid_label_key(key: str) -> bool:
    """Whether ``key`` is ``[prefix/]name``, the prefix a DNS subdomain (253 characters at most)."""
    match = _KEY.fullmatch(key)
    prefix = match.group("prefix") if match else None
    return match is not None and (prefix is None or len(prefix) <= _MAX_PREFIX)


def valid_label_value(value: str) -> bool:
    """Whether ``value`` is empty or a name (63 characters at most)."""
    return _VALUE.fullmatch(value) is not None


@dataclass(frozen=True)
class _Requirement:
    """One selector term: ``key`` present (with a value in ``values`` if given), or its negation."""

    key: str
    values: frozenset[str] | None
    negated: bool

    def matches(self, labels: Mapping[str, str]) -> bool:
        """Tell whether ``labels`` satisfy the term."""
        found = self.key in labels and (self.values is None or labels[self.key] in self.values)
        return found != self.negated


@dataclass(frozen=True)
class _Token:
    """One lexical unit of a selector; ``kind`` is ``symbol``, ``word`` or ``end``."""

    kind: str
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    """Split a selector into symbols and words, ending with an ``end`` token."""
    tokens: list[_Token] = []
    position = 0
    while (match := _TOKEN.match(text, position)) is not None:
        kind = "symbol" if match.group("symbol") is not None else "word"
        tokens.append(_Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    """Recursive-descent parser over the tokens of one selector."""

    def __init__(self, text: str) -> None:
        self._tokens = _tokens(text)
        self._index = 0

    def _peek(self) -> _Token:
        return self._tokens[self._index]

    def _next(self) -> _Token:
        token = self._tokens[self._index]
        self._index += 1
        return token

    @staticmethod
    def _fail(reason: str) -> SimulatorError:
        return invalid_input({"label_selector": [reason]}, "label_selector is invalid")

    def _unexpected(self, token: _Token, wanted: str) -> SimulatorError:
        found = "end of selector" if token.kind == "end" else f"'{token.text}'"
        return self._fail(f"expected {wanted} at position {token.position}, found {found}")

    def selector(self) -> tuple[_Requirement, ...]:
        """Parse ``term (',' term)*``; an empty text yields no terms."""
        if self._peek().kind == "end":
            return ()
        terms = [self._term()]
        while self._next().text == ",":
            terms.append(self._term())
        return tuple(terms)

    def _term(self) -> _Requirement:
        """Parse one term and check that a ``,`` or the end follows it."""
        token = self._peek()
        if token.text == "!":
            self._next()
            term = _Requirement(self._key(), None, negated=True)
        else:
            key = self._key()
            operator = self._peek()
            if operator.text in ("=", "==", "!="):
                self._next()
                term = _Requirement(key, frozenset({self._value()}), operator.text == "!=")
            elif operator.kind == "word" and operator.text in ("in", "notin"):
                self._next()
                term = _Requirement(key, self._value_set(), operator.text == "notin")
            else:
                term = _Requirement(key, None, negated=False)
        after = self._peek()
        if after.kind != "end" and after.text != ",":
            raise self._unexpected(after, "',' or end of selector")
        return term

    def _key(self) -> str:
        token = self._next()
        if token.kind != "word":
            raise self._unexpected(token, "a label key")
        if not valid_label_key(token.text):
            raise self._fail(f"invalid label key '{token.text}' at position {token.position}")
        return token.text

    def _value(self) -> str:
        """Parse an optional value; a missing word means the empty value."""
        token = self._peek()
        if token.kind != "word":
            return ""
        self._next()
        if not valid_label_value(token.text):
            raise self._fail(f"invalid label value '{token.text}' at position {token.position}")
        return token.text

    def _value_set(self) -> frozenset[str]:
        """Parse ``'(' value (',' value)* ')'`` with at least one token inside."""
        opening = self._next()
        if opening.text != "(":
            raise self._unexpected(opening, "'('")
        if self._peek().text == ")":
            raise self._fail(f"empty value list at position {opening.position}")
        values = {self._value()}
        while (token := self._next()).text == ",":
            values.add(self._value())
        if token.text != ")":
            raise self._unexpected(token, "',' or ')'")
        return frozenset(values)


@dataclass(frozen=True)
class LabelSelector:
    """A parsed label selector (Kubernetes-style grammar Hetzner uses)."""

    requirements: tuple[_Requirement, ...]

    @classmethod
    def parse(cls, text: str) -> LabelSelector:
        """Parse ``text``; raise ``invalid_input`` on ``label_selector`` for bad syntax."""
        return cls(_Parser(text).selector())

    def matches(self, labels: Mapping[str, str]) -> bool:
        """Tell whether ``labels`` satisfy every term."""
        return all(term.matches(labels) for term in self.requirements)


@dataclass(frozen=True)
class ListSpec:
    """How one collection may be filtered, sorted and paginated."""

    collection: str
    filters: Mapping[str, str] = field(default_factory=dict)
    sort_fields: frozenset[str] = frozenset({"id"})
    max_per_page: int = 50
    labels: bool = True


_MISSING = object()
_Item = TypeVar("_Item", bound=Mapping[str, Any])


def _lookup(item: Mapping[str, Any], path: str) -> Any:
    """Follow a dotted path through nested mappings; ``_MISSING`` if any step is absent."""
    value: Any = item
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _as_query_text(value: Any) -> str | None:
    """Render a scalar the way it would be written in a query string; ``None`` otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    return None


def _positive_int(query: MultiMapping[str], name: str, default: int) -> int:
    """Read an integer >= 1 from the query; raise ``invalid_input`` naming ``name`` otherwise."""
    text = query.get(name)
    if text is None:
        return default
    number = positive_int(text)
    if number is None:
        raise invalid_input(
            {name: [f"must be an integer >= 1, got '{text}'"]}, f"{name} is invalid"
        )
    return number


def flag(query: MultiMapping[str], name: str) -> bool:
    """A boolean query parameter (``true`` or ``false``, absent is false)."""
    text = query.get(name, "false").lower()
    if text not in ("true", "false"):
        raise invalid_input({name: [f"must be true or false, got {text!r}"]}, f"{name} is invalid")
    return text == "true"


def _sort_keys(query: MultiMapping[str], allowed: frozenset[str]) -> list[tuple[str, bool]]:
    """Parse every ``sort`` value into ``(field, descending)``, in the order given."""
    keys: list[tuple[str, bool]] = []
    for text in query.getall("sort", []):
        name, colon, direction = text.partition(":")
        if name not in allowed or (colon and direction not in ("asc", "desc")):
            choices = ", ".join(sorted(allowed))
            raise invalid_input(
                {"sort": [f"invalid sort '{text}', fields: {choices}; directions: asc, desc"]},
                "sort is invalid",
            )
        keys.append((name, direction == "desc"))
    return keys


def _ordering(path: str) -> Callable[[Mapping[str, Any]], tuple[bool, Any]]:
    """Build a sort key on the field at ``path`` that puts missing and ``null`` values first."""

    def key(item: Mapping[str, Any]) -> tuple[bool, Any]:
        value = _lookup(item, path)
        present = value is not None and value is not _MISSING
        return (present, value if present else 0)

    return key


_by_id = operator.itemgetter("id")  # every listed item has one


def _link(url: yarl.URL, page: int, per_page: int) -> yarl.URL:
    """Return ``url`` with ``page`` and ``per_page`` set, other parameters kept in order."""
    wanted = {"page": str(page), "per_page": str(per_page)}
    pairs: list[tuple[str, str]] = []
    placed: set[str] = set()
    for name, value in url.query.items():
        if name not in wanted:
            pairs.append((name, value))
        elif name not in placed:
            pairs.append((name, wanted[name]))
            placed.add(name)
    pairs.extend((name, value) for name, value in wanted.items() if name not in placed)
    return url.with_query(pairs)


def _filtered(
    items: Iterable[_Item], query: MultiMapping[str], spec: ListSpec
) -> Collection[_Item]:
    """The items that pass the label selector and every given field filter (a collection of
    items given is itself when nothing filters)."""
    selector_text = query.get("label_selector") if spec.labels else None
    selector = LabelSelector.parse(selector_text) if selector_text is not None else None
    wanted = {
        path: frozenset(values)
        for parameter, path in spec.filters.items()
        if (values := query.getall(parameter, []))
    }
    if selector is None and not wanted:
        return items if isinstance(items, Collection) else list(items)
    return [
        item
        for item in items
        if (selector is None or selector.matches(item.get("labels") or {}))
        and all(_as_query_text(_lookup(item, path)) in values for path, values in wanted.items())
    ]


def list_answer(
    items: Iterable[_Item],
    query: MultiMapping[str],
    spec: ListSpec,
    url: yarl.URL,
    render: Callable[[_Item], Any] | None = None,
    *,
    paged: bool = True,
    in_id_order: bool = False,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Filter, sort and paginate ``items``; return the JSON body and the ``Link`` header.

    The body is ``{spec.collection: [...], "meta": {"pagination": {...}}}``. Filters and sorts
    read ``items`` as given; ``render`` turns only the items of the page into their answer
    (without it, items are answered as they are, not copied). A list that is not ``paged``
    answers every item, without ``meta`` or ``Link``. Items known to come ``in_id_order`` are
    not sorted by id again.
    """
    sort_keys = _sort_keys(query, spec.sort_fields)
    chosen = _filtered(items, query, spec)
    if sort_keys or not in_id_order:
        # Stable sorts, least significant key first: ``id`` ascending breaks every tie.
        chosen = sorted(chosen, key=_by_id)
        for name, descending in reversed(sort_keys):
            chosen.sort(key=_ordering(name), reverse=descending)
    if not paged:
        every = list(chosen) if render is None else [render(i) for i in chosen]
        return {spec.collection: every}, {}
    page = _positive_int(query, "page", 1)
    per_page = min(_positive_int(query, "per_page", _DEFAULT_PER_PAGE), spec.max_per_page)
    total = len(chosen)
    last_page = max(1, (total + per_page - 1) // per_page)
    previous_page = page - 1 if page > 1 else None
    next_page = page + 1 if page < last_page else None
    start = (page - 1) * per_page
    page_items = list(itertools.islice(chosen, min(start, total), min(start + per_page, total)))
    body: dict[str, Any] = {
        spec.collection: page_items if render is None else [render(i) for i in page_items],
        "meta": {
            "pagination": {
                "page": page,
                "per_page": per_page,
                "previous_page": previous_page,
                "next_page": next_page,
                "last_page": last_page,
                "total_entries": total,
            }
        },
    }
    rels = [("prev", previous_page), ("next", next_page), ("last", last_page)]
    links = [f'<{_link(url, n, per_page)}>; rel="{rel}"' for rel, n in rels if n is not None]
    return body, {"Link": ", ".join(links)}
