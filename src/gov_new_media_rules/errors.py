"""The library's own exceptions.

Every error a user can cause by what they hand in — a policy file, an overlay, a facts file, a
date outside the holiday data — is one of these, so that callers can catch ``GnmrError`` and the
CLI can turn it into a one-line message and exit code 2 instead of a traceback.
"""

from __future__ import annotations

__all__ = [
    "GnmrError",
    "PolicyLoadError",
    "CompositionError",
    "CalendarCoverageError",
    "CalendarDataError",
    "UnknownJurisdictionError",
    "UnknownRuleError",
    "InputError",
    "ScenarioError",
]


class GnmrError(Exception):
    """Base class of every error this library raises on purpose."""


class PolicyLoadError(GnmrError):
    """A policy or overlay file is malformed; the message names the file and the key."""

    def __init__(self, path: object, key: str | None, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}" if key else self.path
        super().__init__(f"{where}: {problem}")


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
        self.path = path
        self.problem = problem
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(f"{prefix}{path}: {problem}" if path else f"{prefix}{problem}")


class ScenarioError(GnmrError):
    """A scenario file (``gnmr test``) is malformed; the message names the file and the key."""

    def __init__(self, path: object, key: str | None, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}" if key else self.path
        super().__init__(f"{where}: {problem}")
