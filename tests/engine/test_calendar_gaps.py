"""A year the holiday data lacks, met in the middle of a batch.

The engine's promise (engine/run.py, engine/deadlines.Due): a due date or a working-day count that
reaches past the data never fails a batch. What the known days decide is exact; only what needs
the missing year is left open, on that finding alone, naming the year.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from typing import Any

import pytest

import gov_new_media_rules
from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.facts import account_from_json

D = dt.date
LAST = D(default_calendar().coverage[1], 12, 31)  # the last day of the holiday data
GAP_YEAR = LAST.year + 1


@functools.lru_cache(maxsize=None)
def book(alias: str, on: dt.date) -> Any:
    return gov_new_media_rules.rulebook(alias, on=on)


def account(i: int, **fields: Any) -> Any:
    raw: dict[str, Any] = {
        "id": f"acc-{i:04d}", "name": f"长春新区测试{i}", "platform": "weibo", "host_unit": f"长春新区第{i}局",
        "opened_on": "2025-03-03",
    }
    raw.update(fields)
    return account_from_json(raw)


def ordinary(i: int, rng: random.Random) -> Any:
    """An account that posts now and then through the autumn of the last data year."""
    start = D(LAST.year, 9, 1)
    days = sorted({start + dt.timedelta(days=rng.randrange(0, (LAST - start).days - 20)) for _ in range(rng.randrange(1, 30))})
    return account(i, posts=[{"published_at": d.isoformat()} for d in days])


def by_account(findings: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for f in findings:
        out.setdefault(f.account, []).append(f)
    return out


def test_one_accounts_gap_changes_no_other_finding_in_a_batch_of_1000() -> None:
    rng = random.Random(20261220)
    as_of = LAST - dt.timedelta(days=10)
    others = [ordinary(i, rng) for i in range(999)]
    closing = account(999, posts=[{"published_at": (as_of - dt.timedelta(days=3)).isoformat()}],
                      events=[{"type": "closure_announced", "on": (as_of - dt.timedelta(days=1)).isoformat()}])
    batch = evaluate(book("changchun-xinqu", as_of), [*others[:500], closing, *others[500:]], as_of)
    without = evaluate(book("changchun-xinqu", as_of), others, as_of)
    alone = evaluate(book("changchun-xinqu", as_of), [closing], as_of)
    got = by_account(batch.findings)
    assert {k: v for k, v in got.items() if k != closing.id} == by_account(without.findings)
    assert got[closing.id] == list(alone.findings)
    gaps = [f for f in got[closing.id] if f.calendar_gap is not None]
    assert gaps and all(f.calendar_gap == GAP_YEAR and f.due is None for f in gaps)
    assert all(f.status in (Status.PENDING, Status.INSUFFICIENT_DATA) for f in gaps)
    assert batch.receipt.calendar_gaps == {GAP_YEAR: len(gaps)}


def test_a_post_yesterday_is_not_dormant_whatever_next_year_holds() -> None:
    as_of = LAST - dt.timedelta(days=3)
    acct = account(1, posts=[{"published_at": (as_of - dt.timedelta(days=1)).isoformat()}])
    report = evaluate(book("changchun-xinqu", as_of), [acct], as_of)
    current = [f for f in report.findings if f.rule == "changchun-xinqu.updating.dormancy" and f.period is None]
    assert [(f.status, f.due, f.calendar_gap) for f in current] == [(Status.COMPLIANT, None, GAP_YEAR)]


def test_a_silence_already_past_the_limit_is_dormant_even_as_of_a_day_in_the_missing_year() -> None:
    as_of = D(GAP_YEAR, 1, 10)
    acct = account(1, posts=[{"published_at": D(LAST.year, 11, 2).isoformat()}])
    report = evaluate(book("changchun-xinqu", as_of), [acct], as_of)
    current = [f for f in report.findings if f.rule == "changchun-xinqu.updating.dormancy" and f.status is Status.VIOLATION]
    assert current and current[-1].calendar_gap is None and current[-1].due is not None
    assert current[-1].figures["elapsed_counted_to"] == LAST.isoformat()


def test_a_short_silence_into_the_missing_year_is_left_open() -> None:
    as_of = D(GAP_YEAR, 1, 4)
    acct = account(1, posts=[{"published_at": (LAST - dt.timedelta(days=1)).isoformat()}])
    report = evaluate(book("changchun-xinqu", as_of), [acct], as_of)
    state = [f for f in report.findings if f.rule == "changchun-xinqu.updating.dormancy"][-1]  # the state on as_of
    assert (state.status, state.calendar_gap, state.due) == (Status.INSUFFICIENT_DATA, GAP_YEAR, None)


@pytest.mark.parametrize("provisional", [False, True])
def test_a_closure_notice_before_the_end_of_the_data(provisional: bool) -> None:
    """长春新区 第十三条: 15 working days of notice. Published a week before the data ends, the
    period runs into the missing year: pending, with the earliest closure day open (strict) or
    provisional with its range."""
    calendar = default_calendar().provisional(provisional)
    notice = LAST - dt.timedelta(days=7)
    acct = account(1, events=[{"type": "closure_announced", "on": notice.isoformat()}])
    report = evaluate(book("changchun-xinqu", LAST), [acct], LAST, calendar=calendar)
    [f] = [f for f in report.findings if f.rule == "changchun-xinqu.cleanup.closure-announcement-period"]
    assert f.status is Status.PENDING
    if provisional:
        assert f.provisional and f.due is not None and f.calendar_gap is None
        assert f.due_range is not None and f.due_range[0] <= f.due
    else:
        assert f.due is None and f.calendar_gap == GAP_YEAR and not f.provisional
        # A closure on the last known day is too early whatever the next year holds.
        closed = account(1, events=[{"type": "closure_announced", "on": notice.isoformat()},
                                    {"type": "account_cancelled", "on": LAST.isoformat()}])
        report = evaluate(book("changchun-xinqu", LAST), [closed], LAST, calendar=calendar)
        [f] = [f for f in report.findings if f.rule == "changchun-xinqu.cleanup.closure-announcement-period"]
        assert f.status is Status.VIOLATION
