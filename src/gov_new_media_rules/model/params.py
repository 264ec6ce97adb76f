"""Typed parameters, one class per rule kind.

A rule's ``params`` table in TOML is structured into the class registered for its ``kind`` in
``PARAMS_BY_KIND``; an unknown kind or an unknown key is a load error. Every field that a local
document may tighten is optional here so that a refining rule can state only what it changes
(see ``merge``), and so that the national text can record a duty whose number it leaves to others
("确保信息更新及时" has no minimum).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from .vocab import ContentTag, EventType, FilingRecipient, OperatorKind, RepostSource, UnitKind


class DurationUnit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


DURATION_UNIT_ZH = {
    DurationUnit.WORKING_DAYS: "个工作日",
    DurationUnit.CALENDAR_DAYS: "天",
    DurationUnit.WEEKS: "周",
    DurationUnit.MONTHS: "个月",
    DurationUnit.YEARS: "年",
}


@attrs.frozen
class Duration:
    """An amount of time as a text states it; working days and calendar time stay distinct."""

    amount: int = attrs.field(validator=attrs.validators.ge(0))
    unit: DurationUnit

    def zh(self) -> str:
        return f"{self.amount}{DURATION_UNIT_ZH[self.unit]}"

    def calendar_days(self) -> int | None:
        """Exact length in calendar days, or None where it depends on the calendar."""
        if self.unit is DurationUnit.CALENDAR_DAYS:
            return self.amount
        if self.unit is DurationUnit.WEEKS:
            return 7 * self.amount
        return None


class CleanupAction(StrEnum):
    CLEAN_UP = "clean_up"
    SHUT_DOWN = "shut_down"
    INTEGRATE = "integrate"
    CANCEL = "cancel"


class ConditionTrigger(StrEnum):
    EFFECT_INDEX_BELOW = "effect_index_below"
    NOTICES_AT_LEVEL = "notices_at_level"
    DORMANCY_REPEATED = "dormancy_repeated"
    RECTIFICATION_OVERDUE = "rectification_overdue"
    SECURITY_INCIDENT = "security_incident"
    FOLLOWERS_BELOW_POPULATION_SHARE = "followers_below_population_share"
    LEGAL_VIOLATION = "legal_violation"
    SINGLE_VETO_ITEM = "single_veto_item"
    NOT_IN_NATIONAL_FILING_SYSTEM = "not_in_national_filing_system"
    UNABLE_TO_MAINTAIN = "unable_to_maintain"
    LOW_USAGE = "low_usage"
    DUPLICATE_ACCOUNT = "duplicate_account"
    NOT_FILED_WITH_SUPERVISING_UNIT = "not_filed_with_supervising_unit"


class EscalationStep(StrEnum):
    REMIND = "remind"
    NOTICE = "notice"
    INTERVIEW = "interview"
    SHUT_DOWN = "shut_down"


class Practice(StrEnum):
    BUY_FOLLOWERS = "buy_followers"
    FORCE_DOWNLOAD = "force_download"
    FORCE_LIKE_OR_SHARE = "force_like_or_share"
    FAKE_DATA = "fake_data"


class TechnicalRequirement(StrEnum):
    IPV6 = "ipv6"
    MULTI_TERMINAL = "multi_terminal"


@attrs.frozen
class NoParams:
    """Kinds whose meaning is all in the quote: principles."""


@attrs.frozen
class DefinitionParams:
    term: str | None = None
    # For the definition of 政务新媒体: host-unit kinds whose accounts the definition leaves out.
    # No rule about government new media applies to them (the engine judges nothing else for them).
    outside: tuple[UnitKind, ...] = ()


@attrs.frozen
class DutyParams:
    actor: str | None = None


class FilingTiming(StrEnum):
    """When a filing (or notice) is due relative to the event it reports.

    Each value is a reading of the text's words, stated on the rule as an interpretation:

    * ``after``: "事件后N个工作日内" — the N-th working day after the event (``within``), inclusive,
      the event day not counted. The default when ``within`` is given.
    * ``before``: "变更前" / "注销前" / "先……再……" — the filing precedes the event. Facts hold days,
      not times, so a filing on the event day itself is given the benefit of the doubt: due on the
      event day, and a filing after it is late. ``within`` (if any) then counts from a start the
      facts do not hold and is not evaluated.
    * ``same_day``: "同步" — at the same time as the event: no later than the event day (earlier
      allowed). Not "no time limit".
    * ``promptly``: "及时" — the text gives no number: filed is compliant, not filed is pending,
      never a violation (the library does not invent a number of days).
    * ``none``: no time stated at all ("应向主管单位备案"): as ``promptly``.
    """

    AFTER = "after"
    BEFORE = "before"
    SAME_DAY = "same_day"
    PROMPTLY = "promptly"
    NONE = "none"


class AnnounceStart(StrEnum):
    """What the time limit of a public notice counts from (``announce_within``)."""

    EVENT = "event"  # the event the rule is about
    FILING = "filing"  # the supervising-unit filing of that event (泽州县 二.(三) "先……报送……并在2个工作日内……发布")


@attrs.frozen
class RecipientTiming:
    """A timing for one recipient of a filing rule, where it differs from the rule's ``timing``."""

    recipient: FilingRecipient
    timing: FilingTiming


