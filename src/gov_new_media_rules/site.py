"""The documentation site for legal and compliance staff, generated from the policy objects.

Every page here is a pure function from the library's own objects — the loaded
:class:`~gov_new_media_rules.loading.PolicyLibrary`, the rulebooks that
:func:`~gov_new_media_rules.api.rulebook` composes on a date, and
:func:`~gov_new_media_rules.diff.diff_rulebooks` — to a Markdown string. Nothing is copied by
hand: the mkdocs hook ``docs/hooks/generate.py`` calls :func:`generate_pages` at build time and
adds the result to the site as virtual files, so a change to ``policies/`` shows on the next build.

Addresses other systems may link to, and which therefore stay stable:

* a rule: ``jurisdictions/<page>/#<rule-id>`` — ``<page>`` is the jurisdiction's first alias
  (``national``, ``zezhou``, ``gaoxian``, ``changchun-xinqu``, ``huzhou``), or its id when it has
  none, and the anchor is exactly the rule id, dots included;
* a clause: ``documents/<document-id>/#clause-<slug>``, with the slug rule of :func:`clause_slug`;
* a topic on a jurisdiction page: ``#topic-<topic>`` (``#topic-filing``).

The pages are in Chinese; the developer guide they sit next to is in English.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from .composition import EffectiveRule, Rulebook, compose, folded_params
from .dates import PartialDate
from .diff import diff_rulebooks
from .errors import GnmrError
from .loading import PolicyLibrary, squash
from .model.documents import Clause, SourceDocument
from .model.jurisdictions import Jurisdiction
from .model.params import (
    DurationUnit,
    FilingDeadlineParams,
    FrequencyParams,
    RuleKind,
)
from .model.rules import Citation, NotEncoded, Rule
from .model.vocab import TOPIC_ZH, EventType, Topic
from .strictness import Comparison, Verdict

__all__ = [
    "SitePages",
    "build_site",
    "clause_anchor",
    "clause_slug",
    "document_page",
    "generate_pages",
    "jurisdiction_page",
    "params_zh",
    "applies_to_zh",
    "render_cli_reference",
    "render_overview",
    "search_terms",
]

# ─────────────────────────────────────────────────────────────────────────────
# Vocabularies in plain Chinese
# ─────────────────────────────────────────────────────────────────────────────

from .model.labels import (  # noqa: E402 - re-exported: the site's vocabulary
    STRENGTH_ZH,
    STRENGTH_HELP,
    LEVEL_ZH,
    DOCUMENT_KIND_ZH,
    STATUS_ZH,
    HELD_ZH,
    KIND_ZH,
    EVENT_ZH,
    RECIPIENT_ZH,
    CONTENT_TAG_ZH,
    REPOST_SOURCE_ZH,
    VERDICT_ZH,
)

# The plain-Chinese wording of values is shared with the terminal output (cli.py): it lives in
# wording.py, and is imported here under the names the page code uses.
from .wording import (  # noqa: E402
    FIELD_ZH,
    chinese_sentences,
    zh_prose,
    applies_to_zh,
    duration_zh,
    params_zh,
    lookup_zh as _zh,
    value_zh as _value_zh,
    frequency_value_zh as _frequency_value,
)

# Clause ids that are not numbers of the document's own outline (see docs/developer/policy-format.md).
CLAUSE_LABEL_ZH = {
    "letterhead": "发文机关标志",
    "title": "标题",
    "number": "发文字号",
    "addressee": "主送机关",
    "preamble": "导语",
    "signatory": "落款",
    "date": "成文日期",
    "attachments": "附件目录",
    "publication-note": "公开属性",
    "measures-title": "办法标题",
    "header": "说明",
}


def date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def partial_date_zh(date: PartialDate, assumed: dt.date | None = None) -> str:
    """``2023年（推定自2023年1月1日）``: the date as known, and the day the library assumes."""
    text = date.zh()
    if assumed is not None and (date.precision != "day" or date.as_date() != assumed):
        text += f"（推定自{date_zh(assumed)}）"
    return text


def document_in_force_zh(document: SourceDocument) -> str:
    text = partial_date_zh(document.effective_from, document.effective_from_assumed)
    if document.effective_until is not None:
        text += f"，至{date_zh(document.effective_until)}"
    return text


def clause_label_zh(clause_id: str) -> str:
    label = CLAUSE_LABEL_ZH.get(clause_id)
    return f"{label}（{clause_id}）" if label else clause_id


# ─────────────────────────────────────────────────────────────────────────────
# Markdown helpers
# ─────────────────────────────────────────────────────────────────────────────

_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_[]{}#|~^$"}
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])(\s)")


def esc(text: str) -> str:
    """Text as inline Markdown that renders exactly as written (entities, never syntax)."""
    out = html.escape(text, quote=False)
    out = "".join(_MD_SPECIAL.get(c, c) for c in out)
    out = _LIST_START.sub(lambda m: f"{m.group(1)}{m.group(2)}&#{ord(m.group(3))};{m.group(4)}", out)
    if out[:1] in ("-", "+", "=") or out[:1] == ">":
        out = f"&#{ord(out[0])};" + out[1:]
    return out.replace("\n", " ")


def code(text: str) -> str:
    return f"<code>{html.escape(text)}</code>"


def link(text: str, target: str) -> str:
    return f"[{text}]({target})"


def rel(from_uri: str, to_uri: str) -> str:
    """A link from one page (``jurisdictions/zezhou.md``) to another, relative, as mkdocs wants."""
    target, _, anchor = to_uri.partition("#")
    path = posixpath.relpath(target, posixpath.dirname(from_uri) or ".") if target else ""
    return path + (f"#{anchor}" if anchor else "")


def badge(text: str, kind: str, title: str = "") -> str:
    attr = f' title="{html.escape(title)}"' if title else ""
    return f'<span class="gnmr-badge gnmr-badge--{kind}"{attr}>{html.escape(text)}</span>'


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


# ─────────────────────────────────────────────────────────────────────────────
# Anchors
# ─────────────────────────────────────────────────────────────────────────────

_SLUG_DROP = re.compile(r"[)\s]")


def clause_slug(clause_id: str) -> str:
    """The slug of a clause id in a page address.

    The rule: an opening parenthesis becomes ``_``, closing parentheses and whitespace are dropped,
    ASCII letters are lower-cased, and everything else — Chinese numerals, digits, dots, hyphens —
    is kept as it is. ``四.(一)`` → ``四._一``, ``第十五条.(十一)`` → ``第十五条._十一``,
    ``7.5.(3)`` → ``7.5._3``, ``一.(三).1`` → ``一._三.1``, ``附件1`` → ``附件1``,
    ``veto.no-update`` → ``veto.no-update``. Clause ids never contain ``_``, so ``7.5.(3)`` and
    ``7.5.3`` stay apart; the generator fails if two clauses of one document still collide.
    """
    slug = clause_id.replace("(", "_").replace("（", "_").replace("）", "")
    slug = _SLUG_DROP.sub("", slug)
    return "".join(c.lower() if c.isascii() else c for c in slug)


def clause_anchor(clause_id: str) -> str:
    return f"clause-{clause_slug(clause_id)}"


def topic_anchor(topic: str) -> str:
    return f"topic-{topic}"


# ─────────────────────────────────────────────────────────────────────────────
# Parameters and scope in plain words
# ─────────────────────────────────────────────────────────────────────────────


# ─────────────────────────────────────────────────────────────────────────────
# The site model: which page holds what
# ─────────────────────────────────────────────────────────────────────────────


@attrs.frozen
class SitePages:
    """The generated pages (``src_uri`` → Markdown), the nav entries and any problems found."""

    pages: dict[str, str]
    jurisdiction_nav: list[dict[str, str]]
    document_nav: list[dict[str, str]]
    problems: list[str]
    on: dt.date
    # Generated parts of hand-written pages, by marker name (``<!-- gnmr:overview -->`` on index.md).
    snippets: dict[str, str] = attrs.Factory(dict)


class _Site:
    def __init__(self, library: PolicyLibrary, on: dt.date) -> None:
        self.library = library
        self.on = on
        self.problems: list[str] = []
        held = {d.jurisdiction for d in library.documents.values()}
        # One page per jurisdiction that holds documents, in tree order (national first).
        self.jurisdictions: list[Jurisdiction] = [j for j in library.tree if j.id in held]
        self.rulebooks: dict[str, Rulebook] = {}
        self.errors: dict[str, str] = {}
        for node in self.jurisdictions:
            try:
                self.rulebooks[node.id] = compose(library, node.id, on)
            except GnmrError as exc:
                self.errors[node.id] = str(exc)
                self.problems.append(f"rulebook of {node.id} on {on} cannot be composed: {exc}")
        self.national = library.tree.path(self.jurisdictions[0].id)[0] if self.jurisdictions else None
        # Where each citation of a clause is used: (document, clause) -> rules / omissions.
        self.rules_by_clause: dict[tuple[str, str], list[Rule]] = {}
        for rule in library.rules.values():
            seen = set()
            for citation in rule.sources:
                key = (citation.document, citation.clause)
                if key not in seen:
                    self.rules_by_clause.setdefault(key, []).append(rule)
                    seen.add(key)
        self.omitted_by_clause: dict[tuple[str, str], list[NotEncoded]] = {}
        for entries in library.not_encoded.values():
            for entry in entries:
                self.omitted_by_clause.setdefault((entry.document, entry.clause), []).append(entry)
        for document in library.documents.values():
            slugs: dict[str, str] = {}
            for clause in document.clauses:
                slug = clause_slug(clause.id)
                if slug in slugs:
                    self.problems.append(
                        f"{document.id}: clauses {slugs[slug]!r} and {clause.id!r} have the same anchor {slug!r}"
                    )
                slugs[slug] = clause.id

    # Addresses -----------------------------------------------------------------

    def page_name(self, jurisdiction_id: str) -> str:
        node = self.library.tree.nodes[jurisdiction_id]
        return node.aliases[0] if node.aliases else node.id

    def jurisdiction_uri(self, jurisdiction_id: str) -> str:
        return f"jurisdictions/{self.page_name(jurisdiction_id)}.md"

    def rule_uri(self, rule: Rule, on_page: str | None = None) -> str:
        """Where a rule is shown: its own jurisdiction's page, or ``on_page`` if given."""
        page = on_page or self.jurisdiction_uri(rule.jurisdiction)
        return f"{page}#{rule.id}"

    @staticmethod
    def document_uri(document_id: str) -> str:
        return f"documents/{document_id}.md"

    def clause_uri(self, citation: Citation | NotEncoded) -> str:
        return f"{self.document_uri(citation.document)}#{clause_anchor(citation.clause)}"

    def document_label(self, document_id: str) -> str:
        document = self.library.documents.get(document_id)
        return document.label if document else document_id

    def jurisdiction_name(self, jurisdiction_id: str) -> str:
        node = self.library.tree.nodes.get(jurisdiction_id)
        return node.name if node else jurisdiction_id

    def column_name(self, node: Jurisdiction) -> str:
        """A jurisdiction as a column heading: the national level is 国家."""
        return "国家" if str(node.level) == "national" else node.name

    def is_secondary(self, document_id: str) -> bool:
        document = self.library.documents.get(document_id)
        return document is not None and str(document.held) == "secondary"


