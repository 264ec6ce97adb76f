"""The cattrs converter for policy data and facts.

cattrs' defaults are lenient in ways that would lose a user's mistake (``bool("no")`` is True,
``int(2.5)`` is 2), so the primitive hooks here accept only the matching JSON/TOML type. Extra
keys are forbidden everywhere: an unknown key is a typo until proven otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing
from enum import StrEnum
from typing import Any

import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from .bounds import FieldValueError
from .dates import PartialDate, check_supported
from .errors import VALUE_LIMIT, InputError, clipped, one_of

_UNKNOWN_KEYS = "unknown key(s): "
_FIELD = " \x1f field "  # between a FieldValueError's problem and its field, until the path is made
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def shown_key(key: object) -> str:
    """A key from the input as a path shows it: as written if it is a printable string, else its
    clipped repr, so that a message stays on one line whatever the key holds (a line break, a
    megabyte, or, through the Python API, ``None``)."""
    return key if type(key) is str and key.isprintable() and len(key) <= VALUE_LIMIT else clipped(key)


def _got(value: Any) -> str:
    return f"got {type(value).__name__} {clipped(value)}"


def well_formed(text: str) -> str:
    """``text`` itself, if it is well-formed Unicode: JSON's ``\\ud83d`` escapes can decode to a lone
    surrogate, which no UTF-8 output (a terminal, a report, a JSON file) can carry."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"not well-formed Unicode (a lone surrogate at character {exc.start}): {clipped(text)}") from None
    return text


def _string(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a string, {_got(value)}")
    return well_formed(value)


def _boolean(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected true or false, {_got(value)}")
    return value


def _integer(value: Any, _: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, {_got(value)}")
    return value


def _number(value: Any, _: Any) -> float:
    if type(value) not in (int, float):
        raise TypeError(f"expected a number, {_got(value)}")
    number = float(value) if abs(value) < 1e308 else value  # int → float overflows past 1e308
    if not isinstance(number, float) or not math.isfinite(number):
        raise ValueError(f"expected a finite number, {_got(value)}")
    return number


def _supported(day: dt.date) -> dt.date:
    try:
        return check_supported(day)
    except InputError as exc:
        raise ValueError(exc.problem) from None


def _date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError(f"expected a date, got a date-time {clipped(value.isoformat())}")
    if isinstance(value, dt.date):
        return _supported(value)
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            if _ISO_DAY.fullmatch(value):
                raise ValueError(f"no such day: {clipped(value)} (YYYY-MM-DD)") from None
            raise ValueError(f"not an ISO date (YYYY-MM-DD): {clipped(value)}") from None
        return _supported(day)
    raise TypeError(f"expected a date (YYYY-MM-DD), {_got(value)}")


def _enum(value: Any, cls: type[StrEnum]) -> StrEnum:
    # Registered for StrEnum so that single dispatch prefers it to the ``str`` hook, which would
    # otherwise accept any string as a member of every vocabulary.
    if not isinstance(value, str):
        raise TypeError(f"expected a string, {_got(value)}")
    try:
        return cls(value)
    except ValueError:
        raise ValueError(f"{clipped(value)} is not a valid {cls.__name__}; {one_of([m.value for m in cls], value)}") from None


def _partial_date(value: Any, _: Any) -> PartialDate:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return PartialDate.parse(value.isoformat())
    if isinstance(value, str):
        return PartialDate.parse(value)
    raise TypeError(f"expected a partial date string, {_got(value)}")


def _is_array(type_: Any) -> bool:
    """``tuple[X, ...]`` or ``list[X]``: what a JSON or TOML array becomes."""
    origin, args = typing.get_origin(type_), typing.get_args(type_)
    return origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis)


def _arrays_only(type_: Any, converter: cattrs.Converter) -> Any:
    """cattrs reads any iterable as a sequence: a string of 300,000 characters becomes 300,000
    items, each a failure of its own. An array field takes an array, or says so once."""
    factory = list_structure_factory if typing.get_origin(type_) is list else homogenous_tuple_structure_factory
    inner = factory(type_, converter)

    def hook(value: Any, target: Any) -> Any:
        if type(value) not in (list, tuple):
            raise TypeError(f"expected a list, {_got(value)}")
        return inner(value, target)

    return hook


def make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _string)
    converter.register_structure_hook(StrEnum, _enum)
    converter.register_structure_hook(bool, _boolean)
    converter.register_structure_hook(int, _integer)
    converter.register_structure_hook(float, _number)
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook(PartialDate, _partial_date)
    converter.register_structure_hook_factory(_is_array, _arrays_only)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_unstructure_hook(PartialDate, str)
    return converter


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        return _UNKNOWN_KEYS + ", ".join(sorted(map(shown_key, exc.extra_fields)))
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, FieldValueError):  # raised by a validator: the path is the object's, not yet the field's
        return f"{exc.problem}{_FIELD}{exc.field}"
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
        reason, _, field = reason.partition(_FIELD)
        if field:
            path = f"{path}.{field}" if path else field
        if reason.startswith(_UNKNOWN_KEYS):
            keys = reason.removeprefix(_UNKNOWN_KEYS)
            path = f"{path}.{keys}" if path else keys
            reason = "unknown key" if "," not in keys else "unknown keys"
        return path, reason or first
    if isinstance(exc, FieldValueError):
        return exc.field, exc.problem
    return "", str(exc)
