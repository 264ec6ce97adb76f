"""The evaluation engine: account facts in, explained findings out."""

from .findings import Finding, Receipt, Report, Status
from .run import RunStats, applies, evaluate, iter_findings, plan, select_variants

__all__ = ["Finding", "Receipt", "Report", "RunStats", "Status", "applies", "evaluate", "iter_findings", "plan", "select_variants"]
