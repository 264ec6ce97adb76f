"""Running a rulebook over accounts.

For each account and each lineage of checkable rules, the engine picks the most specific variant
that applies to the account (a local refinement over the national rule it refines, as Catala
picks an exception over its general rule) and hands it to the evaluator of its kind. Filing
duties are picked event by event, since a county may set a deadline for opening only. Rules about
several accounts run once at the end, over an index of host units built while accounts stream by.

A year the holiday data lacks never stops a run. The evaluators give what the known days decide
and leave the rest open, naming the missing year (``Finding.calendar_gap``); should one still meet
the end of the data where it did not expect to, its findings for that account and rule are
replaced by one ``insufficient_data`` finding that names the year (:func:`gap_finding`), and every
other finding stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from .. import __version__
from .._gc import gc_paused
from ..calendar import WorkingDayCalendar, default_calendar
from ..composition import EffectiveRule, Rulebook
from ..errors import CalendarCoverageError
from ..facts.model import Account
from ..model.params import FilingDeadlineParams, RuleKind
from ..model.vocab import Strength
from .context import AccountView, EvaluationContext, UnitIndex, applies, make_finding
from .findings import Finding, Receipt, Report, Status, period_end
from .registry import ACCOUNT_EVALUATORS, UNIT_EVALUATORS

__all__ = ["RunStats", "applies", "evaluate", "iter_findings", "plan", "select_variants"]

Progress = Callable[[int], None]

# Rules judged period by period: the report window (``since``) decides which of their periods are
# printed. What every rule looks back over is its own (EvaluationContext.legal_start).
PERIODIC_KINDS = frozenset({RuleKind.POSTING_FREQUENCY, RuleKind.ORIGINAL_POSTS, RuleKind.MAX_INACTIVITY})


def _in_report(findings: Iterable[Finding], since: dt.date) -> list[Finding]:
    """The findings of a periodic rule whose periods end on or after ``since``."""
    out = []
    for finding in findings:
        end = period_end(finding.period)
        if end is None or end >= since:
            out.append(finding)
    return out


@attrs.frozen
class Lineage:
    """The checkable variants of one rule lineage, most specific first."""

    root: str
    variants: tuple[EffectiveRule, ...]
    by_event: bool  # filing duties: pick a variant per event
    # Filing duties: the day each variant (and each ancestor it refines) came into force, so that
    # an event is judged by the variant in force on the event's day.
    starts: tuple[tuple[str, dt.date], ...] = ()


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
    lineages = []
    cross: list[EffectiveRule] = []
    starts = _rule_starts(rulebook)
    for root, variants in groups.items():
        kind = variants[0].rule.kind
        if kind in UNIT_EVALUATORS:
            cross.extend(variants)
        if kind in ACCOUNT_EVALUATORS:
            by_event = isinstance(variants[0].rule.params, FilingDeadlineParams)
            if by_event:
                # A refinement's ancestors judge the events before it came into force.
                known = {v.id for v in variants}
                for variant in list(variants):
                    for ancestor in _ancestors(variant):
                        if ancestor.id not in known and ancestor.rule.checkable:
                            known.add(ancestor.id)
                            variants.append(ancestor)
            if by_event:
                # Most specific first; at the same depth the variant naming fewer events (the
                # narrower refinement, e.g. 长春新区 第十三条 for closures beside 第十二条) first.
                ordered = tuple(sorted(variants, key=lambda v: (-len(v.chain), len(v.rule.params.events))))
            else:
                ordered = tuple(sorted(variants, key=lambda v: -len(v.chain)))
            lineage_starts = tuple((v.id, starts.get(v.id, dt.date.min)) for v in ordered) if by_event else ()
            lineages.append(Lineage(root, ordered, by_event, lineage_starts))
    return tuple(lineages), tuple(cross)


def select_variants(lineage: Lineage, account: Account) -> Iterator[EffectiveRule]:
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
    if not lineage.by_event:
        depth = len(applicable[0].chain)
        chosen = [v for v in applicable if len(v.chain) == depth]
        by_id = {v.id: v for v in applicable}
        for variant in list(chosen):
            # A refinement that cannot be ranked against its base applies beside it, and so do
            # its further refinements (EffectiveRule.alongside).
            chosen.extend(by_id[other] for other in variant.alongside if other in by_id and by_id[other] not in chosen)
        yield from chosen
        return
    starts = dict(lineage.starts)
    # (variant id, last day it governs or None) -> events, in order of first assignment
    assigned: dict[tuple[str, dt.date | None], list[Any]] = {}
    events_seen: list[Any] = []
    for variant in applicable:
        for event in variant.rule.params.events:
            if event not in events_seen:
                events_seen.append(event)
    for event in events_seen:
        takeover: dt.date | None = None  # the earliest day a more specific variant took this event
        for variant in applicable:  # most specific first
            if event not in variant.rule.params.events:
                continue
            start = starts.get(variant.id, dt.date.min)
            if takeover is not None and start >= takeover:
                continue
            until = takeover - dt.timedelta(days=1) if takeover is not None else None
            if variant.rule.effective_until is not None:
                until = min(until, variant.rule.effective_until) if until is not None else variant.rule.effective_until
            assigned.setdefault((variant.id, until), []).append(event)
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


def _rule_starts(rulebook: Rulebook) -> dict[str, dt.date]:
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


def receipt_for(
    rulebook: Rulebook, calendar: WorkingDayCalendar, as_of: dt.date, stats: RunStats | None = None
) -> Receipt:
    """What produced a report; with the run's ``stats``, also which years the calendar lacked."""
    return Receipt(
        library_version=__version__,
        documents={d.id: d.encoding_version for d in rulebook.documents},
        calendar=calendar.data_version,
        rulebook=rulebook.fingerprint(),
        as_of=as_of,
        overlays=rulebook.overlays,
        calendar_sources=calendar.sources(),
        calendar_gaps=dict(stats.calendar_gaps) if stats is not None else {},
    )


