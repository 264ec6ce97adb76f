"""Clean-up and closure conditions (清理整合、关停、注销): when must an account go?

A ``cleanup_condition`` rule is met when **any one** of its conditions holds ("出现以下6种情况之一"),
and only for accounts at least ``min_account_age`` old. A met condition is a *violation* of the
rule: the account must be cleaned up, shut down or cancelled. Each condition comes to one state:
held, not held, pending (a period still running), unknown (a fact it needs is not given; the
figures name it, ``missing``) or undecidable (no fact decides it: 无力维护, 关注度低, for the units
to declare). The finding is:

* ``violation`` if any condition held (whatever the unknown ones would give), citing the sources
  that cover the held conditions (``covers``), then the rule's primary source;
* else ``insufficient_data`` if a condition is unknown — had it held the account would have to go,
  so this is no clean bill — naming the missing facts (``figures.missing_facts``) and citing the
  unknown conditions;
* else ``pending`` if one is still running (an exposure whose 3 days are not over, a registration
  window still open), with the earliest such day as ``due``, citing those conditions;
* else ``compliant``, undecidable conditions listed; ``insufficient_data`` if every condition is
  undecidable.

Interpretations implemented (each rule's own interpretation notes are the authority):

* Age gate ("开设1年以上", Huzhou 7.5): 以上 includes the number, so the gate opens on the day one
  year after ``opened_on`` (a 29 February opening: 28 February, 民法典 第二百零二条). Younger
  accounts are ``not_applicable``; with no opening date the gate cannot be checked:
  ``insufficient_data``.
* An account already closed by the rule's action (cancelled; for shut-down and clean-up rules also
  shut down) on or before ``as_of``, and not re-opened since, is ``not_applicable``.
* Events (notices, assessments, incidents, exposures, follower counts, silent spans) before the
  rule came into force (``context.rule_start``) are not counted under it.
* Conditions that name no window of their own (incidents, exposures, repeated dormancy, the
  single-veto security item) look back to the rule's entry into force or the account's opening,
  whichever is later (``context.legal_start``): the texts set no look-back for them. The report
  window (``since``) never changes what they see.
* ``effect_index_below`` (Huzhou 7.5(1)), ``consecutive`` (连续2次): ``count`` assessments adjacent
  in date order all strictly below ``threshold``, anywhere from the legal start to ``as_of`` (the
  text sets no look-back; a later recovery does not undo it). No assessment at all: unknown
  (``assessments``); fewer than ``count``: not held.
* ``notices_at_level``: notices of level rank <= the condition's ``level`` (``city`` = city,
  province or national, Zezhou "市级以上"), at least ``count`` of them. ``level = "superior"``
  (Huzhou 上级): superior to *this* account's host unit, i.e. notices whose level rank is smaller
  than ``host_unit_level``'s (a township unit: county and above; a county unit: city and above).
  With the level not given, the condition is decided for every level the rule applies to
  (``applies_to.unit_levels``, else all): the same answer at every level stands, otherwise it is
  unknown (``host_unit_level``). ``host_unit_kind`` is no proxy for the level. Window:
  ``period = previous_calendar_year`` (上一年度) is the calendar year before ``as_of``'s year;
  otherwise ``within`` back from ``as_of`` inclusive (Zezhou 一年内: the rolling 12 months up to and
  including ``as_of``).
* ``dormancy_repeated`` (Huzhou 7.5(3)): one occurrence is a silence of ``within`` (14 calendar
  days, ``breach = at_limit``: the day after a post to the day before the next, or to ``as_of``
  inclusive); with ``consecutive`` (连续2次), ``count`` occurrences back to back in one silence
  (28 days), a post between two silences breaking the run. The platform counts by monitoring
  round, which the facts do not carry; the figures say so.
* ``rectification_overdue`` (Huzhou 7.5(3)): an exposure (晾晒) must be rectified by the end of
  the ``within``-th day after it (3 calendar days, the exposure's day not counted, the 3rd day
  included); rectified later, or not rectified by ``as_of`` after that day, holds; not rectified
  with days left: pending.
* ``security_incident``: a ``security`` or ``leak`` incident; ``legal_violation``: a recorded
  ``legal_violation`` incident (the library makes no legal judgement of its own).
* ``followers_below_population_share`` (Huzhou 7.5(5) 长期): every follower count recorded in the
  ``within`` (1 year) up to ``as_of`` below ``threshold`` x ``resident_population``, and at least
  ``min_observations`` (2) of them. One count at or above the bar: not held. No population, or
  fewer counts, all below: unknown.
* ``single_veto_item`` (Zezhou 四.(一), the single-veto items of 国办秘函〔2019〕19号 known through
  secondary quotes), one condition per ``item``: ``no_update``, no post on any of the 14 calendar
  days up to and including ``as_of`` (``within`` 2 weeks, ``breach = at_limit``, as
  cn.inspection.no-update-2-weeks: a last post on P holds it from P+14; an account that never
  posted counts from its opening); ``no_interaction``, ``interaction_enabled`` false (unknown when
  not given); ``security_incident``, a security or leak incident in the evaluation window.
* ``not_in_national_filing_system`` (Zezhou "漏报"): ``in_national_filing_system`` false, or
  unknown and no filing with the national filing system on record by ``as_of``; only once the
  registration window after the opening has passed (``within`` if the condition states one, else
  the 2 working days of zezhou.filing.national-system). With no opening date an explicit false
  holds; an unknown flag without a filing is not evaluable.
* ``not_filed_with_supervising_unit`` (Gao County 七.(三)): no filing of ``account_opened`` with the
  supervising unit on record by ``as_of``, once the 2 working days after the opening (Gao County
  ``within-2-working-days``; ``within`` if stated) have passed. A late filing is a filing. No
  opening date and no filing: not evaluable.
* ``unable_to_maintain``, ``low_usage``: no fact decides them; never evaluable.
* ``duplicate_account``: needs the unit's other accounts. A rule whose conditions are all
  ``duplicate_account`` (Zezhou 四.(一)) is evaluated by the unit evaluator below, over accounts of
  one host unit on one platform that are not closed; in a rule mixing it with other conditions the
  per-account evaluator reports it as not evaluable.
"""

from __future__ import annotations

import bisect
import calendar as _pycalendar
import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from ...composition import EffectiveRule
from ...facts.model import IncidentKind, NoticeLevel
from ...model.labels import PLATFORM_ZH
from ...model.params import (
    CleanupAction,
    Condition,
    ConditionPeriod,
    ConditionTrigger,
    Duration,
    DurationUnit,
    InactivityBreach,
    RuleKind,
    VetoItem,
    silent_units_needed,
)
from ...model.vocab import EventType, FilingRecipient, UnitLevel
from .lifecycle import match_filings
from ..context import (
    AccountView,
    EvaluationContext,
    UnitIndex,
    applies,
    citations,
    make_finding,
    open_by_platform,
)
from ..deadlines import Due, due_after
from ..findings import Finding, Status
from ..live import over_current_span
from ..registry import account_evaluator, unit_evaluator

_fromordinal = dt.date.fromordinal

HELD = "held"
NOT_HELD = "not_held"
PENDING = "pending"
UNKNOWN = "unknown"  # a fact the condition needs is not given: the result depends on it
UNDECIDABLE = "undecidable"  # no fact decides it (无力维护, 关注度低): for the units to declare