# ─────────────────────────────────────────────────────────────────────────────
# Rendering one rule
# ─────────────────────────────────────────────────────────────────────────────


def _strength_badge(rule: Rule) -> str:
    strength = str(rule.strength)
    return badge(STRENGTH_ZH[strength], f"strength-{strength}", STRENGTH_HELP[strength])


def _citation_lines(site: _Site, page: str, rule: Rule) -> list[str]:
    out: list[str] = []
    for citation in rule.sources:
        out.append(f"> {esc(citation.quote)}")
        out.append(">")
        where = f"{esc(site.document_label(citation.document))} {esc(clause_label_zh(citation.clause))}"
        note = "（二手引文）" if site.is_secondary(citation.document) else ""
        out.append(f"> —— {link(where, rel(page, site.clause_uri(citation)))}{note}")
        out.append("")
    return out


def _comparison_rows(kind: RuleKind, comparisons: Sequence[Comparison]) -> list[str]:
    rows = ["| 项目 | 上级规定 | 本规则 | 判断 | 说明 |", "|---|---|---|---|---|"]
    for c in comparisons:
        if isinstance(c.before, FrequencyParams) or isinstance(c.after, FrequencyParams):
            before, after = _frequency_value(kind, c.before), _frequency_value(kind, c.after)
        else:
            before, after = _value_zh(c.field, c.before), _value_zh(c.field, c.after)
        verdict = str(c.verdict)
        mark = badge(VERDICT_ZH.get(verdict, verdict), f"verdict-{verdict}")
        rows.append(
            f"| {esc(FIELD_ZH.get(c.field, c.field))} | {esc(before)} | {esc(after)} | {mark} | {esc(_detail_zh(c))} |"
        )
    return rows


_DETAIL_ZH = {
    "adds a time limit where there was none": "增设时限（上级未规定时限）",
    "removes the time limit": "取消时限",
    "sets a number where there was none": "设定数量（上级未规定）",
    "removes the number": "取消数量",
    "scope of the refinement": "细化的适用范围",
    "a period without a number": "周期未规定数量",
    "compared as posts per day": "按每日平均发布数比较",
    "removes the required number": "取消要求的数量",
    "sets a number where the text had none": "设定数量（上级原文未规定）",
}


def _note(zh: str | None, en: str | None, sep: str = "<br>") -> str:
    """A note for legal staff: the Chinese first, the English after it in italics (the English
    alone, in italics, where no Chinese is written yet)."""
    if zh:
        return esc(zh_prose(zh)) + (f"{sep}*{esc(en)}*" if en else "")
    return f"*{esc(en)}*" if en else ""


def _cell_note(zh: str | None, en: str | None) -> str:
    return f"<br>{_note(zh, en)}" if (zh or en) else ""


def _detail_zh(comparison: Comparison) -> str:
    """A comparison's note in Chinese: what a list adds or drops, in the site's words; the
    strictness module's other notes (why two durations cannot be ranked) with their names read."""
    detail = comparison.detail
    if detail in _DETAIL_ZH:
        return _DETAIL_ZH[detail]
    if "cannot be compared in general" in detail:
        return "一般无法比较：工作日与自然日之比取决于节假日安排"
    listed = isinstance(comparison.before, (tuple, list)) or isinstance(comparison.after, (tuple, list))
    for verb, zh in (("adds ", "增加"), ("drops ", "删去")):
        if listed and detail.startswith(verb):
            items = [item.strip() for item in detail[len(verb):].split(",")]
            # Conditions are named by id in the note: say them as the text does.
            named = {getattr(c, "id", None): c for c in (*(comparison.before or ()), *(comparison.after or ()))}
            return zh + "：" + "、".join(
                _value_zh(comparison.field, (named.get(item, item),)) for item in items)
    return zh_prose(detail)


