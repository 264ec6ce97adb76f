"""Practices, technical requirements and operators: what inspections and records say.

Interpretations implemented (each recorded on the rules):

- ``prohibited_practice`` (国办发〔2018〕123号 四.(四): no bought followers or other fake data, no forced
  downloads, likes or shares): findings rest on the practices recorded in the facts, e.g. by an
  inspection or a confirmed complaint. A recorded practice of the rule's kinds, dated from the day
  the rule came into force to ``as_of``, is a violation; none recorded is ``compliant`` "on the
  inspection records" — the facts cannot show that a practice did not happen.
- ``technical_requirement``: only IPv6 support is a fact (``ipv6``, recorded for apps): ``False`` is
  a violation, ``True`` compliant, not recorded ``insufficient_data``. Use on different terminals
  (``multi_terminal``) has no verifiable standard and no fact; it is listed as not evaluated.
- ``operator_requirement``: the facts say who runs an account (``operator.third_party``) and
  whether content operation was subcontracted onward (``operator.subcontracted``).
  * With ``no_subcontracting`` (Huzhou 6.2.5 "受委托的合规第三方运营机构不得将内容运营业务再次转包"): a
    subcontracted operation is a violation; a third-party operator that did not subcontract is
    compliant; an account run by its host unit is ``not_applicable`` (the rule is about third-party
    operators); no operator record is ``insufficient_data``. Huzhou's list of operator kinds ends in
    等 (``operators_open``), so the operator's kind is not judged; qualification, the written
    agreement and the confidentiality agreement have no fact and are listed as not evaluated.
  * With ``allowed_operators`` naming only the host unit (Gao County "内容运营原则上由主办单位负责"): an
    account run by its host unit is compliant. One run by a third party is not a violation in itself
    (the interpretation: the text allows a third party "确需" — where truly necessary — which facts
    cannot establish), so it is ``insufficient_data`` with a note that the rule applies in principle;
    no operator record is ``insufficient_data``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...composition import EffectiveRule
from ...model.params import Practice, RuleKind, TechnicalRequirement
from ...model.vocab import Strength
from ...model.labels import PRACTICE_ZH
from ..context import AccountView, EvaluationContext, citations, make_finding
from ..findings import Finding, Status
from ..live import while_account_exists
from ..registry import account_evaluator

_CAP = 20
_BASIS = "based on inspection records"


@account_evaluator(RuleKind.PROHIBITED_PRACTICE)
def prohibited_practice(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    practices: tuple[Practice, ...] = tuple(rule.rule.params.practices)
    wanted = frozenset(practices)
    start = context.rule_start(rule)
    as_of = context.as_of
    found = sorted(
        (r for r in view.account.practices if r.practice in wanted and start <= r.on <= as_of),
        key=lambda r: (r.on, str(r.practice)),
    )
    figures: dict[str, Any] = {"practices": [str(p) for p in practices], "basis": _BASIS, "records": len(found)}
    names_zh = "、".join(PRACTICE_ZH.get(str(p), str(p)) for p in practices)
    if found:
        kinds = [str(p) for p in practices if any(r.practice == p for r in found)]
        figures["practices_found"] = kinds
        figures["found"] = [
            {"on": r.on.isoformat(), "practice": str(r.practice), **({"note": r.note} if r.note else {})} for r in found[:_CAP]
        ]
        listed_zh = "；".join(f"{r.on.isoformat()} {PRACTICE_ZH.get(str(r.practice), str(r.practice))}" for r in found[:_CAP])
        listed_en = "; ".join(f"{r.on.isoformat()} {r.practice}" for r in found[:_CAP])
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"检查记录显示存在禁止的行为（共{len(found)}次）：{listed_zh}。",
            f"Inspection records show {len(found)} prohibited practice(s): {listed_en}.",
            period=f"{found[0].on.isoformat()}/{found[-1].on.isoformat()}",
            figures=figures,
        )
    else:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"据检查记录，{start.isoformat()}以来未发现{names_zh}行为。",
            f"Based on inspection records, none of {', '.join(figures['practices'])} was found since {start.isoformat()}.",
            figures=figures,
        )


@account_evaluator(RuleKind.TECHNICAL_REQUIREMENT)
@while_account_exists
def technical_requirement(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    requirements = tuple(rule.rule.params.requirements)
    figures: dict[str, Any] = {"requirements": [str(r) for r in requirements]}
    if TechnicalRequirement.MULTI_TERMINAL in requirements:
        figures["not_evaluated"] = ["multi_terminal: no fact records use on different terminals"]
    if TechnicalRequirement.IPV6 not in requirements:
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            "事实数据中没有“在不同终端便捷使用”的记录，本条无法判定。",
            "No fact records use on different terminals: the requirement cannot be judged.",
            figures=figures,
        )
        return
    ipv6 = view.account.ipv6
    figures["ipv6"] = ipv6
    if ipv6 is None:
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            "未记录是否支持IPv6，无法判断。",
            "IPv6 support is not recorded: the requirement cannot be judged.",
            figures=figures,
        )
    elif ipv6:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            "已记录支持IPv6。",
            "IPv6 support is recorded.",
            figures=figures,
        )
    else:
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            "记录显示不支持IPv6，不符合全面支持IPv6的要求。",
            "The record shows no IPv6 support, short of the requirement to fully support IPv6.",
            figures=figures,
        )


@account_evaluator(RuleKind.OPERATOR_REQUIREMENT)
@while_account_exists
def operator_requirement(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    params = rule.rule.params
    operator = view.account.operator
    host_unit_only = tuple(params.allowed_operators) == ("host_unit",)
    if not params.no_subcontracting and not host_unit_only:
        return  # nothing the facts can decide (the rule should not be checkable)
    figures: dict[str, Any] = {"allowed_operators": list(params.allowed_operators)}
    not_evaluated = []
    if params.operators_open:
        not_evaluated.append("operator kind: the list of allowed operators is open (等)")
    if params.qualification_required:
        not_evaluated.append("qualification_required: no fact records an operator's qualifications")
    if params.written_agreement:
        not_evaluated.append("written_agreement: no fact records agreements")
    if params.confidentiality_agreement:
        not_evaluated.append("confidentiality_agreement: no fact records agreements")
    if not_evaluated:
        figures["not_evaluated"] = not_evaluated
    if operator is None:
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            "未提供账号运营主体记录（是否由第三方运营、是否转包），无法判断。",
            "No operator record (third-party operation, subcontracting): the rule cannot be judged.",
            figures=figures,
        )
        return
    figures["third_party"] = operator.third_party
    figures["subcontracted"] = operator.subcontracted
    if operator.name:
        figures["operator"] = operator.name
    # A finding on subcontracting cites the sentence that bans it (湖州市 6.2.5, second sentence).
    on_subcontracting = citations(rule, "no_subcontracting") if params.no_subcontracting else None
    if params.no_subcontracting and operator.subcontracted:
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"运营机构{('“' + operator.name + '”') if operator.name else ''}将内容运营业务再次转包，违反不得转包的要求。",
            f"The operator{(' ' + repr(operator.name)) if operator.name else ''} subcontracted content operation, "
            "which the rule forbids.",
            figures=figures,
            cite=on_subcontracting,
        )
        return
    if not operator.third_party:
        if host_unit_only:
            yield make_finding(
                rule, view.id, Status.COMPLIANT,
                "账号内容运营由主办单位负责。",
                "The host unit runs the account's content itself.",
                figures=figures,
            )
        else:
            yield make_finding(
                rule, view.id, Status.NOT_APPLICABLE,
                "账号由主办单位自行运营，本条针对第三方运营机构，不适用。",
                "The host unit runs the account itself; the rule is about third-party operators.",
                figures=figures,
            )
        return
    if params.no_subcontracting:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"由第三方机构{('“' + operator.name + '”') if operator.name else ''}运营，未记录转包；资质与协议无事实记录，未判定。",
            f"Run by a third party{(' ' + repr(operator.name)) if operator.name else ''} with no subcontracting recorded; "
            "qualification and agreements have no fact and were not judged.",
            figures=figures,
            cite=on_subcontracting,
        )
        return
    # Host unit only, run by a third party: the text allows a third party where truly necessary.
    figures["exception"] = "确需委托第三方运营 (where truly necessary): not established by facts"
    in_principle = rule.rule.strength is Strength.IN_PRINCIPLE
    yield make_finding(
        rule, view.id, Status.INSUFFICIENT_DATA if in_principle else Status.VIOLATION,
        "账号由第三方运营。本条为“原则上”要求，原文允许确需委托第三方运营的例外，是否“确需”无法由事实判定，不据此认定违规。"
        if in_principle else "账号由第三方运营，不符合由主办单位负责内容运营的要求。",
        "The account is run by a third party. The rule applies in principle (原则上) and allows a third party where "
        "truly necessary, which the facts cannot establish, so no violation is found on this ground."
        if in_principle else "The account is run by a third party, not by its host unit as the rule requires.",
        figures=figures,
    )
