"""Minimum posting frequency (``posting_frequency``) and minimum original posts (``original_posts``).

Both kinds say "at least ``minimum`` per ``per``". ``posting_frequency`` counts every post (original
or repost: "更新" is one published post, one entry in the facts); ``original_posts`` counts only
posts marked ``original``. How a rule is read depends on its period (interpretations, shown in the
docs through the rules' own interpretation notes):

* **No number** (``minimum`` or ``per`` omitted, e.g. the national "确保信息更新及时"): qualitative,
  not checkable; no finding.
* **Time convention**: an evaluation "as of" a date sees everything up to the end of that date, so
  ``as_of`` is a finished day. A period or span ending on ``as_of`` is complete and judged; only one
  ending after ``as_of`` is still open.
* **Calendar periods** — ``per`` = 1 week ("每周"; also 1 month, 1 year): a calendar week runs Monday
  to Sunday (Asia/Shanghai). Every complete week in the window is judged on its own: compliant if it
  holds at least ``minimum`` qualifying posts, a violation otherwise (one finding per violating
  week, period ``2025-W05``, ISO week numbering, due its Sunday). The compliant weeks are reported
  together in ONE summary finding (period ``2024-W49/2025-W48``, figures ``periods`` etc.) so that a
  year of data stays readable. The week containing ``as_of`` gets a finding of its own, after the
  summary: if ``as_of`` is its last day (a Sunday) the week is complete — a violation (period
  ``2025-W15``, due that Sunday) if it holds fewer than ``minimum``, else compliant; otherwise it is
  the *current* week, still open: compliant if the minimum is already met, else pending, due on its
  Sunday.
* **The opening week**: when the window starts after a Monday (the account opened, or the rule came
  into force, or the report window begins, in mid-week) that first, partial week is *not judged* —
  an account opened on a Saturday cannot be held to three posts that week. The summary says so
  (figures ``opening_period_not_judged``). If the window holds no week but that one, a single
  finding says whether its posts already meet the minimum (compliant) or that it is not judged
  (not_applicable).
* **Rolling periods** — ``per`` = N weeks with N > 1 (Gao County's "每2周至少发布1条原创信息": 14
  calendar days, not calendar weeks) or N calendar days: every run of ``7N`` (or N) consecutive
  days inside [window start, ``as_of``] must hold at least ``minimum`` qualifying posts; for a
  minimum of 1, no more than 7N days may pass between qualifying posts, counting from the window
  start (the first run starts on the window's first day; posts before the window are not looked
  at). Runs ending on ``as_of`` are complete (``as_of`` is a finished day): a stretch whose ``7N``
  days are all over by the end of ``as_of`` is a violation, not pending. Each violating stretch is
  reported once (period ``first/last``: for a minimum of 1, the days without a qualifying post; a
  stretch still going on as of ``as_of`` is shown up to ``as_of``, figures ``ongoing``); if none is
  going on, the state on ``as_of`` is pending, due on the last day (always after ``as_of``) on
  which a qualifying post keeps the account compliant.
* **Working days** — ``per`` = 1 working day (Gao County main accounts, "每个工作日更新"): each
  working day of the State Council schedule (makeup working days included) must have at least
  ``minimum`` posts published that day; a post on a weekend or holiday counts for no working day
  (the rule's interpretation says so). Consecutive missed working days — consecutive in the
  working-day calendar, so a missed Friday and the following Monday are one run — are grouped into
  one violation (period ``first/last``, figures ``missed_working_days``). ``as_of``, if a working
  day, is a finished day like any other: without its posts it is a missed working day (part of a
  violation run), with them it counts in the summary; nothing is pending under this rule. One
  compliant summary covers the working days, ``as_of`` included, that met the rule. A day is never
  partial, so the window's first day (the account's opening day, say) is judged if it is a working
  day too. ``per`` = N working days (N > 1) is read as a rolling run of N working days, as above.
  Editing an old post is not in the facts and counts for nothing; only published posts do.
* The window runs from ``context.window_start(view, rule)`` (the latest of the report window's
  start, the account's opening and the rule's entry into force) to ``as_of``.
* **Posts known only from ``posts_from``**: the week holding ``posts_from``, begun while the rule
  already governed the account, is a whole week in law, not an opening week. It is compliant if
  its known days meet the minimum and ``insufficient_data`` (naming ``posts_from``) otherwise. A
  rolling run reaching back before ``posts_from`` (minimum 1) is ``insufficient_data`` when the
  days before could hold the qualifying post it lacks; the known days alone can still make it a
  violation.
* An account with no post at all and no opening date gives ``insufficient_data``: the facts cannot
  tell a silent account from one whose posts were not supplied.
* Periods of N > 1 months or years are not supported (no text uses them): ``not_applicable`` with
  a message saying so.

Cost per account and rule: O(posts + periods) — bisection over the sorted post days of the view,
week labels and working-day positions computed once per window and cached.
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import groupby
from types import MappingProxyType
from typing import Any

from ...calendar import WorkingDayCalendar
from ...errors import CalendarCoverageError
from ...composition import EffectiveRule
from ...model.params import Duration, DurationUnit, FrequencyParams, RuleKind
from ..context import AccountView, EvaluationContext, make_finding
from ..findings import Finding, Status
from ..live import over_live_spans
from ..registry import account_evaluator

__all__ = ["frequency"]

_fromordinal = dt.date.fromordinal


@functools.lru_cache(maxsize=65536)
def _iso(ordinal: int) -> str:
    return _fromordinal(ordinal).isoformat()


# -- wording ----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _words(original: bool, minimum: int, per: Duration) -> _Words:
    return _Words(original, minimum, per)


class _Words:
    """The phrases of one rule's messages, in Chinese and English."""

    def __init__(self, original: bool, minimum: int, per: Duration) -> None:
        self.original = original
        self.minimum = minimum
        self.counted = "original_posts" if original else "posts"
        self.per = per.zh()
        amount, unit = per.amount, per.unit
        if unit is DurationUnit.WEEKS and amount == 1:
            self.per_zh, self.per_en = "每周", "a week"
        elif unit is DurationUnit.MONTHS and amount == 1:
            self.per_zh, self.per_en = "每月", "a month"
        elif unit is DurationUnit.YEARS and amount == 1:
            self.per_zh, self.per_en = "每年", "a year"
        elif unit is DurationUnit.WORKING_DAYS and amount == 1:
            self.per_zh, self.per_en = "每个工作日", "every working day"
        elif unit is DurationUnit.WORKING_DAYS:
            self.per_zh, self.per_en = f"每{amount}个工作日", f"in any {amount} consecutive working days"
        elif unit is DurationUnit.WEEKS:
            self.per_zh, self.per_en = f"每{amount}周", f"in any {7 * amount} consecutive days"
        elif unit is DurationUnit.CALENDAR_DAYS:
            self.per_zh, self.per_en = f"每{amount}天", f"in any {amount} consecutive days"
        else:
            self.per_zh, self.per_en = f"每{per.zh()}", f"every {amount} {unit.value}"
        if original:
            self.require_zh = f"{self.per_zh}至少发布{minimum}条原创信息"
        else:
            self.require_zh = f"{self.per_zh}至少更新{minimum}次"
        noun = "original post" if original else "post"
        self.require_en = f"at least {minimum} {noun}{'' if minimum == 1 else 's'} {self.per_en}"
        self.none_zh = "无原创信息" if original else "无更新"
        self.none_en = "no original post" if original else "no post"

    def count_zh(self, n: int) -> str:
        return f"发布原创信息{n}条" if self.original else f"发布{n}次"

    def count_en(self, n: int) -> str:
        noun = "original post" if self.original else "post"
        return f"{n} {noun}{'' if n == 1 else 's'}"


