"""The registered years on disk (calendar/store.py): validation, precedence, contiguity, errors.

Every test gets its own store through GNMR_DATA_DIR (tests/conftest.py already points the whole
session away from the real user directory) and a package-data-only process-wide calendar.

No __init__.py in this folder, on purpose: tests/ is on sys.path (rootdir conftest), and a package
named ``calendar`` there would shadow the standard library's ``calendar`` module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import warnings
from pathlib import Path

import pytest

from gov_new_media_rules.calendar import WorkingDayCalendar, default_calendar, register_year, reset_default_calendar
from gov_new_media_rules.calendar import store, working_days
from gov_new_media_rules.calendar.store import (
    RegisteredYear,
    RegisteredYearSkipped,
    apply_registered,
    register_file,
    registered_years,
    reload_default_calendar,
    resolve,
    store_dir,
    unregister,
)
from gov_new_media_rules.errors import CalendarDataError, GnmrError

D = dt.date
CAL = WorkingDayCalendar.builtin()
FIRST, LAST = CAL.coverage

# TEST DATA, NOT A REAL SCHEDULE (the 2027 notice has not been published).
SOURCE_2027 = "测试用：国务院办公厅关于2027年部分节假日安排的通知"
YEAR_2027 = f"""\
year = 2027
source = "{SOURCE_2027}"
holidays = [2027-01-01, 2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11]
makeup_workdays = [2027-02-20]
"""


def year_text(year: int, source: str | None = None) -> str:
    """YEAR_2027 moved to another year (weekdays differ, so only useful where that does not matter)."""
    text = YEAR_2027.replace("2027-02-20", f"{year}-{_first_weekend_day(year, 2, 20).isoformat()[5:]}")
    text = text.replace("2027", str(year))
    return text if source is None else text.replace(f"测试用：国务院办公厅关于{year}年部分节假日安排的通知", source)


def _first_weekend_day(year: int, month: int, day: int) -> dt.date:
    d = D(year, month, day)
    while d.weekday() < 5:
        d += dt.timedelta(days=1)
    return d


def package_year_text(year: int) -> str:
    """A year file identical to the package data for ``year`` (weekday days off, weekend working days)."""
    days = [D(year, 1, 1) + dt.timedelta(days=i) for i in range((D(year, 12, 31) - D(year, 1, 1)).days + 1)]
    holidays = [d.isoformat() for d in days if d.weekday() < 5 and not CAL.is_working_day(d)]
    makeup = [d.isoformat() for d in days if d.weekday() >= 5 and CAL.is_working_day(d)]
    return (
        f"year = {year}\n"
        f'source = "国务院办公厅关于{year}年部分节假日安排的通知"\n'
        f"holidays = [{', '.join(holidays)}]\n"
        f"makeup_workdays = [{', '.join(makeup)}]\n"
    )


def write(folder: Path, text: str, name: str = "year.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GNMR_DATA_DIR", str(tmp_path / "data"))
    reset_default_calendar()
    yield tmp_path / "data"
    reset_default_calendar()


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "calendar"


@pytest.fixture
def new_process(monkeypatch: pytest.MonkeyPatch):
    """Make the next default_calendar() build afresh, as in a new process."""

    def fresh() -> WorkingDayCalendar:
        monkeypatch.setattr(working_days, "_DEFAULT", None)
        return default_calendar()

    return fresh


@contextlib.contextmanager
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RegisteredYearSkipped)
        yield


# -- where -------------------------------------------------------------------------------------


def test_the_store_is_under_gnmr_data_dir(data_dir: Path) -> None:
    assert store_dir() == data_dir / "calendar"


def test_without_the_variable_the_store_is_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("GNMR_DATA_DIR")
    assert store_dir() == Path(platformdirs.user_data_dir("gov-new-media-rules", appauthor=False)) / "calendar"
    monkeypatch.setenv("GNMR_DATA_DIR", "")  # empty means unset
    assert store_dir().name == "calendar" and "gov-new-media-rules" in str(store_dir())


def test_an_empty_store_changes_nothing_and_creates_nothing(folder: Path, new_process) -> None:
    assert registered_years() == ()
    assert apply_registered(CAL) is CAL
    assert new_process() is CAL
    assert not folder.exists()


# -- register ----------------------------------------------------------------------------------


def test_register_stores_the_file_byte_for_byte(tmp_path: Path, folder: Path) -> None:
    src = write(tmp_path, YEAR_2027, "cal2027.toml")
    entry = register_file(src)
    assert entry == RegisteredYear(year=2027, source=SOURCE_2027, path=folder / "2027.toml", superseded_by_package=False)
    assert entry.path.read_bytes() == src.read_bytes()
    assert registered_years() == (entry,)
    assert sorted(p.name for p in folder.iterdir()) == ["2027.toml"]  # no temporary file left


def test_a_registered_year_is_in_the_next_process_default_calendar(tmp_path: Path, new_process) -> None:
    register_file(write(tmp_path, YEAR_2027))
    assert default_calendar() is CAL  # this process's calendar was built already (reset)
    cal = new_process()
    assert cal.coverage == (FIRST, 2027)
    assert SOURCE_2027 in cal.data_version
    assert cal.is_working_day(D(2027, 2, 20))  # makeup Saturday
    assert not cal.is_working_day(D(2027, 2, 8))
    assert cal.add_working_days(D(2027, 2, 4), 2) == D(2027, 2, 15)
    assert cal == CAL.with_year_file(write(tmp_path, YEAR_2027, "again.toml"))


def test_reload_default_calendar(tmp_path: Path) -> None:
    register_file(write(tmp_path, YEAR_2027))
    assert reload_default_calendar().coverage == (FIRST, 2027)
    assert default_calendar().coverage == (FIRST, 2027)
    assert unregister(2027)
    assert reload_default_calendar() is CAL


def test_registering_a_year_again_replaces_it(tmp_path: Path, folder: Path, new_process) -> None:
    register_file(write(tmp_path, YEAR_2027))
    corrected = YEAR_2027.replace("2027-02-11]", "2027-02-11, 2027-02-12]").replace("测试用：", "测试用（更正）：")
    entry = register_file(write(tmp_path, corrected, "corrected.toml"))
    assert entry.source.startswith("测试用（更正）")
    assert [e.source for e in registered_years()] == [entry.source]
    assert sorted(p.name for p in folder.iterdir()) == ["2027.toml"]
    assert not new_process().is_working_day(D(2027, 2, 12))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("year = [", ("not valid TOML",)),
        (YEAR_2027.replace("2027-02-20", "2027-02-22"), ("makeup_workdays[0]", "Monday")),
        (YEAR_2027.replace("year = 2027", 'year = "2027"'), ("year",)),
        (YEAR_2027.replace("2027", "2029"), ("2029", "not adjacent", "register 2027 first")),
        (package_year_text(2025).replace("holidays = [", "holidays = [2025-03-03, "), ("2025", "already covered")),
    ],
)
def test_a_bad_file_is_refused_naming_it_and_nothing_is_stored(tmp_path: Path, folder: Path, text: str, words: tuple[str, ...]) -> None:
    src = write(tmp_path, text, "bad.toml")
    with pytest.raises(CalendarDataError) as info:
        register_file(src)
    message = str(info.value)
    assert message.startswith(f"{src}: ") and "\n" not in message
    assert ".register-" not in message
    for word in words:
        assert word in message
    assert registered_years() == ()
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CalendarDataError, match="nope.toml: cannot read"):
        register_file(tmp_path / "nope.toml")


def test_years_are_validated_against_the_stored_ones(tmp_path: Path, new_process) -> None:
    register_file(write(tmp_path, YEAR_2027))
    entry = register_file(write(tmp_path, year_text(2028), "2028.toml"))  # adjacent through 2027
    assert entry.year == 2028
    assert new_process().coverage == (FIRST, 2028)
    # Replacing the middle year keeps the later one.
    register_file(write(tmp_path, YEAR_2027, "again.toml"))
    assert new_process().coverage == (FIRST, 2028)


def test_years_before_the_package_data(tmp_path: Path, new_process) -> None:
    register_file(write(tmp_path, year_text(FIRST - 1), "a.toml"))
    register_file(write(tmp_path, year_text(FIRST - 2), "b.toml"))
    register_file(write(tmp_path, YEAR_2027, "c.toml"))
    with no_warnings():
        cal = new_process()
    assert cal.coverage == (FIRST - 2, 2027)
    assert [e.year for e in resolve(CAL).applied] == [FIRST - 2, FIRST - 1, 2027]


# -- contiguity: skipped, not fatal ------------------------------------------------------------


def test_a_stored_year_that_is_not_adjacent_is_skipped_with_a_warning(tmp_path: Path, folder: Path, new_process) -> None:
    write(folder, year_text(2029), "2029.toml")  # e.g. copied by hand
    result = resolve(CAL)
    assert result.calendar is CAL and result.applied == ()
    [skip] = result.skipped
    assert skip.entry.year == 2029
    assert "2029" in skip.reason and "register 2027 first" in skip.reason and "unregister 2029" in skip.reason
    with pytest.warns(RegisteredYearSkipped, match="registered year 2029"):
        assert apply_registered(CAL) is CAL
    with pytest.warns(RegisteredYearSkipped):
        assert new_process() is CAL  # every command keeps working on the package data


def test_unregistering_a_middle_year_skips_the_later_one(tmp_path: Path, new_process) -> None:
    register_file(write(tmp_path, YEAR_2027))
    register_file(write(tmp_path, year_text(2028), "2028.toml"))
    assert unregister(2027)
    with pytest.warns(RegisteredYearSkipped, match="2028"):
        cal = new_process()
    assert cal.coverage == (FIRST, LAST)
    assert [e.year for e in registered_years()] == [2028]
    register_file(write(tmp_path, YEAR_2027, "back.toml"))  # putting 2027 back brings 2028 with it
    with no_warnings():
        assert new_process().coverage == (FIRST, 2028)


# -- precedence of the package data ------------------------------------------------------------


def test_a_year_the_package_covers_is_stored_as_superseded_and_not_applied(tmp_path: Path, new_process) -> None:
    entry = register_file(write(tmp_path, package_year_text(2025)))
    assert entry.superseded_by_package and entry.year == 2025
    assert registered_years() == (entry,)
    result = resolve(CAL)
    assert result.superseded == (entry,) and result.applied == () and result.skipped == ()
    assert result.calendar is CAL
    assert new_process() is CAL


def test_after_a_package_upgrade_the_published_data_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_process) -> None:
    register_file(write(tmp_path, YEAR_2027))
    # A chinese-calendar release that covers 2027 and, unlike the user's file, makes 12 Feb a holiday.
    upgraded_days = CAL.with_year_file(write(tmp_path, YEAR_2027.replace("2027-02-11]", "2027-02-11, 2027-02-12]"), "pkg.toml"))
    first, _ = upgraded_days.coverage
    upgraded = working_days._rebuild(first, upgraded_days._flags, False, (first, 2027), "chinese-calendar 9.9.9", ())
    monkeypatch.setattr(WorkingDayCalendar, "builtin", classmethod(lambda cls: upgraded))
    [entry] = registered_years()
    assert entry.superseded_by_package
    with no_warnings():
        cal = new_process()
    assert cal is upgraded
    assert not cal.is_working_day(D(2027, 2, 12))
    assert store.package_source() == "chinese-calendar 9.9.9"


# -- corrupt stored files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("2027.toml", "year = [", ("not valid TOML",)),
        ("2027.toml", "\xff", ()),
        ("2027.toml", YEAR_2027.replace("2027-02-20", "2027-02-22"), ("makeup_workdays[0]",)),
        ("2027.toml", YEAR_2027.replace("year = 2027", "year = 2028"), ("does not match",)),
        ("2027.toml", YEAR_2027.replace(f'"{SOURCE_2027}"', '""'), ("source",)),
    ],
)
def test_a_corrupt_stored_file_is_a_one_line_error_naming_it(folder: Path, new_process, name: str, text: str, words: tuple[str, ...]) -> None:
    path = folder / name
    folder.mkdir(parents=True)
    path.write_bytes(text.encode("latin-1") if text == "\xff" else text.encode("utf-8"))
    with pytest.raises(CalendarDataError) as info:
        apply_registered(CAL)
    message = str(info.value)
    assert isinstance(info.value, GnmrError)
    assert message.startswith(str(path)) and "\n" not in message
    assert "gnmr calendar unregister 2027" in message
    for word in words:
        assert word in message
    with pytest.raises(CalendarDataError):
        new_process()
    assert unregister(2027)  # removing it is always possible
    assert new_process() is CAL


def test_a_corrupt_year_can_be_fixed_by_registering_it_again(tmp_path: Path, folder: Path) -> None:
    write(folder, "year = [", "2027.toml")
    register_file(write(tmp_path, YEAR_2027))
    assert resolve(CAL).calendar.coverage == (FIRST, 2027)


def test_other_names_in_the_store_are_ignored(folder: Path) -> None:
    write(folder, "not a year file", "notes.toml")
    write(folder, "half written", ".register-1-abc.tmp")
    write(folder, "x", "27.toml")
    assert registered_years() == ()


# -- unregister --------------------------------------------------------------------------------


def test_unregister(tmp_path: Path, folder: Path) -> None:
    register_file(write(tmp_path, YEAR_2027))
    assert unregister(2027) is True
    assert not (folder / "2027.toml").exists()
    assert unregister(2027) is False
    assert unregister(1999) is False
    with pytest.raises(TypeError):
        unregister("2027")  # type: ignore[arg-type]


def test_in_memory_years_and_stored_years(tmp_path: Path, new_process) -> None:
    register_file(write(tmp_path, YEAR_2027))
    new_process()
    cal = register_year(2028, holidays=["2028-01-03"], source="测试用 2028")  # on top of the stored 2027
    assert cal.coverage == (FIRST, 2028)
