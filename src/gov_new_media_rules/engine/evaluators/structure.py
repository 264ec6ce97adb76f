"""Account structure: one account per platform, naming and verification, who may be a subject.

Interpretations implemented (each recorded on the rules themselves):

- ``accounts_per_platform`` (国办发〔2018〕123号 四.(一) "一个单位原则上在同一平台只开设一个政务新媒体账号",
  restated by Zezhou and the Changchun new area): "a unit" is the host unit named in the facts
  (whitespace ignored, so "县 政务服务局" and "县政务服务局" are one unit; the Changchun text's "单位(部门)"
  makes every department a unit of its own, which is what a host-unit name is); "the same platform" is
  the ``platform`` field, so every account type on one platform counts together (a WeChat
  subscription and a WeChat service account are two accounts on WeChat: the text does not
  distinguish types). Shut-down and cancelled accounts get ``not_applicable``.
  With ``new_openings_only`` (all three texts: "只开设", a rule about opening, issue 9 class 6) each
  account's opening is judged: an account opened before the rule came into force is
  ``not_applicable``; one opened while it is in force is a violation when, on its opening day, its
  unit already had ``maximum`` or more other accounts on that platform (opened on or before that
  day and not shut down or cancelled by then; two opened the same day both exceed), else
  compliant. An unknown opening date of the account, or of another account of its unit on that
  platform whose count would decide, is ``insufficient_data`` naming ``opened_on``. An opening
  made before a local restatement came into force, while the rule it refines already was, is
  judged by that rule and cites it (:func:`governing`). Without ``new_openings_only`` (an overlay
  can ask for it) more than ``maximum`` open accounts on one platform is a violation on each.
- ``account_naming``, per account: only "在公开认证信息中标明主办单位名称" can be decided: the verified
  host unit must equal the host unit (whitespace ignored); no verification info recorded is
  ``insufficient_data``. "简洁规范", "与主办单位工作职责相关联" (and Changchun's logo, phone and
  description) have no verifiable standard or fact: they are listed as not evaluated.
- ``account_naming`` across accounts (``consistent_across_platforms``, "名称原则上应保持一致"): the
  host unit's open accounts on different platforms carry the same name, whitespace ignored. Accounts
  on the same platform are not compared with each other; an account is consistent when every other
  platform on which its unit has accounts has one account of the same name. A unit with accounts on
  a single platform has nothing to compare: ``not_applicable``.
- ``account_subject`` (Huzhou 7.1.2, Changchun 第十条, Zezhou 二.(一)): decided on the host unit's
  kind; no kind recorded is ``insufficient_data``. All three restrain openings (``new_openings_only``:
  Zezhou "原则上不单独开设", Changchun "不得以……名义开设" / "开通", Huzhou 7.1 账号开设 "不得作为……账号主体
  或认证主体"): an account whose current opening (its re-opening, after a cancellation, is a new
  opening: facts/lifecycle.py) came before the rule came into force is ``not_applicable``, and one
  with no opening date is ``insufficient_data`` naming ``opened_on``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

from ...composition import EffectiveRule, folded_params
from ...facts.lifecycle import existence
from ...model.labels import PLATFORM_ZH, UNIT_KIND_ZH
from ...model.params import RuleKind
from ...model.rules import Citation
from ..context import (
    AccountSummary,
    AccountView,
    EvaluationContext,
    UnitIndex,
    applies,
    citations,
    make_finding,
    normalise_name,
    open_by_platform,
)
from ..findings import Finding, Status
from ..live import while_account_exists
from ..registry import account_evaluator, unit_evaluator

_CAP = 20  # longest list of ids a finding's figures carry; the count is always given



normalise = normalise_name


def _capped(items: list[str]) -> list[str]:
    return items[:_CAP]


def _platform_zh(platform: str) -> str:
    return PLATFORM_ZH.get(str(platform), str(platform))


def _units(units: UnitIndex, rule: EffectiveRule) -> dict[str, list[AccountSummary]]:
    """The summaries the rule applies to, by host unit (the index keys units by normalised
    name), in input order."""
    applies_to = rule.rule.applies_to
    grouped: dict[str, list[AccountSummary]] = {}
    for unit, summaries in units:
        chosen = [s for s in summaries if applies(applies_to, s)]
        if chosen:
            grouped[unit] = chosen
    return grouped


def _closed(rule: EffectiveRule, summary: AccountSummary) -> Finding:
    return make_finding(
        rule, summary.id, Status.NOT_APPLICABLE,
        "账号已关停或注销，不计入本条。",
        "The account is shut down or cancelled and does not count under this rule.",
        figures={"closed": True},
    )


@attrs.frozen
class Governing:
    """The variant of a rule's lineage that governed an opening on a given day."""

    rule_id: str
    params: Any
    sources: tuple[Citation, ...]
    start: dt.date


