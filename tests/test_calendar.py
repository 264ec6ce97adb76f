"""Working-day calendar: conventions, agreement with chinese-calendar, coverage and user years."""

from __future__ import annotations

import datetime as dt
import pickle

import chinese_calendar
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gov_new_media_rules import calendar as cal_mod
from gov_new_media_rules.calendar.statutory import statutory_holidays
from gov_new_media_rules.calendar import (
    DueDate,
    WorkingDayCalendar,
    default_calendar,
    register_year,
    register_year_file,
    reset_default_calendar,
)
from gov_new_media_rules.errors import CalendarCoverageError, CalendarDataError, GnmrError

D = dt.date
CAL = WorkingDayCalendar.builtin()
FIRST_YEAR, LAST_YEAR = CAL.coverage

# Dates far enough inside the data that +-MAX_N working days never leave it (50 working days is
# under three months even around Spring Festival or National Day).
MAX_N = 50
covered_dates = st.dates(
    min_value=D(FIRST_YEAR, 4, 1), max_value=D(LAST_YEAR, 9, 1)
)
offsets = st.integers(min_value=-MAX_N, max_value=MAX_N)

# TEST DATA, NOT A REAL SCHEDULE: a plausible, made-up 2027 holiday arrangement used only to
# exercise user-registered years. It is not the State Council's 2027 notice.
FAKE_2027_HOLIDAYS = [
    "2027-01-01", "2027-01-02", "2027-01-03",
    *(f"2027-02-{d:02d}" for d in range(5, 13)),  # Fri 5 Feb .. Fri 12 Feb
    "2027-04-05",
    *(f"2027-05-{d:02d}" for d in range(1, 6)),
    "2027-06-09",
    "2027-09-15",
    *(f"2027-10-{d:02d}" for d in range(1, 8)),
]
FAKE_2027_MAKEUP = ["2027-02-20", "2027-09-26", "2027-10-09"]  # Sat, Sun, Sat
FAKE_2027_SOURCE = "TEST DATA: made-up 2027 schedule"


@pytest.fixture(autouse=True)
def _fresh_default():
    reset_default_calendar()
    yield
    reset_default_calendar()


def cal_2027() -> WorkingDayCalendar:
    return CAL.with_year(
        2027,
        holidays=FAKE_2027_HOLIDAYS,
        makeup_workdays=FAKE_2027_MAKEUP,
        source=FAKE_2027_SOURCE,
    )


# -- agreement with the data --------------------------------------------------------------------


def test_coverage_is_derived_from_the_data():
    years = {d.year for d in chinese_calendar.constants.holidays}
    assert CAL.coverage == (min(years), max(years))
    assert CAL.coverage[0] <= 2004 and CAL.coverage[1] >= 2026


def test_agrees_with_chinese_calendar_on_every_covered_day():
    day = D(FIRST_YEAR, 1, 1)
    end = D(LAST_YEAR, 12, 31)
    n = 0
    while day <= end:
        assert CAL.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
        n += 1
    assert n > 8000


def test_data_version_names_package_and_years():
    assert CAL.data_version == (
        f"chinese-calendar {chinese_calendar.__version__} ({FIRST_YEAR}-{LAST_YEAR})"
    )


# -- the "N个工作日内" convention, by example ----------------------------------------------------


def test_national_day_2024_makeup_saturday_is_counted():
    # 1-7 Oct 2024 off; Sat 12 Oct 2024 is a makeup working day.
    assert CAL.add_working_days(D(2024, 9, 30), 5) == D(2024, 10, 12)
    assert CAL.is_working_day(D(2024, 10, 12))


def test_spring_festival_2025():
    # Sun 26 Jan and Sat 8 Feb 2025 are makeup days; 28 Jan - 4 Feb are off.
    # Working days after Fri 24 Jan: 26, 27 Jan, 5, 6, 7, 8, 10 Feb.
    assert CAL.add_working_days(D(2025, 1, 24), 7) == D(2025, 2, 10)
    assert CAL.count_working_days(D(2025, 1, 24), D(2025, 2, 10)) == 7


def test_event_day_is_not_counted_even_if_working():
    assert CAL.add_working_days(D(2025, 3, 3), 1) == D(2025, 3, 4)  # Mon -> Tue
    assert CAL.add_working_days(D(2025, 3, 8), 1) == D(2025, 3, 10)  # Sat -> Mon


