"""Laws of the clean-up conditions and their binding words (issue 9, classes 5, 8 and 9).

- 连续N次: a condition read as N consecutive occurrences never holds unless N observations in a row
  meet it — adjacent effect-index assessments below the threshold, back-to-back 14-day silences —
  and always holds when they do (any N, anywhere, is not enough).
- 上级: a clean-up finding that is ``violation`` or ``compliant`` while ``host_unit_level`` is not
  given keeps that status for every level the rule can apply to; where the levels disagree it is
  ``insufficient_data`` naming the level.
- 长期: one follower count never shows persistence.
- "2周" alike: the national "监测时间点前2周内无更新", Zezhou's single-veto item and Gao County's
  "每2周至少发布1条原创信息" break on the same day for the same posts.
- Citations: every source of every clean-up finding is verbatim in the clause it names, and a
  violation cites, before the rule's primary source, a source covering each condition that held.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_new_media_rules import rulebook
from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.engine.context import AccountView, EvaluationContext
from gov_new_media_rules.engine.evaluators.cleanup import cleanup_condition
from gov_new_media_rules.engine.selection import rule_starts as _rule_starts
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.loading import default_library, squash
from gov_new_media_rules.model.vocab import UnitLevel

D = dt.date
AS_OF = D(2024, 6, 28)
START = D(2024, 1, 1)
SPAN = (AS_OF - START).days
HUZHOU = "huzhou.cleanup.conditions"
Z_SHUT = "zezhou.cleanup.shut-down-conditions"
LIBRARY = default_library()


@functools.cache
def _book(alias: str, on: dt.date) -> Any:
    return rulebook(alias, on=on)


def _direct(alias: str, rule_id: str, data: dict[str, Any], as_of: dt.date = AS_OF) -> Any:
    rules = _book(alias, as_of)
    rule = next(r for r in rules if r.id == rule_id)
    context = EvaluationContext(as_of, default_calendar(), None, _rule_starts(rules))
    found = list(cleanup_condition(rule, AccountView(account_from_json(data), as_of), context))
    assert len(found) == 1
    return found[0]


def _huzhou(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "a", "name": "某县某局", "platform": "weibo", "host_unit": "湖州市某县某局",
        "host_unit_level": "county", "opened_on": "2022-01-01", "posts_from": "2023-06-01",
        "posts": [{"published_at": (D(2023, 6, 1) + dt.timedelta(days=i)).isoformat()} for i in range(0, 394, 5)],
        "assessments": [{"on": "2024-03-01", "effect_index": 85}, {"on": "2024-06-01", "effect_index": 90}],
        "resident_population": 50_000,
        "followers": [{"on": "2024-01-01", "count": 600}, {"on": "2024-06-01", "count": 650}],
    }
    data.update(fields)
    return data


def _condition(finding: Any, condition_id: str) -> dict[str, Any]:
    return finding.figures["conditions"][condition_id]


# -- 连续N次 ----------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=80)
@given(st.lists(st.sampled_from([60, 75, 79.5, 80, 85, 95]), min_size=0, max_size=8))
def test_consecutive_effect_index_holds_exactly_when_two_adjacent_scores_are_low(scores: list[float]) -> None:
    assessments = [{"on": (D(2023, 1, 15) + dt.timedelta(days=45 * i)).isoformat(), "effect_index": s}
                   for i, s in enumerate(scores)]
    f = _direct("huzhou", HUZHOU, _huzhou(assessments=assessments))
    state = _condition(f, "effect_index_below_80_twice")["state"]
    adjacent = any(a < 80 and b < 80 for a, b in itertools.pairwise(scores))
    if not scores:
        assert state == "unknown"
    else:
        assert state == ("held" if adjacent else "not_held")
    # Any two low scores are not enough.
    if sum(s < 80 for s in scores) >= 2 and not adjacent:
        assert state == "not_held"


def _longest_silence(offsets: set[int]) -> int:
    """Day by day over START..AS_OF, the posts at ``offsets`` (and one on the day before START)."""
    longest = run = 0
    for i in range(SPAN + 1):
        if i in offsets:
            run = 0
        else:
            run += 1
            longest = max(longest, run)
    return longest


@settings(deadline=None, max_examples=80)
@given(st.sets(st.integers(0, SPAN), max_size=30))
def test_consecutive_dormancy_holds_exactly_when_28_days_run_without_a_post(offsets: set[int]) -> None:
    posts = [{"published_at": (D(2023, 12, 31)).isoformat()}]
    posts += [{"published_at": (START + dt.timedelta(days=o)).isoformat()} for o in sorted(offsets)]
    f = _direct("huzhou", HUZHOU, _huzhou(posts=posts, posts_from="2023-12-31"))
    figures = _condition(f, "no_update_14_days_twice")
    longest = _longest_silence(offsets)
    assert figures["longest_silence_days"] == (longest if longest >= 14 else 0)
    assert figures["state"] == ("held" if longest >= 28 else "not_held")


# -- 上级 with the level unknown ---------------------------------------------------------------------

notice_levels = st.sampled_from(["national", "province", "city", "county"])
last_year = st.integers(0, 365).map(lambda n: D(2023, 1, 1) + dt.timedelta(days=n))


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(notice_levels, last_year), max_size=4), st.booleans())
def test_a_verdict_without_the_host_unit_level_holds_at_every_level(notices: list[tuple[str, dt.date]],
                                                                    low_index: bool) -> None:
    extra: dict[str, Any] = {"notices": [{"level": lv, "on": on.isoformat()} for lv, on in notices]}
    if low_index:
        extra["assessments"] = [{"on": "2024-03-01", "effect_index": 70}, {"on": "2024-06-01", "effect_index": 75}]
    rule = next(r for r in _book("huzhou", AS_OF) if r.id == HUZHOU)
    levels = rule.rule.applies_to.unit_levels or tuple(UnitLevel)
    unknown = _direct("huzhou", HUZHOU, _huzhou(host_unit_level=None, **extra))
    known = {lvl: _direct("huzhou", HUZHOU, _huzhou(host_unit_level=lvl.value, **extra)).status for lvl in levels}
    if unknown.status in (Status.VIOLATION, Status.COMPLIANT):
        assert set(known.values()) == {unknown.status}
    else:
        assert unknown.status is Status.INSUFFICIENT_DATA
        assert len(set(known.values())) > 1
        assert "host_unit_level" in unknown.figures["missing_facts"]


# -- 长期 ------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=40)
@given(st.integers(0, 2000), st.integers(0, 300))
def test_one_follower_count_never_shows_persistence(count: int, days_back: int) -> None:
    on = AS_OF - dt.timedelta(days=days_back)
    f = _direct("huzhou", HUZHOU, _huzhou(followers=[{"on": on.isoformat(), "count": count}]))
    assert _condition(f, "followers_below_1pct_population")["state"] != "held"


# -- "2周" counted alike -----------------------------------------------------------------------------


@settings(deadline=None, max_examples=25)
@given(st.integers(1, 40))
def test_two_weeks_break_on_the_same_day_everywhere(silent_days: int) -> None:
    """A last (original) post on day P, judged as of P + silent_days: the national item, Zezhou's
    single-veto item and Gao County's original-post rule agree, and break at 14 silent days."""
    last = D(2025, 5, 6)
    as_of = last + dt.timedelta(days=silent_days)
    opened = D(2025, 3, 3)
    posts = [{"published_at": (opened + dt.timedelta(days=i)).isoformat(), "original": True}
             for i in range(0, (last - opened).days + 1, 2)]
    if posts[-1]["published_at"] != last.isoformat():
        posts.append({"published_at": last.isoformat(), "original": True})
    data = {"id": "a", "name": "某局", "platform": "weibo", "host_unit": "某局", "opened_on": opened.isoformat(),
            "posts": posts, "interaction_enabled": True, "in_national_filing_system": True}
    broken = silent_days >= 14
    account = account_from_json(data)

    def state(alias: str, rule_id: str) -> Status:
        found = [f for f in evaluate(_book(alias, as_of), [account], as_of).findings if f.rule == rule_id]
        return found[-1].status  # the state on as_of comes last

    assert (state("national", "cn.inspection.no-update-2-weeks") is Status.VIOLATION) == broken
    assert (state("gaoxian", "gaoxian.content.original-every-2-weeks") is Status.VIOLATION) == broken
    z = _direct("zezhou", Z_SHUT, data, as_of)
    assert (_condition(z, "single_veto_no_update")["state"] == "held") == broken


