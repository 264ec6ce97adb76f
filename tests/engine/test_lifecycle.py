"""Lifecycle rules: filing deadlines, closure notices, the Huzhou re-opening ban and the Gao County
exit ladder, evaluated on the real rulebooks of all five jurisdictions.

Holiday dates used (State Council schedules, makeup working days included):
* National Day 2024: 2024-09-29 (Sun) worked, 10-01..10-07 off, 2024-10-12 (Sat) worked.
* Spring Festival 2025: 2025-01-26 (Sun) worked, 01-28..02-04 off, 2025-02-08 (Sat) worked.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_new_media_rules
from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.engine.context import AccountSummary, EvaluationContext, UnitIndex
from gov_new_media_rules.engine.evaluators.lifecycle import reopen_ban
from gov_new_media_rules.engine.selection import rule_starts
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.model.vocab import UnitLevel

D = dt.date
C = Status.COMPLIANT
V = Status.VIOLATION
P = Status.PENDING
I = Status.INSUFFICIENT_DATA  # noqa: E741



@functools.lru_cache(maxsize=None)
def book(alias: str, on: dt.date) -> Any:
    return gov_new_media_rules.rulebook(alias, on=on)


def account(**fields: Any) -> Any:
    # A county bureau's account: a 基层 account in Huzhou's guide's scope.
    raw = {"id": "acc-1", "name": "测试发布", "platform": "wechat", "host_unit": "某县某局", "host_unit_level": "county"}
    raw.update(fields)
    return account_from_json(raw)


def ev(type_: str, on: str, **extra: Any) -> dict[str, Any]:
    return {"type": type_, "on": on, **extra}


def filing(event: str, recipient: str, filed_on: str, event_on: str | None = None) -> dict[str, Any]:
    data = {"event": event, "recipient": recipient, "filed_on": filed_on}
    if event_on:
        data["event_on"] = event_on
    return data


def findings(alias: str, accounts: Any, as_of: dt.date, rule: str | None = None) -> list[Any]:
    accounts = accounts if isinstance(accounts, list) else [accounts]
    report = evaluate(book(alias, as_of), accounts, as_of)
    return [f for f in report.findings if rule is None or f.rule == rule]


def one(alias: str, acct: Any, as_of: dt.date, rule: str, period: str) -> Any:
    matches = [f for f in findings(alias, acct, as_of, rule) if f.period == period]
    assert len(matches) == 1, [(f.rule, f.period, f.status) for f in findings(alias, acct, as_of, rule)]
    return matches[0]


def period(event: str, day: str, target: str) -> str:
    return f"{event} {day} → {target}"


# -- filing deadlines with a time limit -----------------------------------------------------------

# (alias, rule, event, recipient, event day, filed on (None: no filing), as of, status, due)
TIMED = [
    # 湖州 7.2: 5 working days over National Day; the 5th is the makeup Saturday 2024-10-12.
    ("huzhou", "huzhou.filing.opening", "account_opened", "zhejiang_platform", "2024-09-30", "2024-10-12", "2024-11-01", C, "2024-10-12"),
    ("huzhou", "huzhou.filing.opening", "account_opened", "national_filing_system", "2024-09-30", "2024-10-14", "2024-11-01", V, "2024-10-12"),
    ("huzhou", "huzhou.filing.opening", "account_opened", "zhejiang_platform", "2024-09-30", None, "2024-10-12", P, "2024-10-12"),
    ("huzhou", "huzhou.filing.opening", "account_opened", "zhejiang_platform", "2024-09-30", None, "2024-10-13", V, "2024-10-12"),
    # 湖州 7.3: 5 working days after a change, over Spring Festival (01-27 -> 02-05,06,07,08(Sat),10).
    ("huzhou", "huzhou.filing.change", "account_info_changed", "zhejiang_platform", "2025-01-27", "2025-02-10", "2025-03-01", C, "2025-02-10"),
    ("huzhou", "huzhou.filing.change", "account_info_changed", "national_filing_system", "2025-01-27", "2025-02-11", "2025-03-01", V, "2025-02-10"),
    ("huzhou", "huzhou.filing.change", "account_info_changed", "national_filing_system", "2025-01-27", None, "2025-02-08", P, "2025-02-10"),
    # 泽州县: 2 working days. 2024-09-30 -> 10-08 is the 1st, 10-09 the 2nd.
    ("zezhou", "zezhou.filing.national-system", "account_opened", "national_filing_system", "2024-09-30", "2024-10-09", "2024-11-01", C, "2024-10-09"),
    ("zezhou", "zezhou.filing.national-system", "account_opened", "national_filing_system", "2024-09-30", "2024-10-10", "2024-11-01", V, "2024-10-09"),
    # Opened on Friday 2024-09-27: the makeup Sunday 09-29 is the 1st working day, Monday 09-30 the 2nd.
    ("zezhou", "zezhou.filing.national-system", "account_opened", "national_filing_system", "2024-09-27", "2024-09-30", "2024-11-01", C, "2024-09-30"),
    ("zezhou", "zezhou.filing.national-system", "account_opened", "national_filing_system", "2024-09-27", "2024-10-08", "2024-11-01", V, "2024-09-30"),
    # Cancelled on Friday 2025-01-24: the makeup Sunday 01-26 is the 1st working day, 01-27 the 2nd.
    ("zezhou", "zezhou.filing.national-system", "account_cancelled", "national_filing_system", "2025-01-24", "2025-01-27", "2025-03-01", C, "2025-01-27"),
    ("zezhou", "zezhou.filing.national-system", "account_cancelled", "national_filing_system", "2025-01-24", "2025-02-05", "2025-03-01", V, "2025-01-27"),
    # 泽州县 二.(三) "先填写……报送县政府办公室": the county form is due before the cancellation, on its day at the latest.
    ("zezhou", "zezhou.filing.national-system", "account_cancelled", "supervising_unit", "2025-01-24", None, "2025-01-24", P, "2025-01-24"),
    ("zezhou", "zezhou.filing.national-system", "account_cancelled", "supervising_unit", "2025-01-24", None, "2025-01-25", V, "2025-01-24"),
    ("zezhou", "zezhou.filing.national-system", "account_cancelled", "supervising_unit", "2025-01-24", "2025-01-27", "2025-03-01", V, "2025-01-24"),
    ("zezhou", "zezhou.filing.national-system", "account_cancelled", "supervising_unit", "2025-01-24", "2025-01-20", "2025-03-01", C, "2025-01-24"),
    ("zezhou", "zezhou.filing.national-system", "account_info_changed", "national_filing_system", "2025-02-06", None, "2025-02-08", P, "2025-02-08"),
    ("zezhou", "zezhou.filing.national-system", "account_info_changed", "national_filing_system", "2025-02-06", None, "2025-02-10", V, "2025-02-08"),
    # 二.(二) "变更前": the form for a change precedes it; a form two days after is late.
    ("zezhou", "zezhou.filing.national-system", "account_info_changed", "supervising_unit", "2025-02-06", "2025-02-05", "2025-03-01", C, "2025-02-06"),
    ("zezhou", "zezhou.filing.national-system", "account_info_changed", "supervising_unit", "2025-02-06", "2025-02-08", "2025-03-01", V, "2025-02-06"),
    # 湖州 7.3: the written form within the same 5 working days as the platform update
    # (2025-04-28 Mon -> 04-29, 04-30, 05-06, 05-07, 05-08; 05-01..05 off).
    ("huzhou", "huzhou.filing.change-form", "account_info_changed", "supervising_unit", "2025-04-28", "2025-05-08", "2025-10-31", C, "2025-05-08"),
    ("huzhou", "huzhou.filing.change-form", "account_info_changed", "supervising_unit", "2025-04-28", "2025-10-20", "2025-10-31", V, "2025-05-08"),
    # 湖州 7.4.(3): the 拟注销申请 precedes the cancellation.
    ("huzhou", "huzhou.cleanup.cancel-3-zhejiang-application", "account_cancelled", "zhejiang_platform", "2024-09-20", "2024-09-10", "2024-10-31", C, "2024-09-20"),
    ("huzhou", "huzhou.cleanup.cancel-3-zhejiang-application", "account_cancelled", "zhejiang_platform", "2024-09-20", "2024-10-15", "2024-10-31", V, "2024-09-20"),
    # 长春新区 第十三条 "同步": no later than the closure day; 2025-03-25 -> 2025-09-25 is 128 working days late.
    ("changchun-xinqu", "changchun-xinqu.filing.closure", "account_cancelled", "supervising_unit", "2025-03-25", "2025-03-25", "2025-09-30", C, "2025-03-25"),
    ("changchun-xinqu", "changchun-xinqu.filing.closure", "account_cancelled", "supervising_unit", "2025-03-25", "2025-09-25", "2025-09-30", V, "2025-03-25"),
    ("changchun-xinqu", "changchun-xinqu.filing.closure", "account_shut_down", "supervising_unit", "2025-03-25", None, "2025-03-26", V, "2025-03-25"),
    # 高县 七.(三): 2 working days; 2025-02-06 (Thu) -> 02-07, 02-08 (makeup Saturday).
    ("gaoxian", "gaoxian.filing.within-2-working-days", "account_info_changed", "supervising_unit", "2025-02-06", "2025-02-08", "2025-03-01", C, "2025-02-08"),
    ("gaoxian", "gaoxian.filing.within-2-working-days", "account_info_changed", "supervising_unit", "2025-02-06", "2025-02-10", "2025-03-01", V, "2025-02-08"),
    ("gaoxian", "gaoxian.filing.within-2-working-days", "account_opened", "supervising_unit", "2024-09-30", None, "2024-10-09", P, "2024-10-09"),
    ("gaoxian", "gaoxian.filing.within-2-working-days", "account_cancelled", "supervising_unit", "2024-09-30", None, "2024-10-10", V, "2024-10-09"),
    # 高县 七.(一): staff changes, 3 working days; 2025-01-27 -> 02-05, 02-06, 02-07.
    ("gaoxian", "gaoxian.filing.staff-change", "staff_changed", "supervising_unit", "2025-01-27", "2025-02-07", "2025-03-01", C, "2025-02-07"),
    ("gaoxian", "gaoxian.filing.staff-change", "staff_changed", "supervising_unit", "2025-01-27", "2025-02-08", "2025-03-01", V, "2025-02-07"),
    ("gaoxian", "gaoxian.filing.staff-change", "staff_changed", "supervising_unit", "2025-01-27", None, "2025-02-07", P, "2025-02-07"),
    ("gaoxian", "gaoxian.filing.staff-change", "staff_changed", "supervising_unit", "2025-01-27", None, "2025-02-08", V, "2025-02-07"),
]


@pytest.mark.parametrize("alias,rule,event,recipient,day,filed,as_of,status,due", TIMED)
def test_timed_filing(alias: str, rule: str, event: str, recipient: str, day: str, filed: str | None,
                      as_of: str, status: Status, due: str) -> None:
    events = [ev(event, day)]
    if event != "account_opened":
        events.insert(0, ev("account_opened", "2023-06-01"))
    acct = account(events=events, filings=[filing(event, recipient, filed)] if filed else [])
    finding = one(alias, acct, D.fromisoformat(as_of), rule, period(event, day, recipient))
    assert finding.status is status
    assert finding.due == D.fromisoformat(due)
    assert finding.figures["due"] == due
    if filed:
        assert finding.figures["filed_on"] == filed
    if status is V and filed:
        assert finding.figures["working_days_late"] == default_calendar().count_working_days(D.fromisoformat(due), D.fromisoformat(filed))
        assert "逾期" in finding.message_zh and "late" in finding.message_en
    if status is V and not filed:
        assert "缺失" in finding.message_zh and "missing" in finding.message_en
    assert due in finding.message_zh and due in finding.message_en


def test_huzhou_late_figures_name_working_days_late() -> None:
    acct = account(opened_on="2024-09-30", filings=[filing("account_opened", "national_filing_system", "2024-10-16")])
    f = one("huzhou", acct, D(2024, 11, 1), "huzhou.filing.opening", period("account_opened", "2024-09-30", "national_filing_system"))
    assert f.status is V
    assert f.figures["working_days_late"] == 3  # 10-14, 10-15, 10-16
    assert "逾期3个工作日" in f.message_zh


def test_opened_on_stands_in_for_a_missing_opening_event() -> None:
    acct = account(opened_on="2024-09-30")
    fs = findings("huzhou", acct, D(2024, 10, 8), "huzhou.filing.opening")
    assert {(f.period, f.status) for f in fs} == {
        (period("account_opened", "2024-09-30", "zhejiang_platform"), P),
        (period("account_opened", "2024-09-30", "national_filing_system"), P),
    }


def test_one_finding_per_occurrence_and_recipient_in_stable_order() -> None:
    acct = account(
        opened_on="2023-01-05",
        events=[ev("account_info_changed", "2024-06-03"), ev("account_info_changed", "2024-03-04"),
                ev("account_info_changed", "2024-03-04")],
        filings=[filing("account_info_changed", "zhejiang_platform", "2024-03-05"),
                 filing("account_info_changed", "national_filing_system", "2024-03-06"),
                 filing("account_info_changed", "zhejiang_platform", "2024-06-04", "2024-06-03")],
    )
    fs = findings("huzhou", acct, D(2024, 12, 31), "huzhou.filing.change")
    assert [(f.period, f.status) for f in fs] == [
        (period("account_info_changed", "2024-03-04", "zhejiang_platform"), C),
        (period("account_info_changed", "2024-03-04", "national_filing_system"), C),
        (period("account_info_changed", "2024-06-03", "zhejiang_platform"), C),
        # the national filing of 03-06 is earlier than this occurrence: it does not count for it
        (period("account_info_changed", "2024-06-03", "national_filing_system"), V),
    ]
    again = findings("huzhou", acct, D(2024, 12, 31), "huzhou.filing.change")
    assert again == fs


def test_a_filing_tagged_with_another_occurrence_does_not_count() -> None:
    acct = account(
        opened_on="2023-01-05",
        events=[ev("account_info_changed", "2024-03-04"), ev("account_info_changed", "2024-06-03")],
        filings=[filing("account_info_changed", "national_filing_system", "2024-06-04", "2024-03-04")],
    )
    fs = {f.period: f for f in findings("huzhou", acct, D(2024, 12, 31), "huzhou.filing.change")}
    late = fs[period("account_info_changed", "2024-03-04", "national_filing_system")]
    assert late.status is V and late.figures["filed_on"] == "2024-06-04"
    assert fs[period("account_info_changed", "2024-06-03", "national_filing_system")].status is V
    assert "filed_on" not in fs[period("account_info_changed", "2024-06-03", "national_filing_system")].figures


def test_filings_after_as_of_are_not_seen() -> None:
    acct = account(opened_on="2024-09-30", filings=[filing("account_opened", "zhejiang_platform", "2024-10-11")])
    f = one("huzhou", acct, D(2024, 10, 10), "huzhou.filing.opening", period("account_opened", "2024-09-30", "zhejiang_platform"))
    assert f.status is P


def test_events_before_the_rule_took_effect_are_not_judged() -> None:
    # The Huzhou guide applies from 2022-04-01; the national rule from 2018-12-27.
    acct = account(opened_on="2022-03-01")
    assert findings("huzhou", acct, D(2024, 1, 1), "huzhou.filing.opening") == []
    assert findings("huzhou", account(opened_on="2018-06-01"), D(2024, 1, 1), "cn.filing.lifecycle") == []


def test_events_after_as_of_are_not_judged() -> None:
    acct = account(opened_on="2023-01-05", events=[ev("account_info_changed", "2025-01-02")])
    assert findings("huzhou", acct, D(2024, 12, 31), "huzhou.filing.change") == []


# -- the supervising unit may be told before the event (泽州县 interpretation) ---------------------


def test_zezhou_supervising_unit_filing_before_the_event_counts() -> None:
    acct = account(
        events=[ev("account_opened", "2024-09-30")],
        filings=[filing("account_opened", "supervising_unit", "2024-09-20"),
                 filing("account_opened", "national_filing_system", "2024-09-20")],
    )
    fs = {f.period: f for f in findings("zezhou", acct, D(2024, 11, 1), "zezhou.filing.national-system")}
    supervising = fs[period("account_opened", "2024-09-30", "supervising_unit")]
    assert supervising.status is C and supervising.figures["filed_on"] == "2024-09-20"
    # The national system cannot hold a filing of an account before it exists: not counted.
    assert fs[period("account_opened", "2024-09-30", "national_filing_system")].status is V


def test_a_prior_filing_covers_only_the_next_occurrence() -> None:
    acct = account(
        opened_on="2023-01-05",
        events=[ev("account_info_changed", "2024-03-04"), ev("account_info_changed", "2024-06-03")],
        filings=[filing("account_info_changed", "supervising_unit", "2024-03-01")],
    )
    fs = {f.period: f.status for f in findings("zezhou", acct, D(2024, 12, 31), "zezhou.filing.national-system")}
    assert fs[period("account_info_changed", "2024-03-04", "supervising_unit")] is C
    assert fs[period("account_info_changed", "2024-06-03", "supervising_unit")] is V


def test_zezhou_shut_down_falls_to_the_national_rule_without_deadline() -> None:
    acct = account(opened_on="2023-01-05", events=[ev("account_shut_down", "2024-03-04")])
    f = one("zezhou", acct, D(2025, 12, 31), "cn.filing.lifecycle", period("account_shut_down", "2024-03-04", "supervising_unit"))
    assert f.status is P and f.due is None and "原文未规定时限" in f.message_zh
    # the Zezhou refinement takes opening, change and cancellation: never the shut-down
    assert not [f for f in findings("zezhou", acct, D(2025, 12, 31), "zezhou.filing.national-system")
                if "account_shut_down" in f.period]


# -- filing duties without a time limit: filed or pending, never late ------------------------------

# (alias, rule, event, recipient)
UNTIMED = [
    ("national", "cn.filing.lifecycle", "account_opened", "supervising_unit"),
    ("national", "cn.filing.lifecycle", "account_info_changed", "supervising_unit"),
    ("national", "cn.filing.lifecycle", "account_shut_down", "supervising_unit"),
    ("national", "cn.filing.lifecycle", "account_cancelled", "supervising_unit"),
    ("zezhou", "cn.filing.lifecycle", "account_shut_down", "supervising_unit"),
    ("gaoxian", "cn.filing.lifecycle", "account_shut_down", "supervising_unit"),
    ("huzhou", "cn.filing.lifecycle", "account_cancelled", "supervising_unit"),
    ("huzhou", "huzhou.cleanup.cancel-4-national-shutdown", "account_cancelled", "national_filing_system"),
    ("changchun-xinqu", "changchun-xinqu.filing.lifecycle", "account_opened", "supervising_unit"),
    ("changchun-xinqu", "changchun-xinqu.filing.lifecycle", "account_info_changed", "supervising_unit"),
    ("changchun-xinqu", "changchun-xinqu.filing.staff-change", "staff_changed", "supervising_unit"),
]
# "及时" (timing = promptly) is read like no time limit, and says so.
PROMPTLY = {"changchun-xinqu.filing.staff-change"}


@pytest.mark.parametrize("alias,rule,event,recipient", UNTIMED)
def test_untimed_filing_filed_much_later_is_compliant(alias: str, rule: str, event: str, recipient: str) -> None:
    events = [ev(event, "2024-03-04")]
    if event != "account_opened":
        events.insert(0, ev("account_opened", "2023-01-05"))
    acct = account(events=events, filings=[filing(event, recipient, "2025-03-04")])
    f = one(alias, acct, D(2025, 6, 1), rule, period(event, "2024-03-04", recipient))
    assert f.status is C
    assert f.due is None and f.figures["within"] is None and f.figures["filed_on"] == "2025-03-04"
    assert ("及时" if rule in PROMPTLY else "原文未规定时限") in f.message_zh


@pytest.mark.parametrize("alias,rule,event,recipient", UNTIMED)
def test_untimed_filing_missing_is_pending_never_a_violation(alias: str, rule: str, event: str, recipient: str) -> None:
    events = [ev(event, "2024-03-04")]
    if event != "account_opened":
        events.insert(0, ev("account_opened", "2023-01-05"))
    f = one(alias, account(events=events), D(2026, 6, 1), rule, period(event, "2024-03-04", recipient))
    assert f.status is P
    assert f.due is None
    if rule in PROMPTLY:
        assert "及时" in f.message_zh and "promptly" in f.message_en
    else:
        assert "原文未规定时限" in f.message_zh and "no time limit" in f.message_en


def test_huzhou_opening_takes_account_opened_from_the_national_rule() -> None:
    acct = account(opened_on="2024-09-30")
    assert findings("huzhou", acct, D(2024, 10, 8), "cn.filing.lifecycle") == []
    # ... while the national rule keeps the change, shut-down and cancellation
    acct = account(opened_on="2024-09-30", events=[ev("account_shut_down", "2024-11-04")])
    assert [f.period for f in findings("huzhou", acct, D(2024, 12, 1), "cn.filing.lifecycle")] == [
        period("account_shut_down", "2024-11-04", "supervising_unit")]


# -- public announcements and the host-unit change -----------------------------------------------

ALL = ["national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou"]


@pytest.mark.parametrize("alias", ALL)
def test_host_unit_change_followed_by_change_and_notice_is_compliant(alias: str) -> None:
    acct = account(
        opened_on="2023-01-05",
        events=[ev("host_unit_changed", "2024-05-06"), ev("account_info_changed", "2024-05-08"),
                ev("closure_announced", "2024-05-09")],
    )
    fs = {f.period: f for f in findings(alias, acct, D(2024, 12, 1), "cn.filing.host-unit-change")}
    assert set(fs) == {period("host_unit_changed", "2024-05-06", "account"), period("host_unit_changed", "2024-05-06", "public")}
    assert fs[period("host_unit_changed", "2024-05-06", "account")].status is C
    assert fs[period("host_unit_changed", "2024-05-06", "account")].figures["done_on"] == "2024-05-08"
    assert fs[period("host_unit_changed", "2024-05-06", "public")].status is C
    assert fs[period("host_unit_changed", "2024-05-06", "public")].figures["announced_on"] == "2024-05-09"


@pytest.mark.parametrize("alias", ALL)
def test_host_unit_change_without_follow_up_is_pending_never_late(alias: str) -> None:
    acct = account(
        opened_on="2023-01-05",
        # a notice and a change from before the host-unit change do not count
        events=[ev("closure_announced", "2024-01-02"), ev("account_info_changed", "2024-02-01"),
                ev("host_unit_changed", "2024-05-06")],
    )
    fs = findings(alias, acct, D(2026, 1, 1), "cn.filing.host-unit-change")
    assert [f.status for f in fs] == [P, P]
    assert all("及时" in f.message_zh for f in fs)


def test_host_unit_change_cancelled_counts_as_the_follow_up() -> None:
    acct = account(opened_on="2023-01-05", events=[ev("host_unit_changed", "2024-05-06"), ev("account_cancelled", "2024-06-03")])
    f = one("national", acct, D(2024, 12, 1), "cn.filing.host-unit-change", period("host_unit_changed", "2024-05-06", "account"))
    assert f.status is C


def test_changchun_closure_needs_a_filing_and_a_public_notice() -> None:
    acct = account(
        opened_on="2023-01-05",
        events=[ev("closure_announced", "2025-01-20"), ev("account_cancelled", "2025-02-14")],
        filings=[filing("account_cancelled", "supervising_unit", "2025-02-14")],
    )
    fs = {f.period: f.status for f in findings("changchun-xinqu", acct, D(2025, 3, 1), "changchun-xinqu.filing.closure")}
    assert fs == {period("account_cancelled", "2025-02-14", "supervising_unit"): C,
                  period("account_cancelled", "2025-02-14", "public"): C}
    silent = account(opened_on="2023-01-05", events=[ev("account_shut_down", "2025-02-14")])
    fs = {f.period: f.status for f in findings("changchun-xinqu", silent, D(2026, 3, 1), "changchun-xinqu.filing.closure")}
    # 同步 / the notice before the closure: both were due on the shut-down day (1.1.0: pending).
    assert fs == {period("account_shut_down", "2025-02-14", "supervising_unit"): V,
                  period("account_shut_down", "2025-02-14", "public"): V}


def test_changchun_closure_notice_of_an_earlier_closure_does_not_count() -> None:
    acct = account(
        opened_on="2020-01-05",
        events=[ev("closure_announced", "2023-01-03"), ev("account_shut_down", "2023-02-01"),
                ev("account_shut_down", "2024-05-06")],
    )
    fs = {f.period: f.status for f in findings("changchun-xinqu", acct, D(2024, 12, 1), "changchun-xinqu.filing.closure")}
    assert fs[period("account_shut_down", "2023-02-01", "public")] is C
    assert fs[period("account_shut_down", "2024-05-06", "public")] is V


# -- announcement_period: 长春新区 第十三条, 15 working days --------------------------------------

RULE_AP = "changchun-xinqu.cleanup.closure-announcement-period"


@pytest.mark.parametrize(
    "announced,closure,closed,status,earliest",
    [
        # 2025-01-20 + 15 working days over Spring Festival (the makeup days 01-26 and 02-08 count) = 02-14;
        # the 15 days must pass in full (closure_allowed = after_period): closure from 02-15.
        ("2025-01-20", "account_cancelled", "2025-02-15", C, "2025-02-15"),
        ("2025-01-20", "account_cancelled", "2025-02-14", V, "2025-02-15"),
        ("2025-01-20", "account_shut_down", "2025-02-13", V, "2025-02-15"),
        ("2025-01-20", "account_shut_down", "2025-03-03", C, "2025-02-15"),
        # 2024-09-23 + 15 over National Day: 09-24..27 (4), 09-29 Sun (5), 09-30 (6), 10-08..11 (10),
        # 10-12 Sat (11), 10-14..17 (15): closure from 10-18
        ("2024-09-23", "account_cancelled", "2024-10-18", C, "2024-10-18"),
        ("2024-09-23", "account_cancelled", "2024-10-17", V, "2024-10-18"),
    ],
)
def test_closure_after_the_notice_period(announced: str, closure: str, closed: str, status: Status, earliest: str) -> None:
    acct = account(opened_on="2022-01-05", events=[ev("closure_announced", announced), ev(closure, closed)])
    f = one("changchun-xinqu", acct, D(2025, 6, 1), RULE_AP, f"{closure} {closed}")
    assert f.status is status
    assert f.figures["earliest_closure"] == earliest and f.due == D.fromisoformat(earliest)
    assert f.figures["announced_on"] == announced
    if status is V:
        assert f.figures["working_days"] <= 15 and "不足15个工作日" in f.message_zh
    else:
        assert f.figures["working_days"] >= 15


def test_closure_without_a_notice_is_a_violation() -> None:
    acct = account(opened_on="2022-01-05", events=[ev("account_cancelled", "2025-02-14")])
    f = one("changchun-xinqu", acct, D(2025, 6, 1), RULE_AP, "account_cancelled 2025-02-14")
    assert f.status is V and f.figures["announced_on"] is None
    # a notice published after the closure does not count either
    acct = account(opened_on="2022-01-05", events=[ev("account_cancelled", "2025-02-14"), ev("closure_announced", "2025-02-17")])
    assert one("changchun-xinqu", acct, D(2025, 6, 1), RULE_AP, "account_cancelled 2025-02-14").status is V


def test_notice_with_no_closure_yet_is_pending_then_compliant() -> None:
    acct = account(opened_on="2022-01-05", events=[ev("closure_announced", "2025-01-20")])
    pending = one("changchun-xinqu", acct, D(2025, 2, 14), RULE_AP, "closure_announced 2025-01-20")
    assert pending.status is P and pending.due == D(2025, 2, 15) and pending.figures["earliest_closure"] == "2025-02-15"
    done = one("changchun-xinqu", acct, D(2025, 2, 15), RULE_AP, "closure_announced 2025-01-20")
    assert done.status is C


def test_shut_down_then_cancelled_both_rest_on_one_notice() -> None:
    acct = account(opened_on="2022-01-05", events=[ev("closure_announced", "2025-01-20"), ev("account_shut_down", "2025-02-17"),
                                                   ev("account_cancelled", "2025-03-03")])
    fs = findings("changchun-xinqu", acct, D(2025, 6, 1), RULE_AP)
    assert [(f.period, f.status) for f in fs] == [("account_shut_down 2025-02-17", C), ("account_cancelled 2025-03-03", C)]


def test_the_earliest_notice_since_the_last_closure_counts() -> None:
    acct = account(opened_on="2022-01-05", events=[ev("closure_announced", "2025-01-20"), ev("closure_announced", "2025-02-10"),
                                                   ev("account_cancelled", "2025-02-17")])
    assert one("changchun-xinqu", acct, D(2025, 6, 1), RULE_AP, "account_cancelled 2025-02-17").status is C


def test_closures_before_the_rule_started_are_not_judged() -> None:
    acct = account(opened_on="2019-01-05", events=[ev("account_cancelled", "2021-07-15")])
    assert findings("changchun-xinqu", acct, D(2025, 6, 1), RULE_AP) == []


def test_announcement_period_applies_only_in_changchun() -> None:
    acct = account(opened_on="2022-01-05", events=[ev("account_cancelled", "2025-02-14")])
    for alias in ("national", "zezhou", "gaoxian", "huzhou"):
        assert [f for f in findings(alias, acct, D(2025, 6, 1)) if f.rule == RULE_AP] == []


# -- escalation_ladder: 高县 七.(三) --------------------------------------------------------------

LADDER = "gaoxian.supervision.exit-ladder"


def notices(*days: str) -> list[dict[str, str]]:
    return [{"level": "county", "on": day} for day in days]


@pytest.mark.parametrize(
    "notice_days,interview_days,extra_events,status,figures",
    [
        ((), (), (), C, {"notices": 0, "interviews": 0}),
        (("2024-02-01", "2024-03-01"), (), (), C, {"notices": 2}),
        # notices before the notice took effect (2023-01-01) do not count
        (("2022-11-01", "2022-12-01", "2024-03-01"), (), (), C, {"notices": 1}),
        (("2024-02-01", "2024-03-01", "2024-04-01"), (), (), V, {"notices": 3, "threshold_reached_on": "2024-04-01"}),
        # an interview before the third notice is not the interview the ladder calls for
        (("2024-02-01", "2024-03-01", "2024-04-01"), ("2024-03-15",), (), V, {"interviews": 1}),
        (("2024-02-01", "2024-03-01", "2024-04-01"), ("2024-04-01",), (), P, {"interview_on": "2024-04-01"}),
        (("2024-02-01", "2024-03-01", "2024-04-01"), ("2024-04-15",), (), P, {"notices_after_interview": 0}),
        (("2024-02-01", "2024-03-01", "2024-04-01", "2024-06-03"), ("2024-04-15",), (), I, {"notices_after_interview": 1}),
        (("2024-02-01", "2024-03-01", "2024-04-01", "2024-06-03"), ("2024-04-15",), (("account_shut_down", "2024-07-01"),), C,
         {"shut_down_on": "2024-07-01"}),
        # counted cumulatively, without a yearly reset
        (("2023-02-01", "2024-03-01", "2025-04-01"), (), (), V, {"notices": 3}),
    ],
)
def test_gaoxian_exit_ladder(notice_days: tuple[str, ...], interview_days: tuple[str, ...], extra_events: tuple[tuple[str, str], ...],
                             status: Status, figures: dict[str, Any]) -> None:
    acct = account(opened_on="2022-01-05", notices=notices(*notice_days), interviews=[{"on": d} for d in interview_days],
                   events=[ev(t, d) for t, d in extra_events])
    fs = findings("gaoxian", acct, D(2025, 6, 1), LADDER)
    assert len(fs) == 1
    f = fs[0]
    assert f.status is status, f.message_en
    for key, value in figures.items():
        assert f.figures[key] == value
    if status is V:
        assert "约谈" in f.message_zh and "interview" in f.message_en


def test_gaoxian_exit_ladder_counts_notices_of_any_level_once_each() -> None:
    acct = account(opened_on="2022-01-05", notices=[{"level": "province", "on": "2024-02-01"}, {"level": "city", "on": "2024-02-01"},
                                                    {"level": "national", "on": "2024-03-01", "problem": "更新不及时；互动回应差"}])
    f = findings("gaoxian", acct, D(2025, 6, 1), LADDER)[0]
    assert f.status is V and f.figures["notices"] == 3


def test_gaoxian_exit_ladder_ignores_notices_after_as_of() -> None:
    acct = account(opened_on="2022-01-05", notices=notices("2024-02-01", "2024-03-01", "2024-04-01"))
    assert findings("gaoxian", acct, D(2024, 3, 31), LADDER)[0].status is C


def test_exit_ladder_only_in_gaoxian() -> None:
    acct = account(opened_on="2022-01-05", notices=notices("2024-02-01", "2024-03-01", "2024-04-01"))
    for alias in ("national", "zezhou", "changchun-xinqu", "huzhou"):
        assert [f for f in findings(alias, acct, D(2025, 6, 1)) if f.rule == LADDER] == []


# -- reopen_ban: 湖州 7.5 ---------------------------------------------------------------------------

BAN = "huzhou.cleanup.reopen-ban"


def ban_findings(accounts: list[Any], as_of: dt.date) -> list[Any]:
    rulebook = book("huzhou", as_of)
    rule = rulebook.get(BAN)
    index = UnitIndex(as_of)
    for acct in accounts:
        index.add(acct)
    context = EvaluationContext(as_of, default_calendar(), rule_starts=rule_starts(rulebook))
    return list(reopen_ban(rule, index, context))


def cancelled(id_: str = "old", on: str = "2024-03-10", reason: str | None = "cleanup", unit: str = "某镇人民政府") -> Any:
    extra = {"reason": reason} if reason else {}
    return account(id=id_, host_unit=unit, opened_on="2020-01-06", events=[ev("account_cancelled", on, **extra)])


def opened(id_: str = "new", on: str | None = "2025-03-10", unit: str = "某镇人民政府") -> Any:
    return account(id=id_, host_unit=unit, platform="douyin", **({"opened_on": on} if on else {}))


@pytest.mark.parametrize(
    "cancelled_on,opened_on,status,until",
    [
        ("2024-03-10", "2025-03-10", V, "2025-03-10"),  # the year's last day is inside the ban
        ("2024-03-10", "2024-03-10", V, "2025-03-10"),  # the same day counts as "within"
        ("2024-03-10", "2024-09-30", V, "2025-03-10"),
        ("2024-03-10", "2025-03-11", C, "2025-03-10"),
        ("2024-03-10", "2024-03-09", C, "2025-03-10"),  # opened before the cancellation: not a new account
        ("2024-02-29", "2025-02-28", V, "2025-02-28"),  # no 02-29 in 2025: the month's last day
        ("2024-02-29", "2025-03-01", C, "2025-02-28"),
    ],
)
def test_reopen_ban(cancelled_on: str, opened_on: str, status: Status, until: str) -> None:
    fs = ban_findings([cancelled(on=cancelled_on), opened(on=opened_on)], D(2025, 6, 1))
    assert len(fs) == 1
    f = fs[0]
    assert f.status is status
    assert f.account == ("new" if status is V else "old")
    assert f.figures["ban_until"] == until and f.due == D.fromisoformat(until)
    if status is V:
        assert "原则上" in f.message_zh and "in principle" in f.message_en
        assert f.figures["opened_on"] == opened_on


def test_reopen_ban_only_after_a_cleanup_cancellation_of_the_same_unit() -> None:
    assert ban_findings([cancelled(reason=None), opened()], D(2025, 6, 1)) == []
    assert ban_findings([cancelled(reason="merged"), opened()], D(2025, 6, 1)) == []
    other_unit = ban_findings([cancelled(), opened(unit="另一单位")], D(2025, 6, 1))
    assert [(f.account, f.status) for f in other_unit] == [("old", C)]


def test_reopen_ban_running_and_insufficient_data() -> None:
    fs = ban_findings([cancelled(), opened(on=None)], D(2024, 6, 1))
    assert [(f.account, f.status) for f in fs] == [("old", C), ("new", I)]
    assert "截至2024-06-01未新开账号" in fs[0].message_zh


def test_reopen_ban_not_before_the_guide_nor_after_as_of() -> None:
    assert ban_findings([cancelled(on="2022-03-01"), opened(on="2022-06-01")], D(2025, 6, 1)) == []
    assert ban_findings([cancelled(on="2025-03-10"), opened(on="2025-04-01")], D(2025, 3, 9)) == []
    # an account opened after as_of is not seen yet
    fs = ban_findings([cancelled(on="2024-03-10"), opened(on="2024-09-30")], D(2024, 9, 1))
    assert [(f.account, f.status) for f in fs] == [("old", C)]


def test_account_summary_fields_for_the_ban() -> None:
    acct = account(events=[ev("account_opened", "2021-05-06"), ev("account_opened", "2021-04-01"),
                           ev("account_cancelled", "2024-03-10", reason="cleanup"), ev("account_cancelled", "2023-01-02")])
    summary = AccountSummary(acct, D(2025, 1, 1))
    assert summary.opened_on == D(2021, 4, 1) and summary.cleanup_cancelled_on == (D(2024, 3, 10),)
    later = AccountSummary(account(opened_on="2020-01-01", events=[ev("account_opened", "2019-01-01")]), D(2025, 1, 1))
    assert later.opened_on == D(2020, 1, 1)


def test_reopen_ban_end_to_end_violation() -> None:
    fs = findings("huzhou", [cancelled(), opened(on="2024-09-30")], D(2025, 6, 1), BAN)
    assert [(f.account, f.status) for f in fs] == [("new", V)]


def test_reopen_ban_end_to_end_compliant() -> None:
    fs = findings("huzhou", [cancelled(), opened(on="2025-03-11")], D(2025, 6, 1), BAN)
    assert [(f.account, f.status) for f in fs] == [("old", C)]


def test_reopen_ban_with_the_unit_level_unknown_is_insufficient_data() -> None:
    """Huzhou's ban covers 基层 units: a unit whose level is not given may or may not be under it."""
    for unsaid in ("old", "new"):
        accounts = [cancelled(), opened(on="2024-09-30")]
        accounts = [attrs.evolve(a, host_unit_level=None) if a.id == unsaid else a for a in accounts]
        fs = findings("huzhou", accounts, D(2025, 6, 1), BAN)
        assert [(f.account, f.status) for f in fs] == [("new", I)], unsaid
        assert fs[0].figures["missing"] == ["host_unit_level"]
    # A city-level unit is outside the guide: no ban at all.
    city = [attrs.evolve(a, host_unit_level=UnitLevel.CITY) for a in (cancelled(), opened(on="2024-09-30"))]
    assert findings("huzhou", city, D(2025, 6, 1), BAN) == []


