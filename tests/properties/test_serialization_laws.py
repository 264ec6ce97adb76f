"""Laws of the JSON shapes: facts, findings, reports and rulebooks round-trip losslessly, and the
readers answer any JSON with a value or one of the library's own errors, never a crash."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gov_new_media_rules import strategies as gs
from gov_new_media_rules.composition import compose
from gov_new_media_rules.engine import evaluate
from gov_new_media_rules.engine.serialize import finding_from_json, report_from_json, rulebook_from_json
from gov_new_media_rules.errors import GnmrError
from gov_new_media_rules.facts import Facts, account_from_json, facts_from_json, iter_accounts
from gov_new_media_rules.facts.serialize import account_to_json, facts_to_json
from gov_new_media_rules.loading import default_library
from gov_new_media_rules.serialize import finding_to_json, report_to_json, rulebook_to_json

LIBRARY = default_library()
D = dt.date


def through_text(data: Any) -> Any:
    """Through JSON text and back, as a file or a network would carry it (strict JSON: no NaN)."""
    return json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False))


facts_pairs = gs.facts_documents(with_objects=True, details=True, max_accounts=3)


# -- facts ----------------------------------------------------------------------------------------


@given(facts_pairs)
def test_facts_round_trip_through_json(pair):
    """facts_from_json(facts_to_json(f)) == f for every facts object, through JSON text too."""
    facts, _ = pair
    assert facts_from_json(facts_to_json(facts)) == facts
    assert facts_from_json(through_text(facts_to_json(facts))) == facts


@given(facts_pairs)
def test_the_loader_reads_what_the_facts_describe(pair):
    """A facts document read by facts_from_json is exactly the facts it describes (dates read in
    Asia/Shanghai, defaults filled in), and writing it back and reading again changes nothing."""
    facts, document = pair
    loaded = facts_from_json(document)
    assert loaded == facts
    assert facts_to_json(facts_from_json(facts_to_json(loaded))) == facts_to_json(loaded)


@given(facts_pairs)
def test_json_lines_round_trip(pair):
    """Accounts written one per line (account_to_json) and read back with iter_accounts, as JSON
    Lines or as one JSON document, are the same accounts."""
    facts, _ = pair
    lines = "".join(json.dumps(account_to_json(a), ensure_ascii=False) + "\n" for a in facts.accounts)
    if facts.accounts:
        assert Facts(tuple(iter_accounts(io.StringIO(lines), lines=True))) == facts
    document = json.dumps(facts_to_json(facts), ensure_ascii=False)
    assert Facts(tuple(iter_accounts(io.StringIO(document)))) == facts


# -- findings, reports, rulebooks -----------------------------------------------------------------


@given(gs.findings())
def test_findings_round_trip_through_json(finding):
    """finding_from_json(finding_to_json(f)) == f for every finding whose figures are JSON values."""
    assert finding_from_json(finding_to_json(finding)) == finding
    assert finding_from_json(through_text(finding_to_json(finding))) == finding


@st.composite
def reports(draw: st.DrawFn):
    as_of = draw(gs.covered_dates(min_value=D(2019, 6, 1), max_value=D(2026, 11, 30)))
    book = draw(gs.rulebooks(on=st.just(as_of)))
    accounts = draw(st.lists(gs.accounts(start=as_of - dt.timedelta(days=60), end=as_of), max_size=2, unique_by=lambda a: a.id))
    return evaluate(book, accounts, as_of)


@given(reports())
def test_reports_round_trip_through_json(report):
    """A report from the engine is strict JSON as it is (no dates, tuples or NaN left in the
    figures) and report_from_json(report_to_json(r)) == r, findings, notes and versions alike."""
    data = report_to_json(report)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)  # raises on anything not JSON
    assert report_from_json(json.loads(text)) == report
    assert report_to_json(report_from_json(json.loads(text))) == data


@given(gs.rulebooks().flatmap(lambda b: st.tuples(st.just(b), st.none() | gs.tighten_only_overlays(b))))
def test_rulebooks_round_trip_through_json(pair):
    """rulebook_from_json(rulebook_to_json(b), library, overlays) == b: the JSON names every
    document, rule and overlay rule of each provenance chain, with the parameters as composed,
    so nothing is lost (the texts come from the library the JSON names)."""
    book, overlay = pair
    overlays = [overlay] if overlay is not None else []
    book = compose(LIBRARY, book.jurisdiction.id, book.on, overlays)
    data = through_text(rulebook_to_json(book))
    again = rulebook_from_json(data, LIBRARY, overlays)
    assert again == book
    assert rulebook_to_json(again) == rulebook_to_json(book)


# -- hostile input --------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


# Values that look almost right: dates that are not days, numbers that are not integers, enums
# in the wrong case, the empty string.
nasty = st.sampled_from(
    ["", " ", "2024-13-01", "2024-02-30", "2024-W05", "2024-01", "2024", "24-01-01", "2024-01-01T25:00",
     "2024-01-01T10:00:00+25:00", "0000-01-01", "9999-12-31T23:59:59-23:59", "WECHAT", "violation ", "NaN",
     1.5, -1, 2**70, True, None, [], {}, [None], {"": None}]
)
damage = nasty | json_values


def only_library_errors(read, data: Any) -> None:
    try:
        read(data)
    except GnmrError:
        pass


@given(json_values)
def test_arbitrary_json_fed_to_the_facts_loaders_raises_only_library_errors(data):
    """facts_from_json and account_from_json answer any JSON value with facts or a GnmrError
    (an InputError naming the field), never another exception, and never change their input."""
    before = copy.deepcopy(data)
    only_library_errors(facts_from_json, data)
    only_library_errors(facts_from_json, {"accounts": [data]})
    only_library_errors(account_from_json, data)
    assert data == before


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*path, index))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    copy_ = list(value)
    copy_[head] = _replace(copy_[head], rest, new)
    return copy_


@given(gs.facts_documents(details=True, min_accounts=1, max_accounts=2), st.data())
def test_damaged_facts_raise_only_library_errors(document, data):
    """A valid facts document with any one value replaced by arbitrary JSON (a key's value, a
    list item, a whole account) is read or refused with a GnmrError, never a crash."""
    path = data.draw(st.sampled_from(_paths(document)))
    damaged = _replace(document, path, data.draw(damage))
    only_library_errors(facts_from_json, damaged)


@given(st.text(max_size=200) | json_values.map(lambda v: json.dumps(v)))
def test_arbitrary_text_fed_to_the_stream_reader_raises_only_library_errors(text):
    """iter_accounts reads any text, as JSON or JSON Lines, into accounts or a GnmrError."""
    for lines in (None, True, False):
        try:
            list(iter_accounts(io.StringIO(text), lines=lines))
        except GnmrError:
            pass


@given(json_values)
def test_arbitrary_json_fed_to_the_report_readers_raises_only_library_errors(data):
    """finding_from_json, report_from_json and rulebook_from_json answer any JSON value with an
    object or a GnmrError."""
    only_library_errors(finding_from_json, data)
    only_library_errors(report_from_json, data)
    only_library_errors(lambda d: rulebook_from_json(d, LIBRARY), data)


@given(reports(), st.data())
def test_damaged_reports_and_rulebooks_raise_only_library_errors(report, data):
    """A report's or a rulebook's JSON with any one value replaced by arbitrary JSON is read back
    or refused with a GnmrError, never a crash."""
    document = through_text(report_to_json(report))
    path = data.draw(st.sampled_from(_paths(document)))
    only_library_errors(report_from_json, _replace(document, path, data.draw(damage)))
    book = compose(LIBRARY, report.jurisdiction, report.as_of)
    document = through_text(rulebook_to_json(book))
    path = data.draw(st.sampled_from(_paths(document)))
    only_library_errors(lambda d: rulebook_from_json(d, LIBRARY), _replace(document, path, data.draw(damage)))
