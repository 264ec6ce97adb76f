"""Rules: one obligation, prohibition or duty each, tied to the words it rests on."""

from __future__ import annotations

import datetime as dt

import attrs

from .params import Params, RuleKind
from .vocab import AccountType, ContentForm, Platform, Strength, Topic, UnitKind, UnitLevel


@attrs.frozen
class Citation:
    """Where a rule comes from: a clause of a held document and the exact words quoted.

    ``document`` may be left out in a policy file; it then means the document the rule belongs to.
    """

    clause: str
    quote: str
    document: str = ""
    # What this clause decides within the rule, where it decides only part of it: event types
    # (a filing duty's clause for cancellations), condition ids (one item of a list of clean-up
    # conditions), content tags (one banned category). Findings cite the clause that decided them.
    covers: tuple[str, ...] = ()
    # Set at load time, never in a policy file: the document is held only through secondary quotes.
    secondary: bool = False


@attrs.frozen
class Applicability:
    """What a rule applies to; ``None`` on a field means "any"."""

    platforms: tuple[Platform, ...] | None = None
    account_types: tuple[AccountType, ...] | None = None
    content_forms: tuple[ContentForm, ...] | None = None
    main_account: bool | None = None
    unit_kinds: tuple[UnitKind, ...] | None = None
    # The host unit's administrative level, where the text names one (湖州市's 基层: county and
    # township). An account whose level is not given cannot be placed in or out of scope.
    unit_levels: tuple[UnitLevel, ...] | None = None
    units: str | None = None
    exclude: Applicability | None = None

    def is_universal(self) -> bool:
        return self == Applicability()


ANY = Applicability()


@attrs.frozen
class Interpretation:
    """How this library reads ambiguous wording, and why; shown on the rule's page."""

    zh: str
    en: str


@attrs.frozen
class Deviation:
    """A local rule that knowingly loosens a higher one, with the reason the text gives."""

    justification: str


@attrs.frozen
class Rule:
    id: str
    kind: RuleKind
    topic: Topic
    title: str
    summary: str
    strength: Strength
    checkable: bool
    sources: tuple[Citation, ...]
    params: Params
    applies_to: Applicability = ANY
    interpretations: tuple[Interpretation, ...] = ()
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    refines: str | None = None
    replaces: str | None = None
    deviation: Deviation | None = None
    # Filled in by the loader from where the file sits, never written in a policy file.
    document: str = ""
    jurisdiction: str = ""
    # The params keys a policy file actually wrote: a refinement inherits the others.
    stated_params: frozenset[str] = frozenset()

    @property
    def source(self) -> Citation:
        """The primary citation."""
        return self.sources[0]


@attrs.frozen
class NotEncoded:
    """Text of a document deliberately left out of the encoding, and why."""

    clause: str
    quote: str
    reason: str
    document: str = ""
    reason_zh: str = ""  # the reason as the site shows it to legal staff (Chinese first)