def gap_finding(rule: EffectiveRule, account_id: str, missing: CalendarCoverageError) -> Finding:
    """What an account gets under a rule whose evaluation needed a year the calendar lacks."""
    year = missing.year
    return make_finding(
        rule, account_id, Status.INSUFFICIENT_DATA,
        f"判断需要{year}年的节假日安排（国务院办公厅通知），日历数据尚未包含该年，暂不能判断。"
        "可登记该年安排（gnmr calendar register）或使用临时口径（--provisional）。",
        f"Judging this needs the {year} holiday schedule (the State Council's notice), which the calendar data "
        "does not include yet; register that year (gnmr calendar register) or use --provisional.",
        figures={"missing_year": year},
        calendar_gap=year,
    )


@attrs.define
class RunStats:
    """What a streaming evaluation learns on the way, for the report's notes and summary."""

    accounts: int = 0
    late_posts: int = 0
    counts: dict[str, int] = attrs.field(factory=lambda: {status.value: 0 for status in Status})
    calendar_gaps: dict[int, int] = attrs.field(factory=dict)  # missing year -> findings it left open
    provisional: int = 0  # findings that rest on provisional days

    def count(self, finding: Finding) -> None:
        self.counts[finding.status] += 1
        gap = finding.calendar_gap
        if gap is not None:
            self.calendar_gaps[gap] = self.calendar_gaps.get(gap, 0) + 1
        if finding.provisional:
            self.provisional += 1

    def notes(self, as_of: dt.date) -> tuple[str, ...]:
        notes = []
        if self.late_posts:
            notes.append(f"{self.late_posts} posts dated after as_of {as_of.isoformat()} were left out")
        for year, n in sorted(self.calendar_gaps.items()):
            notes.append(f"{n} findings need the {year} holiday schedule, not yet in the calendar data: "
                         "left open (register the year, or use --provisional)")
        if self.provisional:
            notes.append(f"{self.provisional} findings rest on provisional days (statutory holidays only)")
        return tuple(notes)


def _batches(
    rulebook: Rulebook,
    accounts: Iterable[Account],
    as_of: dt.date,
    calendar: WorkingDayCalendar,
    since: dt.date | None,
    progress: Progress | None,
    stats: RunStats,
) -> Iterator[list[Finding]]:
    """The findings of each account in turn, then those of the rules about several accounts."""
    context = EvaluationContext(as_of, calendar, since, _rule_starts(rulebook))
    lineages, cross = plan(rulebook)
    index = UnitIndex(as_of)
    # Which variants apply depends only on an account's kind (platform, type, form, main, unit
    # kind), of which a province has a handful: choose once per kind.
    chosen: dict[tuple[Any, ...], list[tuple[Any, EffectiveRule]]] = {}
    with gc_paused():
        for account in accounts:
            view = AccountView(account, as_of)
            key = (account.platform, account.account_type, account.content_form, account.main_account, account.host_unit_kind)
            plan_for_kind = chosen.get(key)
            if plan_for_kind is None:
                plan_for_kind = chosen[key] = [
                    (ACCOUNT_EVALUATORS[v.rule.kind], v) for lineage in lineages for v in select_variants(lineage, account)
                ]
            batch: list[Finding] = []
            for evaluator, variant in plan_for_kind:
                mark = len(batch)
                try:
                    if variant.rule.kind in PERIODIC_KINDS:
                        batch.extend(_in_report(evaluator(variant, view, context), context.since))
                    else:
                        batch.extend(evaluator(variant, view, context))
                except CalendarCoverageError as missing:
                    del batch[mark:]
                    batch.append(gap_finding(variant, view.id, missing))
            yield batch
            index.add(account)
            stats.late_posts += view.posts_after_as_of
            stats.accounts += 1
            if progress is not None:
                progress(stats.accounts)
    for rule in cross:
        try:
            yield list(UNIT_EVALUATORS[rule.rule.kind](rule, index, context))
        except CalendarCoverageError as missing:
            yield [gap_finding(rule, unit_account, missing) for unit_account in index.account_ids()]


def iter_findings(
    rulebook: Rulebook,
    accounts: Iterable[Account],
    as_of: dt.date,
    *,
    calendar: WorkingDayCalendar | None = None,
    since: dt.date | None = None,
    progress: Progress | None = None,
    stats: RunStats | None = None,
) -> Iterator[Finding]:
    """Findings one account at a time, as ``accounts`` are read.

    With a generator of accounts (JSON Lines) and a consumer that writes findings out as they
    come, memory holds one account and its findings at a time, plus a few words per account for
    the rules about several accounts, which run at the end.
    """
    stats = stats if stats is not None else RunStats()
    count = stats.count
    for batch in _batches(rulebook, accounts, as_of, calendar or default_calendar(), since, progress, stats):
        for finding in batch:
            count(finding)
        yield from batch


def evaluate(
    rulebook: Rulebook,
    accounts: Iterable[Account],
    as_of: dt.date | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    since: dt.date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Findings for every account under every checkable rule of ``rulebook``, as a ``Report``.

    ``accounts`` may be a generator (JSON Lines); to also stream the findings out, use
    ``iter_findings``.
    """
    as_of = as_of or rulebook.on
    calendar = calendar or default_calendar()
    stats = RunStats()
    findings = tuple(iter_findings(rulebook, accounts, as_of, calendar=calendar, since=since, progress=progress, stats=stats))
    return Report(rulebook.jurisdiction.id, as_of, findings, receipt_for(rulebook, calendar, as_of, stats), stats.notes(as_of))
