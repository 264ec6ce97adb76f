"""Rule-by-rule differences between two rulebooks, for testers comparing jurisdictions.

Rules are matched by lineage — the highest rule a chain of refinements starts from — so that
Zezhou's "3 posts a week" and Huzhou's "6 posts a week" line up as two values of the national duty
to keep accounts updated rather than as two unrelated rules.
"""

from __future__ import annotations

from typing import Any

import attrs

from .composition import EffectiveRule, Rulebook
from .serialize import applicability_to_json, params_to_json

__all__ = ["LineageDiff", "RulebookDiff", "diff_rulebooks"]


@attrs.frozen
class LineageDiff:
    lineage: str
    topic: str
    title: str
    left: tuple[EffectiveRule, ...]
    right: tuple[EffectiveRule, ...]
    params_differ: tuple[str, ...]
    applicability_differs: bool

    @property
    def status(self) -> str:
        if not self.right:
            return "only_left"
        if not self.left:
            return "only_right"
        if self.params_differ or self.applicability_differs:
            return "different"
        return "same"  # possibly restated by a local rule of its own, with the same effect

    @property
    def restated(self) -> bool:
        """Same effect on both sides, but set by different rules (a local text restating it)."""
        return _ids(self.left) != _ids(self.right)


@attrs.frozen
class RulebookDiff:
    left: Rulebook
    right: Rulebook
    lineages: tuple[LineageDiff, ...]

    def by_status(self, status: str) -> tuple[LineageDiff, ...]:
        return tuple(d for d in self.lineages if d.status == status)


def _ids(variants: tuple[EffectiveRule, ...]) -> tuple[str, ...]:
    return tuple(sorted(v.id for v in variants))


def _variant_key(variant: EffectiveRule) -> str:
    return repr(applicability_to_json(variant.rule.applies_to))


def _params_differ(left: tuple[EffectiveRule, ...], right: tuple[EffectiveRule, ...]) -> tuple[str, ...]:
    """The parameters that differ between variants of the same scope. One document may refine a
    rule twice over the same scope (高县 一: content run by the host unit in principle, and the
    conditions on a third party), so a scope can hold several variants on one side."""
    def table(variants: tuple[EffectiveRule, ...]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for v in variants:
            out.setdefault(_variant_key(v), []).append(params_to_json(v.rule.params))
        return out

    a, b = table(left), table(right)
    fields: set[str] = set()
    for key in a.keys() | b.keys():
        for pa in a.get(key, [{}]):
            for pb in b.get(key, [{}]):
                fields |= {name for name in pa.keys() | pb.keys() if pa.get(name) != pb.get(name)}
    return tuple(sorted(fields))


def diff_rulebooks(left: Rulebook, right: Rulebook) -> RulebookDiff:
    order: list[str] = []
    groups: dict[str, tuple[list[EffectiveRule], list[EffectiveRule]]] = {}
    for side, rulebook in enumerate((left, right)):
        for effective in rulebook:
            if effective.lineage not in groups:
                groups[effective.lineage] = ([], [])
                order.append(effective.lineage)
            groups[effective.lineage][side].append(effective)
    lineages = []
    for lineage in order:
        lv, rv = (tuple(v) for v in groups[lineage])
        head = (lv or rv)[0]
        root = head.chain[0]
        applicability_differs = bool(lv and rv) and sorted(map(_variant_key, lv)) != sorted(map(_variant_key, rv))
        lineages.append(
            LineageDiff(
                lineage=lineage,
                topic=str(root.topic),
                title=root.title,
                left=lv,
                right=rv,
                params_differ=_params_differ(lv, rv) if lv and rv else (),
                applicability_differs=applicability_differs,
            )
        )
    return RulebookDiff(left, right, tuple(lineages))