# -- calendar periods (weeks, months, years) ----------------------------------------------------------


def _week_start(ordinal: int) -> int:
    return ordinal - (ordinal - 1) % 7  # ordinal 1 (0001-01-01) is a Monday


def _week_next(start: int) -> int:
    return start + 7


@functools.lru_cache(maxsize=8192)
def _week_label(start: int) -> str:
    year, week, _ = _fromordinal(start).isocalendar()
    return f"{year}-W{week:02d}"


def _month_start(ordinal: int) -> int:
    day = _fromordinal(ordinal)
    return dt.date(day.year, day.month, 1).toordinal()


def _month_next(start: int) -> int:
    day = _fromordinal(start)
    return (dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)).toordinal()


def _month_label(start: int) -> str:
    return _fromordinal(start).strftime("%Y-%m")


def _year_start(ordinal: int) -> int:
    return dt.date(_fromordinal(ordinal).year, 1, 1).toordinal()


def _year_next(start: int) -> int:
    return dt.date(_fromordinal(start).year + 1, 1, 1).toordinal()


def _year_label(start: int) -> str:
    return str(_fromordinal(start).year)


_PERIODS: dict[DurationUnit, tuple[Callable[[int], int], Callable[[int], int], Callable[[int], str], str, str]] = {
    DurationUnit.WEEKS: (_week_start, _week_next, _week_label, "自然周", "calendar week"),
    DurationUnit.MONTHS: (_month_start, _month_next, _month_label, "自然月", "calendar month"),
    DurationUnit.YEARS: (_year_start, _year_next, _year_label, "自然年", "calendar year"),
}


