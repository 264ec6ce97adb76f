"""Working days under the State Council's annual holiday schedules.

Deadlines in the policy texts are counted in 工作日 (working days). Which days are working days is
not a property of the weekday: every year the General Office of the State Council publishes a
notice that turns some weekdays into holidays and some weekends into makeup working days (调休).
This module turns that data (as packaged by ``chinese-calendar``, plus any years a user registers
while waiting for a new release) into an immutable calendar that answers deadline questions in
constant or logarithmic time, because the engine asks them for every account and every post.

Conventions (interpretations, documented in ``docs/developer/calendar.md``):

* "N个工作日内" after an event: the event's own day is not counted (民法典 第二百零一条); the
  due date is the N-th working day after it, inclusive.
* A date outside the holiday data is an error naming the year (:class:`CalendarCoverageError`),
  unless the caller explicitly asked for a provisional calendar. Out there a provisional calendar
  knows what the law fixes (the statutory holidays of 《全国年节及纪念日放假办法》, see
  :mod:`.statutory`) and assumes nothing else: weekdays work, weekends rest. Every result that
  relied on it says so, and a due date carries the range a State Council notice could still move
  it in. Provisional years reach back to 2000 and ``PROVISIONAL_YEARS`` past the data, no further.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
import threading
import tomllib
from collections.abc import Iterable
from os import PathLike
from typing import Any

import attrs

from .. import tomlfile
from ..dates import SUPPORTED_FROM, SUPPORTED_UNTIL
from ..errors import CalendarCoverageError, CalendarDataError, clipped
from . import statutory

__all__ = [
    "DueDate",
    "WorkingDayCalendar",
    "default_calendar",
    "register_year",
    "register_year_file",
    "reset_default_calendar",
]

_date = _dt.date
_datetime = _dt.datetime

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FILE_KEYS = ("year", "source", "holidays", "makeup_workdays")

PROVISIONAL_YEARS = 10  # how far past the data a provisional calendar derives years

# Which schedule a provisional calendar assumes for the years it derives: the law alone, or the
# most or fewest working days a notice could plausibly set (the bounds of a due date's range).
_LAW, _MOST, _FEWEST = "law", "most", "fewest"


@attrs.frozen
class DueDate:
    """A deadline together with how much it can be trusted.

    ``provisional`` is true when the computation reached a day for which no State Council
    schedule is known and relied on the law's statutory holidays alone; such a date may move once
    the year's notice is published, so reports must not present it as settled. ``earliest`` and
    ``latest`` then bound where the notice could move it (:func:`.statutory.possible_flags`);
    ``latest`` is ``None`` if that bound lies past the provisional years.
    """

    date: _dt.date
    provisional: bool
    working_days: int
    earliest: _dt.date | None = None
    latest: _dt.date | None = None


def _ordinal(d: object) -> int:
    # Plain dates take the fast path; subclasses such as pendulum.Date are fine too. Datetimes are
    # refused rather than truncated: a datetime's calendar day depends on its time zone, and the
    # library's rule is that the day is read in Asia/Shanghai (see dates.to_shanghai_date).
    if type(d) is _date:
        return d.toordinal()  # type: ignore[union-attr]
    if isinstance(d, _date) and not isinstance(d, _datetime):
        return d.toordinal()
    if isinstance(d, _datetime):
        raise TypeError(
            f"expected a date, got a datetime {d!r}; convert it with "
            "gov_new_media_rules.dates.to_shanghai_date() first"
        )
    raise TypeError(f"expected a datetime.date, got {type(d).__name__}: {d!r}")


def _day_flags(first_year: int, last_year: int, holidays: Iterable[_dt.date], makeup: Iterable[_dt.date]) -> bytes:
    """One byte per day of the years ``first_year``..``last_year``: 1 for a working day, else 0.

    Weekdays work unless they are holidays; weekend days rest unless they are makeup days.
    """
    start = _date(first_year, 1, 1).toordinal()
    n = _date(last_year, 12, 31).toordinal() - start + 1
    flags = bytearray(1 if (start + i - 1) % 7 < 5 else 0 for i in range(n))
    for h in holidays:
        flags[h.toordinal() - start] = 0
    for m in makeup:
        flags[m.toordinal() - start] = 1
    return bytes(flags)


def _year_flags(year: int, holidays: Iterable[_dt.date], makeup: Iterable[_dt.date]) -> bytes:
    return _day_flags(year, year, holidays, makeup)


@attrs.frozen
class _UserYear:
    year: int
    source: str
    flags: bytes


class WorkingDayCalendar:
    """An immutable working-day calendar over a contiguous range of years.

    Immutable because one calendar is shared by every evaluation in a process (and across
    threads): registering a new year produces a new calendar instead of changing the one a running
    evaluation is using. Build one with :meth:`builtin` (package data only), :meth:`default`
    (the process-wide calendar, including registered years), :meth:`with_year` or
    :meth:`with_year_file`.

    Internally every covered day has a working-day flag and a prefix count, so that
    :meth:`is_working_day`, :meth:`count_working_days` and :meth:`working_day_index` are O(1), and
    a sorted tuple of working-day ordinals makes :meth:`add_working_days` O(1) as well: the N-th
    working day after a date is a lookup, never a walk.
    """

    __slots__ = (
        "_base",
        "_ndays",
        "_first_year",
        "_last_year",
        "_flags",
        "_prefix",
        "_ords",
        "_provisional",
        "_package_years",
        "_package_version",
        "_user_years",
        "_known",
        "_variant",
        "_bounds",
    )

    _base: int
    _ndays: int
    _first_year: int
    _last_year: int
    _flags: bytes
    _prefix: tuple[int, ...]
    _ords: tuple[int, ...]
    _provisional: bool
    _package_years: tuple[int, int]
    _package_version: str
    _user_years: tuple[_UserYear, ...]
    _known: tuple[int, int]  # ordinals [start, end) of the days with a known schedule
    _variant: str
    _bounds: tuple[WorkingDayCalendar, WorkingDayCalendar] | None

    def __init__(self) -> None:
        raise TypeError(
            "use WorkingDayCalendar.default(), .builtin(), .with_year() or .with_year_file()"
        )

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def _build(
        cls,
        first_year: int,
        flags: bytes,
        *,
        provisional: bool,
        package_years: tuple[int, int],
        package_version: str,
        user_years: tuple[_UserYear, ...],
        variant: str = _LAW,
    ) -> WorkingDayCalendar:
        """``first_year`` and ``flags`` are the known schedule; a provisional calendar derives the
        years around it (``_base``/``_flags`` below cover both, ``_known`` marks the known part)."""
        self = object.__new__(cls)
        known_start = _date(first_year, 1, 1).toordinal()
        known_end = known_start + len(flags)
        last_year = _date.fromordinal(known_end - 1).year
        full_first, full = first_year, flags
        if provisional:
            before = [_derived_flags(y, variant) for y in range(statutory.FIRST_DERIVABLE_YEAR, first_year)]
            after = [_derived_flags(y, variant) for y in range(last_year + 1, last_year + 1 + PROVISIONAL_YEARS)]
            full = b"".join([*before, flags, *after])
            full_first = min(first_year, statutory.FIRST_DERIVABLE_YEAR)
        base = _date(full_first, 1, 1).toordinal()
        ndays = len(full)
        prefix = [0] * (ndays + 1)
        ords = []
        running = 0
        for i, f in enumerate(full):
            if f:
                running += 1
                ords.append(base + i)
            prefix[i + 1] = running
        s = object.__setattr__
        s(self, "_base", base)
        s(self, "_ndays", ndays)
        s(self, "_first_year", first_year)
        s(self, "_last_year", last_year)
        s(self, "_flags", flags)
        s(self, "_prefix", tuple(prefix))
        s(self, "_ords", tuple(ords))
        s(self, "_provisional", provisional)
        s(self, "_package_years", package_years)
        s(self, "_package_version", package_version)
        s(self, "_user_years", user_years)
        s(self, "_known", (known_start, known_end))
        s(self, "_variant", variant)
        s(self, "_bounds", None)
        return self

    def _replace(self, **changes: Any) -> WorkingDayCalendar:
        kwargs: dict[str, Any] = {
            "provisional": self._provisional,
            "package_years": self._package_years,
            "package_version": self._package_version,
            "user_years": self._user_years,
        }
        first_year = changes.pop("first_year", self._first_year)
        flags = changes.pop("flags", self._flags)
        kwargs.update(changes)
        return type(self)._build(first_year, flags, **kwargs)

    @classmethod
    def builtin(cls) -> WorkingDayCalendar:
        """The calendar of the installed ``chinese-calendar`` data alone (strict, cached).

        Separate from :meth:`default` so that tests and reports can tell what the package knows
        from what a user registered.
        """
        global _BUILTIN
        cal = _BUILTIN
        if cal is None:
            with _LOCK:
                if _BUILTIN is None:
                    _BUILTIN = _from_chinese_calendar()
                cal = _BUILTIN
        return cal

    @classmethod
    def default(cls) -> WorkingDayCalendar:
        """The process-wide calendar: package data plus any year registered with
        :func:`register_year` / :func:`register_year_file`. Same as :func:`default_calendar`."""
        return default_calendar()

    def provisional(self, enabled: bool = True) -> WorkingDayCalendar:
        """A copy that answers outside its data by the law's statutory holidays alone.

        For the years from 2000 to ``PROVISIONAL_YEARS`` past the data, the days
        《全国年节及纪念日放假办法》 fixes are holidays, other weekdays work and weekends rest. An
        explicit opt-in, because the year's notice may still add bridging and compensation days or
        makeup working days; results that relied on it are flagged (:meth:`due_date`,
        :meth:`is_provisional`). ``provisional(False)`` returns the strict calendar again.
        """
        enabled = bool(enabled)
        if enabled == self._provisional:
            return self
        return self._replace(provisional=enabled)

    @property
    def is_provisional_mode(self) -> bool:
        """Whether this calendar answers outside its data (by the law alone) instead of raising."""
        return self._provisional

    def with_year(
        self,
        year: int,
        *,
        holidays: Iterable[_dt.date | str],
        makeup_workdays: Iterable[_dt.date | str] = (),
        source: str,
    ) -> WorkingDayCalendar:
        """A new calendar that also covers ``year``, from that year's State Council notice.

        Lets users apply a newly announced schedule without waiting for a ``chinese-calendar``
        release. ``holidays`` are the days off (weekend days inside a holiday period may be listed
        or not; they are days off either way); ``makeup_workdays`` are the weekend days worked in
        lieu. Dates may be ``datetime.date`` objects or ``"YYYY-MM-DD"`` strings.

        Coverage must stay one contiguous range, so ``year`` must be the year just before or just
        after the current coverage. Registering a year that was itself registered by a user
        replaces it; registering a year the package already covers is accepted only if the
        schedule is identical (so code written before an upgrade keeps working) and otherwise
        raises. Every problem is a :class:`CalendarDataError`.
        """
        return self._with_year(
            f"with_year({year!r})", year, holidays, makeup_workdays, source
        )

    def with_year_file(self, path: str | PathLike[str]) -> WorkingDayCalendar:
        """:meth:`with_year` from a small TOML file; errors name the file and the key.

        Format::

            year = 2027
            source = "国务院办公厅关于2027年部分节假日安排的通知"
            holidays = [2027-01-01, "2027-02-05"]   # TOML dates or "YYYY-MM-DD" strings
            makeup_workdays = [2027-02-20]          # optional; Saturdays/Sundays only
        """
        where = str(path)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise CalendarDataError(f"{where}: cannot read file: {exc.strerror or exc}") from None
        try:
            data = tomlfile.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise CalendarDataError(f"{where}: not UTF-8 text: {exc.reason}") from None
        except tomllib.TOMLDecodeError as exc:
            raise CalendarDataError(f"{where}: not valid TOML: {exc}") from None
        for key in data:
            if key not in _FILE_KEYS:
                raise CalendarDataError(
                    f"{where}: {key}: unknown key (expected {', '.join(_FILE_KEYS)})"
                )
        for key in ("year", "source", "holidays"):
            if key not in data:
                raise CalendarDataError(f"{where}: {key}: missing required key")
        year = data["year"]
        if type(year) is not int:
            raise CalendarDataError(f"{where}: year: must be an integer, got {clipped(year)}")
        for key in ("holidays", "makeup_workdays"):
            if key in data and not isinstance(data[key], list):
                raise CalendarDataError(f"{where}: {key}: must be an array of dates")
        return self._with_year(
            where,
            year,
            data["holidays"],
            data.get("makeup_workdays", []),
            data["source"],
        )

    def _with_year(
        self,
        where: str,
        year: object,
        holidays: Iterable[object],
        makeup: Iterable[object],
        source: object,
    ) -> WorkingDayCalendar:
        if type(year) is not int or not SUPPORTED_FROM.year <= year <= SUPPORTED_UNTIL.year:
            raise CalendarDataError(
                f"{where}: year: must be a year from {SUPPORTED_FROM.year} to {SUPPORTED_UNTIL.year}, got {clipped(year)}"
            )
        if not isinstance(source, str) or not source.strip() or not source.isprintable():
            raise CalendarDataError(
                f"{where}: source: must name the State Council notice the schedule comes from"
            )
        if isinstance(holidays, (str, bytes)) or isinstance(makeup, (str, bytes)):
            raise CalendarDataError(f"{where}: holidays/makeup_workdays must be lists of dates")
        first, last = self._first_year, self._last_year
        if not first - 1 <= year <= last + 1:
            raise CalendarDataError(
                f"{where}: year: {year} is not adjacent to the calendar's coverage "
                f"{first}-{last}; register {first - 1 if year < first else last + 1} first so "
                "that coverage stays contiguous"
            )
        hol = _check_dates(where, "holidays", year, holidays)
        mk = _check_dates(where, "makeup_workdays", year, makeup)
        if not hol:
            raise CalendarDataError(
                f"{where}: holidays: is empty; every State Council schedule has holidays"
            )
        hol_index = {d: i for i, d in enumerate(hol)}
        for i, d in enumerate(mk):
            wd = d.weekday()
            if wd < 5:
                raise CalendarDataError(
                    f"{where}: makeup_workdays[{i}]: {d.isoformat()} is a {_WEEKDAY_NAMES[wd]}, "
                    "not a weekend day"
                )
            if d in hol_index:
                raise CalendarDataError(
                    f"{where}: makeup_workdays[{i}]: {d.isoformat()} is also listed in "
                    f"holidays[{hol_index[d]}]; a day cannot be both"
                )
        flags = _year_flags(year, hol, mk)
        entry = _UserYear(year, source.strip(), flags)

        pkg_first, pkg_last = self._package_years
        if pkg_first <= year <= pkg_last:
            start = _date(year, 1, 1).toordinal() - self._known[0]
            existing = self._flags[start : start + len(flags)]
            if existing == flags:
                return self
            diff = next(i for i in range(len(flags)) if flags[i] != existing[i])
            day = _date(year, 1, 1) + _dt.timedelta(days=diff)
            raise CalendarDataError(
                f"{where}: year: {year} is already covered by {self._package_version} and this "
                f"schedule differs from it (first on {day.isoformat()}: "
                f"{'working day' if flags[diff] else 'day off'} here, "
                f"{'working day' if existing[diff] else 'day off'} there)"
            )
        users = [u for u in self._user_years if u.year != year]
        if first <= year <= last:
            # A user-registered year: replace its days in place.
            start = _date(year, 1, 1).toordinal() - self._known[0]
            new_flags = self._flags[:start] + flags + self._flags[start + len(flags) :]
            new_first = first
        elif year == last + 1:
            new_flags = self._flags + flags
            new_first = first
        else:  # year == first - 1
            new_flags = flags + self._flags
            new_first = year
        users.append(entry)
        users.sort(key=lambda u: u.year)
        return self._replace(first_year=new_first, flags=new_flags, user_years=tuple(users))

    # -- description ----------------------------------------------------------------------------

    @property
    def coverage(self) -> tuple[int, int]:
        """First and last year with a known schedule (inclusive)."""
        return (self._first_year, self._last_year)

    @property
    def provisional_coverage(self) -> tuple[int, int] | None:
        """First and last year a provisional calendar answers for (``None`` when strict)."""
        if not self._provisional:
            return None
        return (_date.fromordinal(self._base).year, _date.fromordinal(self._base + self._ndays - 1).year)

    @property
    def data_version(self) -> str:
        """Where the schedule came from, for reports to record next to their results."""
        a, b = self._package_years
        parts = [f"{self._package_version} ({a}-{b})"]
        parts.extend(f"+{u.year} (user: {u.source})" for u in self._user_years)
        text = " ".join(parts)
        if self._provisional:
            text += "; provisional (statutory holidays by law) outside that range"
        return text

    def sources(self) -> tuple[tuple[int, int, str], ...]:
        """Which source decides each year: ``(first year, last year, source)``, in year order.

        The package's data, each year a user registered, and, on a provisional calendar, the
        years derived from the law, so that a report can say what decided each of its days.
        """
        users = {u.year: u.source for u in self._user_years}
        spans: list[tuple[int, int, str]] = []

        def add(year: int, source: str) -> None:
            if spans and spans[-1][2] == source and spans[-1][1] == year - 1:
                spans[-1] = (spans[-1][0], year, source)
            else:
                spans.append((year, year, source))

        first, last = self.provisional_coverage or self.coverage
        law = "provisional: statutory holidays of 《全国年节及纪念日放假办法》"
        for year in range(first, last + 1):
            if year in users:
                add(year, f"user: {users[year]}")
            elif self._package_years[0] <= year <= self._package_years[1]:
                add(year, self._package_version)
            else:
                add(year, law)
        return tuple(spans)

    def covers(self, d: _dt.date) -> bool:
        """Whether ``d`` lies in a year with a known schedule."""
        start, end = self._known
        return start <= _ordinal(d) < end

    def is_provisional(self, d: _dt.date) -> bool:
        """Whether this calendar's answer about ``d`` rests on the law alone, not on a notice.

        Always false on a strict calendar: it never assumes, it raises.
        """
        start, end = self._known
        return self._provisional and not start <= _ordinal(d) < end

    def __repr__(self) -> str:
        mode = ", provisional" if self._provisional else ""
        return f"<WorkingDayCalendar {self._first_year}-{self._last_year}{mode}: {self.data_version}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingDayCalendar):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[object, ...]:
        return (self._first_year, self._flags, self._provisional, self._variant, self.data_version)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild,
            (
                self._first_year,
                self._flags,
                self._provisional,
                self._package_years,
                self._package_version,
                tuple((u.year, u.source, u.flags) for u in self._user_years),
                self._variant,
            ),
        )

    # -- internals ------------------------------------------------------------------------------

    def _uncovered(self, o: int) -> CalendarCoverageError:
        return CalendarCoverageError(_date.fromordinal(o).year, self.coverage)

    def _overrun(self, forward: bool) -> CalendarCoverageError:
        # The result ran off the days this calendar answers for: name the first year it needed.
        first = _date.fromordinal(self._base).year
        last = _date.fromordinal(self._base + self._ndays - 1).year
        return CalendarCoverageError(last + 1 if forward else first - 1, self.coverage)

    def _index(self, o: int) -> int:
        """Position of ordinal ``o`` in the days this calendar answers for, or raise."""
        i = o - self._base
        if not 0 <= i < self._ndays:
            raise self._uncovered(o)
        return i

    def _nth(self, t: int, forward: bool) -> int:
        """Ordinal of the working day with ``t`` working days before it."""
        if 0 <= t < len(self._ords):
            return self._ords[t]
        raise self._overrun(forward)

    def _add(self, o: int, n: int) -> int:
        i = self._index(o)
        if n > 0:
            return self._nth(self._prefix[i + 1] + n - 1, True)
        if n < 0:
            return self._nth(self._prefix[i] + n, False)
        return o

    def _bound_calendars(self) -> tuple[WorkingDayCalendar, WorkingDayCalendar]:
        """The same calendar with the most and the fewest working days a notice could set in the
        provisional years; built on first use, since only provisional due dates need them."""
        bounds = self._bounds
        if bounds is None:
            kwargs: dict[str, Any] = {
                "provisional": True,
                "package_years": self._package_years,
                "package_version": self._package_version,
                "user_years": self._user_years,
            }
            bounds = (
                type(self)._build(self._first_year, self._flags, variant=_MOST, **kwargs),
                type(self)._build(self._first_year, self._flags, variant=_FEWEST, **kwargs),
            )
            object.__setattr__(self, "_bounds", bounds)
        return bounds

    # -- queries --------------------------------------------------------------------------------

    def is_working_day(self, d: _dt.date) -> bool:
        """Whether ``d`` is a working day: Monday-Friday and not a holiday, or a makeup day."""
        i = self._index(_ordinal(d))
        return self._prefix[i + 1] != self._prefix[i]

    def add_working_days(self, d: _dt.date, n: int) -> _dt.date:
        """The ``n``-th working day after ``d`` (``d`` itself not counted); ``d`` if ``n == 0``.

        This is the reading of "N个工作日内" adopted by the library (民法典 第二百零一条: the day of
        the event is not counted; the deadline's last day is included). Negative ``n`` is the
        mirror image: the ``|n|``-th working day strictly before ``d``. Whether ``d`` is itself a
        working day does not matter. Returns a plain ``datetime.date``.
        """
        n = operator.index(n)
        return _date.fromordinal(self._add(_ordinal(d), n))

    def next_working_day(self, d: _dt.date) -> _dt.date:
        """The first working day strictly after ``d``."""
        return _date.fromordinal(self._add(_ordinal(d), 1))

    def previous_working_day(self, d: _dt.date) -> _dt.date:
        """The last working day strictly before ``d``."""
        return _date.fromordinal(self._add(_ordinal(d), -1))

    def count_working_days(self, start: _dt.date, end: _dt.date) -> int:
        """Working days in ``(start, end]``: start excluded, end included.

        Chosen so that ``count_working_days(d, add_working_days(d, n)) == n`` for every ``n``,
        which lets a check ask "how many working days have elapsed since the event" with the same
        convention the deadline was set with. For ``end < start`` the roles mirror: the result is
        minus the number of working days in ``[end, start)`` (still "start excluded, end
        included"). Consequently ``count(a, b) == -count(b, a)`` holds only when ``a`` and ``b``
        are both working days or both not.
        """
        i = self._index(_ordinal(start))
        j = self._index(_ordinal(end))
        prefix = self._prefix
        if j >= i:
            return prefix[j + 1] - prefix[i + 1]
        return prefix[j] - prefix[i]

    def due_date(self, event_day: _dt.date, n: int) -> DueDate:
        """The inclusive due date of "within ``n`` working days after ``event_day``".

        Flagged provisional when the event day or the due date (and so possibly any day between)
        lies outside the known schedules, with the range a notice could still move it in; a strict
        calendar raises instead.
        """
        n = operator.index(n)
        o = _ordinal(event_day)
        r = self._add(o, n)
        start, end = self._known
        if not self._provisional or (start <= o < end and start <= r < end):
            return DueDate(date=_date.fromordinal(r), provisional=False, working_days=n)
        most, fewest = self._bound_calendars()
        earliest = _date.fromordinal(most._add(o, n))
        try:
            latest: _dt.date | None = _date.fromordinal(fewest._add(o, n))
        except CalendarCoverageError:
            latest = None
        return DueDate(
            date=_date.fromordinal(r), provisional=True, working_days=n, earliest=earliest, latest=latest
        )

    def working_day_index(self, d: _dt.date) -> int:
        """Working days from the start of the days answered for up to and including ``d``.

        For engines that count many intervals: ``count_working_days(a, b) == index(b) -
        index(a)`` for ``a <= b``. Only differences of indices mean anything: where index 1 lies
        depends on the calendar (a provisional one starts earlier).
        """
        return self._prefix[self._index(_ordinal(d)) + 1]

    def working_day_at(self, index: int) -> _dt.date:
        """The working day whose :meth:`working_day_index` is ``index`` (its inverse on working
        days), so an engine can go from "event index + N" back to a date."""
        index = operator.index(index)
        return _date.fromordinal(self._nth(index - 1, index > 0))


def _check_dates(where: str, key: str, year: int, values: Iterable[object]) -> list[_dt.date]:
    out: list[_dt.date] = []
    seen: dict[_dt.date, int] = {}
    for i, v in enumerate(values):
        if isinstance(v, _datetime):
            raise CalendarDataError(f"{where}: {key}[{i}]: {v!r} is a date-time; give a date")
        if isinstance(v, _date):
            d = _date(v.year, v.month, v.day)
        elif isinstance(v, str):
            if not _ISO_DATE_RE.fullmatch(v):
                raise CalendarDataError(
                    f"{where}: {key}[{i}]: {v!r} is not a date in YYYY-MM-DD form"
                )
            try:
                d = _date.fromisoformat(v)
            except ValueError as exc:
                raise CalendarDataError(f"{where}: {key}[{i}]: {v!r}: {exc}") from None
        else:
            raise CalendarDataError(
                f"{where}: {key}[{i}]: {v!r} is not a date (use a TOML date or 'YYYY-MM-DD')"
            )
        if d.year != year:
            raise CalendarDataError(f"{where}: {key}[{i}]: {d.isoformat()} is not in {year}")
        if d in seen:
            raise CalendarDataError(
                f"{where}: {key}[{i}]: {d.isoformat()} is listed twice (also {key}[{seen[d]}])"
            )
        seen[d] = i
        out.append(d)
    return out


def _from_chinese_calendar() -> WorkingDayCalendar:
    """Build the package calendar, checking the assumptions the fast arrays rely on."""
    import chinese_calendar
    from chinese_calendar import constants

    holidays = constants.holidays
    makeup = constants.workdays
    if not holidays:
        raise CalendarDataError("chinese-calendar: no holiday data")
    first = min(holidays).year
    last = max(holidays).year
    years_with_data = {d.year for d in holidays}
    missing = [y for y in range(first, last + 1) if y not in years_with_data]
    if missing:
        raise CalendarDataError(
            f"chinese-calendar: holiday data is not contiguous, no holidays in {missing}"
        )
    for d in makeup:
        if not first <= d.year <= last:
            raise CalendarDataError(f"chinese-calendar: makeup day {d} outside {first}-{last}")
    flags = _day_flags(first, last, holidays, makeup)
    version = f"chinese-calendar {getattr(chinese_calendar, '__version__', 'unknown')}"
    return WorkingDayCalendar._build(
        first,
        bytes(flags),
        provisional=False,
        package_years=(first, last),
        package_version=version,
        user_years=(),
    )


def _rebuild(
    first_year: int,
    flags: bytes,
    provisional: bool,
    package_years: tuple[int, int],
    package_version: str,
    users: tuple[tuple[int, str, bytes], ...],
    variant: str = _LAW,
) -> WorkingDayCalendar:
    return WorkingDayCalendar._build(
        first_year,
        flags,
        provisional=provisional,
        package_years=package_years,
        package_version=package_version,
        user_years=tuple(_UserYear(*u) for u in users),
        variant=variant,
    )


def _derived_flags(year: int, variant: str) -> bytes:
    """A year's working-day flags from the law alone, or one of the bounds a notice could set."""
    if variant == _LAW:
        return statutory.provisional_flags(year)
    most, fewest = statutory.possible_flags(year)
    return most if variant == _MOST else fewest


# -- the process-wide calendar --------------------------------------------------------------------

_LOCK = threading.RLock()
_BUILTIN: WorkingDayCalendar | None = None
_DEFAULT: WorkingDayCalendar | None = None


def default_calendar() -> WorkingDayCalendar:
    """The calendar the library uses when none is passed explicitly.

    Process-wide so that an integrator can register a newly announced year once at start-up and
    have every deadline and check pick it up. Built on first use from the package data plus the
    years the user registered on disk (``gnmr calendar register``, :mod:`.store`), so that a year
    registered once serves every later process; the package data takes precedence for any year
    it covers.
    """
    cal = _DEFAULT
    if cal is None:
        with _LOCK:
            if _DEFAULT is None:
                from .store import apply_registered  # here, not at the top: store imports this module

                _set_default(apply_registered(WorkingDayCalendar.builtin()))
            cal = _DEFAULT
    assert cal is not None
    return cal


def _set_default(cal: WorkingDayCalendar) -> None:
    global _DEFAULT
    _DEFAULT = cal


def register_year(
    year: int,
    *,
    holidays: Iterable[_dt.date | str],
    makeup_workdays: Iterable[_dt.date | str] = (),
    source: str,
) -> WorkingDayCalendar:
    """Replace the process-wide calendar with one that also covers ``year``; returns it.

    See :meth:`WorkingDayCalendar.with_year` for the rules.
    """
    with _LOCK:
        cal = default_calendar().with_year(
            year, holidays=holidays, makeup_workdays=makeup_workdays, source=source
        )
        _set_default(cal)
        return cal


def register_year_file(path: str | PathLike[str]) -> WorkingDayCalendar:
    """Replace the process-wide calendar with one that also covers the year in ``path``."""
    with _LOCK:
        cal = default_calendar().with_year_file(path)
        _set_default(cal)
        return cal


def reset_default_calendar() -> WorkingDayCalendar:
    """Forget registered years: the process-wide calendar becomes the package data again."""
    with _LOCK:
        cal = WorkingDayCalendar.builtin()
        _set_default(cal)
        return cal
