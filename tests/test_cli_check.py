"""``gnmr check`` (and the input handling of ``gnmr schema`` and ``gnmr deadlines``) end to end.

Every kind of bad input goes through ``cli.main`` in-process and through a real ``python -m
gov_new_media_rules`` process: exit code 2, exactly one line on stderr naming the offending field,
never a traceback. Accepted input is checked against the documented handling (offsets, posts after
``as_of``, unsorted posts) and the report's shape.

Other people add evaluators while these tests run, so assertions about findings name the rule they
are about (the Changchun new area's 7-working-day dormancy rule) instead of counting findings.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gov_new_media_rules import __version__
from gov_new_media_rules.cli import main
from gov_new_media_rules.errors import GnmrError

REPO = Path(__file__).resolve().parents[1]
CHANGCHUN = "cn.jilin.changchun.xinqu"
CHANGCHUN_DORMANCY = "changchun-xinqu.updating.dormancy"
CHANGCHUN_DOC = "changchun-xinqu-2021-2"


@pytest.fixture(scope="module", autouse=True)
def shipped() -> None:
    from gov_new_media_rules.api import rulebook

    try:
        book = rulebook("changchun-xinqu", "2025-02-10")
    except GnmrError as exc:  # the policies are being edited by others right now
        pytest.skip(f"shipped policies do not compose: {exc}")
    if book.get(CHANGCHUN_DORMANCY) is None:
        pytest.skip(f"{CHANGCHUN_DORMANCY} is not in the shipped rulebook")


# -- helpers -------------------------------------------------------------------------------------


def account(index: int = 0, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"acc-{index}",
        "name": f"长春新区发布{index}",
        "platform": "wechat",
        "account_type": "subscription",
        "host_unit": f"长春新区某局{index}",
    }
    data.update(fields)
    return data


def daily_posts(first: dt.date, last: dt.date, time: str = "T09:00:00+08:00") -> list[dict[str, Any]]:
    days = (last - first).days + 1
    return [{"published_at": (first + dt.timedelta(days=i)).isoformat() + time, "original": True} for i in range(days)]


def changchun_account(**fields: Any) -> dict[str, Any]:
    """Opened 2025-01-02, a post every day until 2025-01-24, then silence: 7 working days later
    (the Spring Festival holiday and its makeup working days in between) the Changchun new area's
    dormancy rule is broken on 2025-02-11."""
    data = account(0, opened_on="2025-01-02", posts=daily_posts(dt.date(2025, 1, 2), dt.date(2025, 1, 24)))
    data.update(fields)
    return data


def document(*accounts: dict[str, Any]) -> str:
    return json.dumps({"accounts": list(accounts)}, ensure_ascii=False, indent=2)


def json_lines(*accounts: dict[str, Any] | str) -> str:
    return "".join((a if isinstance(a, str) else json.dumps(a, ensure_ascii=False)) + "\n" for a in accounts)


def write(tmp_path: Path, content: str | bytes, name: str = "facts.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv: str, stdin: bytes | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "gov_new_media_rules", *argv],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env,
        cwd=cwd or REPO,
        timeout=120,
    )
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def assert_one_line_error(code: int, out: str, err: str, *words: str) -> str:
    assert "Traceback" not in err, err
    assert code == 2, (code, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert err.endswith("\n") and err.count("\n") == 1
    assert lines[0].startswith("gnmr: error: ")
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def report_of(out: str) -> dict[str, Any]:
    report = json.loads(out)
    assert isinstance(report, dict)
    return report


def findings_of(report: dict[str, Any], rule: str, account_id: str = "acc-0") -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule"] == rule and f["account"] == account_id]


def current(report: dict[str, Any], rule: str, account_id: str = "acc-0") -> dict[str, Any]:
    """The finding of ``rule`` about the state as of the report's date (the latest one)."""
    found = findings_of(report, rule, account_id)
    assert found, f"no {rule} finding for {account_id}: {[f['rule'] for f in report['findings']]}"
    as_of = report["as_of"]
    latest = [f for f in found if f["period"] is None or f["period"].endswith(as_of)]
    return (latest or found)[-1]


# -- bad input: one line, exit code 2, the field named -------------------------------------------

DEEP = [account(i, posts=daily_posts(dt.date(2025, 1, 1), dt.date(2025, 1, 20))) for i in range(5)]
DEEP[3]["posts"][12]["published_at"] = "2025-01-32T09:00:00"

