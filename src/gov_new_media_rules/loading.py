"""Reading the policy tree: TOML in, validated model objects out.

Validation happens here, at load time, and fails loudly: a policy that loads is one whose every
quote is verbatim from its clause, whose every clause is verbatim from the source text, and whose
every key and kind is known. The message always names the file and the key, because the people
who fix policy files are reading TOML, not Python.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import tomlfile
from .converters import describe_structure_error, make_converter
from .errors import PolicyLoadError, clipped
from .model.documents import Clause, Holding, SourceDocument
from .model.jurisdictions import Jurisdiction, JurisdictionTree
from .model.params import (
    PARAMS_BY_KIND,
    AccountNamingParams,
    CleanupConditionParams,
    ContentProhibitionParams,
    EscalationLadderParams,
    FilingDeadlineParams,
    OperatorRequirementParams,
    RuleKind,
    check_params,
    value_problems,
)
from .model.rules import Citation, NotEncoded, Rule

if TYPE_CHECKING:
    from .composition import Overlay

__all__ = ["PolicyLibrary", "policies_root", "load_library", "default_library", "squash"]

JURISDICTION_FILE = "jurisdiction.toml"
DOCUMENT_FILE = "document.toml"
CLAUSES_FILE = "clauses.toml"
RULES_FILE = "rules.toml"

RULE_ID = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
RULE_ID_MAX = 100
# An overlay's id: what findings and reports name it by; one word, no spaces or line breaks.
OVERLAY_ID = re.compile(r"^[^\s\x00-\x1f\x7f]{1,80}$")
UNCHECKABLE_KINDS = {RuleKind.DEFINITION, RuleKind.PRINCIPLE, RuleKind.DUTY}
_LOADER_FILLED = ("document", "jurisdiction", "stated_params")

_converter = make_converter()
_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with all whitespace removed: the sources differ from quotes only in layout."""
    return _WHITESPACE.sub("", text)


def policies_root() -> Path:
    """The embedded policy tree.

    An installed wheel carries it inside the package; a source checkout (and an editable install)
    keeps it at the top of the repository, where legal staff edit it.
    """
    packaged = Path(str(resources.files("gov_new_media_rules"))) / "policies"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "policies"
    if checkout.is_dir():
        return checkout
    raise PolicyLoadError(packaged, None, "the embedded policy tree is missing from this installation")


