"""Account structure rules through the real rulebooks: one account per platform, naming and
verification, who may be an account subject."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_new_media_rules as gnmr
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.facts import account_from_json

ON = "2025-03-01"
AS_OF = dt.date(2025, 3, 1)
ALL = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")

ONE_PER_PLATFORM = {
    "national": "cn.account.one-per-platform",
    "zezhou": "zezhou.account.one-per-platform",
    "gaoxian": "cn.account.one-per-platform",
    "changchun-xinqu": "changchun-xinqu.opening.one-per-platform",
    "huzhou": "cn.account.one-per-platform",
}
NAMING = {
    "national": "cn.account.naming",
    "zezhou": "zezhou.account.naming",
    "gaoxian": "cn.account.naming",
    "changchun-xinqu": "changchun-xinqu.naming.name-logo-verification",
    "huzhou": "cn.account.naming",
}
CONSISTENCY = {
    "national": "cn.account.naming-consistency",
    "zezhou": "cn.account.naming-consistency",
    "gaoxian": "cn.account.naming-consistency",
    "changchun-xinqu": "changchun-xinqu.naming.consistency",
    "huzhou": "cn.account.naming-consistency",
}
SUBJECT = {
    "zezhou": "zezhou.opening.no-separate-accounts",
    "changchun-xinqu": "changchun-xinqu.opening.account-subject",
    "huzhou": "huzhou.opening.account-subject",
}


def account(account_id: str, **fields: Any) -> Any:
    raw: dict[str, Any] = {
        "id": account_id,
        "name": fields.pop("name", "某某发布"),
        "platform": fields.pop("platform", "wechat"),
        "host_unit": fields.pop("host_unit", "某某县人民政府办公室"),
        "opened_on": fields.pop("opened_on", "2023-01-01"),
    }
    raw.update(fields)
    return account_from_json(raw)


def run(alias: str, accounts: list[Any], as_of: dt.date = AS_OF, on: str = ON) -> Any:
    return evaluate(gnmr.rulebook(alias, on=on), accounts, as_of)


def findings(report: Any, rule: str) -> dict[str, Any]:
    found = [f for f in report.findings if f.rule == rule]
    by_account = {f.account: f for f in found}
    assert len(by_account) == len(found), f"more than one finding per account under {rule}"
    return by_account


def statuses(report: Any, rule: str) -> dict[str, Status]:
    return {account_id: f.status for account_id, f in findings(report, rule).items()}


def lineage_findings(report: Any, lineage: str) -> list[Any]:
    return [f for f in report.findings if f.lineage == lineage]


# -- one account per platform ------------------------------------------------------------------


@pytest.mark.parametrize("alias", ALL)
def test_one_account_per_platform_compliant(alias: str) -> None:
    accounts = [
        account("wx", platform="wechat", account_type="subscription"),
        account("wb", platform="weibo"),
        account("dy", platform="douyin"),
    ]
    report = run(alias, accounts)
    assert statuses(report, ONE_PER_PLATFORM[alias]) == {"wx": Status.COMPLIANT, "wb": Status.COMPLIANT, "dy": Status.COMPLIANT}
    # only the most specific variant of the lineage speaks
    assert {f.rule for f in lineage_findings(report, "cn.account.one-per-platform")} == {ONE_PER_PLATFORM[alias]}


@pytest.mark.parametrize("alias", ALL)
def test_subscription_and_service_account_count_together(alias: str) -> None:
    accounts = [
        account("sub", platform="wechat", account_type="subscription"),
        account("svc", platform="wechat", account_type="service"),
        account("wb", platform="weibo"),
    ]
    report = run(alias, accounts)
    result = findings(report, ONE_PER_PLATFORM[alias])
    assert result["sub"].status is Status.VIOLATION
    assert result["svc"].status is Status.VIOLATION
    assert result["wb"].status is Status.COMPLIANT
    assert result["sub"].figures["other_accounts"] == ["svc"]
    assert result["sub"].figures["open_accounts"] == 2
    assert result["sub"].figures["maximum"] == 1
    # 原则上: the finding says so
    assert "原则上" in result["sub"].message_zh and "in principle" in result["sub"].message_en


def test_closed_account_does_not_count() -> None:
    accounts = [
        account("old", platform="weibo", events=[{"type": "account_cancelled", "on": "2024-06-01"}]),
        account("new", platform="weibo", opened_on="2024-07-01"),
    ]
    result = statuses(run("national", accounts), "cn.account.one-per-platform")
    assert result == {"old": Status.NOT_APPLICABLE, "new": Status.COMPLIANT}
    accounts[0] = account("old", platform="weibo", events=[{"type": "account_shut_down", "on": "2024-06-01"}])
    assert statuses(run("zezhou", accounts), "zezhou.account.one-per-platform")["new"] is Status.COMPLIANT


def test_an_opening_while_another_account_existed_stays_one_too_many() -> None:
    # 四.(一) "只开设一个": the opening is judged on its day; closing the first account later does not
    # undo the second opening, and the first, opened alone, was a lawful opening.
    accounts = [
        account("first", platform="weibo", opened_on="2023-01-01"),
        account("second", platform="weibo", opened_on="2023-06-01"),
    ]
    result = findings(run("national", accounts), "cn.account.one-per-platform")
    assert result["first"].status is Status.COMPLIANT
    assert result["second"].status is Status.VIOLATION
    assert result["second"].figures["other_accounts"] == ["first"]
    accounts[0] = account("first", platform="weibo", opened_on="2023-01-01",
                          events=[{"type": "account_cancelled", "on": "2024-06-01"}])
    result = statuses(run("national", accounts), "cn.account.one-per-platform")
    assert result == {"first": Status.NOT_APPLICABLE, "second": Status.VIOLATION}


@pytest.mark.parametrize("alias", ALL)
def test_accounts_opened_before_the_rule_are_not_judged_by_it(alias: str) -> None:
    # Two Weibo accounts of one unit opened in 2016, before 国办发〔2018〕123号 (2018-12-27).
    accounts = [account("a", platform="weibo", opened_on="2016-03-01"), account("b", platform="weibo", opened_on="2016-05-01")]
    result = findings(run(alias, accounts), ONE_PER_PLATFORM[alias])
    assert {k: f.status for k, f in result.items()} == {"a": Status.NOT_APPLICABLE, "b": Status.NOT_APPLICABLE}
    assert "2018-12-27" in result["b"].message_zh


@pytest.mark.parametrize(("alias", "local_start"), [("zezhou", "2022-03-26"), ("changchun-xinqu", "2021-07-16")])
def test_an_opening_before_a_local_restatement_is_judged_by_the_national_rule(alias: str, local_start: str) -> None:
    accounts = [account("a", platform="douyin", opened_on="2019-01-01"), account("b", platform="douyin", opened_on="2020-01-01")]
    result = findings(run(alias, accounts), ONE_PER_PLATFORM[alias])
    assert result["a"].status is Status.COMPLIANT
    second = result["b"]
    assert second.status is Status.VIOLATION
    assert second.figures["judged_by"] == "cn.account.one-per-platform"
    assert second.source.document == "cn-gbf-2018-123" and second.source.clause == "四.(一)"
    # after the local text came into force, the local rule decides and is cited
    later = [account("a", platform="douyin", opened_on="2019-01-01"), account("c", platform="douyin", opened_on="2024-01-01")]
    third = findings(run(alias, later), ONE_PER_PLATFORM[alias])["c"]
    assert third.status is Status.VIOLATION and "judged_by" not in third.figures
    assert third.source.document != "cn-gbf-2018-123"
    assert dt.date.fromisoformat(local_start) <= dt.date(2024, 1, 1)


def test_unknown_opening_dates_are_insufficient_data_where_they_decide() -> None:
    raw = {"id": "x", "name": "某某发布", "platform": "weibo", "host_unit": "某某县人民政府办公室"}
    alone = findings(run("national", [account_from_json(raw)]), "cn.account.one-per-platform")["x"]
    assert alone.status is Status.INSUFFICIENT_DATA and alone.figures["missing"] == ["opened_on"]
    # the other account's date decides whether the platform already had one on 2023-01-01
    result = findings(run("national", [account("known", platform="weibo"), account_from_json(raw)]), "cn.account.one-per-platform")
    assert result["known"].status is Status.INSUFFICIENT_DATA
    assert result["known"].figures["missing"] == ["accounts[x].opened_on"]
    # ... unless what is known already decides
    result = findings(run("national", [account("k1", platform="weibo"), account("k2", platform="weibo"), account_from_json(raw)]), "cn.account.one-per-platform")
    assert result["k1"].status is Status.VIOLATION


def test_a_re_opening_is_a_new_opening_for_the_subject_rule() -> None:
    raw = {
        "id": "a", "name": "某某乡发布", "platform": "weibo", "host_unit": "某某乡人民政府", "host_unit_kind": "township",
        "opened_on": "2021-05-01",
        "events": [{"type": "account_opened", "on": "2021-05-01"}, {"type": "account_cancelled", "on": "2022-01-10"},
                   {"type": "account_opened", "on": "2023-04-03"}],
    }
    finding = findings(run("zezhou", [account_from_json(raw)]), SUBJECT["zezhou"])["a"]
    assert finding.status is Status.VIOLATION
    assert finding.figures["opened_on"] == "2023-04-03"


def test_units_are_told_apart_by_name_and_whitespace_is_ignored() -> None:
    accounts = [
        account("a", platform="douyin", host_unit="某某县 教育局"),
        account("b", platform="douyin", host_unit="某某县教育局"),
        account("c", platform="douyin", host_unit="某某县卫生健康局"),
    ]
    result = statuses(run("changchun-xinqu", accounts), "changchun-xinqu.opening.one-per-platform")
    assert result == {"a": Status.VIOLATION, "b": Status.VIOLATION, "c": Status.COMPLIANT}


def test_three_accounts_on_one_platform_name_the_others() -> None:
    accounts = [account(i, platform="toutiao") for i in ("t3", "t1", "t2")]
    result = findings(run("huzhou", accounts), "cn.account.one-per-platform")
    assert result["t3"].figures["other_accounts"] == ["t1", "t2"]
    assert result["t3"].figures["open_accounts"] == 3


# -- naming: the verification names the host unit ------------------------------------------------


@pytest.mark.parametrize("alias", ALL)
def test_verified_host_unit(alias: str) -> None:
    accounts = [
        account("same", verified_host_unit="某某县人民政府办公室"),
        account("spaced", platform="weibo", verified_host_unit=" 某某县人民政府　办公室 "),
        account("other", platform="douyin", verified_host_unit="某某县融媒体中心"),
        account("none", platform="toutiao"),
    ]
    report = run(alias, accounts)
    assert statuses(report, NAMING[alias]) == {
        "same": Status.COMPLIANT,
        "spaced": Status.COMPLIANT,
        "other": Status.VIOLATION,
        "none": Status.INSUFFICIENT_DATA,
    }
    other = findings(report, NAMING[alias])["other"]
    assert "某某县融媒体中心" in other.message_zh and other.figures["verified_host_unit"] == "某某县融媒体中心"
    assert "related_to_duties" in other.figures["not_evaluated"]
    # the per-account naming rule gives nothing through the unit evaluator, and vice versa
    assert {f.rule for f in lineage_findings(report, "cn.account.naming")} == {NAMING[alias]}


# -- naming: consistent across platforms ----------------------------------------------------------


@pytest.mark.parametrize("alias", ALL)
def test_names_consistent_across_platforms(alias: str) -> None:
    accounts = [
        account("wx", platform="wechat", name="某某发布"),
        account("wb", platform="weibo", name="某某 发布"),
        account("solo", platform="douyin", name="某某卫健", host_unit="某某县卫生健康局"),
    ]
    report = run(alias, accounts)
    assert statuses(report, CONSISTENCY[alias]) == {
        "wx": Status.COMPLIANT,
        "wb": Status.COMPLIANT,
        "solo": Status.NOT_APPLICABLE,  # nothing on another platform to compare with
    }
    # the consistency rule gives no per-account verification finding
    assert {f.rule for f in lineage_findings(report, "cn.account.naming-consistency")} == {CONSISTENCY[alias]}


@pytest.mark.parametrize("alias", ALL)
def test_names_differing_across_platforms(alias: str) -> None:
    accounts = [
        account("wx", platform="wechat", name="某某发布"),
        account("wb", platform="weibo", name="某某政务"),
    ]
    report = run(alias, accounts)
    result = findings(report, CONSISTENCY[alias])
    assert result["wx"].status is Status.VIOLATION and result["wb"].status is Status.VIOLATION
    assert result["wx"].figures["other_names"] == ["某某政务"]
    assert result["wx"].figures["differing_platforms"] == ["weibo"]
    assert "原则上" in result["wx"].message_zh


def test_accounts_on_one_platform_are_not_compared_with_each_other() -> None:
    accounts = [
        account("sub", platform="wechat", account_type="subscription", name="某某发布"),
        account("svc", platform="wechat", account_type="service", name="某某服务"),
        account("wb", platform="weibo", name="某某发布"),
    ]
    result = statuses(run("national", accounts), "cn.account.naming-consistency")
    # "某某服务" has no namesake on Weibo; "某某发布" on Weibo has one on WeChat
    assert result == {"sub": Status.COMPLIANT, "svc": Status.VIOLATION, "wb": Status.COMPLIANT}


def test_closed_accounts_are_left_out_of_name_comparison() -> None:
    accounts = [
        account("wx", platform="wechat", name="某某发布"),
        account("old", platform="weibo", name="旧名称", events=[{"type": "account_cancelled", "on": "2024-01-05"}]),
    ]
    result = statuses(run("changchun-xinqu", accounts), "changchun-xinqu.naming.consistency")
    assert result == {"wx": Status.NOT_APPLICABLE, "old": Status.NOT_APPLICABLE}


# -- account subject -------------------------------------------------------------------------------


@pytest.mark.parametrize("alias", ["changchun-xinqu", "huzhou"])
@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("internal_body", Status.VIOLATION),
        ("individual", Status.VIOLATION),
        ("administrative_organ", Status.COMPLIANT),
        ("township", Status.COMPLIANT),
        (None, Status.INSUFFICIENT_DATA),
    ],
)
def test_internal_bodies_and_individuals_may_not_be_subjects(alias: str, kind: str | None, expected: Status) -> None:
    fields = {"host_unit_kind": kind} if kind else {}
    if alias == "huzhou":
        fields["host_unit_level"] = "county"
    report = run(alias, [account("a", opened_on="2023-05-05", **fields)])
    finding = findings(report, SUBJECT[alias])["a"]
    assert finding.status is expected
    if expected is Status.VIOLATION:
        assert finding.figures["host_unit_kind"] == kind
    # a rule about opening: an account opened before the text came into force is not judged by it
    before = findings(run(alias, [account("a", opened_on="2015-05-05", **fields)]), SUBJECT[alias])["a"]
    assert before.status is Status.NOT_APPLICABLE
    assert "2015-05-05" in before.message_zh


@pytest.mark.parametrize(
    ("kind", "opened_on", "expected"),
    [
        ("county_department", "2023-01-01", Status.VIOLATION),
        ("township", "2022-03-26", Status.VIOLATION),  # the day the Zezhou notice came into force
        ("administrative_organ", "2023-01-01", Status.COMPLIANT),
        ("internal_body", "2023-01-01", Status.COMPLIANT),  # not what Zezhou's text forbids
        ("township", "2022-03-25", Status.NOT_APPLICABLE),  # opened before: existing accounts stay
        ("county_department", None, Status.INSUFFICIENT_DATA),
        (None, "2023-01-01", Status.INSUFFICIENT_DATA),
    ],
)
def test_zezhou_county_departments_and_townships_do_not_open_their_own(
    kind: str | None, opened_on: str | None, expected: Status
) -> None:
    raw: dict[str, Any] = {"id": "a", "name": "某某乡发布", "platform": "wechat", "host_unit": "某某乡人民政府"}
    if kind:
        raw["host_unit_kind"] = kind
    if opened_on:
        raw["opened_on"] = opened_on
    report = run("zezhou", [account_from_json(raw)])
    finding = findings(report, SUBJECT["zezhou"])["a"]
    assert finding.status is expected
    if expected is Status.VIOLATION:
        assert "原则上" in finding.message_zh


def test_zezhou_opening_event_counts_as_opening_date() -> None:
    raw = {
        "id": "a", "name": "某某乡发布", "platform": "weibo", "host_unit": "某某乡人民政府", "host_unit_kind": "township",
        "events": [{"type": "account_opened", "on": "2024-02-04"}],
    }
    assert statuses(run("zezhou", [account_from_json(raw)]), SUBJECT["zezhou"]) == {"a": Status.VIOLATION}


@pytest.mark.parametrize("alias", ["national", "gaoxian"])
def test_no_subject_rule_where_no_text_sets_one(alias: str) -> None:
    report = run(alias, [account("a", host_unit_kind="internal_body")])
    assert not [f for f in report.findings if f.rule.endswith("account-subject") or "subject" in f.rule]


# -- properties ----------------------------------------------------------------------------------

PLATFORMS = ("wechat", "weibo", "douyin")
UNITS = ("甲局", "乙局")

account_specs = st.lists(
    st.tuples(st.sampled_from(PLATFORMS), st.sampled_from(UNITS), st.booleans(), st.sampled_from(("甲发布", "乙发布"))),
    min_size=1,
    max_size=7,
)


def build(specs: list[tuple[str, str, bool, str]]) -> list[Any]:
    built = []
    for index, (platform, unit, closed, name) in enumerate(specs):
        events = [{"type": "account_cancelled", "on": "2024-01-02"}] if closed else []
        built.append(account(f"a{index}", platform=platform, host_unit=unit, name=name, events=events))
    return built


@settings(deadline=None, max_examples=40)
@given(account_specs)
def test_violation_exactly_when_a_unit_has_two_open_accounts_on_a_platform(specs: list[tuple[str, str, bool, str]]) -> None:
    result = statuses(run("national", build(specs)), "cn.account.one-per-platform")
    for index, (platform, unit, closed, _) in enumerate(specs):
        # every account was opened on 2023-01-01 (closed ones later): all existed on that day
        siblings = sum(1 for p, u, c, _ in specs if p == platform and u == unit)
        expected = Status.NOT_APPLICABLE if closed else (Status.VIOLATION if siblings > 1 else Status.COMPLIANT)
        assert result[f"a{index}"] is expected


@settings(deadline=None, max_examples=40)
@given(account_specs, st.data())
def test_closing_an_account_never_creates_a_violation(specs: list[tuple[str, str, bool, str]], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(specs) - 1))
    closed = list(specs)
    platform, unit, _, name = closed[index]
    closed[index] = (platform, unit, True, name)
    rule = "cn.account.one-per-platform"
    before = statuses(run("national", build(specs)), rule)
    after = statuses(run("national", build(closed)), rule)
    for account_id, status in after.items():
        if status is Status.VIOLATION:
            assert before[account_id] is Status.VIOLATION, account_id
    # (closing an account can break name consistency: it may remove the only namesake on a platform)


@settings(deadline=None, max_examples=40)
@given(account_specs, st.sampled_from(("甲发布", "乙 发布")))
def test_one_name_everywhere_is_consistent(specs: list[tuple[str, str, bool, str]], name: str) -> None:
    renamed = [(platform, unit, closed, name) for platform, unit, closed, _ in specs]
    result = statuses(run("national", build(renamed)), "cn.account.naming-consistency")
    assert Status.VIOLATION not in result.values()
    for index, (platform, unit, closed, _) in enumerate(renamed):
        other_platforms = {p for p, u, c, _ in renamed if u == unit and not c and p != platform}
        if not closed and other_platforms:
            assert result[f"a{index}"] is Status.COMPLIANT


# -- re-openings under one account per platform ---------------------------------------------------


def test_a_re_opening_is_a_new_opening_for_one_per_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    """With summaries that carry their existence spans (facts.lifecycle.existence; the engine's
    AccountSummary does not yet: until it does, a re-opened account is read from its first
    opening), a re-opening is judged on its own day. Zezhou lifecycle-reopened: lin-weibo-b opened
    while lin-weibo-a was cancelled (lawful); lin-weibo-a re-opened beside it (one too many)."""
    from gov_new_media_rules.engine import context
    from gov_new_media_rules.facts.lifecycle import existence

    class WithExistence(context.AccountSummary):
        __slots__ = ("existence",)

        def __init__(self, account: Any, as_of: dt.date) -> None:
            super().__init__(account, as_of)
            self.existence = existence(account, as_of)

    monkeypatch.setattr(context, "AccountSummary", WithExistence)
    a = account("a", platform="weibo", opened_on="2023-03-06", events=[
        {"type": "account_opened", "on": "2023-03-06"}, {"type": "closure_announced", "on": "2023-12-29"},
        {"type": "account_cancelled", "on": "2024-01-08"}, {"type": "account_opened", "on": "2024-06-03"}])
    b = account("b", platform="weibo", opened_on="2024-03-04")
    result = findings(run("zezhou", [a, b], as_of=dt.date(2024, 6, 30)), ONE_PER_PLATFORM["zezhou"])
    assert result["a"].status is Status.VIOLATION and result["a"].figures["opened_on"] == "2024-06-03"
    assert result["b"].status is Status.COMPLIANT


def test_existence_spans_read_re_openings_and_ignore_a_bare_closure_notice() -> None:
    from gov_new_media_rules.facts.lifecycle import existence

    a = account("a", opened_on="2023-03-06", events=[
        {"type": "closure_announced", "on": "2023-12-29"}, {"type": "account_cancelled", "on": "2024-01-08"},
        {"type": "account_opened", "on": "2024-06-03"}])
    assert existence(a, dt.date(2024, 6, 30)) == ((dt.date(2023, 3, 6), dt.date(2024, 1, 7)), (dt.date(2024, 6, 3), None))
    assert existence(a, dt.date(2024, 5, 1)) == ((dt.date(2023, 3, 6), dt.date(2024, 1, 7)),)
    noticed = account("n", opened_on="2023-03-06", events=[{"type": "closure_announced", "on": "2023-12-29"}])
    assert existence(noticed, dt.date(2024, 6, 30)) == ((dt.date(2023, 3, 6), None),)


@pytest.mark.parametrize("alias", ALL)
def test_a_naming_finding_cites_the_sentence_on_the_verification(alias: str) -> None:
    """The per-account naming finding is decided by "在公开认证信息中标明主办单位名称", not by the
    sentence on concise names that no fact checks (国办 四.(一), 长春新区 第十一条)."""
    report = run(alias, [account("a", verified_host_unit="另一单位")])
    (f,) = [f for f in report.findings if f.lineage == "cn.account.naming"]
    assert f.status is Status.VIOLATION
    assert "标明主办单位名称" in f.source.quote
