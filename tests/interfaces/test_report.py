"""``gnmr report``: one self-contained Chinese HTML file, charts from the facts and the State Council
calendar, every finding with its quote and a link to its rule; reproducible; written whole."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.cli import main
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.interfaces.report.model import heatmap

AS_OF = "2025-04-13"


def write_facts(tmp_path: Path) -> Path:
    spring = [dt.date(2025, 1, 6) + dt.timedelta(days=n) for n in range(0, 60)]
    quiet = {dt.date(2025, 1, 27) + dt.timedelta(days=n) for n in range(12)}  # 01-27 .. 02-07
    posts = [{"published_at": f"{d.isoformat()}T09:00:00+08:00", "tags": []} for d in spring if d not in quiet]
    posts.append({"id": "ad-1", "published_at": "2025-03-05T10:00:00+08:00", "tags": ["commercial_ad"]})
    accounts = [
        {"id": "a-1", "name": "泽州示例", "platform": "weibo", "host_unit": "泽州县某局", "opened_on": "2025-01-06",
         "in_national_filing_system": True, "posts": posts},
        {"id": "b/2", "name": "泽州另一", "platform": "wechat", "account_type": "service", "host_unit": "泽州县另局",
         "opened_on": "2024-01-02", "posts": [{"published_at": "2025-04-01"}]},
    ]
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"accounts": accounts}, ensure_ascii=False), encoding="utf-8")
    return path


def report(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str, name: str = "report.html") -> str:
    target = tmp_path / name
    code = main(["report", "-j", "zezhou", "--as-of", AS_OF, "-o", str(target), *extra, str(write_facts(tmp_path))])
    capsys.readouterr()
    assert code == 1  # violations found, as for gnmr check
    return target.read_text(encoding="utf-8")


def test_the_report_is_self_contained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = report(tmp_path, capsys)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "<script" not in page and "<link" not in page and "@import" not in page and "<img" not in page
    # the only addresses are the rule links and the SVG namespace, none loaded
    addresses = set(re.findall(r'(?:src|href)="([^"#][^"]*)"', page))
    assert all(a.startswith("https://gov-new-media-rules.example.org/jurisdictions/") for a in addresses), addresses
    assert "政务新媒体检查报告" in page and "严禁刊登商业广告或链接商业广告页面" in page
    assert 'href="https://gov-new-media-rules.example.org/jurisdictions/zezhou/#zezhou.content.prohibited"' in page
    assert "@media print" in page and "size: A4" in page
    for label in ("规则集指纹", "库版本", "编码版本", "节假日数据"):
        assert label in page


def test_site_url_and_selection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = report(tmp_path, capsys, "--site-url", "http://intranet.example/rules/", "--account", "a-1")
    assert 'href="http://intranet.example/rules/jurisdictions/zezhou/#zezhou.content.prohibited"' in page
    assert 'id="account-a-1"' in page and "泽州另一" not in page
    page = report(tmp_path, capsys, "--unit", "泽州县另局", name="unit.html")
    assert "泽州另一" in page and 'id="account-a-1"' not in page and 'id="account-b_2f_2"' in page


def test_the_report_is_the_same_for_the_same_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    first = report(tmp_path, capsys, name="1.html")
    second = report(tmp_path, capsys, name="2.html")
    assert first == second and "生成于 2025-01-01 08:00:00" in first


def test_the_heatmap_marks_the_calendar_and_the_silences() -> None:
    """Spring Festival 2025: 01-28 .. 02-04 off, 01-26 (Sunday) and 02-08 (Saturday) worked."""
    posts = [{"published_at": d.isoformat()} for d in (dt.date(2025, 1, 20), dt.date(2025, 2, 10))]
    account = account_from_json({"id": "x", "name": "x", "platform": "weibo", "host_unit": "x",
                                 "opened_on": "2025-01-13", "posts": posts})
    chart = heatmap(account, [], default_calendar(), dt.date(2025, 1, 13), dt.date(2025, 2, 16))
    cells = {c.day: c for c in chart.cells}
    assert cells["2025-01-29"].rest and not cells["2025-01-29"].makeup  # 春节, a Wednesday
    assert cells["2025-02-08"].makeup and not cells["2025-02-08"].rest  # 调休上班
    assert cells["2025-01-26"].makeup
    assert not cells["2025-01-20"].rest and cells["2025-01-20"].posts == 1
    # 01-21 .. 02-09 without a post: 20 days, of which working days: the calendar's count
    (gap,) = [s for s in chart.silences if s.first == "2025-01-21"]
    assert (gap.last, gap.days) == ("2025-02-09", 20)
    assert gap.working_days == default_calendar().count_working_days(dt.date(2025, 1, 20), dt.date(2025, 2, 9))
    assert cells["2025-01-30"].silent and not cells["2025-01-20"].silent
    # a Monday sits on the top row, a Sunday on the bottom one, one column per week
    assert cells["2025-01-13"].y < cells["2025-01-19"].y and cells["2025-01-13"].x == cells["2025-01-19"].x
    assert cells["2025-01-20"].x > cells["2025-01-19"].x


def test_a_week_short_of_its_minimum_is_outlined(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = report(tmp_path, capsys, "--account", "a-1")
    assert 'class="failed-week"' in page  # the quiet weeks of the Spring Festival fail 每周3次
    assert "无发布：2025-01-27 至 2025-02-07，共12天" in page


def test_a_bad_account_leaves_no_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text(json.dumps({"id": "a", "name": "x", "platform": "weibo", "host_unit": "泽州县某局"}) + "\n"
                    + '{"id": "b", "platform": "nowhere"}\n', encoding="utf-8")
    target = tmp_path / "report.html"
    code = main(["report", "-j", "zezhou", "--as-of", AS_OF, "-o", str(target), "--lines", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and "line 2" in err and len(err.strip().splitlines()) == 1
    assert not target.exists()
