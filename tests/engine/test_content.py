"""Content rules through the real rulebooks: prohibited categories, repost sources, review before
publishing (with the local three-review schemes and Huzhou's platform risk check)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_new_media_rules as gnmr
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.facts import account_from_json

ON = "2025-03-01"
AS_OF = dt.date(2025, 3, 1)
ALL = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")

PROHIBITED = {
    "national": "cn.content.prohibited",
    "zezhou": "zezhou.content.prohibited",
    "gaoxian": "cn.content.prohibited",
    "changchun-xinqu": "changchun-xinqu.content.prohibited",
    "huzhou": "huzhou.content.prohibited",
}
USER_HARM = {
    "national": "cn.security.no-user-harming-content",
    "zezhou": "cn.security.no-user-harming-content",
    "gaoxian": "cn.security.no-user-harming-content",
    "changchun-xinqu": "changchun-xinqu.security.no-rights-harming-content",
    "huzhou": "cn.security.no-user-harming-content",
}
REPOSTS = {
    "national": "cn.content.repost-sources",
    "zezhou": "zezhou.content.repost-sources",
    "gaoxian": "cn.content.repost-sources",
    "changchun-xinqu": "changchun-xinqu.content.repost-sources",
    "huzhou": "huzhou.content.repost-sources",
}
REVIEW = {
    "national": "cn.review.before-publish",
    "zezhou": "zezhou.review.three-reviews",
    "gaoxian": "cn.review.before-publish",
    "changchun-xinqu": "changchun-xinqu.review.tiered-sign-off",
    "huzhou": "huzhou.review.three-reviews",
}
STAGED = {"zezhou", "huzhou"}


def account(posts: list[dict[str, Any]], **fields: Any) -> Any:
    raw: dict[str, Any] = {
        "id": fields.pop("id", "a"),
        "name": "某某发布",
        "platform": fields.pop("platform", "wechat"),
        "host_unit": "某某县人民政府办公室",
        "host_unit_level": "county",  # a 基层 account, in Huzhou's guide's scope
        "opened_on": fields.pop("opened_on", "2023-01-01"),
        "posts": posts,
    }
    raw.update(fields)
    return account_from_json(raw)


def finding(alias: str, acct: Any, rule: str, as_of: dt.date = AS_OF, on: str = ON) -> Any:
    report = evaluate(gnmr.rulebook(alias, on=on), [acct], as_of)
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, [f.rule for f in report.findings]
    return found[0]


def lineage_rules(alias: str, acct: Any, lineage: str) -> set[str]:
    report = evaluate(gnmr.rulebook(alias, on=ON), [acct], AS_OF)
    return {f.rule for f in report.findings if f.lineage == lineage}


def post(at: str, *, tags: list[str] | None = None, original: bool = True, source: str | None = None,
         reviews: list[tuple[int, str]] | None = None, post_id: str | None = None) -> dict[str, Any]:
    raw: dict[str, Any] = {"published_at": at, "original": original}
    if tags is not None:
        raw["tags"] = tags
    if source is not None:
        raw["repost_source"] = source
    if reviews is not None:
        raw["reviews"] = [{"stage": stage, "at": when} for stage, when in reviews]
    if post_id is not None:
        raw["id"] = post_id
    return raw


# -- prohibited content ---------------------------------------------------------------------------


@pytest.mark.parametrize("alias", ALL)
def test_commercial_ad_is_prohibited_everywhere(alias: str) -> None:
    acct = account([
        post("2025-01-10T09:00:00", tags=["commercial_ad"], post_id="ad-1"),
        post("2025-01-11T09:00:00", tags=[]),
        post("2025-01-12T09:00:00"),  # unclassified: the violation found stands whatever it is
    ])
    f = finding(alias, acct, PROHIBITED[alias])
    assert f.status is Status.VIOLATION
    assert f.figures["offending_posts"] == 1
    assert f.figures["offending"] == [{"post": "ad-1", "categories": ["commercial_ad"], "banned_as": ["commercial_ad"]}]
    assert f.figures["categories_found"] == ["commercial_ad"]
    assert "ad-1" in f.message_zh and "商业广告" in f.message_zh
    assert "商业广告" in f.source.quote  # the clause of the category, not the rule's first source
    assert lineage_rules(alias, acct, "cn.content.prohibited") == {PROHIBITED[alias]}


@pytest.mark.parametrize("alias", ALL)
def test_classified_posts_outside_the_categories_are_compliant(alias: str) -> None:
    acct = account([post("2025-01-10T09:00:00", tags=["illegal_media"]), post("2025-01-12T09:00:00", tags=[])])
    f = finding(alias, acct, PROHIBITED[alias])
    assert f.status is Status.COMPLIANT
    assert f.figures["tagged_posts"] == 2 and f.figures["untagged_posts"] == 0


@pytest.mark.parametrize("alias", ALL)
def test_an_unclassified_post_makes_a_clean_window_insufficient_data(alias: str) -> None:
    acct = account([post("2025-01-10T09:00:00", tags=[]), post("2025-01-12")])
    f = finding(alias, acct, PROHIBITED[alias])
    assert f.status is Status.INSUFFICIENT_DATA
    assert f.figures["untagged_posts"] == 1 and f.figures["missing"] == ["posts[].tags"]
    assert "tags" in f.message_en and "未标注内容类别" in f.message_zh


@pytest.mark.parametrize("alias", ALL)
def test_no_declared_tags_is_insufficient_data(alias: str) -> None:
    acct = account([post("2025-01-10T09:00:00"), post("2025-01-12")])
    f = finding(alias, acct, PROHIBITED[alias])
    assert f.status is Status.INSUFFICIENT_DATA
    assert "declare no content tags" in f.message_en


@pytest.mark.parametrize("alias", ALL)
def test_no_posts_is_compliant(alias: str) -> None:
    f = finding(alias, account([]), PROHIBITED[alias])
    assert f.status is Status.COMPLIANT and f.figures["posts"] == 0


LAW = {"national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou"}  # 法律法规禁止的内容 and every narrower one


@pytest.mark.parametrize(
    ("tag", "violating_in"),
    [
        ("personal_opinion", set(ALL)),
        ("unverified_information", {"zezhou"}),
        ("prohibited_by_law", LAW),
        ("harmful_information", set(ALL)),  # 五.(三) 违反规定发布转载不良或有害信息
        ("user_rights_harm", {"zezhou", "changchun-xinqu"}),  # 泽州县 四.(三), 长春新区 第十五条(五); elsewhere the security rule's
        ("rumour", LAW),
        ("national_security", LAW),
        ("undecided_administrative_matter", {"changchun-xinqu"}),
        ("unconfirmed_sensitive_news", {"zezhou", "changchun-xinqu"}),  # ⊂ 未经证实的信息 in Zezhou
        ("state_secret", LAW),
        ("illegal_media", set()),
    ],
)
def test_local_categories(tag: str, violating_in: set[str]) -> None:
    # a repost carries its tags too: Zezhou forbids publishing or reposting unverified information
    acct = account([post("2024-12-01T10:00:00", tags=[tag], original=False, source="party_government_website")])
    # A tag broader than a banned category leaves open whether the post is of it: 长春新区 bans
    # 未经确认的敏感类新闻, one kind of 未经证实的信息.
    undecided_in = {"unverified_information": {"changchun-xinqu"}}.get(tag, set())
    for alias in ALL:
        expected = (Status.VIOLATION if alias in violating_in
                    else Status.INSUFFICIENT_DATA if alias in undecided_in else Status.COMPLIANT)
        assert finding(alias, acct, PROHIBITED[alias]).status is expected, alias


@pytest.mark.parametrize("alias", ALL)
def test_a_broad_tag_does_not_clear_a_post_of_a_narrower_banned_category(alias: str) -> None:
    """The facts tag the most specific category known: a post tagged only 有害信息 may or may
    not be a state secret, so the secrecy rule cannot clear it; a state secret stays a violation."""
    rule = {"zezhou": "zezhou.security.no-leaks"}.get(alias, "cn.security.no-leaks")
    broad = account([post("2025-02-01T10:00:00", tags=["harmful_information"], post_id="h")])
    f = finding(alias, broad, rule)
    assert f.status is Status.INSUFFICIENT_DATA
    assert f.figures["broader_tags"] == ["harmful_information"] and f.figures["missing"] == ["posts[].tags"]
    both = account([post("2025-02-01T10:00:00", tags=["harmful_information"], post_id="h"),
                    post("2025-02-02T10:00:00", tags=["state_secret"], post_id="s")])
    assert finding(alias, both, rule).status is Status.VIOLATION


@pytest.mark.parametrize("alias", ALL)
def test_state_secrets_are_banned_by_the_secrecy_rule_too(alias: str) -> None:
    secret = account([post("2025-02-01T10:00:00", tags=["state_secret"], post_id="s1")])
    rules = {"zezhou": "zezhou.security.no-leaks"}
    f = finding(alias, secret, rules.get(alias, "cn.security.no-leaks"))
    assert f.status is Status.VIOLATION and f.figures["categories_found"] == ["state_secret"]
    assert "国家秘密" in f.source.quote
    clean = account([post("2025-02-01T10:00:00", tags=["rumour"])])
    assert finding(alias, clean, rules.get(alias, "cn.security.no-leaks")).status is Status.COMPLIANT


def test_changchun_cites_the_item_of_each_category_most_specific_first() -> None:
    acct = account([
        post("2025-02-01T10:00:00", tags=["national_security"], post_id="p1"),
        post("2025-02-02T10:00:00", tags=["rumour"], post_id="p2"),
    ])
    f = finding("changchun-xinqu", acct, PROHIBITED["changchun-xinqu"])
    assert f.status is Status.VIOLATION
    clauses = [c.clause for c in f.sources]
    assert clauses[:2] == ["第十五条.(二)", "第十五条.(六)"]
    assert f.source.clause == "第十五条.(二)"
    assert clauses[-1] == "第十五条"  # the lead-in last
    # the broader items that also ban them, after the items themselves
    assert clauses.index("第十五条.(十三)") > 1


def test_a_narrower_category_cites_its_nearest_banned_parent() -> None:
    acct = account([post("2025-02-01T10:00:00", tags=["rumour"], post_id="r")])
    f = finding("national", acct, "cn.content.prohibited")
    assert [c.clause for c in f.sources][:2] == ["四.(三)", "五.(三)"]
    assert f.figures["offending"][0]["banned_as"] == ["prohibited_by_law"]
    f = finding("zezhou", acct, "zezhou.content.prohibited")
    assert f.source.clause == "四.(二)" and f.source.quote in {"严禁发布或转发未经证实的信息", "严禁发布违反国家有关法律法规等的截图、图片或视频信息"}
    f = finding("huzhou", acct, "huzhou.content.prohibited")
    assert f.source.clause == "9.2.2.(4)"


@pytest.mark.parametrize("alias", ALL)
@pytest.mark.parametrize("tag", ["defamation", "commercial_ad", "rumour", "state_secret"])
def test_a_ban_finding_cites_no_item_that_did_not_decide_it(alias: str, tag: str) -> None:
    """Every clause a violation cites bans the category found (or is the lead-in the items hang
    from): 泽州县 and the national rule no longer end every finding with the personal-opinion item."""
    from gov_new_media_rules.model.taxonomy import CONTENT

    f = finding(alias, account([post("2025-02-01T10:00:00", tags=[tag], post_id="p")]), PROHIBITED[alias])
    if f.status is not Status.VIOLATION:
        return
    banned_as = set(CONTENT.ancestors(tag))
    for citation in f.sources:
        assert not citation.covers or banned_as & set(citation.covers), (citation.clause, citation.quote)


def test_changchun_public_consultation_is_not_tagged_and_not_prohibited() -> None:
    # 第十五条.(十二) excepts matters put out for public comment: the facts do not tag them
    consultation = account([post("2025-02-01T10:00:00", tags=[], post_id="征求意见稿")])
    assert finding("changchun-xinqu", consultation, PROHIBITED["changchun-xinqu"]).status is Status.COMPLIANT
    undecided = account([post("2025-02-01T10:00:00", tags=["undecided_administrative_matter"], post_id="未决事项")])
    f = finding("changchun-xinqu", undecided, PROHIBITED["changchun-xinqu"])
    assert f.status is Status.VIOLATION and "未决事项" in f.message_zh


@pytest.mark.parametrize("alias", ALL)
def test_user_rights_harm(alias: str) -> None:
    bad = account([post("2025-01-28T10:00:00", tags=["user_rights_harm"])])  # 除夕 holiday: no matter
    good = account([post("2025-01-28T10:00:00", tags=["commercial_ad"])])
    assert finding(alias, bad, USER_HARM[alias]).status is Status.VIOLATION
    assert finding(alias, good, USER_HARM[alias]).status is Status.COMPLIANT
    assert finding(alias, account([post("2025-01-28")]), USER_HARM[alias]).status is Status.INSUFFICIENT_DATA


def test_posts_before_the_local_rule_came_into_force_are_not_judged_by_it() -> None:
    # Zezhou's notice is in force from 2022-03-26; an unverified post of 2022-03-20 is before it
    acct = account([post("2022-03-20T10:00:00", tags=["unverified_information"]), post("2022-04-02T10:00:00", tags=[])],
                   opened_on="2020-01-01")
    f = finding("zezhou", acct, "zezhou.content.prohibited", as_of=dt.date(2022, 6, 1), on="2022-06-01")
    assert f.status is Status.COMPLIANT  # the post in force declares tags=[]: classified, and clean
    assert f.period == "2022-03-26/2022-06-01"
    acct = account([post("2022-03-28T10:00:00", tags=["unverified_information"])], opened_on="2020-01-01")
    f = finding("zezhou", acct, "zezhou.content.prohibited", as_of=dt.date(2022, 6, 1), on="2022-06-01")
    assert f.status is Status.VIOLATION


def test_posts_after_as_of_and_before_the_window_are_left_out() -> None:
    acct = account([
        post("2025-03-02T08:00:00", tags=["commercial_ad"]),  # after as_of
        post("2023-06-01T08:00:00", tags=["commercial_ad"]),  # before the 52-week window
        post("2025-02-01T08:00:00", tags=[]),
    ])
    assert finding("national", acct, "cn.content.prohibited").status is Status.COMPLIANT


def test_posts_in_any_input_order() -> None:
    acct = account([
        post("2025-02-20T10:00:00", tags=["personal_opinion"]),
        post("2024-01-01T10:00:00", tags=["commercial_ad"]),  # before the window
        post("2025-02-01T10:00:00", tags=["commercial_ad"]),
        post("2025-01-15T10:00:00", reviews=[(1, "2025-01-15T09:00:00")]),
    ])
    f = finding("national", acct, "cn.content.prohibited")
    assert [o["post"] for o in f.figures["offending"]] == ["2025-02-01T10:00:00", "2025-02-20T10:00:00"]
    assert f.figures["posts"] == 3
    f = finding("national", acct, "cn.review.before-publish")
    assert f.figures["failing"] == [{"post": "2025-02-01T10:00:00", "problem": "no_review"},
                                    {"post": "2025-02-20T10:00:00", "problem": "no_review"}]


def test_offending_list_is_capped_but_counted() -> None:
    posts = [post(f"2025-01-{day:02d}T10:00:00", tags=["personal_opinion"]) for day in range(1, 31)]
    f = finding("huzhou", account(posts), "huzhou.content.prohibited")
    assert f.figures["offending_posts"] == 30
    assert len(f.figures["offending"]) == 20


# -- repost sources --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "allowed_in", "undetermined_in"),
    [
        ("party_government_website", set(ALL), set()),
        ("designated_source", set(ALL), set()),  # 长春新区's 等 keeps the national permission
        ("publicity_cyberspace_designated", set(ALL), set()),  # ⊂ 有关主管部门确定的稿源单位
        ("party_newspaper", {"changchun-xinqu"}, {"national", "zezhou", "gaoxian", "huzhou"}),
        ("central_mainstream_media", {"changchun-xinqu"}, {"national", "zezhou", "gaoxian", "huzhou"}),
        ("authoritative_research_institution", {"huzhou"}, set()),
        ("other", set(), set()),  # no text allows a source of none of the listed kinds
    ],
)
def test_repost_sources_by_jurisdiction(source: str, allowed_in: set[str], undetermined_in: set[str]) -> None:
    acct = account([
        post("2025-02-10T10:00:00", original=False, source=source, post_id="r1"),
        post("2025-02-11T10:00:00", original=True),
    ])
    for alias in ALL:
        f = finding(alias, acct, REPOSTS[alias])
        if alias in allowed_in:
            assert f.status is Status.COMPLIANT, alias
        elif alias in undetermined_in:
            assert f.status is Status.INSUFFICIENT_DATA, alias
            assert f.figures["undetermined_source"] == 1 and f.figures["undetermined_posts"] == [{"post": "r1", "source": source}]
        else:
            assert f.status is Status.VIOLATION, alias
            assert f.figures["disallowed_posts"] == [{"post": "r1", "source": source}]
            assert "原则上" in f.message_zh
        assert lineage_rules(alias, acct, "cn.content.repost-sources") == {REPOSTS[alias]}


@pytest.mark.parametrize("alias", ALL)
def test_no_reposts_is_compliant(alias: str) -> None:
    f = finding(alias, account([post("2025-02-10T10:00:00", original=True)]), REPOSTS[alias])
    assert f.status is Status.COMPLIANT and f.figures["reposts"] == 0


@pytest.mark.parametrize("alias", ALL)
def test_reposts_without_sources(alias: str) -> None:
    unknown = account([post("2025-02-10T10:00:00", original=False), {"published_at": "2025-02-11"}])  # original: false by default
    f = finding(alias, unknown, REPOSTS[alias])
    assert f.status is Status.INSUFFICIENT_DATA and f.figures["unknown_source"] == 2
    mixed = account([post("2025-02-10T10:00:00", original=False), post("2025-02-11", original=False, source="party_government_website")])
    f = finding(alias, mixed, REPOSTS[alias])
    assert f.status is Status.INSUFFICIENT_DATA and f.figures["unknown_source"] == 1
    assert f.figures["missing"] == ["posts[].repost_source"]
    bad = account([post("2025-02-10T10:00:00", original=False), post("2025-02-11", original=False, source="authoritative_research_institution")])
    expected = Status.COMPLIANT if alias == "huzhou" else Status.VIOLATION
    if expected is Status.VIOLATION:  # a disallowed repost stands whatever the unknown one is
        assert finding(alias, bad, REPOSTS[alias]).status is Status.VIOLATION


# -- review before publishing ------------------------------------------------------------------------

THREE = [(1, "2025-02-10T08:00:00"), (2, "2025-02-10T08:30:00"), (3, "2025-02-10T09:00:00")]


@pytest.mark.parametrize("alias", ALL)
def test_reviewed_before_publishing(alias: str) -> None:
    reviews = THREE if alias in STAGED else [(1, "2025-02-10T09:00:00")]
    extra = [(4, "2025-02-10T09:30:00")]  # Huzhou's platform risk check
    acct = account([post("2025-02-10T10:00:00", reviews=reviews + extra)])
    f = finding(alias, acct, REVIEW[alias])
    assert f.status is Status.COMPLIANT
    assert lineage_rules(alias, acct, "cn.review.before-publish") == {REVIEW[alias]}


@pytest.mark.parametrize("alias", ALL)
def test_review_after_publishing_is_a_violation(alias: str) -> None:
    reviews = THREE if alias in STAGED else [(1, "2025-02-10T09:00:00")]
    late = [(stage, "2025-02-10T11:00:00" if stage == max(s for s, _ in reviews) else at) for stage, at in reviews]
    acct = account([post("2025-02-10T10:00:00", reviews=late, post_id="p1"), post("2025-02-11T10:00:00", reviews=reviews)])
    f = finding(alias, acct, REVIEW[alias])
    assert f.status is Status.VIOLATION
    assert f.figures["failing"] == [{"post": "p1", "problem": "late", **({"stages": [3]} if alias in STAGED else {})}]
    assert f.figures["posts_late"] == 1 and f.figures["failing_posts"] == 1


@pytest.mark.parametrize("alias", ALL)
def test_no_review_records_at_all_is_insufficient_data(alias: str) -> None:
    f = finding(alias, account([post("2025-02-10T10:00:00"), post("2025-02-11")]), REVIEW[alias])
    assert f.status is Status.INSUFFICIENT_DATA


@pytest.mark.parametrize("alias", ALL)
def test_a_post_without_review_among_reviewed_ones(alias: str) -> None:
    reviews = THREE if alias in STAGED else [(1, "2025-02-10T09:00:00")]
    acct = account([post("2025-02-10T10:00:00", reviews=reviews), post("2025-02-12T10:00:00", post_id="bare")])
    f = finding(alias, acct, REVIEW[alias])
    assert f.status is Status.VIOLATION
    assert f.figures["posts_no_review"] == 1 and f.figures["failing"][0]["post"] == "bare"


@pytest.mark.parametrize("alias", ["national", "gaoxian", "changchun-xinqu"])
@pytest.mark.parametrize(
    ("published", "reviewed", "expected"),
    [
        # one day, one of the two known to the day only: the order is not given
        ("2025-02-10", "2025-02-10T18:00:00", Status.INSUFFICIENT_DATA),
        ("2025-02-10T10:00:00", "2025-02-10", Status.INSUFFICIENT_DATA),
        ("2025-02-10", "2025-02-10", Status.INSUFFICIENT_DATA),
        ("2025-02-10T10:00:00", "2025-02-09", Status.COMPLIANT),  # the day before, known to the day
        ("2025-02-10T10:00:00", "2025-02-11", Status.VIOLATION),
        ("2025-02-10T10:00:00", "2025-02-10T01:59:00Z", Status.COMPLIANT),  # 09:59 in Shanghai
        ("2025-02-10T10:00:00", "2025-02-10T02:01:00Z", Status.VIOLATION),  # 10:01 in Shanghai
        ("2025-02-10T02:00:00Z", "2025-02-10T09:59:00", Status.COMPLIANT),
        ("2025-02-10T10:00:00+08:00", "2025-02-10T10:00:00", Status.COMPLIANT),  # the same instant
        ("2025-02-10", "2025-02-10T16:30:00Z", Status.VIOLATION),  # 00:30 on the 11th in Shanghai
        ("2025-02-10", "2025-02-09T16:30:00Z", Status.INSUFFICIENT_DATA),  # 00:30 on the 10th in Shanghai
        ("2025-02-10", "2025-02-09T15:30:00Z", Status.COMPLIANT),  # 23:30 on the 9th in Shanghai
        ("2025-02-10", "2025-02-11", Status.VIOLATION),
    ],
)
def test_review_times_at_the_finest_common_precision(alias: str, published: str, reviewed: str, expected: Status) -> None:
    acct = account([post(published, reviews=[(1, reviewed)])])
    assert finding(alias, acct, REVIEW[alias]).status is expected


def test_review_across_the_spring_festival_holiday() -> None:
    # review on 除夕 (a holiday), published on the makeup Saturday 2025-02-08: calendar days only matter
    acct = account([post("2025-02-08T09:00:00", reviews=[(1, "2025-01-28T20:00:00")])])
    assert finding("national", acct, "cn.review.before-publish").status is Status.COMPLIANT


def test_changchun_sign_off_tiers_are_not_evaluated() -> None:
    acct = account([post("2025-02-10T10:00:00", reviews=[(1, "2025-02-10T09:00:00")])])
    f = finding("changchun-xinqu", acct, "changchun-xinqu.review.tiered-sign-off")
    assert f.status is Status.COMPLIANT
    assert any(note.startswith("sign_off") for note in f.figures["not_evaluated"])


@pytest.mark.parametrize("alias", sorted(STAGED))
@pytest.mark.parametrize(
    ("reviews", "problem"),
    [
        ([(1, "2025-02-10T08:00:00"), (2, "2025-02-10T08:30:00")], "missing_stages"),
        ([(1, "2025-02-10T08:00:00"), (1, "2025-02-10T08:10:00"), (3, "2025-02-10T09:00:00")], "missing_stages"),
        ([(1, "2025-02-10T08:40:00"), (2, "2025-02-10T08:30:00"), (3, "2025-02-10T09:00:00")], "out_of_order"),
        ([(1, "2025-02-10T08:00:00"), (2, "2025-02-10T11:00:00"), (3, "2025-02-10T09:00:00")], "late"),
    ],
)
def test_three_reviews(alias: str, reviews: list[tuple[int, str]], problem: str) -> None:
    acct = account([post("2025-02-10T10:00:00", reviews=reviews, post_id="p")])
    f = finding(alias, acct, REVIEW[alias])
    assert f.status is Status.VIOLATION
    assert f.figures["failing"][0]["problem"] == problem
    assert f.figures["stages"] == [1, 2, 3]


@pytest.mark.parametrize("alias", sorted(STAGED))
def test_three_reviews_on_one_day_known_to_the_day(alias: str) -> None:
    """Reviews dated to the day only, on the day of the post: their order, and theirs with the
    post, is not given, so the stages cannot be shown in order before publication."""
    reviews = [(3, "2025-02-10"), (1, "2025-02-09T17:00:00"), (2, "2025-02-10")]
    acct = account([post("2025-02-10T10:00:00", reviews=reviews)])
    f = finding(alias, acct, REVIEW[alias])
    assert f.status is Status.INSUFFICIENT_DATA and f.figures["undetermined_posts"]
    earlier = [(3, "2025-02-09"), (1, "2025-02-07T17:00:00"), (2, "2025-02-08")]
    assert finding(alias, account([post("2025-02-10T10:00:00", reviews=earlier)]), REVIEW[alias]).status is Status.COMPLIANT
    # a certain fault stands whatever the unknown orders: a third review after publication
    late = [(1, "2025-02-10"), (2, "2025-02-10"), (3, "2025-02-11")]
    assert finding(alias, account([post("2025-02-10T10:00:00", reviews=late)]), REVIEW[alias]).status is Status.VIOLATION


def test_a_repeated_first_review_can_restore_the_order() -> None:
    reviews = [(1, "2025-02-10T08:40:00"), (2, "2025-02-10T08:30:00"), (1, "2025-02-10T08:00:00"), (3, "2025-02-10T09:00:00")]
    acct = account([post("2025-02-10T10:00:00", reviews=reviews)])
    assert finding("zezhou", acct, "zezhou.review.three-reviews").status is Status.COMPLIANT


def test_huzhou_platform_risk_check() -> None:
    checked = account([post("2025-02-10T10:00:00", reviews=THREE + [(4, "2025-02-10T09:45:00")])])
    assert finding("huzhou", checked, "huzhou.review.platform-risk-check").status is Status.COMPLIANT
    unchecked = account([post("2025-02-10T10:00:00", reviews=THREE, post_id="p")])
    f = finding("huzhou", unchecked, "huzhou.review.platform-risk-check")
    assert f.status is Status.VIOLATION
    assert f.figures["failing"] == [{"post": "p", "problem": "missing_stages", "stages": [4]}]
    assert "in order" not in f.message_en and "after stage(s) 3" in f.message_en
    assert f.figures["stages"] == [4] and f.figures["after_stages"] == [3]
    late = account([post("2025-02-10T10:00:00", reviews=THREE + [(4, "2025-02-10T10:05:00")])])
    assert finding("huzhou", late, "huzhou.review.platform-risk-check").status is Status.VIOLATION
    # 9.2.3 "经审核后的待发信息": a platform check before the third review does not count
    early = account([post("2025-02-10T10:00:00", reviews=THREE + [(4, "2025-02-10T08:45:00")], post_id="e")])
    f = finding("huzhou", early, "huzhou.review.platform-risk-check")
    assert f.status is Status.VIOLATION and f.figures["failing"][0]["problem"] == "out_of_order"
    assert finding("huzhou", account([post("2025-02-10")]), "huzhou.review.platform-risk-check").status is Status.INSUFFICIENT_DATA


def test_huzhou_rules_judge_posts_from_the_guide_on() -> None:
    # the guide is in force from 2022-04-01: an unreviewed post of March 2022 is not judged by it
    acct = account([post("2022-03-30T10:00:00", post_id="before"), post("2022-04-06T10:00:00", reviews=THREE)],
                   opened_on="2020-01-01")
    acct_reviews = account([post("2022-04-06T10:00:00", reviews=[(1, "2022-04-06T08:00:00"), (2, "2022-04-06T08:30:00"),
                                                                  (3, "2022-04-06T09:00:00")]),
                            post("2022-03-30T10:00:00", post_id="before")], opened_on="2020-01-01")
    for a in (acct, acct_reviews):
        f = finding("huzhou", a, "huzhou.review.three-reviews", as_of=dt.date(2022, 6, 1), on="2022-06-01")
        assert f.figures["posts"] == 1
    f = finding("huzhou", acct_reviews, "huzhou.review.three-reviews", as_of=dt.date(2022, 6, 1), on="2022-06-01")
    assert f.status is Status.COMPLIANT


# -- properties ----------------------------------------------------------------------------------------

days = st.dates(min_value=dt.date(2024, 9, 25), max_value=dt.date(2024, 10, 14))  # National Day 2024
minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


def at(day: dt.date, minute: int) -> str:
    return f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00"


@settings(deadline=None, max_examples=40)
@given(days, minutes, st.lists(st.tuples(st.sampled_from([1, 2, 3, 4]), st.integers(-3000, 600)), min_size=1, max_size=6),
       st.integers(1, 3000))
def test_reviewing_earlier_is_never_worse(day: dt.date, minute: int, offsets: list[tuple[int, int]],
                                          earlier_by: int) -> None:
    """Moving every review of a post earlier by the same time is never worse.

    (Moving one review alone can be: a stage-2 review moved before stage 1 puts the stages out of
    order, which Huzhou's and Zezhou's three reviews forbid.)"""
    published = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)

    def review_list(shift: int) -> list[tuple[int, str]]:
        return [(stage, (published + dt.timedelta(minutes=offset - shift)).isoformat()) for stage, offset in offsets]

    as_of = dt.date(2024, 10, 31)
    for alias, rule in (("national", "cn.review.before-publish"), ("zezhou", "zezhou.review.three-reviews"),
                        ("huzhou", "huzhou.review.three-reviews"), ("huzhou", "huzhou.review.platform-risk-check")):
        later = finding(alias, account([post(published.isoformat(), reviews=review_list(0))]), rule, as_of, "2024-10-31")
        earlier = finding(alias, account([post(published.isoformat(), reviews=review_list(earlier_by))]), rule, as_of,
                          "2024-10-31")
        if later.status is Status.COMPLIANT:
            assert earlier.status is Status.COMPLIANT, (alias, rule)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.tuples(days, minutes, st.lists(st.sampled_from(["commercial_ad", "rumour", "harmful_information"]),
                                                  max_size=2)), max_size=5),
       days, minutes)
def test_adding_a_clean_post_never_creates_a_content_violation(existing: list[Any], day: dt.date, minute: int) -> None:
    posts = [post(at(d, m), tags=tags) for d, m, tags in existing]
    as_of = dt.date(2024, 10, 31)
    for alias in ALL:
        before = finding(alias, account(posts), PROHIBITED[alias], as_of, "2024-10-31")
        after = finding(alias, account(posts + [post(at(day, minute), tags=[])]), PROHIBITED[alias], as_of, "2024-10-31")
        assert (after.status is Status.VIOLATION) == (before.status is Status.VIOLATION)
        if before.status is Status.VIOLATION:
            assert after.figures["offending_posts"] == before.figures["offending_posts"]
