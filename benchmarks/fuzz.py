"""The long fuzz campaign of issue 15 ("Nothing a user sends can crash it").

Generated inputs go through the library's entry points (facts loaders, engine, JSON and table
output, overlays, scenarios, ``gnmr check``) and every outcome is classified: a result, a library
error, or one of the failure classes of ``tests/fuzz/harness.py``. The inputs come from the same
mutators as the hypothesis suite (``tests/fuzz/mutators.py``), one ``random.Random(f"{seed}:{i}")``
per input: a run is the same whatever ``--jobs`` is, and any input can be run again on its own.

    python benchmarks/fuzz.py --size 100000 --seed 1 --jobs 2
    python benchmarks/fuzz.py --seed 1 --show 1234             # input 1234 again, with its traceback
    python benchmarks/fuzz.py --seed 1 --show 1234 --save in.json   # and its bytes in a file

Prints the outcome classes with a count and the first example of each, the totals, the message
statistics and, per failure class, where it was raised. Exits 1 if any input failed.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Everything the campaign writes goes in one folder, removed when it ends (pool workers exit without
# running atexit handlers, so theirs would stay): the workers' scratch files, and the data folder
# where the library looks for registered calendar years, which a campaign must neither depend on nor
# touch. Set before anything builds the calendar.
SCRATCH = tempfile.mkdtemp(prefix="gnmr-fuzz-")
os.environ["GNMR_DATA_DIR"] = os.path.join(SCRATCH, "data")
os.makedirs(os.environ["GNMR_DATA_DIR"])
os.environ["TMPDIR"] = tempfile.tempdir = SCRATCH
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)

from tests.fuzz import harness, mutators  # noqa: E402

EXAMPLE_WIDTH = 100


def case_of(seed: int, index: int, engine_share: float) -> mutators.Case:
    return mutators.generate_case(random.Random(f"{seed}:{index}"), engine_share)


def judge(task: tuple[int, int, float]) -> dict[str, Any]:
    """One input, generated and judged in a worker; what comes back is plain data."""
    seed, index, engine_share = task
    case = case_of(seed, index, engine_share)
    outcome = harness.run_case(case)
    return {
        "index": index,
        "entry": case.entry,
        "case": case.describe(300),
        "primary": outcome.primary,
        "status": outcome.status,
        "failures": outcome.failures,
        "detail": outcome.detail,
        "message": outcome.message,
        "origin": outcome.origin,
        "last_frame": outcome.last_frame,
        "seconds": outcome.seconds,
        "engine": outcome.engine,
        "messages": outcome.messages,
        "problems": dict(outcome.problems),
    }


def clip(text: str, width: int = EXAMPLE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Tally:
    """The campaign's counts, and the first (lowest-numbered) example of each class."""

    def __init__(self) -> None:
        self.classes: Counter[str] = Counter()
        self.examples: dict[str, tuple[int, str]] = {}
        self.status: Counter[str] = Counter()
        self.entries: Counter[str] = Counter()
        self.origins: dict[str, Counter[str]] = {}
        self.origin_examples: dict[tuple[str, str], int] = {}
        self.problems: Counter[str] = Counter()
        self.messages = 0
        self.engine = 0
        self.slowest: tuple[float, int] = (0.0, -1)
        self.seconds = 0.0

    def add(self, row: dict[str, Any]) -> None:
        index = row["index"]
        self.status[row["status"]] += 1
        self.entries[row["entry"]] += 1
        self.messages += row["messages"]
        self.problems.update(row["problems"])
        self.engine += row["engine"]
        self.seconds += row["seconds"]
        self.slowest = max(self.slowest, (row["seconds"], index))
        if not row["failures"]:  # a failed input is counted under its failure classes only
            shown = row["message"] if row["primary"] != harness.RESULT else ""
            self._count(row["primary"], index, f"{row['case']} → {shown}" if shown else row["case"])
        for failure in row["failures"]:
            self._count(failure, index, f"{row['case']} → {row['detail']}")
            origin = row["origin"] or row["last_frame"] or "(no traceback: judged from the output)"
            self.origins.setdefault(failure, Counter())[origin] += 1
            key = (failure, origin)
            self.origin_examples[key] = min(self.origin_examples.get(key, index), index)

    def _count(self, name: str, index: int, example: str) -> None:
        self.classes[name] += 1
        if name not in self.examples or index < self.examples[name][0]:
            self.examples[name] = (index, example)


def is_failure(name: str) -> bool:
    return name != harness.RESULT and not name.startswith(harness.LIBRARY_ERROR)


