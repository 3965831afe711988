"""One LibreOffice run: ``soffice --convert-to pdf`` over some files, with a private profile,
stopped with its whole process group when it goes too long without finishing a document.

Each run has a user profile no other run uses at the same time (two runs on one profile collide:
the second hands its work to the first). Profiles are kept in the user's cache folder, one per
slot, so that the parallel runs of ``convert_to_pdf`` (one per core) each start warm.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import selectors
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pulje.diagnostics.i18n import N_
from pulje.office.errors import LibreOfficeMissing

INSTALL_COMMAND = (
    "apt-get install -y libreoffice-writer-nogui fonts-crosextra-carlito fonts-liberation2"
)
#: How many cached LibreOffice profiles parallel runs may use before falling back to a fresh one.
PROFILE_SLOTS = 4

_POLL = 0.2  # seconds between looks at the output folder while LibreOffice runs
_OUTPUT_CAP = 16_000  # characters of LibreOffice's own output kept for a failure's detail


@dataclass(frozen=True)
class Run:
    """How a run ended: stopped for want of progress, or its exit code and output."""

    timed_out: bool
    returncode: int | None
    output: str

    @property
    def clean(self) -> bool:
        return not self.timed_out and self.returncode == 0



def run_soffice(
    soffice: str, profile: Path, files: list[Path], out: Path, cwd: Path, timeout: float,
    progress: Callable[[], None] | None = None,
) -> Run:
    """One LibreOffice run over ``files``; stopped when it goes ``timeout`` s without a new PDF.

    ``progress()`` is called whenever a new file appears in ``out`` (LibreOffice writes each PDF
    under a temporary name and renames it when it is whole)."""
    out.mkdir(exist_ok=True)
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
        timed_out = _watch(proc, out, timeout, output, progress)
    finally:
        # Also on Ctrl-C: LibreOffice is in its own session, so the terminal's SIGINT misses it.
        _kill_group(proc)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    text = output.decode("utf-8", "replace")[-_OUTPUT_CAP:]
    return Run(timed_out, None if timed_out else proc.returncode, text)


def _watch(proc: subprocess.Popen[bytes], out: Path, timeout: float, output: bytearray,
           progress: Callable[[], None] | None = None) -> bool:
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
                if progress is not None:
                    progress()
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
def profile() -> Iterator[Path]:
    """A LibreOffice user profile no other run uses while we hold it.

    A new profile adds about 0.2 s to LibreOffice's start-up (2 s on the machine's first run), so
    profiles are kept in the user's cache, one per slot, each guarded by a lock file. When every
    slot is taken, or the cache cannot be written, a throw-away profile is used instead.
    """
    with profiles(1) as held:
        yield held[0]


@contextlib.contextmanager
def profiles(wanted: int) -> Iterator[list[Path]]:
    """Up to ``wanted`` cached profiles no other run uses while we hold them (at least one: a
    throw-away profile when no slot is free). Runs side by side take only free slots, so none
    of them pays for a new profile."""
    with contextlib.ExitStack() as stack:
        held: list[Path] = []
        base = _cache_dir()
        if base is not None:
            with contextlib.suppress(OSError):
                base.mkdir(parents=True, exist_ok=True)
            for slot in range(PROFILE_SLOTS):
                if len(held) >= wanted:
                    break
                try:
                    fd = os.open(base / f"lo-profile-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o600)
                except OSError:
                    break
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    os.close(fd)
                    continue
                stack.callback(os.close, fd)  # closing releases the lock
                held.append(base / f"lo-profile-{slot}")
        if not held:
            held.append(Path(stack.enter_context(
                tempfile.TemporaryDirectory(prefix="pulje-lo-profile-"))))
        yield held
