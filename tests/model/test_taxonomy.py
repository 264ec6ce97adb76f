"""The content taxonomy as data: validated on load, every quote verbatim, and the tag ×
jurisdiction table (which rule bans which tag, by which clause) as the texts read."""

from __future__ import annotations

from pathlib import Path

import pytest

import gov_new_media_rules as gnmr
from gov_new_media_rules.content_bans import bans_of
from gov_new_media_rules.loading import load_library
from gov_new_media_rules.model.taxonomy import CONTENT, OPERATOR, REPOST, TAXONOMY_FILE, TaxonomyError, check_quotes, load_taxonomy
from gov_new_media_rules.model.vocab import ContentTag, OperatorKind, RepostSource

ON = "2025-03-01"


def test_every_tag_and_source_has_one_entry() -> None:
    assert set(CONTENT.nodes) == {t.value for t in ContentTag}
    assert set(REPOST.nodes) == {s.value for s in RepostSource}
    assert set(OPERATOR.nodes) == {k.value for k in OperatorKind}


def test_every_quote_is_verbatim_in_its_clause() -> None:
    assert check_quotes(load_library()) == []


def test_shape() -> None:
    assert CONTENT.ancestors("rumour")[:2] == ("rumour", "prohibited_by_law")
    assert "harmful_information" in CONTENT.ancestors("state_secret")
    assert "unverified_information" in CONTENT.ancestors("unconfirmed_sensitive_news")
    assert REPOST.covered("publicity_cyberspace_designated", ["designated_source"]) == ("designated_source",)
    assert REPOST.possibly("party_newspaper", ["designated_source"]) == ("designated_source",)
    assert REPOST.possibly("party_newspaper", ["party_newspaper"]) == ()
    assert OPERATOR.covered("licensed_news_website", ["host_unit", "entrusted_third_party"]) == ("entrusted_third_party",)
    assert OPERATOR.covered("host_unit", ["entrusted_third_party"]) == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema = 1\ncontent = []\nrepost = []\n", "has no entry"),
        ("schema = 1\ncontent = []\nrepost = []\noperator = []\n", "has no entry"),
        ('schema = 1\n[[content]]\ntag = "nope"\n', "not a known content"),
        ('schema = 2\n', "schema"),
        ('schema = 1\nextra = 1\n', "unknown key"),
    ],
)
def test_malformed_files_are_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(path)


def test_a_cycle_or_a_link_without_its_reading_is_an_error(tmp_path: Path) -> None:
    text = TAXONOMY_FILE.read_text(encoding="utf-8")
    cyc = text.replace('[[content]]\ntag = "harmful_information"\n', '[[content]]\ntag = "harmful_information"\n\n[[content.parents]]\n'
                       'parent = "rumour"\ndocument = "x"\nclause = "y"\nquote = "abcd"\nzh = "z"\nen = "e"\n')
    (tmp_path / "c.toml").write_text(cyc, encoding="utf-8")
    with pytest.raises(TaxonomyError, match="cycle"):
        load_taxonomy(tmp_path / "c.toml")
    bare = text.replace('zh = "“未经确认的敏感类新闻”是', 'zhx = "', 1)
    (tmp_path / "b.toml").write_text(bare, encoding="utf-8")
    with pytest.raises(TaxonomyError, match="unknown key|required"):
        load_taxonomy(tmp_path / "b.toml")


