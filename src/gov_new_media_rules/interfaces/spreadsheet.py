"""The check report as a workbook (xlsx) and as CSV, for the people who act on findings in Excel or WPS.

One row model serves both: :data:`FINDING_COLUMNS` says, for each column of the 问题清单 sheet,
its Chinese header, its width and how a finding fills it. The workbook streams (XlsxWriter's
``constant_memory`` mode writes each row to disk as it goes), so a province's findings never sit
in memory; what it keeps is a few counts per account for the 账号 sheet and the 汇总 sheet, which
are written last. XlsxWriter rather than openpyxl: its constant-memory mode still sets a frozen
header row, column widths and an autofilter, and with a fixed creation time its output is the
same bytes for the same input (``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any

import attrs

from ..composition import Rulebook
from ..engine.findings import SEVERITY, Finding, Receipt
from ..facts.model import Account
from ..model.labels import PLATFORM_ZH, STRENGTH_ZH
from .tables import STATUS_ZH, rule_topic_zh

__all__ = ["AccountLine", "AccountRecorder", "Column", "FINDING_COLUMNS", "generated_at", "write_csv", "write_xlsx"]

STATUS_ORDER = SEVERITY


def generated_at() -> dt.datetime:
    """When the report is made: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else now; in
    Asia/Shanghai, without a time-zone (Excel has none)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    shanghai = dt.timezone(dt.timedelta(hours=8))
    moment = dt.datetime.fromtimestamp(int(epoch), shanghai) if epoch and epoch.isdigit() else dt.datetime.now(shanghai)
    return moment.replace(tzinfo=None, microsecond=0)


@attrs.frozen
class AccountLine:
    """What the report keeps of an account once its findings are out: a few words and counts."""

    name: str
    platform: str
    host_unit: str
    counts: Counter[str] = attrs.field(factory=Counter)


@attrs.frozen
class _Names:
    """What a row says about things a finding names only by id."""

    book: Rulebook
    accounts: Mapping[str, AccountLine]

    def account_name(self, account_id: str) -> str:
        line = self.accounts.get(account_id)
        return line.name if line is not None else ""

    def rule_title(self, rule_id: str) -> str:
        rule = self.book.rule(rule_id)
        return rule.title if rule is not None else ""

    def topic(self, rule_id: str) -> str:
        return rule_topic_zh(self.book, rule_id, "")

    def document(self, document_id: str) -> str:
        for document in self.book.documents:
            if document.id == document_id:
                return document.number or document.title
        return document_id


@attrs.frozen
class Column:
    header: str
    width: int
    value: Callable[[Finding, _Names], Any]
    date: bool = False


FINDING_COLUMNS: tuple[Column, ...] = (
    Column("账号ID", 16, lambda f, n: f.account),
    Column("账号名称", 18, lambda f, n: n.account_name(f.account)),
    Column("主题", 10, lambda f, n: n.topic(f.rule)),
    Column("规则ID", 34, lambda f, n: f.rule),
    Column("规则", 36, lambda f, n: n.rule_title(f.rule)),
    Column("结论", 9, lambda f, n: STATUS_ZH.get(str(f.status), str(f.status))),
    Column("期间", 24, lambda f, n: f.period or ""),
    Column("到期日", 12, lambda f, n: f.due, date=True),
    Column("说明", 60, lambda f, n: f.message_zh),
    Column("依据文件", 22, lambda f, n: n.document(f.source.document)),
    Column("条款", 12, lambda f, n: f.source.clause),
    Column("原文", 50, lambda f, n: f.source.quote),
    Column("规定强度", 9, lambda f, n: STRENGTH_ZH.get(str(f.strength), str(f.strength))),
    Column("暂定结果", 9, lambda f, n: "是" if f.provisional else ""),
)


class AccountRecorder:
    """Passes the accounts through to the engine and keeps what the 账号 and 汇总 sheets need:
    a line per account (never its posts) and the violations by topic."""

    def __init__(self, accounts: Iterable[Account], book: Rulebook) -> None:
        self._accounts = accounts
        self._book = book
        self.lines: dict[str, AccountLine] = {}
        self.violations_by_topic: Counter[str] = Counter()

    def __iter__(self) -> Iterator[Account]:
        for account in self._accounts:
            self.lines[account.id] = AccountLine(
                account.name, PLATFORM_ZH.get(str(account.platform), str(account.platform)), account.host_unit)
            yield account

    def count(self, finding: Finding) -> None:
        line = self.lines.get(finding.account)
        if line is not None:
            line.counts[str(finding.status)] += 1
        if str(finding.status) == "violation":
            self.violations_by_topic[rule_topic_zh(self._book, finding.rule)] += 1


