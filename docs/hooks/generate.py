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
import re
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    # Generate from this checkout's code and policies, even when an older copy is installed.
    sys.path.insert(0, str(SRC))

log = get_plugin_logger("gnmr")

_state: dict[str, object] = {}

# The hand-kept part of the search dictionary (the glossary); the rest is drawn from the data.
SEARCH_WORDS_FILE = Path(__file__).with_name("search-words.txt")
SEARCH_PLUGIN = "material/search"


def _build_date() -> dt.date:
    override = os.environ.get("GNMR_SITE_DATE")
    if override:
        try:
            return dt.date.fromisoformat(override)
        except ValueError:
            raise PluginError(f"GNMR_SITE_DATE={override!r} is not a date (YYYY-MM-DD)") from None
    from gov_new_media_rules.api import today

    return today()


def _hand_kept_words() -> list[str]:
    words = []
    for line in SEARCH_WORDS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def search_dictionary(library) -> dict[str, int]:
    """The jieba user dictionary of the search index: word → frequency.

    Chinese has no spaces, so the search plugin cuts the text into words with jieba, and a word
    jieba does not know is indexed in pieces: 约谈 as 约 + 谈, which then finds 约定. The words
    come from the data (:func:`gov_new_media_rules.site.search_terms`: the vocabularies' labels
    and the terms the texts quote) and from ``search-words.txt`` (the glossary):

    * every glossary word, every quoted term, and every label part that jieba would cut into single
      characters (a word it does not know) gets the frequency that keeps it whole;
    * a longer word of jieba's own that swallows a glossary word in the policy texts (工作日内 in
      "2个工作日内") gets the frequency that cuts it apart (工作日 + 内), so that the domain word is
      what is indexed, and found.

    The frequencies are worked out on a private tokenizer, so the file reproduces them exactly
    when the search plugin loads it into jieba.
    """
    import jieba

    from gov_new_media_rules.site import search_terms

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    domain = set(_hand_kept_words())
    for term, origin in search_terms(library).items():
        if origin.startswith("quoted") or all(len(piece) == 1 for piece in tokenizer.cut(term, HMM=False)):
            domain.add(term)
    words: dict[str, int] = {}
    for word in sorted(domain, key=lambda w: (len(w), w)):
        words[word] = tokenizer.suggest_freq(word, tune=True)
    texts = [rule.title for rule in library.rules.values()]
    texts += [citation.quote for rule in library.rules.values() for citation in rule.sources]
    texts += [clause.text for document in library.documents.values() for clause in document.clauses]
    # Only the glossary's words cut a longer word apart: a generic quoted word (人员, 机构) would
    # otherwise cut 工作人员 and 管理人员 too.
    longest_first = sorted(_hand_kept_words(), key=len, reverse=True)
    for _ in range(3):  # cutting one compound apart may expose another
        changed = False
        for text in texts:
            for token in tokenizer.cut(text):
                if len(token) < 3 or token in domain:
                    continue
                inner = next((w for w in longest_first if len(w) < len(token) and w in token), None)
                if inner is None:
                    continue
                before, _, after = token.partition(inner)
                words[token] = tokenizer.suggest_freq(tuple(p for p in (before, inner, after) if p), tune=True)
                changed = True
        if not changed:
            break
    return words


def _wire_search_dictionary(config, library) -> None:
    """Write the search dictionary and hand it to the search plugin (``jieba_dict_user``)."""
    search = config.plugins.get(SEARCH_PLUGIN)
    if search is None:
        return
    try:
        import jieba
    except ImportError:
        log.warning(
            "jieba is not installed: Chinese text will not be segmented and searches for words such as "
            "工作日 or 备案 will miss most pages; install the docs extra (pip install '.[docs]')"
        )
        return
    jieba.setLogLevel(60)
    if search.config.jieba_dict_user:
        log.warning("mkdocs.yml sets search.jieba_dict_user; the generated search dictionary replaces it")
    words = search_dictionary(library)
    folder = Path(tempfile.gettempdir()) / "gnmr-search"
    folder.mkdir(exist_ok=True)
    path = folder / f"jieba-user-dict-{os.getpid()}.txt"
    path.write_text("".join(f"{word} {freq}\n" for word, freq in sorted(words.items())), encoding="utf-8")
    search.config.jieba_dict_user = str(path)
    _state.update(search_dictionary=path)


