"""TOML in, for every file a user hands in (policies, overlays, scenarios, calendar years).

``tomllib`` parses nested arrays and inline tables by recursion, so a file nested a few thousand
levels deep raises ``RecursionError`` — a crash, where the file is simply malformed. Here it is a
``TOMLDecodeError`` like any other, which each reader already turns into its own one-line message.
"""

from __future__ import annotations

import tomllib
from typing import IO, Any

__all__ = ["load", "loads"]

TOO_DEEP = "nested too deeply (arrays or inline tables within each other, thousands of levels)"


def loads(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(TOO_DEEP) from None


def load(handle: IO[bytes]) -> dict[str, Any]:
    try:
        return tomllib.load(handle)
    except RecursionError:
        raise tomllib.TOMLDecodeError(TOO_DEEP) from None
