"""Benchmark: the project office's desk (``pulje check FOLDER``) on 20 Word drafts against 20
separate ``soffice --headless --convert-to pdf`` calls (one per draft, as by hand).

Run from the repository root: ``.venv/bin/python bench/bench_desk.py [--rounds 3]``. The
drafts are the example application rendered as ``pulje build`` does, each with a different
small answer in one content control, so that no two drafts have the same bytes (checked) and
no cache can stand in for the work. ``pulje check`` does everything the desk does: reads each
draft's controls back, validates the answers, converts the drafts (one LibreOffice run per
core) and counts pages per section. The bare ``soffice`` calls only convert.

Each round runs, in turn: ``pulje check`` with an empty PDF cache (the first figure), ``pulje
check`` again with the PDFs of the same drafts in the cache (the second figure: what a second
look at the same drafts costs), the 20 bare calls, and the LibreOffice floor: one ``soffice
--convert-to pdf`` per core, side by side, each over its share of the drafts (split evenly,
each run with a profile of its own, warmed up first), and nothing else — what converting the
drafts costs on this machine without pulje. It prints the medians over the rounds, the ratios
per round and their medians, the desk ÷ floor (how far pulje is from LibreOffice's own cost)
and the bare calls ÷ floor (the highest ratio any desk driven by cold LibreOffice runs can reach
here), and exits 1 when the desk with an empty cache is not ≥ 8× faster than one ``soffice``
per document. The pools' own cache is warm in every run (a folder of this benchmark's own,
``PULJE_CACHE``); only its ``pdf/`` folder is emptied.

Compiled modules: this machine sets PYTHONDONTWRITEBYTECODE, which would make every run compile
pulje's modules from source. As ``bench_validate.py`` does, the benchmark first runs ``python -m
compileall`` over pulje's own packages (``pulje``, ``schemas``, ``cli.py``: the ``__pycache__``
folders in the checkout, as an installation has them) and over the virtual environment's
site-packages (compileall skips what is up to date).
"""

from __future__ import annotations

import argparse
import hashlib
import os
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

from pulje.office import find_soffice  # noqa: E402

TARGET = 8.0
EDITS = [
    ("maalgruppe.indstilles.pr_maaned", "{n}"),
    ("spor2.maaltal_uger.2017-10", "{n} uger"),
    ("spor3.virksomhedsrettet.maal.2018-10", "{n}0 %"),
    ("identifikation.ansvarlig.telefon", "4368 74{n:02d}"),
]


