"""Declarative scenarios: facts, a jurisdiction, a day, and the findings expected — in TOML.

A scenario is what legal staff and testers write instead of Python: an account's facts (as in
``gnmr schema``, written in TOML, or a JSON facts file next to it), the jurisdiction and the day
they are judged on, and the findings expected by rule and status. ``gnmr test PATH`` runs them;
``tests/test_scenarios.py`` runs every scenario shipped under ``scenarios/``. The format is
described in ``docs/developer/scenarios.md``::

    title = "泽州县：微博账号每周更新少于3次"
    jurisdiction = "zezhou"
    as_of = 2025-03-16

    [[facts.accounts]]
    id = "a1"
    name = "泽州发布"
    platform = "weibo"
    host_unit = "泽州县人民政府办公室"
    opened_on = 2024-01-01
    posts = [{ published_at = 2025-03-10T09:00:00+08:00 }]

    [[expect]]
    rule = "zezhou.update.weekly-minimum"
    period = "2025-W11"
    status = "violation"

How an expectation is matched (``account`` may be left out when the facts hold one account):

* the *candidates* are the findings of ``rule`` for ``account`` (and, with ``period``, of that
  period exactly);
* the *matches* are the candidates with ``status`` (and, with ``due``, that due date; with
  ``figures``, those figures; with ``cites``, that most specific citation: a clause id such as
  ``"6.2.5"``, or a document id and a clause id, ``"cn-gbf-2018-123 四.(二)"``);
* by default the expectation holds when at least one candidate matches; with ``only = true``
  every candidate must match (and there must be one); with ``count = N`` exactly N candidates
  match (``count = 0``: none does).

A malformed file — unknown key, wrong type, unknown status, jurisdiction, rule or account — is a
``ScenarioError`` naming the file and the key; a scenario whose expectations do not hold is a
failed ``ScenarioResult`` whose ``failures`` are one line each, naming the rule, the expected
and the actual status.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import tomlfile
from .composition import Overlay
from .converters import shown_key, well_formed
from .dates import parse_date
from .engine.findings import SEVERITY
from .errors import GnmrError, InputError, PolicyLoadError, ScenarioError, clipped, one_of
from .facts.loading import facts_from_json, load_facts
from .facts.model import Facts
from .loading import PolicyLibrary, default_library, load_overlay

__all__ = [
    "Expectation",
    "Scenario",
    "ScenarioResult",
    "STATUS_SEVERITY",
    "discover",
    "load_scenario",
    "run_scenario",
    "run_scenarios",
]

# Worst first: how findings of several statuses are summarised (here and in ``gnmr compare``).
STATUS_SEVERITY = SEVERITY

_TOP_KEYS = ("title", "description", "jurisdiction", "as_of", "on", "since", "overlays", "facts", "facts_file", "expect")
_EXPECT_KEYS = ("rule", "account", "status", "period", "only", "count", "due", "figures", "cites", "as_of", "note")


@attrs.frozen
class Expectation:
    """One ``[[expect]]`` table."""

    index: int
    rule: str
    account: str
    status: str
    period: str | None = None
    only: bool = False
    count: int | None = None
    due: dt.date | None = None
    figures: Mapping[str, Any] = attrs.field(factory=dict)
    cites: str | None = None  # the finding's most specific citation: "clause" or "document clause"
    as_of: dt.date | None = None  # overrides the scenario's as_of for this expectation
    note: str | None = None

    def label(self) -> str:
        return " ".join(part for part in (f"expect[{self.index}]", self.rule, self.account, self.period) if part)


@attrs.frozen
class Scenario:
    path: str
    title: str
    jurisdiction: str  # the jurisdiction's id
    as_of: dt.date
    facts: Facts
    expectations: tuple[Expectation, ...]
    on: dt.date | None = None  # the rulebook's date; default: the day judged
    since: dt.date | None = None
    overlays: tuple[Overlay, ...] = ()
    description: str | None = None


@attrs.frozen
class ScenarioResult:
    path: str
    title: str
    passed: bool
    failures: tuple[str, ...]
    jurisdiction: str = ""
    as_of: dt.date | None = None
    expectations: int = 0


# -- reading -------------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    """TOML values as the JSON the facts loader reads: dates and times become ISO strings."""
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return value


def _date(raw: Mapping[str, Any], key: str, path: str, where: str | None = None, *, required: bool = False) -> dt.date | None:
    name = f"{where}.{key}" if where else key
    if key not in raw:
        if required:
            raise ScenarioError(path, name, "required, a date (2025-04-13)")
        return None
    value = raw[key]
    if isinstance(value, dt.datetime):
        raise ScenarioError(path, name, f"expected a date without a time, got {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except InputError as exc:
            raise ScenarioError(path, name, exc.problem) from None
    raise ScenarioError(path, name, f"expected a date (2025-04-13), got {clipped(value)}")


def _string(raw: Mapping[str, Any], key: str, path: str, where: str | None = None, *, required: bool = False) -> str | None:
    name = f"{where}.{key}" if where else key
    value = raw.get(key)
    if value is None:
        if required:
            raise ScenarioError(path, name, "required, a non-empty string")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(path, name, f"expected a non-empty string, got {clipped(value)}")
    try:
        return well_formed(value)
    except ValueError as exc:
        raise ScenarioError(path, name, str(exc)) from None


def _unknown_keys(raw: Mapping[str, Any], allowed: Sequence[str], path: str, where: str | None = None) -> None:
    extra = sorted(set(raw) - set(allowed), key=shown_key)
    if extra:
        name = f"{where}.{shown_key(extra[0])}" if where else shown_key(extra[0])
        raise ScenarioError(path, name, f"unknown key; {one_of(allowed, extra[0])}")


def _read(path: Path, shown: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomlfile.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(shown, None, f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise ScenarioError(shown, None, f"cannot read: {exc.strerror or exc}") from None


def _facts(raw: Mapping[str, Any], path: Path, shown: str) -> Facts:
    has_table, has_file = "facts" in raw, "facts_file" in raw
    if has_table == has_file:
        raise ScenarioError(shown, "facts", "give either a [facts] table or facts_file, not both" if has_table
                            else "required: a [facts] table with [[facts.accounts]], or facts_file = \"facts.json\"")
    if has_file:
        name = _string(raw, "facts_file", shown, required=True)
        assert name is not None
        try:
            return load_facts(path.parent / name)
        except InputError as exc:
            raise ScenarioError(shown, "facts_file", str(exc)) from None
    table = raw["facts"]
    if not isinstance(table, dict):
        raise ScenarioError(shown, "facts", f"expected a table with [[facts.accounts]], got {clipped(table)}")
    try:
        return facts_from_json(_to_json(table))
    except InputError as exc:
        key = f"facts.{exc.path}" if exc.path else "facts"
        raise ScenarioError(shown, key, exc.problem) from None


def _expectation(raw: Any, index: int, shown: str, accounts: Sequence[str]) -> Expectation:
    where = f"expect[{index}]"
    if not isinstance(raw, dict):
        raise ScenarioError(shown, where, f"expected a table ([[expect]]), got {clipped(raw)}")
    _unknown_keys(raw, _EXPECT_KEYS, shown, where)
    rule = _string(raw, "rule", shown, where, required=True)
    status = _string(raw, "status", shown, where, required=True)
    assert rule is not None and status is not None
    if status not in STATUS_SEVERITY:
        raise ScenarioError(shown, f"{where}.status", f"unknown status {clipped(status)}; expected one of: {', '.join(STATUS_SEVERITY)}")
    account = _string(raw, "account", shown, where)
    if account is None:
        if len(accounts) != 1:
            raise ScenarioError(shown, f"{where}.account", f"required: the facts hold {len(accounts)} accounts")
        account = accounts[0]
    elif account not in accounts:
        raise ScenarioError(shown, f"{where}.account", f"no account {clipped(account)} in the facts (accounts: {', '.join(accounts) or 'none'})")
    only = raw.get("only", False)
    if not isinstance(only, bool):
        raise ScenarioError(shown, f"{where}.only", f"expected true or false, got {clipped(only)}")
    count = raw.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise ScenarioError(shown, f"{where}.count", f"expected a whole number >= 0, got {clipped(count)}")
    figures = raw.get("figures", {})
    if not isinstance(figures, dict):
        raise ScenarioError(shown, f"{where}.figures", f"expected a table of figure = value, got {clipped(figures)}")
    return Expectation(
        index=index,
        rule=rule,
        account=account,
        status=status,
        period=_string(raw, "period", shown, where),
        only=only,
        count=count,
        due=_date(raw, "due", shown, where),
        figures=_to_json(figures),
        cites=_string(raw, "cites", shown, where),
        as_of=_date(raw, "as_of", shown, where),
        note=_string(raw, "note", shown, where),
    )


def load_scenario(path: str | Path, library: PolicyLibrary | None = None) -> Scenario:
    """Read and validate one scenario file; a mistake is a ``ScenarioError`` naming file and key."""
    library = library or default_library()
    path = Path(path)
    shown = str(path)
    raw = _read(path, shown)
    _unknown_keys(raw, _TOP_KEYS, shown)
    title = _string(raw, "title", shown, required=True)
    description = _string(raw, "description", shown)
    name = _string(raw, "jurisdiction", shown, required=True)
    assert title is not None and name is not None
    try:
        jurisdiction = library.tree.resolve(name).id
    except GnmrError as exc:
        raise ScenarioError(shown, "jurisdiction", str(exc)) from None
    as_of = _date(raw, "as_of", shown, required=True)
    assert as_of is not None
    on = _date(raw, "on", shown)
    since = _date(raw, "since", shown)
    overlay_names = raw.get("overlays", [])
    if not isinstance(overlay_names, list) or not all(isinstance(o, str) and o for o in overlay_names):
        raise ScenarioError(shown, "overlays", f"expected a list of file names, got {clipped(overlay_names)}")
    overlays = []
    for index, overlay_name in enumerate(overlay_names):
        try:
            overlays.append(load_overlay(path.parent / overlay_name, library))
        except PolicyLoadError as exc:
            raise ScenarioError(shown, f"overlays[{index}]", str(exc)) from None
    facts = _facts(raw, path, shown)
    accounts = [a.id for a in facts.accounts]
    expect = raw.get("expect")
    if not isinstance(expect, list) or not expect:
        raise ScenarioError(shown, "expect", "required: at least one [[expect]] table")
    expectations = tuple(_expectation(e, i, shown, accounts) for i, e in enumerate(expect))
    known = set(library.rules) | {r.id for o in overlays for r in o.rules}
    for expectation in expectations:
        if expectation.rule not in known:
            try:
                library.rule(expectation.rule)  # the error suggests the nearest ids
            except GnmrError as exc:
                raise ScenarioError(shown, f"expect[{expectation.index}].rule", str(exc)) from None
    return Scenario(shown, title, jurisdiction, as_of, facts, expectations, on, since, tuple(overlays), description)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Scenario files: each file given, and every ``*.toml`` under each directory given, sorted."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.toml") if p.is_file())
            if not files:
                raise ScenarioError(path, None, "no scenario files (*.toml) under this directory")
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            raise ScenarioError(path, None, "no such file or directory")
    return found


# -- running -------------------------------------------------------------------------------------


def _severity(status: str) -> int:
    return STATUS_SEVERITY.index(status)


def _statuses(findings: Sequence[Any]) -> str:
    counts = Counter(str(f.status) for f in findings)
    ordered = sorted(counts, key=_severity)
    if len(ordered) == 1 and counts[ordered[0]] == 1:
        return ordered[0]
    return ", ".join(f"{s} ×{counts[s]}" for s in ordered)


def _figures_match(expected: Mapping[str, Any], finding: Any) -> bool:
    figures = finding.figures
    return all(key in figures and figures[key] == value for key, value in expected.items())


def _cites(expected: str | None, finding: Any) -> bool:
    if expected is None:
        return True
    source = finding.source
    return expected in (source.clause, f"{source.document} {source.clause}")


def _detail(expectation: Expectation, finding: Any) -> str:
    parts = [str(finding.status)]
    if expectation.period is None and finding.period:
        parts.append(f"[{finding.period}]")
    if expectation.due is not None:
        parts.append(f"due {finding.due.isoformat() if finding.due else 'none'}")
    for key in expectation.figures:
        parts.append(f"{key}={finding.figures.get(key, '—')}")
    if expectation.cites is not None:
        parts.append(f"cites {finding.source.document} {finding.source.clause}")
    return " ".join(parts)


_SHAPES = (re.compile(r"\d{4}-W\d{2}"), re.compile(r"\d{4}-\d{2}-\d{2}"), re.compile(r"\d{4}-\d{2}"))


def _shape(text: str) -> int | None:
    return next((i for i, shape in enumerate(_SHAPES) if shape.fullmatch(text)), None)


def _covers(period: str | None, wanted: str) -> bool:
    """Is ``wanted`` (a week, day or month) inside the range ``period`` (``first/last``, same shape)?"""
    if not period or "/" not in period:
        return False
    first, _, last = period.partition("/")
    shape = _shape(wanted)
    return shape is not None and _shape(first) == shape == _shape(last) and first <= wanted <= last


def _in_period(findings: Sequence[Any], period: str | None) -> list[Any]:
    """The findings of ``period``: those with exactly that period; if none, those whose range
    period (``2025-W02/2025-W09``: the compliant weeks' summary) covers it."""
    if period is None:
        return list(findings)
    exact = [f for f in findings if f.period == period]
    return exact or [f for f in findings if _covers(f.period, period)]


def _check(expectation: Expectation, findings: Sequence[Any], prefix: str) -> str | None:
    """None if the expectation holds, else the one-line failure."""
    e = expectation
    head = f"{prefix}: {e.label()}"
    of_account = [f for f in findings if f.account == e.account]
    of_rule = [f for f in of_account if f.rule == e.rule]
    if not of_rule:
        if e.count == 0:
            return None
        rules = sorted({f.rule for f in of_account})
        return (f"{head}: expected {e.status}, got no finding of this rule for {e.account} "
                f"(rules with findings: {', '.join(rules) or 'none'})")
    candidates = _in_period(of_rule, e.period)
    if not candidates:
        if e.count == 0:
            return None
        periods = sorted({f.period or '—' for f in of_rule})
        shown = ", ".join(periods[:8]) + (", …" if len(periods) > 8 else "")
        return f"{head}: expected {e.status}, got no finding for this period (periods: {shown})"
    with_status = [f for f in candidates if str(f.status) == e.status]
    matches = [
        f for f in with_status
        if (e.due is None or f.due == e.due) and _figures_match(e.figures, f) and _cites(e.cites, f)
    ]
    extra = ""
    if e.due is not None:
        extra += f" due {e.due.isoformat()}"
    if e.figures:
        extra += " with " + ", ".join(f"{k}={v}" for k, v in e.figures.items())
    if e.cites is not None:
        extra += f" citing {e.cites}"
    if e.count is not None:
        if len(matches) != e.count:
            return (f"{head}: expected {e.count} finding(s) {e.status}{extra}, got {len(matches)} "
                    f"(statuses: {_statuses(candidates)})")
    if e.only and len(matches) != len(candidates):
        return f"{head}: expected only {e.status}{extra}, got {_statuses(candidates)}"
    if e.count is None and not matches:
        if with_status and extra:
            shown = "; ".join(_detail(e, f) for f in with_status[:3])
            return f"{head}: expected {e.status}{extra}, got {shown}"
        return f"{head}: expected {e.status}{extra}, got {_statuses(candidates)}"
    return None


def _run_loaded(scenario: Scenario, library: PolicyLibrary) -> ScenarioResult:
    from .api import rulebook
    from .calendar import default_calendar
    from .engine import evaluate

    failures: list[str] = []
    calendar = default_calendar()
    by_day: dict[dt.date, list[Expectation]] = {}
    for expectation in scenario.expectations:
        by_day.setdefault(expectation.as_of or scenario.as_of, []).append(expectation)
    for as_of, expectations in by_day.items():
        on = scenario.on or as_of
        try:
            book = rulebook(scenario.jurisdiction, on, overlays=scenario.overlays, library=library)
            report = evaluate(book, scenario.facts.accounts, as_of, calendar=calendar, since=scenario.since)
        except GnmrError as exc:  # e.g. a day outside the holiday data
            raise ScenarioError(scenario.path, None, f"cannot evaluate as of {as_of}: {exc}") from None
        # A rule a refinement took over still judges the time before the refinement: it may be named.
        in_chain = {link.id for effective in book for link in effective.chain}
        for expectation in expectations:
            if book.get(expectation.rule) is None and expectation.rule not in in_chain:
                failures.append(f"{scenario.path}: {expectation.label()}: expected {expectation.status}, "
                                f"but the rule is not in force in {scenario.jurisdiction} on {on}")
                continue
            failure = _check(expectation, report.findings, scenario.path)
            if failure is not None:
                failures.append(failure)
    return ScenarioResult(
        scenario.path, scenario.title, not failures, tuple(failures), scenario.jurisdiction, scenario.as_of,
        len(scenario.expectations),
    )


def run_scenario(path: str | Path | Scenario, library: PolicyLibrary | None = None) -> ScenarioResult:
    """Load (if given a path) and run one scenario."""
    library = library or default_library()
    scenario = path if isinstance(path, Scenario) else load_scenario(path, library)
    return _run_loaded(scenario, library)


def run_scenarios(paths: Iterable[str | Path], library: PolicyLibrary | None = None) -> list[ScenarioResult]:
    """Every scenario under ``paths`` (files, or directories searched for ``*.toml``), in order.

    All files are read and validated before any runs, so a malformed file stops the run with a
    ``ScenarioError`` before anything is reported.
    """
    library = library or default_library()
    scenarios = [load_scenario(p, library) for p in discover(paths)]
    return [_run_loaded(s, library) for s in scenarios]


def result_to_json(result: ScenarioResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "title": result.title,
        "jurisdiction": result.jurisdiction,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "passed": result.passed,
        "expectations": result.expectations,
        "failures": list(result.failures),
    }
