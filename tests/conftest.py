"""Shared test helpers: synthetic policy trees written from Python dicts.

``PolicyTree`` writes ``jurisdiction.toml`` / ``document.toml`` / ``clauses.toml`` /
``source.txt`` / ``rules.toml`` under a root folder, so that a test can build exactly the tree it
needs (one level or four) and load it with ``load_library``. ``make_tree`` is the one-call version
for the common case: one national jurisdiction holding one document with the given rules.

Every file is written from plain dicts through a small TOML writer (inline tables and arrays
only), so a test can also hand in a raw string to write a file verbatim (broken TOML, say).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

# The registered calendar years live in the user's data directory (calendar/store.py). Point it at
# a fresh temporary folder before anything builds the process-wide calendar, so that no test reads
# or writes the real one; set in os.environ, so that the `gnmr` subprocesses tests start see it too.
# Tests that register years set their own folder on top (monkeypatch.setenv).
import atexit as _atexit
import os as _os
import shutil as _shutil
import tempfile as _tempfile

_DATA_DIR = _tempfile.mkdtemp(prefix="gnmr-test-data-")
_os.environ["GNMR_DATA_DIR"] = _DATA_DIR
_os.environ["GNMR_CACHE_DIR"] = _os.path.join(_DATA_DIR, "cache")  # the library cache, likewise
_atexit.register(_shutil.rmtree, _DATA_DIR, ignore_errors=True)

from gov_new_media_rules.loading import PolicyLibrary, load_library  # noqa: E402

# -- a tiny TOML writer -------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else json.dumps(key, ensure_ascii=False)


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Top-level keys one per line; every nested value inline (valid TOML 1.0)."""
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in data.items())


def write_toml(path: Path, data: Mapping[str, Any] | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else dumps_toml(data), encoding="utf-8")
    return path


# -- the default synthetic document -------------------------------------------------------------

DEFAULT_CLAUSES: tuple[dict[str, str], ...] = (
    {"id": "title", "text": "关于加强政务新媒体管理的示例通知"},
    {"id": "一", "text": "一、总体要求。各单位应当加强政务新媒体管理，落实主体责任。"},
    {"id": "二", "text": "二、更新频次。政务新媒体应当确保信息更新及时，每周更新不少于3次。"},
    {"id": "三", "text": "三、备案。开设、变更、关停、注销应向主管单位备案，长期不更新的账号应当关停。"},
)
NOISE_TEXT = "登录 注册 返回顶部"


def default_source(clauses: Sequence[Mapping[str, str]] = DEFAULT_CLAUSES, noise: str | None = NOISE_TEXT) -> str:
    body = "\n\n".join(c["text"] for c in clauses)
    return body + (f"\n\n{noise}\n" if noise else "\n")


def document_meta(doc_id: str, level: str = "national", **overrides: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "id": doc_id,
        "title": "关于加强政务新媒体管理的示例通知",
        "issuer": "示例办公室",
        "level": level,
        "kind": "notice",
        "status": "in_force",
        "held": "full",
        "encoding_version": "1.0.0",
        "source": "source.txt",
        "signed": "2019-01-01",
        "published": "2019-01-01",
        "effective_from": "2019-01-01",
        "noise": [{"text": NOISE_TEXT, "reason": "web page chrome"}],
    }
    meta.update(overrides)
    return {k: v for k, v in meta.items() if v is not None}