@functools.lru_cache(maxsize=256)
def _boundaries(unit: DurationUnit, first: int, current: int) -> tuple[int, ...]:
    """Starts of the periods from ``first`` to ``current`` inclusive (both period starts)."""
    if unit is DurationUnit.WEEKS:
        return tuple(range(first, current + 1, 7))
    following = _PERIODS[unit][1]
    out = []
    start = first
    while start <= current:
        out.append(start)
        start = following(start)
    return tuple(out)


@functools.lru_cache(maxsize=16384)
def _period_violation(
    words: _Words, label: Callable[[int], str], p_start: int, p_end: int, count: int
) -> tuple[str, str, str, dt.date, Mapping[str, Any]]:
    """The words and figures of one violating period, shared by every account with the same
    count in it: a year of weekly findings for thousands of accounts repeats them, and sharing
    one read-only figures mapping saves an allocation per finding."""
    name = label(p_start)
    first, last = _iso(p_start), _iso(p_end)
    figures = MappingProxyType({"counted": words.counted, "minimum": words.minimum, "per": words.per, "count": count,
                                "from": first, "to": last})
    return (
        f"{name}（{first}至{last}）{words.count_zh(count)}，少于{words.require_zh}的要求。",
        f"{name} ({first} to {last}): {words.count_en(count)}, fewer than the required {words.minimum} {words.per_en}.",
        name,
        _fromordinal(p_end),
        figures,
    )


def _unknown_head(rule: EffectiveRule, view: AccountView, words: _Words, name: str, first: int, last: int,
                  count: int, posts_from: str, base: Mapping[str, Any]) -> Finding:
    """A period the rule governs whole but whose posts are known only from ``posts_from``, short of
    the minimum on the known days: the days before decide it, so it is not judged by a guess."""
    return make_finding(
        rule, view.id, Status.INSUFFICIENT_DATA,
        f"{name}（{_iso(first)}至{_iso(last)}）：发布记录自{posts_from}起才完整，已知{words.count_zh(count)}；"
        f"是否达到{words.require_zh}的要求取决于{posts_from}以前的发布。",
        f"{name} ({_iso(first)} to {_iso(last)}): the post history is complete only from {posts_from}, which shows "
        f"{words.count_en(count)}; whether it meets {words.require_en} depends on the posts before {posts_from}.",
        period=name,
        figures={**base, "count_at_least": count, "from": _iso(first), "to": _iso(last),
                 "posts_from": posts_from, "missing": ["posts_from"]},
    )


