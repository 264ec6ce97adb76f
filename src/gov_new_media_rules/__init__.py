"""gov-new-media-rules: rules as code for Chinese government new-media accounts (政务新媒体).

The national baseline (国办发〔2018〕123号) and local overlays are data under ``policies/``;
this package loads and validates them, composes a jurisdiction's rulebook on a date, and computes
working-day deadlines over the State Council holiday calendar.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import diff, load_overlay, rulebook, today
from .calendar import WorkingDayCalendar, default_calendar, register_year, register_year_file
from .composition import EffectiveRule, Overlay, Rulebook
from .errors import (
    CalendarCoverageError,
    CalendarDataError,
    CompositionError,
    GnmrError,
    InputError,
    PolicyLoadError,
    UnknownJurisdictionError,
    UnknownRuleError,
)
from .loading import PolicyLibrary, default_library, load_library
from .model.rules import Citation, Rule

try:
    __version__ = version("gov-new-media-rules")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

__all__ = [
    "__version__",
    "CalendarCoverageError",
    "CalendarDataError",
    "Citation",
    "CompositionError",
    "EffectiveRule",
    "GnmrError",
    "InputError",
    "Overlay",
    "PolicyLibrary",
    "PolicyLoadError",
    "Rule",
    "Rulebook",
    "UnknownJurisdictionError",
    "UnknownRuleError",
    "WorkingDayCalendar",
    "default_calendar",
    "default_library",
    "diff",
    "load_library",
    "load_overlay",
    "register_year",
    "register_year_file",
    "rulebook",
    "today",
]
