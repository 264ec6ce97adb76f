"""Loading and validating policy trees: every malformed file fails with a PolicyLoadError that names
the file and the key, and a well-formed tree loads with the loader-filled fields set."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    DEFAULT_CLAUSES,
    PolicyTree,
    calendar_days,
    default_source,
    make_tree,
    rule,
    weeks,
)

from gov_new_media_rules.errors import GnmrError, PolicyLoadError
from gov_new_media_rules.loading import load_library, squash
from gov_new_media_rules.model.params import Duration, DurationUnit, FrequencyParams, MaxInactivityParams
from gov_new_media_rules.model.rules import Rule
from gov_new_media_rules.model.vocab import Strength


def load_error(tree: PolicyTree) -> PolicyLoadError:
    with pytest.raises(PolicyLoadError) as info:
        tree.load()
    return info.value


def assert_names(error: PolicyLoadError, path: Path, key: str | None) -> None:
    """The message names the file and (where there is one) the key; the attributes agree."""
    message = str(error)
    assert str(path) in message, message
    assert error.path == str(path)
    if key is not None:
        assert key in message, message
        assert error.key == key
    assert "\n" not in message


def rules_file(tree: PolicyTree, jurisdiction: str = "cn", doc_id: str = "cn-doc-1") -> Path:
    return (tree.folder(jurisdiction) / doc_id / "rules.toml").resolve()


def document_file(tree: PolicyTree, jurisdiction: str = "cn", doc_id: str = "cn-doc-1") -> Path:
    return (tree.folder(jurisdiction) / doc_id / "document.toml").resolve()


def clauses_file(tree: PolicyTree, jurisdiction: str = "cn", doc_id: str = "cn-doc-1") -> Path:
    return (tree.folder(jurisdiction) / doc_id / "clauses.toml").resolve()


# -- a valid tree ---------------------------------------------------------------------------------


def test_valid_tree_loads(tmp_path):
    tree = make_tree(
        tmp_path,
        rules=[
            rule("cn.update.timely", "posting_frequency", checkable=True),
            rule(
                "cn.inspection.no-update",
                "max_inactivity",
                clause="三",
                quote="长期不更新的账号应当关停",
                params={"limit": weeks(2)},
                checkable=True,
            ),
            rule("cn.filing.tiered", "duty", clause="三", quote="应向主管单位备案", params={"actor": "supervising_unit"}),
        ],
        not_encoded=[{"clause": "一", "quote": "落实主体责任", "reason": "too vague to encode"}],
    )
    library = tree.load()
    assert library.root == tree.root.resolve()
    assert set(library.tree.nodes) == {"cn"}
    assert library.tree.resolve("national").id == "cn"
    assert list(library.documents) == ["cn-doc-1"]
    document = library.documents["cn-doc-1"]
    assert document.jurisdiction == "cn"
    assert [c.id for c in document.clauses] == [c["id"] for c in DEFAULT_CLAUSES]
    assert document.text == default_source()
    assert set(library.rules) == {"cn.update.timely", "cn.inspection.no-update", "cn.filing.tiered"}

    timely = library.rule("cn.update.timely")
    assert isinstance(timely, Rule)
    assert timely.document == "cn-doc-1" and timely.jurisdiction == "cn"
    assert timely.source.document == "cn-doc-1"  # filled in from the folder
    assert timely.params == FrequencyParams()
    assert timely.stated_params == frozenset()
    assert timely.strength == Strength.MANDATORY

    dormant = library.rule("cn.inspection.no-update")
    assert dormant.params == MaxInactivityParams(Duration(2, DurationUnit.WEEKS))
    assert dormant.stated_params == frozenset({"limit"})

    assert [n.quote for n in library.not_encoded["cn-doc-1"]] == ["落实主体责任"]
    assert library.not_encoded["cn-doc-1"][0].document == "cn-doc-1"
    assert library.rules_of("cn-doc-1") == tuple(library.rules.values())
    assert library.documents_of("cn") == (document,)


def test_document_without_rules_file_loads(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn")
    tree.document("cn", "cn-doc-1")  # no rules.toml at all
    library = tree.load()
    assert library.rules == {}
    assert library.not_encoded == {"cn-doc-1": ()}


def test_unknown_rule_lookup_suggests(tmp_path):
    library = make_tree(tmp_path, rules=[rule("cn.update.timely", "posting_frequency")]).load()
    with pytest.raises(GnmrError, match=r"cn\.update\.timely"):
        library.rule("cn.update.timley")


def test_quote_whitespace_differences_are_tolerated(tmp_path):
    clauses = [
        {"id": "一", "text": "一、总体要求。各单位应当\n加强政务新媒体管理。"},
        {"id": "二", "text": "二、更新频次。确保信息 更新 及时。"},
    ]
    tree = make_tree(
        tmp_path,
        clauses=clauses,
        # source.txt lays the words out differently again: line breaks and full-width spaces.
        source="一、总体要求。各单位应当加强政务\n新媒体管理。\n\n二、更新频次。确保\u3000信息更新及时。\n登录 注册 返回顶部\n",
        rules=[
            rule("cn.update.timely", quote="确保信息\n  更新及时"),
            rule("cn.org.manage", clause="一", quote="加强 政务新媒体 管理"),
        ],
    )
    library = tree.load()
    assert library.rule("cn.update.timely").source.quote == "确保信息\n  更新及时"  # kept as written


def test_quote_may_cite_another_documents_clause(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn")
    tree.jurisdiction("cn.p")
    other_clauses = [{"id": "1", "text": "1. 县级政务新媒体每周更新不少于5次。"}]
    tree.document("cn", "cn-doc-1", rules=[rule("cn.update.timely", "posting_frequency")])
    tree.document(
        "cn.p",
        "p-doc-1",
        clauses=other_clauses,
        rules=[
            rule(
                "p.update.weekly",
                "posting_frequency",
                refines="cn.update.timely",
                params={"minimum": 5, "per": weeks(1)},
                clause="1",
                quote="每周更新不少于5次",
                sources=[
                    {"clause": "1", "quote": "每周更新不少于5次"},
                    {"clause": "二", "quote": "确保信息更新及时", "document": "cn-doc-1"},
                ],
            )
        ],
    )
    library = tree.load()
    weekly = library.rule("p.update.weekly")
    assert [(s.document, s.clause) for s in weekly.sources] == [("p-doc-1", "1"), ("cn-doc-1", "二")]


def test_citing_an_unknown_document_is_an_error(tmp_path):
    tree = make_tree(
        tmp_path,
        rules=[rule("cn.update.timely", sources=[{"clause": "二", "quote": "确保信息更新及时", "document": "no-such-doc"}])],
    )
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[0] (cn.update.timely).sources[0].document")
    assert "no-such-doc" in str(error)


# -- rules.toml errors ----------------------------------------------------------------------------


def test_misquoted_quote(tmp_path):
    tree = make_tree(
        tmp_path,
        rules=[
            rule("cn.org.manage", clause="一", quote="加强政务新媒体管理"),
            rule("x.y.z", quote="确保信息更新快速"),  # the clause says 及时
        ],
    )
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[1] (x.y.z).sources[0].quote")
    assert "确保信息更新快速" in str(error)


def test_misquoted_quote_first_rule(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", quote="确保信息更新快速")])
    assert_names(load_error(tree), rules_file(tree), "rules[0] (x.y.z).sources[0].quote")


def test_quote_in_a_different_clause_of_the_same_document_is_rejected(tmp_path):
    # verbatim in the document, but not in the clause it cites
    tree = make_tree(tmp_path, rules=[rule("x.y.z", clause="一", quote="确保信息更新及时")])
    assert_names(load_error(tree), rules_file(tree), "rules[0] (x.y.z).sources[0].quote")


def test_quote_citing_missing_clause(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", clause="九", quote="确保信息更新及时")])
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[0] (x.y.z).sources[0].clause")
    assert "'九'" in str(error)


def test_too_short_quote(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", quote="更新")])
    assert_names(load_error(tree), rules_file(tree), "rules[0] (x.y.z).sources[0].quote")


def test_rule_without_sources(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", sources=[])])
    assert_names(load_error(tree), rules_file(tree), "rules[0].sources")


def test_unknown_key_at_rule_level(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("cn.update.timely"), rule("x.y.z", colour="red")])
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[1].colour")
    assert "unknown key" in str(error)


def test_unknown_key_inside_params(tmp_path):
    tree = make_tree(
        tmp_path,
        rules=[rule("x.y.z", "posting_frequency", params={"minimum": 3, "per": weeks(1), "maximum": 9})],
    )
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[0].params.maximum")
    assert "unknown key" in str(error)


def test_unknown_key_inside_a_duration(tmp_path):
    tree = make_tree(
        tmp_path,
        rules=[rule("x.y.z", "posting_frequency", params={"minimum": 3, "per": {"amount": 1, "unit": "weeks", "x": 1}})],
    )
    assert_names(load_error(tree), rules_file(tree), "rules[0].params.per.x")


def test_unknown_key_inside_applies_to(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", applies_to={"platform": ["wechat"]})])
    assert_names(load_error(tree), rules_file(tree), "rules[0].applies_to.platform")


def test_unknown_top_level_table_in_rules_file(tmp_path):
    tree = make_tree(tmp_path, raw_rules='[[rule]]\nid = "x.y.z"\n')
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rule")


def test_unknown_rule_kind(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", "posting_frequence")])
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[0].kind")
    assert "posting_frequence" in str(error) and "posting_frequency" in str(error)


def test_missing_rule_kind(tmp_path):
    data = rule("x.y.z")
    del data["kind"]
    tree = make_tree(tmp_path, rules=[data])
    assert_names(load_error(tree), rules_file(tree), "rules[0].kind")


@pytest.mark.parametrize(
    ("overrides", "key", "words"),
    [
        ({"checkable": "yes"}, "rules[0].checkable", "true or false"),
        ({"checkable": 1}, "rules[0].checkable", "true or false"),
        ({"title": 5}, "rules[0].title", "str"),
        ({"effective_from": "2020-13-01"}, "rules[0].effective_from", "2020-13-01"),
        ({"kind": "posting_frequency", "params": {"minimum": 2.5}}, "rules[0].params.minimum", "int"),
        ({"kind": "posting_frequency", "params": {"minimum": "3"}}, "rules[0].params.minimum", "int"),
        ({"kind": "posting_frequency", "params": {"minimum": True}}, "rules[0].params.minimum", "got bool"),
        ({"kind": "posting_frequency", "params": {"minimum": 3, "per": {"amount": 1.5, "unit": "weeks"}}},
         "rules[0].params.per.amount", "int"),
        ({"kind": "posting_frequency", "params": {"minimum": 3, "per": "1 week"}}, "rules[0].params.per", None),
        ({"applies_to": {"main_account": "yes"}}, "rules[0].applies_to.main_account", "true or false"),
    ],
)
def test_wrong_type_or_value(tmp_path, overrides, key, words):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", **overrides)])
    error = load_error(tree)
    assert_names(error, rules_file(tree), key)
    if words:
        assert words in str(error)


ENUM_BUG = (
    "BUG: converters.make_converter registers a structure hook for `str`; cattrs dispatches every StrEnum "
    "subclass (Strength, Topic, Platform, EventType, DurationUnit, Level, ...) to it, so vocabulary values are "
    "never validated and are kept as plain str"
)


@pytest.mark.parametrize(
    ("overrides", "key", "words"),
    [
        ({"strength": "must"}, "rules[0].strength", "mandatory"),
        ({"topic": "misc"}, "rules[0].topic", "updating"),
        ({"kind": "posting_frequency", "params": {"minimum": 3, "per": {"amount": 1, "unit": "fortnights"}}},
         "rules[0].params.per.unit", "weeks"),
        ({"kind": "filing_deadline", "params": {"events": ["account_openend"]}}, "rules[0].params.events[0]", "account_opened"),
        ({"kind": "filing_deadline", "params": {"recipients": ["the_boss"]}}, "rules[0].params.recipients[0]", "supervising_unit"),
        ({"kind": "content_prohibition", "params": {"categories": ["gossip"]}}, "rules[0].params.categories[0]", "listed by gnmr schema"),
        ({"applies_to": {"platforms": ["wechat", "myspace"]}}, "rules[0].applies_to.platforms[1]", "wechat"),
        ({"applies_to": {"unit_kinds": ["village"]}}, "rules[0].applies_to.unit_kinds[0]", "listed by gnmr schema"),
    ],
)
def test_unknown_vocabulary_value(tmp_path, overrides, key, words):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", **overrides)])
    error = load_error(tree)
    assert_names(error, rules_file(tree), key)
    assert words in str(error)


@pytest.mark.parametrize(("overrides", "key"), [({"level": "village"}, "level"), ({"status": "repealed"}, "status")])
def test_unknown_vocabulary_value_in_document(tmp_path, overrides, key):
    tree = make_tree(tmp_path, document=overrides)
    assert_names(load_error(tree), document_file(tree), key)


def test_loaded_vocabulary_values_are_enum_members(tmp_path):
    from gov_new_media_rules.model.params import RuleKind
    from gov_new_media_rules.model.vocab import Level, Platform, Topic

    tree = make_tree(
        tmp_path,
        rules=[rule("x.y.z", "max_inactivity", params={"limit": weeks(2)}, applies_to={"platforms": ["wechat"]})],
    )
    library = tree.load()
    loaded = library.rule("x.y.z")
    assert type(loaded.kind) is RuleKind
    assert type(loaded.topic) is Topic
    assert type(loaded.strength) is Strength
    assert type(loaded.applies_to.platforms[0]) is Platform
    assert type(loaded.params.limit.unit) is DurationUnit
    assert type(library.documents["cn-doc-1"].level) is Level
    # what the plain-str units break: Duration.calendar_days() compares with `is`
    assert loaded.params.limit.calendar_days() == 14


def test_negative_duration_is_rejected(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", "max_inactivity", params={"limit": {"amount": -1, "unit": "weeks"}})])
    error = load_error(tree)
    assert str(rules_file(tree)) in str(error)
    assert "rules[0].params.limit" in str(error)


def test_bad_rule_id(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("Cn.Update")])
    assert_names(load_error(tree), rules_file(tree), "rules[0].id")


def test_duplicate_rule_ids_across_documents(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn")
    tree.document("cn", "cn-doc-1", rules=[rule("cn.update.timely")])
    tree.document("cn", "cn-doc-2", rules=[rule("cn.update.timely")])
    error = load_error(tree)
    assert_names(error, rules_file(tree, "cn", "cn-doc-2"), "rules[0].id")
    assert "cn-doc-1" in str(error)


def test_duplicate_rule_ids_in_one_file(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("cn.update.timely"), rule("cn.update.timely")])
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[1].id")


@pytest.mark.parametrize("kind", ["duty", "principle", "definition"])
def test_checkable_qualitative_rule(tmp_path, kind):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", kind, checkable=True)])
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[0].checkable")
    assert kind in str(error)


def test_rule_both_refining_and_replacing(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", refines="a.b.c", replaces="a.b.d")])
    assert_names(load_error(tree), rules_file(tree), "rules[0].replaces")


def test_non_refining_max_inactivity_needs_limit(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", "max_inactivity", params={})])
    error = load_error(tree)
    assert_names(error, rules_file(tree), "rules[0].params.limit")
    assert "required" in str(error)


def test_refining_max_inactivity_may_omit_limit(tmp_path):
    base = rule("a.b.c", "max_inactivity", params={"limit": {"amount": 2, "unit": "weeks"}})
    tree = make_tree(tmp_path, rules=[base])
    tree.document("cn", "cn-doc-2", rules=[rule("x.y.z", "max_inactivity", refines="a.b.c")])
    assert tree.load().rule("x.y.z").params.limit is None


def test_a_document_cannot_refine_its_own_rule(tmp_path):
    base = rule("a.b.c", "max_inactivity", params={"limit": {"amount": 2, "unit": "weeks"}})
    tree = make_tree(tmp_path, rules=[base, rule("x.y.z", "max_inactivity", refines="a.b.c")])
    assert_names(load_error(tree), rules_file(tree), "rules[1] (x.y.z).refines")


@pytest.mark.parametrize(
    ("kind", "missing"),
    [("announcement_period", "event"), ("cleanup_condition", "action"), ("reopen_ban", "duration")],
)
def test_other_required_params(tmp_path, kind, missing):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", kind)])
    assert_names(load_error(tree), rules_file(tree), f"rules[0].params.{missing}")


@pytest.mark.parametrize("name", ["document", "jurisdiction", "stated_params"])
def test_loader_filled_keys_are_rejected_in_a_rule(tmp_path, name):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", **{name: "cn-doc-1"})])
    error = load_error(tree)
    assert_names(error, rules_file(tree), f"rules[0].{name}")
    assert "loader" in str(error)


def test_deviation_without_refinement(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", deviation={"justification": "because"})])
    assert_names(load_error(tree), rules_file(tree), "rules[0].deviation")


def test_rule_ending_before_it_starts(tmp_path):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", effective_from="2021-01-01", effective_until="2020-01-01")])
    assert_names(load_error(tree), rules_file(tree), "rules[0].effective_until")


def test_not_encoded_quote_is_checked(tmp_path):
    tree = make_tree(tmp_path, rules=[], not_encoded=[{"clause": "一", "quote": "落实客体责任", "reason": "vague"}])
    assert_names(load_error(tree), rules_file(tree), "not_encoded[0].quote")


def test_not_encoded_unknown_key(tmp_path):
    tree = make_tree(tmp_path, rules=[], not_encoded=[{"clause": "一", "quote": "落实主体责任", "reason": "v", "why": "x"}])
    assert_names(load_error(tree), rules_file(tree), "not_encoded[0].why")


# -- clauses.toml, document.toml, source.txt ------------------------------------------------------


def test_clause_text_not_verbatim_in_source(tmp_path):
    clauses = [*DEFAULT_CLAUSES[:2], {"id": "二", "text": "二、更新频次。政务新媒体应当确保信息更新及时，每周更新不少于5次。"}]
    tree = make_tree(tmp_path, clauses=clauses, source=default_source(DEFAULT_CLAUSES))
    error = load_error(tree)
    assert_names(error, clauses_file(tree), "clauses[2].text")
    assert "二" in str(error)


def test_clause_whitespace_differences_are_tolerated(tmp_path):
    clauses = [{"id": "一", "text": "一、总体要求。各单位应当加强\n政务新媒体管理。"}]
    tree = make_tree(tmp_path, clauses=clauses, source="一、总体要求。 各单位应当加强政务新媒体管理。\n登录注册返回顶部")
    tree.load()


def test_duplicate_clause_id(tmp_path):
    clauses = [*DEFAULT_CLAUSES, {"id": "二", "text": "每周更新不少于3次"}]
    tree = make_tree(tmp_path, clauses=clauses, source=default_source(DEFAULT_CLAUSES))
    assert_names(load_error(tree), clauses_file(tree), "clauses[4].id")


def test_unknown_key_in_clause(tmp_path):
    clauses = [*DEFAULT_CLAUSES[:3], {**DEFAULT_CLAUSES[3], "headline": "备案"}]
    tree = make_tree(tmp_path, clauses=clauses, source=default_source(DEFAULT_CLAUSES))
    assert_names(load_error(tree), clauses_file(tree), "clauses[3].headline")


def test_noise_not_in_source(tmp_path):
    tree = make_tree(
        tmp_path,
        document={"noise": [{"text": "登录 注册", "reason": "chrome"}, {"text": "分享到微博", "reason": "chrome"}]},
    )
    error = load_error(tree)
    assert_names(error, document_file(tree), "noise[1].text")
    assert "source.txt" in str(error)


@pytest.mark.parametrize("which", ["document", "clauses", "rules", "jurisdiction"])
def test_invalid_toml(tmp_path, which):
    broken = 'id = "cn-doc-1\ntitle = \n'
    kwargs = {f"raw_{which}": broken} if which != "jurisdiction" else {}
    tree = make_tree(tmp_path, **kwargs)
    if which == "jurisdiction":
        path = (tree.folder("cn") / "jurisdiction.toml").resolve()
        path.write_text(broken, encoding="utf-8")
    else:
        path = (tree.folder("cn") / "cn-doc-1" / f"{which}.toml").resolve()
    error = load_error(tree)
    assert_names(error, path, None)
    assert "invalid TOML" in str(error)
    assert "line" in str(error)  # tomllib's position survives


def test_document_id_differs_from_folder(tmp_path):
    tree = make_tree(tmp_path, document={"id": "cn-doc-2"})
    error = load_error(tree)
    assert_names(error, document_file(tree), "id")
    assert "cn-doc-2" in str(error) and "cn-doc-1" in str(error)


@pytest.mark.parametrize("effective_from", ["2023", "2023-05", "unknown"])
def test_partial_effective_from_needs_assumed_date(tmp_path, effective_from):
    tree = make_tree(tmp_path, document={"effective_from": effective_from})
    error = load_error(tree)
    assert_names(error, document_file(tree), "effective_from_assumed")


def test_partial_effective_from_with_assumed_date_loads(tmp_path):
    tree = make_tree(
        tmp_path, document={"effective_from": "2023", "effective_from_assumed": "2023-01-01", "effective_from_note": "n"}
    )
    document = tree.load().documents["cn-doc-1"]
    assert str(document.effective_from) == "2023"
    assert document.starts.isoformat() == "2023-01-01"


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"colour": "red"}, "colour"),
        ({"signed": "2018-13-01"}, "signed"),
        ({"effective_until": "soon"}, "effective_until"),
        ({"title": None}, "title"),
        ({"noise": [{"text": "登录 注册"}]}, "noise[0].reason"),
        ({"gaps": [{"clause": "二", "description": "d", "extra": 1}]}, "gaps[0].extra"),
        ({"text": "x"}, "text"),
        ({"jurisdiction": "cn"}, "jurisdiction"),
    ],
)
def test_bad_document_toml(tmp_path, overrides, key):
    tree = make_tree(tmp_path, document=overrides)
    assert_names(load_error(tree), document_file(tree), key)


def test_missing_source_file(tmp_path):
    tree = make_tree(tmp_path, document={"source": "text.txt"})
    error = load_error(tree)
    assert_names(error, document_file(tree), "source")
    assert "text.txt" in str(error)


def test_jurisdiction_toml_must_not_state_its_id(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn", id="cn")
    error = load_error(tree)
    assert_names(error, (tree.folder("cn") / "jurisdiction.toml").resolve(), "id")


def test_unknown_key_in_jurisdiction_toml(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn", capital="北京")
    assert_names(load_error(tree), (tree.folder("cn") / "jurisdiction.toml").resolve(), "capital")


def test_duplicate_alias(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn", aliases=["national"])
    tree.jurisdiction("cn.p", aliases=["national"])
    error = load_error(tree)
    assert "aliases" in str(error) and "national" in str(error)


def test_document_outside_a_jurisdiction(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn")
    tree.document("cn", "cn-doc-1")
    stray = tree.root / "cn" / "loose" / "cn-doc-2"
    stray.mkdir(parents=True)
    (stray / "document.toml").write_text((tree.folder("cn") / "cn-doc-1" / "document.toml").read_text(encoding="utf-8"))
    error = load_error(tree)
    assert str((stray / "document.toml").resolve()) in str(error)


def test_empty_tree(tmp_path):
    (tmp_path / "policies").mkdir()
    with pytest.raises(PolicyLoadError, match="jurisdiction.toml"):
        load_library(tmp_path / "policies")


# -- what the loader does not (yet) check --------------------------------------------------------


def test_missing_intermediate_jurisdiction_is_a_load_error(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn")
    tree.jurisdiction("cn.p.c", with_parents=False)  # no cn/p/jurisdiction.toml
    tree.document("cn", "cn-doc-1", rules=[])
    with pytest.raises(PolicyLoadError, match=r"cn[/\\]p\b|cn\.p\b"):
        tree.load()


@pytest.mark.parametrize(
    "gap",
    [{"clause": "九", "description": "absent but not marked missing"}, {"clause": "二", "missing": True, "description": "present"}],
)
def test_gap_clause_is_validated(tmp_path, gap):
    tree = make_tree(tmp_path, document={"gaps": [gap]})
    assert_names(load_error(tree), document_file(tree), "gaps[0].clause")


def test_squash_removes_every_kind_of_whitespace():
    assert squash(" 一、\t总体\u3000要求\n\r。 ") == "一、总体要求。"


def test_calendar_days_helper_is_a_valid_duration(tmp_path):
    # guards the helpers the other test modules use
    tree = make_tree(tmp_path, rules=[rule("x.y.z", "max_inactivity", params={"limit": calendar_days(14)})])
    assert tree.load().rule("x.y.z").params.limit == Duration(14, DurationUnit.CALENDAR_DAYS)


# -- parameters are checked for what the engine needs (issue 15) -----------------------------------


@pytest.mark.parametrize(
    ("kind", "params", "key", "words"),
    [
        ("posting_frequency", {"minimum": 3, "per": {"amount": 0, "unit": "weeks"}}, "per.amount", "at least 1"),
        ("posting_frequency", {"minimum": 0, "per": {"amount": 1, "unit": "weeks"}}, "minimum", "at least 1"),
        ("posting_frequency", {"minimum": 3, "per": {"amount": 2, "unit": "months"}}, "per.amount", "calendar month"),
        ("posting_frequency", {"minimum": 3}, "minimum", "needs a period"),
        ("posting_frequency", {"per": {"amount": 1, "unit": "weeks"}}, "per", "needs a minimum"),
        ("max_inactivity", {"limit": {"amount": 1, "unit": "years"}}, "limit.unit", "calendar_days"),
        ("max_inactivity", {"limit": {"amount": 521, "unit": "weeks"}}, "limit.amount", "at most 520 weeks"),
        ("max_inactivity", {"limit": {"amount": 2501, "unit": "working_days"}}, "limit.amount", "2,500"),
        ("reopen_ban", {"duration": {"amount": 11, "unit": "years"}}, "duration.amount", "at most 10 years"),
        ("reopen_ban", {"duration": {"amount": 0, "unit": "years"}}, "duration.amount", "at least 1"),
        ("announcement_period", {"event": "closure_announced", "minimum": {"amount": 121, "unit": "months"}},
         "minimum.amount", "at most 120 months"),
        ("accounts_per_platform", {"maximum": 0}, "maximum", "at least 1"),
        ("accounts_per_platform", {"maximum": 10_001}, "maximum", "at most 10,000"),
        ("escalation_ladder", {"interview_after_problems": 0}, "interview_after_problems", "at least 1"),
        ("escalation_ladder", {"steps": ["remind", "remind"]}, "steps[1]", "each must differ"),
        ("supervision_cadence", {"every": {"amount": 0, "unit": "months"}}, "every.amount", "at least 1"),
        ("review_workflow", {"stages": [{"stage": 11, "role": "x"}]}, "stages[0].stage", "at most 10"),
        ("review_workflow", {"stages": [{"stage": 1, "role": "x"}, {"stage": 1, "role": "y"}]}, "stages[1].stage",
         "each must differ"),
        ("filing_deadline", {"events": ["account_opened"], "timing": "after"}, "timing", "needs within"),
        ("filing_deadline", {"events": ["account_opened"], "announce_within": {"amount": 2, "unit": "working_days"}},
         "announce_within", "announce_publicly"),
        ("filing_deadline", {"events": ["account_opened"], "recipients": ["supervising_unit"],
                             "recipient_timing": [{"recipient": "national_filing_system", "timing": "before"}]},
         "recipient_timing[0].recipient", "not one of the rule's recipients"),
        ("cleanup_condition", {"action": "cancel"}, "conditions", "at least one"),
        ("cleanup_condition", {"action": "cancel", "conditions": [{"id": "a", "trigger": "low_usage"},
                                                                  {"id": "a", "trigger": "security_incident"}]},
         "conditions[1].id", "each must differ"),
        ("cleanup_condition", {"action": "cancel", "min_account_age": {"amount": 0, "unit": "years"}},
         "min_account_age.amount", "at least 1"),
    ],
)
def test_parameters_the_engine_cannot_evaluate_are_refused(tmp_path, kind, params, key, words):
    tree = make_tree(tmp_path, rules=[rule("x.y.z", kind, params=params, checkable=kind not in ("duty",))])
    error = load_error(tree)
    assert_names(error, rules_file(tree), f"rules[0].params.{key}")
    assert words in error.problem, str(error)
    assert len(str(error)) <= 300


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("filing_deadline", {"events": ["account_opened"], "within": {"amount": 0, "unit": "working_days"}}),  # the day itself
        ("max_inactivity", {"limit": {"amount": 3660, "unit": "calendar_days"}}),
        ("posting_frequency", {"minimum": 10_000, "per": {"amount": 1, "unit": "years"}}),
        ("posting_frequency", {}),  # "确保信息更新及时": no number
    ],
)
def test_parameters_at_the_bounds_load(tmp_path, kind, params):
    make_tree(tmp_path, rules=[rule("x.y.z", kind, params=params)]).load()


def test_a_replacement_states_its_whole_parameters(tmp_path):
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction("cn", aliases=["national"])
    tree.jurisdiction("cn.p", with_parents=False)
    tree.document("cn", "cn-doc-1", rules=[rule("cn.x.dormant", "max_inactivity", params={"limit": weeks(2)})])
    tree.document("cn.p", "p-doc-1", rules=[rule("p.x.dormant", "max_inactivity", params={"breach": "at_limit"},
                                                replaces="cn.x.dormant")])
    error = load_error(tree)
    assert error.key == "rules[0].params.limit" and "required" in error.problem


def test_every_shipped_rule_meets_what_its_evaluator_needs():
    from gov_new_media_rules.composition import compose
    from gov_new_media_rules.loading import default_library
    from gov_new_media_rules.model.params import check_params

    library = default_library()
    for shipped in library.rules.values():
        assert check_params(shipped.kind, shipped.params, effective=not shipped.refines) is None, shipped.id
    # and so does every merged rule, on every day a shipped document starts or ends
    days = sorted({d.starts for d in library.documents.values()})
    for jurisdiction in library.tree:
        for day in days:
            for effective in compose(library, jurisdiction.id, day):
                assert check_params(effective.rule.kind, effective.rule.params) is None, (effective.id, day)


def test_messages_stay_one_bounded_line_whatever_the_file_holds(tmp_path):
    long_key = "k" * 5000
    tree = make_tree(tmp_path, rules=[rule("x.y.z", "posting_frequency", params={long_key: 1})])
    error = load_error(tree)
    assert len(str(error)) <= 300 and "\n" not in str(error) and str(rules_file(tree)) in str(error)
    tree = make_tree(tmp_path / "b", rules=[rule("x." + "y" * 5000, "duty")])
    error = load_error(tree)
    assert error.key == "rules[0].id" and "longer than 100" in error.problem and len(str(error)) <= 300