def _effective_note(site: _Site, rule: Rule) -> str:
    document = site.library.documents.get(rule.document)
    parts = []
    if rule.effective_from or rule.effective_until:
        start = date_zh(rule.effective_from) if rule.effective_from else "文件生效之日"
        end = f"至{date_zh(rule.effective_until)}" if rule.effective_until else "起"
        parts.append(f"本规则自{start}{end}")
    if document is not None:
        parts.append(f"所据文件{esc(document.label)}生效：{esc(document_in_force_zh(document))}")
    return "；".join(parts)


def render_rule(
    site: _Site,
    page: str,
    effective: EffectiveRule | None,
    rule: Rule,
    *,
    home: str,
    heading: str = "###",
    note: str = "",
    toc_label: str = "",
) -> list[str]:
    """One rule as a section of a page; ``effective`` is None for a rule shown as written.

    ``toc_label``, if given, is the rule's entry in the page's table of contents (the heading itself
    stays the rule's title).
    """
    label = f' data-toc-label="{html.escape(toc_label, quote=True)}"' if toc_label else ""
    out: list[str] = [f"{heading} {esc(rule.title)} {{#{rule.id}{label}}}", ""]
    badges = [_strength_badge(rule)]
    if rule.jurisdiction == home:
        badges.append(badge("本级规则", "own"))
    else:
        node = site.library.tree.nodes.get(rule.jurisdiction)
        level = str(node.level) if node is not None else ""
        name = "国家" if level == "national" else site.jurisdiction_name(rule.jurisdiction)
        badges.append(badge(f"上级规则：{name}", f"level-{level}"))
    if site.is_secondary(rule.document):
        badges.append(badge("二手引文·国家检查指标", "secondary", "国办秘函〔2019〕19号仅通过其他文件的二手引文持有，全文未持有"))
    badges.append(badge("可据事实判定" if rule.checkable else "定性要求，不自动判定", "checkable" if rule.checkable else "qualitative"))
    if rule.deviation is not None:
        badges.append(badge("偏离上级规则", "deviation"))
    out += [" ".join(badges), ""]
    out += [f"规则编号 {code(rule.id)} · 类别：{esc(KIND_ZH.get(str(rule.kind), str(rule.kind)))}（{code(str(rule.kind))}）· "
            f"主题：{esc(TOPIC_ZH[Topic(str(rule.topic))])}", ""]
    if note:
        out += ['!!! info "说明"', "", indent(note), ""]
    if rule.deviation is not None:
        out += [
            '!!! danger "偏离：本规则放宽了上级规则"',
            "",
            indent(f"所记录的理由：{esc(zh_prose(rule.deviation.justification))}"),
            "",
        ]
    out += _citation_lines(site, page, rule)
    shown = effective.rule if effective is not None else rule
    lines = params_zh(shown.kind, shown.params)
    if lines:
        out.append("**要求（参数）**")
        out.append("")
        out += [f"- {esc(zh_prose(line))}" for line in lines]
        out.append("")
    scope = applies_to_zh(shown.applies_to)
    out += [f"**适用范围**：{esc(scope) if scope else '所有政务新媒体账号'}", ""]
    if effective is not None and effective.refines:
        out += _refinement_lines(site, page, effective)
    elif effective is None and (rule.refines or rule.replaces):
        target = rule.refines or rule.replaces
        verb = "细化" if rule.refines else "替代"
        try:
            target_rule = site.library.rule(target)  # type: ignore[arg-type]
            target_link = link(code(target_rule.id), rel(page, site.rule_uri(target_rule)))
        except GnmrError:
            target_link = code(str(target))
        out += [f"**{verb}**：{target_link}（按上级规则所述，参数仅列本规则写明者）", ""]
    if effective is not None and effective.refined_by:
        links = "、".join(link(code(rid), f"#{rid}") for rid in effective.refined_by)
        out += [f"**在本辖区被细化**：{links} 在其各自适用范围内取代本规则；其余范围仍适用本规则。", ""]
    several = len(rule.interpretations) > 1
    if rule.interpretations:
        # A note may name the rule's conditions by id: say them as the text does.
        own_names = {c.id: c.zh or c.id for c in getattr(shown.params, "conditions", ()) if "_" in c.id}
        out += ['!!! note "解释说明（本库对有歧义措辞的理解）"', ""]
        for number, interpretation in enumerate(rule.interpretations, 1):
            prefix = f"{number}. " if several else ""
            out.append(indent(f"{prefix}{esc(zh_prose(interpretation.zh, own_names))}"))
            out.append("")
    out += [f"**生效**：{_effective_note(site, rule)}", ""]
    # The English summary and readings, for developers, folded away below the Chinese.
    out += ['??? quote "English（英文摘要与解释说明）"', "", indent(f"*Summary*: *{esc(rule.summary)}*"), ""]
    for number, interpretation in enumerate(rule.interpretations, 1):
        prefix = f"{number}. " if several else ""
        out += [indent(f"{prefix}*{esc(interpretation.en)}*"), ""]
    return out


def _refinement_lines(site: _Site, page: str, effective: EffectiveRule) -> list[str]:
    rule = effective.rule
    written = effective.chain[-1]
    base_chain = effective.chain[:-1]
    base = base_chain[-1]
    verb = "细化" if written.refines else "替代"
    level = "国家规则" if site.national is not None and base.jurisdiction == site.national.id else f"{site.jurisdiction_name(base.jurisdiction)}规则"
    target = link(code(base.id), rel(page, site.rule_uri(base)))
    out = [f'!!! abstract "{verb}{level} {base.id}"', ""]
    body = [f"{verb}{esc(level)} {target}（{esc(base.title)}，{esc(site.document_label(base.document))}）。"]
    before = params_zh(base.kind, folded_params(base_chain))
    after = params_zh(rule.kind, rule.params)
    if before or after:
        body.append("")
        body.append(f"- 上级规定：{esc('；'.join(before)) if before else '（无参数）'}")
        body.append(f"- 本规则：{esc('；'.join(after)) if after else '（无参数）'}")
    if str(base.strength) != str(written.strength):
        body.append(f"- 强度：上级为“{STRENGTH_ZH[str(base.strength)]}”，本规则为“{STRENGTH_ZH[str(written.strength)]}”")
    base_scope = applies_to_zh(base.applies_to) or "所有账号"
    scope = applies_to_zh(rule.applies_to) or "所有账号"
    if base_scope != scope:
        body.append(f"- 适用范围：上级为“{esc(base_scope)}”，本规则为“{esc(scope)}”；其余范围仍适用上级规则")
    body.append("")
    if effective.comparisons:
        body += _comparison_rows(rule.kind, effective.comparisons)
        body.append("")
        looser = [c for c in effective.comparisons if c.verdict is Verdict.LOOSER]
        incomparable = [c for c in effective.comparisons if c.verdict is Verdict.INCOMPARABLE]
        if looser:
            body.append(f"**放宽之处**：{esc('、'.join(FIELD_ZH.get(c.field, c.field) for c in looser))}——见上方“偏离”说明。")
            body.append("")
        if incomparable:
            body.append("**无法比较宽严**：工作日与自然日之比取决于节假日安排，本库如实标注，不作推断。")
            body.append("")
    else:
        body.append("参数与上级规则相同（本规则细化的是适用范围、强度或引文）。")
        body.append("")
    if len(effective.chain) > 1:
        steps = " → ".join(
            f"{code(r.id)}（{esc(site.document_label(r.document))}）" for r in effective.chain
        )
        body.append(f"来源链：{steps}")
        body.append("")
        set_by = {name: effective.set_by(name) for name in attrs.fields_dict(type(rule.params))}
        stated = [f"{esc(FIELD_ZH.get(n, n))}：{esc(site.document_label(r.document))}" for n, r in set_by.items()
                  if getattr(rule.params, n) not in (None, (), False)]
        if stated:
            body.append("各参数的出处：" + "；".join(stated))
            body.append("")
    out += [indent(line) if line else "" for line in body]
    return out


