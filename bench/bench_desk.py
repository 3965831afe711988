"""Benchmark: the project office's desk (``drafts.check_paths``) on 20 Word drafts against 20
separate ``soffice --headless --convert-to pdf`` calls (one per draft, as by hand).

Run from the repository root: ``.venv/bin/python bench/bench_desk.py``. The drafts are the
example application rendered as ``pulje build`` does, each with a small edit in a content
control (so they differ as real drafts do). ``check_paths`` does everything the desk does:
reads each draft's controls back, validates the answers, converts all 20 in one LibreOffice run
and counts pages per section. The bare ``soffice`` calls only convert. It prints the time per
document of both ways and their ratio (target: the desk ≥ 3× faster per document).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "drafts"))

import drafts_samples as samples  # noqa: E402

from pulje.drafts import check_paths  # noqa: E402
from pulje.office import find_soffice  # noqa: E402

EDITS = [
    ("maalgruppe.indstilles.pr_maaned", "{n}"),
    ("spor2.maaltal_uger.2017-10", "{n} uger"),
    ("spor3.virksomhedsrettet.maal.2018-10", "{n}0 %"),
    ("identifikation.ansvarlig.telefon", "4368 74{n:02d}"),
]


def make_drafts(folder: Path, count: int) -> list[Path]:
    built = samples.built(folder / "kilde.docx")
    drafts = []
    for i in range(count):
        tag, text = EDITS[i % len(EDITS)]
        target = folder / "indbakke" / f"udkast-{i + 1:02d}.docx"
        target.parent.mkdir(exist_ok=True)
        drafts.append(samples.edit_control(built, target, tag, text.format(n=i % 9 + 1)))
    built.unlink()
    return drafts


def bare_soffice(soffice: str, draft: Path, outdir: Path) -> None:
    """LibreOffice as a user calls it by hand for one file: default profile, no timeout."""
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(draft)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3, help="runs of the desk (median)")
    args = parser.parse_args()

    soffice = find_soffice()
    work = Path(tempfile.mkdtemp(prefix="pulje-bench-desk-"))
    try:
        drafts = make_drafts(work, args.documents)
        inbox = drafts[0].parent
        # Warm-up: LibreOffice's profiles and font caches exist before anything is timed.
        bare_soffice(soffice, drafts[0], work / "warm")
        check_paths([drafts[0]])

        desk_times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            result = check_paths([inbox])
            desk_times.append(time.perf_counter() - started)
            assert len(result.files) == len(drafts)
            assert all(row.sider for row in result.files), [r.file for r in result.files]
        desk = statistics.median(desk_times)

        bare_each = []
        for i, draft in enumerate(drafts):
            started = time.perf_counter()
            bare_soffice(soffice, draft, work / "bare" / str(i))
            bare_each.append(time.perf_counter() - started)
        bare = sum(bare_each)

        n = len(drafts)
        pages = sorted({row.sider or 0 for row in result.files})
        print(f"LibreOffice: {soffice}")
        print(f"{n} Word drafts of the example ({pages[0]}–{pages[-1]} pages each), "
              f"each with one edit in a content control\n")
        print("pulje check (read controls, validate, one LibreOffice run, pages per section):")
        print(f"  {desk:6.2f} s in all (median of {args.repeats}: "
              + ", ".join(f"{t:.2f}" for t in desk_times) + ")")
        print(f"  {desk / n:6.3f} s per document")
        print(f"{n} separate 'soffice --headless --convert-to pdf' calls (convert only):")
        print(f"  {bare:6.2f} s in all ({min(bare_each):.2f}–{max(bare_each):.2f} s each)")
        print(f"  {bare / n:6.3f} s per document")
        ratio = bare / desk
        verdict = "met" if ratio >= 3 else "NOT met"
        print(f"\nratio: the desk is {ratio:.1f}× faster per document (target ≥ 3×: {verdict})")
        return 0 if ratio >= 3 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
