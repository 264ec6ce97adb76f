"""Declarative scenarios (``gov_new_media_rules.scenarios``, ``gnmr test``).

Every scenario shipped under ``scenarios/`` runs as its own test; a failing one shows the
scenario's own failure lines. The rest checks the format's promises: a wrong expectation fails
with a line naming the rule, the expected and the actual status; a malformed file is a
``ScenarioError`` naming the file and the key; ``gnmr test`` exits 0, 1 or 2.
"""

from __future__ import annotations

import json
import textwrap
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from gov_new_media_rules.cli import main
from gov_new_media_rules.errors import GnmrError, ScenarioError
from gov_new_media_rules.scenarios import discover, load_scenario, run_scenario, run_scenarios

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"
SHIPPED = sorted(SCENARIOS.rglob("*.toml"))
JURISDICTIONS = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")


@pytest.fixture(scope="module", autouse=True)
def shipped_policies() -> None:
    from gov_new_media_rules.api import rulebook

    try:
        rulebook("huzhou", "2025-04-13")
    except GnmrError as exc:  # the policies are being edited by others right now
        pytest.skip(f"shipped policies do not compose: {exc}")


# -- the shipped scenarios ------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(SCENARIOS)) for p in SHIPPED])
def test_shipped_scenario(path: Path) -> None:
    result = run_scenario(path)
    if not result.passed:
        pytest.fail("\n".join(result.failures), pytrace=False)


def test_every_jurisdiction_has_scenarios() -> None:
    folders = {p.parent.name for p in SHIPPED}
    assert set(JURISDICTIONS) <= folders
    for path in SHIPPED:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        assert raw["jurisdiction"] == path.parent.name, f"{path}: a scenario lives in its jurisdiction's folder"


# Checkable rules whose compliant or violating case no facts can produce, by the rule's own
# interpretation (each is a documented reading, see the rule's notes and docs/developer/scenarios.md).
UNREACHABLE: dict[tuple[str, str], str] = {
    # No time limit in the text: filed is compliant, not filed is pending, never a violation.
    # (Under changchun-xinqu the national rule judges events before 2021-07-16, issue 9 class 8.)
    **{(j, "cn.filing.lifecycle"): "violation" for j in JURISDICTIONS},
    **{(j, "cn.filing.host-unit-change"): "violation" for j in JURISDICTIONS},
    ("changchun-xinqu", "changchun-xinqu.filing.lifecycle"): "violation",
    # "及时": no number of days (timing = promptly).
    ("changchun-xinqu", "changchun-xinqu.filing.staff-change"): "violation",
    ("huzhou", "huzhou.cleanup.cancel-4-national-shutdown"): "violation",
    # "原则上" with a "确需" exception facts cannot establish: a third-party operator is insufficient_data.
    ("gaoxian", "gaoxian.operations.host-unit-operates"): "violation",
    # "功能相近、用户关注度和利用率低" has no measure: always insufficient_data.
    ("zezhou", "zezhou.cleanup.low-usage"): "compliant violation",
    # A rolling "every 2 weeks" rule reports a met requirement as pending (next post due), never compliant.
    ("gaoxian", "gaoxian.content.original-every-2-weeks"): "compliant",
    # Huzhou's variants (scoped to 基层 accounts by free text) are applied to every account, so the
    # national variants they refine are never evaluated in Huzhou.
    **{("huzhou", r): "compliant violation" for r in (
        "cn.opening.app-ipv6", "cn.review.before-publish", "cn.content.repost-sources", "cn.content.prohibited")},
}


def test_every_checkable_rule_has_a_compliant_and_a_violating_case() -> None:
    from gov_new_media_rules.api import rulebook

    covered: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in SHIPPED:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        for expect in raw["expect"]:
            if expect.get("count") != 0:
                covered[(raw["jurisdiction"], expect["rule"])].add(expect["status"])
    missing = []
    for alias in JURISDICTIONS:
        for effective in rulebook(alias, "2025-04-13"):
            if not effective.rule.checkable:
                continue
            key = (alias, effective.id)
            wanted = {"compliant", "violation"} - set(UNREACHABLE.get(key, "").split())
            lacking = wanted - covered[key]
            if lacking:
                missing.append(f"{alias} {effective.id}: no {' or '.join(sorted(lacking))} case")
    assert not missing, "scenarios/ lacks cases:\n" + "\n".join(missing)