# Before the search plugin's own on_config, which loads the dictionary into jieba.
@event_priority(50)
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
    _wire_search_dictionary(config, library)
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


# The search worker of mkdocs-material cuts a Chinese query into the words the index holds
# (integrations/search/query/segment): for each start it tries the slices query[i:j] for
# j < len(query), never j == len(query), so the query's last character is never part of a word.
# 工作日 becomes 工作* (and finds 工作人员 first), 约谈 becomes 约* (and finds 约定). The fix is
# one character, made here to the minified worker the theme ships: j <= len(query), and a last
# word of one character is then looked up too. If a new theme version changes that code, the build
# warns (and --strict fails), so that this is looked at again, not silently lost.
_SEGMENT_LOOP = re.compile(
    r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in (\w+)&&"
    r"\((\w+)\[\2\]=\1-\2\)(.{0,200}?)(\w+)\[(\w+)\]&&\8<\3\.length-1&&"
)
_SEGMENT_FIXED = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")


def fix_search_segmentation(script: str) -> str | None:
    """The search worker with the query segmentation fixed, or None if its code is not the known one."""
    if _SEGMENT_FIXED.search(script):
        return script
    matches = list(_SEGMENT_LOOP.finditer(script))
    if len(matches) != 1:
        return None
    m = matches[0]
    i, start, query, index, cuts, middle, stack_end, p = m.groups()
    fixed = (
        f"for(let {i}={start}+1;{i}<={query}.length;{i}++){query}.slice({start},{i})in {index}&&"
        f"({cuts}[{start}]={i}-{start}){middle}{stack_end}[{p}]&&{p}<{query}.length&&"
    )
    return script[: m.start()] + fixed + script[m.end() :]


def _patch_search_worker(files: Files, config) -> None:
    workers = [
        f for f in files if f.src_uri.startswith("assets/javascripts/workers/search.") and f.src_uri.endswith(".min.js")
    ]
    if not workers or config.plugins.get(SEARCH_PLUGIN) is None:
        return
    for worker in workers:
        fixed = fix_search_segmentation(Path(worker.abs_src_path).read_text(encoding="utf-8"))
        if fixed is None:
            log.warning(
                f"{worker.src_uri}: the Chinese query segmentation of this mkdocs-material version is not the "
                "code docs/hooks/generate.py fixes; check whether a search for 工作日 still looks for 工作*"
            )
            continue
        files.remove(worker)
        files.append(File.generated(config, worker.src_uri, content=fixed))


def on_files(files: Files, config) -> Files:
    _patch_search_worker(files, config)
    generated = _state["generated"]
    for uri, content in generated.pages.items():  # type: ignore[attr-defined]
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} exists, but this page is generated; remove the file")
        files.append(File.generated(config, uri, content=content))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    files.append(File.generated(config, "changelog.md", content=changelog_page(changelog)))
    for uri, content in _report_example().items():
        files.append(File.generated(config, uri, content=content))
    return files


REPORT_EXAMPLE = "developer/report-example.html"
REPORT_SCREENSHOT = "developer/report-example.png"


def _example_facts() -> dict:
    """One made-up 泽州县 account over a year: posts every other day, a silent October, an
    advertisement, its opening filed with the county office only."""
    start = dt.date(2024, 5, 6)
    posts = [{"published_at": f"{start + dt.timedelta(days=n)}T10:00:00+08:00", "tags": [], "original": n % 3 == 0}
             for n in range(0, 343, 2) if (start + dt.timedelta(days=n)).month != 10]
    posts.append({"id": "广告-0305", "published_at": "2025-03-05T10:00:00+08:00", "tags": ["commercial_ad"]})
    return {"accounts": [{
        "id": "zezhou-example", "name": "泽州示例发布", "platform": "weibo", "host_unit": "泽州县某局",
        "opened_on": start.isoformat(), "in_national_filing_system": True, "posts": posts,
        "events": [{"type": "account_info_changed", "on": "2025-01-08"}],
        "filings": [{"event": "account_opened", "recipient": "supervising_unit", "filed_on": start.isoformat()},
                    {"event": "account_info_changed", "recipient": "national_filing_system", "filed_on": "2025-01-14"}],
    }]}


