"""Laws of what-if overlay files: nothing a user writes in one can crash the engine (issue 15).

Overlays are generated as TOML files, structure-aware: rules that refine (or replace) rules of a
shipped rulebook, citing their target's own source, with the target's parameters moved to random
values — out-of-range amounts and counts, wrong units, unknown levels and triggers, missing keys,
wrong types, unknown keys — and ids that are duplicated, shipped or in another jurisdiction's
namespace, on the jurisdiction or on one off its path. Half carry a deviation, so that a loosening
is composed rather than refused and reaches the engine.

The law: loading and composing either fail with a PolicyLoadError or a CompositionError whose
message is one line of at most 300 characters naming the file, or they succeed, and evaluating
generated facts under the composed rulebook (the engine's public ``iter_findings``) never raises.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import attrs
from conftest import write_toml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gov_new_media_rules import strategies as gs
from gov_new_media_rules.composition import EffectiveRule, compose
from gov_new_media_rules.engine import iter_findings
from gov_new_media_rules.errors import MESSAGE_LIMIT, CompositionError, PolicyLoadError
from gov_new_media_rules.loading import default_library, load_overlay
from gov_new_media_rules.model.params import (
    DURATION_MAX,
    PARAMS_BY_KIND,
    Condition,
    ConditionTrigger,
    DurationUnit,
    RuleKind,
)
from gov_new_media_rules.serialize import params_to_json

LIBRARY = default_library()
D = dt.date
FILE_NAME = "what-if.toml"
ON_DAYS = gs.covered_dates(min_value=D(2022, 1, 1), max_value=D(2025, 10, 31))

# -- values -----------------------------------------------------------------------------------------

_UNITS = [u.value for u in DurationUnit]
_BIG = [0, 1, -1, 2, 10_000, 10_001, 2**31, 2**62, 2**63 - 1, -(2**63)]
_JUNK = st.sampled_from(["", "galaxy", "2 weeks", "是", "\u2028", "x" * 200]) | st.booleans() | st.floats(allow_nan=True)


def _amounts(unit: str | None) -> st.SearchStrategy[int]:
    most = DURATION_MAX.get(DurationUnit(unit)) if unit in _UNITS else 10
    return st.one_of(st.integers(1, 30), st.integers(1, 30), st.integers(0, (most or 10) + 2), st.sampled_from(_BIG))


@st.composite
def durations(draw: st.DrawFn) -> Any:
    unit = draw(st.sampled_from(_UNITS) if draw(st.integers(0, 9)) else st.sampled_from(["fortnights", "WEEKS"]))
    value: dict[str, Any] = {"amount": draw(_amounts(unit)), "unit": unit}
    shape = draw(st.integers(0, 39))
    if shape == 0:
        del value["amount"]
    elif shape == 1:
        del value["unit"]
    elif shape == 2:
        value["amount"] = draw(_JUNK)
    elif shape == 3:
        value["per"] = 1
    elif shape == 4:
        return draw(_JUNK)
    return value


counts = st.one_of(st.integers(1, 12), st.integers(1, 12), st.integers(-3, 12), st.sampled_from(_BIG), st.just("3"))
numbers = (st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, 0.01, 1.0, 80.0, 100.0, 1000.0, 1e308])
           | st.integers(-2, 2000))
_LEVELS = ["superior", "national", "province", "city", "county", "township", "galaxy"]


def _enum_values(cls: type[StrEnum]) -> st.SearchStrategy[Any]:
    return st.sampled_from([m.value for m in cls]) | st.sampled_from(["galaxy", ""])


def _types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _strip_none(hint: Any) -> Any:
    """``X`` of ``X | None``."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return args[0] if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1 else hint


