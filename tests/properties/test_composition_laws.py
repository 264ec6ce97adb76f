"""Laws of composing rulebooks from documents and overlays, over the shipped policies.

Overlays come from ``strategies.tighten_only_overlays``: valid what-if overlays that only tighten
checkable rules of the rulebook they are drawn for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gov_new_media_rules import strategies as gs
from gov_new_media_rules.composition import Overlay, Rulebook, compose
from gov_new_media_rules.engine import evaluate
from gov_new_media_rules.engine.findings import Report, Status
from gov_new_media_rules.errors import CompositionError
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.loading import default_library, load_overlay, squash
from gov_new_media_rules.model.params import Duration, DurationUnit, FilingDeadlineParams
from gov_new_media_rules.model.rules import Rule
from gov_new_media_rules.serialize import applicability_to_json, params_to_json, rulebook_to_json
from gov_new_media_rules.strictness import Verdict

LIBRARY = default_library()
D = dt.date

# Days on which the shipped documents say something; before the first one every rulebook is empty.
policy_days = gs.covered_dates(min_value=D(2019, 1, 1), max_value=D(2026, 11, 30))
books = gs.rulebooks(on=policy_days)


def signature(book: Rulebook) -> list[tuple[Any, ...]]:
    """What decides findings, without the ids of the documents that carry overlay rules."""
    return [
        (
            r.id,
            r.lineage,
            str(r.rule.kind),
            params_to_json(r.rule.params),
            applicability_to_json(r.rule.applies_to),
            tuple(c.id for c in r.chain),
            tuple((c.field, str(c.verdict)) for c in r.comparisons),
            r.refined_by,
        )
        for r in book
    ]


def merged(overlays: Sequence[Overlay], overlay_id: str) -> Overlay:
    """The overlays' rules as one overlay document (what a user gets by pasting files together)."""
    rules = tuple(attrs.evolve(r, document=overlay_id) for o in overlays for r in o.rules)
    return Overlay(overlay_id, "merged", overlays[0].on, rules)


@st.composite
def overlay_chains(draw: st.DrawFn) -> tuple[Rulebook, list[Overlay]]:
    """A rulebook and 1-3 overlays, each tightening rules of the one before (the first tightens
    the rulebook's own rules)."""
    book = draw(books)
    chain: list[Overlay] = []
    for index in range(draw(st.integers(1, 3))):
        current = compose(LIBRARY, book.jurisdiction.id, book.on, chain)
        targets = None if not chain else [r.id for r in chain[-1].rules]
        overlay = draw(gs.tighten_only_overlays(current, overlay_id=f"o{index + 1}", targets=targets))
        if not overlay.rules:
            break
        chain.append(overlay)
    return book, chain


# -- identity, associativity, provenance, time ----------------------------------------------------


@given(books, st.data())
def test_an_empty_overlay_is_the_identity(book, data):
    """Composing with an empty overlay, laid on any jurisdiction along the path, gives the same
    rulebook (the same rules, parameters, provenance and fingerprint); only the list of overlays
    records that one was applied."""
    path = LIBRARY.tree.path(book.jurisdiction.id)
    on = data.draw(st.sampled_from([j.id for j in path]))
    overlaid = compose(LIBRARY, book.jurisdiction.id, book.on, [Overlay("empty", "nothing", on, ())])
    plain = rulebook_to_json(book)
    with_empty = rulebook_to_json(overlaid)
    assert with_empty.pop("overlays") == ["empty"] and plain.pop("overlays") == []
    assert with_empty == plain
    assert signature(overlaid) == signature(book)


@given(overlay_chains(), st.data())
def test_overlay_chains_compose_associatively(chain, data):
    """A chain of overlays O1, O2, O3 (each refining the previous one's rules) gives the same
    rulebook however it is grouped into overlay documents — (O1 O2) O3, O1 (O2 O3), O1 O2 O3 or
    all in one — and in whichever order the overlays are listed."""
    book, overlays = chain
    j, on = book.jurisdiction.id, book.on
    expected = signature(compose(LIBRARY, j, on, overlays))
    groupings = [[merged(overlays, "all")]]
    for cut in range(1, len(overlays)):
        groupings.append([merged(overlays[:cut], "left"), merged(overlays[cut:], "right")])
    groupings.append(data.draw(st.permutations(overlays)))
    for grouping in groupings:
        assert signature(compose(LIBRARY, j, on, grouping)) == expected, [o.id for o in grouping]


