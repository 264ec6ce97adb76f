"""Composing a jurisdiction's rulebook from the documents along its path.

The semantics are Catala's rather than a dictionary update's: a local rule that ``refines`` a
higher one is a labelled exception to it. It inherits every parameter it does not state, must not
loosen what it does state (unless it records a justified deviation), and covers only its own scope
(its ``applies_to``, and for filing duties its ``events``). Outside that scope the higher rule still
governs, so it stays in the rulebook, marked as refined. Nothing is decided by load order: two
documents at the same level refining one rule is a conflict, and a refinement of a rule that is not
in force is an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from .dates import check_supported
from .errors import MESSAGE_LIMIT, CompositionError, PolicyLoadError, clipped
from .loading import (
    RULES_FILE,
    PolicyLibrary,
    namespace_problem,
    refinement_scope_problem,
    rule_namespaces,
)
from .model.documents import SourceDocument
from .model.jurisdictions import Jurisdiction
from .model.params import FilingDeadlineParams, check_params
from .model.rules import Rule
from .strictness import Comparison, Verdict, compare_params, value_text

__all__ = ["EffectiveRule", "Rulebook", "Overlay", "compose", "folded_params"]


@attrs.frozen
class Overlay:
    """A set of rules laid on top of a jurisdiction: a what-if variant or a newly issued text.

    Its rules cite clauses of held documents; they are validated like shipped policy files.
    """

    id: str
    title: str
    on: str
    rules: tuple[Rule, ...]
    path: str = ""


@attrs.frozen
class EffectiveRule:
    """A rule as it applies in one rulebook, with the chain of rules that produced it."""

    rule: Rule
    lineage: str  # id of the highest rule in the chain
    chain: tuple[Rule, ...]  # highest first; the last is ``rule`` as written
    comparisons: tuple[Comparison, ...] = ()
    refined_by: tuple[str, ...] = ()  # variants that take over part of this rule's scope
    # Higher variants that still apply beside this one, because somewhere along the chain a
    # refinement could not be ranked against its base; kept when this one is refined further.
    alongside: tuple[str, ...] = ()

    @property
    def keeps_base(self) -> bool:
        """A refinement whose strictness cannot be compared with its base does not displace it:
        both apply (7 working days is stricter than 2 weeks except across long holidays, when
        the national 2 weeks is the stricter one). A ``replaces`` always displaces its base."""
        return self.rule.refines is not None and any(c.verdict is Verdict.INCOMPARABLE for c in self.comparisons)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def refines(self) -> str | None:
        return self.chain[-2].id if len(self.chain) > 1 else None

    def set_by(self, param: str) -> Rule:
        """The rule (and so the document) that last stated a parameter."""
        for rule in reversed(self.chain):
            if param in rule.stated_params or rule.replaces or rule is self.chain[0]:
                return rule
        return self.chain[0]


@attrs.frozen(repr=False)
class Rulebook:
    jurisdiction: Jurisdiction
    on: dt.date
    documents: tuple[SourceDocument, ...]
    rules: tuple[EffectiveRule, ...]
    overlays: tuple[str, ...] = ()

    def __repr__(self) -> str:
        # The full attrs repr holds every document's text: hundreds of kilobytes in a traceback
        # or a falsifying example, where what helps is which rulebook it is.
        overlays = f", overlays={list(self.overlays)}" if self.overlays else ""
        return f"<Rulebook {self.jurisdiction.id} on {self.on.isoformat()}: {len(self.rules)} rules{overlays}>"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        # IPython's and hypothesis' pretty printers would otherwise list every field of an attrs
        # class, document texts included.
        printer.text(repr(self))  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[EffectiveRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> EffectiveRule | None:
        for effective in self.rules:
            if effective.id == rule_id:
                return effective
        return None

    def rule(self, rule_id: str) -> Rule | None:
        """The rule ``rule_id`` as written, also when a refinement took it over: such a rule still
        judges the time before the refinement came into force, so findings may name it."""
        effective = self.get(rule_id)
        if effective is not None:
            return effective.rule
        for effective in self.rules:
            for link in effective.chain:
                if link.id == rule_id:
                    return link
        return None

    def lineage(self, root: str) -> tuple[EffectiveRule, ...]:
        return tuple(r for r in self.rules if r.lineage == root)

    def fingerprint(self) -> str:
        """A hash of everything that decides findings: ids, params, scopes, document versions."""
        from .serialize import rulebook_to_json

        data = rulebook_to_json(self)
        del data["on"]  # two days with the same rules in force have the same rulebook
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _rule_in_force(rule: Rule, on: dt.date) -> bool:
    if rule.effective_from and on < rule.effective_from:
        return False
    return not (rule.effective_until and on > rule.effective_until)


def _documents_in_force(library: PolicyLibrary, jurisdiction_id: str, on: dt.date) -> list[SourceDocument]:
    documents = [d for d in library.documents_of(jurisdiction_id) if d.in_force_on(on)]
    superseded = {old for d in documents for old in d.supersedes}
    return sorted((d for d in documents if d.id not in superseded), key=lambda d: (d.starts, d.id))


def folded_params(chain: Sequence[Rule]) -> Any:
    """The parameters composition gives the last rule of ``chain``: each refinement lays the
    parameters it states over those of the rule it refines; a replacement starts afresh."""
    params = chain[0].params
    for rule in chain[1:]:
        if rule.refines:
            params = attrs.evolve(params, **{name: getattr(rule.params, name) for name in rule.stated_params})
        else:
            params = rule.params
    return params


def _named_beside(comparison: Comparison, refinement: Rule, refiners: Sequence[Rule]) -> bool:
    """Is a filing duty's dropped recipient named, for every event of ``refinement``, by another
    refinement of the same rule in the same document? 湖州市 7.3 splits one sentence in two: the
    written form to the supervising unit (huzhou.filing.change-form) and the change on the two
    platforms (huzhou.filing.change); together they keep every recipient of the national duty."""
    if comparison.field != "recipients" or not isinstance(refinement.params, FilingDeadlineParams):
        return False
    dropped = set(comparison.before) - set(comparison.after)
    for event in refinement.params.events:
        beside = {
            recipient
            for other in refiners
            if other is not refinement and other.refines and isinstance(other.params, FilingDeadlineParams)
            and event in other.params.events
            for recipient in other.params.recipients
        }
        if not dropped <= beside:
            return False
    return True


def _covers_whole_scope(refinement: Rule, base: Rule) -> bool:
    """Does the refinement take over everything the base governed?"""
    if refinement.applies_to != base.applies_to and not refinement.applies_to.is_universal():
        return False
    if isinstance(base.params, FilingDeadlineParams) and isinstance(refinement.params, FilingDeadlineParams):
        return set(refinement.params.events) >= set(base.params.events)
    return True  # a rule of another kind replacing the base replaces it whole


def _short(text: str, limit: int = 60) -> str:
    """``text`` as a message shows it: one line, at most ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(comparisons: Iterable[Comparison]) -> str:
    return "; ".join(
        f"{c.field}: {_short(value_text(c.before))} -> {_short(value_text(c.after))}"
        + (f" ({_short(c.detail)})" if c.detail else "")
        for c in comparisons
    )


