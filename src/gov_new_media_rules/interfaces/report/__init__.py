"""The offline check report: one self-contained HTML file in Chinese, charts as inline SVG.

For the people who act on findings on an intranet PC: no script, no font, no stylesheet or
picture from elsewhere, so it opens without a network and prints on A4. Templates
(``templates/report/``) draw page models (:mod:`.model`); nothing here assembles HTML.

It streams like ``gnmr check``: each account's section is rendered as soon as its findings are
out and spooled to a temporary file, and what the summary needs (a line per account) is kept;
the summary is written first once the input is read, then the spooled sections.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from ...calendar import WorkingDayCalendar
from ...composition import Rulebook
from ...engine.findings import Finding, Receipt
from ...facts.model import Account
from ...loading import PolicyLibrary
from ...model.labels import PLATFORM_ZH
from ..spreadsheet import STATUS_ORDER, generated_at
from ..tables import STATUS_ZH, rule_topic_zh
from .model import SILENCE_DAYS, FindingView, account_section, finding_view

__all__ = ["DEFAULT_SITE_URL", "Selection", "write_report"]

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Where the documentation site is published; ``--site-url`` points the rule links elsewhere
# (an intranet mirror).
DEFAULT_SITE_URL = "https://gov-new-media-rules.example.org"


@attrs.frozen
class Selection:
    """Which accounts the report shows: all, one by id, or one host unit's."""

    account: str | None = None
    unit: str | None = None

    def __call__(self, account: Account) -> bool:
        if self.account is not None:
            return account.id == self.account
        if self.unit is not None:
            return account.host_unit == self.unit
        return True


class _Pending:
    """Hands the accounts to the engine and keeps each until its section is written."""

    def __init__(self, accounts: Iterable[Account]) -> None:
        self._accounts = accounts
        self.waiting: dict[str, Account] = {}

    def __iter__(self) -> Iterator[Account]:
        for account in self._accounts:
            self.waiting[account.id] = account
            yield account


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )


def _anchor(account_id: str) -> str:
    """An id attribute value for an account's section (ids may hold any character)."""
    return "".join(c if c.isalnum() or c in "-_." else f"_{ord(c):x}_" for c in account_id)


def write_report(
    out: IO[str],
    findings: Iterable[Finding],
    accounts: Iterable[Account],
    *,
    book: Rulebook,
    library: PolicyLibrary,
    calendar: WorkingDayCalendar,
    as_of: dt.date,
    since: dt.date,
    receipt: Callable[[], Receipt],
    notes: Callable[[], Iterable[str]] = tuple,
    select: Selection = Selection(),
    site_url: str = DEFAULT_SITE_URL,
) -> Counter[str]:
    """Write the report for the findings of ``accounts`` (the same iterable the engine reads,
    wrapped by the caller with :func:`pending`) to ``out``; returns the counts shown."""
    environment = _environment()
    account_template = environment.get_template("report/account.html.j2")
    site_url = site_url.rstrip("/")
    pending = accounts if isinstance(accounts, _Pending) else _Pending(accounts)
    shown: Counter[str] = Counter()
    by_topic: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    written: set[str] = set()
    selected: set[str] = set()
    late_count = 0

    def view_of(finding: Finding) -> FindingView:
        rule = book.rule(finding.rule)
        title = rule.title if rule is not None else finding.rule
        link = f"{site_url}/"
        if rule is not None:
            node = library.tree.nodes.get(rule.jurisdiction)
            page = (node.aliases[0] if node is not None and node.aliases else rule.jurisdiction)
            link = f"{site_url}/jurisdictions/{page}/#{finding.rule}"
        document = library.documents.get(finding.source.document)
        return finding_view(finding, title, document.label if document is not None else finding.source.document, link)

    def count(finding: Finding) -> None:
        shown[str(finding.status)] += 1
        if str(finding.status) == "violation":
            by_topic[rule_topic_zh(book, finding.rule)] += 1

    finding_template = environment.get_template("report/finding.html.j2")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool, tempfile.TemporaryFile("w+", encoding="utf-8") as late:
        def flush(account_id: str, group: list[Finding]) -> None:
            account = pending.waiting.pop(account_id, None)
            written.add(account_id)
            if account is None or not select(account):
                return
            selected.add(account_id)
            for finding in group:
                count(finding)
            section = account_section(account, group, [view_of(f) for f in group], calendar, as_of, since)
            counts = Counter(str(f.status) for f in group)
            rows.append({"id": account.id, "anchor": _anchor(account.id), "name": account.name,
                         "platform": PLATFORM_ZH.get(str(account.platform), str(account.platform)),
                         "host_unit": account.host_unit, "counts": [counts[s] for s in STATUS_ORDER]})
            spool.write(account_template.render(a=section, anchor=_anchor(account.id), silence_days=SILENCE_DAYS))

        current: str | None = None
        group: list[Finding] = []
        for finding in findings:
            if finding.account in written:
                # A rule about several accounts, judged once all are read.
                if finding.account in selected:
                    count(finding)
                    late.write(finding_template.render(view=view_of(finding)))
                    late_count += 1
                continue
            if finding.account != current:
                if current is not None:
                    flush(current, group)
                current, group = finding.account, []
            group.append(finding)
        if current is not None:
            flush(current, group)
        for account_id in list(pending.waiting):
            flush(account_id, [])

        made = receipt()
        rows.sort(key=lambda r: tuple(-n for n in r["counts"][:3]) + (r["id"],))
        page = {
            "title": f"政务新媒体检查报告：{book.jurisdiction.name}",
            "as_of": as_of.isoformat(), "since": since.isoformat(), "accounts": len(rows),
            "generated": generated_at().isoformat(sep=" "),
            "statuses": [{"status": s, "label": STATUS_ZH[s], "count": shown[s]} for s in STATUS_ORDER],
            "accounts_with_violations": sum(1 for r in rows if r["counts"][0]),
            "by_topic": by_topic.most_common(), "rows": rows, "notes": list(notes()),
        }
        out.write(environment.get_template("report/page.html.j2").render(page=page))
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        if late_count:
            across = environment.get_template("report/across.html.j2")
            out.write(across.render(part="open"))
            late.seek(0)
            shutil.copyfileobj(late, out)
            out.write(across.render(part="close"))
        out.write(environment.get_template("report/end.html.j2").render(receipt={
            "library": made.library_version,
            "documents": "；".join(f"{d} {v}" for d, v in sorted(made.documents.items())),
            "calendar": made.calendar, "rulebook": made.rulebook, "overlays": "、".join(made.overlays),
        }))
    return shown


def pending(accounts: Iterable[Account]) -> _Pending:
    """The accounts for the engine, remembered for the report until their sections are out."""
    return _Pending(accounts)