def governing(rule: EffectiveRule, context: EvaluationContext, day: dt.date) -> Governing | None:
    """The rule that governed an opening made on ``day``: ``rule`` itself if it was in force that
    day, else the nearest rule it refines that was (a county's restatement does not reach back
    before the county's notice, while the national rule it restates did govern then), else None:
    no rule of the lineage was in force, the opening is not judged."""
    start = context.rule_start(rule)
    if day >= start:
        return Governing(rule.id, rule.rule.params, rule.rule.sources, start)
    chain = rule.chain
    for depth in range(len(chain) - 1, 0, -1):
        ancestor = chain[depth - 1]
        begun = context.rule_starts.get(ancestor.id)
        if begun is not None and day >= begun:
            return Governing(ancestor.id, folded_params(chain[:depth]), ancestor.sources, begun)
    return None


def current_opening(view: AccountView) -> dt.date | None:
    """The opening of the account as it now stands: its re-opening, if it was cancelled and
    opened again (facts/lifecycle.py), else its opening; None when no opening date is given."""
    return existence(view.account, view.as_of)[-1][0]


def _existence(summary: AccountSummary) -> tuple[tuple[dt.date | None, dt.date | None], ...]:
    """The spans in which the account existed: from each opening (or re-opening) to the day before
    it was shut down or cancelled (None: still exists, or the opening is unknown).

    A summary that carries its ``existence`` (the spans read by facts/lifecycle.py, re-openings
    included) is read as it is. Without it the summary knows only the first opening and the last
    closure, and a re-opened account is read as existing since its first opening."""
    spans = getattr(summary, "existence", None)
    if spans is not None:
        return tuple(spans)
    end = summary.closed_on - dt.timedelta(days=1) if summary.closed and summary.closed_on is not None else None
    return ((summary.opened_on, end),)


def _summary_opening(summary: AccountSummary) -> dt.date | None:
    """The account's current opening: its last (re-)opening."""
    return _existence(summary)[-1][0]


def _existed_on(summary: AccountSummary, day: dt.date) -> bool | None:
    """Did the account exist (opened, not shut down or cancelled) on ``day``? None: unknown. An
    opening that is not given lies on or before the account's first post: an account that posted
    on or before ``day`` and was still there existed then, whatever its opening date."""
    unknown = False
    for start, end in _existence(summary):
        if end is not None and end < day:
            continue
        if start is None:
            first_post = summary.first_post
            if first_post is not None and first_post <= day:
                return True
            unknown = True
        elif start <= day:
            return True
    return None if unknown else False



def _opening_unknown(rule: EffectiveRule, account_id: str, start: dt.date, figures: dict[str, Any]) -> Finding:
    """A rule about openings cannot judge an account whose opening date is not given."""
    return make_finding(
        rule, account_id, Status.INSUFFICIENT_DATA,
        f"本条约束{start.isoformat()}起新开设的账号，判定需要账号的开设日期（opened_on），未提供，无法判断。",
        f"The rule judges openings from {start.isoformat()}; the account's opening date (opened_on) is not "
        "given, so it cannot be judged.",
        figures={**figures, "missing": ["opened_on"]},
    )

