"""The page generator (``gov_new_media_rules.site``) as pure functions: no mkdocs needed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gov_new_media_rules.dates import PartialDate
from gov_new_media_rules.loading import load_library
from gov_new_media_rules.model.params import (
    AnnouncementPeriodParams,
    Duration,
    DurationUnit,
    FilingDeadlineParams,
    FrequencyParams,
    MaxInactivityParams,
)
from gov_new_media_rules.model.rules import Applicability
from gov_new_media_rules.site import (
    applies_to_zh,
    clause_anchor,
    clause_slug,
    esc,
    generate_pages,
    params_zh,
    partial_date_zh,
)

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def library():
    return load_library(REPO / "policies")


@pytest.fixture(scope="module")
def pages(library):
    return generate_pages(library, DAY)


@pytest.mark.parametrize(
    ("clause_id", "slug"),
    [
        ("四.(一)", "四._一"),
        ("第十五条.(十一)", "第十五条._十一"),
        ("7.5.(3)", "7.5._3"),
        ("一.(三).1", "一._三.1"),
        ("附件1", "附件1"),
        ("veto.no-update", "veto.no-update"),
        ("preamble", "preamble"),
    ],
)
def test_clause_slug(clause_id: str, slug: str) -> None:
    assert clause_slug(clause_id) == slug
    assert clause_anchor(clause_id) == f"clause-{slug}"


def test_clause_slugs_are_unique_and_link_safe(library) -> None:
    for document in library.documents.values():
        slugs = [clause_slug(c.id) for c in document.clauses]
        assert len(set(slugs)) == len(slugs), document.id
        for slug in slugs:
            assert not re.search(r"[\s()（）#]", slug), slug


def test_params_in_plain_words() -> None:
    weekly = FrequencyParams(minimum=3, per=Duration(1, DurationUnit.WEEKS))
    assert params_zh("posting_frequency", weekly) == ["每周（自然周，周一至周日）至少更新3次"]
    fortnight = FrequencyParams(minimum=1, per=Duration(2, DurationUnit.WEEKS))
    assert params_zh("original_posts", fortnight) == ["每2周（14个自然日）至少发布原创内容1条"]
    assert params_zh("posting_frequency", FrequencyParams()) == ["及时更新（原文未规定具体次数）"]
    filing = FilingDeadlineParams(
        events=("account_opened",), within=Duration(2, DurationUnit.WORKING_DAYS), recipients=("supervising_unit",)
    )
    lines = params_zh("filing_deadline", filing)
    assert any(line.startswith("时限：事件发生后2个工作日内（事件当日不计") for line in lines)
    assert "报送对象：主管单位" in lines
    assert params_zh("max_inactivity", MaxInactivityParams(Duration(7, DurationUnit.WORKING_DAYS)))[0].startswith(
        "超过7个工作日未更新"
    )
    period = AnnouncementPeriodParams(event="closure_announced", minimum=Duration(15, DurationUnit.WORKING_DAYS))
    assert params_zh("announcement_period", period) == ["发布停更、关停公告后，公告期不少于15个工作日"]


def test_scope_in_plain_words() -> None:
    assert applies_to_zh(Applicability()) is None
    service = Applicability(platforms=("wechat",), account_types=("service",))
    assert applies_to_zh(service) == "微信服务号"
    assert applies_to_zh(Applicability(exclude=service)) == "所有账号，但不含微信服务号"
    assert applies_to_zh(Applicability(main_account=True)) == "主账号"


def test_dates_keep_their_precision() -> None:
    assert partial_date_zh(PartialDate(2023), dt.date(2023, 1, 1)) == "2023年（推定自2023年1月1日）"
    assert partial_date_zh(PartialDate(2018, 12, 27)) == "2018年12月27日"
    assert partial_date_zh(PartialDate(), dt.date(2022, 3, 26)) == "不详（推定自2022年3月26日）"


def test_escaping_keeps_text_literal() -> None:
    import html

    text = "1. a*b_c [d] <e> | #f `g` \\h"
    escaped = esc(text)
    bare = re.sub(r"&#?\w+;", "", escaped)
    for char in "*_[]<>|#`\\":
        assert char not in bare
    assert not escaped.startswith("1.")
    assert html.unescape(escaped) == text
    markdown = pytest.importorskip("markdown")
    rendered = markdown.markdown(escaped)
    assert html.unescape(re.sub(r"</?p>", "", rendered)) == text


def test_generated_pages_cover_every_rule_and_document(library, pages) -> None:
    assert pages.problems == []
    assert pages.on == DAY
    for rule in library.rules.values():
        node = library.tree.nodes[rule.jurisdiction]
        page = pages.pages[f"jurisdictions/{node.aliases[0] if node.aliases else node.id}.md"]
        # The anchor, possibly followed by a table-of-contents label (data-toc-label="国家：…").
        assert re.search(r"\{#" + re.escape(rule.id) + r"[ }]", page), rule.id
    for document in library.documents.values():
        page = pages.pages[f"documents/{document.id}.md"]
        for clause in document.clauses:
            assert f"{{#{clause_anchor(clause.id)}}}" in page
    assert "compare.md" in pages.pages
    assert "2024年6月1日" in pages.pages["jurisdictions/zezhou.md"]


def test_refinements_show_the_national_rule_and_the_verdict(pages) -> None:
    zezhou = pages.pages["jurisdictions/zezhou.md"]
    section = zezhou.split("{#zezhou.update.weekly-minimum}", 1)[1].split("\n### ", 1)[0]
    assert "细化国家规则" in section and "cn.update.timely" in section
    assert ">收紧<" in section and "(tighter)" not in section  # the verdict in Chinese, no English code
    assert "每周（自然周，周一至周日）至少更新3次" in section


def test_a_broken_rulebook_is_reported_not_hidden(library, monkeypatch) -> None:
    import gov_new_media_rules.site as site
    from gov_new_media_rules.errors import CompositionError

    real = site.compose

    def failing(lib, jurisdiction, on, overlays=()):
        if jurisdiction == "cn.shanxi.jincheng.zezhou":
            raise CompositionError("zezhou-zzbh-2022-6: rule x loosens y")
        return real(lib, jurisdiction, on, overlays)

    monkeypatch.setattr(site, "compose", failing)
    result = generate_pages(library, DAY)
    assert any("cn.shanxi.jincheng.zezhou" in p and "loosens" in p for p in result.problems)
    page = result.pages["jurisdictions/zezhou.md"]
    assert "规则集无法组成" in page
    assert "{#zezhou.update.weekly-minimum}" in page  # the rules are still there, as written