def test_reopen_ban_only_in_huzhou() -> None:
    for alias in ("national", "zezhou", "gaoxian", "changchun-xinqu"):
        assert findings(alias, [cancelled(), opened(on="2024-09-30")], D(2025, 6, 1), BAN) == []


# -- laws -------------------------------------------------------------------------------------------

RANK = {C: 0, P: 1, I: 1, V: 2}
TIMED_RULES = [
    ("huzhou", "huzhou.filing.opening", "account_opened", "national_filing_system"),
    ("zezhou", "zezhou.filing.national-system", "account_info_changed", "national_filing_system"),
    ("zezhou", "zezhou.filing.national-system", "account_opened", "supervising_unit"),
    ("gaoxian", "gaoxian.filing.staff-change", "staff_changed", "supervising_unit"),
    ("changchun-xinqu", "changchun-xinqu.filing.lifecycle", "account_info_changed", "supervising_unit"),
    ("changchun-xinqu", "changchun-xinqu.filing.closure", "account_shut_down", "supervising_unit"),
]
days_2024_2025 = st.dates(min_value=D(2024, 1, 1), max_value=D(2025, 10, 31))


@settings(deadline=None, max_examples=60)
@given(
    target=st.sampled_from(TIMED_RULES),
    event_day=days_2024_2025,
    early=st.integers(min_value=-10, max_value=30),
    delay=st.integers(min_value=0, max_value=30),
    look=st.integers(min_value=0, max_value=60),
)
def test_law_an_earlier_filing_is_never_worse(target: tuple[str, str, str, str], event_day: dt.date, early: int, delay: int, look: int) -> None:
    """Filing earlier (but not before the event, except with the supervising unit) never makes a
    finding worse, whatever day the evaluation is as of."""
    alias, rule, event, recipient = target
    if recipient != "supervising_unit":
        early = abs(early)
    first = event_day + dt.timedelta(days=early)
    second = first + dt.timedelta(days=delay)
    as_of = event_day + dt.timedelta(days=look)
    events = [ev(event, event_day.isoformat())]
    if event != "account_opened":
        events.insert(0, ev("account_opened", "2023-06-01"))
    statuses = []
    for day in (first, second):
        acct = account(events=events, filings=[filing(event, recipient, day.isoformat())])
        statuses.append(one(alias, acct, as_of, rule, period(event, event_day.isoformat(), recipient)).status)
    assert RANK[statuses[0]] <= RANK[statuses[1]]


