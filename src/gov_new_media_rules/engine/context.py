"""What every evaluator sees: the account, prepared once, and the evaluation's settings.

Evaluators are small functions; the work they share — sorting post days, cutting off what lies
after ``as_of`` — is done here once per account, not once per rule.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar
from typing import Any

import attrs

from ..calendar import WorkingDayCalendar
from ..composition import EffectiveRule
from ..facts.lifecycle import Lifecycle, existence, lifecycle
from ..facts.model import Account, Post
from ..model.rules import Citation
from ..model.taxonomy import CONTENT
from ..model.vocab import Strength
from .findings import Finding, Status
from .scope import applies

__all__ = [
    "default_since",
    "EvaluationContext",
    "AccountView",
    "UnitIndex",
    "AccountSummary",
    "applies",
    "category_citations",
    "citations",
    "make_finding",
    "normalise_name",
    "open_by_platform",
]


_EARLIEST = dt.date(1900, 1, 1)  # before any rule or account: a report window that hides nothing


def default_since(as_of: dt.date) -> dt.date:
    """The first day reported when no report window is given: the last 52 weeks up to ``as_of``."""
    return as_of - dt.timedelta(days=7 * 52 - 1)


class EvaluationContext:
    """Settings of one evaluation: the day it is "as of", the window it looks back over."""

    def __init__(
        self,
        as_of: dt.date,
        calendar: WorkingDayCalendar,
        since: dt.date | None = None,
        rule_starts: dict[str, dt.date] | None = None,
    ) -> None:
        self.as_of = as_of
        self._since_given = since
        self.calendar = calendar
        # Periodic rules (weekly frequencies) report periods from ``since`` to ``as_of``; by
        # default the last 52 weeks, so that a report on a year of posts stays readable.
        self.since = since or default_since(as_of)
        # The day each rule came into force: its document's start, or its own effective_from.
        self.rule_starts = rule_starts or {}

    def until(self, day: dt.date) -> EvaluationContext:
        """The same settings, judged as of ``day``: the end of a closed live span. The report
        window stays the one of the whole evaluation."""
        other = EvaluationContext(day, self.calendar, self._since_given or self.since, self.rule_starts)
        return other

    def whole_history(self) -> EvaluationContext:
        """The same settings with the report window opened to the whole history: every period
        the law looks back over is judged (evaluators start at their legal start). Used where
        outcomes are compared before the report window filters them (engine/undetermined.py)."""
        return EvaluationContext(self.as_of, self.calendar, _EARLIEST, self.rule_starts)

    def rule_start(self, rule: EffectiveRule) -> dt.date:
        return self.rule_starts.get(rule.id, dt.date.min)

    def window_start(self, view: AccountView, rule: EffectiveRule) -> dt.date:
        """The first day whose periods are reported for an account: the latest of the report
        window's start, the account's opening and the day the rule came into force. It filters
        what is reported; what the law looks back over is :meth:`legal_start`."""
        return max(self.since, self.legal_start(view, rule))

    def legal_start(self, view: AccountView, rule: EffectiveRule) -> dt.date:
        """The first day a rule looks back to when its text states no look-back of its own: the
        later of the day it came into force and the account's opening (or re-opening). Never the
        report window: ``since`` only chooses which findings are printed."""
        start = self.rule_start(rule)
        opened = view.opened_on
        if opened is not None:
            start = max(start, opened)
        return start

    def posts_start(self, view: AccountView, rule: EffectiveRule) -> dt.date:
        """:meth:`legal_start` for what is judged from the posts: not before the day from which the
        facts hold the complete post history (``posts_from``); silence before it is unknown."""
        start = self.legal_start(view, rule)
        known = view.account.posts_from
        return max(start, known) if known is not None else start


T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801 - a drop-in for functools.cached_property
    """``functools.cached_property`` without its lock (Python 3.11 takes an RLock on every first
    access, a real cost at one view per account): views are never shared between threads."""

    def __init__(self, function: Callable[[Any], T]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.function(instance)
        return value


class AccountView:
    """An account as of a day: posts after that day are left out (and counted, for the report)."""

    def __init__(
        self, account: Account, as_of: dt.date, span_start: dt.date | None = None, live_until: dt.date | None = None
    ) -> None:
        self.account = account
        self.as_of = as_of
        # A re-opened account is judged span by span: the view of a later span starts at its
        # re-opening (engine/live.py).
        self._span_start = span_start
        # In a stop-update period: the last live day. Silence after it is the ordered one, not
        # a ground for anything (engine/live.py, over_current_span).
        self.live_until = live_until

    @cached_property
    def lifecycle(self) -> Lifecycle:
        """When the account was live, up to ``as_of`` (facts/lifecycle.py)."""
        return lifecycle(self.account, self.as_of)

    def for_span(self, start: dt.date | None, end: dt.date, live_until: dt.date | None = None) -> AccountView:
        """The account seen over one live span: opened on ``start``, judged as of ``end``."""
        return AccountView(self.account, end, start, live_until)

    def silence_end(self, as_of: dt.date) -> dt.date:
        """The last day a silence counts up to: ``as_of``, or the last live day before a closure notice."""
        return min(as_of, self.live_until) if self.live_until is not None else as_of

    @property
    def id(self) -> str:
        return self.account.id

    @cached_property
    def _ordinals(self) -> list[int]:
        return list(self.account.posts.ordinals)

    @cached_property
    def _order(self) -> Sequence[int]:
        """Indexes of the posts on or before ``as_of`` (and, for a re-opened span, on or after its
        re-opening), oldest first (input need not be sorted)."""
        ordinals = self._ordinals
        limit = self.as_of.toordinal()
        floor = self._span_start.toordinal() if self._span_start is not None else None
        if ordinals == sorted(ordinals):  # the usual case, checked at C speed
            first = bisect.bisect_left(ordinals, floor) if floor is not None else 0
            return range(first, bisect.bisect_right(ordinals, limit))
        return sorted((i for i, day in enumerate(ordinals) if day <= limit and (floor is None or day >= floor)),
                      key=ordinals.__getitem__)

    @cached_property
    def posts(self) -> tuple[Post, ...]:
        """Posts on or before ``as_of``, oldest first. Builds every ``Post``: evaluators that only
        need days or the original flag should use ``post_days`` / ``original_days``, and those
        that need tags, reviews or repost sources ``detailed_posts``."""
        columns = self.account.posts
        return tuple(columns[i] for i in self._order)

    @cached_property
    def detailed_posts(self) -> tuple[Post, ...]:
        """Posts on or before ``as_of`` that carry tags, reviews, a repost source or an id,
        oldest first; every other post has none of those."""
        rich = self.account.posts.rich
        return tuple(rich[i] for i in self._order if i in rich) if rich else ()

    @cached_property
    def posts_after_as_of(self) -> int:
        return len(self.account.posts) - len(self._order)

    @cached_property
    def post_days(self) -> list[int]:
        """Ordinals of the days with posts, one entry per post, sorted."""
        order, ordinals = self._order, self._ordinals
        if isinstance(order, range):
            return ordinals[order.start : order.stop]
        return [ordinals[i] for i in order]

    @cached_property
    def original_days(self) -> list[int]:
        order, ordinals, original = self._order, self._ordinals, self.account.posts.original
        if isinstance(order, range):
            return list(itertools.compress(ordinals[order.start : order.stop], original[order.start : order.stop]))
        return [ordinals[i] for i in order if original[i]]

    @cached_property
    def opened_on(self) -> dt.date | None:
        """The account's opening: ``opened_on``, else its ``account_opened`` event (for the view of
        a re-opened span, its re-opening)."""
        if self._span_start is not None:
            return self._span_start
        if self.account.opened_on is not None:
            return self.account.opened_on
        opened = [e.on for e in self.account.events if e.type == "account_opened"]
        return min(opened) if opened else None

    def posts_between(self, first: int, last: int, days: list[int] | None = None) -> int:
        """How many posts fall on days with ordinals in [first, last]."""
        days = self.post_days if days is None else days
        return bisect.bisect_right(days, last) - bisect.bisect_left(days, first)

    def last_post_on_or_before(self, day: int, days: list[int] | None = None) -> int | None:
        days = self.post_days if days is None else days
        index = bisect.bisect_right(days, day)
        return days[index - 1] if index else None


class AccountSummary:
    """What rules about several accounts need to know of each, kept while streaming."""

    __slots__ = ("id", "name", "platform", "host_unit", "account_type", "content_form", "main_account",
                 "host_unit_kind", "host_unit_level", "verified_host_unit", "opened_on", "closed_on", "closed", "cleanup_cancelled_on",
                 "existence", "first_post")

    def __init__(self, account: Account, as_of: dt.date) -> None:
        self.id = account.id
        self.name = account.name
        self.platform = account.platform
        self.host_unit = account.host_unit
        self.account_type = account.account_type
        self.content_form = account.content_form
        self.main_account = account.main_account
        self.host_unit_kind = account.host_unit_kind
        self.host_unit_level = account.host_unit_level
        self.verified_host_unit = account.verified_host_unit
        events = [e for e in account.events if e.on <= as_of]
        opened = [e.on for e in events if e.type == "account_opened"]
        self.opened_on = account.opened_on or (min(opened) if opened else None)
        # A shut-down or cancelled account no longer counts towards "one per platform"; a
        # re-opened one counts again (facts/lifecycle.py reads the events in order).
        life = lifecycle(account, as_of)
        self.closed = not life.exists and life.state is not None
        self.closed_on = life.state_on if self.closed else None
        self.cleanup_cancelled_on = tuple(
            sorted({e.on for e in events if e.type == "account_cancelled" and e.reason == "cleanup"})
        )
        # When it existed, re-openings included: rules about opening judge each (re-)opening.
        self.existence = existence(account, as_of)
        # An account whose opening is not given existed at least from its first post on.
        self.first_post = (min((p.published_on for p in account.posts if p.published_on <= as_of), default=None)
                           if self.existence and self.existence[0][0] is None else None)


def normalise_name(name: str | None) -> str:
    """A name with all whitespace (ASCII and full-width) removed."""
    return "".join(name.split()) if name else ""


def open_by_platform(summaries: Iterable[AccountSummary]) -> dict[Any, list[AccountSummary]]:
    """A unit's accounts that are not shut down or cancelled, by platform, in input order."""
    grouped: dict[Any, list[AccountSummary]] = {}
    for summary in summaries:
        if not summary.closed:
            grouped.setdefault(summary.platform, []).append(summary)
    return grouped


