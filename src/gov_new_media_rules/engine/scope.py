"""Which rules an account falls under, and what the facts leave open about it.

A rule's ``applies_to`` asks about an account's platform, WeChat account type, content form,
main-account flag, the kind of its host unit and the host unit's administrative level. Three of
these may be left unsaid in the facts: a WeChat account's type, the unit's kind and its level.
An unsaid fact is not a value: a rule that names WeChat 服务号 neither covers nor misses a WeChat
account whose type is not given. So a scope answers "which rules apply" for the facts as given
(:func:`applies`, which holds only what is known) and, where that answer depends on a fact left
unsaid, lists the scopes the account could have (:meth:`Scope.completions`), for the engine to
judge under each and keep only what they all agree on (``engine/undetermined.py``).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from ..model.rules import Applicability
from ..model.vocab import AccountType, Platform, UnitKind, UnitLevel

__all__ = ["Scope", "SCOPE_FIELDS", "OPEN_FIELDS", "applies", "asks_about", "undecided"]

SCOPE_FIELDS = ("platform", "account_type", "content_form", "main_account", "host_unit_kind", "host_unit_level")

# The scope fields the facts may leave unsaid, with every value they could take. ``content_form``
# and ``main_account`` have defaults in the facts contract (text, false), so they are always known.
#
# An account handed in is a government new-media account unless the facts say its host unit is
# of a kind the definition of 政务新媒体 leaves out (an enterprise providing public services:
# cn.scope.definition). So an unsaid unit kind ranges over the kinds of government bodies only;
# otherwise every finding of every account without a unit kind would be insufficient_data.
OPEN_FIELDS: dict[str, tuple[Any, ...]] = {
    "account_type": tuple(AccountType),
    "host_unit_kind": tuple(k for k in UnitKind if k is not UnitKind.ENTERPRISE_OR_INSTITUTION_PUBLIC_SERVICE),
    "host_unit_level": tuple(UnitLevel),
}

# The Applicability field that asks about each scope field.
_ASKED_BY = {
    "platform": "platforms",
    "account_type": "account_types",
    "content_form": "content_forms",
    "main_account": "main_account",
    "host_unit_kind": "unit_kinds",
    "host_unit_level": "unit_levels",
}


@attrs.frozen
class Scope:
    """What decides which rules apply to an account: a handful of values, shared by many accounts."""

    platform: Any
    account_type: Any = None
    content_form: Any = None
    main_account: Any = False
    host_unit_kind: Any = None
    host_unit_level: Any = None

    @classmethod
    def of(cls, account: Any) -> Scope:
        """The scope of an account, an account summary or a scope."""
        if isinstance(account, Scope):
            return account
        return cls(*(getattr(account, name, None) for name in SCOPE_FIELDS))

    def unsaid(self) -> tuple[str, ...]:
        """The fields the facts leave unsaid. A WeChat account's type is unsaid when not given; on
        other platforms there is no account type, and ``None`` is its value."""
        out = []
        if self.account_type is None and self.platform == Platform.WECHAT:
            out.append("account_type")
        if self.host_unit_kind is None:
            out.append("host_unit_kind")
        if self.host_unit_level is None:
            out.append("host_unit_level")
        return tuple(out)

    def completions(self, fields: Iterable[str]) -> Iterator[Scope]:
        """Every scope the account could have, filling ``fields`` with each value they could take."""
        names = tuple(fields)
        for values in itertools.product(*(OPEN_FIELDS[name] for name in names)):
            yield attrs.evolve(self, **dict(zip(names, values)))


def asks_about(applies_to: Applicability) -> frozenset[str]:
    """The scope fields ``applies_to`` (with its exclusion) narrows by."""
    asked = {field for field, attribute in _ASKED_BY.items() if getattr(applies_to, attribute) is not None}
    if applies_to.exclude is not None:
        asked |= asks_about(applies_to.exclude)
    return frozenset(asked)


def _matches(applies_to: Applicability, scope: Scope) -> bool:
    if applies_to.platforms is not None and scope.platform not in applies_to.platforms:
        return False
    if applies_to.account_types is not None and scope.account_type not in applies_to.account_types:
        return False
    if applies_to.content_forms is not None and scope.content_form not in applies_to.content_forms:
        return False
    if applies_to.main_account is not None and scope.main_account != applies_to.main_account:
        return False
    if applies_to.unit_kinds is not None and scope.host_unit_kind not in applies_to.unit_kinds:
        return False
    if applies_to.unit_levels is not None and scope.host_unit_level not in applies_to.unit_levels:
        return False
    # ``units`` is free text for people (e.g. "基层政务新媒体"); it narrows nothing here.
    return True


@functools.lru_cache(maxsize=4096)
def _applies(applies_to: Applicability, scope: Scope) -> bool:
    if not _matches(applies_to, scope):
        return False
    exclude = applies_to.exclude
    return exclude is None or exclude.is_universal() or not _matches(exclude, scope)


def applies(applies_to: Applicability, account: Any) -> bool:
    """Does a rule's ``applies_to`` cover this account (or summary, or scope), on what is known?

    A field left unsaid matches no value that a rule names: where that decides the answer, the
    engine judges the account under every value it could have (``engine/undetermined.py``).
    """
    return _applies(applies_to, Scope.of(account))


def undecided(applies_to: Applicability, account: Any) -> tuple[str, ...]:
    """The unsaid fields on which ``applies_to`` covering the account depends: empty when the facts
    decide it (either way). Rules about several accounts use it to keep an account whose scope is
    open out of both "covered" and "not covered"."""
    return _undecided(applies_to, Scope.of(account))


@functools.lru_cache(maxsize=4096)
def _undecided(applies_to: Applicability, scope: Scope) -> tuple[str, ...]:
    fields = tuple(f for f in scope.unsaid() if f in asks_about(applies_to))
    if not fields:
        return ()
    answers = {_applies(applies_to, completed) for completed in scope.completions(fields)}
    return fields if len(answers) > 1 else ()