# The table as the texts read, worked by hand: tag → jurisdiction → {rule: (document clause of the
# first citation)}. "—" (an empty dict) is "no checkable rule bans it".
N = "cn-gbf-2018-123"
Z = "zezhou-zzbh-2022-6"
C = "changchun-xinqu-2021-2"
H = "huzhou-basic-level-guide"
LAW_CN = {"cn.content.prohibited": (N, "四.(三)")}
LAW = {
    "national": LAW_CN,
    "gaoxian": LAW_CN,
    "zezhou": {"zezhou.content.prohibited": (Z, "四.(二)")},
    "huzhou": {**LAW_CN, "huzhou.content.prohibited": (H, "9.2.2.(4)")},
}
EXPECTED: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "personal_opinion": {
        "national": {"cn.content.prohibited": (N, "四.(二)")}, "gaoxian": {"cn.content.prohibited": (N, "四.(二)")},
        "zezhou": {"zezhou.content.prohibited": (Z, "四.(二)")},
        "changchun-xinqu": {"changchun-xinqu.content.prohibited": (C, "第十五条.(十)")},
        "huzhou": {"cn.content.prohibited": (N, "四.(二)"), "huzhou.content.prohibited": (H, "8.1")},
    },
    "state_secret": {
        "national": {**LAW_CN, "cn.security.no-leaks": (N, "四.(三)")},
        "gaoxian": {**LAW_CN, "cn.security.no-leaks": (N, "四.(三)")},
        "zezhou": {"zezhou.content.prohibited": (Z, "四.(二)"), "zezhou.security.no-leaks": (Z, "四.(三)")},
        "changchun-xinqu": {"changchun-xinqu.content.prohibited": (C, "第十五条.(二)"), "cn.security.no-leaks": (N, "四.(三)")},
        "huzhou": {**LAW_CN, "huzhou.content.prohibited": (H, "9.2.2.(6)"), "cn.security.no-leaks": (N, "四.(三)")},
    },
    "rumour": {**LAW, "changchun-xinqu": {"changchun-xinqu.content.prohibited": (C, "第十五条.(六)")}},
    "national_security": {**LAW, "changchun-xinqu": {"changchun-xinqu.content.prohibited": (C, "第十五条.(二)")}},
    "harmful_information": {
        "national": {"cn.content.prohibited": (N, "五.(三)")}, "gaoxian": {"cn.content.prohibited": (N, "五.(三)")},
        "zezhou": {"zezhou.content.prohibited": (Z, "五.(三)")},
        "changchun-xinqu": {"changchun-xinqu.content.prohibited": (C, "第三十一条")},
        "huzhou": {"cn.content.prohibited": (N, "五.(三)"), "huzhou.content.prohibited": (N, "五.(三)")},
    },
    "unverified_information": {"national": {}, "gaoxian": {}, "changchun-xinqu": {}, "huzhou": {},
                               "zezhou": {"zezhou.content.prohibited": (Z, "四.(二)")}},
    "unconfirmed_sensitive_news": {"national": {}, "gaoxian": {}, "huzhou": {},
                                   "zezhou": {"zezhou.content.prohibited": (Z, "四.(二)")},
                                   "changchun-xinqu": {"changchun-xinqu.content.prohibited": (C, "第十五条.(九)")}},
    "undecided_administrative_matter": {"national": {}, "gaoxian": {}, "zezhou": {}, "huzhou": {},
                                        "changchun-xinqu": {"changchun-xinqu.content.prohibited": (C, "第十五条.(十二)")}},
    "illegal_media": {"national": {}, "gaoxian": {}, "zezhou": {}, "huzhou": {}, "changchun-xinqu": {}},
    "user_rights_harm": {
        "national": {"cn.security.no-user-harming-content": (N, "四.(三)")},
        "gaoxian": {"cn.security.no-user-harming-content": (N, "四.(三)")},
        "huzhou": {"cn.security.no-user-harming-content": (N, "四.(三)")},
        "zezhou": {"zezhou.content.prohibited": (Z, "四.(三)"), "cn.security.no-user-harming-content": (N, "四.(三)")},
        "changchun-xinqu": {"changchun-xinqu.content.prohibited": (C, "第十五条.(五)"),
                            "changchun-xinqu.security.no-rights-harming-content": (C, "第二十六条")},
    },
}


@pytest.mark.parametrize("tag", sorted(EXPECTED))
def test_the_tag_table_reads_as_the_texts(tag: str) -> None:
    for alias, expected in EXPECTED[tag].items():
        bans = bans_of(gnmr.rulebook(alias, on=ON), tag)
        got = {b.rule: (b.citation.document, b.citation.clause) for b in bans}
        assert got == expected, (tag, alias)


@pytest.mark.parametrize("tag", [t.value for t in ContentTag])
def test_every_tag_is_decided_in_every_jurisdiction(tag: str) -> None:
    """No tag is left to chance: each is either banned by a checkable rule or knowingly not."""
    banned_somewhere = any(bans_of(gnmr.rulebook(a, on=ON), tag) for a in ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou"))
    assert banned_somewhere or tag == "illegal_media", tag
