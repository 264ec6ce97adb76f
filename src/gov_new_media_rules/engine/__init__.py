"""The evaluation engine: account facts in, explained findings out."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .findings import Finding, Receipt, Report, Status

if TYPE_CHECKING:
    from .run import RunStats, applies, evaluate, iter_findings, plan, select_variants

__all__ = ["Finding", "Receipt", "Report", "RunStats", "Status", "applies", "evaluate", "iter_findings", "plan", "select_variants"]

# The running machinery loads every evaluator: imported on first use (PEP 562), so that a module
# of the engine that needs none of them (deadlines) does not pay for them.
_FROM_RUN = frozenset({"RunStats", "applies", "evaluate", "iter_findings", "plan", "select_variants"})


def __getattr__(name: str) -> Any:
    if name not in _FROM_RUN:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(".run", __name__), name)
    globals()[name] = value
    return value
