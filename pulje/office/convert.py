"""Convert .docx files to PDF with LibreOffice: a few runs side by side, with a timeout.

LibreOffice's start-up costs about a second; each further document in the same run costs
about 0.2 s, and one run uses one core. So the files are shared out among one run per core
(``workers``; each with two files at least), each converting its share in one ``soffice
--convert-to pdf`` call with a profile of its own. Each run converts its files in the order
given, so when a run hangs, the first unfinished file is the one it hung on: that file fails
with the timeout (a second try would only wait as long again) and the files after it, never
started, get one run together. When a run crashes, the first unfinished file is tried once
alone (a crash costs little) and the rest together.

A file whose bytes were converted before gets its PDF from the cache (``office.pdfcache``)
without LibreOffice. Each run is a new, cold LibreOffice: a document always gets the same
pages, whatever else is converted beside it or before it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.diagnostics.codes import Code
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Diagnostic, Location
from pulje.office import pdfcache
from pulje.office.errors import LibreOfficeMissing, OutdirNotWritable
from pulje.office.soffice import INSTALL_COMMAND, PROFILE_SLOTS, Run, run_soffice
from pulje.office.soffice import profile as _profile  # noqa: F401 - the tests hold slots
from pulje.office.soffice import profiles as _profiles

__all__ = ["INSTALL_COMMAND", "PROFILE_SLOTS", "ConversionFailure", "convert_to_pdf",
           "find_soffice", "workers_for"]

_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"

MSG_NOT_DOCX = N_("{file} is not a .docx file.")
HINT_NOT_DOCX = N_("Only Word documents (.docx) can be converted to PDF.")
MSG_CANNOT_READ = N_("{file} could not be read.")
HINT_CANNOT_READ = N_("Check that the file exists and that you may read it.")
MSG_NOT_WORD = N_("{file} is not a Word document, or the file is damaged.")
HINT_RESAVE = N_("Open the file in Word or LibreOffice and save it again as .docx.")
MSG_NOT_CONVERTED = N_("LibreOffice could not convert {file} to PDF.")
MSG_TIMEOUT = N_("LibreOffice spent more than {seconds} seconds on {file} and was stopped.")
HINT_TIMEOUT = N_(
    "The file may be damaged or very large. Open it in Word or LibreOffice and save it again "
    "as .docx."
)
MSG_NOT_SAVED = N_("The PDF made from {file} could not be saved as {pdf}.")
HINT_NOT_SAVED = N_("Check that you may write in the folder and that {pdf} is not open elsewhere.")


@dataclass(frozen=True)
class ConversionFailure:
    """Why one file did not become a PDF; ``reason`` and ``hint`` are msgids filled by ``params``.

    ``detail`` is LibreOffice's own (English, untranslated) output, for logs and bug reports.
    """

    source: Path
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)
    hint: str = ""
    detail: str = ""

    def diagnostic(self, code: Code) -> Diagnostic:
        """This failure as a finding of ``code`` (from the register), located at the source file."""
        return code(self.reason, self.hint, **self.params).at(Location(str(self.source)))


def find_soffice() -> str:
    """The LibreOffice program to run: ``$PULJE_SOFFICE``, else ``soffice``/``libreoffice``."""
    configured = os.environ.get("PULJE_SOFFICE", "").strip()
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise LibreOfficeMissing(
                N_("PULJE_SOFFICE is set to {path}, but that is not a program that can be run."),
                N_("Set PULJE_SOFFICE to the full path of soffice, or remove the setting."),
                path=configured,
            )
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found is not None:
            return found
    if os.access(_MAC_SOFFICE, os.X_OK):
        return _MAC_SOFFICE
    raise LibreOfficeMissing(
        N_("LibreOffice is needed to turn .docx files into PDF, but it was not found."),
        N_("Install it with: {command} (or set PULJE_SOFFICE to the path of soffice)."),
        command=INSTALL_COMMAND,
    )


@dataclass(frozen=True)
class _Job:
    source: Path  # the user's file, never touched
    staged: Path  # our private copy, under a plain ASCII name LibreOffice cannot misread
    target: Path  # where its PDF goes


Outcome = Path | ConversionFailure
#: Told each source's outcome as soon as it is known (from the thread of the run that made it).
OnResult = Callable[[Path, Outcome], None]


def workers_for(jobs: int) -> int:
    """How many LibreOffice runs side by side for ``jobs`` files: one per core, each with two
    files at least (a run's start-up costs as much as several more files in a run: a build's
    form and attachment are one run), and no more than there are cached profiles."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, PROFILE_SLOTS, jobs // 2))


