"""Facts in: JSON or JSON Lines, structured into ``Account`` objects, errors named by path.

Posts are most of the volume (a year of daily posts for every account of a province), so they
take a hand-written path: one dict check, one key-set check and one timestamp parse each. The
rest of an account goes through cattrs, whose errors carry the failing path. Either way an error
names the place, e.g. ``accounts[3].posts[12].published_at``.

JSON Lines input (one account per line) is read lazily, so memory is bounded by the largest
account rather than the file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
from array import array
import json
import sys
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs
import orjson

from .._gc import gc_paused
from ..converters import describe_structure_error, make_converter, shown_key, well_formed
from ..dates import to_shanghai_date
from ..errors import InputError, clipped, one_of
from ..model.params import REVIEW_STAGES
from ..model.vocab import ContentTag, RepostSource
from .model import Account, Facts, Post, PostColumns, Review

__all__ = [
    "iter_accounts",
    "load_facts",
    "account_from_json",
    "accounts_from_json",
    "accounts_from_lines",
    "facts_from_json",
    "open_facts",
]

_converter = make_converter()
_POST_KEYS = frozenset({"published_at", "original", "tags", "repost_source", "reviews", "id"})
_REVIEW_KEYS = frozenset({"stage", "at", "role", "reviewer"})
_TAGS = {tag.value: tag for tag in ContentTag}
_SOURCES = {source.value: source for source in RepostSource}
# Account fields that are lists of objects, and those that are one object: checked before cattrs
# sees them, since cattrs would read ``{}`` or ``""`` as an empty tuple.
_HINTS = typing.get_type_hints(Account)
_LIST_FIELDS = tuple(name for name, tp in _HINTS.items() if name != "posts" and typing.get_origin(tp) is tuple)
_OBJECT_FIELDS = ("operator",)


def _unknown(raw: dict[str, Any], allowed: frozenset[str], path: str) -> None:
    extra = raw.keys() - allowed
    if extra:
        name = sorted(extra, key=shown_key)[0]
        raise InputError(f"{path}.{shown_key(name)}", f"unknown key; {one_of(sorted(allowed), name)}")


def _keys_of(cls: Any) -> frozenset[str] | None:
    return frozenset(a.alias or a.name for a in attrs.fields(cls)) if attrs.has(cls) else None


# The keys of an account and of each object it lists, checked before cattrs sees them: a typo in a
# required key ("plaform") is an unknown key with a suggestion, not "platform: required key missing".
_ACCOUNT_KEYS = _keys_of(Account) or frozenset()
_ITEM_KEYS = {
    name: keys
    for name in (*_LIST_FIELDS, *_OBJECT_FIELDS)
    if (keys := _keys_of(typing.get_args(_HINTS[name])[0] if typing.get_origin(_HINTS[name]) is tuple else
                         next((t for t in typing.get_args(_HINTS[name]) if t is not type(None)), _HINTS[name])))
}


def _check_keys(raw: dict[str, Any], path: str) -> None:
    _unknown(raw, _ACCOUNT_KEYS, path)
    for name, keys in _ITEM_KEYS.items():
        value = raw.get(name)
        if type(value) is dict:
            _unknown(value, keys, f"{path}.{name}")
        elif type(value) is list:
            for index, item in enumerate(value):
                if type(item) is dict:
                    _unknown(item, keys, f"{path}.{name}[{index}]")


def _review(raw: Any, path: str) -> Review:
    if type(raw) is not dict:
        raise InputError(path, f"expected an object, got {type(raw).__name__}")
    _unknown(raw, _REVIEW_KEYS, path)
    stage = raw.get("stage")
    low, high = REVIEW_STAGES
    if type(stage) is not int or not low <= stage <= high:
        raise InputError(f"{path}.stage", f"expected an integer from {low} to {high}, got {clipped(stage)}")
    at = raw.get("at")
    if type(at) is not str:
        raise InputError(f"{path}.at", f"expected an ISO 8601 date or datetime string, got {clipped(at)}")
    try:
        to_shanghai_date(at)
    except InputError as exc:
        raise InputError(f"{path}.at", exc.problem) from None
    return Review(stage, at, _text(raw, "role", path), _text(raw, "reviewer", path))


def _text(raw: dict[str, Any], name: str, path: str) -> str | None:
    """An optional string field of a post or review, checked as cattrs' string hook checks one."""
    value = raw.get(name)
    if value is None:
        return None
    if type(value) is not str:
        raise InputError(f"{path}.{name}", f"expected a string, got {clipped(value)}")
    try:
        return well_formed(value)
    except ValueError as exc:
        raise InputError(f"{path}.{name}", str(exc)) from None


