"""Typed parameters, one class per rule kind.

A rule's ``params`` table in TOML is structured into the class registered for its ``kind`` in
``PARAMS_BY_KIND``; an unknown kind or an unknown key is a load error. Every field that a local
document may tighten is optional here so that a refining rule can state only what it changes
(see ``merge``), and so that the national text can record a duty whose number it leaves to others
("确保信息更新及时" has no minimum).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

import attrs

from ..errors import clipped, one_of
from .vocab import ContentTag, EventType, FilingRecipient, OperatorKind, RepostSource, UnitKind


# Review stages (1 = 一审 …; 湖州市's platform check is the fourth), with room: the same range for a
# rule's stages and for the reviews the facts record.
REVIEW_STAGES = (1, 10)


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


def _triggers_using(field: str) -> frozenset[ConditionTrigger]:
    return frozenset(t for t, needs in CONDITION_NEEDS.items() if field in needs.uses)


def _check_condition(condition: Condition) -> None:
    """The consistency of one condition's own fields, checked when it is built. What each
    trigger's evaluator needs of the values (CONDITION_NEEDS) is checked where a policy file or a
    rulebook is read (``check_params``), so that the message can name the key."""
    trigger = condition.trigger
    where = f"condition {clipped(condition.id)}"
    if condition.count is not None and condition.count < 1:
        raise ValueError(f"{where}: count must be at least 1")
    serial = _triggers_using("consecutive")
    if condition.consecutive is not None and trigger not in serial:
        raise ValueError(f"{where}: consecutive applies only to {', '.join(sorted(serial))}")
    if condition.consecutive and condition.count is None:
        raise ValueError(f"{where}: consecutive needs a count (连续N次)")
    if condition.min_observations is not None:
        persistent = _triggers_using("min_observations")
        if trigger not in persistent:
            raise ValueError(f"{where}: min_observations applies only to {', '.join(sorted(persistent))}")
        if condition.min_observations < 2:
            raise ValueError(f"{where}: min_observations must be at least 2 (one observation cannot show 长期)")
    breach = _triggers_using("breach")
    if condition.breach is not None and trigger not in breach:
        raise ValueError(f"{where}: breach applies only to {', '.join(sorted(breach))}")
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


# -- what the evaluators need of the parameters ------------------------------------------------------
#
# A rule that loads is one the engine can evaluate: every parameter of every kind is checked against
# what its evaluator needs (a known level, a positive period, a present threshold, a supported unit,
# a bounded amount), declared here once per params class and per clean-up trigger. ``check_params``
# reads the declarations. It runs on the parameters a policy or overlay file states when the file is
# read (loading.py), and on a rule's *effective* parameters — what a refinement states laid over what
# it inherits — when a rulebook is composed (composition.py): two halves that are each fine can make
# a whole the engine cannot read (a minimum stated over a rule that has no period). A problem is
# reported as (key, problem), the key relative to ``params`` (``conditions[0].level``).

# The longest duration any parameter may state, per unit: about ten years. No text sets a period of
# more than a year; a bound keeps every date the engine computes from one inside the calendar's range.
DURATION_MAX: dict[DurationUnit, int] = {
    DurationUnit.CALENDAR_DAYS: 3660,
    DurationUnit.WORKING_DAYS: 2500,
    DurationUnit.WEEKS: 520,
    DurationUnit.MONTHS: 120,
    DurationUnit.YEARS: 10,
}
# The largest count any parameter may state (posts per period, accounts per platform, notices …).
COUNT_MAX = 10_000

Problem = tuple[str, str]  # (key relative to params, one-line problem)


@attrs.frozen
class Span:
    """A ``Duration`` parameter: at least ``least`` (1 for a period or a window, 0 for a deadline,
    where 0 means the event's own day), at most ``DURATION_MAX`` of its unit, and in one of
    ``units`` — those its evaluator counts in (``why`` says why, for the message)."""

    least: int = 1
    units: tuple[DurationUnit, ...] = tuple(DurationUnit)
    why: str = ""
    # Units in which only an amount of 1 is read (a calendar month, not a run of 2 months).
    single: tuple[DurationUnit, ...] = ()


@attrs.frozen
class Count:
    """An integer parameter from ``least`` to ``most``."""

    least: int = 1
    most: int = COUNT_MAX
    why: str = ""


@attrs.frozen
class Number:
    """A number parameter: finite, from ``least`` (exclusive when ``above``) to ``most``."""

    least: float
    most: float
    what: str
    above: bool = False


@attrs.frozen
class OneOf:
    """A string parameter that must be one of a vocabulary; ``values`` gives it (a function, so that
    a vocabulary of another module, such as the facts' notice levels, is read, not copied)."""

    values: Callable[[], tuple[str, ...]]
    what: str


@attrs.frozen
class Distinct:
    """The items of a list parameter must differ (in ``attribute``, if given)."""

    attribute: str | None
    what: str


Need = Span | Count | Number | OneOf | Distinct


def _notice_levels() -> tuple[str, ...]:
    # "superior" (上级) or a level of the facts' notices (NoticeLevel, "city" = 市级以上). Imported
    # here: facts.model imports this module.
    from ..facts.model import NoticeLevel

    return ("superior", *(level.value for level in NoticeLevel))


_COUNTED_IN_DAYS = (DurationUnit.WORKING_DAYS, DurationUnit.CALENDAR_DAYS, DurationUnit.WEEKS)
_CALENDAR_DAYS = (DurationUnit.CALENDAR_DAYS, DurationUnit.WEEKS)

# Per params class, per field: what each value must be. Fields not listed are booleans or members of
# a vocabulary (an enum, checked when the file is structured) or free text shown as written.
PARAM_NEEDS: dict[type, dict[str, tuple[Need, ...]]] = {
    # Per 1 calendar week, month or year, or a rolling run of N days, weeks or working days
    # (engine/evaluators/frequency.py); N months or years is no period it can judge.
    FrequencyParams: {
        "minimum": (Count(1),),
        "per": (Span(1, single=(DurationUnit.MONTHS, DurationUnit.YEARS),
                     why="a frequency is per calendar month or year, or per N days, weeks or working days"),),
    },
    MaxInactivityParams: {
        "limit": (Span(1, _COUNTED_IN_DAYS, "a silence is counted in days, working days or weeks"),),
    },
    AnnouncementPeriodParams: {"minimum": (Span(1),)},
    CleanupConditionParams: {"conditions": (Distinct("id", "condition id"),), "min_account_age": (Span(1),)},
    ReopenBanParams: {"duration": (Span(1),)},
    EscalationLadderParams: {"steps": (Distinct(None, "step"),), "interview_after_problems": (Count(1),)},
    AccountsPerPlatformParams: {"maximum": (Count(1),)},
    ReviewWorkflowParams: {
        "stages": (Distinct("stage", "stage number"),),
        "after_stages": (Count(*REVIEW_STAGES, "a review stage, as in the facts"), Distinct(None, "stage number")),
    },
    ReviewStage: {"stage": (Count(*REVIEW_STAGES, "a review stage, as in the facts"),)},
    SupervisionCadenceParams: {"every": (Span(1),)},
    FilingDeadlineParams: {
        "within": (Span(0),),
        "announce_within": (Span(0),),
        "recipient_timing": (Distinct("recipient", "recipient"),),
    },
    Condition: {
        "count": (Count(1),),
        "min_observations": (Count(2, why="one observation cannot show 长期"),),
        "level": (OneOf(_notice_levels, "notice level"),),
    },
}


@attrs.frozen
class TriggerNeeds:
    """What one clean-up trigger's evaluator (engine/evaluators/cleanup.py) reads of a condition.

    ``uses``: the fields it reads besides ``id``, ``trigger`` and ``zh`` (any other field stated
    would be silently ignored, so it is refused); ``needs``: those it cannot do without; ``within``:
    the units it counts a ``within`` in; ``threshold``: the range of ``threshold``.
    """

    uses: frozenset[str] = frozenset()
    needs: tuple[str, ...] = ()
    within: Span = Span(1)
    threshold: Number | None = None


CONDITION_NEEDS: dict[ConditionTrigger, TriggerNeeds] = {
    # 运营效果指数连续2次考核低于80分: scores as the facts hold them (0 to 1000).
    ConditionTrigger.EFFECT_INDEX_BELOW: TriggerNeeds(
        frozenset({"count", "threshold", "consecutive"}), ("threshold",),
        threshold=Number(0, 1000, "an effect-index score, as in the facts"),
    ),
    ConditionTrigger.NOTICES_AT_LEVEL: TriggerNeeds(frozenset({"count", "within", "period", "level"})),
    # 14天未更新: a silence of whole calendar days.
    ConditionTrigger.DORMANCY_REPEATED: TriggerNeeds(
        frozenset({"count", "within", "consecutive", "breach"}),
        within=Span(1, _CALENDAR_DAYS, "a silence is counted in calendar days"),
    ),
    ConditionTrigger.RECTIFICATION_OVERDUE: TriggerNeeds(frozenset({"within"})),
    ConditionTrigger.SECURITY_INCIDENT: TriggerNeeds(),
    # 粉丝数长期低于基层常住人口数1%: a share of the population, more than 0 and at most 1.
    ConditionTrigger.FOLLOWERS_BELOW_POPULATION_SHARE: TriggerNeeds(
        frozenset({"threshold", "within", "min_observations"}), ("threshold",),
        threshold=Number(0, 1, "a share of the resident population (0.01 = 1%)", above=True),
    ),
    ConditionTrigger.LEGAL_VIOLATION: TriggerNeeds(),
    # within and breach only for the item no_update (VETO_ITEM_USES).
    ConditionTrigger.SINGLE_VETO_ITEM: TriggerNeeds(
        frozenset({"item", "within", "breach"}), ("item",),
        within=Span(1, _CALENDAR_DAYS, "a silence is counted in calendar days"),
    ),
    ConditionTrigger.NOT_IN_NATIONAL_FILING_SYSTEM: TriggerNeeds(frozenset({"within"})),
    ConditionTrigger.UNABLE_TO_MAINTAIN: TriggerNeeds(),
    ConditionTrigger.LOW_USAGE: TriggerNeeds(),
    ConditionTrigger.DUPLICATE_ACCOUNT: TriggerNeeds(),
    ConditionTrigger.NOT_FILED_WITH_SUPERVISING_UNIT: TriggerNeeds(frozenset({"within"})),
}

# Which fields each single-veto item reads besides ``item``.
VETO_ITEM_USES: dict[VetoItem, frozenset[str]] = {
    VetoItem.NO_UPDATE: frozenset({"within", "breach"}),
    VetoItem.NO_INTERACTION: frozenset(),
    VetoItem.SECURITY_INCIDENT: frozenset(),
}

_CONDITION_ALWAYS = frozenset({"id", "trigger", "zh"})


def _join(key: str, sub: str) -> str:
    return f"{key}{sub}" if sub.startswith("[") or not key else f"{key}.{sub}"


def _duration_problems(value: Duration, key: str, span: Span | None = None) -> Iterator[Problem]:
    amount, unit = value.amount, value.unit
    least = span.least if span is not None else 0
    most = DURATION_MAX.get(unit)
    if type(amount) is not int or amount < least:
        what = "a period or a window" if least else "a duration"
        yield _join(key, "amount"), f"expected at least {least} ({what}), got {clipped(amount)}"
    elif most is not None and amount > most:
        yield _join(key, "amount"), f"{clipped(amount)} {unit} is longer than about ten years; at most {most:,} {unit}"
    elif span is not None and unit not in span.units:
        why = f"{span.why}; " if span.why else ""
        yield _join(key, "unit"), f"{unit} is not supported here: {why}{one_of([u.value for u in span.units], str(unit))}"
    elif span is not None and unit in span.single and amount != 1:
        yield _join(key, "amount"), f"{amount} {unit} is not supported here: {span.why}"


def _need_problems(need: Need, value: Any, key: str) -> Iterator[Problem]:
    if value is None:
        return
    if isinstance(need, Span):
        if isinstance(value, Duration):
            yield from _duration_problems(value, key, need)
    elif isinstance(need, Count):
        items = value if isinstance(value, tuple) else (value,)
        for index, item in enumerate(items):
            where = f"{key}[{index}]" if isinstance(value, tuple) else key
            if type(item) is not int or not need.least <= item <= need.most:
                why = f" ({need.why})" if need.why else ""
                yield where, f"expected an integer of at least {need.least} and at most {need.most:,}{why}, got {clipped(item)}"
                return
    elif isinstance(need, Number):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            yield key, f"expected a finite number, got {clipped(value)}"
        elif (value <= need.least if need.above else value < need.least) or value > need.most:
            span = (f"more than {need.least:g} and at most {need.most:g}" if need.above
                    else f"from {need.least:g} to {need.most:g}")
            yield key, f"expected {need.what}: {span}, got {clipped(value)}"
    elif isinstance(need, OneOf):
        allowed = need.values()
        if value not in allowed:
            yield key, f"unknown {need.what} {clipped(value)}; {one_of(allowed, value)}"
    elif isinstance(need, Distinct):
        seen: dict[Any, int] = {}
        for index, item in enumerate(value):
            mark = getattr(item, need.attribute) if need.attribute else item
            if mark in seen:
                sub = f"[{index}].{need.attribute}" if need.attribute else f"[{index}]"
                yield key + sub, f"{need.what} {clipped(str(mark))} is also {key}[{seen[mark]}]; each must differ"
                return
            seen[mark] = index


def _condition_problems(condition: Condition, key: str) -> Iterator[Problem]:
    trigger = condition.trigger
    needs = CONDITION_NEEDS[trigger]
    uses = needs.uses
    if trigger is ConditionTrigger.SINGLE_VETO_ITEM and condition.item is not None:
        uses = frozenset({"item"}) | VETO_ITEM_USES[condition.item]
    for field in attrs.fields(Condition):
        name = field.name
        if name in _CONDITION_ALWAYS or getattr(condition, name) is None:
            continue
        if name not in uses:
            used = ", ".join(sorted(uses)) or "no parameter"
            of = f"trigger {trigger}" + (f" (item {condition.item})" if condition.item is not None else "")
            yield _join(key, name), f"does not apply to {of}, which reads {used}; remove it"
            return
    for name in needs.needs:
        if getattr(condition, name) is None:
            yield _join(key, name), f"required for trigger {trigger}"
            return
    if condition.within is not None:
        yield from _duration_problems(condition.within, _join(key, "within"), needs.within)
    if needs.threshold is not None:
        yield from _need_problems(needs.threshold, condition.threshold, _join(key, "threshold"))


def value_problems(value: Any, key: str = "") -> Iterator[Problem]:
    """Problems of a value that hold whatever it is merged with: every field of a params object
    (each ``Duration`` bounded, each declared need met, each condition as its trigger needs),
    recursively. ``key`` prefixes the keys."""
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from value_problems(item, f"{key}[{index}]")
        return
    if isinstance(value, Duration):
        yield from _duration_problems(value, key)
        return
    plan = _plan_of(type(value))
    if plan is None:
        return
    for name, needs in plan:
        item = getattr(value, name)
        if item is None or item is False or item is True:
            continue
        where = _join(key, name)
        yield from value_problems(item, where)
        for need in needs:
            yield from _need_problems(need, item, where)
    if isinstance(value, Condition):
        yield from _condition_problems(value, key)


_PLANS: dict[type, tuple[tuple[str, tuple[Need, ...]], ...] | None] = {}


def _plan_of(cls: type) -> tuple[tuple[str, tuple[Need, ...]], ...] | None:
    """The fields of a class of this module with their needs (None: not a class to check)."""
    try:
        return _PLANS[cls]
    except KeyError:
        pass
    plan = None
    if attrs.has(cls) and cls.__module__ == __name__:
        declared = PARAM_NEEDS.get(cls, {})
        plan = tuple((field.name, declared.get(field.name, ())) for field in attrs.fields(cls))
    _PLANS[cls] = plan
    return plan


# Required of a rule's effective parameters (a list: not empty). A rule that stands on its own or
# replaces another states them; a refinement inherits them (REQUIRED_PARAMS above, plus these).
_REQUIRED_NONEMPTY: dict[RuleKind, tuple[str, ...]] = {RuleKind.CLEANUP_CONDITION: ("conditions",)}


def _frequency_problems(params: FrequencyParams) -> Iterator[Problem]:
    if params.minimum is not None and params.per is None:
        yield "minimum", "a minimum needs a period (per), which neither this rule nor any it refines states"
    elif params.per is not None and params.minimum is None:
        yield "per", "a period needs a minimum, which neither this rule nor any it refines states"


def _filing_problems(params: FilingDeadlineParams) -> Iterator[Problem]:
    if not params.announce_publicly:
        for name in ("announce_within", "announce_from", "announce_timing"):
            if getattr(params, name) is not None:
                yield name, "applies only with announce_publicly = true"
                return
    if params.announce_from is AnnounceStart.FILING and params.announce_within is None:
        yield "announce_from", "filing needs announce_within (the notice's own limit after the filing)"
        return
    if params.timing is FilingTiming.AFTER and params.within is None:
        yield "timing", "after needs within (N working days after the event)"
        return
    if params.announce_timing is FilingTiming.AFTER and params.within is None and params.announce_within is None:
        yield "announce_timing", "after needs announce_within or within"
        return
    for index, item in enumerate(params.recipient_timing):
        if item.recipient not in params.recipients:
            yield (f"recipient_timing[{index}].recipient",
                   f"{item.recipient} is not one of the rule's recipients ({', '.join(params.recipients) or 'none'})")
            return
        if item.timing is FilingTiming.AFTER and params.within is None:
            yield f"recipient_timing[{index}].timing", "after needs within (N working days after the event)"
            return


# Checks between the fields of one params class, run on effective parameters only: a refinement
# states one field and inherits the other.
_BETWEEN_FIELDS: dict[type, Callable[[Any], Iterator[Problem]]] = {
    FrequencyParams: _frequency_problems,
    FilingDeadlineParams: _filing_problems,
}


def check_params(kind: RuleKind, params: Any, *, effective: bool = True) -> Problem | None:
    """The first problem of ``params`` for a rule of ``kind`` (None: the engine can evaluate it).

    ``effective=False`` checks only what holds of the stated values whatever they are merged with
    (a refinement's own params as its file states them); ``effective=True`` also what the merged
    whole must be: the required keys present (``REQUIRED_PARAMS``; a clean-up rule's conditions
    not empty) and the fields consistent with each other (a minimum with a period).
    """
    expected = PARAMS_BY_KIND.get(kind)
    if expected is not None and type(params) is not expected:
        return "", f"a {kind} rule takes {expected.__name__}, not {type(params).__name__}"
    first = next(value_problems(params), None)
    if first is not None or not effective:
        return first
    for name in REQUIRED_PARAMS.get(kind, ()):
        if getattr(params, name) is None:
            return name, "required key missing"
    for name in _REQUIRED_NONEMPTY.get(kind, ()):
        if not getattr(params, name):
            return name, "required: at least one"
    between = _BETWEEN_FIELDS.get(type(params))
    return next(between(params), None) if between is not None else None
