"""Facts that load, judged under every jurisdiction on the days at and past the supported span's
edges, and written out as ``gnmr check`` writes them (JSON and the text table).

Days outside 2000-01-01..2099-12-31 must be refused with a library error by ``rulebook`` and by
``iter_findings``; days inside must evaluate, and what they give must be strict UTF-8 JSON.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from gov_new_media_rules import strategies as gs

from . import mutators
from .harness import assert_law
from .hypothesis_settings import FUZZ

pytestmark = pytest.mark.fuzz


@pytest.mark.parametrize(("jurisdiction", "as_of"), list(itertools.product(mutators.JURISDICTIONS, mutators.AS_OF_DATES)), ids=str)
def test_seed_facts_on_every_edge_day(jurisdiction, as_of):
    """The hand-built seeds (every section of the facts format) on each edge day."""
    case = mutators.Case("facts-api", {"accounts": mutators.seed_accounts()}, ["the seed accounts"],
                         jurisdiction=jurisdiction, as_of=as_of, table=True)
    assert_law(case)


@FUZZ
@given(
    # An empty dict (a fresh one each time: the test mutates it) stands for "use mutators' own".
    document=gs.facts_documents(min_accounts=1, max_accounts=3, details=True) | st.builds(dict),
    jurisdiction=st.sampled_from(mutators.JURISDICTIONS),
    as_of=st.sampled_from(mutators.AS_OF_DATES),
    rng=st.randoms(use_true_random=False),
)
def test_engine_and_output(document, jurisdiction, as_of, rng):
    """Valid facts (generated, or the random accounts of ``mutators``) with at most their dates
    moved to an edge, evaluated, serialized to strict JSON and drawn as the table."""
    if not document:
        document = {"accounts": [mutators.random_account(rng, f"r{i}") for i in range(rng.randint(1, 3))]}
    steps = mutators.mutate_tree(rng, document, "json", rounds=rng.randint(0, 2),
                                 operators=mutators.DATE_OPERATORS)
    case = mutators.Case("facts-api", document, steps, jurisdiction=jurisdiction, as_of=as_of, table=rng.random() < 0.5)
    note(case.describe(2000))
    assert_law(case)
