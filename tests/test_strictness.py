"""compare_params: is a refinement tighter, looser, the same, or not comparable in general?"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_new_media_rules.model.params import (
    AccountNamingParams,
    AccountsPerPlatformParams,
    AnnouncementPeriodParams,
    CleanupAction,
    CleanupConditionParams,
    Condition,
    ConditionTrigger,
    ContentProhibitionParams,
    DutyParams,
    Duration,
    DurationUnit,
    EscalationLadderParams,
    EscalationStep,
    FilingDeadlineParams,
    FrequencyParams,
    MaxInactivityParams,
    OperatorRequirementParams,
    ReopenBanParams,
    RepostSourcesParams,
    ReviewWorkflowParams,
    SupervisionCadenceParams,
)
from gov_new_media_rules.model.taxonomy import OPERATOR, REPOST
from gov_new_media_rules.model.vocab import ContentTag, EventType, FilingRecipient, OperatorKind as OK, RepostSource
from gov_new_media_rules.strictness import Comparison, Verdict, compare_params

T, S, L, I, C = Verdict.TIGHTER, Verdict.SAME, Verdict.LOOSER, Verdict.INCOMPARABLE, Verdict.CHANGED
U = DurationUnit


def dur(amount: int, unit: DurationUnit) -> Duration:
    return Duration(amount, unit)


WEEK = dur(1, U.WEEKS)


def verdicts(before, after) -> list[tuple[str, Verdict]]:
    return [(c.field, c.verdict) for c in compare_params(before, after)]


# -- frequency: compared as a rate ---------------------------------------------------------------

FREQUENCY = [
    pytest.param(FrequencyParams(3, WEEK), FrequencyParams(5, WEEK), [("minimum", T)], id="3/week->5/week"),
    pytest.param(FrequencyParams(5, WEEK), FrequencyParams(2, WEEK), [("minimum", L)], id="5/week->2/week"),
    pytest.param(FrequencyParams(1, WEEK), FrequencyParams(1, dur(7, U.CALENDAR_DAYS)), [("minimum", S)], id="1/week==1/7days"),
    pytest.param(FrequencyParams(1, dur(7, U.CALENDAR_DAYS)), FrequencyParams(1, WEEK), [("minimum", S)], id="1/7days==1/week"),
    pytest.param(FrequencyParams(2, dur(2, U.WEEKS)), FrequencyParams(1, WEEK), [("minimum", S)], id="2/2weeks==1/week"),
    pytest.param(FrequencyParams(1, WEEK), FrequencyParams(1, dur(5, U.CALENDAR_DAYS)), [("minimum", T)], id="1/week->1/5days"),
    pytest.param(FrequencyParams(1, WEEK), FrequencyParams(1, dur(2, U.WEEKS)), [("minimum", L)], id="1/week->1/2weeks"),
    pytest.param(FrequencyParams(4, dur(1, U.MONTHS)), FrequencyParams(6, dur(1, U.MONTHS)), [("minimum", T)], id="months-same-unit"),
    pytest.param(
        FrequencyParams(1, dur(1, U.WORKING_DAYS)), FrequencyParams(5, dur(5, U.WORKING_DAYS)), [("minimum", S)], id="1/wd==5/5wd"
    ),
    pytest.param(FrequencyParams(), FrequencyParams(3, WEEK), [("minimum", T)], id="none->3/week"),
    pytest.param(FrequencyParams(), FrequencyParams(3), [("minimum", T)], id="none->3"),
    pytest.param(FrequencyParams(3, WEEK), FrequencyParams(), [("minimum", L)], id="3/week->none"),
    pytest.param(FrequencyParams(3, WEEK), FrequencyParams(None, WEEK), [("minimum", L)], id="3/week->?/week"),
    pytest.param(FrequencyParams(5, WEEK), FrequencyParams(1, dur(1, U.WORKING_DAYS)), [("per", I)], id="weeks-vs-working-days"),
    pytest.param(FrequencyParams(1, dur(1, U.WORKING_DAYS)), FrequencyParams(1, dur(1, U.CALENDAR_DAYS)), [("per", I)], id="wd-vs-cd"),
    pytest.param(FrequencyParams(3, WEEK), FrequencyParams(3, WEEK), [], id="equal"),
    pytest.param(FrequencyParams(), FrequencyParams(), [], id="equal-empty"),
]


@pytest.mark.parametrize(("before", "after", "expected"), FREQUENCY)
def test_frequency(before, after, expected):
    assert verdicts(before, after) == expected


def test_frequency_details():
    (comparison,) = compare_params(FrequencyParams(3, WEEK), FrequencyParams(5, WEEK))
    assert isinstance(comparison, Comparison)
    assert comparison.before == FrequencyParams(3, WEEK) and comparison.after == FrequencyParams(5, WEEK)
    assert "per day" in comparison.detail
    (comparison,) = compare_params(FrequencyParams(5, WEEK), FrequencyParams(1, dur(1, U.WORKING_DAYS)))
    assert "cannot be compared" in comparison.detail


def test_frequency_minimum_without_period():
    assert verdicts(FrequencyParams(3), FrequencyParams(5)) == [("minimum", T)]


# -- durations -----------------------------------------------------------------------------------

DURATIONS = [
    # a deadline: shorter is tighter
    pytest.param(FilingDeadlineParams(within=dur(5, U.WORKING_DAYS)), FilingDeadlineParams(within=dur(3, U.WORKING_DAYS)),
                 [("within", T)], id="within-5wd->3wd"),
    pytest.param(FilingDeadlineParams(within=dur(5, U.WORKING_DAYS)), FilingDeadlineParams(within=dur(10, U.WORKING_DAYS)),
                 [("within", L)], id="within-5wd->10wd"),
    pytest.param(FilingDeadlineParams(), FilingDeadlineParams(within=dur(10, U.WORKING_DAYS)), [("within", T)], id="within-none->10wd"),
    pytest.param(FilingDeadlineParams(within=dur(10, U.WORKING_DAYS)), FilingDeadlineParams(), [("within", L)], id="within-10wd->none"),
    pytest.param(FilingDeadlineParams(within=dur(10, U.WORKING_DAYS)), FilingDeadlineParams(within=dur(14, U.CALENDAR_DAYS)),
                 [("within", I)], id="within-wd-vs-cd"),
    pytest.param(FilingDeadlineParams(within=dur(1, U.MONTHS)), FilingDeadlineParams(within=dur(2, U.MONTHS)),
                 [("within", L)], id="within-months"),
    # allowed inactivity: shorter is tighter
    pytest.param(MaxInactivityParams(dur(2, U.WEEKS)), MaxInactivityParams(dur(1, U.WEEKS)), [("limit", T)], id="limit-2w->1w"),
    pytest.param(MaxInactivityParams(dur(2, U.WEEKS)), MaxInactivityParams(dur(14, U.CALENDAR_DAYS)), [("limit", S)], id="limit-2w==14d"),
    pytest.param(MaxInactivityParams(dur(2, U.WEEKS)), MaxInactivityParams(dur(10, U.CALENDAR_DAYS)), [("limit", T)], id="limit-2w->10d"),
    pytest.param(MaxInactivityParams(dur(2, U.WEEKS)), MaxInactivityParams(dur(15, U.CALENDAR_DAYS)), [("limit", L)], id="limit-2w->15d"),
    pytest.param(MaxInactivityParams(dur(2, U.WEEKS)), MaxInactivityParams(dur(10, U.WORKING_DAYS)), [("limit", I)], id="limit-2w-vs-10wd"),
    pytest.param(MaxInactivityParams(dur(5, U.WORKING_DAYS)), MaxInactivityParams(dur(5, U.CALENDAR_DAYS)), [("limit", I)], id="limit-wd-vs-cd"),
    pytest.param(MaxInactivityParams(None), MaxInactivityParams(dur(2, U.WEEKS)), [("limit", T)], id="limit-none->2w"),
    pytest.param(MaxInactivityParams(dur(2, U.WEEKS)), MaxInactivityParams(None), [("limit", L)], id="limit-2w->none"),
    # supervision cadence: more often is tighter
    pytest.param(SupervisionCadenceParams(every=dur(2, U.MONTHS)), SupervisionCadenceParams(every=dur(1, U.MONTHS)),
                 [("every", T)], id="every-2m->1m"),
    # a ban on reopening and an announcement period: longer is tighter
    pytest.param(ReopenBanParams(dur(1, U.YEARS)), ReopenBanParams(dur(2, U.YEARS)), [("duration", T)], id="ban-1y->2y"),
    pytest.param(ReopenBanParams(dur(2, U.YEARS)), ReopenBanParams(dur(1, U.YEARS)), [("duration", L)], id="ban-2y->1y"),
    pytest.param(AnnouncementPeriodParams(EventType.CLOSURE_ANNOUNCED, dur(7, U.CALENDAR_DAYS)),
                 AnnouncementPeriodParams(EventType.CLOSURE_ANNOUNCED, dur(2, U.WEEKS)), [("minimum", T)], id="announce-7d->2w"),
    pytest.param(AnnouncementPeriodParams(EventType.CLOSURE_ANNOUNCED, dur(2, U.WEEKS)),
                 AnnouncementPeriodParams(EventType.CLOSURE_ANNOUNCED, dur(7, U.CALENDAR_DAYS)), [("minimum", L)], id="announce-2w->7d"),
    pytest.param(AnnouncementPeriodParams(EventType.CLOSURE_ANNOUNCED, dur(7, U.CALENDAR_DAYS)),
                 AnnouncementPeriodParams(EventType.CLOSURE_ANNOUNCED, dur(5, U.WORKING_DAYS)), [("minimum", I)], id="announce-cd-vs-wd"),
    # a cleanup condition that applies to younger accounts catches more of them
    pytest.param(CleanupConditionParams(CleanupAction.SHUT_DOWN, min_account_age=dur(12, U.MONTHS)),
                 CleanupConditionParams(CleanupAction.SHUT_DOWN, min_account_age=dur(6, U.MONTHS)), [("min_account_age", T)],
                 id="min-age-12m->6m"),
]


@pytest.mark.parametrize(("before", "after", "expected"), DURATIONS)
def test_durations(before, after, expected):
    assert verdicts(before, after) == expected


def test_incomparable_durations_say_why():
    (comparison,) = compare_params(MaxInactivityParams(dur(2, U.WEEKS)), MaxInactivityParams(dur(10, U.WORKING_DAYS)))
    assert "2周" in comparison.detail and "10个工作日" in comparison.detail
    assert "holiday" in comparison.detail


# -- lists, numbers, booleans, descriptions ------------------------------------------------------

CT = ContentTag
RS = RepostSource

OTHERS = [
    # prohibited categories: more is tighter
    pytest.param(ContentProhibitionParams((CT.COMMERCIAL_AD,)), ContentProhibitionParams((CT.COMMERCIAL_AD, CT.RUMOUR)),
                 [("categories", T)], id="categories-superset"),
    pytest.param(ContentProhibitionParams((CT.COMMERCIAL_AD, CT.RUMOUR)), ContentProhibitionParams((CT.COMMERCIAL_AD,)),
                 [("categories", L)], id="categories-subset"),
    pytest.param(ContentProhibitionParams((CT.COMMERCIAL_AD, CT.RUMOUR)), ContentProhibitionParams((CT.RUMOUR, CT.COMMERCIAL_AD)),
                 [("categories", T)], id="categories-reordered"),
    pytest.param(ContentProhibitionParams((CT.COMMERCIAL_AD,)), ContentProhibitionParams((CT.RUMOUR,)),
                 [("categories", L)], id="categories-swapped"),
    # allowed repost sources: fewer is tighter
    pytest.param(RepostSourcesParams((RS.PARTY_GOVERNMENT_WEBSITE, RS.DESIGNATED_SOURCE)), RepostSourcesParams((RS.DESIGNATED_SOURCE,)),
                 [("allowed", T)], id="repost-subset"),
    pytest.param(RepostSourcesParams((RS.DESIGNATED_SOURCE,)), RepostSourcesParams((RS.DESIGNATED_SOURCE, RS.PARTY_NEWSPAPER)),
                 [("allowed", L)], id="repost-superset"),
    pytest.param(OperatorRequirementParams(allowed_operators=(OK.HOST_UNIT, OK.ENTRUSTED_THIRD_PARTY)),
                 OperatorRequirementParams(allowed_operators=(OK.HOST_UNIT,)),
                 [("allowed_operators", T)], id="operators-subset"),
    # 湖州市 6.2.5: two narrower kinds of the national 相关机构 tighten the permission
    pytest.param(OperatorRequirementParams(allowed_operators=(OK.HOST_UNIT, OK.ENTRUSTED_THIRD_PARTY)),
                 OperatorRequirementParams(allowed_operators=(OK.HOST_UNIT, OK.SUBORDINATE_ENTERPRISE_OR_INSTITUTION,
                                                              OK.LICENSED_NEWS_WEBSITE)),
                 [("allowed_operators", T)], id="operators-narrower-kinds"),
    pytest.param(OperatorRequirementParams(allowed_operators=(OK.HOST_UNIT, OK.LICENSED_NEWS_WEBSITE)),
                 OperatorRequirementParams(allowed_operators=(OK.HOST_UNIT, OK.ENTRUSTED_THIRD_PARTY)),
                 [("allowed_operators", L)], id="operators-broader-kind"),
    # a source kind inside a permitted one: 宣传、网信部门确定的 inside 有关主管部门确定的稿源单位
    pytest.param(RepostSourcesParams((RS.DESIGNATED_SOURCE,)), RepostSourcesParams((RS.PUBLICITY_CYBERSPACE_DESIGNATED,)),
                 [("allowed", T)], id="repost-narrower-kind"),
    # filing recipients: more is tighter
    pytest.param(FilingDeadlineParams(recipients=(FilingRecipient.SUPERVISING_UNIT,)),
                 FilingDeadlineParams(recipients=(FilingRecipient.SUPERVISING_UNIT, FilingRecipient.NATIONAL_FILING_SYSTEM)),
                 [("recipients", T)], id="recipients-superset"),
    # the events a filing duty names: the refinement's scope, not a strictness
    pytest.param(FilingDeadlineParams(events=(EventType.ACCOUNT_OPENED, EventType.ACCOUNT_CANCELLED)),
                 FilingDeadlineParams(events=(EventType.ACCOUNT_OPENED,)), [("events", C)], id="events-narrower"),
    # booleans: a duty switched off loosens
    pytest.param(FilingDeadlineParams(announce_publicly=True), FilingDeadlineParams(announce_publicly=False),
                 [("announce_publicly", L)], id="bool-off"),
    pytest.param(FilingDeadlineParams(announce_publicly=False), FilingDeadlineParams(announce_publicly=True),
                 [("announce_publicly", T)], id="bool-on"),
    pytest.param(AccountNamingParams(True, False, True), AccountNamingParams(False, True, True),
                 [("host_unit_in_verification", L), ("consistent_across_platforms", T)], id="naming-mixed"),
    pytest.param(ReviewWorkflowParams(review_before_publish=True), ReviewWorkflowParams(review_before_publish=False),
                 [("review_before_publish", L)], id="review-off"),
    pytest.param(ReviewWorkflowParams(elements=("政治关",)), ReviewWorkflowParams(elements=("政治关", "法律关")),
                 [("elements", T)], id="review-elements"),
    # numbers
    pytest.param(AccountsPerPlatformParams(1), AccountsPerPlatformParams(2), [("maximum", L)], id="maximum-up"),
    pytest.param(AccountsPerPlatformParams(2), AccountsPerPlatformParams(1), [("maximum", T)], id="maximum-down"),
    pytest.param(EscalationLadderParams(interview_after_problems=3), EscalationLadderParams(interview_after_problems=2),
                 [("interview_after_problems", T)], id="interview-sooner"),
    pytest.param(EscalationLadderParams(interview_after_problems=None), EscalationLadderParams(interview_after_problems=2),
                 [("interview_after_problems", T)], id="interview-none->2"),
    pytest.param(EscalationLadderParams(interview_after_problems=2), EscalationLadderParams(interview_after_problems=None),
                 [("interview_after_problems", L)], id="interview-2->none"),
    pytest.param(EscalationLadderParams(steps=(EscalationStep.REMIND, EscalationStep.NOTICE)),
                 EscalationLadderParams(steps=(EscalationStep.REMIND,)), [("steps", L)], id="steps-fewer"),
    # conditions for cleanup: more is tighter
    pytest.param(CleanupConditionParams(CleanupAction.SHUT_DOWN, (Condition("a", ConditionTrigger.LOW_USAGE),)),
                 CleanupConditionParams(CleanupAction.SHUT_DOWN, (Condition("a", ConditionTrigger.LOW_USAGE),
                                                                  Condition("b", ConditionTrigger.SECURITY_INCIDENT))),
                 [("conditions", T)], id="conditions-more"),
    # descriptive values are changed, not ordered
    pytest.param(DutyParams("host_unit"), DutyParams("supervising_unit"), [("actor", C)], id="actor"),
    pytest.param(CleanupConditionParams(CleanupAction.INTEGRATE), CleanupConditionParams(CleanupAction.SHUT_DOWN), [("action", C)], id="action"),
    pytest.param(FilingDeadlineParams(recipient_name="县政府办公室"), FilingDeadlineParams(recipient_name="县委网信办"),
                 [("recipient_name", C)], id="recipient-name"),
    # nothing changed
    pytest.param(ContentProhibitionParams((CT.RUMOUR,)), ContentProhibitionParams((CT.RUMOUR,)), [], id="equal"),
]


@pytest.mark.parametrize(("before", "after", "expected"), OTHERS)
def test_other_orderings(before, after, expected):
    assert verdicts(before, after) == expected


def test_list_details_name_what_changed():
    (dropped,) = compare_params(ContentProhibitionParams((CT.COMMERCIAL_AD, CT.RUMOUR)), ContentProhibitionParams((CT.COMMERCIAL_AD,)))
    assert "drops" in dropped.detail and "rumour" in dropped.detail
    (added,) = compare_params(RepostSourcesParams((RS.DESIGNATED_SOURCE,)), RepostSourcesParams((RS.DESIGNATED_SOURCE, RS.PARTY_NEWSPAPER)))
    assert "adds" in added.detail and "party_newspaper" in added.detail


def test_different_kinds_are_incomparable():
    assert verdicts(FrequencyParams(3, WEEK), MaxInactivityParams(dur(2, U.WEEKS))) == [("kind", I)]


def test_several_fields_are_reported_in_field_order():
    before = FilingDeadlineParams(events=(EventType.ACCOUNT_OPENED,), within=dur(10, U.WORKING_DAYS))
    after = FilingDeadlineParams(events=(EventType.ACCOUNT_OPENED,), within=dur(5, U.WORKING_DAYS),
                                 recipients=(FilingRecipient.SUPERVISING_UNIT,), announce_publicly=True)
    assert verdicts(before, after) == [("within", T), ("recipients", T), ("announce_publicly", T)]


# -- laws ----------------------------------------------------------------------------------------

calendar_units = st.sampled_from([U.CALENDAR_DAYS, U.WEEKS])
any_unit = st.sampled_from(list(U))
calendar_durations = st.builds(Duration, st.integers(1, 60), calendar_units)
same_unit_pairs = any_unit.flatmap(lambda u: st.tuples(st.builds(Duration, st.integers(1, 60), st.just(u)),
                                                       st.builds(Duration, st.integers(1, 60), st.just(u))))
OPPOSITE = {T: L, L: T, S: S, I: I, C: C}


@given(st.one_of(st.tuples(calendar_durations, calendar_durations), same_unit_pairs))
def test_duration_verdicts_are_antisymmetric(pair):
    a, b = pair
    forward, backward = verdicts(MaxInactivityParams(a), MaxInactivityParams(b)), verdicts(MaxInactivityParams(b), MaxInactivityParams(a))
    assert [OPPOSITE[v] for _, v in forward] == [v for _, v in backward]
    if forward:
        (_, verdict), = forward
        days_a = a.calendar_days() if a.unit != b.unit else a.amount
        days_b = b.calendar_days() if a.unit != b.unit else b.amount
        expected = S if days_a == days_b else (T if days_b < days_a else L)
        assert verdict is expected


@given(st.integers(1, 20), calendar_durations, st.integers(1, 20), calendar_durations)
def test_frequency_verdicts_follow_the_daily_rate(m1, per1, m2, per2):
    (comparison,) = compare_params(FrequencyParams(m1, per1), FrequencyParams(m2, per2)) or (None,)
    if comparison is None:
        assert (m1, per1) == (m2, per2)
        return
    rate1, rate2 = m1 / per1.calendar_days(), m2 / per2.calendar_days()
    expected = S if m1 * per2.calendar_days() == m2 * per1.calendar_days() else (T if rate2 > rate1 else L)
    assert comparison.verdict is expected
    (back,) = compare_params(FrequencyParams(m2, per2), FrequencyParams(m1, per1)) or (None,)
    assert back.verdict is OPPOSITE[expected]


@given(st.sets(st.sampled_from(list(CT))), st.sets(st.sampled_from(list(CT))))
def test_prohibited_categories_superset_law(a, b):
    result = verdicts(ContentProhibitionParams(tuple(sorted(a))), ContentProhibitionParams(tuple(sorted(b))))
    if a == b:
        assert result == []
    else:
        assert result == [("categories", T if b >= a else L)]


@given(st.sets(st.sampled_from(list(RS))), st.sets(st.sampled_from(list(RS))))
def test_repost_sources_subset_law(a, b):
    """Permitting fewer kinds, or narrower kinds of the kinds permitted, tightens."""
    result = verdicts(RepostSourcesParams(tuple(sorted(a))), RepostSourcesParams(tuple(sorted(b))))
    if a == b:
        assert result == []
    else:
        inside = all(REPOST.covered(str(x), {str(y) for y in a}) for x in b)
        assert result == [("allowed", T if inside else L)]


@given(st.sets(st.sampled_from(list(OK))), st.sets(st.sampled_from(list(OK))))
def test_allowed_operators_nest_by_the_taxonomy(a, b):
    result = verdicts(OperatorRequirementParams(tuple(sorted(a))), OperatorRequirementParams(tuple(sorted(b))))
    if a == b:
        assert result == []
    else:
        inside = all(OPERATOR.covered(str(x), {str(y) for y in a}) for x in b)
        assert result == [("allowed_operators", T if inside else L)]


@given(st.builds(FrequencyParams, st.none() | st.integers(0, 9), st.none() | st.builds(Duration, st.integers(1, 9), any_unit)))
def test_a_rule_compared_with_itself_is_unchanged(params):
    assert all(c.verdict is S for c in compare_params(params, params))
