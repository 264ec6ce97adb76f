"""``gnmr calendar``: registering a year once for every later command, and showing what decides each year.

Each test has its own store (GNMR_DATA_DIR in a temporary folder) and starts from a
package-data-only process-wide calendar; ``new_process`` makes the next command build the default
calendar afresh, as a new ``gnmr`` process would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gov_new_media_rules.calendar import WorkingDayCalendar, reset_default_calendar, working_days
from gov_new_media_rules.cli import main
from gov_new_media_rules.errors import GnmrError

REPO = Path(__file__).resolve().parents[1]
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
YEAR_2028 = """\
year = 2028
source = "测试用：2028"
holidays = [2028-01-03]
"""
YEAR_2029 = """\
year = 2029
source = "测试用：2029"
holidays = [2029-01-01]
"""
# Zezhou: file with the national system within 2 working days of opening. Opened Thursday
# 4 February 2027: 5 and 8-11 February are holidays in the test schedule, so the 2nd working day
# is Monday 15 February.
DEADLINE_ARGS = ("deadlines", "-j", "zezhou", "--event", "account_opened", "--at", "2027-02-04", "--format", "json")
ZEZHOU_RULE = "zezhou.filing.national-system"


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
    def fresh() -> None:
        monkeypatch.setattr(working_days, "_DEFAULT", None)

    return fresh


@pytest.fixture
def shipped():
    from gov_new_media_rules.loading import default_library

    try:
        return default_library()
    except GnmrError as exc:  # the policies are being edited by others right now
        pytest.skip(f"shipped policies do not load: {exc}")


def write(folder: Path, text: str, name: str = "cal2027.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> Any:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert err == ""
    return json.loads(out)


def run_process(*argv: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "gov_new_media_rules", *argv],
        input=b"", capture_output=True, env=env, cwd=REPO, timeout=120,
    )
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def assert_one_line_error(code: int, out: str, err: str, *words: str) -> None:
    assert "Traceback" not in err, err
    assert code == 2, (code, err)
    assert out == ""
    assert err.startswith("gnmr: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    for word in words:
        assert word in err, (word, err)


def zezhou_due(items: list[dict[str, Any]]) -> str | None:
    return next(i["due"] for i in items if i["rule"] == ZEZHOU_RULE)


def assert_not_covered(capsys, *argv: str) -> None:
    """A deadline in a year without data: an error naming the year, or no due date with a note
    (how the engine reports it is not this file's business)."""
    code, out, err = run(capsys, *argv)
    if code == 2:
        assert argv[argv.index("--at") + 1][:4] in err
    else:
        assert code == 0, err
        item = next(i for i in json.loads(out) if i["rule"] == ZEZHOU_RULE)
        assert item["due"] is None and item["note"]


def package_year_text(year: int) -> str:
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range((dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1)]
    holidays = [d.isoformat() for d in days if d.weekday() < 5 and not CAL.is_working_day(d)]
    makeup = [d.isoformat() for d in days if d.weekday() >= 5 and CAL.is_working_day(d)]
    return (f'year = {year}\nsource = "国务院办公厅关于{year}年部分节假日安排的通知"\n'
            f"holidays = [{', '.join(holidays)}]\nmakeup_workdays = [{', '.join(makeup)}]\n")


# -- show --------------------------------------------------------------------------------------


def test_show_with_nothing_registered(capsys, folder: Path) -> None:
    code, out, err = run(capsys, "calendar")
    assert code == 0 and err == ""
    assert f"{FIRST}-{LAST}" in out and "chinese-calendar" in out and str(folder) in out and "none" in out
    assert run(capsys, "calendar", "show")[1] == out
    data = run_json(capsys, "calendar", "--format", "json")
    assert data == run_json(capsys, "calendar", "show", "--format", "json")
    assert data == run_json(capsys, "calendar", "--format", "json", "show")
    assert data["coverage"] == {"first": FIRST, "last": LAST}
    assert data["store"] == str(folder)
    assert data["package"].startswith("chinese-calendar ")
    assert data["years"] == [{"first": FIRST, "last": LAST, "kind": "package", "source": data["package"], "file": None}]
    assert data["registered"] == []
    assert not folder.exists()


# -- register, and a later command sees the year -----------------------------------------------


def test_register_then_a_new_process_sees_the_year(capsys, tmp_path: Path, folder: Path, new_process, shipped) -> None:
    assert_not_covered(capsys, *DEADLINE_ARGS)  # not covered yet
    code, out, err = run(capsys, "calendar", "register", str(write(tmp_path, YEAR_2027)))
    assert code == 0 and err == ""
    assert out.startswith("registered 2027 from ") and SOURCE_2027 in out
    assert str(folder / "2027.toml") in out and f"coverage now {FIRST}-2027" in out
    new_process()
    assert zezhou_due(run_json(capsys, *DEADLINE_ARGS)) == "2027-02-15"


def test_register_then_deadlines_in_the_same_process(capsys, tmp_path: Path, shipped) -> None:
    assert run(capsys, "calendar", "register", str(write(tmp_path, YEAR_2027)))[0] == 0
    assert zezhou_due(run_json(capsys, *DEADLINE_ARGS)) == "2027-02-15"


def test_register_then_deadlines_in_real_processes(tmp_path: Path, shipped) -> None:
    code, out, err = run_process("calendar", "register", str(write(tmp_path, YEAR_2027)))
    assert code == 0, err
    code, out, err = run_process(*DEADLINE_ARGS)
    assert code == 0, err
    assert zezhou_due(json.loads(out)) == "2027-02-15"


def test_show_after_register(capsys, tmp_path: Path, folder: Path) -> None:
    run(capsys, "calendar", "register", str(write(tmp_path, YEAR_2027)))
    data = run_json(capsys, "calendar", "--format", "json")
    assert data["coverage"] == {"first": FIRST, "last": 2027}
    assert data["years"][-1] == {"first": 2027, "last": 2027, "kind": "registered", "source": SOURCE_2027, "file": str(folder / "2027.toml")}
    assert data["registered"] == [{"year": 2027, "source": SOURCE_2027, "file": str(folder / "2027.toml"),
                                   "superseded_by_package": False, "status": "applied", "note": None}]
    code, out, err = run(capsys, "calendar")
    assert f"{FIRST}-2027" in out and "applied" in out and SOURCE_2027 in out and err == ""


def test_re_register_replaces(capsys, tmp_path: Path, folder: Path, new_process) -> None:
    run(capsys, "calendar", "register", str(write(tmp_path, YEAR_2027)))
    corrected = YEAR_2027.replace("测试用：", "测试用（更正）：").replace("2027-02-11]", "2027-02-11, 2027-02-12]")
    code, out, err = run(capsys, "calendar", "register", str(write(tmp_path, corrected, "fixed.toml")))
    assert code == 0 and out.startswith("replaced 2027 ") and err == ""
    assert sorted(p.name for p in folder.iterdir()) == ["2027.toml"]
    new_process()
    data = run_json(capsys, "calendar", "year", "2027", "--format", "json")
    assert data["source"]["source"].startswith("测试用（更正）")
    assert "2027-02-12" in data["holidays"]


def test_per_command_calendar_files_still_apply_on_top(capsys, tmp_path: Path, new_process, shipped) -> None:
    run(capsys, "calendar", "register", str(write(tmp_path, YEAR_2027)))
    new_process()
    args = ("deadlines", "-j", "zezhou", "--event", "account_opened", "--at", "2028-06-01", "--format", "json")
    assert_not_covered(capsys, *args)  # 2028 not covered
    items = run_json(capsys, *args, "--calendar", str(write(tmp_path, YEAR_2028, "cal2028.toml")))
    assert zezhou_due(items) == "2028-06-05"


# -- skipped, superseded -----------------------------------------------------------------------


def test_a_stored_year_that_is_not_adjacent_is_skipped_with_a_note(capsys, folder: Path, new_process, shipped) -> None:
    write(folder, YEAR_2029, "2029.toml")
    data = run_json(capsys, "calendar", "--format", "json")
    assert data["coverage"] == {"first": FIRST, "last": LAST}
    [entry] = data["registered"]
    assert entry["status"] == "skipped" and "not adjacent" in entry["note"] and "unregister 2029" in entry["note"]
    code, out, err = run(capsys, "calendar")
    assert code == 0 and "skipped" in out and "note: registered year 2029" in out
    # Every other command keeps working, with one note on stderr.
    new_process()
    code, out, err = run(capsys, "deadlines", "-j", "zezhou", "--event", "account_opened", "--at", "2025-02-04")
    assert code == 0
    assert err.startswith("gnmr: note: registered year 2029") and err.count("\n") == 1, err


def test_a_year_the_package_covers_is_superseded_and_not_applied(capsys, tmp_path: Path, folder: Path) -> None:
    code, out, err = run(capsys, "calendar", "register", str(write(tmp_path, package_year_text(2025), "cal2025.toml")))
    assert code == 0 and err == ""
    assert "takes precedence" in out and (folder / "2025.toml").exists()
    data = run_json(capsys, "calendar", "--format", "json")
    assert data["coverage"] == {"first": FIRST, "last": LAST}
    assert [y["kind"] for y in data["years"]] == ["package"]
    [entry] = data["registered"]
    assert entry["year"] == 2025 and entry["superseded_by_package"] is True and entry["status"] == "superseded"
    assert run_json(capsys, "calendar", "year", "2025", "--format", "json")["source"]["kind"] == "package"


def test_a_year_the_package_covers_differently_is_refused(capsys, tmp_path: Path, folder: Path) -> None:
    text = package_year_text(2025).replace("holidays = [", "holidays = [2025-03-03, ")
    code, out, err = run(capsys, "calendar", "register", str(write(tmp_path, text, "cal2025.toml")))
    assert_one_line_error(code, out, err, "cal2025.toml", "already covered")
    assert not folder.exists() or list(folder.iterdir()) == []


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("year = [", ("not valid TOML",)),
        (YEAR_2027.replace("2027-02-20", "2027-02-22"), ("makeup_workdays[0]", "Monday")),
        (YEAR_2029, ("2029", "not adjacent")),
        (YEAR_2027.replace("year = 2027\n", ""), ("year", "missing")),
    ],
)
def test_a_bad_file_is_a_one_line_error(capsys, tmp_path: Path, folder: Path, text: str, words: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "calendar", "register", str(write(tmp_path, text, "bad.toml")))
    assert_one_line_error(code, out, err, "bad.toml", *words)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_bad_file_in_a_real_process(tmp_path: Path) -> None:
    code, out, err = run_process("calendar", "register", str(write(tmp_path, "year = [", "bad.toml")))
    assert_one_line_error(code, out, err, "bad.toml", "not valid TOML")
    code, out, err = run_process("calendar", "register", str(tmp_path / "none.toml"))
    assert_one_line_error(code, out, err, "none.toml")