class UnitIndex:
    """Accounts grouped by host unit, for rules about several accounts (one per platform,
    consistent names across platforms). Built while the accounts stream past."""

    def __init__(self, as_of: dt.date, accounts: Iterable[Account] = ()) -> None:
        self.as_of = as_of
        self.by_unit: dict[str, list[AccountSummary]] = {}
        for account in accounts:
            self.add(account)

    def add(self, account: Account) -> None:
        # One unit is one host-unit name, whitespace ignored: "泽州县 教育局" and "泽州县教育局" are
        # the same unit for every rule about several accounts.
        self.by_unit.setdefault(normalise_name(account.host_unit), []).append(AccountSummary(account, self.as_of))

    def merge(self, by_unit: dict[str, list[AccountSummary]]) -> None:
        """Add the index of the accounts that follow these in the input (a later shard's
        ``by_unit``): merged shard by shard in input order, the units and each unit's accounts come
        in the order one index over the whole input has them."""
        for unit, summaries in by_unit.items():
            held = self.by_unit.get(unit)
            if held is None:
                self.by_unit[unit] = list(summaries)
            else:
                held.extend(summaries)

    def __iter__(self) -> Any:
        return iter(self.by_unit.items())

    def account_ids(self) -> list[str]:
        """Every account indexed, unit by unit, in input order."""
        return [summary.id for summaries in self.by_unit.values() for summary in summaries]


