"""Which of a filing rule's sources decides a finding about one event and one recipient.

Apart from the filing evaluators, so that ``gnmr deadlines``, which cites the same sources, does
not import every evaluator to find them.
"""

from __future__ import annotations

from ..composition import EffectiveRule
from ..model.rules import Citation
from ..model.vocab import EventType

__all__ = ["ACCOUNT_ACTION", "PUBLIC", "filing_citations"]

PUBLIC = "public"  # pseudo-recipient: the public announcement (向社会公告)
ACCOUNT_ACTION = "account"  # pseudo-recipient: cancelling or changing the account (注销或变更账号信息)


def filing_citations(rule: EffectiveRule, event: EventType, recipient: object) -> tuple[Citation, ...]:
    """The sources that decide one (event, recipient) finding, most specific first.

    A source's ``covers`` names event types and recipients. A source decides the finding if each
    of the two it names agrees: the events it names include ``event`` (or it names none) and the
    recipients it names include ``recipient`` (or it names none; the public notice and the account
    action match a source that names no recipient). Sources naming both come before those naming
    one. With no deciding source, the rule's primary one.
    """
    sources = rule.rule.sources
    params = rule.rule.params
    event_names = {str(e) for e in params.events} | {str(e) for e in EventType}
    ranked: list[tuple[int, int, Citation]] = []
    for position, citation in enumerate(sources):
        covers = set(citation.covers)
        if not covers:
            continue
        named_events = {c for c in covers if c in event_names}
        named_recipients = covers - named_events
        if named_events and str(event) not in named_events:
            continue
        if named_recipients and str(recipient) not in named_recipients:
            continue
        ranked.append((-(bool(named_events) + bool(named_recipients)), position, citation))
    if not ranked:
        return (sources[0],)
    return tuple(c for _, _, c in sorted(ranked, key=lambda x: (x[0], x[1])))