def _conflict(head: str, detail: str = "", tail: str = "") -> CompositionError:
    """A CompositionError of one line and at most MESSAGE_LIMIT characters: ``detail`` (a list of
    changes or of rule ids, which may be long) is shortened to leave room for ``head`` and ``tail``."""
    head, detail, tail = (" ".join(part.split()) for part in (head, detail, tail))
    room = MESSAGE_LIMIT - len(head) - len(tail)
    if len(detail) > max(room, 0):
        detail = detail[: max(room - 1, 0)] + "…"
    message = head + detail + tail
    if len(message) > MESSAGE_LIMIT:
        message = message[: MESSAGE_LIMIT - 1] + "…"
    return CompositionError(message)


Locate = Callable[[Rule], tuple[str, str]]  # a rule -> (its file, its key there: "rules[3]")


_CHECKED: dict[tuple[Any, Any], tuple[str, str] | None] = {}


def _checked(kind: Any, params: Any) -> tuple[str, str] | None:
    """``check_params`` of merged parameters, remembered by value: every composition merges the
    shipped refinements into the same parameters again."""
    try:
        return _CHECKED[(kind, params)]
    except KeyError:
        pass
    except TypeError:  # parameters built in Python with a list in them: not hashable
        return check_params(kind, params)
    problem = check_params(kind, params)
    if len(_CHECKED) >= 4096:
        _CHECKED.clear()
    _CHECKED[(kind, params)] = problem
    return problem


def _where(rule: Rule) -> str:
    return _short(rule.id, 100)


