"""Peak memory of the whole commands people run for reports, for N/10 and N accounts.

``gnmr report`` (the offline HTML report) and ``gnmr check --format xlsx`` / ``--format csv``
stream: each account's section or rows are written out as its findings come, so peak memory
should stay flat as the input grows (within 20 %), while the output file grows. Each command runs
in its own process (its peak resident memory read with ``resource.getrusage`` of the child), on JSON
Lines from ``workload.py``, under the Huzhou rulebook.

    python benchmarks/reports.py                  # 2,000 accounts x 365 days
    python benchmarks/reports.py --accounts 500   # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workload  # noqa: E402

COMMANDS = {
    "report (html)": ["report", "-o", "{out}.html"],
    "check --format xlsx": ["check", "--format", "xlsx", "-o", "{out}.xlsx"],
    "check --format csv": ["check", "--format", "csv", "-o", "{out}.csv"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    end = dt.date(2025, 6, 30)
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {"N/10": max(1, args.accounts // 10), "N": args.accounts}
        paths = {label: workload.write(Path(tmp) / f"{label.replace('/', '-')}.jsonl", n, args.days, end, lines=True)
                 for label, n in sizes.items()}
        print(f"workload: {args.accounts} accounts x {args.days} days (and {sizes['N/10']}), JSON Lines")
        # Each measurement in a fresh interpreter: RUSAGE_CHILDREN keeps the largest child so far,
        # so the small input goes first for every command.
        for name, template in COMMANDS.items():
            results = {}
            for label, path in paths.items():
                out = str(Path(tmp) / f"{name.split()[-1]}-{label.replace('/', '-')}")
                argv = [part.format(out=out) for part in template]
                target = next(Path(part) for part in argv if part.startswith(out))
                argv += ["-j", "huzhou", "--as-of", end.isoformat(), "--lines", str(path)]
                code = (f"import resource, subprocess, sys; r = subprocess.run({[sys.executable, '-m', 'gov_new_media_rules', *argv]!r},"
                        " capture_output=True, text=True); r.returncode in (0, 1) or sys.exit(r.stderr[-500:]);"
                        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
                start = time.perf_counter()
                peak = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
                seconds = time.perf_counter() - start
                results[label] = (seconds, peak, target.stat().st_size)
            (s1, m1, o1), (s2, m2, o2) = results["N/10"], results["N"]
            print(f"{name:22s} N/10: {s1:6.1f} s {m1 / 1024:6.0f} MiB out {o1 / 1e6:6.1f} MB | "
                  f"N: {s2:6.1f} s {m2 / 1024:6.0f} MiB out {o2 / 1e6:6.1f} MB | peak N/(N/10) = {m2 / m1:.2f}")


if __name__ == "__main__":
    main()
