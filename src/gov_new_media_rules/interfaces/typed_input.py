"""What a person types on the command line, read the way they mean it.

* Jurisdictions by id, alias or Chinese name (``zezhou``, ``ZEZHOU``, ``泽州县``; ``国家`` and
  ``全国`` for the national level), matched case-insensitively. The names come from the
  jurisdiction tree (``policies/**/jurisdiction.toml``), so a jurisdiction added there is
  found by its name with no change here.
* Topics by their English value or the site's Chinese label (``filing``, ``备案``), or an
  unambiguous start of a label (``更新`` for 更新频次).
* Dates as ``YYYY-MM-DD``, with errors that say what is wrong: the format, or a day that does
  not exist.

Every mistake is a :class:`~gov_new_media_rules.errors.GnmrError` with a one-line message that
names the option and lists the valid values, so the CLI exits 2 without a traceback.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from enum import Enum
from typing import TypeVar

from ..dates import SUPPORTED_FROM, SUPPORTED_UNTIL, outside_supported, parse_date
from ..errors import GnmrError, clipped
from ..model.jurisdictions import JurisdictionTree
from ..model.labels import LEVEL_ZH
from ..model.vocab import TOPIC_ZH, Level, Topic

__all__ = ["InputUsageError", "choice", "day", "jurisdiction_id", "topic", "topics_help"]

E = TypeVar("E", bound=Enum)

# Words for the national level that are not its name in the tree (中华人民共和国): the level's
# label (国家) and the everyday word for "nationwide".
_NATIONAL_WORDS = (LEVEL_ZH[str(Level.NATIONAL)], "全国")
_DAY_SHAPE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class InputUsageError(GnmrError):
    """A value typed on the command line that means nothing: exit 2, one line."""


def _fold(text: str) -> str:
    return text.strip().casefold()


def jurisdiction_id(tree: JurisdictionTree, text: str, option: str = "-j/--jurisdiction") -> str:
    """The id of the jurisdiction ``text`` names: an id, an alias or a Chinese name, any case."""
    key = _fold(text)
    names: dict[str, tuple[str, str]] = {}  # folded name -> (id, name as written)
    for node in tree:
        words = [node.id, *node.aliases, node.name, *filter(None, [node.name_en])]
        if node.level is Level.NATIONAL:
            words += _NATIONAL_WORDS
        for word in words:
            names.setdefault(_fold(word), (node.id, word))
    if key in names:
        return names[key][0]
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(dict.fromkeys(names[c][1] for c in close))}?)" if close else ""
    # The jurisdictions with a short name (those with their own documents); the rest by id.
    shown = [f"{node.aliases[0]} ({node.name})" for node in tree if node.aliases]
    raise InputUsageError(f"{option}: unknown jurisdiction {clipped(text)}{hint}; for example {', '.join(shown)}; "
                          f"'gnmr jurisdictions' lists all {len(list(tree))} with their ids")


def topics_help() -> str:
    """The topics as ``--help`` lists them: English value and Chinese label."""
    return ", ".join(f"{t.value} ({TOPIC_ZH[t]})" for t in Topic)


def topic(text: str, option: str = "--topic") -> Topic:
    """A topic by English value or Chinese label, or the unambiguous start of a label."""
    key = _fold(text)
    for member in Topic:
        if key in (member.value, _fold(TOPIC_ZH[member])):
            return member
    starts = [m for m in Topic if key and _fold(TOPIC_ZH[m]).startswith(key)]
    if len(starts) == 1:
        return starts[0]
    close = difflib.get_close_matches(key, [m.value for m in Topic], n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise InputUsageError(f"{option}: unknown topic {clipped(text)}{hint}; expected one of: {topics_help()}")


def choice(enum: type[E], text: str, option: str, labels: dict[str, str] | None = None) -> E:
    """A member of ``enum`` by value (any case), or by its Chinese label when ``labels`` has one."""
    key = _fold(text)
    for member in enum:
        if key == _fold(str(member.value)) or (labels and key == _fold(labels.get(str(member.value), "\0"))):
            return member
    listed = ", ".join(
        f"{m.value} ({labels[str(m.value)]})" if labels and str(m.value) in labels else str(m.value) for m in enum
    )
    raise InputUsageError(f"{option}: unknown value {clipped(text)}; expected one of: {listed}")


def day(text: str, option: str) -> dt.date:
    """A day typed as ``YYYY-MM-DD``; the error says whether the format or the day is wrong."""
    shape = _DAY_SHAPE.fullmatch(text.strip())
    if shape:
        year, month, number = (int(g) for g in shape.groups())
        if not 1 <= month <= 12:
            raise InputUsageError(f"{option}: {clipped(text)} has no such month ({month}); expected YYYY-MM-DD, e.g. 2025-02-10")
        last = calendar.monthrange(year, month)[1] if year >= 1 else 31
        if not 1 <= number <= last:
            raise InputUsageError(
                f"{option}: {clipped(text)} is a day that does not exist ({year}-{month:02d} has {last} days); "
                "expected YYYY-MM-DD, e.g. 2025-02-10"
            )
        if not SUPPORTED_FROM.year <= year <= SUPPORTED_UNTIL.year:
            raise InputUsageError(f"{option}: {outside_supported(clipped(text))}")
    try:
        return parse_date(text)
    except GnmrError as exc:
        if "got a date-time" in str(exc):
            problem = "is a date-time; expected a day as YYYY-MM-DD"
        else:
            problem = "is not a date in the format YYYY-MM-DD"
        raise InputUsageError(f"{option}: {clipped(text)} {problem} (e.g. 2025-02-10)") from None
