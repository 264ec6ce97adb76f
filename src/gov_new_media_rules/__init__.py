"""gov-new-media-rules: rules as code for Chinese government new-media accounts (政务新媒体).

The national baseline (国办发〔2018〕123号) and local overlays are data under ``policies/``;
this package loads and validates them, composes a jurisdiction's rulebook on a date, and computes
working-day deadlines over the State Council holiday calendar.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
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

if TYPE_CHECKING:
    from .api import diff, load_overlay, rulebook, today
    from .calendar import WorkingDayCalendar, default_calendar, register_year, register_year_file
    from .composition import EffectiveRule, Overlay, Rulebook
    from .loading import PolicyLibrary, default_library, load_library
    from .model.rules import Citation, Rule

# The public names and the module each lives in. They are imported on first use (PEP 562), so
# that ``import gov_new_media_rules`` — and every ``gnmr`` command — does not pay for the
# composition machinery, the calendar and pendulum before it needs them.
_LAZY = {
    "diff": "api", "load_overlay": "api", "rulebook": "api", "today": "api",
    "WorkingDayCalendar": "calendar", "default_calendar": "calendar", "register_year": "calendar",
    "register_year_file": "calendar",
    "EffectiveRule": "composition", "Overlay": "composition", "Rulebook": "composition",
    "PolicyLibrary": "loading", "default_library": "loading", "load_library": "loading",
    "Citation": "model.rules", "Rule": "model.rules",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