def print_report(tally: Tally, size: int, seed: int, jobs: int, engine_share: float, wall: float) -> None:
    rows = sorted(tally.classes.items(), key=lambda kv: (is_failure(kv[0]), -kv[1], kv[0]))
    width = max(len("outcome class"), *(len(name) + 6 for name, _ in rows)) if rows else 20
    print(f"fuzz campaign: {size} inputs, seed {seed}, {jobs} job(s), {wall:.1f} s wall "
          f"({tally.seconds:.1f} s in the library)")
    print(f"{'outcome class':<{width}} | {'count':>7} | example (#input, clipped to {EXAMPLE_WIDTH} chars)")
    print(f"{'-' * width}-+-{'-' * 7}-+-{'-' * 40}")
    for name, count in rows:
        label = f"FAIL  {name}" if is_failure(name) else name
        index, example = tally.examples[name]
        print(f"{label:<{width}} | {count:>7} | {clip(f'#{index} {example}')}")
    print()
    print(f"totals: {size} inputs, {tally.status[harness.RESULT]} results, {tally.status[harness.LIBRARY_ERROR]} library errors, "
          f"{tally.status['failure']} failures (inputs in at least one failure class; an input may be in several)")
    print("inputs by entry: " + ", ".join(f"{entry} {n}" for entry, n in sorted(tally.entries.items())))
    print(f"engine: ran on {tally.engine} inputs (facts that loaded were evaluated with probability {engine_share:g}; "
          "every overlay that loaded and composed was evaluated)")
    print(f"messages: {tally.messages} library error messages judged; {tally.problems[harness.LONG_MESSAGE]} over "
          f"{harness.MESSAGE_LIMIT} chars, {tally.problems[harness.MULTI_LINE]} multi-line, "
          f"{tally.problems[harness.NO_PATH]} naming no path")
    print(f"slowest input: #{tally.slowest[1]} {tally.slowest[0]:.2f} s")
    failures = [name for name, _ in rows if is_failure(name)]
    if failures:
        print()
        print(f"where each failure class was raised (deepest gov_new_media_rules frame; rerun one with --seed {seed} --show N):")
        for name in failures:
            print(f"  {name}:")
            for origin, count in tally.origins[name].most_common(8):
                print(f"    {count:>6}  {origin}  (first #{tally.origin_examples[(name, origin)]})")


def show(seed: int, index: int, engine_share: float, save: str | None) -> int:
    """One input again, in this process: how it was made, the verdict, the traceback."""
    case = case_of(seed, index, engine_share)
    print(case.describe(10_000))
    payload = case.payload
    print(f"payload ({type(payload).__name__}): {mutators.shown(payload, 2000)}")
    if save is not None:
        if isinstance(payload, bytes | str):
            Path(save).write_bytes(payload if isinstance(payload, bytes) else mutators.encode(payload))
            print(f"payload written to {save}")
        else:
            print("payload is Python objects: rebuild it from the steps above (nothing written)")
    outcome = harness.run_case(case)
    primary = f" ({outcome.primary})" if outcome.primary != harness.RESULT else ""
    print(f"outcome: {outcome.status}{primary}" + (f"; failures: {', '.join(outcome.failures)}" if outcome.failures else ""))
    if outcome.message:
        print(f"message: {outcome.message}")
    if outcome.failures:
        print(outcome.report(case))
    if outcome.error is not None:
        traceback.print_exception(outcome.error, limit=-12)
    return 1 if outcome.failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="number of inputs (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: one per CPU)")
    parser.add_argument("--engine-share", type=float, default=0.5,
                        help="probability that facts which load are also evaluated and written out (default 0.5)")
    parser.add_argument("--show", type=int, metavar="N", help="run input N alone and print its traceback")
    parser.add_argument("--save", metavar="FILE", help="with --show: write input N's bytes to FILE")
    args = parser.parse_args(argv)
    if args.show is not None:
        return show(args.seed, args.show, args.engine_share, args.save)
    tasks = ((args.seed, index, args.engine_share) for index in range(args.size))
    tally = Tally()
    started = time.perf_counter()
    step = max(1, args.size // 10)
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with context.Pool(args.jobs) if args.jobs > 1 else contextlib.nullcontext() as pool:
        rows = pool.imap_unordered(judge, tasks, chunksize=64) if pool is not None else map(judge, tasks)
        for done, row in enumerate(rows, start=1):
            tally.add(row)
            if done % step == 0:
                print(f"… {done} inputs, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print_report(tally, args.size, args.seed, args.jobs, args.engine_share, time.perf_counter() - started)
    return 1 if tally.status["failure"] else 0


if __name__ == "__main__":
    sys.exit(main())
