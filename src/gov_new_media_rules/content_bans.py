"""Which content categories each rulebook bans, by which rule and clause: the tag × jurisdiction
table of the site, computed from the rulebooks and the taxonomy (never written by hand)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .composition import EffectiveRule, Rulebook
from .engine.context import category_citations
from .model.params import RuleKind
from .model.rules import Citation
from .model.taxonomy import CONTENT

__all__ = ["Ban", "bans_of", "ban_table"]


@attrs.frozen
class Ban:
    """``tag`` is banned by ``rule``, as the category ``banned_as`` (itself or a broader one),
    cited at ``citation`` (the clause the finding would cite first)."""

    tag: str
    rule: str
    banned_as: str
    citation: Citation


def bans_of(book: Rulebook | Iterable[EffectiveRule], tag: str) -> tuple[Ban, ...]:
    """Every checkable content ban of ``book`` that a post tagged ``tag`` breaks."""
    found = []
    for rule in book:
        if rule.rule.kind is not RuleKind.CONTENT_PROHIBITION or not rule.rule.checkable:
            continue
        categories = [str(c) for c in rule.rule.params.categories]
        covered = CONTENT.covered(tag, categories)
        if covered:
            found.append(Ban(tag, rule.id, covered[0], category_citations(rule, [tag])[0]))
    return tuple(found)


def ban_table(books: dict[str, Rulebook]) -> dict[str, dict[str, tuple[Ban, ...]]]:
    """tag → jurisdiction id → bans, for every content tag in taxonomy order."""
    return {tag: {j: bans_of(book, tag) for j, book in books.items()} for tag in CONTENT}