@settings(deadline=None, max_examples=40)
@given(announced=days_2024_2025, gap=st.integers(min_value=0, max_value=40), later=st.integers(min_value=0, max_value=20))
def test_law_closing_later_never_breaks_the_notice_period(announced: dt.date, gap: int, later: int) -> None:
    as_of = D(2025, 12, 31)
    statuses = []
    for closed in (announced + dt.timedelta(days=gap), announced + dt.timedelta(days=gap + later)):
        acct = account(opened_on="2022-01-05", events=[ev("closure_announced", announced.isoformat()), ev("account_cancelled", closed.isoformat())])
        statuses.append(one("changchun-xinqu", acct, as_of, RULE_AP, f"account_cancelled {closed.isoformat()}").status)
    assert RANK[statuses[1]] <= RANK[statuses[0]]
    # and the boundary is exactly the 15th working day after the notice
    closed = announced + dt.timedelta(days=gap)
    # ... and the boundary is the day after the 15th working day (the 15 must pass in full)
    expected = C if closed > default_calendar().add_working_days(announced, 15) else V
    assert statuses[0] is expected


@settings(deadline=None, max_examples=40)
@given(
    notice_days=st.lists(days_2024_2025, max_size=6),
    interview_days=st.lists(days_2024_2025, max_size=2),
    extra=days_2024_2025,
)
def test_law_an_interview_never_creates_a_ladder_violation(notice_days: list[dt.date], interview_days: list[dt.date], extra: dt.date) -> None:
    as_of = D(2025, 12, 31)

    def status(interviews: list[dt.date]) -> Status:
        acct = account(opened_on="2022-01-05", notices=notices(*(d.isoformat() for d in notice_days)),
                       interviews=[{"on": d.isoformat()} for d in interviews])
        return findings("gaoxian", acct, as_of, LADDER)[0].status

    before = status(interview_days)
    after = status([*interview_days, extra])
    assert not (after is V and before is not V)


