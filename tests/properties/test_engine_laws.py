"""Laws of the evaluation engine over the shipped rulebooks and generated account facts."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gov_new_media_rules import strategies as gs
from gov_new_media_rules.calendar import default_calendar
from gov_new_media_rules.composition import Rulebook, compose
from gov_new_media_rules.engine import evaluate
from gov_new_media_rules.engine.findings import Finding, Report, Status, period_end
from gov_new_media_rules.engine.registry import ACCOUNT_EVALUATORS, UNIT_EVALUATORS
from gov_new_media_rules.facts import Account, Post, account_from_json
from gov_new_media_rules.facts.serialize import account_to_json
from gov_new_media_rules.loading import default_library, squash
from gov_new_media_rules.model.params import RuleKind
from gov_new_media_rules.serialize import finding_to_json, report_to_json, rulebook_to_json

LIBRARY = default_library()
CAL = default_calendar()
D = dt.date
ONE_DAY = dt.timedelta(days=1)

# Rules about several accounts of one unit: the one exception to account independence.
MULTI_ACCOUNT_KINDS = frozenset(UNIT_EVALUATORS)


@st.composite
def scenarios(
    draw: st.DrawFn, *, min_accounts: int = 1, max_accounts: int = 3, max_days: int = 100
) -> tuple[Rulebook, list[Account], dt.date]:
    """A shipped rulebook as of a day, and accounts with facts in a window ending that day."""
    as_of = draw(gs.covered_dates(min_value=D(2019, 6, 1), max_value=D(2026, 11, 30)))
    book = draw(gs.rulebooks(on=st.just(as_of)))
    start = as_of - dt.timedelta(days=draw(st.integers(0, max_days)))
    density = draw(st.sampled_from((0.05, 0.2, 0.5, 0.9)))
    accounts = draw(
        st.lists(
            gs.accounts(start=start, end=as_of, density=density),
            min_size=min_accounts, max_size=max_accounts, unique_by=lambda a: a.id,
        )
    )
    return book, accounts, as_of


def canonical(report: Report) -> str:
    return json.dumps(report_to_json(report), ensure_ascii=False, sort_keys=True)


def kind_of(book: Rulebook, rule_id: str) -> RuleKind:
    # A rule a refinement took over still judges the time before the refinement: findings may name it.
    rule = book.rule(rule_id)
    assert rule is not None, f"finding cites {rule_id}, which is in no chain of the rulebook"
    return rule.kind


def period_days(period: str | None) -> Iterable[dt.date] | None:
    """The days a period label covers: ``a/b`` date ranges, ISO weeks ``2025-W05``, single days."""
    if period is None:
        return None
    parts = period.split("/")
    try:
        if len(parts) == 2:
            first, last = D.fromisoformat(parts[0]), D.fromisoformat(parts[1])
        elif "-W" in period:
            year, week = period.split("-W")
            first = D.fromisocalendar(int(year), int(week), 1)
            last = first + dt.timedelta(days=6)
        else:
            first = last = D.fromisoformat(period)
    except ValueError:
        return None
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def violation_days(report: Report, book: Rulebook, kinds: Iterable[RuleKind]) -> set[tuple[str, str, dt.date]]:
    """(account, rule, day) for every day inside a violation's period, for rules of ``kinds``."""
    wanted = set(kinds)
    out = set()
    for finding in report.findings:
        if finding.status is Status.VIOLATION and kind_of(book, finding.rule) in wanted:
            days = period_days(finding.period)
            assert days is not None, f"a {kind_of(book, finding.rule)} violation without a dated period: {finding}"
            out.update((finding.account, finding.rule, day) for day in days)
    return out


def with_post(account: Account, post: Post) -> Account:
    return attrs.evolve(account, posts=[*account.posts, post])


# -- determinism and purity -----------------------------------------------------------------------