# (id, file content, words the message must contain, extra arguments)
BAD_INPUTS: list[tuple[str, str | bytes, tuple[str, ...], tuple[str, ...]]] = [
    # malformed JSON
    ("truncated", '{"accounts": [\n', ("malformed JSON", "line 2"), ()),
    ("single-quotes", "{'accounts': []}", ("malformed JSON", "line 1"), ()),
    ("trailing-comma", '{"accounts": [\n  {"id": "a"},\n]}', ("malformed JSON", "line 3"), ()),
    ("nan", '{"accounts": [{"id": "a", "resident_population": NaN}]}', ("malformed JSON", "NaN"), ()),
    ("deep-nesting", "[" * 50_000, ("malformed JSON", "nested too deeply"), ()),
    ("jsonl-malformed-line", json_lines(account(0), account(1), '{"id": "acc-2",'), ("malformed JSON on line 3",), ()),
    ("lines-forced-on-json", document(account(0)), ("malformed JSON on line 1",), ("--lines",)),
    ("empty", "", ("empty input",), ()),
    ("blank", "\n \n", ("empty input",), ()),
    ("not-utf8", '{"accounts": [{"name": "长春新区发布"}]}'.encode("gb18030"), ("not UTF-8",), ()),
    ("bom", b"\xef\xbb\xbf" + document(account(0)).encode(), ("malformed JSON", "BOM"), ()),
    # the document's shape
    ("top-level-array", "[]", ("expected a JSON object with an 'accounts' list",), ()),
    ("accounts-not-a-list", '{"accounts": {"acc-0": {}}}', ("accounts: ", "list"), ()),
    ("unknown-top-level-key", '{"accounts": [], "acount": 1}', ("acount", "unknown key"), ()),
    ("account-not-an-object", document(account(0), "acc-1"), ("accounts[1]", "expected an object"), ()),  # type: ignore[arg-type]
    ("post-not-an-object", document(account(0, posts=[{"published_at": "2025-01-24"}, "2025-01-25"])),
     ("accounts[0].posts[1]", "expected an object"), ()),
    ("key-with-line-break", '{"accounts": [{"id": "a", "name": "n", "platform": "wechat", "host_unit": "u", "x\\ny": 1}]}',
     ("accounts[0].", "x\\ny"), ()),
    # wrong types
    ("bool-as-string", document(account(0), account(1, main_account="yes")), ("accounts[1].main_account", "yes"), ()),
    ("id-as-number", document(account(0, id=42)), ("accounts[0].id",), ()),
    ("posts-not-a-list", document(account(0, posts={"published_at": "2025-01-24"})), ("accounts[0].posts", "expected a list"), ()),
    ("events-not-a-list", document(account(0, events={})), ("accounts[0].events", "expected a list"), ()),
    ("original-as-string", document(account(0, posts=[{"published_at": "2025-01-24", "original": "true"}])),
     ("accounts[0].posts[0].original",), ()),
    ("published-at-as-number", document(account(0, posts=[{"published_at": 1737705600}])), ("accounts[0].posts[0].published_at",), ()),
    ("missing-required", document({"id": "a", "name": "n", "platform": "wechat"}), ("accounts[0].host_unit", "required"), ()),
    ("unknown-account-key", document(account(0, plaform="wechat")), ("accounts[0].plaform", "unknown key"), ()),
    ("bad-tag", document(account(0, posts=[{"published_at": "2025-01-24", "tags": ["gossip"]}])),
     ("accounts[0].posts[0].tags", "gossip"), ()),
    ("bad-repost-source", document(account(0, posts=[{"published_at": "2025-01-24", "repost_source": ["x"]}])),
     ("accounts[0].posts[0].repost_source",), ()),
    ("bad-review", document(account(0, posts=[{"published_at": "2025-01-24", "reviews": [{"stage": "一审", "at": "2025-01-24"}]}])),
     ("accounts[0].posts[0].reviews[0].stage",), ()),
    # unknown enum values
    ("unknown-platform", document(account(0), account(1, platform="myspace")), ("accounts[1].platform", "myspace", "wechat"), ()),
    ("unknown-account-type", document(account(0, account_type="official")), ("accounts[0].account_type", "official"), ()),
    ("unknown-content-form", document(account(0, content_form="audio")), ("accounts[0].content_form", "audio"), ()),
    ("unknown-event-type", document(account(0, events=[{"type": "exploded", "on": "2025-01-01"}])),
     ("accounts[0].events[0].type", "exploded", "account_opened"), ()),
    ("unknown-filing-recipient", document(account(0, filings=[{"event": "account_opened", "recipient": "boss", "filed_on": "2025-01-02"}])),
     ("accounts[0].filings[0].recipient", "boss"), ()),
    # unparsable dates
    ("bad-post-date-deep", document(*DEEP), ("accounts[3].posts[12].published_at", "2025-01-32"), ()),
    ("bad-post-date", document(account(0, posts=[{"published_at": "yesterday"}])), ("accounts[0].posts[0].published_at", "yesterday"), ()),
    ("bad-opened-on", document(account(0, opened_on="2025-02-30")), ("accounts[0].opened_on", "2025-02-30"), ()),
    ("datetime-in-date-field", document(account(0, opened_on="2025-01-02T10:00:00")), ("accounts[0].opened_on",), ()),
    ("bad-event-date", document(account(0, events=[{"type": "account_opened", "on": "soon"}])), ("accounts[0].events[0].on", "soon"), ()),
    ("jsonl-bad-field", json_lines(account(0), account(1), account(2, posts=[{"published_at": "2025-01-24", "original": "no"}])),
     ("line 3: accounts[2].posts[0].original",), ()),
    # duplicate account ids
    ("duplicate-id", document(account(0), account(1), account(2, id="acc-0")), ("accounts[2].id", "duplicate account id 'acc-0'"), ()),
    ("duplicate-id-jsonl", json_lines(account(0), account(1, id="acc-0")), ("accounts[1].id", "duplicate"), ()),
]
BAD_IDS = [case[0] for case in BAD_INPUTS]
# One real process per category of bad input.
PROCESS_CASES = {
    "truncated", "nan", "jsonl-malformed-line", "empty", "not-utf8", "bom", "unknown-top-level-key", "post-not-an-object",
    "key-with-line-break", "bool-as-string", "events-not-a-list", "bad-repost-source", "unknown-platform",
    "unknown-event-type", "bad-post-date-deep", "bad-opened-on", "jsonl-bad-field", "duplicate-id",
}