class _Composer:
    def __init__(self, jurisdiction: Jurisdiction, on: dt.date, locate: Locate) -> None:
        self.jurisdiction = jurisdiction
        self.on = on
        self.locate = locate
        self.variants: dict[str, EffectiveRule] = {}
        self.successors: dict[str, tuple[str, ...]] = {}
        self.checking_standalone = False
        # While composing, a refinement's EffectiveRule holds only its own link as ``chain``; the
        # rule it refines is ``parent[id]`` (by rule id), and ``rules()`` puts the whole chains
        # together at the end. Copying the chain at every link would make a chain of n refinements
        # cost n² steps.
        self.parent: dict[str, str] = {}
        self.written: dict[str, Rule] = {}
        self.roots: dict[str, Rule] = {}

    def _target(self, rule: Rule, target_id: str, where: str) -> EffectiveRule:
        seen: list[str] = []
        while target_id not in self.variants:
            successors = self.successors.get(target_id)
            if successors is None or target_id in seen:
                raise _conflict(
                    f"{where}: rule {_where(rule)} refines {_short(target_id, 100)}, which is not in force in "
                    f"{self.jurisdiction.id} on {self.on}"
                )
            if len(successors) != 1:
                raise _conflict(
                    f"{where}: rule {_where(rule)} refines {target_id}, which lower documents split into ",
                    ", ".join(successors), "; refine one of those instead",
                )
            seen.append(target_id)
            target_id = successors[0]
        # A long run of whole-scope refinements is walked once: every id on it now names its end
        # (a rule taken over whole never comes back, so the shortcut stays true).
        for passed in seen[:-1]:
            self.successors[passed] = (target_id,)
        return self.variants[target_id]

    def add_layer(self, layer: Sequence[tuple[str, Sequence[Rule]]], *, check_standalone: bool = False) -> None:
        """One level of the tree: documents of one jurisdiction (or the overlays), together.

        A rule may refine a rule of the same layer (an overlay tightening another overlay's rule,
        or its own): such refinements wait until their target is in, whatever the order of the
        documents or of the rules, so that neither load order nor how rules are grouped into
        documents changes the result. A rule's stage is 0 if the rule it names is not in the layer,
        else one more than that rule's; the stages are added in order, in time linear in the layer.

        ``check_standalone``: also check the parameters of the rules that refine nothing (the
        overlays', which may not have come from a file); every refinement's merged parameters are
        checked whatever the layer.
        """
        entries = [(where, rule) for where, rules in layer for rule in rules]
        position: dict[str, int] = {}
        for number, (where, rule) in enumerate(entries):
            other = position.get(rule.id)
            if other is not None:
                raise _conflict(f"{where}: rule id {_where(rule)} is also used by {entries[other][0]}; each rule needs its own id")
            position[rule.id] = number
        stage = [-1] * len(entries)  # -1: not yet known; -2: on the walk under way
        for start in range(len(entries)):
            if stage[start] >= 0:
                continue
            trail: list[int] = []
            current = start
            while True:
                if stage[current] >= 0:
                    level = stage[current] + 1
                    break
                if stage[current] == -2:
                    cycle = trail[trail.index(current):]
                    ids = ", ".join(sorted(entries[i][1].id for i in cycle))
                    raise _conflict(f"{entries[current][0]}: rules ", ids, " refine or replace each other in a cycle")
                stage[current] = -2
                trail.append(current)
                rule = entries[current][1]
                target = position.get(rule.refines or rule.replaces or "")
                if target is None:
                    level = 0
                    break
                current = target
            for number in reversed(trail):
                stage[number] = level
                level += 1
        stages: dict[int, list[tuple[str, Rule]]] = {}
        for number, entry in enumerate(entries):
            stages.setdefault(stage[number], []).append(entry)
        refined_here: dict[str, str] = {}
        self.checking_standalone = check_standalone
        try:
            for level in sorted(stages):
                self._add_stage(stages[level], refined_here)
        finally:
            self.checking_standalone = False

    def _check(self, effective: Rule, written: Rule, base: EffectiveRule | None) -> None:
        """Can the engine evaluate ``effective``, the rule ``written`` as composed? An error names
        the file and key of ``written``; a problem in a parameter it inherits says from where."""
        problem = _checked(effective.kind, effective.params)
        if problem is None:
            return
        where, reason = problem
        path, key = self.locate(written)
        top = where.replace("[", ".").split(".")[0]
        if base is not None and written.refines and top and top not in written.stated_params:
            reason = f"{reason} (as {_where(written)} inherits it from {base.id})"
        raise PolicyLoadError(path, f"{key}.params" + (f".{where}" if where and not where.startswith("[") else where), reason)

    def _add_stage(self, stage: Sequence[tuple[str, Rule]], refined_here: dict[str, str]) -> None:
        by_document: dict[str, list[Rule]] = {}
        for where, rule in stage:
            by_document.setdefault(where, []).append(rule)
        for where, rules in by_document.items():
            refinements: dict[str, list[Rule]] = {}
            for rule in rules:
                target_id = rule.refines or rule.replaces
                if target_id is None:
                    if self.checking_standalone:
                        self._check(rule, rule, None)
                    self.variants[rule.id] = EffectiveRule(rule, rule.id, (rule,))
                    self.roots[rule.id] = rule
                    continue
                base = self._target(rule, target_id, where)
                # Keyed by the id as written too: once one document's refinement has taken over a
                # rule, a second document naming the same rule at this level would otherwise
                # silently refine the first one's, and load order would decide.
                for key in {target_id, base.id}:
                    other = refined_here.get(key)
                    if other is not None and other != where:
                        raise _conflict(
                            f"conflict: {other} and {where} both refine {key} at the same level; "
                            f"one must refine the other's rule explicitly"
                        )
                    refined_here[key] = where
                refinements.setdefault(base.id, []).append(rule)
            for base_id, refiners in refinements.items():
                self._apply(self.variants[base_id], refiners, where)

    def _apply(self, base: EffectiveRule, refiners: list[Rule], where: str) -> None:
        whole = False
        for rule in refiners:
            if rule.refines and rule.kind != base.rule.kind:
                raise _conflict(
                    f"{where}: rule {_where(rule)} ({rule.kind}) refines {base.id}, a rule of another kind "
                    f"({base.rule.kind}); use replaces"
                )
            if rule.refines:
                stated = {name: getattr(rule.params, name) for name in rule.stated_params}
                params = attrs.evolve(base.rule.params, **stated)
                applies_to = base.rule.applies_to if rule.applies_to.is_universal() else rule.applies_to
                effective = attrs.evolve(rule, params=params, applies_to=applies_to)
            else:
                effective = rule
            # What the engine will read: checked before anything compares or evaluates it.
            self._check(effective, rule, base)
            comparisons = compare_params(base.rule.params, effective.params)
            loosened = [c for c in comparisons if c.verdict is Verdict.LOOSER and not _named_beside(c, effective, refiners)]
            if loosened and rule.deviation is None:
                raise _conflict(
                    f"{where}: rule {_where(rule)} loosens {base.id} (", _describe(loosened),
                    "); a lower document may only tighten, or must record a [rules.deviation] with its justification",
                )
            refined = EffectiveRule(effective, base.lineage, (rule,), comparisons)
            self.parent[rule.id] = base.id
            self.written[rule.id] = rule
            alongside = (*base.alongside, base.id) if refined.keeps_base else base.alongside
            refined = attrs.evolve(refined, alongside=alongside)
            self.variants[rule.id] = refined
            whole = whole or (_covers_whole_scope(effective, base.rule) and not refined.keeps_base)
        ids = tuple(rule.id for rule in refiners)
        if whole:
            del self.variants[base.id]
            self.successors[base.id] = ids
        else:
            self.variants[base.id] = attrs.evolve(base, refined_by=(*base.refined_by, *ids))

    def rules(self) -> tuple[EffectiveRule, ...]:
        """The rulebook's rules, each with its whole chain (highest first), in the order they came in."""
        chains: dict[str, tuple[Rule, ...]] = {}

        def chain_of(rule_id: str, last: Rule) -> tuple[Rule, ...]:
            links = [last]
            current = self.parent.get(rule_id)
            while current is not None and current not in chains:
                links.append(self.written.get(current) or self.roots[current])
                current = self.parent.get(current)
            head = chains[current] if current is not None else ()
            return (*head, *reversed(links))

        result = []
        for effective in self.variants.values():
            if effective.id in self.parent:
                chain = chain_of(effective.id, self.written[effective.id])
                chains[effective.id] = chain
                effective = attrs.evolve(effective, chain=chain)
            result.append(effective)
        return tuple(result)


