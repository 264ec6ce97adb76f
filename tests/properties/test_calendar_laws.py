"""Laws of the working-day calendar, stated over every day the holiday data covers.

Each test's docstring is the law; the strategies are the public ones testers use
(``gov_new_media_rules.strategies``). Near the edges of the data a strict calendar may have no
answer: the laws then say that it raises ``CalendarCoverageError`` exactly when the answer lies
outside the data, never that it guesses.
"""

from __future__ import annotations

import datetime as dt
import pickle

import chinese_calendar
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gov_new_media_rules import strategies as gs
from gov_new_media_rules.calendar import WorkingDayCalendar
from gov_new_media_rules.calendar.statutory import statutory_holidays
from gov_new_media_rules.errors import CalendarCoverageError

CAL = WorkingDayCalendar.builtin()
GUESS = CAL.provisional()  # same data, answers outside it by the law: used to say where an answer lies
FIRST, LAST = dt.date(CAL.coverage[0], 1, 1), dt.date(CAL.coverage[1], 12, 31)

days = gs.covered_dates(calendar=CAL)
steps = st.integers(-400, 400)


def strict_add(d: dt.date, n: int) -> dt.date | None:
    """``add_working_days`` on the strict calendar, or None where it rightly has no answer."""
    try:
        result = CAL.add_working_days(d, n)
    except CalendarCoverageError:
        assert not CAL.covers(GUESS.add_working_days(d, n)), "raised although the answer is inside the data"
        return None
    assert result == GUESS.add_working_days(d, n), "strict and provisional calendars disagree inside the data"
    return result


@given(days, steps)
def test_add_and_count_are_inverses(d, n):
    """count_working_days(d, add_working_days(d, n)) == n for every covered d and every n whose
    result is covered; the strict calendar raises only when that result is outside the data."""
    result = strict_add(d, n)
    if result is not None:
        assert CAL.count_working_days(d, result) == n


@given(days, days)
def test_add_inverts_count_onto_working_days(a, b):
    """For a <= b with b a working day, add_working_days(a, count_working_days(a, b)) == b:
    counting is "how many working days after a" and adding walks exactly that far."""
    a, b = min(a, b), max(a, b)
    assume(CAL.is_working_day(b) and a < b)
    assert CAL.add_working_days(a, CAL.count_working_days(a, b)) == b


@given(days, steps.filter(bool))
def test_every_result_is_a_working_day(d, n):
    """add_working_days(d, n) for n != 0, next_working_day and previous_working_day, and every
    due date always land on a working day (makeup working days included, holidays never)."""
    result = strict_add(d, n)
    if result is not None:
        assert CAL.is_working_day(result)
        due = CAL.due_date(d, n)
        assert due.date == result and not due.provisional and due.working_days == n
    for step in (CAL.next_working_day, CAL.previous_working_day):
        try:
            assert CAL.is_working_day(step(d))
        except CalendarCoverageError:
            assert d in (FIRST, LAST) or not CAL.covers(GUESS.add_working_days(d, 1 if step is CAL.next_working_day else -1))


@given(gs.working_days(calendar=CAL))
def test_working_days_strategy_draws_working_days(d):
    """Every date drawn by strategies.working_days() is a working day inside the data."""
    assert CAL.covers(d) and CAL.is_working_day(d)
    assert chinese_calendar.is_workday(d)


@given(days, steps, steps)
def test_results_are_monotone_in_n(d, n1, n2):
    """n1 < n2 implies add_working_days(d, n1) < add_working_days(d, n2): strictly, for negative
    and positive n alike (add(d, -1) < d == add(d, 0) < add(d, 1))."""
    assume(n1 != n2)
    n1, n2 = min(n1, n2), max(n1, n2)
    r1, r2 = strict_add(d, n1), strict_add(d, n2)
    assume(r1 is not None and r2 is not None)
    assert r1 < r2


@given(days, days, steps)
def test_results_are_monotone_in_the_start_day(d1, d2, n):
    """d1 <= d2 implies add_working_days(d1, n) <= add_working_days(d2, n): a later event never
    has an earlier deadline."""
    d1, d2 = min(d1, d2), max(d1, d2)
    r1, r2 = strict_add(d1, n), strict_add(d2, n)
    assume(r1 is not None and r2 is not None)
    assert r1 <= r2


@given(days)
def test_agrees_with_chinese_calendar_on_every_covered_day(d):
    """is_working_day agrees with chinese_calendar.is_workday on every covered day."""
    assert CAL.is_working_day(d) == chinese_calendar.is_workday(d)


def test_agrees_with_chinese_calendar_exhaustively():
    """The same law, checked on every single covered day rather than a sample."""
    day = FIRST
    while day <= LAST:
        assert CAL.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


