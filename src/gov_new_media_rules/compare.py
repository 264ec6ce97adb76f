"""One set of facts under several jurisdictions, as a matrix: rule × jurisdiction → status.

Rows are rule *lineages* — a national rule and every local rule that refines or replaces it — so
that Zezhou's "每周更新不得少于3次" and Huzhou's "每周6次" line up on the row of the national
``cn.update.timely``; each row carries the topic and title of its root rule. A cell is the worst
status of that lineage's findings in that jurisdiction (violation > pending > insufficient_data >
compliant > not_applicable), with a breakdown per account; ``None`` where the jurisdiction has no
checkable rule of the lineage in force, and a cell with no status where it has one but the rule
produced no finding (a filing rule when no event happened, say).

It is a comparison, not a check: ``gnmr compare`` exits 0 whatever the statuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .calendar import WorkingDayCalendar, default_calendar
from .composition import Rulebook
from .engine import evaluate, plan
from .engine.findings import Receipt
from .facts.model import Account
from .loading import PolicyLibrary, default_library
from .model.vocab import TOPIC_ZH, Topic
from .scenarios import STATUS_SEVERITY

__all__ = ["ALL_JURISDICTIONS", "Cell", "Comparison", "Row", "compare", "comparison_to_json"]

ALL_JURISDICTIONS = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")
_TOPICS = list(Topic)


def worst(statuses: Iterable[str]) -> str | None:
    ranked = sorted(statuses, key=STATUS_SEVERITY.index)
    return ranked[0] if ranked else None


@attrs.frozen
class Cell:
    """One lineage in one jurisdiction."""

    rules: tuple[str, ...]  # the checkable rules of the lineage in force there
    status: str | None  # worst status of their findings; None: no finding
    counts: Mapping[str, int]
    accounts: Mapping[str, str]  # account id -> worst status for that account


@attrs.frozen
class Row:
    topic: Topic
    lineage: str
    title: str
    cells: Mapping[str, Cell | None]  # jurisdiction id -> cell; None: no such rule there

    @property
    def topic_zh(self) -> str:
        return TOPIC_ZH.get(self.topic, str(self.topic))


@attrs.frozen
class Comparison:
    as_of: dt.date
    rulebooks: tuple[Rulebook, ...]
    accounts: tuple[str, ...]
    rows: tuple[Row, ...]
    receipts: Mapping[str, Receipt]

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        return tuple(b.jurisdiction.id for b in self.rulebooks)


def _checkable_by_lineage(book: Rulebook) -> dict[str, list[str]]:
    """The rules the engine evaluates, grouped by lineage (as ``engine.plan`` chooses them)."""
    lineages, cross = plan(book)
    grouped: dict[str, list[str]] = {}
    for lineage in lineages:
        for variant in lineage.variants:
            grouped.setdefault(variant.lineage, []).append(variant.id)
    for rule in cross:
        ids = grouped.setdefault(rule.lineage, [])
        if rule.id not in ids:
            ids.append(rule.id)
    return grouped


def compare(
    accounts: Sequence[Account],
    jurisdictions: Sequence[str] = ALL_JURISDICTIONS,
    as_of: dt.date | None = None,
    *,
    since: dt.date | None = None,
    calendar: WorkingDayCalendar | None = None,
    library: PolicyLibrary | None = None,
) -> Comparison:
    """Evaluate ``accounts`` under each jurisdiction's rulebook on ``as_of`` (default: today)."""
    from .api import rulebook, today

    library = library or default_library()
    calendar = calendar or default_calendar()
    as_of = as_of or today()
    books: list[Rulebook] = []
    seen: set[str] = set()
    for name in jurisdictions:
        book = rulebook(name, as_of, library=library)
        if book.jurisdiction.id not in seen:
            seen.add(book.jurisdiction.id)
            books.append(book)
    accounts = tuple(accounts)
    rules_by: dict[str, dict[str, list[str]]] = {}
    findings_by: dict[str, dict[str, list[Any]]] = {}
    receipts: dict[str, Receipt] = {}
    meta: dict[str, tuple[Topic, str]] = {}
    for book in books:
        jid = book.jurisdiction.id
        grouped = _checkable_by_lineage(book)
        rules_by[jid] = grouped
        report = evaluate(book, accounts, as_of, calendar=calendar, since=since)
        receipts[jid] = report.receipt
        by_lineage: dict[str, list[Any]] = {}
        for finding in report.findings:
            by_lineage.setdefault(finding.lineage, []).append(finding)
        findings_by[jid] = by_lineage
        for lineage, ids in grouped.items():
            if lineage not in meta:
                root_rule = library.rules.get(lineage)
                if root_rule is None:  # an overlay's own lineage
                    first = book.get(lineage) or book.get(ids[0])
                    assert first is not None
                    root_rule = first.rule
                meta[lineage] = (root_rule.topic, root_rule.title)
    rows = []
    for lineage, (topic, title) in sorted(meta.items(), key=lambda item: (_TOPICS.index(item[1][0]), item[0])):
        cells: dict[str, Cell | None] = {}
        for book in books:
            jid = book.jurisdiction.id
            ids = rules_by[jid].get(lineage)
            if not ids:
                cells[jid] = None
                continue
            found = findings_by[jid].get(lineage, [])
            counts = {s: 0 for s in STATUS_SEVERITY}
            per_account: dict[str, list[str]] = {}
            for finding in found:
                counts[str(finding.status)] += 1
                per_account.setdefault(finding.account, []).append(str(finding.status))
            cells[jid] = Cell(
                tuple(ids),
                worst(str(f.status) for f in found),
                counts,
                {a: worst(s) or "" for a, s in per_account.items()},
            )
        rows.append(Row(topic, lineage, title, cells))
    return Comparison(as_of, tuple(books), tuple(a.id for a in accounts), tuple(rows), receipts)


def comparison_to_json(comparison: Comparison, library: PolicyLibrary | None = None) -> dict[str, Any]:
    from .serialize import receipt_to_json

    library = library or default_library()
    tree = library.tree
    return {
        "as_of": comparison.as_of.isoformat(),
        "jurisdictions": [
            {"id": b.jurisdiction.id, "alias": tree.alias(b.jurisdiction.id), "name": b.jurisdiction.name, "on": b.on.isoformat()}
            for b in comparison.rulebooks
        ],
        "accounts": list(comparison.accounts),
        "status_order": list(STATUS_SEVERITY),
        "rows": [
            {
                "topic": str(row.topic),
                "topic_zh": row.topic_zh,
                "lineage": row.lineage,
                "title": row.title,
                "cells": {
                    jid: None if cell is None else {
                        "status": cell.status,
                        "rules": list(cell.rules),
                        "counts": {k: v for k, v in cell.counts.items() if v},
                        "accounts": dict(cell.accounts),
                    }
                    for jid, cell in row.cells.items()
                },
            }
            for row in comparison.rows
        ],
        "versions": {jid: receipt_to_json(r) for jid, r in comparison.receipts.items()},
    }
