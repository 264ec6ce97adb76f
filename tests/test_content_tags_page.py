"""The site's content-categories page: the tag × jurisdiction table rendered from its page model."""

from __future__ import annotations

import datetime as dt

import pytest

from gov_new_media_rules.loading import load_library
from gov_new_media_rules.site import CONTENT_TAGS_PAGE, build_site, content_tags_model, generate_pages


def test_the_model_has_a_row_per_tag_and_a_column_per_jurisdiction() -> None:
    site = build_site(load_library(), dt.date(2025, 4, 1))
    model = content_tags_model(site)
    assert len(model.columns) == 5
    rows = {r.tag: r for r in model.rows}
    assert len(rows) == 18
    assert all(len(r.cells) == 5 for r in model.rows)
    assert all(not cell for cell in rows["illegal_media"].cells)
    zezhou = [c["id"] for c in model.columns].index("cn.shanxi.jincheng.zezhou")
    assert any("zezhou.content.prohibited" in line and "四.(二)" in line for line in rows["rumour"].cells[zezhou])


def test_the_page_is_rendered_and_in_the_nav() -> None:
    pytest.importorskip("jinja2")
    pages = generate_pages(load_library(), dt.date(2025, 4, 1))
    page = pages.pages[CONTENT_TAGS_PAGE]
    assert page.startswith("# 内容类别与各辖区禁止情况")
    assert "`state_secret`" in page and "第十五条.(二)" in page and "—" in page
    assert {"内容类别与各辖区禁止情况": CONTENT_TAGS_PAGE} in pages.jurisdiction_nav
    assert not pages.problems
