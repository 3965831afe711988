"""Benchmark: `pulje validate` on 20 MB adversarial answer files against the example.

The answer-file size cap (20 MB) must bound time and memory too (issue 8, item 7): reading stops
at pulje's value, depth and alias budget (pulje/yamlsource), so a file of tiny values costs
about what reading 20 MB does — not a minute and gigabytes. Prints, for each file, wall time and
peak memory (RSS) of one `pulje validate` run, and the ratio to validating the example, measured
side by side in one run (the machine is shared and noisy: only ratios are meaningful).

    python bench/bench_bounds.py                     # this checkout
    python bench/bench_bounds.py --before OLD_TREE   # and an older checkout beside it
                                                     # (e.g. git archive main | tar -x -C OLD_TREE)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
CAP = 19_999_000  # just under the 20 MB answer-file cap
HEAD = "pulje: bedre-ressourceforloeb\nrunde: '2016'\n"


def _fill(prefix: str, unit: str, tail: str = "") -> str:
    return prefix + unit * ((CAP - len(prefix) - len(tail)) // len(unit)) + tail


FILES: dict[str, Callable[[], str]] = {
    "block list of tiny values": lambda: _fill(HEAD + "tidsplan:\n  2017:\n    1:\n",
                                               "      - a\n"),
    "flow list of tiny values": lambda: _fill(HEAD + "tidsplan: {2017: {1: [", "a,", "a]}}\n"),
    "1.5 million keys": lambda: HEAD + "spor1:\n" + "".join(
        f"  k{i}: 1\n" for i in range(1_400_000))[: CAP - 100],
    "brackets nested 20 MB deep": lambda: _fill(HEAD + "spor1: ", "["),
    "alias bomb": lambda: HEAD + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
}


# A small launcher runs each command, so that the peak RSS measured is the command's own and not
# that of this process (a forked child starts with its parent's pages, here 20 MB strings).
LAUNCHER = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one run of ``cmd``."""
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], cwd=cwd, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def command(tree: Path | None) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    if tree is None:
        script = Path(sys.executable).parent / "pulje"
        return ([str(script)] if script.exists() else [sys.executable, "-m", "cli"]), env
    env["PYTHONPATH"] = str(tree)
    return [sys.executable, "-c", "import sys, cli; sys.argv[0] = 'pulje'; cli.main()"], env


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, default=None,
                        help="an older checkout to measure beside this one")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    trees: list[tuple[str, Path | None]] = [("now", None)]
    if args.before is not None:
        trees.insert(0, ("before", args.before.resolve()))
    with tempfile.TemporaryDirectory(prefix="pulje-bench-") as tmp:
        paths = {"the example (reference)": EXAMPLE}
        for name, make in FILES.items():
            path = Path(tmp) / (name.replace(" ", "-") + ".yaml")
            path.write_text(make(), encoding="utf-8")
            paths[name] = path
        print(f"{'file':30} {'tree':>6} {'MB':>6} {'time s':>8} {'RSS MB':>8} "
              f"{'÷ example':>10}")
        for label, tree in trees:
            cmd, env = command(tree)
            reference: tuple[float, float] | None = None
            for name, path in paths.items():
                runs = [run([*cmd, "validate", str(path)], env, tree or ROOT)
                        for _ in range(args.runs)]
                wall = statistics.median(r[0] for r in runs)
                rss = max(r[1] for r in runs)
                if reference is None:
                    reference = (wall, rss)
                size = path.stat().st_size / 1e6
                print(f"{name:30} {label:>6} {size:6.1f} {wall:8.2f} {rss:8.0f} "
                      f"{wall / reference[0]:5.1f}× t {rss / reference[1]:4.1f}× m")
    return 0


if __name__ == "__main__":
    sys.exit(main())