@pytest.mark.parametrize(("name", "content", "words", "extra"), BAD_INPUTS, ids=BAD_IDS)
def test_bad_input_in_process(capsys, tmp_path: Path, name: str, content: str | bytes, words: tuple[str, ...], extra: tuple[str, ...]) -> None:
    path = write(tmp_path, content)
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(path), "--format", "json", *extra)
    line = assert_one_line_error(code, out, err, *words)
    assert str(path) in line  # the file is named too


@pytest.mark.parametrize(("name", "content", "words", "extra"), [c for c in BAD_INPUTS if c[0] in PROCESS_CASES],
                         ids=[c[0] for c in BAD_INPUTS if c[0] in PROCESS_CASES])
def test_bad_input_in_a_real_process(tmp_path: Path, name: str, content: str | bytes, words: tuple[str, ...], extra: tuple[str, ...]) -> None:
    path = write(tmp_path, content)
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(path), *extra)
    assert_one_line_error(code, out, err, *words)


@pytest.mark.parametrize(("name", "content", "words", "extra"), [c for c in BAD_INPUTS if c[0] in {"unknown-platform", "not-utf8", "jsonl-bad-field", "empty"}],
                         ids=["unknown-platform", "not-utf8", "jsonl-bad-field", "empty"])
def test_bad_input_on_stdin(capsys, monkeypatch, name: str, content: str | bytes, words: tuple[str, ...], extra: tuple[str, ...]) -> None:
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", "-", *extra)
    line = assert_one_line_error(code, out, err, *words)
    assert "<stdin>" in line


def test_bad_input_on_stdin_in_a_real_process() -> None:
    data = document(account(0), account(1, platform="myspace")).encode("utf-8")
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", "-", stdin=data)
    assert_one_line_error(code, out, err, "<stdin>", "accounts[1].platform", "myspace")


def test_a_missing_facts_file(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(tmp_path / "nope.json"))
    assert_one_line_error(code, out, err, "nope.json", "cannot read")
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(tmp_path / "nope.json"))
    assert_one_line_error(code, out, err, "nope.json", "cannot read")


def test_a_bad_line_after_good_ones_prints_no_partial_report(tmp_path: Path) -> None:
    lines = [account(i, posts=daily_posts(dt.date(2025, 1, 1), dt.date(2025, 2, 10))) for i in range(3)]
    path = write(tmp_path, json_lines(*lines, account(3, platform="fax")), "facts.jsonl")
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(path), "--format", "json")
    assert_one_line_error(code, out, err, "line 4: accounts[3].platform", "fax")


