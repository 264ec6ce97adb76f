"""JSON shapes of the model, as the CLI and integrators see them.

These shapes are the external contract (see BRIEF: ``id``, ``kind``, ``title``, ``jurisdiction``,
``checkable``, ``params`` and ``source`` are always there); fields are added, never renamed.
"""

from __future__ import annotations

from typing import Any

from .composition import EffectiveRule, Rulebook
from .converters import make_converter
from .model.documents import SourceDocument
from .model.jurisdictions import Jurisdiction
from .model.rules import Applicability, Citation, Rule

_converter = make_converter()


def _drop_empty(data: Any) -> Any:
    """Leave out what a policy did not say (None, empty lists), at every depth."""
    if isinstance(data, dict):
        return {k: _drop_empty(v) for k, v in data.items() if v is not None and v != () and v != []}
    if isinstance(data, list | tuple):
        return [_drop_empty(v) for v in data]
    return data


def citation_to_json(citation: Citation) -> dict[str, Any]:
    data: dict[str, Any] = {"document": citation.document, "clause": citation.clause, "quote": citation.quote}
    if citation.covers:
        data["covers"] = list(citation.covers)
    if citation.secondary:
        data["secondary"] = True
    return data


def applicability_to_json(applies_to: Applicability) -> dict[str, Any]:
    data = _drop_empty(_converter.unstructure(applies_to))
    if applies_to.exclude is not None:
        data["exclude"] = applicability_to_json(applies_to.exclude)
    return data


def params_to_json(params: Any) -> dict[str, Any]:
    return _drop_empty(_converter.unstructure(params))


def rule_to_json(rule: Rule) -> dict[str, Any]:
    """A rule as written in its policy file (no composition)."""
    data: dict[str, Any] = {
        "id": rule.id,
        "kind": str(rule.kind),
        "topic": str(rule.topic),
        "title": rule.title,
        "summary": rule.summary,
        "jurisdiction": rule.jurisdiction,
        "document": rule.document,
        "strength": str(rule.strength),
        "checkable": rule.checkable,
        "params": params_to_json(rule.params),
        "applies_to": applicability_to_json(rule.applies_to),
        "source": citation_to_json(rule.source),
        "sources": [citation_to_json(c) for c in rule.sources],
        "interpretations": [{"zh": i.zh, "en": i.en} for i in rule.interpretations],
    }
    for name in ("effective_from", "effective_until"):
        value = getattr(rule, name)
        if value is not None:
            data[name] = value.isoformat()
    if rule.refines:
        data["refines"] = rule.refines
    if rule.replaces:
        data["replaces"] = rule.replaces
    if rule.deviation:
        data["deviation"] = {"justification": rule.deviation.justification}
    return data


def effective_rule_to_json(effective: EffectiveRule) -> dict[str, Any]:
    """A rule as it applies in a rulebook: merged params, and where each came from."""
    data = rule_to_json(effective.rule)
    data["lineage"] = effective.lineage
    data["provenance"] = [
        {"rule": r.id, "document": r.document, "jurisdiction": r.jurisdiction, "stated": sorted(r.stated_params)}
        for r in effective.chain
    ]
    data["params_set_by"] = {
        name: effective.set_by(name).document for name in params_to_json(effective.rule.params)
    }
    if effective.comparisons:
        data["comparisons"] = [
            {"field": c.field, "verdict": str(c.verdict), "detail": c.detail} for c in effective.comparisons
        ]
    if effective.refined_by:
        data["refined_by"] = list(effective.refined_by)
    if effective.alongside:
        data["alongside"] = list(effective.alongside)  # higher variants that still apply beside it
    return data


def document_to_json(document: SourceDocument) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "number": document.number,
        "issuer": document.issuer,
        "jurisdiction": document.jurisdiction,
        "level": str(document.level),
        "status": str(document.status),
        "held": str(document.held),
        "encoding_version": document.encoding_version,
        "signed": str(document.signed),
        "published": str(document.published),
        "effective_from": str(document.effective_from),
        "in_force_from": document.starts.isoformat(),
    }


def jurisdiction_to_json(node: Jurisdiction) -> dict[str, Any]:
    return {
        "id": node.id,
        "name": node.name,
        "name_en": node.name_en,
        "level": str(node.level),
        "aliases": list(node.aliases),
        "parent": node.parent,
    }


def rulebook_to_json(rulebook: Rulebook) -> dict[str, Any]:
    return {
        "jurisdiction": rulebook.jurisdiction.id,
        "on": rulebook.on.isoformat(),
        "documents": [{"id": d.id, "encoding_version": d.encoding_version} for d in rulebook.documents],
        "overlays": list(rulebook.overlays),
        "rules": [effective_rule_to_json(r) for r in rulebook.rules],
    }


def finding_to_json(finding: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "account": finding.account,
        "status": str(finding.status),
        "period": finding.period,
        "due": finding.due.isoformat() if finding.due else None,
        "figures": dict(finding.figures),
        "message": {"zh": finding.message_zh, "en": finding.message_en},
        "source": citation_to_json(finding.source),
        "sources": [citation_to_json(c) for c in finding.sources] or [citation_to_json(finding.source)],
        "lineage": finding.lineage,
        "set_by": finding.set_by,
        "strength": str(finding.strength),
    }
    if finding.provisional:
        data["provisional"] = True
    if finding.due_range is not None:
        earliest, latest = finding.due_range
        data["due_range"] = {"earliest": earliest.isoformat(), "latest": latest.isoformat() if latest else None}
    if finding.calendar_gap is not None:
        data["calendar_gap"] = {"missing_year": finding.calendar_gap}
    return data


def receipt_to_json(receipt: Any) -> dict[str, Any]:
    return {
        "library": receipt.library_version,
        "documents": dict(receipt.documents),
        "calendar": receipt.calendar,
        "rulebook": receipt.rulebook,
        "as_of": receipt.as_of.isoformat(),
        "overlays": list(receipt.overlays),
        "calendar_sources": [{"from": a, "to": b, "source": s} for a, b, s in receipt.calendar_sources],
        "calendar_gaps": [{"missing_year": y, "findings": n} for y, n in sorted(receipt.calendar_gaps.items())],
    }


def report_to_json(report: Any) -> dict[str, Any]:
    """A report as JSON; the key order is the one ``gnmr check`` streams in (findings first)."""
    return {
        "jurisdiction": report.jurisdiction,
        "as_of": report.as_of.isoformat(),
        "findings": [finding_to_json(f) for f in report.findings],
        "summary": report.counts(),
        "notes": list(report.notes),
        "versions": receipt_to_json(report.receipt),
    }