def rule(
    rule_id: str,
    kind: str = "duty",
    *,
    clause: str = "二",
    quote: str = "确保信息更新及时",
    params: Mapping[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A valid ``[[rules]]`` table with sensible defaults; ``extra`` overrides or adds keys."""
    data: dict[str, Any] = {
        "id": rule_id,
        "kind": kind,
        "topic": "updating",
        "title": "示例规则",
        "summary": "An example rule.",
        "strength": "mandatory",
        "checkable": False,
        "sources": [{"clause": clause, "quote": quote}],
    }
    if params is not None:
        data["params"] = dict(params) if isinstance(params, Mapping) else params
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def weeks(amount: int) -> dict[str, Any]:
    return {"amount": amount, "unit": "weeks"}


def working_days(amount: int) -> dict[str, Any]:
    return {"amount": amount, "unit": "working_days"}


def calendar_days(amount: int) -> dict[str, Any]:
    return {"amount": amount, "unit": "calendar_days"}


LEVEL_BY_DEPTH = {0: "national", 1: "province", 2: "city", 3: "county"}


class PolicyTree:
    """A synthetic ``policies/`` folder under construction."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def folder(self, jurisdiction_id: str) -> Path:
        return self.root.joinpath(*jurisdiction_id.split("."))

    def jurisdiction(
        self,
        jurisdiction_id: str,
        *,
        name: str | None = None,
        level: str | None = None,
        aliases: Sequence[str] = (),
        with_parents: bool = True,
        raw: str | None = None,
        **extra: Any,
    ) -> Path:
        """Write ``jurisdiction.toml`` (and, by default, any missing ancestor's)."""
        parts = jurisdiction_id.split(".")
        if with_parents:
            for i in range(1, len(parts)):
                parent = ".".join(parts[:i])
                if not (self.folder(parent) / "jurisdiction.toml").exists():
                    self.jurisdiction(parent, with_parents=False)
        data: dict[str, Any] = {
            "name": name or f"测试{parts[-1]}",
            "level": level or LEVEL_BY_DEPTH.get(len(parts) - 1, "county"),
        }
        if aliases:
            data["aliases"] = list(aliases)
        data.update(extra)
        return write_toml(self.folder(jurisdiction_id) / "jurisdiction.toml", raw if raw is not None else data)

    def document(
        self,
        jurisdiction_id: str,
        doc_id: str,
        *,
        rules: Sequence[Mapping[str, Any]] | None = None,
        not_encoded: Sequence[Mapping[str, Any]] | None = None,
        clauses: Sequence[Mapping[str, str]] = DEFAULT_CLAUSES,
        source: str | None = None,
        meta: Mapping[str, Any] | None = None,
        raw_document: str | None = None,
        raw_clauses: str | None = None,
        raw_rules: str | None = None,
        folder_name: str | None = None,
    ) -> Path:
        """Write one document folder; ``meta`` overrides ``document.toml`` keys (None drops a key)."""
        if not (self.folder(jurisdiction_id) / "jurisdiction.toml").exists():
            self.jurisdiction(jurisdiction_id)
        depth = jurisdiction_id.count(".")
        folder = self.folder(jurisdiction_id) / (folder_name or doc_id)
        level = LEVEL_BY_DEPTH.get(depth, "county")
        write_toml(folder / "document.toml", raw_document if raw_document is not None else document_meta(doc_id, **{"level": level, **(meta or {})}))
        write_toml(folder / "clauses.toml", raw_clauses if raw_clauses is not None else {"clauses": [dict(c) for c in clauses]})
        (folder / "source.txt").write_text(source if source is not None else default_source(clauses), encoding="utf-8")
        if raw_rules is not None:
            write_toml(folder / "rules.toml", raw_rules)
        elif rules is not None or not_encoded is not None:
            data: dict[str, Any] = {}
            if rules is not None:
                data["rules"] = [dict(r) for r in rules]
            if not_encoded is not None:
                data["not_encoded"] = [dict(n) for n in not_encoded]
            write_toml(folder / "rules.toml", data)
        return folder

    def load(self) -> PolicyLibrary:
        return load_library(self.root)


def make_tree(
    tmp_path: Path,
    *,
    rules: Sequence[Mapping[str, Any]] | None = None,
    not_encoded: Sequence[Mapping[str, Any]] | None = None,
    clauses: Sequence[Mapping[str, str]] = DEFAULT_CLAUSES,
    source: str | None = None,
    document: Mapping[str, Any] | None = None,
    raw_document: str | None = None,
    raw_clauses: str | None = None,
    raw_rules: str | None = None,
    jurisdiction: str = "cn",
    doc_id: str = "cn-doc-1",
    aliases: Sequence[str] = ("national",),
) -> PolicyTree:
    """One jurisdiction (``cn`` by default) holding one document with ``rules``."""
    tree = PolicyTree(tmp_path / "policies")
    tree.jurisdiction(jurisdiction, aliases=aliases)
    tree.document(
        jurisdiction,
        doc_id,
        rules=rules if rules is not None else [],
        not_encoded=not_encoded,
        clauses=clauses,
        source=source,
        meta=document,
        raw_document=raw_document,
        raw_clauses=raw_clauses,
        raw_rules=raw_rules,
    )
    return tree


@pytest.fixture
def policy_tree(tmp_path: Path) -> PolicyTree:
    """An empty synthetic policy tree under ``tmp_path/policies``."""
    return PolicyTree(tmp_path / "policies")


# -- hypothesis profiles --------------------------------------------------------------------------
# `dev` (the default) keeps the edit-test loop quick; `ci` (chosen by .ci/run through
# HYPOTHESIS_PROFILE=ci) searches harder. Both print the falsifying example and the blob for
# @reproduce_failure. Under `ci` every run also uses one seed, drawn at random unless
# --hypothesis-seed=N is given, printed in the session header and under every failing test, so
# that a CI failure is reproduced with `HYPOTHESIS_PROFILE=ci python -m pytest --hypothesis-seed=N`.
# See docs/developer/testing.md.
import os as _os  # noqa: E402
import random as _random  # noqa: E402

from hypothesis import settings as _settings  # noqa: E402

_settings.register_profile("dev", max_examples=50, deadline=None, print_blob=True)
_settings.register_profile("ci", max_examples=300, deadline=None, print_blob=True, derandomize=False)
HYPOTHESIS_PROFILE = _os.environ.get("HYPOTHESIS_PROFILE", "dev")
_settings.load_profile(HYPOTHESIS_PROFILE)
_SEED: str | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Under the ci profile, force one printed seed for the run (before the hypothesis plugin
    reads --hypothesis-seed), unless one was given."""
    global _SEED
    given = config.getoption("hypothesis_seed", default=None)
    if given is None and HYPOTHESIS_PROFILE == "ci":
        given = str(_random.SystemRandom().getrandbits(32))
        config.option.hypothesis_seed = given
    _SEED = given


def pytest_report_header(config: pytest.Config) -> str:
    seed = f"seed {_SEED}" if _SEED is not None else "seed random per test (example database on)"
    return f"hypothesis: profile {HYPOTHESIS_PROFILE!r}, {seed}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed and getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
        if _SEED is not None:
            how = f"HYPOTHESIS_PROFILE={HYPOTHESIS_PROFILE} python -m pytest '{item.nodeid}' --hypothesis-seed={_SEED}"
        else:
            how = "rerun the test: the example database replays the failure (or use the @reproduce_failure blob above)"
        report.sections.append(("hypothesis seed", f"seed: {_SEED or 'random'}; to reproduce: {how}"))