# -- helpers -------------------------------------------------------------------------------------


ACCOUNT = """
[[facts.accounts]]
id = "a1"
name = "泽州发布"
platform = "weibo"
host_unit = "泽州县人民政府办公室"
opened_on = 2025-03-17
posts = [
  { published_at = 2025-03-17T09:00:00+08:00 }, { published_at = 2025-03-18T09:00:00+08:00 },
  { published_at = 2025-03-19T09:00:00+08:00 }, { published_at = 2025-03-24T09:00:00+08:00 },
]
"""

HEAD = """
title = "泽州县：第二周只更新1次"
jurisdiction = "zezhou"
as_of = 2025-03-30
"""


PASSING = '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nperiod = "2025-W13"\nstatus = "violation"\n'
FAILING = '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nperiod = "2025-W13"\nstatus = "compliant"\n'


def write(tmp_path: Path, text: str, name: str = "case.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def scenario(tmp_path: Path, expect: str, head: str = HEAD, facts: str = ACCOUNT, name: str = "case.toml") -> Path:
    return write(tmp_path, head + facts + textwrap.dedent(expect), name)


# -- failing scenarios ---------------------------------------------------------------------------


def test_a_deliberately_wrong_scenario_fails_naming_rule_expected_and_actual(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        [[expect]]
        rule = "zezhou.update.weekly-minimum"
        period = "2025-W13"
        status = "compliant"
    """)
    result = run_scenario(path)
    assert not result.passed
    assert result.failures == (
        f"{path}: expect[0] zezhou.update.weekly-minimum a1 2025-W13: expected compliant, got violation",
    )
    assert result.title == "泽州县：第二周只更新1次"


def test_the_right_expectations_pass(tmp_path: Path) -> None:
    path = scenario(tmp_path, """
        [[expect]]
        rule = "zezhou.update.weekly-minimum"
        period = "2025-W13"
        status = "violation"
        due = 2025-03-30
        figures = { count = 1 }
        cites = "四.(二)"

        [[expect]]
        rule = "zezhou.update.weekly-minimum"
        period = "2025-W13"
        status = "violation"
        cites = "zezhou-zzbh-2022-6 四.(二)"

        [[expect]]
        rule = "zezhou.update.weekly-minimum"
        period = "2025-W12"
        status = "compliant"
        note = "a compliant week is named inside the summary finding's range"

        [[expect]]
        rule = "zezhou.update.weekly-minimum"
        status = "violation"
        count = 1

        [[expect]]
        rule = "zezhou.update.weekly-minimum"
        status = "pending"
        count = 0

        [[expect]]
        rule = "zezhou.update.weekly-minimum"
        period = "2025-W13"
        as_of = 2025-03-25
        status = "pending"
        due = 2025-03-30
    """)
    result = run_scenario(path)
    assert result.passed, result.failures
    assert result.expectations == 6


@pytest.mark.parametrize(
    ("expect", "message"),
    [
        ('rule = "zezhou.update.weekly-minimum"\nstatus = "violation"\nonly = true',
         "zezhou.update.weekly-minimum a1: expected only violation, got violation ×1, compliant ×1"),
        ('rule = "zezhou.update.weekly-minimum"\nstatus = "violation"\ncount = 2',
         "expected 2 finding(s) violation, got 1 (statuses: violation ×1, compliant ×1)"),
        ('rule = "zezhou.update.weekly-minimum"\nperiod = "2025-W13"\nstatus = "violation"\ndue = 2025-03-31',
         "expected violation due 2025-03-31, got violation due 2025-03-30"),
        ('rule = "zezhou.update.weekly-minimum"\nperiod = "2025-W13"\nstatus = "violation"\nfigures = { count = 2 }',
         "expected violation with count=2, got violation count=1"),
        ('rule = "zezhou.update.weekly-minimum"\nperiod = "2025-W13"\nstatus = "violation"\ncites = "二.(一)"',
         "expected violation citing 二.(一), got violation cites zezhou-zzbh-2022-6 四.(二)"),
        ('rule = "zezhou.update.weekly-minimum"\nperiod = "2025-W20"\nstatus = "violation"',
         "2025-W20: expected violation, got no finding for this period (periods: 2025-W12/2025-W12, 2025-W13)"),
        ('rule = "zezhou.update.service-account-weekly"\nstatus = "violation"',
         "zezhou.update.service-account-weekly a1: expected violation, got no finding of this rule for a1 "
         "(rules with findings: "),
        ('rule = "huzhou.updating.weekly-text"\nstatus = "violation"',
         "expected violation, but the rule is not in force in cn.shanxi.jincheng.zezhou on 2025-03-30"),
    ],
)
def test_failure_lines(tmp_path: Path, expect: str, message: str) -> None:
    result = run_scenario(scenario(tmp_path, "[[expect]]\n" + expect + "\n"))
    assert not result.passed
    assert len(result.failures) == 1
    assert message in result.failures[0]
    assert "\n" not in result.failures[0]


def test_facts_file_and_overlay_are_read_relative_to_the_scenario(tmp_path: Path) -> None:
    facts = tomllib.loads(ACCOUNT)
    for post in facts["facts"]["accounts"][0]["posts"]:
        post["published_at"] = post["published_at"].isoformat()
    facts["facts"]["accounts"][0]["opened_on"] = "2025-03-17"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "facts.json").write_text(json.dumps(facts["facts"], ensure_ascii=False), encoding="utf-8")
    write(tmp_path, """
        [overlay]
        id = "what-if-zezhou-5-posts"
        title = "假设泽州县要求每周更新不少于5次"
        on = "zezhou"

        [[rules]]
        id = "what-if.update.five-a-week"
        kind = "posting_frequency"
        topic = "updating"
        title = "每周更新不少于5次（假设）"
        summary = "Hypothetical: at least five posts a week."
        strength = "mandatory"
        checkable = true
        refines = "zezhou.update.weekly-minimum"
        params = { minimum = 5 }
        sources = [{ document = "zezhou-zzbh-2022-6", clause = "四.(二)", quote = "每周更新不得少于3次" }]
    """, "what-if.toml")
    path = write(tmp_path / "data", """
        title = "假设泽州县每周5次：3次的一周也不够"
        jurisdiction = "zezhou"
        as_of = 2025-03-30
        on = 2025-03-17
        facts_file = "facts.json"
        overlays = ["../what-if.toml"]

        [[expect]]
        rule = "what-if.update.five-a-week"
        period = "2025-W12"
        status = "violation"
        figures = { count = 3, minimum = 5 }
    """)
    # An overlay has no date of its own: its rules are in force from the rulebook's day, hence ``on``.
    result = run_scenario(path)
    assert result.passed, result.failures


# -- malformed scenarios -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        (HEAD + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\nstauts = "x"\n',
         "expect[0].stauts", "unknown key"),
        (HEAD + 'colour = "red"\n' + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n',
         "colour", "unknown key"),
        (HEAD + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violated"\n',
         "expect[0].status", "unknown status 'violated'"),
        ('title = "t"\nas_of = 2025-03-30\n' + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n',
         "jurisdiction", "required"),
        (HEAD.replace("zezhou", "zezou") + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n',
         "jurisdiction", "unknown jurisdiction 'zezou'"),
        (HEAD.replace("2025-03-30", '"2025-02-30"') + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n',
         "as_of", ""),
        (HEAD + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimun"\nstatus = "violation"\n',
         "expect[0].rule", "did you mean zezhou.update.weekly-minimum"),
        (HEAD + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\naccount = "a2"\nstatus = "violation"\n',
         "expect[0].account", "no account 'a2' in the facts"),
        (HEAD + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\ncount = -1\n',
         "expect[0].count", "expected a whole number"),
        (HEAD + ACCOUNT.replace('platform = "weibo"', 'platform = "weixin"')
         + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n',
         "facts.accounts[0].platform", "weixin"),
        (HEAD + ACCOUNT, "expect", "at least one [[expect]]"),
        (HEAD + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n', "facts", "required"),
        (HEAD + 'facts_file = "missing.json"\n' + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n',
         "facts_file", "cannot read facts file"),
        (HEAD + 'overlays = ["nowhere.toml"]\n' + ACCOUNT + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n',
         "overlays[0]", "nowhere.toml"),
        (HEAD + 'as_of = 2025-03-31\n', None, "invalid TOML"),
    ],
)
def test_malformed_scenario_names_file_and_key(tmp_path: Path, text: str, key: str | None, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    error = caught.value
    assert error.path == str(path)
    assert error.key == key
    assert problem in error.problem
    assert str(error).startswith(f"{path}: {key}: " if key else f"{path}: ")
    assert "\n" not in str(error)


def test_account_may_be_left_out_only_with_one_account(tmp_path: Path) -> None:
    second = ACCOUNT.replace('id = "a1"', 'id = "a2"')
    path = write(tmp_path, HEAD + ACCOUNT + second + '[[expect]]\nrule = "zezhou.update.weekly-minimum"\nstatus = "violation"\n')
    with pytest.raises(ScenarioError, match=r"expect\[0\]\.account: required: the facts hold 2 accounts"):
        load_scenario(path)


def test_discover_finds_toml_files_recursively_and_refuses_empty_or_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    scenario(tmp_path / "a", PASSING, name="x.toml")
    scenario(tmp_path / "a" / "b", PASSING, name="y.toml")
    (tmp_path / "a" / "notes.md").write_text("not a scenario", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path / "a"])] == ["a/b/y.toml", "a/x.toml"]
    assert [r.passed for r in run_scenarios([tmp_path / "a"])] == [True, True]
    (tmp_path / "empty").mkdir()
    with pytest.raises(ScenarioError, match="no scenario files"):
        discover([tmp_path / "empty"])
    with pytest.raises(ScenarioError, match="no such file or directory"):
        discover([tmp_path / "nowhere"])


# -- gnmr test -----------------------------------------------------------------------------------



def test_gnmr_test_exit_0_when_all_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = scenario(tmp_path, PASSING)
    assert main(["test", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"PASS  {path}  泽州县：第二周只更新1次" in out
    assert "1 scenarios: 1 passed, 0 failed" in out


def test_gnmr_test_exit_1_and_failure_lines_when_one_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario(tmp_path, PASSING, name="a.toml")
    bad = scenario(tmp_path, FAILING, name="b.toml")
    assert main(["test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL  {bad}" in out
    assert f"{bad}: expect[0] zezhou.update.weekly-minimum a1 2025-W13: expected compliant, got violation" in out
    assert "2 scenarios: 1 passed, 1 failed" in out
    assert main(["test", str(tmp_path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"scenarios": 2, "passed": 1, "failed": 1}
    failed = [s for s in data["scenarios"] if not s["passed"]]
    assert failed[0]["path"] == str(bad)
    assert failed[0]["jurisdiction"] == "cn.shanxi.jincheng.zezhou"
    assert "expected compliant, got violation" in failed[0]["failures"][0]


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp: [str(scenario(tmp, PASSING.replace('"violation"', '"violated"')))],
        lambda tmp: [str(tmp / "missing.toml")],
        lambda tmp: [],
        lambda tmp: [str(scenario(tmp, PASSING, name="ok.toml")), str(write(tmp, "title = ", "broken.toml"))],
    ],
    ids=["bad-status", "missing-file", "no-path", "one-malformed-among-good"],
)
def test_gnmr_test_exit_2_for_malformed_files_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str], make) -> None:  # type: ignore[no-untyped-def]
    assert main(["test", *make(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("gnmr: error: ")
    assert captured.err.count("\n") == 1


def test_gnmr_test_runs_the_shipped_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(SCENARIOS)]) == 0
    out = capsys.readouterr().out
    assert f"{len(SHIPPED)} scenarios: {len(SHIPPED)} passed, 0 failed" in out