@attrs.frozen
class FilingDeadlineParams:
    events: tuple[EventType, ...] = ()
    within: Duration | None = None
    recipients: tuple[FilingRecipient, ...] = ()
    recipient_name: str | None = None
    # What the text calls the filing, where it is not 备案 (湖州市 7.4.(3) "在浙江省政务新媒体管理平台
    # 提交拟注销申请"): the findings say it in these words.
    action_zh: str | None = None
    announce_publicly: bool = False
    # When the filing is due relative to the event (FilingTiming); None: ``after`` with ``within``,
    # ``none`` without it.
    timing: FilingTiming | None = None
    # Per-recipient timings (泽州县: the county-office form before the event, the national system
    # within 2 working days after it).
    recipient_timing: tuple[RecipientTiming, ...] = ()
    # The public notice's own limit (``announce_publicly``), counted from ``announce_from``; None:
    # the rule's timing for the event.
    announce_within: Duration | None = None
    announce_from: AnnounceStart | None = None
    # The public notice must come before the event (湖州 7.4 (1) before the cancellation).
    announce_timing: FilingTiming | None = None

    def timing_for(self, recipient: object) -> FilingTiming:
        """The timing that binds ``recipient`` (a FilingRecipient, or "public"/"account")."""
        for item in self.recipient_timing:
            if item.recipient == recipient:
                return item.timing
        if self.timing is not None:
            return self.timing
        return FilingTiming.AFTER if self.within is not None else FilingTiming.NONE


@attrs.frozen
class FrequencyParams:
    """Used by both ``posting_frequency`` and ``original_posts``: at least ``minimum`` per ``per``."""

    minimum: int | None = None
    per: Duration | None = None


class InactivityBreach(StrEnum):
    """When a silence breaks a no-update limit: how the text's words are read.

    * ``at_limit``: "N内无更新" ("监测时间点前2周内无更新", "14天未更新") — the limit's whole span
      without a post: N whole days (working days) with no post, counted from the day after the last
      post (or the opening) up to and including the evaluation day. 2 weeks = 14 calendar days: a
      last post on day P breaks it at the end of day P+14.
    * ``beyond_limit``: "超过N未更新" ("超过7个工作日未更新") — more than N whole days without a
      post: it breaks on the (N+1)-th. The default when a rule states none.
    """

    AT_LIMIT = "at_limit"
    BEYOND_LIMIT = "beyond_limit"


def silent_units_needed(limit_amount: int, breach: InactivityBreach | None) -> int:
    """The number of whole silent days (or working days) that break a limit of ``limit_amount``."""
    return limit_amount if breach is InactivityBreach.AT_LIMIT else limit_amount + 1


@attrs.frozen
class MaxInactivityParams:
    limit: Duration | None = None
    # None reads as ``beyond_limit``.
    breach: InactivityBreach | None = None


class ClosureAllowed(StrEnum):
    """When, at the earliest, an account may close after a notice that must stand a minimum time."""

    # "公告时间不少于N个工作日": the notice day is not counted and the N working days after it must
    # all have run in full: the closure comes on the day after the N-th working day at the earliest.
    AFTER_PERIOD = "after_period"
    # The closure may come on the N-th working day itself (the period's last day has begun).
    ON_LAST_DAY = "on_last_day"


@attrs.frozen
class AnnouncementPeriodParams:
    event: EventType | None = None
    minimum: Duration | None = None
    # None reads as ``after_period``.
    closure_allowed: ClosureAllowed | None = None


class ConditionPeriod(StrEnum):
    ROLLING = "rolling"  # ``within`` back from the evaluation date (the default)
    PREVIOUS_CALENDAR_YEAR = "previous_calendar_year"  # "上一年度": the calendar year before as_of's


class VetoItem(StrEnum):
    """The single-veto items (单项否决项) of 国办秘函〔2019〕19号 known through secondary quotes."""

    NO_UPDATE = "no_update"  # 监测时间点前2周内无更新
    NO_INTERACTION = "no_interaction"  # 未提供有效互动功能
    SECURITY_INCIDENT = "security_incident"  # 安全、泄密事故等严重问题


