"""The ranges a model field accepts, declared on the field as attrs validators.

A value outside its range is not a fact the engine can reason about (a follower count of −5, a
review stage of 10³⁰, an opening in 9999): it is refused where it enters, whether it came from
JSON or was built in Python, and the message says what was expected. The ranges are stated here
once; ``gnmr schema`` publishes them as ``minimum`` and ``maximum``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

from .dates import SUPPORTED_FROM, SUPPORTED_UNTIL, outside_supported
from .errors import clipped

__all__ = ["FieldValueError", "between", "finite_between", "supported_day", "range_of"]

class FieldValueError(ValueError):
    """A field's value is out of its range; ``field`` names it, so the path can end with it."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def between(low: int, high: int) -> Any:
    """An integer from ``low`` to ``high`` inclusive (None passes: "not given")."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not (type(value) is int and low <= value <= high):
            raise FieldValueError(attribute.name, f"expected an integer from {low} to {high:,}, got {clipped(value)}")

    check.gnmr_range = (low, high)  # type: ignore[attr-defined]
    return check


def finite_between(low: float, high: float) -> Any:
    """A finite number from ``low`` to ``high`` inclusive."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not (
            type(value) in (int, float) and math.isfinite(value) and low <= value <= high
        ):
            raise FieldValueError(attribute.name, f"expected a finite number from {low:g} to {high:g}, got {clipped(value)}")

    check.gnmr_range = (low, high)  # type: ignore[attr-defined]
    return check


def supported_day(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A day within the supported dates (None passes: "not given")."""
    if value is not None and not (isinstance(value, dt.date) and SUPPORTED_FROM <= value <= SUPPORTED_UNTIL):
        raise FieldValueError(attribute.name, outside_supported(clipped(value)))


def range_of(attribute: attrs.Attribute[Any]) -> tuple[float, float] | None:
    """The (minimum, maximum) a field's validator declares, for the JSON Schema."""
    validator = attribute.validator
    checks = getattr(validator, "_validators", (validator,))  # attrs' and_() keeps its members there
    for check in checks:
        found = getattr(check, "gnmr_range", None)
        if found is not None:
            return found
    return None
