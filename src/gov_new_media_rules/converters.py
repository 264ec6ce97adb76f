"""The cattrs converter for policy data and facts.

cattrs' defaults are lenient in ways that would lose a user's mistake (``bool("no")`` is True,
``int(2.5)`` is 2), so the primitive hooks here accept only the matching JSON/TOML type. Extra
keys are forbidden everywhere: an unknown key is a typo until proven otherwise.
"""

from __future__ import annotations

import datetime as dt
import typing
from enum import Enum, StrEnum
from typing import Any

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from .dates import PartialDate

_UNKNOWN_KEYS = "unknown key(s): "


def _strict(kind: type, *accepted: type) -> Any:
    names = " or ".join(t.__name__ for t in accepted)

    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {names}, got a boolean")
        if not isinstance(value, accepted):
            raise TypeError(f"expected {names}, got {type(value).__name__} {value!r}")
        return kind(value)

    return hook


def _date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError(f"expected a date, got a datetime {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None
    raise TypeError(f"expected a date, got {type(value).__name__} {value!r}")


def _enum(value: Any, cls: type[StrEnum]) -> StrEnum:
    # Registered for StrEnum so that single dispatch prefers it to the ``str`` hook, which would
    # otherwise accept any string as a member of every vocabulary.
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__} {value!r}")
    return cls(value)


def _partial_date(value: Any, _: Any) -> PartialDate:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return PartialDate.parse(value.isoformat())
    if isinstance(value, str):
        return PartialDate.parse(value)
    raise TypeError(f"expected a partial date string, got {type(value).__name__} {value!r}")


def make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str, str))
    converter.register_structure_hook(StrEnum, _enum)
    converter.register_structure_hook(bool, _strict(bool, bool))
    converter.register_structure_hook(int, _strict(int, int))
    converter.register_structure_hook(float, _strict(float, int, float))
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook(PartialDate, _partial_date)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_unstructure_hook(PartialDate, str)
    return converter


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        return _UNKNOWN_KEYS + ", ".join(sorted(exc.extra_fields))
    if isinstance(exc, KeyError):
        return "required key missing"
    enum = next((t for t in (type_, *typing.get_args(type_)) if isinstance(t, type) and issubclass(t, Enum)), None)
    if enum is not None:  # also an optional vocabulary field, ``Platform | None``
        allowed = ", ".join(member.value for member in enum)
        return f"{exc}; expected one of: {allowed}"
    return str(exc) or type(exc).__name__


def describe_structure_error(exc: Exception) -> tuple[str, str]:
    """The first failing path (``rules[3].params.minimum``) and a one-line reason.

    cattrs reports every failure in a tree of exception groups; a person fixing a file wants the
    first one, named by its path.
    """
    if isinstance(exc, ClassValidationError | IterableValidationError):
        messages = cattrs.transform_error(exc, path="$", format_exception=_format_exception)
        first = messages[0] if messages else str(exc)
        reason, _, path = first.rpartition(" @ ")
        path = path.removeprefix("$").lstrip(".")
        if reason.startswith(_UNKNOWN_KEYS):
            keys = reason.removeprefix(_UNKNOWN_KEYS)
            path = f"{path}.{keys}" if path else keys
            reason = "unknown key" if "," not in keys else "unknown keys"
        return path, reason or first
    return "", str(exc)
