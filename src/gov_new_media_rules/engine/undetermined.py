"""Judging an account whose facts leave unsaid which variant of a rule applies to it.

A WeChat account with no ``account_type`` under 泽州县's rulebook may be a 订阅号 (3 posts a week)
or a 服务号 (1 a week); a Huzhou account with no ``host_unit_level`` may be a 基层 account under the
city's guide or a city-level one under the national rules the guide displaces for 基层 accounts.
Guessing either is the worst kind of error this library can make. So, where an unsaid fact decides
which variants apply (:func:`choose`), the account is judged under each possible choice and only
what every choice agrees on is kept (:func:`agreed`):

- the most specific choice speaks: each of its findings is kept when every other choice gives the
  same status on the days it speaks for (or for the same event), noting that the fact was not given
  and did not matter;
- a finding some choice contradicts on all its days is replaced by an ``insufficient_data`` finding
  that names the missing fact and says what each possible value would give; one contradicted on
  some of its days stands for the others (its period narrowed to them, its original period kept
  in the figures), and each run of disputed days gets such a finding;
- days on which only another choice speaks, and may find a fault (a violation, a lack of data),
  become ``insufficient_data`` findings too: the first choice's silence is no verdict.

On each day the narrowest finding of a choice speaks for it (a failed week inside a span of compliant
weeks), as a reader takes it. A choice under which no variant applies says ``not_applicable``. Agreement
is on the status only: a compliant week is compliant whichever minimum applied. What the account could
be is taken from the facts' vocabulary (``scope.OPEN_FIELDS``), and only the fields the lineage's rules
ask about are enumerated, so the work grows with the rules that name such a fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ..composition import EffectiveRule
from ..model.labels import ACCOUNT_TYPE_ZH, SCOPE_FIELD_ZH as FIELD_ZH, UNIT_KIND_ZH, UNIT_LEVEL_ZH
from .context import make_finding
from .findings import Finding, Status, period_end, period_start
from .scope import Scope, asks_about
from .selection import Lineage, select_variants

__all__ = ["Alternative", "Choice", "choose", "agreed"]

_VALUE_ZH = {"account_type": ACCOUNT_TYPE_ZH, "host_unit_kind": UNIT_KIND_ZH, "host_unit_level": UNIT_LEVEL_ZH}
_STATUS_ZH = {
    Status.COMPLIANT: "符合",
    Status.VIOLATION: "违反",
    Status.PENDING: "尚未到期",
    Status.NOT_APPLICABLE: "不适用",
    Status.INSUFFICIENT_DATA: "数据不足",
}


@attrs.frozen
class Alternative:
    """The variants that apply under some of the values an unsaid fact could take."""

    scopes: tuple[Scope, ...]
    variants: tuple[EffectiveRule, ...]


@attrs.frozen
class Choice:
    """What judges an account of one scope under one lineage: its variants, or, when an unsaid
    fact decides them, the alternatives its possible values give (``missing`` names the facts)."""

    variants: tuple[EffectiveRule, ...] = ()
    missing: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()


def _signature(variants: Sequence[EffectiveRule]) -> tuple[Any, ...]:
    # select_variants narrows filing duties to events and days: the same ids may govern differently.
    return tuple((v.id, v.rule.effective_until, getattr(v.rule.params, "events", None)) for v in variants)


def choose(lineage: Lineage, scope: Scope) -> Choice:
    """The variants of ``lineage`` for an account of ``scope``, or the alternatives when a fact
    the facts leave unsaid decides them."""
    asked = frozenset().union(*(asks_about(v.rule.applies_to) for v in lineage.variants))
    missing = tuple(f for f in scope.unsaid() if f in asked)
    if not missing:
        return Choice(tuple(select_variants(lineage, scope)))
    groups: dict[tuple[Any, ...], tuple[list[Scope], tuple[EffectiveRule, ...]]] = {}
    for completed in scope.completions(missing):
        variants = tuple(select_variants(lineage, completed))
        groups.setdefault(_signature(variants), ([], variants))[0].append(completed)
    if len(groups) == 1:
        (_, variants), = groups.values()
        return Choice(variants)
    # Most specific choice first: the one whose first variant is deepest in the lineage.
    order = {v.id: i for i, v in enumerate(lineage.variants)}
    alternatives = sorted(
        (Alternative(tuple(scopes), variants) for scopes, variants in groups.values()),
        key=lambda a: min((order.get(v.id, len(order)) for v in a.variants), default=len(order)),
    )
    return Choice((), missing, tuple(alternatives))


def _span(finding: Finding) -> tuple[dt.date, dt.date] | None:
    """The days a periodic finding speaks for (a week, a run of weeks, a silence), else None."""
    start, end = period_start(finding.period), period_end(finding.period)
    return (start, end) if start is not None and end is not None else None


def _key(finding: Finding) -> tuple[Any, ...]:
    """What a finding without a period is about: the event occurrence it judges, or the account."""
    figures = finding.figures
    return (finding.period, figures.get("event"), figures.get("event_on"))


class _Outcome:
    """One alternative's findings, asked what they say about given days or a given event.

    A periodic rule may give one finding for a span of compliant weeks and one for each failed week
    inside it: on each day the narrowest finding speaks (``painted``), as a reader would take it.
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = findings
        self.painted: dict[dt.date, tuple[Status, int]] = {}
        spans = [(span, i) for i, f in enumerate(findings) if (span := _span(f)) is not None]
        for (start, end), index in sorted(spans, key=lambda item: item[0][0] - item[0][1]):  # widest first
            status = findings[index].status
            day = start
            while day <= end:
                self.painted[day] = (status, index)
                day += _DAY
        self.keyed: dict[tuple[Any, ...], list[Status]] = {}
        for finding in findings:
            if _span(finding) is None:
                self.keyed.setdefault(_key(finding), []).append(finding.status)

    def own_days(self, index: int) -> list[dt.date]:
        """The days on which finding ``index`` of this outcome is the one that speaks."""
        span = _span(self.findings[index])
        if span is None:
            return []
        days, day = [], span[0]
        while day <= span[1]:
            if self.painted.get(day, (None, -1))[1] == index:
                days.append(day)
            day += _DAY
        return days

    def says(self, finding: Finding, days: Sequence[dt.date]) -> bool:
        """Does this outcome give ``finding``'s status on ``days`` (or, for a finding without a
        period, for the same event)? Where it gives nothing, it says not applicable."""
        if _span(finding) is None:
            return (sorted(self.keyed.get(_key(finding), ())) or [Status.NOT_APPLICABLE]) == [finding.status]
        missing = (Status.NOT_APPLICABLE, -1)
        return all(self.painted.get(day, missing)[0] is finding.status for day in days)

    def statuses(self, days: Sequence[dt.date], key: tuple[Any, ...] | None) -> list[Status]:
        """What this outcome gives on ``days`` or for the event ``key``, in order of appearance."""
        found: list[Status] = []
        given = self.keyed.get(key, ()) if key is not None else (self.painted.get(d, (Status.NOT_APPLICABLE, -1))[0] for d in days)
        for status in given:
            if status not in found:
                found.append(status)
        return found or [Status.NOT_APPLICABLE]


