"""Measure the engine against a bare pass over the same input, in one run.

(a) the real job: read the JSON, structure every account, evaluate it under the Huzhou rulebook,
    findings handed on as they come (as ``gnmr check`` does; also shown: the same collected into
    one ``Report`` through ``evaluate()``);
(b) the floor: read the same JSON and parse every post timestamp into an Asia/Shanghai date.

The ratio a/b says what the rules cost on top of merely reading the data; the target is <= 3.
Each side runs ``--repeat`` times, alternating, and the best time counts (the least disturbed).
Also measured: peak memory while streaming JSON Lines through the engine with findings written
out as they come (as ``gnmr check --format json`` does), for N/10 and N accounts: it should not
grow with the file.

    python benchmarks/run.py                 # 10,000 accounts x 365 days
    python benchmarks/run.py --accounts 2000 # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workload  # noqa: E402

from gov_new_media_rules import rulebook  # noqa: E402
from gov_new_media_rules.dates import to_shanghai_date  # noqa: E402
from gov_new_media_rules.engine import RunStats, evaluate, iter_findings  # noqa: E402
from gov_new_media_rules.facts import facts_from_json  # noqa: E402
from gov_new_media_rules.facts.loading import accounts_from_json  # noqa: E402


def engine_pass(path: Path, as_of: dt.date) -> tuple[float, int]:
    """The engine as ``gnmr check`` runs it: accounts structured and evaluated one at a time,
    findings handed on as they come (here counted by status)."""
    book = rulebook("huzhou", on=as_of)
    started = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    stats = RunStats()
    count = sum(1 for _ in iter_findings(book, accounts_from_json(data, str(path)), as_of, stats=stats))
    return time.perf_counter() - started, count


def report_pass(path: Path, as_of: dt.date) -> tuple[float, int]:
    """The same through the collecting API: every account and finding kept in one ``Report``."""
    book = rulebook("huzhou", on=as_of)
    started = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    report = evaluate(book, facts_from_json(data, str(path)).accounts, as_of)
    return time.perf_counter() - started, len(report.findings)


def bare_pass(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    count = 0
    for account in data["accounts"]:
        for post in account["posts"]:
            to_shanghai_date(post["published_at"])
            count += 1
    return time.perf_counter() - started, count


STREAM_PROBE = """
import sys, datetime as dt
from gov_new_media_rules import rulebook
from gov_new_media_rules.engine import iter_findings
from gov_new_media_rules.facts.loading import iter_accounts
as_of = dt.date.fromisoformat(sys.argv[2])
with open(sys.argv[1], encoding="utf-8") as stream:
    for finding in iter_findings(rulebook("huzhou", on=as_of), iter_accounts(stream, lines=True), as_of):
        pass  # written out and dropped, as `gnmr check --format json` does
# VmHWM, not ru_maxrss: the latter survives exec and would report the parent's memory.
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""


def peak_kib(path: Path, as_of: dt.date) -> int:
    out = subprocess.run([sys.executable, "-c", STREAM_PROBE, str(path), as_of.isoformat()],
                         check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--end", default="2025-09-30")
    args = parser.parse_args()
    end = dt.date.fromisoformat(args.end)
    with tempfile.TemporaryDirectory() as tmp:
        path = workload.write(Path(tmp) / "facts.json", args.accounts, args.days, end, lines=False)
        size = path.stat().st_size
        print(f"workload: {args.accounts} accounts x {args.days} days, {size / 1e6:.0f} MB JSON")
        a_times, b_times, c_times = [], [], []
        for _ in range(args.repeat):
            b, posts = bare_pass(path)
            a, findings = engine_pass(path, end)
            c, _ = report_pass(path, end)
            b_times.append(b)
            a_times.append(a)
            c_times.append(c)
        a, b, c = min(a_times), min(b_times), min(c_times)
        print(f"(b) bare pass, json.load + parse {posts} timestamps: {b:.2f} s")
        print(f"(a) engine, Huzhou rulebook, {findings} findings streamed: {a:.2f} s")
        print(f"ratio a/b = {a / b:.2f} (target <= 3)")
        print(f"    (the same kept in one Report through evaluate(): {c:.2f} s, ratio {c / b:.2f})")
        small = workload.write(Path(tmp) / "small.jsonl", max(1, args.accounts // 10), args.days, end, lines=True)
        large = workload.write(Path(tmp) / "large.jsonl", args.accounts, args.days, end, lines=True)
        print(f"JSON Lines streaming peak RSS: {peak_kib(small, end) / 1024:.0f} MiB for {args.accounts // 10} accounts, "
              f"{peak_kib(large, end) / 1024:.0f} MiB for {args.accounts} accounts")


if __name__ == "__main__":
    main()
