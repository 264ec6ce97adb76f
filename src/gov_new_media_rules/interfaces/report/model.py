"""The page model of the offline check report: what each account's section shows, as plain data.

The template (``templates/report/*.html.j2``) draws it; everything here is computed from the
account's facts, its findings and the State Council calendar, and nothing here is HTML. The
charts are laid out here (cell positions, marker positions) so that the template only emits SVG
elements for them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ...calendar import WorkingDayCalendar
from ...engine.findings import SEVERITY, Finding
from ...errors import CalendarCoverageError
from ...facts.model import Account
from ...model.labels import CONTENT_TAG_ZH, EVENT_ZH, PLATFORM_ZH, RECIPIENT_ZH, STRENGTH_ZH
from ..tables import STATUS_ZH

__all__ = ["AccountSection", "FindingView", "Heatmap", "Strip", "account_section"]

CELL, GAP, TOP, LEFT = 12, 2, 18, 26
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_SPAN = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")
SILENCE_DAYS = 7  # silent spans at least this many calendar days long are shaded and listed

# Figures shown under a finding, in Chinese; others stay in the JSON report.
FIGURE_ZH: Mapping[str, str] = {
    "minimum": "最低要求", "count": "计数", "from": "起", "to": "止", "posts": "发布数",
    "opened_on": "开设日", "event_on": "事件日", "event": "事件", "recipient": "报送对象", "within": "时限",
    "limit": "时限", "elapsed": "已过", "due": "到期日", "filed_on": "备案日", "announced_on": "公告日",
    "last_post": "最近一次发布", "next_post": "下一次发布", "silent_days_at_least": "已知无更新天数（至少）",
    "posts_from": "发布记录完整起始日", "missing": "缺少的事实", "missing_facts": "缺少的事实",
    "held": "成立的条件", "categories_found": "发现的禁止类别", "offending_posts": "违规发布数",
    "maximum": "上限", "other_accounts": "同平台其他账号", "notices": "被通报次数", "interviews": "约谈次数",
    "threshold": "约谈门槛", "length": "持续", "closed_on": "关停或注销日", "working_days": "工作日数",
    "earliest_closure": "最早可关停日", "periods": "达标期间数", "periods_judged": "判定期间数",
    "violations": "违规期间数", "host_unit": "主办单位", "broader_tags": "较宽的类别标签",
}
_VALUE_ZH: Mapping[str, Mapping[str, str]] = {
    "event": EVENT_ZH, "recipient": RECIPIENT_ZH, "categories_found": CONTENT_TAG_ZH, "broader_tags": CONTENT_TAG_ZH,
}


@attrs.frozen
class Cell:
    x: int
    y: int
    day: str
    posts: int
    level: int  # 0 none, 1, 2 (2-3), 3 (4+)
    rest: bool  # weekend or statutory holiday
    makeup: bool  # a weekend day worked in lieu (调休上班)
    silent: bool  # inside a shaded silent span
    title: str


@attrs.frozen
class Outline:
    x: int
    width: int
    label: str


@attrs.frozen
class Silence:
    first: str
    last: str
    days: int
    working_days: int | None


@attrs.frozen
class Heatmap:
    width: int
    height: int
    cells: tuple[Cell, ...]
    months: tuple[tuple[int, str], ...]  # (x, label) at each month's first week
    outlines: tuple[Outline, ...]  # weeks that fail a weekly minimum
    silences: tuple[Silence, ...]
    first: str
    last: str


@attrs.frozen
class Marker:
    x: int
    kind: str  # opened, closure_announced, account_shut_down, account_cancelled, due, filed
    day: str
    label: str
    row: int  # 0 lifecycle, 1 filing due, 2 filing made


@attrs.frozen
class Strip:
    width: int
    markers: tuple[Marker, ...]
    first: str
    last: str


@attrs.frozen
class FindingView:
    rule: str
    title: str
    status: str
    status_zh: str
    period: str
    due: str
    message: str
    figures: tuple[tuple[str, str], ...]
    quote: str
    document: str
    clause: str
    strength: str
    link: str
    provisional: bool


@attrs.frozen
class AccountSection:
    id: str
    name: str
    platform: str
    host_unit: str
    counts: tuple[tuple[str, str, int], ...]  # (status, label, n), severest first
    heatmap: Heatmap | None
    strip: Strip
    findings: tuple[FindingView, ...]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _kind_of_day(calendar: WorkingDayCalendar, day: dt.date) -> tuple[bool, bool]:
    """(rest, makeup) for ``day``; outside the holiday data, weekends only, no makeup day shown."""
    try:
        working = calendar.is_working_day(day)
    except CalendarCoverageError:
        return day.weekday() >= 5, False
    return not working, working and day.weekday() >= 5


def _working_days(calendar: WorkingDayCalendar, first: dt.date, last: dt.date) -> int | None:
    try:
        return calendar.count_working_days(first - dt.timedelta(days=1), last)
    except CalendarCoverageError:
        return None


def heatmap(account: Account, findings: Sequence[Finding], calendar: WorkingDayCalendar, first: dt.date,
            last: dt.date) -> Heatmap:
    """One cell per day from ``first`` to ``last``, a column per week (Monday on top)."""
    posts = Counter(p.published_on for p in account.posts if first <= p.published_on <= last)
    start = _monday(first)
    silences: list[Silence] = []
    silent_days: set[dt.date] = set()
    opened = account.opened_on
    anchor = max(first, opened) if opened is not None else first
    days_with_posts = sorted(posts)
    previous = anchor - dt.timedelta(days=1) if anchor not in posts else anchor
    for day in [*days_with_posts, last + dt.timedelta(days=1)]:
        gap_first, gap_last = previous + dt.timedelta(days=1), day - dt.timedelta(days=1)
        if (gap_last - gap_first).days + 1 >= SILENCE_DAYS and gap_first >= anchor:
            silences.append(Silence(gap_first.isoformat(), gap_last.isoformat(), (gap_last - gap_first).days + 1,
                                    _working_days(calendar, gap_first, gap_last)))
            silent_days.update(gap_first + dt.timedelta(days=n) for n in range((gap_last - gap_first).days + 1))
        previous = max(previous, day)
    cells = []
    months: list[tuple[int, str]] = []
    day = first
    while day <= last:
        week = (day - start).days // 7
        x = LEFT + week * (CELL + GAP)
        y = TOP + day.weekday() * (CELL + GAP)
        n = posts.get(day, 0)
        rest, makeup = _kind_of_day(calendar, day)
        level = 0 if n == 0 else 1 if n == 1 else 2 if n <= 3 else 3
        note = "休息日" if rest else ("调休上班" if makeup else "工作日")
        cells.append(Cell(x, y, day.isoformat(), n, level, rest, makeup, day in silent_days,
                          f"{day.isoformat()} {note}：发布{n}条"))
        if day.day == 1 or day == first:
            months.append((x, f"{day.month}月" if day != first or day.day == 1 else f"{day.month}月{day.day}日"))
        day += dt.timedelta(days=1)
    weeks = (last - start).days // 7 + 1
    outlines = []
    for finding in findings:
        match = _WEEK.match(finding.period or "")
        if str(finding.status) != "violation" or match is None:
            continue
        monday = dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        if start <= monday <= last:
            outlines.append(Outline(LEFT + (monday - start).days // 7 * (CELL + GAP) - 1, CELL + 2, finding.period or ""))
    return Heatmap(LEFT + weeks * (CELL + GAP) + 4, TOP + 7 * (CELL + GAP) + 4, tuple(cells), tuple(months),
                   tuple(dict.fromkeys(outlines)), tuple(silences), first.isoformat(), last.isoformat())


_LIFECYCLE_ZH = {"account_opened": "开设", "closure_announced": "停更公告", "account_shut_down": "关停",
                 "account_cancelled": "注销", "change_announced": "变更公告"}


def strip(account: Account, findings: Sequence[Finding], first: dt.date, last: dt.date, width: int) -> Strip:
    """The account's life over the period: its lifecycle events, the filing due dates its findings
    name, and the filings made."""
    span = max((last - first).days, 1)
    usable = max(width - 2 * LEFT, 200)

    def x_of(day: dt.date) -> int:
        return LEFT + round(usable * (min(max(day, first), last) - first).days / span)

    markers: list[Marker] = []
    days = [(account.opened_on, "account_opened")] if account.opened_on else []
    days += [(e.on, str(e.type)) for e in account.events if str(e.type) in _LIFECYCLE_ZH]
    for day, kind in sorted(set(days)):
        if first <= day <= last:
            markers.append(Marker(x_of(day), kind, day.isoformat(), _LIFECYCLE_ZH[kind], 0))
    for finding in findings:
        if finding.due is not None and str(finding.figures.get("recipient", "")) in RECIPIENT_ZH and first <= finding.due <= last:
            label = f"{RECIPIENT_ZH[str(finding.figures['recipient'])]}备案期限"
            markers.append(Marker(x_of(finding.due), "due", finding.due.isoformat(), label, 1))
    for filing in account.filings:
        if first <= filing.filed_on <= last:
            label = f"{EVENT_ZH.get(str(filing.event), str(filing.event))}：{RECIPIENT_ZH.get(str(filing.recipient), '')}备案"
            markers.append(Marker(x_of(filing.filed_on), "filed", filing.filed_on.isoformat(), label, 2))
    return Strip(max(width, usable + 2 * LEFT), tuple(dict.fromkeys(markers)), first.isoformat(), last.isoformat())


def _figure_value(key: str, value: Any) -> str | None:
    labels = _VALUE_ZH.get(key, {})
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, str)):
        return labels.get(str(value), str(value))
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, str)) for v in value):
        return "、".join(labels.get(str(v), str(v)) for v in value) or None
    return None


def figures_zh(figures: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    out = []
    for key, label in FIGURE_ZH.items():
        if key in figures and figures[key] is not None:
            value = _figure_value(key, figures[key])
            if value:
                out.append((label, value))
    return tuple(out)


def finding_view(finding: Finding, title: str, document: str, link: str) -> FindingView:
    return FindingView(
        rule=finding.rule, title=title, status=str(finding.status),
        status_zh=STATUS_ZH.get(str(finding.status), str(finding.status)),
        period=finding.period or "", due=finding.due.isoformat() if finding.due else "",
        message=finding.message_zh, figures=figures_zh(finding.figures), quote=finding.source.quote,
        document=document, clause=finding.source.clause,
        strength=STRENGTH_ZH.get(str(finding.strength), str(finding.strength)), link=link,
        provisional=finding.provisional,
    )


def account_section(
    account: Account,
    findings: Sequence[Finding],
    views: Iterable[FindingView],
    calendar: WorkingDayCalendar,
    as_of: dt.date,
    since: dt.date,
) -> AccountSection:
    counts = Counter(str(f.status) for f in findings)
    first = since
    if account.opened_on is not None and account.opened_on > first:
        first = account.opened_on
    chart = heatmap(account, findings, calendar, first, as_of) if first <= as_of else None
    width = chart.width if chart is not None else 600
    order = {s: n for n, s in enumerate(SEVERITY)}
    return AccountSection(
        id=account.id, name=account.name, platform=PLATFORM_ZH.get(str(account.platform), str(account.platform)),
        host_unit=account.host_unit,
        counts=tuple((s, STATUS_ZH[s], counts[s]) for s in SEVERITY if counts[s]),
        heatmap=chart,
        strip=strip(account, findings, first, as_of, width),
        findings=tuple(sorted(views, key=lambda v: (order.get(v.status, 9), v.rule, v.period))),
    )