_DAY = dt.timedelta(days=1)
_ACTIONABLE = frozenset({Status.VIOLATION, Status.INSUFFICIENT_DATA})


def _values_zh(alternative: Alternative, missing: Sequence[str]) -> str:
    parts = []
    for field in missing:
        values = []
        for scope in alternative.scopes:
            value = getattr(scope, field)
            label = _VALUE_ZH[field].get(str(value), str(value))
            if label not in values:
                values.append(label)
        parts.append(f"{FIELD_ZH[field]}为{'、'.join(values)}")
    return "，".join(parts)


def agreed(
    choice: Choice,
    account_id: str,
    judge: Callable[[EffectiveRule], list[Finding]],
) -> list[Finding]:
    """The findings every alternative of ``choice`` agrees on; ``insufficient_data`` findings, one
    per period (or event) on which they do not. ``judge`` evaluates one variant.

    The most specific alternative speaks: each of its findings is kept when every other
    alternative gives the same status on the days it speaks for (or for the same event), and is
    replaced by an ``insufficient_data`` finding otherwise; where only some of its days are
    disputed, it stands for the others (narrowed to them) and each run of disputed days gets an
    ``insufficient_data`` finding of its own. Days on which only the others speak, and may find a fault, become
    ``insufficient_data`` findings too."""
    outcomes = [_Outcome([f for v in alternative.variants for f in judge(v)]) for alternative in choice.alternatives]
    first, others = outcomes[0], outcomes[1:]
    missing = choice.missing
    named = "、".join(FIELD_ZH[f] for f in missing)
    kept: list[Finding] = []
    for index, finding in enumerate(first.findings):
        if _span(finding) is None:
            if all(other.says(finding, ()) for other in others):
                kept.append(_noted(finding, missing, named))
            else:
                kept.append(_undecided(choice, account_id, outcomes, finding.period, (), _key(finding)))
            continue
        days = first.own_days(index)
        disputed = [d for d in days if not all(other.says(finding, (d,)) for other in others)]
        if not disputed:
            kept.append(_noted(finding, missing, named))
        elif len(disputed) == len(days):
            kept.append(_undecided(choice, account_id, outcomes, finding.period, days, None))
        else:
            # Part of the finding's days are agreed: it stands for them, its period narrowed to
            # each run of agreed days, and each run of disputed days gets an insufficient_data
            # finding of its own, so that no two findings of the lineage speak for the same day.
            taken = set(disputed)
            agreed_runs = _runs([d for d in days if d not in taken])
            disputed_runs = _runs(disputed)
            shown = "、".join(f"{a.isoformat()}至{b.isoformat()}" if a != b else a.isoformat() for a, b in disputed_runs)
            for start, end in agreed_runs:
                kept.append(attrs.evolve(
                    _noted(finding, missing, named),
                    period=f"{start.isoformat()}/{end.isoformat()}",
                    message_zh=f"{finding.message_zh}（其中{shown}的结论取决于未提供的{named}，另行列出；本条结论适用于"
                               f"{start.isoformat()}至{end.isoformat()}）",
                    message_en=f"{finding.message_en} (for {start.isoformat()} to {end.isoformat()}; the rest depends on "
                               f"{', '.join(missing)}, not given, and is listed apart)",
                    figures={**finding.figures, "unsaid": list(missing), "period_as_judged": finding.period},
                ))
            for start, end in disputed_runs:
                run = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
                kept.append(_undecided(choice, account_id, outcomes, f"{start.isoformat()}/{end.isoformat()}", run, None))
    # What only the others speak of (days outside the first's findings, events it does not judge)
    # matters where they may find a fault: the first's silence is no verdict to contradict.
    silent: list[dt.date] = []
    keys: list[tuple[Any, ...]] = []
    for other in others:
        for index, finding in enumerate(other.findings):
            if _span(finding) is None:
                key = _key(finding)
                if key not in first.keyed and key not in keys and finding.status in _ACTIONABLE:
                    keys.append(key)
                continue
            for day in other.own_days(index):
                if day not in first.painted and finding.status in _ACTIONABLE:
                    silent.append(day)
    for start, end in _runs(sorted(set(silent))):
        days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
        kept.append(_undecided(choice, account_id, outcomes, f"{start.isoformat()}/{end.isoformat()}", days, None))
    for key in keys:
        kept.append(_undecided(choice, account_id, outcomes, key[0], [], key))
    return kept


