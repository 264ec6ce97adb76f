"""The fuzz campaign of issue 15 ("Nothing a user sends can crash it").

``mutators`` makes the inputs, ``harness`` runs them through the entry points and judges the
outcome; the ``test_*`` modules state the law over hypothesis-drawn inputs, bounded for CI, and
``benchmarks/fuzz.py`` runs the same mutators over many more inputs.
"""
