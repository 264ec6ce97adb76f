"""The evaluation engine: account facts in, explained findings out."""

from .findings import Finding, Receipt, Report, Status
from .run import applies, evaluate, plan, select_variants

__all__ = ["Finding", "Receipt", "Report", "Status", "applies", "evaluate", "plan", "select_variants"]
