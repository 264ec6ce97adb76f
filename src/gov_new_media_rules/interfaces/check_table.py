"""What ``gnmr check`` prints at a terminal, within bounds however large the input.

The table answers "which accounts have problems, and what are they": a summary per account, the
accounts with the most violations first, and the notable findings (violations, then pending,
then insufficient data) with their due dates and messages. A province's run has hundreds of
thousands of findings; keeping them all to print them held 2.7 GiB at 30,000 accounts and helped
nobody at a terminal. So this keeps a few numbers per account and, by default, the first
``DETAILS`` notable findings of each status and the ``ACCOUNTS`` accounts with most violations,
and says how many more there are. With ``every`` (``--all``), every account and every detail
is printed: the details are laid out a piece at a time as they come and spooled to disk, so that
memory holds one piece whatever the number of rows.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..engine.findings import Finding, Status
from .tables import check_details, check_summary, due_legend
from .terminal import Terminal

__all__ = ["CheckTable"]

ACCOUNTS = 50
DETAILS = 100
PIECE = 500
_NOTABLE = (Status.VIOLATION, Status.PENDING, Status.INSUFFICIENT_DATA)


class CheckTable:
    """Findings in, as they stream; :meth:`print` at the end."""

    def __init__(self, term: Terminal, topic_of: Callable[[str], str], *, every: bool = False) -> None:
        self.term, self.topic_of, self.every = term, topic_of, every
        self.per_account: dict[str, Counter[str]] = {}
        self.by_topic: dict[str, Counter[str]] = {}
        self.kept: dict[Status, list[Finding]] = {status: [] for status in _NOTABLE}
        self.notable = 0
        self.marks: set[tuple[bool, bool]] = set()  # --all: the due-cell marks printed (provisional, open year)
        self._piece: list[Finding] = []
        self._spool: Any = tempfile.SpooledTemporaryFile(8 << 20, mode="w+", encoding="utf-8", newline="") if every else None

    def add(self, finding: Finding) -> None:
        status = finding.status
        counts = self.per_account.get(finding.account)
        if counts is None:
            counts = self.per_account[finding.account] = Counter()
        counts[str(status)] += 1
        if status is Status.VIOLATION:
            self.by_topic.setdefault(finding.account, Counter())[self.topic_of(finding.rule)] += 1
        if status not in _NOTABLE:
            return
        self.notable += 1
        if self.every:
            self.marks.add((bool(finding.provisional), finding.calendar_gap is not None and finding.due is None))
            self._piece.append(finding)
            if len(self._piece) >= PIECE:
                self._lay_out_piece()
        elif len(self.kept[status]) < DETAILS:
            self.kept[status].append(finding)

    def _lay_out_piece(self) -> None:
        if self._piece:
            self.term.print(check_details(self.term, self._piece, self.topic_of), file=self._spool)
            self._piece = []

    def print(self) -> None:
        """The summary, then the details, then the legend of the due-date marks."""
        term = self.term
        accounts = sorted(self.per_account, key=lambda a: -self.per_account[a].get("violation", 0))
        shown = accounts if self.every else accounts[:ACCOUNTS]
        if shown:
            term.print(check_summary(term, {a: self.per_account[a] for a in shown}, self.by_topic))
        if len(shown) < len(accounts):
            term.print(f"… {len(accounts) - len(shown)} more accounts (the {ACCOUNTS} with most violations are shown; "
                       "--all shows every one)")
        if self.every:
            self._lay_out_piece()
            self._spool.seek(0)
            while chunk := self._spool.read(1 << 20):
                term.stream.write(chunk)
            self._spool.close()
            term.print(*due_legend({"provisional": p, "calendar_gap": 1 if gap else None, "due": None if gap else "-"}
                                   for p, gap in self.marks))
            return
        kept = [f for status in _NOTABLE for f in self.kept[status]]
        if kept:
            term.print(check_details(term, kept, self.topic_of), *due_legend(kept))
        if len(kept) < self.notable:
            term.print(f"… {self.notable - len(kept)} more details (the first {DETAILS} of each status are shown; "
                       "--all prints every one, --format json, csv or xlsx gives them all)")