# ─────────────────────────────────────────────────────────────────────────────
# Pages
# ─────────────────────────────────────────────────────────────────────────────


def _as_of_banner(site: _Site, what: str) -> list[str]:
    return [
        f'!!! info "规则集日期：{date_zh(site.on)}（北京时间）"',
        "",
        indent(
            f"本页{what}由 {code(f'gov_new_media_rules.rulebook(…, on={site.on.isoformat()!r})')} 在构建本网站时生成，"
            f"反映{date_zh(site.on)}当日有效的文件与规则（网站默认按构建当日生成），不是手工抄录。其他日期请用 "
            f"{code('gnmr rules -j <辖区> --on <日期>')} 查询。"
        ),
        "",
    ]


def _documents_table(site: _Site, page: str, documents: Iterable[SourceDocument]) -> list[str]:
    rows = ["| 文件 | 文号 | 发文机关 | 状态 | 持有情况 | 施行日期（精度） | 编码版本 |", "|---|---|---|---|---|---|---|"]
    for d in documents:
        title = link(esc(d.title), rel(page, site.document_uri(d.id)))
        held = HELD_ZH[str(d.held)]
        if str(d.held) == "secondary":
            held = badge(held, "secondary")
        rows.append(
            f"| {title} | {esc(d.number) if d.number else '（无）'} | {esc(d.issuer)} | {STATUS_ZH[str(d.status)]} | "
            f"{held} | {esc(document_in_force_zh(d))} | {esc(d.encoding_version)} |"
        )
    return rows


def _topic_order(rules: Iterable[EffectiveRule]) -> list[tuple[Topic, list[EffectiveRule]]]:
    groups: dict[Topic, list[EffectiveRule]] = {}
    for r in rules:
        groups.setdefault(Topic(str(r.rule.topic)), []).append(r)
    return [(topic, groups[topic]) for topic in Topic if topic in groups]


def jurisdiction_page(site: _Site, node: Jurisdiction) -> str:
    page = site.jurisdiction_uri(node.id)
    book = site.rulebooks.get(node.id)
    path = site.library.tree.path(node.id)
    out = [
        "---",
        f"title: {site.column_name(node)}",
        "---",
        "",
        f"# {esc(site.column_name(node))}规则集" + (f"（{esc(node.name)}）" if site.column_name(node) != node.name else ""),
        "",
        f"辖区编号 {code(node.id)}" + (f"，别名 {'、'.join(code(a) for a in node.aliases)}" if node.aliases else "")
        + f" · 层级：{LEVEL_ZH[str(node.level)]}"
        + (f" · 路径：{' → '.join(esc(n.name) for n in path)}" if len(path) > 1 else ""),
        "",
    ]
    out += _as_of_banner(site, "规则集")
    if book is None:
        out += [
            '!!! failure "规则集无法组成"',
            "",
            indent(f"在{date_zh(site.on)}组成本辖区规则集时出错：{esc(site.errors.get(node.id, ''))}"),
            "",
            indent("以下按原样列出本辖区文件中的全部规则（未与上级规则组合）。"),
            "",
        ]
        own = [r for r in site.library.rules.values() if r.jurisdiction == node.id]
        for rule in own:
            out += render_rule(site, page, None, rule, home=node.id, heading="##")
        return "\n".join(out) + "\n"

    out += ["## 适用的文件 {#documents}", ""]
    out += _documents_table(site, page, book.documents)
    out.append("")
    for level in path:
        if level.id != node.id and not site.library.documents_of(level.id) and level.known_documents:
            names = "；".join(esc(k.number or k.title or "") for k in level.known_documents)
            out += [f"{esc(level.name)}：已知有相关文件（{names}），但本库未持有其文本，未予编码。", ""]
        elif level.id != node.id and not site.library.documents_of(level.id):
            out += [f"{esc(level.name)}：本库未持有其文件。", ""]
    # Summary, from the same diff testers use.
    own = [r for r in book if r.rule.jurisdiction == node.id]
    inherited = [r for r in book if r.rule.jurisdiction != node.id]
    strengths = {s: sum(1 for r in book if str(r.rule.strength) == s) for s in STRENGTH_ZH}
    out += ["## 概要 {#summary}", ""]
    out.append(
        f"共 {len(book)} 条规则"
        + (f"：本级 {len(own)} 条，上级 {len(inherited)} 条；" if inherited else "；")
        + f"强制 {strengths['mandatory']} 条，原则上 {strengths['in_principle']} 条，鼓励 {strengths['encouraged']} 条；"
        f"可据事实判定 {sum(1 for r in book if r.rule.checkable)} 条。"
    )
    out.append("")
    national = site.rulebooks.get(site.national.id) if site.national is not None else None
    if national is not None and node.id != site.national.id:  # type: ignore[union-attr]
        changes = diff_rulebooks(national, book)
        different = changes.by_status("different")
        added = changes.by_status("only_right")
        out.append(f"与国家基线相比（与 {code(f'gnmr diff national {site.page_name(node.id)}')} 同一比较）：")
        out.append("")
        if different:
            items = []
            for d in different:
                variants = "、".join(link(code(v.id), f"#{v.id}") for v in d.right if v.rule.jurisdiction != site.national.id)  # type: ignore[union-attr]
                items.append(f"{esc(d.title)}（{code(d.lineage)} → {variants or '范围调整'}）")
            out.append(f"- 细化或替代国家规则 {len(different)} 项：" + "；".join(items))
        out.append(f"- 本级新增规则 {len(added)} 项")
        out.append("")
        deviations = [r for r in book if r.rule.deviation is not None]
        if deviations:
            out += ['!!! danger "偏离上级规则"', ""]
            out += [indent(f"- {link(code(r.id), f'#{r.id}')}：{esc(zh_prose(r.rule.deviation.justification))}") for r in deviations]  # type: ignore[union-attr]
            out.append("")
    # Topic index.
    groups = _topic_order(sorted(book, key=lambda r: r.rule.jurisdiction != node.id))
    out.append("按主题：" + " · ".join(f"[{TOPIC_ZH[t]}（{len(rs)}）](#{topic_anchor(str(t))})" for t, rs in groups))
    out.append("")
    # Rules of this jurisdiction's documents that the rulebook of the day does not hold.
    shown = {r.id for r in book}
    absent = [r for r in site.library.rules.values() if r.jurisdiction == node.id and r.id not in shown]
    labels = _toc_labels(site, [r.rule for r in book] + absent)
    for topic, rules in groups:
        out += [f"## {TOPIC_ZH[topic]} {{#{topic_anchor(str(topic))}}}", ""]
        for effective in rules:
            out += render_rule(site, page, effective, effective.rule, home=node.id, toc_label=labels.get(effective.id, ""))
    if absent:
        out += ["## 当日不在规则集中的本级规则 {#not-in-force}", ""]
        out.append(f"下列规则属于本辖区的文件，但不在{date_zh(site.on)}的规则集中；按原样列出，以便链接稳定。")
        out.append("")
        for rule in absent:
            out += render_rule(
                site, page, None, rule, home=node.id, note=_absence_reason(site, book, rule), toc_label=labels.get(rule.id, "")
            )
    if node.known_documents:
        out += ["## 已知但未持有的本级文件 {#not-held}", ""]
        for known in node.known_documents:
            label = " ".join(esc(x) for x in (known.number, known.title) if x)
            extra = f"（{esc(known.note)}）" if known.note else ""
            out.append(f"- {label}{extra}")
        out.append("")
    return "\n".join(out) + "\n"


