"""The library's front door: rulebooks by jurisdiction and date, overlays, diffs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path


from .composition import Overlay, Rulebook, compose
from .dates import parse_date
from .diff import RulebookDiff, diff_rulebooks
from .errors import InputError
from .loading import PolicyLibrary, default_library, load_overlay as _load_overlay

__all__ = ["today", "rulebook", "load_overlay", "diff"]

_SHANGHAI_OFFSET = dt.timezone(dt.timedelta(hours=8))


def today() -> dt.date:
    """Today in Asia/Shanghai, the zone every date in this library is read in (UTC+08:00, without
    daylight saving since 1991: a fixed offset is exact, and needs no zone database at start-up)."""
    return dt.datetime.now(_SHANGHAI_OFFSET).date()


def rulebook(
    jurisdiction: str,
    on: dt.date | str | None = None,
    *,
    overlays: Sequence[Overlay | str | Path] = (),
    library: PolicyLibrary | None = None,
) -> Rulebook:
    """The rules in force in ``jurisdiction`` (id or alias) on ``on`` (default: today).

    ``overlays`` are what-if or newly issued rule sets, as ``Overlay`` objects or file paths.
    """
    library = library or default_library()
    try:
        day = today() if on is None else parse_date(on)
    except InputError as exc:
        raise InputError("on", exc.problem) from None
    loaded = [o if isinstance(o, Overlay) else _load_overlay(o, library) for o in overlays]
    return compose(library, jurisdiction, day, loaded)


def load_overlay(path: str | Path, library: PolicyLibrary | None = None) -> Overlay:
    return _load_overlay(path, library or default_library())


def diff(left: str | Rulebook, right: str | Rulebook, on: dt.date | str | None = None) -> RulebookDiff:
    """Rule-by-rule differences; jurisdictions may be given by id or alias."""
    a = left if isinstance(left, Rulebook) else rulebook(left, on)
    b = right if isinstance(right, Rulebook) else rulebook(right, on)
    return diff_rulebooks(a, b)
