"""The shipped encodings (policies/**/rules.toml), checked independently of the loader.

The loader already refuses a quote that is not verbatim in its clause; these tests re-check it from
the TOML files with their own whitespace squashing, so that a loader bug cannot hide a misquote.
They also pin the national rule ids and kinds that local overlays and integrators rely on.

Other people edit the rules files while these tests run: nothing here counts rules.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
POLICIES = REPO_ROOT / "policies"
WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return WS.sub("", text)


def load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


DOC_DIRS = sorted(p.parent for p in POLICIES.rglob("document.toml"))
CLAUSES = {
    (folder.name, clause["id"]): clause["text"]
    for folder in DOC_DIRS
    for clause in load(folder / "clauses.toml").get("clauses", [])
}
RULE_FILES = sorted(POLICIES.rglob("rules.toml"))


def shipped_rules() -> list[tuple[str, dict]]:
    return [(path.parent.name, item) for path in RULE_FILES for item in load(path).get("rules", [])]


def citations():
    for path in RULE_FILES:
        document = path.parent.name
        data = load(path)
        for index, item in enumerate(data.get("rules", [])):
            for number, source in enumerate(item.get("sources", [])):
                yield f"{item.get('id', index)}#{number}", document, source
        for index, item in enumerate(data.get("not_encoded", [])):
            yield f"{document}:not_encoded[{index}]", document, item


CITATIONS = list(citations())


def test_rules_files_found():
    assert {p.parent.name for p in RULE_FILES} >= {"cn-gbf-2018-123", "cn-gbmh-2019-19"}
    assert CITATIONS


@pytest.mark.parametrize(("where", "document", "source"), CITATIONS, ids=[c[0] for c in CITATIONS])
def test_every_quote_is_verbatim_in_its_clause(where, document, source):
    cited = source.get("document") or document
    clause = CLAUSES.get((cited, source["clause"]))
    assert clause is not None, f"{where}: no clause {source['clause']!r} in {cited}"
    quote = squash(source["quote"])
    assert quote, f"{where}: empty quote"
    assert quote in squash(clause), f"{where}: {source['quote']!r} is not in {cited} {source['clause']}"


def test_rule_ids_are_unique_across_documents():
    seen: dict[str, str] = {}
    for document, item in shipped_rules():
        assert item["id"] not in seen, f"{item['id']} in {document} and {seen[item['id']]}"
        seen[item["id"]] = document


def test_refined_and_replaced_rules_exist():
    ids = {item["id"] for _, item in shipped_rules()}
    for document, item in shipped_rules():
        for key in ("refines", "replaces"):
            if key in item:
                assert item[key] in ids, f"{document}: {item['id']} {key} unknown rule {item[key]}"


# The national ids the overlays refine (cn-gbf-2018-123 and the 2019 indicators must define exactly
# these, with these kinds), and what each must say.
FIXED_NATIONAL = {
    "cn.filing.lifecycle": ("filing_deadline", "四.(一)"),
    "cn.filing.host-unit-change": ("filing_deadline", "四.(一)"),
    "cn.update.timely": ("posting_frequency", "四.(二)"),
    "cn.content.original-ratio": ("original_posts", "四.(二)"),
    "cn.account.one-per-platform": ("accounts_per_platform", "四.(一)"),
    "cn.account.naming": ("account_naming", "四.(一)"),
    "cn.cleanup.low-usage": ("cleanup_condition", "四.(一)"),
    "cn.cleanup.unable-to-maintain": ("cleanup_condition", "四.(一)"),
    "cn.content.repost-sources": ("repost_sources", "四.(二)"),
    "cn.content.prohibited": ("content_prohibition", "四.(二)"),
    "cn.review.before-publish": ("review_workflow", "四.(二)"),
    "cn.supervision.no-fake-data": ("prohibited_practice", "四.(四)"),
    "cn.supervision.no-forced-engagement": ("prohibited_practice", "四.(四)"),
    "cn.opening.app-ipv6": ("technical_requirement", "四.(一)"),
    "cn.supervision.regular-inspection": ("supervision_cadence", "四.(四)"),
    "cn.security.user-data": ("duty", None),
}
FIXED_INDICATORS = {
    "cn.inspection.no-update-2-weeks": "max_inactivity",
    "cn.inspection.no-interaction": "duty",
    "cn.inspection.security-incident": "duty",
}


@pytest.fixture(scope="module")
def by_id() -> dict[str, tuple[str, dict]]:
    return {item["id"]: (document, item) for document, item in shipped_rules()}


@pytest.mark.parametrize("rule_id", sorted(FIXED_NATIONAL))
def test_fixed_national_rule_ids_exist(by_id, rule_id):
    assert rule_id in by_id, f"{rule_id} is missing from the national encoding"
    document, item = by_id[rule_id]
    kind, clause = FIXED_NATIONAL[rule_id]
    assert document == "cn-gbf-2018-123"
    assert item["kind"] == kind
    if clause is not None:
        assert item["sources"][0]["clause"] == clause
    assert "refines" not in item and "replaces" not in item


@pytest.mark.parametrize("rule_id", sorted(FIXED_INDICATORS))
def test_fixed_indicator_rule_ids_exist(by_id, rule_id):
    assert rule_id in by_id
    document, item = by_id[rule_id]
    assert document == "cn-gbmh-2019-19"
    assert item["kind"] == FIXED_INDICATORS[rule_id]


def test_fixed_national_rule_contents(by_id):
    def params(rule_id: str) -> dict:
        return by_id[rule_id][1].get("params", {})

    assert "within" not in params("cn.filing.lifecycle")
    assert squash("开设、变更、关停、注销应向主管单位备案") in squash(by_id["cn.filing.lifecycle"][1]["sources"][0]["quote"])
    assert params("cn.filing.host-unit-change").get("events") == ["host_unit_changed"]
    assert params("cn.filing.host-unit-change").get("announce_publicly") is True
    assert "minimum" not in params("cn.update.timely")
    assert "minimum" not in params("cn.content.original-ratio")
    assert params("cn.account.one-per-platform").get("maximum", 1) == 1
    assert by_id["cn.account.one-per-platform"][1]["strength"] == "in_principle"
    assert params("cn.cleanup.low-usage")["action"] == "integrate"
    assert params("cn.cleanup.unable-to-maintain")["action"] == "shut_down"
    assert by_id["cn.content.repost-sources"][1]["strength"] == "in_principle"
    assert {"personal_opinion", "commercial_ad"} <= set(params("cn.content.prohibited")["categories"])
    assert params("cn.review.before-publish")["review_before_publish"] is True
    assert {"buy_followers", "fake_data"} <= set(params("cn.supervision.no-fake-data")["practices"])
    assert {"force_download", "force_like_or_share"} <= set(params("cn.supervision.no-forced-engagement")["practices"])
    assert by_id["cn.opening.app-ipv6"][1]["applies_to"]["platforms"] == ["app"]
    assert "every" not in params("cn.supervision.regular-inspection")
    assert params("cn.inspection.no-update-2-weeks")["limit"] == {"amount": 2, "unit": "weeks"}


def test_shipped_library_loads_and_composes():
    """Every jurisdiction composes on each held document's first day."""
    from gov_new_media_rules.composition import compose
    from gov_new_media_rules.loading import load_library

    library = load_library(POLICIES)
    for node in library.tree:
        days = {d.starts for d in library.documents.values()}
        for day in sorted(days):
            compose(library, node.id, day)