def _toc_labels(site: _Site, rules: Sequence[Rule]) -> dict[str, str]:
    """Table-of-contents entries for rules whose titles repeat on one page: ``国家：政务新媒体的定义``.

    A local rule and the national rule it refines may share a title (政务新媒体的定义); in the
    table of contents the two would read the same. Such titles get the name of the jurisdiction
    whose document set the rule; the headings, their anchors and every other title stay as they are.
    """
    counts: dict[str, int] = {}
    for rule in rules:
        counts[rule.title] = counts.get(rule.title, 0) + 1
    labels: dict[str, str] = {}
    for rule in rules:
        if counts[rule.title] > 1:
            node = site.library.tree.nodes.get(rule.jurisdiction)
            name = site.column_name(node) if node is not None else rule.jurisdiction
            labels[rule.id] = f"{name}：{rule.title}"
    # Two rules of one jurisdiction with one title: the rule id tells them apart.
    seen: dict[str, int] = {}
    for rule in rules:
        seen[labels.get(rule.id, rule.title)] = seen.get(labels.get(rule.id, rule.title), 0) + 1
    for rule in rules:
        if seen[labels.get(rule.id, rule.title)] > 1:
            labels[rule.id] = f"{labels.get(rule.id, rule.title)}（{rule.id}）"
    return labels


def _absence_reason(site: _Site, book: Rulebook, rule: Rule) -> str:
    document = site.library.documents.get(rule.document)
    if document is not None and document not in book.documents:
        if not document.in_force_on(book.on):
            return f"所据文件{esc(document.label)}在{date_zh(book.on)}不在施行期内（{esc(document_in_force_zh(document))}）。"
        return f"所据文件{esc(document.label)}在{date_zh(book.on)}已被其他文件取代。"
    if (rule.effective_from and book.on < rule.effective_from) or (rule.effective_until and book.on > rule.effective_until):
        return f"本规则在{date_zh(book.on)}不在其自身的生效期内。"
    successors = [r.id for r in book if rule in r.chain[:-1]]
    if successors:
        links = "、".join(link(code(s), f"#{s}") for s in successors)
        return f"本规则已在其全部适用范围内被 {links} 细化或替代。"
    return "本规则不在当日规则集中。"


def jurisdictions_index(site: _Site) -> str:
    page = "jurisdictions/index.md"
    out = ["# 各辖区规则", ""]
    out += _as_of_banner(site, "各辖区规则集")
    out += [
        "辖区树：国家 → 省 → 市 → 县（或新区）。某一辖区在某日的规则集，是该日其路径上各级现行文件的组合：",
        "下级文件只能明确地（按规则编号）新增、细化或替代上级规则，不得放宽；放宽须记录理由，并在规则页上醒目标出。",
        "",
        "| 辖区 | 编号（别名） | 层级 | 本级持有的文件 | 规则数 |",
        "|---|---|---|---|---|",
    ]
    for node in site.library.tree:
        depth = node.id.count(".")
        name = ("　" * depth) + esc(node.name)
        documents = site.library.documents_of(node.id)
        if any(j.id == node.id for j in site.jurisdictions):
            name = ("　" * depth) + link(esc(node.name), rel(page, site.jurisdiction_uri(node.id)))
        held = "、".join(link(esc(d.label), rel(page, site.document_uri(d.id))) for d in documents) or "（无；适用上级规则）"
        if node.known_documents and not documents:
            held += f"；另有 {len(node.known_documents)} 件已知未持有"
        book = site.rulebooks.get(node.id)
        count = str(len(book)) if book is not None else ("出错" if node.id in site.errors else "—")
        ids = code(node.id) + (f"（{'、'.join(code(a) for a in node.aliases)}）" if node.aliases else "")
        out.append(f"| {name} | {ids} | {LEVEL_ZH[str(node.level)]} | {held} | {count} |")
    out.append("")
    out += [
        "## 如何阅读规则页 {#how-to-read}",
        "",
        "每条规则有一个稳定的锚点，即规则编号本身（如 "
        + code("jurisdictions/zezhou/#zezhou.update.weekly-minimum")
        + "），其他系统可以直接链接。规则按主题分组，每条规则列出：强度（强制 / 原则上 / 鼓励）、原文引文及其出处条款（链接到原文页）、"
        "以通俗语言表述的参数、适用范围、对上级规则的细化及宽严判断、解释说明和生效日期。",
        "",
    ]
    return "\n".join(out) + "\n"


_HIGHLIGHT_CACHE: dict[str, re.Pattern[str]] = {}


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    chars = [c for c in squash(quote)]
    if not chars:
        return None
    key = "".join(chars)
    if key not in _HIGHLIGHT_CACHE:
        _HIGHLIGHT_CACHE[key] = re.compile(r"\s*".join(re.escape(c) for c in chars))
    return _HIGHLIGHT_CACHE[key]


def _clause_html(clause: Clause, quotes: Sequence[tuple[str, str]]) -> str:
    """The clause text as HTML, each quoted passage marked (``<mark>``); quotes as (text, class)."""
    text = clause.text.strip("\n")
    spans: list[tuple[int, int, str]] = []
    for quote, css in quotes:
        pattern = _quote_pattern(quote)
        match = pattern.search(text) if pattern else None
        if match:
            spans.append((match.start(), match.end(), css))
    spans.sort()
    merged: list[list[Any]] = []
    for start, end, css in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if css == "gnmr-encoded":
                merged[-1][2] = css
        else:
            merged.append([start, end, css])
    parts: list[str] = []
    position = 0
    for start, end, css in merged:
        parts.append(html.escape(text[position:start]))
        parts.append(f'<mark class="{css}">{html.escape(text[start:end])}</mark>')
        position = end
    parts.append(html.escape(text[position:]))
    body = "".join(parts).replace("\n", "<br>")
    return f'<div class="gnmr-clause-text">{body}</div>'


