"""Composing a jurisdiction's rulebook from the documents along its path.

The semantics are Catala's rather than a dictionary update's: a local rule that ``refines`` a
higher one is a labelled exception to it. It inherits every parameter it does not state, must not
loosen what it does state (unless it records a justified deviation), and covers only its own scope
(its ``applies_to``, and for filing duties its ``events``). Outside that scope the higher rule still
governs, so it stays in the rulebook, marked as refined. Nothing is decided by load order: two
documents at the same level refining one rule is a conflict, and a refinement of a rule that is not
in force is an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from .errors import CompositionError
from .loading import PolicyLibrary
from .model.documents import SourceDocument
from .model.jurisdictions import Jurisdiction
from .model.params import FilingDeadlineParams
from .model.rules import Rule
from .strictness import Comparison, Verdict, compare_params, value_text

__all__ = ["EffectiveRule", "Rulebook", "Overlay", "compose", "folded_params"]


@attrs.frozen
class Overlay:
    """A set of rules laid on top of a jurisdiction: a what-if variant or a newly issued text.

    Its rules cite clauses of held documents; they are validated like shipped policy files.
    """

    id: str
    title: str
    on: str
    rules: tuple[Rule, ...]
    path: str = ""


@attrs.frozen
class EffectiveRule:
    """A rule as it applies in one rulebook, with the chain of rules that produced it."""

    rule: Rule
    lineage: str  # id of the highest rule in the chain
    chain: tuple[Rule, ...]  # highest first; the last is ``rule`` as written
    comparisons: tuple[Comparison, ...] = ()
    refined_by: tuple[str, ...] = ()  # variants that take over part of this rule's scope
    # Higher variants that still apply beside this one, because somewhere along the chain a
    # refinement could not be ranked against its base; kept when this one is refined further.
    alongside: tuple[str, ...] = ()

    @property
    def keeps_base(self) -> bool:
        """A refinement whose strictness cannot be compared with its base does not displace it:
        both apply (7 working days is stricter than 2 weeks except across long holidays, when
        the national 2 weeks is the stricter one). A ``replaces`` always displaces its base."""
        return self.rule.refines is not None and any(c.verdict is Verdict.INCOMPARABLE for c in self.comparisons)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def refines(self) -> str | None:
        return self.chain[-2].id if len(self.chain) > 1 else None

    def set_by(self, param: str) -> Rule:
        """The rule (and so the document) that last stated a parameter."""
        for rule in reversed(self.chain):
            if param in rule.stated_params or rule.replaces or rule is self.chain[0]:
                return rule
        return self.chain[0]


@attrs.frozen(repr=False)
class Rulebook:
    jurisdiction: Jurisdiction
    on: dt.date
    documents: tuple[SourceDocument, ...]
    rules: tuple[EffectiveRule, ...]
    overlays: tuple[str, ...] = ()

    def __repr__(self) -> str:
        # The full attrs repr holds every document's text: hundreds of kilobytes in a traceback
        # or a falsifying example, where what helps is which rulebook it is.
        overlays = f", overlays={list(self.overlays)}" if self.overlays else ""
        return f"<Rulebook {self.jurisdiction.id} on {self.on.isoformat()}: {len(self.rules)} rules{overlays}>"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        # IPython's and hypothesis' pretty printers would otherwise list every field of an attrs
        # class, document texts included.
        printer.text(repr(self))  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[EffectiveRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> EffectiveRule | None:
        for effective in self.rules:
            if effective.id == rule_id:
                return effective
        return None

    def rule(self, rule_id: str) -> Rule | None:
        """The rule ``rule_id`` as written, also when a refinement took it over: such a rule still
        judges the time before the refinement came into force, so findings may name it."""
        effective = self.get(rule_id)
        if effective is not None:
            return effective.rule
        for effective in self.rules:
            for link in effective.chain:
                if link.id == rule_id:
                    return link
        return None

    def lineage(self, root: str) -> tuple[EffectiveRule, ...]:
        return tuple(r for r in self.rules if r.lineage == root)

    def fingerprint(self) -> str:
        """A hash of everything that decides findings: ids, params, scopes, document versions."""
        from .serialize import rulebook_to_json

        data = rulebook_to_json(self)
        del data["on"]  # two days with the same rules in force have the same rulebook
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _rule_in_force(rule: Rule, on: dt.date) -> bool:
    if rule.effective_from and on < rule.effective_from:
        return False
    return not (rule.effective_until and on > rule.effective_until)


def _documents_in_force(library: PolicyLibrary, jurisdiction_id: str, on: dt.date) -> list[SourceDocument]:
    documents = [d for d in library.documents_of(jurisdiction_id) if d.in_force_on(on)]
    superseded = {old for d in documents for old in d.supersedes}
    return sorted((d for d in documents if d.id not in superseded), key=lambda d: (d.starts, d.id))


def folded_params(chain: Sequence[Rule]) -> Any:
    """The parameters composition gives the last rule of ``chain``: each refinement lays the
    parameters it states over those of the rule it refines; a replacement starts afresh."""
    params = chain[0].params
    for rule in chain[1:]:
        if rule.refines:
            params = attrs.evolve(params, **{name: getattr(rule.params, name) for name in rule.stated_params})
        else:
            params = rule.params
    return params


def _named_beside(comparison: Comparison, refinement: Rule, refiners: Sequence[Rule]) -> bool:
    """Is a filing duty's dropped recipient named, for every event of ``refinement``, by another
    refinement of the same rule in the same document? 湖州市 7.3 splits one sentence in two: the
    written form to the supervising unit (huzhou.filing.change-form) and the change on the two
    platforms (huzhou.filing.change); together they keep every recipient of the national duty."""
    if comparison.field != "recipients" or not isinstance(refinement.params, FilingDeadlineParams):
        return False
    dropped = set(comparison.before) - set(comparison.after)
    for event in refinement.params.events:
        beside = {
            recipient
            for other in refiners
            if other is not refinement and other.refines and isinstance(other.params, FilingDeadlineParams)
            and event in other.params.events
            for recipient in other.params.recipients
        }
        if not dropped <= beside:
            return False
    return True


def _covers_whole_scope(refinement: Rule, base: Rule) -> bool:
    """Does the refinement take over everything the base governed?"""
    if refinement.applies_to != base.applies_to and not refinement.applies_to.is_universal():
        return False
    if isinstance(base.params, FilingDeadlineParams):
        return set(refinement.params.events) >= set(base.params.events)
    return True


def _describe(comparisons: Iterable[Comparison]) -> str:
    return "; ".join(
        f"{c.field}: {value_text(c.before)} -> {value_text(c.after)}" + (f" ({c.detail})" if c.detail else "")
        for c in comparisons
    )


class _Composer:
    def __init__(self, jurisdiction: Jurisdiction, on: dt.date) -> None:
        self.jurisdiction = jurisdiction
        self.on = on
        self.variants: dict[str, EffectiveRule] = {}
        self.successors: dict[str, tuple[str, ...]] = {}

    def _target(self, rule: Rule, target_id: str, where: str) -> EffectiveRule:
        seen: set[str] = set()
        while target_id not in self.variants:
            successors = self.successors.get(target_id)
            if successors is None or target_id in seen:
                raise CompositionError(
                    f"{where}: rule {rule.id} refines {target_id}, which is not in force in "
                    f"{self.jurisdiction.id} on {self.on}"
                )
            if len(successors) != 1:
                raise CompositionError(
                    f"{where}: rule {rule.id} refines {target_id}, which lower documents split into "
                    f"{', '.join(successors)}; refine one of those instead"
                )
            seen.add(target_id)
            target_id = successors[0]
        return self.variants[target_id]

    def add_layer(self, layer: Sequence[tuple[str, Sequence[Rule]]]) -> None:
        """One level of the tree: documents of one jurisdiction (or the overlays), together.

        A rule may refine a rule of the same layer (an overlay tightening another overlay's rule,
        or its own): such refinements wait until their target is in, whatever the order of the
        documents or of the rules, so that neither load order nor how rules are grouped into
        documents changes the result.
        """
        pending = [(where, rule) for where, rules in layer for rule in rules]
        refined_here: dict[str, str] = {}
        while pending:
            waiting = {rule.id for _, rule in pending}
            ready = [(w, r) for w, r in pending if (r.refines or r.replaces) not in waiting]
            if not ready:
                ids = ", ".join(sorted(waiting))
                raise CompositionError(f"{pending[0][0]}: rules {ids} refine or replace each other in a cycle")
            ready_ids = {id(r) for _, r in ready}
            self._add_stage(ready, refined_here)
            pending = [(w, r) for w, r in pending if id(r) not in ready_ids]

    def _add_stage(self, stage: Sequence[tuple[str, Rule]], refined_here: dict[str, str]) -> None:
        by_document: dict[str, list[Rule]] = {}
        for where, rule in stage:
            by_document.setdefault(where, []).append(rule)
        for where, rules in by_document.items():
            refinements: dict[str, list[Rule]] = {}
            for rule in rules:
                target_id = rule.refines or rule.replaces
                if target_id is None:
                    self.variants[rule.id] = EffectiveRule(rule, rule.id, (rule,))
                    continue
                base = self._target(rule, target_id, where)
                # Keyed by the id as written too: once one document's refinement has taken over a
                # rule, a second document naming the same rule at this level would otherwise
                # silently refine the first one's, and load order would decide.
                for key in {target_id, base.id}:
                    other = refined_here.get(key)
                    if other is not None and other != where:
                        raise CompositionError(
                            f"conflict: {other} and {where} both refine {key} at the same level; "
                            f"one must refine the other's rule explicitly"
                        )
                    refined_here[key] = where
                refinements.setdefault(base.id, []).append(rule)
            for base_id, refiners in refinements.items():
                self._apply(self.variants[base_id], refiners, where)

    def _apply(self, base: EffectiveRule, refiners: list[Rule], where: str) -> None:
        whole = False
        for rule in refiners:
            if rule.refines and rule.kind != base.rule.kind:
                raise CompositionError(
                    f"{where}: rule {rule.id} ({rule.kind}) refines {base.id}, a rule of another kind "
                    f"({base.rule.kind}); use replaces"
                )
            if rule.refines:
                stated = {name: getattr(rule.params, name) for name in rule.stated_params}
                params = attrs.evolve(base.rule.params, **stated)
                applies_to = base.rule.applies_to if rule.applies_to.is_universal() else rule.applies_to
                effective = attrs.evolve(rule, params=params, applies_to=applies_to)
            else:
                effective = rule
            comparisons = compare_params(base.rule.params, effective.params)
            loosened = [c for c in comparisons if c.verdict is Verdict.LOOSER and not _named_beside(c, effective, refiners)]
            if loosened and rule.deviation is None:
                raise CompositionError(
                    f"{where}: rule {rule.id} loosens {base.id} ({_describe(loosened)}); a lower document may "
                    f"only tighten, or must record a [rules.deviation] with its justification"
                )
            refined = EffectiveRule(effective, base.lineage, (*base.chain, rule), comparisons)
            alongside = (*base.alongside, base.id) if refined.keeps_base else base.alongside
            refined = attrs.evolve(refined, alongside=alongside)
            self.variants[rule.id] = refined
            whole = whole or (_covers_whole_scope(effective, base.rule) and not refined.keeps_base)
        ids = tuple(rule.id for rule in refiners)
        if whole:
            del self.variants[base.id]
            self.successors[base.id] = ids
        else:
            self.variants[base.id] = attrs.evolve(base, refined_by=(*base.refined_by, *ids))


def compose(
    library: PolicyLibrary,
    jurisdiction: str,
    on: dt.date,
    overlays: Sequence[Overlay] = (),
) -> Rulebook:
    """The rules in force in ``jurisdiction`` on ``on``, with ``overlays`` laid on top."""
    node = library.tree.resolve(jurisdiction)
    path = library.tree.path(node.id)
    composer = _Composer(node, on)
    documents: list[SourceDocument] = []
    for level in path:
        in_force = _documents_in_force(library, level.id, on)
        documents.extend(in_force)
        layer = [
            (document.id, [r for r in library.rules_of(document.id) if _rule_in_force(r, on)]) for document in in_force
        ]
        composer.add_layer(layer)
    path_ids = {level.id for level in path}
    for overlay in overlays:
        if overlay.on not in path_ids:
            raise CompositionError(f"{overlay.path or overlay.id}: overlay is on {overlay.on}, not on the path of {node.id}")
    if overlays:
        composer.add_layer([(o.id, [r for r in o.rules if _rule_in_force(r, on)]) for o in overlays])
    return Rulebook(node, on, tuple(documents), tuple(composer.variants.values()), tuple(o.id for o in overlays))
