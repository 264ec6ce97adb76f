"""Laws of rules about opening (issue 9, class 6).

Rules whose text is about opening an account ("只开设一个", "不单独开设", "不得以……名义开设", 7.1.2 in
"7.1 账号开设") carry ``new_openings_only``. For them:

* an account whose current opening (its last opening or re-opening, facts/lifecycle.py
  ``existence``) came before every rule of the lineage came into force never gets a violation;
* an account whose opening date is not given is never judged compliant or violation;
* a violation names the opening it judged, and that opening lies on or after the day the rule
  that decided it (the rule itself or the rule it restates, ``figures.judged_by``) came into force.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_new_media_rules import rulebook
from gov_new_media_rules.composition import EffectiveRule, Rulebook
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.facts.lifecycle import existence
from gov_new_media_rules.facts.model import Account, LifecycleEvent
from gov_new_media_rules.model.vocab import EventType, Platform, UnitKind, UnitLevel

D = dt.date
ALIASES = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")
# Openings from before the national opinion (2018-12-27) to after every local document.
days = st.dates(min_value=D(2015, 1, 1), max_value=D(2025, 6, 30))
UNITS = ("甲局", "乙镇人民政府")
KINDS = (None, UnitKind.INTERNAL_BODY, UnitKind.TOWNSHIP, UnitKind.COUNTY_DEPARTMENT, UnitKind.ADMINISTRATIVE_ORGAN)
PLATFORMS = (Platform.WEIBO, Platform.DOUYIN)


@st.composite
def accounts(draw: st.DrawFn, index: int) -> Account:
    opened = draw(st.none() | days)
    events = []
    if opened is not None and draw(st.booleans()):
        gone = opened + dt.timedelta(days=draw(st.integers(1, 900)))
        events.append(LifecycleEvent(draw(st.sampled_from((EventType.ACCOUNT_CANCELLED, EventType.ACCOUNT_SHUT_DOWN))), gone))
        if draw(st.booleans()):
            events.append(LifecycleEvent(EventType.ACCOUNT_OPENED, gone + dt.timedelta(days=draw(st.integers(1, 900)))))
    return Account(
        id=f"a{index}",
        name="某某发布",
        platform=draw(st.sampled_from(PLATFORMS)),
        host_unit=draw(st.sampled_from(UNITS)),
        host_unit_kind=draw(st.sampled_from(KINDS)),
        host_unit_level=draw(st.sampled_from((UnitLevel.COUNTY, UnitLevel.TOWNSHIP))),
        opened_on=opened,
        events=events,
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rulebook, list[Account], dt.date]:
    as_of = draw(st.dates(min_value=D(2019, 6, 1), max_value=D(2025, 12, 31)))
    book = rulebook(draw(st.sampled_from(ALIASES)), on=as_of.isoformat())
    n = draw(st.integers(1, 4))
    return book, [draw(accounts(i)) for i in range(n)], as_of


def starts(book: Rulebook, effective: EffectiveRule) -> dict[str, dt.date]:
    """The day each rule of the chain came into force (with its document)."""
    documents = {d.id: d for d in book.documents}
    return {link.id: documents[link.document].starts for link in effective.chain if link.document in documents}


def about_opening(book: Rulebook) -> dict[str, EffectiveRule]:
    return {e.id: e for e in book if getattr(e.rule.params, "new_openings_only", False) and e.rule.checkable}


@settings(deadline=None, max_examples=60)
@given(cases())
def test_an_account_opened_before_a_rule_about_opening_never_violates_it(case) -> None:
    book, accounts_, as_of = case
    rules = about_opening(book)
    by_id = {a.id: a for a in accounts_}
    report = evaluate(book, accounts_, as_of)
    for finding in report.findings:
        effective = rules.get(finding.rule)
        if effective is None:
            continue
        account = by_id[finding.account]
        opening = existence(account, as_of)[-1][0]
        first = min(starts(book, effective).values())
        if opening is not None and opening < first:
            assert finding.status is not Status.VIOLATION, finding
        if account.opened_on is None and not account.events:
            assert finding.status not in (Status.VIOLATION, Status.COMPLIANT), finding
        if finding.status is Status.VIOLATION:
            judged = finding.figures["opened_on"]
            assert judged is not None
            decided_by = finding.figures.get("judged_by", finding.rule)
            assert D.fromisoformat(judged) >= starts(book, effective)[decided_by], finding
