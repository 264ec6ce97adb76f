"""The documentation site: a strict build, every rule and quote on it, and a headless browser.

The site is built with ``mkdocs build --strict`` into a temporary folder (never into the
repository), as of a fixed day so that the test and the build compose the same rulebooks.

* Without the docs extra (``pip install ".[docs]"``: mkdocs-material, jieba, selenium) these tests
  skip: the README's test command installs only the test extra.
* Without Debian's ``chromium`` and ``chromium-driver`` the browser tests skip locally, but fail in
  CI (``CI=true``), where ``.ci/run`` installs them first.

Screenshots, when taken, go under pytest's ``tmp_path`` only.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gov_new_media_rules.api import today
from gov_new_media_rules.composition import compose
from gov_new_media_rules.loading import PolicyLibrary, load_library, squash

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
ZEZHOU_QUOTE = "每周更新不得少于3次"
# Domain words the search index must hold whole (the search dictionary of docs/hooks/generate.py).
SEARCH_TERMS = ("工作日", "约谈", "僵尸", "备案", "主办单位", "主管单位", "三审三校", "单项否决", "清理整合", "政务新媒体", "关停", "注销")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# What `pip install ".[docs]"` brings; all of it present is what says "this is a docs run".
DOCS_EXTRA = ("mkdocs", "material", "jieba", "selenium")


def _require_docs_extra() -> None:
    missing = [name for name in DOCS_EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"the docs extra is not installed (missing {', '.join(missing)}): pip install '.[docs]'")


def _require_program(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not on PATH (apt-get install {package})"
        if IN_CI:
            pytest.fail(f"{message}; CI=true, so the browser test must run, not skip")
        pytest.skip(message)
    return found


# ── The build ─────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def library() -> PolicyLibrary:
    return load_library(REPO / "policies")


@pytest.fixture(scope="module")
def build_day() -> dt.date:
    return today()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory, build_day: dt.date) -> Path:
    _require_docs_extra()
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "GNMR_SITE_DATE": build_day.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return out


class _Page(HTMLParser):
    """The ids, the text and the heading texts of one built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, str] = {}  # id -> tag
        self.headings: dict[str, str] = {}
        self.text: list[str] = []
        self._heading: tuple[str, list[str]] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        anchor = values.get("id")
        if anchor:
            self.ids[anchor] = tag
            if tag in ("h1", "h2", "h3", "h4"):
                self._heading = (anchor, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if self._heading is not None and tag in ("h1", "h2", "h3", "h4"):
            anchor, parts = self._heading
            self.headings[anchor] = "".join(parts).replace("¶", "").strip()
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._heading is not None:
            self._heading[1].append(data)


def _page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _page_name(library: PolicyLibrary, jurisdiction_id: str) -> str:
    node = library.tree.nodes[jurisdiction_id]
    return node.aliases[0] if node.aliases else node.id


def _held_jurisdictions(library: PolicyLibrary) -> list[str]:
    return sorted({d.jurisdiction for d in library.documents.values()})


def test_every_rule_id_and_quote_of_every_jurisdiction_is_on_the_site(
    site_dir: Path, library: PolicyLibrary, build_day: dt.date
) -> None:
    checked = 0
    for jurisdiction in _held_jurisdictions(library):
        path = site_dir / "jurisdictions" / _page_name(library, jurisdiction) / "index.html"
        assert path.is_file(), f"no page for {jurisdiction}"
        page = _page(path)
        text = squash(html.unescape("".join(page.text)))
        assert f"{build_day.year}年{build_day.month}月{build_day.day}日" in text, "the page does not say its as-of date"
        book = compose(library, jurisdiction, build_day)
        for effective in book:
            rule = effective.rule
            # The anchor is exactly the rule id, on the rule's own heading, whose text is intact.
            assert page.ids.get(rule.id) == "h3", f"{path.parent.name}: no heading with id {rule.id!r}"
            assert page.headings[rule.id] == rule.title, f"{rule.id}: heading {page.headings[rule.id]!r}"
            for citation in rule.sources:
                assert squash(citation.quote) in text, f"{path.parent.name}: quote of {rule.id} missing: {citation.quote!r}"
            checked += 1
        # Rules of this jurisdiction's own documents are on its page even when not in force today.
        for rule in library.rules.values():
            if rule.jurisdiction == jurisdiction:
                assert rule.id in page.ids, f"{rule.id} has no anchor on its own jurisdiction's page"
    assert checked > 0


def test_every_clause_is_anchored_and_every_omission_explained(site_dir: Path, library: PolicyLibrary) -> None:
    from gov_new_media_rules.site import clause_anchor

    for document in library.documents.values():
        page = _page(site_dir / "documents" / document.id / "index.html")
        text = squash(html.unescape("".join(page.text)))
        for clause in document.clauses:
            assert clause_anchor(clause.id) in page.ids, f"{document.id}: clause {clause.id} has no anchor"
            assert squash(clause.text) in text, f"{document.id}: text of clause {clause.id} missing"
        for omission in library.not_encoded.get(document.id, ()):
            assert squash(omission.reason) in text
        for rule in library.rules_of(document.id):
            assert rule.id in text, f"{document.id}: no link to {rule.id}"
        if str(document.held) == "secondary":
            assert "二手引文" in text


def test_search_index_segments_chinese_words(site_dir: Path) -> None:
    import json

    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    for term in SEARCH_TERMS:
        hits = [
            doc["location"]
            for doc in index["docs"]
            if term in separator.split(doc["title"]) or term in separator.split(re.sub(r"<[^>]+>", " ", doc["text"]))
        ]
        assert any("#" in hit and "." in hit.split("#")[1] for hit in hits), f"no rule section indexes the word {term}"


def _hook() -> object:
    spec = importlib.util.spec_from_file_location("gnmr_docs_hook", REPO / "docs" / "hooks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_search_worker_keeps_a_querys_last_character(site_dir: Path) -> None:
    # The theme's worker cut 工作日 to 工作* and 约谈 to 约*; the hook fixes it in the built site.
    workers = list((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert workers
    hook = _hook()
    for worker in workers:
        script = worker.read_text(encoding="utf-8")
        assert hook._SEGMENT_FIXED.search(script), f"{worker.name}: the query segmentation is not fixed"  # type: ignore[attr-defined]


def test_search_dictionary_is_drawn_from_the_data(library: PolicyLibrary) -> None:
    _require_docs_extra()
    words = _hook().search_dictionary(library)  # type: ignore[attr-defined]
    for term in SEARCH_TERMS:
        assert words.get(term, 0) > 0, f"{term} is not kept whole"
    # Words from the data, not only the hand-kept glossary: quoted terms and unknown labels.
    assert {"两微一端", "晾晒", "最多跑一次"} <= set(words)
    # "2个工作日内" is cut as 工作日 + 内.
    assert words.get("工作日内", 1) == 0


def _toc_entries(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    toc = text.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0] if "md-nav--secondary" in text else ""
    entries = re.findall(r'<a href="#([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>', toc, re.S)
    return [(anchor, html.unescape(re.sub(r"<[^>]+>|\s+", "", label))) for anchor, label in entries]


def test_table_of_contents_titles_are_distinct(site_dir: Path, library: PolicyLibrary) -> None:
    for jurisdiction in _held_jurisdictions(library):
        path = site_dir / "jurisdictions" / _page_name(library, jurisdiction) / "index.html"
        entries = _toc_entries(path)
        assert entries, f"{path.parent.name}: no table of contents"
        labels = [label for _, label in entries]
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        assert not repeated, f"{path.parent.name}: the table of contents repeats {repeated}"
    # A local/national pair keeps its titles and anchors; the entries name the jurisdiction.
    entries = dict(_toc_entries(site_dir / "jurisdictions" / "zezhou" / "index.html"))
    page = _page(site_dir / "jurisdictions" / "zezhou" / "index.html")
    for rule_id, prefix in (("zezhou.scope.definition", "泽州县："), ("cn.scope.definition", "国家：")):
        assert entries[rule_id] == prefix + library.rules[rule_id].title
        assert page.headings[rule_id] == library.rules[rule_id].title


def test_changelog_and_404_have_a_chinese_frame(site_dir: Path) -> None:
    changelog = _page(site_dir / "changelog" / "index.html")
    assert changelog.headings.get("changelog") == "更新日志"
    assert "unreleased" in changelog.ids, "the changelog's own anchors changed"
    text = "".join(changelog.text)
    assert "本页记录软件库" in text and "Changelog" not in changelog.headings.values()
    missing = _page(site_dir / "404.html")
    assert missing.headings.get("not-found") == "页面不存在（404）"
    assert "Not found" not in "".join(missing.text).replace("Page not found", "")


# ── The browser ───────────────────────────────────────────────────────────────


# Model names that may still stand in Chinese text, each with why: none yet. Rule ids, clause ids
# and 文号 are in code spans or links, and English sentences are not Chinese text.
ALLOWED_NAMES: dict[str, str] = {}
_MODEL_NAME = re.compile(r"(?<![\w.\-/])[a-z]+(?:_[a-z0-9]+)+(?![\w\-])")


def _chinese_sentences(path: Path) -> list[str]:
    """The sentences with Chinese characters in a page's content, code spans and English (italic
    translations) left out."""
    page = path.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*)</article>", page, re.S)
    body = re.sub(r"<code>.*?</code>|<em>.*?</em>|<script.*?</script>", "", match.group(1) if match else page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    sentences = re.split(r"\n|(?<=[。！？；])|(?<=[.!?])(?=\s)", text)
    # Chinese text: more Chinese characters than Latin letters (an English sentence quoting 试行 is English).
    return [s for s in sentences if len(re.findall(r"[\u4e00-\u9fff]", s)) > len(re.findall(r"[A-Za-z]", s))]


def test_legal_pages_say_the_models_names_in_chinese(site_dir: Path) -> None:
    """No enum value, field or event name of the model (account_opened, insufficient_data,
    host_unit_level …) in the Chinese text of the jurisdiction, document and comparison pages."""
    pages = [*sorted((site_dir / "jurisdictions").rglob("index.html")), *sorted((site_dir / "documents").rglob("index.html")),
             site_dir / "compare" / "index.html"]
    found: dict[str, str] = {}
    for path in pages:
        for sentence in _chinese_sentences(path):
            for name in _MODEL_NAME.findall(sentence):
                if name not in ALLOWED_NAMES:
                    found.setdefault(name, f"{path.parent.relative_to(site_dir)}: {sentence.strip()[:120]}")
    assert not found, "model names in Chinese text:\n" + "\n".join(f"{k}: {v}" for k, v in sorted(found.items()))


def test_every_badge_on_the_comparison_page_gives_its_reason(site_dir: Path) -> None:
    """辖区对比: a badge that says a local rule loosens or cannot be ranked says why (its title)."""
    page = (site_dir / "compare" / "index.html").read_text(encoding="utf-8")
    badges = re.findall(r'<span class="gnmr-badge gnmr-badge--(deviation|verdict-looser|verdict-incomparable)"([^>]*)>', page)
    assert badges, "the comparison page shows no such badge: the test checks nothing"
    bare = [kind for kind, attrs in badges if 'title="' not in attrs or 'title=""' in attrs]
    assert not bare, f"badges without a reason: {bare}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(site_dir: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def chromium() -> str:
    _require_docs_extra()
    return _require_program("chromium", "chromium")


@pytest.fixture(scope="module")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    driver_path = _require_program("chromedriver", "chromium-driver")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1280,1000"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_zezhou_page_shows_a_quote_in_chromium(server: str, chromium: str, tmp_path: Path) -> None:
    url = f"{server}/jurisdictions/zezhou/"
    result = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert ZEZHOU_QUOTE in dom
    assert 'id="zezhou.update.weekly-minimum"' in dom


def test_zezhou_quote_is_visible(server: str, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(f"{server}/jurisdictions/zezhou/#zezhou.update.weekly-minimum")  # type: ignore[attr-defined]
    heading = driver.find_element(By.ID, "zezhou.update.weekly-minimum")  # type: ignore[attr-defined]
    assert heading.is_displayed()
    quote = driver.find_element(By.XPATH, f"//blockquote[contains(., '{ZEZHOU_QUOTE}')]")  # type: ignore[attr-defined]
    assert quote.is_displayed()
    driver.save_screenshot(str(tmp_path / "zezhou.png"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("term", ["工作日", "约谈", "僵尸", "备案"])
def test_search_finds_rules_for_a_chinese_word(
    server: str, browser: object, library: PolicyLibrary, term: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(f"{server}/?q={urllib.parse.quote(term)}")  # type: ignore[attr-defined]
    try:
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
    finally:
        driver.save_screenshot(str(tmp_path / "search.png"))  # type: ignore[attr-defined]
    links = [a.get_attribute("href") or "" for a in driver.find_elements(By.CSS_SELECTOR, ".md-search-result a")]  # type: ignore[attr-defined]
    found = {urllib.parse.urlsplit(link).fragment for link in links} & set(library.rules)
    assert found, f"searching {term} found no rule: {links[:10]}"
    # At least one rule found is one whose own words carry the term.
    with_term = [
        rule_id
        for rule_id in found
        if any(term in c.quote for c in library.rules[rule_id].sources) or term in library.rules[rule_id].title
    ]
    assert with_term, f"searching {term} found rules, none of which quotes it: {sorted(found)[:10]}"
    # The first result (the first link whose text matched: a page listed only to head its sections
    # has no highlighted term) is a rule about the term: 工作日 must not lead with 工作人员.
    hits = [
        a.get_attribute("href") or ""
        for a in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__link")  # type: ignore[attr-defined]
        if a.find_elements(By.TAG_NAME, "mark")
    ]
    assert hits, f"searching {term}: no result highlights it"
    first = urllib.parse.urlsplit(hits[0]).fragment
    assert first in library.rules, f"searching {term}: the first result is not a rule: {hits[0]}"
    rule = library.rules[first]
    assert term in rule.title or any(term in c.quote for c in rule.sources), (
        f"searching {term}: the first result {first} ({rule.title}) is not about {term}"
    )
