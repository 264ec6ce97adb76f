"""Hypothesis strategies for property tests of code that uses gov-new-media-rules.

Testers import these to write their own laws: dates the holiday calendar covers, accounts with
post histories of a chosen density, lifecycle events and filings, whole facts documents, the
shipped rulebooks, and random what-if overlays that only ever tighten a rulebook. Hypothesis is a
test extra, not a runtime dependency of the library::

    pip install "gov-new-media-rules[test]"

Every strategy that builds facts can give them either as model objects (``Account``, ``Post`` …)
or as the JSON that ``gnmr check`` reads (``as_json=True``, or the ``*_dicts`` variants); both
forms of one draw describe the same facts, so ``facts_from_json(json) == objects``.

A small example::

    from hypothesis import given
    from gov_new_media_rules import strategies as gs
    from gov_new_media_rules.engine import evaluate

    @given(book=gs.rulebooks(on=gs.covered_dates(min_value=date(2024, 1, 1))), account=gs.accounts())
    def test_every_finding_names_its_account(book, account):
        report = evaluate(book, [account], as_of=book.on)
        assert all(f.account == account.id for f in report.findings)

The strategies draw from the process-wide calendar (:func:`~gov_new_media_rules.default_calendar`)
and the embedded policies (:func:`~gov_new_media_rules.default_library`) unless given others.
See ``docs/developer/testing.md`` for the laws the library's own property tests state.
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as _exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "gov_new_media_rules.strategies needs hypothesis, which is a test extra and not a runtime "
        'dependency of gov-new-media-rules: pip install "gov-new-media-rules[test]"'
    ) from _exc

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import attrs

from .calendar import WorkingDayCalendar, default_calendar
from .composition import EffectiveRule, Overlay, Rulebook, compose
from .engine.findings import Finding, Status
from .facts.model import (
    Account,
    Assessment,
    Exposure,
    Facts,
    Filing,
    FollowerCount,
    Incident,
    IncidentKind,
    Interview,
    LifecycleEvent,
    Notice,
    NoticeLevel,
    Operator,
    Post,
    PracticeRecord,
    Review,
)
from .loading import PolicyLibrary, default_library
from .model.params import (
    Duration,
    DurationUnit,
    FilingDeadlineParams,
    FrequencyParams,
    MaxInactivityParams,
    Practice,
    RuleKind,
)
from .model.rules import Citation, Rule
from .model.vocab import (
    AccountType,
    ContentForm,
    ContentTag,
    EventType,
    FilingRecipient,
    Platform,
    RepostSource,
    Strength,
    UnitKind,
    UnitLevel,
)

__all__ = [
    "SHIPPED_JURISDICTIONS",
    "TIGHTENABLE_KINDS",
    "account_dicts",
    "accounts",
    "accounts_with_json",
    "covered_dates",
    "facts_documents",
    "filings",
    "findings",
    "lifecycle_events",
    "post_dicts",
    "post_histories",
    "posts",
    "published_at_strings",
    "rulebooks",
    "tightenable_rules",
    "tighten_only_overlays",
    "working_days",
]

T = TypeVar("T")
Pair = tuple[Any, Any]  # (model object, its JSON)

SHIPPED_JURISDICTIONS: tuple[str, ...] = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")
TIGHTENABLE_KINDS: frozenset[RuleKind] = frozenset(
    {RuleKind.POSTING_FREQUENCY, RuleKind.ORIGINAL_POSTS, RuleKind.MAX_INACTIVITY, RuleKind.FILING_DEADLINE}
)

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
_HOST_UNITS = ("泽州县人民政府办公室", "高县教育局", "湖州市吴兴区文化和广电旅游体育局", "长春新区管委会", "某镇人民政府")
_NAMES = ("泽州发布", "高县教育", "吴兴文旅", "长春新区发布", "某镇之窗")


# -- dates ----------------------------------------------------------------------------------------


def _calendar(calendar: WorkingDayCalendar | None) -> WorkingDayCalendar:
    return calendar if calendar is not None else default_calendar()


def _coverage_bounds(calendar: WorkingDayCalendar) -> tuple[dt.date, dt.date]:
    first, last = calendar.coverage
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def covered_dates(
    min_value: dt.date | None = None,
    max_value: dt.date | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
) -> st.SearchStrategy[dt.date]:
    """Dates inside the calendar's holiday data, optionally narrowed to ``[min_value, max_value]``.

    Every working-day question about such a date has an answer (no ``CalendarCoverageError``),
    although adding working days to a date near the end of the data may still run out of it.

    >>> covered_dates().example()                                       # doctest: +SKIP
    datetime.date(2011, 3, 14)
    >>> covered_dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31))  # doctest: +SKIP
    """
    first, last = _coverage_bounds(_calendar(calendar))
    lo = max(first, min_value) if min_value is not None else first
    hi = min(last, max_value) if max_value is not None else last
    if lo > hi:
        raise InvalidArgument(
            f"covered_dates: no covered date in [{min_value}, {max_value}]; the calendar covers {first} to {last}"
        )
    return st.dates(min_value=lo, max_value=hi)


def working_days(
    min_value: dt.date | None = None,
    max_value: dt.date | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
) -> st.SearchStrategy[dt.date]:
    """Working days (makeup working days included, holidays excluded) inside the calendar's data.

    Drawn by working-day index, so no example is rejected however many holidays the range holds.

    >>> working_days(min_value=date(2024, 9, 28), max_value=date(2024, 10, 13)).example()  # doctest: +SKIP
    datetime.date(2024, 10, 12)     # a makeup Saturday; 1-7 October are never drawn
    """
    cal = _calendar(calendar)
    first, last = _coverage_bounds(cal)
    lo = max(first, min_value) if min_value is not None else first
    hi = min(last, max_value) if max_value is not None else last
    if lo > hi:
        raise InvalidArgument(f"working_days: empty range [{min_value}, {max_value}] inside {first} to {last}")
    # Index of the first working day on or after lo, and of the last on or before hi.
    lo_index = cal.working_day_index(lo) + (0 if cal.is_working_day(lo) else 1)
    hi_index = cal.working_day_index(hi)
    if lo_index > hi_index:
        raise InvalidArgument(f"working_days: no working day in [{lo}, {hi}]")
    return st.integers(lo_index, hi_index).map(cal.working_day_at)


# Wall-clock renderings of a Shanghai day: (format name, UTC offset of the rendering in hours).
_OFFSETS = (("date", None), ("naive", None), ("space", None), ("+08:00", 8), ("Z", 0), ("-05:00", -5), ("+09:30", 9.5))


def _render(day: dt.date, form: str, offset: float | None, hour: int, minute: int, second: int, micro: int) -> str:
    if form == "date":
        return day.isoformat()
    local = dt.datetime(day.year, day.month, day.day, hour, minute, second, micro)
    if form in ("naive", "space"):
        return local.isoformat(sep="T" if form == "naive" else " ")
    assert offset is not None
    shifted = local - dt.timedelta(hours=8 - offset)
    text = shifted.isoformat()
    if form == "Z":
        return text + "Z"
    return text + form


_FORMS = st.sampled_from(_OFFSETS)
_SECONDS_OF_DAY = st.integers(0, 86_399)
_MICROSECONDS = st.sampled_from((0, 0, 500_000, 123_456))
_PER_MILLE = st.integers(0, 999)


def published_at_strings(day: dt.date) -> st.SearchStrategy[str]:
    """ISO 8601 strings whose Asia/Shanghai calendar day is ``day``, in every shape the facts
    loader accepts: a bare date, Shanghai wall-clock time without an offset, ``+08:00``, UTC
    (``Z``, often the previous day's date) and other offsets.

    >>> published_at_strings(date(2025, 1, 25)).example()              # doctest: +SKIP
    '2025-01-24T16:30:00Z'
    """
    return st.tuples(_FORMS, _SECONDS_OF_DAY, _MICROSECONDS).map(
        lambda t: _render(day, t[0][0], t[0][1], t[1] // 3600, t[1] // 60 % 60, t[1] % 60, t[2] if t[0][0] != "date" else 0)
    )


def _draw_date(draw: st.DrawFn, start: dt.date, end: dt.date) -> dt.date:
    """A day in [start, end], shrinking towards ``start``."""
    return start + dt.timedelta(days=draw(st.integers(0, (end - start).days)))


# -- posts ----------------------------------------------------------------------------------------


def _check_share(share: float, what: str) -> None:
    if not 0.0 <= share <= 1.0:
        raise InvalidArgument(f"{what} must be between 0 and 1, got {share!r}")


def _draw_chance(draw: st.DrawFn, share: float) -> bool:
    """True with probability about ``share``; shrinks towards False."""
    if share <= 0.0:
        return False
    if share >= 1.0:
        return True
    return draw(_PER_MILLE) >= round((1.0 - share) * 1000)


_MICRO_CHOICES = (0, 0, 500_000, 123_456)
_TAG_LISTS = st.lists(st.sampled_from(tuple(ContentTag)), max_size=2, unique=True)
_REPOST_SOURCES = tuple(RepostSource)
_ROLES = ("编辑", "科室负责人", "分管领导")
_POST_BYTES = 2  # the form of the timestamp, its time of day (to 9 seconds) and microseconds


def _published_from_bytes(day: dt.date, raw: bytes) -> str:
    value = int.from_bytes(raw[:2], "big")
    form, offset = _OFFSETS[value % len(_OFFSETS)]
    rest = value // len(_OFFSETS)  # 0 .. 9362
    seconds = rest * 9 % 86_400
    micro = _MICRO_CHOICES[rest % 4] if form != "date" else 0
    return _render(day, form, offset, seconds // 3600, seconds // 60 % 60, seconds % 60, micro)


def _post_pair(
    draw: st.DrawFn, day: dt.date, original: bool, details: bool, raw: bytes | None = None
) -> Pair:
    """A post on ``day`` in both forms. ``raw`` (``_POST_BYTES`` bytes) decides the timestamp when
    given, so that a whole history can come from one draw; details are always drawn one by one."""
    if raw is None:
        raw = draw(st.binary(min_size=_POST_BYTES, max_size=_POST_BYTES))
    published_at = _published_from_bytes(day, raw)
    data: dict[str, Any] = {"published_at": published_at}
    if original or raw[1] & 0x10:
        data["original"] = original  # "original": false is also written sometimes
    tags: tuple[ContentTag, ...] | None = None  # None: not declared; (): declared clean
    source: RepostSource | None = None
    reviews: tuple[Review, ...] = ()
    post_id: str | None = None
    if details:
        r = _Bytes(draw(_SMALL_BYTES))
        if r.flag():
            tags = tuple(draw(_TAG_LISTS))
            data["tags"] = [t.value for t in tags]
        if r.flag():
            source = r.choice(_REPOST_SOURCES) if r.flag(0.8) else None
            data["repost_source"] = source.value if source is not None else None
        if r.flag():
            raw_reviews = []
            for stage in range(1, r.integer(0, 3) + 1):
                at = _published_from_bytes(day - dt.timedelta(days=r.integer(0, 2)), bytes((r.byte(), r.byte())))
                role = r.choice(_ROLES) if r.flag() else None
                reviewer = draw(_TEXT) if r.flag(0.2) else None
                reviews += (Review(stage, at, role, reviewer),)
                review: dict[str, Any] = {"stage": stage, "at": at}
                if role is not None:
                    review["role"] = role
                if reviewer is not None:
                    review["reviewer"] = reviewer
                raw_reviews.append(review)
            data["reviews"] = raw_reviews
        if r.flag():
            post_id = draw(_TEXT) if r.flag(0.3) else f"p{r.integer(0, 9999)}"
            data["id"] = post_id
    return Post(day, published_at, original, tags, source, reviews, post_id), data


def _day_range(start: dt.date, end: dt.date, what: str) -> None:
    if end < start:
        raise InvalidArgument(f"{what}: end {end} is before start {start}")


@st.composite
def _one_post(draw: st.DrawFn, start: dt.date, end: dt.date, original_share: float, details: bool) -> Pair:
    day = _draw_date(draw, start, end)
    return _post_pair(draw, day, _draw_chance(draw, original_share), details)


def posts(
    start: dt.date, end: dt.date, *, original_share: float = 0.4, details: bool = False
) -> st.SearchStrategy[Post]:
    """One ``Post`` published (in Asia/Shanghai) on a day in ``[start, end]``.

    ``original_share`` is the chance that it is original content; ``details`` adds content tags,
    a repost source, reviews and an id now and then.

    >>> posts(date(2024, 3, 1), date(2024, 3, 31)).example()          # doctest: +SKIP
    Post(published_on=datetime.date(2024, 3, 9), published_at='2024-03-08T20:05:00Z', original=False, ...)
    """
    _day_range(start, end, "posts")
    _check_share(original_share, "posts: original_share")
    return _one_post(start, end, original_share, details).map(lambda pair: pair[0])


def post_dicts(
    start: dt.date, end: dt.date, *, original_share: float = 0.4, details: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    """One post as facts JSON (``{"published_at": …, "original": …}``), like :func:`posts`.

    >>> post_dicts(date(2024, 3, 1), date(2024, 3, 31), details=True).example()  # doctest: +SKIP
    {'published_at': '2024-03-09 04:05:00', 'tags': ['commercial_ad'], 'id': '0'}
    """
    _day_range(start, end, "post_dicts")
    _check_share(original_share, "post_dicts: original_share")
    return _one_post(start, end, original_share, details).map(lambda pair: pair[1])


def _below(byte: int, share: float) -> bool:
    """True with probability about ``share`` for a uniform byte; byte 0 (what shrinking aims
    for) is False unless ``share`` is 1."""
    return byte >= round((1.0 - share) * 256) if share < 1.0 else True


@st.composite
def _history(
    draw: st.DrawFn,
    start: dt.date,
    end: dt.date,
    density: float,
    original_share: float,
    max_per_day: int,
    details: bool,
    shuffled: bool,
) -> list[Pair]:
    # Two draws of bytes for the whole history (a choice per day would make a year of posts cost
    # thousands of draws): one byte per day says whether there are posts and how many, then
    # each post has a byte for "original", one for whether it carries details and _POST_BYTES
    # for its timestamp.
    days = (end - start).days + 1
    day_bytes = draw(st.binary(min_size=days, max_size=days)) if density > 0.0 else bytes(days)
    posting = [
        (offset, 1 + byte % max_per_day) for offset, byte in enumerate(day_bytes) if density > 0.0 and _below(byte, density)
    ]
    stride = 2 + _POST_BYTES
    total = sum(count for _, count in posting)
    raw = draw(st.binary(min_size=total * stride, max_size=total * stride)) if total else b""
    pairs: list[Pair] = []
    at = 0
    for offset, count in posting:
        day = start + dt.timedelta(days=offset)
        for _ in range(count):
            chunk = raw[at : at + stride]
            at += stride
            original = original_share > 0.0 and _below(chunk[0], original_share)
            # Details on about one post in eight: they cost a draw each.
            rich = details and chunk[1] >= 224
            pairs.append(_post_pair(draw, day, original, rich, chunk[2:]))
    if shuffled and len(pairs) > 1:
        pairs = list(draw(st.permutations(pairs)))
    return pairs


def _check_history_args(start: dt.date, end: dt.date, density: float, original_share: float, max_per_day: int) -> None:
    _day_range(start, end, "post_histories")
    _check_share(density, "density")
    _check_share(original_share, "original_share")
    if max_per_day < 1:
        raise InvalidArgument(f"post_histories: max_per_day must be at least 1, got {max_per_day!r}")
    if (end - start).days > 3 * 366:
        raise InvalidArgument("post_histories: keep ranges under three years (one byte is drawn per day)")


def post_histories(
    start: dt.date,
    end: dt.date,
    density: float = 0.5,
    original_share: float = 0.4,
    *,
    max_per_day: int = 2,
    details: bool = False,
    shuffled: bool = False,
    as_json: bool = False,
) -> st.SearchStrategy[list[Any]]:
    """An account's posts over ``[start, end]``: each day has posts with probability ``density``
    (then 1 to ``max_per_day`` of them), each original with probability ``original_share``.

    Oldest first unless ``shuffled`` (the engine must not rely on input order). ``as_json=True``
    gives post dicts instead of ``Post`` objects. Shrinks towards fewer posts, so a falsifying
    example shows the fewest posts that still break the law.

    >>> post_histories(date(2024, 7, 1), date(2024, 7, 31), density=0.2).example()  # doctest: +SKIP
    [Post(published_on=datetime.date(2024, 7, 3), ...), Post(published_on=datetime.date(2024, 7, 19), ...)]
    >>> post_histories(date(2024, 7, 1), date(2024, 7, 7), density=1.0, as_json=True)  # every day
    """
    _check_history_args(start, end, density, original_share, max_per_day)
    index = 1 if as_json else 0
    return _history(start, end, density, original_share, max_per_day, details, shuffled).map(
        lambda pairs: [pair[index] for pair in pairs]
    )


# -- lifecycle events and filings -----------------------------------------------------------------


class _Bytes:
    """Choices read from one drawn byte string: one draw decides dozens of small things.

    Hypothesis spends far more on each draw than on its size, and an account has dozens of small
    choices. Reading them from bytes keeps an account at a handful of draws; bytes shrink towards
    zero, which every method reads as the simplest choice (False, the first option, the lowest
    number), and reading past the end gives zeros.
    """

    __slots__ = ("raw", "at")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.at = 0

    def byte(self) -> int:
        at = self.at
        self.at += 1
        return self.raw[at] if at < len(self.raw) else 0

    def flag(self, share: float = 0.5) -> bool:
        return _below(self.byte(), share) if share > 0.0 else False

    def choice(self, options: Sequence[T]) -> T:
        return options[self.byte() % len(options)]

    def integer(self, lo: int, hi: int) -> int:
        span = hi - lo + 1
        width = max(1, (span.bit_length() + 7) // 8)
        value = 0
        for _ in range(width):
            value = value << 8 | self.byte()
        return lo + value % span

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.integer(0, (end - start).days))


_ACCOUNT_BYTES = 128
_EVENT_NOTES = ("主办单位调整", "平台认证信息变更", "清理整合", "cleanup")
_EVENT_TYPES = tuple(EventType)
_RECIPIENTS = tuple(FilingRecipient)
_CLOSING = (EventType.ACCOUNT_CANCELLED, EventType.ACCOUNT_SHUT_DOWN)


def _text_or(draw: st.DrawFn, r: _Bytes, options: Sequence[str], text_share: float = 0.15) -> str:
    return draw(_TEXT) if r.flag(text_share) else r.choice(options)


def _event_from(draw: st.DrawFn, r: _Bytes, start: dt.date, end: dt.date, types: Sequence[EventType]) -> Pair:
    kind = r.choice(types)
    on = r.day(start, end)
    note = _text_or(draw, r, _EVENT_NOTES) if r.flag(0.25) else None
    reason = "cleanup" if kind in _CLOSING and r.flag(0.5) else None
    data: dict[str, Any] = {"type": kind.value, "on": on.isoformat()}
    if note is not None:
        data["note"] = note
    if reason is not None:
        data["reason"] = reason
    return LifecycleEvent(kind, on, note, reason), data


def _filing_from(r: _Bytes, event: EventType, event_on: dt.date, max_lag: int, latest: dt.date | None) -> Pair:
    filed_on = event_on + dt.timedelta(days=r.integer(0, max_lag))
    if latest is not None and filed_on > latest:
        filed_on = max(latest, event_on)
    recipient = r.choice(_RECIPIENTS)
    name_occurrence = r.flag()
    data: dict[str, Any] = {"event": event.value, "recipient": recipient.value, "filed_on": filed_on.isoformat()}
    if name_occurrence:
        data["event_on"] = event_on.isoformat()
    return Filing(event, recipient, filed_on, event_on if name_occurrence else None), data


_SMALL_BYTES = st.binary(min_size=16, max_size=16)


@st.composite
def _event_pair(draw: st.DrawFn, start: dt.date, end: dt.date, types: Sequence[EventType]) -> Pair:
    return _event_from(draw, _Bytes(draw(_SMALL_BYTES)), start, end, types)


@st.composite
def _filings(draw: st.DrawFn, start: dt.date, end: dt.date, events: Sequence[EventType], max_lag: int) -> Pair:
    r = _Bytes(draw(_SMALL_BYTES))
    event = r.choice(events)
    return _filing_from(r, event, r.day(start, end), max_lag, None)


def _events_args(start: dt.date | None, end: dt.date | None, what: str) -> tuple[dt.date, dt.date]:
    start = start or dt.date(2023, 1, 1)
    end = end or dt.date(2025, 12, 31)
    _day_range(start, end, what)
    return start, end


def lifecycle_events(
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    types: Iterable[EventType | str] | None = None,
    as_json: bool = False,
) -> st.SearchStrategy[Any]:
    """One lifecycle event (opened, info changed, host unit changed, staff changed, closure
    announced, shut down, cancelled) on a day in ``[start, end]`` (default 2023-2025).

    >>> lifecycle_events(types=["account_opened"], as_json=True).example()  # doctest: +SKIP
    {'type': 'account_opened', 'on': '2024-02-29'}
    """
    start, end = _events_args(start, end, "lifecycle_events")
    kinds = tuple(EventType(t) for t in types) if types is not None else _EVENT_TYPES
    if not kinds:
        raise InvalidArgument("lifecycle_events: types is empty")
    return _event_pair(start, end, kinds).map(lambda pair: pair[1 if as_json else 0])


def filings(
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    events: Iterable[EventType | str] | None = None,
    max_lag: int = 15,
    as_json: bool = False,
) -> st.SearchStrategy[Any]:
    """One filing (备案): for an event on a day in ``[start, end]`` (default 2023-2025), to a
    recipient, filed 0 to ``max_lag`` calendar days after the event. Inside :func:`accounts`,
    filings follow the account's own events instead.

    >>> filings(events=["account_opened"], max_lag=3).example()        # doctest: +SKIP
    Filing(event='account_opened', recipient='national_filing_system', filed_on=..., event_on=...)
    """
    start, end = _events_args(start, end, "filings")
    kinds = tuple(EventType(e) for e in events) if events is not None else _EVENT_TYPES
    if not kinds or max_lag < 0:
        raise InvalidArgument("filings: needs at least one event type and max_lag >= 0")
    return _filings(start, end, kinds, max_lag).map(lambda pair: pair[1 if as_json else 0])


# -- accounts -------------------------------------------------------------------------------------

_ACCOUNT_IDS = ("a1", "a2", "a3", "wx-1", "wb-1")
_PLATFORMS = tuple(Platform)
_ACCOUNT_TYPES = tuple(AccountType)
_CONTENT_FORMS = tuple(ContentForm)
_UNIT_KINDS = tuple(UnitKind)
_UNIT_LEVELS = tuple(UnitLevel)
_NOTICE_LEVELS = tuple(NoticeLevel)
_PROBLEMS = ("更新不及时", "错别字", "内容违规")
_INCIDENT_KINDS = tuple(IncidentKind)
_PRACTICES = tuple(Practice)
_EFFECT_INDEXES = (79.5, 80.0, 92.0, 60.25, 100.0, 0.0)
_WINDOW_ENDS = (dt.date(2023, 3, 1), dt.date(2026, 10, 31))


def _account_history(draw: st.DrawFn, r: _Bytes, start: dt.date, end: dt.date, fields: dict[str, Any], data: dict[str, Any]) -> None:
    events = [_event_from(draw, r, start, end, _EVENT_TYPES) for _ in range(r.integer(0, 3))]
    # An account is opened once, before it posts: on its opening day if it has one, else on the
    # first day of the window (no post comes earlier).
    opened = fields.get("opened_on") or start
    events = [
        (attrs.evolve(e, on=opened), {**j, "on": opened.isoformat()}) if e.type is EventType.ACCOUNT_OPENED else (e, j)
        for e, j in events
    ]
    lists: dict[str, list[Pair]] = {"events": events, "filings": []}
    for event, _ in events:
        for _ in range(r.integer(0, 2)):
            lists["filings"].append(_filing_from(r, event.type, event.on, 20, end))
    lists["notices"] = []
    for _ in range(r.integer(0, 2)):
        level, on = r.choice(_NOTICE_LEVELS), r.day(start, end)
        problem = r.choice(_PROBLEMS) if r.flag() else None
        notice = {"level": level.value, "on": on.isoformat()} | ({"problem": problem} if problem else {})
        lists["notices"].append((Notice(level, on, problem), notice))
    lists["interviews"] = []
    for _ in range(r.integer(0, 1)):
        on, note = r.day(start, end), ("约谈主办单位负责人" if r.flag() else None)
        lists["interviews"].append((Interview(on, note), {"on": on.isoformat()} | ({"note": note} if note else {})))
    lists["assessments"] = []
    for _ in range(r.integer(0, 3)):
        on = r.day(start, end)
        index = r.choice(_EFFECT_INDEXES) if r.flag() else r.integer(0, 10_000) / 100
        lists["assessments"].append((Assessment(on, index), {"on": on.isoformat(), "effect_index": index}))
    lists["incidents"] = []
    for _ in range(r.integer(0, 1)):
        kind, on = r.choice(_INCIDENT_KINDS), r.day(start, end)
        lists["incidents"].append((Incident(kind, on), {"kind": kind.value, "on": on.isoformat()}))
    lists["followers"] = []
    for _ in range(r.integer(0, 2)):
        on, count = r.day(start, end), r.integer(0, 200_000)
        lists["followers"].append((FollowerCount(on, count), {"on": on.isoformat(), "count": count}))
    lists["exposures"] = []
    for _ in range(r.integer(0, 2)):
        on = r.day(start, end)
        rectified = on + dt.timedelta(days=r.integer(0, 10)) if r.flag() else None
        exposure = {"on": on.isoformat()} | ({"rectified_on": rectified.isoformat()} if rectified else {})
        lists["exposures"].append((Exposure(on, rectified), exposure))
    lists["practices"] = []
    for _ in range(r.integer(0, 1)):
        practice, on = r.choice(_PRACTICES), r.day(start, end)
        lists["practices"].append((PracticeRecord(practice, on), {"practice": practice.value, "on": on.isoformat()}))
    for name, pairs in lists.items():
        if pairs:
            fields[name] = tuple(p for p, _ in pairs)
            data[name] = [j for _, j in pairs]


@st.composite
def _account_pair(
    draw: st.DrawFn,
    account_id: str | None,
    platform: Platform | None,
    start: dt.date | None,
    end: dt.date | None,
    density: float,
    original_share: float,
    details: bool,
    history: bool,
    host_units: Sequence[str],
) -> Pair:
    r = _Bytes(draw(st.binary(min_size=_ACCOUNT_BYTES, max_size=_ACCOUNT_BYTES)))
    if start is None or end is None:
        window_end = r.day(*_WINDOW_ENDS)
        window_start = window_end - dt.timedelta(days=r.integer(0, 120))
        start = start or window_start
        end = end or max(window_end, start)
    _day_range(start, end, "accounts")
    data: dict[str, Any] = {}
    fields: dict[str, Any] = {}

    def put(name: str, value: Any, json_value: Any = None) -> None:
        fields[name] = value
        data[name] = value if json_value is None else json_value

    put("id", account_id if account_id is not None else _text_or(draw, r, _ACCOUNT_IDS))
    put("name", _text_or(draw, r, _NAMES))
    chosen = Platform(platform) if platform is not None else r.choice(_PLATFORMS)
    put("platform", chosen, chosen.value)
    put("host_unit", _text_or(draw, r, host_units))
    if chosen is Platform.WECHAT and r.flag(0.7):
        kind = r.choice(_ACCOUNT_TYPES)
        put("account_type", kind, kind.value)
    if r.flag():
        form = r.choice(_CONTENT_FORMS)
        put("content_form", form, form.value)
    if r.flag():
        put("main_account", r.flag())
    if r.flag():
        unit_kind = r.choice(_UNIT_KINDS)
        put("host_unit_kind", unit_kind, unit_kind.value)
    if r.flag():
        level = r.choice(_UNIT_LEVELS)
        put("host_unit_level", level, level.value)
    if r.flag():
        put("verified_host_unit", fields["host_unit"] if r.flag(0.7) else _text_or(draw, r, host_units))
    # Opened on or before the first post: an account cannot post before it exists.
    if r.flag(0.8):
        opened = start - dt.timedelta(days=r.integer(0, 400))
        put("opened_on", opened, opened.isoformat())
    if r.flag():
        put("resident_population", r.integer(0, 3_000_000))
    if chosen is Platform.APP and r.flag():
        put("ipv6", r.flag())
    if r.flag():
        put("interaction_enabled", r.flag())
    if r.flag():
        put("in_national_filing_system", r.flag())
    if r.flag(0.3):
        third, sub = r.flag(), r.flag()
        name = draw(_TEXT) if r.flag(0.3) else None
        operator_json: dict[str, Any] = {"third_party": third, "subcontracted": sub}
        if name is not None:
            operator_json["name"] = name
        put("operator", Operator(third, sub, name), operator_json)
    write_empty_posts = r.flag()
    if history:
        _account_history(draw, r, start, end, fields, data)
    history_pairs = draw(_history(start, end, density, original_share, 2, details, False))
    if history_pairs or write_empty_posts:
        fields["posts"] = [p for p, _ in history_pairs]
        data["posts"] = [j for _, j in history_pairs]
    return Account(**fields), data


def accounts_with_json(
    *,
    account_id: str | None = None,
    platform: Platform | str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    density: float = 0.5,
    original_share: float = 0.4,
    details: bool = False,
    history: bool = True,
    host_units: Sequence[str] = _HOST_UNITS,
) -> st.SearchStrategy[tuple[Account, dict[str, Any]]]:
    """``(Account, its facts JSON)`` pairs: one draw in both forms, for laws about the loader.

    ``facts.account_from_json(json) == account`` for every pair.
    """
    if platform is not None:
        platform = Platform(platform)
    if start is not None and end is not None:
        _check_history_args(start, end, density, original_share, 2)
    else:
        _check_share(density, "density")
        _check_share(original_share, "original_share")
    if not host_units:
        raise InvalidArgument("accounts: host_units is empty")
    return _account_pair(account_id, platform, start, end, density, original_share, details, history, tuple(host_units))


def accounts(
    *,
    account_id: str | None = None,
    platform: Platform | str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    density: float = 0.5,
    original_share: float = 0.4,
    details: bool = False,
    history: bool = True,
    host_units: Sequence[str] = _HOST_UNITS,
) -> st.SearchStrategy[Account]:
    """An ``Account`` with posts over ``[start, end]`` at the given ``density`` (see
    :func:`post_histories`) and, if ``history``, lifecycle events with their filings, notices,
    interviews, assessments, incidents, follower counts, exposures and inspection findings, all
    dated inside the window (an ``account_opened`` event is on the opening day, which may come
    before the window). Accounts are not tied to a jurisdiction: the same account can be checked
    under every rulebook.

    Without ``start``/``end`` a window of up to 120 days ending between 2023-03 and 2026-10 is
    drawn. ``opened_on`` (when set) is on or before the first post; host units come from
    ``host_units`` so that accounts drawn together share units (rules about several accounts of
    one unit then have something to see).

    >>> accounts(platform="wechat", start=date(2024, 7, 1), end=date(2024, 9, 30), density=0.3).example()  # doctest: +SKIP
    Account(id='a1', name='泽州发布', platform='wechat', ..., posts=PostColumns(27 posts, 0 with details), ...)
    """
    return accounts_with_json(
        account_id=account_id, platform=platform, start=start, end=end, density=density,
        original_share=original_share, details=details, history=history, host_units=host_units,
    ).map(lambda pair: pair[0])


def account_dicts(
    *,
    account_id: str | None = None,
    platform: Platform | str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    density: float = 0.5,
    original_share: float = 0.4,
    details: bool = False,
    history: bool = True,
    host_units: Sequence[str] = _HOST_UNITS,
) -> st.SearchStrategy[dict[str, Any]]:
    """One account as facts JSON (one line of a JSON Lines file); like :func:`accounts`.

    >>> account_dicts(platform="weibo", history=False).example()        # doctest: +SKIP
    {'id': 'a2', 'name': '高县教育', 'platform': 'weibo', 'host_unit': '高县教育局', 'posts': [...]}
    """
    return accounts_with_json(
        account_id=account_id, platform=platform, start=start, end=end, density=density,
        original_share=original_share, details=details, history=history, host_units=host_units,
    ).map(lambda pair: pair[1])


_ID_CHOICES = st.sampled_from(_ACCOUNT_IDS) | _TEXT


@st.composite
def _facts_pair(
    draw: st.DrawFn, min_accounts: int, max_accounts: int, kwargs: dict[str, Any]
) -> tuple[Facts, dict[str, Any]]:
    ids = draw(st.lists(_ID_CHOICES, min_size=min_accounts, max_size=max_accounts, unique=True))
    pairs = [draw(accounts_with_json(account_id=account_id, **kwargs)) for account_id in ids]
    return Facts(tuple(a for a, _ in pairs)), {"accounts": [j for _, j in pairs]}


def facts_documents(
    *,
    min_accounts: int = 0,
    max_accounts: int = 4,
    as_json: bool = True,
    with_objects: bool = False,
    **account_options: Any,
) -> st.SearchStrategy[Any]:
    """A whole facts document ``{"accounts": [...]}`` with unique account ids, as JSON (default),
    as a ``Facts`` object (``as_json=False``), or both as ``(Facts, json)`` (``with_objects=True``).

    ``account_options`` are passed to :func:`accounts` (``start``, ``end``, ``density``,
    ``details`` …); ``account_id`` is chosen here.

    >>> facts_documents(max_accounts=2, density=0.1).example()         # doctest: +SKIP
    {'accounts': [{'id': 'a3', 'name': '某镇之窗', 'platform': 'douyin', ...}]}
    """
    if "account_id" in account_options:
        raise InvalidArgument("facts_documents chooses the account ids itself")
    if not 0 <= min_accounts <= max_accounts:
        raise InvalidArgument(f"facts_documents: need 0 <= min_accounts <= max_accounts, got {min_accounts}, {max_accounts}")
    strategy = _facts_pair(min_accounts, max_accounts, account_options)
    if with_objects:
        return strategy
    return strategy.map(lambda pair: pair[1] if as_json else pair[0])


# -- findings -------------------------------------------------------------------------------------

_JSON_SCALARS = st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.floats(allow_nan=False, allow_infinity=False) | _TEXT
_FIGURES = st.dictionaries(
    st.sampled_from(("limit", "elapsed", "last_post", "posts", "minimum", "week")) | _TEXT,
    st.recursive(_JSON_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3), max_leaves=5),
    max_size=4,
)


@st.composite
def _finding(draw: st.DrawFn, rule_ids: Sequence[str] | None, account_ids: Sequence[str] | None) -> Finding:
    rule_id = draw(st.sampled_from(list(rule_ids))) if rule_ids else draw(st.from_regex(r"[a-z]{1,6}(\.[a-z0-9-]{1,8}){1,3}", fullmatch=True))
    account = draw(st.sampled_from(list(account_ids))) if account_ids else draw(_TEXT)
    due = draw(st.none() | covered_dates())
    period = draw(st.none() | covered_dates().map(lambda d: f"{d.isoformat()}/{(d + dt.timedelta(days=6)).isoformat()}"))
    return Finding(
        rule=rule_id,
        account=account,
        status=draw(st.sampled_from(list(Status))),
        message_zh=draw(_TEXT),
        message_en=draw(_TEXT),
        source=Citation(draw(_TEXT), draw(_TEXT), draw(_TEXT)),
        lineage=draw(st.just(rule_id) | _TEXT),
        set_by=draw(st.sampled_from(("cn", "cn.zhejiang.huzhou"))),
        strength=draw(st.sampled_from(list(Strength))),
        period=period,
        due=due,
        figures=draw(_FIGURES),
        provisional=draw(st.booleans()),
    )


def findings(
    *, rule_ids: Sequence[str] | None = None, account_ids: Sequence[str] | None = None
) -> st.SearchStrategy[Finding]:
    """Arbitrary well-formed findings (figures are JSON values), for laws about reports and their
    JSON; not the output of any rule.

    >>> findings(rule_ids=["cn.inspection.no-update-2-weeks"]).example()  # doctest: +SKIP
    """
    return _finding(rule_ids, account_ids)


# -- rulebooks and overlays -----------------------------------------------------------------------

_CACHE_LOCK = threading.Lock()
_RULEBOOKS: dict[tuple[int, str, dt.date], tuple[PolicyLibrary, Rulebook]] = {}
_CACHE_LIMIT = 8192


def _cached_rulebook(library: PolicyLibrary, jurisdiction: str, on: dt.date) -> Rulebook:
    key = (id(library), jurisdiction, on)
    hit = _RULEBOOKS.get(key)
    if hit is not None and hit[0] is library:
        return hit[1]
    book = compose(library, jurisdiction, on)
    with _CACHE_LOCK:
        if len(_RULEBOOKS) >= _CACHE_LIMIT:
            _RULEBOOKS.clear()
        _RULEBOOKS[key] = (library, book)
    return book


def _first_document_day(library: PolicyLibrary) -> dt.date:
    return min((d.starts for d in library.documents.values()), default=dt.date(2018, 12, 27))


def rulebooks(
    jurisdictions: Sequence[str] = SHIPPED_JURISDICTIONS,
    on: st.SearchStrategy[dt.date] | dt.date | None = None,
    *,
    library: PolicyLibrary | None = None,
) -> st.SearchStrategy[Rulebook]:
    """The rulebook of one of ``jurisdictions`` (ids or aliases) on a day drawn from ``on``.

    ``on`` defaults to covered dates from the first day any policy document is in force. Shipped
    rulebooks are composed once per (jurisdiction, day) and cached, so drawing thousands costs
    little. ``library`` defaults to the embedded policies.

    >>> rulebooks(["zezhou", "huzhou"], on=covered_dates(min_value=date(2024, 1, 1))).example()  # doctest: +SKIP
    Rulebook(jurisdiction=Jurisdiction(id='cn.zhejiang.huzhou', ...), on=datetime.date(2025, 8, 2), ...)
    """
    names = list(jurisdictions)
    if not names:
        raise InvalidArgument("rulebooks: no jurisdiction given")

    def build(pair: tuple[str, dt.date]) -> Rulebook:
        lib = library if library is not None else default_library()
        return _cached_rulebook(lib, pair[0], pair[1])

    if on is None:
        lib = library if library is not None else default_library()
        days: st.SearchStrategy[dt.date] = covered_dates(min_value=_first_document_day(lib))
    elif isinstance(on, dt.date):
        days = st.just(on)
    else:
        days = on
    return st.tuples(st.sampled_from(names), days).map(build)


def _tightenable(effective: EffectiveRule) -> bool:
    rule = effective.rule
    if not rule.checkable or rule.kind not in TIGHTENABLE_KINDS:
        return False
    params = rule.params
    if isinstance(params, FrequencyParams):
        return params.minimum is not None and params.per is not None
    if isinstance(params, MaxInactivityParams):
        return params.limit is not None and _shorter_durations(params.limit) is not None
    if isinstance(params, FilingDeadlineParams):
        return bool(params.events) and (params.within is None or _shorter_durations(params.within) is not None)
    return False


def tightenable_rules(rulebook: Rulebook) -> tuple[EffectiveRule, ...]:
    """The rules :func:`tighten_only_overlays` may refine: checkable frequency, original-post,
    dormancy and filing-deadline rules with a number or a duration that can be tightened."""
    return tuple(r for r in rulebook if _tightenable(r))


def _shorter_durations(limit: Duration) -> st.SearchStrategy[Duration] | None:
    """Durations strictly shorter than ``limit`` and comparable with it (never zero)."""
    options: list[st.SearchStrategy[Duration]] = []
    if limit.amount > 1:
        options.append(st.integers(1, limit.amount - 1).map(lambda n: Duration(n, limit.unit)))
    days = limit.calendar_days()
    if days is not None and limit.unit is not DurationUnit.CALENDAR_DAYS and days > 1:
        options.append(st.integers(1, days - 1).map(lambda n: Duration(n, DurationUnit.CALENDAR_DAYS)))
    if limit.unit is DurationUnit.YEARS:
        options.append(st.integers(1, 12 * limit.amount - 1).map(lambda n: Duration(n, DurationUnit.MONTHS)))
    return st.one_of(options) if options else None


def _tightened_params(draw: st.DrawFn, effective: EffectiveRule) -> tuple[Any, frozenset[str]]:
    params = effective.rule.params
    if isinstance(params, FrequencyParams):
        assert params.minimum is not None
        minimum = params.minimum + draw(st.integers(1, 5))
        return FrequencyParams(minimum=minimum), frozenset({"minimum"})
    if isinstance(params, MaxInactivityParams):
        shorter = _shorter_durations(params.limit)
        assert shorter is not None
        return MaxInactivityParams(limit=draw(shorter)), frozenset({"limit"})
    assert isinstance(params, FilingDeadlineParams)
    if params.within is None:
        within = Duration(draw(st.integers(1, 15)), DurationUnit.WORKING_DAYS)
    else:
        shorter = _shorter_durations(params.within)
        assert shorter is not None
        within = draw(shorter)
    return FilingDeadlineParams(within=within), frozenset({"within"})


@st.composite
def _tighten_only(
    draw: st.DrawFn,
    rulebook: Rulebook,
    min_rules: int,
    max_rules: int | None,
    overlay_id: str | None,
    only: frozenset[str] | None,
) -> Overlay:
    targets = tuple(r for r in tightenable_rules(rulebook) if only is None or r.id in only)
    on = rulebook.jurisdiction.id
    oid = overlay_id or draw(st.sampled_from(("what-if", "what-if-tighter", "tighten")))
    if not targets:
        return Overlay(oid, "收紧（无可收紧的规则）", on, ())
    upper = len(targets) if max_rules is None else min(max_rules, len(targets))
    lower = min(min_rules, upper)
    chosen = draw(st.lists(st.sampled_from(targets), min_size=lower, max_size=upper, unique_by=lambda r: r.id))
    rules = []
    for index, target in enumerate(chosen):
        params, stated = _tightened_params(draw, target)
        base = target.rule
        rules.append(
            Rule(
                id=f"{oid}.t{index}.{base.id.replace('.', '-')}",
                kind=base.kind,
                topic=base.topic,
                title=f"{base.title}（收紧，假设）",
                summary=f"What-if: a tighter {base.kind} than {base.id}.",
                strength=base.strength,
                checkable=True,
                sources=(base.source,),
                params=params,
                refines=base.id,
                document=oid,
                jurisdiction=on,
                stated_params=stated,
            )
        )
    return Overlay(oid, "收紧（假设）", on, tuple(rules))


def tighten_only_overlays(
    rulebook: Rulebook,
    *,
    min_rules: int = 1,
    max_rules: int | None = 3,
    overlay_id: str | None = None,
    targets: Iterable[str] | None = None,
) -> st.SearchStrategy[Overlay]:
    """Valid what-if ``Overlay`` objects on ``rulebook``'s jurisdiction that only tighten it.

    Each overlay rule ``refines`` one of :func:`tightenable_rules` (distinct rules), states one
    parameter and moves it the strict way only: a higher ``minimum`` for posting and original-post
    frequencies, a shorter dormancy ``limit``, a shorter filing ``within`` (or one where the rule
    had none). Shorter durations stay comparable with the original (same unit, or weeks into
    calendar days), so composition judges every change ``tighter``. Every rule cites its target's
    own source (document, clause and verbatim quote), so the overlay passes the same validation
    as an overlay file. A rulebook with nothing to tighten gives the empty overlay.

    ``targets`` restricts the refined rules to those ids (say, the rules of an overlay already
    composed into ``rulebook``, to build a chain of overlays each tightening the previous one);
    ``overlay_id`` fixes the overlay's id, which prefixes its rules' ids.

    >>> book = gnmr.rulebook("zezhou", on="2024-06-01")
    >>> overlay = tighten_only_overlays(book).example()                # doctest: +SKIP
    >>> gnmr.rulebook("zezhou", on="2024-06-01", overlays=[overlay])   # composes, never loosens
    """
    if min_rules < 0 or (max_rules is not None and max_rules < min_rules):
        raise InvalidArgument(f"tighten_only_overlays: bad bounds min_rules={min_rules}, max_rules={max_rules}")
    only = frozenset(targets) if targets is not None else None
    return _tighten_only(rulebook, min_rules, max_rules, overlay_id, only)