def _posts(raw_posts: list[Any], account_path: str) -> PostColumns:
    """The hot loop: the common lean post (``published_at`` and ``original``) becomes three
    column entries and no object; paths are only formatted when something is wrong."""
    ordinals = array("l")
    published_column: list[str | None] = []
    original_column: list[bool] = []
    rich: dict[int, Post] = {}
    add_day, add_published, add_original = ordinals.append, published_column.append, original_column.append
    parse, ordinal = to_shanghai_date, dt.date.toordinal
    for index, raw in enumerate(raw_posts):
        # Cheapest tests first: an object with "published_at" and at most "original" besides.
        if type(raw) is dict:
            size = len(raw)
            if size == 2:
                original = raw.get("original")
                published = raw.get("published_at") if type(original) is bool else None
            elif size == 1:
                original, published = False, raw.get("published_at")
            else:
                published = None
            if type(published) is str:
                try:
                    add_day(ordinal(parse(published)))
                except InputError:
                    pass
                else:
                    add_published(published)
                    add_original(original)
                    continue
        post = _post(raw, f"{account_path}.posts[{index}]")
        rich[index] = post
        add_day(post.published_on.toordinal())
        add_published(post.published_at)
        add_original(post.original)
    return PostColumns((), published_column, original_column, rich, ordinals=ordinals)


def _post(raw: Any, path: str) -> Post:
    """A post with everything checked; errors name ``path``."""
    if type(raw) is not dict:
        raise InputError(path, f"expected an object, got {type(raw).__name__}")
    if not raw.keys() <= _POST_KEYS:
        _unknown(raw, _POST_KEYS, path)
    published = raw.get("published_at")
    if type(published) is not str:
        problem = "required" if published is None else f"expected an ISO 8601 date or datetime string, got {clipped(published)}"
        raise InputError(f"{path}.published_at", problem)
    try:
        day = to_shanghai_date(published)
    except InputError as exc:
        raise InputError(f"{path}.published_at", exc.problem) from None
    original = raw.get("original", False)
    if type(original) is not bool:
        raise InputError(f"{path}.original", f"expected true or false, got {clipped(original)}")
    tags: tuple[ContentTag, ...] | None = None
    raw_tags = raw.get("tags")
    if raw_tags is not None:
        if type(raw_tags) is not list:
            raise InputError(f"{path}.tags", f"expected a list, got {clipped(raw_tags)}")
        bad = [t for t in raw_tags if type(t) is not str or t not in _TAGS]
        if bad:  # a list, not next(..., None): a tag that is itself null is bad too
            raise InputError(f"{path}.tags", f"unknown content tag {clipped(bad[0])}; {one_of(_TAGS, bad[0])}")
        tags = tuple(_TAGS[t] for t in raw_tags)
    source = raw.get("repost_source")
    if source is not None:
        if type(source) is not str or source not in _SOURCES:
            raise InputError(f"{path}.repost_source", f"unknown repost source {clipped(source)}; {one_of(_SOURCES, source)}")
        source = _SOURCES[source]
    reviews: tuple[Review, ...] = ()
    raw_reviews = raw.get("reviews")
    if raw_reviews is not None:
        if type(raw_reviews) is not list:
            raise InputError(f"{path}.reviews", f"expected a list, got {clipped(raw_reviews)}")
        reviews = tuple(_review(r, f"{path}.reviews[{i}]") for i, r in enumerate(raw_reviews))
    return Post(day, published, original, tags, source, reviews, _text(raw, "id", path))