def test_a_corrupt_stored_file_is_a_one_line_error_and_can_be_unregistered(capsys, folder: Path, new_process, shipped) -> None:
    path = write(folder, "year = 2027\nsource = [\n", "2027.toml")
    new_process()
    code, out, err = run(capsys, "deadlines", "-j", "zezhou", "--event", "account_opened", "--at", "2025-02-04")
    assert_one_line_error(code, out, err, str(path), "gnmr calendar unregister 2027")
    code, out, err = run(capsys, "calendar")
    assert_one_line_error(code, out, err, str(path))
    code, out, err = run(capsys, "calendar", "unregister", "2027")
    assert code == 0 and "unregistered 2027" in out and err == ""
    new_process()
    assert run(capsys, "deadlines", "-j", "zezhou", "--event", "account_opened", "--at", "2025-02-04")[0] == 0


def test_a_corrupt_stored_file_in_a_real_process(folder: Path) -> None:
    folder.mkdir(parents=True)
    path = folder / "2027.toml"
    path.write_bytes(b"\xffyear = [")  # not UTF-8
    code, out, err = run_process("calendar", "year", "2025")
    assert_one_line_error(code, out, err, str(path))


# -- unregister --------------------------------------------------------------------------------


def test_unregister(capsys, tmp_path: Path, folder: Path, new_process, shipped) -> None:
    run(capsys, "calendar", "register", str(write(tmp_path, YEAR_2027)))
    code, out, err = run(capsys, "calendar", "unregister", "2027")
    assert code == 0 and err == ""
    assert out.startswith("unregistered 2027") and f"coverage now {FIRST}-{LAST}" in out
    assert not (folder / "2027.toml").exists()
    new_process()
    assert_not_covered(capsys, *DEADLINE_ARGS)