def staging_folder(outdir: Path, prefix: str) -> Path:
    """A private folder inside ``outdir`` for LibreOffice's PDFs (``OutdirNotWritable`` if
    there can be none): inside, so the final rename stays on one file system and so is atomic;
    absolute, because LibreOffice runs in another working directory."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=prefix, dir=outdir.absolute()))
    except OSError as exc:
        raise OutdirNotWritable(
            N_("PDF files cannot be written to the folder {folder}."),
            N_("Check that the folder exists and that you may write in it."),
            folder=str(outdir),
        ) from exc


def convert_to_pdf(
    sources: Sequence[Path], outdir: Path, *, timeout: float = 120, workers: int | None = None,
    on_result: OnResult | None = None,
) -> dict[Path, Outcome]:
    """Convert .docx files to PDFs in ``outdir``: one LibreOffice run per core, side by side.

    Returns, for each source in the given order, its PDF or why it has none. A PDF is named after
    its source (``a.docx`` → ``a.pdf``); sources sharing a name get ``a-2.pdf``, ``a-3.pdf`` ….
    An existing PDF of that name in ``outdir`` is replaced, whole: PDFs are written beside it and
    renamed. ``timeout`` is how long LibreOffice may go without finishing a document (its start-up
    included) before it is stopped. ``workers`` is how many runs at most go side by side
    (default: ``workers_for``); ``on_result`` is told each outcome as soon as its run ends, so a
    caller can go on with those files while the other runs work. Raises ``LibreOfficeMissing``
    and ``OutdirNotWritable``.
    """
    unique = list(dict.fromkeys(sources))
    if not unique:
        return {}
    soffice = find_soffice()
    staging = staging_folder(outdir, ".pulje-lo-")
    tell = on_result or (lambda source, outcome: None)
    try:
        results, jobs = _stage(unique, staging / "in", outdir)
        for source, outcome in results.items():
            tell(source, outcome)
        cache = pdfcache.open_cache(soffice)
        keys: dict[Path, str] = {}
        if cache is not None:
            jobs = _from_cache(cache, jobs, keys, results, tell)

        def finish(job: _Job, outcome: Outcome) -> None:
            key = keys.get(job.source)
            if cache is not None and key is not None and isinstance(outcome, Path):
                cache.store(key, outcome)
            tell(job.source, outcome)

        def convert(share: list[_Job], profile: Path) -> dict[Path, Outcome]:
            return _convert(soffice, profile, share, staging, timeout, finish)

        if jobs:
            with _profiles(workers or workers_for(len(jobs))) as held:
                shares = _shares(jobs, len(held))
                if len(shares) == 1:
                    results.update(convert(shares[0], held[0]))
                else:
                    with ThreadPoolExecutor(len(shares), thread_name_prefix="pulje-lo") as pool:
                        for done in pool.map(convert, shares, held):
                            results.update(done)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {source: results[source] for source in unique}


def _from_cache(cache: pdfcache.PdfCache, jobs: list[_Job], keys: dict[Path, str],
                results: dict[Path, Outcome], tell: OnResult) -> list[_Job]:
    """The jobs whose PDF the cache has are done here; the others are left to LibreOffice."""
    left: list[_Job] = []
    for job in jobs:
        key = cache.key(job.staged)
        if key is not None:
            keys[job.source] = key
            if cache.fetch(key, job.target):
                results[job.source] = job.target
                tell(job.source, job.target)
                continue
        left.append(job)
    return left


def _shares(jobs: list[_Job], workers: int) -> list[list[_Job]]:
    """``jobs`` shared out among ``workers`` runs, about the same bytes each (a document's size
    stands for its work), each share in the given order."""
    count = max(1, min(workers, len(jobs)))
    shares: list[list[tuple[int, _Job]]] = [[] for _ in range(count)]
    loads = [0] * count
    sized = []
    for index, job in enumerate(jobs):
        try:
            size = job.staged.stat().st_size
        except OSError:
            size = 0
        sized.append((size, index, job))
    for size, index, job in sorted(sized, key=lambda s: (-s[0], s[1])):
        lightest = loads.index(min(loads))
        shares[lightest].append((index, job))
        loads[lightest] += size
    return [[job for _, job in sorted(share, key=lambda s: s[0])] for share in shares if share]


def _stage(
    sources: list[Path], indir: Path, outdir: Path
) -> tuple[dict[Path, Path | ConversionFailure], list[_Job]]:
    """Copy the .docx sources to ``indir`` and check them; the rest fail here."""
    indir.mkdir()
    results: dict[Path, Path | ConversionFailure] = {}
    jobs: list[_Job] = []
    taken: set[str] = set()
    for number, source in enumerate(sources, start=1):
        params = {"file": str(source)}
        if source.suffix.lower() != ".docx":
            results[source] = ConversionFailure(source, MSG_NOT_DOCX, params, HINT_NOT_DOCX)
            continue
        staged = indir / f"{number:04d}.docx"
        try:
            # A copy, so LibreOffice leaves no lock file beside the user's document.
            shutil.copyfile(source, staged)
        except OSError as exc:
            results[source] = ConversionFailure(
                source, MSG_CANNOT_READ, params, HINT_CANNOT_READ, detail=str(exc)
            )
            continue
        if not _looks_like_docx(staged):
            # LibreOffice would happily "convert" random bytes as plain text.
            results[source] = ConversionFailure(source, MSG_NOT_WORD, params, HINT_RESAVE)
            continue
        jobs.append(_Job(source, staged, outdir / _free_name(source.stem or "dokument", taken)))
    return results, jobs


def _free_name(stem: str, taken: set[str]) -> str:
    name, n = f"{stem}.pdf", 1
    # Casefolded, because two names differing only in case are one file on some file systems.
    while name.casefold() in taken:
        n += 1
        name = f"{stem}-{n}.pdf"
    taken.add(name.casefold())
    return name


def _looks_like_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)


def _convert(
    soffice: str, profile: Path, jobs: list[_Job], staging: Path, timeout: float,
    finish: Callable[[_Job, Outcome], None],
) -> dict[Path, Outcome]:
    """One run over ``jobs`` (and the retries it needs); ``finish`` is told each outcome as soon
    as it is known, a PDF as soon as LibreOffice has written it whole."""
    out = Path(tempfile.mkdtemp(prefix="out-", dir=staging))
    results: dict[Path, Outcome] = {}

    def harvest() -> None:
        for job in jobs:
            produced = out / f"{job.staged.stem}.pdf"
            if job.source not in results and pdfcache.whole_pdf(produced):
                results[job.source] = outcome = _publish(job, produced)
                finish(job, outcome)

    run = run_soffice(soffice, profile, [job.staged for job in jobs], out, staging, timeout,
                      harvest)
    harvest()
    unfinished = [job for job in jobs if job.source not in results]
    retry: list[list[_Job]] = []
    if unfinished and len(jobs) > 1 and not run.clean:
        first, rest = unfinished[0], unfinished[1:]
        # The files after the first unfinished one were never started: one run for them.
        retry = [rest] if rest else []
        if not run.timed_out:
            retry.insert(0, [first])  # a crash may have been the run's, not this file's
            unfinished = []
        else:
            unfinished = [first]  # it hung on this file; trying again would hang as long
    for job in unfinished:
        failure = _failed(job, run, timeout)
        results[job.source] = failure
        finish(job, failure)
    for batch in retry:
        results.update(_convert(soffice, profile, batch, staging, timeout, finish))
    return results


def _failed(job: _Job, run: Run, timeout: float) -> ConversionFailure:
    if run.timed_out:
        seconds = Decimal(str(round(timeout, 1)))
        return ConversionFailure(job.source, MSG_TIMEOUT,
                                 {"file": str(job.source), "seconds": seconds}, HINT_TIMEOUT,
                                 detail=run.output)
    return ConversionFailure(job.source, MSG_NOT_CONVERTED, {"file": str(job.source)},
                             HINT_RESAVE, run.output)


def _publish(job: _Job, produced: Path) -> Path | ConversionFailure:
    try:
        os.replace(produced, job.target)
    except OSError as exc:
        # The PDF's name only: its folder is one of pulje's own (a staging or temporary one).
        params = {"file": str(job.source), "pdf": job.target.name}
        return ConversionFailure(job.source, MSG_NOT_SAVED, params, HINT_NOT_SAVED, str(exc))
    return job.target
