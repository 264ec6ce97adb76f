"""Duties that hold only while an account is live: judged over its live spans, never after.

Posting frequencies, original posts and dormancy presuppose a live account. Their evaluators
judge one window up to ``as_of``; :func:`over_live_spans` runs them once per live span of the
account (facts/lifecycle.py) instead, each span judged as of its own last day, so that:

* after a closure notice (停更期), a shut-down or a cancellation nothing is required any more: no
  week, run or silence after the span's end is judged;
* at the end of a closed span, what was already complete is judged as usual (a week that ended
  short of posts before the notice is still a violation), while what was still running — the
  current week, a silence not yet over the limit, the next post's due date — is not: the span
  ended it, as the opening begins the first;
* a re-opened account starts afresh on the day it re-opened.

The account then gets one ``not_applicable`` finding saying that, and since when, the rule no
longer applies. An account that was never closed is evaluated exactly as before.

Duties of an existing account — its naming, its subject, the "notice → interview → shut down"
ladder, its technical and operator requirements — end when it is shut down or cancelled
(:func:`while_account_exists`); a closure notice alone does not end them, since the account is
still there.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..composition import EffectiveRule
from ..model.vocab import EventType
from .context import AccountView, EvaluationContext, make_finding
from .findings import Finding, Status
from .registry import AccountEvaluator

__all__ = ["ladder_ends_with_the_account", "over_current_span", "over_live_spans", "while_account_exists"]

_STATE_ZH = {
    EventType.CLOSURE_ANNOUNCED: "发布停更（关停）公告，进入停更期",
    EventType.ACCOUNT_SHUT_DOWN: "关停",
    EventType.ACCOUNT_CANCELLED: "注销",
}
_STATE_EN = {
    EventType.CLOSURE_ANNOUNCED: "published its closure notice (stop-update period)",
    EventType.ACCOUNT_SHUT_DOWN: "was shut down",
    EventType.ACCOUNT_CANCELLED: "was cancelled",
}


def _complete(finding: Finding) -> bool:
    """Was this finding, made as of a span's last day, a verdict the span's end leaves standing?

    Violations are (a week short of posts, a silence over the limit), and so are compliant
    findings on periods, including a closing week whose live days already met the minimum. What
    was still running when the span ended is not: a pending week, or the state on the last day
    with the next post's due date ("posted recently; the next post is due on …").
    """
    status = finding.status
    if status is Status.VIOLATION:
        return True
    return status is Status.COMPLIANT and finding.due is None and finding.calendar_gap is None


def _no_longer(rule: EffectiveRule, view: AccountView, context: EvaluationContext, why_zh: str, why_en: str) -> Finding:
    life = view.lifecycle
    on = life.state_on.isoformat()  # type: ignore[union-attr]
    return make_finding(
        rule, view.id, Status.NOT_APPLICABLE,
        f"账号已于{on}{_STATE_ZH[life.state]}，{why_zh}，本规定不再适用。",  # type: ignore[index]
        f"The account {_STATE_EN[life.state]} on {on}: {why_en} and the rule no longer applies.",  # type: ignore[index]
        period=f"{on}/{context.as_of.isoformat()}",
        figures={"lifecycle": str(life.state), "since": on},
    )


def while_account_exists(evaluator: AccountEvaluator) -> AccountEvaluator:
    """Wrap an evaluator of a duty of an existing account: none once it is shut down or cancelled."""

    def evaluate(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
        life = view.lifecycle
        findings = evaluator(rule, view, context)
        if life.exists or life.state is None:
            yield from findings
        elif any(True for _ in findings):  # a rule this evaluator judges for the account at all
            yield _no_longer(rule, view, context, "账号已不存在", "the account no longer exists")

    evaluate.__name__ = getattr(evaluator, "__name__", "evaluate")
    evaluate.__doc__ = evaluator.__doc__
    return evaluate


def ladder_ends_with_the_account(evaluator: AccountEvaluator) -> AccountEvaluator:
    """An escalation ladder (通报 → 约谈 → 关停) ends with the account: once it is shut down or
    cancelled nothing more is due (no interview, no shut-down). A ladder the closure completed
    stays compliant; anything still owed becomes ``not_applicable``."""

    def evaluate(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
        life = view.lifecycle
        findings = list(evaluator(rule, view, context))
        if life.exists or life.state is None:
            yield from findings
            return
        done = [f for f in findings if f.status is Status.COMPLIANT]
        yield from done or [_no_longer(rule, view, context, "不再进入约谈、关停程序", "no interview or shut-down is due any more")]

    evaluate.__name__ = getattr(evaluator, "__name__", "evaluate")
    evaluate.__doc__ = evaluator.__doc__
    return evaluate


def over_current_span(evaluator: AccountEvaluator) -> AccountEvaluator:
    """Clean-up conditions judge the account's current life: a re-opened account from its
    re-opening (its age, its silences), and an account in its stop-update period as it stood on
    its last live day — the silence a closure notice orders is no ground for closing it. Shut-down
    and cancelled accounts are left to the evaluator (not applicable)."""

    def evaluate(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
        life = view.lifecycle
        if life.simple or not life.spans or not life.exists:
            yield from evaluator(rule, view, context)
            return
        span = life.spans[-1]
        if span.end is None:
            yield from evaluator(rule, view.for_span(span.start, context.as_of), context)
            return
        yield from evaluator(rule, view.for_span(span.start, context.as_of, live_until=span.end), context)

    evaluate.__name__ = getattr(evaluator, "__name__", "evaluate")
    evaluate.__doc__ = evaluator.__doc__
    return evaluate


def over_live_spans(evaluator: AccountEvaluator) -> AccountEvaluator:
    """Wrap an evaluator of a duty of live accounts so that it judges only their live spans."""

    def evaluate(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
        life = view.lifecycle
        if life.simple:
            yield from evaluator(rule, view, context)
            return
        for span in life.spans:
            if span.end is None:
                yield from evaluator(rule, view.for_span(span.start, context.as_of), context)
                continue
            if span.start is not None and span.end < span.start:
                continue  # closed on the day it opened
            if span.end < context.since:
                continue  # over before the report window
            sub = evaluator(rule, view.for_span(span.start, span.end), context.until(span.end))
            yield from (f for f in sub if _complete(f))
        if not life.live and life.state is not None:
            yield _no_longer(rule, view, context, "此后不再要求更新", "from then on no update is required")

    evaluate.__name__ = getattr(evaluator, "__name__", "evaluate")
    evaluate.__doc__ = evaluator.__doc__
    return evaluate