# -- usage errors --------------------------------------------------------------------------------


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    return write(tmp_path, document(changchun_account()))


def test_an_unknown_jurisdiction(capsys, facts_file: Path) -> None:
    code, out, err = run(capsys, "check", "-j", "atlantis", "--as-of", "2025-02-10", str(facts_file))
    assert_one_line_error(code, out, err, "atlantis")
    code, out, err = run_process("check", "-j", "atlantis", "--as-of", "2025-02-10", str(facts_file))
    assert_one_line_error(code, out, err, "atlantis")


@pytest.mark.parametrize("as_of", ["2025-02-30", "tomorrow", "2025-02-10T10:00:00", ""])
def test_a_bad_as_of_date(capsys, facts_file: Path, as_of: str) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", as_of, str(facts_file))
    assert_one_line_error(code, out, err, "--as-of")


def test_a_bad_as_of_date_in_a_real_process(facts_file: Path) -> None:
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-13-01", str(facts_file))
    assert_one_line_error(code, out, err, "--as-of", "2025-13-01")


def test_a_bad_since_date(capsys, facts_file: Path) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", "--since", "last year", str(facts_file))
    assert_one_line_error(code, out, err, "--since")


def test_missing_arguments_are_usage_errors(capsys, facts_file: Path) -> None:
    code, out, err = run(capsys, "check", str(facts_file))
    assert_one_line_error(code, out, err, "-j/--jurisdiction")
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu")
    assert_one_line_error(code, out, err, "facts")
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", str(facts_file), "--format", "xml")
    assert_one_line_error(code, out, err, "--format")


# -- the calendar: coverage, provisional mode, registered years ---------------------------------

YEAR_2027 = """\
year = 2027
source = "国务院办公厅关于2027年部分节假日安排的通知（测试用）"
holidays = [2027-01-01, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11, 2027-02-12]
makeup_workdays = [2027-02-13]
"""


def facts_2027(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        document(account(0, opened_on="2026-12-01", posts=daily_posts(dt.date(2026, 12, 1), dt.date(2027, 1, 20)))),
        "facts-2027.json",
    )


def test_an_as_of_date_outside_the_holiday_data_leaves_those_findings_open(capsys, tmp_path: Path) -> None:
    """No batch fails on a missing year: the findings that need it are open and name it, the
    receipt counts them, and the exit code follows the findings."""
    path = facts_2027(tmp_path)
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2027-02-20", str(path), "--format", "json")
    assert code in (0, 1) and "Traceback" not in err, err
    report = report_of(out)
    dormancy = current(report, CHANGCHUN_DORMANCY)
    assert dormancy["status"] == "insufficient_data" and dormancy["calendar_gap"] == {"missing_year": 2027}
    gaps = report["versions"]["calendar_gaps"]
    assert gaps and gaps[0]["missing_year"] == 2027 and gaps[0]["findings"] >= 1
    assert any("2027" in note for note in report["notes"])
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2027-02-20", str(path))
    assert code in (0, 1) and err == "", err
    assert "2027" in out


def test_provisional_mode_runs_outside_the_holiday_data(capsys, tmp_path: Path) -> None:
    path = facts_2027(tmp_path)
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2027-02-20", str(path), "--provisional", "--format", "json")
    assert code in (0, 1), err
    assert "Traceback" not in err
    report = report_of(out)
    assert report["as_of"] == "2027-02-20"
    dormancy = current(report, CHANGCHUN_DORMANCY)
    assert dormancy["status"] == "violation"  # a month without a post, whatever the holidays


def test_provisional_findings_say_so(capsys, tmp_path: Path) -> None:
    path = facts_2027(tmp_path)
    _, out, _ = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2027-02-20", str(path), "--provisional", "--format", "json")
    assert current(report_of(out), CHANGCHUN_DORMANCY).get("provisional") is True


