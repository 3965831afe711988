"""Benchmark: `pulje validate` on the example against the bare imports it cannot avoid.

Prints the wall-time ratio  validate / `python -c "import click, pydantic, yaml"`,
measured in one run with the two commands interleaved (the machine is shared and noisy, so
only the ratio of medians is meaningful). Target (issue 2): ratio < 2 — validate must not
pay for the Word or PDF libraries.

    python bench/bench_validate.py [--runs 15]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
HEAVY = ("docx", "docxtpl", "pypdf", "openpyxl", "lxml", "psycopg")
PACKAGES = ("pulje", "schemas")


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def wall(cmd: list[str]) -> float:
    return run(cmd)[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    # Measure what a user runs: the installed `pulje` command, with pulje's modules byte-compiled
    # as an installation has them (this machine sets PYTHONDONTWRITEBYTECODE, which would
    # otherwise make every run compile every module from source).
    subprocess.run([py, "-m", "compileall", "-q", "-j", "0", *PACKAGES, "cli.py"], cwd=ROOT,
                   check=True)
    script = Path(py).parent / "pulje"
    validate = ([str(script)] if script.exists() else [py, "-m", "cli"]) + [
        "validate", str(EXAMPLE)]
    baseline = [py, "-c", "import click, pydantic, yaml"]
    # `import pydantic` is lazy: it loads almost nothing until a model is defined. For context,
    # the same imports with pydantic's BaseModel actually loaded, as any pydantic tool needs.
    loaded_baseline = [py, "-c", "import click, yaml; from pydantic import BaseModel"]
    probe = [py, "-c",
             f"import sys, runpy; sys.argv=['cli.py','validate',{str(EXAMPLE)!r}]\n"
             "try:\n runpy.run_path('cli.py', run_name='__main__')\n"
             "except SystemExit: pass\n"
             f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"]
    loaded = subprocess.run(probe, cwd=ROOT, capture_output=True, text=True, check=False)
    marks = [ln for ln in loaded.stdout.splitlines() if ln.startswith("HEAVY:")]
    heavy = marks[-1].removeprefix("HEAVY:") if marks else "?"
    for cmd in (validate, baseline, loaded_baseline):  # warm the file cache
        wall(cmd)
    a, b, c = [], [], []
    for _ in range(args.runs):
        a.append(run(validate))
        b.append(run(baseline))
        c.append(run(loaded_baseline))

    def med(xs: list[tuple[float, float]], i: int) -> float:
        return statistics.median(x[i] for x in xs) * 1000

    def ratio(xs: list[tuple[float, float]], ys: list[tuple[float, float]], i: int) -> float:
        return statistics.median(x[i] / y[i] for x, y in zip(xs, ys, strict=True))

    print(f"runs: {args.runs}, alternating; medians (wall / cpu)")
    print(f"pulje validate (example):            {med(a, 0):.0f} / {med(a, 1):.0f} ms")
    print(f"import click, pydantic, yaml:        {med(b, 0):.0f} / {med(b, 1):.0f} ms")
    print(f"  + from pydantic import BaseModel:  {med(c, 0):.0f} / {med(c, 1):.0f} ms")
    print(f"ratio to `import click, pydantic, yaml`: wall {ratio(a, b, 0):.2f}, "
          f"cpu {ratio(a, b, 1):.2f}  (target < 2)")
    print(f"ratio to the same with BaseModel loaded: wall {ratio(a, c, 0):.2f}, "
          f"cpu {ratio(a, c, 1):.2f}")
    print(f"heavy modules loaded by validate: {heavy or 'none'}")
    return 0 if ratio(a, b, 0) < 2 and not heavy else 1


if __name__ == "__main__":
    sys.exit(main())