# -- citations ---------------------------------------------------------------------------------------


def _verbatim(citation: Any) -> bool:
    document = LIBRARY.documents[citation.document]
    clause = document.clause(citation.clause)
    return clause is not None and squash(citation.quote) in squash(clause.text)


@settings(deadline=None, max_examples=60)
@given(
    st.lists(st.tuples(notice_levels, last_year), max_size=3),
    st.sampled_from([[], [{"kind": "security", "on": "2024-02-02"}], [{"kind": "legal_violation", "on": "2024-03-01"}]]),
    st.sampled_from([None, 50_000]),
    st.sampled_from([[], [{"on": "2024-06-01"}], [{"on": "2024-05-01", "rectified_on": "2024-05-10"}]]),
    st.sampled_from([None, "county", "township"]),
)
def test_every_cleanup_citation_is_verbatim_and_covers_what_decided(notices: list[tuple[str, dt.date]],
                                                                    incidents: list[dict[str, str]],
                                                                    population: int | None,
                                                                    exposures: list[dict[str, str]],
                                                                    level: str | None) -> None:
    data = _huzhou(notices=[{"level": lv, "on": on.isoformat()} for lv, on in notices], incidents=incidents,
                   resident_population=population, exposures=exposures, host_unit_level=level)
    for alias, rule_id, facts in (("huzhou", HUZHOU, data),
                                  ("zezhou", Z_SHUT, dict(data, interaction_enabled=level != "township"))):
        f = _direct(alias, rule_id, facts)
        rule = next(r for r in _book(alias, AS_OF) if r.id == rule_id)
        assert all(_verbatim(c) for c in f.sources)
        assert f.source == f.sources[0] and f.sources[-1] == rule.rule.sources[0]
        deciding = {Status.VIOLATION: f.figures["held"], Status.INSUFFICIENT_DATA: f.figures["unknown"]}.get(f.status, [])
        for condition_id in deciding:
            assert any(condition_id in c.covers for c in f.sources[:-1]), (condition_id, f.sources)
        assert all(c.secondary == (c.document == "cn-gbmh-2019-19") for c in f.sources)
