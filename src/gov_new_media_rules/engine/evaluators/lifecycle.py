"""An account's life: filings after lifecycle events, closure notices, bans on re-opening, and the
"notice → interview → shut down" ladder.

Interpretations implemented here (each also stated on the rules in ``policies/``):

``filing_deadline`` — one finding per (rule, occurrence of an event, recipient), ``period``
``"<event> <date> → <recipient>"``. The engine hands over the variant restricted to the events it
governs for the account, and to the days it governs them (``select_variants``: per event, the most
specific applicable variant in force on the occurrence's day; the last day a variant governs before
a more specific one came into force is handed over as its ``effective_until``).

* Occurrences are the account's ``events`` of those types dated from the rule's start
  (``context.rule_start``) to the earlier of ``as_of`` and ``effective_until``; the same type on the
  same day counts once. ``opened_on`` is an opening whether or not ``account_opened`` events are
  given too (a later event is a re-opening, with its own filing).
* One filing answers one occurrence (``match_filings``), over all occurrences of the type up to
  ``as_of`` (also those before the rule's start, so that a filing spent on them is not counted
  again): a filing with ``event_on`` answers that occurrence only (the earliest such filing if
  several name it); the others, in filing order, answer the latest unanswered occurrence on or before
  their filing day, or failing that — where a filing may precede its event (``advance_allowed``: the
  supervising unit, to which forms go before the event; any recipient under ``before`` /
  ``same_day``) — the earliest unanswered occurrence after it. Filings after ``as_of`` are not seen.
* When it is due is the recipient's ``timing`` (``FilingDeadlineParams.timing_for``):
  ``after`` — "N个工作日内" after the event: the event day not counted, the N-th working day after it
  the last day, inclusive, makeup working days counted (``deadlines.due_after``); calendar units
  count days. ``before`` (变更前 / 注销前 / 先…再…) and ``same_day`` (同步) — due on the event day at
  the latest (facts hold days, not times: a filing on the event day is given the benefit of the
  doubt); later is late, by the working days after the event day. ``promptly`` (及时) and ``none``
  (no time stated: 国办 "应向主管单位备案", 湖州 7.4.(4)) — filed is compliant, not filed is pending,
  never a violation; the message says which.
* Filed by the due date: compliant. Filed later: violation (late; figures ``filed_on``, ``due``
  and the working days late). Not filed: pending while ``as_of`` is on or before the due date,
  violation (missing) after it.
* ``announce_publicly`` (国办 "并向社会公告", 长春新区 第十三条, 湖州 7.4.(1), 泽州县 二.(三)): one more
  finding per occurrence, recipient ``public``. The evidence is a ``closure_announced`` event: for a
  host-unit change one dated on or after the change, or a ``change_announced`` event (the account
  carries on under its new host unit and announces the change; no stop-update period); for any
  other event the first one after the
  previous occurrence of the same type (before or after the event: a closure notice precedes the
  closure). Judged against ``announce_timing`` (``before``: on the event day at the latest), else the
  rule's timing; with ``announce_from = "filing"`` (泽州县 二.(三) "先……报送……并在2个工作日内……发布
  关停公告") the notice is due within ``announce_within`` after the supervising-unit filing matched to
  the occurrence, and a notice before that filing, or no filing, breaks "先".
* A host-unit change under a rule that pairs it with a public notice (国办 四.(一) "应及时注销或变更
  账号信息，并向社会公告", cn.filing.host-unit-change) also needs the account to be cancelled or
  its information changed: one more finding, recipient ``account``, met by an ``account_cancelled``
  or ``account_info_changed`` event dated on or after the change. "及时" (``promptly``): pending
  until it happens, never a violation.
* Citations (``filing_citations``): the sources whose ``covers`` name the finding's event (or no
  event) and its recipient (or no recipient), those naming both first; with none, the primary one.

``announcement_period`` (长春新区 第十三条 "公告时间不少于15个工作日"): the notice runs before the
shut-down or cancellation, so each ``account_shut_down`` / ``account_cancelled`` on or after the
rule's start is judged against the first ``closure_announced`` after the previous closure event of
the same type, up to the closure day. The end of the period is ``closure_allowed``: with
``after_period`` (the default) the notice day is not counted and the N working days after it must
all have passed in full, so the earliest closure is the day after ``add_working_days(announced, N)``
(a closure on the N-th working day is early); with ``on_last_day`` it is the N-th working day
itself. Earlier is a violation, on or after is compliant, and a closure with no notice before it is
a violation. A notice with no closure after it yet is pending until that earliest day and compliant
from it (figures ``earliest_closure``).

``reopen_ban`` (湖州 7.5 "原则上1年内不可再申请新开账号"): the year runs from the day a clean-up
cancellation completed (an ``account_cancelled`` event with ``reason = "cleanup"``) to the
corresponding day a year later, inclusive (民法典 第二百零二条). Facts hold no applications, so
another account of the same host unit opened in that window is the breach, reported on the new
account ("原则上": still evaluated, and the message says so). With no such account, the cancelled
account gets a compliant finding whose ``due`` is the ban's last day. Accounts of the unit with no
known opening day are ``insufficient_data``. Runs over the ``UnitIndex`` and needs two fields of
``AccountSummary`` (``opened_on``, ``cleanup_cancelled_on``).

``escalation_ladder`` (高县 七.(三)): every public notice (通报) naming the account, at any level,
counts once, cumulatively from the rule's start with no yearly reset; interviews and shut-downs
are read from the facts. Fewer notices than ``interview_after_problems``: compliant. The
threshold reached and no interview on or after the notice that reached it: violation (interview
due). An interview held and no later notice: pending (under watch). Notices after the interview:
whether rectification is "still inadequate" is a judgement the rule's interpretation says the
library does not make, so this is ``insufficient_data`` with the figures (not a violation). A
shut-down or cancellation on or after the last step completes the ladder: compliant.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any


from ...composition import EffectiveRule
from ...facts.model import Account, Filing
from ...model.params import AnnounceStart, ClosureAllowed, Duration, DurationUnit, EscalationStep, FilingTiming, RuleKind
from ...errors import CalendarCoverageError
from ...model.labels import SCOPE_FIELD_ZH as FIELD_ZH
from ...model.vocab import EventType, FilingRecipient
from ..context import applies, AccountView, EvaluationContext, UnitIndex, citations, make_finding
from ..deadlines import Due, due_after
from ..filing_sources import ACCOUNT_ACTION, PUBLIC, filing_citations
from ..findings import Finding, Status
from ..live import ladder_ends_with_the_account
from ..registry import account_evaluator, unit_evaluator
from ..scope import undecided

__all__ = ["CLEANUP_REASON", "PUBLIC", "ACCOUNT_ACTION", "advance_allowed", "filing_citations", "match_filings"]

CLEANUP_REASON = "cleanup"

_E = EventType
_CLOSURES = (_E.ACCOUNT_SHUT_DOWN, _E.ACCOUNT_CANCELLED)

EVENT_ZH = {
    _E.ACCOUNT_OPENED: "开设",
    _E.ACCOUNT_INFO_CHANGED: "账号信息变更",
    _E.HOST_UNIT_CHANGED: "主办单位变化",
    _E.STAFF_CHANGED: "分管领导或管理员变动",
    _E.CLOSURE_ANNOUNCED: "发布停更（关停）公告",
    _E.CHANGE_ANNOUNCED: "发布变更公告",
    _E.ACCOUNT_SHUT_DOWN: "关停",
    _E.ACCOUNT_CANCELLED: "注销",
}
EVENT_EN = {
    _E.ACCOUNT_OPENED: "opening",
    _E.ACCOUNT_INFO_CHANGED: "account-information change",
    _E.HOST_UNIT_CHANGED: "host-unit change",
    _E.STAFF_CHANGED: "staff change",
    _E.CLOSURE_ANNOUNCED: "closure notice",
    _E.CHANGE_ANNOUNCED: "notice of a change",
    _E.ACCOUNT_SHUT_DOWN: "shut-down",
    _E.ACCOUNT_CANCELLED: "cancellation",
}
TARGET_ZH = {
    FilingRecipient.SUPERVISING_UNIT: "向主管单位备案",
    FilingRecipient.NATIONAL_FILING_SYSTEM: "在全国政务新媒体信息报送系统备案",
    FilingRecipient.ZHEJIANG_PLATFORM: "在浙江省政务新媒体管理平台备案",
    PUBLIC: "向社会公告",
    ACCOUNT_ACTION: "注销账号或变更账号信息",
}
TARGET_EN = {
    FilingRecipient.SUPERVISING_UNIT: "filing with the supervising unit",
    FilingRecipient.NATIONAL_FILING_SYSTEM: "filing in the national filing system",
    FilingRecipient.ZHEJIANG_PLATFORM: "filing on the Zhejiang platform",
    PUBLIC: "the public announcement",
    ACCOUNT_ACTION: "cancelling the account or changing its information",
}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _unit_en(duration: Duration) -> str:
    return f"{duration.amount} {duration.unit.replace('_', ' ')}"


def _late_figures(context: EvaluationContext, within: Duration, due: dt.date, done: dt.date) -> dict[str, int | None]:
    """How late: in working days for a working-day limit (``None`` when ``done`` lies in a year the
    holiday data lacks: late it is, by how much is open), else in calendar days."""
    if within.unit is DurationUnit.WORKING_DAYS:
        try:
            return {"working_days_late": context.calendar.count_working_days(due, done)}
        except CalendarCoverageError:
            return {"working_days_late": None}
    return {"days_late": (done - due).days}


# -- filing_deadline -----------------------------------------------------------------------------


def _occurrences(
    account: Account, events: Sequence[EventType], start: dt.date, as_of: dt.date, until: dt.date | None = None
) -> list[tuple[dt.date, int]]:
    """(day, index into ``events``) of each occurrence judged, oldest first: from ``start`` to the
    earlier of ``as_of`` and ``until`` (the last day this variant governs, ``select_variants``)."""
    last = min(as_of, until) if until is not None else as_of
    order = {event: i for i, event in enumerate(events)}
    found: set[tuple[dt.date, int]] = set()
    for event in account.events:
        index = order.get(event.type)
        if index is not None and start <= event.on <= last:
            found.add((event.on, index))
    opened = account.opened_on  # an opening beside any account_opened events (see _days_of)
    if opened is not None and _E.ACCOUNT_OPENED in order and start <= opened <= last:
        found.add((opened, order[_E.ACCOUNT_OPENED]))
    return sorted(found)


def _days_of(account: Account, event_type: EventType, as_of: dt.date | None = None) -> list[dt.date]:
    """The days ``event_type`` occurred, up to ``as_of``. ``opened_on`` is always an opening, beside
    any ``account_opened`` events: the first opening and a later re-opening each need a filing
    (facts/lifecycle.py reads them the same way), and one day counts once."""
    days = {e.on for e in account.events if e.type is event_type and (as_of is None or e.on <= as_of)}
    if event_type is _E.ACCOUNT_OPENED and account.opened_on is not None and (as_of is None or account.opened_on <= as_of):
        days.add(account.opened_on)
    return sorted(days)


def _previous(days: list[dt.date], day: dt.date) -> dt.date | None:
    index = bisect.bisect_left(days, day)
    return days[index - 1] if index else None


def advance_allowed(params: Any, recipient: object) -> bool:
    """May a filing made before its event answer it? For the supervising unit, to which the forms
    go before opening, change or cancellation (泽州县 二.(一)–(三), 长春新区 第十二条 "批准后方可实施",
    湖州 7.1.1), and for every recipient under a rule whose filing is due before or at the event
    (``before`` / ``same_day``). A platform or filing-system record reports what happened on the
    platform and cannot precede it."""
    if recipient is FilingRecipient.SUPERVISING_UNIT:
        return True
    return params.timing_for(recipient) in (FilingTiming.BEFORE, FilingTiming.SAME_DAY)


def match_filings(
    account: Account, event: EventType, recipient: FilingRecipient, as_of: dt.date, advance: bool,
    due: Callable[[dt.date], dt.date | None] | None = None,
) -> dict[dt.date, Filing]:
    """Which filing answers which occurrence of ``event`` (to ``recipient``): one filing answers at
    most one occurrence, and an occurrence is answered by at most one filing.

    * A filing with ``event_on`` answers that occurrence and no other (the earliest such filing,
      if several name it; one naming a day with no occurrence answers nothing).
    * The others, in the order they were filed, each answer the earliest unanswered occurrence on
      or before their filing day that they are still in time for (``due``: the occurrence's last
      day, None when it has none or it is not known); failing that, the latest unanswered occurrence on or before
      their day; failing that, where a filing may precede its event (``advance``), the earliest
      unanswered occurrence after it. Which event an untagged filing reports is not given, so no
      occurrence is found late where some matching has it on time: taking the earliest one a
      filing is in time for keeps every occurrence that can be on time on time (deadlines of one
      length, earliest due first). Two changes on 09-29 and 09-30 filed on 10-09 and 10-10 are
      both on time, not one late.

    Every occurrence up to ``as_of`` takes part, also those before the rule came into force: a
    filing spent on an earlier occurrence is not counted again. Filings after ``as_of`` are not seen.
    """
    days = _days_of(account, event, as_of)
    if not days:
        return {}
    present = set(days)
    filings = sorted(
        (f for f in account.filings if f.event is event and f.recipient is recipient and f.filed_on <= as_of),
        key=lambda f: f.filed_on,
    )
    answered: dict[dt.date, Filing] = {}
    for filing in filings:
        if filing.event_on is not None and filing.event_on in present and filing.event_on not in answered:
            answered[filing.event_on] = filing
    for filing in filings:
        if filing.event_on is not None:
            continue
        filed = filing.filed_on
        index = bisect.bisect_right(days, filed)
        chosen = None
        if due is not None:
            chosen = next((d for d in days[:index] if d not in answered and _in_time(due(d), filed)), None)
        if chosen is None:
            chosen = next((d for d in reversed(days[:index]) if d not in answered), None)
        if chosen is None and advance:
            chosen = next((d for d in days[index:] if d not in answered), None)
        if chosen is not None:
            answered[chosen] = filing
    return answered


_OF_AN_EXISTING_ACCOUNT = frozenset({_E.STAFF_CHANGED, _E.ACCOUNT_INFO_CHANGED, _E.HOST_UNIT_CHANGED})


def _cancelled_by(account: Account, day: dt.date) -> bool:
    """Was the account cancelled before ``day`` and not re-opened since?"""
    cancelled = max((e.on for e in account.events if e.type is _E.ACCOUNT_CANCELLED and e.on < day), default=None)
    if cancelled is None:
        return False
    return not any(e.type is _E.ACCOUNT_OPENED and cancelled < e.on <= day for e in account.events)


def _in_time(last_day: dt.date | None, filed: dt.date) -> bool:
    """In time for a deadline; an occurrence with no deadline (or none known) is not chosen this
    way, so an untagged filing goes to the latest one before it, as without deadlines."""
    return last_day is not None and filed <= last_day


_TIMING_ZH = {
    FilingTiming.BEFORE: "于事前（不晚于事件当日）",
    FilingTiming.SAME_DAY: "同步（不晚于事件当日）",
}
_TIMING_EN = {
    FilingTiming.BEFORE: "before the event (on its day at the latest)",
    FilingTiming.SAME_DAY: "at the same time as the event (on its day at the latest)",
}


def _judge(
    rule: EffectiveRule,
    view: AccountView,
    context: EvaluationContext,
    event: EventType,
    day: dt.date,
    target: str,
    done: dt.date | None,
    done_zh: str,
    done_en: str,
    done_key: str,
    *,
    timing: FilingTiming,
    within: Duration | None,
    start: dt.date | None = None,
    start_zh: str = "",
    start_en: str = "",
    extra: dict[str, Any] | None = None,
) -> Finding:
    """One finding: was ``done`` (the filing, notice or action) in time for the occurrence on
    ``day``? ``start``: where the time limit counts from, if not the event (a filing)."""
    params = rule.rule.params
    cite = filing_citations(rule, event, target)
    period = f"{event} {day.isoformat()} → {target}"
    # The words say when it is due: 变更前 / 注销前 (before), 同步 (with the event), else after it.
    when_zh, when_en = {FilingTiming.BEFORE: ("前", "before"), FilingTiming.SAME_DAY: ("同步", "with")}.get(
        timing, ("后", "after"))
    named = params.action_zh if params.action_zh and isinstance(target, FilingRecipient) else None
    what_zh = f"{day.isoformat()}{EVENT_ZH[event]}{when_zh}{named or TARGET_ZH[target]}"
    if named and done_zh == "备案":
        done_zh = "办理"
    what_en = f"{TARGET_EN[target]} {when_en} the {EVENT_EN[event]} on {day.isoformat()}"
    What_en = what_en[0].upper() + what_en[1:]
    figures: dict[str, Any] = {"event": str(event), "event_on": day.isoformat(), "recipient": str(target),
                               "timing": str(timing)}
    if params.recipient_name and target not in (PUBLIC, ACCOUNT_ACTION):
        figures["recipient_name"] = params.recipient_name
    if extra:
        figures.update(extra)
    if done is not None:
        figures[done_key] = done.isoformat()
    if timing in (FilingTiming.NONE, FilingTiming.PROMPTLY) or (timing is FilingTiming.AFTER and within is None):
        figures["within"] = None
        said_zh = "原文要求“及时”，未规定具体时限" if timing is FilingTiming.PROMPTLY else "原文未规定时限"
        said_en = ("the text says 'promptly' (及时) and gives no number of days" if timing is FilingTiming.PROMPTLY
                   else "the text states no time limit")
        if done is not None:
            return make_finding(
                rule, view.id, Status.COMPLIANT,
                f"{what_zh}：已于{done.isoformat()}{done_zh}（{said_zh}）。",
                f"{What_en}: {done_en} on {done.isoformat()} ({said_en}).",
                period=period, figures=figures, cite=cite,
            )
        return make_finding(
            rule, view.id, Status.PENDING,
            f"{what_zh}：截至{context.as_of.isoformat()}尚无记录；{said_zh}，不判定逾期。",
            f"{What_en}: none recorded as of {context.as_of.isoformat()}; {said_en}, so it is never found late.",
            period=period, figures=figures, cite=cite,
        )
    if timing in (FilingTiming.BEFORE, FilingTiming.SAME_DAY):
        due = Due(day)
        limit_zh, limit_en = _TIMING_ZH[timing], _TIMING_EN[timing]
        figures["within"] = None
    else:
        assert within is not None
        origin = start if start is not None else day
        due = due_after(context.calendar, origin, within)
        limit_zh = f"{start_zh}{within.zh()}内"
        limit_en = f"within {_unit_en(within)}{start_en}"
        figures["within"] = within.zh()
    figures["due"] = due.iso()
    timing_fields = due.finding_fields()
    met = due.met_by(done) if done is not None else None
    if met:
        return make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{what_zh}：应{limit_zh}（最迟{due.zh()}）完成，已于{done.isoformat()}{done_zh}。",  # type: ignore[union-attr]
            f"{What_en}: due by {due.en()} ({limit_en}), {done_en} on {done.isoformat()}.",  # type: ignore[union-attr]
            period=period, figures=figures, cite=cite, **timing_fields,
        )
    if done is not None and met is False:
        assert due.date is not None
        late = _late_figures(context, within or Duration(0, DurationUnit.WORKING_DAYS), due.date, done)
        provisional = due.provisional or context.calendar.is_provisional(done)
        figures.update(late)
        count, = late.values()
        unit_zh = "个工作日" if "working_days_late" in late else "天"
        unit_en = "working days" if "working_days_late" in late else "days"
        by_zh = f"，逾期{count}{unit_zh}" if count is not None else ""
        by_en = f", {count} {unit_en} late" if count is not None else ""
        return make_finding(
            rule, view.id, Status.VIOLATION,
            f"{what_zh}逾期：应{limit_zh}（最迟{due.zh()}）完成，实际{done.isoformat()}{done_zh}{by_zh}。",
            f"{What_en} was late: due by {due.en()} ({limit_en}), {done_en} on {done.isoformat()}{by_en}.",
            period=period, figures=figures, cite=cite, **{**timing_fields, "provisional": provisional},
        )
    if done is not None:  # done after the last known day, against a due date in the missing year
        return make_finding(
            rule, view.id, Status.PENDING,
            f"{what_zh}：已于{done.isoformat()}{done_zh}；应{limit_zh}完成，到期日在{due.gap}年，"
            f"该年节假日安排尚未纳入，暂不能判断是否逾期。",
            f"{What_en}: {done_en} on {done.isoformat()}; the due date ({limit_en}) falls in {due.gap}, whose "
            "holiday schedule is not yet in the data, so whether it was in time is open.",
            period=period, figures=figures, cite=cite, **timing_fields,
        )
    if due.passed(context.as_of) is not True:
        return make_finding(
            rule, view.id, Status.PENDING,
            f"{what_zh}：尚无记录，应{limit_zh}（最迟{due.zh()}）完成。",
            f"{What_en}: none recorded yet; due by {due.en()} ({limit_en}).",
            period=period, figures=figures, cite=cite, **timing_fields,
        )
    return make_finding(
        rule, view.id, Status.VIOLATION,
        f"{what_zh}缺失：应{limit_zh}（最迟{due.zh()}）完成，截至{context.as_of.isoformat()}尚无记录。",
        f"{What_en} is missing: due by {due.en()} ({limit_en}), none recorded as of {context.as_of.isoformat()}.",
        period=period, figures=figures, cite=cite, **timing_fields,
    )


def _notice_after_filing(
    rule: EffectiveRule, view: AccountView, context: EvaluationContext, event: EventType, day: dt.date,
    notice: dt.date | None, form: Filing | None,
) -> Finding:
    """泽州县 二.(三): "先填写……备案表，报送县政府办公室，并在2个工作日内……发布关停公告": the notice
    is due within ``announce_within`` after the supervising-unit filing matched to the occurrence,
    and may not precede that filing (先)."""
    params = rule.rule.params
    within: Duration = params.announce_within
    period = f"{event} {day.isoformat()} → {PUBLIC}"
    cite = filing_citations(rule, event, PUBLIC)
    figures: dict[str, Any] = {"event": str(event), "event_on": day.isoformat(), "recipient": PUBLIC,
                               "timing": "after_filing", "within": within.zh(),
                               "filed_on": _iso(form.filed_on if form else None), "announced_on": _iso(notice)}
    what_zh = f"{day.isoformat()}{EVENT_ZH[event]}的关停公告"
    what_en = f"The closure notice for the {EVENT_EN[event]} on {day.isoformat()}"
    if form is None:
        return make_finding(
            rule, view.id, Status.VIOLATION,
            f"{what_zh}：未先向主管单位报送备案表（原文“先……报送……并在{within.zh()}内……发布关停公告”）。",
            f"{what_en}: no filing form went to the supervising unit first (the text: form first, then the notice "
            f"within {_unit_en(within)}).",
            period=period, figures=figures, cite=cite,
        )
    if notice is not None and notice < form.filed_on:
        return make_finding(
            rule, view.id, Status.VIOLATION,
            f"{what_zh}：公告（{notice.isoformat()}）早于备案表（{form.filed_on.isoformat()}），未按“先报送备案表”的顺序。",
            f"{what_en}: the notice ({notice.isoformat()}) came before the filing form ({form.filed_on.isoformat()}); "
            "the text puts the form first.",
            period=period, figures=figures, cite=cite,
        )
    return _judge(rule, view, context, event, day, PUBLIC, notice, "公告", "announced", "announced_on",
                  timing=FilingTiming.AFTER, within=within, start=form.filed_on,
                  start_zh=f"自{form.filed_on.isoformat()}报送备案表起", start_en=f" of the filing form of {form.filed_on.isoformat()}",
                  extra={"filed_on": form.filed_on.isoformat()})


def _last_day(params: Any, recipient: FilingRecipient, day: dt.date, context: EvaluationContext) -> dt.date | None:
    """The last day a filing of the occurrence on ``day`` is in time (None: no day, or unknown)."""
    timing = params.timing_for(recipient)
    if timing in (FilingTiming.BEFORE, FilingTiming.SAME_DAY):
        return day
    if params.within is None or timing in (FilingTiming.NONE, FilingTiming.PROMPTLY):
        return None
    return due_after(context.calendar, day, params.within).date


@account_evaluator(RuleKind.FILING_DEADLINE)
def filing_deadline(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    params = rule.rule.params
    events: tuple[EventType, ...] = tuple(params.events)
    if not events:
        return
    account = view.account
    as_of = context.as_of
    start = context.rule_start(rule)
    if _E.ACCOUNT_OPENED in events and account.opened_on is None and not any(
            e.type is _E.ACCOUNT_OPENED for e in account.events):
        # The opening is not given: whether it fell under the rule, and when its filing was due,
        # is unknown, unless the account posted before the rule began (opened before it, then).
        days = view.post_days
        if not days or days[0] >= start.toordinal():
            yield make_finding(
                rule, view.id, Status.INSUFFICIENT_DATA,
                "未提供开设日期（opened_on），无法判断开设是否须按本条备案及备案期限。",
                "The opening date (opened_on) is not given: whether the opening falls under this rule, and when "
                "its filing was due, cannot be told.",
                figures={"event": str(_E.ACCOUNT_OPENED), "missing": ["opened_on"]},
                cite=filing_citations(rule, _E.ACCOUNT_OPENED, FilingRecipient.SUPERVISING_UNIT),
            )
    occurrences = _occurrences(account, events, start, as_of, rule.rule.effective_until)
    if not occurrences:
        return
    matches: dict[tuple[EventType, Any], dict[dt.date, Filing]] = {}

    def matched(event: EventType, recipient: FilingRecipient) -> dict[dt.date, Filing]:
        key = (event, recipient)
        found = matches.get(key)
        if found is None:
            found = matches[key] = match_filings(account, event, recipient, as_of, advance_allowed(params, recipient),
                                                 due=lambda day: _last_day(params, recipient, day, context))
        return found

    history: dict[EventType, list[dt.date]] = {}
    announcements: list[dt.date] | None = None
    for day, index in occurrences:
        event = events[index]
        if event in _OF_AN_EXISTING_ACCOUNT and _cancelled_by(account, day):
            # A staff or information change recorded after the account was cancelled (and before
            # any re-opening) has no account to report. A shut-down account still exists until it is
            # cancelled, and its changes are still filed.
            yield make_finding(
                rule, view.id, Status.NOT_APPLICABLE,
                f"{day.isoformat()}{EVENT_ZH[event]}时账号已注销，不再适用本条备案。",
                f"The {EVENT_EN[event]} on {day.isoformat()} came after the account was cancelled: "
                "there is no account to file it for.",
                period=f"{event} {day.isoformat()}", figures={"event": str(event), "event_on": day.isoformat()},
                cite=filing_citations(rule, event, FilingRecipient.SUPERVISING_UNIT),
            )
            continue
        days = history.get(event)
        if days is None:
            days = history[event] = _days_of(account, event)
        previous = _previous(days, day)
        for recipient in params.recipients:
            filing = matched(event, recipient).get(day)
            filed = filing.filed_on if filing is not None else None
            yield _judge(rule, view, context, event, day, recipient, filed, "备案", "filed", "filed_on",
                         timing=params.timing_for(recipient), within=params.within)
        if event is _E.HOST_UNIT_CHANGED and params.announce_publicly:
            actions = (e.on for e in account.events if e.type in (_E.ACCOUNT_CANCELLED, _E.ACCOUNT_INFO_CHANGED))
            done = _first_on_or_after(actions, day, True, as_of)
            yield _judge(rule, view, context, event, day, ACCOUNT_ACTION, done, "注销或变更", "done", "done_on",
                         timing=params.timing_for(ACCOUNT_ACTION), within=params.within)
        if params.announce_publicly:
            if announcements is None:
                announcements = [e.on for e in account.events if e.type is _E.CLOSURE_ANNOUNCED]
            if event is _E.HOST_UNIT_CHANGED:
                # Cancelled, the account announces its closure; changed, it announces the change.
                told = (e.on for e in account.events if e.type in (_E.CLOSURE_ANNOUNCED, _E.CHANGE_ANNOUNCED))
                done = _first_on_or_after(told, day, True, as_of)
            else:
                done = _first_on_or_after(announcements, previous, False, as_of)
            if params.announce_from is AnnounceStart.FILING and params.announce_within is not None:
                form = matched(event, FilingRecipient.SUPERVISING_UNIT).get(day)
                yield _notice_after_filing(rule, view, context, event, day, done, form)
                continue
            timing = params.announce_timing or params.timing_for(PUBLIC)
            within = params.announce_within or params.within
            yield _judge(rule, view, context, event, day, PUBLIC, done, "公告", "announced", "announced_on",
                         timing=timing, within=within)


def _first_on_or_after(days: Iterable[dt.date], first: dt.date | None, inclusive: bool, as_of: dt.date) -> dt.date | None:
    best = None
    for day in days:
        if day > as_of:
            continue
        if first is not None and (day < first or (not inclusive and day == first)):
            continue
        if best is None or day < best:
            best = day
    return best


# -- announcement_period -------------------------------------------------------------------------


def _earliest_closure(context: EvaluationContext, notice: dt.date, minimum: Duration, allowed: ClosureAllowed) -> Due:
    """The first day a closure may come after a notice of ``notice`` that must stand ``minimum``.

    The notice day is not counted. ``after_period`` ("公告时间不少于N个工作日"): the N working days
    after it must all have passed in full, so the earliest closure is the day after the N-th
    working day; ``on_last_day``: the N-th working day itself."""
    last = due_after(context.calendar, notice, minimum)
    if allowed is ClosureAllowed.ON_LAST_DAY or last.date is None:
        return last
    one = dt.timedelta(days=1)
    shifted = (last.range[0] + one, last.range[1] + one if last.range[1] else None) if last.range else None
    return Due(last.date + one, provisional=last.provisional, range=shifted)


@account_evaluator(RuleKind.ANNOUNCEMENT_PERIOD)
def announcement_period(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    params = rule.rule.params
    minimum: Duration = params.minimum
    notice_type: EventType = params.event or _E.CLOSURE_ANNOUNCED
    account = view.account
    as_of = context.as_of
    start = context.rule_start(rule)
    notices = sorted({e.on for e in account.events if e.type is notice_type and e.on <= as_of})
    closures = sorted({(e.on, _CLOSURES.index(e.type)) for e in account.events if e.type in _CLOSURES and e.on <= as_of})
    allowed = params.closure_allowed or ClosureAllowed.AFTER_PERIOD
    base = {"minimum": minimum.zh(), "closure_allowed": str(allowed)}
    cite = tuple(rule.rule.sources)
    last_of_type: dict[int, dt.date] = {}
    for day, kind_index in closures:
        closure = _CLOSURES[kind_index]
        previous = last_of_type.get(kind_index)
        last_of_type[kind_index] = day
        if day < start:
            continue
        period = f"{closure} {day.isoformat()}"
        notice = _first_on_or_after((n for n in notices if n <= day), previous, False, as_of)
        if notice is None:
            yield make_finding(
                rule, view.id, Status.VIOLATION,
                f"{day.isoformat()}{EVENT_ZH[closure]}前未发布停更（关停）公告（公告时间应不少于{minimum.zh()}）。",
                f"The {EVENT_EN[closure]} on {day.isoformat()} had no closure notice before it "
                f"(the notice must stand at least {_unit_en(minimum)}).",
                period=period, figures={**base, "closed_on": day.isoformat(), "announced_on": None}, cite=cite,
            )
            continue
        earliest = _earliest_closure(context, notice, minimum, allowed)
        figures = {**base, "announced_on": notice.isoformat(), "closed_on": day.isoformat(),
                   "earliest_closure": earliest.iso()}
        timing = earliest.finding_fields()
        if minimum.unit is DurationUnit.WORKING_DAYS:
            try:
                figures["working_days"] = context.calendar.count_working_days(notice, day)
            except CalendarCoverageError:
                figures["working_days"] = None
            timing["provisional"] = earliest.provisional or context.calendar.is_provisional(day)
        else:
            figures["days"] = (day - notice).days
        # The closure may come on ``earliest`` (closure_allowed), not before it; with that day in a
        # year the data lacks, a closure up to the last known day is early all the same.
        early: bool | None
        if earliest.date is not None:
            early = day < earliest.date
        else:
            early = True if day <= earliest.after else None  # type: ignore[operator]
        if early is None:
            yield make_finding(
                rule, view.id, Status.INSUFFICIENT_DATA,
                f"{notice.isoformat()}发布公告，{day.isoformat()}{EVENT_ZH[closure]}；公告期（不少于{minimum.zh()}）"
                f"届满日在{earliest.gap}年，该年节假日安排尚未纳入，暂不能判断公告时间是否足够。",
                f"Notice published on {notice.isoformat()}, {EVENT_EN[closure]} on {day.isoformat()}: the "
                f"{_unit_en(minimum)} period ends in {earliest.gap}, whose holiday schedule is not yet in the data.",
                period=period, figures=figures, cite=cite, **timing,
            )
        elif early is False:
            yield make_finding(
                rule, view.id, Status.COMPLIANT,
                f"{notice.isoformat()}发布公告，{day.isoformat()}{EVENT_ZH[closure]}，公告时间不少于{minimum.zh()}"
                f"（最早可于{earliest.zh()}）。",
                f"Notice published on {notice.isoformat()}, {EVENT_EN[closure]} on {day.isoformat()}: the notice stood "
                f"at least {_unit_en(minimum)} (earliest allowed {earliest.en()}).",
                period=period, figures=figures, cite=cite, **timing,
            )
        else:
            yield make_finding(
                rule, view.id, Status.VIOLATION,
                f"{notice.isoformat()}发布公告，{day.isoformat()}即{EVENT_ZH[closure]}，公告时间不足{minimum.zh()}"
                f"（最早应于{earliest.zh()}）。",
                f"Notice published on {notice.isoformat()} but {EVENT_EN[closure]} on {day.isoformat()}: the notice stood "
                f"less than {_unit_en(minimum)} (not before {earliest.en()}).",
                period=period, figures=figures, cite=cite, **timing,
            )
    # The first notice with no closure after it: the closure is still to come.
    last_closure = closures[-1][0] if closures else None
    open_notices = [n for n in notices if (last_closure is None or n > last_closure) and n >= start]
    if open_notices:
        notice = open_notices[0]
        earliest = _earliest_closure(context, notice, minimum, allowed)
        figures = {**base, "announced_on": notice.isoformat(), "closed_on": None, "earliest_closure": earliest.iso()}
        period = f"{notice_type} {notice.isoformat()}"
        # ``earliest`` is the first day a closure is allowed (closure_allowed): from its start the
        # period has run.
        run = earliest.passed(as_of) if earliest.date is None else as_of >= earliest.date
        if run is not True:
            yield make_finding(
                rule, view.id, Status.PENDING,
                f"{notice.isoformat()}发布停更（关停）公告，公告期未满，最早可于{earliest.zh()}关停或注销。",
                f"Closure notice published on {notice.isoformat()}: the period has not run; the account may be shut "
                f"down or cancelled on {earliest.en()} at the earliest.",
                period=period, figures=figures, cite=cite, **earliest.finding_fields(),
            )
        else:
            yield make_finding(
                rule, view.id, Status.COMPLIANT,
                f"{notice.isoformat()}发布停更（关停）公告，公告期已满（自{earliest.zh()}起可关停或注销），尚未关停或注销。",
                f"Closure notice published on {notice.isoformat()}: the period has run (closure allowed from "
                f"{earliest.en()}); not yet shut down or cancelled.",
                period=period, figures=figures, cite=cite, **earliest.finding_fields(),
            )


# -- reopen_ban ----------------------------------------------------------------------------------


def _ban_end(start: dt.date, duration: Duration, context: EvaluationContext) -> dt.date:
    end = due_after(context.calendar, start, duration)
    if end.date is None:  # a ban counted in working days, ending in a year the data lacks
        raise CalendarCoverageError(end.gap or start.year, context.calendar.coverage)
    return end.date


def _scope_open(
    rule: EffectiveRule, account_id: str, unit: str, missing: Sequence[str], period: str, figures: dict[str, Any]
) -> Finding:
    named = "、".join(FIELD_ZH[f] for f in missing)
    return make_finding(
        rule, account_id, Status.INSUFFICIENT_DATA,
        f"主办单位“{unit}”有账号被清理注销，但本规定是否适用取决于未提供的{named}，无法判断是否在禁止期内新开账号。",
        f"Host unit {unit!r} had an account cancelled in a clean-up, but whether this rule applies depends on "
        f"{', '.join(missing)}, which the facts do not give.",
        period=period, figures={**figures, "missing": list(missing)},
    )


@unit_evaluator(RuleKind.REOPEN_BAN)
def reopen_ban(rule: EffectiveRule, units: UnitIndex, context: EvaluationContext) -> Iterator[Finding]:

    params = rule.rule.params
    duration: Duration = params.duration
    applies_to = rule.rule.applies_to
    start = context.rule_start(rule)
    as_of = context.as_of
    for unit in sorted(units.by_unit):
        # An account whose scope the facts leave open (its unit's level, say) may or may not be
        # under the ban: what depends on it is insufficient_data, never a verdict.
        open_scope = {s.id: fields for s in units.by_unit[unit] if (fields := undecided(applies_to, s))}
        summaries = [s for s in units.by_unit[unit] if s.id in open_scope or applies(applies_to, s)]  # type: ignore[arg-type]
        bans = []
        for summary in summaries:
            for day in summary.cleanup_cancelled_on:
                if start <= day <= as_of:
                    bans.append((day, summary.id))
        if not bans:
            continue
        bans.sort()
        unknown: set[str] = set()
        for day, cancelled in bans:
            end = _ban_end(day, duration, context)
            period = f"{day.isoformat()}/{end.isoformat()}"
            base = {"host_unit": unit, "cancelled_account": cancelled, "cancelled_on": day.isoformat(),
                    "ban_until": end.isoformat(), "duration": duration.zh()}
            breaches = []
            for summary in summaries:
                # Every (re-)opening counts, the cancelled account's own re-opening too: 注销后重新
                # 开设是新的一次开设 (湖州市 7.5 "1年内不可再申请新开账号").
                openings = [start for start, _ in summary.existence if start is not None]
                if summary.id != cancelled and len(openings) < len(summary.existence):
                    unknown.add(summary.id)
                for opened in openings:
                    after = opened > day if summary.id == cancelled else opened >= day
                    if after and opened <= min(end, as_of):
                        breaches.append((opened, summary.id))
                        break
            for opened, account_id in sorted(breaches):
                missing = sorted({*open_scope.get(account_id, ()), *open_scope.get(cancelled, ())})
                if missing:
                    yield _scope_open(rule, account_id, unit, missing, period, {**base, "opened_on": opened.isoformat()})
                    continue
                yield make_finding(
                    rule, account_id, Status.VIOLATION,
                    f"主办单位“{unit}”的账号{cancelled}于{day.isoformat()}被清理注销，{duration.zh()}内（至{end.isoformat()}）"
                    f"不可新开账号，本账号却于{opened.isoformat()}开设。",
                    f"Host unit {unit!r} had account {cancelled} cancelled in a clean-up on {day.isoformat()} and may not "
                    f"open a new account for {_unit_en(duration)} (until {end.isoformat()}), yet this account was "
                    f"opened on {opened.isoformat()}.",
                    period=period, due=end, figures={**base, "opened_on": opened.isoformat()},
                )
            if not breaches and cancelled in open_scope:
                yield _scope_open(rule, cancelled, unit, sorted(open_scope[cancelled]), period, base)
            elif not breaches:
                running = as_of <= end
                yield make_finding(
                    rule, cancelled, Status.COMPLIANT,
                    f"本账号于{day.isoformat()}被清理注销，主办单位“{unit}”{duration.zh()}内（至{end.isoformat()}）不可新开账号；"
                    + (f"截至{as_of.isoformat()}未新开账号。" if running else "期间未新开账号。"),
                    f"This account was cancelled in a clean-up on {day.isoformat()}; host unit {unit!r} may not open a new "
                    f"account until {end.isoformat()}; "
                    + (f"none opened as of {as_of.isoformat()}." if running else "none was opened in that time."),
                    period=period, due=end, figures=base,
                )
        for account_id in sorted(unknown):
            yield make_finding(
                rule, account_id, Status.INSUFFICIENT_DATA,
                f"主办单位“{unit}”有账号被清理注销，本账号未提供开设日期，无法判断是否在禁止期内新开。",
                f"Host unit {unit!r} had an account cancelled in a clean-up and this account has no opening date: "
                "whether it was opened during the ban cannot be judged.",
                figures={"host_unit": unit},
            )


# -- escalation_ladder ---------------------------------------------------------------------------


@account_evaluator(RuleKind.ESCALATION_LADDER)
@ladder_ends_with_the_account
def escalation_ladder(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    params = rule.rule.params
    threshold = params.interview_after_problems
    if threshold is None:
        return  # a ladder without a count has nothing facts can decide
    account = view.account
    as_of = context.as_of
    start = context.rule_start(rule)
    notices = sorted(n.on for n in account.notices if start <= n.on <= as_of)
    interviews = sorted(i.on for i in account.interviews if start <= i.on <= as_of)
    figures: dict[str, Any] = {"notices": len(notices), "interviews": len(interviews), "threshold": threshold}
    # Findings cite the clause that sets the step they are about (高县 七.(三)), then the ladder's lead-in.
    on_interview = citations(rule, EscalationStep.INTERVIEW)
    on_shut_down = citations(rule, EscalationStep.SHUT_DOWN)
    if len(notices) < threshold:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"截至{as_of.isoformat()}被通报{len(notices)}次，未达约谈条件（{threshold}次）。",
            f"As of {as_of.isoformat()} the account was named in {len(notices)} public notice(s), below the "
            f"{threshold} that call for an interview.",
            figures=figures, cite=on_interview,
        )
        return
    reached = notices[threshold - 1]
    figures["threshold_reached_on"] = reached.isoformat()
    index = bisect.bisect_left(interviews, reached)
    if index == len(interviews):
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"已被通报{len(notices)}次（第{threshold}次于{reached.isoformat()}），应予约谈，截至{as_of.isoformat()}未见约谈记录。",
            f"Named in {len(notices)} public notices (the {threshold}th on {reached.isoformat()}): an admonishment "
            f"interview is due and none is recorded as of {as_of.isoformat()}.",
            period=None, due=reached, figures=figures, cite=on_interview,
        )
        return
    interview = interviews[index]
    figures["interview_on"] = interview.isoformat()
    later = [n for n in notices if n > interview]
    figures["notices_after_interview"] = len(later)
    closures = sorted(e.on for e in account.events if e.type in _CLOSURES and interview <= e.on <= as_of)
    if closures:
        figures["shut_down_on"] = closures[0].isoformat()
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"通报{len(notices)}次后于{interview.isoformat()}约谈，{closures[0].isoformat()}已关停或注销，退出流程完成。",
            f"Interviewed on {interview.isoformat()} after {len(notices)} notices and shut down or cancelled on "
            f"{closures[0].isoformat()}: the ladder is complete.",
            figures=figures, cite=citations(rule, EscalationStep.INTERVIEW, EscalationStep.SHUT_DOWN),
        )
        return
    if not later:
        yield make_finding(
            rule, view.id, Status.PENDING,
            f"通报{len(notices)}次后已于{interview.isoformat()}约谈，此后未再被通报，处于整改观察期。",
            f"Interviewed on {interview.isoformat()} after {len(notices)} notices, with no notice since: under watch.",
            figures=figures, cite=on_shut_down,
        )
        return
    shut_down_if = params.shut_down_if or "约谈后仍整改不力"
    yield make_finding(
        rule, view.id, Status.INSUFFICIENT_DATA,
        f"{interview.isoformat()}约谈后又被通报{len(later)}次（最近{later[-1].isoformat()}）；是否属“{shut_down_if}”"
        f"（应责令关停）须人工判定，本库不据事实判定。",
        f"Interviewed on {interview.isoformat()} and named in {len(later)} further notice(s) since (latest "
        f"{later[-1].isoformat()}); whether rectification is still inadequate ({shut_down_if}), which calls for "
        "an ordered shut-down, is a judgement the library does not make from facts.",
        figures=figures, cite=on_shut_down,
    )
