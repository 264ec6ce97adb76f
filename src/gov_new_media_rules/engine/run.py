"""Running a rulebook over accounts.

For each account and each lineage of checkable rules, the engine picks the most specific variant
that applies to the account (a local refinement over the national rule it refines, as Catala
picks an exception over its general rule) and hands it to the evaluator of its kind. Filing
duties are picked event by event, since a county may set a deadline for opening only. Rules about
several accounts run once at the end, over an index of host units built while accounts stream by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from .. import __version__
from ..calendar import WorkingDayCalendar, default_calendar
from ..composition import EffectiveRule, Rulebook
from ..facts.model import Account
from ..model.params import FilingDeadlineParams
from ..model.vocab import Strength
from .context import AccountView, EvaluationContext, UnitIndex, applies
from .findings import Finding, Receipt, Report
from .registry import ACCOUNT_EVALUATORS, UNIT_EVALUATORS

__all__ = ["applies", "evaluate", "plan", "select_variants"]

Progress = Callable[[int], None]


@attrs.frozen
class Lineage:
    """The checkable variants of one rule lineage, most specific first."""

    root: str
    variants: tuple[EffectiveRule, ...]
    by_event: bool  # filing duties: pick a variant per event


def plan(rulebook: Rulebook) -> tuple[tuple[Lineage, ...], tuple[EffectiveRule, ...]]:
    """Which lineages the engine evaluates per account, and which rules run across accounts."""
    groups: dict[str, list[EffectiveRule]] = {}
    for effective in rulebook:
        rule = effective.rule
        if not rule.checkable or rule.strength is Strength.ENCOURAGED:
            continue
        groups.setdefault(effective.lineage, []).append(effective)
    lineages = []
    cross: list[EffectiveRule] = []
    for root, variants in groups.items():
        kind = variants[0].rule.kind
        if kind in UNIT_EVALUATORS:
            cross.extend(variants)
        if kind in ACCOUNT_EVALUATORS:
            ordered = tuple(sorted(variants, key=lambda v: -len(v.chain)))
            lineages.append(Lineage(root, ordered, isinstance(variants[0].rule.params, FilingDeadlineParams)))
    return tuple(lineages), tuple(cross)


def select_variants(lineage: Lineage, account: Account) -> Iterator[EffectiveRule]:
    """The most specific applicable variant(s); for filing duties, one per event type."""
    applicable = [v for v in lineage.variants if applies(v.rule.applies_to, account)]
    if not applicable:
        return
    if not lineage.by_event:
        depth = len(applicable[0].chain)
        chosen = [v for v in applicable if len(v.chain) == depth]
        by_id = {v.id: v for v in applicable}
        for variant in list(chosen):
            # A refinement that cannot be ranked against its base applies alongside it.
            while variant.keeps_base and variant.refines in by_id:
                variant = by_id[variant.refines]
                chosen.append(variant)
        yield from chosen
        return
    assigned: dict[str, list[Any]] = {}
    order: list[str] = []
    for variant in applicable:  # most specific first: the first variant naming an event takes it
        for event in variant.rule.params.events:
            if any(event in events for events in assigned.values()):
                continue
            if variant.id not in assigned:
                assigned[variant.id] = []
                order.append(variant.id)
            assigned[variant.id].append(event)
    by_id = {v.id: v for v in applicable}
    for variant_id in order:
        variant = by_id[variant_id]
        events = tuple(assigned[variant_id])
        if events == tuple(variant.rule.params.events):
            yield variant
        else:
            params = attrs.evolve(variant.rule.params, events=events)
            yield attrs.evolve(variant, rule=attrs.evolve(variant.rule, params=params))


def _rule_starts(rulebook: Rulebook) -> dict[str, dt.date]:
    documents = {d.id: d for d in rulebook.documents}
    starts = {}
    for effective in rulebook:
        rule = effective.rule
        document = documents.get(rule.document)
        start = document.starts if document else rulebook.on
        if rule.effective_from:
            start = max(start, rule.effective_from)
        starts[rule.id] = start
    return starts


def receipt_for(rulebook: Rulebook, calendar: WorkingDayCalendar, as_of: dt.date) -> Receipt:
    return Receipt(
        library_version=__version__,
        documents={d.id: d.encoding_version for d in rulebook.documents},
        calendar=calendar.data_version,
        rulebook=rulebook.fingerprint(),
        as_of=as_of,
        overlays=rulebook.overlays,
    )


def evaluate(
    rulebook: Rulebook,
    accounts: Iterable[Account],
    as_of: dt.date | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    since: dt.date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Findings for every account under every checkable rule of ``rulebook``.

    ``accounts`` may be a generator (JSON Lines): each account is evaluated and dropped, and only
    a small summary of it is kept for the rules about several accounts.
    """
    as_of = as_of or rulebook.on
    calendar = calendar or default_calendar()
    context = EvaluationContext(as_of, calendar, since, _rule_starts(rulebook))
    lineages, cross = plan(rulebook)
    findings: list[Finding] = []
    index = UnitIndex(as_of)
    late_posts = 0
    count = 0
    for account in accounts:
        view = AccountView(account, as_of)
        for lineage in lineages:
            for variant in select_variants(lineage, account):
                findings.extend(ACCOUNT_EVALUATORS[variant.rule.kind](variant, view, context))
        index.add(account)
        late_posts += view.posts_after_as_of
        count += 1
        if progress is not None:
            progress(count)
    for rule in cross:
        findings.extend(UNIT_EVALUATORS[rule.rule.kind](rule, index, context))
    notes = []
    if late_posts:
        notes.append(f"{late_posts} posts dated after as_of {as_of.isoformat()} were left out")
    return Report(rulebook.jurisdiction.id, as_of, tuple(findings), receipt_for(rulebook, calendar, as_of), tuple(notes))
