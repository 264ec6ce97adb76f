"""TOML in, for every file a user hands in (policies, overlays, scenarios, calendar years).

``tomllib`` parses nested arrays and inline tables by recursion, so a file nested a few thousand
levels deep raises ``RecursionError`` — a crash, where the file is simply malformed. Here it is a
``TOMLDecodeError`` like any other, which each reader already turns into its own one-line message;
so are bytes that are not UTF-8.
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
    """A TOML file's bytes; bytes that are not UTF-8 are malformed TOML too (TOML is UTF-8)."""
    data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise tomllib.TOMLDecodeError(f"not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    return loads(text)