def value_for(name: str, hint: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """A TOML value for a field of declared type ``hint``: usually a plausible one, sometimes not."""
    hint = _strip_none(hint)
    origin = typing.get_origin(hint)
    plausible: st.SearchStrategy[Any]
    if name == "level":
        plausible = st.sampled_from(_LEVELS)
    elif name == "trigger":
        plausible = _enum_values(ConditionTrigger)
    elif hint is bool:
        plausible = st.booleans()
    elif hint is int:
        plausible = counts
    elif hint is float:
        plausible = numbers
    elif hint is str:
        plausible = st.sampled_from(["a", "县政府办公室", "x" * 120])
    elif isinstance(hint, type) and issubclass(hint, StrEnum):
        plausible = _enum_values(hint)
    elif isinstance(hint, type) and hint.__name__ == "Duration":
        plausible = durations()
    elif isinstance(hint, type) and attrs.has(hint) and depth < 2:
        plausible = tables(hint, depth + 1)
    elif origin is tuple:
        item = typing.get_args(hint)[0]
        plausible = st.lists(value_for(name, item, depth + 1), max_size=4)
    else:
        plausible = st.none()
    return st.one_of(*[plausible] * 9, _JUNK)


@st.composite
def tables(draw: st.DrawFn, cls: type, depth: int = 0) -> dict[str, Any]:
    """A table for an attrs class: a random subset of its fields, each a value_for its type."""
    hints = _types(cls)
    names = [f.name for f in attrs.fields(cls)]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))) if names else []
    if cls is Condition:
        chosen = ["id", "trigger", *[n for n in chosen if n not in ("id", "trigger")]]
    table = {name: draw(value_for(name, hints[name], depth)) for name in chosen}
    table = {k: v for k, v in table.items() if v is not None}
    if draw(st.integers(0, 29)) == 0:
        table["surprise"] = 1
    return table