# -- outside the holiday data ----------------------------------------------------------------------


def test_due_dates_outside_the_holiday_data_are_provisional_or_open() -> None:
    calendar = default_calendar()
    year = calendar.coverage[1] + 1
    day, as_of = D(year, 3, 1), D(year, 3, 31)
    acct = account(opened_on=day.isoformat(), filings=[filing("account_opened", "zhejiang_platform", D(year, 3, 20).isoformat())])
    report = evaluate(book("huzhou", as_of), [acct], as_of, calendar=calendar.provisional())
    fs = {f.period: f for f in report.findings if f.rule == "huzhou.filing.opening"}
    key = period("account_opened", day.isoformat(), "zhejiang_platform")
    late = fs[key]
    assert late.provisional and late.status is V
    assert late.due == calendar.provisional().add_working_days(day, 5)
    assert late.due_range is not None and late.due_range[0] <= late.due
    # A strict calendar leaves the finding open, naming the missing year; the run goes on.
    strict = evaluate(book("huzhou", as_of), [acct], as_of, calendar=calendar)
    open_ = {f.period: f for f in strict.findings if f.rule == "huzhou.filing.opening"}[key]
    assert open_.status is Status.PENDING and open_.due is None and open_.calendar_gap == year
    assert strict.receipt.calendar_gaps.get(year, 0) >= 1


