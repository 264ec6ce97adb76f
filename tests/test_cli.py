"""The ``gnmr`` command against the shipped policies: output shapes, exit codes, one-line errors.

Other people edit ``policies/*/rules.toml`` while these tests run, so nothing here depends on how
many rules a jurisdiction has; tests that need the shipped policies skip when they do not load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gov_new_media_rules import __version__
from gov_new_media_rules.cli import main
from gov_new_media_rules.errors import GnmrError

REPO = Path(__file__).resolve().parents[1]
ALIASES = {
    "national": "cn",
    "zezhou": "cn.shanxi.jincheng.zezhou",
    "gaoxian": "cn.sichuan.yibin.gaoxian",
    "changchun-xinqu": "cn.jilin.changchun.xinqu",
    "huzhou": "cn.zhejiang.huzhou",
}
ZEZHOU_DOC = "zezhou-zzbh-2022-6"
NATIONAL_DOCS = {"cn-gbf-2018-123", "cn-gbmh-2019-19"}
RULE_KEYS = {"id", "kind", "title", "jurisdiction", "checkable", "params", "source"}


@pytest.fixture(scope="module")
def shipped():
    from gov_new_media_rules.loading import default_library

    try:
        return default_library()
    except GnmrError as exc:  # the policies are being edited by others right now
        pytest.skip(f"shipped policies do not load: {exc}")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    assert err == ""
    return json.loads(out)


def assert_usage_error(code: int, out: str, err: str, *words: str) -> None:
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("gnmr: error: ")
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


def rulebook_or_skip(jurisdiction: str, on: str):
    from gov_new_media_rules.api import rulebook

    try:
        return rulebook(jurisdiction, on)
    except GnmrError as exc:
        pytest.skip(f"{jurisdiction} does not compose on {on} right now: {exc}")


# -- version -------------------------------------------------------------------------------------


def test_version_subprocess():
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "gov_new_media_rules", "--version"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"gnmr {__version__}"
    assert result.stderr == ""


def test_version_in_process(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"gnmr {__version__}"


# -- jurisdictions and documents -----------------------------------------------------------------


def test_jurisdictions_table_lists_every_alias(capsys, shipped):
    code, out, err = run(capsys, "jurisdictions")
    assert code == 0 and err == ""
    for alias, jurisdiction_id in ALIASES.items():
        assert alias in out
        assert jurisdiction_id in out


def test_jurisdictions_json(capsys, shipped):
    data = run_json(capsys, "jurisdictions")
    by_id = {item["id"]: item for item in data}
    for alias, jurisdiction_id in ALIASES.items():
        assert alias in by_id[jurisdiction_id]["aliases"]
    # intermediate levels exist even where no document is held
    for intermediate in ("cn.shanxi", "cn.shanxi.jincheng", "cn.sichuan", "cn.sichuan.yibin", "cn.jilin",
                         "cn.jilin.changchun", "cn.zhejiang"):
        assert intermediate in by_id
        assert by_id[intermediate]["parent"] == intermediate.rpartition(".")[0]
    assert by_id["cn"]["parent"] is None
    assert by_id["cn.jilin.changchun.xinqu"]["level"] == "new_area"
    assert by_id["cn.zhejiang.huzhou"]["level"] == "city"
    assert ZEZHOU_DOC in by_id["cn.shanxi.jincheng.zezhou"]["documents"]
    assert NATIONAL_DOCS <= set(by_id["cn"]["documents"])


def test_documents_json(capsys, shipped):
    data = run_json(capsys, "documents")
    by_id = {item["id"]: item for item in data}
    assert NATIONAL_DOCS | {ZEZHOU_DOC, "gaoxian-2023-notice", "changchun-xinqu-2021-2", "huzhou-basic-level-guide"} <= set(by_id)
    assert by_id["cn-gbf-2018-123"]["number"] == "国办发〔2018〕123号"
    assert by_id["cn-gbmh-2019-19"]["held"] == "secondary"
    for item in data:
        assert {"id", "jurisdiction", "encoding_version", "effective_from", "in_force_from"} <= set(item)


def test_documents_table(capsys, shipped):
    code, out, err = run(capsys, "documents")
    assert code == 0 and err == ""
    assert "国办发〔2018〕123号" in out


# -- rules ---------------------------------------------------------------------------------------


def test_rules_national_json_shape(capsys, shipped):
    data = run_json(capsys, "rules", "-j", "national", "--on", "2024-06-01")
    assert isinstance(data, list) and data
    ids = [item["id"] for item in data]
    assert len(ids) == len(set(ids))
    for item in data:
        assert RULE_KEYS <= set(item), item["id"]
        assert isinstance(item["checkable"], bool)
        assert isinstance(item["params"], dict)
        assert set(item["source"]) >= {"document", "clause", "quote"}
        assert item["source"]["document"] in NATIONAL_DOCS
        assert item["jurisdiction"] == "cn"
        assert item["source"]["quote"]
    assert "cn.update.timely" in ids
    assert "cn.inspection.no-update-2-weeks" in ids


def test_rules_default_date_is_today(capsys, shipped):
    data = run_json(capsys, "rules", "-j", "cn")
    assert {"cn.update.timely", "cn.filing.lifecycle"} <= {item["id"] for item in data} | {
        step["rule"] for item in data for step in item["provenance"]
    }


def test_rules_table(capsys, shipped):
    code, out, err = run(capsys, "rules", "-j", "national", "--on", "2024-06-01")
    assert code == 0 and err == ""
    assert "cn.filing.lifecycle" in out
    assert "中华人民共和国" in out


def test_rules_filters(capsys, shipped):
    updating = run_json(capsys, "rules", "-j", "national", "--on", "2024-06-01", "--topic", "updating")
    assert updating and all(item["topic"] == "updating" for item in updating)
    checkable = run_json(capsys, "rules", "-j", "national", "--on", "2024-06-01", "--checkable")
    assert checkable and all(item["checkable"] for item in checkable)


def test_rules_zezhou_before_its_document(capsys, shipped):
    rulebook_or_skip("zezhou", "2021-06-01")
    data = run_json(capsys, "rules", "-j", "zezhou", "--on", "2021-06-01")
    assert data
    assert all(item["document"] in NATIONAL_DOCS for item in data)
    assert all(item["source"]["document"] != ZEZHOU_DOC for item in data)
    assert all(item["jurisdiction"] == "cn" for item in data)
    assert "cn.update.timely" in {item["id"] for item in data}


def test_rules_zezhou_after_its_document(capsys, shipped):
    rulebook_or_skip("zezhou", "2022-04-01")
    data = run_json(capsys, "rules", "-j", "zezhou", "--on", "2022-04-01")
    documents = {item["document"] for item in data}
    assert ZEZHOU_DOC in documents
    assert documents & NATIONAL_DOCS
    zezhou = [item for item in data if item["document"] == ZEZHOU_DOC]
    assert all(item["jurisdiction"] == ALIASES["zezhou"] for item in zezhou)
    # Zezhou's update minimums refine the national duty and keep their provenance
    timely = [item for item in data if item["lineage"] == "cn.update.timely" and item["document"] == ZEZHOU_DOC]
    assert timely
    for item in timely:
        assert item["provenance"][0]["rule"] == "cn.update.timely"
        assert item["provenance"][-1]["document"] == ZEZHOU_DOC
        assert item["params_set_by"]["minimum"] == ZEZHOU_DOC


@pytest.mark.parametrize("jurisdiction", list(ALIASES))
def test_rules_for_every_alias(capsys, shipped, jurisdiction):
    rulebook_or_skip(jurisdiction, "2024-06-01")
    data = run_json(capsys, "rules", "-j", jurisdiction, "--on", "2024-06-01")
    assert data and all(RULE_KEYS <= set(item) for item in data)


# -- show ----------------------------------------------------------------------------------------


def test_show_rule(capsys, shipped):
    code, out, err = run(capsys, "show", "cn.filing.lifecycle")
    assert code == 0 and err == ""
    assert out.startswith("cn.filing.lifecycle")
    assert "四.(一)" in out
    assert "开设、变更、关停、注销应向主管单位备案" in out
    assert "filing_deadline" in out


def test_show_rule_json(capsys, shipped):
    data = run_json(capsys, "show", "cn.filing.lifecycle")
    assert RULE_KEYS <= set(data)
    assert data["kind"] == "filing_deadline"
    assert data["source"]["clause"] == "四.(一)"
    assert "account_opened" in data["params"]["events"]


def test_show_rule_in_a_jurisdiction(capsys, shipped):
    rulebook_or_skip("zezhou", "2024-06-01")
    data = run_json(capsys, "show", "cn.update.timely", "-j", "zezhou", "--on", "2024-06-01")
    assert data["id"] == "cn.update.timely"
    assert data["lineage"] == "cn.update.timely"
    assert data.get("refined_by")  # Zezhou splits it by account type


def test_show_unknown_rule(capsys, shipped):
    code, out, err = run(capsys, "show", "cn.filing.lifecylce")
    assert_usage_error(code, out, err, "cn.filing.lifecylce", "cn.filing.lifecycle")


def test_show_unknown_rule_in_a_jurisdiction(capsys, shipped):
    code, out, err = run(capsys, "show", "cn.no.such-rule", "-j", "national", "--on", "2024-06-01")
    assert_usage_error(code, out, err, "cn.no.such-rule")


def test_show_rule_not_in_force_there(capsys, shipped):
    rulebook_or_skip("zezhou", "2021-06-01")
    any_zezhou = next(r.id for r in shipped.rules.values() if r.document == ZEZHOU_DOC)
    code, out, err = run(capsys, "show", any_zezhou, "-j", "zezhou", "--on", "2021-06-01")
    assert_usage_error(code, out, err, any_zezhou, "not in force")


# -- diff ----------------------------------------------------------------------------------------


def test_diff_zezhou_huzhou_json(capsys, shipped):
    rulebook_or_skip("zezhou", "2024-06-01")
    rulebook_or_skip("huzhou", "2024-06-01")
    data = run_json(capsys, "diff", "zezhou", "huzhou", "--on", "2024-06-01")
    assert data["left"]["jurisdiction"] == ALIASES["zezhou"]
    assert data["right"]["jurisdiction"] == ALIASES["huzhou"]
    assert set(data["summary"]) == {"same", "different", "only_left", "only_right"}
    by_lineage = {item["lineage"]: item for item in data["rules"]}
    timely = by_lineage["cn.update.timely"]
    assert timely["status"] == "different"
    assert any(v["source"]["document"] == ZEZHOU_DOC for v in timely["left"])
    for side in ("left", "right"):
        for variant in timely[side]:
            assert {"id", "jurisdiction", "params", "applies_to", "source"} <= set(variant)
    assert all(item["status"] != "same" for item in data["rules"])


def test_diff_table(capsys, shipped):
    rulebook_or_skip("zezhou", "2024-06-01")
    rulebook_or_skip("huzhou", "2024-06-01")
    code, out, err = run(capsys, "diff", "zezhou", "huzhou", "--on", "2024-06-01")
    assert code == 0 and err == ""
    assert "cn.update.timely" in out


def test_diff_compares_two_refinements_of_one_rule_over_the_same_scope(capsys, shipped):
    """高县 一 refines cn.operations.outsourcing-allowed twice, over the same scope: the diff
    reports what each of them changes, not only the last one's."""
    data = run_json(capsys, "diff", "national", "gaoxian", "--on", "2024-06-01")
    item = {i["lineage"]: i for i in data["rules"]}["cn.operations.outsourcing-allowed"]
    assert {v["id"] for v in item["right"]} == {"gaoxian.operations.host-unit-operates",
                                                 "gaoxian.operations.third-party-conditions"}
    assert {"allowed_operators", "qualification_required", "written_agreement"} <= set(item["params_differ"])