@st.composite
def moved_params(draw: st.DrawFn, kind: RuleKind, base: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` (the target's parameters) with some keys kept, some dropped, some moved."""
    cls = PARAMS_BY_KIND[kind]
    hints = _types(cls)
    params: dict[str, Any] = {}
    for field in attrs.fields(cls):
        name = field.name
        choice = draw(st.integers(0, 5))
        if choice == 0 and name in base:
            params[name] = base[name]  # restated as it is
        elif choice == 1 and name == "conditions" and base.get(name):
            # one shipped condition with one field moved: the closest to a real mistake
            conditions = [dict(c) for c in base[name]]
            index = draw(st.integers(0, len(conditions) - 1))
            victim = draw(st.sampled_from([f.name for f in attrs.fields(Condition)]))
            value = draw(value_for(victim, _types(Condition)[victim]))
            if value is None:
                conditions[index].pop(victim, None)
            else:
                conditions[index][victim] = value
            params[name] = conditions
        elif choice == 2:
            value = draw(value_for(name, hints[name]))
            if value is not None:
                params[name] = value
    return params


# -- overlays ---------------------------------------------------------------------------------------


def _targets(book: Any) -> list[EffectiveRule]:
    return [r for r in book if r.rule.kind in PARAMS_BY_KIND]


def _namespace(draw: st.DrawFn, index: int, taken: list[str]) -> str:
    pick = draw(st.integers(0, 39))
    if pick == 0 and taken:
        return draw(st.sampled_from(taken))  # a duplicate
    if pick == 1:
        return draw(st.sampled_from(sorted(LIBRARY.rules)))  # a shipped id
    if pick == 2:
        return f"{draw(st.sampled_from(['huzhou', 'cn', 'zezhou', 'national', 'xinqu']))}.what-if.r{index}"
    if pick == 3:
        return draw(st.sampled_from(["What If", "x", "a.b" * 60]))
    return f"what-if.r{index}.v{draw(st.integers(0, 3))}"


@st.composite
def overlays(draw: st.DrawFn) -> tuple[dict[str, Any], str, dt.date]:
    """(overlay file data, jurisdiction to compose it into, day)."""
    jurisdiction = draw(st.sampled_from(gs.SHIPPED_JURISDICTIONS))
    day = draw(ON_DAYS)
    book = compose(LIBRARY, jurisdiction, day)
    targets = _targets(book)
    node = LIBRARY.tree.resolve(jurisdiction)
    on = draw(st.sampled_from([node.id] * 16 + ["national", "huzhou", "zezhou", "atlantis"]))
    rules: list[dict[str, Any]] = []
    ids: list[str] = []
    for index in range(draw(st.integers(1 if targets else 0, 3))):
        target = draw(st.sampled_from(targets))
        written = target.rule
        kind = written.kind if draw(st.integers(0, 9)) else draw(st.sampled_from(list(PARAMS_BY_KIND)))
        base = params_to_json(target.rule.params)
        params = draw(moved_params(kind, base if kind is written.kind else {}))
        rule_id = _namespace(draw, index, ids)
        ids.append(rule_id)
        source = written.source
        data: dict[str, Any] = {
            "id": rule_id, "kind": str(kind), "topic": str(written.topic), "title": "假设", "summary": "What-if.",
            "strength": str(written.strength), "checkable": written.checkable, "params": params,
            "sources": [{"document": source.document, "clause": source.clause, "quote": source.quote}],
        }
        link = draw(st.integers(0, 9))
        if link <= 6:
            data["refines"] = target.id
        elif link == 7:
            data["replaces"] = target.id
        elif link == 8 and ids[:-1]:
            data["refines"] = draw(st.sampled_from(ids[:-1]))  # a rule of this overlay
        if "refines" in data or "replaces" in data:
            if draw(st.booleans()):
                data["deviation"] = {"justification": "假设：放宽以作比较"}
        if draw(st.integers(0, 9)) == 0:
            data["applies_to"] = {"platforms": ["wechat"]}
        rules.append(data)
    header = {"id": draw(st.sampled_from(["what-if-x", "what-if zz", "cn-gbf-2018-123"]) if draw(st.integers(0, 29)) == 0
                         else st.just("what-if-x")), "title": "假设", "on": on}
    return {"overlay": header, "rules": rules}, jurisdiction, day


def _assert_well_formed(error: Exception, path: Path) -> None:
    message = str(error)
    assert "\n" not in message and "\r" not in message, message
    assert len(message) <= MESSAGE_LIMIT, f"{len(message)} characters: {message}"
    assert str(path) in message, f"the file is not named: {message}"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=overlays(), facts=gs.facts_documents(min_accounts=1, max_accounts=2, as_json=False, density=0.3), data=st.data())
def test_an_overlay_is_refused_in_one_line_or_evaluates_without_raising(case, facts, data) -> None:
    document, jurisdiction, day = case
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / FILE_NAME
        write_toml(path, document)
        try:
            overlay = load_overlay(path, LIBRARY)
            book = compose(LIBRARY, jurisdiction, day, [overlay])
        except (PolicyLoadError, CompositionError) as error:
            _assert_well_formed(error, path)
            problem = getattr(error, "problem", None) or str(error).split(": ", 1)[-1]
            event(f"refused ({type(error).__name__}): {problem[:40]}")
            return
    event(f"evaluated: {len(overlay.rules)} rules, {len(facts.accounts)} accounts")
    as_of = data.draw(gs.covered_dates(min_value=day, max_value=min(day + dt.timedelta(days=400), D(2025, 12, 31))))
    for _ in iter_findings(book, facts.accounts, as_of):
        pass


@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(jurisdiction=st.sampled_from(gs.SHIPPED_JURISDICTIONS), day=ON_DAYS, data=st.data())
def test_restating_a_rule_as_it_is_always_loads_and_composes(jurisdiction, day, data) -> None:
    """The checks refuse nothing a shipped rule already says: an overlay that refines a rule with
    its own effective parameters, unchanged, loads and composes (and is judged the same)."""
    book = compose(LIBRARY, jurisdiction, day)
    targets = [r for r in _targets(book) if not r.keeps_base]
    if not targets:
        return
    target = data.draw(st.sampled_from(targets))
    source = target.rule.source
    rule = {"id": "what-if.same", "kind": str(target.rule.kind), "topic": str(target.rule.topic), "title": "同",
            "summary": "Unchanged.", "strength": str(target.rule.strength), "checkable": target.rule.checkable,
            "refines": target.id, "params": params_to_json(target.rule.params),
            "sources": [{"document": source.document, "clause": source.clause, "quote": source.quote}]}
    with TemporaryDirectory() as tmp:
        path = write_toml(Path(tmp) / FILE_NAME, {"overlay": {"id": "what-if-same", "title": "同",
                                                              "on": LIBRARY.tree.resolve(jurisdiction).id},
                                                  "rules": [rule]})
        overlay = load_overlay(path, LIBRARY)
    same = compose(LIBRARY, jurisdiction, day, [overlay]).get("what-if.same")
    assert same is not None and same.rule.params == target.rule.params
