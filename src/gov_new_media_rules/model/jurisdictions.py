"""The jurisdiction tree: national → province → city → county or new area.

Intermediate levels exist even where no document of theirs is held, so that a document they issue
later has a place to go, and so that the texts' citations of them can be shown honestly.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import attrs

from ..dates import PartialDate
from ..errors import UnknownJurisdictionError
from .vocab import Level


@attrs.frozen
class KnownDocument:
    """A document this body issued that a held text cites; its content is not held."""

    title: str | None = None
    number: str | None = None
    published: PartialDate | None = None
    note: str | None = None


@attrs.frozen
class Jurisdiction:
    id: str
    name: str
    level: Level
    name_en: str | None = None
    aliases: tuple[str, ...] = ()
    known_documents: tuple[KnownDocument, ...] = ()

    @property
    def parent(self) -> str | None:
        return self.id.rpartition(".")[0] or None


@attrs.frozen
class JurisdictionTree:
    nodes: dict[str, Jurisdiction]

    def __iter__(self) -> Iterator[Jurisdiction]:
        return iter(sorted(self.nodes.values(), key=lambda j: j.id))

    def resolve(self, key: str) -> Jurisdiction:
        """Find a jurisdiction by id or alias; the error suggests the nearest names."""
        if key in self.nodes:
            return self.nodes[key]
        for node in self.nodes.values():
            if key in node.aliases:
                return node
        names = sorted([*self.nodes, *(a for n in self.nodes.values() for a in n.aliases)])
        close = difflib.get_close_matches(key, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(names)}"
        raise UnknownJurisdictionError(f"unknown jurisdiction {key!r}{hint}")

    def path(self, key: str) -> tuple[Jurisdiction, ...]:
        """From the root down to the jurisdiction itself."""
        node = self.resolve(key)
        parts = node.id.split(".")
        return tuple(self.nodes[".".join(parts[: i + 1])] for i in range(len(parts)))

    def alias(self, jurisdiction_id: str) -> str:
        node = self.nodes[jurisdiction_id]
        return node.aliases[0] if node.aliases else node.id