def write_csv(out: IO[str], findings: Iterable[Finding], book: Rulebook, recorder: AccountRecorder) -> None:
    """The 问题清单 as CSV, UTF-8 with a byte-order mark so that Excel reads the Chinese right;
    dates as ISO 8601."""
    names = _Names(book, recorder.lines)
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in FINDING_COLUMNS])
    for finding in findings:
        recorder.count(finding)
        row = []
        for column in FINDING_COLUMNS:
            value = column.value(finding, names)
            row.append(value.isoformat() if isinstance(value, dt.date) else value)
        writer.writerow(row)


def write_xlsx(
    path: str,
    findings: Iterable[Finding],
    book: Rulebook,
    recorder: AccountRecorder,
    receipt: Callable[[], Receipt],
    totals: Callable[[], Mapping[str, int]],
    notes: Callable[[], Iterable[str]] = tuple,
) -> None:
    """The workbook: 汇总 (counts, receipt), 问题清单 (one row per finding), 账号 (one row per
    account with its counts), written to ``path``."""
    import xlsxwriter

    made = generated_at()
    workbook = xlsxwriter.Workbook(path, {
        "constant_memory": True,
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "default_date_format": "yyyy-mm-dd",
    })
    try:
        workbook.set_properties({"title": f"政务新媒体检查结果（{book.jurisdiction.name}）", "created": made})
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                      "valign": "top"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        day = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        summary = workbook.add_worksheet("汇总")
        sheet = workbook.add_worksheet("问题清单")
        per_account = workbook.add_worksheet("账号")
        summary.set_column(0, 0, 22)
        summary.set_column(1, 1, 60)

        sheet.freeze_panes(1, 0)
        for index, column in enumerate(FINDING_COLUMNS):
            sheet.set_column(index, index, column.width, day if column.date else wrap)
        sheet.write_row(0, 0, [c.header for c in FINDING_COLUMNS], header)
        names = _Names(book, recorder.lines)
        row = 0
        for finding in findings:
            recorder.count(finding)
            row += 1
            for index, column in enumerate(FINDING_COLUMNS):
                value = column.value(finding, names)
                if value is None or value == "":
                    sheet.write_blank(row, index, None)
                elif column.date:
                    sheet.write_datetime(row, index, dt.datetime.combine(value, dt.time()), day)
                else:
                    sheet.write_string(row, index, str(value), wrap)
        sheet.autofilter(0, 0, max(row, 1), len(FINDING_COLUMNS) - 1)

        account_headers = ["账号ID", "账号名称", "平台", "主办单位", *(STATUS_ZH[s] for s in STATUS_ORDER)]
        per_account.freeze_panes(1, 0)
        for index, width in enumerate((16, 18, 10, 26, 8, 8, 8, 8, 8)):
            per_account.set_column(index, index, width)
        per_account.write_row(0, 0, account_headers, header)
        line = 0
        for account_id, account in recorder.lines.items():
            line += 1
            per_account.write_row(line, 0, [account_id, account.name, account.platform, account.host_unit])
            for offset, status in enumerate(STATUS_ORDER):
                per_account.write_number(line, 4 + offset, account.counts.get(status, 0))
        per_account.autofilter(0, 0, max(line, 1), len(account_headers) - 1)

        made_by = receipt()
        counted = totals()
        rows: list[tuple[str, Any]] = [
            ("辖区", f"{book.jurisdiction.name}（{book.jurisdiction.id}）"),
            ("评估日", made_by.as_of),
            ("账号数", len(recorder.lines)),
            *((f"结论：{STATUS_ZH[s]}", counted.get(s, 0)) for s in STATUS_ORDER),
            ("有违规的账号数", sum(1 for a in recorder.lines.values() if a.counts.get("violation"))),
            *((f"违规（{topic}）", n) for topic, n in recorder.violations_by_topic.most_common()),
            ("库版本", made_by.library_version),
            ("编码版本", "；".join(f"{d} {v}" for d, v in sorted(made_by.documents.items()))),
            ("节假日数据", made_by.calendar),
            ("规则集指纹", made_by.rulebook),
            *(("假设方案", o) for o in made_by.overlays),
            *(("说明", note) for note in notes()),
            ("生成时间", made),
        ]
        moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        summary.write_row(0, 0, ["项目", "内容"], header)
        for index, (label, value) in enumerate(rows, start=1):
            summary.write_string(index, 0, label)
            if isinstance(value, dt.datetime):
                summary.write_datetime(index, 1, value, moment)
            elif isinstance(value, dt.date):
                summary.write_datetime(index, 1, dt.datetime.combine(value, dt.time()), day)
            elif isinstance(value, int):
                summary.write_number(index, 1, value)
            else:
                summary.write_string(index, 1, str(value), wrap)
    finally:
        workbook.close()
