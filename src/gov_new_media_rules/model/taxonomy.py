"""The taxonomies of content categories, repost sources and operators, read from ``taxonomy.toml``.

A content tag is a category with its parents: a post of a narrower category is a post of every
broader one, so a ban on ``prohibited_by_law`` covers ``rumour`` and ``state_secret``. A repost
source kind is the same, plus ``may_be`` links for kinds that may or may not fall inside another
(a Party newspaper may or may not be a designated content source). An operator kind is the same
without ``may_be``: a unit's subordinate enterprise is an entrusted third party, so a local list of
such kinds narrows the national permission to entrust "相关机构".

The data is legal reading, kept apart from code for review: every link cites a clause of a held
document and states the reading. The file is validated when this module is imported (unknown keys,
unknown tags, a tag missing or given twice, a cycle, a link without its citation or reading are
errors); :func:`check_quotes` checks each quote against the clause text of a loaded library.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from .vocab import ContentTag, OperatorKind, RepostSource

__all__ = [
    "TaxonomyError",
    "Link",
    "Node",
    "Taxonomy",
    "TAXONOMY",
    "load_taxonomy",
    "check_quotes",
]

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.toml")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the file and the key."""


@attrs.frozen
class Link:
    """``child`` falls inside ``parent`` (or, for ``may_be`` links, may), for the reason given."""

    child: str
    parent: str
    document: str
    clause: str
    quote: str
    zh: str
    en: str
    may_be: bool = False


@attrs.frozen
class Node:
    name: str
    parents: tuple[Link, ...] = ()
    may_be: tuple[Link, ...] = ()
    note: str = ""


class Taxonomy:
    """One vocabulary's entries in file order, with their links."""

    def __init__(self, nodes: Mapping[str, Node]) -> None:
        self.nodes: Mapping[str, Node] = dict(nodes)
        self._ancestors: dict[str, tuple[str, ...]] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(self.nodes)

    def ancestors(self, name: str) -> tuple[str, ...]:
        """``name`` and every broader entry, nearest first (breadth first, file order on ties)."""
        known = self._ancestors.get(name)
        if known is not None:
            return known
        seen = [name]
        frontier = [name]
        while frontier:
            following = []
            for item in frontier:
                for link in self.nodes[item].parents:
                    if link.parent not in seen:
                        seen.append(link.parent)
                        following.append(link.parent)
            frontier = following
        self._ancestors[name] = result = tuple(seen)
        return result

    def descendants(self, name: str) -> tuple[str, ...]:
        """``name`` and every narrower entry."""
        return tuple(n for n in self.nodes if name in self.ancestors(n))

    def covered(self, name: str, by: Iterable[str]) -> tuple[str, ...]:
        """The entries of ``by`` that ``name`` falls inside (itself or a broader one), nearest first."""
        wanted = set(by)
        return tuple(a for a in self.ancestors(name) if a in wanted)

    def possibly(self, name: str, by: Iterable[str]) -> tuple[str, ...]:
        """The entries of ``by`` that ``name`` may fall inside through a ``may_be`` link (of it or
        of a broader entry) but is not known to."""
        wanted = set(by)
        if self.covered(name, wanted):
            return ()
        found: list[str] = []
        for ancestor in self.ancestors(name):
            for link in self.nodes[ancestor].may_be:
                for target in self.ancestors(link.parent):
                    if target in wanted and target not in found:
                        found.append(target)
        return tuple(found)

    def path(self, name: str, to: str) -> tuple[Link, ...]:
        """The links from ``name`` up to ``to`` along the shortest chain (empty when equal)."""
        if name == to:
            return ()
        best: tuple[Link, ...] | None = None
        for link in self.nodes[name].parents:
            if to in self.ancestors(link.parent):
                rest = self.path(link.parent, to)
                if best is None or len(rest) + 1 < len(best):
                    best = (link, *rest)
        return best or ()

    def links(self) -> tuple[Link, ...]:
        return tuple(link for node in self.nodes.values() for link in (*node.parents, *node.may_be))


@attrs.frozen
class Taxonomies:
    content: Taxonomy
    repost: Taxonomy
    operator: Taxonomy

    def sections(self) -> tuple[tuple[str, Taxonomy], ...]:
        return (("content", self.content), ("repost", self.repost), ("operator", self.operator))


_LINK_KEYS = ("parent", "document", "clause", "quote", "zh", "en")


def _fail(path: Path, key: str, message: str) -> TaxonomyError:
    return TaxonomyError(f"{path}: {key}: {message}")