def _calendar_periods(
    rule: EffectiveRule, view: AccountView, days: Sequence[int], words: _Words, unit: DurationUnit, start: int,
    as_of: int, governed_from: int | None = None,
) -> Iterator[Finding]:
    """Calendar periods from ``start``. ``governed_from``: the rule governs the account from that
    earlier day, and the facts hold its posts only from ``start`` (``posts_from``): a period begun
    before ``start`` is then whole in law, not a partial opening period."""
    start_of, following, label, name_zh, name_en = _PERIODS[unit]
    minimum = words.minimum
    per = rule.rule.params.per
    base = {"counted": words.counted, "minimum": minimum, "per": per.zh()}
    opening_start = start_of(start)
    first = start if opening_start == start else following(opening_start)
    current = start_of(as_of)
    # A period that ends on as_of is over ("as of" a day sees all of it): it is judged with the
    # complete ones, and there is no current period.
    closes = following(current) - 1 == as_of
    opening = None if opening_start == start else f"{_iso(start)}/{_iso(first - 1)}"
    head = opening is not None and governed_from is not None and opening_start >= governed_from
    only_opening = current < first or (closes and following(current) <= first)
    lo = bisect_left(days, start)
    if head:
        # Known only in part: met on the known days, or decided by the unknown ones.
        count = bisect_left(days, first, lo) - lo
        if count >= minimum:
            yield make_finding(
                rule, view.id, Status.COMPLIANT,
                f"{label(opening_start)}（{_iso(start)}起有完整发布记录）已{words.count_zh(count)}，达到{words.require_zh}的要求。",
                f"{label(opening_start)} (posts on record from {_iso(start)}): {words.count_en(count)}, meeting the "
                f"requirement of {words.require_en}.",
                period=label(opening_start), figures={**base, "count": count, "posts_from": _iso(start)},
            )
        else:
            yield _unknown_head(rule, view, words, label(opening_start), opening_start,
                                min(first - 1, as_of), count, _iso(start), base)
        if only_opening:
            return
        opening = None
    if only_opening:
        # The window holds only the opening period, which has begun before the window.
        count = len(days) - lo
        figures = {**base, "count": count, "from": _iso(start), "to": _iso(as_of),
                   "opening_period_not_judged": opening, "first_full_period": label(first)}
        if count >= minimum:
            yield make_finding(
                rule, view.id, Status.COMPLIANT,
                f"{label(current)}（自{_iso(start)}起，截至{_iso(as_of)}）已{words.count_zh(count)}，达到{words.require_zh}的要求。",
                f"{label(current)} (from {_iso(start)}, as of {_iso(as_of)}): {words.count_en(count)}, "
                f"meeting the requirement of {words.require_en}.",
                period=label(current), figures=figures,
            )
        else:
            yield make_finding(
                rule, view.id, Status.NOT_APPLICABLE,
                f"评估窗口自{_iso(start)}（{name_zh}中途）开始，该{name_zh}不完整，不予判定；"
                f"首个完整{name_zh}为{label(first)}。",
                f"The window starts on {_iso(start)}, in the middle of a {name_en}; that partial {name_en} is not "
                f"judged. The first full {name_en} is {label(first)}.",
                period=label(current), figures=figures,
            )
        return
    bounds = _boundaries(unit, first, following(current) if closes else current)
    positions = [bisect_left(days, bound, lo) for bound in bounds]
    complete = len(bounds) - 1
    counts = [b - a for a, b in zip(positions, positions[1:])]
    violations = [(i, count) for i, count in enumerate(counts) if count < minimum]
    compliant = complete - len(violations)
    first_ok = last_ok = -1
    if compliant:
        first_ok = next(i for i, count in enumerate(counts) if count >= minimum)
        last_ok = complete - 1 - next(i for i, count in enumerate(reversed(counts)) if count >= minimum)
    account_id = view.id
    for i, count in violations:
        zh, en, name, due, figures = _period_violation(words, label, bounds[i], bounds[i + 1] - 1, count)
        yield make_finding(rule, account_id, Status.VIOLATION, zh, en, period=name, due=due, figures=figures)
    opening_zh = f"（窗口起始所在的不完整{name_zh}{opening}未判定）" if opening else ""
    opening_en = f" (the partial opening {name_en} {opening} is not judged)" if opening else ""
    if compliant:
        a, b = label(bounds[first_ok]), label(bounds[last_ok])
        figures: dict[str, Any] = {**base, "periods": compliant, "periods_judged": complete, "violations": len(violations),
                                   "from": _iso(bounds[first_ok]), "to": _iso(bounds[last_ok + 1] - 1)}
        if opening:
            figures["opening_period_not_judged"] = opening
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{a}至{b}期间，{complete}个完整{name_zh}中有{compliant}个达到{words.require_zh}的要求{opening_zh}。",
            f"From {a} to {b}, {compliant} of {complete} complete {name_en}s met the requirement of "
            f"{words.require_en}{opening_en}.",
            period=f"{a}/{b}",
            figures=figures,
        )
    if closes:
        return
    # The current period, which contains as_of and ends after it.
    count = len(days) - positions[-1]
    end = following(current) - 1
    name = label(current)
    figures = {**base, "count": count, "from": _iso(current), "to": _iso(end), "as_of": _iso(as_of)}
    if not complete and opening:
        figures["opening_period_not_judged"] = opening
    if count >= minimum:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"本{name_zh}{name}（截至{_iso(as_of)}）已{words.count_zh(count)}，达到{words.require_zh}的要求。",
            f"Current {name_en} {name} (as of {_iso(as_of)}): {words.count_en(count)}, already meeting the "
            f"requirement of {words.require_en}.",
            period=name, figures=figures,
        )
    else:
        figures["missing"] = minimum - count
        yield make_finding(
            rule, view.id, Status.PENDING,
            f"本{name_zh}{name}（截至{_iso(as_of)}）已{words.count_zh(count)}，尚差{minimum - count}"
            f"{'条' if words.original else '次'}，应于{_iso(end)}前（含当日）达到{words.require_zh}的要求。",
            f"Current {name_en} {name} (as of {_iso(as_of)}): {words.count_en(count)} so far; "
            f"{minimum - count} more needed by {_iso(end)} to meet the requirement of {words.require_en}.",
            period=name, due=_fromordinal(end), figures=figures,
        )


