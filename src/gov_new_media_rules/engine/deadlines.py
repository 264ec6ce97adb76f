"""What an event triggers: due dates for filings and the earliest day an announced closure may happen.

``deadlines(rulebook, event, at, calendar)`` answers "account X was opened on 2024-09-30 in Huzhou:
what is due, and by when?" without any account facts. It is pure: the same rulebook, event, day
and calendar always give the same list, in the rulebook's order.

Conventions (the same ones the evaluators in ``engine/evaluators/lifecycle.py`` use):

* "N个工作日内" after an event: the event's own day is not counted (民法典 第二百零一条) and the due
  date is the N-th working day after it, inclusive, by the State Council holiday schedule with
  makeup working days (``WorkingDayCalendar.due_date``).
* Calendar durations: N calendar days or N weeks (7N days) after the event day; months and years
  end on the corresponding day of the later month, or that month's last day when it has none
  (民法典 第二百零二条、第二百零三条).
* A rule without a stated time limit ("应向主管单位备案", "及时") gives no due date (``due`` is
  ``None``) and says so in ``note``.
* ``announcement_period`` rules whose announcement event is the event asked about give the earliest
  day the account may be shut down or cancelled (``kind = "not_before"``): the day on which the
  minimum period has run in full (15 working days after a closure notice published on day D is
  ``add_working_days(D, 15)``).

Every filing variant of the rulebook whose events include the event is listed, not only the most
specific one, because which one governs depends on the account (its platform, type, unit kind):
each item carries its ``applies_to``, and ``most_specific`` is true on the items that no deeper
refinement with the same applicability takes over for this event (the free-text ``units`` field
narrows nothing, as in the engine). ``max_inactivity`` is not triggered by an event and is left
out.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from typing import Any

import attrs

from ..calendar import WorkingDayCalendar
from ..dates import check_supported
from ..errors import CalendarCoverageError, InputError, clipped, one_of
from ..composition import EffectiveRule, Rulebook
from ..model.params import (
    AnnounceStart,
    AnnouncementPeriodParams,
    ClosureAllowed,
    Duration,
    DurationUnit,
    FilingDeadlineParams,
    FilingTiming,
)
from ..model.rules import Applicability, Citation
from ..model.vocab import EventType, FilingRecipient
from ..serialize import applicability_to_json, citation_to_json

__all__ = ["Deadline", "Due", "deadlines", "deadline_to_json", "due_after", "add_months"]

FILE_BY = "file_by"
NOT_BEFORE = "not_before"

NOTE_NO_LIMIT_ZH = "原文未规定时限，不计算到期日"
NOTE_NO_LIMIT_EN = "the text states no time limit; no due date is computed"
NOTE_ANNOUNCE_ZH = "并须向社会公告"
NOTE_ANNOUNCE_EN = "a public announcement is also required"


@attrs.frozen
class Deadline:
    """One thing an event triggers under one rule variant."""

    rule: str
    kind: str  # "file_by": file (or act) by ``due``; "not_before": close no earlier than ``due``
    event: EventType
    at: dt.date
    due: dt.date | None
    within: Duration | None
    recipients: tuple[FilingRecipient, ...]
    applies_to: Applicability
    source: Citation
    jurisdiction: str  # the jurisdiction whose document set the rule
    title: str
    lineage: str = ""
    most_specific: bool = True
    provisional: bool = False  # the due date rests on the law's statutory holidays alone (provisional calendar)
    recipient_name: str | None = None
    announce_publicly: bool = False
    checkable: bool = True
    note: str | None = None
    note_en: str | None = None
    calendar_gap: int | None = None  # the due date lies in a year the holiday data lacks
    due_range: tuple[dt.date, dt.date | None] | None = None  # where a notice could move a provisional due date
    # When the filing is due relative to the event (FilingTiming, or "not_before" for a notice period).
    timing: str | None = None
    # Every clause that decides this item, most specific first (``source`` is the first).
    sources: tuple[Citation, ...] = ()


@attrs.frozen
class Due:
    """The end of a time limit, as far as the calendar knows it.

    A due date past the holiday data is not an error that stops a batch: on a strict calendar it
    is ``date = None`` with the missing year in ``gap``, and ``after`` the last day it is known to
    lie beyond. Verdicts the known days decide stay exact: something done by ``after`` was done in
    time, and on any day up to ``after`` the limit has not run out (:meth:`met_by`,
    :meth:`passed`). On a provisional calendar, ``date`` rests on the law's statutory days
    (``provisional``) and ``range`` bounds where the year's notice could move it.
    """

    date: dt.date | None
    provisional: bool = False
    gap: int | None = None
    after: dt.date | None = None
    range: tuple[dt.date, dt.date | None] | None = None

    def met_by(self, day: dt.date) -> bool | None:
        """Was something done on ``day`` done in time? ``None``: the missing year decides."""
        if self.date is not None:
            return day <= self.date
        assert self.after is not None
        return True if day <= self.after else None

    def passed(self, as_of: dt.date) -> bool | None:
        """Has the limit run out by the end of ``as_of``? ``None``: the missing year decides."""
        if self.date is not None:
            return as_of > self.date
        assert self.after is not None
        return False if as_of <= self.after else None

    def iso(self) -> str | None:
        return self.date.isoformat() if self.date is not None else None

    def zh(self) -> str:
        """The due date in a message, or what is known of it."""
        if self.date is not None:
            return self.date.isoformat()
        return f"{self.after.isoformat()}之后（需{self.gap}年节假日安排）"  # type: ignore[union-attr]

    def en(self) -> str:
        if self.date is not None:
            return self.date.isoformat()
        return f"after {self.after.isoformat()} (needs the {self.gap} holiday schedule)"  # type: ignore[union-attr]

    def finding_fields(self) -> dict[str, object]:
        """The keyword arguments of ``make_finding`` that carry this due date."""
        return {"due": self.date, "provisional": self.provisional, "calendar_gap": self.gap, "due_range": self.range}


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or the last day of that month if it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def due_after(calendar: WorkingDayCalendar, day: dt.date, duration: Duration) -> Due:
    """The inclusive end of ``duration`` counted from ``day`` (``day`` itself not counted).

    Working days past the holiday data give a :class:`Due` without a date on a strict calendar,
    never an error: one account's deadline in a year not yet announced must not stop a batch.
    """
    unit = duration.unit
    if unit is DurationUnit.WORKING_DAYS:
        try:
            due = calendar.due_date(day, duration.amount)
        except CalendarCoverageError as missing:
            # The N-th working day lies past the last day the calendar answers for (or the event
            # itself does): later than that day, whichever it is.
            last_known = dt.date(calendar.coverage[1], 12, 31)
            return Due(None, gap=missing.year, after=last_known if calendar.covers(day) else day)
        if due.provisional:
            return Due(due.date, provisional=True, range=(due.earliest, due.latest))  # type: ignore[arg-type]
        return Due(due.date)
    if unit is DurationUnit.MONTHS:
        return Due(add_months(day, duration.amount))
    if unit is DurationUnit.YEARS:
        return Due(add_months(day, 12 * duration.amount))
    days = duration.calendar_days()
    assert days is not None
    return Due(day + dt.timedelta(days=days))


def _scope(applies_to: Applicability) -> Applicability:
    """Applicability as the engine reads it: the free-text ``units`` narrows nothing."""
    exclude = applies_to.exclude
    if exclude is not None:
        exclude = _scope(exclude)
        if exclude.is_universal():
            exclude = None
    return attrs.evolve(applies_to, units=None, exclude=exclude)


def _events_of(effective: EffectiveRule) -> tuple[EventType, ...]:
    params = effective.rule.params
    if isinstance(params, FilingDeadlineParams):
        return tuple(params.events)
    if isinstance(params, AnnouncementPeriodParams) and params.event is not None:
        return (params.event,)
    return ()


def _overridden(
    effective: EffectiveRule, event: EventType, candidates: list[EffectiveRule],
    starts: dict[str, dt.date] | None = None, at: dt.date | None = None,
) -> bool:
    """Does a deeper variant of the same lineage, refining this one, with the same scope and in
    force on ``at``, take this event over?"""
    scope = _scope(effective.rule.applies_to)
    for other in candidates:
        if other is effective or len(other.chain) <= len(effective.chain):
            continue
        if starts is not None and at is not None and starts.get(other.id, dt.date.min) > at:
            continue
        if other.keeps_base:
            continue
        if effective.id not in {r.id for r in other.chain[:-1]}:
            continue
        if event in _events_of(other) and _scope(other.rule.applies_to) == scope:
            return True
    return False


EVENT_VALUES = tuple(e.value for e in EventType)


def deadlines(
    rulebook: Rulebook,
    event: EventType | str,
    at: dt.date,
    calendar: WorkingDayCalendar | None = None,
) -> list[Deadline]:
    """What ``event`` on day ``at`` triggers under ``rulebook``, in the rulebook's order."""
    from ..calendar import default_calendar

    from .filing_sources import PUBLIC, filing_citations
    from .selection import rule_starts

    if not isinstance(event, EventType):
        if event not in EVENT_VALUES:
            raise InputError("event", f"unknown event {clipped(event)}; {one_of(EVENT_VALUES, event)}")
        event = EventType(event)
    check_supported(at, path="at")
    calendar = calendar or default_calendar()
    starts = rule_starts(rulebook)
    lineages: dict[str, list[EffectiveRule]] = {}
    for effective in rulebook:
        lineages.setdefault(effective.lineage, []).append(effective)
    out: list[Deadline] = []
    for effective in rulebook:
        rule = effective.rule
        params = rule.params
        if starts.get(rule.id, dt.date.min) > at:
            continue  # not yet in force on the event's day: it does not govern that event
        # (timing, within, recipients, announce, sources) per item: a filing rule whose recipients
        # are due at different times gives one item per timing.
        groups: list[tuple[str, Duration | None, tuple[FilingRecipient, ...], bool, tuple[Citation, ...]]] = []
        if isinstance(params, FilingDeadlineParams):
            if event not in params.events:
                continue
            kind = FILE_BY
            recipient_name = params.recipient_name
            by_timing: dict[FilingTiming, list[FilingRecipient]] = {}
            for recipient in params.recipients:
                by_timing.setdefault(params.timing_for(recipient), []).append(recipient)
            # The item counted in days after the event first (the rule's own time limit), then
            # the recipients due before or at the event.
            ordered_timings = sorted(by_timing, key=lambda t: t is not FilingTiming.AFTER)
            for group_timing in ordered_timings:
                members = by_timing[group_timing]
                cites: list[Citation] = []
                for recipient in members:
                    cites.extend(c for c in filing_citations(effective, event, recipient) if c not in cites)
                groups.append((str(group_timing), params.within, tuple(members), False, tuple(cites)))
            if params.announce_publicly:
                cites_public = filing_citations(effective, event, PUBLIC)
                if params.announce_from is AnnounceStart.FILING and params.announce_within is not None:
                    groups.append(("after_filing", params.announce_within, (), True, cites_public))
                elif not groups:
                    announce_timing = params.announce_timing or params.timing_for(PUBLIC)
                    groups.append((str(announce_timing), params.announce_within or params.within, (), True, cites_public))
                else:  # the notice rides on the first item, as before
                    first = groups[0]
                    groups[0] = (first[0], first[1], first[2], True, first[4])
        elif isinstance(params, AnnouncementPeriodParams):
            if params.event != event or params.minimum is None:
                continue
            kind = NOT_BEFORE
            recipient_name = None
            allowed = params.closure_allowed or ClosureAllowed.AFTER_PERIOD
            groups.append((str(allowed), params.minimum, (), False, tuple(rule.sources)))
        else:
            continue
        for group_timing, within, recipients, announce, cites in groups:
            timing = Due(None)
            notes_zh: list[str] = []
            notes_en: list[str] = []
            if group_timing in (FilingTiming.BEFORE, FilingTiming.SAME_DAY):
                timing = Due(at)
                if group_timing == FilingTiming.BEFORE:
                    notes_zh.append("应在事件之前报送，最迟事件当日")
                    notes_en.append("due before the event, on its day at the latest")
                else:
                    notes_zh.append("“同步”：最迟事件当日")
                    notes_en.append("'at the same time' (同步): on the event's day at the latest")
            elif group_timing == "after_filing":
                notes_zh.append(f"公告应于向主管单位报送备案表后{within.zh()}内发布，且不早于备案表；到期日自备案表起算，不自事件起算")  # type: ignore[union-attr]
                notes_en.append(f"the notice is due within {within.amount} {within.unit.replace('_', ' ')} after the filing "  # type: ignore[union-attr]
                                "form to the supervising unit, and not before it; the due date counts from the form, not the event")
            elif group_timing in (FilingTiming.PROMPTLY, FilingTiming.NONE) or within is None:
                if group_timing == FilingTiming.PROMPTLY:
                    notes_zh.append("原文要求“及时”，未规定具体时限，不计算到期日")
                    notes_en.append("the text says 'promptly' (及时) and gives no number of days; no due date is computed")
                else:
                    notes_zh.append(NOTE_NO_LIMIT_ZH)
                    notes_en.append(NOTE_NO_LIMIT_EN)
            else:
                timing = due_after(calendar, at, within)
                if kind == NOT_BEFORE and group_timing == ClosureAllowed.AFTER_PERIOD and timing.date is not None:
                    one = dt.timedelta(days=1)
                    shifted = ((timing.range[0] + one, timing.range[1] + one if timing.range[1] else None)
                               if timing.range else None)
                    timing = Due(timing.date + one, provisional=timing.provisional, range=shifted)
                if timing.gap is not None:
                    notes_zh.append(f"到期日在{timing.gap}年，该年节假日安排尚未纳入，暂不能确定（晚于{timing.after}）")
                    notes_en.append(f"the due date falls in {timing.gap}, whose holiday schedule is not yet in the data "
                                    f"(later than {timing.after})")
            if announce:
                notes_zh.append(NOTE_ANNOUNCE_ZH)
                notes_en.append(NOTE_ANNOUNCE_EN)
            due = timing.date
            if kind == NOT_BEFORE and due is not None:
                full = "须整日经过" if group_timing == ClosureAllowed.AFTER_PERIOD else "至最后一日"
                notes_zh.append(f"公告期不少于{within.zh()}（{full}），最早可于{due.isoformat()}关停或注销")  # type: ignore[union-attr]
                notes_en.append(f"the notice must stand at least {within.amount} {within.unit.replace('_', ' ')}; "  # type: ignore[union-attr]
                                f"shut-down or cancellation on {due.isoformat()} at the earliest")
            sources = cites or (rule.source,)
            out.append(
                Deadline(
                    rule=rule.id,
                    kind=kind,
                    event=event,
                    at=at,
                    due=due,
                    within=within,
                    recipients=recipients,
                    applies_to=rule.applies_to,
                    source=sources[0],
                    jurisdiction=rule.jurisdiction,
                    title=rule.title,
                    lineage=effective.lineage,
                    most_specific=not _overridden(effective, event, lineages[effective.lineage], starts, at),
                    provisional=timing.provisional,
                    recipient_name=recipient_name,
                    announce_publicly=announce,
                    checkable=rule.checkable,
                    note="；".join(notes_zh) or None,
                    note_en="; ".join(notes_en) or None,
                    calendar_gap=timing.gap,
                    due_range=timing.range,
                    timing=group_timing,
                    sources=tuple(sources),
                )
            )
    return out


