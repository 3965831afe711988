"""The page gauge in the background: after each saved change the draft's pages are counted
(``report.gauge.measure``) by one worker with a LibreOffice kept warm (``office.WarmOffice``),
one draft at a time; the newest version asked for wins (versions saved while one is being
counted are skipped for the newest). Where LibreOffice cannot be kept warm, each count uses the
cold converter — the same counts, slower.

The result of each draft is kept in memory and in ``gauge.json`` in its folder, for the list
of drafts and after a restart.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pulje.answers.loader import load_text
from pulje.diagnostics import Diagnostic, Translator, has_errors
from pulje.diagnostics.errors import PuljeError
from pulje.diagnostics.i18n import LANGUAGES
from pulje.diagnostics.report import SEVERITY_WORDS, error_text, message_text
from pulje.files import write_text
from pulje.office import ConversionFailure, WarmOffice, WarmUnavailable, convert_to_pdf
from pulje.office.pdftext import fast_page_texts
from pulje.report.gauge import PageGauge, measure
from pulje.web.editor.store import DraftStore

log = logging.getLogger("pulje.web")
READY, BLOCKED, FAILED = "klar", "kan-ikke-taelles", "fejlet"
RESULT = "gauge.json"
_PREWARM = ""  # a job that only starts LibreOffice


@dataclass
class Measured:
    """One draft's latest count: of which version, the pages and limit, each section's pages
    (and whether it passes the limit), the PAG findings (in each language), how long it took
    and with which converter."""

    version: int
    state: str
    pages: int | None = None
    limit: int | None = None
    at_least: int | None = None
    sections: list[dict[str, Any]] = field(default_factory=list)
    findings: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    seconds: float = 0.0
    warm: bool = False
    measured_at: float = 0.0

    @classmethod
    def of(cls, version: int, gauge: PageGauge, seconds: float, warm: bool) -> Measured:
        limit = gauge.limit
        sections = [{"key": s.key, "title": s.title, "from": s.start_page, "to": s.end_page,
                     "pages": s.pages, "beyond": limit is not None and s.end_page > limit}
                    for s in gauge.sections]
        return cls(version, READY if gauge.pages is not None else FAILED, gauge.pages, limit,
                   gauge.at_least, sections, _texts(gauge.diagnostics), round(seconds, 3),
                   warm, time.time())


def _texts(diagnostics: list[Diagnostic]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for lang in LANGUAGES:
        tr = Translator(lang)
        out[lang] = []
        for d in diagnostics:
            message, hint = message_text(d, tr)
            out[lang].append({"code": d.code, "severity": d.severity.value,
                              "severity_text": tr.gettext(SEVERITY_WORDS[d.severity]),
                              "message": message, "hint": hint})
    return out


Convert = Callable[..., dict[Path, Path | ConversionFailure]]


class GaugeJobs:
    """The worker that counts drafts' pages, newest version first."""

    def __init__(self, store: DraftStore, *, warm: bool = True) -> None:
        self.store = store
        self._want: dict[str, int] = {}
        self._results: dict[str, Measured] = {}
        self._busy: dict[str, int] = {}
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._warm_wanted = warm
        self._office: WarmOffice | None = None

    # --- the web's side --------------------------------------------------------------------

    def request(self, draft_id: str, version: int) -> None:
        """Count this version of the draft (a newer one asked for later replaces it)."""
        with self._cond:
            if self._want.get(draft_id, 0) < version:
                self._want[draft_id] = version
                self._cond.notify_all()

    def result(self, draft_id: str) -> Measured | None:
        with self._cond:
            found = self._results.get(draft_id)
        if found is None:
            found = self._load(draft_id)
            if found is not None:
                with self._cond:
                    self._results.setdefault(draft_id, found)
        return found

    def pending(self, draft_id: str) -> int | None:
        """The version being counted or waiting to be, if any."""
        with self._cond:
            wanted = self._want.get(draft_id)
            busy = self._busy.get(draft_id)
        return busy if busy is not None else wanted

    # --- the worker ------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="pulje-sidetal", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._office is not None:
            self._office.close()  # a count under way ends now (the server is stopping)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._office = None

    def _next(self) -> tuple[str, int] | None:
        with self._cond:
            while not self._stopping and not self._want:
                self._cond.wait()
            if self._stopping:
                return None
            draft_id = next(iter(self._want))  # the draft asked for longest ago
            version = self._want.pop(draft_id)
            self._busy[draft_id] = version
            return draft_id, version

    def prewarm(self) -> None:
        """Have LibreOffice started now (someone opened a form), so the first count after a
        change is as quick as the rest."""
        with self._cond:
            if self._warm_wanted and self._office is None:
                self._want.setdefault(_PREWARM, 0)
                self._cond.notify_all()

    def _warm(self) -> None:
        if not self._warm_wanted or self._office is not None:
            return
        office = WarmOffice()
        try:
            office.start()
        except PuljeError as exc:
            log.warning("the page gauge counts without a warm LibreOffice: %s", exc)
            self._warm_wanted = False
            return
        self._office = office

    def _run(self) -> None:
        while (job := self._next()) is not None:
            draft_id, version = job
            self._warm()
            if draft_id == _PREWARM:
                with self._cond:
                    self._busy.pop(draft_id, None)
                continue
            try:
                measured = self.count(draft_id, version)
            except Exception:  # noqa: BLE001 - one draft's failure must not stop the gauge
                log.exception("the page gauge failed on draft %s version %s", draft_id, version)
                measured = Measured(version, FAILED)
            with self._cond:
                self._busy.pop(draft_id, None)
                if measured is not None:
                    self._results[draft_id] = measured
            if measured is not None:
                self._keep(draft_id, measured)

    def count(self, draft_id: str, version: int) -> Measured | None:
        """Count one version now (in this thread); None when the draft or version is gone."""
        draft = self.store.get(draft_id)
        text = self.store.text(draft, version) if draft is not None else None
        if draft is None or text is None:
            return None
        loaded = load_text(text, "ansoegning.yaml")
        if loaded.model is None or has_errors(loaded.diagnostics):
            # a value the form cannot hold: the document cannot be made until it is corrected
            return Measured(version, BLOCKED)
        started = time.monotonic()
        work = Path(tempfile.mkdtemp(prefix="pulje-sidetal-"))
        try:
            convert, warm = self._converter()
            try:
                gauge = measure(loaded, work, convert=convert, texts_of=fast_page_texts)
            except WarmUnavailable as exc:
                log.warning("the warm LibreOffice failed; counting cold: %s", exc)
                self._office = None
                gauge = measure(loaded, work, convert=convert_to_pdf,
                                texts_of=fast_page_texts)
                warm = False
        except PuljeError as exc:
            failed = Measured(version, FAILED)
            failed.findings = {lang: [{"code": "", "severity": "fejl", "severity_text": "",
                                       "message": error_text(exc, Translator(lang)),
                                       "hint": ""}] for lang in LANGUAGES}
            return failed
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return Measured.of(version, gauge, time.monotonic() - started, warm)

    def _converter(self) -> tuple[Convert, bool]:
        if self._office is not None:
            return self._office.convert_to_pdf, True
        return convert_to_pdf, False

    # --- kept in the draft's folder ---------------------------------------------------------

    def _keep(self, draft_id: str, measured: Measured) -> None:
        with contextlib.suppress(PuljeError, KeyError, OSError):  # the draft was removed
            write_text(self.store.folder(draft_id) / RESULT,
                       json.dumps(asdict(measured), ensure_ascii=False), overwrite=True)

    def _load(self, draft_id: str) -> Measured | None:
        try:
            data = json.loads((self.store.folder(draft_id) / RESULT).read_text(encoding="utf-8"))
            return Measured(**data)
        except (KeyError, OSError, ValueError, TypeError):
            return None
