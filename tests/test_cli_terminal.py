"""Terminal output that fits and input a person types (issue 11, parts 1 and 2).

Table output is checked at ``COLUMNS=100``: no line wider than 100 display columns (CJK counts
two), decisive values whole, no Python repr, plain text when the output is not a terminal. Input:
jurisdictions by Chinese name and in any case, topics in Chinese, date and key errors that say
what is wrong. Other people edit the policies while these tests run, so nothing here depends on
how many rules a jurisdiction has.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from gov_new_media_rules.cli import main
from gov_new_media_rules.errors import GnmrError

REPO = Path(__file__).resolve().parents[1]
REPR = re.compile(r"<[A-Za-z_][\w.]*: [^>]*>")
ANSI = re.compile("\x1b\\[")
BOX = re.compile("[\u2500-\u257f]")  # box drawing: plain output has none


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.fixture(scope="module")
def shipped() -> None:
    from gov_new_media_rules.loading import default_library

    try:
        default_library()
    except GnmrError as exc:
        pytest.skip(f"shipped policies do not load: {exc}")


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("COLUMNS", "100")
    return 100


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_fits(out: str, limit: int = 100) -> None:
    too_wide = [line for line in out.splitlines() if width(line) > limit]
    assert not too_wide, too_wide[:3]


def assert_plain(out: str) -> None:
    assert not ANSI.search(out)
    assert not BOX.search(out)
    assert not REPR.search(out), REPR.search(out)
    assert all(line == line.rstrip() for line in out.splitlines())


def assert_usage_error(code: int, out: str, err: str, *words: str) -> None:
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gnmr: error: ") and "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


def facts_file(tmp_path: Path) -> Path:
    import datetime as dt

    first = dt.date(2025, 1, 2)
    posts = [{"published_at": f"{first + dt.timedelta(days=i)}T09:00:00+08:00", "original": True} for i in range(23)]
    accounts = [
        {"id": "acc-0", "name": "长春新区发布", "platform": "wechat", "account_type": "subscription",
         "host_unit": "长春新区某局", "opened_on": "2025-01-02", "posts": posts},
        {"id": "acc-1", "name": "长春新区视频", "platform": "douyin", "content_form": "video",
         "host_unit": "长春新区某局", "opened_on": "2024-03-02", "posts": posts[:3]},
    ]
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"accounts": accounts}, ensure_ascii=False), encoding="utf-8")
    return path


# -- part 1: output that fits ------------------------------------------------------------------


def test_diff_fits_100_columns_and_shows_both_deadlines(capsys, shipped, columns) -> None:
    code, out, err = run(capsys, "diff", "zezhou", "huzhou", "--on", "2024-06-01")
    assert code == 0 and err == ""
    assert_fits(out)
    assert_plain(out)
    assert "2个工作日" in out and "5个工作日" in out
    assert "cn.update.timely" in out


def test_diff_leads_with_what_differs_and_ends_with_what_is_the_same(capsys, shipped, columns) -> None:
    code, out, err = run(capsys, "diff", "zezhou", "huzhou", "--on", "2024-06-01")
    lines = out.splitlines()
    assert "different" in lines[0]
    first_table = next(n for n, line in enumerate(lines) if "in both, different" in line)
    only = next(n for n, line in enumerate(lines) if line.startswith("仅 "))
    same = next(n for n, line in enumerate(lines) if line.startswith("相同 the same:"))
    assert first_table < only < same
    assert same >= len(lines) - 3  # the counts of what is the same come last


def test_diff_with_itself_has_no_table(capsys, shipped, columns) -> None:
    code, out, err = run(capsys, "diff", "national", "全国", "--on", "2024-06-01")
    assert code == 0
    assert "in both, different" not in out and "0 different" in out


def test_rules_fit_100_columns_with_a_legend(capsys, shipped, columns) -> None:
    code, out, err = run(capsys, "rules", "-j", "huzhou", "--on", "2025-06-01")
    assert code == 0 and err == ""
    assert_fits(out)
    assert_plain(out)
    assert "强度 strength:" in out and "可查 ✓" in out
    assert "cn.filing.lifecycle" in out


def test_rules_values_are_in_chinese(capsys, shipped, columns) -> None:
    code, out, err = run(capsys, "rules", "-j", "zezhou", "--on", "2024-06-01", "--topic", "updating")
    assert "每周（自然周，周一至周日）至少更新3次" in out
    assert "minimum=" not in out and "1 weeks" not in out


def test_check_table_fits_and_leads_with_a_summary_per_account(capsys, shipped, columns, tmp_path) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", "2025-02-11", str(facts_file(tmp_path)))
    assert code == 1 and err == ""
    assert_fits(out)
    assert_plain(out)
    summary, details = out.index("summary per account"), out.index("details")
    assert summary < details
    assert "changchun-xinqu.updating.dormancy" in out  # an id stays on one line
    assert "versions: library" in out


def test_deadlines_and_compare_fit(capsys, shipped, columns, tmp_path) -> None:
    code, out, err = run(capsys, "deadlines", "-j", "湖州市", "--event", "account_opened", "--at", "2024-09-30")
    assert code == 0 and err == ""
    assert_fits(out)
    assert_plain(out)
    assert "2024-10-12" in out
    code, out, err = run(capsys, "compare", str(facts_file(tmp_path)), "--as-of", "2025-02-11")
    assert code == 0
    assert_fits(out)
    assert_plain(out)


def test_narrow_terminal_still_loses_nothing(capsys, shipped, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out, err = run(capsys, "diff", "zezhou", "huzhou", "--on", "2024-06-01")
    assert_fits(out, 60)
    assert "…" not in out.replace("……", "")  # nothing replaced by an ellipsis
    joined = out.replace("\n", "").replace(" ", "")
    assert "2个工作日" in joined and "5个工作日" in joined


def test_diff_in_a_real_process_at_100_columns(shipped) -> None:
    env = {**os.environ, "COLUMNS": "100", "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run([sys.executable, "-m", "gov_new_media_rules", "diff", "zezhou", "huzhou", "--on", "2024-06-01"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert_fits(proc.stdout)
    assert_plain(proc.stdout)
    assert "2个工作日" in proc.stdout and "5个工作日" in proc.stdout


def test_json_is_unchanged_by_the_terminal_width(capsys, shipped, monkeypatch) -> None:
    outs = []
    for cols in ("40", "300"):
        monkeypatch.setenv("COLUMNS", cols)
        code, out, err = run(capsys, "diff", "zezhou", "huzhou", "--on", "2024-06-01", "--format", "json")
        outs.append(json.loads(out))
    assert outs[0] == outs[1]
    assert set(outs[0]) == {"left", "right", "summary", "rules"}


def test_progress_is_silent_when_stderr_is_not_a_terminal() -> None:
    from gov_new_media_rules.cli import _Progress

    progress = _Progress()
    assert progress.display is None
    progress(500)
    progress.close()


# -- part 2: input a person types --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("泽州县", "cn.shanxi.jincheng.zezhou"), ("ZEZHOU", "cn.shanxi.jincheng.zezhou"), ("湖州市", "cn.zhejiang.huzhou"),
     ("长春新区", "cn.jilin.changchun.xinqu"), ("高县", "cn.sichuan.yibin.gaoxian"), ("国家", "cn"), ("全国", "cn"),
     ("CN.Zhejiang.Huzhou", "cn.zhejiang.huzhou"), ("Changchun-Xinqu", "cn.jilin.changchun.xinqu")],
)
def test_jurisdictions_by_chinese_name_and_any_case(capsys, shipped, typed: str, expected: str) -> None:
    code, out, err = run(capsys, "rules", "-j", typed, "--on", "2024-06-01", "--format", "json")
    assert code == 0, err
    assert all(item["jurisdiction"] in {expected, "cn"} or expected.startswith(item["jurisdiction"]) for item in json.loads(out))


def test_chinese_name_gives_the_same_json_as_the_alias(capsys, shipped) -> None:
    by_name = run(capsys, "rules", "-j", "泽州县", "--on", "2024-06-01", "--format", "json")[1]
    by_alias = run(capsys, "rules", "-j", "zezhou", "--on", "2024-06-01", "--format", "json")[1]
    assert by_name == by_alias


def test_an_unknown_jurisdiction_lists_the_names(capsys, shipped) -> None:
    code, out, err = run(capsys, "rules", "-j", "泽洲县")
    assert_usage_error(code, out, err, "-j/--jurisdiction", "泽洲县", "泽州县")
    code, out, err = run(capsys, "diff", "zezhou", "atlantis")
    assert_usage_error(code, out, err, "J2", "atlantis")


@pytest.mark.parametrize("topic", ["备案", "filing", "FILING"])
def test_topics_in_chinese_and_english(capsys, shipped, topic: str) -> None:
    code, out, err = run(capsys, "rules", "-j", "zezhou", "--on", "2024-06-01", "--topic", topic, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data and all(item["topic"] == "filing" for item in data)


def test_a_label_start_that_names_one_topic(capsys, shipped) -> None:
    code, out, err = run(capsys, "rules", "-j", "zezhou", "--on", "2024-06-01", "--topic", "更新", "--format", "json")
    assert code == 0 and all(item["topic"] == "updating" for item in json.loads(out))


@pytest.mark.parametrize(("topic", "words"), [("不存在", ("不存在", "filing (备案)", "updating (更新频次)")),
                                              ("filings", ("filings", "did you mean filing"))])
def test_an_unknown_topic_is_exit_2_with_the_topics(capsys, shipped, topic: str, words: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "rules", "-j", "zezhou", "--topic", topic)
    assert_usage_error(code, out, err, "--topic", *words)


def test_help_lists_the_topics(capsys) -> None:
    assert main(["rules", "--help"]) == 0
    out = capsys.readouterr().out
    assert "备案" in out and "filing" in out and "泽州县" in out


def test_an_unknown_event_lists_the_events(capsys, shipped) -> None:
    code, out, err = run(capsys, "deadlines", "-j", "huzhou", "--event", "opened", "--at", "2024-09-30")
    assert_usage_error(code, out, err, "--event", "account_opened")


@pytest.mark.parametrize(
    ("day", "words"),
    [("2025-02-30", ("does not exist", "28 days", "YYYY-MM-DD")), ("2025-13-01", ("no such month", "YYYY-MM-DD")),
     ("tomorrow", ("not a date", "YYYY-MM-DD")), ("2025/02/10", ("not a date", "YYYY-MM-DD")),
     ("2025-02-10T10:00:00", ("date-time", "YYYY-MM-DD"))],
)
def test_date_errors_say_what_is_wrong(capsys, shipped, tmp_path, day: str, words: tuple[str, ...]) -> None:
    code, out, err = run(capsys, "check", "-j", "changchun-xinqu", "--as-of", day, str(facts_file(tmp_path)))
    assert_usage_error(code, out, err, "--as-of", *words)
    assert "ISO 8601" not in err


def test_a_near_miss_key_is_an_unknown_key_with_a_suggestion(capsys, shipped, tmp_path) -> None:
    path = tmp_path / "typo.json"
    account = {"id": "a", "name": "x", "plaform": "wechat", "host_unit": "u", "opened_on": "2024-01-01"}
    path.write_text(json.dumps({"accounts": [account]}), encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run(capsys, "check", "-j", "zezhou", str(path))
    assert_usage_error(code, out, err, "accounts[0].plaform", "unknown key", "did you mean 'platform'")
    assert "required key missing" not in err
    assert path.read_bytes() == before


def test_a_near_miss_key_in_a_listed_object(capsys, tmp_path) -> None:
    from gov_new_media_rules.errors import InputError
    from gov_new_media_rules.facts import account_from_json

    raw: dict[str, Any] = {"id": "a", "name": "x", "platform": "wechat", "host_unit": "u",
                           "events": [{"tpye": "account_opened", "on": "2025-01-01"}]}
    copy = json.loads(json.dumps(raw))
    with pytest.raises(InputError, match=r"events\[0\]\.tpye: unknown key; did you mean 'type'"):
        account_from_json(raw)
    assert raw == copy


def test_every_command_takes_format(capsys) -> None:
    code, out, err = run(capsys, "schema", "--format", "json")
    assert code == 0 and json.loads(out)
    code, out, err = run(capsys, "schema", "--format", "table")
    assert_usage_error(code, out, err, "--format table", "--format json")
    code, out, err = run(capsys, "calendar", "register", "nothing.toml", "--format", "json")
    assert_usage_error(code, out, err, "--format json", "--format table")
    code, out, err = run(capsys, "calendar", "unregister", "2031", "--format", "json")
    assert_usage_error(code, out, err, "--format json")
    code, out, err = run(capsys, "schema", "--format", "yaml")
    assert_usage_error(code, out, err, "--format")


def test_at_a_terminal_tables_are_styled_and_still_fit(monkeypatch) -> None:
    import io

    from gov_new_media_rules.interfaces.terminal import Terminal

    class FakeTty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = FakeTty()
    term = Terminal(stream)
    assert term.rich
    term.print(term.table(["规则 rule", "泽州县", "湖州市"],
                          [["cn.filing.lifecycle 开设、变更、关停、注销应向主管单位备案", "时限：2个工作日", "时限：5个工作日" * 4]],
                          flex=[2, 1, 1]))
    out = re.sub("\x1b\\[[0-9;]*m", "", stream.getvalue())
    assert ANSI.search(stream.getvalue())
    assert_fits(out, 60)
    assert "…" not in out