def test_a_registered_year_needs_no_provisional_mode(capsys, tmp_path: Path) -> None:
    path = facts_2027(tmp_path)
    year = write(tmp_path, YEAR_2027, "2027.toml")
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2027-02-20", str(path), "--calendar", str(year), "--format", "json")
    assert code in (0, 1), err
    report = report_of(out)
    dormancy = current(report, CHANGCHUN_DORMANCY)
    assert dormancy["status"] == "violation"
    assert "provisional" not in dormancy


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('year = "2027"\nsource = "x"\nholidays = [2027-01-01]\n', ("year",)),
        ("year = 2027\nholidays = [2027-01-01]\n", ("source",)),
        ('year = 2027\nsource = "x"\nholidays = [2027-13-01]\n', ()),
        ('year = 2027\nsource = "x"\nholidays = [2026-10-01]\n', ("holidays[0]", "2026-10-01")),
        ('year = 2027\nsource = "x"\nholidays = [2027-01-01]\nmakeup_workdays = [2027-02-10]\n', ("makeup_workdays[0]",)),
        ('year = 2030\nsource = "x"\nholidays = [2030-01-01]\n', ("2030",)),
        ("year = [", ("not valid TOML",)),
    ],
)
def test_a_bad_calendar_file(capsys, facts_file: Path, tmp_path: Path, content: str, words: tuple[str, ...]) -> None:
    year = write(tmp_path, content, "year.toml")
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(facts_file), "--calendar", str(year))
    assert_one_line_error(code, out, err, "year.toml", *words)


def test_a_bad_calendar_file_in_a_real_process(facts_file: Path, tmp_path: Path) -> None:
    year = write(tmp_path, 'year = "2027"\nsource = "x"\nholidays = [2027-01-01]\n', "year.toml")
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(facts_file), "--calendar", str(year))
    assert_one_line_error(code, out, err, "year.toml", "year")
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(facts_file), "--calendar", str(tmp_path / "none.toml"))
    assert_one_line_error(code, out, err, "none.toml")


# -- accepted input: the report ------------------------------------------------------------------


def test_the_changchun_dormancy_rule_is_kept_until_2025_02_10(capsys, facts_file: Path) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(facts_file), "--format", "json")
    assert err == ""
    report = report_of(out)
    assert current(report, CHANGCHUN_DORMANCY)["status"] == "compliant"
    assert all(f["status"] != "violation" for f in findings_of(report, CHANGCHUN_DORMANCY))
    # The national "no update for 2 weeks" indicator counts calendar days across the Spring
    # Festival, so the account already fails it: the exit code says violations were found.
    assert code == (1 if any(f["status"] == "violation" for f in report["findings"]) else 0)


def test_the_changchun_dormancy_rule_is_broken_on_2025_02_11(capsys, facts_file: Path) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(facts_file), "--format", "json")
    assert code == 1, err
    report = report_of(out)
    finding = current(report, CHANGCHUN_DORMANCY)
    assert finding["status"] == "violation"
    assert "2025-01-24" in finding["message"]["en"]
    assert finding["source"]["document"] == CHANGCHUN_DOC


def test_the_changchun_example_in_a_real_process(facts_file: Path) -> None:
    for as_of, status in (("2025-02-10", "compliant"), ("2025-02-11", "violation")):
        code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", as_of, str(facts_file), "--format", "json")
        assert "Traceback" not in err and err == ""
        report = report_of(out)
        assert current(report, CHANGCHUN_DORMANCY)["status"] == status
        assert code == (1 if any(f["status"] == "violation" for f in report["findings"]) else 0)


def test_a_compliant_account_exits_0(capsys, tmp_path: Path) -> None:
    first = dt.date(2024, 1, 1)
    good = account(
        0,
        host_unit="长春新区管理委员会",
        host_unit_kind="development_zone",
        verified_host_unit="长春新区管理委员会",
        opened_on="2023-12-01",
        in_national_filing_system=True,
        interaction_enabled=True,
        posts=daily_posts(first, dt.date(2025, 2, 10)),
        events=[{"type": "account_opened", "on": "2023-12-01"}],
        filings=[
            {"event": "account_opened", "recipient": recipient, "filed_on": "2023-12-04"}
            for recipient in ("supervising_unit", "national_filing_system")
        ],
    )
    path = write(tmp_path, document(good))
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(path), "--format", "json")
    report = report_of(out)
    violations = [(f["rule"], f["message"]["en"]) for f in report["findings"] if f["status"] == "violation"]
    assert violations == []
    assert code == 0, err
    assert current(report, CHANGCHUN_DORMANCY)["status"] == "compliant"
    code, _, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(path))
    assert code == 0, err