def test_diff_with_itself_is_all_same(capsys, shipped):
    data = run_json(capsys, "diff", "national", "cn", "--on", "2024-06-01")
    assert data["rules"] == []
    assert data["summary"]["different"] == data["summary"]["only_left"] == data["summary"]["only_right"] == 0
    assert data["summary"]["same"] > 0


# -- overlays ------------------------------------------------------------------------------------

OVERLAY = """\
[overlay]
id = "what-if-zezhou-5-posts"
title = "假设泽州县要求每周更新不少于5次"
on = "zezhou"

[[rules]]
id = "what-if.update.five-a-week"
kind = "posting_frequency"
topic = "updating"
title = "每周更新不少于5次（假设）"
summary = "What if Zezhou required 5 posts a week?"
strength = "mandatory"
checkable = true
refines = "{target}"

[[rules.sources]]
document = "zezhou-zzbh-2022-6"
clause = "四.(二)"
quote = "每周更新不得少于3次"

[rules.params]
minimum = {minimum}
"""


def zezhou_weekly(shipped) -> str:
    rulebook = rulebook_or_skip("zezhou", "2024-06-01")
    for effective in rulebook.lineage("cn.update.timely"):
        params = effective.rule.params
        if effective.rule.document == ZEZHOU_DOC and getattr(params, "minimum", None) == 3:
            return effective.id
    pytest.skip("no Zezhou rule of 3 posts a week right now")


