"""Facts as users send them, damaged: through the text loader, the file loader and the Python API.

Every input must end in a result or in a one-line library error naming the bad field; facts that
still load are evaluated and written out (a share of them, to keep the suite quick) and must not
break the engine or the JSON. ``mutators`` says what the damage is, ``harness`` what is judged.
"""

from __future__ import annotations

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from gov_new_media_rules import strategies as gs

from . import mutators
from .harness import assert_law
from .hypothesis_settings import FUZZ

pytestmark = pytest.mark.fuzz

# The share of facts that still load which are also evaluated here; test_engine_fuzz evaluates
# every one of its own.
ENGINE_SHARE = 0.25


@FUZZ
@given(rng=st.randoms(use_true_random=False))
def test_facts_text_and_files(rng):
    """JSON and JSON Lines text, mutated in structure and in bytes (``iter_accounts``, ``load_facts``)."""
    case = mutators.facts_text_case(rng, ENGINE_SHARE)
    note(case.describe(2000))
    assert_law(case)


@FUZZ
@given(rng=st.randoms(use_true_random=False))
def test_facts_python_objects(rng):
    """``facts_from_json`` and ``account_from_json`` with values JSON cannot hold: cycles, bytes,
    non-string keys, 5000-deep lists, huge ints, NaN; the caller's objects must come back unchanged."""
    case = mutators.facts_api_case(rng, ENGINE_SHARE)
    note(case.describe(2000))
    assert_law(case)


@FUZZ
@given(document=gs.facts_documents(min_accounts=1, max_accounts=2, details=True), rng=st.randoms(use_true_random=False))
def test_generated_facts_mutated(document, rng):
    """The library's own valid-facts strategy as seeds, so that mutations reach shapes the
    hand-built seeds do not have (post histories, every event and filing)."""
    make = mutators.facts_text_case if rng.random() < 0.5 else mutators.facts_api_case
    case = make(rng, ENGINE_SHARE, document=document)
    note(case.describe(2000))
    assert_law(case)


@FUZZ
@given(rng=st.randoms(use_true_random=False))
def test_random_bytes_and_text(rng):
    """Noise as a facts file: random bytes, random characters, JSON tokens in random order."""
    case = mutators.random_facts_case(rng, ENGINE_SHARE)
    note(case.describe(2000))
    assert_law(case)