def test_zero_and_negative():
    assert CAL.add_working_days(D(2025, 3, 8), 0) == D(2025, 3, 8)
    assert CAL.add_working_days(D(2025, 3, 10), -1) == D(2025, 3, 7)
    assert CAL.add_working_days(D(2025, 2, 10), -7) == D(2025, 1, 24)
    assert CAL.count_working_days(D(2025, 3, 10), D(2025, 3, 7)) == -1
    assert CAL.count_working_days(D(2025, 3, 10), D(2025, 3, 10)) == 0


def test_count_is_not_antisymmetric_across_a_non_working_endpoint():
    # (Fri, Sat] has no working day; the mirrored [Fri, Sat) has one.
    fri, sat = D(2025, 3, 7), D(2025, 3, 8)
    assert CAL.count_working_days(fri, sat) == 0
    assert CAL.count_working_days(sat, fri) == -1


def test_due_date():
    due = CAL.due_date(D(2024, 9, 30), 5)
    assert due == DueDate(date=D(2024, 10, 12), provisional=False, working_days=5)


def test_next_and_previous():
    assert CAL.next_working_day(D(2024, 9, 30)) == D(2024, 10, 8)
    assert CAL.previous_working_day(D(2024, 10, 8)) == D(2024, 9, 30)
    assert CAL.previous_working_day(D(2024, 10, 13)) == D(2024, 10, 12)


def test_pendulum_dates_are_accepted_and_plain_dates_returned():
    r = CAL.add_working_days(pendulum.date(2024, 9, 30), 5)
    assert r == D(2024, 10, 12) and type(r) is D
    assert CAL.is_working_day(pendulum.date(2024, 10, 12))


def test_datetimes_are_refused():
    with pytest.raises(TypeError, match="to_shanghai_date"):
        CAL.is_working_day(dt.datetime(2025, 1, 24, 12))
    with pytest.raises(TypeError):
        CAL.is_working_day(pendulum.datetime(2025, 1, 24))
    with pytest.raises(TypeError):
        CAL.is_working_day("2025-01-24")  # type: ignore[arg-type]


def test_non_integer_offsets_are_refused():
    with pytest.raises(TypeError):
        CAL.add_working_days(D(2025, 1, 24), 1.5)  # type: ignore[arg-type]


# -- properties -----------------------------------------------------------------------------------


@given(covered_dates, offsets)
def test_count_inverts_add(d, n):
    assert CAL.count_working_days(d, CAL.add_working_days(d, n)) == n


@given(covered_dates, offsets.filter(lambda n: n != 0))
def test_add_lands_on_a_working_day(d, n):
    assert CAL.is_working_day(CAL.add_working_days(d, n))


@given(covered_dates, st.integers(min_value=-MAX_N, max_value=MAX_N - 1))
def test_add_is_strictly_increasing_in_n(d, n):
    # Strict for every n, not only n >= 1: add(d, -1) < d == add(d, 0) < add(d, 1).
    assert CAL.add_working_days(d, n) < CAL.add_working_days(d, n + 1)


@given(covered_dates, st.integers(-25, 25), st.integers(-25, 25))
def test_add_composes_from_a_working_day(d, n, k):
    # From a working day d, add(d, n) is "the working day n positions away from d" for every
    # integer n, so steps compose freely, whatever the signs.
    assume(CAL.is_working_day(d))
    assert CAL.add_working_days(CAL.add_working_days(d, k), n - k) == CAL.add_working_days(d, n)


@given(covered_dates, st.integers(-25, 25), st.integers(-25, 25))
def test_add_composes_from_any_day_when_steps_keep_direction(d, n, k):
    # From a non-working day the first step in each direction is "to the nearest working day",
    # so composition only holds when k is 0 or k and n point the same way.
    assume(k == 0 or k * n > 0)
    assert CAL.add_working_days(CAL.add_working_days(d, k), n - k) == CAL.add_working_days(d, n)


def test_composition_fails_from_a_non_working_day_when_direction_changes():
    sat = D(2025, 3, 8)
    assert CAL.add_working_days(CAL.add_working_days(sat, 1), -1) == D(2025, 3, 7)
    assert CAL.add_working_days(sat, 0) == sat


@given(covered_dates)
def test_next_and_previous_are_inverse_on_working_days(d):
    assume(CAL.is_working_day(d))
    assert CAL.previous_working_day(CAL.next_working_day(d)) == d
    assert CAL.next_working_day(CAL.previous_working_day(d)) == d


