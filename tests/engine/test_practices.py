"""Prohibited practices, technical requirements and operators through the real rulebooks."""

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
# Changchun restates both bans with checkable = false, which displaces the national rules there:
# no prohibited_practice rule is evaluated under changchun-xinqu (reported to the lead).
PRACTICE_JURISDICTIONS = ("national", "zezhou", "gaoxian", "huzhou")
FAKE = "cn.supervision.no-fake-data"
FORCED = "cn.supervision.no-forced-engagement"


def account(**fields: Any) -> Any:
    raw: dict[str, Any] = {
        "id": fields.pop("id", "a"),
        "name": "某某发布",
        "platform": fields.pop("platform", "wechat"),
        "host_unit": "某某县人民政府办公室",
        "host_unit_level": "county",  # a 基层 account, in Huzhou's guide's scope
        "opened_on": "2020-01-01",
    }
    raw.update(fields)
    return account_from_json(raw)


MY_KINDS = {"prohibited_practice", "technical_requirement", "operator_requirement"}


def findings(alias: str, acct: Any, as_of: dt.date = AS_OF, on: str = ON) -> dict[str, Any]:
    """The findings of this module's rule kinds, by rule (one each for one account)."""
    book = gnmr.rulebook(alias, on=on)
    report = evaluate(book, [acct], as_of)
    by_rule: dict[str, Any] = {}
    for f in report.findings:
        if book.rule(f.rule).kind not in MY_KINDS:  # type: ignore[union-attr]
            continue
        assert f.rule not in by_rule, f"two findings under {f.rule}"
        by_rule[f.rule] = f
    return by_rule


# -- prohibited practices ----------------------------------------------------------------------------


@pytest.mark.parametrize("alias", PRACTICE_JURISDICTIONS)
@pytest.mark.parametrize(
    ("practice", "rule"),
    [("buy_followers", FAKE), ("fake_data", FAKE), ("force_download", FORCED), ("force_like_or_share", FORCED)],
)
def test_recorded_practice_is_a_violation(alias: str, practice: str, rule: str) -> None:
    acct = account(practices=[{"practice": practice, "on": "2024-10-03", "note": "国庆期间检查发现"}])
    result = findings(alias, acct)
    f = result[rule]
    assert f.status is Status.VIOLATION
    assert f.figures["found"] == [{"on": "2024-10-03", "practice": practice, "note": "国庆期间检查发现"}]
    assert f.period == "2024-10-03/2024-10-03"
    other = FORCED if rule == FAKE else FAKE
    assert result[other].status is Status.COMPLIANT


@pytest.mark.parametrize("alias", PRACTICE_JURISDICTIONS)
def test_no_recorded_practice_is_compliant_on_the_records(alias: str) -> None:
    result = findings(alias, account())
    for rule in (FAKE, FORCED):
        assert result[rule].status is Status.COMPLIANT
        assert result[rule].figures["basis"] == "based on inspection records"


def test_several_records_are_listed_in_date_order() -> None:
    acct = account(practices=[
        {"practice": "fake_data", "on": "2025-02-08"},  # a makeup working Saturday: no matter
        {"practice": "buy_followers", "on": "2024-01-15"},
    ])
    f = findings("gaoxian", acct)[FAKE]
    assert [r["on"] for r in f.figures["found"]] == ["2024-01-15", "2025-02-08"]
    assert f.figures["practices_found"] == ["buy_followers", "fake_data"]
    assert f.period == "2024-01-15/2025-02-08"


def test_records_before_the_rule_or_after_as_of_are_not_judged() -> None:
    acct = account(practices=[
        {"practice": "buy_followers", "on": "2018-12-26"},  # the day before 国办发〔2018〕123号
        {"practice": "force_download", "on": "2025-03-02"},  # after as_of
    ])
    result = findings("national", acct)
    assert result[FAKE].status is Status.COMPLIANT
    assert result[FORCED].status is Status.COMPLIANT
    acct = account(practices=[{"practice": "buy_followers", "on": "2018-12-27"}])
    assert findings("national", acct)[FAKE].status is Status.VIOLATION


# -- technical requirements --------------------------------------------------------------------------


@pytest.mark.parametrize("alias", ALL)
@pytest.mark.parametrize(
    ("ipv6", "expected"), [(True, Status.COMPLIANT), (False, Status.VIOLATION), (None, Status.INSUFFICIENT_DATA)]
)
def test_app_ipv6(alias: str, ipv6: bool | None, expected: Status) -> None:
    fields = {} if ipv6 is None else {"ipv6": ipv6}
    result = findings(alias, account(platform="app", **fields))
    # one finding in the lineage, whichever variant is checkable (Huzhou's refinement is not, yet)
    (f,) = [f for f in result.values() if f.lineage == "cn.opening.app-ipv6"]
    assert f.status is expected
    assert f.figures["ipv6"] is ipv6
    # use on different terminals alone is never judged: no fact records it
    assert "cn.opening.app-multi-terminal" not in result
    if "multi_terminal" in f.figures["requirements"]:
        assert f.figures["not_evaluated"]


@pytest.mark.parametrize("alias", ALL)
def test_ipv6_is_only_for_apps(alias: str) -> None:
    result = findings(alias, account(platform="weibo", ipv6=False))
    assert "cn.opening.app-ipv6" not in result