def test_a_filing_made_before_the_data_ends_is_in_time_whatever_the_next_year_holds() -> None:
    """Opened on the last-but-one day of the data, filed on its last day: in time, exactly."""
    calendar = default_calendar()
    last = D(calendar.coverage[1], 12, 31)
    opened = last - dt.timedelta(days=1)
    acct = account(opened_on=opened.isoformat(), filings=[filing("account_opened", "zhejiang_platform", last.isoformat())])
    report = evaluate(book("huzhou", last), [acct], last, calendar=calendar)
    f = {f.period: f for f in report.findings if f.rule == "huzhou.filing.opening"}[
        period("account_opened", opened.isoformat(), "zhejiang_platform")]
    assert f.status is Status.COMPLIANT and f.due is None and f.calendar_gap == last.year + 1


# -- issue 9: one filing answers one event; the variant in force on the event's day; citations ----


def test_one_untagged_filing_answers_one_event_only() -> None:
    # 2024-05-06 and 2024-05-20 changes, one filing on 05-07: it answers the change of 05-06 only.
    acct = account(opened_on="2020-01-02", events=[ev("account_info_changed", "2024-05-06"), ev("account_info_changed", "2024-05-20")],
                   filings=[filing("account_info_changed", "supervising_unit", "2024-05-07")])
    fs = {f.period: f for f in findings("national", acct, D(2024, 6, 28), "cn.filing.lifecycle")}
    assert fs[period("account_info_changed", "2024-05-06", "supervising_unit")].status is C
    assert fs[period("account_info_changed", "2024-05-20", "supervising_unit")].status is P
    # Gaoxian (2 working days): the second change is missing, due 2024-05-22.
    late = {f.period: f for f in findings("gaoxian", acct, D(2024, 5, 31), "gaoxian.filing.within-2-working-days")}
    assert late[period("account_info_changed", "2024-05-20", "supervising_unit")].status is V
    assert late[period("account_info_changed", "2024-05-20", "supervising_unit")].due == D(2024, 5, 22)