@given(days, days, days)
def test_counts_add_up_over_adjacent_intervals(a, b, c):
    """count(a, b) + count(b, c) == count(a, c) for a <= b <= c: "(start, end]" intervals tile."""
    a, b, c = sorted((a, b, c))
    assert CAL.count_working_days(a, b) + CAL.count_working_days(b, c) == CAL.count_working_days(a, c)


@given(days)
def test_index_and_working_day_at_are_inverse(d):
    """working_day_at(working_day_index(w)) == w for every working day w, and the index counts
    the working days up to and including the day."""
    if CAL.is_working_day(d):
        assert CAL.working_day_at(CAL.working_day_index(d)) == d
    assert CAL.working_day_index(d) == CAL.count_working_days(FIRST, d) + (1 if CAL.is_working_day(FIRST) else 0)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_strict_calendar_never_guesses(d):
    """Outside the data a strict calendar raises CalendarCoverageError naming the year; the
    provisional calendar answers by the law (statutory holidays off, other weekdays worked) within
    its years, raises beyond them, and flags every answer provisional."""
    if CAL.covers(d):
        assert CAL.is_working_day(d) == GUESS.is_working_day(d)
        assert not GUESS.is_provisional(d)
        return
    with pytest.raises(CalendarCoverageError) as caught:
        CAL.is_working_day(d)
    assert caught.value.year == d.year
    first, last = GUESS.provisional_coverage
    if not first <= d.year <= last:
        with pytest.raises(CalendarCoverageError):
            GUESS.is_working_day(d)
        return
    statutory_days = {h.date for h in statutory_holidays(d.year)}
    assert GUESS.is_working_day(d) == (d.weekday() < 5 and d not in statutory_days)
    assert GUESS.is_provisional(d)
    if d < dt.date(last, 12, 20):  # the next working day is still within the provisional years
        assert GUESS.due_date(d, 1).provisional


LAW_CHECKED_YEARS = range(2015, LAST.year + 1)


@pytest.mark.parametrize("year", LAW_CHECKED_YEARS)
def test_every_statutory_day_is_a_holiday_in_the_state_council_data(year):
    """The derivation from 《全国年节及纪念日放假办法》 never names a day that the State Council's
    notice for that year made a working day: whatever a notice arranges, the law's days are off."""
    for holiday in statutory_holidays(year):
        assert not CAL.is_working_day(holiday.date), f"{holiday.date} ({holiday.festival}) is a working day in the data"


def _known_until(year: int) -> WorkingDayCalendar:
    """The packaged calendar as it stood before ``year``'s notice: data up to ``year - 1``,
    provisional from ``year`` on."""
    days = (dt.date(year, 1, 1) - FIRST).days
    flags = bytes(1 if CAL.is_working_day(FIRST + dt.timedelta(days=i)) else 0 for i in range(days))
    return WorkingDayCalendar._build(
        FIRST.year, flags, provisional=True, package_years=(FIRST.year, year - 1),
        package_version="truncated", user_years=(),
    )


_TRUNCATED = {year: _known_until(year) for year in LAW_CHECKED_YEARS}
# The one arrangement no pattern could foresee: 2015-09-03/04 off and Sunday 09-06 worked
# (纪念中国人民抗日战争暨世界反法西斯战争胜利70周年).
_ONE_OFF = (dt.date(2015, 9, 3), dt.date(2015, 9, 6))


@given(st.sampled_from(LAW_CHECKED_YEARS), st.integers(0, 364), st.integers(1, 40))
def test_a_provisional_range_holds_the_due_date_the_notice_later_set(year, offset, n):
    """Judged before ``year``'s notice, a provisional due date's (earliest, latest) range contains
    the due date the notice actually gave, for every year of the data since 2015."""
    day = dt.date(year, 1, 1) + dt.timedelta(days=offset - 10)
    try:
        real = CAL.add_working_days(day, n)
    except CalendarCoverageError:  # the real due date lies past the data itself
        assume(False)
    due = _TRUNCATED[year].due_date(day, n)
    assume(not (day <= _ONE_OFF[1] and max(real, due.latest or real) >= _ONE_OFF[0]))
    if not due.provisional:
        assert due.date == real
        return
    assert due.earliest is not None and due.earliest <= real, (day, n, due)
    assert due.latest is None or real <= due.latest, (day, n, due)


@given(days)
def test_calendar_survives_pickling(d):
    """A calendar sent to another process (pickled) answers every question the same way."""
    copy = pickle.loads(pickle.dumps(CAL))
    assert copy == CAL
    assert copy.is_working_day(d) == CAL.is_working_day(d)
    assert copy.working_day_index(d) == CAL.working_day_index(d)