def _new_opening(
    rule: EffectiveRule, context: EvaluationContext, summary: AccountSummary, group: list[AccountSummary]
) -> Finding:
    """One account's opening under a rule about openings: was it one too many on its platform?"""
    platform_zh = _platform_zh(summary.platform)
    opened = _summary_opening(summary)
    first_start = min((context.rule_starts.get(link.id, context.rule_start(rule)) for link in rule.chain),
                      default=context.rule_start(rule))
    figures: dict[str, Any] = {"host_unit": summary.host_unit, "platform": str(summary.platform),
                               "opened_on": None if opened is None else opened.isoformat(),
                               "rule_start": first_start.isoformat()}
    if opened is None:
        return _opening_unknown(rule, summary.id, first_start, figures)
    if opened > context.as_of:
        return make_finding(
            rule, summary.id, Status.NOT_APPLICABLE,
            f"账号于{opened.isoformat()}开设，晚于评估日，尚无可判定的开设。",
            f"The account opens on {opened.isoformat()}, after the evaluation date: no opening to judge yet.",
            figures=figures,
        )
    chosen = governing(rule, context, opened)
    if chosen is None:
        return make_finding(
            rule, summary.id, Status.NOT_APPLICABLE,
            f"账号于{opened.isoformat()}开设，早于本条施行（{first_start.isoformat()}）；本条约束的是施行后的新开设，"
            "已开设账号的整合清理另有规定。",
            f"The account was opened on {opened.isoformat()}, before the rule came into force on {first_start.isoformat()}; "
            "the rule judges new openings, and existing accounts are a matter for the clean-up rules.",
            figures=figures,
        )
    maximum: int = chosen.params.maximum
    others = [s for s in group if s is not summary]
    existing = sorted(s.id for s in others if _existed_on(s, opened))
    unknown = sorted(s.id for s in others if _existed_on(s, opened) is None)
    figures.update({"maximum": maximum, "other_accounts": _capped(existing), "open_accounts": len(existing) + 1})
    cite = chosen.sources
    if chosen.rule_id != rule.id:
        figures["judged_by"] = chosen.rule_id
        by_zh = f"（开设时本地规定尚未施行，按当时施行的{chosen.rule_id}判定）"
        by_en = f" (the local rule was not yet in force on the opening day: judged by {chosen.rule_id}, then in force)"
    else:
        by_zh = by_en = ""
    if len(existing) + 1 > maximum:
        shown = "、".join(_capped(existing))
        return make_finding(
            rule, summary.id, Status.VIOLATION,
            f"账号于{opened.isoformat()}开设时，主办单位“{summary.host_unit}”在{platform_zh}平台已有{len(existing)}个账号"
            f"（{shown}），新开设后超过每个平台{maximum}个的要求{by_zh}。",
            f"When the account was opened on {opened.isoformat()}, host unit '{summary.host_unit}' already had "
            f"{len(existing)} account(s) on {summary.platform} ({', '.join(_capped(existing))}): the opening exceeds the "
            f"{maximum} allowed per platform{by_en}.",
            figures=figures, cite=cite,
        )
    if len(existing) + len(unknown) + 1 > maximum:
        figures["missing"] = [f"accounts[{i}].opened_on" for i in _capped(unknown)]
        return make_finding(
            rule, summary.id, Status.INSUFFICIENT_DATA,
            f"主办单位“{summary.host_unit}”在{platform_zh}平台的其他账号（{'、'.join(_capped(unknown))}）未提供开设日期"
            f"（opened_on），无法判断本账号于{opened.isoformat()}开设时该平台是否已有账号。",
            f"Other accounts of host unit '{summary.host_unit}' on {summary.platform} ({', '.join(_capped(unknown))}) have "
            f"no opening date (opened_on): whether the platform already had an account when this one was opened on "
            f"{opened.isoformat()} cannot be judged.",
            figures=figures, cite=cite,
        )
    return make_finding(
        rule, summary.id, Status.COMPLIANT,
        f"账号于{opened.isoformat()}开设时，主办单位“{summary.host_unit}”在{platform_zh}平台的账号未超过{maximum}个{by_zh}。",
        f"When the account was opened on {opened.isoformat()}, host unit '{summary.host_unit}' had no more than "
        f"{maximum} account(s) on {summary.platform}{by_en}.",
        figures=figures, cite=cite,
    )


