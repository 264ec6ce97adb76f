"""Reading back the JSON the library writes: findings, reports and rulebooks.

:mod:`gov_new_media_rules.serialize` writes these shapes; this module is its inverse, so that an
integrator can store a report and load it later, and so that the round trips are laws the tests
check: ``finding_from_json(finding_to_json(f)) == f``, ``report_from_json(report_to_json(r)) == r``
and ``rulebook_from_json(rulebook_to_json(b), library) == b``.

A rulebook's JSON names its documents and the rules of each provenance chain by id (it does not
repeat their texts), so reading one needs the policy library it was composed from, and the
overlays it names. Every problem with the input is an :class:`~gov_new_media_rules.errors.InputError`
naming the path of the offending field (``findings[3].status``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any


from ..composition import EffectiveRule, Overlay, Rulebook, folded_params
from ..converters import describe_structure_error, make_converter
from ..errors import GnmrError, InputError
from ..loading import PolicyLibrary
from ..model.params import PARAMS_BY_KIND, RuleKind
from ..model.rules import Applicability, Citation, Deviation, Interpretation, Rule
from ..model.vocab import Strength, Topic
from ..strictness import compare_params
from .findings import Finding, Receipt, Report, Status

__all__ = [
    "finding_from_json",
    "receipt_from_json",
    "report_from_json",
    "rule_from_json",
    "rulebook_from_json",
]

_converter = make_converter()

_FINDING_KEYS = frozenset(
    {"rule", "account", "status", "period", "due", "figures", "message", "source", "lineage", "set_by", "strength", "provisional",
     "calendar_gap", "due_range", "sources"}
)
_RECEIPT_KEYS = frozenset(
    {"library", "documents", "calendar", "rulebook", "as_of", "overlays", "calendar_sources", "calendar_gaps"}
)
_REPORT_KEYS = frozenset({"jurisdiction", "as_of", "summary", "findings", "notes", "versions"})
_RULEBOOK_KEYS = frozenset({"jurisdiction", "on", "documents", "overlays", "rules"})
_RULE_KEYS = frozenset(
    {
        "id", "kind", "topic", "title", "summary", "jurisdiction", "document", "strength", "checkable", "params",
        "applies_to", "source", "sources", "interpretations", "effective_from", "effective_until", "refines",
        "replaces", "deviation", "lineage", "provenance", "params_set_by", "comparisons", "refined_by",
        "alongside",
    }
)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _object(raw: Any, path: str, allowed: frozenset[str], required: Sequence[str] = ()) -> dict[str, Any]:
    if type(raw) is not dict:
        raise InputError(path, f"expected an object, got {type(raw).__name__}")
    extra = raw.keys() - allowed
    if extra:
        raise InputError(_join(path, sorted(map(str, extra))[0]), f"unknown key; expected one of: {', '.join(sorted(allowed))}")
    for key in required:
        if key not in raw:
            raise InputError(_join(path, key), "required")
    return raw


def _string(raw: Any, path: str, *, optional: bool = False) -> Any:
    if raw is None and optional:
        return None
    if type(raw) is not str:
        raise InputError(path, f"expected a string, got {raw!r}")
    return raw


def _bool(raw: Any, path: str) -> bool:
    if type(raw) is not bool:
        raise InputError(path, f"expected true or false, got {raw!r}")
    return raw


def _date(raw: Any, path: str, *, optional: bool = False) -> dt.date | None:
    if raw is None and optional:
        return None
    if type(raw) is not str:
        raise InputError(path, f"expected an ISO date (YYYY-MM-DD), got {raw!r}")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(path, f"not an ISO date (YYYY-MM-DD): {raw!r}") from None


def _int(raw: Any, path: str) -> int:
    if type(raw) is not int:
        raise InputError(path, f"expected an integer, got {raw!r}")
    return raw


def _list(raw: Any, path: str) -> list[Any]:
    if type(raw) is not list:
        raise InputError(path, f"expected a list, got {type(raw).__name__}")
    return raw


def _enum(cls: Any, raw: Any, path: str) -> Any:
    try:
        return cls(_string(raw, path))
    except ValueError:
        raise InputError(path, f"{raw!r} is not one of: {', '.join(m.value for m in cls)}") from None


def _structure(raw: Any, cls: Any, path: str) -> Any:
    try:
        return _converter.structure(raw, cls)
    except Exception as exc:  # cattrs raises groups of whatever the hooks raised
        where, reason = describe_structure_error(exc)
        full = ".".join(p for p in (path, where) if p).replace(".[", "[")
        raise InputError(full, reason) from None


def _citation(raw: Any, path: str) -> Citation:
    data = _object(raw, path, frozenset({"document", "clause", "quote", "covers", "secondary"}), ("document", "clause", "quote"))
    covers = _list(data.get("covers", []), _join(path, "covers"))
    return Citation(
        clause=_string(data["clause"], _join(path, "clause")),
        quote=_string(data["quote"], _join(path, "quote")),
        document=_string(data["document"], _join(path, "document")),
        covers=tuple(_string(c, f"{_join(path, 'covers')}[{i}]") for i, c in enumerate(covers)),
        secondary=_bool(data.get("secondary", False), _join(path, "secondary")),
    )


def _json_value(raw: Any, path: str) -> Any:
    """Figures are JSON values; anything else would not survive a trip through JSON text."""
    if raw is None or type(raw) in (bool, int, float, str):
        return raw
    if type(raw) is list:
        return [_json_value(v, _join(path, i)) for i, v in enumerate(raw)]
    if type(raw) is dict:
        for key in raw:
            if type(key) is not str:
                raise InputError(path, f"object keys must be strings, got {key!r}")
        return {k: _json_value(v, _join(path, k)) for k, v in raw.items()}
    raise InputError(path, f"not a JSON value: {type(raw).__name__}")


# -- findings and reports -------------------------------------------------------------------------


def finding_from_json(raw: Any, path: str = "finding") -> Finding:
    """A finding from the shape :func:`gov_new_media_rules.serialize.finding_to_json` writes."""
    data = _object(raw, path, _FINDING_KEYS, ("rule", "account", "status", "message", "source"))
    message = _object(data["message"], _join(path, "message"), frozenset({"zh", "en"}), ("zh", "en"))
    figures = data.get("figures", {})
    if type(figures) is not dict:
        raise InputError(_join(path, "figures"), f"expected an object, got {type(figures).__name__}")
    provisional = data.get("provisional", False)
    gap = data.get("calendar_gap")
    if gap is not None:
        gap = _object(gap, _join(path, "calendar_gap"), frozenset({"missing_year"}), ("missing_year",))
        gap = _int(gap["missing_year"], _join(path, "calendar_gap.missing_year"))
    due_range = data.get("due_range")
    if due_range is not None:
        where = _join(path, "due_range")
        due_range = _object(due_range, where, frozenset({"earliest", "latest"}), ("earliest", "latest"))
        due_range = (_date(due_range["earliest"], _join(where, "earliest")),
                     _date(due_range["latest"], _join(where, "latest"), optional=True))
    source = _citation(data["source"], _join(path, "source"))
    raw_sources = _list(data.get("sources", [data["source"]]), _join(path, "sources"))
    sources = tuple(_citation(c, f"{_join(path, 'sources')}[{i}]") for i, c in enumerate(raw_sources)) or (source,)
    return Finding(
        rule=_string(data["rule"], _join(path, "rule")),
        account=_string(data["account"], _join(path, "account")),
        status=_enum(Status, data["status"], _join(path, "status")),
        message_zh=_string(message["zh"], _join(path, "message.zh")),
        message_en=_string(message["en"], _join(path, "message.en")),
        source=source,
        sources=sources,
        lineage=_string(data.get("lineage", ""), _join(path, "lineage")),
        set_by=_string(data.get("set_by", ""), _join(path, "set_by")),
        strength=_enum(Strength, data.get("strength", "mandatory"), _join(path, "strength")),
        period=_string(data.get("period"), _join(path, "period"), optional=True),
        due=_date(data.get("due"), _join(path, "due"), optional=True),
        figures=_json_value(figures, _join(path, "figures")),
        provisional=_bool(provisional, _join(path, "provisional")),
        calendar_gap=gap,
        due_range=due_range,
    )


def receipt_from_json(raw: Any, path: str = "versions") -> Receipt:
    """The record of what produced a report (``versions`` in a report's JSON)."""
    data = _object(raw, path, _RECEIPT_KEYS, ("library", "documents", "calendar", "rulebook", "as_of"))
    documents = data["documents"]
    if type(documents) is not dict:
        raise InputError(_join(path, "documents"), f"expected an object, got {type(documents).__name__}")
    for key, value in documents.items():
        _string(value, _join(_join(path, "documents"), key))
    overlays = _list(data.get("overlays", []), _join(path, "overlays"))
    sources = []
    for i, raw_span in enumerate(_list(data.get("calendar_sources", []), _join(path, "calendar_sources"))):
        where = f"{_join(path, 'calendar_sources')}[{i}]"
        span = _object(raw_span, where, frozenset({"from", "to", "source"}), ("from", "to", "source"))
        sources.append((_int(span["from"], _join(where, "from")), _int(span["to"], _join(where, "to")),
                        _string(span["source"], _join(where, "source"))))
    gaps = {}
    for i, raw_gap in enumerate(_list(data.get("calendar_gaps", []), _join(path, "calendar_gaps"))):
        where = f"{_join(path, 'calendar_gaps')}[{i}]"
        gap = _object(raw_gap, where, frozenset({"missing_year", "findings"}), ("missing_year", "findings"))
        gaps[_int(gap["missing_year"], _join(where, "missing_year"))] = _int(gap["findings"], _join(where, "findings"))
    return Receipt(
        library_version=_string(data["library"], _join(path, "library")),
        documents=dict(documents),
        calendar=_string(data["calendar"], _join(path, "calendar")),
        rulebook=_string(data["rulebook"], _join(path, "rulebook")),
        as_of=_date(data["as_of"], _join(path, "as_of")),  # type: ignore[arg-type]
        overlays=tuple(_string(o, _join(_join(path, "overlays"), i)) for i, o in enumerate(overlays)),
        calendar_sources=tuple(sources),
        calendar_gaps=gaps,
    )


def report_from_json(raw: Any) -> Report:
    """A report from the shape ``gnmr check --format json`` prints (:func:`report_to_json`).

    The ``summary`` counts are derived from the findings; a summary that disagrees with them
    is refused rather than silently recomputed.
    """
    data = _object(raw, "", _REPORT_KEYS, ("jurisdiction", "as_of", "findings", "versions"))
    findings = tuple(finding_from_json(f, f"findings[{i}]") for i, f in enumerate(_list(data["findings"], "findings")))
    notes = tuple(_string(n, f"notes[{i}]") for i, n in enumerate(_list(data.get("notes", []), "notes")))
    report = Report(
        jurisdiction=_string(data["jurisdiction"], "jurisdiction"),
        as_of=_date(data["as_of"], "as_of"),  # type: ignore[arg-type]
        findings=findings,
        receipt=receipt_from_json(data["versions"]),
        notes=notes,
    )
    if "summary" in data and data["summary"] != report.counts():
        raise InputError("summary", f"does not match the findings: {data['summary']!r} != {report.counts()!r}")
    return report


# -- rules and rulebooks --------------------------------------------------------------------------


def rule_from_json(raw: Any, path: str = "rule", *, stated_params: frozenset[str] = frozenset()) -> Rule:
    """A rule from :func:`gov_new_media_rules.serialize.rule_to_json` (the composition fields of
    an effective rule, such as ``provenance``, are accepted and ignored here).

    The JSON does not say which parameters a policy file stated; pass ``stated_params`` (an
    effective rule's JSON has them in its last ``provenance`` entry).
    """
    data = _object(raw, path, _RULE_KEYS, ("id", "kind", "topic", "title", "summary", "strength", "checkable", "sources"))
    kind = _enum(RuleKind, data["kind"], _join(path, "kind"))
    params_raw = data.get("params", {})
    if type(params_raw) is not dict:
        raise InputError(_join(path, "params"), f"expected an object, got {type(params_raw).__name__}")
    params = _structure(params_raw, PARAMS_BY_KIND[kind], _join(path, "params"))
    applies_raw = data.get("applies_to", {})
    applies_to = _structure(applies_raw, Applicability, _join(path, "applies_to")) if applies_raw else Applicability()
    sources = tuple(_citation(c, _join(_join(path, "sources"), i)) for i, c in enumerate(_list(data["sources"], _join(path, "sources"))))
    if not sources:
        raise InputError(_join(path, "sources"), "a rule needs at least one source")
    if "source" in data and _citation(data["source"], _join(path, "source")) != sources[0]:
        raise InputError(_join(path, "source"), "differs from sources[0]")
    interpretations = tuple(
        _structure(i, Interpretation, _join(_join(path, "interpretations"), n))
        for n, i in enumerate(_list(data.get("interpretations", []), _join(path, "interpretations")))
    )
    deviation = data.get("deviation")
    return Rule(
        id=_string(data["id"], _join(path, "id")),
        kind=kind,
        topic=_enum(Topic, data["topic"], _join(path, "topic")),
        title=_string(data["title"], _join(path, "title")),
        summary=_string(data["summary"], _join(path, "summary")),
        strength=_enum(Strength, data["strength"], _join(path, "strength")),
        checkable=_bool(data["checkable"], _join(path, "checkable")),
        sources=sources,
        params=params,
        applies_to=applies_to,
        interpretations=interpretations,
        effective_from=_date(data.get("effective_from"), _join(path, "effective_from"), optional=True),
        effective_until=_date(data.get("effective_until"), _join(path, "effective_until"), optional=True),
        refines=_string(data.get("refines"), _join(path, "refines"), optional=True),
        replaces=_string(data.get("replaces"), _join(path, "replaces"), optional=True),
        deviation=_structure(deviation, Deviation, _join(path, "deviation")) if deviation is not None else None,
        document=_string(data.get("document", ""), _join(path, "document")),
        jurisdiction=_string(data.get("jurisdiction", ""), _join(path, "jurisdiction")),
        stated_params=stated_params,
    )


def _effective_rule(raw: Any, path: str, written: Mapping[str, Rule]) -> EffectiveRule:
    data = _object(raw, path, _RULE_KEYS, ("provenance", "lineage"))
    provenance = _list(data["provenance"], _join(path, "provenance"))
    if not provenance:
        raise InputError(_join(path, "provenance"), "empty; a rule's provenance names at least the rule itself")
    chain: list[Rule] = []
    for index, link in enumerate(provenance):
        where = _join(_join(path, "provenance"), index)
        entry = _object(link, where, frozenset({"rule", "document", "jurisdiction", "stated"}), ("rule",))
        rule_id = _string(entry["rule"], _join(where, "rule"))
        rule = written.get(rule_id)
        if rule is None:
            raise InputError(_join(where, "rule"), f"unknown rule {rule_id!r} (not in the library or the overlays given)")
        if "document" in entry and entry["document"] != rule.document:
            raise InputError(_join(where, "document"), f"{entry['document']!r}, but {rule_id} belongs to {rule.document}")
        chain.append(rule)
    last = chain[-1]
    rule = rule_from_json(raw, path, stated_params=last.stated_params)
    if rule.id != last.id:
        raise InputError(_join(path, "id"), f"{rule.id!r} is not the last rule of its provenance ({last.id})")
    comparisons: tuple[Any, ...] = ()
    if len(chain) > 1:
        comparisons = compare_params(folded_params(chain[:-1]), rule.params)
    written_comparisons = [
        (c.get("field"), c.get("verdict"), c.get("detail", "")) if type(c) is dict else c
        for c in _list(data.get("comparisons", []), _join(path, "comparisons"))
    ]
    if written_comparisons != [(c.field, str(c.verdict), c.detail) for c in comparisons]:
        raise InputError(
            _join(path, "comparisons"), "do not match the parameters of the rules in its provenance (another library version?)"
        )
    refined_by = _list(data.get("refined_by", []), _join(path, "refined_by"))
    alongside = _list(data.get("alongside", []), _join(path, "alongside"))
    return EffectiveRule(
        rule=rule,
        lineage=_string(data["lineage"], _join(path, "lineage")),
        chain=tuple(chain),
        comparisons=comparisons,
        refined_by=tuple(_string(r, _join(_join(path, "refined_by"), i)) for i, r in enumerate(refined_by)),
        alongside=tuple(_string(r, _join(_join(path, "alongside"), i)) for i, r in enumerate(alongside)),
    )


def rulebook_from_json(raw: Any, library: PolicyLibrary, overlays: Sequence[Overlay] = ()) -> Rulebook:
    """A rulebook from :func:`gov_new_media_rules.serialize.rulebook_to_json`.

    Documents and the rules of each provenance chain are taken from ``library`` (and from
    ``overlays``, for the overlays the JSON names), and must be the versions the JSON records:
    a document whose ``encoding_version`` differs, or comparisons that no longer follow from the
    parameters, are refused.
    """
    data = _object(raw, "", _RULEBOOK_KEYS, ("jurisdiction", "on", "documents", "rules"))
    try:
        jurisdiction = library.tree.resolve(_string(data["jurisdiction"], "jurisdiction"))
    except GnmrError as exc:
        raise InputError("jurisdiction", str(exc)) from None
    on = _date(data["on"], "on")
    documents = []
    for index, entry in enumerate(_list(data["documents"], "documents")):
        where = f"documents[{index}]"
        item = _object(entry, where, frozenset({"id", "encoding_version"}), ("id",))
        document_id = _string(item["id"], f"{where}.id")
        document = library.documents.get(document_id)
        if document is None:
            raise InputError(f"{where}.id", f"unknown document {document_id!r}")
        if "encoding_version" in item and item["encoding_version"] != document.encoding_version:
            raise InputError(
                f"{where}.encoding_version",
                f"{item['encoding_version']!r}, but the library holds {document.encoding_version!r}",
            )
        documents.append(document)
    overlay_ids = tuple(_string(o, f"overlays[{i}]") for i, o in enumerate(_list(data.get("overlays", []), "overlays")))
    given = {o.id: o for o in overlays}
    written: dict[str, Rule] = dict(library.rules)
    for index, overlay_id in enumerate(overlay_ids):
        overlay = given.get(overlay_id)
        if overlay is None:
            raise InputError(f"overlays[{index}]", f"overlay {overlay_id!r} was not given")
        written.update({r.id: r for r in overlay.rules})
    rules = tuple(_effective_rule(r, f"rules[{i}]", written) for i, r in enumerate(_list(data["rules"], "rules")))
    return Rulebook(jurisdiction, on, tuple(documents), rules, overlay_ids)  # type: ignore[arg-type]
