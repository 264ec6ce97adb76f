"""The public strategies themselves: what they promise, and how they fail without hypothesis."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from importlib import util
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import gov_new_media_rules
from gov_new_media_rules import strategies as gs
from gov_new_media_rules.dates import to_shanghai_date
from gov_new_media_rules.model.params import Practice

D = dt.date
windows = st.tuples(gs.covered_dates(min_value=D(2019, 1, 1), max_value=D(2026, 6, 30)), st.integers(0, 120)).map(
    lambda t: (t[0], t[0] + dt.timedelta(days=t[1]))
)


def test_importing_without_hypothesis_says_how_to_install_it():
    """Hypothesis is a test extra: without it the import fails with the pip command to run."""
    code = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "hypothesis" or name.startswith("hypothesis."):
                    raise ImportError("No module named " + repr(name))
        sys.meta_path.insert(0, Block())
        import gov_new_media_rules            # the library itself does not need hypothesis
        try:
            import gov_new_media_rules.strategies
        except ImportError as exc:
            print(exc)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'pip install "gov-new-media-rules[test]"' in out.stdout


def test_the_strategies_ship_inside_the_package():
    """`import gov_new_media_rules.strategies` works wherever the package is installed."""
    spec = util.find_spec("gov_new_media_rules.strategies")
    assert spec is not None and spec.origin is not None
    assert Path(spec.origin).parent == Path(gov_new_media_rules.__file__).parent
    for name in gs.__all__:
        assert hasattr(gs, name), name


def test_bad_arguments_are_refused_when_the_strategy_is_built():
    for build in (
        lambda: gs.post_histories(D(2024, 1, 2), D(2024, 1, 1)),
        lambda: gs.post_histories(D(2024, 1, 1), D(2024, 1, 2), density=1.5),
        lambda: gs.accounts(original_share=-0.1),
        lambda: gs.covered_dates(min_value=D(2040, 1, 1)),
        lambda: gs.facts_documents(min_accounts=3, max_accounts=2),
        lambda: gs.rulebooks(jurisdictions=()),
    ):
        with pytest.raises(InvalidArgument):
            build()


@given(windows.flatmap(lambda w: st.tuples(st.just(w), gs.post_histories(*w, density=0.3, shuffled=True))))
def test_post_histories_stay_in_their_window(drawn):
    """Every post of a history is published, in Asia/Shanghai, on a day of its window, and its
    timestamp says so whatever its offset."""
    (start, end), posts = drawn
    for post in posts:
        assert start <= post.published_on <= end
        assert to_shanghai_date(post.published_at) == post.published_on


@given(windows.flatmap(lambda w: gs.post_histories(*w, density=0.0)), windows.flatmap(lambda w: st.tuples(st.just(w), gs.post_histories(*w, density=1.0, max_per_day=1))))
def test_density_zero_and_one(none, every):
    """Density 0 gives no post; density 1 (one post a day at most) gives a post every day."""
    assert none == []
    (start, end), posts = every
    assert [p.published_on for p in posts] == [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


@given(gs.facts_documents(with_objects=True, max_accounts=5))
def test_facts_documents_are_consistent(pair):
    """Facts documents have unique account ids; an account's opening is on or before its first
    post; filings follow their events; everything is dated inside the holiday data."""
    facts, document = pair
    ids = [a["id"] for a in document["accounts"]]
    assert len(ids) == len(set(ids))
    for account in facts.accounts:
        if account.opened_on is not None and account.posts:
            assert account.opened_on <= min(account.posts.days)
        for filing in account.filings:
            assert filing.event_on is None or filing.filed_on >= filing.event_on
        for practice in account.practices:
            assert practice.practice in Practice


@given(gs.rulebooks().flatmap(lambda b: st.tuples(st.just(b), gs.tighten_only_overlays(b, max_rules=None))))
def test_tighten_only_overlays_refine_distinct_tightenable_rules(pair):
    """A tighten-only overlay is laid on the rulebook's own jurisdiction and refines distinct
    rules among tightenable_rules(rulebook), each citing its target's source."""
    book, overlay = pair
    assert overlay.on == book.jurisdiction.id
    targets = {r.id: r for r in gs.tightenable_rules(book)}
    refined = [r.refines for r in overlay.rules]
    assert len(refined) == len(set(refined))
    for rule in overlay.rules:
        assert rule.refines in targets
        assert rule.sources == (targets[rule.refines].rule.source,)
        assert rule.kind == targets[rule.refines].rule.kind