def _locator(library: PolicyLibrary, overlays: Sequence[Overlay]) -> Locate:
    """Where a rule of the rulebook is written: an overlay's file (or its id, for an overlay made
    in Python) or a document's rules.toml, and its key there."""
    in_overlays = {id(rule): (overlay.path or overlay.id, number)
                   for overlay in overlays for number, rule in enumerate(overlay.rules)}

    def locate(rule: Rule) -> tuple[str, str]:
        found = in_overlays.get(id(rule))
        if found is not None:
            return found[0], f"rules[{found[1]}]"
        folder = Path(library.root).joinpath(*rule.jurisdiction.split("."), rule.document)
        number = next((n for n, r in enumerate(library.rules_of(rule.document)) if r.id == rule.id), None)
        return str(folder / RULES_FILE), f"rules[{number}]" if number is not None else f"rules ({rule.id})"

    return locate


def _check_overlays(library: PolicyLibrary, overlays: Sequence[Overlay]) -> None:
    """What ``load_overlay`` checks of one file, for overlays made in Python too, and what only
    shows with several: ids unique across them, and a rule refining another overlay's rule only if
    that overlay is on its own jurisdiction or one above it."""
    owners = rule_namespaces(library)
    overlay_of: dict[str, Overlay] = {}
    ids: dict[str, str] = {}
    for overlay in overlays:
        where = overlay.path or overlay.id
        if overlay.id in ids or overlay.id in library.documents:
            raise _conflict(f"{where}: overlay id {clipped(overlay.id)} is already used by another overlay or document")
        ids[overlay.id] = where
        for rule in overlay.rules:
            overlay_of.setdefault(rule.id, overlay)
    seen: dict[str, str] = {}
    for overlay in overlays:
        where = overlay.path or overlay.id
        for number, rule in enumerate(overlay.rules):
            key = f"rules[{number}]"
            if rule.id in library.rules:
                raise PolicyLoadError(where, f"{key}.id", f"{rule.id!r} is a shipped rule id; give the variant its own id")
            other = seen.get(rule.id)
            if other is not None:
                raise _conflict(f"{where}: {key}.id: {_where(rule)} is also the id of a rule of {other}; each rule needs its own id")
            seen[rule.id] = where
            problem = namespace_problem(rule.id, overlay.on, owners)
            if problem is not None:
                raise PolicyLoadError(where, f"{key}.id", problem)
            target_id = rule.refines or rule.replaces
            if target_id is None:
                continue
            field = "refines" if rule.refines else "replaces"
            target = library.rules.get(target_id)
            if target is not None:
                problem = refinement_scope_problem(target, overlay.on)
                if problem is not None:
                    raise PolicyLoadError(where, f"{key} ({rule.id}).{field}", problem)
                continue
            holder = overlay_of.get(target_id)
            if holder is not None and not _in_scope(holder.on, overlay.on):
                raise _conflict(
                    f"{where}: {key} ({_where(rule)}).{field}: {target_id} is a rule of the overlay {holder.id} on "
                    f"{holder.on}, which is neither {overlay.on} nor a jurisdiction above it"
                )