@unit_evaluator(RuleKind.ACCOUNTS_PER_PLATFORM)
def accounts_per_platform(rule: EffectiveRule, units: UnitIndex, context: EvaluationContext) -> Iterator[Finding]:
    params = rule.rule.params
    maximum: int = params.maximum
    for summaries in _units(units, rule).values():
        by_platform = open_by_platform(summaries)
        if params.new_openings_only:
            every_by_platform: dict[Any, list[AccountSummary]] = {}
            for summary in summaries:
                every_by_platform.setdefault(summary.platform, []).append(summary)
        for summary in summaries:
            if summary.closed:
                yield _closed(rule, summary)
                continue
            if params.new_openings_only:
                yield _new_opening(rule, context, summary, every_by_platform[summary.platform])
                continue
            group = by_platform[summary.platform]
            others = sorted(s.id for s in group if s is not summary)
            platform_zh = _platform_zh(summary.platform)
            figures = {
                "host_unit": summary.host_unit,
                "platform": str(summary.platform),
                "open_accounts": len(group),
                "maximum": maximum,
                "other_accounts": _capped(others),
            }
            if len(group) > maximum:
                shown = "、".join(_capped(others))
                yield make_finding(
                    rule, summary.id, Status.VIOLATION,
                    f"主办单位“{summary.host_unit}”在{platform_zh}平台有{len(group)}个未关停账号（另有：{shown}），"
                    f"超过每个平台{maximum}个的要求。",
                    f"Host unit '{summary.host_unit}' has {len(group)} open accounts on {summary.platform} "
                    f"(others: {', '.join(_capped(others))}), more than the {maximum} allowed per platform.",
                    figures=figures,
                )
            else:
                yield make_finding(
                    rule, summary.id, Status.COMPLIANT,
                    f"主办单位“{summary.host_unit}”在{platform_zh}平台有{len(group)}个未关停账号，未超过{maximum}个。",
                    f"Host unit '{summary.host_unit}' has {len(group)} open account(s) on {summary.platform}, "
                    f"within the {maximum} allowed.",
                    figures=figures,
                )


@account_evaluator(RuleKind.ACCOUNT_NAMING)
@while_account_exists
def account_naming(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    """The per-account part of naming rules: the verification info names the host unit."""
    params = rule.rule.params
    if not params.host_unit_in_verification:
        return
    cite = citations(rule, "host_unit_in_verification")  # the sentence on the verification decides
    account = view.account
    figures: dict[str, object] = {"host_unit": account.host_unit, "verified_host_unit": account.verified_host_unit}
    if params.related_to_duties:
        figures["not_evaluated"] = ["related_to_duties", "concise_and_standard"]
    if account.verified_host_unit is None or not normalise(account.verified_host_unit):
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            "未提供账号公开认证信息中的主办单位名称，无法判断认证信息是否标明主办单位。",
            "No verified host unit is recorded: whether the verification information names the host unit "
            "cannot be judged.",
            figures=figures, cite=cite,
        )
    elif normalise(account.verified_host_unit) == normalise(account.host_unit):
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"公开认证信息标明的主办单位“{account.verified_host_unit}”与主办单位一致。",
            f"The verification information names the host unit '{account.verified_host_unit}'.",
            figures=figures, cite=cite,
        )
    else:
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"公开认证信息标明的单位“{account.verified_host_unit}”与主办单位“{account.host_unit}”不一致。",
            f"The verification information names '{account.verified_host_unit}', not the host unit "
            f"'{account.host_unit}'.",
            figures=figures, cite=cite,
        )


