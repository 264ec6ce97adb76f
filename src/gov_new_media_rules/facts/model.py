"""Account facts: what happened to government new-media accounts.

Everything here is what a monitoring platform knows, not what a rule concludes: posts, lifecycle
events, filings, public notices, interviews, assessments, incidents, follower counts, operators.
Dates are Asia/Shanghai calendar dates; a post keeps the exact instant it was published as given,
and the date it falls on in Shanghai.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import overload

import attrs

from ..bounds import between, finite_between, supported_day
from ..model.params import REVIEW_STAGES, Practice
from ..model.vocab import (
    AccountType,
    ContentForm,
    ContentTag,
    EventType,
    FilingRecipient,
    Platform,
    RepostSource,
    UnitKind,
    UnitLevel,
)

__all__ = [
    "Account",
    "Assessment",
    "Exposure",
    "Facts",
    "Filing",
    "FollowerCount",
    "Incident",
    "IncidentKind",
    "Interview",
    "LifecycleEvent",
    "Notice",
    "NoticeLevel",
    "Operator",
    "Post",
    "PostColumns",
    "PracticeRecord",
    "Review",
]


class NoticeLevel(StrEnum):
    """Who issued a public notice (通报), from the top."""

    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"

    @property
    def rank(self) -> int:
        """0 for national, growing downwards: "市级以上" is rank <= CITY.rank."""
        return list(NoticeLevel).index(self)


class IncidentKind(StrEnum):
    SECURITY = "security"  # 安全事故
    LEAK = "leak"  # 泄密事故
    LEGAL_VIOLATION = "legal_violation"  # 违反有关法律法规的行为


@attrs.frozen
class Review:
    """One review of a post before publishing: which stage (1 = 一审), by whom, when.

    ``at`` is kept as given (an ISO 8601 date or datetime) and compared with the post's
    ``published_at`` at the finest precision both have.
    """

    stage: int = attrs.field(validator=between(*REVIEW_STAGES))
    at: str
    role: str | None = None
    reviewer: str | None = None


@attrs.frozen
class Post:
    published_on: dt.date = attrs.field(validator=supported_day)  # the Asia/Shanghai date of ``published_at``
    published_at: str | None = None  # as given (ISO 8601), kept for reports
    original: bool = False
    # Declared content categories, for prohibition rules: None = not declared, () = declared clean.
    tags: tuple[ContentTag, ...] | None = None
    repost_source: RepostSource | None = None
    reviews: tuple[Review, ...] = ()
    id: str | None = None


def _has_details(post: Post) -> bool:
    return post.tags is not None or post.repost_source is not None or bool(post.reviews) or post.id is not None


class PostColumns(Sequence[Post]):
    """An account's posts, stored by column.

    A year of daily posts for every account of a country is millions of posts, and most carry
    only a timestamp and an "original" flag. Keeping those as three columns — and full ``Post``
    objects only for the posts that carry more (tags, reviews, a repost source, an id) — makes
    reading them several times cheaper than building one object each. It is still a read-only
    sequence of ``Post``: indexing or iterating builds the objects on demand.
    """

    __slots__ = ("ordinals", "published", "original", "rich", "_hash", "_days")

    def __init__(
        self,
        days: Sequence[dt.date] = (),
        published: Sequence[str | None] = (),
        original: Sequence[bool] = (),
        rich: Mapping[int, Post] | None = None,
        *,
        ordinals: Sequence[int] | None = None,
    ) -> None:
        """Columns from ``days`` (dates), or from ``ordinals`` (``date.toordinal()``) instead,
        which is what the engine works with and what the loader produces."""
        # Ordinals are kept as a packed array: millions of posts as machine integers rather than
        # millions of int objects, which keeps memory small and the engine's passes cache-friendly.
        if ordinals is None:
            self._days: tuple[dt.date, ...] | None = tuple(days)
            self.ordinals = array("l", [day.toordinal() for day in self._days])
        else:
            self._days = None
            self.ordinals = ordinals if isinstance(ordinals, array) else array("l", ordinals)
        if not len(self.ordinals) == len(published) == len(original):
            raise ValueError("post columns differ in length")
        self.published = tuple(published)
        self.original = tuple(original)
        # Only posts that carry something the columns cannot hold are kept whole (a post that
        # declares ``tags: []`` does: it was classified, and found clean), so that two equal
        # sequences of posts compare (and hash) equal however they were built.
        self.rich: Mapping[int, Post] = {i: p for i, p in (rich or {}).items() if _has_details(p)}
        self._hash: int | None = None

    @property
    def days(self) -> tuple[dt.date, ...]:
        """The Asia/Shanghai day of each post, in input order."""
        if self._days is None:
            self._days = tuple(map(dt.date.fromordinal, self.ordinals))
        return self._days

    @classmethod
    def of(cls, posts: Iterable[Post] | PostColumns) -> PostColumns:
        """Columns for any iterable of posts (the attrs converter of ``Account.posts``)."""
        if isinstance(posts, PostColumns):
            return posts
        days, published, original, rich = [], [], [], {}
        for index, post in enumerate(posts):
            days.append(post.published_on)
            published.append(post.published_at)
            original.append(post.original)
            if _has_details(post):
                rich[index] = post
        return cls(days, published, original, rich)

    def __len__(self) -> int:
        return len(self.ordinals)

    @overload
    def __getitem__(self, index: int) -> Post: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Post, ...]: ...

    def __getitem__(self, index: int | slice) -> Post | tuple[Post, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self.ordinals):
            raise IndexError("post index out of range")
        post = self.rich.get(index)
        return post if post is not None else Post(self.days[index], self.published[index], self.original[index])

    def __iter__(self) -> Iterator[Post]:
        rich = self.rich
        for index, (day, published, original) in enumerate(zip(self.days, self.published, self.original, strict=True)):
            post = rich.get(index)
            yield post if post is not None else Post(day, published, original)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PostColumns):
            mine = (self.ordinals, self.published, self.original)
            return mine == (other.ordinals, other.published, other.original) and dict(self.rich) == dict(other.rich)
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self.ordinals.tobytes(), self.published, self.original, tuple(sorted(self.rich.items()))))
        return self._hash

    def __repr__(self) -> str:
        return f"PostColumns({len(self)} posts, {len(self.rich)} with details)"


@attrs.frozen
class LifecycleEvent:
    type: EventType
    on: dt.date = attrs.field(validator=supported_day)
    note: str | None = None
    reason: str | None = None  # e.g. "cleanup" when an account was cancelled by a clean-up


@attrs.frozen
class Filing:
    """A filing made: for which event, to whom, when."""

    event: EventType
    recipient: FilingRecipient
    filed_on: dt.date = attrs.field(validator=supported_day)
    event_on: dt.date | None = attrs.field(default=None, validator=supported_day)  # which occurrence of the event, where an account has several


@attrs.frozen
class Notice:
    """A public notice of a problem (通报) naming the account."""

    level: NoticeLevel
    on: dt.date = attrs.field(validator=supported_day)
    problem: str | None = None


@attrs.frozen
class Interview:
    """An admonishment interview (约谈) about the account."""

    on: dt.date = attrs.field(validator=supported_day)
    note: str | None = None


@attrs.frozen
class Assessment:
    """A score, e.g. the Zhejiang platform's effect index (运营效果指数)."""

    on: dt.date = attrs.field(validator=supported_day)
    # A score (分); the range is wide enough for any scale a platform uses.
    effect_index: float = attrs.field(validator=finite_between(0, 1000))
    kind: str = "effect_index"