def compile_modules() -> None:
    """pulje's modules and the environment's byte-compiled, as an installation has them."""
    py = sys.executable
    subprocess.run([py, "-m", "compileall", "-q", "-j", "0", "pulje", "schemas", "cli.py"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([py, "-m", "compileall", "-q", "-j", "0", site], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_drafts(folder: Path, count: int) -> list[Path]:
    """``count`` drafts of the example, each with its own answer in one control."""
    built = samples.built(folder / "kilde.docx")
    drafts = []
    for i in range(count):
        tag, text = EDITS[i % len(EDITS)]
        target = folder / "indbakke" / f"udkast-{i + 1:02d}.docx"
        target.parent.mkdir(exist_ok=True)
        drafts.append(samples.edit_control(built, target, tag, text.format(n=i + 1)))
    built.unlink()
    hashes = {hashlib.sha256(d.read_bytes()).hexdigest() for d in drafts}
    assert len(hashes) == count, "the drafts must differ"
    return drafts


def bare_soffice(soffice: str, draft: Path, outdir: Path) -> None:
    """LibreOffice as a user calls it by hand for one file: default profile, no timeout."""
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(draft)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def floor(soffice: str, drafts: list[Path], outdir: Path, profiles: list[Path]) -> float:
    """One LibreOffice run per core over its share of ``drafts``, side by side: seconds."""
    shares = [drafts[i::len(profiles)] for i in range(len(profiles))]
    started = time.perf_counter()
    runs = [subprocess.Popen(
        # the same options as the desk's own runs (office.soffice), so the two compare alike
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
         "--nologo", "--nodefault", "--norestore", "--nolockcheck", "--convert-to",
         "pdf:writer_pdf_Export", "--outdir", str(outdir / str(n)), *(str(d) for d in share)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    ) for n, (profile, share) in enumerate(zip(profiles, shares, strict=True)) if share]
    for run in runs:
        assert run.wait() == 0
    seconds = time.perf_counter() - started
    assert len(list(outdir.rglob("*.pdf"))) == len(drafts), "every draft converted"
    shutil.rmtree(outdir)
    return seconds


def desk(pulje: list[str], inbox: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([*pulje, "check", "--format", "json", str(inbox)], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - started
    assert done.returncode in (0, 1), done.returncode
    assert done.stdout.count(b'"sider": 12') == len(list(inbox.iterdir())), "pages counted"
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    soffice = find_soffice()
    script = Path(sys.executable).parent / "pulje"
    pulje = [str(script)] if script.exists() else [sys.executable, str(ROOT / "cli.py")]
    work = Path(tempfile.mkdtemp(prefix="pulje-bench-desk-"))
    cache = work / "cache"
    # pulje's caches (pools, PDFs, LibreOffice profiles) in folders of the benchmark's own, as
    # a user's machine has its own: the machine's shared ones may be held by other runs.
    env = dict(os.environ, PULJE_CACHE=str(cache), XDG_CACHE_HOME=str(work / "xdg"))
    try:
        drafts = make_drafts(work, args.documents)
        inbox = drafts[0].parent
        n = len(drafts)
        compile_modules()
        # Warm-up: LibreOffice's profiles, font caches and pulje's pool cache exist first.
        bare_soffice(soffice, drafts[0], work / "warm")
        desk(pulje, inbox, env)
        profiles = [work / "profiles" / str(n) for n in range(cores())]
        floor(soffice, drafts[:len(profiles)], work / "floor", profiles)

        cold, warm, bare, low = [], [], [], []
        for r in range(args.rounds):
            low.append(floor(soffice, drafts, work / "floor", profiles))
            shutil.rmtree(cache / "pdf", ignore_errors=True)
            cold.append(desk(pulje, inbox, env))
            warm.append(desk(pulje, inbox, env))
            started = time.perf_counter()
            for i, draft in enumerate(drafts):
                bare_soffice(soffice, draft, work / "bare" / f"{r}-{i}")
            bare.append(time.perf_counter() - started)

        cold_ratio = [b / c for b, c in zip(bare, cold, strict=True)]
        warm_ratio = [b / w for b, w in zip(bare, warm, strict=True)]
        desk_floor = [c / f for c, f in zip(cold, low, strict=True)]
        bare_floor = [b / f for b, f in zip(bare, low, strict=True)]

        def line(label: str, times: list[float]) -> str:
            med = statistics.median(times)
            runs = ", ".join(f"{t:.1f}" for t in times)
            return f"  {label:44s} {med:6.2f} s  {med / n:6.3f} s/doc  (runs: {runs})"

        print(f"LibreOffice: {soffice}; {n} distinct Word drafts of the example (12 pages each)")
        print(f"{args.rounds} rounds, each: LibreOffice floor, desk (empty PDF cache), "
              f"desk (PDFs cached), {n} bare calls; medians")
        print(line("pulje check FOLDER, empty PDF cache", cold))
        print(line("pulje check FOLDER, the same drafts cached", warm))
        print(line(f"{n} × soffice --headless --convert-to pdf", bare))
        print(line(f"floor: {len(profiles)} × soffice side by side", low))
        cr, wr = statistics.median(cold_ratio), statistics.median(warm_ratio)
        print(f"ratio, empty cache:  the desk is {cr:.1f}× faster per document "
              f"(rounds: {', '.join(f'{x:.1f}' for x in cold_ratio)}; target ≥ {TARGET:g}×: "
              f"{'met' if cr >= TARGET else 'NOT met'})")
        print(f"ratio, PDFs cached:  the desk is {wr:.1f}× faster per document "
              f"(rounds: {', '.join(f'{x:.1f}' for x in warm_ratio)})")
        print(f"desk ÷ floor:        {statistics.median(desk_floor):.2f} "
              f"(rounds: {', '.join(f'{x:.2f}' for x in desk_floor)}; 1.00 is LibreOffice alone)")
        print(f"bare ÷ floor:        {statistics.median(bare_floor):.1f}× "
              f"(rounds: {', '.join(f'{x:.1f}' for x in bare_floor)}; the highest ratio a desk "
              f"driven by cold LibreOffice runs can reach on this machine)")
        return 0 if cr >= TARGET else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