# -- runs without enough posts ------------------------------------------------------------------------


def _stretches(q: Sequence[int], minimum: int, length: int, first: int, last_end: int) -> list[tuple[int, int]]:
    """Maximal runs of positions covered by complete spans lacking posts.

    Positions are days (calendar ordinals) or working-day indexes. A span is ``length`` consecutive
    positions ``[t, t + length - 1]`` with ``first <= t`` and ``t + length - 1 <= last_end``; it
    lacks posts when it holds fewer than ``minimum`` of the sorted positions ``q`` (with
    repetition; every one at least ``first``). Returns the union of the lacking spans as sorted,
    disjoint ``(first, last)`` runs. O(len(q)).
    """
    last_start = last_end - length + 1
    if last_start < first:
        return []
    if minimum <= 0:
        return []
    if minimum == 1:
        # With one post needed, a lacking run is the stretch between two posts (or the window's
        # start, or the end of the complete spans) holding none, when it is at least ``length`` long.
        # (Positions after ``last_end + 1`` do not occur in the engine; they are clipped anyway.)
        out = [(a + 1, b - 1 if b <= last_end else last_end)
               for a, b in zip([first - 1, *q], q) if b - a > length and a + length <= last_end]
        tail = q[-1] if q else first - 1
        if tail + length <= last_end:
            out.append((tail + 1, last_end))
        return out
    # General case. Pad with ``minimum`` virtual posts just before the window (the window's start
    # counts as a fresh start). For each j, the spans starting in (Q[j-1], Q[j]] have Q[j] as their
    # first post and lack posts when Q[j+minimum-1] falls after their end.
    padded = [first - 1] * minimum + list(q)
    n = len(padded)
    runs: list[tuple[int, int]] = []
    for j in range(1, n + 1):
        lo = padded[j - 1] + 1
        hi = last_start
        if j < n and padded[j] < hi:
            hi = padded[j]
        k = j + minimum - 1
        if k < n and padded[k] - length < hi:
            hi = padded[k] - length
        if lo <= hi:
            run_first, run_last = lo, hi + length - 1
            if runs and run_first <= runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], max(runs[-1][1], run_last))
            else:
                runs.append((run_first, run_last))
    return runs


