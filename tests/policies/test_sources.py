"""The project's own copy of the source texts under policies/: checks on the data itself.

For every document folder (a folder with a document.toml):

* each clause text is verbatim in source.txt, clause ids are unique, and clauses are in source order;
* clauses and noise together tile the whole of source.txt once all whitespace is removed;
* each noise text is verbatim in source.txt;
* each gap names a clause that exists, or is marked ``missing = true`` and names one that does not;
* source.txt is byte-identical to ../shared/sources/<id>.txt while that directory exists.

And every jurisdiction.toml parses and has the required keys.

Only the standard library (tomllib, pathlib, re) and pytest are used, so this runs without the package.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
POLICIES = REPO_ROOT / "policies"
SHARED_SOURCES = REPO_ROOT.parent / "shared" / "sources"

WS = re.compile(r"\s+")
PARTIAL_DATE = re.compile(r"^(unknown|\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2})$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LEVELS = {"national", "province", "city", "county", "new_area"}

# The five texts of ../shared/sources and where the project keeps its copy.
HELD_TEXTS = {
    "cn-gbf-2018-123": "cn/cn-gbf-2018-123",
    "zezhou-zzbh-2022-6": "cn/shanxi/jincheng/zezhou/zezhou-zzbh-2022-6",
    "gaoxian-2023-notice": "cn/sichuan/yibin/gaoxian/gaoxian-2023-notice",
    "changchun-xinqu-2021-2": "cn/jilin/changchun/xinqu/changchun-xinqu-2021-2",
    "huzhou-basic-level-guide": "cn/zhejiang/huzhou/huzhou-basic-level-guide",
}


def squash(text: str) -> str:
    return WS.sub("", text)


def load(path: Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


DOC_DIRS = sorted(p.parent for p in POLICIES.rglob("document.toml"))
JUR_FILES = sorted(POLICIES.rglob("jurisdiction.toml"))


class Doc:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.meta = load(folder / "document.toml")
        self.source = (folder / self.meta.get("source", "source.txt")).read_text(encoding="utf-8")
        self.clauses = load(folder / "clauses.toml")["clauses"]
        self.noise = self.meta.get("noise", [])
        self.gaps = self.meta.get("gaps", [])


@pytest.fixture(params=DOC_DIRS, ids=[d.name for d in DOC_DIRS])
def doc(request) -> Doc:
    return Doc(request.param)


def test_documents_found():
    names = {d.name for d in DOC_DIRS}
    assert set(HELD_TEXTS) | {"cn-gbmh-2019-19"} <= names


# ---------------------------------------------------------------- clauses


def test_clause_texts_are_verbatim(doc: Doc):
    for c in doc.clauses:
        assert c["text"], f"{doc.folder.name}: clause {c['id']} is empty"
        assert c["text"] == c["text"].strip(), f"{doc.folder.name}: clause {c['id']} is not trimmed"
        assert c["text"] in doc.source, f"{doc.folder.name}: clause {c['id']} is not verbatim in source.txt"


def test_clause_keys_and_ids(doc: Doc):
    ids = [c["id"] for c in doc.clauses]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"{doc.folder.name}: duplicate clause ids {dupes}"
    for c in doc.clauses:
        assert set(c) <= {"id", "heading", "text"}, f"{doc.folder.name}: clause {c['id']} has unknown keys"
        assert "（" not in c["id"] and "）" not in c["id"], f"{c['id']}: ids use ASCII parentheses"
        assert c["id"] == c["id"].strip() and not WS.search(c["id"])
        if "heading" in c:
            assert squash(c["heading"]) in squash(c["text"]), f"{doc.folder.name}: heading of {c['id']} not in its text"


def test_clauses_in_source_order(doc: Doc):
    pos = 0
    for c in doc.clauses:
        at = doc.source.find(c["text"], pos)
        assert at >= 0, f"{doc.folder.name}: clause {c['id']} is out of order (or overlaps the one before)"
        pos = at + len(c["text"])


def test_clauses_and_noise_cover_the_source(doc: Doc):
    """Removing each clause and noise text, in order, from the squashed source leaves nothing."""
    rest = squash(doc.source)
    pieces_c = [(f"clause {c['id']}", squash(c["text"])) for c in doc.clauses]
    pieces_n = [(f"noise #{i + 1}", squash(n["text"])) for i, n in enumerate(doc.noise)]
    ci = ni = 0
    pos = 0
    while pos < len(rest):
        if ci < len(pieces_c) and rest.startswith(pieces_c[ci][1], pos):
            pos += len(pieces_c[ci][1])
            ci += 1
        elif ni < len(pieces_n) and rest.startswith(pieces_n[ni][1], pos):
            pos += len(pieces_n[ni][1])
            ni += 1
        else:
            nxt = pieces_c[ci][0] if ci < len(pieces_c) else "end of clauses"
            pytest.fail(f"{doc.folder.name}: source text not covered at …{rest[max(0, pos - 20):pos]}|{rest[pos:pos + 40]}… (next expected: {nxt})")
    assert ci == len(pieces_c), f"{doc.folder.name}: clauses left over from {pieces_c[ci][0] if ci < len(pieces_c) else ''}"
    assert ni == len(pieces_n), f"{doc.folder.name}: noise left over"


# ---------------------------------------------------------------- noise and gaps


def test_noise_is_verbatim(doc: Doc):
    for n in doc.noise:
        assert set(n) <= {"text", "reason", "reason_zh"} and n.get("reason"), f"{doc.folder.name}: noise needs text and reason"
        assert n["text"] == n["text"].strip()
        assert n["text"] in doc.source, f"{doc.folder.name}: noise {n['text'][:20]!r} is not verbatim in source.txt"


def test_gaps_name_a_clause(doc: Doc):
    ids = {c["id"] for c in doc.clauses}
    for g in doc.gaps:
        assert set(g) <= {"clause", "missing", "description", "description_en"}, f"{doc.folder.name}: gap keys {set(g)}"
        assert g.get("clause") and g.get("description"), f"{doc.folder.name}: a gap needs clause and description"
        if g.get("missing", False):
            assert g["clause"] not in ids, f"{doc.folder.name}: gap {g['clause']} is marked missing but the clause exists"
        else:
            assert g["clause"] in ids, f"{doc.folder.name}: gap names clause {g['clause']}, which does not exist"


# ---------------------------------------------------------------- the copy of ../shared


def test_source_matches_shared_copy(doc: Doc):
    if not SHARED_SOURCES.is_dir():
        pytest.skip("no ../shared/sources here (installed package or CI); nothing to compare with")
    if doc.meta.get("held") != "full":
        pytest.skip(f"{doc.folder.name} is held only through secondary quotes: its source.txt is compiled")
    original = SHARED_SOURCES / f"{doc.folder.name}.txt"
    if not original.exists():
        pytest.skip(f"no {original.name} in ../shared/sources")
    assert (doc.folder / "source.txt").read_bytes() == original.read_bytes()


@pytest.mark.parametrize("name", sorted(HELD_TEXTS))
def test_every_shared_text_has_a_copy(name: str):
    if not SHARED_SOURCES.is_dir():
        pytest.skip("no ../shared/sources here")
    copy = POLICIES / HELD_TEXTS[name] / "source.txt"
    assert copy.read_bytes() == (SHARED_SOURCES / f"{name}.txt").read_bytes()


# ---------------------------------------------------------------- document.toml basics


def test_document_metadata(doc: Doc):
    m = doc.meta
    name = doc.folder.name
    for key in ("id", "title", "issuer", "level", "kind", "status", "held", "encoding_version", "signed", "published", "effective_from"):
        assert key in m, f"{name}: document.toml lacks {key}"
    assert m["id"] == name
    assert ("number" in m) or ("number_note" in m), f"{name}: no number and no number_note"
    assert m["level"] in LEVELS
    assert m["kind"] in {"opinion", "notice", "measures", "guide", "indicators"}
    assert m["status"] in {"in_force", "trial", "superseded"}
    assert m["held"] in {"full", "secondary"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", m["encoding_version"])
    for key in ("signed", "published", "effective_from", "effective_until"):
        if key in m:
            assert PARTIAL_DATE.match(m[key]), f"{name}: {key} = {m[key]!r} is not a partial date"
    if not FULL_DATE.match(m["effective_from"]):
        assert FULL_DATE.match(m.get("effective_from_assumed", "")), f"{name}: needs effective_from_assumed"
        assert m.get("effective_from_note"), f"{name}: needs effective_from_note"
    doc_ids = {d.name for d in DOC_DIRS}
    for c in m.get("cites", []):
        assert c.get("title"), f"{name}: a cite needs a title"
        if "held_as" in c:
            assert c["held_as"] in doc_ids, f"{name}: cites held_as {c['held_as']}, which is not held"


# ---------------------------------------------------------------- jurisdictions


@pytest.mark.parametrize("path", JUR_FILES, ids=[str(p.parent.relative_to(POLICIES)) for p in JUR_FILES])
def test_jurisdiction_toml(path: Path):
    j = load(path)
    where = path.parent.relative_to(POLICIES)
    assert set(j) <= {"name", "name_en", "level", "aliases", "known_documents"}, f"{where}: unknown keys"
    for key in ("name", "name_en", "level"):
        assert isinstance(j.get(key), str) and j[key], f"{where}: lacks {key}"
    assert j["level"] in LEVELS
    assert all(isinstance(a, str) and a for a in j.get("aliases", []))
    for k in j.get("known_documents", []):
        assert set(k) <= {"number", "title", "published", "note"}, f"{where}: known_documents keys {set(k)}"
        assert k.get("title") and k.get("note"), f"{where}: a known document needs title and note"
        if "published" in k:
            assert PARTIAL_DATE.match(k["published"])


def test_jurisdiction_tree():
    jur_dirs = {p.parent for p in JUR_FILES}
    # every folder between policies/ and a jurisdiction is itself a jurisdiction
    for d in jur_dirs:
        for parent in d.relative_to(POLICIES).parents:
            if parent != Path("."):
                assert POLICIES / parent in jur_dirs, f"{parent} has no jurisdiction.toml"
    # every document is held by a jurisdiction
    for d in DOC_DIRS:
        assert d.parent in jur_dirs, f"{d} is not inside a jurisdiction folder"
    ids = {".".join(d.relative_to(POLICIES).parts): load(d / "jurisdiction.toml") for d in jur_dirs}
    aliases = [a for j in ids.values() for a in j.get("aliases", [])]
    assert len(aliases) == len(set(aliases)), "aliases must be unique"
    expected = {
        "cn": ("national", "national"),
        "cn.shanxi.jincheng.zezhou": ("county", "zezhou"),
        "cn.sichuan.yibin.gaoxian": ("county", "gaoxian"),
        "cn.jilin.changchun.xinqu": ("new_area", "changchun-xinqu"),
        "cn.zhejiang.huzhou": ("city", "huzhou"),
    }
    for jid, (level, alias) in expected.items():
        assert jid in ids, f"missing jurisdiction {jid}"
        assert ids[jid]["level"] == level
        assert alias in ids[jid].get("aliases", [])