def test_the_report_records_what_produced_it(capsys, facts_file: Path) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(facts_file), "--format", "json")
    report = report_of(out)
    assert report["jurisdiction"] == CHANGCHUN
    assert report["as_of"] == "2025-02-10"
    assert report["findings"]
    for finding in report["findings"]:
        assert {"rule", "account", "status", "message", "source"} <= finding.keys()
        assert finding["status"] in {"compliant", "violation", "pending", "not_applicable", "insufficient_data"}
        assert finding["message"]["zh"] and finding["message"]["en"]
        assert {"document", "clause", "quote"} <= finding["source"].keys()
    versions = report["versions"]
    assert versions["library"] == __version__
    assert {"cn-gbf-2018-123", CHANGCHUN_DOC} <= versions["documents"].keys()
    assert all(isinstance(v, str) and v for v in versions["documents"].values())
    assert "chinese-calendar" in versions["calendar"]
    assert isinstance(versions["rulebook"], str) and versions["rulebook"]
    assert report["notes"] == []


def test_the_rulebook_hash_is_stable_across_runs_and_dates(capsys, facts_file: Path) -> None:
    hashes = set()
    for as_of in ("2025-02-10", "2025-02-11"):
        _, out, _ = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", as_of, str(facts_file), "--format", "json")
        hashes.add(report_of(out)["versions"]["rulebook"])
    assert len(hashes) == 1


def test_the_table_format(capsys, facts_file: Path) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(facts_file))
    assert code == 1 and err == ""
    assert CHANGCHUN in out and "2025-02-11" in out
    assert CHANGCHUN_DORMANCY in out
    assert "versions: library" in out


def test_facts_from_stdin(capsys, monkeypatch, facts_file: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(facts_file.read_bytes()), encoding="utf-8"))
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", "-", "--format", "json")
    assert code == 1, err
    from_stdin = report_of(out)
    _, out, _ = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(facts_file), "--format", "json")
    assert from_stdin == report_of(out)


def test_facts_from_stdin_in_a_real_process(facts_file: Path) -> None:
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", "-", "--format", "json", stdin=facts_file.read_bytes())
    assert code == 1, err
    assert current(report_of(out), CHANGCHUN_DORMANCY)["status"] == "violation"


@pytest.mark.parametrize("flag", [(), ("--lines",)], ids=["detected", "forced"])
def test_json_lines_give_the_same_report(capsys, tmp_path: Path, facts_file: Path, flag: tuple[str, ...]) -> None:
    other = account(1, opened_on="2025-01-02", posts=daily_posts(dt.date(2025, 1, 2), dt.date(2025, 2, 11)))
    as_json = write(tmp_path, document(changchun_account(), other), "both.json")
    as_lines = write(tmp_path, json_lines(changchun_account(), other), "both.jsonl")
    _, out, _ = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(as_json), "--format", "json")
    expected = report_of(out)
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(as_lines), "--format", "json", *flag)
    assert code == 1, err
    assert report_of(out) == expected
    assert current(expected, CHANGCHUN_DORMANCY, "acc-1")["status"] == "compliant"


def test_json_lines_on_stdin_in_a_real_process() -> None:
    data = json_lines(changchun_account()).encode("utf-8")
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", "-", "--lines", "--format", "json", stdin=data)
    assert code == 1, err
    assert current(report_of(out), CHANGCHUN_DORMANCY)["status"] == "violation"


def test_posts_after_as_of_are_left_out_and_reported(capsys, tmp_path: Path) -> None:
    later = [{"published_at": "2025-02-10T16:30:00Z", "original": True},  # 00:30 on 02-11 in Shanghai
             {"published_at": "2025-03-01", "original": True}]
    path = write(tmp_path, document(changchun_account(posts=daily_posts(dt.date(2025, 1, 2), dt.date(2025, 1, 24)) + later)))
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(path), "--format", "json")
    report = report_of(out)
    # As of 02-11 the post at 2025-02-10T16:30Z (02-11 in Shanghai) counts; the one on 03-01
    # is after as_of. As of 02-10 both are.
    assert any("1 posts" in note and "after as_of 2025-02-11" in note for note in report["notes"]), report["notes"]
    assert current(report, CHANGCHUN_DORMANCY)["status"] == "compliant"
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(path), "--format", "json")
    report = report_of(out)
    assert any("2 posts" in note and "after as_of 2025-02-10" in note for note in report["notes"]), report["notes"]
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(path))
    assert "note: 2 posts dated after as_of 2025-02-10 were left out" in out


def test_posts_after_as_of_in_a_real_process(tmp_path: Path) -> None:
    path = write(tmp_path, document(changchun_account(posts=daily_posts(dt.date(2025, 1, 2), dt.date(2025, 1, 24)) + [{"published_at": "2025-02-12"}])))
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(path), "--format", "json")
    assert code == 1, err
    report = report_of(out)
    assert any("after as_of" in note for note in report["notes"])
    assert current(report, CHANGCHUN_DORMANCY)["status"] == "violation"  # the later post does not count