def _links(raw: object, path: Path, key: str, child: str, names: Sequence[str], may_be: bool) -> tuple[Link, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(path, key, "expected an array of tables")
    out = []
    for index, item in enumerate(raw):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            raise _fail(path, where, "expected a table")
        unknown = sorted(set(item) - set(_LINK_KEYS))
        if unknown:
            raise _fail(path, f"{where}.{unknown[0]}", f"unknown key (known: {', '.join(_LINK_KEYS)})")
        for field in _LINK_KEYS:
            value = item.get(field)
            if not isinstance(value, str) or not value.strip():
                raise _fail(path, f"{where}.{field}", "required: a non-empty string")
        if item["parent"] not in names:
            raise _fail(path, f"{where}.parent", f"{item['parent']!r} is not an entry of this vocabulary")
        if item["parent"] == child:
            raise _fail(path, f"{where}.parent", "an entry cannot be its own parent")
        if len(item["quote"]) < 4:
            raise _fail(path, f"{where}.quote", "a quote has at least 4 characters")
        out.append(Link(child, item["parent"], item["document"], item["clause"], item["quote"], item["zh"], item["en"], may_be))
    return tuple(out)


def _section(raw: Mapping[str, object], section: str, name_key: str, vocabulary: Iterable[str], path: Path) -> Taxonomy:
    entries = raw.get(section)
    if not isinstance(entries, list):
        raise _fail(path, section, "required: an array of tables")
    names = list(vocabulary)
    allowed = {name_key, "parents", "may_be", "note"} if section == "repost" else {name_key, "parents", "note"}
    given: list[str] = []
    for index, entry in enumerate(entries):
        where = f"{section}[{index}]"
        if not isinstance(entry, dict):
            raise _fail(path, where, "expected a table")
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise _fail(path, f"{where}.{unknown[0]}", f"unknown key (known: {', '.join(sorted(allowed))})")
        name = entry.get(name_key)
        if name not in names:
            raise _fail(path, f"{where}.{name_key}", f"{name!r} is not a known {section} vocabulary value")
        if name in given:
            raise _fail(path, f"{where}.{name_key}", f"{name!r} is given twice")
        given.append(name)  # type: ignore[arg-type]
    missing = [n for n in names if n not in given]
    if missing:
        raise _fail(path, section, f"{missing[0]!r} has no entry: every value of the vocabulary needs one")
    nodes: dict[str, Node] = {}
    for index, entry in enumerate(entries):
        name = entry[name_key]
        where = f"{section}[{index}]"
        note = entry.get("note", "")
        if not isinstance(note, str):
            raise _fail(path, f"{where}.note", "expected a string")
        nodes[name] = Node(
            name,
            _links(entry.get("parents"), path, f"{where}.parents", name, given, False),
            _links(entry.get("may_be"), path, f"{where}.may_be", name, given, True),
            note,
        )
    # No cycle: walking up from any entry never comes back to it.
    for name in nodes:
        stack = [(name, (name,))]
        while stack:
            current, trail = stack.pop()
            for link in nodes[current].parents:
                if link.parent in trail:
                    raise _fail(path, section, f"cycle: {' → '.join((*trail, link.parent))}")
                stack.append((link.parent, (*trail, link.parent)))
    return Taxonomy(nodes)


def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomies:
    """Read and validate a taxonomy file (the embedded one by default)."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{path}: {exc}") from None
    unknown = sorted(set(raw) - {"schema", "content", "repost", "operator"})
    if unknown:
        raise _fail(path, unknown[0], "unknown key (known: schema, content, repost, operator)")
    if raw.get("schema") != 1:
        raise _fail(path, "schema", f"expected 1, got {raw.get('schema')!r}")
    return Taxonomies(
        _section(raw, "content", "tag", (t.value for t in ContentTag), path),
        _section(raw, "repost", "source", (s.value for s in RepostSource), path),
        _section(raw, "operator", "kind", (k.value for k in OperatorKind), path),
    )


TAXONOMY = load_taxonomy()
CONTENT = TAXONOMY.content
REPOST = TAXONOMY.repost
OPERATOR = TAXONOMY.operator


def squash(text: str) -> str:
    return "".join(text.split())


def check_quotes(library: object, taxonomies: Taxonomies = TAXONOMY) -> list[str]:
    """Each link's citation against the clauses of ``library`` (a loaded PolicyLibrary): the
    problems found, one line each (empty when every quote is verbatim in the clause it names)."""
    documents = getattr(library, "documents")
    problems = []
    for section, taxonomy in taxonomies.sections():
        for link in taxonomy.links():
            document = documents.get(link.document)
            where = f"{TAXONOMY_FILE.name}: {section} {link.child} → {link.parent}"
            if document is None:
                problems.append(f"{where}: no held document {link.document!r}")
                continue
            clause = next((c for c in document.clauses if c.id == link.clause), None)
            if clause is None:
                problems.append(f"{where}: {link.document} has no clause {link.clause!r}")
            elif squash(link.quote) not in squash(clause.text):
                problems.append(f"{where}: the quote {link.quote!r} is not in {link.document} {link.clause}")
    return problems