# Triggers that count observations one after another, where "连续N次" can be said.
_SERIAL_TRIGGERS = frozenset({ConditionTrigger.EFFECT_INDEX_BELOW, ConditionTrigger.DORMANCY_REPEATED})
# Triggers judged over a look-back span of observations, where "长期" can be said.
_PERSISTENT_TRIGGERS = frozenset({ConditionTrigger.FOLLOWERS_BELOW_POPULATION_SHARE})
_BREACH_TRIGGERS = frozenset({ConditionTrigger.DORMANCY_REPEATED, ConditionTrigger.SINGLE_VETO_ITEM})


def _check_condition(condition: Condition) -> None:
    trigger = condition.trigger
    where = f"condition {condition.id}"
    if condition.count is not None and condition.count < 1:
        raise ValueError(f"{where}: count must be at least 1")
    if condition.consecutive is not None and trigger not in _SERIAL_TRIGGERS:
        raise ValueError(f"{where}: consecutive applies only to {', '.join(sorted(_SERIAL_TRIGGERS))}")
    if condition.consecutive and condition.count is None:
        raise ValueError(f"{where}: consecutive needs a count (连续N次)")
    if condition.min_observations is not None:
        if trigger not in _PERSISTENT_TRIGGERS:
            raise ValueError(f"{where}: min_observations applies only to {', '.join(sorted(_PERSISTENT_TRIGGERS))}")
        if condition.min_observations < 2:
            raise ValueError(f"{where}: min_observations must be at least 2 (one observation cannot show 长期)")
    if condition.breach is not None and trigger not in _BREACH_TRIGGERS:
        raise ValueError(f"{where}: breach applies only to {', '.join(sorted(_BREACH_TRIGGERS))}")
    if (condition.item is None) != (trigger is not ConditionTrigger.SINGLE_VETO_ITEM):
        raise ValueError(f"{where}: item is required with, and only with, trigger single_veto_item")
    if condition.period is ConditionPeriod.PREVIOUS_CALENDAR_YEAR and condition.within is not None:
        raise ValueError(f"{where}: period previous_calendar_year fixes the window; remove within")


@attrs.frozen
class Condition:
    id: str
    trigger: ConditionTrigger
    zh: str | None = None
    count: int | None = None
    threshold: float | None = None
    within: Duration | None = None
    period: ConditionPeriod | None = None
    # ``superior`` (上级: any level above the account's own host unit) or a NoticeLevel value
    # (``city``: 市级以上).
    level: str | None = None
    # "连续N次": the ``count`` observations must follow one another (adjacent assessments, back-to-
    # back silences), not be any ``count`` of them.
    consecutive: bool | None = None
    # "长期": at least this many observations in the look-back, all meeting the condition.
    min_observations: int | None = None
    # How a silence of ``within`` breaks: see InactivityBreach (None: ``beyond_limit``).
    breach: InactivityBreach | None = None
    # For ``single_veto_item``: which of the single-veto items.
    item: VetoItem | None = None

    def __attrs_post_init__(self) -> None:
        _check_condition(self)


@attrs.frozen
class CleanupConditionParams:
    action: CleanupAction | None = None
    conditions: tuple[Condition, ...] = ()
    min_account_age: Duration | None = None


@attrs.frozen
class ReopenBanParams:
    duration: Duration | None = None
    after: str | None = None


@attrs.frozen
class EscalationLadderParams:
    steps: tuple[EscalationStep, ...] = ()
    interview_after_problems: int | None = None
    shut_down_if: str | None = None


@attrs.frozen
class AccountsPerPlatformParams:
    maximum: int = 1
    # True where the text is about opening ("只开设一个"): each opening made while the rule is in
    # force is judged by the accounts its unit already had on that platform on the opening day;
    # accounts opened before the rule came into force are not judged by it.
    new_openings_only: bool = False


@attrs.frozen
class AccountNamingParams:
    host_unit_in_verification: bool = False
    consistent_across_platforms: bool = False
    related_to_duties: bool = False


@attrs.frozen
class AccountSubjectParams:
    forbidden_subjects: tuple[UnitKind, ...] = ()
    # True where the text only restrains new openings (Zezhou "原则上不单独开设"), so accounts
    # opened before the rule came into force are not judged by it.
    new_openings_only: bool = False


@attrs.frozen
class ContentProhibitionParams:
    categories: tuple[ContentTag, ...] = ()


@attrs.frozen
class RepostSourcesParams:
    allowed: tuple[RepostSource, ...] = ()


@attrs.frozen
class ReviewStage:
    stage: int
    role: str


@attrs.frozen
class SignOffTier:
    content: str
    signer: str


