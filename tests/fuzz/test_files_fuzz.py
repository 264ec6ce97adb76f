"""The files a user writes besides facts: what-if overlays and ``gnmr test`` scenarios, and the
``gnmr check`` command line.

An overlay that loads and composes can always be evaluated: any exception after that, a library
error included, is a failure. A malformed file is a one-line error naming the file.
"""

from __future__ import annotations

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from . import mutators
from .harness import assert_law
from .hypothesis_settings import FUZZ

pytestmark = pytest.mark.fuzz


@FUZZ
@given(rng=st.randoms(use_true_random=False))
def test_overlays(rng):
    """Shipped rules restated as overlays, then their parameters made negative, zero, huge or of
    the wrong unit, their words unknown, required keys dropped, ids doubled, targets moved."""
    case = mutators.overlay_case(rng)
    note(case.describe(2000))
    assert_law(case)


@FUZZ
@given(rng=st.randoms(use_true_random=False))
def test_scenarios(rng):
    """The shipped scenarios mutated in structure and bytes, nested 5000 deep, or random text."""
    case = mutators.scenario_case(rng)
    note(case.describe(2000))
    assert_law(case)


@FUZZ
@given(rng=st.randoms(use_true_random=False))
def test_check_command_line(rng):
    """``gnmr check`` in-process with damaged facts and typed days and jurisdictions: exit 0 or 1
    with strict JSON on stdout, or exit 2 with one message line, never a traceback."""
    case = mutators.cli_case(rng)
    note(case.describe(2000))
    assert_law(case)