@pytest.mark.parametrize(
    ("last_post", "status"),
    [
        ("2025-02-11T23:30:00", "compliant"),  # no offset: Shanghai time, still on 02-11
        ("2025-02-11T23:30:00+08:00", "compliant"),
        ("2025-02-11T15:30:00Z", "compliant"),  # 23:30 in Shanghai
        ("2025-02-11T16:30:00Z", "violation"),  # 00:30 on 02-12 in Shanghai: after as_of, left out
        ("2025-02-10T23:30:00-08:00", "compliant"),  # 15:30 on 02-11 in Shanghai
    ],
)
def test_offsets_decide_the_shanghai_day(capsys, tmp_path: Path, last_post: str, status: str) -> None:
    posts = daily_posts(dt.date(2025, 1, 2), dt.date(2025, 1, 24)) + [{"published_at": last_post}]
    path = write(tmp_path, document(changchun_account(posts=posts)))
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(path), "--format", "json")
    report = report_of(out)
    assert current(report, CHANGCHUN_DORMANCY)["status"] == status
    assert bool(report["notes"]) == (status == "violation")  # the post left out is reported


def test_offsets_in_a_real_process(tmp_path: Path) -> None:
    naive = changchun_account(posts=daily_posts(dt.date(2025, 1, 2), dt.date(2025, 1, 24)) + [{"published_at": "2025-02-11T23:30:00"}])
    utc = changchun_account(posts=daily_posts(dt.date(2025, 1, 2), dt.date(2025, 1, 24)) + [{"published_at": "2025-02-11T23:30:00Z"}])
    statuses = []
    for facts in (naive, utc):
        path = write(tmp_path, document(facts))
        _, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(path), "--format", "json")
        statuses.append(current(report_of(out), CHANGCHUN_DORMANCY)["status"])
    assert statuses == ["compliant", "violation"]


def test_unsorted_posts_are_accepted(capsys, tmp_path: Path) -> None:
    posts = daily_posts(dt.date(2025, 1, 2), dt.date(2025, 1, 24))
    shuffled = posts[:]
    random.Random(4).shuffle(shuffled)
    assert shuffled != posts
    reports = []
    for name, order in (("sorted.json", posts), ("shuffled.json", shuffled), ("reversed.json", posts[::-1])):
        path = write(tmp_path, document(changchun_account(posts=order)), name)
        code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(path), "--format", "json")
        assert code == 1, err
        reports.append(report_of(out))
    assert reports[0] == reports[1] == reports[2]
    assert current(reports[1], CHANGCHUN_DORMANCY)["status"] == "violation"


def test_unsorted_posts_in_a_real_process(tmp_path: Path) -> None:
    posts = daily_posts(dt.date(2025, 1, 2), dt.date(2025, 1, 24))[::-1]
    path = write(tmp_path, document(changchun_account(posts=posts)))
    code, out, err = run_process("check", "-j", "changchun-xinqu", "--as-of", "2025-02-10", str(path), "--format", "json")
    assert err == ""
    assert current(report_of(out), CHANGCHUN_DORMANCY)["status"] == "compliant"


def test_the_facts_file_is_not_modified(capsys, facts_file: Path) -> None:
    before = facts_file.read_bytes()
    run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(facts_file), "--format", "json")
    assert facts_file.read_bytes() == before


# -- gnmr schema ---------------------------------------------------------------------------------


def test_schema_prints_the_json_schema_of_the_facts(capsys) -> None:
    code, out, err = run(capsys, "schema")
    assert code == 0 and err == ""
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/draft/2020-12")
    assert schema["required"] == ["accounts"]
    account_schema = schema["$defs"]["Account"]
    assert {"id", "name", "platform", "account_type", "content_form", "main_account", "host_unit", "opened_on", "posts"} <= account_schema["properties"].keys()
    assert set(account_schema["required"]) == {"id", "name", "platform", "host_unit"}
    assert account_schema["properties"]["platform"]["enum"] == ["wechat", "weibo", "douyin", "toutiao", "kuaishou", "baijiahao", "app", "other"]
    assert account_schema["properties"]["posts"] == {"type": "array", "items": {"$ref": "#/$defs/Post"}}
    post_schema = schema["$defs"]["Post"]
    assert post_schema["required"] == ["published_at"]
    assert post_schema["properties"]["original"]["type"] == "boolean"


