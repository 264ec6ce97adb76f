"""Account structure: one account per platform, naming and verification, who may be a subject.

Interpretations implemented (each recorded on the rules themselves):

- ``accounts_per_platform`` (国办发〔2018〕123号 四.(一) "一个单位原则上在同一平台只开设一个政务新媒体账号",
  restated by Zezhou and the Changchun new area): "a unit" is the host unit named in the facts
  (whitespace ignored, so "县 政务服务局" and "县政务服务局" are one unit; the Changchun text's "单位(部门)"
  makes every department a unit of its own, which is what a host-unit name is); "the same platform" is
  the ``platform`` field, so every account type on one platform counts together (a WeChat
  subscription and a WeChat service account are two accounts on WeChat: the text does not
  distinguish types). Shut-down and cancelled accounts do not count and get ``not_applicable``.
  More than ``maximum`` open accounts on one platform is a violation, reported on each of them.
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
  kind; no kind recorded is ``insufficient_data``. Zezhou's "县直各有关部门及乡镇原则上不单独开设" restrains
  new openings only (its interpretation: existing accounts stay their host's responsibility): an
  account opened before the rule came into force is ``not_applicable`` there, and one with no
  opening date is ``insufficient_data``. Huzhou's and Changchun's rules are about the account's
  subject as it stands and judge every account.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...composition import EffectiveRule
from ...model.params import RuleKind
from ...model.labels import PLATFORM_ZH, UNIT_KIND_ZH
from ..context import (
    AccountSummary,
    AccountView,
    EvaluationContext,
    UnitIndex,
    applies,
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


@unit_evaluator(RuleKind.ACCOUNTS_PER_PLATFORM)
def accounts_per_platform(rule: EffectiveRule, units: UnitIndex, context: EvaluationContext) -> Iterator[Finding]:
    maximum: int = rule.rule.params.maximum
    for summaries in _units(units, rule).values():
        by_platform = open_by_platform(summaries)
        for summary in summaries:
            if summary.closed:
                yield _closed(rule, summary)
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
            figures=figures,
        )
    elif normalise(account.verified_host_unit) == normalise(account.host_unit):
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"公开认证信息标明的主办单位“{account.verified_host_unit}”与主办单位一致。",
            f"The verification information names the host unit '{account.verified_host_unit}'.",
            figures=figures,
        )
    else:
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"公开认证信息标明的单位“{account.verified_host_unit}”与主办单位“{account.host_unit}”不一致。",
            f"The verification information names '{account.verified_host_unit}', not the host unit "
            f"'{account.host_unit}'.",
            figures=figures,
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
        opened = view.opened_on
        figures["rule_start"] = start.isoformat()
        figures["opened_on"] = None if opened is None else opened.isoformat()
        if opened is None:
            yield make_finding(
                rule, view.id, Status.INSUFFICIENT_DATA,
                f"本条约束{start.isoformat()}起新开设的账号，未提供开设日期，无法判断。",
                f"The rule restrains accounts opened from {start.isoformat()}; no opening date is recorded.",
                figures=figures,
            )
            return
        if opened < start:
            yield make_finding(
                rule, view.id, Status.NOT_APPLICABLE,
                f"账号于{opened.isoformat()}开设，早于本条施行（{start.isoformat()}），本条只约束新开设的账号。",
                f"The account was opened on {opened.isoformat()}, before the rule came into force on "
                f"{start.isoformat()}; the rule restrains new openings only.",
                figures=figures,
            )
            return
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
            f"主办单位“{account.host_unit}”为{_kind_zh(kind)}，不得作为政务新媒体账号主体。",
            f"The host unit '{account.host_unit}' is of kind {kind}, which may not be the subject of a government "
            "new-media account.",
            figures=figures,
        )
    else:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"主办单位“{account.host_unit}”为{_kind_zh(kind)}，不属于{forbidden_zh}。",
            f"The host unit '{account.host_unit}' is of kind {kind}, not one of {', '.join(figures['forbidden_subjects'])}.",  # type: ignore[arg-type]
            figures=figures,
        )
