"""``gnmr check --format xlsx`` and ``--format csv``: the same findings as ``--format json``, row by
row, read back with openpyxl (not the writer's own library); reproducible bytes; a report that is
written whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gov_new_media_rules.cli import main
from gov_new_media_rules.interfaces.spreadsheet import FINDING_COLUMNS

AS_OF = "2025-04-13"


def facts(tmp_path: Path) -> Path:
    """Two Zezhou accounts: one short of its weekly posts and unfiled, one with a banned post."""
    days = [dt.date(2025, 3, 3) + dt.timedelta(days=n) for n in range(0, 40, 3)]
    data = {"accounts": [
        {"id": "a-short", "name": "泽州某局", "platform": "weibo", "host_unit": "泽州县某局",
         "opened_on": "2025-03-03", "posts": [{"published_at": d.isoformat()} for d in days]},
        {"id": "b-ad", "name": "泽州另局", "platform": "wechat", "account_type": "service",
         "host_unit": "泽州县另局", "opened_on": "2024-01-02", "in_national_filing_system": True,
         "posts": [{"published_at": "2025-04-01T10:00:00+08:00", "tags": ["commercial_ad"]}]},
    ]}
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def json_findings(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, "check", "-j", "zezhou", "--as-of", AS_OF, "--format", "json", str(path))
    assert code == 1
    return json.loads(out)["findings"]


def test_the_workbook_holds_the_json_findings_row_by_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = facts(tmp_path)
    expected = json_findings(capsys, path)
    target = tmp_path / "findings.xlsx"
    code, out, err = run(capsys, "check", "-j", "zezhou", "--as-of", AS_OF, "--format", "xlsx", "-o", str(target), str(path))
    assert (code, out, err) == (1, "", "")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["汇总", "问题清单", "账号"]
    sheet = book["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    headers = [c.header for c in FINDING_COLUMNS]
    assert list(rows[0]) == headers
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:N{len(rows)}"
    assert len(rows) - 1 == len(expected)
    col = {h: i for i, h in enumerate(headers)}
    for row, finding in zip(rows[1:], expected):
        assert row[col["账号ID"]] == finding["account"]
        assert row[col["规则ID"]] == finding["rule"]
        assert (row[col["期间"]] or None) == finding["period"]
        due = row[col["到期日"]]
        assert (due.date().isoformat() if due is not None else None) == finding["due"]  # a real Excel date
        assert row[col["说明"]] == finding["message"]["zh"]
        assert row[col["条款"]] == finding["source"]["clause"]
        assert row[col["原文"]] == finding["source"]["quote"]
    statuses = {f["status"] for f in expected}
    assert {row[col["结论"]] for row in rows[1:]} == {
        {"violation": "违规", "pending": "未到期", "insufficient_data": "数据不足", "compliant": "合规",
         "not_applicable": "不适用"}[s] for s in statuses}
    accounts = list(book["账号"].iter_rows(values_only=True))
    assert [r[0] for r in accounts[1:]] == ["a-short", "b-ad"]
    assert accounts[1][4] == sum(1 for f in expected if f["account"] == "a-short" and f["status"] == "violation")
    summary = dict(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert summary["结论：违规"] == sum(1 for f in expected if f["status"] == "violation")
    assert summary["规则集指纹"] and summary["库版本"] and "zezhou-zzbh-2022-6" in summary["编码版本"]


def test_the_csv_is_the_same_rows_with_a_byte_order_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = facts(tmp_path)
    expected = json_findings(capsys, path)
    target = tmp_path / "findings.csv"
    code, _, _ = run(capsys, "check", "-j", "zezhou", "--as-of", AS_OF, "--format", "csv", "-o", str(target), str(path))
    assert code == 1
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 Chinese only with the mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [c.header for c in FINDING_COLUMNS]
    assert [(r[0], r[3], r[7] or None) for r in rows[1:]] == [(f["account"], f["rule"], f["due"]) for f in expected]
    # to stdout when no file is named
    code, out, _ = run(capsys, "check", "-j", "zezhou", "--as-of", AS_OF, "--format", "csv", str(path))
    assert out.encode("utf-8") == raw


def test_the_workbook_is_the_same_bytes_for_the_same_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01T00:00:00Z
    path = facts(tmp_path)
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    for target in (first, second):
        run(capsys, "check", "-j", "zezhou", "--as-of", AS_OF, "--format", "xlsx", "-o", str(target), str(path))
    assert first.read_bytes() == second.read_bytes()
    summary = dict(openpyxl.load_workbook(first)["汇总"].iter_rows(min_row=2, values_only=True))
    assert summary["生成时间"] == dt.datetime(2025, 1, 1, 8, 0)  # Asia/Shanghai


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--format", "xlsx"], "-o FILE"),
        (["--format", "xlsx", "-o", "/no/such/folder/x.xlsx"], "no such folder"),
        (["-o", "x.txt"], "-o FILE is for"),
    ],
)
def test_usage_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str) -> None:
    code, out, err = run(capsys, "check", "-j", "zezhou", "--as-of", AS_OF, *args, str(facts(tmp_path)))
    assert code == 2 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_a_bad_account_at_the_end_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    good = json.dumps({"id": "a", "name": "x", "platform": "weibo", "host_unit": "泽州县某局", "opened_on": "2025-01-02"})
    path = tmp_path / "facts.jsonl"
    path.write_text(good + "\n" + '{"id": "b", "platform": "nowhere"}\n', encoding="utf-8")
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "check", "-j", "zezhou", "--as-of", AS_OF, "--format", fmt, "-o", str(target),
                         "--lines", str(path))
    assert code == 2 and "line 2" in err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gnmr-")] == []
