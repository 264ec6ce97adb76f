"""How the fuzz tests run under hypothesis.

The number of examples is the profile's (tests/conftest.py: ``dev`` 50, ``ci`` 300). There is no
deadline, since the harness caps and judges each example's time itself (``harness.LIMIT_SECONDS``),
and no shrinking: an example is a stream of random numbers, which shrinks into another input
rather than a smaller one, while trying could cost up to five minutes per failure of a suite meant
to take one. A failure is reported as found, with the case described step by step and the
library's traceback chained; ``@reproduce_failure`` (printed under it) replays it.
"""

from __future__ import annotations

from hypothesis import Phase, settings

FUZZ = settings(deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target))
