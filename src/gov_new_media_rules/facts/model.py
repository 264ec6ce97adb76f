"""Account facts: what happened to government new-media accounts.

Everything here is what a monitoring platform knows, not what a rule concludes: posts, lifecycle
events, filings, public notices, interviews, assessments, incidents, follower counts, operators.
Dates are Asia/Shanghai calendar dates; a post keeps the exact instant it was published as given,
and the date it falls on in Shanghai.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from ..model.params import Practice
from ..model.vocab import (
    AccountType,
    ContentForm,
    ContentTag,
    EventType,
    FilingRecipient,
    Platform,
    RepostSource,
    UnitKind,
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

    stage: int
    at: str
    role: str | None = None
    reviewer: str | None = None


@attrs.frozen
class Post:
    published_on: dt.date  # the Asia/Shanghai date of ``published_at``
    published_at: str | None = None  # as given (ISO 8601), kept for reports
    original: bool = False
    tags: tuple[ContentTag, ...] = ()  # declared content categories, for prohibition rules
    repost_source: RepostSource | None = None
    reviews: tuple[Review, ...] = ()
    id: str | None = None


@attrs.frozen
class LifecycleEvent:
    type: EventType
    on: dt.date
    note: str | None = None
    reason: str | None = None  # e.g. "cleanup" when an account was cancelled by a clean-up


@attrs.frozen
class Filing:
    """A filing made: for which event, to whom, when."""

    event: EventType
    recipient: FilingRecipient
    filed_on: dt.date
    event_on: dt.date | None = None  # which occurrence of the event, where an account has several


@attrs.frozen
class Notice:
    """A public notice of a problem (通报) naming the account."""

    level: NoticeLevel
    on: dt.date
    problem: str | None = None


@attrs.frozen
class Interview:
    """An admonishment interview (约谈) about the account."""

    on: dt.date
    note: str | None = None


@attrs.frozen
class Assessment:
    """A score, e.g. the Zhejiang platform's effect index (运营效果指数)."""

    on: dt.date
    effect_index: float
    kind: str = "effect_index"


@attrs.frozen
class Incident:
    kind: IncidentKind
    on: dt.date
    note: str | None = None


@attrs.frozen
class FollowerCount:
    on: dt.date
    count: int


@attrs.frozen
class Exposure:
    """A public listing (晾晒) of a problem on the provincial platform, and when it was put right."""

    on: dt.date
    rectified_on: dt.date | None = None


@attrs.frozen
class Operator:
    third_party: bool = False
    subcontracted: bool = False
    name: str | None = None


@attrs.frozen
class PracticeRecord:
    """A practice found by an inspection, e.g. bought followers or forced downloads."""

    practice: Practice
    on: dt.date
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
    verified_host_unit: str | None = None  # the unit named in the platform's verification info
    opened_on: dt.date | None = None
    resident_population: int | None = None  # of the area the unit serves (Huzhou's 1% rule)
    ipv6: bool | None = None  # apps only
    interaction_enabled: bool | None = None
    in_national_filing_system: bool | None = None
    operator: Operator | None = None
    posts: tuple[Post, ...] = ()
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
