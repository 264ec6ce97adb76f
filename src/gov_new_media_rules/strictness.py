"""Is a refinement stricter than the rule it refines?

Lower documents may tighten higher ones, never loosen them. Each parameter is compared by what it
means: a larger minimum, a shorter deadline, a longer announcement period, more prohibited
categories and fewer allowed repost sources are tighter. Where the answer depends on the calendar
(7 working days against 2 calendar weeks is shorter in most weeks and longer across the Spring
Festival) the verdict is ``INCOMPARABLE``, reported as such rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from fractions import Fraction
from typing import Any

import attrs

from .model.params import Duration, DurationUnit, FrequencyParams
from .model.taxonomy import OPERATOR, REPOST, Taxonomy

__all__ = ["Verdict", "Comparison", "compare_params"]


class Verdict(StrEnum):
    TIGHTER = "tighter"
    SAME = "same"
    LOOSER = "looser"
    INCOMPARABLE = "incomparable"
    CHANGED = "changed"  # a descriptive value (an actor, a free-text name) that is not ordered


@attrs.frozen
class Comparison:
    field: str
    verdict: Verdict
    before: Any
    after: Any
    detail: str = ""


# How each field of each params class is ordered. "more" means a larger value is stricter,
# "less" a smaller one; "superset"/"subset" for lists; "duration_max"/"duration_min" for time.
_ORDER: dict[str, str] = {
    "minimum": "more",
    "maximum": "less",
    "within": "duration_shorter",
    "limit": "duration_shorter",
    "every": "duration_shorter",
    "min_account_age": "duration_shorter",
    "duration": "duration_longer",
    "events": "scope",
    "recipients": "superset",
    "categories": "superset",
    "practices": "superset",
    "requirements": "superset",
    "elements": "superset",
    "stages": "superset",
    "after_stages": "superset",
    "sign_off": "superset",
    "conditions": "conditions",
    "steps": "superset",
    "forbidden_subjects": "superset",
    "allowed": "subset",
    "allowed_operators": "subset",
    "interview_after_problems": "less",
    # Judging new openings only narrows a rule; judging every account again tightens it.
    "new_openings_only": "less",
}

# Lists of permitted kinds whose kinds nest: permitting only narrower kinds of a permitted kind
# tightens (湖州市 6.2.5 names two kinds of the national "相关机构").
_NESTED: dict[str, Taxonomy] = {"allowed": REPOST, "allowed_operators": OPERATOR}

# Booleans are duties switched on; switching one off loosens.
_BOOLEAN = "flag"


def _durations(before: Duration | None, after: Duration | None, shorter_is_tighter: bool) -> tuple[Verdict, str]:
    if before == after:
        return Verdict.SAME, ""
    if before is None:
        return Verdict.TIGHTER, "adds a time limit where there was none"
    if after is None:
        return Verdict.LOOSER, "removes the time limit"
    a, b = _common_measure(after, before)
    if a is not None and b is not None:
        if a == b:
            return Verdict.SAME, ""
        shorter = a < b
        return (Verdict.TIGHTER if shorter == shorter_is_tighter else Verdict.LOOSER), ""
    return (
        Verdict.INCOMPARABLE,
        f"{before.zh()} and {after.zh()} cannot be compared in general: working days depend on the holiday calendar",
    )


_MONTHS = {DurationUnit.MONTHS: 1, DurationUnit.YEARS: 12}


def _common_measure(x: Duration, y: Duration) -> tuple[int | None, int | None]:
    """Both durations in one unit where that is exact: same unit, days/weeks, or months/years."""
    if x.unit == y.unit:
        return x.amount, y.amount
    if x.calendar_days() is not None and y.calendar_days() is not None:
        return x.calendar_days(), y.calendar_days()
    if x.unit in _MONTHS and y.unit in _MONTHS:
        return x.amount * _MONTHS[x.unit], y.amount * _MONTHS[y.unit]
    return None, None


def _rate(params: FrequencyParams) -> tuple[Fraction, DurationUnit] | None:
    if params.minimum is None or params.per is None:
        return None
    days = params.per.calendar_days()
    if days is not None:
        return Fraction(params.minimum, days), DurationUnit.CALENDAR_DAYS
    return Fraction(params.minimum, params.per.amount), params.per.unit


def _frequency(before: FrequencyParams, after: FrequencyParams) -> Iterator[Comparison]:
    if before == after:
        return
    if before.per is None and after.per is None:
        # A bare number with no period on either side compares as a number.
        yield _ordered("minimum", "more", before.minimum, after.minimum)
        return
    rate_before, rate_after = _rate(before), _rate(after)
    if after.minimum is None and before.minimum is None:
        yield Comparison("per", Verdict.CHANGED, before, after, "a period without a number")
        return
    if rate_before is None and before.minimum is None:
        yield Comparison("minimum", Verdict.TIGHTER, before, after, "sets a number where the text had none")
        return
    if rate_after is None:
        yield Comparison("minimum", Verdict.LOOSER, before, after, "removes the required number")
        return
    if rate_before is None or rate_before[1] != rate_after[1]:
        yield Comparison(
            "per", Verdict.INCOMPARABLE, before, after, "a rate per working day and a rate per calendar day cannot be compared"
        )
        return
    if rate_after[0] == rate_before[0]:
        verdict = Verdict.SAME
    else:
        verdict = Verdict.TIGHTER if rate_after[0] > rate_before[0] else Verdict.LOOSER
    yield Comparison("minimum", verdict, before, after, "compared as posts per day")


def _conditions(name: str, before: Any, after: Any) -> Comparison:
    """Conditions are matched by id: dropping one loosens, changing one's figures is not ordered."""
    old = {c.id: c for c in before or ()}
    new = {c.id: c for c in after or ()}
    dropped = sorted(old.keys() - new.keys())
    if dropped:
        return Comparison(name, Verdict.LOOSER, before, after, f"drops {', '.join(dropped)}")
    changed = sorted(k for k in old if old[k] != new[k])
    if changed:
        return Comparison(name, Verdict.CHANGED, before, after, f"changes the figures of {', '.join(changed)}")
    return Comparison(name, Verdict.TIGHTER, before, after, f"adds {', '.join(sorted(new.keys() - old.keys()))}")


