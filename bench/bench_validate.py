"""Benchmark: `pulje validate` on the example against the bare imports it cannot avoid.

Prints the wall-time ratio  validate / `python -c "import click, pydantic, yaml"`,
measured in one run with the two commands interleaved (the machine is shared and noisy, so
only the ratio of medians is meaningful). Target (issue 2): ratio < 2 — validate must not
pay for the Word or PDF libraries.

    python bench/bench_validate.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
HEAVY = ("docx", "docxtpl", "pypdf", "openpyxl", "lxml")


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    validate = [py, str(ROOT / "cli.py"), "validate", str(EXAMPLE)]
    baseline = [py, "-c", "import click, pydantic, yaml"]
    probe = [py, "-c",
             f"import sys, runpy; sys.argv=['cli.py','validate',{str(EXAMPLE)!r}]\n"
             "try:\n runpy.run_path('cli.py', run_name='__main__')\n"
             "except SystemExit: pass\n"
             f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"]
    loaded = subprocess.run(probe, cwd=ROOT, capture_output=True, text=True, check=False)
    marks = [ln for ln in loaded.stdout.splitlines() if ln.startswith("HEAVY:")]
    heavy = marks[-1].removeprefix("HEAVY:") if marks else "?"
    for cmd in (validate, baseline):  # warm the file cache and .pyc files
        wall(cmd)
    a, b = [], []
    for _ in range(args.runs):
        a.append(wall(validate))
        b.append(wall(baseline))
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    print(f"validate (median of {args.runs}): {statistics.median(a) * 1000:.0f} ms")
    print(f"import click, pydantic, yaml:     {statistics.median(b) * 1000:.0f} ms")
    print(f"ratio, median of pairs:           {statistics.median(ratios):.2f}  (target < 2)")
    print(f"heavy modules loaded by validate: {heavy or 'none'}")
    return 0 if statistics.median(ratios) < 2 and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