@given(scenarios())
def test_evaluation_is_deterministic(scenario):
    """The same rulebook, facts and day give a byte-identical report (JSON with sorted keys),
    whether the accounts come as a tuple or stream past as a generator."""
    book, accounts, as_of = scenario
    first = canonical(evaluate(book, tuple(accounts), as_of))
    assert canonical(evaluate(book, tuple(accounts), as_of)) == first
    assert canonical(evaluate(book, (a for a in accounts), as_of)) == first


@given(scenarios(), st.data())
def test_evaluation_does_not_mutate_its_inputs(scenario, data):
    """Evaluating changes neither the accounts (their JSON and their value), nor the JSON they
    were read from, nor the rulebook."""
    book, accounts, as_of = scenario
    raw = [account_to_json(a) for a in accounts]
    raw_copy = copy.deepcopy(raw)
    loaded = [account_from_json(r) for r in raw]
    assert raw == raw_copy
    before_book = rulebook_to_json(book)
    before_accounts = [account_to_json(a) for a in accounts]
    evaluate(book, loaded, as_of)
    evaluate(book, accounts, as_of)
    assert raw == raw_copy
    assert [account_to_json(a) for a in accounts] == before_accounts
    assert loaded == accounts
    assert rulebook_to_json(book) == before_book


@given(scenarios())
def test_every_finding_cites_a_clause_that_exists(scenario):
    """Every finding names a rule of the rulebook and an account of the input, and cites a held
    document, one of its clauses, and a quote found verbatim (whitespace aside) in that clause."""
    book, accounts, as_of = scenario
    ids = {a.id for a in accounts}
    for finding in evaluate(book, accounts, as_of).findings:
        assert book.rule(finding.rule) is not None  # in force, or taken over later (judging the time before)
        assert finding.account in ids
        document = LIBRARY.documents.get(finding.source.document)
        assert document is not None, finding.source
        clause = document.clause(finding.source.clause)
        assert clause is not None, finding.source
        assert squash(finding.source.quote) in squash(clause.text)
        assert finding.status in Status


@given(scenarios(), st.data())
def test_posts_after_as_of_change_nothing_but_the_note(scenario, data):
    """Posts dated after ``as_of`` do not change any finding: an evaluation as of a day sees
    nothing after the end of that day (they are only counted in a note)."""
    book, accounts, as_of = scenario
    later = data.draw(st.lists(gs.posts(as_of + ONE_DAY, as_of + dt.timedelta(days=30)), min_size=1, max_size=5))
    target = data.draw(st.sampled_from(accounts))
    changed = [attrs.evolve(a, posts=[*a.posts, *later]) if a is target else a for a in accounts]
    plain, more = evaluate(book, accounts, as_of), evaluate(book, changed, as_of)
    assert more.findings == plain.findings
    assert any(str(len(later)) in note for note in more.notes)


# -- monotonicity: posting more never hurts -------------------------------------------------------


@st.composite
def scenarios_with_a_new_post(draw: st.DrawFn) -> tuple[Rulebook, Account, Post, dt.date]:
    book, accounts, as_of = draw(scenarios(max_accounts=1))
    account = accounts[0]
    # Judgeable before the post: an opening date or a post on or before as_of. (Without either,
    # the engine reports insufficient data, and any post may reveal a violation.)
    opened = account.opened_on or min((e.on for e in account.events if e.type == "account_opened"), default=None)
    assume(opened is not None or any(day <= as_of for day in account.posts.days))
    first = opened or min(account.posts.days)
    first = min(max(first, as_of - dt.timedelta(days=400)), as_of)
    post = draw(gs.posts(first, as_of, original_share=draw(st.sampled_from((0.0, 0.5, 1.0)))))
    return book, account, post, as_of


DORMANCY = (RuleKind.MAX_INACTIVITY,)
FREQUENCY = (RuleKind.POSTING_FREQUENCY, RuleKind.ORIGINAL_POSTS)


