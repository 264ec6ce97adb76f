"""Which function evaluates which kind of rule.

An account evaluator takes ``(rule, view, context)`` and yields findings for one account; a unit
evaluator takes ``(rule, units, context)`` and yields findings for rules about several accounts of
one host unit. Each kind's evaluator lives in ``engine/evaluators/<topic>.py`` and registers
itself with the decorators below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from ..composition import EffectiveRule
from ..model.params import RuleKind
from .context import AccountView, EvaluationContext, UnitIndex
from .findings import Finding

AccountEvaluator = Callable[[EffectiveRule, AccountView, EvaluationContext], Iterable[Finding]]
UnitEvaluator = Callable[[EffectiveRule, UnitIndex, EvaluationContext], Iterable[Finding]]
F = TypeVar("F")

ACCOUNT_EVALUATORS: dict[RuleKind, AccountEvaluator] = {}
UNIT_EVALUATORS: dict[RuleKind, UnitEvaluator] = {}


def account_evaluator(*kinds: RuleKind) -> Callable[[F], F]:
    def register(function: F) -> F:
        for kind in kinds:
            if kind in ACCOUNT_EVALUATORS:
                raise RuntimeError(f"two account evaluators for {kind}")
            ACCOUNT_EVALUATORS[kind] = function  # type: ignore[assignment]
        return function

    return register


def unit_evaluator(*kinds: RuleKind) -> Callable[[F], F]:
    def register(function: F) -> F:
        for kind in kinds:
            if kind in UNIT_EVALUATORS:
                raise RuntimeError(f"two unit evaluators for {kind}")
            UNIT_EVALUATORS[kind] = function  # type: ignore[assignment]
        return function

    return register


from . import evaluators  # noqa: E402,F401  (registers every evaluator)
