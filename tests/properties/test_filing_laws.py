"""Laws of filing duties (issue 9, class 8).

* Each filing counts for at most one event occurrence, and each occurrence is answered by at most
  one filing (``match_filings``, and what the findings report under every filing rule).
* The variant applied to an occurrence is in force on the occurrence's day, and no deeper variant
  of its lineage that applies to the account, names the event and is in force that day exists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from gov_new_media_rules import rulebook
from gov_new_media_rules.engine import evaluate
from gov_new_media_rules.engine.context import applies
from gov_new_media_rules.engine.evaluators.lifecycle import advance_allowed, match_filings
from gov_new_media_rules.engine.selection import plan, rule_starts
from gov_new_media_rules.facts.model import Account, Filing, LifecycleEvent
from gov_new_media_rules.model.params import FilingDeadlineParams
from gov_new_media_rules.model.vocab import EventType, FilingRecipient, Platform

D = dt.date
ALIASES = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")
# Openings from before the national opinion to after every local document, so that occurrences
# fall on both sides of each local start.
FIRST, LAST = D(2019, 1, 2), D(2025, 11, 28)
EVENTS = (EventType.ACCOUNT_OPENED, EventType.ACCOUNT_INFO_CHANGED, EventType.STAFF_CHANGED,
          EventType.ACCOUNT_SHUT_DOWN, EventType.ACCOUNT_CANCELLED, EventType.CLOSURE_ANNOUNCED)

days = st.dates(min_value=FIRST, max_value=LAST)


@st.composite
def accounts(draw: st.DrawFn) -> Account:
    events = draw(st.lists(st.builds(LifecycleEvent, st.sampled_from(EVENTS), days), max_size=6))
    kinds = sorted({e.type for e in events} | {EventType.ACCOUNT_OPENED})
    filings = draw(st.lists(
        st.builds(
            Filing,
            st.sampled_from(kinds),
            st.sampled_from(list(FilingRecipient)),
            days,
            st.one_of(st.none(), st.sampled_from(sorted({e.on for e in events}) or [FIRST]), days),
        ),
        max_size=8,
    ))
    return Account(
        id="a", name="某县发布", platform=draw(st.sampled_from([Platform.WEIBO, Platform.DOUYIN, Platform.TOUTIAO])),
        host_unit="某县某局", opened_on=draw(st.one_of(st.none(), days)), events=tuple(events), filings=tuple(filings),
    )


@settings(max_examples=200, deadline=None)
@given(accounts(), st.sampled_from(list(EventType)), st.sampled_from(list(FilingRecipient)), st.booleans(), days)
def test_match_filings_is_one_to_one(account: Account, event: EventType, recipient: FilingRecipient,
                                     advance: bool, as_of: dt.date) -> None:
    answered = match_filings(account, event, recipient, as_of, advance)
    filings = list(answered.values())
    assert len({id(f) for f in filings}) == len(filings), "one filing answers two occurrences"
    for day, filing in answered.items():
        assert day <= as_of and filing.filed_on <= as_of
        assert filing.event is event and filing.recipient is recipient
        assert filing.event_on is None or filing.event_on == day
        if not advance and filing.event_on is None:
            # An untagged filing before its event counts only where a filing may precede it; one
            # that names its event (event_on) says what it answers.
            assert filing.filed_on >= day, "a filing before its event counted where none may precede it"


def _day_of(period: str) -> tuple[str, dt.date, str]:
    event, rest = period.split(" ", 1)
    day, target = rest.split(" → ")
    return event, dt.date.fromisoformat(day), target


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ALIASES), accounts(), st.dates(min_value=D(2023, 1, 2), max_value=D(2025, 11, 28)))
def test_each_filing_counts_once_and_the_variant_is_in_force(alias: str, account: Account, as_of: dt.date) -> None:
    book = rulebook(alias, on=as_of)
    report = evaluate(book, [account], as_of)
    starts = rule_starts(book)
    lineages, _ = plan(book)
    variants = {v.id: v for lineage in lineages if lineage.by_event for v in lineage.variants}
    used: Counter[tuple[str, str, str, str]] = Counter()
    for finding in report.findings:
        if finding.rule not in variants or finding.period is None or "→" not in finding.period:
            continue
        event, day, target = _day_of(finding.period)
        # The variant is in force on the event's day ...
        assert starts[finding.rule] <= day, (finding.rule, finding.period, starts[finding.rule])
        # ... and no deeper applicable variant naming the event was in force that day.
        chosen = variants[finding.rule]
        for other in variants.values():
            if other.lineage != chosen.lineage or len(other.chain) <= len(chosen.chain):
                continue
            if event in {str(e) for e in other.rule.params.events} and applies(other.rule.applies_to, account):
                assert starts[other.id] > day, (finding.rule, other.id, finding.period)
        filed = finding.figures.get("filed_on")
        if filed is not None and target in {str(r) for r in FilingRecipient}:
            used[(finding.rule, event, target, filed)] += 1
    # Each filing counts for at most one occurrence under each rule.
    available = Counter((str(f.event), str(f.recipient), f.filed_on.isoformat()) for f in account.filings)
    for (rule_id, event, target, filed), n in used.items():
        assert n <= available[(event, target, filed)], (rule_id, event, target, filed, n)


def test_advance_filing_is_allowed_for_the_supervising_unit_and_before_rules_only() -> None:
    params = FilingDeadlineParams(events=(EventType.ACCOUNT_OPENED,))
    assert advance_allowed(params, FilingRecipient.SUPERVISING_UNIT)
    assert not advance_allowed(params, FilingRecipient.NATIONAL_FILING_SYSTEM)
