"""Reading account facts through the API: JSON and JSON Lines in, ``Account`` objects out, and
every kind of bad input an ``InputError`` whose message names the path of the offending field.

(This folder is a package only so that this module and ``tests/test_loading.py`` — the policy
loader's tests — can share a file name.)
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_new_media_rules.engine.context import AccountView
from gov_new_media_rules.errors import GnmrError, InputError
from gov_new_media_rules.facts import (
    Account,
    Facts,
    LifecycleEvent,
    Operator,
    Post,
    Review,
    account_from_json,
    facts_from_json,
    iter_accounts,
    load_facts,
)
from gov_new_media_rules.facts.model import PostColumns
from gov_new_media_rules.model.vocab import (
    AccountType,
    ContentForm,
    ContentTag,
    EventType,
    FilingRecipient,
    Platform,
    RepostSource,
)

D = dt.date


def account(index: int = 0, **fields: Any) -> dict[str, Any]:
    """A minimal valid account object, as decoded from JSON."""
    data: dict[str, Any] = {
        "id": f"acc-{index}",
        "name": f"测试发布{index}",
        "platform": "wechat",
        "host_unit": "测试县人民政府办公室",
    }
    data.update(fields)
    return data


def post(day: str = "2025-01-24T09:00:00+08:00", original: bool = False, **fields: Any) -> dict[str, Any]:
    return {"published_at": day, "original": original, **fields}


def facts(*accounts: dict[str, Any]) -> dict[str, Any]:
    return {"accounts": list(accounts)}


def bad(raw: Any, *, fragment: str | None = None) -> InputError:
    """The ``InputError`` that ``facts_from_json`` raises for ``raw``."""
    with pytest.raises(InputError) as info:
        facts_from_json(raw)
    if fragment is not None:
        assert fragment in str(info.value)
    return info.value


FULL_ACCOUNT: dict[str, Any] = {
    "id": "cc-xinqu-wechat",
    "name": "长春新区发布",
    "platform": "wechat",
    "account_type": "subscription",
    "content_form": "text",
    "main_account": True,
    "host_unit": "长春新区管理委员会",
    "host_unit_kind": "development_zone",
    "verified_host_unit": "长春新区管理委员会",
    "opened_on": "2020-03-01",
    "resident_population": 600000,
    "ipv6": None,
    "interaction_enabled": True,
    "in_national_filing_system": True,
    "operator": {"third_party": True, "subcontracted": False, "name": "某某文化传媒有限公司"},
    "posts": [
        {"published_at": "2025-01-20T10:00:00+08:00", "original": True},
        {
            "published_at": "2025-01-22T09:30:00",
            "original": False,
            "tags": ["commercial_ad"],
            "repost_source": "central_mainstream_media",
            "reviews": [
                {"stage": 1, "at": "2025-01-22T08:00:00", "role": "editor", "reviewer": "张三"},
                {"stage": 2, "at": "2025-01-22"},
            ],
            "id": "p-2",
        },
        {"published_at": "2025-01-24"},
    ],
    "events": [
        {"type": "account_opened", "on": "2020-03-01"},
        {"type": "account_info_changed", "on": "2024-05-06", "note": "改名"},
        {"type": "account_cancelled", "on": "2025-03-01", "reason": "cleanup"},
    ],
    "filings": [
        {"event": "account_opened", "recipient": "supervising_unit", "filed_on": "2020-03-05"},
        {"event": "account_info_changed", "recipient": "national_filing_system", "filed_on": "2024-05-08", "event_on": "2024-05-06"},
    ],
    "notices": [{"level": "province", "on": "2024-07-01", "problem": "长期不更新"}],
    "interviews": [{"on": "2024-07-10", "note": "约谈主要负责人"}],
    "assessments": [{"on": "2024-12-31", "effect_index": 71.5}],
    "incidents": [{"kind": "security", "on": "2024-08-01"}],
    "followers": [{"on": "2024-12-31", "count": 12000}],
    "exposures": [{"on": "2024-09-01", "rectified_on": "2024-09-10"}],
    "practices": [{"practice": "buy_followers", "on": "2024-10-01"}],
}


# -- the happy path ------------------------------------------------------------------------------


def test_a_minimal_account_takes_the_documented_defaults() -> None:
    result = account_from_json(account())
    assert result == Account("acc-0", "测试发布0", Platform.WECHAT, "测试县人民政府办公室")
    assert result.content_form is ContentForm.TEXT
    assert result.main_account is False
    assert result.account_type is None
    assert result.opened_on is None
    assert len(result.posts) == 0
    assert result.events == ()


def test_every_field_is_read() -> None:
    result = account_from_json(FULL_ACCOUNT)
    assert result.platform is Platform.WECHAT
    assert result.account_type is AccountType.SUBSCRIPTION
    assert result.main_account is True
    assert result.opened_on == D(2020, 3, 1)
    assert result.resident_population == 600000
    assert result.operator == Operator(third_party=True, subcontracted=False, name="某某文化传媒有限公司")
    assert [p.published_on for p in result.posts] == [D(2025, 1, 20), D(2025, 1, 22), D(2025, 1, 24)]
    assert [p.original for p in result.posts] == [True, False, False]
    detailed = result.posts[1]
    assert detailed.tags == (ContentTag.COMMERCIAL_AD,)
    assert detailed.repost_source is RepostSource.CENTRAL_MAINSTREAM_MEDIA
    assert detailed.reviews == (Review(1, "2025-01-22T08:00:00", "editor", "张三"), Review(2, "2025-01-22"))
    assert detailed.id == "p-2"
    assert result.posts[2].published_at == "2025-01-24"
    assert result.events[2] == LifecycleEvent(EventType.ACCOUNT_CANCELLED, D(2025, 3, 1), None, "cleanup")
    assert result.filings[1].recipient is FilingRecipient.NATIONAL_FILING_SYSTEM
    assert result.filings[1].event_on == D(2024, 5, 6)
    assert result.notices[0].level == "province"
    assert result.assessments[0].effect_index == 71.5
    assert result.followers[0].count == 12000
    assert result.exposures[0].rectified_on == D(2024, 9, 10)
    assert result.practices[0].practice == "buy_followers"


def test_the_full_example_is_valid_under_the_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from gov_new_media_rules.facts.schema import facts_schema

    schema = facts_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(facts(FULL_ACCOUNT, account(1)))


def test_facts_from_json_reads_every_account_in_order() -> None:
    result = facts_from_json(facts(account(0), account(1, platform="weibo"), account(2, platform="app")))
    assert isinstance(result, Facts)
    assert [a.id for a in result.accounts] == ["acc-0", "acc-1", "acc-2"]
    assert [a.platform for a in result.accounts] == [Platform.WECHAT, Platform.WEIBO, Platform.APP]


def test_no_accounts_is_valid() -> None:
    assert facts_from_json({"accounts": []}) == Facts(())


@pytest.mark.parametrize("platform", [p.value for p in Platform])
def test_every_platform_is_accepted(platform: str) -> None:
    assert account_from_json(account(platform=platform)).platform == platform


def test_inputs_are_never_mutated() -> None:
    document = facts(copy.deepcopy(FULL_ACCOUNT), account(1, posts=[post("2025-02-01T00:00:00Z"), post("2025-01-01")]))
    before = copy.deepcopy(document)
    facts_from_json(document)
    account_from_json(document["accounts"][0])
    assert document == before


def test_inputs_are_not_mutated_when_they_are_rejected() -> None:
    document = facts(copy.deepcopy(FULL_ACCOUNT), account(1, posts=[post(), post("never")]))
    before = copy.deepcopy(document)
    with pytest.raises(InputError):
        facts_from_json(document)
    assert document == before


# -- time conventions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published_at", "day"),
    [
        ("2025-01-24T23:30:00", D(2025, 1, 24)),  # no offset: Shanghai wall-clock time
        ("2025-01-24T23:30:00+08:00", D(2025, 1, 24)),
        ("2025-01-24T16:30:00Z", D(2025, 1, 25)),  # 00:30 on the 25th in Shanghai
        ("2025-01-24T15:59:59Z", D(2025, 1, 24)),
        ("2025-01-24T16:00:00+00:00", D(2025, 1, 25)),
        ("2025-01-25T01:00:00+09:00", D(2025, 1, 25)),
        ("2025-01-25T00:30:00+10:00", D(2025, 1, 24)),
        ("2025-01-24", D(2025, 1, 24)),  # a bare date is that day
    ],
)
def test_a_post_falls_on_its_shanghai_day(published_at: str, day: dt.date) -> None:
    lean = account_from_json(account(posts=[post(published_at)])).posts[0]
    rich = account_from_json(account(posts=[post(published_at, id="p")])).posts[0]  # the other code path
    for result in (lean, rich):
        assert result.published_on == day
        assert result.published_at == published_at  # kept as given, for reports


def test_unsorted_posts_are_accepted_and_the_engine_view_sorts_them() -> None:
    days = ["2025-01-24T10:00:00", "2025-01-02", "2025-01-20T01:00:00Z", "2025-01-10"]
    result = account_from_json(account(posts=[post(d, original=i % 2 == 0) for i, d in enumerate(days)]))
    assert [p.published_at for p in result.posts] == days  # the account keeps the given order
    view = AccountView(result, D(2025, 2, 10))
    expected = [D(2025, 1, 2), D(2025, 1, 10), D(2025, 1, 20), D(2025, 1, 24)]
    assert [p.published_on for p in view.posts] == expected
    assert view.post_days == [d.toordinal() for d in expected]
    assert view.original_days == [D(2025, 1, 20).toordinal(), D(2025, 1, 24).toordinal()]
    assert view.posts_after_as_of == 0


def test_posts_after_as_of_are_left_out_of_the_view_and_counted() -> None:
    result = account_from_json(
        account(posts=[post("2025-02-11T00:10:00"), post("2025-02-10T23:59:59"), post("2025-02-10T16:30:00Z")])
    )
    view = AccountView(result, D(2025, 2, 10))
    assert [p.published_at for p in view.posts] == ["2025-02-10T23:59:59"]
    assert view.posts_after_as_of == 2  # the 00:30 Shanghai post on the 11th is after as_of too


# -- bad input: the document ---------------------------------------------------------------------


@pytest.mark.parametrize("document", [[], "accounts", 3, None, True])
def test_a_document_that_is_not_an_object(document: Any) -> None:
    error = bad(document)
    assert "expected a JSON object with an 'accounts' list" in str(error)


@pytest.mark.parametrize("value", [None, {}, "acc", 1, {"0": {}}])
def test_accounts_that_is_not_a_list(value: Any) -> None:
    error = bad({"accounts": value})
    assert error.path == "accounts"
    assert str(error).startswith("accounts: ")


def test_accounts_is_required() -> None:
    assert bad({}).path == "accounts"


def test_an_unknown_top_level_key() -> None:
    error = bad({"accounts": [], "acounts": []})
    assert error.path == "acounts"
    assert "unknown key" in str(error)


@pytest.mark.parametrize("value", [[], "acc-1", 7, None])
def test_an_account_that_is_not_an_object(value: Any) -> None:
    error = bad(facts(account(0), value))
    assert error.path == "accounts[1]"
    assert "expected an object" in str(error)


def test_duplicate_account_ids() -> None:
    error = bad(facts(account(0), account(1), account(2, id="acc-0")))
    assert error.path == "accounts[2].id"
    assert "duplicate account id 'acc-0'" in str(error)
    assert "accounts[0]" in error.problem


def test_the_source_prefixes_the_message() -> None:
    with pytest.raises(InputError) as info:
        facts_from_json(facts(account(0, platform="myspace")), source="facts.json")
    assert str(info.value).startswith("facts.json: accounts[0].platform: ")
    assert info.value.source == "facts.json"


def test_input_error_is_a_gnmr_error_and_a_value_error() -> None:
    error = bad(facts(account(0, platform="myspace")))
    assert isinstance(error, GnmrError)
    assert isinstance(error, ValueError)
    assert "\n" not in str(error)


# -- bad input: account fields -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "path", "words"),
    [
        # unknown enum values
        ({"platform": "myspace"}, "accounts[1].platform", ["myspace", "wechat", "kuaishou"]),
        ({"platform": "WeChat"}, "accounts[1].platform", ["WeChat"]),
        # (optional enums name the bad value but, unlike required ones, not the allowed values)
        ({"account_type": "official"}, "accounts[1].account_type", ["official"]),
        ({"content_form": "audio"}, "accounts[1].content_form", ["audio", "video"]),
        ({"host_unit_kind": "ministry"}, "accounts[1].host_unit_kind", ["ministry"]),
        # wrong types
        ({"platform": 1}, "accounts[1].platform", []),
        ({"id": 17}, "accounts[1].id", []),
        ({"id": None}, "accounts[1].id", []),
        ({"name": ["长春新区发布"]}, "accounts[1].name", []),
        ({"host_unit": None}, "accounts[1].host_unit", []),
        ({"main_account": "yes"}, "accounts[1].main_account", ["yes"]),
        ({"main_account": 1}, "accounts[1].main_account", []),
        ({"resident_population": "600000"}, "accounts[1].resident_population", []),
        ({"resident_population": 6.5}, "accounts[1].resident_population", []),
        ({"resident_population": True}, "accounts[1].resident_population", []),
        ({"ipv6": "no"}, "accounts[1].ipv6", []),
        # unparsable dates; a date-only field refuses a date-time rather than drop its time
        ({"opened_on": "2020-13-01"}, "accounts[1].opened_on", ["2020-13-01"]),
        ({"opened_on": "2020-02-30"}, "accounts[1].opened_on", []),
        ({"opened_on": "yesterday"}, "accounts[1].opened_on", []),
        ({"opened_on": 20200301}, "accounts[1].opened_on", []),
        ({"opened_on": "2020-03-01T10:00:00"}, "accounts[1].opened_on", []),
        # unknown keys
        ({"platfrom": "wechat"}, "accounts[1].platfrom", ["unknown key"]),
        # lists of objects, and objects
        ({"posts": {}}, "accounts[1].posts", ["expected a list"]),
        ({"posts": None}, "accounts[1].posts", ["expected a list"]),
        ({"events": {}}, "accounts[1].events", ["expected a list"]),
        ({"events": ""}, "accounts[1].events", ["expected a list"]),
        ({"events": None}, "accounts[1].events", ["expected a list"]),
        ({"filings": "account_opened"}, "accounts[1].filings", ["expected a list"]),
        ({"events": ["account_opened"]}, "accounts[1].events[0]", ["expected an object"]),
        ({"notices": [{"level": "province", "on": "2024-07-01"}, 3]}, "accounts[1].notices[1]", ["expected an object"]),
        ({"operator": []}, "accounts[1].operator", ["expected an object"]),
        ({"operator": "某公司"}, "accounts[1].operator", ["expected an object"]),
        # sub-objects
        ({"events": [{"type": "exploded", "on": "2025-01-01"}]}, "accounts[1].events[0].type", ["exploded", "account_opened"]),
        ({"events": [{"type": "account_opened"}]}, "accounts[1].events[0].on", ["required"]),
        ({"events": [{"type": "account_opened", "on": "2025-01-01", "when": "x"}]}, "accounts[1].events[0].when", ["unknown key"]),
        ({"filings": [{"event": "account_opened", "recipient": "the_boss", "filed_on": "2025-01-02"}]}, "accounts[1].filings[0].recipient", ["the_boss"]),
        ({"filings": [{"event": "account_opened", "recipient": "supervising_unit", "filed_on": "soon"}]}, "accounts[1].filings[0].filed_on", ["soon"]),
        ({"notices": [{"level": "township", "on": "2024-07-01"}]}, "accounts[1].notices[0].level", ["township"]),
        ({"assessments": [{"on": "2024-12-31", "effect_index": "high"}]}, "accounts[1].assessments[0].effect_index", []),
        ({"assessments": [{"on": "2024-12-31", "effect_index": False}]}, "accounts[1].assessments[0].effect_index", []),
        ({"incidents": [{"kind": "fire", "on": "2024-08-01"}]}, "accounts[1].incidents[0].kind", ["fire"]),
        ({"followers": [{"on": "2024-12-31", "count": 1.5}]}, "accounts[1].followers[0].count", []),
        ({"exposures": [{"on": "2024-09-01", "rectified_on": "later"}]}, "accounts[1].exposures[0].rectified_on", ["later"]),
        ({"practices": [{"practice": "good_behaviour", "on": "2024-10-01"}]}, "accounts[1].practices[0].practice", ["good_behaviour"]),
        ({"operator": {"third_party": "yes"}}, "accounts[1].operator.third_party", []),
    ],
)
def test_a_bad_account_field_is_named_by_its_path(fields: dict[str, Any], path: str, words: list[str]) -> None:
    error = bad(facts(account(0), account(1, **fields)))
    assert error.path == path, str(error)
    message = str(error)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("missing", ["id", "name", "platform", "host_unit"])
def test_required_account_fields(missing: str) -> None:
    raw = account(1)
    del raw[missing]
    error = bad(facts(account(0), raw))
    assert error.path == f"accounts[1].{missing}"
    assert "required" in error.problem


# -- bad input: posts ----------------------------------------------------------------------------


def test_the_path_of_a_bad_post_date_deep_in_the_input() -> None:
    accounts = [account(i, posts=[post(f"2025-01-{d:02d}") for d in range(1, 20)]) for i in range(5)]
    accounts[3]["posts"][12]["published_at"] = "2025-01-32"
    error = bad(facts(*accounts))
    assert error.path == "accounts[3].posts[12].published_at"
    assert "2025-01-32" in str(error)


@pytest.mark.parametrize(
    ("raw_post", "path", "words"),
    [
        ({"published_at": "yesterday"}, "accounts[0].posts[1].published_at", ["yesterday"]),
        ({"published_at": "2025-02-30T10:00:00"}, "accounts[0].posts[1].published_at", []),
        ({"published_at": "2025-01-24T25:00:00"}, "accounts[0].posts[1].published_at", []),
        ({"published_at": "12:00"}, "accounts[0].posts[1].published_at", []),
        ({"published_at": "P1D"}, "accounts[0].posts[1].published_at", []),
        ({"published_at": ""}, "accounts[0].posts[1].published_at", []),
        ({"published_at": 1737705600}, "accounts[0].posts[1].published_at", ["1737705600"]),
        ({"published_at": None}, "accounts[0].posts[1].published_at", ["required"]),
        ({"original": True}, "accounts[0].posts[1].published_at", ["required"]),
        ({"published_at": "2025-01-24", "original": "true"}, "accounts[0].posts[1].original", []),
        ({"published_at": "2025-01-24", "original": 1}, "accounts[0].posts[1].original", []),
        ({"published_at": "2025-01-24", "original": None}, "accounts[0].posts[1].original", []),
        ({"published_at": "2025-01-24", "orignal": True}, "accounts[0].posts[1].orignal", ["unknown key"]),
        # tags
        ({"published_at": "2025-01-24", "tags": "rumour"}, "accounts[0].posts[1].tags", ["expected a list"]),
        ({"published_at": "2025-01-24", "tags": ["rumour", "gossip"]}, "accounts[0].posts[1].tags", ["gossip", "18 values"]),
        ({"published_at": "2025-01-24", "tags": [1]}, "accounts[0].posts[1].tags", []),
        ({"published_at": "2025-01-24", "tags": [["rumour"]]}, "accounts[0].posts[1].tags", []),
        ({"published_at": "2025-01-24", "tags": [{"tag": "rumour"}]}, "accounts[0].posts[1].tags", []),
        # repost source
        ({"published_at": "2025-01-24", "repost_source": "wechat_moments"}, "accounts[0].posts[1].repost_source", ["wechat_moments", "7 values"]),
        ({"published_at": "2025-01-24", "repost_source": ["party_newspaper"]}, "accounts[0].posts[1].repost_source", []),
        ({"published_at": "2025-01-24", "repost_source": {}}, "accounts[0].posts[1].repost_source", []),
        ({"published_at": "2025-01-24", "repost_source": 3}, "accounts[0].posts[1].repost_source", []),
        # reviews
        ({"published_at": "2025-01-24", "reviews": {}}, "accounts[0].posts[1].reviews", ["expected a list"]),
        ({"published_at": "2025-01-24", "reviews": ["一审"]}, "accounts[0].posts[1].reviews[0]", ["expected an object"]),
        ({"published_at": "2025-01-24", "reviews": [{"at": "2025-01-24"}]}, "accounts[0].posts[1].reviews[0].stage", []),
        ({"published_at": "2025-01-24", "reviews": [{"stage": "1", "at": "2025-01-24"}]}, "accounts[0].posts[1].reviews[0].stage", []),
        ({"published_at": "2025-01-24", "reviews": [{"stage": True, "at": "2025-01-24"}]}, "accounts[0].posts[1].reviews[0].stage", []),
        ({"published_at": "2025-01-24", "reviews": [{"stage": 1}]}, "accounts[0].posts[1].reviews[0].at", []),
        ({"published_at": "2025-01-24", "reviews": [{"stage": 1, "at": "morning"}]}, "accounts[0].posts[1].reviews[0].at", ["morning"]),
        ({"published_at": "2025-01-24", "reviews": [{"stage": 1, "at": "2025-01-24", "role": 5}]}, "accounts[0].posts[1].reviews[0].role", []),
        ({"published_at": "2025-01-24", "reviews": [{"stage": 1, "at": "2025-01-24", "reviewer": ["张三"]}]}, "accounts[0].posts[1].reviews[0].reviewer", []),
        ({"published_at": "2025-01-24", "reviews": [{"stage": 1, "at": "2025-01-24", "by": "张三"}]}, "accounts[0].posts[1].reviews[0].by", ["unknown key"]),
        ({"published_at": "2025-01-24", "id": 12}, "accounts[0].posts[1].id", []),
    ],
)
def test_a_bad_post_is_named_by_its_path(raw_post: dict[str, Any], path: str, words: list[str]) -> None:
    error = bad(facts(account(0, posts=[post(), raw_post])))
    assert error.path == path, str(error)
    message = str(error)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("value", ["2025-01-24", 3, None, ["2025-01-24"]])
def test_a_post_that_is_not_an_object(value: Any) -> None:
    error = bad(facts(account(0), account(1, posts=[post(), post(), value])))
    assert error.path == "accounts[1].posts[2]"
    assert "expected an object" in error.problem


def test_valid_tags_repost_sources_and_reviews() -> None:
    raw = post(
        tags=[t.value for t in ContentTag],
        repost_source="party_government_website",
        reviews=[{"stage": s, "at": f"2025-01-24T0{s}:00:00Z"} for s in (1, 2, 3)],
    )
    result = account_from_json(account(posts=[raw])).posts[0]
    assert result.tags == tuple(ContentTag)
    assert result.repost_source is RepostSource.PARTY_GOVERNMENT_WEBSITE
    assert [r.stage for r in result.reviews] == [1, 2, 3]
    empty = account_from_json(account(posts=[post(tags=[], reviews=[], repost_source=None)])).posts[0]
    assert empty.tags == () and empty.reviews == () and empty.repost_source is None


def test_account_from_json_uses_the_given_path() -> None:
    with pytest.raises(InputError) as info:
        account_from_json(account(posts=[post("never")]), path="accounts[41]")
    assert info.value.path == "accounts[41].posts[0].published_at"
    with pytest.raises(InputError) as info:
        account_from_json("not an account")
    assert info.value.path == "accounts[0]"


# -- JSON and JSON Lines streams -----------------------------------------------------------------


def jsonl(*accounts: Any) -> str:
    return "".join((a if isinstance(a, str) else json.dumps(a, ensure_ascii=False)) + "\n" for a in accounts)


def stream_error(text: str, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as info:
        list(iter_accounts(io.StringIO(text), **kwargs))
    assert "\n" not in str(info.value)
    return info.value


def test_iter_accounts_reads_a_json_document() -> None:
    text = json.dumps(facts(account(0), account(1)), ensure_ascii=False, indent=2)
    assert [a.id for a in iter_accounts(io.StringIO(text))] == ["acc-0", "acc-1"]


def test_iter_accounts_reads_a_one_line_json_document() -> None:
    text = json.dumps(facts(account(0), account(1)))
    assert [a.id for a in iter_accounts(io.StringIO(text))] == ["acc-0", "acc-1"]


def test_iter_accounts_detects_json_lines() -> None:
    text = "\n" + jsonl(account(0), account(1)) + "\n\n" + jsonl(account(2))
    assert [a.id for a in iter_accounts(io.StringIO(text))] == ["acc-0", "acc-1", "acc-2"]


def test_iter_accounts_reads_json_lines_when_told() -> None:
    text = jsonl(account(0), account(1))
    assert [a.id for a in iter_accounts(io.StringIO(text), lines=True)] == ["acc-0", "acc-1"]


def test_forcing_json_lines_on_a_pretty_printed_document_is_a_one_line_error() -> None:
    text = json.dumps(facts(account(0)), indent=2)
    error = stream_error(text, lines=True)
    assert "malformed JSON on line 1" in str(error)


def test_json_lines_are_read_lazily() -> None:
    text = jsonl(account(0), account(1), '{"id": "acc-2", "name": ')
    accounts = iter_accounts(io.StringIO(text))
    assert next(accounts).id == "acc-0"
    assert next(accounts).id == "acc-1"
    with pytest.raises(InputError) as info:
        next(accounts)
    assert "line 3" in str(info.value)


def test_json_lines_do_not_read_ahead() -> None:
    class Counting(io.StringIO):
        lines_read = 0

        def readline(self, *args: Any) -> str:
            self.lines_read += 1
            return super().readline(*args)

        def __next__(self) -> str:
            self.lines_read += 1
            return super().__next__()

    stream = Counting(jsonl(*(account(i) for i in range(100))))
    accounts = iter_accounts(stream)
    next(accounts)
    next(accounts)
    assert stream.lines_read <= 3


def test_a_bad_field_on_a_json_line_names_the_line_and_the_path() -> None:
    text = jsonl(account(0), account(1), account(2, posts=[{"published_at": "2025-01-24", "original": "yes"}]))
    error = stream_error(text)
    assert error.path == "line 3: accounts[2].posts[0].original"
    assert str(error).startswith("line 3: accounts[2].posts[0].original: ")


def test_the_source_names_the_file_in_stream_errors() -> None:
    error = stream_error(jsonl(account(0), account(1, platform="fax")), source="feed.jsonl")
    assert str(error).startswith("feed.jsonl: line 2: accounts[1].platform: ")


def test_blank_lines_do_not_shift_account_indexes_but_do_count_as_lines() -> None:
    text = jsonl(account(0)) + "\n" + jsonl(account(1, platform="fax"))
    assert stream_error(text).path == "line 3: accounts[1].platform"


def test_duplicate_ids_across_json_lines() -> None:
    error = stream_error(jsonl(account(0), account(1), account(2, id="acc-1")))
    assert error.path == "accounts[2].id"
    assert "duplicate account id 'acc-1'" in str(error)


def test_a_json_line_that_is_not_an_object() -> None:
    error = stream_error(jsonl(account(0), "[1, 2]"))
    assert error.path == "line 2: accounts[1]"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"accounts": [', ["malformed JSON", "line 1"]),
        ('{"accounts": []}\n{"accounts": []}', ["malformed JSON", "line 2"]),
        ("{'accounts': []}", ["malformed JSON"]),
        ('{"accounts": [],}', ["malformed JSON"]),
        ("accounts", ["malformed JSON"]),
        ("[" * 100_000, ["malformed JSON", "nested too deeply"]),
        ('{"accounts": [{"id": NaN}]}', ["malformed JSON", "NaN"]),
        (jsonl(account(0)) + '{"id": Infinity}\n', ["malformed JSON on line 2", "Infinity"]),
        (jsonl(account(0)) + '{"id": "acc-1",\n', ["malformed JSON on line 2"]),
    ],
)
def test_malformed_json_is_one_input_error(text: str, words: list[str]) -> None:
    error = stream_error(text)
    for word in words:
        assert word in str(error)


@pytest.mark.parametrize("text", ["", "\n", "   \n\n  \n"])
def test_empty_input(text: str) -> None:
    error = stream_error(text)
    assert "empty input" in str(error)


def test_a_one_line_document_that_is_not_an_object() -> None:
    error = stream_error("[]")
    assert "expected a JSON object" in str(error)


# -- load_facts ----------------------------------------------------------------------------------


def test_load_facts_from_json_and_json_lines_files(tmp_path: Path) -> None:
    document = tmp_path / "facts.json"
    document.write_text(json.dumps(facts(account(0), account(1)), ensure_ascii=False, indent=2), encoding="utf-8")
    lines = tmp_path / "facts.jsonl"
    lines.write_text(jsonl(account(0), account(1)), encoding="utf-8")
    assert load_facts(document) == load_facts(lines) == load_facts(str(lines))
    assert [a.name for a in load_facts(document).accounts] == ["测试发布0", "测试发布1"]


def test_load_facts_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts(account(0, posts=[post("2025-02-29")]))), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_facts(path)
    assert str(info.value).startswith(f"{path}: accounts[0].posts[0].published_at: ")


def test_load_facts_refuses_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    # a GB18030 export (common from Chinese back offices) is not UTF-8
    path.write_bytes('{"accounts": [{"id": "a", "name": "长春新区发布", "platform": "wechat", "host_unit": "u"}]}'.encode("gb18030"))
    with pytest.raises(InputError) as info:
        load_facts(path)
    assert "not UTF-8" in str(info.value)
    assert str(path) in str(info.value)


def test_load_facts_on_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_facts(tmp_path / "nope.json")
    assert "cannot read facts file" in str(info.value)


def test_load_facts_on_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty input"):
        load_facts(path)


# -- PostColumns ---------------------------------------------------------------------------------


POSTS = (
    Post(D(2025, 1, 2), "2025-01-02T09:00:00", True),
    Post(D(2025, 1, 3), "2025-01-03", False, tags=(ContentTag.RUMOUR,)),
    Post(D(2025, 1, 4), None, False),
    Post(D(2025, 1, 5), "2025-01-05", True, id="p-4", reviews=(Review(1, "2025-01-05"),)),
)


def test_post_columns_are_a_sequence_of_posts() -> None:
    columns = PostColumns.of(POSTS)
    assert len(columns) == 4
    assert columns[0] == POSTS[0]
    assert columns[1] == POSTS[1]
    assert columns[-1] == POSTS[3]
    assert columns[-4] == POSTS[0]
    assert columns[1:3] == POSTS[1:3]
    assert columns[::-1] == POSTS[::-1]
    assert list(columns) == list(POSTS)
    assert tuple(reversed(columns)) == POSTS[::-1]
    assert POSTS[2] in columns
    assert columns.index(POSTS[2]) == 2
    assert columns.count(POSTS[0]) == 1
    for index in (4, -5, 100):
        with pytest.raises(IndexError):
            columns[index]


def test_only_posts_with_details_are_kept_whole() -> None:
    columns = PostColumns.of(POSTS)
    assert set(columns.rich) == {1, 3}
    assert columns.days == tuple(p.published_on for p in POSTS)
    assert columns.original == (True, False, False, True)


def test_post_columns_equal_tuples_lists_and_each_other() -> None:
    columns = PostColumns.of(POSTS)
    assert columns == POSTS
    assert columns == list(POSTS)
    assert columns == PostColumns.of(list(POSTS))
    assert columns != POSTS[:3]
    assert columns != PostColumns.of(POSTS[:3])
    assert PostColumns() == ()
    assert (columns == "posts") is False


def test_post_columns_hash_is_stable() -> None:
    columns = PostColumns.of(POSTS)
    assert hash(columns) == hash(columns)
    assert hash(columns) == hash(PostColumns.of(POSTS))
    assert len({columns, PostColumns.of(POSTS)}) == 1


def test_post_columns_refuse_columns_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        PostColumns([D(2025, 1, 1)], [], [True])


def test_an_account_converts_posts_to_columns() -> None:
    built = Account("a", "n", Platform.WEIBO, "u", posts=(POSTS[0], POSTS[1]))
    assert isinstance(built.posts, PostColumns)
    assert built.posts == (POSTS[0], POSTS[1])
    assert built == Account("a", "n", Platform.WEIBO, "u", posts=[POSTS[0], POSTS[1]])
    assert hash(built) == hash(Account("a", "n", Platform.WEIBO, "u", posts=(POSTS[0], POSTS[1])))
    loaded = account_from_json(
        {"id": "a", "name": "n", "platform": "weibo", "host_unit": "u",
         "posts": [{"published_at": "2025-01-02T09:00:00", "original": True},
                   {"published_at": "2025-01-03", "tags": ["rumour"]}]}
    )
    assert loaded == built


# -- properties ----------------------------------------------------------------------------------

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
DATE_LIKE = st.sampled_from(
    ["2025-01-24", "2025-01-24T23:30:00", "2025-01-24T16:30:00Z", "2025-02-30", "2025-1-24", "yesterday", "", "2025-024",
     "0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00", "2025-01-24T24:00:00"]
)
ENUM_LIKE = st.sampled_from(["wechat", "weibo", "app", "subscription", "video", "account_opened", "supervising_unit",
                             "province", "security", "rumour", "party_newspaper", "WECHAT", "fax", ""])


def maybe(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a plausible value, sometimes any JSON value at all."""
    return st.one_of(valid, valid, valid, JSON_VALUES)


