"""Dormancy ("僵尸" "睡眠" accounts): longer than a limit without any post.

A silence is counted in whole days: from the day after the last post (or after the opening, for an
account that never posted) up to and including the evaluation day (``as_of`` is a finished day), or
up to the day before the next post. As of the end of a day X, an account whose last post was on day
P has gone ``count_working_days(P, X)`` working days (``X - P`` calendar days) without an update.
How many silent days break the limit is the rule's ``breach`` parameter (model/params.py
``InactivityBreach``), each rule's interpretation notes stating its reading:

* ``beyond_limit`` — "超过7个工作日未更新": more than 7 working days; dormant on the 8th working
  day after P unless it posts that day.
* ``at_limit`` — "监测时间点前2周内无更新": the whole 2 weeks (14 calendar days) before the end of
  the monitoring day without a post; a last post on P breaks it at the end of P+14, the same count
  as Gao County's "每2周至少发布1条原创信息" (every run of 14 consecutive days holds one) and as
  Huzhou's "14天未更新". "2周" is always 14 calendar days.

Gaps between posts inside the window are reported too, each as one episode, so a report shows past
dormancy as well as the state on ``as_of``. A dormancy is dated from the rule's first day at the
earliest (国办秘函〔2019〕19号 from 2019-04-18: a silence since 04-01 is dormant from 04-18).

Where the posts are known only from ``posts_from``, the silence running from that day may have
begun before it, at the latest post or opening on record. Counted from ``posts_from`` it is at least
so long; counted from that earlier day at most. When the two bounds disagree on the verdict the
finding is ``insufficient_data`` naming ``posts_from``, never the best case.

Past the end of the holiday data (strict calendar) the known days still decide what they can: a
silence that already exceeds the limit by the last known day is dormancy; a post yesterday means
not dormant, with the day it would become dormant left open (``calendar_gap``). Only a silence
that reaches into the missing year without exceeding the limit before it is left open.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator

from ...composition import EffectiveRule
from ...errors import CalendarCoverageError
from ...model.params import Duration, DurationUnit, InactivityBreach, RuleKind, silent_units_needed
from ..context import AccountView, EvaluationContext, make_finding
from ..findings import Finding, Status
from ..live import over_live_spans
from ..registry import account_evaluator

_fromordinal = dt.date.fromordinal


def _elapsed(context: EvaluationContext, limit: Duration, last: int, day: int) -> tuple[int, int | None]:
    """Whole units of ``limit`` elapsed after day ``last`` up to and including ``day``, and the
    year the count could not reach: past the holiday data, the count up to its last day (a lower
    bound) and the missing year."""
    if limit.unit is not DurationUnit.WORKING_DAYS:
        return day - last, None
    calendar = context.calendar
    try:
        return calendar.count_working_days(_fromordinal(last), _fromordinal(day)), None
    except CalendarCoverageError as missing:
        end = dt.date(calendar.coverage[1], 12, 31)
        if not calendar.covers(_fromordinal(last)) or last >= end.toordinal():
            raise
        return calendar.count_working_days(_fromordinal(last), end), missing.year


def _limit_amount(limit: Duration) -> int:
    if limit.unit is DurationUnit.WORKING_DAYS:
        return limit.amount
    days = limit.calendar_days()
    if days is None:  # months or years: not a dormancy limit any text uses
        raise ValueError(f"unsupported dormancy limit {limit}")
    return days


def _provisional(context: EvaluationContext, limit: Duration, *days: dt.date) -> bool:
    """Working days counted over a year outside the holiday data are a provisional count."""
    calendar = context.calendar
    return limit.unit is DurationUnit.WORKING_DAYS and calendar.is_provisional_mode and any(
        calendar.is_provisional(day) for day in days
    )


def _dormant_from(context: EvaluationContext, limit: Duration, last: int, need: int) -> tuple[dt.date | None, int | None]:
    """The first day on which an account silent since ``last`` counts as dormant (its ``need``-th
    silent day), or ``None`` and the missing year when that day lies past the holiday data."""
    if limit.unit is DurationUnit.WORKING_DAYS:
        try:
            return context.calendar.add_working_days(_fromordinal(last), need), None
        except CalendarCoverageError as missing:
            return None, missing.year
    return _fromordinal(last + need), None


def _limit_words(limit: Duration, breach: InactivityBreach | None) -> tuple[str, str]:
    """How the finding states the limit: "超过7个工作日" or "2周内" (and in English)."""
    unit = limit.unit.replace("_", " ")
    if breach is InactivityBreach.AT_LIMIT:
        days = limit.calendar_days()
        if days is None:
            shown = limit.zh()
        elif limit.unit is DurationUnit.CALENDAR_DAYS:
            shown = f"{days}天"
        else:
            shown = f"{days}天（{limit.zh()}）"
        return f"连续{shown}无更新", f"a whole {limit.amount} {unit} without a post"
    return f"超过{limit.zh()}未更新", f"more than {limit.amount} {unit} without a post"


@account_evaluator(RuleKind.MAX_INACTIVITY)
@over_live_spans
def max_inactivity(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    limit: Duration = rule.rule.params.limit
    breach: InactivityBreach | None = rule.rule.params.breach
    amount = _limit_amount(limit)
    need = silent_units_needed(amount, breach)  # whole silent days (working days) that break it
    words_zh, words_en = _limit_words(limit, breach)
    start = context.window_start(view, rule).toordinal()
    as_of = context.as_of.toordinal()
    days = view.post_days
    figures_base = {"limit": limit.zh(), "breach": (breach or InactivityBreach.BEYOND_LIMIT).value,
                    "silent_days_needed": need}
    # The anchor of the first gap: the last post before the window, else the opening day.
    anchor = view.last_post_on_or_before(start - 1)
    if anchor is None and view.opened_on is not None:
        anchor = view.opened_on.toordinal()
    known = view.account.posts_from
    # Before ``posts_from`` the posts are not known. A silence that reaches back to that day is at
    # least as long as the known days show, and at most as long as from the last post or opening on
    # record (``earliest``; None: no bound). Where the two disagree on the verdict, it is unknown.
    unsure = known is not None and (anchor is None or anchor < known.toordinal() - 1)
    earliest = anchor
    if unsure:
        anchor = known.toordinal() - 1
    # A dormancy never begins before the rule (or the account) does (国办秘函〔2019〕19号 from
    # 2019-04-18: a silence since 04-01 is dormant from 04-18, not 04-15).
    first_day = context.legal_start(view, rule)
    if first_day > context.as_of:
        return  # the span judged ended before the rule began to govern it
    missing = {"missing": ["posts_from"], "posts_from": known.isoformat()} if unsure else {}

    def might_break(until: int) -> bool:
        """Could the silence up to ``until`` break the limit if it began as early as the record
        allows (``earliest``), where counted from ``posts_from`` it does not?"""
        if earliest is None:
            return True
        try:
            elapsed, gap = _elapsed(context, limit, earliest, until)
        except CalendarCoverageError:
            return True
        return elapsed >= need or gap is not None

    def lead(certain: dt.date) -> Finding | None:
        """Before the first day the known days alone make the account dormant, the days from the
        earliest it could have been (counted from the last post or opening on record) are open."""
        assert known is not None
        possible = known
        if earliest is not None:
            begun, _ = _dormant_from(context, limit, earliest, need)
            possible = max(begun or known, known, first_day)
        if possible >= certain:
            return None
        last = certain - dt.timedelta(days=1)
        return make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"{possible.isoformat()}至{last.isoformat()}：发布记录自{known.isoformat()}起才完整，这些日期是否已{words_zh}"
            f"取决于{known.isoformat()}以前的发布；{certain.isoformat()}起确定构成。",
            f"{possible.isoformat()} to {last.isoformat()}: the post history is complete only from {known.isoformat()}, "
            f"so whether these days already made {words_en} depends on the posts before it; from "
            f"{certain.isoformat()} it is certain.",
            period=f"{possible.isoformat()}/{last.isoformat()}",
            figures={**figures_base, **missing},
        )
    if anchor is None and not days:
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            "无发布记录，且未提供开设日期，无法判断是否超期未更新。",
            "No posts and no opening date: dormancy cannot be judged.",
            figures=figures_base,
        )
        return
    # Episodes between posts inside the window. A gap of fewer than ``need`` calendar days holds
    # fewer than ``need`` working days too, so only longer gaps need the calendar; they are picked
    # out in one pass over the sorted days. Posts on or before the anchor (before an opening
    # recorded as later) do not move it.
    window = days[bisect.bisect_left(days, start):]
    if anchor is not None:
        window = window[bisect.bisect_right(window, anchor):]
        pairs = zip([anchor, *window], window)
    else:
        pairs = zip(window, window[1:])
    for index, (last, day) in enumerate(pairs):
        silent_until = day - 1  # the day of the next post is not a silent day
        # Only a silence that runs on past ``posts_from`` is judged: days before it are not known.
        first_unsure = unsure and index == 0 and silent_until >= known.toordinal()
        if unsure and index == 0 and not first_unsure:
            continue
        if day - last - 1 < need and not first_unsure:
            continue
        elapsed, gap = _elapsed(context, limit, last, silent_until)
        if first_unsure and elapsed < need and gap is None:
            if might_break(silent_until):
                yield make_finding(
                    rule, view.id, Status.INSUFFICIENT_DATA,
                    f"发布记录自{known.isoformat()}起才完整，此前最近一次更新的日期不详；至{_fromordinal(day).isoformat()}"
                    f"恢复更新前是否构成{words_zh}，取决于{known.isoformat()}以前的发布。",
                    f"The post history is complete only from {known.isoformat()}; the last post before it is not "
                    f"known, so whether the silence up to the post on {_fromordinal(day).isoformat()} made "
                    f"{words_en} depends on posts before {known.isoformat()}.",
                    period=f"{known.isoformat()}/{_fromordinal(silent_until).isoformat()}",
                    figures={**figures_base, **missing, "next_post": _fromordinal(day).isoformat()},
                )
            continue
        if elapsed < need and gap is not None:
            yield make_finding(
                rule, view.id, Status.INSUFFICIENT_DATA,
                f"{_fromordinal(last).isoformat()}至{_fromordinal(day).isoformat()}未更新，跨入{gap}年，"
                f"该年节假日安排尚未纳入，暂不能判断是否构成{words_zh}。",
                f"No post from {_fromordinal(last).isoformat()} to {_fromordinal(day).isoformat()}, into {gap}, whose "
                "holiday schedule is not yet in the data: whether the limit was exceeded is open.",
                period=f"{_fromordinal(last).isoformat()}/{_fromordinal(silent_until).isoformat()}",
                figures={**figures_base, "last_post": _fromordinal(last).isoformat(),
                         "next_post": _fromordinal(day).isoformat()},
                calendar_gap=gap,
            )
            continue
        if elapsed >= need:
            first, _ = _dormant_from(context, limit, last, need)
            assert first is not None  # the limit has run within the known days
            first = max(first, first_day)
            if first > _fromordinal(silent_until):
                continue  # dormant only before the rule began
            period = f"{first.isoformat()}/{_fromordinal(silent_until).isoformat()}"
            if first_unsure:  # ``last`` stands for the unknown day before posts_from
                opened = lead(first)
                if opened is not None:
                    yield opened
                told_zh = (f"发布记录自{known.isoformat()}起完整，此后即{words_zh}，最迟自{first.isoformat()}起处于未更新状态，"
                           f"至{_fromordinal(day).isoformat()}恢复更新。")
                told_en = (f"{words_en[0].upper()}{words_en[1:]} from {known.isoformat()}, where the post history begins: "
                           f"dormant from {first.isoformat()} at the latest until the post on {_fromordinal(day).isoformat()}.")
                known_figures = {"posts_from": known.isoformat()}
            else:
                told_zh = (f"自{_fromordinal(last).isoformat()}起{words_zh}，{first.isoformat()}起处于未更新状态，"
                           f"至{_fromordinal(day).isoformat()}恢复更新。")
                told_en = (f"{words_en[0].upper()}{words_en[1:]} after {_fromordinal(last).isoformat()}: dormant from "
                           f"{first.isoformat()} until the post on {_fromordinal(day).isoformat()}.")
                known_figures = {"last_post": _fromordinal(last).isoformat()}
            yield make_finding(
                rule, view.id, Status.VIOLATION, told_zh, told_en,
                period=period,
                figures={**figures_base, **known_figures, "next_post": _fromordinal(day).isoformat()},
                provisional=_provisional(context, limit, _fromordinal(last), _fromordinal(day)),
            )
    if window:
        anchor = window[-1]
    assert anchor is not None
    elapsed, gap = _elapsed(context, limit, anchor, as_of)
    due, due_gap = _dormant_from(context, limit, anchor, need)
    if due is not None:
        due = max(due, first_day)
    still_unsure = unsure and not window
    due_zh = due.isoformat() if due is not None else f"{due_gap}年某日（该年节假日安排尚未纳入）"
    due_en = due.isoformat() if due is not None else f"a day in {due_gap} (its holiday schedule is not yet in the data)"
    anchor_day = _fromordinal(anchor).isoformat()
    posted = bool(days) and days[0] <= anchor  # else the account has not posted since it opened
    if still_unsure:
        since_zh = f"发布记录自{known.isoformat()}起完整，此后无更新"
        since_en = f"no post on record since {known.isoformat()}, from which the post history is complete"
        figures = {**figures_base, "posts_from": known.isoformat(), "silent_days_at_least": elapsed}
        if earliest is not None and elapsed < need:
            # Not dormant on the known days: the next post is due by the earliest day the silence
            # could break the limit.
            due, due_gap = _dormant_from(context, limit, earliest, need)
            due = max(due, first_day) if due is not None else None
    else:
        since_zh = f"最近一次更新为{anchor_day}" if posted else f"开设于{anchor_day}，此后尚无更新"
        since_en = (f"the last post was on {anchor_day}" if posted
                    else f"the account opened on {anchor_day} and has not posted since")
        figures = {**figures_base, "last_post" if posted else "opened_on": anchor_day, "elapsed": elapsed}
    if gap is not None:  # counted up to the last day of the data: at least this many
        figures["elapsed_counted_to"] = f"{gap - 1}-12-31"
    provisional = _provisional(context, limit, _fromordinal(anchor), context.as_of, *([due] if due else []))
    if elapsed < need and gap is not None:
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"截至{context.as_of.isoformat()}，{since_zh}；期间跨入{gap}年，该年节假日安排尚未纳入，"
            f"暂不能判断是否构成{words_zh}（至{gap - 1}年底已{elapsed}个工作日）。",
            f"As of {context.as_of.isoformat()} {since_en}; the silence reaches into {gap}, whose holiday schedule "
            f"is not yet in the data, so whether it makes {words_en} is open ({elapsed} working days by the "
            f"end of {gap - 1}).",
            figures=figures,
            calendar_gap=gap,
        )
        return
    if still_unsure and elapsed < need and gap is None and might_break(as_of):
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"截至{context.as_of.isoformat()}，{since_zh}（{elapsed}{'个工作日' if limit.unit is DurationUnit.WORKING_DAYS else '天'}）；"
            f"此前最近一次更新的日期不详，是否已{words_zh}取决于{known.isoformat()}以前的发布。",
            f"As of {context.as_of.isoformat()} {since_en} ({elapsed}); the last post before it is not known, so "
            f"whether it makes {words_en} depends on posts before {known.isoformat()}.",
            figures={**figures, **missing},
        )
        return
    if elapsed >= need:
        if still_unsure and due is not None:
            opened = lead(due)
            if opened is not None:
                yield opened
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"截至{context.as_of.isoformat()}，{since_zh}，已{words_zh}。",
            f"As of {context.as_of.isoformat()} {since_en}: {words_en}.",
            period=f"{due_zh}/{context.as_of.isoformat()}",
            due=due,
            figures=figures,
            provisional=provisional,
        )
    else:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"截至{context.as_of.isoformat()}，{since_zh}，未构成{words_zh}；最迟应于{due_zh}当日更新。",
            f"As of {context.as_of.isoformat()} {since_en}, within {limit.amount} {limit.unit.replace('_', ' ')}; "
            f"the next post is due on {due_en} at the latest.",
            due=due,
            figures=figures,
            provisional=provisional,
            calendar_gap=due_gap,
        )