def _rolling(
    rule: EffectiveRule,
    view: AccountView,
    words: _Words,
    q: Sequence[int],
    length: int,
    first: int,
    now: int,
    last_end: int,
    to_date: Callable[[int], dt.date],
    unit_zh: str,
    unit_en: str,
    as_of: dt.date,
    provisional: bool,
) -> Iterator[Finding]:
    """Rolling runs of ``length`` positions (days or working days) from ``first`` to ``now`` (the
    position of ``as_of``, or of the last working day before it); spans ending after ``last_end``
    are still open."""
    minimum = words.minimum
    per = rule.rule.params.per
    base = {"counted": words.counted, "minimum": minimum, "per": per.zh(), "span": length}
    runs = _stretches(q, minimum, length, first, last_end)
    if minimum <= 0:
        return
    # The minimum-th latest post (a virtual one just before the window if there are fewer): the
    # run starting the day after it is the first that still needs a post.
    padded_key = q[len(q) - minimum] if len(q) >= minimum else first - 1
    # The last run is still going on as of ``as_of`` when it reaches the last complete span and
    # the open span ending on ``as_of`` (if any) lacks posts too: posts on as_of did not end it.
    ongoing = bool(runs) and runs[-1][1] == last_end and (
        last_end == now or len(q) - bisect_left(q, now - length + 1) < minimum
    )
    for index, (a, b) in enumerate(runs):
        is_current = ongoing and index == len(runs) - 1
        a_date = to_date(a)
        b_date = as_of if is_current else to_date(b)
        span_units = (now if is_current else b) - a + 1  # for working days, now is the last one up to as_of
        figures = {**base, "from": a_date.isoformat(), "to": b_date.isoformat(), "length": span_units}
        if minimum == 1:
            if is_current:
                zh = (f"自{a_date.isoformat()}起至{b_date.isoformat()}（评估日）连续{span_units}{unit_zh}{words.none_zh}，"
                      f"不符合{words.require_zh}的要求。")
                en = (f"{words.none_en.capitalize()} from {a_date.isoformat()} to {b_date.isoformat()} (the evaluation "
                      f"date), {span_units} {unit_en}: the rule requires {words.require_en}.")
            else:
                zh = (f"{a_date.isoformat()}至{b_date.isoformat()}连续{span_units}{unit_zh}{words.none_zh}，"
                      f"不符合{words.require_zh}的要求。")
                en = (f"{words.none_en.capitalize()} from {a_date.isoformat()} to {b_date.isoformat()} "
                      f"({span_units} {unit_en}): the rule requires {words.require_en}.")
        else:
            zh = (f"{a_date.isoformat()}至{b_date.isoformat()}期间，有连续{length}{unit_zh}内"
                  f"{'原创信息少于' if words.original else '更新少于'}{minimum}{'条' if words.original else '次'}的情况，"
                  f"不符合{words.require_zh}的要求。")
            en = (f"Between {a_date.isoformat()} and {b_date.isoformat()} some run of {length} {unit_en} had fewer than "
                  f"{minimum} {'original posts' if words.original else 'posts'}: the rule requires {words.require_en}.")
        if is_current:
            figures["ongoing"] = True
        yield make_finding(
            rule, view.id, Status.VIOLATION, zh, en,
            period=f"{a_date.isoformat()}/{b_date.isoformat()}",
            due=to_date(a + length - 1),
            figures=figures,
            provisional=provisional,
        )
    if ongoing:
        return
    try:
        due: dt.date | None = to_date(max(padded_key + length, last_end + 1))
        gap = None
    except CalendarCoverageError as missing:  # the next post is due in a year the data lacks
        due, gap = None, missing.year
    due_text = due.isoformat() if due is not None else f"{gap}年某日（该年节假日安排尚未纳入）"
    due_text_en = due.isoformat() if due is not None else f"a day in {gap} (its holiday schedule is not yet in the data)"
    last = padded_key if padded_key >= first else None
    figures = {**base, "as_of": as_of.isoformat(), "last": to_date(last).isoformat() if last is not None else None}
    if last is None:
        since_zh = f"评估窗口自{to_date(first).isoformat()}起"
        since_en = f"The window starts on {to_date(first).isoformat()}"
    elif minimum == 1:
        since_zh = f"最近一条{'原创信息' if words.original else '信息'}发布于{to_date(last).isoformat()}"
        since_en = f"The last {'original post' if words.original else 'post'} was on {to_date(last).isoformat()}"
    else:
        since_zh = f"截至评估日的最近{minimum}{'条原创信息' if words.original else '条信息'}中最早一条发布于{to_date(last).isoformat()}"
        since_en = f"The earliest of the last {minimum} {'original posts' if words.original else 'posts'} was on {to_date(last).isoformat()}"
    # Met as of as_of, with the day by which the next post is due (as the dormancy rules report).
    yield make_finding(
        rule, view.id, Status.COMPLIANT,
        f"截至{as_of.isoformat()}符合{words.require_zh}的要求；{since_zh}，最迟应于{due_text}当日"
        f"{'再发布1条原创信息' if words.original else '再更新1次'}。",
        f"As of {as_of.isoformat()} the requirement of {words.require_en} is met. {since_en}; the next "
        f"{'original post' if words.original else 'post'} is due on {due_text_en} at the latest.",
        period=f"{as_of.isoformat()}/{due.isoformat()}" if due is not None else None,
        due=due,
        figures=figures,
        provisional=provisional,
        calendar_gap=gap,
    )


# -- working days -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _working_positions(calendar: WorkingDayCalendar, start: int, end: int) -> tuple[tuple[int, ...], int, int]:
    """For the days ``start..end``: each day's working-day index, or -1 on a non-working day; the
    index of the first working day on or after ``start``; the index of the last on or before ``end``."""
    table = []
    for ordinal in range(start, end + 1):
        day = _fromordinal(ordinal)
        table.append(calendar.working_day_index(day) if calendar.is_working_day(day) else -1)
    first_day = _fromordinal(start)
    first = calendar.working_day_index(first_day) + (0 if calendar.is_working_day(first_day) else 1)
    last = calendar.working_day_index(_fromordinal(end))
    return tuple(table), first, last


def _after_last_met_working_day(days: Sequence[int], minimum: int, legal: int, report: int,
                                calendar: WorkingDayCalendar) -> int:
    """The day after the last working day in [legal, report) with at least ``minimum`` posts, or
    ``legal``: where a run of missed working days that reaches ``report`` began."""
    hi = bisect_left(days, report)
    lo = bisect_left(days, legal)
    for day in reversed(_qualifying_days(days[lo:hi], 0, minimum)):
        if calendar.is_working_day(_fromordinal(day)):
            return day + 1
    return legal