def deadline_to_json(deadline: Deadline) -> dict[str, Any]:
    """The JSON shape ``gnmr deadlines --format json`` prints (fields are added, never renamed)."""
    within = deadline.within
    return {
        "rule": deadline.rule,
        "kind": deadline.kind,
        "event": str(deadline.event),
        "at": deadline.at.isoformat(),
        "due": deadline.due.isoformat() if deadline.due else None,
        "within": {"amount": within.amount, "unit": str(within.unit)} if within else None,
        "recipients": [str(r) for r in deadline.recipients],
        "recipient_name": deadline.recipient_name,
        "announce_publicly": deadline.announce_publicly,
        "applies_to": applicability_to_json(deadline.applies_to),
        "source": citation_to_json(deadline.source),
        "sources": [citation_to_json(c) for c in (deadline.sources or (deadline.source,))],
        "timing": deadline.timing,
        "jurisdiction": deadline.jurisdiction,
        "title": deadline.title,
        "lineage": deadline.lineage,
        "most_specific": deadline.most_specific,
        "checkable": deadline.checkable,
        "provisional": deadline.provisional,
        "note": deadline.note,
        "note_en": deadline.note_en,
        "due_range": (
            {"earliest": deadline.due_range[0].isoformat(),
             "latest": deadline.due_range[1].isoformat() if deadline.due_range[1] else None}
            if deadline.due_range else None
        ),
        "calendar_gap": {"missing_year": deadline.calendar_gap} if deadline.calendar_gap is not None else None,
    }
