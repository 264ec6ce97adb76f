"""Account facts: the model, and reading it from JSON or JSON Lines."""

from .loading import account_from_json, facts_from_json, iter_accounts, load_facts
from .model import (
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
    "account_from_json",
    "facts_from_json",
    "iter_accounts",
    "load_facts",
]
