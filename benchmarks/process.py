"""Issue 14's goals, measured on whole processes as a user runs them, in one run.

Every figure is the median of ``--repeat`` runs of the real command (``python -m
gov_new_media_rules …``, which is what ``gnmr`` runs), wall time and the process's own peak
memory (its ``VmHWM``, sampled while it runs), against the floor where there is one:

* the floor: one process that reads the same JSON with ``json.load`` and parses every post
  timestamp into an Asia/Shanghai date — what any check must at least do;
* ``gnmr check -j huzhou FACTS --format json`` ÷ the floor (goal ≤ 1.5);
* peak memory N/10 → N accounts, JSON Lines in, for each output format (goal: within 20 %);
* ``--jobs 2`` ÷ ``--jobs 1`` (goal ≤ 0.6), when the command has ``--jobs``;
* ``import gov_new_media_rules`` (goal < 150 ms) and the whole ``gnmr rules`` and
  ``gnmr deadlines`` processes (goal < 250 ms).

    python benchmarks/process.py                  # 2,000 accounts
    python benchmarks/process.py --accounts 500
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workload  # noqa: E402

FLOOR = """
import json, sys
from gov_new_media_rules.dates import to_shanghai_date
with open(sys.argv[1], encoding="utf-8") as handle:
    data = json.load(handle)
for account in data["accounts"]:
    for post in account["posts"]:
        to_shanghai_date(post["published_at"])
"""


def _high_water_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration, ValueError):
        return None


def run(argv: list[str], repeat: int) -> tuple[float, float]:
    """Median wall seconds and median peak MiB of ``argv`` as its own process, output discarded.

    The peak is the process's own high-water mark (``VmHWM``), read while it runs: not
    ``ru_maxrss``, which a child forked from this (large) process starts with and keeps past exec.
    """
    walls, peaks = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        peak = 0.0
        with open(os.devnull, "wb") as sink:
            process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL)
            while process.poll() is None:
                peak = max(peak, _high_water_mib(process.pid) or 0.0)
                time.sleep(0.01)
        walls.append(time.perf_counter() - started)
        peaks.append(peak)
        if process.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed")
    return statistics.median(walls), statistics.median(peaks)


def gnmr(*args: str) -> list[str]:
    return [sys.executable, "-m", "gov_new_media_rules", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--end", default="2024-12-31")
    args = parser.parse_args()
    end = dt.date.fromisoformat(args.end)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        facts = workload.write(Path(tmp) / "facts.json", args.accounts, 365, end, lines=False)
        floor, _ = run([sys.executable, "-c", FLOOR, str(facts)], args.repeat)
        check, _ = run(gnmr("check", "-j", "huzhou", "--as-of", end.isoformat(), str(facts), "--format", "json"), args.repeat)
        rows.append((f"check --format json, {args.accounts} accounts ÷ floor ({floor:.2f} s)", f"{check:.2f} s",
                     f"{check / floor:.2f} (goal ≤ 1.5)"))
        small = workload.write(Path(tmp) / "small.jsonl", max(1, args.accounts // 10), 365, end, lines=True)
        large = workload.write(Path(tmp) / "large.jsonl", args.accounts, 365, end, lines=True)
        for fmt in ("json", "table", "csv"):
            peaks = []
            for path in (small, large):
                extra = ["-o", str(Path(tmp) / "out.csv")] if fmt == "csv" else []
                _, peak = run(gnmr("check", "-j", "huzhou", "--as-of", end.isoformat(), "--lines", str(path),
                                   "--format", fmt, *extra), 1)
                peaks.append(peak)
            rows.append((f"peak memory, --format {fmt}, {args.accounts // 10} → {args.accounts} accounts (JSON Lines)",
                         f"{peaks[0]:.0f} → {peaks[1]:.0f} MiB", f"{peaks[1] / peaks[0]:.2f} (goal ≤ 1.2)"))
        has_jobs = "--jobs" in subprocess.run(gnmr("check", "--help"), capture_output=True, text=True).stdout
        if has_jobs:
            one, _ = run(gnmr("check", "-j", "huzhou", "--as-of", end.isoformat(), "--lines", str(large), "--format", "json",
                              "--jobs", "1"), args.repeat)
            two, _ = run(gnmr("check", "-j", "huzhou", "--as-of", end.isoformat(), "--lines", str(large), "--format", "json",
                              "--jobs", "2"), args.repeat)
            rows.append((f"check --jobs 2 ÷ --jobs 1 ({os.cpu_count()} cores)", f"{two:.2f} s / {one:.2f} s",
                         f"{two / one:.2f} (goal ≤ 0.6)"))
    bare, _ = run([sys.executable, "-c", "pass"], max(5, args.repeat))
    imported, _ = run([sys.executable, "-c", "import gov_new_media_rules"], max(5, args.repeat))
    rows.append(("import gov_new_media_rules (beyond a bare interpreter)", f"{(imported - bare) * 1000:.0f} ms", "goal < 150 ms"))
    rules, _ = run(gnmr("rules", "-j", "huzhou", "--format", "json"), max(5, args.repeat))
    rows.append(("whole gnmr rules -j huzhou --format json", f"{rules * 1000:.0f} ms", "goal < 250 ms"))
    deadlines, _ = run(gnmr("deadlines", "-j", "huzhou", "--event", "account_opened", "--at", "2024-09-30", "--format", "json"),
                       max(5, args.repeat))
    rows.append(("whole gnmr deadlines -j huzhou … --format json", f"{deadlines * 1000:.0f} ms", "goal < 250 ms"))
    width = max(len(r[0]) for r in rows)
    for name, figure, ratio in rows:
        print(f"{name:<{width}}  {figure:>20}  {ratio}")


if __name__ == "__main__":
    main()
