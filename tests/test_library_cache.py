"""The policy library kept between runs: the same library as loading the tree, and never a stale
one — any change to a policy file gives a new fingerprint, and a bad cache file is loaded afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gov_new_media_rules.library_cache import cache_dir, cached_library, fingerprint
from gov_new_media_rules.loading import load_library, policies_root


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GNMR_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "policies"
    shutil.copytree(policies_root(), root)
    return root


def counting(calls: list[Path]):
    def load(root: Path):
        calls.append(root)
        return load_library(root)

    return load


def test_a_second_run_reads_the_same_library_from_the_cache(tree: Path) -> None:
    calls: list[Path] = []
    first = cached_library(tree, counting(calls))
    second = cached_library(tree, counting(calls))
    assert calls == [tree] and second == first == load_library(tree)
    assert [p.name for p in cache_dir().glob("library-*.pickle")] == [f"library-{fingerprint(tree)}.pickle"]


def test_an_edited_policy_file_is_loaded_afresh(tree: Path) -> None:
    calls: list[Path] = []
    before = cached_library(tree, counting(calls))
    old = fingerprint(tree)
    rules = next(tree.rglob("rules.toml"))
    rules.write_text(rules.read_text(encoding="utf-8").replace("summary = ", "summary =  ", 1), encoding="utf-8")
    assert fingerprint(tree) != old
    after = cached_library(tree, counting(calls))
    assert len(calls) == 2 and after == load_library(tree) and before is not after
    assert len(list(cache_dir().glob("library-*.pickle"))) == 1  # the stale one is dropped


def test_a_broken_cache_file_is_replaced(tree: Path) -> None:
    calls: list[Path] = []
    cached_library(tree, counting(calls))
    (cache_dir() / f"library-{fingerprint(tree)}.pickle").write_bytes(b"\x80\x05truncated")
    assert cached_library(tree, counting(calls)) == load_library(tree) and len(calls) == 2


def test_it_can_be_turned_off(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GNMR_NO_CACHE", "1")
    calls: list[Path] = []
    cached_library(tree, counting(calls))
    cached_library(tree, counting(calls))
    assert len(calls) == 2 and not cache_dir().exists()


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tree.parent / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("GNMR_CACHE_DIR", str(blocker / "cache"))
    assert cached_library(tree, load_library) == load_library(tree)
