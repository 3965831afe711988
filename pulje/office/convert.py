"""Convert .docx files to PDF with LibreOffice: all of them in one run, with a timeout.

LibreOffice's start-up costs about a second; each further document in the same run costs
about 0.2 s. So every file goes into one ``soffice --convert-to pdf`` run. LibreOffice converts
the files in the order given, so when a run hangs, the first unfinished file is the one it hung
on: that file fails with the timeout (a second try would only wait as long again) and the
files after it, never started, get one run together. When a run crashes, the first unfinished
file is tried once alone (a crash costs little) and the rest together.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulje.diagnostics.codes import Code
from pulje.diagnostics.i18n import N_
from pulje.diagnostics.model import Diagnostic, Location
from pulje.office.errors import LibreOfficeMissing, OutdirNotWritable

INSTALL_COMMAND = (
    "apt-get install -y libreoffice-writer-nogui fonts-crosextra-carlito fonts-liberation2"
)
#: How many cached LibreOffice profiles parallel runs may use before falling back to a fresh one.
PROFILE_SLOTS = 4

_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
_POLL = 0.2  # seconds between looks at the output folder while LibreOffice runs
_OUTPUT_CAP = 16_000  # characters of LibreOffice's own output kept for a failure's detail

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


@dataclass(frozen=True)
class _Run:
    timed_out: bool
    returncode: int | None
    output: str

    @property
    def clean(self) -> bool:
        return not self.timed_out and self.returncode == 0


def convert_to_pdf(
    sources: Sequence[Path], outdir: Path, *, timeout: float = 120
) -> dict[Path, Path | ConversionFailure]:
    """Convert .docx files to PDFs in ``outdir`` in one LibreOffice run.

    Returns, for each source in the given order, its PDF or why it has none. A PDF is named after
    its source (``a.docx`` → ``a.pdf``); sources sharing a name get ``a-2.pdf``, ``a-3.pdf`` ….
    An existing PDF of that name in ``outdir`` is replaced, whole: PDFs are written beside it and
    renamed. ``timeout`` is how long LibreOffice may go without finishing a document (its start-up
    included) before it is stopped. Raises ``LibreOfficeMissing`` and ``OutdirNotWritable``.
    """
    unique = list(dict.fromkeys(sources))
    if not unique:
        return {}
    soffice = find_soffice()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        # Inside outdir so the final rename stays on one file system and so is atomic.
        # Absolute, because LibreOffice runs in another working directory.
        staging = Path(tempfile.mkdtemp(prefix=".pulje-lo-", dir=outdir.absolute()))
    except OSError as exc:
        raise OutdirNotWritable(
            N_("PDF files cannot be written to the folder {folder}."),
            N_("Check that the folder exists and that you may write in it."),
            folder=str(outdir),
        ) from exc
    try:
        results, jobs = _stage(unique, staging / "in", outdir)
        if jobs:
            with _profile() as profile:
                results.update(_convert(soffice, profile, jobs, staging, timeout))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {source: results[source] for source in unique}


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
    soffice: str, profile: Path, jobs: list[_Job], staging: Path, timeout: float
) -> dict[Path, Path | ConversionFailure]:
    out = staging / f"out-{time.monotonic_ns()}"
    run = _run_soffice(soffice, profile, [job.staged for job in jobs], out, staging, timeout)
    results: dict[Path, Path | ConversionFailure] = {}
    unfinished: list[_Job] = []
    for job in jobs:
        produced = out / f"{job.staged.stem}.pdf"
        if _complete_pdf(produced):
            results[job.source] = _publish(job, produced)
        else:
            unfinished.append(job)
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
        if run.timed_out:
            seconds = Decimal(str(round(timeout, 1)))
            results[job.source] = ConversionFailure(
                job.source,
                MSG_TIMEOUT,
                {"file": str(job.source), "seconds": seconds},
                HINT_TIMEOUT,
                detail=run.output,
            )
        else:
            results[job.source] = ConversionFailure(
                job.source, MSG_NOT_CONVERTED, {"file": str(job.source)}, HINT_RESAVE, run.output
            )
    for batch in retry:
        results.update(_convert(soffice, profile, batch, staging, timeout))
    return results


def _publish(job: _Job, produced: Path) -> Path | ConversionFailure:
    try:
        os.replace(produced, job.target)
    except OSError as exc:
        # The PDF's name only: its folder is one of pulje's own (a staging or temporary one).
        params = {"file": str(job.source), "pdf": job.target.name}
        return ConversionFailure(job.source, MSG_NOT_SAVED, params, HINT_NOT_SAVED, str(exc))
    return job.target


def _complete_pdf(path: Path) -> bool:
    """Whether ``path`` is a whole PDF: a killed LibreOffice can leave one half written."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 2048))
            tail = fh.read()
    except OSError:
        return False
    return head.startswith(b"%PDF-") and b"%%EOF" in tail