def document_page(site: _Site, document: SourceDocument) -> str:
    page = site.document_uri(document.id)
    secondary = str(document.held) == "secondary"
    jurisdiction = site.library.tree.nodes[document.jurisdiction]
    title = f"{document.number} {document.title}" if document.number else document.title
    out = ["---", f"title: {document.label}", "---", "", f"# {esc(title)}", ""]
    if secondary:
        out += [
            '!!! warning "二手引文：本文件的全文未持有"',
            "",
            indent(
                "这是国家层面的检查指标（国办秘函〔2019〕19号）。本库只持有其他官方文件中对它的引用，"
                "下面的“全文”是这些二手引文的汇编，不是原文。据此编码的规则在各辖区规则页上标为“二手引文·国家检查指标”。"
            ),
            "",
        ]
        if document.held_note:
            out += [indent(_note(document.held_note_zh, document.held_note, sep="\n\n" + "    ")), ""]
    out += ["## 文件信息 {#metadata}", "", "| 项目 | 内容 |", "|---|---|"]
    meta: list[tuple[str, str]] = [
        ("标题", esc(document.title) + _cell_note(document.title_note_zh, document.title_note)),
        ("文号", (esc(document.number) if document.number else "（无）") + _cell_note(document.number_note_zh, document.number_note)),
        ("发文机关", esc(document.issuer) + _cell_note(document.issuer_note_zh, document.issuer_note)),
        ("辖区", link(esc(jurisdiction.name), rel(page, site.jurisdiction_uri(jurisdiction.id))) + f"（{code(jurisdiction.id)}，{LEVEL_ZH[str(document.level)]}）"),
        ("文件类型", DOCUMENT_KIND_ZH.get(str(document.kind), str(document.kind))),
        ("状态", STATUS_ZH[str(document.status)]),
        ("持有情况", (badge(HELD_ZH[str(document.held)], "secondary") if secondary else HELD_ZH[str(document.held)])),
        ("成文日期", esc(document.signed.zh())),
        ("公开日期", esc(document.published.zh())),
        ("施行日期（精度）", esc(document_in_force_zh(document))
         + _cell_note(document.effective_from_note_zh, document.effective_from_note)),
        ("本库视为施行之日", date_zh(document.starts)),
        ("编码版本", code(document.encoding_version)),
        ("文件编号", code(document.id)),
    ]
    if document.dates_note:
        meta.append(("日期说明", _note(document.dates_note_zh, document.dates_note)))
    if document.supersedes:
        meta.append(("取代", "、".join(link(esc(site.document_label(s)), rel(page, site.document_uri(s))) if s in site.library.documents else code(s) for s in document.supersedes)))
    out += [f"| {k} | {v} |" for k, v in meta]
    out.append("")
    if document.cites:
        out += ["## 引用的文件 {#cites}", ""]
        for cited in document.cites:
            name = " ".join(esc(x) for x in (cited.number, cited.title) if x)
            if cited.held_as and cited.held_as in site.library.documents:
                name = link(name, rel(page, site.document_uri(cited.held_as)))
                if site.is_secondary(cited.held_as):
                    name += " " + badge("仅二手引文", "secondary")
            else:
                name += "（未持有）"
            out.append(f"- {name}" + (f"：*{esc(cited.note)}*" if cited.note else ""))
        out.append("")
    out += ["## 已知缺漏 {#gaps}", ""]
    if document.gaps:
        out.append("所收文本与原件相比缺少的部分（如实记录，从不补写）：")
        out.append("")
        for gap in document.gaps:
            where = esc(clause_label_zh(gap.clause))
            if not gap.missing and document.clause(gap.clause) is not None:
                where = link(where, f"#{clause_anchor(gap.clause)}")
            kind = "缺失" if gap.missing else "不完整"
            line = f"- **{where}**（{kind}）：{esc(gap.description)}"
            if gap.description_en:
                line += f" *{esc(gap.description_en)}*"
            out.append(line)
    else:
        out.append("未发现缺漏。")
    out.append("")
    omitted = site.library.not_encoded.get(document.id, ())
    own_rules = site.library.rules_of(document.id)
    out += ["## 编码情况 {#encoding}", ""]
    out.append(f"据本文件编码规则 {len(own_rules)} 条；明确不予编码的条文 {len(omitted)} 处（下表）。"
               f"全文中，<mark class=\"gnmr-encoded\">底色标出</mark>的是规则引用的原文，"
               f"<mark class=\"gnmr-omitted\">灰色标出</mark>的是明确不予编码的原文。")
    out.append("")
    if omitted:
        out += ["### 未编码的条文及理由 {#not-encoded}", "", "| 条款 | 原文 | 不予编码的理由 |", "|---|---|---|"]
        for entry in omitted:
            target = link(esc(clause_label_zh(entry.clause)), rel(page, site.clause_uri(entry)))
            out.append(f"| {target} | {esc(entry.quote)} | {_note(entry.reason_zh, entry.reason)} |")
        out.append("")
    if document.noise:
        out += ["### 所收文本中的非正文内容 {#noise}", ""]
        out.append("下列文字出现在所收文本中，但不属于本文件，已从条款中剔除：")
        out.append("")
        for noise in document.noise:
            snippet = noise.text if len(noise.text) <= 60 else noise.text[:60] + "……"
            out.append(f"- “{esc(snippet)}”——{_note(noise.reason_zh, noise.reason)}")
        out.append("")
    out += ["## 全文 {#text}", ""]
    if secondary:
        out += ["以下为二手引文的汇编（见上方说明），不是原文。", ""]
    for clause in document.clauses:
        key = (document.id, clause.id)
        rules = site.rules_by_clause.get(key, [])
        omissions = site.omitted_by_clause.get(key, [])
        quotes = [(c.quote, "gnmr-encoded") for r in rules for c in r.sources if (c.document, c.clause) == key]
        quotes += [(o.quote, "gnmr-omitted") for o in omissions]
        heading = clause_label_zh(clause.id) + (f" {clause.heading}" if clause.heading else "")
        out += [f"### {esc(heading)} {{#{clause_anchor(clause.id)}}}", ""]
        out += [_clause_html(clause, quotes), ""]
        if rules:
            items = []
            for rule in rules:
                where = rel(page, site.rule_uri(rule))
                items.append(f"{link(code(rule.id), where)} {esc(rule.title)}")
            out.append("据此编码的规则：" + "；".join(items))
            out.append("")
        for entry in omissions:
            out.append(f"未编码：“{esc(entry.quote)}”——{_note(entry.reason_zh, entry.reason)}")
            out.append("")
    return "\n".join(out) + "\n"


def documents_index(site: _Site) -> str:
    page = "documents/index.md"
    out = [
        "# 原文",
        "",
        "每份文件一页：文件信息（含日期的精度与本库推定的施行日）、已知缺漏、未编码的条文及理由，以及逐条标注锚点的全文。",
        "每一条款链接到据其编码的规则，每条规则也链接回其条款。",
        "",
        f"条款锚点为 {code('clause-<条款编号的别名>')}：左圆括号变为 {code('_')}，右圆括号与空白删去，其余字符不变，"
        f"如 {code('四.(一)')} → {code('#clause-四._一')}，{code('7.5.(3)')} → {code('#clause-7.5._3')}。",
        "",
    ]
    documents = sorted(site.library.documents.values(), key=lambda d: (d.jurisdiction.count("."), d.jurisdiction, d.starts))
    out += _documents_table(site, page, documents)
    out.append("")
    return "\n".join(out) + "\n"


# ─────────────────────────────────────────────────────────────────────────────
# Comparison matrices
# ─────────────────────────────────────────────────────────────────────────────


def _cell(site: _Site, page: str, node: Jurisdiction, variants: Sequence[EffectiveRule], describe: Callable[[EffectiveRule], str]) -> str:
    if not variants:
        return "—"
    parts = []
    for v in variants:
        # The columns already say where; show only what narrows the rule within the jurisdiction.
        scope = applies_to_zh(attrs.evolve(v.rule.applies_to, units=None))
        scope_text = f"〔{esc(scope)}〕" if scope else ""
        strength = "（原则上）" if str(v.rule.strength) == "in_principle" else ("（鼓励）" if str(v.rule.strength) == "encouraged" else "")
        target = rel(page, site.rule_uri(v.rule, site.jurisdiction_uri(node.id)))
        marks = ""
        verdicts = {str(c.verdict) for c in v.comparisons}
        looser = "、".join(FIELD_ZH.get(c.field, c.field) for c in v.comparisons if str(c.verdict) == "looser")
        if v.rule.deviation is not None:
            justification = v.rule.deviation.justification  # Chinese and English in one note
            reason = zh_prose(chinese_sentences(justification).strip() or justification)
            marks += " " + badge("偏离：放宽上级规则", "deviation", f"放宽：{looser}。理由：{reason}")
        elif "looser" in verdicts:
            marks += " " + badge("放宽", "verdict-looser", f"放宽：{looser}")
        if "incomparable" in verdicts:
            why = "；".join(f"{FIELD_ZH.get(c.field, c.field)}：{_detail_zh(c)}" for c in v.comparisons
                           if str(c.verdict) == "incomparable")
            marks += " " + badge("与上级无法比较宽严", "verdict-incomparable", why)
        # A short cell: the rule is a link (its id shows on hover), not a line of text.
        parts.append(f"{scope_text}{esc(describe(v))}{strength} [规则↗]({target} \"{v.id}\"){marks}")
    return "<br>".join(parts)


