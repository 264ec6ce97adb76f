"""Findings and reports: what the engine concludes, with the figures and the words behind it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from ..model.rules import Citation
from ..model.vocab import Strength

__all__ = ["Status", "SEVERITY", "Finding", "Receipt", "Report", "period_end"]


class Status(StrEnum):
    COMPLIANT = "compliant"
    VIOLATION = "violation"
    PENDING = "pending"  # not yet due: the deadline or the period has not passed
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"


# The statuses from the one that calls for action first: how reports, workbooks and scenario
# summaries order them.
SEVERITY: tuple[str, ...] = ("violation", "pending", "insufficient_data", "compliant", "not_applicable")


@attrs.frozen
class Finding:
    """One conclusion about one account under one rule (and, for periodic rules, one period)."""

    rule: str
    account: str
    status: Status
    message_zh: str
    message_en: str
    source: Citation
    lineage: str = ""
    set_by: str = ""  # jurisdiction of the document that set the rule
    strength: Strength = Strength.MANDATORY
    period: str | None = None
    due: dt.date | None = None
    figures: Mapping[str, Any] = attrs.field(factory=dict, eq=True, hash=False)
    provisional: bool = False  # computed over days outside the holiday data (provisional calendar)
    # The year whose State Council schedule the finding needed and the calendar lacks: ``due`` (or
    # the verdict) is left open, and the status is what the known days decide.
    calendar_gap: int | None = None
    # A provisional due date's range: (earliest, latest) a notice could still move it to, latest
    # ``None`` where it would lie past the provisional years.
    due_range: tuple[dt.date, dt.date | None] | None = None
    # Every clause that decided the finding, most specific first (``source`` is the first): the
    # item of a list, the event's own clause, the banned category, then the rule's lead-in.
    sources: tuple[Citation, ...] = attrs.field(
        default=attrs.Factory(lambda self: (self.source,), takes_self=True)
    )


@attrs.frozen
class Receipt:
    """What produced a report, so that it can be reproduced or questioned later."""

    library_version: str
    documents: Mapping[str, str]  # document id -> encoding version
    calendar: str
    rulebook: str  # fingerprint of the effective rulebook
    as_of: dt.date
    overlays: tuple[str, ...] = ()
    # (first year, last year, source) for each span of the calendar: which data decided each year.
    calendar_sources: tuple[tuple[int, int, str], ...] = ()
    # Missing year -> how many findings it left open (or provisional).
    calendar_gaps: Mapping[int, int] = attrs.field(factory=dict)


@attrs.frozen
class Report:
    jurisdiction: str
    as_of: dt.date
    findings: tuple[Finding, ...]
    receipt: Receipt
    notes: tuple[str, ...] = ()  # about the input: posts left out, data gaps

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is Status.VIOLATION)

    def counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in Status}
        for finding in self.findings:
            counts[finding.status.value] += 1
        return counts


def period_end(period: str | None) -> dt.date | None:
    """The last day of a periodic finding's period: an ISO week ``2025-W10``, a month
    ``2025-03``, a year ``2025``, or a span ``first/last``; ``None`` for anything else (an event)."""
    if not period:
        return None
    return _bound(period.rsplit("/", 1)[-1], last=True)


def period_start(period: str | None) -> dt.date | None:
    """The first day of a periodic finding's period (see :func:`period_end`)."""
    if not period:
        return None
    return _bound(period.split("/", 1)[0], last=False)


def _bound(text: str, *, last: bool) -> dt.date | None:
    try:
        if "-W" in text:
            year, week = text.split("-W")
            return dt.date.fromisocalendar(int(year), int(week), 7 if last else 1)
        parts = text.split("-")
        if len(parts) == 1 and len(text) == 4:
            return dt.date(int(text), 12, 31) if last else dt.date(int(text), 1, 1)
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            if not last:
                return dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