def test_overlay_what_if(capsys, shipped, tmp_path):
    target = zezhou_weekly(shipped)
    path = tmp_path / "what-if.toml"
    path.write_text(OVERLAY.format(target=target, minimum=5), encoding="utf-8")
    data = run_json(capsys, "rules", "-j", "zezhou", "--on", "2024-06-01", "--overlay", str(path))
    by_id = {item["id"]: item for item in data}
    variant = by_id["what-if.update.five-a-week"]
    assert variant["params"]["minimum"] == 5
    assert variant["params"]["per"] == {"amount": 1, "unit": "weeks"}
    assert [step["rule"] for step in variant["provenance"]][-2:] == [target, "what-if.update.five-a-week"]
    assert variant["params_set_by"] == {"minimum": "what-if-zezhou-5-posts", "per": ZEZHOU_DOC}
    diff = run_json(capsys, "diff", "zezhou", "zezhou", "--on", "2024-06-01", "--overlay", str(path))
    assert diff["right"]["overlays"] == ["what-if-zezhou-5-posts"]
    assert "cn.update.timely" in {item["lineage"] for item in diff["rules"]}


def test_overlay_loosening_exits_2(capsys, shipped, tmp_path):
    target = zezhou_weekly(shipped)
    path = tmp_path / "what-if.toml"
    path.write_text(OVERLAY.format(target=target, minimum=2), encoding="utf-8")
    code, out, err = run(capsys, "rules", "-j", "zezhou", "--on", "2024-06-01", "--overlay", str(path))
    assert_usage_error(code, out, err, "what-if.update.five-a-week", "loosen")