def _run_soffice(
    soffice: str, profile: Path, files: list[Path], out: Path, cwd: Path, timeout: float
) -> _Run:
    """One LibreOffice run over ``files``; stopped when it goes ``timeout`` s without a new PDF."""
    out.mkdir()
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(out),
        *(str(f) for f in files),
    ]
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            # Its own process group, so a hang is ended with every helper process it started.
            start_new_session=True,
        )
    except OSError as exc:
        raise LibreOfficeMissing(
            N_("LibreOffice ({path}) could not be started."),
            N_("Install it with: {command} (or set PULJE_SOFFICE to the path of soffice)."),
            path=soffice,
            command=INSTALL_COMMAND,
        ) from exc
    output = bytearray()
    timed_out = False
    try:
        timed_out = _watch(proc, out, timeout, output)
    finally:
        # Also on Ctrl-C: LibreOffice is in its own session, so the terminal's SIGINT misses it.
        _kill_group(proc)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    text = output.decode("utf-8", "replace")[-_OUTPUT_CAP:]
    return _Run(timed_out, None if timed_out else proc.returncode, text)


def _watch(proc: subprocess.Popen[bytes], out: Path, timeout: float, output: bytearray) -> bool:
    """Wait for ``proc`` to end; True if it made no progress for ``timeout`` seconds."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    done = 0
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        eof = False
        while True:
            now = time.monotonic()
            if now >= deadline:
                return True
            wait = min(_POLL, deadline - now)
            if eof:
                try:
                    proc.wait(timeout=wait)
                    return False
                except subprocess.TimeoutExpired:
                    pass
            elif selector.select(wait):
                # select wakes at once when LibreOffice exits (end of file), so no added latency.
                chunk = os.read(fd, 65536)
                if chunk:
                    output += chunk
                    del output[: max(0, len(output) - _OUTPUT_CAP)]
                else:
                    eof = True
            produced = _count_files(out)
            if produced > done:
                # Each finished document restarts the clock: the timeout is per document.
                done = produced
                deadline = time.monotonic() + timeout


def _count_files(folder: Path) -> int:
    try:
        with os.scandir(folder) as entries:
            return sum(1 for _ in entries)
    except OSError:
        return 0


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    # The group id is the leader's pid; Linux does not reuse a pid while its group has members,
    # so this reaches only LibreOffice's processes (or nothing, if all are gone).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _cache_dir() -> Path | None:
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "pulje"
    try:
        return Path.home() / ".cache" / "pulje"
    except RuntimeError:
        return None


@contextlib.contextmanager
def _profile() -> Iterator[Path]:
    """A LibreOffice user profile no other run uses while we hold it.

    A new profile adds about 0.2 s to LibreOffice's start-up (2 s on the machine's first run), so
    profiles are kept in the user's cache, one per slot, each guarded by a lock file. When every
    slot is taken, or the cache cannot be written, a throw-away profile is used instead.
    """
    base = _cache_dir()
    if base is not None:
        with contextlib.suppress(OSError):
            base.mkdir(parents=True, exist_ok=True)
        for slot in range(PROFILE_SLOTS):
            try:
                fd = os.open(base / f"lo-profile-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                break
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            try:
                yield base / f"lo-profile-{slot}"
            finally:
                os.close(fd)  # closing releases the lock
            return
    with tempfile.TemporaryDirectory(prefix="pulje-lo-profile-") as fresh:
        yield Path(fresh)
