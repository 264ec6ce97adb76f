"""The library's own exceptions.

Every error a user can cause by what they hand in — a policy file, an overlay, a facts file, a
date outside the holiday data — is one of these, so that callers can catch ``GnmrError`` and the
CLI can turn it into a one-line message and exit code 2 instead of a traceback.
"""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Iterable

__all__ = [
    "MESSAGE_LIMIT",
    "VALUE_LIMIT",
    "clipped",
    "one_of",
    "GnmrError",
    "PolicyLoadError",
    "CompositionError",
    "CalendarCoverageError",
    "CalendarDataError",
    "UnknownJurisdictionError",
    "UnknownRuleError",
    "InputError",
    "ScenarioError",
    "RegisteredYearSkipped",
]


# A message is one line a person reads in a terminal or a log: at most MESSAGE_LIMIT characters,
# however long or deep the value that caused it. An echoed value is clipped to VALUE_LIMIT.
MESSAGE_LIMIT = 300
VALUE_LIMIT = 80

_repr = reprlib.Repr()
_repr.maxlevel = 2
_repr.maxstring = _repr.maxother = _repr.maxlong = VALUE_LIMIT
_repr.maxlist = _repr.maxtuple = _repr.maxdict = _repr.maxset = 4


def clipped(value: object, limit: int = VALUE_LIMIT) -> str:
    """``repr(value)`` as an error message may show it: one line, at most ``limit`` characters.

    Bounded in depth as well as length (``reprlib``), so a value nested ten thousand levels deep,
    or one that contains itself, costs no more to show than a short one. Lone surrogates and line
    breaks come out escaped, as ``repr`` writes them.
    """
    try:
        text = _repr.repr(value)
    except Exception:  # a user's object whose __repr__ fails is still named by its type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_of(allowed: Iterable[str], given: object = None, *, limit: int = 120) -> str:
    """"expected one of: …", with a suggestion for a near miss, and the list shortened when it
    would not leave room in a one-line message (``gnmr schema`` lists every value)."""
    values = list(allowed)
    close = difflib.get_close_matches(given, values, n=1) if isinstance(given, str) else []
    hint = f"did you mean {close[0]!r}? " if close else ""
    listed = ", ".join(values)
    if len(listed) > limit:
        shown: list[str] = []
        for value in values:
            if len(", ".join([*shown, value])) > limit - 30:
                break
            shown.append(value)
        listed = f"{', '.join(shown)}, … ({len(values)} values, listed by gnmr schema)"
    return f"{hint}expected one of: {listed}"


class GnmrError(Exception):
    """Base class of every error this library raises on purpose."""


_KEY_LIMIT = 120


def _fitted(path: str, key: str | None, problem: str) -> tuple[str | None, str]:
    """The key and the problem shortened so that "path: key: problem" is one line of at most
    MESSAGE_LIMIT characters: they may hold a user's key name or rule id; the path is never cut."""
    if key is not None:
        key = "".join(c if c.isprintable() else repr(c)[1:-1] for c in key)  # "a\nb" on one line
        if len(key) > _KEY_LIMIT:
            key = key[: _KEY_LIMIT - 1] + "…"
    problem = " ".join(problem.split())
    room = max(60, MESSAGE_LIMIT - len(path) - len(key or "") - 4)
    if len(problem) > room:
        problem = problem[: room - 1] + "…"
    return key, problem


class PolicyLoadError(GnmrError):
    """A policy or overlay file is malformed; the message names the file and the key."""

    def __init__(self, path: object, key: str | None, problem: str) -> None:
        self.path = str(path)
        self.key, self.problem = _fitted(self.path, key, problem)
        where = f"{self.path}: {self.key}" if self.key else self.path
        super().__init__(f"{where}: {self.problem}")


class CompositionError(GnmrError):
    """Overlays cannot be composed: a loosening without justification, or a conflict."""


class CalendarCoverageError(GnmrError):
    """A date falls in a year for which no State Council holiday schedule is known."""

    def __init__(self, year: int, covered: tuple[int, int] | None = None) -> None:
        self.year = year
        self.covered = covered
        span = f" (holiday data covers {covered[0]}-{covered[1]})" if covered else ""
        super().__init__(
            f"no working-day data for year {year}{span}; register that year's State Council "
            f"schedule or use provisional mode"
        )


class CalendarDataError(GnmrError):
    """A user-supplied holiday schedule is malformed."""


class UnknownJurisdictionError(GnmrError, LookupError):
    """No jurisdiction has this id or alias."""


class UnknownRuleError(GnmrError, LookupError):
    """No rule has this id."""


class InputError(GnmrError, ValueError):
    """Facts or other user input are malformed; the message names the path of the bad field."""

    def __init__(self, path: str, problem: str, source: str | None = None) -> None:
        self.source = source
        fitted_path, self.problem = _fitted(source or "", path, problem)
        self.path = fitted_path or ""
        prefix = f"{source}: " if source else ""
        super().__init__(f"{prefix}{self.path}: {self.problem}" if self.path else f"{prefix}{self.problem}")


class ScenarioError(GnmrError):
    """A scenario file (``gnmr test``) is malformed; the message names the file and the key."""

    def __init__(self, path: object, key: str | None, problem: str) -> None:
        self.path = str(path)
        self.key, self.problem = _fitted(self.path, key, problem)
        where = f"{self.path}: {self.key}" if self.key else self.path
        super().__init__(f"{where}: {self.problem}")


class RegisteredYearSkipped(UserWarning):
    """Warned by :func:`apply_registered` for each stored year it had to leave out.

    A warning rather than an error: one stale file must not stop every deadline computation, but
    the user must be told why a year they registered is not covered. The CLI prints it as a
    ``gnmr: note:`` line on stderr.
    """
