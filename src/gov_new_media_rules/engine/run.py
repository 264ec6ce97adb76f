"""Running a rulebook over accounts.

For each account and each lineage of checkable rules, the engine picks the most specific variant
that applies to the account (a local refinement over the national rule it refines, as Catala
picks an exception over its general rule) and hands it to the evaluator of its kind. Filing
duties are picked event by event, since a county may set a deadline for opening only. Rules about
several accounts run once at the end, over an index of host units built while accounts stream by.

A fact the facts leave unsaid (a WeChat account's type, its host unit's kind or level) is never
guessed: where it decides which variant applies, the account is judged under every value it could
take, and only what they all agree on is kept (``engine/undetermined.py``).

A year the holiday data lacks never stops a run. The evaluators give what the known days decide
and leave the rest open, naming the missing year (``Finding.calendar_gap``); should one still meet
the end of the data where it did not expect to, its findings for that account and rule are
replaced by one ``insufficient_data`` finding that names the year (:func:`gap_finding`), and every
other finding stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

import attrs

from .. import __version__
from .._gc import gc_paused
from ..calendar import WorkingDayCalendar, default_calendar
from ..composition import EffectiveRule, Rulebook
from ..dates import check_supported
from ..errors import CalendarCoverageError
from ..facts.model import Account
from ..model.params import FilingDeadlineParams, RuleKind
from .context import AccountView, EvaluationContext, UnitIndex, applies, make_finding
from .findings import Finding, Receipt, Report, Status, period_end
from .registry import ACCOUNT_EVALUATORS, UNIT_EVALUATORS
from .scope import Scope
from .selection import outside_definition, plan, rule_starts, select_variants
from .undetermined import Choice, agreed, choose

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


def _judge(
    variant: EffectiveRule, view: AccountView, context: EvaluationContext, whole: EvaluationContext | None = None
) -> list[Finding]:
    """One variant's findings for one account, those of periodic rules inside the report window;
    given ``whole`` (the context opened to the whole history), periodic rules are judged over every
    period the law looks back over, unfiltered. A year the calendar lacks where the evaluator did
    not expect it gives one gap finding instead."""
    evaluator = ACCOUNT_EVALUATORS[variant.rule.kind]
    periodic = variant.rule.kind in PERIODIC_KINDS
    until = variant.rule.effective_until
    if until is not None and not isinstance(variant.rule.params, FilingDeadlineParams) and until < context.as_of:
        # A rule that a later refinement took over judges the time up to then (selection._before),
        # as of its last day; filing duties read effective_until per event themselves.
        if until < context.legal_start(view, variant):
            return []
        context = context.until(until)
        whole = whole.until(until) if whole is not None else None
    try:
        if periodic and whole is not None:
            return list(evaluator(variant, view, whole))
        if periodic:
            return _in_report(evaluator(variant, view, context), context.since)
        return list(evaluator(variant, view, context))
    except CalendarCoverageError as missing:
        return [gap_finding(variant, view.id, missing)]


def _not_government_new_media(definition: EffectiveRule, account: Account) -> Finding:
    """The one finding of an account whose host unit the definition of 政务新媒体 leaves out."""
    return make_finding(
        definition, account.id, Status.NOT_APPLICABLE,
        "主办单位为承担公共服务职能的企事业单位，其账号不属于本规定所称政务新媒体，不按政务新媒体的规定判定"
        "（由行业主管部门指导和监督）。",
        "The host unit is an enterprise or public institution providing public services: its account is not "
        "government new media under the definition, and no rule on government new media judges it.",
        figures={"host_unit_kind": str(account.host_unit_kind)},
    )


def judge_accounts(
    rulebook: Rulebook,
    accounts: Iterable[Account],
    as_of: dt.date,
    calendar: WorkingDayCalendar,
    since: dt.date | None,
    index: UnitIndex,
) -> Iterator[tuple[list[Finding], int]]:
    """The findings of each account in turn, with its count of posts after ``as_of``; the accounts
    that rules about several accounts see are added to ``index`` as they pass. A run over shards
    of the input (engine/parallel.py) calls this on each shard and merges the indexes."""
    context = EvaluationContext(as_of, calendar, since, rule_starts(rulebook))
    whole = context.whole_history()  # where the possible values of an unsaid fact are compared
    lineages, _ = plan(rulebook)
    # Which variants apply depends only on an account's scope (platform, type, form, main, unit
    # kind and level), of which a province has a handful: choose once per scope.
    chosen: dict[Scope, list[Choice]] = {}
    outside = outside_definition(rulebook)
    with gc_paused():
        for account in accounts:
            view = AccountView(account, as_of)
            definition = outside.get(account.host_unit_kind)
            if definition is not None:
                yield [_not_government_new_media(definition, account)], view.posts_after_as_of
                continue
            scope = Scope.of(account)
            plan_for_scope = chosen.get(scope)
            if plan_for_scope is None:
                plan_for_scope = chosen[scope] = [
                    choice for lineage in lineages if (choice := choose(lineage, scope)).variants or choice.alternatives
                ]
            batch: list[Finding] = []
            for choice in plan_for_scope:
                if choice.alternatives:
                    # The possible values are compared on everything they judge; the report
                    # window filters only what is agreed (or not), as for any periodic rule.
                    merged = agreed(choice, view.id, lambda variant: _judge(variant, view, context, whole))
                    periodic = choice.alternatives[0].variants[0].rule.kind in PERIODIC_KINDS
                    batch.extend(_in_report(merged, context.since) if periodic else merged)
                else:
                    for variant in choice.variants:
                        batch.extend(_judge(variant, view, context))
            yield batch, view.posts_after_as_of
            index.add(account)


def judge_units(
    rulebook: Rulebook, index: UnitIndex, as_of: dt.date, calendar: WorkingDayCalendar, since: dt.date | None
) -> Iterator[list[Finding]]:
    """The findings of the rules about several accounts, over the index of every account's unit."""
    context = EvaluationContext(as_of, calendar, since, rule_starts(rulebook))
    _, cross = plan(rulebook)
    for rule in cross:
        try:
            yield list(UNIT_EVALUATORS[rule.rule.kind](rule, index, context))
        except CalendarCoverageError as missing:
            yield [gap_finding(rule, unit_account, missing) for unit_account in index.account_ids()]


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
    index = UnitIndex(as_of)
    for batch, late_posts in judge_accounts(rulebook, accounts, as_of, calendar, since, index):
        yield batch
        stats.late_posts += late_posts
        stats.accounts += 1
        if progress is not None:
            progress(stats.accounts)
    yield from judge_units(rulebook, index, as_of, calendar, since)


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
    check_supported(as_of, path="as_of")
    if since is not None:
        check_supported(since, path="since")
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
