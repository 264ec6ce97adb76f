"""Which variant of each rule lineage judges an account.

For each lineage of checkable rules, the most specific variant that applies to the account (a
local refinement over the national rule it refines, as Catala picks an exception over its general
rule). Filing duties are picked event by event and day by day, since a county may set a deadline
for opening only, and from the day its notice came into force only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

from ..composition import EffectiveRule, Rulebook
from ..model.params import DefinitionParams, FilingDeadlineParams, RuleKind
from ..model.vocab import Strength
from .scope import applies

__all__ = ["Lineage", "plan", "select_variants", "rule_starts", "outside_definition"]


@attrs.frozen
class Lineage:
    """The checkable variants of one rule lineage, most specific first."""

    root: str
    variants: tuple[EffectiveRule, ...]
    by_event: bool  # filing duties: pick a variant per event
    # Filing duties: the day each variant (and each ancestor it refines) came into force, so that
    # an event is judged by the variant in force on the event's day.
    starts: tuple[tuple[str, dt.date], ...] = ()


_DATED_KINDS = frozenset({
    RuleKind.CONTENT_PROHIBITION, RuleKind.REPOST_SOURCES, RuleKind.REVIEW_WORKFLOW, RuleKind.PROHIBITED_PRACTICE,
    RuleKind.POSTING_FREQUENCY, RuleKind.ORIGINAL_POSTS, RuleKind.MAX_INACTIVITY,
})


def _ancestors(effective: EffectiveRule) -> Iterator[EffectiveRule]:
    """The rules ``effective`` refines, as they applied before it (its chain, folded step by step):
    a refinement that took a rule's whole scope over removed it from the rulebook, but events
    before the refinement came into force are still the ancestor's."""
    chain = effective.chain
    for depth in range(1, len(chain)):
        base = chain[0]
        params, applies_to = base.params, base.applies_to
        for step in chain[1:depth]:
            if step.refines:
                params = attrs.evolve(params, **{name: getattr(step.params, name) for name in step.stated_params})
                applies_to = applies_to if step.applies_to.is_universal() else step.applies_to
            else:
                params, applies_to = step.params, step.applies_to
        rule = attrs.evolve(chain[depth - 1], params=params, applies_to=applies_to)
        yield EffectiveRule(rule, effective.lineage, chain[:depth])


def plan(rulebook: Rulebook) -> tuple[tuple[Lineage, ...], tuple[EffectiveRule, ...]]:
    """Which lineages the engine evaluates per account, and which rules run across accounts."""
    groups: dict[str, list[EffectiveRule]] = {}
    for effective in rulebook:
        rule = effective.rule
        if not rule.checkable or rule.strength is Strength.ENCOURAGED:
            continue
        groups.setdefault(effective.lineage, []).append(effective)
    from .registry import ACCOUNT_EVALUATORS, UNIT_EVALUATORS  # here: importing it loads every evaluator

    lineages = []
    cross: list[EffectiveRule] = []
    starts = rule_starts(rulebook)
    for root, variants in groups.items():
        kind = variants[0].rule.kind
        if kind in UNIT_EVALUATORS:
            cross.extend(variants)
        if kind in ACCOUNT_EVALUATORS:
            by_event = isinstance(variants[0].rule.params, FilingDeadlineParams)
            # A refinement's ancestors judge what came before it was in force: the events of a
            # filing duty, the posts of a content ban (泽州县's notice from 2022-03-26: an
            # advertisement on 03-25 is the national ban's).
            # Only rules that judge dated facts over a time (posts, reviews, recorded practices,
            # events) divide that time; a rule about the account's state (IPv6, its name) is judged
            # once, by the rule in force, on the facts as they are.
            known = {v.id for v in variants}
            for variant in list(variants) if by_event or kind in _DATED_KINDS else ():
                for ancestor in _ancestors(variant):
                    if ancestor.id not in known and ancestor.rule.checkable and ancestor.rule.kind is kind:
                        known.add(ancestor.id)
                        variants.append(ancestor)
            if by_event:
                # Most specific first; at the same depth the variant naming fewer events (the
                # narrower refinement, e.g. 长春新区 第十三条 for closures beside 第十二条) first.
                ordered = tuple(sorted(variants, key=lambda v: (-len(v.chain), len(v.rule.params.events))))
            else:
                ordered = tuple(sorted(variants, key=lambda v: -len(v.chain)))
            lineage_starts = tuple((v.id, starts.get(v.id, dt.date.min)) for v in ordered)
            lineages.append(Lineage(root, ordered, by_event, lineage_starts))
    return tuple(lineages), tuple(cross)


