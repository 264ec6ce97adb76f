"""The tables of ``gnmr rules``, ``diff``, ``check``, ``deadlines`` and ``compare``, in plain Chinese.

Each function turns the library's objects into rows of words (``cells``, ``wording``) and a
:class:`~rich.table.Table` from :class:`~.terminal.Terminal`, so that the width, the wrapping and
the plain-text fallback are decided in one place. What a table marks it also explains: each
builder returns its legend lines with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rich.table import Table

from ..composition import EffectiveRule
from ..diff import LineageDiff, RulebookDiff
from ..model.labels import EVENT_ZH, KIND_ZH, RECIPIENT_ZH
from ..model.vocab import TOPIC_ZH, Topic
from ..serialize import applicability_to_json
from .cells import CHECK_MARK, decisive_lines, rule_lines, scope_text, strength_legend, strength_mark
from .terminal import Terminal

__all__ = [
    "STATUS_ZH",
    "check_details",
    "check_summary",
    "compare_table",
    "deadlines_table",
    "diff_tables",
    "due_cell",
    "due_legend",
    "rules_table",
]

STATUS_ZH = {
    "violation": "违规",
    "pending": "未到期",
    "insufficient_data": "数据不足",
    "compliant": "合规",
    "not_applicable": "不适用",
}
PROVISIONAL_MARK, GAP_MARK = "*", "?"


def topic_zh(topic: object) -> str:
    try:
        return TOPIC_ZH[Topic(str(topic))]
    except ValueError:
        return str(topic)


def rule_topic_zh(book: Any, rule_id: str, missing: str = "—") -> str:
    """The topic of the rule a finding names, also one a refinement took over (``Rulebook.rule``)."""
    rule = book.rule(rule_id)
    return topic_zh(rule.topic) if rule is not None else missing


_TOPIC_ORDER = {str(t): n for n, t in enumerate(Topic)}


def topic_order(d: LineageDiff) -> tuple[int, str]:
    """The site's order of topics (scope, responsibility, opening, filing, …), then the lineage."""
    return (_TOPIC_ORDER.get(d.topic, len(_TOPIC_ORDER)), d.lineage)


def kind_zh(kind: object) -> str:
    return KIND_ZH.get(str(kind), str(kind))


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


# -- gnmr rules ---------------------------------------------------------------------------------


def rules_table(term: Terminal, rules: Sequence[EffectiveRule], set_by: Callable[[str], str]) -> tuple[Table, list[str]]:
    """One row per rule: kind, strength, checkable, where it is set, then its id, title and what it
    requires in the wide column, where an id stays on one line."""
    rows = []
    for effective in rules:
        rule = effective.rule
        scope = scope_text(rule)
        rows.append([
            kind_zh(rule.kind),
            strength_mark(rule),
            CHECK_MARK if rule.checkable else "",
            _lines(set_by(rule.jurisdiction), rule.source.clause),
            _lines(rule.id, rule.title, *rule_lines(rule), f"适用：{scope}" if scope else None),
        ])
    table = term.table(["类别 kind", "强度", "可查", "出处 set by", "规则、标题、要点 rule, title, what it requires"], rows,
                       flex=[None, None, None, None, 1], max_widths=[12, None, None, 16, None])
    return table, strength_legend(rules)


# -- gnmr diff ----------------------------------------------------------------------------------


def _by_scope(variants: Sequence[EffectiveRule]) -> dict[str, EffectiveRule]:
    return {repr(applicability_to_json(v.rule.applies_to)): v for v in variants}


def _side_cell(variants: Sequence[EffectiveRule], fields: Sequence[str], show_scope: bool) -> str:
    """Every variant of one side of a lineage: its id, scope and decisive values."""
    blocks = []
    for variant in variants:
        rule = variant.rule
        scope = scope_text(rule) if show_scope else None
        values = decisive_lines(rule, fields) if fields else []
        blocks.append(_lines(rule.id, f"适用：{scope}" if scope else None, *values))
    return "\n\n".join(blocks) or "—"