def _in_scope(upper: str, lower: str) -> bool:
    return lower == upper or lower.startswith(upper + ".")


def compose(
    library: PolicyLibrary,
    jurisdiction: str,
    on: dt.date,
    overlays: Sequence[Overlay] = (),
) -> Rulebook:
    """The rules in force in ``jurisdiction`` on ``on``, with ``overlays`` laid on top."""
    check_supported(on, path="on")
    node = library.tree.resolve(jurisdiction)
    path = library.tree.path(node.id)
    composer = _Composer(node, on, _locator(library, overlays))
    documents: list[SourceDocument] = []
    for level in path:
        in_force = _documents_in_force(library, level.id, on)
        documents.extend(in_force)
        layer = [
            (document.id, [r for r in library.rules_of(document.id) if _rule_in_force(r, on)]) for document in in_force
        ]
        composer.add_layer(layer)
    path_ids = {level.id for level in path}
    for overlay in overlays:
        if overlay.on not in path_ids:
            raise _conflict(f"{overlay.path or overlay.id}: overlay is on {overlay.on}, not on the path of {node.id}")
    if overlays:
        _check_overlays(library, overlays)
        # An overlay is named by its file in messages (its id where it was made in Python).
        layer = [(o.path or o.id, [r for r in o.rules if _rule_in_force(r, on)]) for o in overlays]
        composer.add_layer(layer, check_standalone=True)
    return Rulebook(node, on, tuple(documents), composer.rules(), tuple(o.id for o in overlays))
