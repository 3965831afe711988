"""LibreOffice kept warm: one long-lived ``soffice`` with a private profile, driven through UNO,
so that a conversion costs what laying out the document costs (0.3–0.9 s for the example)
rather than LibreOffice's start-up too (1.3–2.8 s).

``WarmOffice.convert_to_pdf`` has the signature and results of ``convert.convert_to_pdf``, so a
caller may use either. Behind it:

- ``soffice --headless --accept=pipe,…`` with a profile of its own, in its own process group;
- ``unobridge.py``, run by the Python that LibreOffice's UNO belongs to (``uno_python``), which
  connects to it and converts one document per request (load hidden and read-only as
  ``--convert-to`` does, export with the same filter, close) — a separate process, so that UNO
  never enters pulje's own interpreter;
- one conversion at a time (a lock): LibreOffice's documents do not share an instance well;
- a timeout per document: a hang ends both processes, the document fails, and the next
  conversion starts a fresh LibreOffice; so does a crash;
- a fresh LibreOffice after ``recycle_after`` conversions, so no state builds up for long.

Why measured determinism matters: engineering notes §8 saw one warm conversion of 12 give 12
pages for a 13-page document. ``tests/office/test_office_warm.py`` converts the example and
variants at and near a page boundary many times, in shuffled order, through this path, and
holds every count to the cold ``pulje pages`` count.

Where no Python with UNO is found (``uno_python()`` is None) or LibreOffice will not start,
``WarmUnavailable`` is raised: callers use the cold ``convert_to_pdf`` instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pulje.diagnostics.i18n import N_
from pulje.office.convert import (
    HINT_RESAVE,
    HINT_TIMEOUT,
    MSG_NOT_CONVERTED,
    MSG_TIMEOUT,
    ConversionFailure,
    _Job,
    _publish,
    _stage,
    find_soffice,
    staging_folder,
)
from pulje.office.errors import LibreOfficeMissing
from pulje.office.pdfcache import whole_pdf

BRIDGE = Path(__file__).with_name("unobridge.py")
#: Where LibreOffice's UNO Python may be, besides ``$PULJE_UNO_PYTHON``: Debian's python3
#: (python3-uno), and the Python LibreOffice bundles on Windows and macOS.
_UNO_CANDIDATES = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python",
                   "/Applications/LibreOffice.app/Contents/Resources/python")
_PROBE_SECONDS = 20.0


class WarmUnavailable(LibreOfficeMissing):
    """Raised when LibreOffice cannot be kept warm here (no UNO, or it would not start)."""


@lru_cache(maxsize=1)
def uno_python() -> str | None:
    """The program that runs ``unobridge.py``: ``$PULJE_UNO_PYTHON``, else the first
    candidate that can ``import uno``; None when there is none."""
    configured = os.environ.get("PULJE_UNO_PYTHON", "").strip()
    candidates = [configured] if configured else list(_UNO_CANDIDATES)
    try:
        program = Path(find_soffice()).resolve().parent
        candidates.append(str(program / ("python.exe" if os.name == "nt" else "python")))
    except LibreOfficeMissing:
        return None
    for candidate in dict.fromkeys(candidates):
        found = shutil.which(candidate)
        if found is None:
            continue
        try:
            probe = subprocess.run([found, "-I", "-c", "import uno"], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   timeout=_PROBE_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return found
    return None


def _kill(proc: subprocess.Popen[Any] | None) -> None:
    """End a process started in its own session, with everything it started."""
    if proc is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        proc.wait(10)
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


class _Processes:
    """The two processes of one warm LibreOffice and its private profile."""

    def __init__(self, office: subprocess.Popen[bytes], bridge: subprocess.Popen[bytes],
                 profile: Path) -> None:
        self.office = office
        self.bridge = bridge
        self.profile = profile
        self.conversions = 0
        self._pending = b""

    def alive(self) -> bool:
        return self.office.poll() is None and self.bridge.poll() is None

    def end(self) -> None:
        _kill(self.bridge)
        _kill(self.office)
        shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, request: dict[str, str]) -> None:
        assert self.bridge.stdin is not None
        self.bridge.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
        self.bridge.stdin.flush()

    def answer(self, timeout: float) -> dict[str, Any] | None:
        """The bridge's next line as JSON; None when it did not come within ``timeout``
        seconds, or the bridge ended."""
        assert self.bridge.stdout is not None
        fd = self.bridge.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._pending:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    return None
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        try:
            found = json.loads(line.decode("utf-8", "replace"))
        except ValueError:
            return None
        return found if isinstance(found, dict) else None


class WarmOffice:
    """One LibreOffice kept running for many conversions (see the module's doc).

    ``timeout``: how long one document may take; ``start_timeout``: how long LibreOffice may
    take to start; ``recycle_after``: conversions before a fresh LibreOffice is started.
    Thread-safe; ``close`` (or leaving a ``with`` block, or the program's end) stops it.
    """

    def __init__(self, *, timeout: float = 120, start_timeout: float = 90,
                 recycle_after: int = 500) -> None:
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.recycle_after = recycle_after
        self._lock = threading.Lock()
        self._procs: _Processes | None = None
        self._finalizer: weakref.finalize[[], WarmOffice] | None = None
        self._closed = False
        #: How many LibreOffice processes this converter has started (tests and logs).
        self.starts = 0

    def __enter__(self) -> WarmOffice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        procs = self._procs
        return procs is not None and procs.alive()

    def start(self) -> None:
        """Start LibreOffice now (else the first conversion does). Raises ``WarmUnavailable``."""
        with self._lock:
            self._ensure()

    def close(self) -> None:
        """Stop LibreOffice now, even while a conversion runs (it then fails); no conversion
        starts one again."""
        self._closed = True
        self._stop()

    # --- converting ------------------------------------------------------------------------

    def convert_to_pdf(self, sources: Sequence[Path], outdir: Path, *,
                       timeout: float | None = None) -> dict[Path, Path | ConversionFailure]:
        """As ``convert.convert_to_pdf``: each source's PDF in ``outdir``, or why it has none.
        Raises ``WarmUnavailable`` (the caller may fall back to the cold path) and
        ``OutdirNotWritable``."""
        unique = list(dict.fromkeys(sources))
        if not unique:
            return {}
        staging = staging_folder(outdir, ".pulje-warm-")
        try:
            results, jobs = _stage(unique, staging / "in", outdir)
            out = staging / "out"
            out.mkdir()
            with self._lock:
                for job in jobs:
                    results[job.source] = self._one(job, out, timeout or self.timeout)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return {source: results[source] for source in unique}

    def _one(self, job: _Job, out: Path, timeout: float) -> Path | ConversionFailure:
        procs = self._ensure()
        produced = out / f"{job.staged.stem}.pdf"
        try:
            procs.send({"src": str(job.staged.absolute()), "pdf": str(produced.absolute())})
            reply = procs.answer(timeout)
        except OSError:
            reply = None
        procs.conversions += 1
        if reply is None:
            timed_out = procs.alive()
            self._stop()  # hung or gone: the next document gets a fresh LibreOffice
            if timed_out:
                return ConversionFailure(
                    job.source, MSG_TIMEOUT,
                    {"file": str(job.source), "seconds": Decimal(str(round(timeout, 1)))},
                    HINT_TIMEOUT)
            return ConversionFailure(job.source, MSG_NOT_CONVERTED, {"file": str(job.source)},
                                     HINT_RESAVE, "LibreOffice ended during the conversion")
        if procs.conversions >= self.recycle_after or not procs.alive():
            self._stop()
        if not reply.get("ok") or not whole_pdf(produced):
            return ConversionFailure(job.source, MSG_NOT_CONVERTED, {"file": str(job.source)},
                                     HINT_RESAVE, str(reply.get("error") or ""))
        return _publish(job, produced)

    # --- the processes ---------------------------------------------------------------------

    def _ensure(self) -> _Processes:
        if self._procs is not None and self._procs.alive():
            return self._procs
        self._stop()
        if self._closed:
            raise WarmUnavailable(N_("LibreOffice was stopped."),
                                  N_("Start pulje again."))
        python = uno_python()
        if python is None:
            raise WarmUnavailable(
                N_("LibreOffice cannot be kept running here: no Python with LibreOffice's UNO "
                   "was found."),
                N_("Install python3-uno (Debian/Ubuntu), or set PULJE_UNO_PYTHON to the Python "
                   "of LibreOffice."))
        soffice = find_soffice()
        profile = Path(tempfile.mkdtemp(prefix="pulje-lo-warm-"))
        pipe = f"pulje-{os.getpid()}-{secrets.token_hex(8)}"
        office = bridge = None
        try:
            office = subprocess.Popen(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck",
                 f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                cwd=profile, start_new_session=True)
            bridge = subprocess.Popen(
                [python, "-I", str(BRIDGE), pipe], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=profile,
                start_new_session=True)
        except OSError as exc:
            _kill(bridge)
            _kill(office)
            shutil.rmtree(profile, ignore_errors=True)
            raise WarmUnavailable(
                N_("LibreOffice ({path}) could not be started."),
                N_("Check the installation of LibreOffice."), path=soffice) from exc
        procs = _Processes(office, bridge, profile)
        ready = procs.answer(self.start_timeout)
        if not ready or not ready.get("ready"):
            procs.end()
            raise WarmUnavailable(
                N_("LibreOffice did not start within {seconds} seconds to be kept running."),
                N_("Check the installation of LibreOffice."),
                seconds=Decimal(str(round(self.start_timeout, 1))))
        self._procs = procs
        self.starts += 1
        # If the program ends without close(), LibreOffice must not live on.
        self._finalizer = weakref.finalize(self, procs.end)
        return procs

    def _stop(self) -> None:
        procs, self._procs = self._procs, None
        finalizer, self._finalizer = self._finalizer, None
        if finalizer is not None:
            finalizer.detach()
        if procs is not None:
            procs.end()
