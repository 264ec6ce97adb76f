"""Clean-up and closure conditions (``cleanup_condition``) under the shipped rulebooks.

Every checkable rule of the kind, per jurisdiction:

* Zezhou: ``zezhou.cleanup.shut-down-conditions`` (single-veto items, city notices within a year,
  无力维护), ``zezhou.cleanup.unreported-accounts`` (漏报), ``zezhou.cleanup.low-usage`` (never
  decidable), ``zezhou.cleanup.duplicate-accounts`` (unit evaluator).
* Gao County: ``gaoxian.cleanup.unfiled-accounts``.
* Huzhou: ``huzhou.cleanup.conditions`` (age gate and six conditions).
* National and Changchun Xinqu have no checkable rule of this kind (their clean-up rules have no
  fact to decide them); a test says so, so that a new one does not go unnoticed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gov_new_media_rules import rulebook
from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.engine.context import AccountView, EvaluationContext
from gov_new_media_rules.engine.evaluators.cleanup import cleanup_condition
from gov_new_media_rules.engine.selection import rule_starts
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.serialize import finding_to_json

D = dt.date
HUZHOU = "huzhou.cleanup.conditions"
Z_SHUT = "zezhou.cleanup.shut-down-conditions"
Z_UNREPORTED = "zezhou.cleanup.unreported-accounts"
Z_LOW_USAGE = "zezhou.cleanup.low-usage"
Z_DUPLICATE = "zezhou.cleanup.duplicate-accounts"
GAOXIAN = "gaoxian.cleanup.unfiled-accounts"


@functools.lru_cache(maxsize=None)
def book(alias: str, on: dt.date) -> Any:
    return rulebook(alias, on=on)


def daily(first: dt.date, last: dt.date, skip: set[dt.date] | frozenset[dt.date] = frozenset()) -> list[dict[str, Any]]:
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return [{"published_at": f"{d.isoformat()}T09:00:00+08:00"} for d in days if d not in skip]


def days_between(first: dt.date, last: dt.date) -> set[dt.date]:
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


def account(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "acct-1", "name": "测试账号", "platform": "wechat", "account_type": "subscription",
                            "host_unit": "某县某局"}
    data.update(fields)
    return data


def findings(alias: str, accounts: list[dict[str, Any]], as_of: dt.date, rule_id: str) -> list[Any]:
    facts = [account_from_json(a, f"accounts[{i}]") for i, a in enumerate(accounts)]
    report = evaluate(book(alias, as_of), facts, as_of)
    found = [f for f in report.findings if f.rule == rule_id]
    for finding in found:
        json.dumps(finding_to_json(finding), ensure_ascii=False)  # figures stay JSON-native
        assert finding.message_zh and finding.message_en
    return found


def one(alias: str, data: dict[str, Any], as_of: dt.date, rule_id: str) -> Any:
    found = findings(alias, [data], as_of, rule_id)
    assert len(found) == 1, found
    return found[0]


def condition(finding: Any, condition_id: str) -> dict[str, Any]:
    return finding.figures["conditions"][condition_id]


def test_kinds_present_only_where_expected() -> None:
    on = D(2025, 3, 1)
    expected = {
        "national": set(),
        "changchun-xinqu": set(),
        "zezhou": {Z_SHUT, Z_UNREPORTED, Z_LOW_USAGE, Z_DUPLICATE},
        "gaoxian": {GAOXIAN},
        "huzhou": {HUZHOU},
    }
    for alias, ids in expected.items():
        checkable = {r.id for r in book(alias, on) if r.rule.kind == "cleanup_condition" and r.rule.checkable}
        assert checkable == ids, alias


# -- Huzhou: huzhou.cleanup.conditions ------------------------------------------------------------

H_AS_OF = D(2024, 6, 28)  # a Friday


def huzhou_account(**fields: Any) -> dict[str, Any]:
    data = account(
        opened_on="2022-01-01",
        host_unit_level="county",  # 基层: a district/county unit
        posts_from="2023-06-01",  # the post history supplied starts here
        posts=daily(D(2023, 6, 1), H_AS_OF),
        assessments=[{"on": "2024-03-01", "effect_index": 85}, {"on": "2024-06-01", "effect_index": 90}],
        resident_population=50_000,
        followers=[{"on": "2024-01-01", "count": 600}, {"on": "2024-06-01", "count": 650}],
    )
    data.update(fields)
    return data


def test_huzhou_compliant_when_nothing_holds() -> None:
    f = one("huzhou", huzhou_account(), H_AS_OF, HUZHOU)
    assert f.status is Status.COMPLIANT
    assert f.figures["held"] == [] and f.figures["not_evaluated"] == []
    assert f.figures["applies_from"] == "2023-01-01"
    assert list(f.figures["conditions"]) == [
        "effect_index_below_80_twice", "two_superior_notices_last_year", "no_update_14_days_twice",
        "not_rectified_3_days_after_exposure", "security_incident", "followers_below_1pct_population", "legal_violation",
    ]


def test_huzhou_missing_facts_make_insufficient_data_not_a_clean_bill() -> None:
    """No effect-index assessment and no resident population: (1) and (5) could hold, so the
    finding is insufficient_data naming the missing facts, citing the items that are open."""
    data = huzhou_account(assessments=[], followers=[], resident_population=None)
    f = one("huzhou", data, H_AS_OF, HUZHOU)
    assert f.status is Status.INSUFFICIENT_DATA
    assert f.figures["not_evaluated"] == ["effect_index_below_80_twice", "followers_below_1pct_population"]
    assert f.figures["missing_facts"] == ["assessments", "resident_population"]
    assert "缺少判定所需事实" in f.message_zh and "resident_population" in f.message_en
    assert [s.clause for s in f.sources] == ["7.5.(1)", "7.5.(5)", "7.5"]


def test_huzhou_a_held_condition_decides_whatever_is_missing() -> None:
    data = huzhou_account(assessments=[], resident_population=None,
                          incidents=[{"kind": "leak", "on": "2024-02-02"}])
    f = one("huzhou", data, H_AS_OF, HUZHOU)
    assert f.status is Status.VIOLATION and f.figures["held"] == ["security_incident"]
    assert f.source.clause == "7.5.(4)" and [s.clause for s in f.sources] == ["7.5.(4)", "7.5"]


@pytest.mark.parametrize(
    ("opened", "status"),
    [("2023-06-29", Status.NOT_APPLICABLE), ("2023-06-28", Status.COMPLIANT), ("2023-06-27", Status.COMPLIANT)],
)
def test_huzhou_age_gate_includes_exactly_one_year(opened: str, status: Status) -> None:
    f = one("huzhou", huzhou_account(opened_on=opened), H_AS_OF, HUZHOU)
    assert f.status is status
    if status is Status.NOT_APPLICABLE:
        assert "未满1年" in f.message_zh and f.figures["applies_from"] == "2024-06-29"


def test_huzhou_age_gate_from_29_february() -> None:
    opened = "2024-02-29"
    data = huzhou_account(opened_on=opened, posts=daily(D(2024, 2, 29), D(2025, 3, 1)))
    assert one("huzhou", data, D(2025, 2, 27), HUZHOU).status is Status.NOT_APPLICABLE
    f = one("huzhou", data, D(2025, 2, 28), HUZHOU)
    assert f.status is Status.COMPLIANT and f.figures["applies_from"] == "2025-02-28"


def test_huzhou_age_gate_uses_the_opening_event() -> None:
    data = huzhou_account(opened_on=None, events=[{"type": "account_opened", "on": "2024-01-10"}])
    f = one("huzhou", data, H_AS_OF, HUZHOU)
    assert f.status is Status.NOT_APPLICABLE


def test_huzhou_without_opening_date_is_insufficient() -> None:
    data = huzhou_account()
    del data["opened_on"]
    f = one("huzhou", data, H_AS_OF, HUZHOU)
    assert f.status is Status.INSUFFICIENT_DATA
    assert "开设日期" in f.message_zh


@pytest.mark.parametrize(
    ("scores", "held"),
    [
        ([85, 79, 70.5], True),  # the two most recent are below 80
        ([70, 75, 85], True),  # 连续2次: two in a row held in January-February; a later recovery does not undo it
        ([70, 85, 75], False),  # two low ones, but not one after the other
        ([79, 85, 79, 90, 60], False),  # three low ones, never two in a row
        ([80, 79], False),  # 80 is not below 80
        ([79.9, 79.99], True),
        ([60], False),  # one assessment is not "twice running"
    ],
)
def test_huzhou_effect_index(scores: list[float], held: bool) -> None:
    assessments = [{"on": f"2024-0{i + 1}-15", "effect_index": s} for i, s in enumerate(scores)]
    f = one("huzhou", huzhou_account(assessments=assessments), H_AS_OF, HUZHOU)
    assert f.status is (Status.VIOLATION if held else Status.COMPLIANT)
    assert condition(f, "effect_index_below_80_twice")["state"] == ("held" if held else "not_held")
    if held:
        assert "effect_index_below_80_twice" in f.message_en and "连续2次" in f.message_zh
        assert f.source.clause == "7.5.(1)"


def test_huzhou_effect_index_ignores_later_assessments_and_other_kinds() -> None:
    assessments = [
        {"on": "2024-04-01", "effect_index": 70},
        {"on": "2024-05-01", "effect_index": 72},
        {"on": "2024-05-15", "effect_index": 95, "kind": "other_score"},
        {"on": "2024-07-01", "effect_index": 99},  # after as_of
    ]
    f = one("huzhou", huzhou_account(assessments=assessments), H_AS_OF, HUZHOU)
    assert f.status is Status.VIOLATION and f.figures["held"] == ["effect_index_below_80_twice"]


@pytest.mark.parametrize(
    ("notices", "unit_level", "held"),
    [
        ([("city", "2023-02-01"), ("province", "2023-12-31")], "county", True),
        ([("city", "2023-02-01")], "county", False),
        ([("city", "2023-02-01"), ("county", "2023-03-01")], "county", False),  # a county is not its own superior
        ([("city", "2023-02-01"), ("county", "2023-03-01")], "township", True),  # the county is a township's superior
        ([("county", "2023-02-01"), ("county", "2023-03-01")], "township", True),
        ([("city", "2024-01-02"), ("national", "2024-02-01")], "county", False),  # this year, not the previous one
        ([("city", "2022-12-31"), ("city", "2023-01-01")], "county", False),  # one of them in 2022
    ],
)
def test_huzhou_superior_notices_in_previous_calendar_year(notices: list[tuple[str, str]], unit_level: str,
                                                           held: bool) -> None:
    data = huzhou_account(notices=[{"level": level, "on": on} for level, on in notices], host_unit_level=unit_level)
    f = one("huzhou", data, H_AS_OF, HUZHOU)
    figures = condition(f, "two_superior_notices_last_year")
    assert figures["window"] == "2023-01-01/2023-12-31"
    assert figures["host_unit_level"] == unit_level
    assert f.status is (Status.VIOLATION if held else Status.COMPLIANT)
    if held:
        assert "上一年度（2023年）" in f.message_zh
        assert f.source.clause == "7.5.(2)" and f.source.quote == "上一年度2次被上级通报的问题账号"


def test_huzhou_superior_is_relative_to_the_host_unit_kind_no_longer_a_proxy() -> None:
    """host_unit_kind = township no longer stands in for the level: the level decides."""
    notices = [{"level": "county", "on": "2023-02-01"}, {"level": "county", "on": "2023-03-01"}]
    data = huzhou_account(notices=notices, host_unit_level="county", host_unit_kind="township")
    assert condition(one("huzhou", data, H_AS_OF, HUZHOU), "two_superior_notices_last_year")["state"] == "not_held"


@pytest.mark.parametrize(
    ("notices", "state"),
    [
        # City and province notices are superior to a county and to a township unit alike.
        ([("city", "2023-02-01"), ("province", "2023-12-31")], "held"),
        ([("city", "2023-02-01")], "not_held"),  # fewer than 2 at any level
        ([], "not_held"),
        # A county notice is superior only to a township unit: the level decides, and it is not given.
        ([("city", "2023-02-01"), ("county", "2023-03-01")], "unknown"),
    ],
)
def test_huzhou_superior_with_host_unit_level_unknown(notices: list[tuple[str, str]], state: str) -> None:
    data = huzhou_account(notices=[{"level": lv, "on": on} for lv, on in notices], host_unit_level=None)
    f = direct("huzhou", HUZHOU, data, H_AS_OF)
    figures = condition(f, "two_superior_notices_last_year")
    assert figures["state"] == state
    assert f.status is {"held": Status.VIOLATION, "not_held": Status.COMPLIANT,
                        "unknown": Status.INSUFFICIENT_DATA}[state]
    if state == "unknown":
        assert f.figures["missing_facts"] == ["host_unit_level"]
        assert f.source.clause == "7.5.(2)"


@pytest.mark.parametrize(
    ("silent", "occurrences", "in_row", "held"),
    [
        # 连续2次: two 14-day silences with posts between them are two occurrences, not two in a row.
        ([(D(2024, 1, 1), D(2024, 1, 14)), (D(2024, 3, 1), D(2024, 3, 14))], 2, 1, False),
        ([(D(2024, 1, 1), D(2024, 1, 28))], 2, 2, True),  # 28 days: two 14-day spans back to back
        ([(D(2024, 1, 1), D(2024, 1, 27))], 1, 1, False),  # 27 days: the second span is one day short
        ([(D(2024, 1, 1), D(2024, 1, 13)), (D(2024, 3, 1), D(2024, 3, 13))], 0, 0, False),  # 13 days never count
        ([(D(2024, 1, 1), D(2024, 1, 14))], 1, 1, False),
        ([(D(2024, 6, 1), H_AS_OF)], 2, 2, True),  # 06-01..06-28 up to as_of (inclusive): 28 days
        ([(D(2024, 6, 2), H_AS_OF)], 1, 1, False),  # 27 days up to as_of
    ],
)
def test_huzhou_consecutive_14_day_dormancy(silent: list[tuple[dt.date, dt.date]], occurrences: int, in_row: int,
                                            held: bool) -> None:
    skip: set[dt.date] = set()
    for first, last in silent:
        skip |= days_between(first, last)
    f = one("huzhou", huzhou_account(posts=daily(D(2023, 6, 1), H_AS_OF, skip)), H_AS_OF, HUZHOU)
    figures = condition(f, "no_update_14_days_twice")
    assert figures["occurrences"] == occurrences
    assert figures["consecutive_occurrences"] == in_row
    assert f.status is (Status.VIOLATION if held else Status.COMPLIANT)
    if held:
        assert "连续2次出现14天未更新" in f.message_zh and "consecutive" in f.message_en
        assert f.source.quote == "连续2次出现14天未更新情况"


def test_huzhou_dormancy_over_spring_festival_is_calendar_days() -> None:
    # 2025-01-28..02-04 is a holiday, yet 28 silent calendar days across it (01-20..02-16) still count.
    skip = days_between(D(2025, 1, 20), D(2025, 2, 16))
    as_of = D(2025, 3, 31)
    data = huzhou_account(posts=daily(D(2024, 3, 1), as_of, skip), posts_from="2024-03-01")
    f = one("huzhou", data, as_of, HUZHOU)
    assert condition(f, "no_update_14_days_twice")["consecutive_occurrences"] == 2
    assert f.status is Status.VIOLATION
    shorter = huzhou_account(posts=daily(D(2024, 3, 1), as_of, skip - {D(2025, 2, 16)}), posts_from="2024-03-01")
    assert one("huzhou", shorter, as_of, HUZHOU).status is Status.COMPLIANT


@pytest.mark.parametrize(
    ("exposure", "status", "due"),
    [
        ({"on": "2024-06-01", "rectified_on": "2024-06-04"}, Status.COMPLIANT, None),  # the 3rd day
        ({"on": "2024-06-01", "rectified_on": "2024-06-05"}, Status.VIOLATION, None),
        ({"on": "2024-06-25"}, Status.PENDING, D(2024, 6, 28)),  # the 3 days end on as_of
        ({"on": "2024-06-24"}, Status.VIOLATION, None),
        ({"on": "2024-06-20", "rectified_on": "2024-06-30"}, Status.VIOLATION, None),  # rectified after as_of
    ],
)
def test_huzhou_rectification_within_3_days(exposure: dict[str, str], status: Status, due: dt.date | None) -> None:
    f = one("huzhou", huzhou_account(exposures=[exposure]), H_AS_OF, HUZHOU)
    assert f.status is status
    assert f.due == due
    if status is Status.VIOLATION:
        assert f.figures["held"] == ["not_rectified_3_days_after_exposure"]
        assert "晾晒" in f.message_zh


def test_huzhou_violation_outranks_pending() -> None:
    data = huzhou_account(exposures=[{"on": "2024-06-27"}], incidents=[{"kind": "legal_violation", "on": "2024-05-01"}])
    f = one("huzhou", data, H_AS_OF, HUZHOU)
    assert f.status is Status.VIOLATION and f.figures["held"] == ["legal_violation"]
    assert condition(f, "not_rectified_3_days_after_exposure")["state"] == "pending"


@pytest.mark.parametrize(
    ("kind", "held"),
    [("security", ["security_incident"]), ("leak", ["security_incident"]), ("legal_violation", ["legal_violation"])],
)
def test_huzhou_incidents(kind: str, held: list[str]) -> None:
    f = one("huzhou", huzhou_account(incidents=[{"kind": kind, "on": "2024-02-02"}]), H_AS_OF, HUZHOU)
    assert f.status is Status.VIOLATION and f.figures["held"] == held
    assert "2024-02-02" in f.message_zh and "2024-02-02" in f.message_en


def test_huzhou_incident_before_the_opening_is_not_counted() -> None:
    f = one("huzhou", huzhou_account(incidents=[{"kind": "security", "on": "2021-12-05"}]), H_AS_OF, HUZHOU)
    assert f.status is Status.COMPLIANT


def test_huzhou_incident_long_ago_still_counts_whatever_the_report_window() -> None:
    """7.5.(4) states no look-back: an incident since the guide applied and the account opened
    holds the condition, and the report window (since) does not change that."""
    data = huzhou_account(incidents=[{"kind": "security", "on": "2023-01-05"}])
    assert one("huzhou", data, H_AS_OF, HUZHOU).status is Status.VIOLATION


@pytest.mark.parametrize(
    ("counts", "population", "state"),
    [
        ([("2023-07-01", 100), ("2024-06-01", 499)], 50_000, "held"),
        ([("2023-07-01", 100), ("2024-06-01", 500)], 50_000, "not_held"),  # 500 is not below 1% of 50,000
        # 长期: the 900 is more than 12 months back, and one count below the bar cannot show persistence.
        ([("2023-06-28", 900), ("2024-06-01", 10)], 50_000, "unknown"),
        ([("2023-06-28", 900), ("2024-01-01", 10), ("2024-06-01", 10)], 50_000, "held"),
        ([("2023-06-29", 900), ("2024-06-01", 10)], 50_000, "not_held"),
        ([("2024-06-01", 600)], 50_000, "not_held"),  # one count at or above the bar settles it
        ([("2024-06-01", 10)], None, "unknown"),
        ([("2022-06-01", 10)], 50_000, "unknown"),  # no count in the last 12 months
    ],
)
def test_huzhou_followers_persistently_below_one_percent(counts: list[tuple[str, int]], population: int | None,
                                                         state: str) -> None:
    data = huzhou_account(followers=[{"on": on, "count": c} for on, c in counts], resident_population=population)
    f = one("huzhou", data, H_AS_OF, HUZHOU)
    assert condition(f, "followers_below_1pct_population")["state"] == state
    assert f.status is {"held": Status.VIOLATION, "not_held": Status.COMPLIANT, "unknown": Status.INSUFFICIENT_DATA}[state]
    if state != "not_held":
        assert f.source.clause == "7.5.(5)"


def test_huzhou_shut_down_or_cancelled_account_is_out_of_scope_but_a_closure_notice_is_not() -> None:
    """7.5 orders 清理注销; its interpretation note: "关停或注销后不再适用"; an account that has only
    announced its closure still exists."""
    incidents = [{"kind": "security", "on": "2024-02-02"}]
    cancelled = huzhou_account(incidents=incidents, events=[{"type": "account_cancelled", "on": "2024-05-01"}])
    assert one("huzhou", cancelled, H_AS_OF, HUZHOU).status is Status.NOT_APPLICABLE
    shut = huzhou_account(incidents=incidents, events=[{"type": "account_shut_down", "on": "2024-05-01"}])
    assert one("huzhou", shut, H_AS_OF, HUZHOU).status is Status.NOT_APPLICABLE
    announced = huzhou_account(incidents=incidents, events=[{"type": "closure_announced", "on": "2024-05-01"}])
    assert one("huzhou", announced, H_AS_OF, HUZHOU).status is Status.VIOLATION


def test_huzhou_events_before_the_guide_are_not_counted() -> None:
    # The guide is assumed in force from 2022-04-01: two notices in early 2022 do not count.
    as_of = D(2023, 3, 1)
    data = huzhou_account(opened_on="2020-01-01", posts=daily(D(2022, 3, 1), as_of),
                          assessments=[{"on": "2022-12-01", "effect_index": 90}],
                          followers=[{"on": "2022-06-01", "count": 600}],
                          notices=[{"level": "city", "on": "2022-02-01"}, {"level": "city", "on": "2022-03-01"}])
    assert one("huzhou", data, as_of, HUZHOU).status is Status.COMPLIANT
    data["notices"].append({"level": "province", "on": "2022-05-01"})
    data["notices"].append({"level": "city", "on": "2022-11-01"})
    assert one("huzhou", data, as_of, HUZHOU).status is Status.VIOLATION


# -- Zezhou: zezhou.cleanup.shut-down-conditions --------------------------------------------------

Z_AS_OF = D(2025, 2, 10)  # a Monday after the Spring Festival


def zezhou_account(**fields: Any) -> dict[str, Any]:
    data = account(opened_on="2021-05-01", posts=daily(D(2024, 6, 1), Z_AS_OF), interaction_enabled=True,
                   in_national_filing_system=True)
    data.update(fields)
    return data


def test_zezhou_shut_down_compliant_lists_unable_to_maintain() -> None:
    f = one("zezhou", zezhou_account(), Z_AS_OF, Z_SHUT)
    assert f.status is Status.COMPLIANT
    assert f.figures["not_evaluated"] == ["unable_to_maintain"] and f.figures["undecidable"] == ["unable_to_maintain"]
    assert condition(f, "single_veto_no_update")["state"] == "not_held"
    assert f.source.clause == "四.(一)" and len(f.sources) == 1  # compliant: the rule's sentence


@pytest.mark.parametrize(("last_post", "held"), [(D(2025, 1, 28), False), (D(2025, 1, 27), True)])
def test_zezhou_single_veto_no_update_in_two_weeks(last_post: dt.date, held: bool) -> None:
    # "监测时间点前2周内无更新": the 14 days up to and including as_of (01-28..02-10, across the Spring
    # Festival holiday) without a post. A last post on 01-27 leaves exactly those 14 days silent.
    f = one("zezhou", zezhou_account(posts=daily(D(2024, 6, 1), last_post)), Z_AS_OF, Z_SHUT)
    assert f.status is (Status.VIOLATION if held else Status.COMPLIANT)
    if held:
        assert f.figures["held"] == ["single_veto_no_update"]
        assert "单项否决项" in f.message_zh and "2025-01-27" in f.message_zh
        # The secondary item first, then Zezhou's own words, then the rule's sentence.
        assert [(s.document, s.clause, s.secondary) for s in f.sources] == [
            ("cn-gbmh-2019-19", "veto.no-update", True), ("zezhou-zzbh-2022-6", "四.(一)", False),
            ("zezhou-zzbh-2022-6", "四.(一)", False)]
        assert f.sources[1].quote == "出现国务院办公厅政务新媒体检查指标中规定的单项否决项问题"


@pytest.mark.parametrize(("opened", "held"), [(D(2025, 1, 28), False), (D(2025, 1, 27), True)])
def test_zezhou_single_veto_never_posted_counts_from_opening(opened: dt.date, held: bool) -> None:
    data = zezhou_account(opened_on=opened.isoformat(), posts=[])
    f = one("zezhou", data, Z_AS_OF, Z_SHUT)
    assert f.status is (Status.VIOLATION if held else Status.COMPLIANT)


def test_zezhou_single_veto_interaction_and_security() -> None:
    f = one("zezhou", zezhou_account(interaction_enabled=False), Z_AS_OF, Z_SHUT)
    assert f.status is Status.VIOLATION and "未提供有效互动功能" in f.message_zh
    assert f.source.clause == "veto.interaction" and f.source.secondary
    f = one("zezhou", zezhou_account(incidents=[{"kind": "leak", "on": "2024-12-01"}]), Z_AS_OF, Z_SHUT)
    assert f.status is Status.VIOLATION and "泄密" in f.message_zh
    assert f.source.clause == "veto.security" and f.figures["held"] == ["single_veto_security_incident"]
    f = one("zezhou", zezhou_account(incidents=[{"kind": "legal_violation", "on": "2024-12-01"}]), Z_AS_OF, Z_SHUT)
    assert f.status is Status.COMPLIANT  # not a single-veto item
    # Whether the account offers interaction is not given: the item could hold, so no clean bill.
    f = one("zezhou", zezhou_account(interaction_enabled=None), Z_AS_OF, Z_SHUT)
    assert f.status is Status.INSUFFICIENT_DATA
    assert f.figures["missing_facts"] == ["interaction_enabled"]
    assert f.source.clause == "veto.interaction"
    f = one("zezhou", zezhou_account(interaction_enabled=None, notices=[{"level": "city", "on": "2025-01-05"}]),
            Z_AS_OF, Z_SHUT)
    assert f.status is Status.VIOLATION and f.source.quote == "一年内1次被市级以上通报"


@pytest.mark.parametrize(
    ("level", "on", "held"),
    [
        ("city", "2024-02-11", True),  # the first day of the 12 months up to as_of
        ("city", "2024-02-10", False),
        ("province", "2025-02-10", True),
        ("national", "2024-12-01", True),
        ("county", "2025-01-05", False),  # county notices do not count
        ("city", "2025-02-11", False),  # after as_of
    ],
)
def test_zezhou_city_notice_within_a_rolling_year(level: str, on: str, held: bool) -> None:
    f = one("zezhou", zezhou_account(notices=[{"level": level, "on": on}]), Z_AS_OF, Z_SHUT)
    assert f.status is (Status.VIOLATION if held else Status.COMPLIANT)
    assert condition(f, "city_notice_within_year")["window"] == "2024-02-11/2025-02-10"
    if held:
        assert f.figures["held"] == ["city_notice_within_year"] and "市级以上" in f.message_zh


def test_zezhou_shut_down_account_is_out_of_scope() -> None:
    data = zezhou_account(interaction_enabled=False, events=[{"type": "account_shut_down", "on": "2025-01-10"}])
    assert one("zezhou", data, Z_AS_OF, Z_SHUT).status is Status.NOT_APPLICABLE


# -- Zezhou: zezhou.cleanup.unreported-accounts (漏报) ---------------------------------------------


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"in_national_filing_system": True}, Status.COMPLIANT),
        ({"in_national_filing_system": False}, Status.VIOLATION),
        ({"in_national_filing_system": None,
          "filings": [{"event": "account_opened", "recipient": "national_filing_system", "filed_on": "2021-05-20"}]},
         Status.COMPLIANT),
        ({"in_national_filing_system": None}, Status.VIOLATION),
        ({"in_national_filing_system": None,
          "filings": [{"event": "account_opened", "recipient": "supervising_unit", "filed_on": "2021-05-02"}]},
         Status.VIOLATION),  # the county office is not the national system
        ({"in_national_filing_system": None,
          "filings": [{"event": "account_opened", "recipient": "national_filing_system", "filed_on": "2025-03-01"}]},
         Status.VIOLATION),  # filed after as_of
    ],
)
def test_zezhou_unreported(fields: dict[str, Any], status: Status) -> None:
    f = one("zezhou", zezhou_account(**fields), Z_AS_OF, Z_UNREPORTED)
    assert f.status is status
    if status is Status.VIOLATION:
        assert "漏报" in f.message_zh and "national filing system" in f.message_en


def test_zezhou_unreported_without_opening_date() -> None:
    data = zezhou_account(in_national_filing_system=None)
    del data["opened_on"]
    assert one("zezhou", data, Z_AS_OF, Z_UNREPORTED).status is Status.INSUFFICIENT_DATA
    data["in_national_filing_system"] = False
    assert one("zezhou", data, Z_AS_OF, Z_UNREPORTED).status is Status.VIOLATION


@pytest.mark.parametrize(
    ("opened", "as_of", "status", "due"),
    [
        # Opened Monday 2025-01-27; 01-28..02-04 off: the 2 working days are 02-05 and 02-06.
        (D(2025, 1, 27), D(2025, 2, 6), Status.PENDING, D(2025, 2, 6)),
        (D(2025, 1, 27), D(2025, 2, 7), Status.VIOLATION, None),
        # Opened Friday 2025-01-24: Sunday 01-26 is a makeup working day, so the 2nd is Monday 01-27.
        (D(2025, 1, 24), D(2025, 1, 27), Status.PENDING, D(2025, 1, 27)),
        (D(2025, 1, 24), D(2025, 1, 28), Status.VIOLATION, None),
        # Opened Friday 2025-02-07: Saturday 02-08 is a makeup working day.
        (D(2025, 2, 7), D(2025, 2, 11), Status.VIOLATION, None),
        (D(2025, 2, 7), D(2025, 2, 8), Status.PENDING, D(2025, 2, 10)),
    ],
)
def test_zezhou_unreported_registration_window_over_spring_festival(opened: dt.date, as_of: dt.date, status: Status,
                                                                   due: dt.date | None) -> None:
    data = zezhou_account(opened_on=opened.isoformat(), in_national_filing_system=None, posts=daily(opened, as_of))
    f = one("zezhou", data, as_of, Z_UNREPORTED)
    assert f.status is status
    assert f.due == due


def test_zezhou_unreported_makeup_saturday_counts() -> None:
    # Opened Thursday 2025-02-06: Friday 02-07 and the makeup Saturday 02-08 are the 2 working days.
    data = zezhou_account(opened_on="2025-02-06", in_national_filing_system=False, posts=daily(D(2025, 2, 6), D(2025, 2, 9)))
    f = one("zezhou", data, D(2025, 2, 9), Z_UNREPORTED)
    assert f.status is Status.VIOLATION
    assert condition(f, "not_in_national_filing_system")["due"] == "2025-02-08"


# -- Zezhou: zezhou.cleanup.low-usage ---------------------------------------------------------------


def test_zezhou_low_usage_is_never_decided() -> None:
    f = one("zezhou", zezhou_account(), Z_AS_OF, Z_LOW_USAGE)
    assert f.status is Status.INSUFFICIENT_DATA
    assert f.figures["not_evaluated"] == ["similar_function_low_usage"]
    assert f.lineage == "cn.cleanup.low-usage"


# -- Zezhou: zezhou.cleanup.duplicate-accounts (across accounts) ----------------------------------


def test_zezhou_duplicate_accounts_on_one_platform() -> None:
    accounts = [
        zezhou_account(id="a1", platform="wechat"),
        zezhou_account(id="a2", platform="wechat", account_type="service"),
        zezhou_account(id="a3", platform="weibo", account_type=None),
        zezhou_account(id="b1", platform="wechat", host_unit="另一单位"),
    ]
    found = {f.account: f for f in findings("zezhou", accounts, Z_AS_OF, Z_DUPLICATE)}
    assert set(found) == {"a1", "a2", "a3", "b1"}
    assert found["a1"].status is Status.VIOLATION and found["a2"].status is Status.VIOLATION
    assert found["a1"].figures["others"] == ["a2"]
    assert "原则上" in found["a1"].message_zh and "in principle" in found["a1"].message_en
    assert found["a3"].status is Status.COMPLIANT and found["b1"].status is Status.COMPLIANT


def test_zezhou_duplicate_closed_account_does_not_count() -> None:
    accounts = [
        zezhou_account(id="a1"),
        zezhou_account(id="a2", events=[{"type": "account_cancelled", "on": "2024-12-01"}]),
    ]
    found = {f.account: f for f in findings("zezhou", accounts, Z_AS_OF, Z_DUPLICATE)}
    assert found["a1"].status is Status.COMPLIANT
    assert found["a2"].status is Status.NOT_APPLICABLE


def test_duplicate_rule_gives_one_finding_per_account() -> None:
    found = findings("zezhou", [zezhou_account(id="a1"), zezhou_account(id="a2")], Z_AS_OF, Z_DUPLICATE)
    assert sorted(f.account for f in found) == ["a1", "a2"]


# -- Gao County: gaoxian.cleanup.unfiled-accounts -------------------------------------------------

G_AS_OF = D(2024, 10, 31)


def gaoxian_account(**fields: Any) -> dict[str, Any]:
    data = account(opened_on="2024-03-04", posts=daily(D(2024, 3, 4), G_AS_OF))
    data.update(fields)
    return data


def opening_filing(filed_on: str, recipient: str = "supervising_unit", event: str = "account_opened") -> dict[str, str]:
    return {"event": event, "recipient": recipient, "filed_on": filed_on}


@pytest.mark.parametrize(
    ("filings", "status"),
    [
        ([opening_filing("2024-03-05")], Status.COMPLIANT),
        ([opening_filing("2024-02-20")], Status.COMPLIANT),  # filed before opening
        ([opening_filing("2024-06-01")], Status.COMPLIANT),  # late, but filed: the lateness is another rule's
        ([], Status.VIOLATION),
        ([opening_filing("2024-03-05", recipient="national_filing_system")], Status.VIOLATION),
        ([opening_filing("2024-03-05", event="account_info_changed")], Status.VIOLATION),
        ([opening_filing("2024-11-01")], Status.VIOLATION),  # after as_of
    ],
)
def test_gaoxian_unfiled(filings: list[dict[str, str]], status: Status) -> None:
    f = one("gaoxian", gaoxian_account(filings=filings), G_AS_OF, GAOXIAN)
    assert f.status is status
    if status is Status.VIOLATION:
        assert "主管单位" in f.message_zh and "supervising unit" in f.message_en
        assert f.figures["held"] == ["not_filed"]


@pytest.mark.parametrize(
    ("opened", "as_of", "status", "due"),
    [
        # Opened Monday 2024-09-30; 10-01..10-07 off: the 2 working days are 10-08 and 10-09.
        (D(2024, 9, 30), D(2024, 10, 9), Status.PENDING, D(2024, 10, 9)),
        (D(2024, 9, 30), D(2024, 10, 10), Status.VIOLATION, None),
        # Opened Friday 2024-09-27: Sunday 09-29 is a makeup working day, so the 2nd is Monday 09-30.
        (D(2024, 9, 27), D(2024, 9, 30), Status.PENDING, D(2024, 9, 30)),
        (D(2024, 9, 27), D(2024, 10, 1), Status.VIOLATION, None),
        # Opened Thursday 2024-10-10: Friday 10-11 and the makeup Saturday 10-12.
        (D(2024, 10, 10), D(2024, 10, 12), Status.PENDING, D(2024, 10, 12)),
        (D(2024, 10, 10), D(2024, 10, 13), Status.VIOLATION, None),
    ],
)
def test_gaoxian_filing_window_over_national_day(opened: dt.date, as_of: dt.date, status: Status,
                                                 due: dt.date | None) -> None:
    data = gaoxian_account(opened_on=opened.isoformat(), posts=daily(opened, as_of))
    f = one("gaoxian", data, as_of, GAOXIAN)
    assert f.status is status
    assert f.due == due
    if status is Status.PENDING:
        assert "尚未届满" in f.message_zh


def test_gaoxian_without_opening_date() -> None:
    data = gaoxian_account()
    del data["opened_on"]
    assert one("gaoxian", data, G_AS_OF, GAOXIAN).status is Status.INSUFFICIENT_DATA
    data["filings"] = [opening_filing("2024-03-05")]
    assert one("gaoxian", data, G_AS_OF, GAOXIAN).status is Status.COMPLIANT


def test_gaoxian_cancelled_account_is_out_of_scope() -> None:
    data = gaoxian_account(events=[{"type": "account_cancelled", "on": "2024-06-01"}])
    assert one("gaoxian", data, G_AS_OF, GAOXIAN).status is Status.NOT_APPLICABLE


# -- properties -----------------------------------------------------------------------------------

P_START = D(2024, 1, 1)
P_AS_OF = D(2024, 6, 30)
P_DAYS = (P_AS_OF - P_START).days


def direct(alias: str, rule_id: str, data: dict[str, Any], as_of: dt.date) -> Any:
    """The evaluator alone, without the rest of the rulebook: fast enough for properties."""
    rules = book(alias, as_of)
    rule = next(r for r in rules if r.id == rule_id)
    context = EvaluationContext(as_of, default_calendar(), None, rule_starts(rules))
    found = list(cleanup_condition(rule, AccountView(account_from_json(data), as_of), context))
    assert len(found) == 1
    return found[0]


post_offsets = st.sets(st.integers(0, P_DAYS), max_size=40)


def offsets_account(offsets: set[int], **fields: Any) -> dict[str, Any]:
    posts = [{"published_at": (P_START + dt.timedelta(days=o)).isoformat()} for o in sorted(offsets)]
    return huzhou_account(opened_on="2022-01-01", posts=posts, **fields)


def naive_occurrences(offsets: set[int], window_start: dt.date, as_of: dt.date, anchor: dt.date) -> int:
    """Day by day: maximal runs of silent days inside the window, each worth floor(run / 14)."""
    posted = {P_START + dt.timedelta(days=o) for o in offsets} | {anchor}
    total, run = 0, 0
    day = window_start
    while day <= as_of:
        if day in posted:
            total += run // 14
            run = 0
        else:
            run += 1
        day += dt.timedelta(days=1)
    return total + run // 14


@settings(deadline=None, max_examples=60)
@given(post_offsets)
def test_property_dormancy_count_matches_day_by_day(offsets: set[int]) -> None:
    f = direct("huzhou", HUZHOU, offsets_account(offsets), P_AS_OF)
    window = condition(f, "no_update_14_days_twice")["window"].split("/")
    start = D.fromisoformat(window[0])
    # No post before P_START: the silence before the first post runs from the opening (2022-01-01).
    expected = naive_occurrences(offsets, start, P_AS_OF, D(2022, 1, 1))
    assert condition(f, "no_update_14_days_twice")["occurrences"] == expected


@settings(deadline=None, max_examples=60)
@given(post_offsets, st.integers(0, P_DAYS))
def test_property_adding_a_post_never_adds_dormancy(offsets: set[int], extra: int) -> None:
    before = direct("huzhou", HUZHOU, offsets_account(offsets), P_AS_OF)
    after = direct("huzhou", HUZHOU, offsets_account(offsets | {extra}), P_AS_OF)
    assert (condition(after, "no_update_14_days_twice")["occurrences"]
            <= condition(before, "no_update_14_days_twice")["occurrences"])
    if before.status is not Status.VIOLATION:
        assert after.status is not Status.VIOLATION
    z_before = direct("zezhou", Z_SHUT, zezhou_account(posts=offsets_account(offsets)["posts"]), P_AS_OF)
    z_after = direct("zezhou", Z_SHUT, zezhou_account(posts=offsets_account(offsets | {extra})["posts"]), P_AS_OF)
    if z_before.status is not Status.VIOLATION:
        assert z_after.status is not Status.VIOLATION


_RANK = {Status.COMPLIANT: 0, Status.PENDING: 1, Status.VIOLATION: 2}


@settings(deadline=None, max_examples=40)
@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 30))
def test_property_an_earlier_filing_is_never_worse(first: int, second: int, as_of_offset: int) -> None:
    opened = D(2024, 9, 25)
    as_of = opened + dt.timedelta(days=as_of_offset)
    early, late = sorted((first, second))

    def status(offset: int) -> Status:
        filed = opened + dt.timedelta(days=offset - 10)
        data = gaoxian_account(opened_on=opened.isoformat(), filings=[opening_filing(filed.isoformat())])
        return direct("gaoxian", GAOXIAN, data, as_of).status

    assert _RANK[status(early)] <= _RANK[status(late)]


notice_levels = st.sampled_from(["national", "province", "city", "county"])
notice_days = st.integers(0, 900).map(lambda n: D(2022, 6, 1) + dt.timedelta(days=n))


@settings(deadline=None, max_examples=40)
@given(st.lists(st.tuples(notice_levels, notice_days), max_size=4), notice_levels, notice_days,
       st.sampled_from([None, "township", "county"]))
def test_property_another_notice_never_clears_a_violation(notices: list[tuple[str, dt.date]], level: str,
                                                          on: dt.date, unit_level: str | None) -> None:
    as_of = D(2024, 6, 28)

    def status(items: list[tuple[str, dt.date]], alias: str, rule_id: str, base: dict[str, Any]) -> Status:
        data = dict(base, notices=[{"level": lv, "on": d.isoformat()} for lv, d in items])
        data["host_unit_level"] = unit_level
        return direct(alias, rule_id, data, as_of).status

    for alias, rule_id, base in (("huzhou", HUZHOU, huzhou_account()), ("zezhou", Z_SHUT, zezhou_account())):
        if status(notices, alias, rule_id, base) is Status.VIOLATION:
            assert status([*notices, (level, on)], alias, rule_id, base) is Status.VIOLATION
