"""Time the composition of a long chain of refinements, for 10,000 and 20,000 rules.

Rule k of a what-if overlay refines rule k-1 (rule 0 refines ``zezhou.update.weekly-minimum``),
each stating the same minimum of posts a week, so every link is a whole-scope refinement that
composition must merge, check and compare. The overlay is written as a TOML file, read with
``load_overlay`` and composed into the Zezhou rulebook, each timed on its own; the script prints
both and the ratio of the 20,000-rule time to the 10,000-rule one. Composition that is linear in
the chain gives a ratio near 2. Before it was made linear, composing took 40 s and 249 s here
(a ratio of 6; 28 s and 222 s as issue 15 reported them); after, 0.3 s and 0.6 s.

    python benchmarks/composition.py               # 10,000 and 20,000
    python benchmarks/composition.py --sizes 1000 2000 4000

Not a test: a measurement to rerun after a change to composition.py or loading.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from gov_new_media_rules.composition import compose
from gov_new_media_rules.loading import default_library, load_overlay

BASE = "zezhou.update.weekly-minimum"
ON = dt.date(2024, 6, 1)


def write_chain(path: Path, size: int) -> None:
    library = default_library()
    source = library.rules[BASE].source
    lines = ['[overlay]', 'id = "what-if-chain"', 'title = "假设：逐级细化"', 'on = "zezhou"', '']
    previous = BASE
    for k in range(size):
        rule_id = f"what-if.chain.r{k}"
        lines += [
            "[[rules]]",
            f'id = "{rule_id}"',
            'kind = "posting_frequency"',
            'topic = "updating"',
            f'title = "每周更新不少于3次（第{k}级）"',
            'summary = "A link of a refinement chain."',
            'strength = "mandatory"',
            "checkable = true",
            f'refines = "{previous}"',
            "params = { minimum = 3 }",
            f'sources = [{{ document = "{source.document}", clause = "{source.clause}", quote = "{source.quote}" }}]',
            "",
        ]
        previous = rule_id
    path.write_text("\n".join(lines), encoding="utf-8")


def measure(size: int, folder: Path) -> tuple[float, float]:
    library = default_library()
    path = folder / f"chain-{size}.toml"
    write_chain(path, size)
    started = time.perf_counter()
    overlay = load_overlay(path, library)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    book = compose(library, "zezhou", ON, [overlay])
    composed = time.perf_counter() - started
    last = book.get(f"what-if.chain.r{size - 1}")
    assert last is not None and len(last.chain) == size + 2, "the chain did not compose whole"
    return loaded, composed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000])
    args = parser.parse_args()
    default_library()  # not timed: the shipped policies, loaded once per process
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            loaded, composed = measure(size, Path(tmp))
            results.append((size, loaded, composed))
            print(f"{size:>7,} chained rules: load_overlay {loaded:7.2f} s, compose {composed:7.2f} s")
    if len(results) >= 2:
        (small, load_a, comp_a), (large, load_b, comp_b) = results[0], results[-1]
        print(f"ratio {large:,} / {small:,}: compose {comp_b / comp_a:.2f}, load_overlay {load_b / load_a:.2f}, "
              f"both {(load_b + comp_b) / (load_a + comp_a):.2f} (linear: {large / small:.2f})")


if __name__ == "__main__":
    main()