def test_unregister_a_year_not_registered(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "calendar", "unregister", "2027")
    assert_one_line_error(code, out, err, "2027", "not registered", "none")
    code, out, err = run(capsys, "calendar", "unregister", "next")
    assert_one_line_error(code, out, err, "YEAR")


# -- one year ----------------------------------------------------------------------------------


def test_year_of_a_registered_year(capsys, tmp_path: Path, folder: Path) -> None:
    run(capsys, "calendar", "register", str(write(tmp_path, YEAR_2027)))
    data = run_json(capsys, "calendar", "year", "2027", "--format", "json")
    assert data["year"] == 2027
    assert data["source"] == {"kind": "registered", "source": SOURCE_2027, "file": str(folder / "2027.toml")}
    # Weekday days off only: 6-7 February are a weekend inside the holiday.
    assert data["holidays"] == ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"]
    assert data["makeup_workdays"] == ["2027-02-20"]
    assert data["working_days"] == 261 - 6 + 1
    code, out, err = run(capsys, "calendar", "year", "2027")
    assert code == 0 and err == ""
    assert SOURCE_2027 in out and "2027-02-20" in out and "调休上班" in out and "2027-02-06" not in out


def test_year_of_a_package_year(capsys) -> None:
    data = run_json(capsys, "calendar", "year", "2024", "--format", "json")
    assert data["source"]["kind"] == "package" and data["source"]["source"].startswith("chinese-calendar ")
    assert "2024-10-01" in data["holidays"] and "2024-10-12" in data["makeup_workdays"]  # National Day 2024
    assert "2024-10-05" not in data["holidays"]  # a Saturday


def test_year_outside_the_data_shows_what_the_law_fixes(capsys) -> None:
    code, out, err = run(capsys, "calendar", "year", str(LAST + 4), "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["source"]["kind"] == "statutory" and data["holidays"] is None
    festivals = {h["festival"] for h in data["statutory_holidays"]}
    assert festivals == {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}
    code, out, err = run(capsys, "calendar", "year", str(LAST + 4))
    assert code == 0 and "全国年节及纪念日放假办法" in out


def test_year_before_any_law_encoded(capsys) -> None:
    code, out, err = run(capsys, "calendar", "year", "1990")
    assert_one_line_error(code, out, err, "1990", "2000 to 2099")
