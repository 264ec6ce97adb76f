"""Posting frequency and original posts (engine/evaluators/frequency.py) through the real rulebooks.

Every checkable rule of the two kinds, in every jurisdiction:
zezhou.update.weekly-minimum, zezhou.update.service-account-weekly (calendar weeks);
gaoxian.update.main-account-every-working-day (working days), gaoxian.update.weekly-minimum
(calendar weeks), gaoxian.content.original-every-2-weeks (rolling 14 days);
huzhou.updating.weekly-text, huzhou.updating.weekly-video, huzhou.updating.weekly-originals
(calendar weeks). National and Changchun New Area rules of these kinds are qualitative.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_new_media_rules as gnmr
from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.engine.context import AccountView, EvaluationContext
from gov_new_media_rules.engine.evaluators.frequency import _stretches, frequency
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.model.params import Duration, DurationUnit, FrequencyParams

D = dt.date
FREQUENCY_KINDS = {"posting_frequency", "original_posts"}

_BOOKS: dict[tuple[str, str], Any] = {}


def book(alias: str, on: str = "2025-06-30") -> Any:
    key = (alias, on)
    if key not in _BOOKS:
        _BOOKS[key] = gnmr.rulebook(alias, on=on)
    return _BOOKS[key]


def day(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else D.fromisoformat(value)


def daterange(first: str | dt.date, last: str | dt.date) -> list[dt.date]:
    a, b = day(first), day(last)
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


def account(posts: Iterable[Any] = (), **fields: Any) -> Any:
    """``posts``: dates (reposts), ``(date, original)`` pairs, or raw post dicts."""
    raw_posts = []
    for post in posts:
        if isinstance(post, dict):
            raw_posts.append(post)
        elif isinstance(post, tuple):
            raw_posts.append({"published_at": day(post[0]).isoformat() + "T09:30:00+08:00", "original": post[1]})
        else:
            raw_posts.append({"published_at": day(post).isoformat() + "T09:30:00+08:00"})
    raw: dict[str, Any] = {
        "id": fields.pop("id", "acct-1"),
        "name": fields.pop("name", "某某发布"),
        "platform": fields.pop("platform", "weibo"),
        "host_unit": fields.pop("host_unit", "某某县人民政府办公室"),
        # The county government's own account: in Huzhou's 基层 scope, and Gao County's main account
        # when flagged as a main account.
        "host_unit_kind": fields.pop("host_unit_kind", "county_or_above_government"),
        "host_unit_level": fields.pop("host_unit_level", "county"),
        "opened_on": fields.pop("opened_on", "2024-01-01"),
        "posts": raw_posts,
    }
    raw.update(fields)
    if raw["opened_on"] is None:
        del raw["opened_on"]
    return account_from_json(raw)


def weekly(per_week: int, first_monday: str | dt.date, last_sunday: str | dt.date, original: bool = False,
           skip_weeks: Sequence[int] = (), counts: dict[int, int] | None = None) -> list[tuple[dt.date, bool]]:
    """``per_week`` posts each week (Monday, Tuesday, ...), ``counts`` overriding single weeks."""
    out = []
    monday = day(first_monday)
    index = 0
    while monday <= day(last_sunday):
        n = (counts or {}).get(index, per_week)
        if index not in skip_weeks:
            out.extend((monday + dt.timedelta(days=k % 7), original) for k in range(n))
        monday += dt.timedelta(days=7)
        index += 1
    return out


def findings(alias: str, acct: Any, as_of: str | dt.date, rule: str | None = None, *, on: str | None = None,
             since: str | dt.date | None = None) -> list[Any]:
    as_of = day(as_of)
    report = evaluate(book(alias, on or as_of.isoformat()), [acct], as_of, since=day(since) if since else None)
    kinds = _kinds(alias, on or as_of.isoformat())
    out = [f for f in report.findings if kinds.get(f.rule) in FREQUENCY_KINDS]
    return [f for f in out if f.rule == rule] if rule else out


def _kinds(alias: str, on: str) -> dict[str, str]:
    return {r.id: r.rule.kind.value for r in book(alias, on)}


def statuses(found: Iterable[Any]) -> list[tuple[str, str | None]]:
    return [(f.status.value, f.period) for f in found]


def violations(found: Iterable[Any]) -> list[Any]:
    return [f for f in found if f.status is Status.VIOLATION]


CAL = default_calendar()


def working_days(first: str | dt.date, last: str | dt.date) -> list[dt.date]:
    return [d for d in daterange(first, last) if CAL.is_working_day(d)]


# -- which rules exist ----------------------------------------------------------------------------


EXPECTED_CHECKABLE = {
    "national": set(),
    "changchun-xinqu": set(),
    "zezhou": {"zezhou.update.weekly-minimum", "zezhou.update.service-account-weekly"},
    "gaoxian": {"gaoxian.update.main-account-every-working-day", "gaoxian.update.weekly-minimum",
                "gaoxian.content.original-every-2-weeks"},
    "huzhou": {"huzhou.updating.weekly-text", "huzhou.updating.weekly-video", "huzhou.updating.weekly-originals"},
}


@pytest.mark.parametrize("alias", sorted(EXPECTED_CHECKABLE))
def test_every_checkable_rule_of_these_kinds_is_covered_here(alias: str) -> None:
    checkable = {r.id for r in book(alias) if r.rule.kind.value in FREQUENCY_KINDS and r.rule.checkable}
    assert checkable == EXPECTED_CHECKABLE[alias]


@pytest.mark.parametrize("alias", ["national", "changchun-xinqu"])
def test_qualitative_rules_give_no_finding(alias: str) -> None:
    acct = account(weekly(1, "2025-01-06", "2025-06-29"))
    assert findings(alias, acct, "2025-06-30") == []


@pytest.mark.parametrize("rule_id", ["cn.update.timely", "cn.content.original-ratio"])
def test_qualitative_rule_called_directly_is_safe(rule_id: str) -> None:
    rule = next(r for r in book("national") if r.id == rule_id)
    assert rule.rule.params.minimum is None
    acct = account(weekly(3, "2025-01-06", "2025-06-29"))
    context = EvaluationContext(D(2025, 6, 30), CAL)
    assert list(frequency(rule, AccountView(acct, D(2025, 6, 30)), context)) == []


# -- Zezhou: calendar weeks -------------------------------------------------------------------------

ZZ_WEEKLY = "zezhou.update.weekly-minimum"
ZZ_SERVICE = "zezhou.update.service-account-weekly"


def test_zezhou_service_account_once_a_week_complies_while_weibo_twice_violates() -> None:
    # 2025-03-03 is a Monday; posts run to Sunday 2025-04-13, the last day of 2025-W15. As of
    # Saturday 2025-04-12 the week 2025-W15 is still open; as of Sunday 2025-04-13 it is complete
    # (an evaluation "as of" a date sees everything up to the end of that date).
    service = account(weekly(1, "2025-03-03", "2025-04-13"), platform="wechat", account_type="service",
                      opened_on="2025-03-03")
    # As of Saturday: five complete weeks in the summary, the open week 2025-W15 already met.
    found = findings("zezhou", service, "2025-04-12")
    assert {f.rule for f in found} == {ZZ_SERVICE}
    assert statuses(found) == [("compliant", "2025-W10/2025-W14"), ("compliant", "2025-W15")]
    summary = found[0]
    assert summary.figures["periods"] == 5 and summary.figures["periods_judged"] == 5
    assert summary.figures["minimum"] == 1
    assert found[1].figures["count"] == 1 and found[1].figures["to"] == "2025-04-13"
    # As of Sunday: 2025-W15 is complete too and counted in the summary; no week is open.
    found = findings("zezhou", service, "2025-04-13")
    assert statuses(found) == [("compliant", "2025-W10/2025-W15")]
    assert found[0].figures["periods"] == 6 and found[0].figures["periods_judged"] == 6

    weibo = account(weekly(2, "2025-03-03", "2025-04-13"), platform="weibo", opened_on="2025-03-03")
    # As of Saturday: the five complete weeks violate; 2025-W15 is open, pending, due on its Sunday.
    found = findings("zezhou", weibo, "2025-04-12")
    assert {f.rule for f in found} == {ZZ_WEEKLY}
    assert [f.period for f in violations(found)] == ["2025-W10", "2025-W11", "2025-W12", "2025-W13", "2025-W14"]
    first = violations(found)[0]
    assert first.message_zh.startswith("2025-W10（2025-03-03至2025-03-09）发布2次，少于每周至少更新3次的要求")
    assert first.message_en.startswith("2025-W10 (2025-03-03 to 2025-03-09): 2 posts, fewer than the required 3 a week")
    assert first.figures["count"] == 2 and first.figures["minimum"] == 3
    assert first.due == D(2025, 3, 9)
    current = found[-1]
    assert (current.status, current.period, current.due) == (Status.PENDING, "2025-W15", D(2025, 4, 13))
    assert current.figures["missing"] == 1
    # As of Sunday, the last day of 2025-W15: that week is complete and judged, a violation due that day.
    found = findings("zezhou", weibo, "2025-04-13")
    assert {f.rule for f in found} == {ZZ_WEEKLY}
    assert statuses(found) == [("violation", f"2025-W{w}") for w in range(10, 16)]
    last = found[-1]
    assert (last.status, last.period, last.due) == (Status.VIOLATION, "2025-W15", D(2025, 4, 13))
    assert last.figures["count"] == 2 and last.figures["minimum"] == 3
    assert (last.figures["from"], last.figures["to"]) == ("2025-04-07", "2025-04-13")
    assert last.message_zh.startswith("2025-W15（2025-04-07至2025-04-13）发布2次，少于每周至少更新3次的要求")
    assert last.message_en.startswith("2025-W15 (2025-04-07 to 2025-04-13): 2 posts, fewer than the required 3 a week")


def test_zezhou_weekly_minimum_three_a_week_complies() -> None:
    acct = account(weekly(3, "2025-03-03", "2025-04-16"), platform="douyin", opened_on="2025-03-03")
    found = findings("zezhou", acct, "2025-04-16", ZZ_WEEKLY)
    assert statuses(found) == [("compliant", "2025-W10/2025-W15"), ("compliant", "2025-W16")]


@pytest.mark.parametrize("account_type", ["subscription", "mini_program", "channels"])
def test_zezhou_other_wechat_types_are_held_to_three(account_type: str) -> None:
    acct = account(weekly(1, "2025-03-03", "2025-03-23"), platform="wechat", account_type=account_type,
                   opened_on="2025-03-03")
    found = findings("zezhou", acct, "2025-03-24")
    assert {f.rule for f in found} == {ZZ_WEEKLY}
    assert len(violations(found)) == 3


def test_zezhou_service_account_silent_week_violates() -> None:
    posts = weekly(1, "2025-03-03", "2025-03-30", skip_weeks=[2])
    acct = account(posts, platform="wechat", account_type="service", opened_on="2025-03-03")
    found = findings("zezhou", acct, "2025-04-02", ZZ_SERVICE)
    assert statuses(found) == [
        ("violation", "2025-W12"),
        ("compliant", "2025-W10/2025-W13"),
        ("pending", "2025-W14"),
    ]
    assert found[0].figures["count"] == 0
    assert found[1].figures == {
        "counted": "posts", "minimum": 1, "per": "1周", "periods": 3, "periods_judged": 4, "violations": 1,
        "from": "2025-03-03", "to": "2025-03-30",
    }
    assert found[2].due == D(2025, 4, 6)


def test_zezhou_opening_week_is_not_judged() -> None:
    # Opened on Thursday 2025-03-06: that week is partial and not judged, even with no post.
    acct = account(weekly(3, "2025-03-10", "2025-03-23"), opened_on="2025-03-06")
    found = findings("zezhou", acct, "2025-03-24", ZZ_WEEKLY)
    assert statuses(found) == [("compliant", "2025-W11/2025-W12"), ("pending", "2025-W13")]
    assert found[0].figures["opening_period_not_judged"] == "2025-03-06/2025-03-09"
    assert "未判定" in found[0].message_zh and "not judged" in found[0].message_en


def test_zezhou_only_the_opening_week_in_the_window() -> None:
    acct = account([D(2025, 3, 6)], opened_on="2025-03-06")
    (only,) = findings("zezhou", acct, "2025-03-08", ZZ_WEEKLY)
    assert only.status is Status.NOT_APPLICABLE
    assert only.figures["first_full_period"] == "2025-W11"
    acct = account([D(2025, 3, 6)] * 3, opened_on="2025-03-06")
    (only,) = findings("zezhou", acct, "2025-03-08", ZZ_WEEKLY)
    assert only.status is Status.COMPLIANT


def test_weeks_are_iso_weeks_across_the_new_year() -> None:
    # 2024-12-30 (Monday) starts 2025-W01; 2024-12-23 starts 2024-W52.
    posts = weekly(3, "2024-12-16", "2025-01-12", counts={1: 0, 2: 1})
    acct = account(posts, opened_on="2024-12-16")
    found = findings("zezhou", acct, "2025-01-13", ZZ_WEEKLY)
    assert [f.period for f in violations(found)] == ["2024-W52", "2025-W01"]
    assert violations(found)[1].figures["from"] == "2024-12-30"


def test_holiday_weeks_are_not_exempt() -> None:
    # Spring Festival 2025 (01-28..02-04 off): week 2025-W05 still needs its 3 posts.
    posts = weekly(3, "2025-01-06", "2025-02-16", counts={3: 0})
    acct = account(posts, opened_on="2025-01-06")
    found = findings("zezhou", acct, "2025-02-17", ZZ_WEEKLY)
    assert [f.period for f in violations(found)] == ["2025-W05"]


def test_report_stays_small_for_a_year_of_daily_posts() -> None:
    posts = [(d, True) for d in daterange("2024-01-01", "2025-06-30")]
    acct = account(posts, opened_on="2024-01-01")
    found = findings("zezhou", acct, "2025-06-30", ZZ_WEEKLY)
    # as_of is a Monday; the default report window (52 weeks back) starts on Tuesday 2024-07-02:
    # the week it falls in is reported whole, as judged on its own (the window cuts no week).
    assert statuses(found) == [("compliant", "2024-W27/2025-W26"), ("pending", "2025-W27")]
    assert found[0].figures["periods"] == 52
    assert "opening_period_not_judged" not in found[0].figures


def test_posts_before_the_rule_came_into_force_are_not_judged() -> None:
    # Zezhou's notice applies from 2022-03-26 (a Saturday): weeks from Monday 2022-03-28.
    acct = account(weekly(1, "2022-01-03", "2022-04-17"), opened_on="2020-01-01")
    found = findings("zezhou", acct, "2022-04-18", ZZ_WEEKLY, on="2022-04-18")
    assert [f.period for f in violations(found)] == ["2022-W13", "2022-W14", "2022-W15"]


def test_insufficient_data_without_posts_and_opening_date() -> None:
    acct = account([], opened_on=None)
    (only,) = findings("zezhou", acct, "2025-03-24", ZZ_WEEKLY)
    assert only.status is Status.INSUFFICIENT_DATA


def test_account_opened_after_as_of() -> None:
    acct = account([], opened_on="2025-04-01")
    (only,) = findings("zezhou", acct, "2025-03-24", ZZ_WEEKLY)
    assert only.status is Status.NOT_APPLICABLE


def test_posts_after_as_of_are_ignored_and_order_does_not_matter() -> None:
    posts = weekly(3, "2025-03-03", "2025-04-27")
    shuffled = list(posts)
    random.Random(7).shuffle(shuffled)
    a = findings("zezhou", account(posts, opened_on="2025-03-03"), "2025-03-20", ZZ_WEEKLY)
    b = findings("zezhou", account(shuffled, opened_on="2025-03-03"), "2025-03-20", ZZ_WEEKLY)
    assert a == b
    assert statuses(a) == [("compliant", "2025-W10/2025-W11"), ("compliant", "2025-W12")]


# -- Huzhou: text, video and original posts --------------------------------------------------------

HZ_TEXT, HZ_VIDEO, HZ_ORIGINAL = "huzhou.updating.weekly-text", "huzhou.updating.weekly-video", "huzhou.updating.weekly-originals"


def test_huzhou_video_three_a_week_complies_text_three_a_week_violates() -> None:
    posts = weekly(3, "2025-03-03", "2025-03-30", original=True)
    video = account(posts, platform="douyin", content_form="video", opened_on="2025-03-03")
    found = findings("huzhou", video, "2025-03-31")
    assert {f.rule for f in found} == {HZ_VIDEO, HZ_ORIGINAL}
    assert violations(found) == []
    text = account(posts, platform="wechat", account_type="subscription", opened_on="2025-03-03")
    found = findings("huzhou", text, "2025-03-31")
    assert {f.rule for f in found} == {HZ_TEXT, HZ_ORIGINAL}
    bad = violations(found)
    assert {f.rule for f in bad} == {HZ_TEXT} and len(bad) == 4
    assert bad[0].message_zh.endswith("（该规定为“原则上”要求）")
    assert "in principle" in bad[0].message_en


def test_huzhou_text_six_a_week_complies_video_two_violates() -> None:
    text = account(weekly(6, "2025-03-03", "2025-03-30", original=True), opened_on="2025-03-03")
    assert violations(findings("huzhou", text, "2025-03-31", HZ_TEXT)) == []
    video = account(weekly(2, "2025-03-03", "2025-03-30", original=True), content_form="video", opened_on="2025-03-03")
    assert len(violations(findings("huzhou", video, "2025-03-31", HZ_VIDEO))) == 4


def test_huzhou_original_posts_count_only_originals() -> None:
    posts = weekly(3, "2025-03-03", "2025-03-30", original=True) + weekly(5, "2025-03-03", "2025-03-30")
    ok = account(posts, opened_on="2025-03-03")
    found = findings("huzhou", ok, "2025-03-31", HZ_ORIGINAL)
    assert statuses(found) == [("compliant", "2025-W10/2025-W13"), ("pending", "2025-W14")]
    assert found[0].figures["counted"] == "original_posts"
    # Two originals and plenty of reposts a week: every week violates.
    posts = weekly(2, "2025-03-03", "2025-03-30", original=True) + weekly(6, "2025-03-03", "2025-03-30")
    found = findings("huzhou", account(posts, opened_on="2025-03-03"), "2025-03-31", HZ_ORIGINAL)
    bad = violations(found)
    assert len(bad) == 4
    assert bad[0].message_zh.startswith("2025-W10（2025-03-03至2025-03-09）发布原创信息2条，少于每周至少发布3条原创信息的要求")
    assert "2 original posts, fewer than the required 3 a week" in bad[0].message_en


# -- Gao County: working days, weeks, rolling 14 days -----------------------------------------------

GX_DAILY = "gaoxian.update.main-account-every-working-day"
GX_WEEKLY = "gaoxian.update.weekly-minimum"
GX_ORIGINAL = "gaoxian.content.original-every-2-weeks"


def test_gaoxian_main_account_every_working_day_over_spring_festival() -> None:
    # Posts on every working day, makeup Sunday 2025-01-26 and Saturday 2025-02-08 included.
    posts = [(d, True) for d in working_days("2025-01-20", "2025-02-14")]
    acct = account(posts, main_account=True, opened_on="2025-01-20")
    found = findings("gaoxian", acct, "2025-02-14")
    assert {f.rule for f in found} == {GX_DAILY, GX_ORIGINAL}
    daily = [f for f in found if f.rule == GX_DAILY]
    assert statuses(daily) == [("compliant", "2025-01-20/2025-02-14")]
    assert daily[0].figures["compliant_working_days"] == len(working_days("2025-01-20", "2025-02-14")) == 16


def test_gaoxian_main_account_missing_a_makeup_day_violates() -> None:
    posts = [d for d in working_days("2025-01-20", "2025-02-14") if d != D(2025, 1, 26)]
    acct = account(posts, main_account=True, opened_on="2025-01-20")
    found = findings("gaoxian", acct, "2025-02-14", GX_DAILY)
    assert statuses(found) == [("violation", "2025-01-26/2025-01-26"), ("compliant", "2025-01-20/2025-02-14")]
    assert found[0].figures["missed_working_days"] == 1
    assert found[0].message_zh.startswith("工作日2025-01-26无更新")


def test_gaoxian_holiday_posts_count_for_no_working_day() -> None:
    # Posting on the holidays (01-28..02-04) instead of 01-27 and 02-05 does not help.
    posts = [d for d in working_days("2025-01-20", "2025-02-14") if d not in (D(2025, 1, 27), D(2025, 2, 5))]
    posts += daterange("2025-01-28", "2025-02-04")
    acct = account(posts, main_account=True, opened_on="2025-01-20")
    found = findings("gaoxian", acct, "2025-02-14", GX_DAILY)
    # 01-27 and 02-05 are consecutive working days (the holiday lies between): one run.
    assert statuses(found)[0] == ("violation", "2025-01-27/2025-02-05")
    assert found[0].figures["missed_working_days"] == 2
    assert "连续2个工作日无更新" in found[0].message_zh


def test_gaoxian_national_day_2024_missed_days_are_grouped() -> None:
    # National Day 2024: 10-01..10-07 off, makeup 2024-09-29 (Sun) and 2024-10-12 (Sat).
    skip = {D(2024, 9, 29), D(2024, 9, 30), D(2024, 10, 8), D(2024, 10, 12)}
    posts = [d for d in working_days("2024-09-23", "2024-10-18") if d not in skip]
    acct = account(posts, main_account=True, opened_on="2024-09-23")
    found = findings("gaoxian", acct, "2024-10-18", GX_DAILY, on="2024-10-18")
    assert statuses(violations(found)) == [
        ("violation", "2024-09-29/2024-10-08"),  # Sunday makeup day, Monday, then (holiday) Tuesday 10-08
        ("violation", "2024-10-12/2024-10-12"),
    ]
    assert [f.figures["missed_working_days"] for f in violations(found)] == [3, 1]
    summary = next(f for f in found if f.status is Status.COMPLIANT)
    assert summary.figures["missed_working_days"] == 4
    assert summary.figures["compliant_working_days"] == len(posts)


def test_gaoxian_as_of_working_day_is_a_finished_day() -> None:
    # "As of" a date sees the whole of it: a working day as_of without a post is a missed working day.
    posts = working_days("2025-03-03", "2025-03-11")
    acct = account(posts, main_account=True, opened_on="2025-03-03")
    found = findings("gaoxian", acct, "2025-03-12", GX_DAILY)
    assert statuses(found) == [("violation", "2025-03-12/2025-03-12"), ("compliant", "2025-03-03/2025-03-11")]
    assert found[0].due == D(2025, 3, 12) and found[0].figures["missed_working_days"] == 1
    assert (found[1].figures["compliant_working_days"], found[1].figures["working_days"]) == (7, 8)
    assert not [f for f in found if f.status is Status.PENDING]
    # A missed run reaching as_of includes as_of.
    acct = account(working_days("2025-03-03", "2025-03-10"), main_account=True, opened_on="2025-03-03")
    found = findings("gaoxian", acct, "2025-03-12", GX_DAILY)
    assert statuses(found) == [("violation", "2025-03-11/2025-03-12"), ("compliant", "2025-03-03/2025-03-10")]
    assert found[0].figures["missed_working_days"] == 2
    # A post on as_of counts: as_of is in the compliant summary.
    acct = account(working_days("2025-03-03", "2025-03-12"), main_account=True, opened_on="2025-03-03")
    found = findings("gaoxian", acct, "2025-03-12", GX_DAILY)
    assert statuses(found) == [("compliant", "2025-03-03/2025-03-12")]
    assert (found[0].figures["compliant_working_days"], found[0].figures["working_days"]) == (8, 8)
    # A weekend as_of has nothing pending and nothing of its own to judge.
    found = findings("gaoxian", account(working_days("2025-03-03", "2025-03-14"), main_account=True,
                                        opened_on="2025-03-03"), "2025-03-16", GX_DAILY)
    assert statuses(found) == [("compliant", "2025-03-03/2025-03-14")]


def test_gaoxian_main_account_window_without_working_day() -> None:
    acct = account([D(2025, 1, 29)], main_account=True, opened_on="2025-01-28")
    (only,) = findings("gaoxian", acct, "2025-02-02", GX_DAILY)
    assert only.status is Status.NOT_APPLICABLE


def test_gaoxian_other_accounts_weekly() -> None:
    posts = weekly(1, "2024-09-23", "2024-10-20", skip_weeks=[1])  # the National Day week 2024-W40
    acct = account(posts, opened_on="2024-09-23")
    found = findings("gaoxian", acct, "2024-10-21", on="2024-10-21")
    assert {f.rule for f in found} == {GX_WEEKLY, GX_ORIGINAL}
    weekly_found = [f for f in found if f.rule == GX_WEEKLY]
    assert statuses(weekly_found) == [
        ("violation", "2024-W40"),
        ("compliant", "2024-W39/2024-W42"),
        ("pending", "2024-W43"),
    ]
    ok = account(weekly(1, "2024-09-23", "2024-10-21"), opened_on="2024-09-23")
    assert statuses(findings("gaoxian", ok, "2024-10-21", GX_WEEKLY, on="2024-10-21")) == [
        ("compliant", "2024-W39/2024-W42"), ("compliant", "2024-W43"),
    ]


def test_gaoxian_original_every_14_days_boundary() -> None:
    # Opened 2025-03-01: the first original is due within 2025-03-01..2025-03-14.
    ok = account([(D(2025, 3, 14), True), (D(2025, 3, 28), True)], opened_on="2025-03-01")
    found = findings("gaoxian", ok, "2025-04-05", GX_ORIGINAL)
    assert statuses(found) == [("compliant", "2025-04-05/2025-04-11")]
    assert found[0].due == D(2025, 4, 11)
    assert found[0].figures["last"] == "2025-03-28"
    late = account([(D(2025, 3, 15), True), (D(2025, 3, 30), True)], opened_on="2025-03-01")
    found = findings("gaoxian", late, "2025-04-05", GX_ORIGINAL)
    assert statuses(found) == [
        ("violation", "2025-03-01/2025-03-14"),
        ("violation", "2025-03-16/2025-03-29"),
        ("compliant", "2025-04-05/2025-04-13"),
    ]
    first = found[0]
    assert first.figures["length"] == 14 and first.due == D(2025, 3, 14)
    assert first.message_zh.startswith("2025-03-01至2025-03-14连续14天无原创信息，不符合每2周至少发布1条原创信息的要求")
    assert first.message_zh.endswith("（该规定为“原则上”要求）")
    assert "in principle" in first.message_en


def test_gaoxian_reposts_do_not_count_as_originals() -> None:
    posts = [(d, False) for d in daterange("2025-03-01", "2025-03-31")] + [(D(2025, 3, 10), True)]
    acct = account(posts, opened_on="2025-03-01")
    found = findings("gaoxian", acct, "2025-03-31", GX_ORIGINAL)
    assert statuses(found) == [("violation", "2025-03-11/2025-03-31")]
    assert found[0].figures["ongoing"] is True
    assert found[0].due == D(2025, 3, 24)


def test_gaoxian_original_stretch_ending_on_as_of_is_complete() -> None:
    acct = account([(D(2025, 3, 10), True)], opened_on="2025-03-01")
    # Mid-stretch (13 days without an original by 03-23): still met, the next original due on the
    # stretch's 14th day (reported like the dormancy rules: compliant, with a due date).
    found = findings("gaoxian", acct, "2025-03-23", GX_ORIGINAL)
    assert statuses(found) == [("compliant", "2025-03-23/2025-03-24")]
    assert found[0].due == D(2025, 3, 24) and found[0].figures["last"] == "2025-03-10"
    # The 14 days 03-11..03-24 are complete as of 03-24 (as_of is a finished day): a violation.
    found = findings("gaoxian", acct, "2025-03-24", GX_ORIGINAL)
    assert statuses(found) == [("violation", "2025-03-11/2025-03-24")]
    assert found[0].figures["ongoing"] is True and found[0].figures["length"] == 14
    assert found[0].due == D(2025, 3, 24)
    found = findings("gaoxian", acct, "2025-03-25", GX_ORIGINAL)
    assert statuses(found) == [("violation", "2025-03-11/2025-03-25")]
    assert found[0].figures["length"] == 15
    # An original published on as_of itself ends the stretch in time.
    acct = account([(D(2025, 3, 10), True), (D(2025, 3, 24), True)], opened_on="2025-03-01")
    found = findings("gaoxian", acct, "2025-03-24", GX_ORIGINAL)
    assert statuses(found) == [("compliant", "2025-03-24/2025-04-07")]
    assert found[0].figures["last"] == "2025-03-24"


def test_gaoxian_original_rule_applies_to_main_accounts_too() -> None:
    posts = [(d, False) for d in working_days("2025-03-03", "2025-03-31")]
    acct = account(posts, main_account=True, opened_on="2025-03-03")
    found = findings("gaoxian", acct, "2025-03-31")
    assert {f.rule for f in violations(found)} == {GX_ORIGINAL}


def test_gaoxian_main_account_missing_one_working_day_violates() -> None:
    posts = [d for d in working_days("2025-03-03", "2025-03-31") if d != D(2025, 3, 19)]
    acct = account(posts, main_account=True, opened_on="2025-03-03")
    bad = violations(findings("gaoxian", acct, "2025-03-31", GX_DAILY))
    assert [f.period for f in bad] == ["2025-03-19/2025-03-19"]


# -- the stretch finder against brute force ---------------------------------------------------------


def brute_lacking(q: Sequence[int], minimum: int, length: int, first: int, last_end: int) -> set[int]:
    covered: set[int] = set()
    for t in range(first, last_end - length + 2):
        if sum(1 for p in q if t <= p <= t + length - 1) < minimum:
            covered.update(range(t, t + length))
    return covered


@settings(deadline=None, max_examples=200)
@given(
    st.lists(st.integers(0, 60), max_size=25),
    st.integers(1, 3),
    st.integers(1, 15),
    st.integers(0, 70),
)
def test_stretches_match_brute_force(posts: list[int], minimum: int, length: int, last_end: int) -> None:
    q = sorted(posts)
    runs = _stretches(q, minimum, length, 0, last_end)
    covered = {p for a, b in runs for p in range(a, b + 1)}
    assert covered == brute_lacking(q, minimum, length, 0, last_end)
    # Runs are sorted, disjoint and not adjacent.
    assert all(b1 + 1 < a2 for (_, b1), (a2, _) in zip(runs, runs[1:]))


# -- laws --------------------------------------------------------------------------------------------


def violation_days(found: Iterable[Any]) -> set[dt.date]:
    out: set[dt.date] = set()
    for f in found:
        if f.status is Status.VIOLATION:
            out.update(daterange(f.figures["from"], f.figures["to"]))
    return out


CASES = [
    ("zezhou", ZZ_WEEKLY, {}),
    ("gaoxian", GX_DAILY, {"main_account": True}),
    ("gaoxian", GX_ORIGINAL, {}),
    ("huzhou", HZ_ORIGINAL, {}),
]

post_days = st.lists(st.tuples(st.integers(0, 89), st.booleans()), max_size=40)


@settings(deadline=None, max_examples=40)
@given(st.sampled_from(CASES), post_days, st.integers(0, 89), st.booleans(), st.integers(0, 30))
def test_adding_a_post_never_creates_a_violation(case: Any, posts: list[tuple[int, bool]], extra: int,
                                                 extra_original: bool, as_of_offset: int) -> None:
    alias, rule_id, fields = case
    start = D(2025, 1, 6)
    as_of = start + dt.timedelta(days=60 + as_of_offset)
    before = account([(start + dt.timedelta(days=d), o) for d, o in posts], opened_on=start.isoformat(), **fields)
    after = account([(start + dt.timedelta(days=d), o) for d, o in [*posts, (extra, extra_original)]],
                    opened_on=start.isoformat(), **fields)
    found_before = findings(alias, before, as_of, rule_id, on="2025-06-30")
    found_after = findings(alias, after, as_of, rule_id, on="2025-06-30")
    assert found_before, "the rule applies to the account"
    assert violation_days(found_after) <= violation_days(found_before)
    assert len(violations(found_after)) <= len(violations(found_before)) + 1  # a post may split a run in two
    # A due date for the next post (pending, or compliant with a due date) never comes earlier.
    due_before = [f.due for f in found_before if f.status in (Status.PENDING, Status.COMPLIANT) and f.due]
    due_after = [f.due for f in found_after if f.status in (Status.PENDING, Status.COMPLIANT) and f.due]
    if due_before and due_after:
        assert due_after[0] >= due_before[0]


def brute_weeks(days: list[dt.date], minimum: int, start: dt.date,
                as_of: dt.date) -> tuple[list[str], int, int | None]:
    """Day by day: the violating complete weeks, the number of compliant ones, and the posts so far in
    the week still open on ``as_of`` (None when ``as_of`` is a Sunday). ``as_of`` is a finished day, so
    a week is complete when its Sunday is on or before ``as_of``."""
    monday = start if start.weekday() == 0 else start + dt.timedelta(days=7 - start.weekday())
    bad, good = [], 0
    while monday + dt.timedelta(days=6) <= as_of:
        n = sum(1 for d in days if monday <= d <= monday + dt.timedelta(days=6))
        if n < minimum:
            y, w, _ = monday.isocalendar()
            bad.append(f"{y}-W{w:02d}")
        else:
            good += 1
        monday += dt.timedelta(days=7)
    open_count = None if monday > as_of else sum(1 for d in days if monday <= d <= as_of)
    return bad, good, open_count


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(0, 120), max_size=60), st.integers(0, 6), st.integers(30, 120), st.integers(1, 4))
def test_weeks_match_a_day_by_day_count(offsets: list[int], open_offset: int, as_of_offset: int,
                                        minimum: int) -> None:
    base = D(2025, 3, 3)
    opened = base + dt.timedelta(days=open_offset)
    as_of = base + dt.timedelta(days=as_of_offset)
    days = sorted(base + dt.timedelta(days=o) for o in offsets)
    rule = next(r for r in book("zezhou") if r.id == ZZ_WEEKLY)
    rule = attrs.evolve(rule, rule=attrs.evolve(rule.rule, params=FrequencyParams(minimum, Duration(1, DurationUnit.WEEKS))))
    acct = account(days, opened_on=opened.isoformat())
    context = EvaluationContext(as_of, CAL, since=D(2025, 1, 1))
    found = list(frequency(rule, AccountView(acct, as_of), context))
    bad, good, open_count = brute_weeks([d for d in days if d >= opened], minimum, opened, as_of)
    assert [f.period for f in violations(found)] == bad
    compliant = [f for f in found if f.status is Status.COMPLIANT]
    summary = [f for f in compliant if "/" in (f.period or "")]
    # A compliant week ending on as_of (a Sunday) is reported on its own, after the summary.
    ending_on_as_of = [f for f in compliant if "/" not in (f.period or "") and f.figures["to"] == as_of.isoformat()]
    assert (summary[0].figures["periods"] if summary else 0) + len(ending_on_as_of) == good
    pending = [f for f in found if f.status is Status.PENDING]
    assert bool(pending) == (open_count is not None and open_count < minimum)
    if pending:
        (only,) = pending
        assert open_count is not None
        assert only.due == as_of + dt.timedelta(days=6 - as_of.weekday()) > as_of
        assert only.figures["missing"] == minimum - open_count


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(0, 90), max_size=40), st.integers(1, 3), st.integers(40, 90))
def test_working_day_runs_match_a_day_by_day_check(offsets: list[int], minimum: int, as_of_offset: int) -> None:
    base = D(2025, 1, 13)  # spans Spring Festival 2025
    as_of = base + dt.timedelta(days=as_of_offset)
    days = sorted(base + dt.timedelta(days=o) for o in offsets)
    rule = next(r for r in book("gaoxian") if r.id == GX_DAILY)
    rule = attrs.evolve(rule, rule=attrs.evolve(rule.rule, params=FrequencyParams(minimum, Duration(1, DurationUnit.WORKING_DAYS))))
    acct = account(days, main_account=True, opened_on=base.isoformat())
    context = EvaluationContext(as_of, CAL, since=D(2025, 1, 1))
    found = list(frequency(rule, AccountView(acct, as_of), context))
    # as_of is a finished day: every working day up to and including it is judged.
    judged = working_days(base, as_of)
    expected_missed = {d for d in judged if sum(1 for p in days if p == d) < minimum}
    missed = {d for f in violations(found) for d in daterange(f.figures["from"], f.figures["to"]) if CAL.is_working_day(d)}
    assert missed == expected_missed
    assert sum(f.figures["missed_working_days"] for f in violations(found)) == len(expected_missed)
    assert [f for f in found if f.status is Status.PENDING] == []
    summary = [f for f in found if f.status is Status.COMPLIANT]
    if len(expected_missed) < len(judged):
        (only,) = summary
        assert only.figures["working_days"] == len(judged)
        assert only.figures["compliant_working_days"] == len(judged) - len(expected_missed)
    else:
        assert summary == []


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(0, 90), max_size=30), st.integers(1, 3), st.integers(1, 3), st.integers(20, 90))
def test_rolling_runs_match_brute_force_through_the_evaluator(offsets: list[int], minimum: int, weeks_: int,
                                                              as_of_offset: int) -> None:
    base = D(2025, 1, 6)
    as_of = base + dt.timedelta(days=as_of_offset)
    days = sorted(base + dt.timedelta(days=o) for o in offsets)
    rule = next(r for r in book("gaoxian") if r.id == GX_ORIGINAL)
    rule = attrs.evolve(rule, rule=attrs.evolve(rule.rule, params=FrequencyParams(minimum, Duration(weeks_ + 1, DurationUnit.WEEKS))))
    acct = account([(d, True) for d in days], opened_on=base.isoformat())
    context = EvaluationContext(as_of, CAL, since=D(2025, 1, 1))
    found = list(frequency(rule, AccountView(acct, as_of), context))
    length = 7 * (weeks_ + 1)
    q = [d.toordinal() for d in days if d <= as_of]
    # as_of is a finished day: spans ending on as_of are complete.
    expected = {D.fromordinal(o) for o in brute_lacking(q, minimum, length, base.toordinal(), as_of.toordinal())}
    got = set()
    for f in violations(found):
        if f.figures.get("ongoing"):
            assert f.figures["to"] == as_of.isoformat()  # an ongoing run reaches as_of
        got.update(daterange(f.figures["from"], f.figures["to"]))
    assert got == expected
    states = [f for f in found if f.status is Status.COMPLIANT]  # the state on as_of, with its due date
    ongoing = any(f.figures.get("ongoing") for f in found)
    assert ongoing == (as_of in expected)
    assert len(states) == (0 if ongoing else 1)
    if states:
        due = states[0].due
        assert due > as_of  # a span ending on as_of is already judged
        # Without a new post, the run ending on the due date lacks posts; one ending the day before does not.
        first_t = due.toordinal() - length + 1
        assert sum(1 for p in q if first_t <= p <= due.toordinal()) < minimum
        prev_t = first_t - 1
        if prev_t >= base.toordinal():
            assert sum(1 for p in q if prev_t <= p <= due.toordinal() - 1) >= minimum


def test_whole_year_of_daily_posts_is_fast_enough() -> None:
    import time

    posts = [{"published_at": d.isoformat() + "T08:00:00", "original": d.day % 3 == 0}
             for d in daterange("2024-07-01", "2025-06-30")]
    accounts = [account(posts, id=f"a{i}", main_account=i % 2 == 0, opened_on="2024-01-01") for i in range(200)]
    gx = book("gaoxian")
    rules = [r for r in gx if r.rule.kind.value in FREQUENCY_KINDS and r.rule.checkable]
    context = EvaluationContext(D(2025, 6, 30), CAL)
    t0 = time.perf_counter()
    count = 0
    for acct in accounts:
        view = AccountView(acct, D(2025, 6, 30))
        for rule in rules:
            count += len(list(frequency(rule, view, context)))
    elapsed = time.perf_counter() - t0
    assert count > 0
    assert elapsed < 2.0, f"{elapsed:.2f}s for 200 accounts x {len(rules)} rules"


# -- periods no shipped rule uses yet (what-if overlays) --------------------------------------------


def evolved(alias: str, rule_id: str, minimum: int, amount: int, unit: DurationUnit) -> Any:
    rule = next(r for r in book(alias) if r.id == rule_id)
    return attrs.evolve(rule, rule=attrs.evolve(rule.rule, params=FrequencyParams(minimum, Duration(amount, unit))))


def run_direct(rule: Any, acct: Any, as_of: dt.date, since: dt.date | None = None) -> list[Any]:
    return list(frequency(rule, AccountView(acct, as_of), EvaluationContext(as_of, CAL, since=since)))


def test_calendar_months() -> None:
    rule = evolved("zezhou", ZZ_WEEKLY, 4, 1, DurationUnit.MONTHS)
    posts = [D(2025, 1, 5)] * 4 + [D(2025, 2, 10)] * 3 + [D(2025, 3, 1)] * 4 + [D(2025, 4, 2)]
    found = run_direct(rule, account(posts, opened_on="2024-12-15"), D(2025, 4, 10))
    assert statuses(found) == [
        ("violation", "2025-02"),
        ("compliant", "2025-01/2025-03"),
        ("pending", "2025-04"),
    ]
    assert found[1].figures["opening_period_not_judged"] == "2024-12-15/2024-12-31"
    assert found[2].due == D(2025, 4, 30)
    assert "每月" in found[0].message_zh


def test_unsupported_period_is_said_so() -> None:
    rule = evolved("zezhou", ZZ_WEEKLY, 1, 2, DurationUnit.MONTHS)
    (only,) = run_direct(rule, account([D(2025, 1, 5)]), D(2025, 4, 10))
    assert only.status is Status.NOT_APPLICABLE


def test_rolling_calendar_days() -> None:
    rule = evolved("gaoxian", GX_WEEKLY, 1, 10, DurationUnit.CALENDAR_DAYS)
    posts = [D(2025, 3, 5), D(2025, 3, 20)]
    found = run_direct(rule, account(posts, opened_on="2025-03-01"), D(2025, 3, 25))
    assert statuses(found) == [("violation", "2025-03-06/2025-03-19"), ("compliant", "2025-03-25/2025-03-30")]


def test_rolling_working_days() -> None:
    # At least 1 post in any 3 consecutive working days, over Spring Festival 2025.
    rule = evolved("gaoxian", GX_DAILY, 1, 3, DurationUnit.WORKING_DAYS)
    posts = [D(2025, 1, 24), D(2025, 2, 6), D(2025, 2, 7)]
    found = run_direct(rule, account(posts, main_account=True, opened_on="2025-01-22"), D(2025, 2, 10))
    # Working days after 01-24: 01-26 (makeup Sunday), 01-27, then 02-05: three without a post.
    assert statuses(found) == [("violation", "2025-01-26/2025-02-05"), ("compliant", "2025-02-10/2025-02-11")]
    assert found[1].due == D(2025, 2, 11)  # 02-08 (makeup Saturday), 02-10, 02-11 after 02-07


def test_rolling_runs_do_not_depend_on_the_report_window() -> None:
    # The run without an original post begins after the post of 2025-02-01, whatever the report
    # window: since only chooses what is printed (issue #9, class 2).
    posts = [(D(2025, 2, 1), True), (D(2025, 3, 20), True)]
    acct = account(posts, opened_on="2024-01-01")
    expected = [("violation", "2025-02-02/2025-03-19"), ("compliant", "2025-03-25/2025-04-03")]
    assert statuses(findings("gaoxian", acct, "2025-03-25", GX_ORIGINAL, since="2025-03-10")) == expected
    assert statuses(findings("gaoxian", acct, "2025-03-25", GX_ORIGINAL, since="2025-03-05")) == expected
    # A run that ended before the report window is not printed.
    assert statuses(findings("gaoxian", acct, "2025-03-25", GX_ORIGINAL, since="2025-03-21")) == expected[1:]


def test_working_days_outside_the_holiday_data() -> None:
    from gov_new_media_rules.errors import CalendarCoverageError

    rule = next(r for r in book("gaoxian") if r.id == GX_DAILY)
    acct = account([D(2027, 3, 1)], main_account=True, opened_on="2027-03-01")
    as_of = D(2027, 3, 5)
    with pytest.raises(CalendarCoverageError):
        list(frequency(rule, AccountView(acct, as_of), EvaluationContext(as_of, CAL)))
    found = list(frequency(rule, AccountView(acct, as_of), EvaluationContext(as_of, CAL.provisional())))
    assert found and all(f.provisional for f in found)
    # as_of (Friday 2027-03-05) is a finished working day: the missed run runs up to and includes it.
    assert [f.period for f in violations(found)] == ["2027-03-02/2027-03-05"]
    assert violations(found)[0].figures["missed_working_days"] == 4
    # As of a Thursday the run stops there.
    as_of = D(2027, 3, 4)
    found = list(frequency(rule, AccountView(acct, as_of), EvaluationContext(as_of, CAL.provisional())))
    assert found and all(f.provisional for f in found)
    assert [f.period for f in violations(found)] == ["2027-03-02/2027-03-04"]
