"""The statutory holidays of any year, by 《全国年节及纪念日放假办法》.

The State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知) only arranges the
holidays that the law already fixes: it adds bridging days (连休), moves a holiday that falls on a
weekend to a weekday (补假) and turns weekend days into makeup working days (调休上班). The days the
law itself names are holidays in every year, whatever the notice says. So before a year's notice
is published, provisional mode knows part of the year for certain (the statutory days), and this
module derives them: the lunar festivals (春节, 端午, 中秋) from the Chinese calendar and 清明 from
the solar term, both by ``lunar-python``, a maintained astronomical implementation of the Chinese
calendar and the 24 solar terms, so that no table of lunar dates is written here by hand.

Which days the law names changed with its versions; each year is derived by the version in force
on its 1 January (every revision since 2000 took effect on a 1 January):

* 国务院令第270号 (1999-09-18): 元旦 1 day; 春节 3 (正月初一至初三); 劳动节 3 (5月1日至3日);
  国庆节 3 (10月1日至3日).
* 国务院令第513号 (2008-01-01): 元旦 1; 春节 3 (除夕、正月初一、初二); 清明节 1; 劳动节 1;
  端午节 1; 中秋节 1; 国庆节 3.
* 国务院令第644号 (2014-01-01): as 513, but 春节 is 正月初一至初三.
* 国务院令第795号 (2025-01-01): 元旦 1; 春节 4 (除夕至正月初三); 清明节 1; 劳动节 2 (5月1日、2日);
  端午节 1; 中秋节 1; 国庆节 3.

Only the holidays for all citizens (全体公民放假的节日) count; the partial holidays of 第三条 (妇女节,
青年节 …) are not days off for a unit as a whole.

What a notice may still change is bounded here by what the notices have done: :func:`possible_flags`
widens a year's provisional days into the earliest and latest schedules a notice could plausibly
set, so that a provisional due date can be given with its range. The bounds (``BRIDGE_REACH``,
``MAKEUP_REACH``) are a reading of the notices of 2008-2026, checked against the packaged data by
the test suite; the one-off holidays of a single notice (2015-09-03/04, the 70th anniversary of
the victory in the War of Resistance) are outside any such pattern and are not modelled.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterator

import attrs

__all__ = [
    "BRIDGE_REACH",
    "FIRST_DERIVABLE_YEAR",
    "LawVersion",
    "MAKEUP_REACH",
    "StatutoryHoliday",
    "law_version",
    "possible_flags",
    "provisional_flags",
    "statutory_holidays",
]

FIRST_DERIVABLE_YEAR = 2000  # the first whole year under a version this module encodes (第270号)

# A notice moves or bridges holidays only next to the statutory days: in 2008-2026 every weekday
# given off beyond them lay within 5 days of one, every makeup working day within 10 days.
BRIDGE_REACH = 5
MAKEUP_REACH = 10

_DAY = _dt.timedelta(days=1)


@attrs.frozen
class LawVersion:
    """One version of 《全国年节及纪念日放假办法》 and the holidays for all citizens it fixes."""

    decree: str  # 国务院令第N号
    effective: _dt.date
    spring_festival_from_eve: bool  # 春节 begins on 除夕 (else on 正月初一)
    spring_festival_days: int
    labour_day_days: int
    traditional_festivals: bool  # 清明, 端午, 中秋 are holidays


VERSIONS: tuple[LawVersion, ...] = (
    LawVersion("国务院令第270号", _dt.date(1999, 9, 18), False, 3, 3, False),
    LawVersion("国务院令第513号", _dt.date(2008, 1, 1), True, 3, 1, True),
    LawVersion("国务院令第644号", _dt.date(2014, 1, 1), False, 3, 1, True),
    LawVersion("国务院令第795号", _dt.date(2025, 1, 1), True, 4, 2, True),
)


@attrs.frozen
class StatutoryHoliday:
    """A day the law makes a holiday, with the festival it belongs to."""

    date: _dt.date
    festival: str  # 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节


def law_version(year: int) -> LawVersion:
    """The version of the law in force on 1 January of ``year``."""
    if year < FIRST_DERIVABLE_YEAR:
        raise ValueError(f"statutory holidays are derived from {FIRST_DERIVABLE_YEAR} on, not for {year}")
    first_day = _dt.date(year, 1, 1)
    return [v for v in VERSIONS if v.effective <= first_day][-1]


def _lunar_to_solar(year: int, month: int, day: int) -> _dt.date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return _dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> _dt.date:
    from lunar_python import Solar

    term = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return _dt.date(term.getYear(), term.getMonth(), term.getDay())


def _run(start: _dt.date, days: int, festival: str) -> Iterator[StatutoryHoliday]:
    for i in range(days):
        yield StatutoryHoliday(start + i * _DAY, festival)


@functools.lru_cache(maxsize=256)
def statutory_holidays(year: int) -> tuple[StatutoryHoliday, ...]:
    """The days the law in force in ``year`` makes holidays for all citizens, in date order."""
    version = law_version(year)
    new_year_lunar = _lunar_to_solar(year, 1, 1)  # 正月初一 of the lunar year that starts in ``year``
    spring_start = new_year_lunar - _DAY if version.spring_festival_from_eve else new_year_lunar
    days = [
        *_run(_dt.date(year, 1, 1), 1, "元旦"),
        *_run(spring_start, version.spring_festival_days, "春节"),
        *_run(_dt.date(year, 5, 1), version.labour_day_days, "劳动节"),
        *_run(_dt.date(year, 10, 1), 3, "国庆节"),
    ]
    if version.traditional_festivals:
        days += [
            StatutoryHoliday(_qingming(year), "清明节"),
            StatutoryHoliday(_lunar_to_solar(year, 5, 5), "端午节"),
            StatutoryHoliday(_lunar_to_solar(year, 8, 15), "中秋节"),
        ]
    return tuple(sorted(days, key=lambda h: h.date))


def _statutory_days_near(year: int) -> frozenset[_dt.date]:
    """The statutory days of ``year`` and of its neighbours (a notice for 元旦 reaches into the
    December before)."""
    years = [y for y in (year - 1, year, year + 1) if y >= FIRST_DERIVABLE_YEAR]
    return frozenset(h.date for y in years for h in statutory_holidays(y))


def _days_of(year: int) -> Iterator[_dt.date]:
    day = _dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += _DAY


@functools.lru_cache(maxsize=256)
def provisional_flags(year: int) -> bytes:
    """One byte per day of ``year``, 1 for a working day, as far as the law alone decides:
    weekdays work unless statutory, weekends rest. What provisional mode assumes."""
    statutory = {h.date for h in statutory_holidays(year)}
    return bytes(0 if d in statutory or d.weekday() >= 5 else 1 for d in _days_of(year))


def _within(day: _dt.date, days: frozenset[_dt.date], reach: int) -> bool:
    return any(day + k * _DAY in days for k in range(-reach, reach + 1))


@functools.lru_cache(maxsize=256)
def possible_flags(year: int) -> tuple[bytes, bytes]:
    """The most and the fewest working days a notice for ``year`` could plausibly set.

    Most: every weekend day within ``MAKEUP_REACH`` days of a statutory day is a makeup working
    day. Fewest: every weekday within ``BRIDGE_REACH`` days of one is given off. Statutory days
    are days off in both. A due date computed over the first is the earliest possible, over the
    second the latest.
    """
    near = _statutory_days_near(year)
    most = bytearray()
    fewest = bytearray()
    for d in _days_of(year):
        if d in near:
            most.append(0)
            fewest.append(0)
        elif d.weekday() >= 5:
            most.append(1 if _within(d, near, MAKEUP_REACH) else 0)
            fewest.append(0)
        else:
            most.append(1)
            fewest.append(0 if _within(d, near, BRIDGE_REACH) else 1)
    return bytes(most), bytes(fewest)