def _lineage_matrix(
    site: _Site,
    page: str,
    kinds: set[str],
    describe: Callable[[EffectiveRule], str],
) -> list[str]:
    nodes = [n for n in site.jurisdictions if n.id in site.rulebooks]
    order: list[str] = []
    titles: dict[str, str] = {}
    for node in nodes:
        for effective in site.rulebooks[node.id]:
            if str(effective.rule.kind) in kinds and effective.lineage not in titles:
                order.append(effective.lineage)
                titles[effective.lineage] = effective.chain[0].title
    if not order:
        return ["（各辖区均无此类规则。）", ""]
    head = "| 规则（按细化关系归并） | " + " | ".join(link(esc(site.column_name(n)), rel(page, site.jurisdiction_uri(n.id))) for n in nodes) + " |"
    rows = [head, "|---" * (len(nodes) + 1) + "|"]
    for lineage in order:
        cells = []
        for node in nodes:
            variants = site.rulebooks[node.id].lineage(lineage)
            cells.append(_cell(site, page, node, variants, describe))
        rows.append(f"| {esc(titles[lineage])}<br>{code(lineage)} | " + " | ".join(cells) + " |")
    rows.append("")
    return rows


def _filing_matrix(site: _Site, page: str) -> list[str]:
    nodes = [n for n in site.jurisdictions if n.id in site.rulebooks]
    head = "| 事件 | " + " | ".join(link(esc(site.column_name(n)), rel(page, site.jurisdiction_uri(n.id))) for n in nodes) + " |"
    rows = [head, "|---" * (len(nodes) + 1) + "|"]

    def describe(v: EffectiveRule) -> str:
        p: FilingDeadlineParams = v.rule.params
        within = f"{p.within.zh()}内" if p.within is not None and p.within.unit is DurationUnit.WORKING_DAYS else (
            f"{duration_zh(p.within)}内" if p.within is not None else "未定时限")
        parts = [within]
        to = "、".join(_zh(RECIPIENT_ZH, r) for r in p.recipients) or (p.recipient_name or "")
        if to:
            parts.append(f"报{to}")
        if p.announce_publicly:
            parts.append("并向社会公告")
        return "，".join(parts)

    events = [e.value for e in EventType]
    for event in [*events, ""]:
        cells = []
        any_rule = False
        for node in nodes:
            variants = [
                r for r in site.rulebooks[node.id]
                if str(r.rule.kind) == "filing_deadline"
                and ((event and event in [str(e) for e in r.rule.params.events]) or (not event and not r.rule.params.events))
            ]
            any_rule = any_rule or bool(variants)
            cells.append(_cell(site, page, node, variants, describe))
        if not any_rule:
            continue
        label = esc(EVENT_ZH[event]) if event else "起算事件不在事实词表中<br>（如“开设前”“变更前”报送）"
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    rows.append("")
    return rows


def _params_line(v: EffectiveRule) -> str:
    return "；".join(params_zh(v.rule.kind, v.rule.params)) or "（无参数）"


def compare_page(site: _Site) -> str:
    page = "compare.md"
    # Five jurisdictions side by side need the whole width: no navigation or contents columns.
    out = ["---", "hide:", "  - navigation", "  - toc", "---", "", "# 辖区对比", ""]
    out += _as_of_banner(site, "对比表")
    out += [
        "下表逐项对比各辖区在构建日的规则集。每格列出该辖区适用的规则（含从国家继承的规则），方括号〔〕内为适用范围，"
        "末尾的“规则↗”链接到该辖区规则页上的这条规则（鼠标停留显示规则编号）。“—”表示该辖区没有此类规则。",
        "",
        "工作日按国务院节假日安排（含调休）计算；“N个工作日内”不计事件当日，第N个工作日当日完成仍为按时；"
        "“每周”为自然周（周一至周日）；“2周”为14个自然日。这些是本库的解释，详见开发者指南中的日历约定。",
        "",
    ]
    national = site.rulebooks.get(site.national.id) if site.national is not None else None
    if national is not None:
        out += ["## 与国家基线的差异概要 {#versus-national}", "", "| 辖区 | 规则数 | 细化或替代国家规则 | 本级新增 | 偏离（放宽） |", "|---|---|---|---|---|"]
        for node in site.jurisdictions:
            book = site.rulebooks.get(node.id)
            if book is None or node.id == site.national.id:  # type: ignore[union-attr]
                continue
            changes = diff_rulebooks(national, book)
            deviations = sum(1 for r in book if r.rule.deviation is not None)
            name = link(esc(node.name), rel(page, site.jurisdiction_uri(node.id)))
            out.append(f"| {name} | {len(book)} | {len(changes.by_status('different'))} | {len(changes.by_status('only_right'))} | {deviations} |")
        out.append("")
    out += ["## 备案时限 {#filing-deadlines}", "", "按起算事件列出各辖区的备案规则：时限、报送对象。", ""]
    out += _filing_matrix(site, page)
    out += ["## 更新频次与原创 {#posting-frequency}", ""]
    out += _lineage_matrix(site, page, {"posting_frequency", "original_posts"}, _params_line)
    out += ["## 长期未更新（“睡眠”“僵尸”账号） {#dormancy}", ""]
    out += _lineage_matrix(site, page, {"max_inactivity"}, _params_line)
    out += ["## 清理整合与关停的条件 {#cleanup}", ""]
    out += _lineage_matrix(site, page, {"cleanup_condition", "reopen_ban"}, _params_line)
    out += ["## 问责升级与关停程序 {#escalation}", "", "提醒 → 通报 → 约谈 → 关停的处置步骤，以及关停公告期。", ""]
    out += _lineage_matrix(site, page, {"escalation_ladder", "announcement_period"}, _params_line)
    return "\n".join(out) + "\n"


# ─────────────────────────────────────────────────────────────────────────────
# Content categories: the tag × jurisdiction table (a page model rendered by a Jinja2 template)
# ─────────────────────────────────────────────────────────────────────────────

TEMPLATES = Path(__file__).with_name("templates")
CONTENT_TAGS_PAGE = "jurisdictions/content-tags.md"


@attrs.frozen
class ContentTagRow:
    tag: str
    label: str
    cells: tuple[tuple[str, ...], ...]  # per column: one Markdown line per ban


@attrs.frozen
class ContentTagsPage:
    """What the content-categories page shows; the template only lays it out."""

    banner: str
    columns: tuple[dict[str, str], ...]
    rows: tuple[ContentTagRow, ...]
    taxonomy: tuple[dict[str, Any], ...]
    sources: tuple[dict[str, Any], ...]


def _link_view(link: Any, labels: Mapping[str, str], site: _Site) -> dict[str, Any]:
    return {
        "parent": link.parent, "parent_label": labels.get(link.parent, link.parent),
        "document": site.document_label(link.document), "clause": link.clause, "quote": link.quote,
        "zh": link.zh, "may_be": link.may_be,
    }