def test_a_re_opening_needs_its_own_filing() -> None:
    acct = account(events=[ev("account_opened", "2023-03-01"), ev("account_cancelled", "2023-09-01"), ev("account_opened", "2024-06-03")],
                   filings=[filing("account_opened", "supervising_unit", "2023-03-06")])
    fs = {f.period: f.status for f in findings("national", acct, D(2024, 6, 28), "cn.filing.lifecycle")}
    assert fs[period("account_opened", "2023-03-01", "supervising_unit")] is C
    assert fs[period("account_opened", "2024-06-03", "supervising_unit")] is P


@pytest.mark.parametrize("alias,local_rule,opened", [
    ("changchun-xinqu", "changchun-xinqu.filing.lifecycle", "2021-06-01"),  # in force from 2021-07-16
    ("gaoxian", "gaoxian.filing.within-2-working-days", "2022-09-05"),  # from 2023-01-01
])
def test_an_event_before_the_local_rule_keeps_the_national_duty(alias: str, local_rule: str, opened: str) -> None:
    acct = account(opened_on=opened, platform="weibo")
    fs = findings(alias, acct, D(2024, 6, 28))
    national = [f for f in fs if f.rule == "cn.filing.lifecycle"]
    assert [(f.period, f.status) for f in national] == [(period("account_opened", opened, "supervising_unit"), P)]
    assert not [f for f in fs if f.rule == local_rule]
    # ... and a later event is the local rule's
    acct = account(opened_on=opened, platform="weibo", events=[ev("account_info_changed", "2024-03-04")])
    fs = findings(alias, acct, D(2024, 6, 28))
    assert {f.rule for f in fs if f.period and f.period.startswith("account_info_changed")} == {local_rule}