@given(books)
def test_provenance_names_the_documents_along_the_path(book):
    """Every rule's provenance chain starts at its lineage, ends at the rule as written, and each
    link is a rule of a document in force on the day, issued by a jurisdiction on the path from
    the root to the rulebook's jurisdiction; every parameter is attributed to a document of that
    chain, and the JSON provenance lists exactly those documents."""
    path = [j.id for j in LIBRARY.tree.path(book.jurisdiction.id)]
    documents = {d.id for d in book.documents}
    for effective, data in zip(book, rulebook_to_json(book)["rules"], strict=True):
        chain = effective.chain
        assert chain[0].id == effective.lineage and chain[-1].id == effective.id
        for link in chain:
            assert link.document in documents and link.jurisdiction in path
            assert LIBRARY.rules[link.id] == link
        assert [p["document"] for p in data["provenance"]] == [link.document for link in chain]
        assert set(data["params_set_by"].values()) <= {link.document for link in chain}
        for earlier, later in zip(chain, chain[1:]):
            assert (later.refines or later.replaces) == earlier.id
            assert path.index(later.jurisdiction) > path.index(earlier.jurisdiction)


@given(books)
def test_an_as_of_rulebook_holds_only_rules_in_force(book):
    """rulebook(j, on=d) holds only rules whose document is in force on d, not superseded by a
    document in force on d, and whose own effective range includes d; and it holds every such
    rule's lineage unless a refinement took over its whole scope."""
    day = book.on
    in_force = {d.id for d in LIBRARY.documents.values() if d.in_force_on(day)}
    superseded = {old for d_id in in_force for old in LIBRARY.documents[d_id].supersedes}
    assert {d.id for d in book.documents} <= in_force - superseded
    for effective in book:
        rule = effective.rule
        assert rule.document in in_force - superseded
        assert rule.effective_from is None or rule.effective_from <= day
        assert rule.effective_until is None or day <= rule.effective_until
    path = {j.id for j in LIBRARY.tree.path(book.jurisdiction.id)}
    lineages = {r.lineage for r in book}
    for rule in LIBRARY.rules.values():
        if rule.jurisdiction in path and rule.document in {d.id for d in book.documents}:
            if (rule.effective_from or day) <= day <= (rule.effective_until or day):
                root = rule
                while root.refines or root.replaces:
                    root = LIBRARY.rules[root.refines or root.replaces]
                assert root.id in lineages, rule.id


# -- tightening -----------------------------------------------------------------------------------


@given(books.flatmap(lambda b: st.tuples(st.just(b), gs.tighten_only_overlays(b))))
def test_tighten_only_overlays_compose_and_are_judged_tighter(pair):
    """A tighten-only overlay always composes, and composition judges every parameter it states
    tighter than the rule it refines: never looser, never incomparable."""
    book, overlay = pair
    tightened = compose(LIBRARY, book.jurisdiction.id, book.on, [overlay])
    for rule in overlay.rules:
        effective = tightened.get(rule.id)
        assert effective is not None
        verdicts = {c.verdict for c in effective.comparisons}
        assert verdicts == {Verdict.TIGHTER}, effective.comparisons