def content_tags_model(site: _Site, page: str = CONTENT_TAGS_PAGE) -> ContentTagsPage:
    from .content_bans import ban_table
    from .model.taxonomy import CONTENT, REPOST

    books = {node.id: site.rulebooks[node.id] for node in site.jurisdictions if node.id in site.rulebooks}
    table = ban_table(books)
    columns = tuple(
        {"id": node.id, "name": link(esc(site.column_name(node)), rel(page, site.jurisdiction_uri(node.id)))}
        for node in site.jurisdictions if node.id in books
    )
    rows = []
    for tag, by_jurisdiction in table.items():
        cells = []
        for column in columns:
            lines = []
            for ban in by_jurisdiction[column["id"]]:
                rule = link(code(ban.rule), rel(page, site.rule_uri(books[column["id"]].get(ban.rule).rule)))
                via = f"（属{esc(_zh(CONTENT_TAG_ZH, ban.banned_as))}）" if ban.banned_as != tag else ""
                clause = link(esc(f"{site.document_label(ban.citation.document)} {clause_label_zh(ban.citation.clause)}"),
                              rel(page, site.clause_uri(ban.citation)))
                lines.append(f"{rule}{via}：{clause}")
            cells.append(tuple(lines))
        rows.append(ContentTagRow(tag, esc(_zh(CONTENT_TAG_ZH, tag)), tuple(cells)))
    taxonomy = tuple(
        {"tag": tag, "label": _zh(CONTENT_TAG_ZH, tag), "note": CONTENT.nodes[tag].note,
         "links": [_link_view(li, CONTENT_TAG_ZH, site) for li in CONTENT.nodes[tag].parents]}
        for tag in CONTENT
    )
    sources = tuple(
        {"tag": name, "label": _zh(REPOST_SOURCE_ZH, name),
         "links": [_link_view(li, REPOST_SOURCE_ZH, site) for li in (*REPOST.nodes[name].parents, *REPOST.nodes[name].may_be)]}
        for name in REPOST
    )
    return ContentTagsPage("\n".join(_as_of_banner(site, "的表格")).strip(), columns, tuple(rows), taxonomy, sources)


def content_tags_page(site: _Site) -> str:
    from .model.taxonomy import check_quotes

    site.problems.extend(check_quotes(site.library))
    try:
        import jinja2  # ships with mkdocs (the docs extra); the site is only built with it
    except ImportError:  # pragma: no cover - only without the docs extra
        return "# 内容类别与各辖区禁止情况\n\n（需安装 docs 依赖以生成本页：pip install '.[docs]'）\n"
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        comment_start_string="{#!", comment_end_string="!#}",  # {#anchor} is Markdown, not a comment
    )
    return environment.get_template("content-tags.md.j2").render(attrs.asdict(content_tags_model(site), recurse=False))


# ─────────────────────────────────────────────────────────────────────────────
# Pieces for the hand-written pages, and the whole site
# ─────────────────────────────────────────────────────────────────────────────


def render_overview(site: _Site, page: str = "index.md") -> str:
    """The generated part of the overview page: what is held, as of the build date."""
    out = [f"各页规则集均为{date_zh(site.on)}（北京时间，网站默认按构建当日生成）有效的规则。", ""]
    out += ["| 辖区 | 文件 | 规则数 |", "|---|---|---|"]
    for node in site.jurisdictions:
        documents = site.library.documents_of(node.id)
        book = site.rulebooks.get(node.id)
        count = str(len(book)) if book is not None else "出错"
        docs = "、".join(link(esc(d.label), rel(page, site.document_uri(d.id))) for d in documents)
        out.append(f"| {link(esc(site.column_name(node)), rel(page, site.jurisdiction_uri(node.id)))} | {docs} | {count} |")
    out.append("")
    return "\n".join(out)


def render_cli_reference() -> str:
    """``gnmr --help`` and each command's help, from the parser the command itself uses."""
    from .cli import build_parser

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        parser = build_parser()
        out = ["```text", parser.format_help().rstrip(), "```", ""]
        for action in parser._subparsers._group_actions if parser._subparsers else []:  # noqa: SLF001
            for name, sub in getattr(action, "choices", {}).items():
                out += [f"### `gnmr {name}`", "", "```text", sub.format_help().rstrip(), "```", ""]
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous
    return "\n".join(out)


# ─────────────────────────────────────────────────────────────────────────────
# Words for the search index
# ─────────────────────────────────────────────────────────────────────────────

# A run of Han characters, and a term the texts put in Chinese quotation marks (“僵尸”, “三审三校”).
_HAN_ONLY = re.compile(r"^[\u3400-\u9fff]+$")
_QUOTED_TERM = re.compile(r"“([^”]{2,40})”")
_TERM_SPLIT = re.compile(r"[、，,；;（）()：:/\s]+")
SEARCH_TERM_LENGTH = (2, 6)


def _term_parts(text: str) -> list[str]:
    """The Han-only parts of a label or quoted phrase, split at its punctuation, of a word's length."""
    low, high = SEARCH_TERM_LENGTH
    return [part for part in _TERM_SPLIT.split(text) if low <= len(part) <= high and _HAN_ONLY.match(part)]


def search_terms(library: PolicyLibrary) -> dict[str, str]:
    """Domain words the search index should keep whole, each with where it was found.

    Drawn from the data, not kept by hand: the Chinese labels of the model's vocabularies (every
    ``*_ZH`` table of :mod:`gov_new_media_rules.model.labels`: 主管单位, 约谈, 关停 …) and the
    terms the policy texts themselves put in quotation marks, in rule titles, quotes and clauses
    (“僵尸”“睡眠”, “三审三校”, “提醒、通报、约谈、关停” → 提醒, 通报, 约谈, 关停). Only parts of
    2–6 Han characters are words; a longer label is a phrase, and keeping it whole would hide the
    words inside it from a search. The docs hook adds a small hand-kept glossary and decides, with
    the segmenter at hand, which label parts it needs to be told about.
    """
    from .model import labels

    terms: dict[str, str] = {}
    for name, table in sorted(vars(labels).items()):
        if name.endswith("_ZH") and isinstance(table, dict):
            for value in table.values():
                if isinstance(value, str):
                    for part in _term_parts(value):
                        terms.setdefault(part, f"label {name}")
    texts: list[tuple[str, str]] = []
    for rule in library.rules.values():
        texts.append((rule.title, f"title of {rule.id}"))
        texts += [(citation.quote, f"quote of {rule.id}") for citation in rule.sources]
    for document in library.documents.values():
        texts += [(clause.text, f"{document.id} {clause.id}") for clause in document.clauses]
    for text, where in texts:
        for quoted in _QUOTED_TERM.findall(text):
            for part in _term_parts(quoted):
                # A quoted term outranks a label: the texts define it.
                if not terms.get(part, "").startswith("quoted"):
                    terms[part] = f"quoted in {where}"
    return terms


def build_site(library: PolicyLibrary, on: dt.date) -> _Site:
    return _Site(library, on)


def generate_pages(library: PolicyLibrary, on: dt.date) -> SitePages:
    """Every generated page of the site for the rulebooks in force on ``on``."""
    site = build_site(library, on)
    pages: dict[str, str] = {
        "jurisdictions/index.md": jurisdictions_index(site),
        "documents/index.md": documents_index(site),
        "compare.md": compare_page(site),
        CONTENT_TAGS_PAGE: content_tags_page(site),
    }
    jurisdiction_nav = []
    for node in site.jurisdictions:
        uri = site.jurisdiction_uri(node.id)
        pages[uri] = jurisdiction_page(site, node)
        jurisdiction_nav.append({site.column_name(node): uri})
    jurisdiction_nav.append({"内容类别与各辖区禁止情况": CONTENT_TAGS_PAGE})
    document_nav = []
    documents = sorted(library.documents.values(), key=lambda d: (d.jurisdiction.count("."), d.jurisdiction, d.starts))
    for document in documents:
        uri = site.document_uri(document.id)
        pages[uri] = document_page(site, document)
        label = document.label + ("（二手引文）" if str(document.held) == "secondary" else "")
        document_nav.append({label: uri})
    snippets = {"overview": render_overview(site, "index.md")}
    return SitePages(pages, jurisdiction_nav, document_nav, list(site.problems), on, snippets)
