"""``deadlines()``: what an event triggers, with due dates over the State Council holiday calendar,
and the ``gnmr deadlines`` command that prints them.

Convention (BRIEF, 民法典 第二百零一条): the event day is not counted; the due date is the N-th
working day after it, inclusive; makeup working days (调休) count.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_new_media_rules
from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.cli import main
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.engine.deadlines import Deadline, add_months, deadline_to_json, deadlines
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.model.params import Duration, DurationUnit
from gov_new_media_rules.model.rules import Applicability
from gov_new_media_rules.model.vocab import EventType, FilingRecipient, Platform, UnitLevel

D = dt.date
ALIASES = ["national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou"]


@functools.lru_cache(maxsize=None)
def book(alias: str, on: dt.date = D(2025, 6, 1)) -> Any:
    return gov_new_media_rules.rulebook(alias, on=on)


def by_rule(items: list[Deadline]) -> dict[str, Deadline]:
    """The first item of each rule (a rule whose recipients are due at different times gives one
    item per timing, the one counted after the event first)."""
    result: dict[str, Deadline] = {}
    for item in items:
        result.setdefault(item.rule, item)
    return result


# -- the examples that must come out right ----------------------------------------------------------


def test_huzhou_opening_due_on_the_makeup_saturday() -> None:
    # 2024-09-30 (Mon) + 5 working days: 10-01..07 off; 10-08, 09, 10, 11 are the 1st-4th and the
    # makeup Saturday 10-12 is the 5th.
    items = by_rule(deadlines(book("huzhou"), EventType.ACCOUNT_OPENED, D(2024, 9, 30), default_calendar()))
    opening = items["huzhou.filing.opening"]
    assert opening.due == D(2024, 10, 12)
    assert opening.kind == "file_by"
    assert opening.within == Duration(5, DurationUnit.WORKING_DAYS)
    assert opening.recipients == (FilingRecipient.ZHEJIANG_PLATFORM, FilingRecipient.NATIONAL_FILING_SYSTEM)
    assert opening.most_specific is True
    assert opening.source.clause == "7.2" and opening.source.document == "huzhou-basic-level-guide"
    assert opening.jurisdiction == "cn.zhejiang.huzhou"
    assert opening.provisional is False
    # The national rule it refines is listed too, without a due date. The guide covers 基层
    # accounts only (county and township), so the national rule still governs city-level ones.
    assert opening.applies_to.unit_levels == (UnitLevel.COUNTY, UnitLevel.TOWNSHIP)
    national = items["cn.filing.lifecycle"]
    assert national.due is None and national.most_specific is True
    assert "原文未规定时限" in (national.note or "")


def test_zezhou_opening_over_national_day() -> None:
    # 2024-09-30 (Mon) + 2 working days. The opening day itself is not counted, whether or not it is
    # a working day; 10-01..10-07 are the National Day holiday, so 10-08 (Tue) is the 1st working
    # day after the event and 10-09 (Wed) the 2nd: the due date is 2024-10-09, inclusive.
    items = by_rule(deadlines(book("zezhou"), EventType.ACCOUNT_OPENED, D(2024, 9, 30), default_calendar()))
    national_system = items["zezhou.filing.national-system"]
    assert national_system.due == D(2024, 10, 9)
    assert default_calendar().count_working_days(D(2024, 9, 30), D(2024, 10, 9)) == 2
    assert national_system.recipients == (FilingRecipient.NATIONAL_FILING_SYSTEM,)
    assert national_system.timing == "after"
    assert national_system.recipient_name == "县政府办公室；全国政务新媒体信息报送系统"
    assert national_system.most_specific is True
    assert national_system.source.clause == "二.(一)" and "全国政务新媒体信息报送系统" in national_system.source.quote
    # The county-office form goes in before the opening (二.(一)): due on the opening day at the latest.
    form = [i for i in deadlines(book("zezhou"), EventType.ACCOUNT_OPENED, D(2024, 9, 30))
            if i.rule == "zezhou.filing.national-system" and i.timing == "before"]
    assert len(form) == 1 and form[0].due == D(2024, 9, 30)
    assert form[0].recipients == (FilingRecipient.SUPERVISING_UNIT,)
    assert "县政府办公室" in form[0].source.quote
    assert items["cn.filing.lifecycle"].most_specific is False
    # The opening and change county-office rules have no trigger event in the facts vocabulary.
    assert not any("county-office" in rule for rule in items)


def test_zezhou_cancellation_cites_its_own_clause() -> None:
    items = [i for i in deadlines(book("zezhou"), EventType.ACCOUNT_CANCELLED, D(2025, 3, 3))
             if i.rule == "zezhou.filing.national-system"]
    assert {i.timing for i in items} == {"after", "before"}
    for item in items:
        assert item.source.clause == "二.(三)" and all(c.clause == "二.(三)" for c in item.sources)
    after = next(i for i in items if i.timing == "after")
    assert after.due == D(2025, 3, 5)  # 03-03 (Mon) -> 03-04, 03-05
    notice = by_rule(deadlines(book("zezhou"), EventType.ACCOUNT_CANCELLED, D(2025, 3, 3)))[
        "zezhou.filing.cancellation-county-office"]
    assert notice.due is None and notice.timing == "after_filing" and "备案表" in (notice.note or "")


def test_a_local_rule_not_yet_in_force_on_the_event_day_is_not_listed() -> None:
    # 长春新区 came into force on 2021-07-16: an opening on 2021-06-01 is the national rule's.
    items = by_rule(deadlines(book("changchun-xinqu"), EventType.ACCOUNT_OPENED, D(2021, 6, 1)))
    assert set(items) == {"cn.filing.lifecycle"}
    assert items["cn.filing.lifecycle"].most_specific is True


def test_zezhou_opening_on_the_friday_before_a_makeup_sunday() -> None:
    # 2024-09-27 (Fri): the makeup Sunday 09-29 is the 1st working day, 09-30 the 2nd.
    items = by_rule(deadlines(book("zezhou"), "account_opened", D(2024, 9, 27)))
    assert items["zezhou.filing.national-system"].due == D(2024, 9, 30)


@pytest.mark.parametrize(
    "at,due",
    [
        # 2025-01-27 (Mon): 01-28..02-04 off; 02-05, 02-06, 02-07
        (D(2025, 1, 27), D(2025, 2, 7)),
        # 2025-02-05 (Wed): 02-06, 02-07, then the makeup Saturday 02-08
        (D(2025, 2, 5), D(2025, 2, 8)),
        # on a holiday: 2024-10-03 -> 10-08, 10-09, 10-10
        (D(2024, 10, 3), D(2024, 10, 10)),
    ],
)
def test_gaoxian_staff_change(at: dt.date, due: dt.date) -> None:
    items = deadlines(book("gaoxian"), EventType.STAFF_CHANGED, at, default_calendar())
    assert [item.rule for item in items] == ["gaoxian.filing.staff-change"]
    assert items[0].due == due and items[0].recipient_name == "高县人民政府办公室"
    assert items[0].source.clause == "七.(一)"


def test_gaoxian_opening_and_shut_down() -> None:
    opened = by_rule(deadlines(book("gaoxian"), EventType.ACCOUNT_OPENED, D(2025, 1, 24)))
    # 01-24 (Fri) -> 01-26 (makeup Sunday), 01-27
    assert opened["gaoxian.filing.within-2-working-days"].due == D(2025, 1, 27)
    assert opened["gaoxian.filing.within-2-working-days"].most_specific is True
    assert opened["cn.filing.lifecycle"].most_specific is False
    # The county names no deadline for a shut-down: the national rule governs it, undated.
    shut = deadlines(book("gaoxian"), EventType.ACCOUNT_SHUT_DOWN, D(2025, 1, 24))
    assert [(item.rule, item.due, item.most_specific) for item in shut] == [("cn.filing.lifecycle", None, True)]


def test_changchun_closure_notice_gives_the_earliest_closure_day() -> None:
    items = deadlines(book("changchun-xinqu"), EventType.CLOSURE_ANNOUNCED, D(2025, 1, 20))
    assert [item.rule for item in items] == ["changchun-xinqu.cleanup.closure-announcement-period"]
    period = items[0]
    # 15 working days after 2025-01-20, the makeup days 01-26 and 02-08 counted: the 15th is
    # 02-14, which must pass in full (closure_allowed = after_period): closure from 02-15.
    assert period.kind == "not_before" and period.due == D(2025, 2, 15)
    assert period.timing == "after_period"
    assert period.recipients == ()
    assert "2025-02-15" in (period.note or "")


def test_changchun_cancellation() -> None:
    items = by_rule(deadlines(book("changchun-xinqu"), EventType.ACCOUNT_CANCELLED, D(2025, 1, 20)))
    assert set(items) == {"changchun-xinqu.filing.closure", "cn.filing.lifecycle"}
    closure = items["changchun-xinqu.filing.closure"]
    # 同步: no later than the cancellation day.
    assert closure.due == D(2025, 1, 20) and closure.timing == "same_day" and closure.announce_publicly is True
    assert "向社会公告" in (closure.note or "")
    assert [c.clause for c in closure.sources] == ["第十三条", "第十二条"]
    assert closure.most_specific is True and items["cn.filing.lifecycle"].most_specific is False


def test_host_unit_change_everywhere() -> None:
    for alias in ALIASES:
        items = by_rule(deadlines(book(alias), EventType.HOST_UNIT_CHANGED, D(2024, 9, 30)))
        change = items["cn.filing.host-unit-change"]
        assert change.due is None and change.announce_publicly and change.recipients == ()
    # An institutional change is not an application to the platform (泽州县 二.(二)): no national-system deadline.
    zezhou = by_rule(deadlines(book("zezhou"), EventType.HOST_UNIT_CHANGED, D(2024, 9, 30)))
    assert "zezhou.filing.national-system" not in zezhou
    assert "及时" in (zezhou["cn.filing.host-unit-change"].note or "")


def test_huzhou_cancellation_steps() -> None:
    assert deadlines(book("huzhou"), EventType.CLOSURE_ANNOUNCED, D(2025, 1, 20)) == []
    cancelled = by_rule(deadlines(book("huzhou"), EventType.ACCOUNT_CANCELLED, D(2025, 1, 20)))
    assert {"huzhou.cleanup.cancel-1-stop-notice", "huzhou.cleanup.cancel-3-zhejiang-application",
            "huzhou.cleanup.cancel-4-national-shutdown", "cn.filing.lifecycle"} <= set(cancelled)
    # 7.4.(3) 拟注销申请 comes before the cancellation: due on its day at the latest.
    application = cancelled["huzhou.cleanup.cancel-3-zhejiang-application"]
    assert application.due == D(2025, 1, 20) and application.timing == "before"
    # 7.4.(1) the stop-update notice precedes the cancellation.
    notice = cancelled["huzhou.cleanup.cancel-1-stop-notice"]
    assert notice.due == D(2025, 1, 20) and notice.announce_publicly
    assert cancelled["huzhou.cleanup.cancel-4-national-shutdown"].due is None


def test_nothing_triggered() -> None:
    assert deadlines(book("national"), EventType.STAFF_CHANGED, D(2024, 9, 30)) == []
    assert deadlines(book("national"), EventType.CLOSURE_ANNOUNCED, D(2024, 9, 30)) == []


def test_unknown_event_is_refused() -> None:
    with pytest.raises(ValueError):
        deadlines(book("national"), "account_exploded", D(2024, 9, 30))


def test_most_specific_depends_on_applicability() -> None:
    # Narrow the Huzhou refinement to WeChat accounts: the national rule then still governs the
    # other platforms, so both are most specific for what they cover.
    huzhou = book("huzhou")
    rules = []
    for effective in huzhou.rules:
        if effective.id == "huzhou.filing.opening":
            narrowed = attrs.evolve(effective.rule.applies_to, platforms=(Platform.WECHAT,))
            effective = attrs.evolve(effective, rule=attrs.evolve(effective.rule, applies_to=narrowed))
        rules.append(effective)
    narrowed_book = attrs.evolve(huzhou, rules=tuple(rules))
    items = by_rule(deadlines(narrowed_book, EventType.ACCOUNT_OPENED, D(2024, 9, 30)))
    assert items["huzhou.filing.opening"].most_specific and items["cn.filing.lifecycle"].most_specific
    assert deadline_to_json(items["huzhou.filing.opening"])["applies_to"]["platforms"] == ["wechat"]


def test_deterministic_and_in_rulebook_order() -> None:
    first = deadlines(book("huzhou"), EventType.ACCOUNT_INFO_CHANGED, D(2025, 1, 27))
    assert first == deadlines(book("huzhou"), EventType.ACCOUNT_INFO_CHANGED, D(2025, 1, 27))
    order = [r.id for r in book("huzhou").rules]
    assert [item.rule for item in first] == sorted((item.rule for item in first), key=order.index)
    change = by_rule(first)["huzhou.filing.change"]
    # 01-27 + 5: 02-05, 06, 07, 08 (makeup Saturday), 10
    assert change.due == D(2025, 2, 10)


# -- calendar coverage ------------------------------------------------------------------------------


def test_outside_the_holiday_data_strict_leaves_it_open_provisional_flags() -> None:
    calendar = default_calendar()
    last = calendar.coverage[1]
    day = D(last + 1, 3, 2)
    strict = by_rule(deadlines(book("huzhou"), EventType.ACCOUNT_OPENED, day, calendar))
    gap = strict["huzhou.filing.opening"]
    assert gap.due is None and gap.calendar_gap == last + 1 and str(last + 1) in (gap.note or "")
    assert deadline_to_json(gap)["calendar_gap"] == {"missing_year": last + 1}
    # A calendar-day limit needs no holiday data: exact whatever the year.
    assert all(d.due is not None for d in strict.values() if d.within is not None and d.within.unit != "working_days")
    items = by_rule(deadlines(book("huzhou"), EventType.ACCOUNT_OPENED, day, calendar.provisional()))
    assert items["huzhou.filing.opening"].provisional is True
    assert items["huzhou.filing.opening"].due == calendar.provisional().add_working_days(day, 5)
    item = deadline_to_json(items["huzhou.filing.opening"])
    assert item["provisional"] is True and item["calendar_gap"] is None
    assert item["due_range"]["earliest"] <= item["due"] <= item["due_range"]["latest"]
    # inside the data a provisional calendar changes nothing
    inside = by_rule(deadlines(book("huzhou"), EventType.ACCOUNT_OPENED, D(2024, 9, 30), calendar.provisional()))
    assert inside["huzhou.filing.opening"].provisional is False and inside["huzhou.filing.opening"].due == D(2024, 10, 12)


def test_add_months_keeps_the_corresponding_day_or_the_month_end() -> None:
    assert add_months(D(2024, 3, 10), 12) == D(2025, 3, 10)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 12, 15), 1) == D(2025, 1, 15)


# -- JSON and the command ---------------------------------------------------------------------------

JSON_KEYS = {"rule", "kind", "due", "within", "recipients", "applies_to", "source", "jurisdiction", "title",
             "most_specific", "note"}


def test_deadline_to_json_shape() -> None:
    items = deadlines(book("huzhou"), EventType.ACCOUNT_OPENED, D(2024, 9, 30))
    data = [deadline_to_json(item) for item in items]
    json.dumps(data, ensure_ascii=False)  # plain JSON all the way down
    for entry in data:
        assert JSON_KEYS <= set(entry)
        assert set(entry["source"]) == {"document", "clause", "quote"}
    opening = next(entry for entry in data if entry["rule"] == "huzhou.filing.opening")
    assert opening["due"] == "2024-10-12"
    assert opening["within"] == {"amount": 5, "unit": "working_days"}
    assert opening["recipients"] == ["zhejiang_platform", "national_filing_system"]
    assert opening["kind"] == "file_by" and opening["most_specific"] is True
    national = next(entry for entry in data if entry["rule"] == "cn.filing.lifecycle")
    assert national["due"] is None and national["within"] is None and national["note"]


def test_cli_deadlines_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["deadlines", "-j", "huzhou", "--event", "account_opened", "--at", "2024-09-30", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    opening = next(entry for entry in data if entry["rule"] == "huzhou.filing.opening")
    assert opening["due"] == "2024-10-12" and opening["source"]["clause"] == "7.2"


def test_cli_deadlines_table_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "-j", "zezhou", "--event", "account_opened", "--at", "2024-09-30"]) == 0
    assert "2024-10-09" in capsys.readouterr().out
    assert main(["deadlines", "-j", "zezhou", "--event", "account_exploded", "--at", "2024-09-30"]) == 2
    err = capsys.readouterr().err
    assert "--event" in err and "Traceback" not in err


# -- laws -------------------------------------------------------------------------------------------

DAYS = st.dates(min_value=D(2023, 1, 2), max_value=D(2025, 11, 30))


@settings(deadline=None, max_examples=30)
@given(alias=st.sampled_from(ALIASES), event=st.sampled_from(list(EventType)), at=DAYS)
def test_law_due_dates_follow_the_convention(alias: str, event: EventType, at: dt.date) -> None:
    """A working-day due date is a working day, exactly N working days after the event."""
    calendar = default_calendar()
    for item in deadlines(book(alias), event, at, calendar):
        if item.timing in ("before", "same_day"):
            assert item.due == at  # before / at the same time as the event: its day at the latest
            continue
        if item.within is None or item.timing in ("none", "promptly", "after_filing"):
            assert item.due is None and item.note
            continue
        assert item.due is not None and item.due > at or item.within.amount == 0
        if item.within.unit is DurationUnit.WORKING_DAYS:
            last = item.due
            if item.timing == "after_period":  # the day after the N-th working day
                last = item.due - dt.timedelta(days=1)
            assert calendar.is_working_day(last)
            assert calendar.count_working_days(at, last) == item.within.amount


# (jurisdiction, event) pairs that have a dated deadline, so that the law below is not vacuous
DATED = [(alias, event) for alias in ALIASES for event in EventType
         if any(item.due for item in deadlines(book(alias), event, D(2024, 9, 30)))]


def test_dated_pairs_cover_every_jurisdiction_with_a_time_limit() -> None:
    assert {alias for alias, _ in DATED} == {"zezhou", "gaoxian", "changchun-xinqu", "huzhou"}


@settings(deadline=None, max_examples=30)
@given(pair=st.sampled_from(DATED), at=DAYS)
def test_law_the_engine_agrees_with_deadlines(pair: tuple[str, EventType], at: dt.date) -> None:
    """For the rule that governs an ordinary account, filing on the due date is compliant and filing
    on the next working day is late; closing on the earliest closure day is compliant and a day
    earlier is not."""
    alias, event = pair
    calendar = default_calendar()
    rulebook = book(alias)
    as_of = D(2025, 12, 31)
    for item in deadlines(rulebook, event, at, calendar):
        if item.due is None or not item.most_specific or not item.checkable:
            continue
        if item.kind == "file_by" and not item.recipients:
            continue  # a public notice alone: its evidence is a notice, not a filing
        if attrs.evolve(item.applies_to, units=None) != Applicability():
            continue  # narrowed to some accounts: the ordinary Weibo account below may not be one
        events = [{"type": str(event), "on": at.isoformat()}]
        if event is not EventType.ACCOUNT_OPENED:
            events.insert(0, {"type": "account_opened", "on": "2022-06-01"})

        def statuses(day: dt.date) -> set[Status]:
            if item.kind == "file_by":
                filings = [{"event": str(event), "recipient": str(r), "filed_on": day.isoformat()} for r in item.recipients]
                raw_events = events
            else:
                filings = []
                raw_events = [*events, {"type": "account_cancelled", "on": day.isoformat()}]
            acct = account_from_json({"id": "a", "name": "n", "platform": "weibo", "host_unit": "u",
                                      "events": raw_events, "filings": filings})
            found = [f for f in evaluate(rulebook, [acct], as_of).findings if f.rule == item.rule]
            targets = {f"{event} {at.isoformat()} → {r}" for r in item.recipients}
            found = [f for f in found if f.period and (f.period in targets
                                                       or f.period == f"account_cancelled {day.isoformat()}")]
            assert found
            return {f.status for f in found}

        if item.kind == "file_by":
            assert statuses(item.due) == {Status.COMPLIANT}
            assert statuses(calendar.next_working_day(item.due)) == {Status.VIOLATION}
        else:
            assert statuses(item.due) == {Status.COMPLIANT}
            assert statuses(item.due - dt.timedelta(days=1)) == {Status.VIOLATION}