FindingFactory = Callable[..., Finding]


_new_finding = object.__new__
_FINDING_SLOTS = {field.name: Finding.__dict__[field.name].__set__ for field in attrs.fields(Finding)}
(_set_rule, _set_account, _set_status, _set_zh, _set_en, _set_source, _set_lineage, _set_set_by, _set_strength,
 _set_period, _set_due, _set_figures, _set_provisional, _set_calendar_gap, _set_due_range, _set_sources) = (
    _FINDING_SLOTS[name] for name in (
        "rule", "account", "status", "message_zh", "message_en", "source", "lineage", "set_by", "strength", "period",
        "due", "figures", "provisional", "calendar_gap", "due_range", "sources"))
assert len(_FINDING_SLOTS) == 16, "make_finding sets every field of Finding"


def _whole_rule(sources: Sequence[Citation]) -> tuple[Citation, ...]:
    """What a finding about a rule as a whole cites: its primary source, unless that is one item
    among several (it ``covers`` some parts only, like 泽州县 四.(二)'s personal-opinion sentence in a
    list of bans): then the rule's lead-ins (sources covering no part), or failing those every
    source, so that no finding cites an item that did not decide it."""
    if not sources[0].covers:
        return (sources[0],)
    lead_ins = tuple(c for c in sources if not c.covers)
    return lead_ins or tuple(sources)