def test_schema_in_a_real_process() -> None:
    code, out, err = run_process("schema")
    assert code == 0, err
    assert "Account" in json.loads(out)["$defs"]


def test_the_schema_accepts_what_check_accepts_and_refuses_what_it_refuses(capsys, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _, out, _ = run(capsys, "schema")
    validator = jsonschema.Draft202012Validator(json.loads(out))
    validator.check_schema(validator.schema)
    good = {"accounts": [changchun_account(events=[{"type": "account_opened", "on": "2025-01-02"}])]}
    assert list(validator.iter_errors(good)) == []
    for name, content, _, extra in BAD_INPUTS:
        if extra or isinstance(content, bytes):
            continue
        try:
            data = json.loads(content)
        except (ValueError, RecursionError):
            continue
        if name in {"duplicate-id", "bad-post-date-deep", "bad-post-date", "bad-opened-on", "datetime-in-date-field", "bad-event-date"}:
            continue  # uniqueness and date validity are beyond what the schema states
        assert list(validator.iter_errors(data)), name


# -- gnmr deadlines: input errors ----------------------------------------------------------------


@pytest.fixture
def deadlines_module() -> Any:
    return pytest.importorskip("gov_new_media_rules.engine.deadlines")


def test_deadlines_with_an_unknown_event(capsys, deadlines_module: Any) -> None:
    code, out, err = run(capsys, "deadlines", "-j", "changchun-xinqu", "--event", "exploded", "--at", "2025-01-24")
    assert_one_line_error(code, out, err, "--event", "exploded", "account_opened")
    code, out, err = run_process("deadlines", "-j", "changchun-xinqu", "--event", "exploded", "--at", "2025-01-24")
    assert_one_line_error(code, out, err, "--event", "exploded")


def test_deadlines_past_the_holiday_data_are_open_item_by_item(capsys, deadlines_module: Any) -> None:
    """5 working days after a day in 2027 are open (no error); calendar-day limits stay exact."""
    code, out, err = run(capsys, "deadlines", "-j", "huzhou", "--event", "account_opened", "--at", "2027-06-01", "--format", "json")
    assert code == 0 and err == ""
    items = {d["rule"]: d for d in json.loads(out)}
    assert items["huzhou.filing.opening"]["due"] is None
    assert items["huzhou.filing.opening"]["calendar_gap"] == {"missing_year": 2027}
    code, out, err = run(capsys, "deadlines", "-j", "huzhou", "--event", "account_opened", "--at", "2027-06-01")
    assert code == 0 and "?2027" in out and "?YEAR open" in out


def test_deadlines_of_the_year_boundary_issue(capsys, deadlines_module: Any) -> None:
    code, out, _ = run(capsys, "deadlines", "-j", "zezhou", "--event", "account_opened", "--at", "2026-12-31",
                       "--provisional", "--format", "json")
    assert code == 0
    # The national-system item (2 working days after the event) comes first; the county form
    # (due before the event, on its day) is a second item of the same rule.
    item = next(d for d in json.loads(out) if d["rule"] == "zezhou.filing.national-system")
    assert item["due"] == "2027-01-05" and item["provisional"] is True
    code, out, _ = run(capsys, "deadlines", "-j", "huzhou", "--event", "account_opened", "--at", "2027-02-03",
                       "--provisional", "--format", "json")
    item = {d["rule"]: d for d in json.loads(out)}["huzhou.filing.opening"]
    assert item["due"] >= "2027-02-12"
    code, out, _ = run(capsys, "deadlines", "-j", "zezhou", "--event", "account_opened", "--at", "2026-12-31", "--provisional")
    assert "2027-01-05*" in out and "* provisional" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("-j", "atlantis", "--event", "account_opened", "--at", "2025-01-24"), ("atlantis",)),
        (("-j", "changchun-xinqu", "--event", "account_opened", "--at", "2025-01-32"), ("--at",)),
        (("-j", "changchun-xinqu", "--event", "account_opened"), ("--at",)),
    ],
)
def test_deadlines_usage_errors(capsys, deadlines_module: Any, argv: tuple[str, ...], words: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "deadlines", *argv)
    assert_one_line_error(code, out, err, *words)


def test_deadlines_json(capsys, deadlines_module: Any) -> None:
    code, out, err = run(capsys, "deadlines", "-j", "changchun-xinqu", "--event", "account_opened", "--at", "2025-01-24", "--format", "json")
    assert code == 0, err
    items = json.loads(out)
    assert isinstance(items, list)
    for item in items:
        assert {"rule", "due", "source"} <= item.keys()