@given(scenarios_with_a_new_post())
def test_adding_a_post_never_creates_a_dormancy_violation(scenario):
    """An account that posts once more (on a day it already existed, on or before ``as_of``) is
    never dormant on a day it was not dormant before: the days covered by max-inactivity
    violations can only shrink."""
    book, account, post, as_of = scenario
    before = violation_days(evaluate(book, [account], as_of), book, DORMANCY)
    after = violation_days(evaluate(book, [with_post(account, post)], as_of), book, DORMANCY)
    assert after <= before, sorted(after - before)[:5]


@given(scenarios_with_a_new_post())
def test_adding_a_post_never_creates_a_frequency_violation(scenario):
    """One more post (original or not) never creates a posting-frequency or original-post
    violation: the violating weeks, runs of days and working days can only shrink."""
    if RuleKind.POSTING_FREQUENCY not in ACCOUNT_EVALUATORS:  # pragma: no cover - until the evaluator lands
        pytest.skip("no posting_frequency evaluator yet")
    book, account, post, as_of = scenario
    before = violation_days(evaluate(book, [account], as_of), book, FREQUENCY)
    after = violation_days(evaluate(book, [with_post(account, post)], as_of), book, FREQUENCY)
    assert after <= before, sorted(after - before)[:5]


# -- time shifts ----------------------------------------------------------------------------------


def _plain(day: dt.date) -> bool:
    """A day the holiday schedule leaves alone: a working day exactly when it is a weekday."""
    return CAL.is_working_day(day) == (day.weekday() < 5)


def _plain_runs(first: dt.date, last: dt.date, min_days: int) -> list[tuple[dt.date, dt.date]]:
    """Maximal runs of plain days inside one calendar year, at least ``min_days`` long."""
    runs, start, day = [], None, first
    while day <= last + ONE_DAY:
        ok = day <= last and _plain(day) and (start is None or day.year == start.year)
        if ok and start is None:
            start = day
        elif not ok and start is not None:
            if (day - start).days >= min_days:
                runs.append((start, day - ONE_DAY))
            start = day if day <= last and _plain(day) else None
        day += ONE_DAY
    return runs


# Every shipped document is in force from 2023-01-01, so rulebooks from then on are the same.
PLAIN_RUNS = _plain_runs(D(2023, 1, 2), D(2026, 12, 31), min_days=56)
# Due dates after as_of stay inside the run: the longest working-day period in the shipped rules
# is Changchun's 15-working-day closure notice (three weeks of plain days), so four weeks of margin. (Two
# weeks let a notice late in 2026 reach into 2027, beyond the holiday data.)
MARGIN = dt.timedelta(days=28)


@st.composite
def shifted_scenarios(draw: st.DrawFn) -> tuple[Rulebook, Rulebook, list[Account], dt.date, dt.date, int]:
    run_first, run_last = draw(st.sampled_from(PLAIN_RUNS))
    room = (run_last - run_first).days + 1 - MARGIN.days
    length = draw(st.integers(0, min(35, room - 8)))
    weeks_of_room = (room - length - 1) // 7
    assume(weeks_of_room >= 1)
    offset = draw(st.integers(0, room - length - 1 - 7))
    since = run_first + dt.timedelta(days=offset)
    as_of = since + dt.timedelta(days=length)
    # Shift forward or backward by whole weeks, staying inside the run with the margin.
    forward = ((run_last - MARGIN - as_of).days) // 7
    backward = ((since - run_first).days) // 7
    shifts = [k for k in range(-backward, forward + 1) if k != 0]
    assume(shifts)
    k = draw(st.sampled_from(shifts))
    jurisdiction = draw(st.sampled_from(gs.SHIPPED_JURISDICTIONS))
    book = compose(LIBRARY, jurisdiction, as_of)
    moved = compose(LIBRARY, jurisdiction, as_of + dt.timedelta(weeks=k))
    accounts = draw(
        st.lists(
            gs.accounts(start=since, end=as_of, density=draw(st.sampled_from((0.1, 0.4, 0.8)))),
            min_size=1, max_size=2, unique_by=lambda a: a.id,
        )
    )
    # Every fact inside [since, as_of]: the opening too.
    accounts = [
        attrs.evolve(
            a,
            opened_on=None if a.opened_on is None else max(a.opened_on, since),
            events=tuple(attrs.evolve(e, on=max(e.on, since)) for e in a.events),
        )
        for a in accounts
    ]
    return book, moved, accounts, since, as_of, k


