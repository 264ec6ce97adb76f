"""Reading dates and timestamps the way the library's time conventions say.

Every day in the library is a day in Asia/Shanghai: a post published at 2025-01-24T16:30:00Z
was published on 2025-01-25 as far as a "每周" or "N个工作日" rule is concerned, and a timestamp
without an offset is taken to be Shanghai wall-clock time (that is what Chinese platforms and
back-office exports mean by it). These are interpretations; ``docs/developer/calendar.md`` says so.

The engine calls :func:`to_shanghai_date` once per post, so the common shapes are parsed with the
C-implemented ``fromisoformat`` and converted with a fixed +08:00 offset; pendulum is only asked
about the rare strings the standard library rejects. Days outside the supported span
(2000-01-01 to 2099-12-31) are refused, which also keeps every later date sum from overflowing.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import ClassVar, Literal

import attrs

from .errors import InputError, clipped

__all__ = [  # and SHANGHAI, made on first use (__getattr__)
    "SUPPORTED_FROM",
    "SUPPORTED_UNTIL",
    "PartialDate",
    "Precision",
    "check_supported",
    "outside_supported",
    "parse_date",
    "to_shanghai_date",
]



def __getattr__(name: str) -> object:
    """``SHANGHAI``, the zone, made on first use: pendulum costs a start-up that most commands,
    reading ISO 8601 with the standard library, never need."""
    if name == "SHANGHAI":
        import pendulum

        zone = pendulum.timezone("Asia/Shanghai")
        globals()["SHANGHAI"] = zone
        return zone
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The days the library reasons about. Government new media began in the 2010s and the documents
# it encodes date from 2018; a day outside this span in the input is a mistake (a year typed 2205
# or 9999), and accepting it would make the work of a check grow with how far away it is.
SUPPORTED_FROM = _dt.date(2000, 1, 1)
SUPPORTED_UNTIL = _dt.date(2099, 12, 31)

_date = _dt.date
_datetime = _dt.datetime
_date_fromisoformat = _dt.date.fromisoformat
_datetime_fromisoformat = _dt.datetime.fromisoformat
# Asia/Shanghai has been UTC+08:00 without daylight saving since 1991-09-15, long before the
# first supported day, so the fixed offset is exact for every instant the library accepts.
_EIGHT_HOURS = _dt.timedelta(hours=8)

Precision = Literal["day", "month", "year", "unknown"]


def outside_supported(shown: str) -> str:
    """The problem with a day outside the supported span, as every check of it says it."""
    return f"{shown} is outside the supported dates {SUPPORTED_FROM}..{SUPPORTED_UNTIL}"


def check_supported(day: _dt.date, original: object = None, path: str = "") -> _dt.date:
    """``day`` itself if it lies in the supported span (2000-01-01 to 2099-12-31), else an
    :class:`InputError` that names the span (and ``path``, the argument or field it came in)."""
    if SUPPORTED_FROM <= day <= SUPPORTED_UNTIL:
        return day
    shown = clipped(original) if original is not None else day.isoformat()
    raise InputError(path, outside_supported(shown))


def _bad(value: object) -> InputError:
    return InputError("", f"not an ISO 8601 date or date-time (YYYY-MM-DD, optionally with a time): {clipped(value)}")


def _datetime_to_date(dt: _dt.datetime, original: object) -> _dt.date:
    try:
        off = dt.utcoffset()
    except ValueError:  # an offset of a day or more (+24:00) that a parser let through
        raise InputError("", f"not a real UTC offset (it must lie strictly between -24:00 and +24:00): {clipped(original)}") from None
    if not SUPPORTED_FROM.year - 1 <= dt.year <= SUPPORTED_UNTIL.year + 1:
        raise _outside(original)  # and the arithmetic below cannot overflow
    if off is not None and off != _EIGHT_HOURS:
        dt = dt + (_EIGHT_HOURS - off)
    return check_supported(dt.date(), original)


def _outside(original: object) -> InputError:
    return InputError("", outside_supported(clipped(original)))


# A whole day at least: a month ("2025-01") or a week without its day ("2025-W04") names no day,
# and completing it silently to the first day would be a guess.
_NOT_A_DAY = re.compile(r"\d{4}(-?\d{2}|-?W\d{2})?")


def _parse_string(s: str) -> _dt.date | _dt.datetime:
    """Parse an ISO 8601 date or date-time string: a ``date`` for date-only strings."""
    if _NOT_A_DAY.fullmatch(s.strip()):
        raise InputError("", f"not a whole day (ISO 8601 YYYY-MM-DD, optionally with a time): {clipped(s)}")
    try:
        return _date_fromisoformat(s)  # also "20250124", "2025-W04-5"
    except ValueError:
        pass
    try:
        return _datetime_fromisoformat(s)
    except ValueError:
        pass
    # Rare shapes the standard library does not know, e.g. ordinal dates ("2025-024").
    from pendulum.parsing import parse_iso8601

    try:
        r = parse_iso8601(s)
    except Exception:  # pendulum raises several types for garbage
        raise _bad(s) from None
    if isinstance(r, (_datetime, _date)):
        return r
    raise _bad(s)  # durations, times of day, intervals


def to_shanghai_date(value: object) -> _dt.date:
    """The calendar day in Asia/Shanghai of a date, datetime or ISO 8601 string.

    Aware datetimes (and strings with ``Z`` or an offset) are converted to Shanghai time first;
    naive ones are read as Shanghai time already. Raises :class:`InputError` quoting the value.
    """
    if type(value) is str:
        if len(value) < 10 and _NOT_A_DAY.fullmatch(value.strip()):  # short strings only: off the hot path
            raise InputError("", f"not a whole day (ISO 8601 YYYY-MM-DD, optionally with a time): {clipped(value)}")
        if len(value) == 10:
            try:
                day = _date_fromisoformat(value)
            except ValueError:
                pass
            else:
                return check_supported(day, value)
        try:
            parsed = _datetime_fromisoformat(value)
        except ValueError:
            pass
        else:
            return _datetime_to_date(parsed, value)
        r = _parse_string(value)
        if isinstance(r, _datetime):
            return _datetime_to_date(r, value)
        return check_supported(_date(r.year, r.month, r.day), value)
    if isinstance(value, _datetime):
        return _datetime_to_date(value, value)
    if isinstance(value, _date):
        return check_supported(value if type(value) is _date else _date(value.year, value.month, value.day))
    if isinstance(value, str):  # str subclass
        return to_shanghai_date(str(value))
    raise InputError("", f"expected a date, a datetime or an ISO 8601 string, got {type(value).__name__}: {clipped(value)}")


def parse_date(value: object) -> _dt.date:
    """A date-only field: a ``datetime.date`` or an ISO 8601 date string, never a date-time.

    Refusing date-times here catches facts where a timestamp landed in a field whose meaning is
    a calendar day (an opening date, a filing date), where silently dropping the time would
    hide a time-zone question.
    """
    if type(value) is _date:
        return check_supported(value)
    if isinstance(value, _datetime):
        raise InputError("", f"expected a date without a time, got a date-time: {clipped(value)}")
    if isinstance(value, _date):
        return check_supported(_date(value.year, value.month, value.day))
    if isinstance(value, str):
        s = str(value)
        if not _NOT_A_DAY.fullmatch(s.strip()):
            try:
                return check_supported(_date_fromisoformat(s), s)
            except ValueError:
                pass
        r = _parse_string(s)
        if isinstance(r, _datetime):
            raise InputError("", f"expected a date without a time, got a date-time: {clipped(s)}")
        return check_supported(_date(r.year, r.month, r.day), s)
    raise InputError("", f"expected a date or an ISO 8601 date string, got {type(value).__name__}: {clipped(value)}")


_PARTIAL_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PARTIAL_FORMS = "expected YYYY-MM-DD, YYYY-MM, YYYY or 'unknown'"


@attrs.frozen
class PartialDate:
    """A date known to the day, the month, the year, or not at all.

    Policy documents' signing, publication and effective dates are sometimes known only to the
    month or year; keeping the precision (instead of inventing "January 1st") lets the library
    say "in force from some day in 2023" honestly and choose the safe bound for each question
    via :meth:`earliest` and :meth:`latest`.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    UNKNOWN_TEXT: ClassVar[str] = "unknown"

    def __attrs_post_init__(self) -> None:
        y, m, d = self.year, self.month, self.day
        for name, v in (("year", y), ("month", m), ("day", d)):
            if v is not None and (type(v) is not int):
                raise ValueError(f"PartialDate {name} must be an int or None, got {v!r}")
        if y is None and (m is not None or d is not None):
            raise ValueError("PartialDate: a month or day needs a year")
        if m is None and d is not None:
            raise ValueError("PartialDate: a day needs a month")
        if y is not None and not SUPPORTED_FROM.year <= y <= SUPPORTED_UNTIL.year:
            raise ValueError(f"PartialDate: year {y} is outside the supported years {SUPPORTED_FROM.year}-{SUPPORTED_UNTIL.year}")
        if m is not None and not 1 <= m <= 12:
            raise ValueError(f"PartialDate: month {m} is out of range 1-12")
        if d is not None:
            try:
                _date(y, m, d)  # type: ignore[arg-type]
            except ValueError:
                raise ValueError(
                    f"PartialDate: day {d} is out of range for {y:04d}-{m:02d}"
                ) from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``"2018-12-07"``, ``"2022-03"``, ``"2023"`` or ``"unknown"``."""
        if not isinstance(text, str):
            raise ValueError(f"invalid partial date {clipped(text)}: {_PARTIAL_FORMS}")
        if text == cls.UNKNOWN_TEXT:
            return cls()
        m = _PARTIAL_RE.fullmatch(text)
        if m is None:
            raise ValueError(f"invalid partial date {clipped(text)}: {_PARTIAL_FORMS}")
        y, mo, d = (int(g) if g is not None else None for g in m.groups())
        try:
            return cls(y, mo, d)
        except ValueError as exc:
            problem = str(exc).removeprefix("PartialDate: ")
            raise ValueError(f"invalid partial date {clipped(text)}: {problem}") from None

    @classmethod
    def from_date(cls, d: _dt.date) -> PartialDate:
        """A day-precision partial date."""
        return cls(d.year, d.month, d.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.year is not None:
            return "year"
        return "unknown"

    @property
    def is_known(self) -> bool:
        return self.year is not None

    def earliest(self) -> _dt.date | None:
        """The first day it can be; ``None`` if nothing is known."""
        if self.year is None:
            return None
        return _date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date | None:
        """The last day it can be; ``None`` if nothing is known."""
        if self.year is None:
            return None
        if self.day is not None:
            return _date(self.year, self.month, self.day)  # type: ignore[arg-type]
        if self.month is None:
            return _date(self.year, 12, 31)
        if self.month == 12:
            return _date(self.year, 12, 31)
        return _date(self.year, self.month + 1, 1) - _dt.timedelta(days=1)

    def as_date(self) -> _dt.date | None:
        """The date if known to the day, else ``None``."""
        return self.earliest() if self.day is not None else None

    def __str__(self) -> str:
        if self.year is None:
            return self.UNKNOWN_TEXT
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def zh(self) -> str:
        """Chinese rendering for the generated site: 2018年12月7日, 2022年3月, 2023年, 不详."""
        if self.year is None:
            return "不详"
        if self.month is None:
            return f"{self.year}年"
        if self.day is None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年{self.month}月{self.day}日"
