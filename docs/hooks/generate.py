"""mkdocs hook: generate the legal-staff pages from the policy objects at build time.

Nothing generated is committed. On every build (and every rebuild under ``mkdocs serve``) this
hook loads ``policies/`` from this checkout, composes each jurisdiction's rulebook as of the build
date (today in Asia/Shanghai, or ``GNMR_SITE_DATE=YYYY-MM-DD``), and adds the pages made by
``gov_new_media_rules.site`` to the site as virtual files:

* ``jurisdictions/<alias>.md`` (各辖区规则), ``documents/<id>.md`` (原文), ``compare.md`` (辖区对比),
  the two section index pages, and ``changelog.md`` (更新日志, from ``CHANGELOG.md``);
* the generated parts of hand-written pages, where they carry a marker ``<!-- gnmr:NAME -->``
  (``overview`` on the home page, ``cli-help`` on the CLI page: ``gnmr --help`` of every command,
  from the parser the command uses).

A rulebook that cannot be composed (a policy edit that loosens a higher rule, a conflict) is
logged as a warning — so ``mkdocs build --strict`` fails — and its page shows the error.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    # Generate from this checkout's code and policies, even when an older copy is installed.
    sys.path.insert(0, str(SRC))

log = get_plugin_logger("gnmr")

_state: dict[str, object] = {}

# Words jieba should keep whole in the search index so that they can be searched for on their
# own: without these, "2个工作日内" is indexed as one token "工作日内" and a search for 工作日 misses it.
SEARCH_WORDS = [
    ("工作日", "内"),
    ("政务新媒体",),
    ("备案",),
    ("备案表",),
    ("主管单位",),
    ("主办单位",),
    ("清理整合",),
    ("单项否决",),
]


def _build_date() -> dt.date:
    override = os.environ.get("GNMR_SITE_DATE")
    if override:
        try:
            return dt.date.fromisoformat(override)
        except ValueError:
            raise PluginError(f"GNMR_SITE_DATE={override!r} is not a date (YYYY-MM-DD)") from None
    from gov_new_media_rules.api import today

    return today()


def _tune_jieba() -> None:
    try:
        import jieba
    except ImportError:
        log.warning(
            "jieba is not installed: Chinese text will not be segmented and searches for words such as "
            "工作日 or 备案 will miss most pages; install the docs extra (pip install '.[docs]')"
        )
        return
    jieba.setLogLevel(60)
    for words in SEARCH_WORDS:
        if len(words) == 1:
            jieba.add_word(words[0])
        else:
            # "工作日内" → "工作日" + "内": lower the compound's frequency so it is split.
            jieba.suggest_freq(words, tune=True)


def on_config(config):
    from gov_new_media_rules.errors import GnmrError
    from gov_new_media_rules.loading import load_library
    from gov_new_media_rules.site import generate_pages

    on = _build_date()
    try:
        library = load_library(ROOT / "policies")
    except GnmrError as exc:
        raise PluginError(f"the policies do not load: {exc}") from None
    generated = generate_pages(library, on)
    for problem in generated.problems:
        log.warning(problem)
    _state.update(generated=generated)
    _extend_nav(config.nav or [], "jurisdictions/index.md", generated.jurisdiction_nav)
    _extend_nav(config.nav or [], "documents/index.md", generated.document_nav)
    _tune_jieba()
    return config


def _extend_nav(nav: list, index: str, entries: list[dict[str, str]]) -> None:
    """Append the generated pages to the nav section whose first entry is ``index``."""
    for item in nav:
        if isinstance(item, dict):
            for value in item.values():
                if not isinstance(value, list) or not value:
                    continue
                first = value[0]
                if first == index or (isinstance(first, dict) and index in first.values()):
                    value.extend(e for e in entries if e not in value)
                    return
                _extend_nav(value, index, entries)


def on_files(files: Files, config) -> Files:
    generated = _state["generated"]
    for uri, content in generated.pages.items():  # type: ignore[attr-defined]
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} exists, but this page is generated; remove the file")
        files.append(File.generated(config, uri, content=content))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    files.append(File.generated(config, "changelog.md", content=changelog))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if "<!-- gnmr:" not in markdown:
        return markdown
    generated = _state["generated"]
    for name, snippet in generated.snippets.items():  # type: ignore[attr-defined]
        markdown = markdown.replace(f"<!-- gnmr:{name} -->", snippet)
    if "<!-- gnmr:cli-help -->" in markdown:
        from gov_new_media_rules.site import render_cli_reference

        markdown = markdown.replace("<!-- gnmr:cli-help -->", render_cli_reference())
    if "<!-- gnmr:" in markdown:
        log.warning(f"{page.file.src_uri}: unknown generated-content marker (<!-- gnmr:… -->)")
    return markdown
