"""Benchmark for `pulje build` and `pulje pages` (issue 3), all figures from one run.

Prints:
  1. the build time without PDF (`pulje build --no-pdf`, median);
  2. the exact page count of the example's .docx (`pulje pages X.docx`) as a ratio to a bare
     `soffice --headless --convert-to pdf X.docx` (target ≤ 1.25);
  3. for 20 documents: the per-document time of one `pulje pages` call against one `soffice`
     call per document (target ≥ 3× faster);
  4. a build of the example with one 50,000-word answer (refused with PAG001 from the page
     bound, no LibreOffice run) against a build of the example without PDF (target ≤ 2; it
     took two LibreOffice timeouts, 240 s, before issue 8).
The commands alternate (A B A B …) and ratios are taken pair by pair, because the machine is
shared and noisy.

    python bench/bench_build.py [--runs 3]
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


def timed(cmd: list[str], cwd: Path = ROOT) -> float:
    # Every run makes its PDFs: pulje's PDF cache (in this benchmark's folder) is emptied.
    shutil.rmtree(Path(os.environ["PULJE_CACHE"]) / "pdf", ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"{cmd[:3]} failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    py = sys.executable
    soffice = shutil.which("soffice") or sys.exit("soffice is missing")
    work = Path(tempfile.mkdtemp(prefix="pulje-bench-"))
    os.environ["PULJE_CACHE"] = str(work / "cache")  # pulje's caches in the benchmark's folder
    try:
        builds = [timed([py, "cli.py", "build", str(EXAMPLE), "--no-pdf", "-o",
                         str(work / f"b{i}")]) for i in range(args.runs)]
        print(f"1. build without PDF, median of {args.runs}: {statistics.median(builds):.2f} s")

        docx = work / "b0" / f"{EXAMPLE.stem}.docx"
        profile = work / "lo-profile"
        bare = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                "--convert-to", "pdf", "--outdir", str(work / "bare"), str(docx)]
        timed(bare)  # the bare soffice gets a warm profile, as the user's own LibreOffice has
        ours = [py, "cli.py", "pages", str(docx)]
        timed(ours)
        ratios = []
        for _ in range(args.runs):
            a = timed(ours)
            b = timed(bare)
            ratios.append(a / b)
        print(f"2. exact pages of one .docx vs bare soffice: ratio {statistics.median(ratios):.2f}"
              f" (target ≤ 1.25; runs {', '.join(f'{r:.2f}' for r in ratios)})")

        many = []
        for i in range(20):
            copy = work / "twenty" / f"udkast-{i:02d}.docx"
            copy.parent.mkdir(exist_ok=True)
            shutil.copy(docx, copy)
            many.append(copy)
        batch = timed([py, "cli.py", "pages", *map(str, many)]) / len(many)
        single = statistics.mean(
            timed([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(work / "single"), str(doc)])
            for doc in many
        )
        print(f"3. 20 documents: pulje pages {batch:.2f} s/doc, soffice per document "
              f"{single:.2f} s/doc: {single / batch:.1f}× faster (target ≥ 3×)")

        giant = work / "giant.yaml"
        marker = "  koordinering: |\n"
        sentence = "Borgeren inddrages i hele forløbet og indsatsen følges tæt af alle parter. "
        giant.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
            marker, marker + "    " + sentence * (50_000 // 12) + "\n", 1), encoding="utf-8")
        pairs = []
        for i in range(args.runs):
            a = timed([py, "cli.py", "build", str(giant), "-o", str(work / f"g{i}")])
            b = timed([py, "cli.py", "build", str(EXAMPLE), "--no-pdf", "-o",
                       str(work / f"n{i}")])
            pairs.append((a, b))
        ratio = statistics.median(a / b for a, b in pairs)
        seconds = statistics.median(a for a, _ in pairs)
        print(f"4. 50,000-word answer refused (PAG001): {seconds:.2f} s; ratio to a build "
              f"without PDF {ratio:.2f} (target ≤ 2)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