@given(books.flatmap(lambda b: st.tuples(st.just(b), gs.tighten_only_overlays(b, min_rules=1, max_rules=1))))
def test_undoing_a_tightening_is_a_loosening_and_is_refused(pair):
    """A second overlay that refines a tightened rule back to the parameters it tightened is a
    loosening, and composition refuses it with CompositionError (never applies it silently)."""
    book, overlay = pair
    if not overlay.rules:
        return
    rule = overlay.rules[0]
    original = book.get(rule.refines)
    assert original is not None
    stated = rule.stated_params
    params = attrs.evolve(rule.params, **{name: getattr(original.rule.params, name) for name in stated})
    if isinstance(params, FilingDeadlineParams) and params.within is None:
        return  # "no time limit" cannot be stated in a refinement; nothing to undo with
    undo = attrs.evolve(rule, id=f"undo.{rule.id}", refines=rule.id, params=params, document="undo")
    with pytest.raises(CompositionError, match="loosens"):
        compose(LIBRARY, book.jurisdiction.id, book.on, [overlay, Overlay("undo", "undo", overlay.on, (undo,))])


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(value)


def overlay_file(overlay: Overlay) -> str:
    lines = ["[overlay]", f"id = {_toml(overlay.id)}", f'title = {_toml(overlay.title)}', f"on = {_toml(overlay.on)}"]
    for rule in overlay.rules:
        lines += [
            "",
            "[[rules]]",
            f"id = {_toml(rule.id)}",
            f"kind = {_toml(str(rule.kind))}",
            f"topic = {_toml(str(rule.topic))}",
            f"title = {_toml(rule.title)}",
            f"summary = {_toml(rule.summary)}",
            f"strength = {_toml(str(rule.strength))}",
            f"checkable = {_toml(rule.checkable)}",
            f"refines = {_toml(rule.refines)}",
            f"params = {_toml({k: v for k, v in params_to_json(rule.params).items() if k in rule.stated_params})}",
            "sources = " + _toml([{"document": c.document, "clause": c.clause, "quote": c.quote,
                                   **({"covers": list(c.covers)} if c.covers else {})} for c in rule.sources]),
        ]
    return "\n".join(lines) + "\n"


@given(books.flatmap(lambda b: st.tuples(st.just(b), gs.tighten_only_overlays(b))))
def test_tighten_only_overlays_pass_overlay_file_validation(pair):
    """Written out as an overlay file, a generated overlay loads through load_overlay (every key
    known, every quote verbatim from the cited clause) into an equal Overlay."""
    book, overlay = pair
    with TemporaryDirectory() as folder:
        path = Path(folder) / "what-if.toml"
        path.write_text(overlay_file(overlay), encoding="utf-8")
        loaded = load_overlay(path, LIBRARY)
    assert loaded.id == overlay.id and loaded.on == overlay.on
    assert loaded.rules == overlay.rules
    for rule in loaded.rules:
        for citation in rule.sources:
            clause = LIBRARY.documents[citation.document].clause(citation.clause)
            assert clause is not None and squash(citation.quote) in squash(clause.text)


# -- tightening and findings ----------------------------------------------------------------------


WHOLE_HISTORY = D(2000, 1, 1)


def footprint(report: Report, status: Status = Status.VIOLATION) -> set[tuple[str, str, str]]:
    """What a report finds in ``status``, as (account, lineage, unit) triples: a day for periods
    that are date ranges or ISO weeks, the period itself otherwise (a filing occurrence). Rules
    are keyed by lineage, so a refinement and the rule it refines are comparable."""
    out: set[tuple[str, str, str]] = set()
    for finding in report.findings:
        if finding.status is not status:
            continue
        for unit in period_units(finding.period, finding.due):
            out.add((finding.account, finding.lineage, unit))
    return out


def period_units(period: str | None, due: dt.date | None) -> Iterable[str]:
    if period is None:
        return [f"due {due}" if due else "-"]
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
        return [period]
    return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


@st.composite
def tightening_scenarios(draw: st.DrawFn) -> tuple[Rulebook, Overlay, list[Any], dt.date]:
    as_of = draw(gs.covered_dates(min_value=D(2023, 2, 1), max_value=D(2026, 11, 30)))
    book = draw(gs.rulebooks(on=st.just(as_of)))
    overlay = draw(gs.tighten_only_overlays(book))
    start = as_of - dt.timedelta(days=draw(st.integers(0, 90)))
    density = draw(st.sampled_from((0.05, 0.2, 0.5, 0.9)))
    accounts = draw(
        st.lists(gs.accounts(start=start, end=as_of, density=density), min_size=1, max_size=3, unique_by=lambda a: a.id)
    )
    return book, overlay, accounts, as_of


