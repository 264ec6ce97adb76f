"""Laws of the content taxonomy, over every jurisdiction's rulebook and every content tag.

- Narrower is banned too: if a post tagged with a category breaks a content rule, a post tagged
  with any narrower category breaks it too.
- More tags never clear a post: adding a tag to the posts of an account never turns a violation
  into compliant (nor into anything but a violation).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gov_new_media_rules as gnmr
from gov_new_media_rules.engine import Status, evaluate
from gov_new_media_rules.facts import account_from_json
from gov_new_media_rules.model.params import RuleKind
from gov_new_media_rules.model.taxonomy import CONTENT
from gov_new_media_rules.model.vocab import ContentTag

ALL = ("national", "zezhou", "gaoxian", "changchun-xinqu", "huzhou")
AS_OF = dt.date(2025, 3, 1)
BOOKS = {alias: gnmr.rulebook(alias, on="2025-03-01") for alias in ALL}
TAGS = [t.value for t in ContentTag]


def _account(posts: list[list[str]]) -> Any:
    return account_from_json({
        "id": "a", "name": "某某发布", "platform": "weibo", "host_unit": "某某县人民政府办公室",
        "opened_on": "2024-01-01",
        "posts": [{"published_at": f"2025-02-{day + 1:02d}T10:00:00", "original": True, "tags": tags}
                  for day, tags in enumerate(posts)],
    })


def _content_statuses(alias: str, posts: list[list[str]]) -> dict[str, Status]:
    report = evaluate(BOOKS[alias], [_account(posts)], AS_OF)
    content = {r.id for r in BOOKS[alias] if r.rule.kind is RuleKind.CONTENT_PROHIBITION}
    return {f.rule: f.status for f in report.findings if f.rule in content}


@pytest.mark.parametrize("alias", ALL)
def test_a_ban_on_a_category_bans_every_narrower_category(alias: str) -> None:
    """For every jurisdiction, rule and tag: tag violates ⇒ every narrower tag violates."""
    by_tag = {tag: _content_statuses(alias, [[tag]]) for tag in TAGS}
    for tag in TAGS:
        for rule, status in by_tag[tag].items():
            if status is not Status.VIOLATION:
                continue
            for narrower in CONTENT.descendants(tag):
                assert by_tag[narrower][rule] is Status.VIOLATION, (alias, rule, tag, narrower)


tag_lists = st.lists(st.lists(st.sampled_from(TAGS), max_size=3, unique=True), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(alias=st.sampled_from(ALL), posts=tag_lists, extra=st.sampled_from(TAGS), which=st.integers(0, 3))
def test_adding_a_tag_never_clears_a_violation(alias: str, posts: list[list[str]], extra: str, which: int) -> None:
    """Adding a tag to a post never turns a content violation into anything else."""
    before = _content_statuses(alias, posts)
    more = [list(p) for p in posts]
    target = more[which % len(more)]
    if extra not in target:
        target.append(extra)
    after = _content_statuses(alias, more)
    for rule, status in before.items():
        if status is Status.VIOLATION:
            assert after[rule] is Status.VIOLATION, (alias, rule, posts, extra)