def account_from_json(raw: Any, path: str = "accounts[0]") -> Account:
    """One account object (as decoded from JSON) into an ``Account``; never mutates ``raw``."""
    if type(raw) is not dict:
        raise InputError(path, f"expected an object, got {type(raw).__name__}")
    raw_posts = raw.get("posts", [])
    if type(raw_posts) is not list:
        raise InputError(f"{path}.posts", f"expected a list, got {type(raw_posts).__name__}")
    for name in _LIST_FIELDS:
        if name in raw:
            items = raw[name]
            if type(items) is not list:
                raise InputError(f"{path}.{name}", f"expected a list, got {type(items).__name__}")
            for index, item in enumerate(items):
                if type(item) is not dict:
                    raise InputError(f"{path}.{name}[{index}]", f"expected an object, got {type(item).__name__}")
    for name in _OBJECT_FIELDS:
        value = raw.get(name)
        if value is not None and type(value) is not dict:
            raise InputError(f"{path}.{name}", f"expected an object, got {type(value).__name__}")
    if not raw.keys() <= _ACCOUNT_KEYS or any(name in raw for name in _ITEM_KEYS):
        _check_keys(raw, path)
    rest = {k: v for k, v in raw.items() if k != "posts"}
    try:
        account: Account = _converter.structure(rest, Account)
    except Exception as exc:  # cattrs raises groups of whatever the hooks raised
        where, reason = describe_structure_error(exc)
        raise InputError(f"{path}.{where}" if where else path, reason) from None
    return attrs.evolve(account, posts=_posts(raw_posts, path)) if raw_posts else account


def duplicate_account(index: int, account_id: str, first: int, source: str | None) -> InputError:
    """The error for the account at ``index`` whose id the one at ``first`` already has."""
    return InputError(f"accounts[{index}].id", f"duplicate account id {clipped(account_id)} (first at accounts[{first}])", source)


def _check_unique(accounts: Iterable[Account], source: str | None) -> Iterator[Account]:
    seen: dict[str, int] = {}
    for index, account in enumerate(accounts):
        if account.id in seen:
            raise duplicate_account(index, account.id, seen[account.id], source)
        seen[account.id] = index
        yield account


def accounts_from_json(data: Any, source: str | None = None) -> Iterator[Account]:
    """The accounts of a decoded facts document (``{"accounts": [...]}``), structured one at a
    time as they are consumed; the document's shape is checked before the first one."""
    if type(data) is not dict:
        raise InputError("", f"expected a JSON object with an 'accounts' list, got {type(data).__name__}", source)
    extra = data.keys() - {"accounts"}
    if extra:
        raise InputError(shown_key(sorted(extra, key=shown_key)[0]), "unknown key; a facts document has only 'accounts'", source)
    raw_accounts = data.get("accounts")
    if type(raw_accounts) is not list:
        raise InputError("accounts", "required, a list of accounts", source)
    return _named(_check_unique((account_from_json(a, f"accounts[{i}]") for i, a in enumerate(raw_accounts)), source), source)


def _named(accounts: Iterator[Account], source: str | None) -> Iterator[Account]:
    """Errors raised while structuring name the input they came from."""
    try:
        yield from accounts
    except InputError as exc:
        if exc.source is None and source is not None:
            raise InputError(exc.path, exc.problem, source) from None
        raise