def _qualifying_days(days: Sequence[int], lo: int, minimum: int) -> list[int]:
    """Distinct days from ``days[lo:]`` with at least ``minimum`` posts."""
    segment = days[lo:]
    if minimum <= 1:
        return list(dict.fromkeys(segment))
    return [day for day, group in groupby(segment) if sum(1 for _ in group) >= minimum]


def _working_days(
    rule: EffectiveRule, view: AccountView, context: EvaluationContext, days: Sequence[int], words: _Words,
    start: int, as_of: int,
) -> Iterator[Finding]:
    calendar = context.calendar
    amount = rule.rule.params.per.amount
    minimum = words.minimum
    table, first, last = _working_positions(calendar, start, as_of)
    provisional = calendar.is_provisional(_fromordinal(start)) or calendar.is_provisional(_fromordinal(as_of))
    # "As of" a day sees the whole of it (BRIEF's time conventions): as_of is a finished day.
    last_end = last
    lo = bisect_left(days, start)
    to_date = calendar.working_day_at
    if amount > 1:
        q = [p for d in days[lo:] if (p := table[d - start]) >= 0]
        if first > last:
            yield _no_working_day(rule, view, words, start, as_of, provisional)
            return
        yield from _rolling(rule, view, words, q, amount, first, last, last_end, to_date, "个工作日", "working days",
                            _fromordinal(as_of), provisional)
        return
    # One working day: a day lacks posts when it has fewer than ``minimum``; runs of such days.
    q = [p for d in _qualifying_days(days, lo, minimum) if (p := table[d - start]) >= 0]
    if first > last:
        yield _no_working_day(rule, view, words, start, as_of, provisional)
        return
    runs = _stretches(q, 1, 1, first, last_end)
    base = {"counted": words.counted, "minimum": minimum, "per": rule.rule.params.per.zh()}
    missed = 0
    for a, b in runs:
        count = b - a + 1
        missed += count
        a_date, b_date = to_date(a).isoformat(), to_date(b).isoformat()
        lacking_zh = words.none_zh if minimum == 1 else (f"{'原创信息' if words.original else '更新'}少于{minimum}"
                                                         f"{'条' if words.original else '次'}")
        lacking_en = words.none_en if minimum == 1 else (f"fewer than {minimum} "
                                                         f"{'original posts' if words.original else 'posts'}")
        if count == 1:
            zh = f"工作日{a_date}{lacking_zh}，不符合{words.require_zh}的要求。"
            en = f"Working day {a_date}: {lacking_en}; the rule requires {words.require_en}."
        else:
            zh = f"{a_date}至{b_date}连续{count}个工作日{lacking_zh}，不符合{words.require_zh}的要求。"
            en = f"{count} consecutive working days from {a_date} to {b_date} with {lacking_en}; the rule requires {words.require_en}."
        yield make_finding(
            rule, view.id, Status.VIOLATION, zh, en,
            period=f"{a_date}/{b_date}", due=to_date(a),
            figures={**base, "missed_working_days": count, "from": a_date, "to": b_date},
            provisional=provisional,
        )
    complete = max(0, last_end - first + 1)
    compliant = complete - missed
    if compliant:
        first_ok = runs[0][1] + 1 if runs and runs[0][0] == first else first
        last_ok = runs[-1][0] - 1 if runs and runs[-1][1] == last_end else last_end
        a_date, b_date = to_date(first_ok).isoformat(), to_date(last_ok).isoformat()
        judged = complete
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{a_date}至{b_date}期间，{judged}个工作日中有{compliant}个工作日达到{words.require_zh}的要求"
            f"（未达到的{missed}个）。",
            f"From {a_date} to {b_date}, {compliant} of {judged} working days met the requirement of "
            f"{words.require_en} ({missed} did not).",
            period=f"{a_date}/{b_date}",
            figures={**base, "compliant_working_days": compliant, "working_days": judged, "missed_working_days": missed,
                     "from": a_date, "to": b_date},
            provisional=provisional,
        )


def _no_working_day(rule: EffectiveRule, view: AccountView, words: _Words, start: int, as_of: int,
                    provisional: bool) -> Finding:
    return make_finding(
        rule, view.id, Status.NOT_APPLICABLE,
        f"{_iso(start)}至{_iso(as_of)}期间没有工作日，{words.require_zh}的要求尚无可判定的工作日。",
        f"No working day between {_iso(start)} and {_iso(as_of)}: nothing to judge under the requirement of {words.require_en} yet.",
        period=f"{_iso(start)}/{_iso(as_of)}",
        figures={"counted": words.counted, "minimum": words.minimum, "per": rule.rule.params.per.zh()},
        provisional=provisional,
    )


# -- the evaluator ----------------------------------------------------------------------------------


