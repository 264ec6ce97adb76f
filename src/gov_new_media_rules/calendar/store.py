"""The user's registered years: holiday schedules kept on disk until ``chinese-calendar`` has them.

The State Council publishes the next year's holiday notice in the autumn; a ``chinese-calendar``
release covering it follows weeks or months later. Deadlines in January are computed in December,
so a user must be able to add the year the day the notice appears, once, and have every later
``gnmr`` command and every library call pick it up. ``WorkingDayCalendar.with_year_file`` does this
for one process; this module makes it last: ``register_file`` copies a validated year file into the
user's data directory, and :func:`~gov_new_media_rules.calendar.default_calendar` applies the stored
years when it is first built in a process.

Precedence: the installed ``chinese-calendar`` data always wins. A stored year the package covers is
kept (so that downgrading the package does not lose it) but not applied, and is reported as
superseded. Stored years the package does not cover are applied in year order, outward from the
package's coverage, because coverage must stay one contiguous range; a stored year that is not
adjacent (its neighbour was unregistered, say) is skipped and reported, never an error that would
break every command. A stored file that cannot be read is a one-line :class:`CalendarDataError`
naming the file.

Layout: ``<store_dir()>/<year>.toml``, each the file the user registered, byte for byte.
"""

from __future__ import annotations

import os
import secrets
import tomllib
import warnings
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

import attrs

from .. import tomlfile
from ..errors import CalendarDataError, RegisteredYearSkipped
from .working_days import WorkingDayCalendar

__all__ = [
    "DATA_DIR_ENV",
    "RegisteredYear",
    "RegisteredYearSkipped",
    "SkippedYear",
    "StoreApplication",
    "apply_registered",
    "package_source",
    "register_file",
    "registered_years",
    "reload_default_calendar",
    "resolve",
    "store_dir",
    "unregister",
]

DATA_DIR_ENV = "GNMR_DATA_DIR"
"""Environment variable that replaces the user data directory (the store is ``$GNMR_DATA_DIR/calendar``)."""

_APP_NAME = "gov-new-media-rules"


@attrs.frozen
class RegisteredYear:
    """One stored year file.

    ``source`` is the notice the file names; ``superseded_by_package`` is true when the installed
    ``chinese-calendar`` covers the year, in which case the package data is used and the file is
    only kept.
    """

    year: int
    source: str
    path: Path
    superseded_by_package: bool


@attrs.frozen
class SkippedYear:
    """A stored year that was not applied because coverage would not stay contiguous."""

    entry: RegisteredYear
    reason: str


@attrs.frozen
class StoreApplication:
    """What applying the store to a calendar did, so that callers can show it (``gnmr calendar``).

    ``calendar`` is the result; ``applied`` the stored years it now includes (in year order),
    ``superseded`` the stored years the package covers (not applied), ``skipped`` the stored years
    left out because they are not adjacent to the coverage.
    """

    calendar: WorkingDayCalendar
    applied: tuple[RegisteredYear, ...]
    superseded: tuple[RegisteredYear, ...]
    skipped: tuple[SkippedYear, ...]




def store_dir() -> Path:
    """The folder holding the registered years.

    ``platformdirs.user_data_dir("gov-new-media-rules")/calendar`` by default, so that the files
    live where each OS expects per-user application data (XDG on Linux, ``~/Library/Application
    Support`` on macOS, ``%LOCALAPPDATA%`` on Windows); ``$GNMR_DATA_DIR/calendar`` when that
    variable is set, so that tests and CI never touch the real home directory. The folder is not
    created here: reading an empty store must leave no trace.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser().absolute() / "calendar"
    import platformdirs  # imported here: only needed when the store is actually located

    # appauthor=False: on Windows, no extra "<author>" folder level above the application's.
    return Path(platformdirs.user_data_dir(_APP_NAME, appauthor=False)) / "calendar"


def package_source() -> str:
    """The installed package data's name and version, e.g. ``"chinese-calendar 1.11.0"``."""
    return WorkingDayCalendar.builtin().data_version.rpartition(" (")[0]