@attrs.frozen
class ReviewWorkflowParams:
    review_before_publish: bool = False
    stages: tuple[ReviewStage, ...] = ()
    # Stages (of another rule's scheme) that this rule's stages must follow: 湖州市 9.2.3 uploads
    # "经审核后的待发信息", so the platform check (stage 4) comes after the third review.
    after_stages: tuple[int, ...] = ()
    elements: tuple[str, ...] = ()
    sign_off: tuple[SignOffTier, ...] = ()


@attrs.frozen
class SupervisionCadenceParams:
    actor: str | None = None
    activity: str | None = None
    every: Duration | None = None


@attrs.frozen
class ProhibitedPracticeParams:
    practices: tuple[Practice, ...] = ()


@attrs.frozen
class TechnicalRequirementParams:
    requirements: tuple[TechnicalRequirement, ...] = ()


@attrs.frozen
class OperatorRequirementParams:
    allowed_operators: tuple[OperatorKind, ...] = ()
    # The list ends in 等 (湖州市 6.2.5): comparable operators count too, so an operator's kind
    # alone never makes a violation.
    operators_open: bool = False
    qualification_required: bool = False
    no_subcontracting: bool = False
    written_agreement: bool = False
    confidentiality_agreement: bool = False


class RuleKind(StrEnum):
    DEFINITION = "definition"
    PRINCIPLE = "principle"
    DUTY = "duty"
    FILING_DEADLINE = "filing_deadline"
    POSTING_FREQUENCY = "posting_frequency"
    ORIGINAL_POSTS = "original_posts"
    MAX_INACTIVITY = "max_inactivity"
    ANNOUNCEMENT_PERIOD = "announcement_period"
    CLEANUP_CONDITION = "cleanup_condition"
    REOPEN_BAN = "reopen_ban"
    ESCALATION_LADDER = "escalation_ladder"
    ACCOUNTS_PER_PLATFORM = "accounts_per_platform"
    ACCOUNT_NAMING = "account_naming"
    ACCOUNT_SUBJECT = "account_subject"
    CONTENT_PROHIBITION = "content_prohibition"
    REPOST_SOURCES = "repost_sources"
    REVIEW_WORKFLOW = "review_workflow"
    SUPERVISION_CADENCE = "supervision_cadence"
    PROHIBITED_PRACTICE = "prohibited_practice"
    TECHNICAL_REQUIREMENT = "technical_requirement"
    OPERATOR_REQUIREMENT = "operator_requirement"


PARAMS_BY_KIND: dict[RuleKind, type] = {
    RuleKind.DEFINITION: DefinitionParams,
    RuleKind.PRINCIPLE: NoParams,
    RuleKind.DUTY: DutyParams,
    RuleKind.FILING_DEADLINE: FilingDeadlineParams,
    RuleKind.POSTING_FREQUENCY: FrequencyParams,
    RuleKind.ORIGINAL_POSTS: FrequencyParams,
    RuleKind.MAX_INACTIVITY: MaxInactivityParams,
    RuleKind.ANNOUNCEMENT_PERIOD: AnnouncementPeriodParams,
    RuleKind.CLEANUP_CONDITION: CleanupConditionParams,
    RuleKind.REOPEN_BAN: ReopenBanParams,
    RuleKind.ESCALATION_LADDER: EscalationLadderParams,
    RuleKind.ACCOUNTS_PER_PLATFORM: AccountsPerPlatformParams,
    RuleKind.ACCOUNT_NAMING: AccountNamingParams,
    RuleKind.ACCOUNT_SUBJECT: AccountSubjectParams,
    RuleKind.CONTENT_PROHIBITION: ContentProhibitionParams,
    RuleKind.REPOST_SOURCES: RepostSourcesParams,
    RuleKind.REVIEW_WORKFLOW: ReviewWorkflowParams,
    RuleKind.SUPERVISION_CADENCE: SupervisionCadenceParams,
    RuleKind.PROHIBITED_PRACTICE: ProhibitedPracticeParams,
    RuleKind.TECHNICAL_REQUIREMENT: TechnicalRequirementParams,
    RuleKind.OPERATOR_REQUIREMENT: OperatorRequirementParams,
}

# Required of a rule that stands on its own; a refinement inherits them from the rule it refines.
REQUIRED_PARAMS: dict[RuleKind, tuple[str, ...]] = {
    RuleKind.MAX_INACTIVITY: ("limit",),
    RuleKind.ANNOUNCEMENT_PERIOD: ("event", "minimum"),
    RuleKind.CLEANUP_CONDITION: ("action",),
    RuleKind.REOPEN_BAN: ("duration",),
}

Params = Any  # one of the classes in PARAMS_BY_KIND