def _differs_text(d: LineageDiff) -> str:
    from ..wording import FIELD_ZH

    words = [FIELD_ZH.get(f, f) for f in d.params_differ]
    if d.applicability_differs:
        words.append("适用范围")
    return "、".join(dict.fromkeys(words))


def diff_tables(term: Terminal, result: RulebookDiff, left: str, right: str) -> list[Any]:
    """What differs first: lineages in both with different values, then those on one side only.

    ``left`` and ``right`` name the sides in column heads and titles ("泽州县 zezhou").
    """
    out: list[Any] = []
    different = sorted(result.by_status("different"), key=topic_order)
    if different:
        rows = []
        for d in different:
            fields = list(d.params_differ)
            rows.append([
                topic_zh(d.topic),
                _lines(d.lineage, d.title, f"不同：{_differs_text(d)}"),
                _side_cell(d.left, fields, d.applicability_differs or len(d.left) > 1),
                _side_cell(d.right, fields, d.applicability_differs or len(d.right) > 1),
            ])
        out.append(term.table(["主题", "规则 rule (lineage)", left, right], rows, title=f"两地都有、规定不同 in both, different ({len(different)})",
                              flex=[None, 3, 4, 4], max_widths=[8, None, None, None]))
    for status, name in (("only_left", left), ("only_right", right)):
        group = sorted(result.by_status(status), key=topic_order)
        if not group:
            continue
        rows = []
        for d in group:
            variants = d.left or d.right
            said = [_lines(*rule_lines(v.rule), f"适用：{scope_text(v.rule)}" if scope_text(v.rule) else None) for v in variants]
            rows.append([topic_zh(d.topic), _lines(d.lineage, d.title), "\n".join(s for s in said if s) or "—"])
        out.append(term.table(["主题", "规则 rule", "要点 what it requires"], rows, title=f"仅 {name} 有 only in {name} ({len(group)})",
                              flex=[None, 4, 5], max_widths=[8, None, None]))
    return out


# -- gnmr check ---------------------------------------------------------------------------------


def due_cell(due: Any, provisional: bool, gap: int | None) -> str:
    """A due date in a table, marked when it is provisional (*) or left open by a missing year (?)."""
    if gap is not None and due is None:
        return f"{GAP_MARK}{gap}"
    text = due.isoformat() if hasattr(due, "isoformat") else (due or "")
    return f"{text}{PROVISIONAL_MARK}" if provisional and text else text


def due_legend(items: Iterable[Any]) -> list[str]:
    """The legend for the marks of :func:`due_cell`, only for marks the table shows."""
    def value(item: Any, key: str) -> Any:
        return item.get(key) if isinstance(item, dict) else getattr(item, key)

    items = list(items)
    lines = []
    if any(value(i, "provisional") for i in items):
        lines.append(f"{PROVISIONAL_MARK} provisional: counted over days past the holiday data by the statutory holidays "
                     "alone (临时口径，仅按法定节假日计算); a State Council notice may still move it")
    if any(value(i, "calendar_gap") is not None and value(i, "due") is None for i in items):
        lines.append(f"{GAP_MARK}YEAR open: the due date falls in YEAR, whose holiday schedule is not in the calendar data yet "
                     "(该年节假日安排尚未纳入); register it (gnmr calendar register) or use --provisional")
    return lines


def _short(label: str) -> str:
    return label.split("（")[0]


# Words of a period label that are vocabulary values (an event, a recipient): shown in Chinese.
_PERIOD_WORDS = {**{k: _short(v) for k, v in EVENT_ZH.items()}, **{k: _short(v) for k, v in RECIPIENT_ZH.items()}}