def _noted(finding: Finding, missing: Sequence[str], named: str) -> Finding:
    """A finding every possible value agrees on, saying that the fact was not given."""
    return attrs.evolve(
        finding,
        message_zh=f"{finding.message_zh}（{named}未提供；按其各种可能取值结论相同）",
        message_en=f"{finding.message_en} ({', '.join(missing)} not given; every possible value gives the same result)",
        figures={**finding.figures, "unsaid": list(missing)},
    )


def _runs(days: Sequence[dt.date]) -> list[tuple[dt.date, dt.date]]:
    runs: list[tuple[dt.date, dt.date]] = []
    for day in days:
        if runs and day - runs[-1][1] == _DAY:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _undecided(
    choice: Choice,
    account_id: str,
    outcomes: Sequence[_Outcome],
    period: str | None,
    days: Sequence[dt.date],
    key: tuple[Any, ...] | None,
) -> Finding:
    """``insufficient_data`` for a period (its ``days``) or an event (``key``) on which the
    alternatives disagree, saying what each would give."""
    missing = choice.missing
    named = "、".join(FIELD_ZH[f] for f in missing)
    branches_zh = []
    branches_en = []
    alternatives: list[dict[str, Any]] = []
    for alternative, outcome in zip(choice.alternatives, outcomes):
        statuses = outcome.statuses(days, key)
        ids = [v.id for v in alternative.variants]
        rule_zh = f"适用{'、'.join(ids)}" if ids else "无适用规定"
        branches_zh.append(f"若{_values_zh(alternative, missing)}，{rule_zh}，结论为{'、'.join(_STATUS_ZH[s] for s in statuses)}")
        branches_en.append(f"{', '.join(ids) or 'no rule'}: {', '.join(statuses)}")
        alternatives.append({
            "values": [{f: str(getattr(s, f)) for f in missing} for s in alternative.scopes],
            "rules": ids,
            "statuses": [str(s) for s in statuses],
        })
    figures: dict[str, Any] = {"missing": list(missing), "alternatives": alternatives}
    if key is not None:
        if key[1] is not None:
            figures["event"] = key[1]
        if key[2] is not None:
            figures["event_on"] = key[2]
    return make_finding(
        choice.alternatives[0].variants[0], account_id, Status.INSUFFICIENT_DATA,
        f"适用哪项规定取决于未提供的{named}，而各种可能结论不同：{'；'.join(branches_zh)}。请补充{named}。",
        f"Which rule applies depends on {', '.join(missing)}, which the facts do not give, and the possible "
        f"values disagree ({'; '.join(branches_en)}): give {', '.join(missing)}.",
        period=period,
        figures=figures,
    )