def shift_account(account: Account, days: int) -> Account:
    """The same account with every date moved by ``days`` (timestamps keep their time of day)."""
    raw = account_to_json(account)
    delta = dt.timedelta(days=days)

    def move(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: move(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [move(v, key) for v in value]
        if isinstance(value, str) and key in {"on", "opened_on", "filed_on", "event_on", "rectified_on"}:
            return (D.fromisoformat(value) + delta).isoformat()
        if isinstance(value, str) and key in {"published_at", "at"}:
            if len(value) == 10:
                return (D.fromisoformat(value) + delta).isoformat()
            moved = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) + delta
            text = moved.isoformat(sep=value[10])
            return text.replace("+00:00", "Z") if value.endswith("Z") else text
        return value

    return account_from_json(move(raw))


def statuses(report: Report) -> Counter[tuple[str, str, str]]:
    return Counter((f.rule, f.account, str(f.status)) for f in report.findings)


@given(shifted_scenarios())
def test_shifting_every_date_by_whole_weeks_leaves_statuses_unchanged(scenario):
    """Moving every date of the facts, the window and ``as_of`` by whole weeks, within a stretch
    of the same year where the holiday schedule changes no day (no holiday, no makeup working
    day) and the same rules are in force, gives the same statuses for every rule and account:
    findings depend on the calendar, never on the date as such."""
    book, moved, accounts, since, as_of, k = scenario
    assert moved.fingerprint() == book.fingerprint()
    days = 7 * k
    shifted = [shift_account(a, days) for a in accounts]
    delta = dt.timedelta(days=days)
    before = evaluate(book, accounts, as_of, since=since)
    after = evaluate(moved, shifted, as_of + delta, since=since + delta)
    assert statuses(after) == statuses(before)


# -- independence ---------------------------------------------------------------------------------


def own(report: Report, book: Rulebook, account_id: str) -> list[Finding]:
    """An account's findings under rules about one account at a time."""
    return [f for f in report.findings if f.account == account_id and kind_of(book, f.rule) not in MULTI_ACCOUNT_KINDS]


@given(scenarios(min_accounts=2, max_accounts=4), st.data())
def test_an_accounts_findings_do_not_depend_on_other_accounts(scenario, data):
    """An account's findings under rules about a single account are the same whether it is
    evaluated alone or among others, in any order; only rules about several accounts of one
    unit (one account per platform, consistent names, clean-up of duplicates, re-opening bans)
    may look at the others."""
    book, accounts, as_of = scenario
    together = evaluate(book, data.draw(st.permutations(accounts)), as_of)
    for account in accounts:
        alone = evaluate(book, [account], as_of)
        assert own(together, book, account.id) == own(alone, book, account.id)


@given(scenarios(min_accounts=2, max_accounts=4))
def test_rules_about_several_accounts_see_only_their_unit(scenario):
    """A rule about several accounts judges an account by the accounts of its own host unit:
    adding accounts of another unit changes none of its findings."""
    book, accounts, as_of = scenario
    unit = accounts[0].host_unit
    same_unit = [a for a in accounts if a.host_unit == unit]
    others = [a for a in accounts if a.host_unit != unit]
    assume(others)
    mine = {a.id for a in same_unit}
    alone = [f for f in evaluate(book, same_unit, as_of).findings if f.account in mine]
    together = [f for f in evaluate(book, [*same_unit, *others], as_of).findings if f.account in mine]
    assert together == alone


# -- lifecycle: duties of live accounts end with the live span ------------------------------------

LIVE_KINDS = frozenset({RuleKind.POSTING_FREQUENCY, RuleKind.ORIGINAL_POSTS, RuleKind.MAX_INACTIVITY})


def _period_start(period: str) -> dt.date:
    """The first day of a finding's period: an ISO week ``2025-W10``, a span ``a/b``, a month or a year."""
    first = period.split("/")[0]
    if "-W" in first:
        year, week = first.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    parts = first.split("-")
    if len(parts) == 1:
        return D(int(parts[0]), 1, 1)
    if len(parts) == 2:
        return D(int(parts[0]), int(parts[1]), 1)
    return dt.date.fromisoformat(first)


@given(scenarios(max_accounts=2, max_days=120), st.data())
def test_no_periodic_rule_finds_a_violation_after_the_account_stopped_being_live(
    drawn: tuple[Rulebook, list[Account], dt.date], data: st.DataObject
) -> None:
    """Closure notice, shut-down or cancellation on day C: no posting-frequency, original-post or
    dormancy violation is about a period that begins on or after C (the account was not live)."""
    book, accounts, as_of = drawn
    closed: dict[str, dt.date] = {}
    changed = []
    for account in accounts:
        day = as_of - dt.timedelta(days=data.draw(st.integers(0, 90), label="days before as_of"))
        kind = data.draw(st.sampled_from(["closure_announced", "account_shut_down", "account_cancelled"]), label="kind")
        raw = account_to_json(account)
        opened = [dt.date.fromisoformat(e["on"]) for e in raw.get("events", []) if e["type"] == "account_opened"]
        if raw.get("opened_on"):
            opened.append(dt.date.fromisoformat(raw["opened_on"]))
        assume(all(day >= d for d in opened))  # a closure before the opening is contradictory, and ignored
        raw["events"] = [*raw.get("events", []), {"type": kind, "on": day.isoformat()}]
        changed.append(account_from_json(raw))
        closed[account.id] = day
    report = evaluate(book, changed, as_of)
    for finding in report.findings:
        if finding.status is not Status.VIOLATION or kind_of(book, finding.rule) not in LIVE_KINDS:
            continue
        assert finding.period is not None
        assert _period_start(finding.period) < closed[finding.account], (finding.rule, finding.period, closed[finding.account])


# -- the report window filters, it does not judge ---------------------------------------------------

WINDOWED_KINDS = frozenset({RuleKind.CONTENT_PROHIBITION, RuleKind.REPOST_SOURCES, RuleKind.REVIEW_WORKFLOW})


@given(scenarios(max_accounts=2, max_days=150), st.integers(0, 120), st.integers(0, 120))
def test_findings_inside_the_report_window_do_not_depend_on_since(
    drawn: tuple[Rulebook, list[Account], dt.date], back_a: int, back_b: int
) -> None:
    """Two report windows: every violation of a periodic rule whose period ends inside both is the
    same under both, and every finding of a rule that is not periodic is the same."""
    book, accounts, as_of = drawn
    early, late = sorted((as_of - dt.timedelta(days=back_a), as_of - dt.timedelta(days=back_b)))
    wide = evaluate(book, accounts, as_of, since=early)
    narrow = evaluate(book, accounts, as_of, since=late)

    def judged(report: Report) -> tuple[Counter[str], Counter[str]]:
        periodic: Counter[str] = Counter()
        other: Counter[str] = Counter()
        for f in report.findings:
            kind = kind_of(book, f.rule)
            if kind in WINDOWED_KINDS:
                continue  # their finding's period is the report window itself
            if kind in LIVE_KINDS:
                end = period_end(f.period)
                if f.status is Status.VIOLATION and end is not None and end >= late:
                    periodic[json.dumps(finding_to_json(f), ensure_ascii=False, sort_keys=True)] += 1
            else:
                other[json.dumps(finding_to_json(f), ensure_ascii=False, sort_keys=True)] += 1
        return periodic, other

    assert judged(wide) == judged(narrow)
