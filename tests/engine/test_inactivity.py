"""No-update limits (``max_inactivity``) and the readings of their words (issue 9, classes 5 and 8).

* ``cn.inspection.no-update-2-weeks`` — "监测时间点前2周内无更新", ``breach = at_limit``: the 14
  calendar days up to and including ``as_of`` without a post; a last post on P breaks it at the end
  of P+14, the same day as Gao County's "每2周至少发布1条原创信息".
* ``changchun-xinqu.updating.dormancy`` — "超过7个工作日未更新", ``breach = beyond_limit``: the 8th
  whole working day without a post.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pytest

from gov_new_media_rules import rulebook
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.errors import PolicyLoadError
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.loading import structure
from gov_new_media_rules.model.params import Condition, InactivityBreach, silent_units_needed

D = dt.date
NATIONAL = "cn.inspection.no-update-2-weeks"
CHANGCHUN = "changchun-xinqu.updating.dormancy"


@functools.cache
def book(alias: str, on: dt.date) -> Any:
    return rulebook(alias, on=on)


def findings(alias: str, rule_id: str, posts: list[dt.date], as_of: dt.date, opened: dt.date = D(2024, 9, 2)) -> list[Any]:
    data = {"id": "a", "name": "某局", "platform": "weibo", "host_unit": "某局", "opened_on": opened.isoformat(),
            "posts": [{"published_at": p.isoformat()} for p in posts]}
    report = evaluate(book(alias, as_of), [account_from_json(data)], as_of)
    return [f for f in report.findings if f.rule == rule_id]


def test_the_readings_are_parameters() -> None:
    on = D(2025, 3, 1)
    assert book("national", on).get(NATIONAL).rule.params.breach is InactivityBreach.AT_LIMIT
    changchun = book("changchun-xinqu", on)
    assert changchun.get(CHANGCHUN).rule.params.breach is InactivityBreach.BEYOND_LIMIT
    assert silent_units_needed(14, InactivityBreach.AT_LIMIT) == 14
    assert silent_units_needed(7, InactivityBreach.BEYOND_LIMIT) == 8
    assert silent_units_needed(7, None) == 8


@pytest.mark.parametrize(("as_of", "status", "due"), [
    (D(2024, 10, 13), Status.COMPLIANT, D(2024, 10, 14)),  # 1-13 October: 13 silent days
    (D(2024, 10, 14), Status.VIOLATION, D(2024, 10, 14)),  # 1-14 October: 14, National Day included
])
def test_national_two_weeks_at_the_limit(as_of: dt.date, status: Status, due: dt.date) -> None:
    found = findings("national", NATIONAL, [D(2024, 9, 2), D(2024, 9, 16), D(2024, 9, 30)], as_of)
    current = found[-1]
    assert current.status is status and current.due == due
    if status is Status.VIOLATION:
        assert current.period == "2024-10-14/2024-10-14"
        assert "连续14天（2周）无更新" in current.message_zh


@pytest.mark.parametrize(("next_post", "episode"), [
    (D(2024, 10, 14), None),  # 1-13 October silent: 13 days
    (D(2024, 10, 15), "2024-10-14/2024-10-14"),  # 1-14 October silent: 14 days, dormant on the 14th
])
def test_national_two_weeks_between_posts(next_post: dt.date, episode: str | None) -> None:
    found = findings("national", NATIONAL, [D(2024, 9, 2), D(2024, 9, 16), D(2024, 9, 30), next_post], D(2024, 10, 20))
    past = [f for f in found if f.status is Status.VIOLATION]
    assert [f.period for f in past] == ([episode] if episode else [])


def test_national_two_weeks_counts_from_the_opening_of_an_account_that_never_posted() -> None:
    opened = D(2025, 3, 25)
    assert findings("national", NATIONAL, [], D(2025, 4, 7), opened)[-1].status is Status.COMPLIANT
    assert findings("national", NATIONAL, [], D(2025, 4, 8), opened)[-1].status is Status.VIOLATION


def test_changchun_more_than_7_working_days_is_unchanged() -> None:
    # Last post Friday 2025-01-24; 26 Jan (makeup), 27 Jan, 5, 6, 7 Feb, 8 Feb (makeup), 10 Feb.
    posts = [D(2024, 12, 2), D(2025, 1, 13), D(2025, 1, 24)]
    assert findings("changchun-xinqu", CHANGCHUN, posts, D(2025, 2, 10), D(2024, 12, 2))[-1].status is Status.COMPLIANT
    assert findings("changchun-xinqu", CHANGCHUN, posts, D(2025, 2, 11), D(2024, 12, 2))[-1].status is Status.VIOLATION


# -- validation of the condition parameters -------------------------------------------------------


@pytest.mark.parametrize(("raw", "message"), [
    ({"trigger": "effect_index_below", "consecutive": True}, "needs a count"),
    ({"trigger": "legal_violation", "consecutive": True, "count": 2}, "consecutive applies only"),
    ({"trigger": "followers_below_population_share", "min_observations": 1}, "at least 2"),
    ({"trigger": "security_incident", "min_observations": 2}, "min_observations applies only"),
    ({"trigger": "single_veto_item"}, "item is required"),
    ({"trigger": "legal_violation", "item": "no_update"}, "item is required"),
    ({"trigger": "notices_at_level", "period": "previous_calendar_year", "within": {"amount": 1, "unit": "years"}},
     "remove within"),
    ({"trigger": "legal_violation", "breach": "at_limit"}, "breach applies only"),
    ({"trigger": "notices_at_level", "count": 0}, "at least 1"),
])
def test_condition_parameters_are_validated(raw: dict[str, Any], message: str, tmp_path: Any) -> None:
    with pytest.raises(PolicyLoadError, match=message):
        structure({"id": "c", **raw}, Condition, tmp_path / "rules.toml", "rules[0].params.conditions[0]")
