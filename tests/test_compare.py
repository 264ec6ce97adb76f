"""``gnmr compare``: one facts file under several jurisdictions, as a rule × jurisdiction matrix."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from gov_new_media_rules.cli import main
from gov_new_media_rules.compare import ALL_JURISDICTIONS, compare, worst
from gov_new_media_rules.errors import GnmrError
from gov_new_media_rules.facts import facts_from_json
from gov_new_media_rules.model.vocab import Topic

IDS = {
    "national": "cn",
    "zezhou": "cn.shanxi.jincheng.zezhou",
    "gaoxian": "cn.sichuan.yibin.gaoxian",
    "changchun-xinqu": "cn.jilin.changchun.xinqu",
    "huzhou": "cn.zhejiang.huzhou",
}


@pytest.fixture(scope="module", autouse=True)
def shipped_policies() -> None:
    from gov_new_media_rules.api import rulebook

    try:
        for alias in ALL_JURISDICTIONS:
            rulebook(alias, "2025-04-13")
    except GnmrError as exc:  # the policies are being edited by others right now
        pytest.skip(f"shipped policies do not compose: {exc}")


def posts(*days: str) -> list[dict[str, Any]]:
    return [{"published_at": f"{day}T09:00:00+08:00"} for day in days]


FACTS = {
    "accounts": [
        {
            # Four posts a week: enough for Zezhou (3), not for Huzhou (6).
            "id": "weibo",
            "name": "某县发布",
            "platform": "weibo",
            "host_unit": "某县人民政府办公室",
            "host_unit_level": "county",
            "opened_on": "2025-03-17",
            "posts": posts(
                "2025-03-17", "2025-03-18", "2025-03-19", "2025-03-20",
                "2025-03-24", "2025-03-25", "2025-03-26", "2025-03-27",
                "2025-03-31", "2025-04-01", "2025-04-02", "2025-04-03",
                "2025-04-07", "2025-04-08", "2025-04-09", "2025-04-10",
            ),
        },
        {
            # Silent since 27 March: dormant under every jurisdiction's rules.
            "id": "douyin",
            "name": "某县文旅",
            "platform": "douyin",
            "content_form": "video",
            "host_unit": "某县文化和旅游局",
            "host_unit_level": "county",
            "opened_on": "2025-03-17",
            "posts": posts("2025-03-17", "2025-03-20", "2025-03-27"),
        },
    ]
}


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(FACTS, ensure_ascii=False), encoding="utf-8")
    return path


def test_worst_status_order() -> None:
    assert worst(["compliant", "violation", "pending"]) == "violation"
    assert worst(["compliant", "insufficient_data", "pending"]) == "pending"
    assert worst(["not_applicable", "compliant", "insufficient_data"]) == "insufficient_data"
    assert worst(["not_applicable", "compliant"]) == "compliant"
    assert worst([]) is None


def test_compare_lines_up_variants_by_lineage() -> None:
    accounts = facts_from_json(FACTS).accounts
    result = compare(accounts, ALL_JURISDICTIONS, as_of=dt.date(2025, 4, 13))
    assert result.jurisdictions == tuple(IDS.values())
    rows = {row.lineage: row for row in result.rows}
    timely = rows["cn.update.timely"]
    assert timely.topic == "updating" and timely.topic_zh == "更新频次"
    assert timely.cells["cn"] is None  # the national "确保信息更新及时" has no number to check
    zezhou, huzhou = timely.cells[IDS["zezhou"]], timely.cells[IDS["huzhou"]]
    assert zezhou is not None and huzhou is not None
    assert zezhou.rules == ("zezhou.update.weekly-minimum", "zezhou.update.service-account-weekly")
    assert zezhou.accounts == {"weibo": "compliant", "douyin": "violation"}
    assert huzhou.accounts["weibo"] == "violation"  # 4 a week, 6 required
    assert zezhou.status == huzhou.status == "violation"
    dormancy = rows["cn.inspection.no-update-2-weeks"]
    changchun = dormancy.cells[IDS["changchun-xinqu"]]
    assert changchun is not None and "changchun-xinqu.updating.dormancy" in changchun.rules
    assert all(cell is not None and cell.accounts["douyin"] == "violation" for cell in dormancy.cells.values())
    # Rows run in topic order.
    order = [row.topic for row in result.rows]
    assert order == sorted(order, key=list(Topic).index)


def test_gnmr_compare_json_over_all_five_jurisdictions(facts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(facts_file), "--as-of", "2025-04-13", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2025-04-13"
    assert [j["alias"] for j in data["jurisdictions"]] == list(ALL_JURISDICTIONS)
    assert [j["id"] for j in data["jurisdictions"]] == list(IDS.values())
    assert data["accounts"] == ["weibo", "douyin"]
    assert data["status_order"] == ["violation", "pending", "insufficient_data", "compliant", "not_applicable"]
    assert data["rows"]
    for row in data["rows"]:
        assert set(row) >= {"topic", "topic_zh", "lineage", "title", "cells"}
        assert list(row["cells"]) == list(IDS.values())
    timely = next(r for r in data["rows"] if r["lineage"] == "cn.update.timely")
    assert timely["cells"]["cn"] is None
    assert timely["cells"][IDS["zezhou"]]["accounts"] == {"weibo": "compliant", "douyin": "violation"}
    assert timely["cells"][IDS["huzhou"]]["status"] == "violation"
    assert timely["cells"][IDS["gaoxian"]]["counts"]["violation"] >= 1
    assert set(data["versions"]) == set(IDS.values())


def test_gnmr_compare_table_over_all_five_jurisdictions(facts_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for one line per row: the layout is what is tested
    assert main(["compare", str(facts_file), "--as-of", "2025-04-13"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "2 account(s) as of 2025-04-13" in lines[0]
    header = lines[1]
    for alias in ALL_JURISDICTIONS:
        assert alias in header
    timely = next(line for line in lines if "cn.update.timely" in line)
    assert timely.split()[0] == "更新频次"
    assert timely.split()[-5:] == ["—", "违规", "违规", "—", "违规"]
    assert any(line.startswith("legend: 违规 = violation") for line in lines)


def test_gnmr_compare_some_jurisdictions_and_exit_0_despite_violations(facts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(facts_file), "-j", "zezhou", "-j", "cn.zhejiang.huzhou", "--as-of", "2025-04-13",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [j["id"] for j in data["jurisdictions"]] == [IDS["zezhou"], IDS["huzhou"]]
    # Rows only the Gao County or Changchun rulebooks have are left out.
    assert not any(r["lineage"].startswith(("gaoxian.", "changchun-xinqu.")) for r in data["rows"])


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["-j", "zezou"], "unknown jurisdiction 'zezou'"),
        (["--as-of", "2025-02-30"], "--as-of"),
    ],
)
def test_gnmr_compare_usage_errors(facts_file: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str) -> None:
    assert main(["compare", str(facts_file), *argv]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_gnmr_compare_bad_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"accounts": [{**FACTS["accounts"][0], "platform": "weixin"}]}), encoding="utf-8")
    assert main(["compare", str(path), "--as-of", "2025-04-13"]) == 2
    err = capsys.readouterr().err
    assert "accounts[0].platform" in err and err.count("\n") == 1