def test_overlay_file_missing(capsys, shipped, tmp_path):
    code, out, err = run(capsys, "rules", "-j", "zezhou", "--overlay", str(tmp_path / "nope.toml"))
    assert_usage_error(code, out, err, "nope.toml")


def test_overlay_unknown_jurisdiction(capsys, shipped, tmp_path):
    path = tmp_path / "what-if.toml"
    path.write_text(OVERLAY.format(target="cn.update.timely", minimum=5).replace('on = "zezhou"', 'on = "zezhuo"'), encoding="utf-8")
    code, out, err = run(capsys, "rules", "-j", "zezhou", "--overlay", str(path))
    assert_usage_error(code, out, err, "overlay.on", "zezhuo", "zezhou")


# -- usage errors --------------------------------------------------------------------------------


def test_unknown_jurisdiction(capsys, shipped):
    code, out, err = run(capsys, "rules", "-j", "zezhuo")
    assert_usage_error(code, out, err, "zezhuo", "zezhou")


def test_unknown_jurisdiction_in_diff(capsys, shipped):
    code, out, err = run(capsys, "diff", "zezhou", "atlantis")
    assert_usage_error(code, out, err, "atlantis")


@pytest.mark.parametrize("day", ["2022-02-30", "yesterday", "2022-04-01T10:00:00", "2022/04/01"])
def test_bad_on_date(capsys, shipped, day):
    code, out, err = run(capsys, "rules", "-j", "zezhou", "--on", day)
    assert_usage_error(code, out, err, "--on")


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        [],
        ["rules"],
        ["rules", "--format", "yaml", "-j", "cn"],
        ["rules", "-j"],
        ["show"],
        ["diff", "zezhou"],
        ["jurisdictions", "--on", "2024-01-01"],
        ["--no-such-option"],
    ],
    ids=lambda argv: " ".join(argv) or "no-args",
)
def test_usage_errors(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert_usage_error(code, out, err, "--help")


def test_missing_jurisdiction_names_the_option(capsys):
    code, out, err = run(capsys, "rules")
    assert_usage_error(code, out, err, "-j")


def test_unknown_subcommand_names_it(capsys):
    code, out, err = run(capsys, "frobnicate")
    assert_usage_error(code, out, err, "frobnicate")


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("jurisdictions", "documents", "rules", "show", "diff"):
        assert command in out


def test_policy_load_error_is_one_line(capsys, monkeypatch, tmp_path):
    """A broken policy tree is reported like any other usage error, without a traceback."""
    from gov_new_media_rules import cli
    from gov_new_media_rules.loading import load_library

    broken = tmp_path / "policies" / "cn"
    broken.mkdir(parents=True)
    (broken / "jurisdiction.toml").write_text('name = "中国"\nlevel = "national"\ncolour = "red"\n', encoding="utf-8")
    monkeypatch.setattr(cli, "default_library", lambda: load_library(tmp_path / "policies"))
    code, out, err = run(capsys, "jurisdictions")
    assert_usage_error(code, out, err, "jurisdiction.toml", "colour")