@given(covered_dates)
def test_next_and_previous_bracket_any_day(d):
    assert CAL.previous_working_day(d) < d < CAL.next_working_day(d)
    assert CAL.previous_working_day(CAL.next_working_day(d)) <= d


@given(covered_dates)
def test_is_working_day_matches_one_day_count(d):
    assert CAL.is_working_day(d) == (CAL.count_working_days(d - dt.timedelta(days=1), d) == 1)


@given(covered_dates, covered_dates)
def test_index_difference_is_count(a, b):
    ia, ib = CAL.working_day_index(a), CAL.working_day_index(b)
    if a <= b:
        assert CAL.count_working_days(a, b) == ib - ia


@given(covered_dates, covered_dates)
def test_count_is_antisymmetric_when_endpoints_agree(a, b):
    assume(CAL.is_working_day(a) == CAL.is_working_day(b))
    assert CAL.count_working_days(a, b) == -CAL.count_working_days(b, a)


@given(covered_dates)
def test_working_day_at_inverts_index_on_working_days(d):
    w = d if CAL.is_working_day(d) else CAL.next_working_day(d)
    assert CAL.working_day_at(CAL.working_day_index(w)) == w


def test_index_starts_at_the_first_working_day():
    first = D(FIRST_YEAR, 1, 1)
    w = first if CAL.is_working_day(first) else CAL.next_working_day(first)
    assert CAL.working_day_index(w) == 1
    assert CAL.working_day_at(1) == w


# -- coverage -------------------------------------------------------------------------------------


def test_outside_coverage_is_an_error_naming_the_year():
    after = D(LAST_YEAR + 1, 3, 1)
    before = D(FIRST_YEAR - 1, 12, 31)
    for call in (
        lambda: CAL.is_working_day(after),
        lambda: CAL.add_working_days(after, 3),
        lambda: CAL.add_working_days(after, 0),
        lambda: CAL.due_date(after, 3),
        lambda: CAL.count_working_days(D(2025, 1, 2), after),
        lambda: CAL.working_day_index(after),
        lambda: CAL.next_working_day(after),
    ):
        with pytest.raises(CalendarCoverageError, match=str(LAST_YEAR + 1)) as info:
            call()
        assert info.value.year == LAST_YEAR + 1
        assert isinstance(info.value, GnmrError)
    with pytest.raises(CalendarCoverageError, match=str(FIRST_YEAR - 1)):
        CAL.is_working_day(before)
    assert not CAL.covers(after) and not CAL.covers(before)
    assert CAL.covers(D(LAST_YEAR, 12, 31)) and CAL.covers(D(FIRST_YEAR, 1, 1))


def test_running_off_the_data_names_the_first_missing_year():
    with pytest.raises(CalendarCoverageError) as info:
        CAL.add_working_days(D(LAST_YEAR, 12, 20), 400)
    assert info.value.year == LAST_YEAR + 1
    with pytest.raises(CalendarCoverageError) as info:
        CAL.add_working_days(D(FIRST_YEAR, 1, 10), -30)
    assert info.value.year == FIRST_YEAR - 1
    with pytest.raises(CalendarCoverageError):
        CAL.working_day_at(0)


def test_2027_is_an_error_until_registered():
    assert LAST_YEAR == 2026, "update this test when chinese-calendar ships 2027"
    with pytest.raises(CalendarCoverageError, match="2027"):
        CAL.add_working_days(D(2027, 1, 4), 5)
    cal = cal_2027()
    assert cal.coverage == (FIRST_YEAR, 2027)
    assert cal.add_working_days(D(2027, 1, 4), 5) == D(2027, 1, 11)
    # Spring Festival in the test data: 5-12 Feb off, Sat 20 Feb worked.
    assert cal.next_working_day(D(2027, 2, 4)) == D(2027, 2, 15)
    assert cal.is_working_day(D(2027, 2, 20))
    assert not cal.is_working_day(D(2027, 2, 8))
    # Across the year boundary: Thu 31 Dec 2026, (Fri 1 Jan off), Mon 4, Tue 5 Jan 2027.
    assert cal.add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 5)
    assert cal.due_date(D(2026, 12, 30), 3).provisional is False
    assert cal.data_version.endswith(f"+2027 (user: {FAKE_2027_SOURCE})")
    # The original calendar is unchanged.
    with pytest.raises(CalendarCoverageError):
        CAL.is_working_day(D(2027, 1, 4))
    with pytest.raises(CalendarCoverageError, match="2028"):
        cal.is_working_day(D(2028, 1, 4))


