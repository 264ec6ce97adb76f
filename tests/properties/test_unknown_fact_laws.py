"""Laws of facts left unsaid (issue 9, class 3): an unknown fact is never guessed.

- A verdict stands for every value: a ``violation`` or ``compliant`` finding about an account whose
  WeChat account type, host unit kind or host unit level is not given keeps that status, for the
  same days (or the same event), when the account is given any value the fact could take.

The law is checked over every shipped jurisdiction and over accounts drawn by the exported
strategies, with one of these fields cleared and the others given.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_new_media_rules as gnmr
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.engine.findings import Finding, period_end, period_start
from gov_new_media_rules.engine.registry import ACCOUNT_EVALUATORS
from gov_new_media_rules.engine.scope import OPEN_FIELDS
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.facts.model import Account
from gov_new_media_rules.model.vocab import Platform
from gov_new_media_rules.strategies import accounts

ALL = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")
AS_OF = dt.date(2025, 6, 30)
BOOKS = {alias: gnmr.rulebook(alias, on=AS_OF) for alias in ALL}
WHOLE_HISTORY = dt.date(2000, 1, 1)
KIND_OF = {alias: {r.id: r.rule.kind for r in book} for alias, book in BOOKS.items()}


def _account_findings(alias: str, account: Account, since: dt.date | None = None) -> list[Finding]:
    report = evaluate(BOOKS[alias], [account], AS_OF, since=since)
    kinds = KIND_OF[alias]
    return [f for f in report.findings if kinds.get(f.rule) in ACCOUNT_EVALUATORS]


def _span(finding: Finding) -> tuple[dt.date, dt.date] | None:
    start, end = period_start(finding.period), period_end(finding.period)
    return (start, end) if start and end else None


def _painted(findings: list[Finding]) -> dict[dt.date, Finding]:
    """Day -> the finding that speaks for it: the narrowest covering one (a failed week inside a
    span of compliant weeks speaks for its own days)."""
    days: dict[dt.date, Finding] = {}
    spans = [(s, f) for f in findings if (s := _span(f)) is not None]
    for (start, end), finding in sorted(spans, key=lambda item: item[0][0] - item[0][1]):
        for n in range((end - start).days + 1):
            days[start + dt.timedelta(days=n)] = finding
    return days


def _holds(verdict: Finding, before: list[Finding], findings: list[Finding]) -> bool:
    """Do ``findings`` (of a completed account) give ``verdict``'s status for what it speaks of?"""
    same_lineage = [f for f in findings if f.lineage == verdict.lineage]
    if _span(verdict) is None:
        key = (verdict.period, verdict.figures.get("event"), verdict.figures.get("event_on"))
        return any(
            f.status is verdict.status and (f.period, f.figures.get("event"), f.figures.get("event_on")) == key
            for f in same_lineage
        )
    own = [day for day, f in _painted([f for f in before if f.lineage == verdict.lineage]).items() if f is verdict]
    after = _painted(same_lineage)
    return all(day in after and after[day].status is verdict.status for day in own)


def _completions(account: Account) -> list[Account]:
    """The account with its unsaid field given each value it could take."""
    unsaid = [name for name in OPEN_FIELDS if getattr(account, name) is None]
    if "account_type" in unsaid and account.platform is not Platform.WECHAT:
        unsaid.remove("account_type")
    return [
        attrs.evolve(account, **dict(zip(unsaid, values)))
        for values in itertools.product(*(OPEN_FIELDS[name] for name in unsaid))
    ]


def _unsay(account: Account, field: str) -> Account:
    return attrs.evolve(account, **{field: None})


@pytest.mark.parametrize("alias", ALL)
@settings(max_examples=12, deadline=None)
@given(
    account=st.one_of(accounts(platform=Platform.WECHAT, start=dt.date(2025, 3, 1), end=AS_OF),
                      accounts(platform=Platform.WEIBO, start=dt.date(2025, 3, 1), end=AS_OF)),
    field=st.sampled_from(sorted(OPEN_FIELDS)),
    data=st.data(),
)
def test_a_verdict_given_while_a_fact_is_unknown_holds_for_every_value(
    alias: str, account: Account, field: str, data: st.DataObject
) -> None:
    for other, values in OPEN_FIELDS.items():
        if other != field and getattr(account, other) is None and (other != "account_type" or account.platform is Platform.WECHAT):
            account = attrs.evolve(account, **{other: data.draw(st.sampled_from(values), label=other)})
    account = _unsay(account, field)
    completions = _completions(account)
    if len(completions) <= 1:
        return
    before = _account_findings(alias, account)
    verdicts = [f for f in before if f.status in (Status.VIOLATION, Status.COMPLIANT)]
    if not verdicts:
        return
    for completed in completions:
        # Every period the law looks back over: a verdict on a period before the report window
        # (a run of missed days that began earlier) is checked against the same days.
        findings = _account_findings(alias, completed, since=WHOLE_HISTORY)
        for verdict in verdicts:
            assert _holds(verdict, before, findings), (alias, verdict.rule, verdict.period, str(verdict.status), completed)


def _wechat(**fields: Any) -> dict[str, Any]:
    return {"id": "wx", "name": "某某发布", "platform": "wechat", "host_unit": "泽州县教育局",
            "opened_on": "2024-01-01", **fields}


def test_zezhou_unknown_account_type_is_not_held_to_three_posts_a_week() -> None:
    """Issue 9's example: one post in a week is a violation for a 订阅号 and compliant for a 服务号;
    no post in a week is a violation for both."""
    posts = [{"published_at": "2025-03-04"}]
    account = account_from_json(_wechat(posts=posts))
    book = gnmr.rulebook("zezhou", on="2025-03-16")
    report = evaluate(book, [account], dt.date(2025, 3, 16), since=dt.date(2025, 3, 3))
    weekly = {f.period: f for f in report.findings if f.lineage == "cn.update.timely"}
    undecided = weekly["2025-W10"]
    assert undecided.status is Status.INSUFFICIENT_DATA
    assert undecided.figures["missing"] == ["account_type"]
    assert {r for a in undecided.figures["alternatives"] for r in a["rules"]} == {
        "zezhou.update.weekly-minimum", "zezhou.update.service-account-weekly"}
    assert "账号类型" in undecided.message_zh
    assert weekly["2025-W11"].status is Status.VIOLATION
    assert weekly["2025-W11"].figures["unsaid"] == ["account_type"]


def test_when_every_type_agrees_the_verdict_is_given() -> None:
    """Three posts every week satisfy both minimums: compliant, noting the type did not matter."""
    posts = [{"published_at": f"2025-03-{d:02d}"} for d in (3, 4, 5, 10, 11, 12)]
    account = account_from_json(_wechat(posts=posts))
    book = gnmr.rulebook("zezhou", on="2025-03-16")
    report = evaluate(book, [account], dt.date(2025, 3, 16), since=dt.date(2025, 3, 3))
    weekly = [f for f in report.findings if f.lineage == "cn.update.timely"]
    assert weekly and all(f.status is Status.COMPLIANT for f in weekly)
    assert all(f.figures.get("unsaid") == ["account_type"] for f in weekly)