def select_variants(lineage: Lineage, account: Any) -> Iterator[EffectiveRule]:
    """The most specific applicable variant(s); for filing duties, per event and per day.

    For a filing duty each event type goes to the most specific applicable variant naming it that
    is in force on the event's day: a variant governs an event from the day it came into force
    until the day a more specific one did (the day before that is handed over as the variant's
    ``effective_until``, which the evaluator reads as the last occurrence day it judges). So an
    opening made before a county's notice came into force is judged by the national duty that then
    applied, not by nothing.
    """
    applicable = [v for v in lineage.variants if applies(v.rule.applies_to, account)]
    if not applicable:
        return
    starts = dict(lineage.starts)
    if not lineage.by_event:
        depth = len(applicable[0].chain)
        chosen = [v for v in applicable if len(v.chain) == depth]
        by_id = {v.id: v for v in applicable}
        for variant in list(chosen):
            # A refinement that cannot be ranked against its base applies beside it, and so do
            # its further refinements (EffectiveRule.alongside).
            chosen.extend(by_id[other] for other in variant.alongside if other in by_id and by_id[other] not in chosen)
        yield from chosen
        if chosen[0].rule.kind in _DATED_KINDS:
            yield from _before(chosen, applicable, starts)
        return
    # (variant id, last day it governs or None) -> events, in order of first assignment
    assigned: dict[tuple[str, dt.date | None], list[Any]] = {}
    events_seen: list[Any] = []
    for variant in applicable:
        for event in variant.rule.params.events:
            if event not in events_seen:
                events_seen.append(event)
    for event in events_seen:
        takeover: dt.date | None = None  # the earliest day a more specific variant took this event
        # The variants that govern the event from ``takeover`` on: their recipients, the rules
        # their chains pass through, and the last day they govern.
        taken: tuple[frozenset[Any], frozenset[str], dt.date | None] | None = None
        for variant in applicable:  # most specific first
            if event not in variant.rule.params.events:
                continue
            start = starts.get(variant.id, dt.date.min)
            recipients = frozenset(variant.rule.params.recipients)
            if takeover is not None and start >= takeover:
                # A refinement that names other recipients for the event, and that the governing
                # variants do not refine, governs beside them (湖州市 7.3: the form to the
                # supervising unit, and the change on the two platforms).
                if taken is None or recipients & taken[0] or variant.id in taken[1]:
                    continue
                assigned.setdefault((variant.id, taken[2]), []).append(event)
                taken = (taken[0] | recipients, taken[1] | {link.id for link in variant.chain}, taken[2])
                continue
            until = takeover - dt.timedelta(days=1) if takeover is not None else None
            if variant.rule.effective_until is not None:
                until = min(until, variant.rule.effective_until) if until is not None else variant.rule.effective_until
            assigned.setdefault((variant.id, until), []).append(event)
            taken = (recipients, frozenset(link.id for link in variant.chain), until)
            takeover = start if takeover is None else min(takeover, start)
            if start == dt.date.min:
                break
    by_id = {v.id: v for v in applicable}
    for (variant_id, until), events in assigned.items():
        variant = by_id[variant_id]
        rule = variant.rule
        changes: dict[str, Any] = {}
        if tuple(events) != tuple(rule.params.events):
            changes["params"] = attrs.evolve(rule.params, events=tuple(events))
        if until != rule.effective_until:
            changes["effective_until"] = until
        yield attrs.evolve(variant, rule=attrs.evolve(rule, **changes)) if changes else variant


def _before(chosen: list[EffectiveRule], applicable: list[EffectiveRule],
            starts: dict[str, dt.date]) -> Iterator[EffectiveRule]:
    """The rules the chosen variants refine, for the days before each refinement came into force
    (their ``effective_until`` the day before): what applied then still judges that time."""
    taken = {v.id for v in chosen}
    for variant in chosen:
        start = starts.get(variant.id, dt.date.min)
        links = {link.id for link in variant.chain[:-1]}
        for ancestor in applicable:  # most specific first
            if ancestor.id in taken or ancestor.id not in links:
                continue
            begun = starts.get(ancestor.id, dt.date.min)
            if begun >= start:
                continue
            until = start - dt.timedelta(days=1)
            if ancestor.rule.effective_until is not None:
                until = min(until, ancestor.rule.effective_until)
            taken.add(ancestor.id)
            yield attrs.evolve(ancestor, rule=attrs.evolve(ancestor.rule, effective_until=until))
            start = begun


def rule_starts(rulebook: Rulebook) -> dict[str, dt.date]:
    """The day each rule of ``rulebook`` came into force, and each rule its rules refine."""
    documents = {d.id: d for d in rulebook.documents}
    starts = {}
    for effective in rulebook:
        rule = effective.rule
        # A rule starts with its document. An overlay rule (a what-if) has no document of its own:
        # it is read as in force as long as the rule it varies, so that a variant is compared with
        # the real rule over the same period.
        start = next((documents[link.document].starts for link in reversed(effective.chain)
                      if link.document in documents), rulebook.on)
        if rule.effective_from:
            start = max(start, rule.effective_from)
        starts[rule.id] = start
        for depth, ancestor in enumerate(effective.chain[:-1], start=1):
            if ancestor.id in starts:
                continue
            begun = next((documents[link.document].starts for link in reversed(effective.chain[:depth])
                          if link.document in documents), rulebook.on)
            if ancestor.effective_from:
                begun = max(begun, ancestor.effective_from)
            starts[ancestor.id] = begun
    return starts


def outside_definition(rulebook: Rulebook) -> dict[Any, EffectiveRule]:
    """Host-unit kinds whose accounts the rulebook's definition of 政务新媒体 leaves out, each with
    the definition that does (``DefinitionParams.outside``): no rule on government new media
    judges such an account."""
    out: dict[Any, EffectiveRule] = {}
    for effective in rulebook:
        params = effective.rule.params
        if isinstance(params, DefinitionParams):
            for kind in params.outside:
                out.setdefault(kind, effective)
    return out