def facts_from_json(data: Any, source: str | None = None) -> Facts:
    """A decoded facts document (``{"accounts": [...]}``) into ``Facts``."""
    accounts = accounts_from_json(data, source)
    with gc_paused():
        return Facts(tuple(accounts))


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _loads(text: str | bytes) -> Any:
    """Strict JSON, parsed once by orjson. Where orjson refuses the text, the standard library's
    decoder reads it again, so that a malformed input gets the messages (line, column, reason) the
    library has always given, and a lone surrogate, which orjson refuses outright, reaches the
    field checks that name its path. ``NaN`` and ``Infinity`` are refused, and nesting too deep for
    the decoder is a ``ValueError`` like any other malformed input."""
    if isinstance(text, str):  # as bytes: orjson would otherwise keep a UTF-8 copy inside the str
        text = text.encode("utf-8", "surrogatepass")
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text, parse_constant=_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _json_error(exc: json.JSONDecodeError, source: str | None, line_offset: int = 0) -> InputError:
    return InputError("", f"malformed JSON at line {exc.lineno + line_offset}, column {exc.colno}: {exc.msg}", source)


_UNPARSED = object()


def _parsed_or_unparsed(text: str) -> Any:
    try:
        return _loads(text)
    except ValueError:
        return _UNPARSED


_JSON_STARTS = frozenset('{["-0123456789tfn')


def _first_line(stream: IO[str], source: str | None) -> str:
    """The first line that is not blank, read only once its first character could begin JSON:
    a stream of zero bytes or random data is refused at its first character, not read whole."""
    line, column = 1, 1
    char = stream.read(1)
    while char and char.isspace():
        line, column = (line + 1, 1) if char == "\n" else (line, column + 1)
        char = stream.read(1)
    if not char:
        return ""
    if char not in _JSON_STARTS:
        problem = "Unexpected UTF-8 BOM (save it as UTF-8 without a BOM)" if char == "\ufeff" else "Expecting value"
        raise InputError("", f"malformed JSON at line {line}, column {column}: {problem}", source)
    return "\n" * (line - 1) + " " * (column - 1) + char + stream.readline()


def iter_accounts(stream: IO[str], source: str | None = None, *, lines: bool | None = None) -> Iterator[Account]:
    """Accounts from a JSON or JSON Lines stream; JSON Lines is read one line at a time.

    ``lines`` forces the format; by default a first line that is a whole JSON object without an
    ``accounts`` key means JSON Lines.
    """
    first = _first_line(stream, source)
    if not first:
        raise InputError("", "empty input: expected a JSON object with an 'accounts' list, or JSON Lines", source)
    # The first line is parsed once: to tell the formats apart, and then as the first account of
    # JSON Lines or, when it holds the whole document, as the document.
    parsed = _UNPARSED
    if lines is None:
        parsed = _parsed_or_unparsed(first)
        lines = isinstance(parsed, dict) and "accounts" not in parsed
    if not lines:
        rest = stream.read()
        if parsed is not _UNPARSED and not rest.strip():
            data = parsed
        else:
            document = first + rest
            del first, rest
            try:
                data = _loads(document)
            except json.JSONDecodeError as exc:
                raise _json_error(exc, source) from None
            except ValueError as exc:
                raise InputError("", f"malformed JSON: {exc}", source) from None
            finally:
                del document
        yield from accounts_from_json(data, source)
        return
    yield from _check_unique(_json_lines(first, stream, source, parsed), source)


def _json_lines(first: str, stream: IO[str], source: str | None, parsed: Any = _UNPARSED) -> Iterator[Account]:
    return accounts_from_lines(_chain_first(first, stream), source, parsed_first=parsed)


def accounts_from_lines(
    lines: Iterable[str | bytes], source: str | None = None, *, first_line: int = 1, first_index: int = 0,
    parsed_first: Any = _UNPARSED,
) -> Iterator[Account]:
    """Accounts from JSON Lines, one a line, blank lines skipped, with the errors ``iter_accounts``
    gives: line numbers counted from ``first_line``, account indexes from ``first_index`` (a shard
    of a larger file, engine/parallel.py, says where it starts). ``parsed_first``: the first
    line, already decoded by the format sniff."""
    index = first_index
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        try:
            raw = parsed_first if number == first_line and parsed_first is not _UNPARSED else _loads(line)
        except json.JSONDecodeError as exc:
            raise InputError("", f"malformed JSON on line {number}, column {exc.colno}: {exc.msg}", source) from None
        except ValueError as exc:
            raise InputError("", f"malformed JSON on line {number}: {exc}", source) from None
        try:
            yield account_from_json(raw, f"accounts[{index}]")
        except InputError as exc:
            raise InputError(f"line {number}: {exc.path}", exc.problem, source) from None
        index += 1