def period_zh(period: str | None) -> str:
    """A finding's period as the table shows it: "account_opened 2025-01-02 → supervising_unit"
    reads "账号开设 2025-01-02 → 主管单位"; dates and week labels stay as they are."""
    if not period:
        return ""
    words = [_PERIOD_WORDS.get(word, word) for word in period.split(" ")]
    # An ISO interval "A/B" reads "A 至 B", which wraps between the dates rather than inside one.
    return " ".join(w.replace("/", " 至 ") if w.count("/") == 1 and w[:1].isdigit() else w for w in words)


def check_summary(term: Terminal, counts: Mapping[str, Counter[str]], violations: Mapping[str, Counter[str]]) -> Table:
    """One row per account: violations by topic, then how many findings of each other status."""
    rows = []
    for account, by_status in counts.items():
        topics = violations.get(account, Counter())
        rows.append([
            account,
            str(by_status.get("violation", 0)),
            "、".join(f"{t} {n}" for t, n in sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))) or "—",
            str(by_status.get("pending", 0)),
            str(by_status.get("insufficient_data", 0)),
            str(by_status.get("compliant", 0)),
        ])
    return term.table(["账号 account", "违规", "违规的主题 violations by topic", "未到期", "数据不足", "合规"], rows,
                      title="按账号汇总 summary per account", flex=[2, None, 3, None, None, None])


def check_details(term: Terminal, findings: Sequence[Any], topic_of: Callable[[str], str]) -> Table:
    """One row per notable finding; the rule id, the period and the message share the wide
    column, so that an id (what a reader copies into ``gnmr show``) stays on one line."""
    first_seen = {account: n for n, account in enumerate(dict.fromkeys(f.account for f in findings))}
    rank = {status: n for n, status in enumerate(STATUS_ZH)}
    ordered = sorted(findings, key=lambda f: (first_seen[f.account], rank.get(str(f.status), len(rank))))
    rows = [
        [f.account, topic_of(f.rule), STATUS_ZH.get(str(f.status), str(f.status)),
         due_cell(f.due, f.provisional, f.calendar_gap), _lines(f.rule, period_zh(f.period), f.message_zh)]
        for f in ordered
    ]
    return term.table(["账号 account", "主题", "状态", "到期 due", "规则、期间、说明 rule, period, message"], rows,
                      title="明细 details (违规、未到期、数据不足)", flex=[1, None, None, None, 5],
                      max_widths=[20, 8, 8, None, None])


# -- gnmr deadlines -----------------------------------------------------------------------------


def deadlines_table(term: Terminal, data: Sequence[Mapping[str, Any]]) -> Table:
    rows = []
    for d in data:
        gap = (d["calendar_gap"] or {}).get("missing_year")
        due = due_cell(d["due"], d["provisional"], gap) or "—"
        if d["due_range"]:
            due += f"\n({d['due_range']['earliest']}…{d['due_range']['latest'] or '?'})"
        rows.append([_lines(d["rule"], d.get("title") or ""), kind_zh(d["kind"]), due, d["source"]["clause"], d.get("note") or ""])
    return term.table(["规则 rule", "类别 kind", "到期 due", "条款 clause", "说明 note"], rows, flex=[3, None, None, None, 3])


# -- gnmr compare -------------------------------------------------------------------------------


def compare_table(term: Terminal, result: Any, names: Sequence[str]) -> Table:
    def cell_text(cell: Any) -> str:
        if cell is None:
            return "—"
        if cell.status is None:
            return "·"
        return STATUS_ZH[cell.status]

    rows = [[row.topic_zh, _lines(row.lineage, row.title), *(cell_text(row.cells[j]) for j in result.jurisdictions)]
            for row in result.rows]
    return term.table(["主题", "规则 rule (lineage)", *names], rows, flex=[None, 1, *[None for _ in names]],
                      max_widths=[8, None, *[None for _ in names]])


def compare_legend() -> list[str]:
    return [
        "legend: " + ", ".join(f"{zh} = {en}" for en, zh in STATUS_ZH.items()) + "; · = rule in force, no finding; "
        "— = no such rule in force.",
        "Each cell is the worst status over the accounts; --format json has the breakdown per account.",
    ]