def test_zezhou_findings_cite_the_clause_of_their_event_and_recipient() -> None:
    acct = account(opened_on="2023-03-06", events=[ev("closure_announced", "2025-02-26"), ev("account_cancelled", "2025-03-03")],
                   filings=[filing("account_cancelled", "supervising_unit", "2025-02-25"),
                            filing("account_cancelled", "national_filing_system", "2025-03-04")])
    fs = {f.period: f for f in findings("zezhou", acct, D(2025, 3, 16))}
    national = fs[period("account_cancelled", "2025-03-03", "national_filing_system")]
    assert national.rule == "zezhou.filing.national-system" and national.status is C
    assert national.source.clause == "二.(三)" and "完成注销后2个工作日内" in national.source.quote
    assert [c.clause for c in national.sources] == ["二.(三)"]
    form = fs[period("account_cancelled", "2025-03-03", "supervising_unit")]
    assert form.status is C and form.source.clause == "二.(三)" and "县政府办公室" in form.source.quote
    notice = [f for f in findings("zezhou", acct, D(2025, 3, 16), "zezhou.filing.cancellation-county-office")]
    assert len(notice) == 1 and notice[0].status is C and notice[0].due == D(2025, 2, 27)
    assert notice[0].source.clause == "二.(三)" and "关停公告" in notice[0].source.quote
    assert len(notice[0].sources) == 2


def test_changchun_closure_cites_article_13_then_12() -> None:
    acct = account(opened_on="2025-01-06", events=[ev("closure_announced", "2025-03-03"), ev("account_cancelled", "2025-03-25")],
                   filings=[filing("account_cancelled", "supervising_unit", "2025-03-25")])
    f = one("changchun-xinqu", acct, D(2025, 3, 25), "changchun-xinqu.filing.closure",
            period("account_cancelled", "2025-03-25", "supervising_unit"))
    assert f.status is C and [c.clause for c in f.sources] == ["第十三条", "第十二条"]
    public = one("changchun-xinqu", acct, D(2025, 3, 25), "changchun-xinqu.filing.closure",
                 period("account_cancelled", "2025-03-25", "public"))
    assert [c.clause for c in public.sources] == ["第十三条"]