@attrs.frozen
class PolicyLibrary:
    """Every jurisdiction, document and rule of a policy tree, validated."""

    root: Path
    tree: JurisdictionTree
    documents: Mapping[str, SourceDocument]
    rules: Mapping[str, Rule]
    not_encoded: Mapping[str, tuple[NotEncoded, ...]]

    def documents_of(self, jurisdiction_id: str) -> tuple[SourceDocument, ...]:
        return tuple(d for d in self.documents.values() if d.jurisdiction == jurisdiction_id)

    def rules_of(self, document_id: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules.values() if r.document == document_id)

    def rule(self, rule_id: str) -> Rule:
        from .errors import UnknownRuleError

        try:
            return self.rules[rule_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(rule_id, list(self.rules), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownRuleError(f"unknown rule {rule_id!r}{hint}") from None


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomlfile.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyLoadError(path, None, f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise PolicyLoadError(path, None, f"cannot read: {exc.strerror or exc}") from None


def structure(data: Any, cls: type, path: Path, key: str) -> Any:
    """Structure with cattrs, turning its error tree into one message naming file and key."""
    try:
        value = _converter.structure(data, cls)
    except Exception as exc:  # cattrs raises groups of whatever the hooks raised
        where, reason = describe_structure_error(exc)
        full = ".".join(part for part in (key, where) if part).replace(".[", "[")
        raise PolicyLoadError(path, full or None, reason) from None
    # What the evaluators need of each value (model/params.py PARAM_NEEDS, CONDITION_NEEDS).
    problem = next(value_problems(value), None)
    if problem is not None:
        where, reason = problem
        full = ".".join(part for part in (key, where) if part).replace(".[", "[")
        raise PolicyLoadError(path, full or None, reason)
    return value


def _reject_loader_keys(raw: Mapping[str, Any], path: Path, key: str) -> None:
    for name in _LOADER_FILLED:
        if name in raw:
            raise PolicyLoadError(path, f"{key}.{name}", "set by the loader from the folder; remove it")


def load_jurisdiction(folder: Path, root: Path) -> Jurisdiction:
    path = folder / JURISDICTION_FILE
    raw = read_toml(path)
    if "id" in raw:
        raise PolicyLoadError(path, "id", "the id is the folder path; remove it")
    jurisdiction_id = ".".join(folder.relative_to(root).parts)
    return structure({**raw, "id": jurisdiction_id}, Jurisdiction, path, "")


def load_document(folder: Path, jurisdiction_id: str) -> SourceDocument:
    path = folder / DOCUMENT_FILE
    raw = read_toml(path)
    for name in ("jurisdiction", "text", "clauses"):
        if name in raw:
            raise PolicyLoadError(path, name, "not a document.toml key (set by the loader)")
    document: SourceDocument = structure(raw, SourceDocument, path, "")
    if document.id != folder.name:
        raise PolicyLoadError(path, "id", f"{document.id!r} differs from its folder name {folder.name!r}")
    if document.effective_from.precision != "day" and document.effective_from_assumed is None:
        raise PolicyLoadError(
            path,
            "effective_from_assumed",
            f"required because effective_from {document.effective_from} is not a full date",
        )
    source_path = folder / document.source
    try:
        text = source_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyLoadError(path, "source", f"cannot read {source_path.name}: {exc.strerror or exc}") from None
    squashed = squash(text)
    for index, noise in enumerate(document.noise):
        if squash(noise.text) not in squashed:
            raise PolicyLoadError(path, f"noise[{index}].text", f"not found verbatim in {document.source}")
    clauses = load_clauses(folder / CLAUSES_FILE, squashed, document.source)
    clause_ids = {clause.id for clause in clauses}
    for index, gap in enumerate(document.gaps):
        if gap.missing and gap.clause in clause_ids:
            raise PolicyLoadError(path, f"gaps[{index}].clause", f"{gap.clause} is marked missing but is in {CLAUSES_FILE}")
        if not gap.missing and gap.clause not in clause_ids:
            raise PolicyLoadError(path, f"gaps[{index}].clause", f"no clause {gap.clause!r}; set missing = true if it is absent")
    return attrs.evolve(document, jurisdiction=jurisdiction_id, text=text, clauses=clauses)


def load_clauses(path: Path, squashed_source: str, source_name: str) -> tuple[Clause, ...]:
    raw = read_toml(path)
    unknown = set(raw) - {"clauses"}
    if unknown:
        raise PolicyLoadError(path, sorted(unknown)[0], "unknown key")
    clauses: tuple[Clause, ...] = structure(raw.get("clauses", []), tuple[Clause, ...], path, "clauses")
    seen: set[str] = set()
    for index, clause in enumerate(clauses):
        if clause.id in seen:
            raise PolicyLoadError(path, f"clauses[{index}].id", f"duplicate clause id {clause.id!r}")
        seen.add(clause.id)
        if squash(clause.text) not in squashed_source:
            raise PolicyLoadError(path, f"clauses[{index}].text", f"clause {clause.id} is not verbatim in {source_name}")
    return clauses


def _check_citation(
    citation: Citation,
    documents: Mapping[str, SourceDocument],
    clause_index: Mapping[tuple[str, str], str],
    path: Path,
    key: str,
) -> None:
    if citation.document not in documents:
        raise PolicyLoadError(path, f"{key}.document", f"unknown document {citation.document!r}")
    squashed_clause = clause_index.get((citation.document, citation.clause))
    if squashed_clause is None:
        known = ", ".join(c.id for c in documents[citation.document].clauses)
        raise PolicyLoadError(
            path, f"{key}.clause", f"no clause {citation.clause!r} in {citation.document} (clauses: {known})"
        )
    quote = squash(citation.quote)
    if len(quote) < 4:
        raise PolicyLoadError(path, f"{key}.quote", "a quote must carry at least 4 characters")
    if quote not in squashed_clause:
        raise PolicyLoadError(
            path, f"{key}.quote", f"not verbatim in clause {citation.clause} of {citation.document}: {citation.quote!r}"
        )


def _coverable(rule: Rule) -> frozenset[str] | None:
    """What a source of this rule may say it covers; ``None``: its kind has no parts to cite."""
    params = rule.params
    if isinstance(params, FilingDeadlineParams):
        return frozenset(str(e) for e in params.events) | frozenset(str(r) for r in params.recipients)
    if isinstance(params, CleanupConditionParams):
        return frozenset(c.id for c in params.conditions)
    if isinstance(params, ContentProhibitionParams):
        return frozenset(str(t) for t in params.categories)
    if isinstance(params, AccountNamingParams):
        # The sentence that asks for the host unit in the verification decides the per-account
        # finding, not the one on concise names (国办 四.(一)), which no fact checks.
        return frozenset(name for name in ("host_unit_in_verification", "consistent_across_platforms",
                                           "related_to_duties") if getattr(params, name))
    if isinstance(params, EscalationLadderParams):
        # The clause that sets a step (高县 七.(三): the interview after 3 notices, the shut-down
        # after it) decides the findings about that step.
        return frozenset(str(step) for step in params.steps)
    if isinstance(params, OperatorRequirementParams):
        # The conditions a clause sets on operators (湖州市 6.2.5: its second sentence bans
        # subcontracting), named as the parameters that state them.
        return frozenset(
            name for name in ("allowed_operators", "qualification_required", "no_subcontracting",
                              "written_agreement", "confidentiality_agreement")
            if getattr(params, name)
        )
    return None


def _check_covers(rule: Rule, path: Path, key: str) -> None:
    allowed = _coverable(rule)
    for number, citation in enumerate(rule.sources):
        if not citation.covers:
            continue
        where = f"{key}.sources[{number}].covers"
        if allowed is None:
            raise PolicyLoadError(path, where, f"a {rule.kind} rule has no parts a clause could cover")
        unknown = [c for c in citation.covers if c not in allowed]
        if unknown and not (rule.refines or rule.replaces):
            raise PolicyLoadError(path, where, f"{unknown[0]!r} is none of this rule's parts ({', '.join(sorted(allowed))})")


def _mark_secondary(rule: Rule, documents: Mapping[str, SourceDocument]) -> Rule:
    """Citations of a document held only through secondary quotes say so (findings show it)."""
    if not any(documents[c.document].held is Holding.SECONDARY for c in rule.sources):
        return rule
    sources = tuple(attrs.evolve(c, secondary=documents[c.document].held is Holding.SECONDARY) for c in rule.sources)
    return attrs.evolve(rule, sources=sources)


def structure_rule(raw: Any, path: Path, key: str, document_id: str, jurisdiction_id: str) -> Rule:
    """One ``[[rules]]`` table into a Rule, its params typed by its kind."""
    if not isinstance(raw, dict):
        raise PolicyLoadError(path, key, "expected a table")
    if not isinstance(raw.get("params", {}), dict):
        raise PolicyLoadError(path, f"{key}.params", "expected a table of parameters")
    sources_raw = raw.get("sources", [])
    if not isinstance(sources_raw, list) or not all(isinstance(x, dict) for x in sources_raw):
        raise PolicyLoadError(path, f"{key}.sources", "expected an array of tables with clause and quote")
    _reject_loader_keys(raw, path, key)
    for number, source in enumerate(sources_raw):
        if "secondary" in source:
            raise PolicyLoadError(path, f"{key}.sources[{number}].secondary",
                                  "unknown key (whether a source is secondary follows from its document's holding)")
    kind_value = raw.get("kind")
    try:
        kind = RuleKind(kind_value)
    except ValueError:
        known = ", ".join(k.value for k in RuleKind)
        raise PolicyLoadError(path, f"{key}.kind", f"unknown rule kind {kind_value!r}; known kinds: {known}") from None
    params = structure(raw.get("params", {}), PARAMS_BY_KIND[kind], path, f"{key}.params")
    sources = [
        {**source, "document": source.get("document") or document_id} if isinstance(source, dict) else source
        for source in raw.get("sources", [])
    ]
    rule: Rule = structure({**raw, "params": None, "sources": sources}, Rule, path, key)
    stated = frozenset(raw.get("params", {}))
    rule = attrs.evolve(
        rule, params=params, document=document_id, jurisdiction=jurisdiction_id, stated_params=stated
    )
    if not RULE_ID.match(rule.id):
        raise PolicyLoadError(path, f"{key}.id", f"{clipped(rule.id)} is not a rule id (lower-case dotted words)")
    if len(rule.id) > RULE_ID_MAX:
        raise PolicyLoadError(path, f"{key}.id", f"{clipped(rule.id)} is longer than {RULE_ID_MAX} characters")
    if not rule.sources:
        raise PolicyLoadError(path, f"{key}.sources", "a rule needs at least one source clause and quote")
    # A rule that stands on its own, or replaces another, states its whole parameters; a refinement
    # states what it changes, and its merged parameters are checked when a rulebook is composed.
    problem = check_params(kind, params, effective=not rule.refines)
    if problem is not None:
        where, reason = problem
        raise PolicyLoadError(path, f"{key}.params" + (f".{where}" if where and not where.startswith("[") else where), reason)
    if rule.checkable and rule.kind in UNCHECKABLE_KINDS:
        raise PolicyLoadError(path, f"{key}.checkable", f"a {rule.kind} rule cannot be checked against facts")
    if rule.refines and rule.replaces:
        raise PolicyLoadError(path, f"{key}.replaces", "a rule refines or replaces another, not both")
    if rule.deviation and not (rule.refines or rule.replaces):
        raise PolicyLoadError(path, f"{key}.deviation", "only a rule that refines or replaces another can deviate")
    if rule.effective_from and rule.effective_until and rule.effective_until < rule.effective_from:
        raise PolicyLoadError(path, f"{key}.effective_until", "ends before it starts")
    return rule


def load_rules_file(
    path: Path,
    document: SourceDocument,
    documents: Mapping[str, SourceDocument],
    clause_index: Mapping[tuple[str, str], str],
    *,
    allowed_tables: Iterable[str] = ("rules", "not_encoded"),
) -> tuple[list[Rule], list[NotEncoded]]:
    raw = read_toml(path)
    unknown = set(raw) - set(allowed_tables)
    if unknown:
        raise PolicyLoadError(path, sorted(unknown)[0], "unknown key")
    for table in ("rules", "not_encoded"):
        if not isinstance(raw.get(table, []), list):
            raise PolicyLoadError(path, table, f"expected an array of tables ([[{table}]])")
    rules: list[Rule] = []
    for index, item in enumerate(raw.get("rules", [])):
        key = f"rules[{index}]"
        rule = structure_rule(item, path, key, document.id, document.jurisdiction)
        key = f"rules[{index}] ({rule.id})"
        for number, citation in enumerate(rule.sources):
            _check_citation(citation, documents, clause_index, path, f"{key}.sources[{number}]")
        _check_covers(rule, path, key)
        rules.append(_mark_secondary(rule, documents))
    omitted: list[NotEncoded] = []
    for index, item in enumerate(raw.get("not_encoded", [])):
        key = f"not_encoded[{index}]"
        if isinstance(item, dict):
            _reject_loader_keys({k: v for k, v in item.items() if k != "document"}, path, key)
            item = {**item, "document": item.get("document") or document.id}
        entry: NotEncoded = structure(item, NotEncoded, path, key)
        _check_citation(Citation(entry.clause, entry.quote, entry.document), documents, clause_index, path, key)
        omitted.append(entry)
    return rules, omitted


def clause_index_of(documents: Iterable[SourceDocument]) -> dict[tuple[str, str], str]:
    return {(d.id, c.id): squash(c.text) for d in documents for c in d.clauses}


def load_library(root: Path | None = None) -> PolicyLibrary:
    """Load and validate a whole policy tree (the embedded one by default)."""
    root = (root or policies_root()).resolve()
    nodes: dict[str, Jurisdiction] = {}
    documents: dict[str, SourceDocument] = {}
    document_folders: dict[str, Path] = {}
    for marker in sorted(root.rglob(JURISDICTION_FILE)):
        node = load_jurisdiction(marker.parent, root)
        nodes[node.id] = node
    if not nodes:
        raise PolicyLoadError(root, None, f"no {JURISDICTION_FILE} found")
    for node in nodes.values():
        if node.parent is not None and node.parent not in nodes:
            path = root.joinpath(*node.id.split(".")) / JURISDICTION_FILE
            raise PolicyLoadError(path, None, f"its parent {node.parent} has no {JURISDICTION_FILE}")
    for marker in sorted(root.rglob(DOCUMENT_FILE)):
        folder = marker.parent
        owner = ".".join(folder.parent.relative_to(root).parts)
        if owner not in nodes:
            raise PolicyLoadError(marker, None, f"its parent folder is not a jurisdiction (no {JURISDICTION_FILE})")
        document = load_document(folder, owner)
        if document.id in documents:
            raise PolicyLoadError(marker, "id", f"document id {document.id!r} is used twice")
        documents[document.id] = document
        document_folders[document.id] = folder
    _check_aliases(nodes, root)
    clause_index = clause_index_of(documents.values())
    rules: dict[str, Rule] = {}
    not_encoded: dict[str, tuple[NotEncoded, ...]] = {}
    for document_id, folder in document_folders.items():
        path = folder / RULES_FILE
        if not path.exists():
            not_encoded[document_id] = ()
            continue
        found, omitted = load_rules_file(path, documents[document_id], documents, clause_index)
        for index, rule in enumerate(found):
            if rule.id in rules:
                raise PolicyLoadError(path, f"rules[{index}].id", f"{rule.id!r} is also used in {rules[rule.id].document}")
            rules[rule.id] = rule
        not_encoded[document_id] = tuple(omitted)
    _check_references(documents, document_folders, rules)
    return PolicyLibrary(root, JurisdictionTree(nodes), documents, rules, not_encoded)


def _in_scope(upper: str, lower: str) -> bool:
    """Is ``upper`` the jurisdiction ``lower`` or one of its ancestors?"""
    return lower == upper or lower.startswith(upper + ".")


def _check_references(
    documents: Mapping[str, SourceDocument], folders: Mapping[str, Path], rules: Mapping[str, Rule]
) -> None:
    """Ids that point elsewhere must exist, so that a typo fails at load and not at composition."""
    for document in documents.values():
        path = folders[document.id] / DOCUMENT_FILE
        for index, old in enumerate(document.supersedes):
            if old not in documents:
                raise PolicyLoadError(path, f"supersedes[{index}]", f"unknown document {old!r}")
        for index, cited in enumerate(document.cites):
            if cited.held_as is not None and cited.held_as not in documents:
                raise PolicyLoadError(path, f"cites[{index}].held_as", f"unknown document {cited.held_as!r}")
    by_document: dict[str, list[Rule]] = {}
    for rule in rules.values():
        by_document.setdefault(rule.document, []).append(rule)
    for document_id, own in by_document.items():
        path = folders[document_id] / RULES_FILE
        for index, rule in enumerate(own):
            target_id = rule.refines or rule.replaces
            if target_id is None:
                continue
            key = f"rules[{index}] ({rule.id}).{'refines' if rule.refines else 'replaces'}"
            target = rules.get(target_id)
            if target is None:
                raise PolicyLoadError(path, key, f"unknown rule {target_id!r}")
            if target.document == rule.document:
                raise PolicyLoadError(path, key, "a document cannot refine its own rule")
            if not _in_scope(target.jurisdiction, rule.jurisdiction):
                raise PolicyLoadError(
                    path, key, f"{target_id} belongs to {target.jurisdiction}, not a jurisdiction above {rule.jurisdiction}"
                )


def _check_aliases(nodes: Mapping[str, Jurisdiction], root: Path) -> None:
    seen: dict[str, str] = {}
    for node in nodes.values():
        for alias in node.aliases:
            if alias in nodes or alias in seen:
                path = root.joinpath(*node.id.split(".")) / JURISDICTION_FILE
                raise PolicyLoadError(path, "aliases", f"alias {alias!r} is already taken")
            seen[alias] = node.id


@functools.cache
def default_library() -> PolicyLibrary:
    """The embedded policies, loaded once per process, and validated once per change of the
    files (library_cache.py)."""
    from .library_cache import cached_library

    return cached_library(policies_root().resolve(), load_library)


def rule_namespaces(library: PolicyLibrary) -> dict[str, frozenset[str]]:
    """Which jurisdictions each rule-id namespace belongs to.

    A rule id's namespace is its first dotted word (``huzhou`` of ``huzhou.cleanup.conditions``). A
    jurisdiction owns the last word of its id (``huzhou``, ``xinqu``, ``cn``), its aliases
    (``changchun-xinqu``, ``national``) and the first word of every shipped rule of its documents.
    """
    owners: dict[str, set[str]] = {}
    for node in library.tree.nodes.values():
        for name in (node.id.rpartition(".")[2], *node.aliases):
            owners.setdefault(name, set()).add(node.id)
    for rule in library.rules.values():
        owners.setdefault(rule.id.partition(".")[0], set()).add(rule.jurisdiction)
    return {name: frozenset(holders) for name, holders in owners.items()}


def namespace_problem(rule_id: str, on: str, owners: Mapping[str, frozenset[str]]) -> str | None:
    """Why an overlay on ``on`` may not give a new rule the id ``rule_id``, or None if it may.

    An overlay speaks for the jurisdiction it is laid on: its rule ids are in that jurisdiction's
    namespace (``zezhou.…`` on 泽州县, for a text of its own not yet encoded) or in one no
    jurisdiction owns (``what-if.…``), never in another jurisdiction's, an ancestor's included:
    ``cn.…`` on 泽州县 would read as a national rule, and ``huzhou.…`` as Huzhou's.
    """
    space = rule_id.partition(".")[0]
    holders = owners.get(space)
    if not holders or on in holders:
        return None
    own = sorted(name for name, held in owners.items() if on in held)
    mine = f"{', '.join(f'{name}.…' for name in own)} or " if own else ""
    return (f"{clipped(rule_id)} is in the namespace of {', '.join(sorted(holders))}; an overlay on {on} gives its "
            f"rules ids in {mine}a namespace no jurisdiction uses, such as what-if.…")


def refinement_scope_problem(target: Rule, on: str) -> str | None:
    """Why a rule of an overlay on ``on`` may not refine or replace ``target``, or None: a rule
    refines a rule of its own jurisdiction or of one above it, never one of a jurisdiction below or
    beside it (an overlay on national refining a county rule)."""
    if _in_scope(target.jurisdiction, on):
        return None
    return f"{target.id} belongs to {target.jurisdiction}, which is neither {on} nor a jurisdiction above it"


def load_overlay(path: Path | str, library: PolicyLibrary) -> Overlay:
    """A what-if overlay file: ``[overlay]`` (id, title, on) and ``[[rules]]``, validated like policies.

    Overlay rules have no text of their own, so each source names the held ``document`` whose
    clause it varies; the quote must still be verbatim. Each rule has an id of its own (not a
    shipped one, nor one of another rule of the file), in a namespace the overlay may use
    (``namespace_problem``), and refines or replaces only a rule of the overlay's jurisdiction or
    of one above it. Its parameters are checked as the engine needs them; a refinement's merged
    parameters when a rulebook is composed.
    """
    from .composition import Overlay

    path = Path(path)
    raw = read_toml(path)
    unknown = set(raw) - {"overlay", "rules"}
    if unknown:
        raise PolicyLoadError(path, sorted(unknown)[0], "unknown key")
    header = raw.get("overlay")
    if not isinstance(header, dict):
        raise PolicyLoadError(path, "overlay", "an overlay file needs an [overlay] table with id, title and on")
    for name in ("id", "title", "on"):
        if not isinstance(header.get(name), str) or not header[name]:
            raise PolicyLoadError(path, f"overlay.{name}", "required, a non-empty string")
    extra = set(header) - {"id", "title", "on"}
    if extra:
        raise PolicyLoadError(path, f"overlay.{sorted(extra)[0]}", "unknown key")
    try:
        on = library.tree.resolve(header["on"]).id
    except Exception as exc:
        raise PolicyLoadError(path, "overlay.on", str(exc)) from None
    overlay_id = header["id"]
    if not OVERLAY_ID.match(overlay_id):
        raise PolicyLoadError(path, "overlay.id", f"{clipped(overlay_id)}: at most 80 characters, no spaces or line breaks")
    if overlay_id in library.documents:
        raise PolicyLoadError(path, "overlay.id", f"{overlay_id!r} is already a document id")
    rules_raw = raw.get("rules", [])
    if not isinstance(rules_raw, list):
        raise PolicyLoadError(path, "rules", "expected an array of tables ([[rules]])")
    clause_index = clause_index_of(library.documents.values())
    owners = rule_namespaces(library)
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(rules_raw):
        key = f"rules[{index}]"
        if isinstance(item, dict):
            for number, source in enumerate(item.get("sources", []) if isinstance(item.get("sources"), list) else []):
                if isinstance(source, dict) and "document" not in source:
                    raise PolicyLoadError(path, f"{key}.sources[{number}].document", "required in an overlay")
        rule = structure_rule(item, path, key, overlay_id, on)
        if rule.id in library.rules:
            raise PolicyLoadError(path, f"{key}.id", f"{rule.id!r} is a shipped rule id; give the variant its own id")
        if rule.id in seen:
            raise PolicyLoadError(path, f"{key}.id", f"{rule.id!r} is also the id of rules[{seen[rule.id]}]; each rule needs its own id")
        seen[rule.id] = index
        problem = namespace_problem(rule.id, on, owners)
        if problem is not None:
            raise PolicyLoadError(path, f"{key}.id", problem)
        target_id = rule.refines or rule.replaces
        target = library.rules.get(target_id) if target_id else None
        if target is not None:
            problem = refinement_scope_problem(target, on)
            if problem is not None:
                raise PolicyLoadError(path, f"{key} ({rule.id}).{'refines' if rule.refines else 'replaces'}", problem)
        for number, citation in enumerate(rule.sources):
            _check_citation(citation, library.documents, clause_index, path, f"{key} ({rule.id}).sources[{number}]")
        _check_covers(rule, path, f"{key} ({rule.id})")
        rules.append(_mark_secondary(rule, library.documents))
    return Overlay(overlay_id, header["title"], on, tuple(rules), str(path))