def _ordered(name: str, order: str, before: Any, after: Any) -> Comparison:
    if before == after:
        return Comparison(name, Verdict.SAME, before, after)
    if isinstance(before, Duration) or isinstance(after, Duration):
        order = "duration_longer" if order in ("more", "duration_longer") else "duration_shorter"
    if order.startswith("duration"):
        verdict, detail = _durations(before, after, shorter_is_tighter=order == "duration_shorter")
        return Comparison(name, verdict, before, after, detail)
    if order in ("more", "less"):
        if before is None:
            return Comparison(name, Verdict.TIGHTER, before, after, "sets a number where there was none")
        if after is None:
            return Comparison(name, Verdict.LOOSER, before, after, "removes the number")
        tighter = after > before if order == "more" else after < before
        return Comparison(name, Verdict.TIGHTER if tighter else Verdict.LOOSER, before, after)
    if order == "conditions":
        return _conditions(name, before, after)
    if order in ("superset", "subset", "scope"):
        b, a = set(before or ()), set(after or ())
        if order == "scope":
            # Naming fewer events narrows what the refinement covers; the rule it refines still
            # governs the rest, so this is a scope, not a loosening.
            return Comparison(name, Verdict.SAME if a == b else Verdict.CHANGED, before, after, "scope of the refinement")
        if order == "subset":
            taxonomy = _NESTED.get(name)
            if taxonomy is not None:
                # Each kind permitted after must fall inside a kind permitted before.
                outside = sorted(str(x) for x in a if not taxonomy.covered(str(x), {str(y) for y in b}))
                if outside:
                    return Comparison(name, Verdict.LOOSER, before, after, f"adds {', '.join(outside)}")
                return Comparison(name, Verdict.TIGHTER, before, after)
            b, a = a, b
        if a >= b:
            return Comparison(name, Verdict.TIGHTER, before, after)
        missing = ", ".join(sorted(str(x) for x in (b - a)))
        return Comparison(name, Verdict.LOOSER, before, after, f"drops {missing}" if order == "superset" else f"adds {missing}")
    if order == _BOOLEAN:
        return Comparison(name, Verdict.LOOSER if before and not after else Verdict.TIGHTER, before, after)
    return Comparison(name, Verdict.CHANGED, before, after)


def value_text(value: Any) -> str:
    """A parameter value as a person reads it: "3次/1周", "2个工作日", "a, b"."""
    if value is None:
        return "—"
    if isinstance(value, Duration):
        return value.zh()
    if isinstance(value, FrequencyParams):
        if value.minimum is None:
            return "no number"
        return f"{value.minimum}次/{value.per.zh() if value.per else '?'}"
    if isinstance(value, tuple | list | set | frozenset):
        return ", ".join(str(getattr(v, "id", None) or getattr(v, "role", None) or v) for v in value) or "—"
    return str(value)


def compare_params(before: Any, after: Any) -> tuple[Comparison, ...]:
    """Field-by-field verdicts for a refinement of ``before`` into ``after`` (same class)."""
    if type(before) is not type(after):
        return (Comparison("kind", Verdict.INCOMPARABLE, before, after, "different kinds of rule"),)
    if isinstance(before, FrequencyParams):
        return tuple(_frequency(before, after))
    results = []
    for field in attrs.fields(type(before)):
        old, new = getattr(before, field.name), getattr(after, field.name)
        if old == new:
            continue
        order = _ORDER.get(field.name, _BOOLEAN if isinstance(old, bool) else "changed")
        results.append(_ordered(field.name, order, old, new))
    return tuple(results)
