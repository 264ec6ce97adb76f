"""Reading dates in Asia/Shanghai, date-only fields, and partial dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_new_media_rules.dates import SHANGHAI, PartialDate, parse_date, to_shanghai_date
from gov_new_media_rules.errors import InputError

D = dt.date


# -- to_shanghai_date -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-24", D(2025, 1, 24)),
        ("2025-01-24T23:30:00", D(2025, 1, 24)),  # naive: Shanghai wall time
        ("2025-01-24T23:30:00+08:00", D(2025, 1, 24)),
        ("2025-01-24T15:59:59Z", D(2025, 1, 24)),
        ("2025-01-24T16:00:00Z", D(2025, 1, 25)),  # midnight in Shanghai
        ("2025-01-24T16:30:00Z", D(2025, 1, 25)),
        ("2025-01-24T16:30:00+00:00", D(2025, 1, 25)),
        ("2025-01-24T20:00:00-05:00", D(2025, 1, 25)),
        ("2025-01-25T07:00:00+09:00", D(2025, 1, 25)),
        ("2025-01-25T07:00:00+10:00", D(2025, 1, 25)),
        ("2025-01-25T01:00:00+10:00", D(2025, 1, 24)),
        ("2025-01-24T23:30:00.123456+08:00", D(2025, 1, 24)),
        ("2025-01-24 23:30:00", D(2025, 1, 24)),
        ("20250124T163000Z", D(2025, 1, 25)),
        ("2025-024", D(2025, 1, 24)),  # ordinal date, via the pendulum fallback
    ],
)
def test_strings(text, expected):
    r = to_shanghai_date(text)
    assert r == expected and type(r) is D


def test_datetime_objects():
    utc = dt.timezone.utc
    assert to_shanghai_date(dt.datetime(2025, 1, 24, 16, 30, tzinfo=utc)) == D(2025, 1, 25)
    assert to_shanghai_date(dt.datetime(2025, 1, 24, 23, 30)) == D(2025, 1, 24)
    ny = ZoneInfo("America/New_York")
    assert to_shanghai_date(dt.datetime(2025, 1, 24, 11, 30, tzinfo=ny)) == D(2025, 1, 25)
    assert to_shanghai_date(pendulum.datetime(2025, 1, 24, 16, 30, tz="UTC")) == D(2025, 1, 25)
    assert to_shanghai_date(dt.datetime(2025, 1, 24, 23, 30, tzinfo=SHANGHAI)) == D(2025, 1, 24)


def test_dates_pass_through_as_plain_dates():
    assert to_shanghai_date(D(2025, 1, 24)) == D(2025, 1, 24)
    r = to_shanghai_date(pendulum.date(2025, 1, 24))
    assert r == D(2025, 1, 24) and type(r) is D


def test_only_the_supported_days_are_accepted():
    # The Shanghai day decides: an instant late on 1999-12-31 UTC is already 2000 in Shanghai.
    assert to_shanghai_date("1999-12-31T16:00:00Z") == D(2000, 1, 1)
    assert to_shanghai_date("2099-12-31T15:59:59Z") == D(2099, 12, 31)
    for outside in ("1999-12-31T15:59:59Z", "2099-12-31T16:00:00Z", "1999-12-31", "2100-01-01", "9999-12-31T23:59:59-12:00",
                    "0001-01-01T00:00:00+08:00", D(1988, 6, 1), dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone.utc)):
        with pytest.raises(InputError, match=r"outside the supported dates 2000-01-01\.\.2099-12-31"):
            to_shanghai_date(outside)


@pytest.mark.parametrize("offset", ["+24:00", "-24:00", "+2400", "-25:00"])
def test_an_offset_of_a_day_or_more_is_refused(offset):
    with pytest.raises(InputError, match="not a real UTC offset"):
        to_shanghai_date(f"2025-01-24T10:00:00{offset}")


def test_exact_message():
    with pytest.raises(InputError, match=r"^not an ISO 8601 date or date-time \(YYYY-MM-DD, optionally with a time\): '2025-13-01'$"):
        to_shanghai_date("2025-13-01")


@pytest.mark.parametrize("bad", [None, 20250124, 1.5, b"2025-01-24"])
def test_wrong_types_raise_input_error(bad):
    with pytest.raises(InputError):
        to_shanghai_date(bad)


aware_datetimes = st.datetimes(
    min_value=dt.datetime(2000, 1, 2),
    max_value=dt.datetime(2099, 12, 30),
    timezones=st.sampled_from(
        [
            dt.timezone.utc,
            dt.timezone(dt.timedelta(hours=8)),
            dt.timezone(dt.timedelta(hours=-5, minutes=-30)),
            dt.timezone(dt.timedelta(hours=13, minutes=45)),
            ZoneInfo("Europe/London"),
            ZoneInfo("America/Los_Angeles"),
        ]
    ),
)


@given(aware_datetimes)
def test_fast_offset_path_agrees_with_the_zone_database(value):
    assert to_shanghai_date(value) == value.astimezone(SHANGHAI).date()


@given(aware_datetimes)
def test_string_and_object_agree(value):
    assert to_shanghai_date(value.isoformat()) == to_shanghai_date(value)


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31, 23, 59, 59)))
def test_naive_strings_keep_their_date(value):
    assert to_shanghai_date(value.isoformat()) == value.date()


# -- parse_date -----------------------------------------------------------------------------------


def test_parse_date():
    assert parse_date("2025-01-24") == D(2025, 1, 24)
    assert parse_date(D(2025, 1, 24)) == D(2025, 1, 24)
    assert type(parse_date(pendulum.date(2025, 1, 24))) is D
    assert parse_date("2025-024") == D(2025, 1, 24)


@pytest.mark.parametrize(
    "bad", ["2025-01-24T00:00:00", "2025-01-24T08:00:00+08:00", dt.datetime(2025, 1, 24)]
)
def test_parse_date_refuses_datetimes(bad):
    with pytest.raises(InputError, match="without a time"):
        parse_date(bad)


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "", None, 2025])
def test_parse_date_refuses_garbage(bad):
    with pytest.raises(InputError):
        parse_date(bad)


# -- PartialDate ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "ymd", "earliest", "latest", "zh"),
    [
        ("2018-12-07", "day", (2018, 12, 7), D(2018, 12, 7), D(2018, 12, 7), "2018年12月7日"),
        ("2022-03", "month", (2022, 3, None), D(2022, 3, 1), D(2022, 3, 31), "2022年3月"),
        ("2024-02", "month", (2024, 2, None), D(2024, 2, 1), D(2024, 2, 29), "2024年2月"),
        ("2023-12", "month", (2023, 12, None), D(2023, 12, 1), D(2023, 12, 31), "2023年12月"),
        ("2023", "year", (2023, None, None), D(2023, 1, 1), D(2023, 12, 31), "2023年"),
        ("unknown", "unknown", (None, None, None), None, None, "不详"),
    ],
)
def test_partial_date(text, precision, ymd, earliest, latest, zh):
    p = PartialDate.parse(text)
    assert p.precision == precision
    assert (p.year, p.month, p.day) == ymd
    assert p.earliest() == earliest
    assert p.latest() == latest
    assert str(p) == text
    assert p.zh() == zh
    assert PartialDate.parse(str(p)) == p


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("2022-13", "month 13"),
        ("2023-02-29", "day 29"),
        ("2023-1", "expected YYYY-MM-DD"),
        ("20230101", "expected YYYY-MM-DD"),
        ("", "expected YYYY-MM-DD"),
        ("Unknown", "expected YYYY-MM-DD"),
        ("2023-00", "month 0"),
        ("0000", "year 0"),
    ],
)
def test_partial_date_invalid(bad, fragment):
    with pytest.raises(ValueError) as info:
        PartialDate.parse(bad)
    assert repr(bad) in str(info.value) and fragment in str(info.value)


def test_partial_date_constructor_checks():
    with pytest.raises(ValueError):
        PartialDate(None, 3, None)
    with pytest.raises(ValueError):
        PartialDate(2023, None, 5)
    assert PartialDate() == PartialDate.parse("unknown")
    assert PartialDate.from_date(D(2018, 12, 7)) == PartialDate.parse("2018-12-07")
    assert PartialDate.parse("2018-12-07").as_date() == D(2018, 12, 7)
    assert PartialDate.parse("2018-12").as_date() is None


partial_dates = st.one_of(
    st.just(PartialDate()),
    st.integers(2000, 2099).map(lambda y: PartialDate(y)),
    st.builds(lambda y, m: PartialDate(y, m), st.integers(2000, 2099), st.integers(1, 12)),
    st.dates(D(2000, 1, 1), D(2099, 12, 31)).map(PartialDate.from_date),
)


@given(partial_dates)
def test_partial_date_round_trip_and_bounds(p):
    assert PartialDate.parse(str(p)) == p
    if p.precision == "unknown":
        assert p.earliest() is None and p.latest() is None
    else:
        assert p.earliest() <= p.latest()
        assert p.earliest().year == p.latest().year == p.year
