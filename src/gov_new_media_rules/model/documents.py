"""Source documents: the texts as received, their metadata, and their own clause outline."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from ..dates import PartialDate
from .vocab import Level


class DocumentKind(StrEnum):
    OPINION = "opinion"
    NOTICE = "notice"
    MEASURES = "measures"
    GUIDE = "guide"
    INDICATORS = "indicators"


class DocumentStatus(StrEnum):
    IN_FORCE = "in_force"
    TRIAL = "trial"
    SUPERSEDED = "superseded"


class Holding(StrEnum):
    FULL = "full"
    SECONDARY = "secondary"  # held only through quotes in other, cited sources


@attrs.frozen
class Clause:
    id: str
    text: str
    heading: str | None = None


@attrs.frozen
class Noise:
    """Text in the received file that is not part of the document (scraping debris, web chrome)."""

    text: str
    reason: str
    reason_zh: str = ""  # the reason as the site shows it to legal staff (Chinese first)


@attrs.frozen
class Gap:
    """Part of the document missing from the text as received; recorded, never filled in."""

    clause: str
    description: str
    description_en: str | None = None
    missing: bool = False  # the clause itself is absent (True) or present but cut short


@attrs.frozen
class CitedDocument:
    number: str | None = None
    title: str | None = None
    held_as: str | None = None
    note: str | None = None


@attrs.frozen
class SourceDocument:
    id: str
    title: str
    issuer: str
    level: Level
    kind: DocumentKind
    status: DocumentStatus
    held: Holding
    encoding_version: str
    source: str
    signed: PartialDate
    published: PartialDate
    effective_from: PartialDate
    title_note: str | None = None
    issuer_note: str | None = None
    held_note: str | None = None
    number: str | None = None
    number_note: str | None = None
    effective_from_assumed: dt.date | None = None
    effective_from_note: str | None = None
    # Each note in Chinese, as the site shows it first to legal staff (the English one folds away).
    title_note_zh: str | None = None
    issuer_note_zh: str | None = None
    held_note_zh: str | None = None
    number_note_zh: str | None = None
    effective_from_note_zh: str | None = None
    dates_note_zh: str | None = None
    effective_until: dt.date | None = None
    supersedes: tuple[str, ...] = ()
    dates_note: str | None = None
    cites: tuple[CitedDocument, ...] = ()
    noise: tuple[Noise, ...] = ()
    gaps: tuple[Gap, ...] = ()
    # Filled in by the loader.
    jurisdiction: str = ""
    text: str = attrs.field(default="", repr=False)
    clauses: tuple[Clause, ...] = attrs.field(default=(), repr=False)

    @property
    def starts(self) -> dt.date:
        """The first day this library treats the document as in force."""
        if self.effective_from_assumed is not None:
            return self.effective_from_assumed
        start = self.effective_from.earliest()
        assert start is not None and self.effective_from.precision == "day"
        return start

    def in_force_on(self, day: dt.date) -> bool:
        if day < self.starts:
            return False
        return self.effective_until is None or day <= self.effective_until

    def clause(self, clause_id: str) -> Clause | None:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        return None

    @property
    def label(self) -> str:
        """How people cite it: its number where it has one, else its title."""
        return self.number or self.title