_ACTION_ZH = {
    CleanupAction.CLEAN_UP: "清理整合",
    CleanupAction.SHUT_DOWN: "关停",
    CleanupAction.INTEGRATE: "清理整合",
    CleanupAction.CANCEL: "注销",
}
_ACTION_EN = {
    CleanupAction.CLEAN_UP: "clean-up and consolidation",
    CleanupAction.SHUT_DOWN: "shutting down",
    CleanupAction.INTEGRATE: "consolidation",
    CleanupAction.CANCEL: "cancellation",
}
# Which lifecycle events end a rule's hold on the account. A shut-down ends a cancellation rule too:
# both texts that order 清理注销 / 关停注销 (湖州市 7.5, 高县 七.(三)) are read as no longer applying
# once the account is shut down or cancelled (their interpretation notes).
_CLOSED_BY = {
    CleanupAction.CANCEL: (EventType.ACCOUNT_SHUT_DOWN, EventType.ACCOUNT_CANCELLED),
    CleanupAction.SHUT_DOWN: (EventType.ACCOUNT_SHUT_DOWN, EventType.ACCOUNT_CANCELLED),
    CleanupAction.CLEAN_UP: (EventType.ACCOUNT_SHUT_DOWN, EventType.ACCOUNT_CANCELLED),
    CleanupAction.INTEGRATE: (EventType.ACCOUNT_SHUT_DOWN, EventType.ACCOUNT_CANCELLED),
}
_LEVEL_ZH = {
    NoticeLevel.NATIONAL: "国家级",
    NoticeLevel.PROVINCE: "省级以上",
    NoticeLevel.CITY: "市级以上",
    NoticeLevel.COUNTY: "区县级以上",
}
_LEVEL_EN = {
    NoticeLevel.NATIONAL: "national",
    NoticeLevel.PROVINCE: "provincial or national",
    NoticeLevel.CITY: "city level or above",
    NoticeLevel.COUNTY: "county level or above",
}
_SECURITY_KINDS = frozenset({IncidentKind.SECURITY, IncidentKind.LEAK})
# Registration windows the interpretations refer to when a condition states none:
# zezhou.filing.national-system and gaoxian.filing.within-2-working-days, both 2 working days.
_DEFAULT_REGISTRATION = Duration(2, DurationUnit.WORKING_DAYS)
# cn.inspection.no-update-2-weeks: "监测时间点前2周内无更新", 2 weeks = 14 calendar days.
_VETO_NO_UPDATE_DAYS = 14


# -- dates ----------------------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; a missing day is the month's last (民法典 第二百零二条)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = _pycalendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def _shift(day: dt.date, duration: Duration, sign: int, context: EvaluationContext) -> dt.date:
    """``day`` moved forward (sign 1) or back (sign -1) by ``duration``."""
    unit = duration.unit
    if unit is DurationUnit.WORKING_DAYS:
        return context.calendar.add_working_days(day, sign * duration.amount)
    if unit is DurationUnit.MONTHS:
        return _add_months(day, sign * duration.amount)
    if unit is DurationUnit.YEARS:
        return _add_months(day, sign * 12 * duration.amount)
    days = duration.calendar_days()
    assert days is not None
    return day + dt.timedelta(days=sign * days)


def _window_from(as_of: dt.date, within: Duration, context: EvaluationContext) -> dt.date:
    """The first day of "within ``within`` up to and including ``as_of``": 1 year as of 2025-03-10
    is 2024-03-11..2025-03-10."""
    return _shift(as_of, within, -1, context) + dt.timedelta(days=1)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _en_duration(duration: Duration) -> str:
    return f"{duration.amount} {duration.unit.replace('_', ' ')}"


# -- outcomes -------------------------------------------------------------------------------------


@attrs.frozen
class _Outcome:
    """What one condition came to for one account."""

    state: str
    zh: str
    en: str
    figures: dict[str, Any] = attrs.field(factory=dict)
    due: dt.date | None = None
    provisional: bool = False
    gap: int | None = None  # a period that ends in a year the holiday data lacks
    missing: tuple[str, ...] = ()  # the facts not given that would decide an UNKNOWN condition


def _unknown(zh: str, en: str, *missing: str, **figures: Any) -> _Outcome:
    if missing:
        figures = {**figures, "missing": list(missing)}
    return _Outcome(UNKNOWN, zh, en, figures, missing=missing)


@attrs.frozen
class _Setting:
    """Per rule and evaluation: what every account shares."""

    as_of: dt.date
    rule_start: dt.date
    context: EvaluationContext
    rule: EffectiveRule


Checker = Callable[[Condition, AccountView, _Setting, Any], _Outcome]


_last_window: tuple[Any, Any, dt.date] = (None, None, dt.date.min)


def _event_window(view: AccountView, setting: _Setting) -> dt.date:
    """The evaluation window's first day for this account (memoised for the account at hand:
    several conditions of one rule ask for it)."""
    global _last_window
    last = _last_window
    if last[0] is view and last[1] is setting:
        return last[2]
    first = setting.context.legal_start(view, setting.rule)
    _last_window = (view, setting, first)
    return first


def _dates(days: list[dt.date], limit: int = 5) -> str:
    shown = ", ".join(d.isoformat() for d in days[:limit])
    return shown + ("…" if len(days) > limit else "")


