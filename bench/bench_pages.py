"""Benchmark: office.convert_to_pdf + count_pages against bare ``soffice --convert-to pdf``.

Run from the repository root: ``.venv/bin/python bench/bench_pages.py``. It generates 20
realistic ~12-page Danish applications (.docx, Carlito font) in a temporary folder and prints:

(a) one document: convert_to_pdf + count_pages, as a ratio to one bare soffice call (≤ 1.25);
(b) 20 documents: per-document time of one batched convert_to_pdf against one soffice call per
    document (≥ 3× faster);
(c) what the cached LibreOffice profile saves over a brand-new one per run.

Times are medians of a few repetitions, after a warm-up of each way of running LibreOffice.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx  # noqa: E402
from docx.enum.text import WD_BREAK  # noqa: E402
from docx.shared import Pt  # noqa: E402

from pulje.office import convert_to_pdf, count_pages, find_soffice  # noqa: E402

_VOCABULARY = (
    "borgeren jobcentret kommunen ressourceforløb rehabiliteringsteamet indsatsen virksomheden "
    "mentor sagsbehandleren forløbet samarbejdet sundhedsindsats beskæftigelse praktik "
    "løntilskud målgruppen projektet pulje aktiviteter opfølgning tværfagligt helhedsorienteret "
    "plan mål resultater erfaringer netværk arbejdsmarkedet fleksjob uddannelse trivsel "
    "mestring kontakt samtale koordinerende styrke udvikle understøtte sikre etablere "
    "gennemføre tilbyde evaluere dokumentere forankre implementere og i på med til for af at "
    "som der en et den det de har vil kan skal bliver er ikke også hver uge måned år"
)
WORDS = _VOCABULARY.split()
SECTIONS = [
    "Projektets formål og baggrund",
    "Målgruppe og rekruttering",
    "Indsatser og aktiviteter",
    "Samarbejde med virksomheder",
    "Tværfagligt samarbejde og sundhed",
    "Organisering og styregruppe",
    "Tidsplan og milepæle",
    "Måltal og resultater",
    "Evaluering og dokumentation",
    "Forankring efter projektperioden",
    "Budget og finansiering",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def make_application(path: Path, seed: int) -> None:
    """About 12 pages: headings, body text, a budget table and a page break before the budget."""
    rng = random.Random(seed)
    document = docx.Document()
    for style in ("Normal", "Heading 1", "Heading 2"):
        document.styles[style].font.name = "Carlito"
    document.styles["Normal"].font.size = Pt(11)
    document.sections[0].header.paragraphs[0].text = (
        f"Ansøgning til puljen Bedre ressourceforløb – Kommune {seed}"
    )
    document.add_heading(f"Ansøgning fra Kommune {seed}", level=0)
    for number, title in enumerate(SECTIONS, start=1):
        if title.startswith("Budget"):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(f"{number}. {title}", level=1)
        for _ in range(5):
            document.add_paragraph(" ".join(_sentence(rng) for _ in range(rng.randint(3, 6))))
        if title.startswith("Budget"):
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("Post", "2025", "2026"), strict=True):
                cell.text = text
            for post in ("Projektleder", "Mentorer", "Sundhedsindsats", "Evaluering", "Revision"):
                cells = table.add_row().cells
                cells[0].text = post
                cells[1].text = f"{rng.randint(50, 900) * 1000:,} kr.".replace(",", ".")
                cells[2].text = f"{rng.randint(50, 900) * 1000:,} kr.".replace(",", ".")
    document.save(str(path))


def bare_soffice(soffice: str, files: list[Path], outdir: Path) -> None:
    """LibreOffice as a user would call it by hand: default profile, no timeout."""
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_of(repeats: int, action: Callable[[], object]) -> float:
    return statistics.median(timed(action) for _ in range(repeats))


def main() -> int:
    # The same documents are converted again and again here: no PDF may come from pulje's cache.
    os.environ["PULJE_CACHE"] = "off"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5, help="repetitions for (a) and (c)")
    args = parser.parse_args()

    soffice = find_soffice()
    work = Path(tempfile.mkdtemp(prefix="pulje-bench-"))
    try:
        docs = []
        for i in range(args.documents):
            docs.append(work / "in" / f"ansoegning-{i:02d}.docx")
            docs[-1].parent.mkdir(exist_ok=True)
            make_application(docs[-1], seed=i)
        one = docs[0]
        out = work / "out"

        def ours_one() -> int:
            pdf = convert_to_pdf([one], out)[one]
            assert isinstance(pdf, Path), pdf
            return count_pages(pdf)

        # Warm-up: both profiles exist and the fonts are cached before anything is timed.
        bare_soffice(soffice, [one], out / "bare")
        pages = ours_one()
        sizes = []
        for pdf_or_failure in convert_to_pdf(docs, out / "all").values():
            assert isinstance(pdf_or_failure, Path), pdf_or_failure
            sizes.append(count_pages(pdf_or_failure))
        print(f"LibreOffice: {soffice}")
        print(f"{len(docs)} documents generated, {min(sizes)}–{max(sizes)} pages each "
              f"(the one for (a): {pages} pages)\n")

        # (a) one document, interleaved so drift in machine load hits both alike
        bare_times, ours_times = [], []
        for _ in range(args.repeats):
            bare_times.append(timed(lambda: bare_soffice(soffice, [one], out / "bare")))
            ours_times.append(timed(ours_one))
        bare_a, ours_a = statistics.median(bare_times), statistics.median(ours_times)
        ratio_a = ours_a / bare_a
        print("(a) one document")
        print(f"    bare soffice --convert-to pdf      {bare_a:6.3f} s")
        print(f"    convert_to_pdf + count_pages        {ours_a:6.3f} s")
        print(f"    ratio                               {ratio_a:6.2f}   "
              f"(target ≤ 1.25: {'met' if ratio_a <= 1.25 else 'NOT met'})\n")

        # (b) the batch: one convert_to_pdf for all, against one bare soffice call per document
        def ours_batch() -> None:
            for pdf in convert_to_pdf(docs, out / "batch").values():
                assert isinstance(pdf, Path), pdf
                count_pages(pdf)

        def bare_each() -> None:
            for doc in docs:
                bare_soffice(soffice, [doc], out / "each")

        batch_total = timed(ours_batch)
        each_total = timed(bare_each)
        n = len(docs)
        speedup = each_total / batch_total
        print(f"(b) {n} documents")
        print(f"    one soffice call per document       {each_total:6.2f} s  "
              f"= {each_total / n:6.3f} s per document")
        print(f"    one batched convert_to_pdf (+count) {batch_total:6.2f} s  "
              f"= {batch_total / n:6.3f} s per document")
        print(f"    speed-up                            {speedup:6.2f}×  "
              f"(target ≥ 3×: {'met' if speedup >= 3 else 'NOT met'})\n")

        # (c) the cached profile against a brand-new profile for every run
        def fresh_profile() -> None:
            cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
            old = os.environ.get("XDG_CACHE_HOME")
            os.environ["XDG_CACHE_HOME"] = str(cache)
            try:
                ours_one()
            finally:
                if old is None:
                    del os.environ["XDG_CACHE_HOME"]
                else:
                    os.environ["XDG_CACHE_HOME"] = old

        cached_c = median_of(args.repeats, ours_one)
        fresh_c = median_of(args.repeats, fresh_profile)
        print("(c) LibreOffice profile, one document")
        print(f"    cached profile (lo-profile-N)       {cached_c:6.3f} s")
        print(f"    brand-new profile each run          {fresh_c:6.3f} s")
        print(f"    saved by the cache                  {fresh_c - cached_c:6.3f} s "
              f"({(fresh_c - cached_c) / fresh_c:.0%})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