def test_registered_year_can_be_replaced():
    cal = cal_2027()
    cal2 = cal.with_year(
        2027, holidays=["2027-01-01"], makeup_workdays=[], source="TEST DATA: corrected"
    )
    assert cal2.is_working_day(D(2027, 2, 8))
    assert "corrected" in cal2.data_version and FAKE_2027_SOURCE not in cal2.data_version


def test_year_before_coverage_can_be_registered():
    y = FIRST_YEAR - 1
    cal = CAL.with_year(y, holidays=[D(y, 1, 1)], source="TEST DATA")
    assert cal.coverage == (y, LAST_YEAR)
    assert not cal.is_working_day(D(y, 1, 1))
    # Indexes restart from the new first year; counts are unaffected.
    a, b = D(2010, 3, 1), D(2012, 5, 1)
    assert cal.count_working_days(a, b) == CAL.count_working_days(a, b)
    assert cal.add_working_days(D(FIRST_YEAR, 1, 5), -3) < D(FIRST_YEAR, 1, 1)


def test_non_adjacent_year_is_refused():
    with pytest.raises(CalendarDataError, match="not adjacent"):
        CAL.with_year(LAST_YEAR + 2, holidays=[D(LAST_YEAR + 2, 1, 1)], source="TEST DATA")


def test_package_year_identical_is_accepted_and_different_is_refused():
    y = 2025
    hol = [d for d in chinese_calendar.constants.holidays if d.year == y]
    mk = [d for d in chinese_calendar.constants.workdays if d.year == y]
    assert CAL.with_year(y, holidays=hol, makeup_workdays=mk, source="same") is CAL
    with pytest.raises(CalendarDataError, match="already covered"):
        CAL.with_year(y, holidays=hol[1:], makeup_workdays=mk, source="different")


def test_with_year_validation():
    with pytest.raises(CalendarDataError, match=r"holidays\[1\]: 2028-01-01 is not in 2027"):
        CAL.with_year(2027, holidays=["2027-01-01", "2028-01-01"], source="TEST DATA")
    with pytest.raises(CalendarDataError, match="source"):
        CAL.with_year(2027, holidays=["2027-01-01"], source=" ")
    with pytest.raises(CalendarDataError, match="is listed twice"):
        CAL.with_year(2027, holidays=["2027-01-01", D(2027, 1, 1)], source="TEST DATA")
    with pytest.raises(CalendarDataError, match="empty"):
        CAL.with_year(2027, holidays=[], source="TEST DATA")


# -- provisional mode ---------------------------------------------------------------------------


def test_provisional_mode_follows_the_law_and_says_so():
    prov = CAL.provisional()
    assert prov.is_provisional_mode and not CAL.is_provisional_mode
    assert prov.provisional(False) == CAL
    mon = D(2027, 1, 4)
    assert prov.is_working_day(mon)
    assert not prov.is_working_day(D(2027, 1, 1))  # 元旦 is a holiday by law, whatever the notice says
    assert not prov.is_working_day(D(2027, 1, 2))
    due = prov.due_date(mon, 5)
    assert (due.date, due.provisional, due.working_days) == (D(2027, 1, 11), True, 5)
    # A makeup Saturday (9 Jan) could bring it forward, bridging days after 元旦 could push it back.
    assert due.earliest is not None and due.latest is not None
    assert due.earliest <= due.date <= due.latest
    assert prov.is_provisional(mon) and not prov.is_provisional(D(2025, 1, 24))
    assert not CAL.is_provisional(mon)
    # Inside coverage nothing changes and nothing is flagged.
    assert prov.due_date(D(2025, 1, 24), 7) == DueDate(D(2025, 2, 10), False, 7)
    # Crossing the boundary is flagged.
    crossing = prov.due_date(D(LAST_YEAR, 12, 30), 5)
    assert crossing.provisional
    assert "provisional" in prov.data_version
    before = prov.due_date(D(FIRST_YEAR - 1, 12, 1), 3)
    assert before.provisional and before.date == D(FIRST_YEAR - 1, 12, 4)


