"""``gnmr check --jobs N`` and ``engine.parallel``: the same findings, order, stats, errors and
output bytes as the serial run, on a workload of many host units whose accounts straddle shards.

The workload is benchmarks/workload.py's generator (three accounts per host unit, mostly WeChat
and Weibo, posts on most days, some after ``as_of``); small shards make many of them, so that the
rules about several accounts (one account per platform, consistent names) see units merged from
several shards.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from gov_new_media_rules.api import rulebook
from gov_new_media_rules.cli import main
from gov_new_media_rules.engine import RunStats, iter_findings
from gov_new_media_rules.engine import parallel
from gov_new_media_rules.engine.parallel import (
    AccountLines,
    ShardSpec,
    evaluate_partition,
    evaluate_shard,
    iter_findings_parallel,
    merge_shards,
    parse_jobs,
)
from gov_new_media_rules.engine.selection import plan
from gov_new_media_rules.errors import InputError
from gov_new_media_rules.facts.loading import iter_accounts

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import workload  # noqa: E402  (benchmarks/workload.py, as the benchmarks import it)

AS_OF = dt.date(2024, 12, 31)
JURISDICTION = "huzhou"


def lines_of(count: int, days: int = 30, end: dt.date = dt.date(2025, 1, 10)) -> list[str]:
    """``count`` accounts as JSON Lines, posts up to ``end`` (some after AS_OF)."""
    return [json.dumps(a, ensure_ascii=False) + "\n" for a in workload.accounts(count, days, end)]


@pytest.fixture(scope="module")
def book() -> Any:
    return rulebook(JURISDICTION, AS_OF)


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parallel") / "accounts.jsonl"
    path.write_text("".join(lines_of(150)), encoding="utf-8")
    return path


def serial(book: Any, text: str, **options: Any) -> tuple[list[Any], RunStats, list[int]]:
    stats, seen = RunStats(), []
    findings = list(iter_findings(book, iter_accounts(io.StringIO(text), "in.jsonl", lines=True), AS_OF, stats=stats,
                                  progress=seen.append, **options))
    return findings, stats, seen


# -- in process: iter_findings_parallel is iter_findings ------------------------------------------


@pytest.mark.parametrize("as_lines", [False, True], ids=["accounts", "raw-lines"])
def test_the_same_findings_in_the_same_order_and_the_same_stats(book: Any, as_lines: bool) -> None:
    text = "".join(lines_of(40))
    expected, expected_stats, expected_progress = serial(book, text)
    cross = {rule.id for rule in plan(book)[1]}
    assert any(f.rule in cross for f in expected), "the workload exercises the rules about several accounts"
    assert expected_stats.late_posts > 0
    stats, seen = RunStats(), []
    accounts = (AccountLines(io.StringIO(text), "in.jsonl", lines=True) if as_lines
                else iter_accounts(io.StringIO(text), "in.jsonl", lines=True))
    found = list(iter_findings_parallel(book, accounts, AS_OF, jobs=2, shard_size=3, stats=stats, progress=seen.append))
    assert found == expected
    assert [f.account for f in found] == [f.account for f in expected]
    assert stats == expected_stats
    assert list(stats.calendar_gaps.items()) == list(expected_stats.calendar_gaps.items())
    assert seen == expected_progress == list(range(1, 41))


def test_spawned_workers_give_the_same_findings(book: Any) -> None:
    text = "".join(lines_of(12))
    expected, expected_stats, _ = serial(book, text)
    stats = RunStats()
    found = list(iter_findings_parallel(book, AccountLines(io.StringIO(text), "in.jsonl"), AS_OF, jobs=2,
                                        shard_size=4, stats=stats, method="spawn"))
    assert found == expected and stats == expected_stats


@pytest.mark.parametrize("provisional", [False, True], ids=["calendar", "provisional"])
def test_a_later_year_and_a_report_window_are_kept(provisional: bool) -> None:
    """A run into a year past the holiday data (findings left open, or provisional), with ``since``:
    the counts, the open years and the provisional findings are those of the serial run."""
    from gov_new_media_rules.calendar import default_calendar

    as_of = dt.date(2027, 6, 30)
    late = rulebook(JURISDICTION, as_of)
    calendar = default_calendar().provisional() if provisional else default_calendar()
    accounts = list(workload.accounts(20, 200, as_of))
    for account in accounts[::3]:  # changes to file within working days of 2027
        account["events"] = [{"type": "account_info_changed", "on": "2027-06-27"},
                             {"type": "staff_changed", "on": "2027-06-28"}]
    text = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in accounts)
    options = {"since": dt.date(2027, 3, 1), "calendar": calendar}
    stats = RunStats()
    expected = list(iter_findings(late, iter_accounts(io.StringIO(text), lines=True), as_of, stats=stats, **options))
    assert stats.provisional if provisional else stats.calendar_gaps
    got = RunStats()
    found = list(iter_findings_parallel(late, AccountLines(io.StringIO(text)), as_of, jobs=2, shard_size=3,
                                        stats=got, **options))
    assert found == expected and got == stats
    assert list(got.calendar_gaps.items()) == list(stats.calendar_gaps.items())


def test_a_unit_split_across_shards_is_one_unit(book: Any) -> None:
    """Two WeChat accounts of one host unit, each in its own shard: one account per platform is
    judged over both, as in one run."""
    base = {"platform": "wechat", "account_type": "subscription", "content_form": "text", "host_unit": "湖州市某局",
            "host_unit_level": "county", "opened_on": "2024-01-02"}
    text = "".join(json.dumps({**base, "id": f"a{i}", "name": f"湖州某局{i}"}, ensure_ascii=False) + "\n"
                   for i in range(2))
    expected, stats, _ = serial(book, text)
    assert any(f.rule == "cn.account.one-per-platform" and str(f.status) == "violation" for f in expected)
    got = RunStats()
    assert list(iter_findings_parallel(book, AccountLines(io.StringIO(text)), AS_OF, jobs=2, shard_size=1,
                                       stats=got)) == expected
    assert got == stats


def test_jobs_one_is_iter_findings_itself(book: Any) -> None:
    run = iter_findings_parallel(book, [], AS_OF, jobs=1)
    assert run.__qualname__ == iter_findings.__qualname__  # type: ignore[attr-defined]


def test_an_empty_input_and_a_json_document(book: Any) -> None:
    assert list(iter_findings_parallel(book, [], AS_OF, jobs=2)) == list(iter_findings(book, [], AS_OF))
    document = json.dumps({"accounts": [json.loads(line) for line in lines_of(10)]}, ensure_ascii=False)
    expected = list(iter_findings(book, iter_accounts(io.StringIO(document)), AS_OF))
    assert list(iter_findings_parallel(book, AccountLines(io.StringIO(document)), AS_OF, jobs=2, shard_size=3)) == expected


def test_account_lines_hand_on_after_the_first_line(jsonl: Path) -> None:
    """The CLI's input (open_facts): iter_accounts reads the first line only before the first
    account, so that the rest can go to the workers as lines (else, accounts: slower, the same)."""
    from gov_new_media_rules.facts.loading import open_facts

    stream = open_facts(jsonl)
    try:
        accounts = AccountLines(stream, str(jsonl), lines=None)
        first = next(iter(accounts))
        assert first.id == "acct-000000"
        assert accounts.stream.exact and not accounts.stream.whole and accounts.stream.newlines == 1
    finally:
        stream.close()


def test_memory_stays_bounded_the_input_is_read_as_needed(book: Any) -> None:
    """At most 2 × jobs shards are read ahead of what has been yielded."""
    read = []

    def accounts() -> Any:
        for account in iter_accounts(io.StringIO("".join(lines_of(60))), lines=True):
            read.append(account.id)
            yield account

    run = iter_findings_parallel(book, accounts(), AS_OF, jobs=2, shard_size=3)
    next(run)
    assert len(read) <= 2 * 2 * 3 + 3
    run.close()


# -- errors ---------------------------------------------------------------------------------------


def bad_inputs() -> dict[str, str]:
    good = lines_of(30)
    malformed = good[:25] + ["{not json\n"] + good[25:]
    structural = good[:25] + [json.dumps({**json.loads(good[25]), "id": "x", "posts": "none"}) + "\n"] + good[26:]
    duplicate = good[:25] + [good[3]] + good[25:]
    blank_lines = good[:10] + ["\n", "   \n"] + good[10:20] + ["\n", "{\"id\": 1}\n"]
    return {"malformed": "".join(malformed), "structural": "".join(structural), "duplicate": "".join(duplicate),
            "after-blank-lines": "".join(blank_lines)}


@pytest.mark.parametrize("name", sorted(bad_inputs()))
@pytest.mark.parametrize("as_lines", [False, True], ids=["accounts", "raw-lines"])
def test_a_late_bad_line_is_the_same_error_after_the_same_findings(book: Any, name: str, as_lines: bool) -> None:
    text = bad_inputs()[name]
    before: list[Any] = []
    with pytest.raises(InputError) as serial_error:
        for finding in iter_findings(book, iter_accounts(io.StringIO(text), "in.jsonl", lines=True), AS_OF):
            before.append(finding)
    accounts = (AccountLines(io.StringIO(text), "in.jsonl", lines=True) if as_lines
                else iter_accounts(io.StringIO(text), "in.jsonl", lines=True))
    got: list[Any] = []
    with pytest.raises(InputError) as parallel_error:
        for finding in iter_findings_parallel(book, accounts, AS_OF, jobs=2, shard_size=4):
            got.append(finding)
    assert str(parallel_error.value) == str(serial_error.value)
    assert type(parallel_error.value) is type(serial_error.value)
    assert vars(parallel_error.value) == vars(serial_error.value)
    assert got == before


def _crash(*_: Any) -> Any:
    raise ZeroDivisionError("injected")


def test_an_unexpected_error_in_a_worker_propagates(book: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from gov_new_media_rules.engine import registry
    from gov_new_media_rules.model.params import RuleKind

    if threading.active_count() > 1:  # workers see the patch only when forked
        pytest.skip("this process runs threads: the workers would be spawned")
    monkeypatch.setitem(registry.ACCOUNT_EVALUATORS, RuleKind.MAX_INACTIVITY, _crash)
    with pytest.raises(ZeroDivisionError, match="injected") as error:
        list(iter_findings_parallel(book, AccountLines(io.StringIO("".join(lines_of(10)))), AS_OF, jobs=2, shard_size=3))
    assert "ZeroDivisionError" in str(error.value.__cause__)  # the worker's traceback


def test_an_unexpected_error_in_a_worker_is_exit_3_with_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, jsonl: Path
) -> None:
    from gov_new_media_rules.engine import registry
    from gov_new_media_rules.model.params import RuleKind

    monkeypatch.setattr(parallel, "start_method", lambda: "fork")
    monkeypatch.setitem(registry.ACCOUNT_EVALUATORS, RuleKind.MAX_INACTIVITY, _crash)
    for fmt in ("json", "table"):
        code = main(["check", "-j", JURISDICTION, "--as-of", str(AS_OF), str(jsonl), "--lines", "--format", fmt,
                     "--jobs", "2"])
        out, err = capsys.readouterr()
        assert code == 3 and out == ""
        assert err.splitlines()[0].startswith("gnmr: internal error: ZeroDivisionError: injected"), err


# -- --jobs on the command line -------------------------------------------------------------------


def run_process(*argv: str, cwd: Path | None = None) -> tuple[int, bytes, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "SOURCE_DATE_EPOCH": "1735660800"}
    result = subprocess.run([sys.executable, "-m", "gov_new_media_rules", *argv], input=b"", capture_output=True,
                            env=env, cwd=cwd or REPO, timeout=300)
    return result.returncode, result.stdout, result.stderr.decode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_jobs_2_prints_the_bytes_jobs_1_prints(jsonl: Path, fmt: str) -> None:
    argv = ("check", "-j", JURISDICTION, "--as-of", str(AS_OF), str(jsonl), "--lines", "--format", fmt)
    one = run_process(*argv, "--jobs", "1")
    two = run_process(*argv, "--jobs", "2")
    assert one[0] in (0, 1) and one[2] == "", one[2]
    assert two == one
    assert len(one[1]) > 10_000
    if fmt == "json":
        assert len(json.loads(one[1])["findings"]) > 1000


def test_jobs_auto_and_a_json_document(jsonl: Path, tmp_path: Path) -> None:
    document = tmp_path / "accounts.json"
    document.write_text(json.dumps({"accounts": [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]},
                                   ensure_ascii=False), encoding="utf-8")
    argv = ("check", "-j", JURISDICTION, "--as-of", str(AS_OF), str(document), "--format", "json")
    assert run_process(*argv, "--jobs", "auto") == run_process(*argv)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_jobs_2_writes_the_file_jobs_1_writes(jsonl: Path, tmp_path: Path, fmt: str) -> None:
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"out-{jobs}.{fmt}"
        code, out, err = run_process("check", "-j", JURISDICTION, "--as-of", str(AS_OF), str(jsonl), "--format", fmt,
                                     "-o", str(target), "--jobs", jobs)
        assert err == "" and out == b""
        outputs.append((code, target.read_bytes()))
    assert outputs[0] == outputs[1]


def test_report_with_jobs_2_is_the_same_page(jsonl: Path, tmp_path: Path) -> None:
    pages = []
    for jobs in ("1", "2"):
        target = tmp_path / f"report-{jobs}.html"
        code, _, err = run_process("report", "-j", JURISDICTION, "--as-of", str(AS_OF), str(jsonl), "-o", str(target),
                                   "--jobs", jobs)
        assert err == ""
        pages.append((code, target.read_bytes()))
    assert pages[0] == pages[1]


@pytest.mark.parametrize("name", ["malformed", "structural", "duplicate"])
def test_a_late_bad_line_is_the_same_one_line_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(bad_inputs()[name], encoding="utf-8")
    argv = ("check", "-j", JURISDICTION, "--as-of", str(AS_OF), str(path), "--lines", "--format", "json")
    one, two = run_process(*argv), run_process(*argv, "--jobs", "2")
    assert one[0] == 2 and one[1] == b"" and len(one[2].splitlines()) == 1, one
    assert "line 26" in one[2] or "accounts[25]" in one[2], one[2]
    assert two == one


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_jobs_takes_a_positive_number_or_auto(value: str, capsys: pytest.CaptureFixture[str], jsonl: Path) -> None:
    assert main(["check", "-j", JURISDICTION, str(jsonl), "--jobs", value]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--jobs" in err and "auto" in err, err


def test_parse_jobs() -> None:
    assert parse_jobs("3") == 3
    assert parse_jobs("auto") == parse_jobs("AUTO") == len(os.sched_getaffinity(0))
    with pytest.raises(ValueError):
        parse_jobs("٣")  # a digit, not an ASCII one


# -- the per-shard function on a cluster engine (Dask) --------------------------------------------


@pytest.mark.parametrize("scheduler", ["sync", "threads", "processes"])
def test_a_dask_bag_over_json_lines_files_gives_the_same_findings(
    book: Any, tmp_path: Path, scheduler: str
) -> None:
    bag = pytest.importorskip("dask.bag")
    lines = lines_of(36)
    for part in range(4):  # four files of nine accounts: four partitions, units across them
        (tmp_path / f"part-{part}.jsonl").write_text("".join(lines[part * 9 : (part + 1) * 9]), encoding="utf-8")
    spec = ShardSpec(book, AS_OF, source="accounts")
    results = (bag.read_text(str(tmp_path / "part-*.jsonl"), encoding="utf-8")
               .map_partitions(evaluate_partition, spec).compute(scheduler=scheduler))
    assert len(results) == 4
    stats = RunStats()
    expected, expected_stats, _ = serial(book, "".join(lines))
    assert list(merge_shards(results, spec, stats=stats)) == expected
    assert stats == expected_stats


def test_evaluate_shard_numbers_lines_from_where_the_shard_starts(book: Any) -> None:
    spec = ShardSpec(book, AS_OF, source="big.jsonl")
    result = evaluate_shard([*lines_of(2), "[]\n"], spec, first_line=1001, first_index=990)
    assert result.sizes and len(result.ids) == 2
    with pytest.raises(InputError, match=r"^big\.jsonl: line 1003: accounts\[992\]: expected an object"):
        list(merge_shards([result], spec))