def _chain_first(first: str, stream: IO[str]) -> Iterator[str]:
    yield first
    yield from stream


DEFAULT_MAX_INPUT = 16 * 1024**3  # 16 GiB: a year of a whole country's accounts, with room


def parse_size(text: str) -> int:
    """A size as a person writes it: ``16G``, ``500M``, ``64K`` or a number of bytes; 0 or
    ``none`` for no limit."""
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    if value in ("0", "NONE"):
        return 0
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}.get(value[-1:], 1)
    number = value[:-1] if scale != 1 else value
    try:
        amount = float(number)
    except ValueError:
        amount = -1.0
    if not (amount > 0 and amount * scale < 2**63):
        raise InputError("", f"not a size: {clipped(text)}; expected e.g. 16G, 500M, 64K, a number of bytes, or 0 for no limit")
    return int(amount * scale)


def size_text(size: int) -> str:
    for unit, scale in (("T", 1024**4), ("G", 1024**3), ("M", 1024**2), ("K", 1024)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return f"{size} bytes"


class _BoundedReader(io.RawIOBase):
    """The bytes of a facts input, counted: past ``limit`` bytes (``--max-input``) reading stops
    with a message, so a device or an endless stream cannot run a check until it is killed.
    A failure to read (standard input closed or a directory) is an :class:`InputError`."""

    def __init__(self, raw: IO[bytes], source: str, limit: int) -> None:
        super().__init__()
        self._raw, self._source, self._limit, self._count = raw, source, limit, 0
        if limit:
            try:
                size = os.fstat(raw.fileno()).st_size if stat.S_ISREG(os.fstat(raw.fileno()).st_mode) else 0
            except (OSError, ValueError, io.UnsupportedOperation):
                size = 0
            if size > limit:
                raise self._too_big()

    def _too_big(self) -> InputError:
        return InputError("", f"the input is larger than --max-input {size_text(self._limit)}; "
                          "raise it (e.g. --max-input 64G) or give 0 for no limit", self._source)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            count = self._raw.readinto(buffer)
        except OSError as exc:
            raise InputError("", f"cannot read: {exc.strerror or exc}", self._source) from None
        self._count += count or 0
        if self._limit and self._count > self._limit:
            raise self._too_big()
        return count or 0

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def open_facts(path: str | Path, max_input: int = DEFAULT_MAX_INPUT) -> IO[str]:
    """A text stream for a facts file, or standard input for ``-``, that reads at most
    ``max_input`` bytes (0: no limit)."""
    source = "<stdin>" if str(path) == "-" else str(path)
    if str(path) == "-":
        stdin = sys.stdin
        if stdin is None:
            raise InputError("", "standard input is closed; give a facts file, or pipe the facts in", source)
        raw: IO[bytes] = stdin.buffer if hasattr(stdin, "buffer") else io.BytesIO(stdin.read().encode("utf-8"))
    else:
        try:
            raw = open(path, "rb")  # noqa: SIM115 - closed with the stream
        except OSError as exc:
            raise InputError("", f"cannot read facts file: {exc.strerror or exc}", source) from None
    bounded = io.BufferedReader(_BoundedReader(raw, source, max_input), buffer_size=1 << 20)
    return io.TextIOWrapper(bounded, encoding="utf-8")


def load_facts(path: str | Path) -> Facts:
    """A whole facts file (JSON or JSON Lines) into memory; for big files prefer ``iter_accounts``."""
    with open_facts(path) as stream:
        try:
            return Facts(tuple(iter_accounts(stream, str(path))))
        except UnicodeDecodeError as exc:
            raise InputError("", f"not UTF-8 text: {exc.reason} at byte {exc.start}", str(path)) from None