@unit_evaluator(RuleKind.ACCOUNT_NAMING)
def account_naming_consistency(rule: EffectiveRule, units: UnitIndex, context: EvaluationContext) -> Iterator[Finding]:
    """The cross-account part of naming rules: the same name on every platform."""
    if not rule.rule.params.consistent_across_platforms:
        return
    for summaries in _units(units, rule).values():
        names: dict[str, set[str]] = {}  # platform -> normalised names of open accounts
        shown: dict[tuple[str, str], str] = {}  # (platform, normalised) -> a name as written
        for summary in summaries:
            if not summary.closed:
                key = normalise(summary.name)
                names.setdefault(summary.platform, set()).add(key)
                shown.setdefault((summary.platform, key), summary.name)
        for summary in summaries:
            if summary.closed:
                yield _closed(rule, summary)
                continue
            others = sorted(p for p in names if p != summary.platform)
            if not others:
                yield make_finding(
                    rule, summary.id, Status.NOT_APPLICABLE,
                    "主办单位仅在本平台开设账号，无其他平台账号可比较名称。",
                    "The host unit has accounts on this platform only: there is no other platform to compare names with.",
                    figures={"host_unit": summary.host_unit, "name": summary.name},
                )
                continue
            key = normalise(summary.name)
            differing = [p for p in others if key not in names[p]]
            figures: dict[str, object] = {
                "host_unit": summary.host_unit,
                "name": summary.name,
                "platforms_compared": [str(p) for p in others],
            }
            if differing:
                other_names = sorted({shown[(p, n)] for p in differing for n in names[p]})
                figures["differing_platforms"] = [str(p) for p in differing]
                figures["other_names"] = _capped(other_names)
                platforms_zh = "、".join(_platform_zh(p) for p in differing)
                yield make_finding(
                    rule, summary.id, Status.VIOLATION,
                    f"账号名称“{summary.name}”与同一主办单位在{platforms_zh}平台的账号名称（{'、'.join(_capped(other_names))}）不一致。",
                    f"The name '{summary.name}' differs from the host unit's account name(s) on "
                    f"{', '.join(str(p) for p in differing)}: {', '.join(_capped(other_names))}.",
                    figures=figures,
                )
            else:
                yield make_finding(
                    rule, summary.id, Status.COMPLIANT,
                    f"账号名称“{summary.name}”与同一主办单位在其他平台的账号名称一致。",
                    f"The name '{summary.name}' matches the host unit's accounts on "
                    f"{', '.join(str(p) for p in others)}.",
                    figures=figures,
                )


def _kind_zh(kind: object) -> str:
    return UNIT_KIND_ZH.get(str(kind), str(kind))


@account_evaluator(RuleKind.ACCOUNT_SUBJECT)
@while_account_exists
def account_subject(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    params = rule.rule.params
    forbidden = tuple(params.forbidden_subjects)
    forbidden_zh = "、".join(_kind_zh(k) for k in forbidden)
    account = view.account
    figures: dict[str, object] = {
        "host_unit_kind": None if account.host_unit_kind is None else str(account.host_unit_kind),
        "forbidden_subjects": [str(k) for k in forbidden],
    }
    if params.new_openings_only:
        start = context.rule_start(rule)
        opened = current_opening(view)
        figures["rule_start"] = start.isoformat()
        figures["opened_on"] = None if opened is None else opened.isoformat()
        if opened is None:
            yield _opening_unknown(rule, view.id, start, figures)
            return
        chosen = governing(rule, context, opened)
        if chosen is None:
            reopened = opened != existence(view.account, view.as_of)[0][0]
            yield make_finding(
                rule, view.id, Status.NOT_APPLICABLE,
                f"账号于{opened.isoformat()}{'重新' if reopened else ''}开设，早于本条施行（{start.isoformat()}），"
                "本条只约束施行后的新开设。",
                f"The account was {'re-' if reopened else ''}opened on {opened.isoformat()}, before the rule came into "
                f"force on {start.isoformat()}; the rule restrains new openings only.",
                figures=figures,
            )
            return
        forbidden = tuple(chosen.params.forbidden_subjects)
        forbidden_zh = "、".join(_kind_zh(k) for k in forbidden)
        figures["forbidden_subjects"] = [str(k) for k in forbidden]
    kind = account.host_unit_kind
    if kind is None:
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"未提供主办单位类型，无法判断账号主体是否属于{forbidden_zh}。",
            f"No host-unit kind is recorded: whether the account's subject is one of {', '.join(figures['forbidden_subjects'])} "  # type: ignore[arg-type]
            "cannot be judged.",
            figures=figures,
        )
    elif kind in forbidden:
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"主办单位“{account.host_unit}”为{_kind_zh(kind)}，属于本规定所列不开设政务新媒体账号的主体（{forbidden_zh}）。",
            f"The host unit '{account.host_unit}' is of kind {kind}, one of the subjects the rule says do not open "
            "a government new-media account of their own.",
            figures=figures,
        )
    else:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"主办单位“{account.host_unit}”为{_kind_zh(kind)}，不属于{forbidden_zh}。",
            f"The host unit '{account.host_unit}' is of kind {kind}, not one of {', '.join(figures['forbidden_subjects'])}.",  # type: ignore[arg-type]
            figures=figures,
        )
