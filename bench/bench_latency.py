"""Benchmark: one document's latency in `pulje pages` and `pulje build` against a bare LibreOffice.

Run from the repository root: ``.venv/bin/python bench/bench_latency.py [--rounds 5]``. Each
round runs, in turn:

  A. ``pulje pages X.docx`` (X: the example's form as ``pulje build`` writes it);
  B. ``soffice --headless --convert-to pdf X.docx`` (a warm profile of its own, as the user's
     own LibreOffice has);
  C. ``pulje build EXAMPLE`` (the form and the budget attachment, both converted, pages counted);
  D. ``pulje build EXAMPLE --no-pdf`` (the same without LibreOffice).

It prints the medians, and the medians of the ratios per round: A ÷ B (the page count of one
document against the bare conversion) and C ÷ (D + B) (a build against making its documents
plus one bare conversion); target ≤ 1.1 for both, exit 1 when missed. pulje's PDF cache is
emptied before every A and C (``PULJE_CACHE`` is a folder of this benchmark's own; its pool
cache stays warm), so every PDF is really made by LibreOffice.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "applications" / "albertslund-bedre-ressourceforloeb.yaml"
TARGET = 1.1


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"{cmd[:3]} failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    soffice = shutil.which("soffice") or sys.exit("soffice is missing")
    script = Path(sys.executable).parent / "pulje"
    pulje = [str(script)] if script.exists() else [sys.executable, str(ROOT / "cli.py")]
    work = Path(tempfile.mkdtemp(prefix="pulje-bench-latency-"))
    cache = work / "cache"
    # pulje's caches (pools, PDFs, LibreOffice profiles) in folders of the benchmark's own, as
    # a user's machine has its own: the machine's shared ones may be held by other runs.
    env = dict(os.environ, PULJE_CACHE=str(cache), XDG_CACHE_HOME=str(work / "xdg"))
    try:
        timed([*pulje, "build", str(EXAMPLE), "--no-pdf", "-o", str(work / "docs")], env)
        docx = work / "docs" / f"{EXAMPLE.stem}.docx"
        pages = [*pulje, "pages", str(docx)]
        bare = [soffice, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless",
                "--convert-to", "pdf", "--outdir", str(work / "bare"), str(docx)]
        build = [*pulje, "build", str(EXAMPLE), "--force", "-o", str(work / "build")]
        nopdf = [*pulje, "build", str(EXAMPLE), "--no-pdf", "--force", "-o", str(work / "nopdf")]
        for cmd in (bare, pages, build, nopdf):  # warm-up: profiles, font and pool caches
            timed(cmd, env)
        a, b, c, d = [], [], [], []
        for _ in range(args.rounds):
            shutil.rmtree(cache / "pdf", ignore_errors=True)
            a.append(timed(pages, env))
            b.append(timed(bare, env))
            shutil.rmtree(cache / "pdf", ignore_errors=True)
            c.append(timed(build, env))
            d.append(timed(nopdf, env))
        pages_ratio = [x / y for x, y in zip(a, b, strict=True)]
        build_ratio = [x / (y + z) for x, y, z in zip(c, d, b, strict=True)]

        def med(xs: list[float]) -> str:
            return f"{statistics.median(xs):5.2f} s"

        print(f"{args.rounds} rounds, alternating; medians")
        print(f"A. pulje pages X.docx                      {med(a)}")
        print(f"B. soffice --convert-to pdf X.docx         {med(b)}")
        print(f"C. pulje build (form + budget, PDF, pages) {med(c)}")
        print(f"D. pulje build --no-pdf                    {med(d)}")
        pr, br = statistics.median(pages_ratio), statistics.median(build_ratio)
        print(f"pages ÷ bare soffice:        {pr:.2f} (rounds: "
              f"{', '.join(f'{r:.2f}' for r in pages_ratio)}; target ≤ {TARGET}: "
              f"{'met' if pr <= TARGET else 'NOT met'})")
        print(f"build ÷ (no-pdf build + bare soffice): {br:.2f} (rounds: "
              f"{', '.join(f'{r:.2f}' for r in build_ratio)}; target ≤ {TARGET}: "
              f"{'met' if br <= TARGET else 'NOT met'})")
        return 0 if pr <= TARGET and br <= TARGET else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
