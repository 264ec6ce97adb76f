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
from ..composition import EffectiveRule, Rulebook
from ..model.params import AnnouncementPeriodParams, Duration, DurationUnit, FilingDeadlineParams
from ..model.rules import Applicability, Citation
from ..model.vocab import EventType, FilingRecipient
from ..serialize import applicability_to_json, citation_to_json

__all__ = ["Deadline", "deadlines", "deadline_to_json", "due_after", "add_months"]

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
    provisional: bool = False  # the due date relied on weekdays-only guessing (provisional calendar)
    recipient_name: str | None = None
    announce_publicly: bool = False
    checkable: bool = True
    note: str | None = None
    note_en: str | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or the last day of that month if it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def due_after(calendar: WorkingDayCalendar, day: dt.date, duration: Duration) -> tuple[dt.date, bool]:
    """The inclusive end of ``duration`` counted from ``day`` (``day`` itself not counted), and
    whether it is provisional (working days guessed outside the holiday data)."""
    unit = duration.unit
    if unit is DurationUnit.WORKING_DAYS:
        due = calendar.due_date(day, duration.amount)
        return due.date, due.provisional
    if unit is DurationUnit.MONTHS:
        return add_months(day, duration.amount), False
    if unit is DurationUnit.YEARS:
        return add_months(day, 12 * duration.amount), False
    days = duration.calendar_days()
    assert days is not None
    return day + dt.timedelta(days=days), False


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


def _overridden(effective: EffectiveRule, event: EventType, candidates: list[EffectiveRule]) -> bool:
    """Does a deeper variant of the same lineage, refining this one and with the same scope,
    take this event over?"""
    scope = _scope(effective.rule.applies_to)
    for other in candidates:
        if other is effective or len(other.chain) <= len(effective.chain):
            continue
        if other.keeps_base:
            continue
        if effective.id not in {r.id for r in other.chain[:-1]}:
            continue
        if event in _events_of(other) and _scope(other.rule.applies_to) == scope:
            return True
    return False


def deadlines(
    rulebook: Rulebook,
    event: EventType | str,
    at: dt.date,
    calendar: WorkingDayCalendar | None = None,
) -> list[Deadline]:
    """What ``event`` on day ``at`` triggers under ``rulebook``, in the rulebook's order."""
    from ..calendar import default_calendar

    event = EventType(event)
    calendar = calendar or default_calendar()
    lineages: dict[str, list[EffectiveRule]] = {}
    for effective in rulebook:
        lineages.setdefault(effective.lineage, []).append(effective)
    out: list[Deadline] = []
    for effective in rulebook:
        rule = effective.rule
        params = rule.params
        if isinstance(params, FilingDeadlineParams):
            if event not in params.events:
                continue
            kind = FILE_BY
            within = params.within
            recipients = tuple(params.recipients)
            recipient_name = params.recipient_name
            announce = params.announce_publicly
        elif isinstance(params, AnnouncementPeriodParams):
            if params.event != event or params.minimum is None:
                continue
            kind = NOT_BEFORE
            within = params.minimum
            recipients = ()
            recipient_name = None
            announce = False
        else:
            continue
        due: dt.date | None = None
        provisional = False
        notes_zh: list[str] = []
        notes_en: list[str] = []
        if within is not None:
            due, provisional = due_after(calendar, at, within)
        else:
            notes_zh.append(NOTE_NO_LIMIT_ZH)
            notes_en.append(NOTE_NO_LIMIT_EN)
        if announce:
            notes_zh.append(NOTE_ANNOUNCE_ZH)
            notes_en.append(NOTE_ANNOUNCE_EN)
        if kind == NOT_BEFORE and due is not None:
            notes_zh.append(f"公告期不少于{within.zh()}，最早可于{due.isoformat()}关停或注销")  # type: ignore[union-attr]
            notes_en.append(f"the notice must stand at least {within.amount} {within.unit.replace('_', ' ')}; "  # type: ignore[union-attr]
                            f"shut-down or cancellation on {due.isoformat()} at the earliest")
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
                source=rule.source,
                jurisdiction=rule.jurisdiction,
                title=rule.title,
                lineage=effective.lineage,
                most_specific=not _overridden(effective, event, lineages[effective.lineage]),
                provisional=provisional,
                recipient_name=recipient_name,
                announce_publicly=announce,
                checkable=rule.checkable,
                note="；".join(notes_zh) or None,
                note_en="; ".join(notes_en) or None,
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
        "jurisdiction": deadline.jurisdiction,
        "title": deadline.title,
        "lineage": deadline.lineage,
        "most_specific": deadline.most_specific,
        "checkable": deadline.checkable,
        "provisional": deadline.provisional,
        "note": deadline.note,
        "note_en": deadline.note_en,
    }
