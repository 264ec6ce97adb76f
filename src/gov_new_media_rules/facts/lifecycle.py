"""An account's life, read once from its events: when it was a live account.

Duties that presuppose a live account — posting at a minimum frequency, original posts, not going
dormant — hold only while it is live. Every evaluator reads the account's life from here, so that
they all agree on when that is.

Reading (an interpretation; the texts order an account to stop updating once its closure is
announced — 泽州县 二.(三)「在账号首页发布关停公告」, 长春新区 第十三条「公告时间不少于15个工作日」,
湖州 7.5 停更):

* 开设 → 关停公告 → 关停 → 注销, and possibly 重新开设. An account is **live** from its opening
  (``opened_on``, or an ``account_opened`` event) up to the day before the first closure notice,
  shut-down or cancellation that follows. 停更期: from the day of the closure notice the account is
  no longer live, although it still exists until it is shut down or cancelled.
* An ``account_opened`` event after the account stopped being live re-opens it: a new live span.
* An account with no known opening is taken as live from the beginning of the facts: what the
  facts do not say, the rules' own windows bound.
* Events dated after ``as_of`` are not seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from ..model.vocab import EventType
from .model import Account

__all__ = ["Lifecycle", "LiveSpan", "existence", "lifecycle"]

_ENDS = (EventType.CLOSURE_ANNOUNCED, EventType.ACCOUNT_SHUT_DOWN, EventType.ACCOUNT_CANCELLED)
_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class LiveSpan:
    """Days on which the account was live: ``start`` to ``end`` inclusive (``end`` ``None``: still
    live as of the evaluation). ``start`` is ``None`` when the opening is not known."""

    start: dt.date | None
    end: dt.date | None = None
    ended_by: EventType | None = None  # the event whose day follows ``end``
    ended_on: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@attrs.frozen
class Lifecycle:
    """The live spans of an account as of a day, oldest first, and its state on that day."""

    as_of: dt.date
    spans: tuple[LiveSpan, ...]
    # The last lifecycle event seen that is not an opening, with its day: what the account's
    # state is if it is not live on ``as_of``.
    state: EventType | None = None
    state_on: dt.date | None = None

    @property
    def live(self) -> bool:
        """Live on ``as_of``."""
        return bool(self.spans) and self.spans[-1].end is None

    @property
    def simple(self) -> bool:
        """One span, still live: the account as every rule read it before closures mattered."""
        return len(self.spans) == 1 and self.spans[0].end is None

    @property
    def exists(self) -> bool:
        """Not shut down or cancelled on ``as_of`` (a closure notice alone does not end it)."""
        return self.live or self.state is EventType.CLOSURE_ANNOUNCED

    def live_on(self, day: dt.date) -> bool:
        return any(span.contains(day) for span in self.spans)

    def closed_spans(self) -> Iterator[LiveSpan]:
        return (span for span in self.spans if span.end is not None)


def lifecycle(account: Account, as_of: dt.date) -> Lifecycle:
    """Read the account's live spans from its opening day and events, up to ``as_of``."""
    events = sorted((e for e in account.events if e.on <= as_of), key=lambda e: e.on)
    spans: list[LiveSpan] = []
    opened = [e.on for e in events if e.type is EventType.ACCOUNT_OPENED]
    first_open = account.opened_on
    if first_open is None and opened:
        first_open = opened[0]
    if first_open is not None and first_open > as_of:
        return Lifecycle(as_of, (LiveSpan(first_open),))  # not open yet: the rules' windows say so
    start: dt.date | None = first_open
    live = True
    state: EventType | None = None
    state_on: dt.date | None = None
    for event in events:
        if event.type is EventType.ACCOUNT_OPENED:
            if not live and (spans[-1].ended_on is None or event.on > spans[-1].ended_on):  # a re-opening
                start, live = event.on, True
                state, state_on = None, None
            continue
        if event.type not in _ENDS:
            continue
        if start is not None and event.on < start:
            continue  # a closure before the opening: contradictory facts, not an end
        state, state_on = event.type, event.on
        if live:
            end = event.on - _ONE_DAY
            spans.append(LiveSpan(start, end, event.type, event.on))
            live = False
    if live:
        spans.append(LiveSpan(start))
    return Lifecycle(as_of, tuple(spans), state, state_on)


_GONE = (EventType.ACCOUNT_SHUT_DOWN, EventType.ACCOUNT_CANCELLED)


def existence(account: Account, as_of: dt.date) -> tuple[tuple[dt.date | None, dt.date | None], ...]:
    """When the account existed, up to ``as_of``: ``(start, end)`` spans, oldest first, from each
    opening (or re-opening) to the day before it was shut down or cancelled (``end`` None: it still
    exists; ``start`` None: the opening is not known). A closure notice alone does not end it: the
    account is still there in its stop-update period. Read from the same events as
    :func:`lifecycle`, in the same order; rules about openings (one account per platform) need it."""
    events = sorted((e for e in account.events if e.on <= as_of), key=lambda e: e.on)
    opened = [e.on for e in events if e.type is EventType.ACCOUNT_OPENED]
    first_open = account.opened_on if account.opened_on is not None else (opened[0] if opened else None)
    if first_open is not None and first_open > as_of:
        return ((first_open, None),)
    spans: list[tuple[dt.date | None, dt.date | None]] = []
    start: dt.date | None = first_open
    exists = True
    gone_on: dt.date | None = None
    for event in events:
        if event.type is EventType.ACCOUNT_OPENED:
            if not exists and gone_on is not None and event.on > gone_on:  # a re-opening
                start, exists = event.on, True
            continue
        if event.type not in _GONE or not exists:
            continue
        if start is not None and event.on < start:
            continue  # contradictory facts, as in lifecycle()
        spans.append((start, event.on - _ONE_DAY))
        exists, gone_on = False, event.on
    if exists:
        spans.append((start, None))
    return tuple(spans)