def _package_years() -> tuple[int, int]:
    return WorkingDayCalendar.builtin().coverage


def _hint(year: int | None) -> str:
    what = f"run 'gnmr calendar unregister {year}'" if year is not None else "delete the file"
    return f" (a registered calendar year; register a corrected file or {what})"


def _stored_files(folder: Path) -> list[tuple[int, Path]]:
    """``(year, path)`` for every ``<year>.toml`` in ``folder``, by year; other names are ignored
    (e.g. the temporary files of a registration in progress)."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise CalendarDataError(f"{folder}: cannot read the registered years: {exc.strerror or exc}") from None
    out = []
    for entry in entries:
        stem, dot, ext = entry.name.partition(".")
        if ext == "toml" and dot and stem.isascii() and stem.isdigit() and len(stem) == 4:
            out.append((int(stem), Path(entry.path)))
    out.sort()
    return out


def _read_entry(year: int, path: Path, package: tuple[int, int]) -> RegisteredYear:
    """The year and notice of a stored file; full validation happens when it is applied."""
    try:
        data = tomlfile.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise CalendarDataError(f"{path}: cannot read file: {exc.strerror or exc}{_hint(year)}") from None
    except UnicodeDecodeError as exc:
        raise CalendarDataError(f"{path}: not UTF-8 text: {exc.reason}{_hint(year)}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CalendarDataError(f"{path}: not valid TOML: {exc}{_hint(year)}") from None
    if data.get("year") != year or type(data.get("year")) is not int:
        raise CalendarDataError(
            f"{path}: year: {data.get('year')!r} does not match the file name {path.name}{_hint(year)}"
        )
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise CalendarDataError(
            f"{path}: source: must name the State Council notice the schedule comes from{_hint(year)}"
        )
    return RegisteredYear(
        year=year,
        source=source.strip(),
        path=path,
        superseded_by_package=package[0] <= year <= package[1],
    )


def registered_years() -> tuple[RegisteredYear, ...]:
    """Every stored year, in year order, whether or not it is applied.

    Raises :class:`CalendarDataError` (one line, naming the file) for a file that cannot be read.
    """
    package = _package_years()
    return tuple(_read_entry(y, p, package) for y, p in _stored_files(store_dir()))


def _apply_one(calendar: WorkingDayCalendar, entry: RegisteredYear) -> WorkingDayCalendar:
    try:
        return calendar.with_year_file(entry.path)
    except CalendarDataError as exc:
        raise CalendarDataError(f"{exc}{_hint(entry.year)}") from None


def _resolve(calendar: WorkingDayCalendar, entries: Iterable[RegisteredYear]) -> StoreApplication:
    entries = list(entries)
    superseded = tuple(e for e in entries if e.superseded_by_package)
    rest = [e for e in entries if not e.superseded_by_package]
    pkg_first, pkg_last = _package_years()
    # Outward from the package coverage: later years ascending, earlier years descending, so
    # that each applied year is adjacent to what is already covered.
    later = [e for e in rest if e.year > pkg_last]
    earlier = sorted((e for e in rest if e.year < pkg_first), key=lambda e: -e.year)
    applied: list[RegisteredYear] = []
    skipped: list[SkippedYear] = []
    for group, forward in ((later, True), (earlier, False)):
        for entry in group:
            first, last = calendar.coverage
            if first - 1 <= entry.year <= last + 1:
                calendar = _apply_one(calendar, entry)
                applied.append(entry)
            else:
                missing = last + 1 if forward else first - 1
                skipped.append(
                    SkippedYear(
                        entry,
                        f"registered year {entry.year} ({entry.path}) is not applied: it is not "
                        f"adjacent to the calendar's coverage {first}-{last}; register {missing} "
                        f"first or run 'gnmr calendar unregister {entry.year}'",
                    )
                )
    applied.sort(key=lambda e: e.year)
    return StoreApplication(calendar, tuple(applied), superseded, tuple(skipped))


def resolve(calendar: WorkingDayCalendar) -> StoreApplication:
    """Apply the stored years to ``calendar`` and say what happened to each (no warnings).

    For callers that show the outcome themselves; :func:`apply_registered` is the short form.
    """
    return _resolve(calendar, registered_years())


def apply_registered(calendar: WorkingDayCalendar) -> WorkingDayCalendar:
    """``calendar`` plus every stored year the installed ``chinese-calendar`` does not cover.

    Years the package covers are not applied: once a release has a year, the published data
    takes precedence over the user's file. A stored year that cannot be applied without a gap is
    skipped with a :class:`RegisteredYearSkipped` warning (see :func:`resolve` for the details as
    data). Returns ``calendar`` itself when nothing is stored.
    """
    result = resolve(calendar)
    for skip in result.skipped:
        warnings.warn(RegisteredYearSkipped(skip.reason), stacklevel=2)
    return result.calendar


def register_file(path: str | PathLike[str]) -> RegisteredYear:
    """Validate a year file and store it, replacing any stored file for the same year.

    Validation applies the file to the package data plus the other stored years, so an error is
    reported now, naming the file and the key, rather than on every later command. The bytes
    validated are the bytes stored: the file is copied to a temporary file in the store, checked
    there, and moved into place with ``os.replace``, so a crash never leaves half a file and a
    concurrent reader sees the old year or the new one. A year the package already covers is
    accepted only if identical to the package data, and is then stored as superseded.
    """
    where = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise CalendarDataError(f"{where}: cannot read file: {exc.strerror or exc}") from None
    try:
        year = tomlfile.loads(raw.decode("utf-8")).get("year")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        year = None  # with_year_file below reports it, naming the file
    package = _package_years()
    folder = store_dir()
    others = [
        _read_entry(y, p, package) for y, p in _stored_files(folder) if y != year
    ]
    base = _resolve(WorkingDayCalendar.builtin(), others).calendar
    # A unique hidden name in the store itself (os.replace must not cross file systems), created
    # with O_EXCL and mode 0o666 so that the stored file gets the user's usual permissions
    # (tempfile.mkstemp would make it private to the user).
    tmp = folder / f".register-{os.getpid()}-{secrets.token_hex(6)}.tmp"
    tmp_name = str(tmp)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise CalendarDataError(f"{folder}: cannot write the registered years: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        try:
            base.with_year_file(tmp)
        except CalendarDataError as exc:
            message = str(exc)
            if message.startswith(tmp_name):
                message = where + message[len(tmp_name) :]
            raise CalendarDataError(message) from None
        assert type(year) is int  # validated above
        target = folder / f"{year:04d}.toml"
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return _read_entry(year, target, package)


def unregister(year: int) -> bool:
    """Delete the stored file for ``year``; ``False`` if there was none.

    Later stored years that were adjacent only through ``year`` are then skipped (and reported)
    rather than refused, so that removing a wrong file is always possible.
    """
    if type(year) is not int:
        raise TypeError(f"year must be an int, got {year!r}")
    try:
        (store_dir() / f"{year:04d}.toml").unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise CalendarDataError(f"{store_dir()}: cannot remove {year:04d}.toml: {exc.strerror or exc}") from None
    return True


def reload_default_calendar() -> WorkingDayCalendar:
    """Rebuild the process-wide calendar as a new process would: package data plus the store.

    The process-wide calendar reads the store once, when first used; a long-running process that
    registers or unregisters a year calls this to pick the change up. Years added in memory with
    ``register_year`` are dropped.
    """
    from . import working_days

    with working_days._LOCK:  # noqa: SLF001 - same package
        calendar = apply_registered(WorkingDayCalendar.builtin())
        working_days._set_default(calendar)  # noqa: SLF001
        return calendar