def objects(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with a random subset of ``fields``, sometimes with a stray key."""
    return st.fixed_dictionaries({}, optional=fields).flatmap(
        lambda d: st.one_of(st.just(d), st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=1).map(lambda e: {**d, **e}))
    )


NEARLY_POSTS = objects({
    "published_at": maybe(DATE_LIKE),
    "original": maybe(st.booleans()),
    "tags": maybe(st.lists(ENUM_LIKE, max_size=3)),
    "repost_source": maybe(ENUM_LIKE),
    "reviews": maybe(st.lists(objects({"stage": maybe(st.integers(1, 3)), "at": maybe(DATE_LIKE), "role": maybe(st.text(max_size=3))}), max_size=2)),
    "id": maybe(st.text(max_size=3)),
})
DATED = objects({"type": maybe(ENUM_LIKE), "on": maybe(DATE_LIKE), "note": maybe(st.text(max_size=3))})
NEARLY_ACCOUNTS = objects({
    "id": maybe(st.sampled_from(["a", "b", "c"])),
    "name": maybe(st.text(max_size=4)),
    "platform": maybe(ENUM_LIKE),
    "host_unit": maybe(st.text(max_size=4)),
    "account_type": maybe(ENUM_LIKE),
    "content_form": maybe(ENUM_LIKE),
    "main_account": maybe(st.booleans()),
    "opened_on": maybe(DATE_LIKE),
    "resident_population": maybe(st.integers()),
    "operator": maybe(objects({"third_party": maybe(st.booleans()), "name": maybe(st.text(max_size=3))})),
    "posts": maybe(st.lists(NEARLY_POSTS, max_size=4)),
    "events": maybe(st.lists(DATED, max_size=2)),
    "filings": maybe(st.lists(objects({"event": maybe(ENUM_LIKE), "recipient": maybe(ENUM_LIKE), "filed_on": maybe(DATE_LIKE)}), max_size=2)),
    "notices": maybe(st.lists(objects({"level": maybe(ENUM_LIKE), "on": maybe(DATE_LIKE)}), max_size=2)),
    "assessments": maybe(st.lists(objects({"on": maybe(DATE_LIKE), "effect_index": maybe(st.floats(allow_nan=False))}), max_size=2)),
    "followers": maybe(st.lists(objects({"on": maybe(DATE_LIKE), "count": maybe(st.integers())}), max_size=2)),
})


def only_input_errors(function: Any, value: Any) -> Any:
    before = copy.deepcopy(value)
    try:
        result = function(value)
    except InputError as exc:
        message = str(exc)
        assert message and "\n" not in message
        result = None
    assert value == before, "the input was mutated"
    return result


@given(JSON_VALUES)
def test_arbitrary_json_fed_to_facts_from_json_only_raises_input_error(value: Any) -> None:
    result = only_input_errors(facts_from_json, value)
    assert result is None or isinstance(result, Facts)


@given(JSON_VALUES)
def test_arbitrary_json_fed_to_account_from_json_only_raises_input_error(value: Any) -> None:
    result = only_input_errors(account_from_json, value)
    assert result is None or isinstance(result, Account)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NEARLY_ACCOUNTS, max_size=3), st.dictionaries(st.sampled_from(["accounts", "extra"]), JSON_VALUES, max_size=1))
def test_nearly_valid_facts_only_raise_input_error(accounts: list[Any], extra: dict[str, Any]) -> None:
    document = {"accounts": accounts, **{k: v for k, v in extra.items() if k != "accounts"}}
    result = only_input_errors(facts_from_json, document)
    if result is not None:
        assert len(result.accounts) == len(accounts)
        assert all(isinstance(a, Account) for a in result.accounts)
        assert all(isinstance(p, Post) and isinstance(p.published_on, dt.date) for a in result.accounts for p in a.posts)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(NEARLY_ACCOUNTS)
def test_a_nearly_valid_account_reads_the_same_from_json_lines(raw: dict[str, Any]) -> None:
    direct = only_input_errors(account_from_json, raw)
    try:
        streamed = list(iter_accounts(io.StringIO(json.dumps(raw) + "\n"), lines=True))
    except InputError:
        streamed = None
    assert (direct is None) == (streamed is None)
    if direct is not None:
        assert streamed == [direct]


# -- the documented examples ---------------------------------------------------------------------

FACTS_DOC = Path(__file__).resolve().parents[2] / "docs" / "developer" / "facts.md"


def code_blocks(language: str) -> list[str]:
    text = FACTS_DOC.read_text(encoding="utf-8")
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if not inside and line.strip() == f"```{language}":
            inside, current = True, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append("\n".join(current) + "\n")
        elif inside:
            current.append(line)
    return blocks


def test_the_documented_json_example_loads_and_matches_the_schema() -> None:
    (block,) = code_blocks("json")
    data = json.loads(block)
    result = facts_from_json(data)
    assert [a.id for a in result.accounts] == ["cc-xinqu-wechat", "cc-xinqu-douyin"]
    assert result.accounts[0].posts[2].published_on == D(2025, 1, 24)  # 01:30Z is 09:30 in Shanghai
    jsonschema = pytest.importorskip("jsonschema")
    from gov_new_media_rules.facts.schema import facts_schema

    jsonschema.Draft202012Validator(facts_schema()).validate(data)


def test_the_documented_json_lines_example_loads() -> None:
    (block,) = code_blocks("jsonl")
    accounts = list(iter_accounts(io.StringIO(block)))
    assert [a.id for a in accounts] == ["cc-xinqu-wechat", "cc-xinqu-douyin"]


def test_the_documented_fields_are_the_model_fields() -> None:
    import attrs

    text = FACTS_DOC.read_text(encoding="utf-8")
    from gov_new_media_rules.facts import model

    for cls in (model.Account, model.Review, model.LifecycleEvent, model.Filing, model.Notice, model.Interview,
                model.Assessment, model.Incident, model.FollowerCount, model.Exposure, model.Operator, model.PracticeRecord):
        for field in attrs.fields(cls):
            assert f"| `{field.name}` |" in text, f"{cls.__name__}.{field.name} is not documented"
    for name in ("published_at", "original", "tags", "repost_source", "reviews", "id"):
        assert f"| `{name}` |" in text
    for vocabulary in (Platform, AccountType, ContentForm, EventType, FilingRecipient, ContentTag, RepostSource):
        for member in vocabulary:
            assert f"`{member.value}`" in text, f"{vocabulary.__name__}.{member.name} is not documented"