# -- operators --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ({"third_party": True, "subcontracted": True, "name": "某传媒公司"}, Status.VIOLATION),
        ({"third_party": True, "subcontracted": False, "name": "某日报社新媒体中心"}, Status.COMPLIANT),
        ({"third_party": False}, Status.NOT_APPLICABLE),
        (None, Status.INSUFFICIENT_DATA),
    ],
)
def test_huzhou_no_subcontracting(operator: dict[str, Any] | None, expected: Status) -> None:
    fields = {} if operator is None else {"operator": operator}
    f = findings("huzhou", account(**fields))["huzhou.operations.third-party-operator"]
    assert f.status is expected
    assert "written_agreement: no fact records agreements" in f.figures["not_evaluated"]
    if expected is Status.VIOLATION:
        assert "某传媒公司" in f.message_zh


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ({"third_party": False}, Status.COMPLIANT),
        ({"third_party": True, "name": "某运营公司"}, Status.INSUFFICIENT_DATA),  # not a violation in itself
        (None, Status.INSUFFICIENT_DATA),
    ],
)
def test_gaoxian_host_unit_operates(operator: dict[str, Any] | None, expected: Status) -> None:
    fields = {} if operator is None else {"operator": operator}
    f = findings("gaoxian", account(**fields))["gaoxian.operations.host-unit-operates"]
    assert f.status is expected
    if operator and operator["third_party"]:
        assert "原则上" in f.message_zh and "确需" in f.message_zh


@pytest.mark.parametrize("alias", ["national", "zezhou", "changchun-xinqu"])
def test_no_operator_rule_is_checkable_elsewhere(alias: str) -> None:
    result = findings(alias, account(operator={"third_party": True, "subcontracted": True}))
    assert not [r for r in result if ".operations." in r]


# -- properties -------------------------------------------------------------------------------------

practice_records = st.lists(
    st.tuples(
        st.sampled_from(["buy_followers", "fake_data", "force_download", "force_like_or_share"]),
        st.dates(min_value=dt.date(2018, 12, 1), max_value=dt.date(2025, 4, 30)),
    ),
    max_size=5,
)


@settings(deadline=None, max_examples=50)
@given(practice_records)
def test_violation_exactly_when_a_practice_is_recorded_in_force(records: list[tuple[str, dt.date]]) -> None:
    acct = account(practices=[{"practice": p, "on": d.isoformat()} for p, d in records])
    result = findings("national", acct)
    kinds = {FAKE: {"buy_followers", "fake_data"}, FORCED: {"force_download", "force_like_or_share"}}
    for rule, wanted in kinds.items():
        judged = [d for p, d in records if p in wanted and dt.date(2018, 12, 27) <= d <= AS_OF]
        assert (result[rule].status is Status.VIOLATION) == bool(judged)
        assert result[rule].figures["records"] == len(judged)


@settings(deadline=None, max_examples=30)
@given(practice_records, st.sampled_from(["buy_followers", "fake_data", "force_download", "force_like_or_share"]),
       st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2025, 3, 1)))
def test_a_further_record_never_clears_a_violation(records: list[tuple[str, dt.date]], practice: str, day: dt.date) -> None:
    before = findings("huzhou", account(practices=[{"practice": p, "on": d.isoformat()} for p, d in records]))
    more = records + [(practice, day)]
    after = findings("huzhou", account(practices=[{"practice": p, "on": d.isoformat()} for p, d in more]))
    for rule in (FAKE, FORCED):
        if before[rule].status is Status.VIOLATION:
            assert after[rule].status is Status.VIOLATION


# -- variants that are not checkable yet ---------------------------------------------------------------


def _with_checkable(alias: str, rule_ids: set[str]) -> Any:
    import attrs

    book = gnmr.rulebook(alias, on=ON)
    rules = tuple(
        attrs.evolve(r, rule=attrs.evolve(r.rule, checkable=True)) if r.id in rule_ids else r for r in book.rules
    )
    return attrs.evolve(book, rules=rules)


def test_huzhou_ipv6_and_multi_terminal_once_checkable() -> None:
    book = _with_checkable("huzhou", {"huzhou.service.ipv6"})
    for ipv6, expected in ((True, Status.COMPLIANT), (False, Status.VIOLATION)):
        report = evaluate(book, [account(platform="app", ipv6=ipv6)], AS_OF)
        (f,) = [f for f in report.findings if f.lineage == "cn.opening.app-ipv6"]
        assert f.rule == "huzhou.service.ipv6" and f.status is expected
        assert f.figures["not_evaluated"] == ["multi_terminal: no fact records use on different terminals"]


def test_changchun_practice_bans_once_checkable() -> None:
    book = _with_checkable("changchun-xinqu", {"changchun-xinqu.supervision.no-fake-data",
                                               "changchun-xinqu.supervision.no-forced-engagement"})
    acct = account(practices=[{"practice": "force_like_or_share", "on": "2024-10-08"}])
    result = {f.rule: f.status for f in evaluate(book, [acct], AS_OF).findings}
    assert result["changchun-xinqu.supervision.no-forced-engagement"] is Status.VIOLATION
    assert result["changchun-xinqu.supervision.no-fake-data"] is Status.COMPLIANT
    # a restatement in force from 2021-07-16 does not judge a record from before
    acct = account(practices=[{"practice": "force_like_or_share", "on": "2021-07-15"}])
    result = {f.rule: f.status for f in evaluate(book, [acct], AS_OF).findings}
    assert result["changchun-xinqu.supervision.no-forced-engagement"] is Status.COMPLIANT
