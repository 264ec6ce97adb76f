"""What a rule's cell says in a terminal table, in the site's Chinese words.

``gnmr rules`` and ``gnmr diff`` show parameters and scopes as the site does (``wording``):
"时限：2个工作日", "每周（自然周，周一至周日）至少更新3次", "微信服务号" — never a Python repr
or an enum name. A diff shows only the decisive parameters, the ones that differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from ..composition import EffectiveRule
from ..model.labels import STRENGTH_HELP, STRENGTH_ZH
from ..model.params import FrequencyParams
from ..model.rules import Rule
from ..wording import FIELD_ZH, applies_to_zh, frequency_value_zh, params_zh, value_zh

__all__ = ["CHECK_MARK", "decisive_lines", "rule_lines", "scope_text", "strength_legend", "strength_mark"]

CHECK_MARK = "✓"
_FREQUENCY_FIELDS = frozenset({"minimum", "per"})


def scope_text(rule: Rule) -> str | None:
    """What the rule applies to, or None for every account."""
    return applies_to_zh(rule.applies_to)


def rule_lines(rule: Rule) -> list[str]:
    """All of a rule's parameters in words, one line each (empty for a qualitative duty)."""
    return params_zh(rule.kind, rule.params)


def decisive_lines(rule: Rule, fields: Iterable[str]) -> list[str]:
    """The values of ``fields`` in this rule, one line each: "时限：2个工作日".

    A minimum and its period read as one phrase (每周…至少更新3次); a field the rule does not
    state reads "（未规定）", since that is itself a difference.
    """
    params = rule.params
    wanted = list(dict.fromkeys(fields))
    lines: list[str] = []
    if isinstance(params, FrequencyParams) and _FREQUENCY_FIELDS & set(wanted):
        lines.append(frequency_value_zh(rule.kind, params))
        wanted = [f for f in wanted if f not in _FREQUENCY_FIELDS]
    names = {a.name for a in attrs.fields(type(params))} if attrs.has(type(params)) else set()
    for field in wanted:
        value = getattr(params, field) if field in names else None
        lines.append(f"{FIELD_ZH.get(field, field)}：{value_zh(field, value)}")
    return lines


def strength_mark(rule: Rule) -> str:
    """Blank for a mandatory rule (most are), the Chinese word otherwise."""
    strength = str(rule.strength)
    return "" if strength == "mandatory" else STRENGTH_ZH[strength]


def strength_legend(rules: Sequence[EffectiveRule]) -> list[str]:
    """The legend of the strength and check columns, for the marks the table shows."""
    shown = {str(r.rule.strength) for r in rules}
    lines = ["强度 strength: 空白 = 强制 mandatory（必须遵守）"]
    lines += [f"{STRENGTH_ZH[s]} = {s}：{STRENGTH_HELP[s]}" for s in ("in_principle", "encouraged") if s in shown]
    if any(r.rule.checkable for r in rules):
        lines.append(f"可查 {CHECK_MARK} = 可据事实判定 checkable（gnmr check 评估它）；空白 = 只作说明，不评估")
    return lines