def citations(rule: EffectiveRule, *parts: object) -> tuple[Citation, ...]:
    """The rule's sources that decide ``parts`` (event types, condition ids, content tags, as the
    sources' ``covers`` name them), then the lead-in they hang from (a source covering no part):
    what a finding about those parts cites, most specific first. A source that covers other parts
    only is a sibling item, not cited. With no covering source, what the whole rule cites."""
    sources = rule.rule.sources
    wanted = {str(p) for p in parts}
    covering = [c for c in sources if wanted.intersection(c.covers)]
    if not covering:
        return _whole_rule(sources)
    lead_ins = [c for c in sources if not c.covers][:1]
    return (*covering, *lead_ins)


def category_citations(rule: EffectiveRule, tags: Sequence[str]) -> tuple[Citation, ...]:
    """The clauses that decide a ban on content ``tags``: for each tag, the sources covering it or, failing
    that, the nearest broader category the rule's sources cover; the most specific first (every
    tag's own clause, then the clauses one level up, …), the rule's primary source last."""
    levels: list[list[str]] = []
    for tag in tags:
        for depth, ancestor in enumerate(CONTENT.ancestors(tag)):
            while len(levels) <= depth:
                levels.append([])
            levels[depth].append(ancestor)
    sources = rule.rule.sources
    cited: list[Citation] = []
    for level in levels:
        for citation in sources:
            if citation not in cited and set(level).intersection(citation.covers):
                cited.append(citation)
    if not cited:
        return _whole_rule(sources)
    lead_ins = [c for c in sources if not c.covers][:1]
    return (*cited, *(c for c in lead_ins if c not in cited))


def make_finding(
    rule: EffectiveRule,
    account_id: str,
    status: Status,
    zh: str,
    en: str,
    *,
    period: str | None = None,
    due: dt.date | None = None,
    figures: dict[str, Any] | None = None,
    provisional: bool = False,
    calendar_gap: int | None = None,
    due_range: tuple[dt.date, dt.date | None] | None = None,
    cite: Sequence[Citation] | None = None,
) -> Finding:
    """A finding citing the rule's primary source; 原则上 rules say so in both languages.

    Reports on a country hold millions of findings, so this fills the frozen ``Finding``'s slots
    directly instead of going through its generated ``__init__`` (same result, a third of the
    cost); the assertion above keeps the two in step when a field is added.
    """
    effective = rule.rule
    strength = effective.strength
    if strength is Strength.IN_PRINCIPLE and status is Status.VIOLATION:
        zh = f"{zh}（该规定为“原则上”要求）"
        en = f"{en} (the rule applies 'in principle', 原则上)"
    finding = _new_finding(Finding)
    _set_rule(finding, effective.id)
    _set_account(finding, account_id)
    _set_status(finding, status)
    _set_zh(finding, zh)
    _set_en(finding, en)
    sources = tuple(cite) if cite else _whole_rule(effective.sources)
    _set_source(finding, sources[0])
    _set_sources(finding, sources)
    _set_lineage(finding, rule.lineage)
    _set_set_by(finding, effective.jurisdiction)
    _set_strength(finding, strength)
    _set_period(finding, period)
    _set_due(finding, due)
    _set_figures(finding, figures or {})
    _set_provisional(finding, provisional)
    _set_calendar_gap(finding, calendar_gap)
    _set_due_range(finding, due_range)
    return finding