def _report_example() -> dict[str, bytes]:
    """The developer guide's example report, made at every build by ``gnmr report`` itself, and
    its screenshot when Chromium is on PATH (CI installs it before the build). Neither is kept in
    the repository."""
    import json
    import shutil
    import subprocess

    from gov_new_media_rules.cli import main

    made: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / "facts.json"
        facts.write_text(json.dumps(_example_facts(), ensure_ascii=False), encoding="utf-8")
        report = Path(tmp) / "report.html"
        main(["report", "-j", "zezhou", "--as-of", "2025-04-13", "-o", str(report), "--site-url", "..", str(facts)])
        made[REPORT_EXAMPLE] = report.read_bytes()
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            log.info("no chromium on PATH: the developer guide shows the example report without its screenshot")
            _state["screenshot"] = False
            return made
        shot = Path(tmp) / "report.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={Path(tmp) / 'profile'}", "--window-size=1100,1500",
                        f"--screenshot={shot}", report.as_uri()], capture_output=True, timeout=120)
        if shot.exists():
            made[REPORT_SCREENSHOT] = shot.read_bytes()
        _state["screenshot"] = shot.exists()
    return made


CHANGELOG_FRAME = """\
---
title: 更新日志
---

# 更新日志 {#changelog}

本页记录软件库 `gov_new_media_rules`（命令 `gnmr`）各版本的变更，以及各政策文件编码的版本变化。
软件库按[语义化版本](https://semver.org/lang/zh-CN/)编号；每个政策文件的编码另有自己的版本号
（`document.toml` 中的 `encoding_version`），列在各版本的 “Policies” 一节。核对报告时，可据报告记录的
软件库、政策编码和日历数据版本，在本页查到当时适用的规则变化。

!!! note "以下内容为英文"

    更新日志面向开发人员，按 [Keep a Changelog](https://keepachangelog.com/zh-CN/1.1.0/) 的格式以英文撰写，
    与代码库中的 `CHANGELOG.md` 逐字相同。“Unreleased” 为尚未发布的变更；“Added”“Changed”“Fixed”
    分别为新增、变更和修正。

"""


def changelog_page(changelog: str) -> str:
    """``CHANGELOG.md`` (English) in a Chinese frame: a Chinese title and introduction."""
    lines = changelog.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]  # the frame's title replaces "# Changelog"
    return CHANGELOG_FRAME + "\n".join(lines).lstrip("\n") + "\n"


def on_page_markdown(markdown: str, page, config, files) -> str:
    if "<!-- gnmr:" not in markdown:
        return markdown
    generated = _state["generated"]
    for name, snippet in generated.snippets.items():  # type: ignore[attr-defined]
        markdown = markdown.replace(f"<!-- gnmr:{name} -->", snippet)
    if "<!-- gnmr:report-screenshot -->" in markdown:
        shot = ("![gnmr report 生成的检查报告（截图，构建时生成）](report-example.png)" if _state.get("screenshot")
                else "*(The screenshot is made at build time when Chromium is installed; open the example instead.)*")
        markdown = markdown.replace("<!-- gnmr:report-screenshot -->", shot)
    if "<!-- gnmr:cli-help -->" in markdown:
        from gov_new_media_rules.site import render_cli_reference

        markdown = markdown.replace("<!-- gnmr:cli-help -->", render_cli_reference())
    if "<!-- gnmr:" in markdown:
        log.warning(f"{page.file.src_uri}: unknown generated-content marker (<!-- gnmr:… -->)")
    return markdown


def on_shutdown() -> None:
    path = _state.get("search_dictionary")
    if isinstance(path, Path):
        path.unlink(missing_ok=True)