# -- checkers, one per trigger --------------------------------------------------------------------


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of True in ``flags``, as (first index, last index)."""
    runs: list[tuple[int, int]] = []
    begin: int | None = None
    for i, flag in enumerate(flags):
        if flag and begin is None:
            begin = i
        elif not flag and begin is not None:
            runs.append((begin, i - 1))
            begin = None
    if begin is not None:
        runs.append((begin, len(flags) - 1))
    return runs


def _effect_index(cond: Condition, view: AccountView, setting: _Setting, prep: Any) -> _Outcome:
    """"运营效果指数连续2次考核低于80分": ``count`` assessments that follow one another (adjacent in
    date order, none between them) all strictly below ``threshold``, anywhere from the legal start
    (the rule's entry into force or the opening) to ``as_of``. With ``consecutive`` false, any
    ``count`` of them."""
    count = cond.count or 1
    threshold = cond.threshold
    first, as_of = _event_window(view, setting), setting.as_of
    scores = sorted((a for a in view.account.assessments if a.kind == "effect_index" and first <= a.on <= as_of),
                    key=lambda a: a.on)
    window = f"{first.isoformat()}/{as_of.isoformat()}"
    if not scores:
        return _unknown(f"{first.isoformat()}至{as_of.isoformat()}无运营效果指数考核记录",
                        f"no effect-index assessment on record from {first.isoformat()} to {as_of.isoformat()}",
                        "assessments", window=window)
    below = [a.effect_index < threshold for a in scores]
    runs = _runs(below)
    longest = max((b - a + 1 for a, b in runs), default=0)
    consecutive = bool(cond.consecutive)
    figures: dict[str, Any] = {
        "threshold": threshold, "window": window, "assessments": len(scores), "consecutive": consecutive,
        "required": count, "longest_run_below": longest, "below": sum(below),
        "recent": [{"on": a.on.isoformat(), "effect_index": a.effect_index} for a in scores[-max(count, 2):]],
    }
    word_zh = "连续" if consecutive else "累计"
    if consecutive:
        hit = next(((a, b) for a, b in runs if b - a + 1 >= count), None)
        if hit is not None:
            shown = scores[hit[0]:hit[0] + count]
            listed_zh = "、".join(f"{a.on.isoformat()} {_num(a.effect_index)}分" for a in shown)
            listed_en = ", ".join(f"{_num(a.effect_index)} on {a.on.isoformat()}" for a in shown)
            figures["run"] = [{"on": a.on.isoformat(), "effect_index": a.effect_index} for a in shown]
            return _Outcome(HELD, f"运营效果指数连续{count}次考核（{listed_zh}）均低于{_num(threshold)}分",
                            f"{count} consecutive effect-index assessments ({listed_en}) were all below "
                            f"{_num(threshold)}", figures)
        return _Outcome(NOT_HELD, f"{first.isoformat()}至{as_of.isoformat()}共{len(scores)}次考核，低于"
                                  f"{_num(threshold)}分的最多连续{longest}次，未达连续{count}次",
                        f"{len(scores)} assessment(s) from {first.isoformat()} to {as_of.isoformat()}; at most "
                        f"{longest} in a row below {_num(threshold)}, fewer than {count} consecutive", figures)
    if sum(below) >= count:
        return _Outcome(HELD, f"{word_zh}{sum(below)}次考核低于{_num(threshold)}分",
                        f"{sum(below)} assessments below {_num(threshold)}", figures)
    return _Outcome(NOT_HELD, f"低于{_num(threshold)}分的考核{sum(below)}次，未达{count}次",
                    f"{sum(below)} assessment(s) below {_num(threshold)}, fewer than {count}", figures)


@attrs.frozen
class _NoticePrep:
    first: dt.date
    last: dt.date
    window_zh: str
    window_en: str
    superior: bool
    level: NoticeLevel | None  # for a fixed level ("市级以上"); None for "上级"
    possible: tuple[UnitLevel, ...]  # the host unit levels the rule can apply to (for 上级)


def _prepare_notices(cond: Condition, setting: _Setting) -> _NoticePrep:
    as_of = setting.as_of
    if cond.period is ConditionPeriod.PREVIOUS_CALENDAR_YEAR:  # Huzhou 7.5(2) "上一年度"
        year = as_of.year - 1
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        window_zh, window_en = f"上一年度（{year}年）", f"the previous calendar year ({year})"
    elif cond.within is not None:
        first, last = _window_from(as_of, cond.within, setting.context), as_of
        window_zh = f"{first.isoformat()}至{last.isoformat()}"
        window_en = f"{first.isoformat()} to {last.isoformat()}"
    else:
        first, last = dt.date.min, as_of
        window_zh, window_en = f"截至{as_of.isoformat()}", f"up to {as_of.isoformat()}"
    first = max(first, setting.rule_start)
    superior = cond.level == "superior"
    level: NoticeLevel | None
    if superior:
        level = None
    elif cond.level is None:
        level = NoticeLevel.COUNTY
    else:
        try:
            level = NoticeLevel(cond.level)
        except ValueError:
            raise ValueError(f"{setting.rule.id}: condition {cond.id} has an unknown notice level {cond.level!r}") from None
    possible = setting.rule.rule.applies_to.unit_levels or tuple(UnitLevel)
    return _NoticePrep(first, last, window_zh, window_en, superior, level, tuple(possible))


def _superior_bar(host: UnitLevel) -> NoticeLevel | None:
    """The lowest notice level superior to a host unit of level ``host`` (上级: any level above
    it): county notices for a township unit, city for a county unit; None for a national unit."""
    return list(NoticeLevel)[host.rank - 1] if host.rank >= 1 else None


def _superior_found(dates: list[tuple[int, dt.date]], host: UnitLevel) -> list[dt.date]:
    """The notices (rank, day) issued above a host unit of level ``host``."""
    return [on for rank, on in dates if rank < host.rank]


def _notices(cond: Condition, view: AccountView, setting: _Setting, prep: _NoticePrep) -> _Outcome:
    count = cond.count or 1
    opened = _event_window(view, setting)
    if opened > prep.first:
        # Notices about an account's earlier life, before its re-opening (or opening), do not
        # count against it: the shut-down they called for has been carried out (泽州县 四.(一)).
        prep = attrs.evolve(prep, first=opened, window_zh=f"{opened.isoformat()}至{prep.last.isoformat()}",
                            window_en=f"{opened.isoformat()} to {prep.last.isoformat()}")
    first, last = prep.first, prep.last
    in_window = sorted(((n.level.rank, n.on) for n in view.account.notices if first <= n.on <= last),
                       key=lambda x: x[1])
    window = f"{first.isoformat()}/{last.isoformat()}"
    if not prep.superior:
        level = prep.level
        assert level is not None
        found = [on for rank, on in in_window if rank <= level.rank]
        return _notice_outcome(count, found, prep, _LEVEL_ZH[level], _LEVEL_EN[level],
                               {"level": level.value, "superior": False, "window": window})
    host = view.account.host_unit_level
    if host is not None:
        bar = _superior_bar(host)
        found = _superior_found(in_window, host)
        zh = "上级（" + (_LEVEL_ZH[bar] if bar else "无") + "）"
        en = "superior (" + (_LEVEL_EN[bar] if bar else "none") + ")"
        return _notice_outcome(count, found, prep, zh, en,
                               {"level": bar.value if bar else None, "superior": True, "host_unit_level": host.value,
                                "window": window})
    # The host unit's level is not given: "上级" depends on it, unless every level the rule can
    # apply to gives the same answer.
    by_level = {lvl: _superior_found(in_window, lvl) for lvl in prep.possible}
    states = {lvl: len(found) >= count for lvl, found in by_level.items()}
    figures = {"superior": True, "host_unit_level": None, "window": window, "required": count,
               "by_level": {lvl.value: len(found) for lvl, found in by_level.items()}}
    if len(set(states.values())) == 1:
        held = next(iter(states.values()))
        # The same answer at every level: state it with the notices that count at every level
        # (held) or at any level (not held).
        chosen = min(by_level.values(), key=len) if held else max(by_level.values(), key=len)
        return _notice_outcome(count, chosen, prep, "上级（主办单位层级未提供，任一层级结论相同）",
                               "superior (host unit level not given; the same at every level)",
                               {**figures, "level": None})
    yes = "、".join(lvl.value for lvl, h in states.items() if h)
    no = "、".join(lvl.value for lvl, h in states.items() if not h)
    return _unknown(f"{prep.window_zh}的通报是否来自“上级”取决于主办单位层级（未提供）：层级为{yes}时达到{count}次，"
                    f"为{no}时未达到",
                    f"whether the notices in {prep.window_en} are from a superior depends on the host unit level "
                    f"(not given): at least {count} for {yes.replace('、', ', ')}, fewer for {no.replace('、', ', ')}",
                    "host_unit_level", **figures)


def _notice_outcome(count: int, found: list[dt.date], prep: _NoticePrep, level_zh: str, level_en: str,
                    figures: dict[str, Any]) -> _Outcome:
    figures = {**figures, "notices": [d.isoformat() for d in found], "count": len(found), "required": count}
    if len(found) >= count:
        return _Outcome(HELD, f"{prep.window_zh}被{level_zh}通报{len(found)}次（{_dates(found)}），达到{count}次",
                        f"{len(found)} notice(s) at {level_en} in {prep.window_en} ({_dates(found)}), "
                        f"at least {count}", figures)
    return _Outcome(NOT_HELD, f"{prep.window_zh}被{level_zh}通报{len(found)}次，未达{count}次",
                    f"{len(found)} notice(s) at {level_en} in {prep.window_en}, fewer than {count}", figures)


def _span_days(cond: Condition, default: int) -> int:
    if cond.within is None:
        return default
    days = cond.within.calendar_days()
    if days is None:
        raise ValueError(f"condition {cond.id}: span {cond.within} is not a whole number of calendar days")
    return days


def _silences(view: AccountView, setting: _Setting, need: int) -> tuple[int, list[tuple[int, int]], int] | None:
    """The window's first day, its silences of at least ``need`` days, as (first silent day,
    last silent day) ordinals: between posts (neither post's day silent), from the opening (its day
    not silent, like a post's) and up to ``as_of`` (or the last live day) inclusive; and how many
    days before the window the first silence may reach unseen (posts are known only from
    ``posts_from``; 0 when the history is complete). ``None``: no posts and no opening date."""
    governed = _event_window(view, setting).toordinal()
    start = max(governed, setting.context.posts_start(view, setting.rule).toordinal())
    end = view.silence_end(setting.as_of).toordinal()
    days = view.post_days
    i = bisect.bisect_left(days, start)
    anchor: int | None = days[i - 1] if i else None
    if anchor is None and view.opened_on is not None:
        anchor = view.opened_on.toordinal()
    seq = days[i:]
    if anchor is None and not seq:
        return None
    # Silent days that may lie before ``start``, after the last post or opening on record.
    unseen = max(0, start - max(governed, (anchor + 1) if anchor is not None else governed))
    spans: list[tuple[int, int]] = []
    if anchor is not None and seq:
        first_silent = max(anchor + 1, start)
        if seq[0] - first_silent >= need:
            spans.append((first_silent, seq[0] - 1))
    spans += [(a + 1, b - 1) for a, b in zip(seq, seq[1:]) if b - a - 1 >= need]
    last = seq[-1] if seq else anchor
    assert last is not None
    first_silent = max(last + 1, start)
    if end - first_silent + 1 >= need:
        spans.append((first_silent, end))
    return start, spans, unseen


def _dormancy(cond: Condition, view: AccountView, setting: _Setting, prep: tuple[int, int]) -> _Outcome:
    """"连续2次出现14天未更新情况": one occurrence is ``need`` consecutive days without a post (14
    for "14天未更新", at_limit). With ``consecutive``, ``count`` occurrences in a row: ``count`` such
    stretches back to back inside one silence (28 days without a post for 2), since a post between
    two silences interrupts the run; without it, any ``count`` occurrences."""
    span, need = prep
    count = cond.count or 1
    consecutive = bool(cond.consecutive)
    found = _silences(view, setting, need)
    if found is None:
        return _unknown("无发布记录且未提供开设日期", "no posts and no opening date", "opened_on")
    start, spans, unseen = found
    lengths = [b - a + 1 for a, b in spans]
    in_row = max((n // need for n in lengths), default=0)  # occurrences back to back in one silence
    occurrences = sum(n // need for n in lengths)
    if unseen:
        # The silence running from ``posts_from`` may have begun before it: counted at its
        # longest, does it hold where the known days alone do not?
        days = view.post_days
        j = bisect.bisect_left(days, start)
        head_end = days[j] - 1 if j < len(days) else view.silence_end(setting.as_of).toordinal()
        head = head_end - start + 1 if head_end >= start else 0
        longest = [n for (a, _), n in zip(spans, lengths) if a != start] + ([head + unseen] if head > 0 else [])
        held_known = in_row >= count if consecutive else occurrences >= count
        held_longest = (max((n // need for n in longest), default=0) >= count if consecutive
                        else sum(n // need for n in longest) >= count)
        if held_longest and not held_known:
            posts_from = view.account.posts_from
            assert posts_from is not None
            return _unknown(f"发布记录自{posts_from.isoformat()}起才完整，此前最近一次更新的日期不详；"
                            f"是否{'连续' if consecutive else ''}{count}次出现{need}天未更新取决于{posts_from.isoformat()}以前的发布",
                            f"the post history is complete only from {posts_from.isoformat()}; whether {count} "
                            f"{'consecutive ' if consecutive else ''}{need}-day spans without a post occurred depends "
                            f"on the posts before it", "posts_from", posts_from=posts_from.isoformat(),
                            silent_days_known=head)
    listed = [f"{_fromordinal(a).isoformat()}/{_fromordinal(b).isoformat()}" for a, b in spans]
    window = f"{_fromordinal(start).isoformat()}至{setting.as_of.isoformat()}"
    window_en = f"{_fromordinal(start).isoformat()} to {setting.as_of.isoformat()}"
    figures = {"span_days": span, "silent_days_per_occurrence": need, "consecutive": consecutive,
               "occurrences": occurrences, "consecutive_occurrences": in_row, "required": count,
               "longest_silence_days": max(lengths, default=0), "silent_spans": listed,
               "window": f"{_fromordinal(start).isoformat()}/{setting.as_of.isoformat()}",
               "note": "the facts carry no monitoring rounds of the platform: occurrences are counted from the "
                       "posts, each run of days without a post counting once per full span"}
    shown = "、".join(listed[:5]) + ("…" if len(listed) > 5 else "")
    if consecutive:
        if in_row >= count:
            hit = next(x for x, n in zip(listed, lengths) if n // need >= count)
            return _Outcome(HELD, f"{hit}连续{count * need}天未更新，即连续{count}次出现{need}天未更新",
                            f"no post from {hit.replace('/', ' to ')}: {count * need} days, {count} consecutive "
                            f"{need}-day spans without a post", figures)
        longest_zh = (f"最长连续未更新{max(lengths)}天" if lengths else f"没有连续{need}天以上未更新")
        return _Outcome(NOT_HELD, f"{window}{longest_zh}，未达连续{count}次{need}天未更新"
                                  f"（{count * need}天）" + (f"；满{need}天未更新的时段：{shown}" if listed else ""),
                        (f"the longest silence in {window_en} was {max(lengths)} days" if lengths
                         else f"no silence of {need} days or more in {window_en}")
                        + f", short of {count} consecutive {need}-day spans ({count * need} days)", figures)
    if occurrences >= count:
        return _Outcome(HELD, f"{window}出现{occurrences}次满{need}天未更新（{shown}），达到{count}次",
                        f"{occurrences} full {need}-day spans without a post in {window_en}, at least {count}", figures)
    return _Outcome(NOT_HELD, f"{window}满{need}天未更新{occurrences}次，未达{count}次",
                    f"{occurrences} full {need}-day span(s) without a post in {window_en}, fewer than {count}", figures)


def _rectification(cond: Condition, view: AccountView, setting: _Setting, prep: Duration) -> _Outcome:
    within = prep
    as_of = setting.as_of
    first = _event_window(view, setting)
    overdue: list[dict[str, Any]] = []
    running: list[dt.date] = []
    seen = 0
    provisional = False
    calendar = setting.context.calendar
    for exposure in sorted(view.account.exposures, key=lambda e: e.on):
        if not first <= exposure.on <= as_of:
            continue
        seen += 1
        due = _shift(exposure.on, within, 1, setting.context)
        if within.unit is DurationUnit.WORKING_DAYS and calendar.is_provisional_mode:
            provisional = provisional or calendar.is_provisional(due) or calendar.is_provisional(exposure.on)
        fixed = exposure.rectified_on if exposure.rectified_on is not None and exposure.rectified_on <= as_of else None
        if fixed is not None:
            if fixed > due:
                overdue.append({"on": exposure.on.isoformat(), "due": due.isoformat(), "rectified_on": fixed.isoformat()})
        elif as_of > due:
            overdue.append({"on": exposure.on.isoformat(), "due": due.isoformat(), "rectified_on": None})
        else:
            running.append(due)
    figures: dict[str, Any] = {"within": within.zh(), "exposures": seen, "overdue": overdue}
    if overdue:
        parts_zh = [f"{o['on']}被晾晒，应于{o['due']}前整改，" + (f"{o['rectified_on']}才整改" if o["rectified_on"] else "截至评估日未整改")
                    for o in overdue]
        parts_en = [f"exposed on {o['on']}, due {o['due']}, " + (f"rectified only on {o['rectified_on']}" if o["rectified_on"] else "not rectified")
                    for o in overdue]
        return _Outcome(HELD, "；".join(parts_zh[:5]), "; ".join(parts_en[:5]), figures, provisional=provisional)
    if running:
        due = min(running)
        figures["due"] = due.isoformat()
        return _Outcome(PENDING, f"晾晒后尚在{within.zh()}整改期内，最迟应于{due.isoformat()}整改",
                        f"an exposure is still within its {_en_duration(within)} to rectify, due {due.isoformat()}",
                        figures, due=due, provisional=provisional)
    if seen:
        return _Outcome(NOT_HELD, f"{seen}次晾晒均已按期整改", f"all {seen} exposure(s) rectified in time", figures,
                        provisional=provisional)
    return _Outcome(NOT_HELD, "评估期内无晾晒记录", "no exposure on record in the window", figures)


def _incidents(kinds: frozenset[IncidentKind], zh: str, en: str) -> Checker:
    def check(cond: Condition, view: AccountView, setting: _Setting, prep: Any) -> _Outcome:
        first = _event_window(view, setting)
        as_of = setting.as_of
        incidents = view.account.incidents
        found = sorted(i.on for i in incidents if i.kind in kinds and first <= i.on <= as_of) if incidents else []
        figures = {"incidents": [d.isoformat() for d in found],
                   "window": f"{first.isoformat()}/{as_of.isoformat()}"}
        if found:
            return _Outcome(HELD, f"发生{zh}{len(found)}次（{_dates(found)}）",
                            f"{len(found)} {en}(s) on record ({_dates(found)})", figures)
        return _Outcome(NOT_HELD, f"{first.isoformat()}至{as_of.isoformat()}无{zh}记录",
                        f"no {en} on record from {first.isoformat()} to {as_of.isoformat()}", figures)

    return check


@attrs.frozen
class _FollowerPrep:
    first: dt.date
    threshold: Decimal


def _prepare_followers(cond: Condition, setting: _Setting) -> _FollowerPrep:
    within = cond.within or Duration(1, DurationUnit.YEARS)
    first = max(_window_from(setting.as_of, within, setting.context), setting.rule_start)
    if cond.threshold is None:
        raise ValueError(f"{setting.rule.id}: condition {cond.id} needs a threshold")
    return _FollowerPrep(first, Decimal(str(cond.threshold)))


def _followers(cond: Condition, view: AccountView, setting: _Setting, prep: _FollowerPrep) -> _Outcome:
    """"粉丝数长期低于基层常住人口数1%": every follower count recorded in the ``within`` up to
    ``as_of`` below the bar, and at least ``min_observations`` of them (长期: one observation
    cannot show persistence). One count at or above the bar settles it (not held) whatever else."""
    population = view.account.resident_population
    first, as_of = prep.first, setting.as_of
    window = f"{first.isoformat()}/{as_of.isoformat()}"
    counts = [f.count for f in view.account.followers if first <= f.on <= as_of]
    needed = cond.min_observations or 1
    if population is None or population <= 0:
        return _unknown("未提供基层常住人口数", "no resident population given", "resident_population", window=window)
    bar = prep.threshold * population
    below = sum(1 for c in counts if c < bar)
    share = f"{_num(float(prep.threshold * 100))}%"
    figures = {"resident_population": population, "threshold": float(prep.threshold), "bar": float(bar),
               "counts": len(counts), "below": below, "max": max(counts, default=None), "window": window,
               "min_observations": needed}
    if below < len(counts):
        return _Outcome(NOT_HELD, f"{first.isoformat()}至{as_of.isoformat()}有{len(counts) - below}次粉丝数记录不低于常住人口的"
                                  f"{share}（{_num(float(bar))}），最高{max(counts)}",
                        f"{len(counts) - below} follower count(s) from {first.isoformat()} to {as_of.isoformat()} at "
                        f"or above {share} of the resident population ({_num(float(bar))}); highest {max(counts)}",
                        figures)
    if len(counts) < needed:
        return _unknown(f"{first.isoformat()}至{as_of.isoformat()}仅有{len(counts)}次粉丝数记录（均低于{_num(float(bar))}），"
                        f"“长期”至少需要{needed}次记录",
                        f"only {len(counts)} follower count(s) from {first.isoformat()} to {as_of.isoformat()} (all "
                        f"below {_num(float(bar))}); 'persistently' needs at least {needed}",
                        "followers", **figures)
    return _Outcome(HELD, f"{first.isoformat()}至{as_of.isoformat()}的{len(counts)}次粉丝数记录（最高{max(counts)}）"
                          f"均低于常住人口{population}的{share}（{_num(float(bar))}）",
                    f"all {len(counts)} follower counts from {first.isoformat()} to {as_of.isoformat()} (highest "
                    f"{max(counts)}) were below {share} of the resident population {population} ({_num(float(bar))})",
                    figures)


def _veto_no_update(cond: Condition, view: AccountView, setting: _Setting, need: int) -> _Outcome:
    """"监测时间点前2周内无更新" (cn.inspection.no-update-2-weeks, the same reading): no post on any
    of the ``need`` days up to and including ``as_of`` (14 for 2 weeks, at_limit): a last post on P
    holds it at the end of P+14. An account that never posted counts from its opening."""
    as_of = setting.as_of
    days = view.post_days
    last: int | None = days[-1] if days else None
    basis = "last_post"
    if last is None and view.opened_on is not None:
        last, basis = view.opened_on.toordinal(), "opened_on"
    known = view.account.posts_from
    end = view.silence_end(as_of).toordinal()
    figures: dict[str, Any] = {"silent_days_needed": need}
    if known is not None and (last is None or last < known.toordinal() - 1):
        # No post on record since the complete history begins: the silence is at least this long.
        lower = end - known.toordinal() + 1
        figures.update(posts_from=known.isoformat(), silent_days_at_least=lower)
        if lower >= need:
            return _Outcome(HELD, f"监测时间点前{need}天内无更新（自{known.isoformat()}起无发布记录）",
                            f"no post in the {need} days up to {as_of.isoformat()} (none on record since "
                            f"{known.isoformat()})", figures)
        return _unknown(f"{known.isoformat()}以来无发布记录，此前的发布不在事实中，无法判断是否{need}天内无更新",
                        f"no post on record since {known.isoformat()} and the earlier posts are not given",
                        "posts_from", **figures)
    if last is None:
        return _unknown("无发布记录且未提供开设日期", "no posts and no opening date", "opened_on", **figures)
    silent = end - last
    figures.update({basis: _fromordinal(last).isoformat(), "silent_days": silent})
    if silent >= need:
        since_zh = (f"最近一次更新为{_fromordinal(last).isoformat()}" if basis == "last_post"
                    else f"自{_fromordinal(last).isoformat()}开设以来从未发布")
        since_en = (f"last post {_fromordinal(last).isoformat()}" if basis == "last_post"
                    else f"never posted since opening on {_fromordinal(last).isoformat()}")
        return _Outcome(HELD, f"监测时间点前{need}天内无更新（{since_zh}，至{_fromordinal(end).isoformat()}连续{silent}天无更新）",
                        f"no post in the {need} days up to {_fromordinal(end).isoformat()} ({since_en})", figures)
    return _Outcome(NOT_HELD, f"{_fromordinal(last).isoformat()}{'有更新' if basis == 'last_post' else '开设'}，"
                              f"监测时间点前{need}天内有更新或未满{need}天",
                    f"{'posted' if basis == 'last_post' else 'opened'} on {_fromordinal(last).isoformat()}, within "
                    f"the {need} days up to {_fromordinal(end).isoformat()}", figures)


def _veto_interaction(cond: Condition, view: AccountView, setting: _Setting, prep: Any) -> _Outcome:
    interaction = view.account.interaction_enabled
    if interaction is None:
        return _unknown("未提供账号是否提供有效互动功能（interaction_enabled）",
                        "whether the account offers an effective interaction function is not given",
                        "interaction_enabled")
    if interaction is False:
        return _Outcome(HELD, "未提供有效互动功能", "no effective interaction function")
    return _Outcome(NOT_HELD, "已提供有效互动功能", "an effective interaction function is provided")


def _veto_security(cond: Condition, view: AccountView, setting: _Setting, prep: Any) -> _Outcome:
    outcome = _incidents(_SECURITY_KINDS, "安全、泄密事故", "security or leak incident")(cond, view, setting, prep)
    return outcome


_VETO_CHECKERS: dict[VetoItem, Callable[[Condition, AccountView, _Setting, Any], _Outcome]] = {
    VetoItem.NO_UPDATE: _veto_no_update,
    VetoItem.NO_INTERACTION: _veto_interaction,
    VetoItem.SECURITY_INCIDENT: _veto_security,
}


def _single_veto(cond: Condition, view: AccountView, setting: _Setting, prep: Any) -> _Outcome:
    """One single-veto item of 国办秘函〔2019〕19号 (each its own condition, cited on its own)."""
    assert cond.item is not None
    outcome = _VETO_CHECKERS[cond.item](cond, view, setting, prep)
    if outcome.state == HELD:
        return attrs.evolve(outcome, zh="单项否决项：" + outcome.zh, en="single-veto item: " + outcome.en)
    return outcome


def _registration_due(opened: dt.date, within: Duration, setting: _Setting) -> tuple[bool | None, Due]:
    """Has the registration window after ``opened`` passed by ``as_of`` (``None``: the missing
    year of the holiday data decides), and its end. Long past openings are decided without the
    calendar (which may not cover them)."""
    as_of = setting.as_of
    if within.unit is DurationUnit.WORKING_DAYS and (as_of - opened).days > 3 * within.amount + 14:
        # n working days never span more than 3n + 14 calendar days (the longest holiday is 9 days).
        return True, Due(None)
    due = due_after(setting.context.calendar, opened, within)
    return due.passed(as_of), due


def _filing_missing(cond: Condition, view: AccountView, setting: _Setting, *, found: bool, flag: bool | None,
                    what_zh: str, what_en: str, window_zh: str, window_en: str) -> _Outcome:
    within = cond.within or _DEFAULT_REGISTRATION
    opened = view.opened_on
    figures: dict[str, Any] = {"window": within.zh(), "opened_on": opened.isoformat() if opened else None}
    if flag is True or (flag is None and found):
        return _Outcome(NOT_HELD, f"已{what_zh}", f"{what_en}: on record", figures)
    basis_zh = "事实标明未纳入" if flag is False else "无备案记录"
    basis_en = "marked as not included" if flag is False else "no filing on record"
    if opened is None:
        if flag is False:
            return _Outcome(HELD, f"未{what_zh}（{basis_zh}；开设日期未知）",
                            f"not {what_en} ({basis_en}; opening date unknown)", figures)
        return _unknown(f"无备案记录且未提供开设日期，无法判断{window_zh}是否届满",
                        f"no filing on record and no opening date: whether the {window_en} has passed is unknown",
                        **figures)
    passed, timing = _registration_due(opened, within, setting)
    due, provisional = timing.date, timing.provisional
    if due is not None:
        figures["due"] = due.isoformat()
    if passed is None:
        return _Outcome(UNKNOWN, f"开设于{opened.isoformat()}，{within.zh()}{window_zh}届满日在{timing.gap}年，该年节假日安排尚未纳入",
                        f"opened on {opened.isoformat()}; the {_en_duration(within)} {window_en} ends in {timing.gap}, "
                        "whose holiday schedule is not yet in the data", figures, gap=timing.gap)
    if not passed:
        return _Outcome(PENDING, f"开设于{opened.isoformat()}，{within.zh()}{window_zh}至{timing.zh()}，尚未届满",
                        f"opened on {opened.isoformat()}; the {_en_duration(within)} {window_en} runs to "
                        f"{timing.en()}", figures, due=due, provisional=provisional, gap=timing.gap)
    due_zh = f"（期限{due.isoformat()}）" if due else ""
    due_en = f" (due {due.isoformat()})" if due else ""
    return _Outcome(HELD, f"开设于{opened.isoformat()}，{within.zh()}{window_zh}已过{due_zh}，仍未{what_zh}（{basis_zh}）",
                    f"opened on {opened.isoformat()}, the {_en_duration(within)} {window_en} has passed"
                    f"{due_en}, and still not {what_en} ({basis_en})", figures, provisional=provisional)


def _opening_filed(view: AccountView, as_of: dt.date, recipient: FilingRecipient, *, advance: bool,
                   any_event: bool = False) -> bool:
    """Is the account's current opening filed with ``recipient``, matched one filing to one event
    as the filing duties match them (a filing of an earlier life does not answer a re-opening)?
    With no opening date, any filing of the opening (``any_event``: of any event) on record."""
    opened = view.opened_on
    if opened is None:
        return any(f.recipient is recipient and (any_event or f.event is EventType.ACCOUNT_OPENED)
                   and f.filed_on <= as_of for f in view.account.filings)
    return opened in match_filings(view.account, EventType.ACCOUNT_OPENED, recipient, as_of, advance=advance)


def _national_system(cond: Condition, view: AccountView, setting: _Setting, prep: Any) -> _Outcome:
    """Is the current opening in the national system? ``in_national_filing_system`` says so for
    the account as it is; failing that, a national filing of the current opening, matched one
    filing to one event: a registration of an earlier life, switched to 关停 at its cancellation,
    does not carry over to a re-opening (泽州县 四.(一) "确需开设运行的，按照新开设政务新媒体流程办理")."""
    account = view.account
    found = _opening_filed(view, setting.as_of, FilingRecipient.NATIONAL_FILING_SYSTEM, advance=False, any_event=True)
    return _filing_missing(cond, view, setting, found=found, flag=account.in_national_filing_system,
                           what_zh="纳入全国政务新媒体信息报送系统", what_en="in the national filing system",
                           window_zh="登记期限", window_en="registration window")


def _supervising_unit(cond: Condition, view: AccountView, setting: _Setting, prep: Any) -> _Outcome:
    """Is the current opening filed? A re-opened account is a new opening with its own filing
    (高县 七.(三)): a filing that answered the first opening does not answer it (one filing, one
    event, matched as the filing duties match them)."""
    opened = view.opened_on
    if opened is not None and opened < setting.rule_start:
        # 私自开设 is an opening past its 2-working-day filing deadline; an opening before the
        # notice had no such deadline (its filing duty is the national one, with no time limit).
        return _Outcome(NOT_HELD, f"开设于{opened.isoformat()}，早于本规定施行（{setting.rule_start.isoformat()}），"
                                  "该次开设不适用本规定的备案期限，不属“未向主管单位备案私自开设”",
                        f"opened on {opened.isoformat()}, before the rule came into force on "
                        f"{setting.rule_start.isoformat()}: its 2-working-day filing deadline did not apply, so it is not "
                        "an opening 'without filing'", {"opened_on": opened.isoformat(),
                                                        "rule_start": setting.rule_start.isoformat()})
    found = _opening_filed(view, setting.as_of, FilingRecipient.SUPERVISING_UNIT, advance=True)
    return _filing_missing(cond, view, setting, found=found, flag=None,
                           what_zh="向主管单位备案开设", what_en="filed with the supervising unit",
                           window_zh="备案期限", window_en="filing deadline")


def _no_facts(zh: str, en: str) -> Checker:
    def check(cond: Condition, view: AccountView, setting: _Setting, prep: Any) -> _Outcome:
        return _Outcome(UNDECIDABLE, zh, en)

    return check


_CHECKERS: dict[ConditionTrigger, Checker] = {
    ConditionTrigger.EFFECT_INDEX_BELOW: _effect_index,
    ConditionTrigger.NOTICES_AT_LEVEL: _notices,
    ConditionTrigger.DORMANCY_REPEATED: _dormancy,
    ConditionTrigger.RECTIFICATION_OVERDUE: _rectification,
    ConditionTrigger.SECURITY_INCIDENT: _incidents(_SECURITY_KINDS, "安全、泄密事故", "security or leak incident"),
    ConditionTrigger.LEGAL_VIOLATION: _incidents(frozenset({IncidentKind.LEGAL_VIOLATION}), "违反法律法规行为的认定",
                                                 "recorded legal violation"),
    ConditionTrigger.FOLLOWERS_BELOW_POPULATION_SHARE: _followers,
    ConditionTrigger.SINGLE_VETO_ITEM: _single_veto,
    ConditionTrigger.NOT_IN_NATIONAL_FILING_SYSTEM: _national_system,
    ConditionTrigger.NOT_FILED_WITH_SUPERVISING_UNIT: _supervising_unit,
    ConditionTrigger.UNABLE_TO_MAINTAIN: _no_facts("“确属无力维护”无事实可查，由主办单位或主管单位认定",
                                                   "'truly cannot be maintained' has no fact to check; the host or "
                                                   "supervising unit decides it"),
    ConditionTrigger.LOW_USAGE: _no_facts("“关注度和利用率低”无量化标准，不据事实判定",
                                          "'low attention and usage' has no measure; the facts cannot decide it"),
    ConditionTrigger.DUPLICATE_ACCOUNT: _no_facts("同一平台多账号须结合本单位其他账号判定，单账号评估中不予判定",
                                                  "duplicate accounts are judged across the unit's accounts, not per account"),
}


def _prepare(cond: Condition, setting: _Setting) -> Any:
    trigger = cond.trigger
    if trigger is ConditionTrigger.NOTICES_AT_LEVEL:
        return _prepare_notices(cond, setting)
    if trigger is ConditionTrigger.FOLLOWERS_BELOW_POPULATION_SHARE:
        return _prepare_followers(cond, setting)
    if trigger is ConditionTrigger.DORMANCY_REPEATED:
        span = _span_days(cond, 14)
        return span, silent_units_needed(span, cond.breach)
    if trigger is ConditionTrigger.RECTIFICATION_OVERDUE:
        return cond.within or Duration(3, DurationUnit.CALENDAR_DAYS)
    if trigger is ConditionTrigger.SINGLE_VETO_ITEM and cond.item is VetoItem.NO_UPDATE:
        # "前2周内无更新": read at_limit unless the condition says otherwise.
        return silent_units_needed(_span_days(cond, _VETO_NO_UPDATE_DAYS), cond.breach or InactivityBreach.AT_LIMIT)
    if trigger is ConditionTrigger.EFFECT_INDEX_BELOW and cond.threshold is None:
        raise ValueError(f"{setting.rule.id}: condition {cond.id} needs a threshold")
    return None


@attrs.frozen
class _Plan:
    setting: _Setting
    checks: tuple[tuple[Condition, Checker, Any], ...]
    duplicate_only: bool
    action: CleanupAction | None
    closed_by: tuple[EventType, ...]


_PLANS: dict[tuple[int, int], tuple[EffectiveRule, EvaluationContext, _Plan]] = {}


def _plan(rule: EffectiveRule, context: EvaluationContext) -> _Plan:
    """Everything about a rule that does not depend on the account, once per evaluation."""
    key = (id(rule), id(context))
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is rule and cached[1] is context:
        return cached[2]
    params = rule.rule.params
    setting = _Setting(context.as_of, context.rule_start(rule), context, rule)
    checks = tuple((c, _CHECKERS[c.trigger], _prepare(c, setting)) for c in params.conditions)
    duplicate_only = bool(params.conditions) and all(c.trigger is ConditionTrigger.DUPLICATE_ACCOUNT for c in params.conditions)
    action = params.action
    plan = _Plan(setting, checks, duplicate_only, action,
                 _CLOSED_BY.get(action, (EventType.ACCOUNT_SHUT_DOWN, EventType.ACCOUNT_CANCELLED)))
    if len(_PLANS) > 256:
        _PLANS.clear()
    _PLANS[key] = (rule, context, plan)
    return plan


def _closed_on(view: AccountView, kinds: tuple[EventType, ...], as_of: dt.date) -> dt.date | None:
    """The day the account was closed by one of ``kinds``, if it has not been re-opened since."""
    closed = None
    reopened = None
    for event in view.account.events:
        if event.on > as_of:
            continue
        if event.type in kinds and (closed is None or event.on > closed):
            closed = event.on
        elif event.type is EventType.ACCOUNT_OPENED and (reopened is None or event.on > reopened):
            reopened = event.on
    if closed is None or (reopened is not None and reopened > closed):
        return None
    return closed


def _label(cond: Condition) -> str:
    return cond.zh or cond.id


@account_evaluator(RuleKind.CLEANUP_CONDITION)
@over_current_span
def cleanup_condition(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    plan = _plan(rule, context)
    if plan.duplicate_only:
        return  # judged across the unit's accounts by ``duplicate_accounts`` below
    setting = plan.setting
    as_of = setting.as_of
    params = rule.rule.params
    action_zh = _ACTION_ZH.get(plan.action, "清理") if plan.action else "清理"
    action_en = _ACTION_EN.get(plan.action, "clean-up") if plan.action else "clean-up"
    base: dict[str, Any] = {"action": plan.action.value if plan.action else None}
    events = view.account.events
    if events:
        closed = _closed_on(view, plan.closed_by, as_of)
        if closed is not None:
            yield make_finding(
                rule, view.id, Status.NOT_APPLICABLE,
                f"账号已于{closed.isoformat()}关停或注销，不再适用{action_zh}条件。",
                f"The account was closed on {closed.isoformat()}; the {action_en} conditions no longer apply.",
                figures={**base, "closed_on": closed.isoformat()},
            )
            return
    age = params.min_account_age
    if age is not None:
        opened = view.opened_on
        base["min_account_age"] = age.zh()
        if opened is None:
            yield make_finding(
                rule, view.id, Status.INSUFFICIENT_DATA,
                f"未提供开设日期，无法判断账号是否开设{age.zh()}以上。",
                f"No opening date: whether the account has been open {_en_duration(age)} or more cannot be judged.",
                figures={**base, "missing_facts": ["opened_on"]},
            )
            return
        from_day = _shift(opened, age, 1, context)
        base["opened_on"] = opened.isoformat()
        base["applies_from"] = from_day.isoformat()
        if as_of < from_day:
            yield make_finding(
                rule, view.id, Status.NOT_APPLICABLE,
                f"账号开设于{opened.isoformat()}，截至{as_of.isoformat()}未满{age.zh()}（{from_day.isoformat()}满"
                f"{age.zh()}），本规则不适用。",
                f"The account opened on {opened.isoformat()} and is not yet {_en_duration(age)} old on "
                f"{as_of.isoformat()} (it will be on {from_day.isoformat()}); the rule does not apply.",
                figures=base,
            )
            return
    outcomes = [(cond, check(cond, view, setting, prep)) for cond, check, prep in plan.checks]
    held = [(c, o) for c, o in outcomes if o.state == HELD]
    pending = [(c, o) for c, o in outcomes if o.state == PENDING]
    unknown = [(c, o) for c, o in outcomes if o.state == UNKNOWN]
    undecidable = [c.id for c, o in outcomes if o.state == UNDECIDABLE]
    missing = sorted({m for _, o in unknown for m in o.missing})
    provisional = any(o.provisional for _, o in outcomes)
    gap = next((o.gap for _, o in outcomes if o.gap is not None), None)
    conditions = {c.id: {"state": o.state, "trigger": c.trigger.value, "detail_zh": o.zh, "detail_en": o.en, **o.figures}
                  for c, o in outcomes}
    figures = {**base, "held": [c.id for c, _ in held], "not_evaluated": [c.id for c, o in outcomes
                                                                        if o.state in (UNKNOWN, UNDECIDABLE)],
               "unknown": [c.id for c, _ in unknown], "undecidable": undecidable, "missing_facts": missing,
               "conditions": conditions}
    undecidable_zh = ("；无事实可据、由主办或主管单位认定：" + "、".join(_label(c) for c, o in outcomes if o.state == UNDECIDABLE)
                      ) if undecidable else ""
    undecidable_en = f"; decided by the units, not by facts: {', '.join(undecidable)}" if undecidable else ""
    if held:
        # Any one condition suffices: a held one decides whatever the unknown ones would give.
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"截至{as_of.isoformat()}，出现应予{action_zh}的情形：" + "；".join(f"{_label(c)}（{o.zh}）" for c, o in held) + "。",
            f"As of {as_of.isoformat()} the account meets the condition(s) for {action_en}: "
            + "; ".join(f"{c.id} ({o.en})" for c, o in held) + ".",
            figures=figures, provisional=provisional, cite=citations(rule, *(c.id for c, _ in held)),
        )
        return
    if unknown:
        # None held, but one the facts could decide is open: the result depends on the missing
        # facts (a held condition would call for the action), so it is not a clean bill.
        pending_zh = ("；期限尚未届满：" + "；".join(f"{_label(c)}（{o.zh}）" for c, o in pending)) if pending else ""
        pending_en = ("; still running: " + "; ".join(f"{c.id} ({o.en})" for c, o in pending)) if pending else ""
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"截至{as_of.isoformat()}，缺少判定所需事实（{'、'.join(missing)}）："
            + "；".join(f"{_label(c)}（{o.zh}）" for c, o in unknown) + pending_zh + undecidable_zh + "。",
            f"As of {as_of.isoformat()} facts needed are missing ({', '.join(missing)}): "
            + "; ".join(f"{c.id} ({o.en})" for c, o in unknown) + pending_en + undecidable_en + ".",
            due=min((o.due for _, o in pending if o.due is not None), default=None),
            figures=figures, provisional=provisional, calendar_gap=gap,
            cite=citations(rule, *(c.id for c, _ in unknown)),
        )
        return
    if pending:
        due = min((o.due for _, o in pending if o.due is not None), default=None)
        yield make_finding(
            rule, view.id, Status.PENDING,
            f"截至{as_of.isoformat()}未出现应予{action_zh}的情形，但期限尚未届满："
            + "；".join(f"{_label(c)}（{o.zh}）" for c, o in pending) + undecidable_zh + "。",
            f"As of {as_of.isoformat()} no condition for {action_en} holds, but a period is still running: "
            + "; ".join(f"{c.id} ({o.en})" for c, o in pending) + undecidable_en + ".",
            due=due, figures=figures, provisional=provisional, calendar_gap=gap,
            cite=citations(rule, *(c.id for c, _ in pending)),
        )
        return
    if len(undecidable) == len(outcomes):
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            "无可据事实判定的情形：" + "；".join(f"{_label(c)}（{o.zh}）" for c, o in outcomes) + "。",
            "No condition can be decided from facts: " + "; ".join(f"{c.id} ({o.en})" for c, o in outcomes) + ".",
            figures=figures, calendar_gap=gap, cite=citations(rule, *undecidable),
        )
        return
    checked = [(c, o) for c, o in outcomes if o.state == NOT_HELD]
    yield make_finding(
        rule, view.id, Status.COMPLIANT,
        f"截至{as_of.isoformat()}未出现应予{action_zh}的情形（" + "；".join(o.zh for _, o in checked) + f"）{undecidable_zh}。",
        f"As of {as_of.isoformat()} no condition for {action_en} holds ("
        + "; ".join(o.en for _, o in checked) + f"){undecidable_en}.",
        figures=figures, provisional=provisional, calendar_gap=gap,
    )


@unit_evaluator(RuleKind.CLEANUP_CONDITION)
def duplicate_accounts(rule: EffectiveRule, units: UnitIndex, context: EvaluationContext) -> Iterator[Finding]:
    """Rules whose only condition is ``duplicate_account`` (Zezhou 四.(一) "对同一平台上开设的多个账号
    进行功能整合和清理关停"): more than one account of one host unit on one platform, closed accounts
    not counted. Every account of the group is named; other rules are left to the account evaluator."""
    plan = _plan(rule, context)
    if not plan.duplicate_only:
        return
    action_zh = _ACTION_ZH.get(plan.action, "清理") if plan.action else "清理"
    action_en = _ACTION_EN.get(plan.action, "clean-up") if plan.action else "clean-up"
    applies_to = rule.rule.applies_to
    for _, summaries in units:
        chosen = [s for s in summaries if applies(applies_to, s)]
        by_platform = open_by_platform(chosen)
        for summary in chosen:
            unit = summary.host_unit
            base = {"action": plan.action.value if plan.action else None, "host_unit": unit,
                    "platform": summary.platform.value}
            if summary.closed:
                yield make_finding(
                    rule, summary.id, Status.NOT_APPLICABLE,
                    "账号已关停或注销，不计入同一平台多账号。",
                    "The account is closed and does not count towards several accounts on one platform.",
                    figures=base,
                )
                continue
            same = by_platform[summary.platform]
            others = [other.id for other in same if other is not summary]
            figures = {**base, "accounts_on_platform": len(same), "others": others}
            if others:
                yield make_finding(
                    rule, summary.id, Status.VIOLATION,
                    f"主办单位“{unit}”在{PLATFORM_ZH.get(str(summary.platform), str(summary.platform))}平台开设{len(same)}个账号（另有{'、'.join(others)}），"
                    f"应进行功能整合和{action_zh}。",
                    f"The host unit '{unit}' runs {len(same)} accounts on {summary.platform.value} (also "
                    f"{', '.join(others)}): they are due for {action_en}.",
                    figures=figures, cite=citations(rule, *(c.id for c in rule.rule.params.conditions)),
                )
            else:
                yield make_finding(
                    rule, summary.id, Status.COMPLIANT,
                    f"主办单位“{unit}”在{PLATFORM_ZH.get(str(summary.platform), str(summary.platform))}平台仅此1个账号。",
                    f"The host unit '{unit}' runs only this account on {summary.platform.value}.",
                    figures=figures,
                )