@attrs.frozen
class Incident:
    kind: IncidentKind
    on: dt.date = attrs.field(validator=supported_day)
    note: str | None = None


@attrs.frozen
class FollowerCount:
    on: dt.date = attrs.field(validator=supported_day)
    count: int = attrs.field(validator=between(0, 10**10))


@attrs.frozen
class Exposure:
    """A public listing (晾晒) of a problem on the provincial platform, and when it was put right."""

    on: dt.date = attrs.field(validator=supported_day)
    rectified_on: dt.date | None = attrs.field(default=None, validator=supported_day)


@attrs.frozen
class Operator:
    third_party: bool = False
    subcontracted: bool = False
    name: str | None = None


@attrs.frozen
class PracticeRecord:
    """A practice found by an inspection, e.g. bought followers or forced downloads."""

    practice: Practice
    on: dt.date = attrs.field(validator=supported_day)
    note: str | None = None


@attrs.frozen
class Account:
    id: str
    name: str
    platform: Platform
    host_unit: str
    account_type: AccountType | None = None
    content_form: ContentForm = ContentForm.TEXT
    main_account: bool = False
    host_unit_kind: UnitKind | None = None
    host_unit_level: UnitLevel | None = None  # the host unit's administrative level; None: not given
    verified_host_unit: str | None = None  # the unit named in the platform's verification info
    opened_on: dt.date | None = attrs.field(default=None, validator=supported_day)
    # The first day from which ``posts`` is the account's complete post history. Before it, what
    # was posted is unknown, and no silence is counted. ``None``: complete from the opening.
    posts_from: dt.date | None = attrs.field(default=None, validator=supported_day)
    # Of the area the unit serves (Huzhou's 1% rule); at most ten billion, more than any area holds.
    resident_population: int | None = attrs.field(default=None, validator=between(0, 10**10))
    ipv6: bool | None = None  # apps only
    interaction_enabled: bool | None = None
    in_national_filing_system: bool | None = None
    operator: Operator | None = None
    posts: PostColumns = attrs.field(factory=PostColumns, converter=PostColumns.of)
    events: tuple[LifecycleEvent, ...] = ()
    filings: tuple[Filing, ...] = ()
    notices: tuple[Notice, ...] = ()
    interviews: tuple[Interview, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    incidents: tuple[Incident, ...] = ()
    followers: tuple[FollowerCount, ...] = ()
    exposures: tuple[Exposure, ...] = ()
    practices: tuple[PracticeRecord, ...] = ()


@attrs.frozen
class Facts:
    accounts: tuple[Account, ...] = ()