@given(tightening_scenarios())
def test_a_tighten_only_overlay_never_yields_fewer_violations(scenario):
    """On the same facts, a rulebook with a tighten-only overlay finds every violation the plain
    rulebook finds — per account, rule lineage and day (or filing occurrence) — and possibly
    more."""
    book, overlay, accounts, as_of = scenario
    tightened = compose(LIBRARY, book.jurisdiction.id, book.on, [overlay])
    # The whole history is reported: the report window cuts a run of missed days and a run of
    # weeks at different places, which says nothing about what either rulebook finds.
    before = footprint(evaluate(book, accounts, as_of, since=WHOLE_HISTORY))
    after = footprint(evaluate(tightened, accounts, as_of, since=WHOLE_HISTORY))
    assert before <= after, sorted(before - after)[:10]


def test_an_overlay_rule_is_in_force_as_long_as_the_rule_it_refines():
    """Regression for the law above: tightening 泽州县's 2-working-day filing duty in a what-if
    overlay must still find the opening of 2022-05-21 filed nowhere, as the shipped rule does."""
    book = compose(LIBRARY, "zezhou", D(2023, 2, 1))
    target = book.get("zezhou.filing.national-system")
    assert target is not None
    rule = attrs.evolve(
        target.chain[-1], id="what-if.filing.one-day", refines=target.id, document="what-if",
        params=FilingDeadlineParams(within=Duration(1, DurationUnit.WORKING_DAYS)), stated_params=frozenset({"within"}),
    )
    tightened = compose(LIBRARY, "zezhou", book.on, [Overlay("what-if", "t", book.jurisdiction.id, (rule,))])
    account = account_from_json({"id": "a", "name": "n", "platform": "weibo", "host_unit": "u", "opened_on": "2022-05-21"})
    before = footprint(evaluate(book, [account], book.on))
    after = footprint(evaluate(tightened, [account], book.on))
    assert ("a", "cn.filing.lifecycle", "account_opened 2022-05-21 → national_filing_system") in before
    assert before <= after, sorted(before - after)


def test_tightening_a_refinement_that_applies_beside_its_base_keeps_the_base():
    """Regression for the law above: 长春新区's 7 working days cannot be ranked against the national
    2 weeks, so both apply. Tightening 长春新区's rule to 6 working days must not drop the national
    2 weeks, which is still the stricter one across the Spring Festival."""
    book = compose(LIBRARY, "changchun-xinqu", D(2024, 3, 1))
    target = book.get("changchun-xinqu.updating.dormancy")
    assert target is not None and target.keeps_base
    rule = Rule(
        id="what-if.dormancy.six",
        kind=target.rule.kind,
        topic=target.rule.topic,
        title="6个工作日未更新（假设）",
        summary="What-if.",
        strength=target.rule.strength,
        checkable=True,
        sources=(target.rule.source,),
        params=attrs.evolve(target.rule.params, limit=Duration(6, DurationUnit.WORKING_DAYS)),
        refines=target.id,
        document="what-if",
        jurisdiction=book.jurisdiction.id,
        stated_params=frozenset({"limit"}),
    )
    tightened = compose(LIBRARY, "changchun-xinqu", book.on, [Overlay("what-if", "t", book.jurisdiction.id, (rule,))])
    # Last post on Friday 2024-02-09, before the Spring Festival holiday (10-17 February, makeup
    # days 4 and 18 February): 2 weeks run out on 23 February, 6 working days on 23 February too
    # but 7 working days on 26 February; dormant from the 24th under the national rule.
    account = account_from_json(
        {"id": "a", "name": "n", "platform": "weibo", "host_unit": "u", "opened_on": "2024-01-01",
         "posts": [{"published_at": "2024-02-09"}, {"published_at": "2024-03-01"}]}
    )
    before = footprint(evaluate(book, [account], D(2024, 3, 1)))
    after = footprint(evaluate(tightened, [account], D(2024, 3, 1)))
    assert before <= after, sorted(before - after)