def test_provisional_due_dates_of_the_issue():
    prov = CAL.provisional()
    # 泽州县: 2 working days after Thu 2026-12-31: Fri 1 Jan is 元旦, so Mon 4 and Tue 5 Jan.
    assert prov.due_date(D(2026, 12, 31), 2).date == D(2027, 1, 5)
    # 湖州市: 5 working days after Wed 2027-02-03: 除夕 (5 Feb) to 初三 (8 Feb) are statutory days.
    assert prov.due_date(D(2027, 2, 3), 5).date == D(2027, 2, 12)


def test_provisional_years_are_bounded():
    prov = CAL.provisional()
    assert prov.provisional_coverage == (2000, LAST_YEAR + 10)
    with pytest.raises(CalendarCoverageError, match=str(LAST_YEAR + 11)):
        prov.is_working_day(D(LAST_YEAR + 11, 3, 1))
    with pytest.raises(CalendarCoverageError):
        prov.due_date(D(1999, 6, 1), 3)
    assert CAL.provisional_coverage is None


def test_sources_name_what_decided_each_year():
    prov = cal_2027().provisional()
    spans = prov.sources()
    assert spans[0][:2] == (2000, FIRST_YEAR - 1) and "provisional" in spans[0][2]
    assert (FIRST_YEAR, LAST_YEAR) == spans[1][:2] and spans[1][2].startswith("chinese-calendar")
    assert spans[2] == (2027, 2027, f"user: {FAKE_2027_SOURCE}")
    assert spans[3][:2] == (2028, 2037)
    assert CAL.sources() == ((FIRST_YEAR, LAST_YEAR, spans[1][2]),)


def test_default_provisional_as_in_the_docs():
    prov = WorkingDayCalendar.default().provisional()
    assert prov.add_working_days(D(2030, 6, 7), 1) == D(2030, 6, 10)


provisional_dates = st.dates(min_value=D(FIRST_YEAR - 2, 1, 1), max_value=D(LAST_YEAR + 3, 12, 31))  # ±400 working days stay within 2000..LAST+10


@given(provisional_dates, st.integers(-400, 400))
def test_provisional_properties_hold_across_the_boundary(d, n):
    prov = CAL.provisional()
    r = prov.add_working_days(d, n)
    assert prov.count_working_days(d, r) == n
    if n:
        assert prov.is_working_day(r)
        assert prov.working_day_at(prov.working_day_index(r)) == r
    if n < 400:
        assert r < prov.add_working_days(d, n + 1)
    due = prov.due_date(d, n)
    assert due.provisional == (not CAL.covers(d) or not CAL.covers(r))
    if due.provisional and n > 0:
        assert due.earliest is not None and due.earliest <= due.date
        assert due.latest is None or due.date <= due.latest


@given(provisional_dates)
def test_provisional_is_the_law_outside_and_data_inside(d):
    prov = CAL.provisional()
    if CAL.covers(d):
        assert prov.is_working_day(d) == CAL.is_working_day(d)
    else:
        statutory_days = {h.date for h in statutory_holidays(d.year)}
        assert prov.is_working_day(d) == (d.weekday() < 5 and d not in statutory_days)
    assert prov.is_working_day(d) == (prov.count_working_days(d - dt.timedelta(days=1), d) == 1)


# -- year files ---------------------------------------------------------------------------------

GOOD_FILE = """\
year = 2027
source = "TEST DATA: made-up 2027 schedule"
holidays = [2027-01-01, 2027-01-02, 2027-01-03, "2027-02-05", 2027-02-08, 2027-02-09]
makeup_workdays = [2027-02-20]
"""