@account_evaluator(RuleKind.POSTING_FREQUENCY, RuleKind.ORIGINAL_POSTS)
@over_live_spans
def frequency(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    params: FrequencyParams = rule.rule.params
    minimum, per = params.minimum, params.per
    if minimum is None or per is None:
        return  # qualitative ("确保信息更新及时"): nothing to check
    original = rule.rule.kind is RuleKind.ORIGINAL_POSTS
    words = _words(original, minimum, per)
    figures_base = {"counted": words.counted, "minimum": minimum, "per": per.zh()}
    if not view.post_days and view.opened_on is None:
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"无发布记录，且未提供开设日期，无法判断是否达到{words.require_zh}的要求。",
            f"No posts and no opening date: the requirement of {words.require_en} cannot be judged.",
            figures=figures_base,
        )
        return
    # What is judged starts where the law starts (the rule's entry into force, the opening); the
    # report window only decides from where on findings are printed, so the computation begins at
    # the first period the report shows, aligned so that no period is cut by the report window.
    legal = context.posts_start(view, rule).toordinal()
    report = max(context.since.toordinal(), legal)
    # The rule governs the account from ``governed``; the posts are known only from ``legal``
    # (``posts_from``). Where the two differ, a first period reaching back before ``posts_from`` is
    # decided by unknown posts unless the known ones settle it.
    governed = context.legal_start(view, rule).toordinal()
    unknown_head = legal > governed and report <= legal
    start = report
    per_unit, per_amount = per.unit, per.amount
    if per_unit in _PERIODS and per_amount == 1:
        start = max(legal, _PERIODS[per_unit][0](report))
    elif per_unit is not DurationUnit.WORKING_DAYS and report > legal:
        # A rolling run may have begun before the report window: start it where it began.
        qualifying = view.original_days if original else view.post_days
        if words.minimum == 1:
            before = view.last_post_on_or_before(report - 1, qualifying)
            start = before + 1 if before is not None and before >= legal else legal
        else:
            start = legal
    elif report > legal and per_amount == 1:
        # A run of missed working days may have begun before the report window: start after the
        # last working day before it that met the minimum.
        start = _after_last_met_working_day(view.original_days if original else view.post_days,
                                            words.minimum, legal, report, context.calendar)
    elif report > legal:
        start = legal
    start_date = _fromordinal(start)
    as_of = context.as_of.toordinal()
    if start > as_of:
        yield make_finding(
            rule, view.id, Status.NOT_APPLICABLE,
            f"评估窗口起始日{start_date.isoformat()}（账号开设或规则施行）晚于评估日，尚无可判定的期间。",
            f"The window starts on {start_date.isoformat()} (the account's opening or the rule's entry into force), "
            f"after the evaluation date: no period to judge yet.",
            figures={**figures_base, "window_start": start_date.isoformat()},
        )
        return
    days = view.original_days if original else view.post_days
    unit, amount = per.unit, per.amount
    if amount <= 0:
        unsupported = True
    elif unit is DurationUnit.WORKING_DAYS:
        yield from _working_days(rule, view, context, days, words, start, as_of)
        return
    elif unit in _PERIODS and amount == 1:
        yield from _calendar_periods(rule, view, days, words, unit, start, as_of,
                                     governed if unknown_head else None)
        return
    else:
        length = per.calendar_days()
        unsupported = length is None
    if unsupported:
        yield make_finding(
            rule, view.id, Status.NOT_APPLICABLE,
            f"本库尚不能评估以“{per.zh()}”为周期的频次要求。",
            f"A frequency per {per.amount} {per.unit.value} is not supported by this library.",
            figures=figures_base,
        )
        return
    assert length is not None
    q = days[bisect_left(days, start):]
    if unknown_head and words.minimum == 1:
        # The first run may have begun before ``posts_from``: from the last qualifying post on
        # record (or the day the rule began to govern the account), which bounds it.
        before = view.last_post_on_or_before(start - 1, days)
        earliest = before if before is not None and before >= governed else governed - 1
        following_post = q[0] if q else as_of + 1
        known_silent = following_post - start  # known days without a qualifying post
        if 0 < known_silent < length <= following_post - 1 - earliest:
            last = min(following_post - 1, as_of)
            yield _unknown_head(rule, view, words, f"{_iso(start)}/{_iso(last)}", start, last, 0, _iso(start),
                                {**figures_base, "span": length})
            if not q:
                return
            start = q[0]
    yield from _rolling(rule, view, words, q, length, start, as_of, as_of, _fromordinal, "天", "days",
                        context.as_of, False)