def write(tmp_path, text, name="cal2027.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_year_file_loads(tmp_path):
    cal = CAL.with_year_file(write(tmp_path, GOOD_FILE))
    assert cal.coverage == (FIRST_YEAR, 2027)
    assert not cal.is_working_day(D(2027, 2, 5))
    assert cal.is_working_day(D(2027, 2, 20))
    assert "+2027 (user: TEST DATA: made-up 2027 schedule)" in cal.data_version


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD_FILE.replace("[2027-02-20]", "[2027-02-20, 2027-02-21, 2027-02-22]"),
            "cal2027.toml: makeup_workdays[2]: 2027-02-22 is a Monday, not a weekend day",
        ),
        (GOOD_FILE + "note = 1\n", "cal2027.toml: note: unknown key"),
        (
            GOOD_FILE.replace('"2027-02-05"', "2026-02-05"),
            "cal2027.toml: holidays[3]: 2026-02-05 is not in 2027",
        ),
        (
            GOOD_FILE.replace("[2027-02-20]", "[2027-01-02]"),
            "cal2027.toml: makeup_workdays[0]: 2027-01-02 is also listed in holidays[1]",
        ),
        (GOOD_FILE.replace("year = 2027\n", ""), "cal2027.toml: year: missing"),
        (GOOD_FILE.replace('year = 2027', 'year = "2027"'), "cal2027.toml: year: must be"),
        (GOOD_FILE.replace('"2027-02-05"', '"5 Feb 2027"'), "cal2027.toml: holidays[3]:"),
        (GOOD_FILE.replace('"2027-02-05"', "2027-02-05T00:00:00"), "cal2027.toml: holidays[3]:"),
        (GOOD_FILE.replace('"2027-02-05"', '"2027-02-30"'), "cal2027.toml: holidays[3]:"),
        (GOOD_FILE.replace("2027-02-20]", "2027-02-20"), "cal2027.toml: not valid TOML"),
        (GOOD_FILE.replace('source = "TEST DATA: made-up 2027 schedule"\n', ""),
         "cal2027.toml: source: missing"),
        (GOOD_FILE.replace("year = 2027", "year = 2029").replace("2027-", "2029-"),
         "cal2027.toml: year: 2029 is not adjacent"),
    ],
)
def test_year_file_errors_name_file_and_key(tmp_path, text, expected):
    p = write(tmp_path, text)
    with pytest.raises(CalendarDataError) as info:
        CAL.with_year_file(p)
    msg = str(info.value)
    assert "\n" not in msg
    assert expected in msg
    assert msg.startswith(str(p))


def test_missing_year_file(tmp_path):
    with pytest.raises(CalendarDataError, match="nope.toml: cannot read"):
        CAL.with_year_file(tmp_path / "nope.toml")


# -- process-wide default -------------------------------------------------------------------------


def test_register_and_reset_default(tmp_path):
    assert default_calendar() is WorkingDayCalendar.builtin()
    assert WorkingDayCalendar.default() is default_calendar()
    register_year(
        2027,
        holidays=FAKE_2027_HOLIDAYS,
        makeup_workdays=FAKE_2027_MAKEUP,
        source=FAKE_2027_SOURCE,
    )
    assert default_calendar().coverage == (FIRST_YEAR, 2027)
    assert WorkingDayCalendar.default().covers(D(2027, 6, 1))
    assert WorkingDayCalendar.builtin().coverage == (FIRST_YEAR, LAST_YEAR)
    reset_default_calendar()
    assert default_calendar().coverage == (FIRST_YEAR, LAST_YEAR)
    register_year_file(write(tmp_path, GOOD_FILE))
    assert default_calendar().coverage == (FIRST_YEAR, 2027)
    # Registering the same file again replaces the user year: idempotent.
    again = register_year_file(write(tmp_path, GOOD_FILE))
    assert again == default_calendar() and again.coverage == (FIRST_YEAR, 2027)


# -- immutability and value semantics -----------------------------------------------------------


def test_calendar_is_immutable():
    with pytest.raises(AttributeError):
        CAL._flags = b""  # type: ignore[misc]
    with pytest.raises(AttributeError):
        CAL.foo = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        WorkingDayCalendar()
    due = CAL.due_date(D(2025, 1, 24), 1)
    with pytest.raises(AttributeError):
        due.date = D(2025, 1, 1)  # type: ignore[misc]


def test_calendar_pickles_and_compares_by_value():
    cal = cal_2027().provisional()
    again = pickle.loads(pickle.dumps(cal))
    assert again == cal and hash(again) == hash(cal)
    assert again.data_version == cal.data_version
    assert again.add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 15)
    assert cal != CAL


def test_module_reexports():
    assert set(cal_mod.__all__) >= {
        "WorkingDayCalendar",
        "DueDate",
        "default_calendar",
        "register_year",
        "register_year_file",
        "reset_default_calendar",
    }


@given(covered_dates, offsets)
def test_index_arithmetic_gives_due_dates_from_working_days(d, n):
    assume(CAL.is_working_day(d))
    assert CAL.working_day_at(CAL.working_day_index(d) + n) == CAL.add_working_days(d, n)
